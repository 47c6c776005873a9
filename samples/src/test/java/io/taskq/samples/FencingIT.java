package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.TaskClient;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.cli.probe.ProbeRecorder;
import io.taskq.config.ConfigLoader;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.test.redis.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that stop in ways a lease must cover, with real worker processes (lease 2 s): one frozen
 * by SIGSTOP past its lease, one whose handler calls {@code System.exit}. Nothing may be lost and
 * no task may be counted a success twice. The rows are printed for docs/reliability.md.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class FencingIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Pattern COMPLETED = Pattern.compile(
      "taskq_tasks_completed_total\\{outcome=\"(\\w+)\",queue=\"f1\",task=\"probe.sleep\"} (\\S+)");
  private static final Pattern LOST = Pattern.compile(
      "taskq_lease_lost_total\\{queue=\"f1\"} (\\S+)");
  private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());

  @TempDir Path dir;
  private Launcher taskq;
  private Broker broker;
  private Inspector inspector;
  private TaskClient client;
  private ProbeRecorder probes;
  private final List<Run> workers = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    REDIS.server().cli("FLUSHALL");
    taskq = new Launcher(dir);
    Path config = Files.writeString(dir.resolve("taskq.yaml"), """
        queues:
          f1: { lease: 2s, maxRetries: 5, backoff: { type: fixed, base: 1s }, maxCrashes: 3 }
          f2: { lease: 2s, maxRetries: 5, backoff: { type: fixed, base: 1s }, maxCrashes: 1 }
        """);
    RedisConfig redis = RedisConfig.DEFAULT.withUrl(REDIS.url());
    broker = BrokerFactory.open(redis);
    TaskqConfig c = ConfigLoader.create().env(Map.of()).file(config).redisUrl(REDIS.url()).load();
    inspector = Inspector.create(broker, c);
    client = TaskClient.create(broker, c);
    probes = ProbeRecorder.forUrl(redis);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(w -> w.process().destroyForcibly());
    probes.close();
    client.close();
    broker.close();
  }

  @AfterAll
  static void printTable() {
    TABLE.forEach(System.out::println);
  }

  private Run worker(String queue, String... more) {
    List<String> args = new ArrayList<>(List.of("worker", "-Q", queue, "-c", "8", "--redis",
        REDIS.url()));
    args.addAll(List.of(more));
    Run r = taskq.start(args.toArray(String[]::new));
    workers.add(r);
    return r;
  }

  /** Submits from this JVM, as {@code taskq call --count} does, without a JVM start. */
  private List<String> submit(String task, String queue, String args, int count) {
    return client.submitAllJson(task, Collections.nCopies(count, args),
        TaskOptions.builder().queue(queue).build()).stream().map(h -> h.id()).toList();
  }

  private boolean holdsTasks(Run worker, String queue) {
    return inspector.tasks(queue, TaskState.ACTIVE, 1000).stream().map(TaskInfo::workerId)
        .anyMatch(w -> w != null && w.contains("-" + worker.process().pid() + "-"));
  }

  private boolean queueEmpty(String queue) {
    QueueStats s = inspector.stats(queue);
    return s.pending() + s.active() + s.scheduled() + s.retry() == 0;
  }

  /** The worker's {@code taskq_tasks_completed_total} of probe.sleep on f1, by outcome. */
  private Map<String, Double> completed(int port) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> out = new HashMap<>();
    Matcher m = COMPLETED.matcher(metrics);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    Matcher lost = LOST.matcher(metrics);
    if (lost.find()) {
      out.put("claims_lost", Double.parseDouble(lost.group(1)));
    }
    return out;
  }

  @Test
  void a_aWorkerStoppedPastItsLeaseIsFencedOutAndItsLateCompletionsAreLeaseLost()
      throws Exception {
    int n = 240;
    List<String> ids = submit("probe.sleep", "f1", "{\"ms\": 300}", n);
    int portA = RedisServer.freePort();
    int portB = RedisServer.freePort();
    Run a = worker("f1", "--health-port", Integer.toString(portA));
    Run b = worker("f1", "--health-port", Integer.toString(portB));
    await().atMost(Duration.ofSeconds(30)).until(() -> holdsTasks(a, "f1") && holdsTasks(b, "f1"));

    signal("STOP", a.process().pid());
    // frozen until the other worker's reaper took back every task it held (past its lease)
    await().atMost(LEASE.plusSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> !holdsTasks(a, "f1"));
    signal("CONT", a.process().pid());

    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
        .until(() -> queueEmpty("f1"));
    assertThat(inspector.stats("f1").dead()).isZero();
    assertThat(ids).allMatch(id -> probes.runs(id) >= 1);
    long twice = ids.stream().filter(id -> probes.runs(id) > 1).count();
    // every task succeeded exactly once across both workers; the frozen one's late ends are
    // lease_lost (outcomes are reported once the ack is answered: wait for the last ones)
    await().atMost(Duration.ofSeconds(10)).until(() ->
        completed(portA).getOrDefault("success", 0.0) + completed(portB)
            .getOrDefault("success", 0.0) >= n);
    Map<String, Double> ofA = completed(portA);
    Map<String, Double> ofB = completed(portB);
    assertThat(ofA.getOrDefault("success", 0.0) + ofB.getOrDefault("success", 0.0))
        .isEqualTo((double) n);
    // the frozen worker learns of each lost claim either from its heartbeat (the handler is
    // stopped, nothing is reported) or from a refused ack (outcome lease_lost)
    double leaseLost = ofA.getOrDefault("lease_lost", 0.0);
    assertThat(ofA.getOrDefault("claims_lost", 0.0)).as("claims the frozen worker lost")
        .isPositive().isGreaterThanOrEqualTo(leaseLost);
    assertThat(leaseLost).as("late completions of the frozen worker").isLessThanOrEqualTo(twice);
    assertThat(ofB.getOrDefault("lease_lost", 0.0)).isZero();
    assertThat(a.process().isAlive()).isTrue();
    TABLE.add("| worker SIGSTOPped for lease + 2 s while running tasks, then resumed (2 workers) | "
        + n + " | 0 | " + twice + " | - | frozen worker's late completions counted lease_lost: "
        + (long) leaseLost + "; successes counted " + n + " |");
  }

  @Test
  void b_systemExitInAHandlerIsRecoveredAsACrashAndNothingIsLost() throws Exception {
    String exiting = submit("probe.exit", "f2", "{}", 1).get(0);
    List<String> ids = submit("probe.record", "f2", "{\"ms\": 20}", 100);
    List<Integer> exitCodes = new CopyOnWriteArrayList<>();
    AtomicBoolean supervising = new AtomicBoolean(true);
    long t0 = System.nanoTime();
    supervised(supervising, exitCodes);
    try {
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
          .until(() -> inspector.stats("f2").dead() == 1);
      long deadMs = (System.nanoTime() - t0) / 1_000_000;
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
          .until(() -> probes.doneIds().containsAll(ids) && queueEmpty("f2"));
      TaskInfo dead = inspector.tasks("f2", TaskState.DEAD, 10).get(0);
      assertThat(dead.id()).isEqualTo(exiting);
      assertThat(dead.lastError().message()).isEqualTo("crashed worker 2 times");
      assertThat(exitCodes).contains(3);
      long twice = ids.stream().filter(id -> probes.runs(id) > 1).count();
      TABLE.add("| System.exit(3) in a handler (maxCrashes 1; the JVM exits with 3, the task is"
          + " recovered as a crash and dead-lettered after 2, " + deadMs + " ms after submit) | "
          + (ids.size() + 1) + " | 0 | " + twice + " | - |");
    } finally {
      supervising.set(false);
    }
  }

  /** A worker on f2 started again whenever it exits, as systemd's Restart=always does. */
  private void supervised(AtomicBoolean supervising, List<Integer> exitCodes) {
    Run w = worker("f2");
    w.process().onExit().thenAccept(p -> {
      exitCodes.add(p.exitValue());
      if (supervising.get()) {
        supervised(supervising, exitCodes);
      }
    });
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor()).isZero();
  }
}
