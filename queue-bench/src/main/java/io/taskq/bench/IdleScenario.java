package io.taskq.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.bench.BenchTasks.Latency;
import io.taskq.config.TaskqConfig;
import io.taskq.inspect.DurationOption;
import io.taskq.redis.internal.RedisClients;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.Worker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskq bench idle}: what a worker on many idle queues costs, and how fast it wakes. The
 * worker runs in this process; Redis is read on a connection of its own, left out of the counts.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
    description = "Runs a worker on Q idle queues bench-idle-0..Q-1 in this process. For D it"
        + " measures Redis commands/s (INFO commandstats: every client, commands run by scripts"
        + " included, this bench's own INFO and CLIENT calls left out), the connections"
        + " (CLIENT LIST, this bench's own one left out), the JVM's platform threads, its RSS"
        + " and CPU (%% of one core); then it submits N tasks one at a time, round robin over the"
        + " queues, each once the one before ran, and reports submit-to-start latency.")
final class IdleScenario extends Scenario {
  @Option(names = "--queues", paramLabel = "Q", defaultValue = "200",
      description = "idle queues the worker serves (default 200)")
  int queues;

  @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationOption.class,
      description = "the queues' lease (default 30s)")
  Duration lease;

  @Option(names = "--idle", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationOption.class,
      description = "how long the idle worker is measured (default 60s)")
  Duration idle;

  @Option(names = "--submits", paramLabel = "N", defaultValue = "200",
      description = "tasks submitted one at a time for the latency (default 200)")
  int submits;

  @Override
  String name() {
    return "idle";
  }

  @Override
  void validate() {
    atLeast("--queues", queues, 1);
    atLeast("--submits", submits, 1);
    atLeast("--idle (ms)", idle.toMillis(), 1000);
  }

  @Override
  void run(TaskqConfig base, Report report) throws Exception {
    report.parameter("queues", queues).parameter("lease", lease.toString())
        .parameter("idle", idle.toString()).parameter("submits", submits);
    TaskqConfig config = base;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < queues; i++) {
      names.add(queue() + "-" + i);
      config = config.withQueue(QueueConfig.builder(names.get(i)).lease(lease).build());
    }
    Latencies latencies = new Latencies();
    Semaphore ran = new Semaphore(0);
    AtomicBoolean measuring = new AtomicBoolean(); // the warm-up's latencies are left out
    List<TaskDefinition<Latency>> tasks = new ArrayList<>();
    RedisClient redis = RedisClients.create(config.redis());
    try (StatefulRedisConnection<String, String> conn = connect(redis, config);
        Broker broker = BrokerFactory.open(config.redis());
        TaskClient client = TaskClient.create(broker, config)) {
      RedisCommands<String, String> r = conn.sync();
      Worker.Builder builder = Worker.builder().broker(broker).config(config)
          .queues(names.toArray(String[]::new));
      for (String q : names) {
        TaskDefinition<Latency> task = TaskDefinition.of("bench.idle." + q, Latency.class)
            .withQueue(q);
        tasks.add(task);
        builder.register(task, (p, ctx) -> {
          if (measuring.get()) {
            latencies.record(p.ageMs());
          }
          ran.release();
          return null;
        });
      }
      Worker worker = builder.build().start();
      try {
        for (int i = 0; i < Math.min(queues, 20); i++) { // warms the path, wakes every waiter
          client.submit(tasks.get(i), Latency.now());
          ran.acquire();
        }
        Thread.sleep(Math.min(10_000, idle.toMillis() / 2)); // settle: every queue waits
        var os = (com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean();
        long calls0 = commands(r.info("commandstats"));
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(idle.toMillis());
        long calls1 = commands(r.info("commandstats"));
        long cpu1 = os.getProcessCpuTime();
        double s = secondsSince(t0, System.nanoTime());
        int connections = (int) r.clientList().lines().filter(l -> l.startsWith("id=")).count()
            - 1;
        Map<String, Object> row = report.row(
            "commandsPerS", Report.round((calls1 - calls0) / s, 1),
            "commandsPerQueuePerS", Report.round((calls1 - calls0) / s / queues, 3),
            "connections", connections,
            "threads", ManagementFactory.getThreadMXBean().getThreadCount(),
            "rssMb", Report.round(rssKb() / 1024.0, 1),
            "cpuPct", Report.round((cpu1 - cpu0) / 1e9 / s * 100, 2));
        measuring.set(true);
        for (int i = 0; i < submits; i++) {
          Thread.sleep(20); // the fetcher that ran the last task waits again
          client.submit(tasks.get(i % queues), Latency.now());
          if (!ran.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("task " + i + " did not run within 30 s");
          }
        }
        row.putAll(latencies.summary().columns());
      } finally {
        worker.close();
      }
      Inspector inspector = Inspector.create(broker, config);
      names.forEach(inspector::forget); // every task ran: the queues are empty

    } finally {
      redis.shutdown();
    }
  }

  /** Calls of every command but this bench's own INFO and CLIENT, from INFO commandstats. */
  static long commands(String info) {
    long total = 0;
    for (String line : info.lines().toList()) {
      if (!line.startsWith("cmdstat_") || line.startsWith("cmdstat_info:")
          || line.startsWith("cmdstat_client|")) {
        continue;
      }
      int at = line.indexOf("calls=");
      int end = line.indexOf(',', at);
      total += Long.parseLong(line.substring(at + 6, end));
    }
    return total;
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
