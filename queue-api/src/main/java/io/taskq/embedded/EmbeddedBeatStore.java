package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.BeatFireResult;
import io.taskq.spi.BeatFiring;
import io.taskq.spi.BeatState;
import io.taskq.spi.BeatStore;
import io.taskq.spi.Broker;
import io.taskq.spi.StoredTask;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The beat state of an {@link EmbeddedBroker}, in memory; one lock makes each call atomic. */
final class EmbeddedBeatStore implements BeatStore {
  private final Broker broker;
  private final InstantSource clock;
  private final Map<String, Long> guard = new HashMap<>(); // queue + entry -> last occurrence
  private final Map<String, Long> lastTask = new HashMap<>(); // queue + entry -> last enqueued
  private final Map<String, BeatState> states = new LinkedHashMap<>();
  private @Nullable String leader;
  private long leaderExpiry;

  EmbeddedBeatStore(Broker broker, InstantSource clock) {
    this.broker = broker;
    this.clock = clock;
  }

  @Override
  public synchronized boolean lead(String holder, Duration lease) {
    long now = clock.millis();
    if (leader == null || leaderExpiry <= now || leader.equals(holder)) {
      leader = holder;
      leaderExpiry = now + lease.toMillis();
      return true;
    }
    return false;
  }

  @Override
  public synchronized void resign(String holder) {
    if (holder.equals(leader)) {
      leader = null;
    }
  }

  @Override
  public synchronized Optional<String> leader() {
    return leader != null && leaderExpiry > clock.millis() ? Optional.of(leader) : Optional.empty();
  }

  @Override
  public synchronized BeatFireResult fire(BeatFiring f) {
    String key = f.task().queue() + "\u0000" + f.entry();
    long occurrence = f.occurrence().toEpochMilli();
    Long last = guard.get(key);
    if (last != null && last >= occurrence) {
      return BeatFireResult.ALREADY_FIRED;
    }
    guard.put(key, occurrence);
    Long previousOccurrence = lastTask.get(key);
    if (f.skipIfPreviousLive() && previousOccurrence != null) {
      String previous = "beat:" + f.entry() + ":" + previousOccurrence;
      Optional<StoredTask> prev = broker.find(f.task().queue(), previous);
      if (prev.isPresent() && prev.get().state() != TaskState.DEAD
          && prev.get().state() != TaskState.SUCCEEDED) {
        return BeatFireResult.SKIPPED_OVERLAP;
      }
    }
    lastTask.put(key, occurrence);
    broker.enqueue(List.of(f.task()));
    return BeatFireResult.FIRED;
  }

  @Override
  public synchronized Map<String, BeatState> states() {
    return Map.copyOf(states);
  }

  @Override
  public synchronized void saveState(String entry, BeatState state) {
    states.put(entry, state);
  }
}
