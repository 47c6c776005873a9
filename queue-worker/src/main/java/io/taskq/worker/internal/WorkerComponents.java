package io.taskq.worker.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskq.QueueConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.EventPublisher;
import io.taskq.spi.WorkerInfo;
import io.taskq.worker.OutcomeListener;
import io.taskq.worker.TimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one {@link io.taskq.worker.Worker}, built once from its {@link Settings} around
 * one {@link WorkerRuntime}: a {@link Fetcher} per queue, the {@link TaskRunner}, the
 * {@link Heartbeater}, the {@link LeaseReaper}, the {@link Forwarder}, the {@link AckBatcher} and
 * the optional alerts, metrics and heartbeat file; starts them, tells when they are idle and runs
 * the two-phase shutdown.
 */
public final class WorkerComponents {
  private static final Logger log = LoggerFactory.getLogger(WorkerComponents.class);
  /** How long tasks interrupted at the end of the grace period get to be returned to pending. */
  static final Duration ROUTING_WAIT = Duration.ofSeconds(2);
  /** How long acks still queued at the end of the grace period get to be sent. */
  static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

  private final WorkerRuntime rt;
  private final List<QueueConfig> queues;
  private final Instant startedAt;
  private final @Nullable WebhookAlerts alerts;
  private final @Nullable HeartbeatFile heartbeatFile;
  private volatile boolean givingUp;
  private final TaskRunner runner;
  private final Forwarder forwarder;
  private final LeaseReaper reaper;
  private final FollowUps followUps;
  private final Heartbeater heartbeater;
  private final List<Fetcher> fetchers = new ArrayList<>();
  private final RevokeSubscription revokes;

  /**
   * What a worker is built from (see {@link io.taskq.worker.Worker.Builder}).
   *
   * @param meters where the worker's metrics go, if anywhere
   * @param heartbeatFile the file touched while the worker is alive, if any
   * @param taskEvents sends the worker's task events (counting the dropped ones)
   */
  public record Settings(String workerId, Broker broker, TaskqConfig config,
      List<QueueConfig> queues, Handlers handlers, TimeSource time, OutcomeListener listener,
      @Nullable MeterRegistry meters, @Nullable Path heartbeatFile, EventPublisher taskEvents) {}

  /** @param shuttingDown true from the start of the worker's shutdown */
  public WorkerComponents(Settings s, BooleanSupplier shuttingDown) {
    this.queues = List.copyOf(s.queues());
    TimeSource time = s.time();
    this.startedAt = time.instant();
    Broker broker = s.broker();
    BrokerHealth health = new BrokerHealth();
    Map<String, Integer> capacity = new LinkedHashMap<>();
    Map<String, Integer> holding = new LinkedHashMap<>();
    queues.forEach(q -> {
      capacity.put(q.name(), q.concurrency());
      holding.put(q.name(), q.concurrency() + q.prefetchCount());
    });
    ActiveTasks active = new ActiveTasks(capacity, holding, time);
    EnvelopeCodec codec = new EnvelopeCodec(s.config().maxPayload());
    List<String> names = queues.stream().map(QueueConfig::name).toList();
    List<WorkerEvents> events = new ArrayList<>();
    events.add(WorkerEvents.of(s.listener()));
    if (s.meters() != null) {
      events.add(new MeteredEvents(s.meters(), broker, codec, names, active, time));
      EventMeters.register(s.meters(), s.taskEvents());
    }
    this.alerts = s.config().alerts().enabled()
        ? new WebhookAlerts(s.config().alerts(), broker, names, codec, health, time)
        : null;
    this.heartbeatFile = s.heartbeatFile() != null ? new HeartbeatFile(s.heartbeatFile(), time)
        : null;
    if (alerts != null) {
      events.add(alerts);
    }
    if (heartbeatFile != null) {
      events.add(heartbeatFile);
    }
    this.rt = new WorkerRuntime(broker, s.config(), codec, new AckBatcher(broker, health, time),
        active, s.workerId(), time, health, WorkerEvents.all(events), s.taskEvents(),
        shuttingDown, () -> givingUp);
    this.followUps = new FollowUps(rt, names);
    this.runner = new TaskRunner(rt, s.handlers(), new OutcomeRouter(rt, followUps::request),
        TaskRunner.sweepPeriod(queues));
    this.forwarder = new Forwarder(rt, names);
    this.reaper = new LeaseReaper(broker, queues, health, rt.events(), time);
    this.heartbeater = new Heartbeater(rt, queues, runner::leaseLost, this::info);
    for (QueueConfig q : queues) {
      fetchers.add(new Fetcher(rt, q, runner, forwarder));
    }
    this.revokes = new RevokeSubscription(broker, Set.copyOf(names), s.workerId(),
        runner::revoked);
  }

  /**
   * Touches the heartbeat file, starts the alerts, sending acks, extending leases, reaping,
   * forwarding, then claiming.
   */
  public void start() {
    if (heartbeatFile != null) {
      heartbeatFile.touchNow();
    }
    if (alerts != null) {
      alerts.start();
    }
    rt.acks().start();
    revokes.start();
    heartbeater.start();
    reaper.start();
    followUps.start();
    forwarder.start(q -> fetchers.stream().anyMatch(f -> f.queue().equals(q) && f.isIdle()));
    fetchers.forEach(Fetcher::start);
  }

  /**
   * True when no task is held or being claimed, no pending task of the worker's unpaused queues
   * is left (due delayed work forwarded first) and every ack was sent.
   */
  public boolean isIdle() {
    ActiveTasks active = rt.active();
    if (!active.isQuiet()) {
      return false;
    }
    long before = active.addedTotal();
    Broker broker = rt.broker();
    for (QueueConfig q : queues) {
      forwarder.forward(q.name());
      if (broker.counts(q.name()).pending() > 0 && !broker.isPaused(q.name())) {
        return false;
      }
    }
    return active.isQuiet() && active.addedTotal() == before && rt.acks().flush(Duration.ZERO);
  }

  /**
   * The two-phase shutdown, in this order: stop claiming; return claimed tasks whose handler has
   * not started; let running tasks finish within {@code grace} of the worker's time source while
   * their leases are still extended; flush acks; interrupt what is left and return it to the head
   * of pending; give up on the broker (outcomes stop waiting for it); stop the background
   * components; wait (at most {@link #FLUSH_WAIT}) for task events still being sent.
   */
  public void shutdown(Duration grace) {
    fetchers.forEach(Fetcher::close);
    int unstarted = runner.returnUnstarted();
    if (unstarted > 0) {
      log.info("Returned {} claimed but unstarted task(s) to pending", unstarted);
    }
    awaitNoTask(grace);
    rt.acks().flush(FLUSH_WAIT);
    int abandoned = runner.abandonRunning();
    if (abandoned > 0) {
      log.warn("Interrupted {} task(s) still running after the grace period of {}; they are back"
          + " at the head of pending", abandoned, grace);
    }
    awaitNoTask(ROUTING_WAIT);
    givingUp = true;
    revokes.close();
    rt.acks().close();
    heartbeater.close();
    reaper.close();
    followUps.close();
    forwarder.close();
    if (alerts != null) {
      alerts.close();
    }
    runner.close();
    rt.taskEvents().close(FLUSH_WAIT); // the last events, before the broker is closed
  }

  /** The tasks the worker holds. */
  public ActiveTasks active() {
    return rt.active();
  }

  /** Whether the last broker call succeeded. */
  public BrokerHealth health() {
    return rt.health();
  }

  /** The worker's entry in the worker registry. */
  public WorkerInfo info() {
    ActiveTasks active = rt.active();
    return new WorkerInfo(rt.workerId(), WorkerIds.host(), ProcessHandle.current().pid(),
        queues.stream().map(QueueConfig::name).toList(), active.capacity(), active.size(),
        startedAt, rt.broker().now());
  }

  private void awaitNoTask(Duration max) {
    try {
      rt.active().awaitEmpty(max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
