package io.taskq.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Enqueue-to-start latencies recorded by handlers; percentiles by nearest rank. Thread-safe. */
final class Latencies {
  private double[] values = new double[4096];
  private int size;

  synchronized void record(double ms) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = ms;
  }

  synchronized int count() {
    return size;
  }

  /** p50, p99 and max in ms, or zeros when nothing was recorded. */
  synchronized Summary summary() {
    if (size == 0) {
      return new Summary(0, 0, 0);
    }
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return new Summary(rank(sorted, 0.50), rank(sorted, 0.99), sorted[size - 1]);
  }

  private static double rank(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  record Summary(double p50, double p99, double max) {
    /** The report columns p50Ms, p99Ms and maxMs. */
    Map<String, Object> columns() {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("p50Ms", Report.round(p50, 3));
      c.put("p99Ms", Report.round(p99, 3));
      c.put("maxMs", Report.round(max, 3));
      return c;
    }
  }
}
