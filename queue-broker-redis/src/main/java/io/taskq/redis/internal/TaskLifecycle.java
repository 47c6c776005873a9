package io.taskq.redis.internal;

import static io.taskq.spi.Broker.MAX_BATCH;

import io.lettuce.core.ScriptOutputType;
import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.RedisKeys;
import io.taskq.spi.Ack;
import io.taskq.spi.AckClaimResult;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.NewTask;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import io.taskq.spi.Revocation;
import io.taskq.spi.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path of {@link RedisBroker}: a task's way from enqueue through claim and lease to ack,
 * retry, dead letter, requeue or crash recovery, one script call per batch of at most
 * {@link io.taskq.spi.Broker#MAX_BATCH}.
 */
public record TaskLifecycle(RedisConnector redis, RedisTime time, QueueRegistry queues) {
  // logs under the broker's name, which operators' logging configuration knows
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

  /** See {@link io.taskq.spi.Broker#enqueue}. */
  public EnqueueResult enqueue(List<NewTask> tasks) {
    Map<String, List<NewTask>> byQueue = new LinkedHashMap<>();
    for (NewTask t : tasks) {
      byQueue.computeIfAbsent(t.queue(), q -> new ArrayList<>()).add(t);
    }
    int created = 0;
    List<String> duplicates = new ArrayList<>();
    Map<String, String> held = new LinkedHashMap<>();
    for (var e : byQueue.entrySet()) {
      queues.register(e.getKey());
      String[] keys = Script.ENQUEUE.keys(RedisKeys.of(e.getKey()));
      for (List<NewTask> chunk : chunks(e.getValue())) {
        String[] args = new String[1 + chunk.size() * 9];
        args[0] = time.arg();
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
          Duration ttl = t.uniqueTtl();
          args[i++] = t.uniqueKey() == null ? "" : t.uniqueKey();
          args[i++] = ttl == null ? "0" : Long.toString(ttl.toMillis());
          args[i++] = Integer.toString(t.priority());
          args[i++] = t.links() == null ? "" : t.links();
          args[i++] = t.once() ? "1" : "";
        }
        List<Object> out = redis.eval(Script.ENQUEUE, ScriptOutputType.MULTI, keys, args);
        created += ((Long) out.get(0)).intValue();
        int ids = ((Long) out.get(1)).intValue();
        for (int j = 2; j < 2 + ids; j++) {
          duplicates.add((String) out.get(j));
        }
        for (int j = 2 + ids; j + 1 < out.size(); j += 2) {
          held.put((String) out.get(j), (String) out.get(j + 1));
        }
      }
    }
    return new EnqueueResult(created, duplicates, held);
  }

  /** See {@link io.taskq.spi.Broker#claim(ClaimRequest)}. */
  public ClaimResult claim(ClaimRequest request) {
    if (request.max() < 1) {
      return ClaimResult.none();
    }
    ClaimCall call = new ClaimCall(request);
    String[] args = new String[1 + ClaimCall.ARGS];
    args[0] = time.arg();
    call.args(args, 1);
    List<Object> out = redis.eval(Script.CLAIM, ScriptOutputType.MULTI,
        Script.CLAIM.keys(RedisKeys.of(request.queue())), args);
    return call.decode(out);
  }

  /**
   * See {@link io.taskq.spi.Broker#ackAndClaim}: one {@code ack_claim.lua} call; acks beyond
   * {@link io.taskq.spi.Broker#MAX_BATCH} go first, in {@code ack.lua} calls of their own.
   */
  public AckClaimResult ackAndClaim(List<Ack> acks, ClaimRequest next) {
    String queue = next.queue();
    if (next.max() < 1) {
      return new AckClaimResult(ack(queue, acks), ClaimResult.none());
    }
    int last = acks.size() <= MAX_BATCH ? 0 : acks.size() - MAX_BATCH;
    List<String> rejected = new ArrayList<>(ack(queue, acks.subList(0, last)));
    List<Ack> chunk = acks.subList(last, acks.size());
    ClaimCall call = new ClaimCall(next);
    String[] args = new String[1 + ClaimCall.ARGS + chunk.size() * 5];
    args[0] = time.arg();
    call.args(args, 1);
    ackArgs(args, 1 + ClaimCall.ARGS, chunk);
    List<Object> out = redis.eval(Script.ACK_CLAIM, ScriptOutputType.MULTI,
        Script.ACK_CLAIM.keys(RedisKeys.of(queue)), args);
    @SuppressWarnings("unchecked")
    List<String> refused = (List<String>) out.get(0);
    rejected.addAll(refused);
    @SuppressWarnings("unchecked")
    List<Object> claimed = (List<Object>) out.get(1);
    return new AckClaimResult(rejected, call.decode(claimed));
  }

  /** See {@link io.taskq.spi.Broker#markStarted}. */
  public void markStarted(String queue, List<LeaseRef> leases) {
    String[] keys = Script.MARK_STARTED.keys(RedisKeys.of(queue));
    for (List<LeaseRef> chunk : chunks(leases)) {
      redis.eval(Script.MARK_STARTED, ScriptOutputType.INTEGER, keys, pairs(time.arg(), chunk));
    }
  }

  /** See {@link io.taskq.spi.Broker#extend}. */
  public Set<String> extend(String queue, List<LeaseRef> leases, Duration lease) {
    String[] keys = Script.EXTEND.keys(RedisKeys.of(queue));
    Set<String> lost = new HashSet<>();
    for (List<LeaseRef> chunk : chunks(leases)) {
      List<String> out = redis.eval(Script.EXTEND, ScriptOutputType.MULTI, keys,
          pairs(time.arg(), chunk, Long.toString(lease.toMillis())));
      lost.addAll(out);
    }
    return lost;
  }

  /** See {@link io.taskq.spi.Broker#ack}. */
  public List<String> ack(String queue, List<Ack> acks) {
    String[] keys = Script.ACK.keys(RedisKeys.of(queue));
    List<String> rejected = new ArrayList<>();
    for (List<Ack> chunk : chunks(acks)) {
      String[] args = new String[1 + chunk.size() * 5];
      args[0] = time.arg();
      ackArgs(args, 1, chunk);
      List<String> out = redis.eval(Script.ACK, ScriptOutputType.MULTI, keys, args);
      rejected.addAll(out);
    }
    return rejected;
  }

  /** Writes a quintuple per ack at {@code args[from]} on (see {@code ack.lua}). */
  private static void ackArgs(String[] args, int from, List<Ack> acks) {
    int i = from;
    for (Ack a : acks) {
      boolean keep = a.keepsRecord();
      String result = a.result();
      TaskRecord record = a.record();
      args[i++] = a.lease().id();
      args[i++] = a.lease().token();
      args[i++] = keep && result != null ? result : "";
      args[i++] = Long.toString(keep ? a.resultTtl().toMillis() : 0);
      args[i++] = keep && record != null ? RecordField.format(record) : "";
    }
  }

  /** See {@link io.taskq.spi.Broker#retry}. */
  public boolean retry(String queue, LeaseRef lease, String envelope, Duration delay) {
    Long done = redis.eval(Script.RETRY, ScriptOutputType.INTEGER,
        Script.RETRY.keys(RedisKeys.of(queue)),
        time.arg(), lease.id(), lease.token(), envelope, Long.toString(delay.toMillis()));
    return done == 1L;
  }

  /** See {@link io.taskq.spi.Broker#revoke}. */
  public Map<String, TaskState> revoke(String queue, List<Revocation> revocations,
      boolean terminate, Duration resultTtl) {
    String[] keys = Script.REVOKE.keys(RedisKeys.of(queue));
    long keep = Math.max(resultTtl.toMillis(), io.taskq.spi.Broker.REVOKE_KEEP.toMillis());
    Map<String, TaskState> states = new LinkedHashMap<>();
    for (List<Revocation> chunk : chunks(revocations)) {
      String[] args = new String[4 + chunk.size() * 2];
      args[0] = time.arg();
      args[1] = terminate ? "1" : "0";
      args[2] = Long.toString(resultTtl.toMillis());
      args[3] = Long.toString(keep);
      int i = 4;
      for (Revocation r : chunk) {
        args[i++] = r.id();
        args[i++] = RecordField.format(r.record());
      }
      List<String> out = redis.eval(Script.REVOKE, ScriptOutputType.MULTI, keys, args);
      for (int j = 0; j + 1 < out.size(); j += 2) {
        states.put(out.get(j), TaskState.valueOf(out.get(j + 1)));
      }
    }
    return states;
  }

  /** See {@link io.taskq.spi.Broker#finish}. */
  public boolean finish(String queue, LeaseRef lease, TaskRecord record, Duration resultTtl) {
    Long done = redis.eval(Script.FINISH, ScriptOutputType.INTEGER,
        Script.FINISH.keys(RedisKeys.of(queue)),
        time.arg(), lease.id(), lease.token(), RecordField.format(record),
        Long.toString(resultTtl.toMillis()));
    return done == 1L;
  }

  /** See {@link io.taskq.spi.Broker#deadLetter}. */
  public boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps,
      @Nullable TaskRecord record, Duration resultTtl) {
    Long done = redis.eval(Script.DEAD_LETTER, ScriptOutputType.INTEGER,
        Script.DEAD_LETTER.keys(RedisKeys.of(queue)),
        time.arg(), lease.id(), lease.token(), envelope, Long.toString(caps.maxSize()),
        Long.toString(caps.maxAge().toMillis()),
        record == null ? "" : RecordField.format(record),
        Long.toString(record == null ? 0 : resultTtl.toMillis()));
    return done == 1L;
  }

  /** See {@link io.taskq.spi.Broker#requeue}. */
  public boolean requeue(String queue, LeaseRef lease) {
    Long done = redis.eval(Script.REQUEUE, ScriptOutputType.INTEGER,
        Script.REQUEUE.keys(RedisKeys.of(queue)),
        time.arg(), lease.id(), lease.token());
    return done == 1L;
  }

  /** See {@link io.taskq.spi.Broker#reap}. */
  public ReapResult reap(String queue, ReapRequest request) {
    List<Object> out = redis.eval(Script.REAP, ScriptOutputType.MULTI,
        Script.REAP.keys(RedisKeys.of(queue)),
        time.arg(), Integer.toString(Math.min(request.limit(), MAX_BATCH)),
        Integer.toString(request.maxCrashes()), Long.toString(request.dead().maxSize()),
        Long.toString(request.dead().maxAge().toMillis()),
        Long.toString(request.guardTtl().toMillis()),
        Long.toString(request.resultTtl().toMillis()));
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

  /** {@code first}, then {@code lead}, then each lease's id and token. */
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

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_BATCH) {
      out.add(all.subList(from, Math.min(all.size(), from + MAX_BATCH)));
    }
    return out;
  }
}
