package io.taskq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.cli.TaskqCli;
import io.taskq.redis.testing.RedisServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every scenario end to end at tiny sizes against a real redis-server. */
class BenchCommandIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;
  private final StringWriter stdout = new StringWriter();

  @Test
  void enqueueReportsEachModeWithEveryTaskQueued() throws Exception {
    JsonNode report = bench("enqueue", "--tasks", "300", "--bulk", "100", "--warmup", "50");

    assertThat(report.path("scenario").asText()).isEqualTo("enqueue");
    assertThat(report.path("results")).extracting(r -> r.path("mode").asText())
        .containsExactly("submit", "submitAll", "submitAllJson");
    for (JsonNode row : report.path("results")) {
      assertThat(row.path("queued").asLong()).isEqualTo(300);
      assertThat(row.path("tasksPerSecond").asDouble()).isPositive();
    }
    assertThat(stdout.toString()).contains("bench enqueue", "submitAllJson", "tasksPerSecond");
    assertQueueEmpty("bench-enqueue");
  }

  @Test
  void processRunsAndAcksEveryTask() throws Exception {
    JsonNode report = bench("process", "--tasks", "500", "-c", "4", "--warmup", "50",
        "--metrics");
    JsonNode row = report.path("results").get(0);

    assertThat(row.path("processed").asLong()).isEqualTo(500);
    assertThat(row.path("acked").asLong()).isEqualTo(500);
    assertThat(row.path("tasksPerSecond").asDouble()).isPositive();
    // CPU per task of the bench JVM and of the test's redis-server over the 500 tasks
    assertThat(row.path("workerCpuUsPerTask").asDouble()).isPositive();
    assertThat(row.path("redisCpuUsPerTask").asDouble()).isPositive();
    assertThat(report.path("parameters").path("metrics").asBoolean()).isTrue();
    assertQueueEmpty("bench-process");
  }

  @Test
  void processSpreadsTheTasksOverSeveralQueuesAndRunsThemAll() throws Exception {
    JsonNode report = bench("process", "--tasks", "3000", "--queues", "3", "-c", "4",
        "--warmup", "0");
    JsonNode row = report.path("results").get(0);

    assertThat(report.path("parameters").path("queues").asInt()).isEqualTo(3);
    assertThat(row.path("processed").asLong()).isEqualTo(3000);
    assertThat(row.path("acked").asLong()).isEqualTo(3000);
    for (int i = 0; i < 3; i++) {
      String queue = "bench-process-" + i;
      // chunks of 1,000 in turn: each queue got one and ran it
      assertThat(REDIS.server().cli("HGET", "taskq:{" + queue + "}:stats", "processed").trim())
          .as(queue).isEqualTo("1000");
      assertQueueEmpty(queue);
    }
  }

  @Test
  void processRunsAShardedQueueOnEveryShard() throws Exception {
    JsonNode report = bench("process", "--tasks", "2000", "--shards", "4", "-c", "4",
        "--warmup", "0");
    JsonNode row = report.path("results").get(0);

    assertThat(report.path("parameters").path("shards").asInt()).isEqualTo(4);
    assertThat(row.path("processed").asLong()).isEqualTo(2000);
    assertThat(row.path("acked").asLong()).isEqualTo(2000);
    for (int i = 0; i < 4; i++) {
      String shard = "bench-process#" + i;
      // chunks of 1,000 are split over the shards round-robin: each ran its share
      assertThat(Long.parseLong(REDIS.server().cli("HGET", "taskq:{" + shard + "}:stats",
          "processed").trim())).as(shard).isPositive();
      assertQueueEmpty(shard);
    }
  }

  @Test
  void latencyMeasuresEveryTaskAtTheGivenRate() throws Exception {
    JsonNode row = bench("latency", "--rate", "100", "--duration", "1s", "--warmup", "20")
        .path("results").get(0);

    assertThat(row.path("submitted").asLong()).isEqualTo(100);
    assertThat(row.path("processed").asLong()).isEqualTo(100);
    assertThat(row.path("achievedRate").asDouble()).isPositive();
    assertThat(row.path("p50Ms").asDouble()).isPositive()
        .isLessThanOrEqualTo(row.path("p99Ms").asDouble());
    assertThat(row.path("p99Ms").asDouble()).isLessThanOrEqualTo(row.path("maxMs").asDouble());
  }

  @Test
  void floorMeasuresEachPathAndLeavesNoKeyBehind() throws Exception {
    JsonNode report = bench("floor", "--rate", "500", "--duration", "200ms");

    assertThat(report.path("results")).extracting(r -> r.path("path").asText())
        .containsExactly("ping", "lpush-brpop-platform", "lpush-brpop-virtual",
            "publish-virtual");
    for (JsonNode row : report.path("results")) {
      assertThat(row.path("samples").asLong()).isEqualTo(100);
      assertThat(row.path("p50Ms").asDouble()).isPositive()
          .isLessThanOrEqualTo(row.path("p99Ms").asDouble());
    }
    assertQueueEmpty("bench-floor");
  }

  @Test
  void mixedFlatOutProcessesEverythingSubmitted() throws Exception {
    JsonNode row = bench("mixed", "--rate", "0", "--duration", "500ms", "--warmup", "0")
        .path("results").get(0);

    assertThat(row.path("rate").asText()).isEqualTo("flat-out");
    assertThat(row.path("submitted").asLong()).isPositive();
    assertThat(row.path("processed").asLong()).isEqualTo(row.path("submitted").asLong());
    assertThat(row.path("enqueuePerSecond").asDouble()).isPositive();
    assertThat(row.path("processPerSecond").asDouble()).isPositive();
    assertThat(row.path("maxMs").asDouble()).isPositive();
  }

  @Test
  void backlogReportsOneRowPerSizeAndCleansUp() throws Exception {
    JsonNode results = bench("backlog", "--sizes", "0,2000", "--slice", "300", "--warmup", "50")
        .path("results");

    assertThat(results).extracting(r -> r.path("backlog").asLong()).containsExactly(0L, 2000L);
    for (JsonNode row : results) {
      assertThat(row.path("queued").asLong()).isEqualTo(300 + row.path("backlog").asLong());
      assertThat(row.path("processed").asLong()).isGreaterThanOrEqualTo(300);
      assertThat(row.path("tasksPerSecond").asDouble()).isPositive();
      assertThat(row.path("heapMaxMib").asDouble()).isPositive();
    }
    assertQueueEmpty("bench-backlog");
  }

  @Test
  void badOptionIsAUsageError() {
    CommandLine cli = launcher();
    cli.setErr(new PrintWriter(new StringWriter()));

    assertThat(cli.execute("bench", "process", "--redis", REDIS.url(), "--tasks", "0"))
        .isEqualTo(64);
    assertThat(cli.execute("bench", "floor", "--redis", "memory://")).isEqualTo(64);
    assertThat(cli.execute("bench", "floor", "--redis", "redis://127.0.0.1:1/0")).isEqualTo(2);
  }

  /** The command line as the launcher assembles it. */
  private static CommandLine launcher() {
    CommandLine cli = TaskqCli.create(config -> List.of());
    cli.addSubcommand(new BenchCommand());
    return cli;
  }

  /** Runs {@code taskq --redis URL bench ARGS --json FILE} and returns the JSON it wrote. */
  private JsonNode bench(String... args) throws Exception {
    Path json = dir.resolve("bench.json");
    List<String> all = new ArrayList<>(List.of("--redis", REDIS.url(), "bench"));
    all.addAll(List.of(args));
    all.addAll(List.of("--json", json.toString()));
    CommandLine cli = launcher();
    cli.setOut(new PrintWriter(stdout));
    assertThat(cli.execute(all.toArray(String[]::new))).isZero();
    return new ObjectMapper().readTree(json.toFile());
  }

  private static void assertQueueEmpty(String queue) {
    assertThat(REDIS.server().cli("SMEMBERS", "taskq:queues")).as("forgotten").doesNotContain(queue);
    assertThat(REDIS.server().cli("LLEN", "taskq:{" + queue + "}:pending").trim()).isEqualTo("0");
    assertThat(REDIS.server().cli("HLEN", "taskq:{" + queue + "}:tasks").trim()).isEqualTo("0");
  }
}
