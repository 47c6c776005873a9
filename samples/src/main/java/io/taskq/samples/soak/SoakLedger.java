package io.taskq.samples.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which sequence numbers ran: one bit per number, set by the first run; every later run of the
 * same number is a duplicate. Thread-safe and lock-free (handlers call {@link #ran} concurrently).
 */
final class SoakLedger {
  private final long capacity;
  private final AtomicLongArray bits;
  private final LongAdder completed = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder foreign = new LongAdder();

  SoakLedger(long capacity) {
    this.capacity = capacity;
    this.bits = new AtomicLongArray((int) ((capacity + 63) / 64));
  }

  /** Records one successful run of {@code seq}. */
  void ran(long seq) {
    if (seq < 0 || seq >= capacity) {
      foreign.increment();
      return;
    }
    int word = (int) (seq >>> 6);
    long bit = 1L << (seq & 63);
    while (true) {
      long old = bits.get(word);
      if ((old & bit) != 0) {
        duplicates.increment();
        return;
      }
      if (bits.compareAndSet(word, old, old | bit)) {
        completed.increment();
        return;
      }
    }
  }

  /** Task from another soak run (another run id), not counted. */
  void foreign() {
    foreign.increment();
  }

  /** Distinct sequence numbers that ran. */
  long completed() {
    return completed.sum();
  }

  /** Runs beyond the first of a sequence number. */
  long duplicates() {
    return duplicates.sum();
  }

  /** Tasks of another run (or out of range) that the workers met. */
  long foreignRuns() {
    return foreign.sum();
  }

  /** How many of {@code [0, submitted)} never ran. */
  long lost(long submitted) {
    long ran = 0;
    long full = submitted >>> 6;
    for (int w = 0; w < full; w++) {
      ran += Long.bitCount(bits.get(w));
    }
    int rest = (int) (submitted & 63);
    if (rest > 0) {
      ran += Long.bitCount(bits.get((int) full) & ((1L << rest) - 1));
    }
    return submitted - ran;
  }

  /** The first {@code max} sequence numbers of {@code [0, submitted)} that never ran. */
  List<Long> lostSample(long submitted, int max) {
    List<Long> out = new ArrayList<>();
    for (long s = 0; s < submitted && out.size() < max; s++) {
      if ((bits.get((int) (s >>> 6)) & (1L << (s & 63))) == 0) {
        out.add(s);
      }
    }
    return out;
  }
}
