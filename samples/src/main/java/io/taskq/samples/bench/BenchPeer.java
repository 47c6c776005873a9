package io.taskq.samples.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandler;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.bench.BenchTasks.Latency;
import io.taskq.bench.BenchTasks.Noop;
import io.taskq.bench.BenchTasks;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.config.WorkerConfig;
import io.taskq.redis.internal.RedisClients;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.Worker;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import sun.misc.Signal;

/**
 * taskq as a peer of the benchmark harness in {@code shared/bench/peers}: {@code enqueue},
 * {@code worker} and {@code latency} modes, configured by the {@code BENCH_*} environment.
 * The no-op task ({@link BenchTasks}, shared with {@code taskq bench}) does
 * {@code INCR $BENCH_DONE_KEY}; the latency task pushes its submit-to-run time onto
 * {@code $BENCH_LAT_KEY}.
 */
public final class BenchPeer {
  static final String QUEUE = "bench";
  static final String WARMUP_QUEUE = "bench-warmup";
  static final TaskDefinition<Noop> NOOP = BenchTasks.noop(QUEUE);
  static final TaskDefinition<Noop> WARM = BenchTasks.noop("bench.warm", WARMUP_QUEUE);
  static final TaskDefinition<Latency> LATENCY = BenchTasks.latency(QUEUE);
  /** Tasks per warm-up round. */
  private static final int WARMUP_ROUND = 20_000;
  /** The JIT counts as settled when a warm-up round adds less compile time than this. */
  private static final long SETTLED_COMPILE_MS = 150;
  private static final Duration WARMUP_MAX = Duration.ofSeconds(40);

  private final Map<String, String> env = System.getenv();
  private final TaskqConfig config;

  private BenchPeer() {
    int concurrency = Integer.parseInt(env.getOrDefault("BENCH_CONCURRENCY", "16"));
    config = TaskqConfig.DEFAULT
        .withRedis(RedisConfig.DEFAULT.withUrl(env.getOrDefault("BENCH_REDIS_URL",
            "redis://127.0.0.1:6390/0")))
        .withQueue(QueueConfig.builder(QUEUE).concurrency(concurrency).build())
        .withQueue(QueueConfig.builder(WARMUP_QUEUE).concurrency(concurrency).build());
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: BenchPeer enqueue|worker|latency");
      System.exit(64);
    }
    BenchPeer peer = new BenchPeer();
    int code = switch (args[0]) {
      case "enqueue" -> peer.enqueue();
      case "worker" -> peer.worker();
      case "latency" -> peer.latency();
      default -> 64;
    };
    System.exit(code);
  }

  private int n(String key, String dflt) {
    return (int) Double.parseDouble(env.getOrDefault(key, dflt));
  }

  private int enqueue() {
    int n = n("BENCH_N", "20000");
    int bulk = n("BENCH_BULK", "1000");
    try (Broker broker = BrokerFactory.open(config.redis());
        TaskClient client = TaskClient.create(broker, config)) {
      List<Noop> chunk = Collections.nCopies(bulk, new Noop());
      // a producer JVM runs for long: warm the submit path on a queue the harness ignores
      for (int i = 0; i < 100; i++) {
        client.submitAll(WARM, chunk, TaskOptions.DEFAULT);
      }
      Inspector.create(broker, config).purge(WARMUP_QUEUE, TaskState.PENDING);
      long t0 = System.nanoTime();
      for (int sent = 0; sent < n; sent += bulk) {
        client.submitAll(NOOP, chunk.subList(0, Math.min(bulk, n - sent)), TaskOptions.DEFAULT);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("ELAPSED_S=%.6f%n", s);
    }
    return 0;
  }

  private int worker() throws InterruptedException {
    RedisClient redis = RedisClients.create(config.redis()); // URL errors never show a password
    try (StatefulRedisConnection<String, String> conn = redis.connect();
        Broker broker = BrokerFactory.open(config.redis())) {
      RedisCommands<String, String> r = conn.sync();
      String done = env.getOrDefault("BENCH_DONE_KEY", "bench:done");
      String lat = env.getOrDefault("BENCH_LAT_KEY", "bench:lat");
      TaskqConfig quiet = config.withWorker(new WorkerConfig(Duration.ofSeconds(5), false));
      // a deployed worker takes tasks as soon as it starts, with the AOT cache of the build
      // (bench/peer-taskq); the JIT warm-up rounds of earlier runs only on request
      if ("jit".equals(env.get("BENCH_TASKQ_WARMUP"))) {
        warmUp(broker, quiet, r);
      }
      Worker worker = Worker.builder().broker(broker).config(quiet).queues(QUEUE)
          .register(NOOP, incr(r, done))
          .register(LATENCY, (p, ctx) -> {
            r.rpush(lat, Double.toString(p.ageMs()));
            return null;
          })
          .build();
      CountDownLatch stop = new CountDownLatch(1);
      for (String s : new String[] {"TERM", "INT"}) {
        Signal.handle(new Signal(s), sig -> stop.countDown());
      }
      worker.start();
      stop.await();
      worker.close();
    } finally {
      redis.shutdown();
    }
    return 0;
  }

  /** The no-op task of the peer contract: {@code INCR key}. */
  private static TaskHandler<Noop> incr(RedisCommands<String, String> r, String key) {
    return (p, ctx) -> {
      r.incr(key);
      return null;
    };
  }

  /**
   * With {@code BENCH_TASKQ_WARMUP=jit} only (the method of earlier runs, about 19 s): runs rounds
   * of no-op tasks (the same handler on another queue and key) until the JIT has settled: on 2 cores the C2 compiler keeps working for 10 s or more after start, taking CPU
   * from the measured work. A round that adds less than {@link #SETTLED_COMPILE_MS} of compile
   * time ends it; {@link #WARMUP_MAX} bounds it.
   */
  private void warmUp(Broker broker, TaskqConfig quiet, RedisCommands<String, String> r) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long until = System.nanoTime() + WARMUP_MAX.toNanos();
    long compiled = jit.getTotalCompilationTime();
    int round = 0;
    try (TaskClient client = TaskClient.create(broker, quiet)) {
      while (System.nanoTime() < until) {
        client.submitAll(WARM, Collections.nCopies(WARMUP_ROUND, new Noop()), TaskOptions.DEFAULT);
        Worker.builder().broker(broker).config(quiet).queues(WARMUP_QUEUE)
            .register(WARM, incr(r, "bench:warm")).build().runUntilIdle();
        long now = jit.getTotalCompilationTime();
        round++;
        System.err.printf("warm-up round %d: %d ms compiling%n", round, now - compiled);
        if (round >= 2 && now - compiled < SETTLED_COMPILE_MS) {
          break;
        }
        compiled = now;
      }
    }
    r.del("bench:warm");
  }

  private int latency() {
    int n = n("BENCH_LAT_N", "2000");
    double rate = Double.parseDouble(env.getOrDefault("BENCH_LAT_RATE", "200"));
    try (Broker broker = BrokerFactory.open(config.redis());
        TaskClient client = TaskClient.create(broker, config)) {
      for (int i = 0; i < 5000; i++) { // warm the producer path on the unused warm-up queue
        client.submit(WARM, new Noop());
      }
      Inspector.create(broker, config).purge(WARMUP_QUEUE, TaskState.PENDING);
      long periodNanos = (long) (1e9 / rate);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long at = start + i * periodNanos;
        long wait;
        while ((wait = at - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        client.submit(LATENCY, Latency.now());
      }
      System.out.printf("SUBMIT_S=%.6f%n", (System.nanoTime() - start) / 1e9);
    }
    return 0;
  }
}
