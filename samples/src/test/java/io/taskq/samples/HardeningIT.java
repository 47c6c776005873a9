package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static io.taskq.samples.Launcher.cmd;
import static org.awaitility.Awaitility.await;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskOptions;
import io.taskq.cli.probe.ProbeRecorder;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.spi.ClaimedTask;
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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator meets with Redis at {@code maxmemory} under {@code noeviction}, through the
 * real launcher: the reading commands, the remedies (pause, dlq delete, purge) and a worker
 * work, health says why it is degraded, and acks keep landing so no task runs twice.
 */
class HardeningIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final Duration LEASE = Duration.ofSeconds(2);

  @TempDir Path dir;
  private Launcher taskq;
  private Broker broker;
  private TaskClient client;
  private ProbeRecorder probes;
  private final List<Run> workers = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    cli("FLUSHALL");
    cli("CONFIG", "SET", "maxmemory", "0");
    cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  h: { lease: 2s }\n  \"*\": {}\n");
    taskq = new Launcher(dir);
    RedisConfig redis = RedisConfig.DEFAULT.withUrl(REDIS.url());
    broker = BrokerFactory.open(redis);
    client = TaskClient.create(broker, TaskqConfig.DEFAULT);
    probes = ProbeRecorder.forUrl(redis);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(w -> w.process().destroyForcibly());
    cli("CONFIG", "SET", "maxmemory", "0");
    probes.close();
    client.close();
    broker.close();
  }

  private String cli(String... args) {
    return REDIS.server().cli(args);
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    return taskq.run(all.toArray(String[]::new));
  }

  private Run worker(String... args) {
    List<String> all = new ArrayList<>(List.of("worker", "-c", "8"));
    all.addAll(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    Run r = taskq.start(all.toArray(String[]::new));
    workers.add(r);
    return r;
  }

  /**
   * Submits {@code count} tasks from this JVM, as {@code taskq call --count} does: the launcher's
   * runs (a JVM start each) are kept for the commands under test.
   */
  private List<String> submit(String queue, String task, String args, int count,
      TaskOptions.Builder options) {
    return client.submitAllJson(task, Collections.nCopies(count, args),
        options.queue(queue).build()).stream().map(h -> h.id()).toList();
  }

  /** Runs independent read-only commands two at a time (see {@link Launcher#runAll}), in order. */
  private List<Run> all(String[]... commands) {
    return taskq.runAll(List.of("--redis", REDIS.url()), commands);
  }

  private static int code(Run r) {
    return r.exitCode(Duration.ZERO);
  }

  private long memory(String field) {
    return cli("INFO", "memory").lines().filter(l -> l.startsWith(field + ":"))
        .mapToLong(l -> Long.parseLong(l.substring(field.length() + 1).trim())).findFirst()
        .orElseThrow();
  }

  private boolean outOfMemory() {
    return cli("SET", "taskq:probe:oom", "x").startsWith("OOM");
  }

  /** Submits until Redis refuses, with maxmemory 1 MB above what it held before. */
  private void fillUntilOutOfMemory() {
    cli("CONFIG", "SET", "maxmemory", Long.toString(memory("used_memory") + 1_000_000));
    Run fill = run("call", "probe.noop", "-Q", "h", "--count", "20000");
    assertThat(code(fill)).as(fill.stderr()).isNotZero();
    assertThat(fill.stderr()).contains("out of memory");
    // memory moves a little after the refusal (buffers): settle 64 kB below what it holds
    cli("CONFIG", "SET", "maxmemory", Long.toString(memory("used_memory") - 65_536));
    assertThat(outOfMemory()).isTrue();
  }

  @Test
  void atMaxmemoryReadingRemediesHealthAndAWorkerWork() throws Exception {
    submit("h", "probe.noop", "{}", 3, TaskOptions.builder());
    for (ClaimedTask c : broker.claim("h", 3, LEASE, "gone")) {
      broker.deadLetter("h", c.ref(), c.envelope(), DeadLetterPolicy.DEFAULT);
    }
    fillUntilOutOfMemory();

    List<String[]> readings = List.of(cmd("inspect", "stats"), cmd("fsck"),
        cmd("monitor", "pending", "--threshold", "1000000", "-Q", "h"));
    List<Run> r = all(cmd("health"), readings.get(0), readings.get(1), readings.get(2));
    Run health = r.get(0);
    assertThat(code(health)).as(health.stderr()).isEqualTo(1);
    assertThat(health.stdout()).contains("DEGRADED redis: Redis is out of memory")
        .endsWith("DEGRADED\n");
    for (int i = 0; i < readings.size(); i++) {
      assertThat(code(r.get(i + 1))).as(String.join(" ", readings.get(i)) + ": "
          + r.get(i + 1).stderr()).isZero();
    }

    Run pause = run("queue", "pause", "-Q", "h");
    assertThat(code(pause)).as(pause.stderr()).isZero();
    int port = RedisServer.freePort();
    Run w = worker("-Q", "h", "--health-port", Integer.toString(port));
    await().atMost(Duration.ofSeconds(20)).until(() -> (w.stdout() + w.stderr()).contains("started on queues")
        || !w.process().isAlive());
    assertThat(w.process().isAlive()).as(w.stderr()).isTrue();
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body).contains("\"status\":\"DEGRADED\"").contains("Redis is out of memory");

    Run delete = run("dlq", "delete", "-Q", "h", "--all");
    assertThat(code(delete)).as(delete.stderr()).isZero();
    assertThat(broker.counts("h").dead()).isZero();
    Run purge = run("purge", "-Q", "h", "--force");
    assertThat(code(purge)).as(purge.stderr()).isZero();
    assertThat(broker.counts("h").pending()).isZero();
    assertThat(outOfMemory()).as("purge frees memory").isFalse();
    assertThat(code(run("queue", "resume", "-Q", "h"))).isZero();
  }

  @Test
  void acksKeepLandingAtMaxmemorySoNoTaskRunsTwice() {
    List<String> ids = submit("h", "probe.record", "{\"ms\": 30}", 400, TaskOptions.builder());
    cli("CONFIG", "SET", "maxmemory", "1"); // every write that may grow memory is refused
    assertThat(outOfMemory()).isTrue();

    worker("-Q", "h");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> probes.doneIds().containsAll(ids));
    cli("CONFIG", "SET", "maxmemory", "0");
    // a dropped ack leaves its task active: its lease expires and the reaper runs it again
    await().during(LEASE.plus(LEASE.dividedBy(3)).plusSeconds(1)).atMost(Duration.ofSeconds(20))
        .until(() -> broker.counts("h").live() == 0);
    assertThat(ids.stream().filter(id -> probes.runs(id) > 1).toList()).isEmpty();
  }

  @Test
  void anInfiniteScoreAndAKeyOfTheWrongTypeAreReportedAndTheRestStillWorks() {
    List<String> ids = submit("h", "probe.noop", "{}", 2,
        TaskOptions.builder().countdown(Duration.ofHours(1)));
    cli("ZADD", "taskq:{h}:scheduled", "+inf", ids.get(0));

    List<Run> read = all(cmd("inspect", "scheduled"), cmd("task", "get", ids.get(0)));
    Run scheduled = read.get(0);
    assertThat(code(scheduled)).as(scheduled.stderr()).isZero();
    assertThat(scheduled.stdout()).contains(ids.get(0)).contains(ids.get(1));
    Run get = read.get(1);
    assertThat(code(get)).as(get.stderr()).isZero();
    Run fsck = run("fsck", "-Q", "h", "--repair");
    assertThat(fsck.stdout()).contains("1 time(s) that are no real time, 1 repaired");
    assertThat(code(fsck)).isZero();

    String key = "taskq:{w}:scheduled";
    cli("SET", key, "garbage");
    Run delayed = run("call", "probe.noop", "-Q", "w", "--countdown", "1m");
    assertThat(code(delayed)).isEqualTo(3);
    assertThat(delayed.stderr().lines()).singleElement().asString()
        .contains("WRONGTYPE taskq key " + key);
    assertThat(cli("HLEN", "taskq:{w}:tasks")).as("no orphan payload").isEqualTo("0");

    read = all(cmd("inspect", "stats"), cmd("health"), cmd("fsck"),
        cmd("monitor", "pending", "--threshold", "100"));
    Run stats = read.get(0);
    assertThat(code(stats)).isEqualTo(1);
    assertThat(stats.stdout()).contains("h");
    assertThat(stats.stderr()).contains("queue w: key " + key + " holds a string, not a zset");
    Run health = read.get(1);
    assertThat(code(health)).isEqualTo(1);
    assertThat(health.stdout()).contains("DEGRADED queue w: key " + key).contains("queue h");
    Run check = read.get(2);
    assertThat(code(check)).isEqualTo(1);
    assertThat(check.stdout()).contains("h: 0 id(s) without payload");
    assertThat(check.stderr()).contains("queue w: not checked: key " + key);
    Run monitor = read.get(3);
    assertThat(code(monitor)).isEqualTo(1);
    assertThat(monitor.stdout()).contains("h=0").contains("w=?");

    // ready tasks still run; the failing wait backs off and is logged once a minute
    submit("w", "probe.noop", "{}", 5, TaskOptions.builder());
    Run w = worker("-Q", "w");
    await().atMost(Duration.ofSeconds(30)).until(() -> cli("LLEN", "taskq:{w}:pending")
        .equals("0") && cli("ZCARD", "taskq:{w}:active").equals("0"));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> (w.stdout() + w.stderr()).lines()
            .filter(l -> l.contains("Waiting for work on queue w failed")).count() <= 1);
  }
}
