package io.taskq.bench.jmh;

import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.TaskEnvelope;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The envelope codec on a small task, as every submit (encodeArgs, encode) and every claimed task
 * (decode, decodeArgs) uses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeCodecBenchmark {
  /** A small payload, like a notification task's. */
  public record SendEmail(String to, String template, long userId) {}

  private final EnvelopeCodec codec = new EnvelopeCodec(1024 * 1024);
  private TaskEnvelope envelope;
  private String encoded;
  private String args;

  @Setup
  public void setUp() {
    args = codec.encodeArgs(new SendEmail("user@example.com", "welcome", 42L), "email",
        "email.send");
    envelope = TaskEnvelope.submitted("0190f0b1-8c3a-7c2e-9d4b-1a2b3c4d5e6f",
        "email.send", "email", args, Map.of("correlationId", "req-1"), "req-1",
        Instant.ofEpochMilli(1_750_000_000_000L));
    encoded = codec.encode(envelope);
  }

  @Benchmark
  public String encodeArgs() {
    return codec.encodeArgs(new SendEmail("user@example.com", "welcome", 42L), "email",
        "email.send");
  }

  @Benchmark
  public String encode() {
    return codec.encode(envelope);
  }

  @Benchmark
  public TaskEnvelope decode() {
    return codec.decode(encoded);
  }

  @Benchmark
  public SendEmail decodeArgs() {
    return codec.decodeArgs(args, SendEmail.class, "email", "email.send", envelope.id());
  }
}
