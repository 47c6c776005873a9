package io.taskq.redis;

import io.lettuce.core.ScriptOutputType;
import io.taskq.TaskState;
import io.taskq.redis.internal.QueueRegistry;
import io.taskq.redis.internal.QueueStatus;
import io.taskq.spi.PageRequest;
import io.taskq.spi.TaskPage;
import io.taskq.redis.internal.RedisConnector;
import io.taskq.redis.internal.Scores;
import io.taskq.redis.internal.Script;
import io.taskq.spi.Broker;
import io.taskq.spi.FsckProblem;
import io.taskq.spi.FsckScan;
import io.taskq.spi.QueueAdmin;
import io.taskq.spi.QueueCounts;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.taskq.redis.internal.RedisTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Operator actions on a queue's keys: plain reads for listing, one script per change. */
final class RedisQueueAdmin implements QueueAdmin {
  private final RedisConnector redis;
  private final RedisTime time;
  private final QueueRegistry queues;
  private final QueueStatus status;

  RedisQueueAdmin(RedisConnector redis, RedisTime time, QueueRegistry queues,
      QueueStatus status) {
    this.redis = redis;
    this.time = time;
    this.queues = queues;
    this.status = status;
  }

  @Override
  public List<String> ids(String queue, TaskState state, int limit) {
    if (limit < 1) {
      return List.of();
    }
    RedisKeys k = RedisKeys.of(queue);
    if (state.isFinal() && state != TaskState.DEAD) {
      return records(queue, state, limit);
    }
    if (state == TaskState.PENDING) {
      return pendingIds(k, limit - 1);
    }
    return redis.call("list " + state.name().toLowerCase(Locale.ROOT) + " of " + queue,
        r -> live(r, k, state, limit));
  }

  private static List<String> live(RedisClusterCommands<String, String> r, RedisKeys k, TaskState state,
      int limit) {
    return switch (state) {
      case ACTIVE -> r.zrange(k.active(), 0, limit - 1);
      case SCHEDULED -> r.zrange(k.scheduled(), 0, limit - 1);
      case RETRY -> r.zrange(k.retry(), 0, limit - 1);
      case DEAD -> r.zrange(k.dead(), 0, limit - 1);
      case PENDING, SUCCEEDED, REVOKED, EXPIRED -> List.of(); // listed by the callers above
    };
  }

  /**
   * Ids of kept, unexpired records in {@code state}, soonest to expire first: pages of
   * {@code list_page.lua} until {@code limit} are found or the records end.
   */
  private List<String> records(String queue, TaskState state, int limit) {
    List<String> out = new ArrayList<>();
    PageRequest page = PageRequest.first(Broker.MAX_BATCH);
    while (out.size() < limit) {
      TaskPage p = status.page(queue, state, page);
      p.tasks().stream().limit(limit - out.size()).forEach(t -> out.add(t.id()));
      if (p.next() == null) {
        break;
      }
      page = page.after(p.next());
    }
    return out;
  }

  @Override
  public TaskPage page(String queue, TaskState state, PageRequest request) {
    return status.page(queue, state, request);
  }

  /** Pending ids in claim order (prioritized, then pending), up to position {@code last} (-1 = all). */
  private List<String> pendingIds(RedisKeys k, long last) {
    return redis.eval(Script.PENDING_IDS, ScriptOutputType.MULTI, Script.PENDING_IDS.keys(k),
        "0", Long.toString(last), "");
  }

  @Override
  public List<String> pendingHeads(String queue) {
    RedisKeys k = RedisKeys.of(queue);
    return redis.eval(Script.PENDING_IDS, ScriptOutputType.MULTI, Script.PENDING_IDS.keys(k),
        "0", "0", "heads");
  }

  @Override
  public long purge(String queue, TaskState state) {
    RedisKeys k = RedisKeys.of(queue);
    String index = switch (state) {
      case PENDING -> k.pending();
      case SCHEDULED -> k.scheduled();
      case RETRY -> k.retry();
      case DEAD -> k.dead();
      default -> throw new IllegalArgumentException("cannot purge " + state
          + " tasks; expected pending, scheduled, retry or dead");
    };
    String kind = state == TaskState.PENDING ? "pending" : "zset";
    long total = 0;
    long n;
    do {
      n = redis.<Long>eval(Script.PURGE, ScriptOutputType.INTEGER,
          new String[] {index, k.tasks(), k.crashes(), k.priority(), k.prioritized(),
              k.links()}, kind,
          Integer.toString(Broker.MAX_BATCH));
      total += n;
    } while (n > 0);
    return total;
  }

  @Override
  public boolean replay(String queue, String id, String envelope) {
    RedisKeys k = RedisKeys.of(queue);
    Long done = redis.eval(Script.REPLAY, ScriptOutputType.INTEGER,
        Script.REPLAY.keys(k), time.arg(),
        id, envelope);
    return done == 1;
  }

  @Override
  public long deleteDead(String queue, List<String> ids) {
    RedisKeys k = RedisKeys.of(queue);
    long n = 0;
    for (int from = 0; from < ids.size(); from += Broker.MAX_BATCH) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + Broker.MAX_BATCH));
      n += redis.<Long>eval(Script.DEAD_DELETE, ScriptOutputType.INTEGER,
          Script.DEAD_DELETE.keys(k), chunk.toArray(String[]::new));
    }
    return n;
  }

  @Override
  public Map<String, Long> counters(String queue) {
    Map<String, String> raw = redis.call("counters of " + queue,
        r -> r.hgetall(RedisKeys.of(queue).stats()));
    Map<String, Long> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, Long.parseLong(v)));
    return out;
  }

  @Override
  public FsckScan scan(String queue, Instant expiredBefore) {
    RedisKeys k = RedisKeys.of(queue);
    List<String> pending = pendingIds(k, -1);
    return redis.call("scan " + queue, r -> {
      Set<String> indexed = new HashSet<>(pending);
      Set<String> elsewhere = new HashSet<>();
      Set<String> badScores = new TreeSet<>();
      for (String z : List.of(k.active(), k.scheduled(), k.retry(), k.dead())) {
        List<String> ids = r.zrange(z, 0, -1);
        indexed.addAll(ids);
        elsewhere.addAll(ids);
      }
      for (String z : List.of(k.active(), k.scheduled(), k.retry(), k.dead(),
          k.resultsExpiry())) {
        badScores.addAll(r.zrangebyscore(z, Range.create(Scores.MAX_MS, Double.POSITIVE_INFINITY)));
        badScores.addAll(r.zrangebyscore(z,
            Range.create(Double.NEGATIVE_INFINITY, -Scores.MAX_MS)));
      }
      Set<String> seen = new HashSet<>();
      Set<String> duplicates = new TreeSet<>();
      for (String id : pending) {
        if (!seen.add(id) || elsewhere.contains(id)) {
          duplicates.add(id);
        }
      }
      Set<String> payloads = new HashSet<>(r.hkeys(k.tasks()));
      List<String> dangling = indexed.stream().filter(id -> !payloads.contains(id)).sorted()
          .toList();
      List<String> orphans = payloads.stream().filter(id -> !indexed.contains(id)).sorted()
          .toList();
      List<String> expired = r.zrangebyscore(k.active(), Range.create(0,
          (double) expiredBefore.toEpochMilli() - 1));
      return new FsckScan(dangling, orphans, expired, List.copyOf(duplicates),
          List.copyOf(badScores));
    });
  }

  @Override
  public long repair(String queue, FsckProblem problem, List<String> ids, Instant expiredBefore) {
    RedisKeys k = RedisKeys.of(queue);
    String mode = switch (problem) {
      case DANGLING_ID -> "dangling";
      case ORPHAN_PAYLOAD -> "orphan";
      case EXPIRED_ACTIVE -> "expired";
      case DUPLICATE_ID -> "duplicate";
      case BAD_SCORE -> "score";
    };
    String[] keys = Script.FSCK_REPAIR.keys(k);
    long n = 0;
    for (int from = 0; from < ids.size(); from += Broker.MAX_BATCH) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + Broker.MAX_BATCH));
      List<String> args = new ArrayList<>(List.of(time.arg(), mode,
          Long.toString(expiredBefore.toEpochMilli())));
      args.addAll(chunk);
      n += redis.<Long>eval(Script.FSCK_REPAIR, ScriptOutputType.INTEGER, keys,
          args.toArray(String[]::new));
    }
    return n;
  }

  @Override
  public boolean forget(String queue) {
    QueueCounts c = status.counts(queue);
    if (c.live() + c.dead() > 0) {
      return false;
    }
    queues.forget(queue);
    return true;
  }
}
