package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.TimeLimitExceededException;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.test.redis.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time limits and unique keys through the real launcher and a real worker process: a handler that
 * ignores interrupts is stopped at its queue's hard limit and counted while the worker goes on
 * serving, and {@code call --unique-key} yields one task.
 */
class TimeLimitUniquenessIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;
  private Launcher taskq;
  private Broker broker;
  private TaskClient client;
  private final List<Run> workers = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    REDIS.server().cli("FLUSHALL");
    Files.writeString(dir.resolve("taskq.yaml"),
        "queues:\n  limits: { timeLimit: 1s, maxRetries: 0 }\n  \"*\": {}\n");
    taskq = new Launcher(dir);
    broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    client = TaskClient.create(broker, TaskqConfig.DEFAULT);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(w -> w.process().destroyForcibly());
    broker.close();
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    return taskq.run(all.toArray(String[]::new));
  }

  private String submitted(String... args) {
    Run r = run(args);
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return r.stdout().strip();
  }

  private static String get(int port) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  @Test
  void aBusyHandlerIgnoringInterruptsIsDeadAtTheHardLimitAndTheWorkerGoesOnServing()
      throws Exception {
    int port = RedisServer.freePort();
    Run w = taskq.start("worker", "-Q", "limits", "-c", "1", "--health-port",
        Integer.toString(port), "--redis", REDIS.url());
    workers.add(w);
    await().atMost(Duration.ofSeconds(30)).until(() -> w.stderr().contains("started on queues")
        || !w.process().isAlive());
    assertThat(w.process().isAlive()).as(w.stderr()).isTrue();

    String busy = client.submitJson("probe.busy", "{\"ms\":5000}",
        TaskOptions.builder().queue("limits").build()).id();
    TaskHandle h = new TaskHandle(busy, "limits");
    await().atMost(Duration.ofSeconds(10)).until(() -> client.find(h).map(TaskInfo::state)
        .orElse(null) == TaskState.ACTIVE);
    long started = System.nanoTime();
    await().atMost(Duration.ofSeconds(3)).until(() -> client.find(h).map(TaskInfo::state)
        .orElse(null) == TaskState.DEAD);
    Duration toDead = Duration.ofNanos(System.nanoTime() - started);
    TaskInfo dead = client.find(h).orElseThrow();
    assertThat(dead.lastError().type()).isEqualTo(TimeLimitExceededException.class.getName());

    // the only slot is free again while the busy handler still runs (5 s): submitted from here,
    // not by another launcher process, so that the check does not wait on a JVM start
    TaskHandle echo = client.submitJson("probe.echo", "{\"x\":41}",
        TaskOptions.builder().queue("limits").build());
    await().atMost(Duration.ofSeconds(5)).until(() -> client.resultJson(echo), Optional::isPresent);
    assertThat(client.resultJson(echo)).contains("{\"x\":41}");
    await().atMost(Duration.ofSeconds(5)).until(() -> get(port).contains(
        "taskq_tasks_interrupt_ignored_total{queue=\"limits\",task=\"probe.busy\"} 1.0"));
    assertThat(get(port)).contains("taskq_worker_stuck 1.0"); // still running after the echo
    assertThat(w.stderr()).contains("ignored the interrupt at its hard time limit")
        .contains(busy).doesNotContain("5000");
    await().atMost(Duration.ofSeconds(10)).until(() -> get(port).contains("taskq_worker_stuck 0.0"));
    System.out.printf("probe.busy (5 s, ignores interrupts, timeLimit 1s): DEAD %d ms after it"
        + " became active%n", toDead.toMillis());
  }

  @Test
  void callWithAUniqueKeyTwiceGivesOneTask() {
    String first = submitted("call", "probe.noop", "-Q", "uniq", "--unique-key", "nightly-42",
        "--unique-ttl", "10m");
    String second = submitted("call", "probe.noop", "-Q", "uniq", "--unique-key", "nightly-42");

    assertThat(second).isEqualTo(first).matches("[0-9a-f-]{36}");
    assertThat(broker.counts("uniq").pending()).isEqualTo(1);
    Run bad = run("call", "probe.noop", "-Q", "uniq", "--unique-ttl", "10m");
    assertThat(bad.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(bad.stderr().strip()).contains("--unique-ttl needs --unique-key").doesNotContain("\n");
    Run zero = run("call", "probe.noop", "-Q", "uniq", "--unique-key", "k", "--unique-ttl", "0s");
    assertThat(zero.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(zero.stderr().strip())
        .contains("--unique-ttl: expected a duration greater than zero, got \"0s\"");
  }
}
