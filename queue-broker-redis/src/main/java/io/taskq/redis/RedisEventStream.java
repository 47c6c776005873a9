package io.taskq.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.taskq.redis.internal.RedisConnector;
import io.taskq.spi.EventPage;
import io.taskq.spi.EventStream;
import io.taskq.spi.TaskEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Task events in the Redis stream {@link RedisKeys#EVENTS}, one entry per event with the fields
 * {@code type queue task id attempt worker host ts error message} (absent when unknown; {@code ts}
 * in ms). Appends are plain {@code XADD MAXLEN ~} commands, a batch written at once (pipelined)
 * on a connection of their own, never waited for; reads are {@code XRANGE}/{@code XREVRANGE} on
 * the shared connection, or {@code XREAD BLOCK} on a blocking connection of their own when they
 * may wait. Cursors are stream entry ids.
 */
final class RedisEventStream implements EventStream {
  private final RedisConnector redis;

  RedisEventStream(RedisConnector redis) {
    this.redis = redis;
  }

  @Override
  public CompletionStage<Void> append(List<TaskEvent> events, long maxLen) {
    if (maxLen < 1) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("maxLen must be >= 1, was " + maxLen));
    }
    XAddArgs args = XAddArgs.Builder.maxlen(maxLen).approximateTrimming();
    try {
      return redis.pipelined(r -> {
        List<RedisFuture<?>> sent = new ArrayList<>(events.size());
        for (TaskEvent e : events) {
          sent.add(r.xadd(RedisKeys.EVENTS, args, fields(e)));
        }
        return sent;
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Map<String, String> fields(TaskEvent e) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("type", e.type().word());
    f.put("queue", e.queue());
    f.put("task", e.task());
    f.put("id", e.taskId());
    f.put("attempt", Integer.toString(e.attempt()));
    putIfSet(f, "worker", e.worker());
    f.put("host", e.host());
    f.put("ts", Long.toString(e.time().toEpochMilli()));
    putIfSet(f, "error", e.errorType());
    putIfSet(f, "message", e.errorMessage());
    return f;
  }

  @Override
  public EventPage read(@Nullable String cursor, int limit, Duration wait) {
    EventStream.checkLimit(limit, 1);
    if (!wait.isZero()) {
      // XREAD BLOCK 0 waits for ever: at least 1 ms
      Duration block = wait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : wait;
      List<StreamMessage<String, String>> got = redis.callBlocking(RedisKeys.EVENTS,
          RedisKeys.EVENTS, block, r -> r.xread(XReadArgs.Builder.block(block).count(limit),
              XReadArgs.StreamOffset.from(RedisKeys.EVENTS, cursor == null ? "0-0" : cursor)));
      return page(got == null ? List.of() : got, cursor);
    }
    Range<String> range = Range.from(cursor == null ? Range.Boundary.unbounded()
        : Range.Boundary.excluding(cursor), Range.Boundary.unbounded());
    List<StreamMessage<String, String>> got = redis.call("read events (key " + RedisKeys.EVENTS
        + ")", r -> r.xrange(RedisKeys.EVENTS, range, Limit.from(limit)));
    return page(got, cursor);
  }

  @Override
  public EventPage latest(int limit) {
    EventStream.checkLimit(limit, 0);
    List<StreamMessage<String, String>> got = new ArrayList<>(redis.call("read events (key "
        + RedisKeys.EVENTS + ")", r -> r.xrevrange(RedisKeys.EVENTS, Range.unbounded(),
            Limit.from(Math.max(1, limit)))));
    String newest = got.isEmpty() ? null : got.getFirst().getId();
    List<StreamMessage<String, String>> kept = new ArrayList<>(got.subList(0,
        Math.min(limit, got.size())));
    java.util.Collections.reverse(kept);
    return new EventPage(page(kept, null).events(), newest);
  }

  private static EventPage page(List<StreamMessage<String, String>> got,
      @Nullable String cursor) {
    List<TaskEvent> events = new ArrayList<>(got.size());
    String last = cursor;
    for (StreamMessage<String, String> m : got) {
      last = m.getId();
      TaskEvent e = decode(m.getBody());
      if (e != null) {
        events.add(e);
      }
    }
    return new EventPage(events, last);
  }

  /** The event of an entry, or null for an entry another program wrote in another shape. */
  private static @Nullable TaskEvent decode(Map<String, String> f) {
    try {
      return new TaskEvent(TaskEvent.Type.of(f.getOrDefault("type", "")),
          f.getOrDefault("queue", ""), f.getOrDefault("task", ""), f.getOrDefault("id", ""),
          Integer.parseInt(f.getOrDefault("attempt", "0")), f.get("worker"),
          f.getOrDefault("host", ""), Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("ts",
              "0"))), f.get("error"), f.get("message"));
    } catch (IllegalArgumentException e) { // NumberFormatException too
      return null;
    }
  }

  private static void putIfSet(Map<String, String> fields, String key, @Nullable String value) {
    if (value != null) {
      fields.put(key, value);
    }
  }
}
