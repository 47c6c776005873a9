package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskq events} through the real launcher, against a worker process. */
class EventsLauncherIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Launcher taskq;
  private final List<Run> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    REDIS.server().cli("FLUSHALL");
    Files.writeString(dir.resolve("taskq.yaml"),
        "queues:\n  \"*\": {}\nevents:\n  enabled: true\n  maxLen: 10000\n");
    taskq = new Launcher(dir);
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
  }

  private Run start(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    Run r = taskq.start(all.toArray(String[]::new));
    started.add(r);
    return r;
  }

  private Run run(String... args) {
    Run r = start(args);
    r.exitCode(Duration.ofMinutes(1));
    return r;
  }

  /** The event types of {@code id} in lines of the human form, in order. */
  private static List<String> typesIn(String text, String id) {
    List<String> types = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\S+  (\\w+)\\s+ev  probe\\.noop  " + Pattern.quote(id)
        + "\\b").matcher(text);
    while (m.find()) {
      types.add(m.group(1));
    }
    return types;
  }

  @Test
  void followPrintsATasksEventsInOrderAndJsonListsThem() {
    Run follow = start("events", "--follow", "-Q", "ev");
    start("worker", "-Q", "ev", "-c", "2");
    Run call = run("call", "probe.noop", "-Q", "ev");
    assertThat(call.exitCode(Duration.ZERO)).as(call.stderr()).isZero();
    String id = call.stdout().strip();

    await().atMost(Duration.ofSeconds(30)).until(() -> typesIn(follow.stdout(), id),
        t -> t.equals(List.of("sent", "started", "succeeded")));
    assertThat(follow.process().isAlive()).isTrue();

    Run dump = run("events", "--json");
    assertThat(dump.exitCode(Duration.ZERO)).as(dump.stderr()).isZero();
    List<JsonNode> mine = dump.stdout().lines().map(EventsLauncherIT::parse)
        .filter(e -> e.path("taskId").asText().equals(id)).toList();
    assertThat(mine).extracting(e -> e.path("type").asText())
        .containsExactly("sent", "started", "succeeded");
    assertThat(mine).allSatisfy(e -> {
      assertThat(e.path("queue").asText()).isEqualTo("ev");
      assertThat(e.path("taskName").asText()).isEqualTo("probe.noop");
      assertThat(e.path("occurredAt").asText()).endsWith("Z");
      assertThat(e.path("error").isNull()).isTrue();
      assertThat(e.has("args") || e.has("payload") || e.has("result")).isFalse();
    });
    assertThat(mine.get(2).path("workerId").asText()).isNotBlank();

    Run bad = run("events", "--limit", "5000");
    assertThat(bad.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(bad.stderr().strip()).isEqualTo("taskq: --limit must be between 0 and 1000, was"
        + " 5000 (see 'taskq events --help')").doesNotContain("\n");
  }

  @Test
  void anEmptyStreamWithEventsOffSaysHowToTurnThemOn() throws IOException {
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  \"*\": {}\n");

    Run empty = run("events");

    assertThat(empty.exitCode(Duration.ZERO)).isZero();
    assertThat(empty.stdout()).isEmpty();
    assertThat(empty.stderr().strip()).startsWith("taskq: no events: ")
        .contains("events.enabled").doesNotContain("\n");
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
