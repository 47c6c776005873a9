package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static io.taskq.Step.step;
import static io.taskq.samples.Launcher.cmd;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.DeadLetterPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.WorkflowHandle;
import io.taskq.WorkflowInfo;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisProbeRecords;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.spi.ClaimedTask;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands through the real launcher, every exit code. */
class OpsCliIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir java.nio.file.Path dir;
  private Launcher taskq;
  private Broker broker;
  private TaskClient client;
  private final List<Run> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    taskq = new Launcher(dir);
    broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    client = TaskClient.create(broker, TaskqConfig.DEFAULT);
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
    client.close();
    broker.close();
  }

  /**
   * Submits {@code count} tasks from this JVM, as {@code taskq call --count} does: the launcher's
   * runs (a JVM start each) are kept for the commands under test.
   */
  private List<String> submit(String task, String args, int count, TaskOptions.Builder options) {
    return client.submitAllJson(task, Collections.nCopies(count, args),
        options.queue("q").build()).stream().map(h -> h.id()).toList();
  }

  private List<String> submit(String task, String args, int count) {
    return submit(task, args, count, TaskOptions.builder());
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--redis");
    all.add(REDIS.url());
    return taskq.run(all.toArray(String[]::new));
  }

  /** Runs independent read-only commands two at a time (see {@link Launcher#runAll}), in order. */
  private List<Run> all(String[]... commands) {
    return taskq.runAll(List.of("--redis", REDIS.url()), commands);
  }

  private int code(Run r) {
    return r.exitCode(Duration.ZERO);
  }

  private Run worker(String... args) {
    List<String> all = new ArrayList<>(List.of("worker"));
    all.addAll(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    Run r = taskq.start(all.toArray(String[]::new));
    started.add(r);
    return r;
  }

  private JsonNode json(Run r) throws IOException {
    assertThat(code(r)).as(r.stderr()).isZero();
    return JSON.readTree(r.stdout());
  }

  @Test
  void monitorPendingComparesWithTheThreshold() {
    submit("probe.noop", "{}", 10);

    List<Run> r = all(cmd("monitor", "pending", "--threshold", "5", "-Q", "q"),
        cmd("monitor", "pending", "--threshold", "50", "-Q", "q"), cmd("monitor", "dlq", "-Q", "q"),
        cmd("monitor", "lag", "--max", "1h", "-Q", "q"), cmd("monitor", "pending", "-Q", "q"));
    Run over = r.get(0);

    assertThat(code(over)).isEqualTo(1);
    assertThat(over.stdout().strip()).isEqualTo("OVER pending q=10 (threshold 5)");
    assertThat(code(r.get(1))).isZero();
    assertThat(code(r.get(2))).isZero();
    assertThat(code(r.get(3))).isZero();
    assertThat(code(r.get(4))).isEqualTo(64);
  }

  @Test
  void healthIsDownDegradedOrOk() {
    Run down = taskq.run("health", "--redis", "redis://127.0.0.1:1");
    assertThat(code(down)).isEqualTo(2);
    assertThat(down.stdout()).startsWith("DOWN redis redis://127.0.0.1:1");

    assertThat(code(run("health"))).isZero();
    submit("probe.noop", "{}", 3);
    Run degraded = run("health");
    assertThat(code(degraded)).isEqualTo(1);
    assertThat(degraded.stdout()).contains("DEGRADED queue q: 3 pending and no live worker");

    worker("-Q", "q");
    // seen from here first: each poll of the command is a JVM start
    await().atMost(Duration.ofSeconds(30)).until(() -> !broker.workers().isEmpty());
    await().atMost(Duration.ofSeconds(30)).until(() -> code(run("health")) == 0);
  }

  @Test
  void inspectListsScheduledActiveAndPrefetchedReservedTasks() throws IOException {
    String scheduled = submit("probe.noop", "{}", 1,
        TaskOptions.builder().countdown(Duration.ofHours(1))).get(0);
    JsonNode s = json(run("inspect", "scheduled", "--json"));
    assertThat(s).hasSize(1);
    assertThat(s.get(0).get("id").asText()).isEqualTo(scheduled);
    assertThat(s.get(0).get("state").asText()).isEqualTo("scheduled");
    assertThat(s.get(0).get("dueAt").asText()).isNotEmpty();

    List<String> sleeps = submit("probe.sleep", "{\"ms\": 120000}", 3);
    String sleeping = sleeps.get(0);
    String prefetched = sleeps.get(1);
    worker("-Q", "q", "-c", "1"); // prefetch defaults to concurrency: one task reserved
    // the first one running, the second reserved, seen from here: polling the commands would
    // cost a JVM start each
    await().atMost(Duration.ofSeconds(30)).until(() -> broker.find("q", sleeping)
        .map(t -> t.lease() != null && t.lease().startedAt() != null).orElse(false)
        && broker.counts("q").active() == 2);
    List<Run> r = all(cmd("inspect", "active", "--json"), cmd("inspect", "reserved", "--json"),
        cmd("inspect", "workers", "--json"), cmd("inspect", "stats", "--json"),
        cmd("inspect", "queues"), cmd("task", "get", sleeping, "--json"),
        cmd("task", "get", "no-such-id"));
    JsonNode active = json(r.get(0));
    assertThat(active).hasSize(1);
    JsonNode a = active.get(0);
    assertThat(a.get("id").asText()).isEqualTo(sleeping);
    assertThat(a.get("workerId").asText()).isNotBlank();
    JsonNode reserved = json(r.get(1));
    assertThat(reserved).hasSize(1);
    assertThat(reserved.get(0).get("id").asText()).isEqualTo(prefetched);
    assertThat(reserved.get(0).get("state").asText()).isEqualTo("reserved");
    assertThat(reserved.get(0).get("workerId").asText()).isEqualTo(a.get("workerId").asText());
    assertThat(json(r.get(2)).get(0).get("alive").asBoolean()).isTrue();
    JsonNode stats = json(r.get(3)).get("queues").get("q");
    assertThat(stats.get("active").asLong()).isEqualTo(2); // running + reserved
    assertThat(stats.get("pending").asLong()).isEqualTo(1); // never more than 1 slot + 1
    assertThat(stats.get("scheduled").asLong()).isEqualTo(1);
    assertThat(r.get(4).stdout().lines()).contains("q");
    assertThat(json(r.get(5)).get("state").asText()).isEqualTo("active");
    Run missing = r.get(6);
    assertThat(code(missing)).isEqualTo(1);
    assertThat(missing.stderr()).contains("not found");
  }

  @Test
  void chainAndChordOfProbeEchoSucceedOnAWorkerProcessAndShowInChainAndGroupGet()
      throws IOException {
    TaskDefinition<Object> echo = TaskDefinition.of("probe.echo", Object.class).withQueue("wf");
    worker("-Q", "wf");
    WorkflowHandle chain = client.chain(step(echo, Map.of("n", 1)), step(echo), step(echo));
    WorkflowHandle chord = client.chord(IntStream.range(0, 100).mapToObj(i -> step(echo, i))
        .toList(), step(echo));
    await().atMost(Duration.ofSeconds(60)).until(() -> client.find(chord.body())
        .map(t -> t.state() == TaskState.SUCCEEDED).orElse(false)
        && client.workflow(chain.id()).map(w -> w.state() == WorkflowInfo.State.SUCCEEDED)
            .orElse(false));

    JsonNode c = json(run("chain", "get", chain.id(), "--json"));
    assertThat(c.get("state").asText()).isEqualTo("succeeded");
    assertThat(c.get("members")).hasSize(3)
        .allSatisfy(m -> assertThat(m.get("state").asText()).isEqualTo("succeeded"));
    assertThat(c.get("result")).isEqualTo(JSON.readTree("{\"n\":1}"));
    JsonNode g = json(run("group", "get", chord.id(), "--json"));
    assertThat(g.get("state").asText()).isEqualTo("succeeded");
    assertThat(g.get("succeeded").asInt()).isEqualTo(100);
    assertThat(g.get("body").get("state").asText()).isEqualTo("succeeded");
    assertThat(g.get("body").get("result")).hasSize(100);
    assertThat(g.get("body").get("result").get(99).asInt()).isEqualTo(99);
    assertThat(run("chain", "get", chain.id()).stdout()).contains("state      succeeded");

    Run unknown = run("chain", "get", "no-such-chain");
    assertThat(code(unknown)).isEqualTo(1);
    assertThat(unknown.stderr()).contains("chain no-such-chain not found");
    Run wrongKind = run("group", "get", chain.id());
    assertThat(code(wrongKind)).isEqualTo(1);
    assertThat(wrongKind.stderr()).contains("(it is a chain)");
  }

  /**
   * A worker process killed with kill -9 right after a chain's first step acked: its links went
   * to the outbox in the ack's script, so another worker advances the chain (whether or not the
   * dead one had acted on them, and whether or not it was running step 2). Every step runs, the
   * last one exactly once. WorkflowsIT covers the window between ack and follow-up exactly.
   */
  @Test
  void aChainCompletesWhenItsWorkerIsKilledRightAfterTheFirstStepAcks() throws Exception {
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  wk: { lease: 2s }\n");
    TaskDefinition<Object> record = TaskDefinition.of("probe.record", Object.class)
        .withQueue("wk");
    Run first = worker("-Q", "wk");
    try (RedisProbeRecords probes = new RedisProbeRecords(
            RedisConfig.DEFAULT.withUrl(REDIS.url()))) {
      WorkflowHandle chain = client.chain(step(record, Map.of("ms", 0)),
          step(record, Map.of("ms", 3000)), step(record, Map.of("ms", 0)));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
          .failFast(() -> assertThat(first.process().isAlive()).as(first.stderr()).isTrue())
          .until(() -> client.find(chain.tasks().get(0))
              .map(t -> t.state() == TaskState.SUCCEEDED).orElse(false));
      first.process().destroyForcibly(); // SIGKILL: no shutdown, no requeue
      first.process().waitFor();
      worker("-Q", "wk");

      await().atMost(Duration.ofSeconds(60)).until(() -> client.workflow(chain.id())
          .map(w -> w.state() == WorkflowInfo.State.SUCCEEDED).orElse(false));
      List<String> ids = chain.tasks().stream().map(t -> t.id()).toList();
      assertThat(probes.doneIds()).containsAll(ids);
      assertThat(probes.runs(ids.get(0))).isEqualTo(1);
      assertThat(probes.runs(ids.get(1))).isBetween(1L, 2L); // 2 when it was mid-run at the kill
      assertThat(probes.runs(ids.get(2))).isEqualTo(1);
    }
  }

  @Test
  void dlqReplayBringsDeadTasksBackAndAWorkerCompletesThem() throws IOException {
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  q: { maxRetries: 0 }\n");
    submit("probe.flaky", "{\"failTimes\": 1}", 4);
    Run drain = run("worker", "-Q", "q", "--drain");
    assertThat(code(drain)).as(drain.stderr()).isZero();
    assertThat(broker.counts("q").dead()).isEqualTo(4);
    // none of these changes anything: two at a time
    List<Run> r = all(cmd("dlq", "list", "-Q", "q", "--json"),
        cmd("dlq", "list", "-Q", "q", "--limit", "3", "--json"),
        cmd("dlq", "list", "-Q", "q", "--limit", "3", "--offset", "3", "--json"),
        cmd("dlq", "list", "-Q", "q", "--offset", "4", "--json"),
        cmd("dlq", "list", "-Q", "q", "--task", "probe.noop", "--json"),
        cmd("dlq", "list", "-Q", "q", "--limit", "0"),
        cmd("dlq", "list", "-Q", "q", "--offset", "-1"),
        cmd("dlq", "replay", "-Q", "q", "--all", "--dry-run"), cmd("dlq", "replay", "-Q", "q"));
    JsonNode all = json(r.get(0));
    assertThat(all).hasSize(4);
    // pages: --limit, then --offset past what was shown; together they are the whole list
    List<String> pages = new ArrayList<>();
    json(r.get(1)).forEach(t -> pages.add(t.get("id").asText()));
    assertThat(pages).hasSize(3);
    json(r.get(2)).forEach(t -> pages.add(t.get("id").asText()));
    List<String> ids = new ArrayList<>();
    all.forEach(t -> ids.add(t.get("id").asText()));
    assertThat(pages).containsExactlyElementsOf(ids);
    assertThat(json(r.get(3))).isEmpty();
    assertThat(json(r.get(4))).isEmpty();
    Run badLimit = r.get(5);
    assertThat(code(badLimit)).isEqualTo(64);
    assertThat(badLimit.stderr()).contains("--limit must be >= 1, was 0");
    assertThat(code(r.get(6))).isEqualTo(64);
    assertThat(r.get(7).stdout()).startsWith("4 dead task(s)");
    assertThat(code(r.get(8))).isEqualTo(64);

    Run replay = run("dlq", "replay", "-Q", "q", "--all", "--task", "probe.flaky",
        "--error-class", "IllegalStateException", "--rate", "100/s");
    assertThat(replay.stdout().strip()).isEqualTo("replayed 4 dead task(s) of queue q");
    assertThat(broker.counts("q").pending()).isEqualTo(4);
    assertThat(code(run("worker", "-Q", "q", "--drain"))).isZero();

    assertThat(broker.counts("q").dead()).isZero();
    assertThat(broker.admin().counters("q").get("processed")).isEqualTo(4);
  }

  @Test
  void dlqDeleteAndPurgeRemoveTasksPurgeRefusesWithoutATerminal() throws IOException {
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  q: { maxRetries: 0 }\n");
    String dead = submit("probe.fail", "{}", 1).get(0);
    for (ClaimedTask c : broker.claim("q", 1, Duration.ofMinutes(1), "gone")) {
      broker.deadLetter("q", c.ref(), c.envelope(), DeadLetterPolicy.DEFAULT);
    }
    assertThat(broker.counts("q").dead()).isOne();
    submit("probe.noop", "{}", 7);

    Run refused = run("purge", "-Q", "q");
    assertThat(code(refused)).isEqualTo(3);
    assertThat(broker.counts("q").pending()).isEqualTo(7);
    assertThat(code(run("purge", "-Q", "q", "--force"))).isZero();
    assertThat(broker.counts("q").pending()).isZero();
    assertThat(code(run("purge", "-Q", "q", "--state", "active", "--force"))).isEqualTo(64);

    assertThat(run("dlq", "delete", "-Q", "q", "--id", dead).stdout().strip())
        .isEqualTo("deleted 1 dead task(s) of queue q");
    assertThat(broker.counts("q").dead()).isZero();
  }

  @Test
  void pausedQueueKeepsItsTasksUntilResumed() throws IOException {
    // configured, so known before its first task
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  q: {}\n");
    assertThat(run("queue", "pause", "-Q", "q").stdout().strip()).isEqualTo("queue q paused");
    submit("probe.noop", "{}", 3);
    Run drain = run("worker", "-Q", "q", "--drain");
    assertThat(code(drain)).isZero();
    assertThat(broker.counts("q").pending()).isEqualTo(3);

    run("queue", "resume", "-Q", "q");
    run("worker", "-Q", "q", "--drain");
    assertThat(broker.counts("q").pending()).isZero();
  }

  @Test
  void oneShotCommandsExitTwoWhenRedisIsUnreachable() {
    List<List<String>> commands = new ArrayList<>();
    for (String[] args : List.of(new String[] {"inspect", "stats"},
        new String[] {"dlq", "list", "-Q", "q"}, new String[] {"monitor", "dlq"},
        new String[] {"purge", "-Q", "q", "--force"})) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--redis", "redis://user:secret@127.0.0.1:1"));
      commands.add(all);
    }
    List<Run> runs = taskq.runAll(commands);
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      assertThat(code(r)).as(String.join(" ", commands.get(i))).isEqualTo(2);
      assertThat(r.stderr().lines()).hasSize(1);
      assertThat(r.stderr()).doesNotContain("secret");
    }
  }

  @Test
  void fsckFindsAndRepairsIdsWithoutPayloadAndPayloadsInNoState() {
    List<String> ids = submit("probe.noop", "{}", 2);
    String lost = ids.get(0);
    String kept = ids.get(1);
    var keys = io.taskq.redis.RedisKeys.of("q");
    REDIS.server().cli("HDEL", keys.tasks(), lost);      // an id whose payload vanished
    REDIS.server().cli("LREM", keys.pending(), "0", kept); // a payload that would never run

    Run found = run("fsck", "-Q", "q");
    assertThat(code(found)).isEqualTo(1);
    assertThat(found.stdout()).contains("q: 1 id(s) without payload, 1 payload(s) in no state");
    Run repaired = run("fsck", "-Q", "q", "--repair");
    assertThat(code(repaired)).as(repaired.stdout()).isZero();
    assertThat(code(run("fsck", "-Q", "q"))).isZero();
    assertThat(broker.admin().ids("q", io.taskq.TaskState.PENDING, 10)).containsExactly(kept);
  }
}
