package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.Inspector;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskq soak} through the real launcher: a short run, its summary and exit codes. */
class SoakCommandIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Launcher taskq;

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    taskq = new Launcher(dir);
  }

  @Test
  void shortSoakLosesNothingAndReportsItsFigures() throws Exception {
    Path json = dir.resolve("soak.json");

    Run r = taskq.run("soak", "--redis", REDIS.url(), "--tasks", "2000", "--duration", "20s",
        "--interval", "1s", "--batch", "250", "--json", json.toString());

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("elapsed", "tasks/s", "redis_MiB", "lost 0, duplicates 0",
        "Redis used_memory: before", "OK: nothing lost");
    JsonNode s = JSON.readTree(json.toFile());
    assertThat(s.get("submitted").asLong()).isEqualTo(2000);
    assertThat(s.get("completed").asLong()).isEqualTo(2000);
    assertThat(s.get("lost").asLong()).isZero();
    assertThat(s.get("duplicates").asLong()).isZero();
    assertThat(s.get("drained").asBoolean()).isTrue();
    assertThat(s.get("outcomes").get("success").asLong()).isGreaterThanOrEqualTo(2000);
    assertThat(s.get("throughput").asDouble()).isPositive();
    assertThat(s.get("maxHeapUsed").asLong()).isPositive();
    assertThat(s.get("maxRss").asLong()).isPositive();
    assertThat(s.get("samples").size()).isPositive();
    JsonNode redis = s.get("redis");
    assertThat(redis.get("before").get("usedMemory").asLong()).isPositive();
    assertThat(redis.get("after").get("usedMemory").asLong()).isPositive();
    assertThat(redis.get("after").get("taskqKeys").asLong()).isPositive();
    // once drained, nothing per task is left: no payloads, no ids in any state, no results
    assertThat(redis.get("after").get("soakKeys")).allSatisfy(k ->
        assertThat(k.asText()).doesNotEndWith(":tasks").doesNotEndWith(":pending")
            .doesNotEndWith(":active").doesNotEndWith(":lease").doesNotEndWith(":results"));
    assertThat(r.stderr()).doesNotContain("password");
  }

  @Test
  void tasksThatNeverRunCountAsLostAndExitOne() throws Exception {
    try (Broker broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()))) {
      Inspector.create(broker, TaskqConfig.DEFAULT).pause("soak-2");
    }
    Path json = dir.resolve("lost.json");

    Run r = taskq.run("soak", "--redis", REDIS.url(), "--tasks", "600", "--queues", "2",
        "--batch", "100", "--duration", "20s", "--interval", "1s", "--drain-timeout", "2s",
        "--json", json.toString());

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isEqualTo(1);
    JsonNode s = JSON.readTree(json.toFile());
    assertThat(s.get("lost").asLong()).isEqualTo(300);
    assertThat(s.get("drained").asBoolean()).isFalse();
    assertThat(s.get("left").get("pending").asLong()).isEqualTo(300);
    assertThat(r.stdout()).contains("FAILED: 300 task(s) lost");
  }

  @Test
  void badArgumentsAreAUsageError() {
    Run r = taskq.run("soak", "--redis", REDIS.url(), "--tasks", "0");

    assertThat(r.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(r.stderr()).contains("--tasks must be 1 to");
  }
}
