package io.taskq.beat;

import io.taskq.ConfigException;
import io.taskq.TaskqException;
import io.taskq.beat.internal.Firing;
import io.taskq.beat.internal.LeaderLease;
import io.taskq.beat.internal.Occurrences;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.BeatFireResult;
import io.taskq.spi.BeatFiring;
import io.taskq.spi.BeatState;
import io.taskq.spi.Broker;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.ShardPicker;
import io.taskq.spi.NewTask;
import io.taskq.internal.TaskEnvelope;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the entries of a {@link Schedule}. Several replicas may run; the one holding the leader
 * lease fires, and the broker's per-queue guard makes each occurrence fire at most once even
 * when two replicas believe they lead. Occurrences are computed from the calendar (see
 * {@link Occurrences}), so every replica names an occurrence the same:
 * {@code beat:<entry>:<occurrence millis>}.
 *
 * <pre>{@code
 * try (Beat beat = Beat.builder().broker(broker).schedule(ScheduleLoader.load(path)).build()) {
 *   beat.start();
 *   beat.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Time is the broker's ({@link Broker#now()}): one clock for every replica. Thread-safe;
 * {@link #close()} is idempotent and releases the lease.
 */
public final class Beat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Beat.class);
  /** Default leader lease. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
  private static final long MAX_SLEEP_MS = 1000;

  private final Broker broker;
  private final Schedule schedule;
  private final EnvelopeCodec codec;
  private final ShardPicker shards;
  private final String holder;
  private final LeaderLease lease;
  private final Map<String, Occurrences> occurrences = new LinkedHashMap<>();
  private final Map<String, Instant> last = new HashMap<>();
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;

  private Beat(Builder b) {
    this.broker = Objects.requireNonNull(b.broker, "broker");
    this.schedule = Objects.requireNonNull(b.schedule, "schedule");
    this.codec = new EnvelopeCodec(b.config.maxPayload());
    this.shards = new ShardPicker(b.config);
    this.holder = b.holder != null ? b.holder : defaultHolder();
    this.lease = new LeaderLease(broker.beat(), holder, b.lease);
    for (ScheduleEntry e : schedule.entries()) {
      occurrences.put(e.name(), new Occurrences(e));
    }
    this.thread = Thread.ofPlatform().name("taskq-beat").unstarted(this::loop);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static String defaultHolder() {
    String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    return host + ":" + ProcessHandle.current().pid() + ":"
        + ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  /** Starts firing on a background thread; returns at once. */
  public synchronized Beat start() {
    if (thread.getState() != Thread.State.NEW) {
      throw new IllegalStateException("beat " + holder + " was already started");
    }
    log.info("Beat {} started with {} entries: {}", holder, schedule.entries().size(),
        schedule.entries().stream().map(ScheduleEntry::name).toList());
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (!closed) {
        long sleepMs = MAX_SLEEP_MS;
        try {
          sleepMs = runOnce();
        } catch (TaskqException e) {
          log.warn("Beat {}: {}; trying again", holder, e.getMessage());
        } catch (RuntimeException e) {
          log.error("Beat {}: a pass failed; trying again", holder, e);
        }
        if (!closed) {
          Thread.sleep(Math.max(1, sleepMs));
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts the sleep
    } finally {
      lease.resign();
      stopped.countDown();
    }
  }

  /**
   * One pass: renews or tries the leader lease when it is time to, and when leading fires every
   * due occurrence. Called by the background thread; tests call it directly.
   *
   * @return milliseconds until the next pass is needed (at most one second)
   */
  public synchronized long runOnce() {
    if (lease.refresh()) {
      reload();
    }
    long untilLease = Math.max(0, (lease.nextCallNanos() - System.nanoTime()) / 1_000_000);
    if (!lease.isLeader()) {
      return Math.min(MAX_SLEEP_MS, untilLease);
    }
    Instant now = broker.now();
    long sleep = Math.min(MAX_SLEEP_MS, untilLease);
    for (ScheduleEntry e : schedule.entries()) {
      Instant next = fireDue(e, now);
      if (next != null) {
        sleep = Math.min(sleep, Math.max(0, next.toEpochMilli() - now.toEpochMilli()));
      }
    }
    return sleep;
  }

  /** A new leader starts each entry where the broker's state says the last leader stopped. */
  private void reload() {
    Map<String, BeatState> states = broker.beat().states();
    Instant now = broker.now();
    for (ScheduleEntry e : schedule.entries()) {
      BeatState s = states.get(e.name());
      if (s != null && s.lastOccurrence() != null) {
        last.put(e.name(), s.lastOccurrence());
      } else {
        last.put(e.name(), now); // a new entry starts with its next occurrence
        broker.beat().saveState(e.name(), new BeatState(null, null, null,
            occurrencesOf(e).nextAfter(now), describe(e)));
      }
    }
  }

  /** The constructor made them for every entry of the schedule. */
  private Occurrences occurrencesOf(ScheduleEntry e) {
    return Objects.requireNonNull(occurrences.get(e.name()), e.name());
  }

  private @Nullable Instant fireDue(ScheduleEntry e, Instant now) {
    Occurrences occ = occurrencesOf(e);
    Instant from = Objects.requireNonNull(last.get(e.name()), "reload() starts every entry");
    List<Instant> due = occ.between(from, now);
    if (due.isEmpty()) {
      return occ.nextAfter(from);
    }
    String lastTaskId = null;
    for (Instant o : Firing.select(e, due, now)) {
      if (!lease.isLeader()) {
        break;
      }
      if (fire(e, o, now)) {
        lastTaskId = BeatFiring.taskId(e.name(), o);
      }
    }
    Instant newest = due.get(due.size() - 1);
    int missed = due.size() - 1;
    if (missed > 0) {
      log.info("Beat entry {}: {} occurrence(s) up to {} were missed; misfire policy {}",
          e.name(), missed, due.get(due.size() - 2), e.misfire().name().toLowerCase(Locale.ROOT));
    }
    last.put(e.name(), newest);
    Instant next = occ.nextAfter(newest);
    BeatState previous = lastTaskId == null ? broker.beat().states().get(e.name()) : null;
    broker.beat().saveState(e.name(), new BeatState(newest,
        lastTaskId != null ? lastTaskId : previous == null ? null : previous.lastTaskId(), now,
        next, describe(e)));
    return next;
  }

  private static String describe(ScheduleEntry e) {
    return e.timing() + " " + e.zone().getId();
  }

  /** Fires one occurrence; true when its task was enqueued. */
  private boolean fire(ScheduleEntry e, Instant occurrence, Instant now) {
    String id = BeatFiring.taskId(e.name(), occurrence);
    // every occurrence of an entry goes to one shard: its overlap guard and its firing ids live
    // there, so replicas of the beat and overlapping occurrences meet
    String queue = shards.pick(e.queue(), e.name());
    TaskEnvelope env = TaskEnvelope.submitted(id, e.task(), queue,
        codec.normalizeArgs(e.args(), e.queue(), e.task()), Map.of("beat.entry", e.name()), null,
        now);
    NewTask task = new NewTask(queue, id, codec.encode(env), null, null);
    BeatFireResult r = broker.beat().fire(new BeatFiring(e.name(), occurrence, task,
        e.overlap() == OverlapPolicy.SKIP));
    switch (r) {
      case FIRED -> log.info("Fired {} occurrence {} as task {} on queue {}", e.name(),
          occurrence, id, queue);
      case SKIPPED_OVERLAP -> log.warn("Skipped {} occurrence {}: its previous task is still"
          + " waiting or running (overlap: skip)", e.name(), occurrence);
      default -> log.debug("{} occurrence {} was already fired", e.name(), occurrence);
    }
    return r == BeatFireResult.FIRED;
  }

  /** True while this replica holds the leader lease. */
  public boolean isLeader() {
    return lease.isLeader();
  }

  /** This replica's lease holder id, {@code host:pid:epoch}. */
  public String holder() {
    return holder;
  }

  public Schedule schedule() {
    return schedule;
  }

  /** Waits until {@link #close()} finished. */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /** Stops firing and releases the leader lease. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (thread.getState() == Thread.State.NEW) {
      synchronized (this) {
        lease.resign();
      }
      stopped.countDown();
      return;
    }
    thread.interrupt();
    try {
      stopped.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link Beat}. */
  public static final class Builder {
    private @Nullable Broker broker;
    private @Nullable Schedule schedule;
    private TaskqConfig config = TaskqConfig.DEFAULT;
    private Duration lease = DEFAULT_LEASE;
    private @Nullable String holder;
    private Set<String> knownTasks = Set.of();

    private Builder() {}

    /** The broker; the caller keeps it and closes it. Required. */
    public Builder broker(Broker broker) {
      this.broker = broker;
      return this;
    }

    /** The entries to fire. Required. */
    public Builder schedule(Schedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Settings ({@code maxPayload}). */
    public Builder config(TaskqConfig config) {
      this.config = config;
      return this;
    }

    /** The leader lease (default 10 s): the longest a dead leader delays firing. */
    public Builder leaderLease(Duration lease) {
      if (lease.toMillis() < 300) {
        throw new IllegalArgumentException("leader lease must be >= 300ms, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /** The lease holder id (default {@code host:pid:epoch}). */
    public Builder holder(String holder) {
      this.holder = holder;
      return this;
    }

    /** Task names the workers know; when not empty, an entry naming another task is an error. */
    public Builder knownTasks(Set<String> names) {
      this.knownTasks = Set.copyOf(names);
      return this;
    }

    /**
     * Builds the beat.
     *
     * @throws ConfigException when an entry names a task outside {@link #knownTasks}
     */
    public Beat build() {
      Objects.requireNonNull(schedule, "schedule");
      if (!knownTasks.isEmpty()) {
        for (ScheduleEntry e : schedule.entries()) {
          if (!knownTasks.contains(e.task())) {
            throw new ConfigException("schedule entry " + e.name() + ": task '" + e.task()
                + "' is not registered by any task module on the class path");
          }
        }
      }
      return new Beat(this);
    }
  }
}
