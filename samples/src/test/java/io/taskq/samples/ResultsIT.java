package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results and waiting through the real launcher, with two real worker processes on one Redis:
 * {@code call --wait} exits 1 for a dead task naming the state and error, and 2 on timeout or
 * when Redis is down; a task whose handler returned nothing shows as succeeded in
 * {@code task get --json}; 200 waiters (threads of this JVM, each blocked in
 * {@code TaskHandle.await}: 200 JVMs would take minutes on two cores) and three
 * {@code call --wait} processes ({@code probe.echo --args '{"x":41}'} among them, printing its
 * result), all submitted while the queue is paused, are all woken with their own results once it
 * resumes.
 */
class ResultsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TaskDefinition.Returning<JsonNode, JsonNode> ECHO =
      TaskDefinition.of("probe.echo", JsonNode.class).withQueue("res").returning(JsonNode.class);

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir static Path dir;
  private static Launcher taskq;
  private static Broker broker;
  private static TaskClient client;
  private static final List<Run> workers = new ArrayList<>();

  @BeforeAll
  static void setUp() throws IOException {
    Files.writeString(dir.resolve("taskq.yaml"),
        "queues:\n  res: { maxRetries: 0, concurrency: 16 }\n  idle: {}\n");
    taskq = new Launcher(dir);
    TaskqConfig config = TaskqConfig.DEFAULT.withRedis(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    broker = BrokerFactory.open(config.redis());
    client = TaskClient.create(broker, config);
    for (int i = 0; i < 2; i++) {
      workers.add(taskq.start(withRedis("worker", "-Q", "res").toArray(String[]::new)));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> broker.workers().size() == 2);
  }

  @AfterAll
  static void tearDown() {
    workers.forEach(w -> w.process().destroy());
    workers.forEach(w -> w.exitCode(Duration.ofSeconds(30)));
    client.close();
    broker.close();
  }

  private static List<String> withRedis(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    return all;
  }

  private static Run run(String... args) {
    return taskq.run(withRedis(args).toArray(String[]::new));
  }

  @Test
  void aTaskThatReturnedNothingShowsAsSucceededInTaskGet() throws IOException {
    String id = client.submitJson("probe.noop", "{}", TaskOptions.builder().queue("res").build())
        .id();
    await().atMost(Duration.ofSeconds(30)).until(() -> client.result(new TaskHandle<>(id, "res"))
        .isPresent());

    Run get = run("task", "get", id, "--json");
    assertThat(get.exitCode(Duration.ZERO)).as(get.stderr()).isZero();
    JsonNode j = JSON.readTree(get.stdout());
    assertThat(j.get("state").asText()).isEqualTo("succeeded");
    assertThat(j.get("result").isNull()).isTrue();
    assertThat(j.get("error").isNull()).isTrue();
    assertThat(j.get("taskName").asText()).isEqualTo("probe.noop");
    assertThat(j.get("finishedAt").asText()).isNotEmpty();
  }

  @Test
  void callWaitExitsOneWhenTheTaskEndsDeadNamingTheStateAndError() throws IOException {
    Run r = run("call", "probe.fail", "-Q", "res", "--wait", "--timeout", "30s");
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().strip()).startsWith("taskq: task ")
        .contains("ended dead: java.lang.IllegalStateException: probe.fail always fails")
        .doesNotContain("\n");

    String id = r.stderr().split(" ")[2];
    JsonNode j = JSON.readTree(run("task", "get", id, "--json").stdout());
    assertThat(j.get("state").asText()).isEqualTo("dead");
    assertThat(j.get("error").get("type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(j.get("error").get("message").asText()).isEqualTo("probe.fail always fails");
  }

  @Test
  void callWaitExitsTwoWhenNoWorkerRunsItWithinTheTimeoutOrRedisIsDown() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Run idle = taskq.start(withRedis("call", "probe.noop", "-Q", "idle", "--wait", "--timeout",
        "500ms").toArray(String[]::new));
    Run down = taskq.start("call", "probe.noop", "-Q", "res", "--wait", "--redis",
        "redis://127.0.0.1:" + closedPort);

    assertThat(idle.exitCode(Duration.ofMinutes(1))).as(idle.stderr()).isEqualTo(2);
    assertThat(idle.stdout()).isEmpty();
    assertThat(idle.stderr()).contains("did not end within 500ms");
    assertThat(down.exitCode(Duration.ofMinutes(1))).as(down.stderr()).isEqualTo(2);
    assertThat(down.stdout()).isEmpty();
  }

  @Test
  void twoHundredConcurrentWaitersAreAllWokenWithTheirOwnResults() throws Exception {
    broker.setPaused("res", true);
    List<Run> cli = new ArrayList<>();
    List<Future<JsonNode>> waiters = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(200)) {
      // the command of the issue, a task that returns nothing, and one more
      cli.add(taskq.start(withRedis("call", "probe.echo", "-Q", "res", "--args", "{\"x\":41}",
          "--wait").toArray(String[]::new)));
      cli.add(taskq.start(withRedis("call", "probe.noop", "-Q", "res", "--wait", "--timeout",
          "60s").toArray(String[]::new)));
      cli.add(taskq.start(withRedis("call", "probe.echo", "-Q", "res", "--args", "{\"cli\":2}",
          "--wait", "--timeout", "60s").toArray(String[]::new)));
      for (int i = 0; i < 200; i++) {
        TaskHandle<JsonNode> h = client.submit(ECHO, JSON.readTree("{\"n\":" + i + "}"));
        waiters.add(threads.submit(() -> h.await(Duration.ofSeconds(60))));
      }
      // the three processes have submitted theirs; nothing runs while the queue is paused
      await().atMost(Duration.ofSeconds(60)).until(() -> broker.counts("res").pending() == 203);
      assertThat(waiters).noneMatch(Future::isDone);

      long start = System.nanoTime();
      broker.setPaused("res", false);
      for (int i = 0; i < 200; i++) {
        assertThat(waiters.get(i).get(60, TimeUnit.SECONDS).get("n").asInt()).isEqualTo(i);
      }
      System.out.printf("ResultsIT: 200 waiting threads woken with their results %d ms after"
          + " resume%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      List<String> printed = List.of("{\"x\":41}\n", "null\n", "{\"cli\":2}\n");
      for (int i = 0; i < 3; i++) {
        Run r = cli.get(i);
        assertThat(r.exitCode(Duration.ofSeconds(60))).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(printed.get(i));
      }
    } finally {
      broker.setPaused("res", false);
    }
  }
}
