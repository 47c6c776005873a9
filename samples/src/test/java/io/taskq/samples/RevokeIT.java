package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.TaskClient;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisProbeRecords;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.spi.StoredTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revoke and expiry through the real launcher: one worker process serving queue {@code rv} for
 * the whole class, one Redis; {@code call}, {@code task revoke} and {@code task get} as operators
 * run them.
 */
class RevokeIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path dir;
  private static Launcher taskq;
  private static Run worker;
  private static Broker broker;
  private static TaskClient client;

  @BeforeAll
  static void startWorker() throws IOException {
    dir = Files.createTempDirectory("revoke-it");
    taskq = new Launcher(dir);
    worker = taskq.start("worker", "-Q", "rv", "-c", "2", "--redis", REDIS.url());
    broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    client = TaskClient.create(broker, TaskqConfig.DEFAULT);
  }

  @AfterAll
  static void stopWorker() {
    worker.process().destroyForcibly();
    client.close();
    broker.close();
  }

  private static Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    return taskq.run(all.toArray(String[]::new));
  }

  /** Submits in this JVM (fast): the launcher runs are kept for what the test is about. */
  private static String submit(String queue, String task, String args, TaskOptions.Builder o) {
    return client.submitJson(task, args, o.queue(queue).build()).id();
  }

  private static TaskState state(String queue, String id) {
    return broker.find(queue, id).map(StoredTask::state).orElse(null);
  }

  private static String jsonState(String id) throws IOException {
    Run r = run("task", "get", id, "--json");
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return JSON.readTree(r.stdout()).get("state").asText();
  }

  private static long runs(String id) {
    String n = REDIS.server().cli("HGET", RedisProbeRecords.RUNS_KEY, id).strip();
    return n.isEmpty() ? 0 : Long.parseLong(n);
  }

  private static void awaitState(String queue, String id, TaskState state) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
        .until(() -> state(queue, id) == state);
  }

  @Test
  void scheduledTaskRevokedBeforeItIsDueNeverRunsAndShowsRevoked() throws IOException {
    // queue rvs has no worker until the drain below, so nothing forwards the tasks before it
    TaskOptions.Builder in3s = TaskOptions.builder().countdown(Duration.ofSeconds(3));
    String revoked = submit("rvs", "probe.echo", "{}", in3s);
    String witness = submit("rvs", "probe.echo", "{}", in3s);
    Instant due = Instant.now().plusSeconds(3);

    Run r = run("task", "revoke", revoked);

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout().strip()).isEqualTo(revoked + " revoked (was scheduled)");
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(due));
    Run drain = run("worker", "-Q", "rvs", "--drain");
    assertThat(drain.exitCode(Duration.ZERO)).as(drain.stderr()).isZero();
    assertThat(runs(witness)).as("the witness, due with it, ran").isEqualTo(1);
    assertThat(runs(revoked)).isZero();
    JsonNode t = JSON.readTree(run("task", "get", revoked, "--json").stdout());
    assertThat(t.get("state").asText()).isEqualTo("revoked");
    assertThat(t.get("taskName").asText()).isEqualTo("probe.echo");
  }

  @Test
  void taskClaimedAfterItsExpiryEndsExpiredWithoutRunning() throws IOException {
    Run call = run("call", "probe.echo", "-Q", "rv", "--countdown", "3s", "--expires", "1s");
    assertThat(call.exitCode(Duration.ZERO)).as(call.stderr()).isZero();
    String id = call.stdout().strip();

    awaitState("rv", id, TaskState.EXPIRED);
    assertThat(runs(id)).isZero();
    assertThat(jsonState(id)).isEqualTo("expired");
  }

  @Test
  void terminateStopsARunningSleepPromptlyAndTheWorkerGoesOn() {
    String id = submit("rv", "probe.sleep", "{\"ms\": 60000}", TaskOptions.builder());
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.find("rv", id)
        .map(t -> t.lease() != null && t.lease().startedAt() != null).orElse(false));

    Run r = run("task", "revoke", id, "--terminate");
    long revokedAt = System.nanoTime();

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout().strip()).isEqualTo(id + " revoked (was active: its worker stops it)");
    awaitState("rv", id, TaskState.REVOKED);
    long ms = (System.nanoTime() - revokedAt) / 1_000_000;
    System.out.println("RevokeIT: a running probe.sleep ended revoked " + ms
        + " ms after task revoke --terminate exited");
    assertThat(ms).isLessThan(2_000);
    assertThat(runs(id)).isEqualTo(1);

    String next = submit("rv", "probe.echo", "{}", TaskOptions.builder());
    awaitState("rv", next, TaskState.SUCCEEDED);
    assertThat(worker.process().isAlive()).isTrue();
  }

  @Test
  void bulkFormRevokesEveryWaitingTaskOfOneName() {
    TaskOptions.Builder later = TaskOptions.builder().countdown(Duration.ofSeconds(60));
    List<String> noops = List.of(submit("rvb", "probe.noop", "{}", later),
        submit("rvb", "probe.noop", "{}", later), submit("rvb", "probe.noop", "{}", later));
    String other = submit("rvb", "probe.echo", "{}", later);

    Run r = run("task", "revoke", "--task", "probe.noop", "-Q", "rvb");

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).containsExactlyInAnyOrderElementsOf(
        noops.stream().map(id -> id + " revoked (was scheduled)").toList());
    for (String id : noops) {
      assertThat(state("rvb", id)).isEqualTo(TaskState.REVOKED);
    }
    assertThat(state("rvb", other)).isEqualTo(TaskState.SCHEDULED);
  }

  @Test
  void badInputGetsOneLineAndItsExitCode() {
    Run none = run("task", "revoke");
    assertThat(none.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(none.stderr()).contains("give task ids or --task NAME -Q QUEUE");

    Run noQueue = run("task", "revoke", "--task", "probe.noop");
    assertThat(noQueue.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(noQueue.stderr()).contains("--task needs -Q QUEUE");

    Run unseen = run("task", "revoke", "some-id", "-Q", "never-seen");
    assertThat(unseen.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(unseen.stderr()).contains("taskq: queue never-seen has never been seen");

    Run missing = run("task", "revoke", "no-such-id");
    assertThat(missing.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(missing.stderr().strip())
        .isEqualTo("taskq: task no-such-id not found in any queue");
  }
}
