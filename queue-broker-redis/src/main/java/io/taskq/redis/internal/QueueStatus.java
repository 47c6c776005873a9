package io.taskq.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.taskq.TaskState;
import io.taskq.redis.RedisKeys;
import io.taskq.spi.LeaseInfo;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import java.time.Instant;
import io.taskq.spi.PageRequest;
import io.taskq.spi.TaskPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a queue holds and whether it is paused: counts, one task by id, a task's result. */
public record QueueStatus(RedisConnector redis, RedisTime time, QueueRegistry queues) {
  /** See {@link io.taskq.spi.Broker#counts}. */
  public QueueCounts counts(String queue) {
    List<Long> c = redis.eval(Script.COUNTS, ScriptOutputType.MULTI,
        Script.COUNTS.keys(RedisKeys.of(queue)));
    return new QueueCounts(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4));
  }

  /** See {@link io.taskq.spi.Broker#find}. */
  public Optional<StoredTask> find(String queue, String id) {
    List<Object> out = redis.eval(Script.FIND, ScriptOutputType.MULTI,
        Script.FIND.keys(RedisKeys.of(queue)),
        time.arg(), id);
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

  /** See {@link io.taskq.spi.QueueAdmin#page}: one call of {@code list_page.lua}. */
  public TaskPage page(String queue, TaskState state, PageRequest request) {
    String cursor = request.after() == null ? "" : request.after();
    if (!cursor.isEmpty() && cursor.indexOf(':') < 1) {
      throw new IllegalArgumentException("not a cursor of this broker: " + cursor);
    }
    List<Object> out = redis.eval(Script.LIST_PAGE, ScriptOutputType.MULTI,
        Script.LIST_PAGE.keys(RedisKeys.of(queue)), time.arg(), state.name(), cursor,
        Integer.toString(request.limit()), request.taskName() == null ? "" : request.taskName(),
        request.since() == null ? "" : Long.toString(request.since().toEpochMilli()),
        Long.toString(request.skip()), request.errorClass() == null ? "" : request.errorClass());
    List<StoredTask> tasks = new ArrayList<>((out.size() - 1) / 7);
    for (int i = 1; i + 6 < out.size(); i += 7) {
      String id = (String) out.get(i);
      Instant score = Scores.instant((String) out.get(i + 2));
      LeaseInfo lease = out.get(i + 3) == null || score == null ? null
          : LeaseField.parse((String) out.get(i + 3), score);
      TaskRecord record = out.get(i + 5) == null ? null : RecordField.parse((String) out.get(i + 5));
      if (state.isFinal() && state != TaskState.DEAD && out.get(i + 5) != null
          && record == null) {
        continue; // a record this version cannot read: not listed, as ids() leaves it out
      }
      tasks.add(new StoredTask(queue, id, state, (String) out.get(i + 1), score, lease,
          ((Long) out.get(i + 4)).intValue(), record, (String) out.get(i + 6)));
    }
    return new TaskPage(tasks, (String) out.get(0));
  }

  /** See {@link io.taskq.spi.Broker#result}. */
  public Optional<String> result(String queue, String id) {
    String out = redis.eval(Script.RESULT, ScriptOutputType.VALUE,
        Script.RESULT.keys(RedisKeys.of(queue)), time.arg(), id);
    return Optional.ofNullable(out);
  }

  /** See {@link io.taskq.spi.Broker#setPaused}. */
  public void setPaused(String queue, boolean paused) {
    queues.register(queue);
    redis.eval(Script.PAUSE, ScriptOutputType.INTEGER, Script.PAUSE.keys(RedisKeys.of(queue)),
        time.arg(), paused ? "1" : "0");
  }

  /** See {@link io.taskq.spi.Broker#isPaused}. */
  public boolean isPaused(String queue) {
    String paused = RedisKeys.of(queue).paused();
    return redis.call("read pause flag", r -> r.exists(paused)) == 1L;
  }
}
