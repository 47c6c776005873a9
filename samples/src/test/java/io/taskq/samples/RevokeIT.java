package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.redis.RedisProbeRecords;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  @BeforeAll
  static void startWorker() throws IOException {
    dir = Files.createTempDirectory("revoke-it");
    taskq = new Launcher(dir);
    worker = taskq.start("worker", "-Q", "rv", "-c", "2", "--redis", REDIS.url());
  }

  @AfterAll
  static void stopWorker() {
    worker.process().destroyForcibly();
  }

  private static Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    return taskq.run(all.toArray(String[]::new));
  }

  private static String call(String... args) {
    List<String> all = new ArrayList<>(List.of("call"));
    all.addAll(List.of(args));
    Run r = run(all.toArray(String[]::new));
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return r.stdout().strip();
  }

  private static String state(String id) throws IOException {
    Run r = run("task", "get", id, "--json");
    return r.exitCode(Duration.ZERO) == 0 ? JSON.readTree(r.stdout()).get("state").asText()
        : "not found";
  }

  private static long runs(String id) {
    String n = REDIS.server().cli("HGET", RedisProbeRecords.RUNS_KEY, id).strip();
    return n.isEmpty() ? 0 : Long.parseLong(n);
  }

  private static void awaitState(String id, String state, Duration max) {
    await().atMost(max).pollInterval(Duration.ofMillis(200)).until(() -> state(id).equals(state));
  }

  @Test
  void scheduledTaskRevokedBeforeItIsDueNeverRunsAndShowsRevoked() throws IOException {
    String revoked = call("probe.echo", "-Q", "rv", "--countdown", "3s");
    String witness = call("probe.echo", "-Q", "rv", "--countdown", "3s");

    Run r = run("task", "revoke", revoked);

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout().strip()).isEqualTo(revoked + " revoked (was scheduled)");
    // the witness was due no earlier: once it ran, the revoked task would have run too
    awaitState(witness, "succeeded", Duration.ofSeconds(20));
    assertThat(runs(witness)).isEqualTo(1);
    assertThat(runs(revoked)).isZero();
    JsonNode t = JSON.readTree(run("task", "get", revoked, "--json").stdout());
    assertThat(t.get("state").asText()).isEqualTo("revoked");
    assertThat(t.get("taskName").asText()).isEqualTo("probe.echo");
  }

  @Test
  void taskClaimedAfterItsExpiryEndsExpiredWithoutRunning() {
    String id = call("probe.echo", "-Q", "rv", "--countdown", "3s", "--expires", "1s");

    awaitState(id, "expired", Duration.ofSeconds(20));
    assertThat(runs(id)).isZero();
  }

  @Test
  void terminateStopsARunningSleepPromptlyAndTheWorkerGoesOn() {
    String id = call("probe.sleep", "-Q", "rv", "--args", "{\"ms\": 60000}");
    awaitState(id, "active", Duration.ofSeconds(20));

    long start = System.nanoTime();
    Run r = run("task", "revoke", id, "--terminate");
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout().strip()).isEqualTo(id + " revoked (was active: its worker stops it)");
    awaitState(id, "revoked", Duration.ofSeconds(10));
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("revoke --terminate of a running probe.sleep: revoked after " + ms
        + " ms (including one launcher run)");
    assertThat(runs(id)).isEqualTo(1);

    String next = call("probe.echo", "-Q", "rv");
    awaitState(next, "succeeded", Duration.ofSeconds(20));
    assertThat(worker.process().isAlive()).isTrue();
  }

  @Test
  void bulkFormRevokesEveryWaitingTaskOfOneName() throws IOException {
    List<String> noops = call("probe.noop", "-Q", "rv", "--countdown", "60s", "--count", "3")
        .lines().toList();
    String other = call("probe.echo", "-Q", "rv", "--countdown", "60s");

    Run r = run("task", "revoke", "--task", "probe.noop", "-Q", "rv");

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).containsExactlyInAnyOrderElementsOf(
        noops.stream().map(id -> id + " revoked (was scheduled)").toList());
    for (String id : noops) {
      assertThat(state(id)).isEqualTo("revoked");
    }
    assertThat(state(other)).isEqualTo("scheduled");
  }

  @Test
  void badInputGetsOneLineAndItsExitCode() {
    Run none = run("task", "revoke");
    assertThat(none.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(none.stderr()).contains("give task ids or --task NAME -Q QUEUE");

    Run noQueue = run("task", "revoke", "--task", "probe.noop");
    assertThat(noQueue.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(noQueue.stderr()).contains("--task needs -Q QUEUE");

    Run missing = run("task", "revoke", "no-such-id");
    assertThat(missing.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(missing.stderr().strip())
        .isEqualTo("taskq: task no-such-id not found in any queue");
  }
}
