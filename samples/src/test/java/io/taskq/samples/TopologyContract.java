package io.taskq.samples;

import static io.taskq.samples.Launcher.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.config.RedisConfig;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on a replicated Redis topology (a cluster, or Sentinel): the CLI and beat as
 * operators run them, then a primary killed with kill -9 in the middle of a run.
 */
abstract class TopologyContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Launcher taskq;
  private final List<Run> started = new ArrayList<>();

  /** The URL clients are given. */
  protected abstract String url();

  /** Kills (SIGKILL) the primary that holds {@code queue}'s keys. */
  protected abstract void killPrimaryOf(String queue);

  /** Whether another server has taken over {@code queue}'s keys. */
  protected abstract boolean failedOver(String queue);

  /**
   * Brings the killed server back (as a replica: it restarts empty, so only after the failover)
   * and waits until the topology is healthy.
   */
  protected abstract void heal();

  /** A name for the printed figures. */
  protected abstract String topology();

  @BeforeEach
  void setUpLauncher() {
    taskq = new Launcher(dir);
  }

  @AfterEach
  void stopProcesses() {
    started.forEach(r -> r.process().destroyForcibly());
  }

  /** Runs a command against the topology; asserts it exits 0. */
  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", url()));
    Run r = taskq.run(all.toArray(String[]::new));
    assertThat(r.exitCode(Duration.ZERO)).as(String.join(" ", args) + ": " + r.stderr())
        .isZero();
    return r;
  }

  @Test
  void callWorkerInspectPurgeAndBeatWorkOnTheTopology() throws IOException {
    String suffix = topology().substring(0, 1);
    List<String> queues = List.of("alpha" + suffix, "beta" + suffix);
    // three submits that do not depend on each other: two at a time (a JVM start each)
    List<Run> calls = taskq.runAll(List.of("--redis", url()),
        cmd("call", "probe.noop", "-Q", queues.get(0), "--count", "5"),
        cmd("call", "probe.noop", "-Q", queues.get(1), "--count", "5"),
        cmd("call", "probe.noop", "-Q", queues.get(0), "--countdown", "1h"));
    for (Run r : calls) {
      assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    }

    run("worker", "-Q", String.join(",", queues), "--drain");

    JsonNode stats = JSON.readTree(run("inspect", "stats", "--json").stdout()).get("queues");
    for (String q : queues) {
      assertThat(stats.get(q).get("pending").asLong()).as(q).isZero();
    }
    assertThat(stats.get(queues.get(0)).get("scheduled").asLong()).isEqualTo(1);
    run("purge", "-Q", queues.get(0), "--state", "scheduled", "--force");

    String beatQueue = "ticks" + suffix;
    Path schedule = Files.writeString(dir.resolve("beat.yaml"), "schedules:\n  tick: { task:"
        + " probe.noop, queue: " + beatQueue + ", every: 1s }\n");
    Run beat = taskq.start("beat", "--schedule", schedule.toString(), "--redis", url());
    started.add(beat);
    try (Broker broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(url()))) {
      assertThat(broker.counts(queues.get(0)).scheduled()).isZero();
      await().atMost(Duration.ofSeconds(30)).until(() -> broker.counts(beatQueue).pending() >= 2);
    }
  }

  @Test
  void afterAPrimaryIsKilledProcessingGoesOnAndDurableSubmitsAreNotLost() throws Exception {
    FailoverRun.Outcome o = failover("durable-" + topology(), 1);
    assertThat(o.lost()).as("acknowledged durable submits lost").isZero();
  }

  @Test
  void withoutDurableWritesTheLossOfAKilledPrimaryIsCounted() throws Exception {
    FailoverRun.Outcome o = failover("plain-" + topology(), 0);
    assertThat(o.lost()).isLessThanOrEqualTo(o.acknowledged());
  }

  private FailoverRun.Outcome failover(String queue, int durableWrites) throws Exception {
    boolean healed = false;
    try (FailoverRun run = new FailoverRun(url(), queue, durableWrites)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> run.ran() >= 200);
      killPrimaryOf(queue);
      long killedAt = System.nanoTime();
      int ackedAtKill = run.acknowledged();
      int ranAtKill = run.ran();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> failedOver(queue));
      long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
      // as a supervisor would: the killed server comes back, as a replica of the new primary
      // (durable submits need that replica: until then WAIT finds none and they fail)
      heal();
      healed = true;
      long healedMs = (System.nanoTime() - killedAt) / 1_000_000;
      await().atMost(Duration.ofSeconds(60)).until(() -> run.acknowledged() >= ackedAtKill + 300
          && run.ran() >= ranAtKill + 300);
      long goesOnMs = (System.nanoTime() - killedAt) / 1_000_000;
      FailoverRun.Outcome o = run.finish();
      System.out.printf("failover on %s, durableWrites %d: %d submits acknowledged, %d failed,"
          + " %d acknowledged but lost; new primary %d ms after the kill, old one back as a"
          + " replica at %d ms, 300 more submitted and run by %d ms; longest gap between"
          + " acknowledged submits %d ms; mean submit before the kill %.3f ms%n", topology(),
          durableWrites, o.acknowledged(), o.failedSubmits(), o.lost(), failoverMs, healedMs,
          goesOnMs, o.longestSubmitGapMs(), o.meanSubmitMs());
      return o;
    } finally {
      if (!healed) {
        heal();
      }
    }
  }
}
