package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.PageRequest;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskPage;
import io.taskq.spi.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link io.taskq.spi.QueueAdmin#page} on the embedded broker, as {@code list_page.lua} does it:
 * cursors {@code score:id} (scored states) and {@code position:id} (PENDING). Called under the
 * broker's lock.
 */
final class TaskPages {
  /** The task name at the head of a stored envelope, as {@code list_page.lua} reads it. */
  private static final Pattern TASK_NAME =
      Pattern.compile("\\{\"v\":\\d+,\"id\":\"[^\"]*\",\"task\":\"([^\"]*)\"");

  private TaskPages() {}

  static TaskPage page(QueueState s, String queue, TaskState state, PageRequest r, long now) {
    long afterN = 0;
    String afterId = null;
    if (r.after() != null) {
      int colon = r.after().indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("not a cursor of this broker: " + r.after());
      }
      afterN = Long.parseLong(r.after().substring(0, colon));
      afterId = r.after().substring(colon + 1);
    }
    s.kept.expire(now);
    List<StoredTask> out = new ArrayList<>();
    String next = null;
    if (state == TaskState.PENDING) {
      List<String> ids = s.pending.stream().toList();
      int start = 0;
      if (afterId != null) {
        int at = ids.indexOf(afterId);
        start = at >= 0 ? at + 1 : (int) Math.min(Integer.MAX_VALUE, afterN + 1);
      }
      start = (int) Math.min(Integer.MAX_VALUE, start + r.skip());
      for (int i = start; i < Math.min(ids.size(), start + r.limit()); i++) {
        String id = ids.get(i);
        String env = s.tasks.get(id);
        int crashed = s.crashes.getOrDefault(id, 0);
        if (nameFits(name(env), r.taskName()) && errorFits(env, null, crashed, r.errorClass())) {
          out.add(new StoredTask(queue, id, state, env, null, null, crashed));
        }
        if (i == start + r.limit() - 1) {
          next = i + ":" + id;
        }
      }
      return new TaskPage(out, next);
    }
    boolean fin = state.isFinal() && state != TaskState.DEAD;
    ScoredSet set = switch (state) {
      case ACTIVE -> s.active;
      case SCHEDULED -> s.scheduled;
      case RETRY -> s.retry;
      case DEAD -> s.dead;
      default -> s.kept.expiry;
    };
    long least = fin ? now + 1 : r.since() != null ? r.since().toEpochMilli() : Long.MIN_VALUE;
    int read = 0;
    long skipped = 0;
    for (String id : set.upTo(Long.MAX_VALUE, Integer.MAX_VALUE)) {
      long score = Objects.requireNonNull(set.score(id));
      if (score < least || (afterId != null && (score < afterN
          || (score == afterN && id.compareTo(afterId) <= 0)))) {
        continue; // before the cursor or below the least score
      }
      if (skipped < r.skip()) {
        skipped++;
        continue;
      }
      if (fin) {
        TaskRecord rec = s.kept.record(id);
        TaskState st = rec == null ? TaskState.SUCCEEDED : rec.state();
        if (st == state && nameFits(rec == null ? null : rec.taskName(), r.taskName())
            && (r.errorClass() == null || (rec != null && mentions(recordText(rec),
                r.errorClass())))) {
          out.add(new StoredTask(queue, id, state, null, null, null, 0, rec,
              s.kept.result(id)));
        }
      } else {
        String env = s.tasks.get(id);
        TaskRecord dlqRecord = state == TaskState.DEAD && s.kept.contains(id)
            ? s.kept.record(id) : null;
        int crashed = s.crashes.getOrDefault(id, 0);
        if (nameFits(name(env), r.taskName()) && errorFits(env, dlqRecord, crashed,
            r.errorClass())) {
          Lease l = state == TaskState.ACTIVE ? s.leases.get(id) : null;
          out.add(new StoredTask(queue, id, state, env, Instant.ofEpochMilli(score),
              l == null ? null : l.info(score), crashed, dlqRecord, null));
        }
      }
      if (++read == r.limit()) {
        next = score + ":" + id;
        break;
      }
    }
    return new TaskPage(out, next);
  }

  private static @Nullable String name(@Nullable String env) {
    Matcher m = env == null ? null : TASK_NAME.matcher(env);
    return m != null && m.lookingAt() ? m.group(1) : null;
  }

  /**
   * Whether a task may have failed with {@code wanted}, as {@code list_page.lua} decides it: its
   * envelope mentions {@code "CLASS"} or {@code .CLASS"}, or its record mentions the class, or it
   * crashed, or its envelope cannot be read.
   */
  private static boolean errorFits(@Nullable String env, @Nullable TaskRecord record, int crashed,
      @Nullable String wanted) {
    if (wanted == null || crashed > 0 || env == null || name(env) == null) {
      return true;
    }
    return env.contains("\"" + wanted + "\"") || env.contains("." + wanted + "\"")
        || (record != null && mentions(recordText(record), wanted));
  }

  private static boolean mentions(String text, String wanted) {
    return text.contains(wanted);
  }

  /** A record's error as the Redis broker stores it, for the error-class filter. */
  private static String recordText(TaskRecord r) {
    return r.error() == null ? "" : r.error().type() + "|" + r.error().message();
  }

  private static boolean nameFits(@Nullable String name, @Nullable String wanted) {
    return wanted == null || name == null || name.equals(wanted);
  }
}
