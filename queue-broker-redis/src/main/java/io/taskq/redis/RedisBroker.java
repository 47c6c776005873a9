package io.taskq.redis;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.FinishWatcher;
import io.taskq.redis.internal.KeyTypes;
import io.taskq.redis.internal.LayoutVersion;
import io.taskq.redis.internal.QueueRegistry;
import io.taskq.redis.internal.QueueStatus;
import io.taskq.redis.internal.RedisConnector;
import io.taskq.redis.internal.RedisTime;
import io.taskq.redis.internal.RedisWorkflows;
import io.taskq.redis.internal.RevokeWatcher;
import io.taskq.redis.internal.ServerWarnings;
import io.taskq.redis.internal.TaskLifecycle;
import io.taskq.redis.internal.WorkWaiter;
import io.taskq.redis.internal.WorkerRegistry;
import io.taskq.spi.Ack;
import io.taskq.spi.AckClaimResult;
import io.taskq.spi.BeatStore;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.FollowUp;
import io.taskq.spi.EventStream;
import io.taskq.spi.FinishListener;
import io.taskq.spi.FinishWatch;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.NewTask;
import io.taskq.spi.QueueAdmin;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import io.taskq.spi.Revocation;
import io.taskq.spi.RevokeSignal;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import io.taskq.spi.WorkerInfo;
import io.taskq.spi.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The production {@link Broker} on Redis: one server, Sentinel's primary or a Redis Cluster
 * (see {@link RedisConfig#url()}). Every state change is one Lua script over the keys of {@link RedisKeys};
 * deadlines come from Redis {@code TIME}. Thread-safe; share one instance per process.
 *
 * <p>A facade over one class per concern (in {@code io.taskq.redis.internal}): the task
 * lifecycle (hot path), waiting for work, a queue's status, the queue and worker registries and
 * server warnings; plus {@link #beat()} and {@link #admin()}.
 */
public final class RedisBroker implements Broker {
  /** Version of the data layout and script library; see {@link RedisKeys#VERSION}. */
  public static final String LIBRARY_VERSION = "1";

  private final RedisConnector redis;
  private final RedisTime time;
  private final QueueRegistry queues;
  private final TaskLifecycle tasks;
  private final WorkWaiter waiter;
  private final QueueStatus status;
  private final WorkerRegistry workers;
  private final RedisBeatStore beat;
  private final RedisQueueAdmin admin;
  private final FinishWatcher finished;
  private final RedisWorkflows workflows;
  private final RedisEventStream events;

  private RedisBroker(RedisConnector redis, @Nullable InstantSource clockOverride) {
    this.redis = redis;
    this.time = new RedisTime(redis, clockOverride);
    this.queues = new QueueRegistry(redis);
    this.tasks = new TaskLifecycle(redis, time, queues);
    this.waiter = new WorkWaiter(redis, time);
    this.status = new QueueStatus(redis, time, queues);
    this.workers = new WorkerRegistry(redis, time);
    this.beat = new RedisBeatStore(redis, time::arg);
    this.admin = new RedisQueueAdmin(redis, time, queues, status);
    this.finished = new FinishWatcher(redis);
    this.workflows = new RedisWorkflows(redis, time);
    this.events = new RedisEventStream(redis);
  }

  /**
   * Connects and checks the data layout version.
   *
   * @throws io.taskq.ConfigException on a bad URL, refused authentication or an incompatible
   *     layout version (one line, no password)
   * @throws io.taskq.BrokerUnavailableException when Redis cannot be reached
   */
  public static RedisBroker connect(RedisConfig config) {
    return builder(config).build();
  }

  /** A builder for a broker on {@code config}. */
  public static Builder builder(RedisConfig config) {
    return new Builder(config);
  }

  /** Builder of {@link RedisBroker}. */
  public static final class Builder {
    private final RedisConfig config;
    private @Nullable InstantSource clockOverride;

    private Builder(RedisConfig config) {
      this.config = config;
    }

    /**
     * Tests only: every script takes "now" from this source instead of Redis {@code TIME}.
     * Production never sets it.
     */
    public Builder clockOverride(@Nullable InstantSource clock) {
      this.clockOverride = clock;
      return this;
    }

    public RedisBroker build() {
      RedisConnector connector = new RedisConnector(config);
      try {
        new LayoutVersion(connector).check();
      } catch (RuntimeException e) {
        connector.close();
        throw e;
      }
      return new RedisBroker(connector, clockOverride);
    }
  }

  @Override
  public List<FollowUp> followUps(String queue, int max) {
    return workflows.followUps(queue, max);
  }

  @Override
  public void followUpDone(String queue, FollowUp followUp) {
    workflows.followUpDone(queue, followUp);
  }

  @Override
  public WorkflowStore workflows() {
    return workflows;
  }

  @Override
  public EnqueueResult enqueue(List<NewTask> tasks) {
    return this.tasks.enqueue(tasks);
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return tasks.claim(request);
  }

  @Override
  public void markStarted(String queue, List<LeaseRef> leases) {
    tasks.markStarted(queue, leases);
  }

  @Override
  public Set<String> extend(String queue, List<LeaseRef> leases, Duration lease) {
    return tasks.extend(queue, leases, lease);
  }

  @Override
  public List<String> ack(String queue, List<Ack> acks) {
    return tasks.ack(queue, acks);
  }

  /** One script call ({@code ack_claim.lua}) for up to {@link #MAX_BATCH} acks. */
  @Override
  public AckClaimResult ackAndClaim(List<Ack> acks, ClaimRequest next) {
    return tasks.ackAndClaim(acks, next);
  }

  @Override
  public boolean retry(String queue, LeaseRef lease, String envelope, Duration delay) {
    return tasks.retry(queue, lease, envelope, delay);
  }

  @Override
  public boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps,
      @Nullable TaskRecord record, Duration resultTtl) {
    return tasks.deadLetter(queue, lease, envelope, caps, record, resultTtl);
  }

  @Override
  public boolean requeue(String queue, LeaseRef lease) {
    return tasks.requeue(queue, lease);
  }

  @Override
  public Map<String, TaskState> revoke(String queue, List<Revocation> revocations,
      boolean terminate, Duration resultTtl) {
    return tasks.revoke(queue, revocations, terminate, resultTtl);
  }

  @Override
  public boolean finish(String queue, LeaseRef lease, TaskRecord record, Duration resultTtl) {
    return tasks.finish(queue, lease, record, resultTtl);
  }

  /** Subscribes on a pub/sub connection of its own, closed with the handle. */
  @Override
  public AutoCloseable watchRevokes(Set<String> queues, String workerId,
      Consumer<RevokeSignal> listener) {
    return new RevokeWatcher(redis, queues, workerId, listener);
  }

  @Override
  public int forwardDue(String queue, int limit) {
    return waiter.forwardDue(queue, limit);
  }

  @Override
  public ReapResult reap(String queue, ReapRequest request) {
    return tasks.reap(queue, request);
  }

  @Override
  public QueueCounts counts(String queue) {
    return status.counts(queue);
  }

  @Override
  public Optional<StoredTask> find(String queue, String id) {
    return status.find(queue, id);
  }

  @Override
  public Optional<String> result(String queue, String id) {
    return status.result(queue, id);
  }

  /** Every watch of this broker shares one pub/sub connection. */
  @Override
  public FinishWatch watchFinished(String queue, FinishListener listener) {
    return finished.watch(queue, listener);
  }

  @Override
  public void setPaused(String queue, boolean paused) {
    status.setPaused(queue, paused);
  }

  @Override
  public boolean isPaused(String queue) {
    return status.isPaused(queue);
  }

  @Override
  public Set<String> queues() {
    return queues.queues();
  }

  /**
   * Waits for a message on the queue's wake channel, on the broker's one pub/sub connection (on
   * a cluster, or when Redis refuses the subscribe: with BZPOPMIN on the queue's marker on a
   * dedicated connection), cut short when delayed work falls due.
   */
  @Override
  public boolean awaitWork(String queue, Duration timeout) {
    return waiter.awaitWork(queue, timeout);
  }

  @Override
  public void workerHeartbeat(WorkerInfo w, Duration ttl) {
    workers.heartbeat(w, ttl);
  }

  @Override
  public void workerGone(String workerId) {
    workers.gone(workerId);
  }

  @Override
  public List<WorkerInfo> workers() {
    return workers.workers();
  }

  @Override
  public Instant now() {
    return time.now();
  }

  /**
   * Reads {@code maxmemory-policy} from {@code INFO memory}, which hardened servers allow where
   * {@code CONFIG} is renamed away. Any policy but {@code noeviction} lets Redis delete keys,
   * queued tasks among them, when it reaches {@code maxmemory}.
   */
  @Override
  public List<String> serverWarnings() {
    return ServerWarnings.read(redis);
  }

  @Override
  public List<String> keyProblems(String queue) {
    return KeyTypes.problems(redis, RedisKeys.of(queue));
  }

  @Override
  public BeatStore beat() {
    return beat;
  }

  @Override
  public QueueAdmin admin() {
    return admin;
  }

  /** Appends are pipelined {@code XADD}s on a connection of their own, never waited for. */
  @Override
  public EventStream events() {
    return events;
  }

  @Override
  public void close() {
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisBroker[" + redis.redactedUrl() + "]";
  }
}
