package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.cli.probe.ProbeRecorder;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher, run the way an operator runs it, against a redis-server of its own. */
class LauncherIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;
  private Launcher taskq;
  private Broker broker;
  private TaskClient client;
  private ProbeRecorder probes;
  private final List<Run> started = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    taskq = new Launcher(dir);
    RedisConfig redis = RedisConfig.DEFAULT.withUrl(REDIS.url());
    broker = BrokerFactory.open(redis);
    client = TaskClient.create(broker, TaskqConfig.DEFAULT.withRedis(redis));
    probes = ProbeRecorder.forUrl(redis);
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
    probes.close();
    broker.close();
  }

  private Run worker(String... args) {
    Run r = taskq.start(args);
    started.add(r);
    return r;
  }

  private Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("taskq.yaml"), yaml);
  }

  /**
   * Submits {@code count} tasks to queue default from this JVM, as {@code taskq call --count}
   * does (callPrintsExactlyOneIdPerSubmittedTask runs that): the launcher's runs, a JVM start
   * each, are kept for what the tests are about.
   */
  private List<String> submit(String task, String args, int count) {
    return client.submitAllJson(task, java.util.Collections.nCopies(count, args),
        TaskOptions.builder().queue("default").build()).stream().map(h -> h.id()).toList();
  }

  private List<String> call(String... args) {
    Run r = taskq.run(args);
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return r.stdout().lines().toList();
  }

  @Test
  void callPrintsExactlyOneIdPerSubmittedTask() {
    List<String> ids = call("call", "probe.noop", "--count", "1500", "-Q", "default", "--redis",
        REDIS.url());

    assertThat(ids).hasSize(1500).doesNotHaveDuplicates()
        .allMatch(id -> id.matches("[0-9a-f-]{36}"));
    assertThat(broker.counts("default").pending()).isEqualTo(1500);
  }

  @Test
  void workerKilledWithSigkillLosesNothingAfterARestart() throws IOException {
    config("queues:\n  default: { lease: 2s }\n");
    submit("probe.record", "{\"ms\": 20}", 500);

    Run first = worker("worker", "-Q", "default", "-c", "8", "--redis", REDIS.url());
    await().atMost(Duration.ofSeconds(60)).until(() -> probes.doneCount() >= 50);
    first.process().destroyForcibly(); // SIGKILL mid-run: up to 8 tasks held, unacked
    assertThat(first.exitCode(Duration.ofSeconds(10))).isEqualTo(137);

    Run second = worker("worker", "-Q", "default", "-c", "8", "--redis", REDIS.url());
    await().atMost(Duration.ofSeconds(90)).until(() -> probes.doneCount() == 500);
    second.process().destroy();
    assertThat(second.exitCode(Duration.ofSeconds(20))).isZero();
    assertThat(broker.counts("default").pending()).isZero();
    assertThat(broker.counts("default").active()).isZero();
  }

  @Test
  void failingProbeRunsMaxRetriesPlusOneTimesThenIsDead() throws IOException {
    config("queues:\n  default: { maxRetries: 2, backoff: { type: fixed, base: 0s } }\n");
    String id = submit("probe.fail", "{}", 1).get(0);

    // --redis before the command: the launcher's options go on either side of it
    Run drain = worker("--redis", REDIS.url(), "worker", "-Q", "default", "--drain");

    assertThat(drain.exitCode(Duration.ofSeconds(60))).as(drain.stderr()).isZero();
    assertThat(probes.runs(id)).isEqualTo(3);
    TaskInfo dead = client.find(new TaskHandle(id, "default")).orElseThrow();
    assertThat(dead.state()).isEqualTo(TaskState.DEAD);
    assertThat(dead.lastError().message()).isEqualTo("probe.fail always fails");
  }

  @Test
  void sigtermDuringALongTaskExitsZeroWithinTheGraceAndReturnsTheTask() throws IOException {
    config("worker: { shutdownGrace: 2s }\n");
    Run w = worker("worker", "-Q", "default", "--redis", REDIS.url());
    String id = submit("probe.sleep", "{\"ms\": 30000}", 1).get(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> probes.runs(id) == 1);

    long t0 = System.nanoTime();
    w.process().destroy(); // SIGTERM
    int code = w.exitCode(Duration.ofSeconds(15));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(code).as(w.stderr()).isZero();
    assertThat(took).isLessThan(Duration.ofSeconds(2).plusSeconds(3));
    TaskInfo back = client.find(new TaskHandle(id, "default")).orElseThrow();
    assertThat(back.state()).isEqualTo(TaskState.PENDING);
    assertThat(back.retries()).isZero();
    assertThat(w.stderr()).contains("Returned task " + id);
  }

  /**
   * The AOT cache of the build (JDK 25+, samples/target/taskq.aot) is used when present and
   * matching; none, or a corrupt one, changes nothing a user sees: same output, nothing more on
   * either stream, the task runs.
   */
  @Test
  void runsTheSameWithTheAotCacheWithoutOneAndWithACorruptOne() throws IOException {
    Path cache = Launcher.ROOT.resolve("samples/target/taskq.aot");
    if (Runtime.version().feature() >= 25 && !Boolean.getBoolean("taskq.aot.skip")) {
      assertThat(cache).as("the build's training run writes it on JDK 25+").exists();
    }
    Path corrupt = dir.resolve("corrupt.aot");
    byte[] garbage = new byte[64 * 1024];
    new java.util.Random(20).nextBytes(garbage);
    Files.write(corrupt, garbage);
    Path classLog = dir.resolve("class-load.log");
    Map<String, Map<String, String>> cases = new java.util.LinkedHashMap<>();
    cases.put("the build's cache", Files.exists(cache)
        ? Map.of("TASKQ_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog) : Map.of());
    cases.put("no cache", Map.of("TASKQ_AOT_CACHE", ""));
    cases.put("a corrupt cache", Map.of("TASKQ_AOT_CACHE", corrupt.toString()));

    for (var c : cases.entrySet()) {
      Run submit = taskq.start(c.getValue(), "call", "probe.noop", "--redis", REDIS.url());
      assertThat(submit.exitCode(Duration.ofMinutes(1))).as(c.getKey()).isZero();
      assertThat(submit.stderr()).as(c.getKey()).isEmpty();
      List<String> out = submit.stdout().lines().toList();
      assertThat(out).as(c.getKey()).hasSize(1).allMatch(id -> id.matches("[0-9a-f-]{36}"));

      Run drain = taskq.start(c.getValue(), "worker", "-Q", "default", "--drain", "--redis",
          REDIS.url());
      assertThat(drain.exitCode(Duration.ofMinutes(1))).as(c.getKey() + ": " + drain.stderr())
          .isZero();
      assertThat(drain.stdout()).as(c.getKey()).isEmpty();
      assertThat(drain.stderr()).as(c.getKey()).doesNotContain("aot", "AOT", "CDS");
      assertThat(probes.runs(out.get(0))).as(c.getKey()).isOne();
    }
    if (Files.exists(cache)) { // it matched the jars and the JDK: classes came from it
      assertThat(Files.readString(classLog))
          .contains("io.taskq.cli.Main source: shared objects file");
    }
  }

  @Test
  void malformedConfigExitsOneWithALineNamingTheKey() throws IOException {
    config("queues:\n  email:\n    maxRetries: three\n");

    Run r = taskq.run("worker", "-Q", "email", "--redis", REDIS.url());

    assertThat(r.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(r.stderr().strip()).isEqualTo(
        "taskq: taskq.yaml: queues.email.maxRetries: expected an integer >= 0, got \"three\"");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void usageErrorsExit64WithOneLine() {
    List<List<String>> commands = List.of(List.of("call"), List.of("worker", "-c", "0"),
        List.of("call", "probe.noop", "--eta", "tomorrow"), List.of("worker", "-Q", "bad queue!"),
        List.of("--bogus"), List.of("call", "probe.noop", "--args", "{not json", "--redis",
            REDIS.url()));
    List<Run> runs = taskq.runAll(commands); // none gets as far as doing anything: two at a time
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      String args = String.join(" ", commands.get(i));
      assertThat(r.exitCode(Duration.ZERO)).as(args).isEqualTo(64);
      assertThat(r.stderr().lines()).as(args).hasSize(1).allMatch(l -> l.startsWith("taskq: "));
    }
  }

  @Test
  void callWithRedisDownExitsTwo() {
    Run r = taskq.run("call", "probe.noop", "--redis", "redis://127.0.0.1:1");

    assertThat(r.exitCode(Duration.ZERO)).isEqualTo(2);
    assertThat(r.stderr().lines()).hasSize(1).first().asString().contains("unreachable");
  }

  @Test
  void demoRunsOnTheEmbeddedBroker() {
    Run r = taskq.run("demo", "--redis", "memory://");

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("embedded in-memory broker")
        .contains("the retries and dead letters below are deliberate")
        .containsPattern("total\\s+\\d+\\s+\\d+\\s+7");
  }

  @Test
  void demoInARedisOfYoursWorksInDatabase15AndRemovesWhatItWroteUnlessKept() {
    REDIS.server().cli("SET", "users-own-key", "1");

    Run kept = taskq.run("demo", "--keep", "--redis", REDIS.url());

    assertThat(kept.exitCode(Duration.ZERO)).as(kept.stderr()).isZero();
    assertThat(kept.stdout())
        .contains("Broker: Redis at " + REDIS.url() + "/15, database 15, the demo's own")
        .contains("the retries and dead letters below are deliberate")
        .contains("Kept the demo's tasks in database 15 (--keep)");
    assertThat(Long.parseLong(REDIS.server().cli("-n", "15", "EXISTS", "taskq:{email}:dead")))
        .isOne();

    Run removed = taskq.run("demo", "--redis", REDIS.url());

    assertThat(removed.exitCode(Duration.ZERO)).as(removed.stderr()).isZero();
    assertThat(removed.stdout()).containsPattern("Removed the demo's \\d+ keys from database 15");
    assertThat(REDIS.server().cli("-n", "15", "DBSIZE")).isEqualTo("0");
    assertThat(REDIS.server().cli("--scan").lines()) // this test's own client wrote the version
        .containsExactlyInAnyOrder("users-own-key", "taskq:version");
    assertThat(REDIS.server().cli("GET", "users-own-key")).isEqualTo("1");
  }

  @Test
  void demoRefusesADatabaseHoldingDataItDidNotWrite() {
    REDIS.server().cli("-n", "15", "SET", "users-own-key", "1");

    Run r = taskq.run("demo", "--redis", REDIS.url());

    assertThat(r.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(r.stderr().lines()).containsExactly("taskq: demo: " + REDIS.url() + "/15 holds"
        + " data that taskq demo did not write; give the demo an empty database, e.g. --redis"
        + " redis://host:port/N");
    assertThat(REDIS.server().cli("-n", "15", "GET", "users-own-key")).isEqualTo("1");
    assertThat(REDIS.server().cli("-n", "15", "--scan", "--pattern", "taskq*:{*")).isEmpty();
    assertThat(REDIS.server().cli("-n", "15", "EXISTS", DemoDatabase.MARKER)).isEqualTo("0");
  }
}
