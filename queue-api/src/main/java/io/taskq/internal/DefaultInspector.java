package io.taskq.internal;

import io.taskq.DeadFilter;
import io.taskq.Health;
import io.taskq.Inspector;
import io.taskq.PayloadException;
import io.taskq.QueueShards;
import io.taskq.QueueStats;
import io.taskq.ScheduleStatus;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import io.taskq.WorkerStatus;
import io.taskq.WorkflowInfo;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.PageRequest;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskPage;
import io.taskq.spi.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link Inspector} over the broker SPI, one physical queue at a time; the API's inspector,
 * {@link ShardedInspector}, treats the shards of a queue as one over it.
 */
public final class DefaultInspector implements Inspector {
  /** A worker whose heartbeat is older than this is shown as not alive. */
  static final Duration WORKER_STALE = Duration.ofSeconds(15);
  /** DLQ entries read per page while filtering: a few hundred kB of envelopes per call. */
  private static final int DEAD_PAGE = 500;

  private final Broker broker;
  private final TaskqConfig config;
  private final EnvelopeCodec codec;
  /** The inspector whose queues and stats the health check reads: this one, or a view over it. */
  private final Inspector view;

  public DefaultInspector(Broker broker, TaskqConfig config) {
    this(broker, config, null);
  }

  /** @param view the inspector {@link #health()} reads queues and stats from; null = this */
  DefaultInspector(Broker broker, TaskqConfig config, @org.jspecify.annotations.Nullable
      Inspector view) {
    this.broker = broker;
    this.config = config;
    this.codec = new EnvelopeCodec(config.maxPayload());
    this.view = view != null ? view : this;
  }

  @Override
  public Health health() {
    return healthCheck().run(null);
  }

  @Override
  public Health health(Collection<String> queues) {
    return healthCheck().run(List.copyOf(queues));
  }

  private HealthCheck healthCheck() {
    return new HealthCheck(broker, view, config.redis().redactedUrl(), config.queues().keySet());
  }

  @Override
  public Set<String> queues() {
    Set<String> all = new TreeSet<>(broker.queues());
    all.addAll(config.queues().keySet());
    return all;
  }

  @Override
  public QueueStats stats(String queue) {
    QueueShards.requireValid(queue);
    QueueCounts c = broker.counts(queue);
    Map<String, Long> counters = broker.admin().counters(queue);
    Duration lag = Duration.ZERO;
    // with priorities the next task to run may be young while an older one of a lower
    // priority waits: the oldest is the head of one of the priorities
    Instant now = broker.now();
    for (String id : broker.admin().pendingHeads(queue)) {
      Instant created = broker.find(queue, id).map(s -> TaskInfos.of(s, codec))
          .map(TaskInfo::createdAt).orElse(null);
      if (created != null && Duration.between(created, now).compareTo(lag) > 0) {
        lag = Duration.between(created, now);
      }
    }
    return new QueueStats(queue, c.pending(), c.active(), c.scheduled(), c.retry(), c.dead(),
        counters.getOrDefault("processed", 0L), counters.getOrDefault("failed", 0L),
        counters.getOrDefault("recovered", 0L), lag, broker.isPaused(queue));
  }

  @Override
  public List<TaskInfo> tasks(String queue, TaskState state, int limit) {
    QueueShards.requireValid(queue);
    List<TaskInfo> out = new ArrayList<>();
    if (limit < 1) {
      return out;
    }
    // one page read per MAX_BATCH tasks, not one lookup per task
    PageRequest page = PageRequest.first(Math.min(limit, Broker.MAX_BATCH));
    while (out.size() < limit) {
      TaskPage p = broker.admin().page(queue, state, page);
      for (StoredTask s : p.tasks()) {
        if (out.size() < limit) {
          out.add(TaskInfos.of(s, codec));
        }
      }
      if (p.next() == null) {
        break;
      }
      page = page.after(p.next());
    }
    return out;
  }

  @Override
  public Optional<TaskInfo> task(String id) {
    io.taskq.TaskqException unreadable = null;
    for (String q : queues()) {
      Optional<StoredTask> s;
      try {
        s = broker.find(q, id);
      } catch (io.taskq.BrokerUnavailableException e) {
        throw e;
      } catch (io.taskq.TaskqException e) { // a broken queue (a key of the wrong type): look on
        unreadable = unreadable == null ? e : unreadable;
        continue;
      }
      if (s.isPresent()) {
        return Optional.of(TaskInfos.of(s.get(), codec));
      }
    }
    if (unreadable != null) {
      throw unreadable; // not found elsewhere: it may be in the queue that could not be read
    }
    return Optional.empty();
  }

  @Override
  public Optional<WorkflowInfo> workflow(String id) {
    return WorkflowInfos.of(id, broker.workflows().read(id));
  }

  @Override
  public List<WorkerStatus> workers() {
    Instant now = broker.now();
    List<WorkerStatus> out = new ArrayList<>();
    for (WorkerInfo w : broker.workers()) {
      boolean alive = Duration.between(w.lastHeartbeat(), now).compareTo(WORKER_STALE) <= 0;
      out.add(new WorkerStatus(w.id(), w.host(), w.pid(), w.queues(), w.concurrency(), w.active(),
          w.startedAt(), w.lastHeartbeat(), alive));
    }
    return out;
  }

  @Override
  public long purge(String queue, TaskState state) {
    QueueShards.requireValid(queue);
    return broker.admin().purge(queue, state);
  }

  @Override
  public List<TaskInfo> dead(String queue, DeadFilter filter, int offset, int limit) {
    QueueShards.requireValid(queue);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    List<TaskInfo> out = new ArrayList<>();
    int skipped = 0;
    if (!filter.ids().isEmpty()) {
      for (String id : filter.ids()) {
        var found = broker.find(queue, id).filter(s -> s.state() == TaskState.DEAD)
            .map(s -> TaskInfos.of(s, codec)).filter(filter::matches);
        if (found.isPresent() && out.size() < limit && skipped++ >= offset) {
          out.add(found.get());
        }
      }
      return out;
    }
    // pages of the DLQ, filtered by the broker without decoding (task name, error class, death
    // time), checked again here on the decoded tasks; without a filter the offset is skipped by
    // the broker too, and a page reads no more entries than are still wanted
    boolean exact = filter.task() == null && filter.errorClass() == null;
    PageRequest page = new PageRequest(null, DEAD_PAGE, exact ? offset : 0, filter.task(),
        filter.errorClass(), filter.since());
    if (exact) {
      skipped = offset;
    }
    while (out.size() < limit) {
      // a filtered page returns only what may match: read many entries per call
      long wanted = exact ? (long) offset - skipped + limit - out.size() : Broker.MAX_BATCH;
      TaskPage p = broker.admin().page(queue, TaskState.DEAD,
          page.withLimit((int) Math.min(exact ? DEAD_PAGE : Broker.MAX_BATCH,
              Math.max(1, wanted))));
      for (StoredTask s : p.tasks()) {
        TaskInfo t = TaskInfos.of(s, codec);
        if (out.size() < limit && filter.matches(t) && skipped++ >= offset) {
          out.add(t);
        }
      }
      if (p.next() == null) {
        break;
      }
      page = page.after(p.next());
    }
    return out;
  }

  @Override
  public boolean replay(String queue, String id) {
    Optional<StoredTask> s = broker.find(queue, id);
    if (s.isEmpty() || s.get().state() != TaskState.DEAD || s.get().envelope() == null) {
      return false;
    }
    TaskEnvelope env;
    try {
      env = codec.decode(s.get().envelope());
    } catch (PayloadException e) {
      return false; // cannot be run by any worker; delete it instead
    }
    return broker.admin().replay(queue, id, codec.encode(env.replayed(broker.now())));
  }

  @Override
  public long deleteDead(String queue, List<String> ids) {
    return broker.admin().deleteDead(queue, ids);
  }

  @Override
  public boolean forget(String queue) {
    return broker.admin().forget(QueueShards.requireValid(queue));
  }

  @Override
  public void pause(String queue) {
    broker.setPaused(QueueShards.requireValid(queue), true);
  }

  @Override
  public void resume(String queue) {
    broker.setPaused(QueueShards.requireValid(queue), false);
  }

  @Override
  public List<ScheduleStatus> schedules() {
    List<ScheduleStatus> out = new ArrayList<>();
    broker.beat().states().forEach((entry, s) -> out.add(new ScheduleStatus(entry,
        s.lastOccurrence(), s.lastTaskId(), s.firedAt(), s.nextOccurrence(), s.schedule())));
    out.sort(java.util.Comparator.comparing(ScheduleStatus::entry));
    return out;
  }

  @Override
  public Optional<String> beatLeader() {
    return broker.beat().leader();
  }

  @Override
  public io.taskq.FsckReport fsck(String queue, Duration staleAfter, boolean repair) {
    QueueShards.requireValid(queue);
    Instant cutoff = broker.now().minus(staleAfter);
    io.taskq.spi.FsckScan scan = broker.admin().scan(queue, cutoff);
    Set<String> live = new java.util.HashSet<>();
    workers().stream().filter(WorkerStatus::alive).forEach(w -> live.add(w.id()));
    List<String> stale = new ArrayList<>();
    for (String id : scan.expiredActive()) {
      broker.find(queue, id).filter(s -> s.lease() == null || !live.contains(s.lease().workerId()))
          .ifPresent(s -> stale.add(id));
    }
    long repaired = 0;
    if (repair) {
      var admin = broker.admin();
      repaired += admin.repair(queue, io.taskq.spi.FsckProblem.DANGLING_ID, scan.danglingIds(),
          cutoff);
      repaired += admin.repair(queue, io.taskq.spi.FsckProblem.ORPHAN_PAYLOAD, scan.orphanIds(),
          cutoff);
      repaired += admin.repair(queue, io.taskq.spi.FsckProblem.EXPIRED_ACTIVE, stale, cutoff);
      repaired += admin.repair(queue, io.taskq.spi.FsckProblem.DUPLICATE_ID, scan.duplicateIds(),
          cutoff);
      repaired += admin.repair(queue, io.taskq.spi.FsckProblem.BAD_SCORE, scan.badScores(),
          cutoff);
    }
    return new io.taskq.FsckReport(queue, scan.danglingIds(), scan.orphanIds(), stale,
        scan.duplicateIds(), scan.badScores(), repaired);
  }
}
