package io.taskq.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.taskq.TaskState;
import io.taskq.redis.RedisKeys;
import io.taskq.spi.FollowUp;
import io.taskq.spi.TaskRecord;
import io.taskq.spi.WorkflowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chains and groups on Redis: their records ({@code lua/workflow_create.lua},
 * {@code lua/workflow_settle.lua}, one slot per workflow) and the queues' outboxes of settled
 * follow-ups ({@code lua/lib/links.lua} writes them; plain list commands on one key read and
 * remove them).
 */
public final class RedisWorkflows implements WorkflowStore {
  private final RedisConnector redis;
  private final RedisTime time;

  public RedisWorkflows(RedisConnector redis, RedisTime time) {
    this.redis = redis;
    this.time = time;
  }

  @Override
  public boolean create(String id, Map<String, String> fields, Duration ttl) {
    String[] args = new String[1 + fields.size() * 2];
    args[0] = Long.toString(ttl.toMillis());
    int i = 1;
    for (var e : fields.entrySet()) {
      args[i++] = e.getKey();
      args[i++] = e.getValue();
    }
    Long created = redis.eval(Script.WORKFLOW_CREATE, ScriptOutputType.INTEGER,
        new String[] {RedisKeys.workflow(id)}, args);
    return created == 1;
  }

  @Override
  public Map<String, String> read(String id) {
    return redis.call("read workflow", r -> r.hgetall(RedisKeys.workflow(id)));
  }

  @Override
  public Settled settle(String id, int index, TaskState state, @Nullable String result,
      @Nullable String failure, Duration ttl) {
    List<Object> out = redis.eval(Script.WORKFLOW_SETTLE, ScriptOutputType.MULTI,
        new String[] {RedisKeys.workflow(id)}, time.arg(), Long.toString(ttl.toMillis()),
        Integer.toString(index), state.name(), result == null ? "" : result,
        failure == null ? "" : failure);
    if (out.isEmpty()) {
      return Settled.NOTHING;
    }
    String spec = (String) out.get(1);
    if ("errback".equals(out.get(0))) {
      return new Settled(null, spec, List.of());
    }
    List<String> results = new ArrayList<>(out.size() - 2);
    for (int i = 2; i < out.size(); i++) {
      results.add((String) out.get(i));
    }
    return new Settled(spec, null, results);
  }

  /** See {@link io.taskq.spi.Broker#followUps}. */
  public List<FollowUp> followUps(String queue, int max) {
    List<String> entries = redis.call("read follow-ups",
        r -> r.lrange(RedisKeys.of(queue).outbox(), 0, max - 1L));
    List<FollowUp> out = new ArrayList<>(entries.size());
    for (String entry : entries) {
      FollowUp f = parse(entry);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** See {@link io.taskq.spi.Broker#followUpDone}. */
  public void followUpDone(String queue, FollowUp followUp) {
    redis.call("remove follow-up", r -> r.lrem(RedisKeys.of(queue).outbox(), 1, followUp.entry()));
  }

  /** An outbox entry ({@code lua/lib/links.lua}), or null when it is not one. */
  static @Nullable FollowUp parse(String entry) {
    String[] p = entry.split("\n", 5);
    if (p.length < 5) {
      return null;
    }
    TaskState state;
    try {
      state = TaskState.valueOf(p[0]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    TaskRecord record = p[4].isEmpty() ? null : RecordField.parse(p[4]);
    return new FollowUp(p[1], state, record == null ? null : record.taskName(),
        p[3].isEmpty() ? null : p[3], record == null ? null : record.error(), p[2], entry);
  }
}
