package io.taskq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.PayloadException;
import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
  private final EnvelopeCodec codec = new EnvelopeCodec(1 << 20);
  private final Instant t0 = Instant.ofEpochMilli(1_700_000_000_123L);

  private TaskEnvelope full(String args) {
    TaskError boom = new TaskError("java.lang.IllegalStateException", "boom \"quoted\" {x}",
        "at a.b(C.java:1)");
    return new TaskEnvelope(EnvelopeCodec.VERSION, "id-1", "email.send", "emails", args,
        Map.of("h1", "v1"), "corr-9", t0, 2,
        List.of(new TaskAttempt(1, "w-1", t0, t0.plusMillis(5), "failed", boom)), boom, null,
        new TaskControls(7, t0.plusSeconds(60), Duration.ofSeconds(9), Duration.ofSeconds(4)));
  }

  @Test
  void decodesWhatItEncodes() {
    for (String args : List.of("{\"to\":\"a@b\",\"n\":[1,{\"x\":\"}]\"}],\"s\":\"\\\"{\"}", "[]",
        "null", "42", "\"text\"", "{}")) {
      TaskEnvelope e = full(args);
      assertThat(codec.decode(codec.encode(e))).usingRecursiveComparison().isEqualTo(e);
    }
  }

  @Test
  void argumentsAreKeptAsWrittenAndFieldsMayComeInAnyOrder() {
    String text = "{\"queue\":\"q\",\"args\" : { \"a\" : [1, 2] } ,\"id\":\"x\",\"v\":1,"
        + "\"task\":\"t\",\"unknown\":{\"y\":[1]},\"createdAt\":5}";
    TaskEnvelope e = codec.decode(text);
    assertThat(e.args()).isEqualTo("{ \"a\" : [1, 2] }");
    assertThat(e.id()).isEqualTo("x");
    assertThat(e.createdAt()).isEqualTo(Instant.ofEpochMilli(5));
    assertThat(e.headers()).isEmpty();
    assertThat(e.history()).isEmpty();
    assertThat(e.lastError()).isNull();
  }

  @Test
  void rejectsWhatIsNotAnEnvelopeWithoutQuotingIt() {
    String ok = codec.encode(full("{\"secret\":\"s3cret\"}"));
    Map<String, String> cases = Map.of(
        "\u0001 s3cret garbage", "stored task is not valid JSON",
        ok.substring(0, ok.length() / 2), "stored task is not valid JSON",
        "[1,2]", "stored task is not a JSON object",
        ok.replace("\"v\":1", "\"v\":2"), "envelope version 2, this worker reads version 1",
        ok.replace("\"v\":1", "\"v\":\"1\""), "envelope version \"1\"",
        ok.replace("\"id\":\"id-1\"", "\"id\":\"\""), "has no 'id' field",
        ok.replace("\"task\":\"email.send\",", ""), "has no 'task' field",
        ok.replace("\"args\":{\"secret\":\"s3cret\"},", ""), "stored task id-1 has no args");
    cases.forEach((text, message) -> assertThatThrownBy(() -> codec.decode(text))
        .as(text).isInstanceOf(PayloadException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret")));
  }

  @Test
  void submittedTaskStartsWithNoRetriesHistoryOrError() {
    TaskEnvelope e = TaskEnvelope.submitted("id-2", "email.send", "emails", "{}",
        Map.of("h", "v"), null, t0);
    assertThat(e.version()).isEqualTo(EnvelopeCodec.VERSION);
    assertThat(e.attempt()).isEqualTo(1);
    assertThat(e.history()).isEmpty();
    assertThat(e.lastError()).isNull();
    assertThat(e.raw()).isNull();
    assertThat(codec.decode(codec.encode(e))).usingRecursiveComparison().isEqualTo(e);
  }

  @Test
  void rejectedTaskKeepsTheStoredTextAndTheReason() {
    TaskEnvelope e = TaskEnvelope.rejected("emails", "id-3", "not json", "not valid JSON", t0);
    assertThat(e.task()).isEqualTo(TaskEnvelope.UNKNOWN_TASK);
    assertThat(e.raw()).isEqualTo("not json");
    assertThat(e.lastError()).isNotNull();
    assertThat(e.lastError().message()).isEqualTo("not valid JSON");
    assertThat(e.history()).singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo("rejected"));
    assertThat(codec.decode(codec.encode(e))).usingRecursiveComparison().isEqualTo(e);
  }

  @Test
  void attemptsAreCappedOldestFirstAndReplayResetsTheRetries() {
    TaskEnvelope e = TaskEnvelope.submitted("id-4", "email.send", "emails", "{}", Map.of(), null,
        t0);
    TaskError boom = TaskError.reason("Boom", "boom");
    for (int n = 1; n <= TaskEnvelope.MAX_HISTORY + 2; n++) {
      e = e.withAttempt(new TaskAttempt(n, "w", t0, t0, "retry", boom), true);
    }
    assertThat(e.retries()).isEqualTo(TaskEnvelope.MAX_HISTORY + 2);
    assertThat(e.history()).hasSize(TaskEnvelope.MAX_HISTORY);
    assertThat(e.history().get(0).number()).isEqualTo(3);
    assertThat(e.lastError()).isEqualTo(boom);

    TaskEnvelope replayed = e.replayed(t0.plusSeconds(1));
    assertThat(replayed.retries()).isZero();
    assertThat(replayed.history()).hasSize(TaskEnvelope.MAX_HISTORY);
    assertThat(replayed.history().getLast().outcome()).isEqualTo("replayed");
    assertThat(replayed.lastError()).isEqualTo(boom);
  }
}
