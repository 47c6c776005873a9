package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisKeys;
import io.taskq.redis.RedisProbeRecords;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's rate limit and maxActive held across two real worker processes on one redis-server.
 * A sampler reads the queue's active ZSET and lease HASH (claim time on Redis' clock, worker id)
 * every few ms while the tasks run; each task runs long enough to be seen by several samples.
 */
class ClaimLimitIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final String RATED = "rated";
  private static final String CAPPED = "capped";
  /** One snapshot: {ZCARD active, HGETALL lease}. */
  private static final String SAMPLE =
      "return {redis.call('ZCARD', KEYS[1]), redis.call('HGETALL', KEYS[2])}";

  @TempDir static Path dir;
  private static Broker broker;
  private static TaskClient client;
  private static RedisProbeRecords probes;
  private static RedisClient lettuce;
  private static StatefulRedisConnection<String, String> connection;
  private static final List<Run> workers = new ArrayList<>();
  private static final List<Integer> healthPorts = new ArrayList<>();

  @BeforeAll
  static void startTwoWorkers() throws Exception {
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n"
        + "  " + RATED + ": { rateLimit: 10/s }\n" // burst: one second's claims, 10
        + "  " + CAPPED + ": { maxActive: 2 }\n");
    Launcher taskq = new Launcher(dir);
    RedisConfig redis = RedisConfig.DEFAULT.withUrl(REDIS.url());
    broker = BrokerFactory.open(redis);
    client = TaskClient.create(broker, TaskqConfig.DEFAULT
        .withQueue(QueueConfig.builder(RATED).build())
        .withQueue(QueueConfig.builder(CAPPED).build()));
    probes = new RedisProbeRecords(redis);
    lettuce = RedisClient.create(REDIS.url());
    connection = lettuce.connect();
    for (int i = 0; i < 2; i++) {
      int port = RedisServer.freePort();
      healthPorts.add(port);
      workers.add(taskq.start("worker", "-Q", RATED + "," + CAPPED, "-c", "16",
          "--health-port", Integer.toString(port), "--redis", REDIS.url()));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> broker.workers().size() == 2);
  }

  @AfterAll
  static void stopWorkers() {
    workers.forEach(w -> w.process().destroyForcibly());
    if (connection != null) {
      connection.close();
      lettuce.shutdown();
    }
    if (probes != null) {
      probes.close();
    }
    if (client != null) {
      client.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** Submits {@code n} probe.record tasks of {@code ms} each to {@code queue} in one call. */
  private static Set<String> submit(String queue, int n, long ms) {
    List<String> args = Collections.nCopies(n, "{\"ms\": " + ms + "}");
    return client.submitAllJson("probe.record", args, TaskOptions.builder().queue(queue).build())
        .stream().map(TaskHandle::id).collect(Collectors.toSet());
  }

  /** Samples a queue's active count and its claims until closed, on its own thread. */
  private static final class Sampler implements AutoCloseable {
    final Map<String, Long> claimedAt = new ConcurrentHashMap<>();
    final Map<String, String> claimedBy = new ConcurrentHashMap<>();
    final AtomicLong peakActive = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Sampler(String queue) {
      RedisKeys k = RedisKeys.of(queue);
      RedisCommands<String, String> redis = connection.sync();
      thread = Thread.ofPlatform().name("sampler-" + queue).start(() -> {
        while (!stop.get()) {
          List<Object> out = redis.eval(SAMPLE, ScriptOutputType.MULTI, k.active(), k.lease());
          peakActive.accumulateAndGet((Long) out.get(0), Math::max);
          @SuppressWarnings("unchecked")
          List<String> lease = (List<String>) out.get(1);
          for (int i = 0; i + 1 < lease.size(); i += 2) {
            String[] f = lease.get(i + 1).split("\\|", -1); // token|workerId|claimedAt|startedAt
            claimedAt.putIfAbsent(lease.get(i), Long.parseLong(f[2]));
            claimedBy.putIfAbsent(lease.get(i), f[1]);
          }
          samples.incrementAndGet();
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the sampling period
        }
      });
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }

  @Test
  void aRateOfTenPerSecondHoldsAcrossTwoWorkers() throws Exception {
    Set<String> ids;
    long start;
    long elapsedMs;
    try (Sampler s = new Sampler(RATED)) {
      start = System.nanoTime();
      ids = submit(RATED, 50, 300);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> probes.doneIds().containsAll(ids));
      elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      s.close();

      assertThat(s.claimedAt.keySet()).as("every claim seen by the sampler").isEqualTo(ids);
      List<Long> times = s.claimedAt.values().stream().sorted().toList();
      long first = times.get(0);
      // claims per second since the first claim, on Redis' clock
      Map<Long, Long> perSecond = new TreeMap<>(times.stream()
          .collect(Collectors.groupingBy(t -> (t - first) / 1000, Collectors.counting())));
      // the most claims in any 1 s window [t, t + 1 s) starting at a claim
      long busiest = IntStream.range(0, times.size()).mapToLong(i -> times.stream()
          .filter(t -> t >= times.get(i) && t < times.get(i) + 1000).count()).max().orElse(0);
      Map<String, Long> byWorker = s.claimedBy.values().stream()
          .collect(Collectors.groupingBy(w -> w, Collectors.counting()));
      System.out.println("rateLimit 10/s (burst 10), 50 tasks, 2 workers: end to end "
          + elapsedMs + " ms; claims from first to last " + (times.get(times.size() - 1) - first)
          + " ms; claims per second " + perSecond.values() + "; busiest 1 s window " + busiest
          + "; claims per worker " + byWorker.values() + "; " + s.samples.get() + " samples");

      assertThat(elapsedMs).isGreaterThanOrEqualTo(4000);
      // after the burst of 10, 40 tokens at one per 100 ms
      assertThat(times.get(times.size() - 1) - first).isGreaterThanOrEqualTo(3900);
      assertThat(perSecond.values()).allMatch(n -> n <= 10 + 10);
      assertThat(busiest).isLessThanOrEqualTo(10 + 10);
      // which worker gets a token is not part of the limit (see maxActive below)
      assertThat(byWorker.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
    }
    long waits = 0;
    for (int port : healthPorts) {
      waits += rateLimitWaits(port, RATED);
    }
    System.out.println("taskq.ratelimit.waits of both workers: " + waits);
    // every token ends at most a few waits (the claim it grants is cut short, the other worker
    // is refused); a fetcher polling instead of waiting would count thousands in 4 s
    assertThat(waits).as("taskq.ratelimit.waits of both workers").isPositive()
        .isLessThanOrEqualTo(6 * 50);
  }

  @Test
  void maxActiveTwoHoldsAcrossTwoWorkers() throws Exception {
    try (Sampler s = new Sampler(CAPPED)) {
      long start = System.nanoTime();
      Set<String> ids = submit(CAPPED, 12, 250);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> probes.doneIds().containsAll(ids));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      s.close();

      Map<String, Long> byWorker = s.claimedBy.values().stream()
          .collect(Collectors.groupingBy(w -> w, Collectors.counting()));
      System.out.println("maxActive 2, 12 tasks of 250 ms, 2 workers of 16 slots: end to end "
          + elapsedMs + " ms; most claimed at once " + s.peakActive.get() + "; claims per worker "
          + byWorker.values() + "; " + s.samples.get() + " samples");
      assertThat(s.claimedAt.keySet()).as("every claim seen by the sampler").isEqualTo(ids);
      assertThat(s.peakActive.get()).as("most tasks claimed at once").isEqualTo(2);
      // which worker takes a freed slot is not part of the cap: the worker whose ack frees it
      // claims in the same script call, so on a loaded machine one worker may take them all
      assertThat(byWorker.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);
      // 6 rounds of 250 ms: a freed slot wakes a waiting worker, no idle wait (5 s) between
      assertThat(elapsedMs).isGreaterThanOrEqualTo(1500).isLessThan(5000);
    }
  }

  /** Sum of {@code taskq_ratelimit_waits_total} of a queue on one worker's /metrics. */
  private static long rateLimitWaits(int port, String queue) throws Exception {
    String metrics;
    try (HttpClient http = HttpClient.newHttpClient()) {
      metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
    Matcher m = Pattern.compile("taskq_ratelimit_waits_total\\{[^}]*queue=\"" + queue
        + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
    long sum = 0;
    while (m.find()) {
      sum += (long) Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
