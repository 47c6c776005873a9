package io.taskq.redis;

import io.lettuce.core.ScriptOutputType;
import io.taskq.redis.internal.RedisConnector;
import io.taskq.redis.internal.Script;
import io.taskq.spi.BeatFireResult;
import io.taskq.spi.BeatFiring;
import io.taskq.spi.BeatState;
import io.taskq.spi.BeatStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Beat state in Redis: the leader lease ({@code taskq:beat:leader}), the per-queue firing guard
 * ({@code taskq:{q}:beat}) and entry states ({@code taskq:beat:state}, fields
 * {@code last|taskId|firedAt|next|schedule}, times in ms).
 */
final class RedisBeatStore implements BeatStore {
  private final RedisConnector redis;
  private final Supplier<String> nowArg;

  RedisBeatStore(RedisConnector redis, Supplier<String> nowArg) {
    this.redis = redis;
    this.nowArg = nowArg;
  }

  @Override
  public boolean lead(String holder, Duration lease) {
    Long held = redis.eval(Script.BEAT_LEAD, ScriptOutputType.INTEGER,
        new String[] {RedisKeys.BEAT_LEADER}, holder, Long.toString(lease.toMillis()));
    return held == 1;
  }

  @Override
  public void resign(String holder) {
    redis.eval(Script.BEAT_RESIGN, ScriptOutputType.INTEGER,
        new String[] {RedisKeys.BEAT_LEADER}, holder);
  }

  @Override
  public Optional<String> leader() {
    return Optional.ofNullable(redis.call("beat leader (key " + RedisKeys.BEAT_LEADER + ")", r -> r.get(RedisKeys.BEAT_LEADER)));
  }

  @Override
  public BeatFireResult fire(BeatFiring f) {
    String queue = f.task().queue();
    RedisKeys k = RedisKeys.of(queue);
    redis.call("register queue", r -> r.sadd(RedisKeys.QUEUES, queue));
    Long code = redis.eval(Script.BEAT_FIRE, ScriptOutputType.INTEGER,
        Script.BEAT_FIRE.keys(k), nowArg.get(),
        f.entry(), Long.toString(f.occurrence().toEpochMilli()), f.task().id(),
        f.task().envelope(), f.skipIfPreviousLive() ? "1" : "0");
    return switch (code.intValue()) {
      case 1 -> BeatFireResult.FIRED;
      case 2 -> BeatFireResult.SKIPPED_OVERLAP;
      default -> BeatFireResult.ALREADY_FIRED;
    };
  }

  @Override
  public Map<String, BeatState> states() {
    Map<String, String> raw = redis.call("beat states (key " + RedisKeys.BEAT_STATE + ")", r -> r.hgetall(RedisKeys.BEAT_STATE));
    Map<String, BeatState> out = new LinkedHashMap<>();
    raw.forEach((entry, v) -> out.put(entry, decode(v)));
    return out;
  }

  @Override
  public void saveState(String entry, BeatState s) {
    String v = ms(s.lastOccurrence()) + "|" + (s.lastTaskId() == null ? "" : s.lastTaskId()) + "|"
        + ms(s.firedAt()) + "|" + ms(s.nextOccurrence()) + "|"
        + (s.schedule() == null ? "" : s.schedule());
    redis.call("save beat state", r -> r.hset(RedisKeys.BEAT_STATE, entry, v));
  }

  private static String ms(@Nullable Instant i) {
    return i == null ? "" : Long.toString(i.toEpochMilli());
  }

  private static BeatState decode(String v) {
    String[] p = v.split("\\|", 5);
    return new BeatState(instant(p, 0), p.length > 1 && !p[1].isEmpty() ? p[1] : null,
        instant(p, 2), instant(p, 3), p.length > 4 && !p[4].isEmpty() ? p[4] : null);
  }

  private static @Nullable Instant instant(String[] parts, int i) {
    return parts.length > i && !parts[i].isEmpty()
        ? Instant.ofEpochMilli(Long.parseLong(parts[i])) : null;
  }
}
