package io.taskq.samples;

import io.taskq.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The training run of the JVM's AOT cache ({@code docs/performance.md}, "Start-up"). After
 * {@code taskq.jar} and {@code taskq-samples.jar} are packaged, the build runs this class once on
 * exactly the class path {@code bin/taskq} uses, with {@code -XX:AOTCacheOutput}: the JVM records
 * the classes the workload loads and links and the profiles of the methods it runs, and at exit
 * writes the cache that {@code bin/taskq} then passes to every run ({@code -XX:AOTCache}).
 *
 * <p>The workload is what a start does, through the launcher's own command line in this one JVM:
 * {@code taskq call} (one id per line, output discarded), then a worker on 16 slots draining a
 * backlog of successes, one retry and dead letters, then the inspect reads; {@value #ROUNDS}
 * rounds so that the hot paths have profiles. Against a throwaway {@code redis-server} on a free
 * port; without one on the PATH, against the embedded broker (the cache then lacks the Redis
 * client, and says so on standard error). It never fails the build: a command that fails is
 * reported on standard error and the run goes on.
 */
public final class AotTraining {
  private static final int ROUNDS = 3;
  private static final int TASKS = 1000;

  private static final String CONFIG = """
      queues:
        default: { concurrency: 16, maxRetries: 1, backoff: { type: fixed, base: 0s } }
      """;

  private AotTraining() {}

  /** {@code [rounds [tasks per round]]}, by default {@value #ROUNDS} and {@value #TASKS}. */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : ROUNDS;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : TASKS;
    Path dir = Files.createTempDirectory("taskq-aot-training");
    Path config = Files.writeString(dir.resolve("taskq.yaml"), CONFIG);
    Optional<ThrowawayRedis> redis = ThrowawayRedis.start();
    int failed = 0;
    try {
      String url = "memory://";
      if (redis.isPresent() && ready(redis.get())) {
        url = redis.get().url();
      } else {
        System.err.println("aot training: no redis-server started; training on the embedded"
            + " broker (no Redis client classes in the cache)");
      }
      // INFO, as a worker logs (its lifecycle and an outcome line per task), to the build's log
      System.setProperty("taskq.log.level", "INFO");
      for (int round = 0; round < rounds; round++) {
        failed += run(config, url, "call", "probe.noop", "--count", Integer.toString(tasks));
        failed += run(config, url, "call", "probe.echo", "--args", "{\"round\": " + round + "}");
        failed += run(config, url, "call", "probe.flaky", "--args", "{\"failTimes\": 1}");
        failed += run(config, url, "call", "probe.fail", "--count", "5");
        failed += run(config, url, "worker", "-Q", "default", "-c", "16", "--drain");
        failed += run(config, url, "inspect", "stats");
        failed += run(config, url, "dlq", "list", "-Q", "default");
      }
    } finally {
      redis.ifPresent(ThrowawayRedis::close);
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
    System.err.println("aot training: done" + (failed == 0 ? "" : ", " + failed
        + " commands failed (see above)"));
    System.exit(0); // the JVM writes the cache at exit
  }

  /** Runs one {@code taskq} command in this JVM; 1 when it failed, else 0. */
  private static int run(Path config, String url, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--config", config.toString(), "--redis", url));
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    long t0 = System.nanoTime();
    String[] argv = args.toArray(String[]::new);
    int code = Main.commandLine(argv).setOut(discard).execute(argv);
    System.err.printf("aot training: taskq %s: %d ms%n", String.join(" ", command),
        (System.nanoTime() - t0) / 1_000_000);
    if (code != 0) {
      System.err.println("aot training: taskq " + String.join(" ", command) + " exited " + code);
      return 1;
    }
    return 0;
  }

  /** Waits up to 5 s for the throwaway server to accept connections. */
  private static boolean ready(ThrowawayRedis redis) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && redis.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), redis.port()), 200);
        return true;
      } catch (IOException e) {
        LockSupport.parkNanos(20_000_000L); // not accepting yet
      }
    }
    return false;
  }
}
