package io.taskq.redis;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.RedisConnector;
import io.taskq.redis.internal.KeyTypes;
import io.taskq.redis.internal.Scores;
import io.taskq.redis.internal.LayoutVersion;
import io.taskq.redis.internal.LeaseField;
import io.taskq.redis.internal.RecordField;
import io.taskq.redis.internal.Script;
import io.taskq.redis.internal.WorkerFields;
import io.taskq.spi.Ack;
import io.taskq.spi.BeatStore;
import io.taskq.spi.Broker;
import io.taskq.spi.QueueAdmin;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.LeaseInfo;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.NewTask;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import io.taskq.spi.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The production {@link Broker} on Redis (standalone; Sentinel and Cluster URLs where Lettuce
 * supports them). Every state change is one Lua script over the keys of {@link RedisKeys};
 * deadlines come from Redis {@code TIME}. Thread-safe; share one instance per process.
 */
public final class RedisBroker implements Broker {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisBroker.class);
  /** Version of the data layout and script library; see {@link RedisKeys#VERSION}. */
  public static final String LIBRARY_VERSION = "1";

  private final RedisConnector redis;
  private final @Nullable InstantSource clockOverride;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final RedisBeatStore beat;
  private final RedisQueueAdmin admin;

  private RedisBroker(RedisConnector redis, @Nullable InstantSource clockOverride) {
    this.redis = redis;
    this.clockOverride = clockOverride;
    this.beat = new RedisBeatStore(redis, this::nowArg);
    this.admin = new RedisQueueAdmin(redis, this::nowArg, this::counts);
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

  private String nowArg() {
    return clockOverride == null ? "" : Long.toString(clockOverride.millis());
  }

  private void register(String queue) {
    if (!registered.contains(queue)) {
      // a global key: never inside a queue's script (another cluster slot). Read first: at
      // maxmemory (noeviction) SADD is refused even for a known member, and pausing must work.
      redis.call("register queue (key " + RedisKeys.QUEUES + ")", r -> r.sismember(RedisKeys.QUEUES, queue)
          ? Boolean.TRUE : r.sadd(RedisKeys.QUEUES, queue));
      registered.add(queue);
    }
  }

  @Override
  public EnqueueResult enqueue(List<NewTask> tasks) {
    Map<String, List<NewTask>> byQueue = new LinkedHashMap<>();
    for (NewTask t : tasks) {
      byQueue.computeIfAbsent(t.queue(), q -> new ArrayList<>()).add(t);
    }
    int created = 0;
    List<String> duplicates = new ArrayList<>();
    for (var e : byQueue.entrySet()) {
      RedisKeys k = RedisKeys.of(e.getKey());
      register(e.getKey());
      String[] keys = Script.ENQUEUE.keys(k);
      List<NewTask> all = e.getValue();
      for (int from = 0; from < all.size(); from += MAX_BATCH) {
        List<NewTask> chunk = all.subList(from, Math.min(all.size(), from + MAX_BATCH));
        String[] args = new String[1 + chunk.size() * 4];
        args[0] = nowArg();
        int i = 1;
        for (NewTask t : chunk) {
          args[i++] = t.id();
          args[i++] = t.envelope();
          if (t.eta() != null) {
            args[i++] = "e";
            args[i++] = Long.toString(t.eta().toEpochMilli());
          } else if (t.countdown() != null) {
            args[i++] = "c";
            args[i++] = Long.toString(t.countdown().toMillis());
          } else {
            args[i++] = "n";
            args[i++] = "0";
          }
        }
        List<Object> out = redis.eval(Script.ENQUEUE, ScriptOutputType.MULTI, keys, args);
        created += ((Long) out.get(0)).intValue();
        for (int j = 1; j < out.size(); j++) {
          duplicates.add((String) out.get(j));
        }
      }
    }
    return new EnqueueResult(created, duplicates);
  }

  @Override
  public List<ClaimedTask> claim(String queue, int max, Duration lease, String workerId) {
    if (max < 1) {
      return List.of();
    }
    RedisKeys k = RedisKeys.of(queue);
    String prefix = UUID.randomUUID().toString();
    List<Object> out = redis.eval(Script.CLAIM, ScriptOutputType.MULTI,
        Script.CLAIM.keys(k),
        nowArg(), Integer.toString(Math.min(max, MAX_BATCH)), Long.toString(lease.toMillis()),
        workerId, prefix);
    long now = (Long) out.get(0);
    int dropped = ((Long) out.get(1)).intValue();
    if (dropped > 0) {
      log.warn("Dropped {} id(s) from pending of queue {} without running them: each was a copy"
          + " of a task already claimed or finished, or its stored task is missing (run taskq"
          + " fsck): {}", dropped, queue, out.subList(2, 2 + dropped));
    }
    Instant claimedAt = Instant.ofEpochMilli(now);
    Instant deadline = Instant.ofEpochMilli(now + lease.toMillis());
    List<ClaimedTask> claimed = new ArrayList<>((out.size() - 2 - dropped) / 3);
    for (int i = 2 + dropped, n = 1; i + 2 < out.size(); i += 3, n++) {
      claimed.add(new ClaimedTask(queue, (String) out.get(i), (String) out.get(i + 1),
          prefix + ":" + n, deadline, claimedAt, ((Long) out.get(i + 2)).intValue()));
    }
    return claimed;
  }

  private static String[] pairs(String first, List<LeaseRef> refs, String... lead) {
    String[] args = new String[1 + lead.length + refs.size() * 2];
    args[0] = first;
    System.arraycopy(lead, 0, args, 1, lead.length);
    int i = 1 + lead.length;
    for (LeaseRef r : refs) {
      args[i++] = r.id();
      args[i++] = r.token();
    }
    return args;
  }

  @Override
  public void markStarted(String queue, List<LeaseRef> leases) {
    RedisKeys k = RedisKeys.of(queue);
    for (List<LeaseRef> chunk : chunks(leases)) {
      redis.eval(Script.MARK_STARTED, ScriptOutputType.INTEGER,
          Script.MARK_STARTED.keys(k), pairs(nowArg(), chunk));
    }
  }

  @Override
  public Set<String> extend(String queue, List<LeaseRef> leases, Duration lease) {
    RedisKeys k = RedisKeys.of(queue);
    Set<String> lost = new HashSet<>();
    for (List<LeaseRef> chunk : chunks(leases)) {
      List<String> out = redis.eval(Script.EXTEND, ScriptOutputType.MULTI,
          Script.EXTEND.keys(k),
          pairs(nowArg(), chunk, Long.toString(lease.toMillis())));
      lost.addAll(out);
    }
    return lost;
  }

  @Override
  public List<String> ack(String queue, List<Ack> acks) {
    RedisKeys k = RedisKeys.of(queue);
    String[] keys = Script.ACK.keys(k);
    List<String> rejected = new ArrayList<>();
    for (List<Ack> chunk : chunks(acks)) {
      String[] args = new String[1 + chunk.size() * 5];
      args[0] = nowArg();
      int i = 1;
      for (Ack a : chunk) {
        boolean keep = a.keepsResult();
        args[i++] = a.lease().id();
        args[i++] = a.lease().token();
        args[i++] = keep && a.result() != null ? a.result() : ""; // keep implies a result
        args[i++] = Long.toString(keep ? a.resultTtl().toMillis() : 0);
        args[i++] = keep && a.record() != null ? RecordField.format(a.record()) : "";
      }
      List<String> out = redis.eval(Script.ACK, ScriptOutputType.MULTI, keys, args);
      rejected.addAll(out);
    }
    return rejected;
  }

  @Override
  public boolean retry(String queue, LeaseRef lease, String envelope, Duration delay) {
    RedisKeys k = RedisKeys.of(queue);
    Long done = redis.eval(Script.RETRY, ScriptOutputType.INTEGER,
        Script.RETRY.keys(k),
        nowArg(), lease.id(), lease.token(), envelope, Long.toString(delay.toMillis()));
    return done == 1L;
  }

  @Override
  public boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps) {
    RedisKeys k = RedisKeys.of(queue);
    Long done = redis.eval(Script.DEAD_LETTER, ScriptOutputType.INTEGER,
        Script.DEAD_LETTER.keys(k),
        nowArg(), lease.id(), lease.token(), envelope, Long.toString(caps.maxSize()),
        Long.toString(caps.maxAge().toMillis()));
    return done == 1L;
  }

  @Override
  public boolean requeue(String queue, LeaseRef lease) {
    RedisKeys k = RedisKeys.of(queue);
    Long done = redis.eval(Script.REQUEUE, ScriptOutputType.INTEGER,
        Script.REQUEUE.keys(k),
        nowArg(), lease.id(), lease.token());
    return done == 1L;
  }

  @Override
  public int forwardDue(String queue, int limit) {
    return ((Long) forward(queue, limit).get(0)).intValue();
  }

  /** Runs the forwarder: {moved, next due ms or -1, now}. */
  private List<Object> forward(String queue, int limit) {
    RedisKeys k = RedisKeys.of(queue);
    return redis.eval(Script.FORWARD, ScriptOutputType.MULTI,
        Script.FORWARD.keys(k),
        nowArg(), Integer.toString(Math.min(limit, MAX_BATCH)));
  }

  @Override
  public ReapResult reap(String queue, ReapRequest request) {
    RedisKeys k = RedisKeys.of(queue);
    List<Object> out = redis.eval(Script.REAP, ScriptOutputType.MULTI,
        Script.REAP.keys(k),
        nowArg(), Integer.toString(Math.min(request.limit(), MAX_BATCH)),
        Integer.toString(request.maxCrashes()), Long.toString(request.dead().maxSize()),
        Long.toString(request.dead().maxAge().toMillis()),
        Long.toString(request.guardTtl().toMillis()));
    if ("skipped".equals(out.get(0))) {
      return ReapResult.skipped(millisOrNull((Long) out.get(1)));
    }
    @SuppressWarnings("unchecked")
    List<String> recovered = (List<String>) out.get(0);
    @SuppressWarnings("unchecked")
    List<String> dead = (List<String>) out.get(1);
    return new ReapResult(recovered, dead, false, millisOrNull((Long) out.get(2)));
  }

  private static @Nullable Duration millisOrNull(long ms) {
    return ms < 0 ? null : Duration.ofMillis(ms);
  }

  @Override
  public QueueCounts counts(String queue) {
    RedisKeys k = RedisKeys.of(queue);
    List<Long> c = redis.eval(Script.COUNTS, ScriptOutputType.MULTI,
        Script.COUNTS.keys(k));
    return new QueueCounts(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4));
  }

  @Override
  public Optional<StoredTask> find(String queue, String id) {
    RedisKeys k = RedisKeys.of(queue);
    List<Object> out = redis.eval(Script.FIND, ScriptOutputType.MULTI,
        Script.FIND.keys(k),
        nowArg(), id);
    if (out.isEmpty()) {
      return Optional.empty();
    }
    TaskState state = TaskState.valueOf((String) out.get(0));
    Instant score = Scores.instant((String) out.get(2));
    LeaseInfo lease = out.get(3) == null || score == null ? null
        : LeaseField.parse((String) out.get(3), score);
    TaskRecord record = out.size() > 5 && out.get(5) != null
        ? RecordField.parse((String) out.get(5)) : null;
    String result = out.size() > 6 ? (String) out.get(6) : null;
    return Optional.of(new StoredTask(queue, id, state, (String) out.get(1), score, lease,
        ((Long) out.get(4)).intValue(), record, result));
  }

  @Override
  public Optional<String> result(String queue, String id) {
    RedisKeys k = RedisKeys.of(queue);
    String out = redis.eval(Script.RESULT, ScriptOutputType.VALUE,
        Script.RESULT.keys(k), nowArg(), id);
    return Optional.ofNullable(out);
  }

  @Override
  public void setPaused(String queue, boolean paused) {
    RedisKeys k = RedisKeys.of(queue);
    register(queue);
    redis.eval(Script.PAUSE, ScriptOutputType.INTEGER, Script.PAUSE.keys(k),
        nowArg(), paused ? "1" : "0");
  }

  @Override
  public boolean isPaused(String queue) {
    RedisKeys k = RedisKeys.of(queue);
    return redis.call("read pause flag", r -> r.exists(k.paused())) == 1L;
  }

  @Override
  public BeatStore beat() {
    return beat;
  }

  @Override
  public QueueAdmin admin() {
    return admin;
  }

  @Override
  public Set<String> queues() {
    Set<String> names = redis.call("list queues (key " + RedisKeys.QUEUES + ")", r -> r.smembers(RedisKeys.QUEUES));
    return new TreeSet<String>(names);
  }

  /**
   * Waits on the queue's marker with BZPOPMIN on a dedicated connection. Delayed work needs no
   * marker entry per task: the forwarder script reports the next due time, and the wait is cut
   * short to end then; schedule and retry scripts signal the marker so a waiter re-reads it.
   */
  @Override
  public boolean awaitWork(String queue, Duration timeout) {
    List<Object> fwd = forward(queue, 0);
    long nextDue = (Long) fwd.get(1);
    long now = (Long) fwd.get(2);
    if (nextDue >= 0 && nextDue <= now) {
      return true;
    }
    // the client's fixed command timeout covers blocking commands too: stay well below it
    long cap = Math.min(timeout.toMillis(),
        Math.max(100, redis.commandTimeout().toMillis() * 3 / 4));
    boolean cutByDue = nextDue >= 0 && nextDue - now <= cap;
    long waitMs = cutByDue ? nextDue - now : cap;
    if (waitMs <= 0 || Thread.currentThread().isInterrupted()) {
      return false;
    }
    Duration block = Duration.ofMillis(Math.max(10, waitMs));
    String marker = RedisKeys.of(queue).marker();
    var popped = redis.callBlocking(queue, block,
        r -> r.bzpopmin(block.toMillis() / 1000.0, marker));
    if (popped != null && popped.hasValue()) { // signalled
      ScoredValue<String> v = popped.getValue();
      // several members may be waiting; put back nothing: claim re-signals while work remains
      return v.hasValue();
    }
    return cutByDue;
  }

  @Override
  public void workerHeartbeat(WorkerInfo w, Duration ttl) {
    long now = now().toEpochMilli();
    String key = RedisKeys.worker(w.id());
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("host", w.host());
    fields.put("pid", Long.toString(w.pid()));
    fields.put("queues", String.join(",", w.queues()));
    fields.put("concurrency", Integer.toString(w.concurrency()));
    fields.put("active", Integer.toString(w.active()));
    fields.put("startedAt", Long.toString(w.startedAt().toEpochMilli()));
    fields.put("lastHeartbeat", Long.toString(now));
    // global keys in different slots: plain commands, not one script
    redis.call("worker heartbeat (keys " + key + ", " + RedisKeys.WORKERS + ")", r -> {
      r.hset(key, fields);
      r.pexpire(key, ttl.toMillis());
      r.zadd(RedisKeys.WORKERS, (double) (now + ttl.toMillis()), w.id());
      return r.zremrangebyscore(RedisKeys.WORKERS,
          io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) now));
    });
  }

  @Override
  public void workerGone(String workerId) {
    redis.call("worker gone", r -> {
      r.zrem(RedisKeys.WORKERS, workerId);
      return r.del(RedisKeys.worker(workerId));
    });
  }

  @Override
  public List<WorkerInfo> workers() {
    long now = now().toEpochMilli();
    return redis.call("list workers (key " + RedisKeys.WORKERS + ")", r -> {
      List<String> ids = r.zrangebyscore(RedisKeys.WORKERS,
          io.lettuce.core.Range.from(io.lettuce.core.Range.Boundary.excluding((double) now),
              io.lettuce.core.Range.Boundary.unbounded()));
      List<WorkerInfo> out = new ArrayList<>();
      for (String id : ids) {
        Map<String, String> h = r.hgetall(RedisKeys.worker(id));
        if (h != null && !h.isEmpty()) {
          out.add(WorkerFields.parse(id, h));
        }
      }
      return out;
    });
  }

  @Override
  public Instant now() {
    if (clockOverride != null) {
      return clockOverride.instant();
    }
    return redis.call("read time", r -> {
      List<String> t = r.time();
      return Instant.ofEpochMilli(Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000);
    });
  }

  /**
   * Reads {@code maxmemory-policy} from {@code INFO memory}, which hardened servers allow where
   * {@code CONFIG} is renamed away. Any policy but {@code noeviction} lets Redis delete keys,
   * queued tasks among them, when it reaches {@code maxmemory}.
   */
  @Override
  public List<String> serverWarnings() {
    String info = redis.call("read server info", r -> r.info("memory"));
    String policy = info.lines().filter(l -> l.startsWith("maxmemory_policy:"))
        .map(l -> l.substring("maxmemory_policy:".length()).trim()).findFirst().orElse(null);
    List<String> out = new ArrayList<>();
    if (policy != null && !policy.equals("noeviction")) {
      out.add("Redis maxmemory-policy is " + policy + ", not noeviction: at maxmemory Redis"
          + " may evict stored tasks; set maxmemory-policy noeviction");
    }
    long used = infoLong(info, "used_memory");
    long max = infoLong(info, "maxmemory");
    if ("noeviction".equals(policy) && max > 0 && used >= max) {
      out.add("Redis is out of memory (used_memory " + used + " of maxmemory " + max + "):"
          + " new tasks are refused while claims and acks go on; free memory (taskq purge,"
          + " taskq dlq delete) or raise maxmemory");
    }
    return out;
  }

  private static long infoLong(String info, String field) {
    return info.lines().filter(l -> l.startsWith(field + ":"))
        .map(l -> l.substring(field.length() + 1).trim()).filter(v -> v.matches("\\d+"))
        .mapToLong(Long::parseLong).findFirst().orElse(-1);
  }

  @Override
  public List<String> keyProblems(String queue) {
    return KeyTypes.problems(redis, RedisKeys.of(queue));
  }

  @Override
  public void close() {
    redis.close();
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_BATCH) {
      out.add(all.subList(from, Math.min(all.size(), from + MAX_BATCH)));
    }
    return out;
  }

  @Override
  public String toString() {
    return "RedisBroker[" + redis.redactedUrl() + "]";
  }
}
