package io.taskq.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What beat keeps in the broker: the leader lease, the per-queue guard that fires each occurrence
 * at most once, and each entry's last and next fire. Thread-safe.
 */
public interface BeatStore {
  /**
   * Takes the leader lease when it is free, or renews it when {@code holder} holds it, for
   * {@code lease}. Blocking (one round trip).
   *
   * @return true when {@code holder} holds the lease afterwards
   */
  boolean lead(String holder, Duration lease);

  /** Releases the lease if {@code holder} holds it (clean stop); a no-op otherwise. */
  void resign(String holder);

  /** The current holder of the leader lease, if any. */
  Optional<String> leader();

  /**
   * Enqueues the task of one occurrence unless the queue's guard shows this entry already fired
   * this or a later occurrence. With {@link BeatFiring#skipIfPreviousLive()}, an occurrence whose
   * previous task is still waiting or running is skipped (and counts as fired). Atomic and
   * idempotent: two replicas firing the same occurrence enqueue it once.
   */
  BeatFireResult fire(BeatFiring firing);

  /** The last and next fire of every entry that has fired, by entry name. */
  Map<String, BeatState> states();

  /** Records an entry's last and next fire. */
  void saveState(String entry, BeatState state);
}
