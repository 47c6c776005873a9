package io.taskq.beat;

/** What a new leader does with occurrences missed while no leader was alive. */
public enum MisfirePolicy {
  /** Fire the latest missed occurrence once (default). */
  FIRE_ONCE,
  /** Fire none of them; wait for the next occurrence. */
  SKIP,
  /** Fire the most recent missed occurrences, up to the entry's {@code catchUpLimit}, oldest first. */
  CATCH_UP
}
