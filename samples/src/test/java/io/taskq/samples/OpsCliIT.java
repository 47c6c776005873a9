package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static io.taskq.Step.step;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
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
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
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
  private final List<Run> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    taskq = new Launcher(dir);
    broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
    broker.close();
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--redis");
    all.add(REDIS.url());
    return taskq.run(all.toArray(String[]::new));
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
    run("call", "probe.noop", "-Q", "q", "--count", "10");

    Run over = run("monitor", "pending", "--threshold", "5", "-Q", "q");
    Run ok = run("monitor", "pending", "--threshold", "50", "-Q", "q");

    assertThat(code(over)).isEqualTo(1);
    assertThat(over.stdout().strip()).isEqualTo("OVER pending q=10 (threshold 5)");
    assertThat(code(ok)).isZero();
    assertThat(code(run("monitor", "dlq", "-Q", "q"))).isZero();
    assertThat(code(run("monitor", "lag", "--max", "1h", "-Q", "q"))).isZero();
    assertThat(code(run("monitor", "pending", "-Q", "q"))).isEqualTo(64);
  }

  @Test
  void healthIsDownDegradedOrOk() {
    Run down = taskq.run("health", "--redis", "redis://127.0.0.1:1");
    assertThat(code(down)).isEqualTo(2);
    assertThat(down.stdout()).startsWith("DOWN redis redis://127.0.0.1:1");

    assertThat(code(run("health"))).isZero();
    run("call", "probe.noop", "-Q", "q", "--count", "3");
    Run degraded = run("health");
    assertThat(code(degraded)).isEqualTo(1);
    assertThat(degraded.stdout()).contains("DEGRADED queue q: 3 pending and no live worker");

    worker("-Q", "q");
    await().atMost(Duration.ofSeconds(30)).until(() -> code(run("health")) == 0);
  }

  @Test
  void inspectListsScheduledActiveAndPrefetchedReservedTasks() throws IOException {
    String scheduled = run("call", "probe.noop", "-Q", "q", "--countdown", "1h").stdout().strip();
    JsonNode s = json(run("inspect", "scheduled", "--json"));
    assertThat(s).hasSize(1);
    assertThat(s.get(0).get("id").asText()).isEqualTo(scheduled);
    assertThat(s.get(0).get("state").asText()).isEqualTo("scheduled");
    assertThat(s.get(0).get("dueAt").asText()).isNotEmpty();

    String sleeping = run("call", "probe.sleep", "-Q", "q", "--args", "{\"ms\": 120000}").stdout()
        .strip();
    String prefetched = run("call", "probe.sleep", "-Q", "q", "--args", "{\"ms\": 120000}")
        .stdout().strip();
    run("call", "probe.sleep", "-Q", "q", "--args", "{\"ms\": 120000}");
    worker("-Q", "q", "-c", "1"); // prefetch defaults to concurrency: one task reserved
    await().atMost(Duration.ofSeconds(30)).until(() ->
        json(run("inspect", "active", "--json")).size() == 1);
    JsonNode a = json(run("inspect", "active", "--json")).get(0);
    assertThat(a.get("id").asText()).isEqualTo(sleeping);
    assertThat(a.get("workerId").asText()).isNotBlank();
    JsonNode reserved = json(run("inspect", "reserved", "--json"));
    assertThat(reserved).hasSize(1);
    assertThat(reserved.get(0).get("id").asText()).isEqualTo(prefetched);
    assertThat(reserved.get(0).get("state").asText()).isEqualTo("reserved");
    assertThat(reserved.get(0).get("workerId").asText()).isEqualTo(a.get("workerId").asText());
    assertThat(json(run("inspect", "workers", "--json")).get(0).get("alive").asBoolean()).isTrue();
    JsonNode stats = json(run("inspect", "stats", "--json")).get("queues").get("q");
    assertThat(stats.get("active").asLong()).isEqualTo(2); // running + reserved
    assertThat(stats.get("pending").asLong()).isEqualTo(1); // never more than 1 slot + 1
    assertThat(stats.get("scheduled").asLong()).isEqualTo(1);
    assertThat(run("inspect", "queues").stdout().lines()).contains("q");
    Run get = run("task", "get", sleeping, "--json");
    assertThat(json(get).get("state").asText()).isEqualTo("active");
    Run missing = run("task", "get", "no-such-id");
    assertThat(code(missing)).isEqualTo(1);
    assertThat(missing.stderr()).contains("not found");
  }

  @Test
  void chainAndChordOfProbeEchoSucceedOnAWorkerProcessAndShowInChainAndGroupGet()
      throws IOException {
    TaskDefinition<Object> echo = TaskDefinition.of("probe.echo", Object.class).withQueue("wf");
    worker("-Q", "wf");
    WorkflowHandle chain;
    WorkflowHandle chord;
    try (TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT)) {
      chain = client.chain(step(echo, Map.of("n", 1)), step(echo), step(echo));
      chord = client.chord(IntStream.range(0, 100).mapToObj(i -> step(echo, i)).toList(),
          step(echo));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.find(chord.body())
          .map(t -> t.state() == TaskState.SUCCEEDED).orElse(false)
          && client.workflow(chain.id()).map(w -> w.state() == WorkflowInfo.State.SUCCEEDED)
              .orElse(false));
    }

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
    try (TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT);
        RedisProbeRecords probes = new RedisProbeRecords(
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
    run("call", "probe.flaky", "-Q", "q", "--args", "{\"failTimes\": 1}", "--count", "4");
    Run drain = run("worker", "-Q", "q", "--drain");
    assertThat(code(drain)).as(drain.stderr()).isZero();
    assertThat(broker.counts("q").dead()).isEqualTo(4);
    JsonNode all = json(run("dlq", "list", "-Q", "q", "--json"));
    assertThat(all).hasSize(4);
    // pages: --limit, then --offset past what was shown; together they are the whole list
    List<String> pages = new ArrayList<>();
    json(run("dlq", "list", "-Q", "q", "--limit", "3", "--json"))
        .forEach(t -> pages.add(t.get("id").asText()));
    assertThat(pages).hasSize(3);
    json(run("dlq", "list", "-Q", "q", "--limit", "3", "--offset", "3", "--json"))
        .forEach(t -> pages.add(t.get("id").asText()));
    List<String> ids = new ArrayList<>();
    all.forEach(t -> ids.add(t.get("id").asText()));
    assertThat(pages).containsExactlyElementsOf(ids);
    assertThat(json(run("dlq", "list", "-Q", "q", "--offset", "4", "--json"))).isEmpty();
    assertThat(json(run("dlq", "list", "-Q", "q", "--task", "probe.noop", "--json"))).isEmpty();
    Run badLimit = run("dlq", "list", "-Q", "q", "--limit", "0");
    assertThat(code(badLimit)).isEqualTo(64);
    assertThat(badLimit.stderr()).contains("--limit must be >= 1, was 0");
    assertThat(code(run("dlq", "list", "-Q", "q", "--offset", "-1"))).isEqualTo(64);
    assertThat(run("dlq", "replay", "-Q", "q", "--all", "--dry-run").stdout())
        .startsWith("4 dead task(s)");
    assertThat(code(run("dlq", "replay", "-Q", "q"))).isEqualTo(64);

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
    String dead = run("call", "probe.fail", "-Q", "q").stdout().strip();
    run("worker", "-Q", "q", "--drain");
    run("call", "probe.noop", "-Q", "q", "--count", "7");

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
    run("call", "probe.noop", "-Q", "q", "--count", "3");
    Run drain = run("worker", "-Q", "q", "--drain");
    assertThat(code(drain)).isZero();
    assertThat(broker.counts("q").pending()).isEqualTo(3);

    run("queue", "resume", "-Q", "q");
    run("worker", "-Q", "q", "--drain");
    assertThat(broker.counts("q").pending()).isZero();
  }

  @Test
  void oneShotCommandsExitTwoWhenRedisIsUnreachable() {
    for (String[] args : List.of(new String[] {"inspect", "stats"},
        new String[] {"dlq", "list", "-Q", "q"}, new String[] {"monitor", "dlq"},
        new String[] {"purge", "-Q", "q", "--force"})) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--redis", "redis://user:secret@127.0.0.1:1"));
      Run r = taskq.run(all.toArray(String[]::new));
      assertThat(code(r)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.stderr().lines()).hasSize(1);
      assertThat(r.stderr()).doesNotContain("secret");
    }
  }

  @Test
  void fsckFindsAndRepairsIdsWithoutPayloadAndPayloadsInNoState() {
    String lost = run("call", "probe.noop", "-Q", "q").stdout().strip();
    String kept = run("call", "probe.noop", "-Q", "q").stdout().strip();
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
