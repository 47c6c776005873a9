package io.taskq.bench.jmh;

import io.taskq.internal.TaskIds;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** UUIDv7 task ids: one per submitted task, on the submitter's thread. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskIdsBenchmark {
  @Benchmark
  public String next() {
    return TaskIds.next();
  }

  /** Two submitter threads share the monotonic counter. */
  @Benchmark
  @Threads(2)
  public String nextContended() {
    return TaskIds.next();
  }
}
