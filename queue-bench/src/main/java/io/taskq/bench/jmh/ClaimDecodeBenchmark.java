package io.taskq.bench.jmh;

import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.TaskEnvelope;
import io.taskq.internal.TaskIds;
import io.taskq.redis.internal.ClaimReply;
import io.taskq.spi.ClaimedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A claim script's reply, as Lettuce hands it over (a flat list of Longs and Strings), decoded
 * into claimed tasks ({@code tasks}) and, as the worker then does for each, their envelopes
 * ({@code tasksAndEnvelopes}). Per batch of {@code batch} tasks of a small payload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClaimDecodeBenchmark {
  private static final Duration LEASE = Duration.ofSeconds(30);

  @Param({"1", "16", "100"})
  public int batch;

  private final EnvelopeCodec codec = new EnvelopeCodec(1024 * 1024);
  private List<Object> reply = List.of();

  @Setup
  public void setUp() {
    long now = 1_750_000_000_000L;
    List<Object> out = new ArrayList<>(List.of(now, -1L, 0L));
    String args = codec.encodeArgs(
        new EnvelopeCodecBenchmark.SendEmail("user@example.com", "welcome", 42L), "email",
        "email.send");
    for (int i = 0; i < batch; i++) {
      String id = TaskIds.next();
      out.add(id);
      out.add(codec.encode(TaskEnvelope.submitted(id, "email.send", "email", args,
          Map.of("correlationId", "req-" + i), "req-" + i, Instant.ofEpochMilli(now - 5))));
      out.add(0L);
      out.add(0L);
    }
    reply = out;
  }

  @Benchmark
  public List<ClaimedTask> tasks() {
    return ClaimReply.tasks(reply, "email", "0190f0b1-8c3a-7c2e-9d4b-1a2b3c4d5e6f", LEASE);
  }

  @Benchmark
  public void tasksAndEnvelopes(Blackhole bh) {
    for (ClaimedTask t : ClaimReply.tasks(reply, "email", "0190f0b1-8c3a-7c2e-9d4b-1a2b3c4d5e6f",
        LEASE)) {
      bh.consume(codec.decode(t.envelope() == null ? "" : t.envelope()));
    }
  }
}
