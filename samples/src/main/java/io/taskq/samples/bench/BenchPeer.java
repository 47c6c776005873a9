package io.taskq.samples.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.bench.BenchTasks;
import io.taskq.bench.BenchTasks.Latency;
import io.taskq.bench.BenchTasks.Noop;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.config.WorkerConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.Worker;
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
  private static final int WARMUP_TASKS = 5000;

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
      client.submit(WARM, new Noop()); // connection and scripts, on a queue the harness ignores
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
    RedisClient redis = RedisClient.create(config.redis().url());
    try (StatefulRedisConnection<String, String> conn = redis.connect();
        Broker broker = BrokerFactory.open(config.redis())) {
      RedisCommands<String, String> r = conn.sync();
      String done = env.getOrDefault("BENCH_DONE_KEY", "bench:done");
      String lat = env.getOrDefault("BENCH_LAT_KEY", "bench:lat");
      TaskqConfig quiet = new TaskqConfig(config.redis(), new WorkerConfig(
          Duration.ofSeconds(5), false), config.queues(), config.maxPayload());
      warmUp(broker, quiet);
      Worker worker = Worker.builder().broker(broker).config(quiet).queues(QUEUE)
          .register(NOOP, (p, ctx) -> {
            r.incr(done);
            return null;
          })
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

  /** Runs a few thousand no-op tasks through the JIT before the measured worker starts. */
  private void warmUp(Broker broker, TaskqConfig quiet) {
    try (TaskClient client = TaskClient.create(broker, quiet)) {
      client.submitAll(WARM, Collections.nCopies(WARMUP_TASKS, new Noop()), TaskOptions.DEFAULT);
    }
    Worker.builder().broker(broker).config(quiet).queues(WARMUP_QUEUE)
        .register(WARM, (p, ctx) -> null).build().runUntilIdle();
  }

  private int latency() {
    int n = n("BENCH_LAT_N", "2000");
    double rate = Double.parseDouble(env.getOrDefault("BENCH_LAT_RATE", "200"));
    try (Broker broker = BrokerFactory.open(config.redis());
        TaskClient client = TaskClient.create(broker, config)) {
      for (int i = 0; i < 200; i++) { // warm the producer path on the unused warm-up queue
        client.submit(WARM, new Noop());
      }
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
