package io.taskq.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real {@code bin/taskq} launcher, with its output captured in files. Public, with
 * {@link Run}, for samples/hello-app's GettingStartedIT (through this module's test-jar).
 */
public final class Launcher {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final AtomicInteger RUNS = new AtomicInteger();
  /** How many commands {@link #runAll} runs at once. */
  private static final int AT_ONCE = 2;
  /** Commands that serve or run work for a while: they keep the JVM's default compilers. */
  private static final Set<String> LONG_RUNNING =
      Set.of("worker", "beat", "dashboard", "soak", "bench", "demo");
  /**
   * The JVM options of a one-shot command ({@code call}, {@code inspect}, {@code dlq}, ...) unless
   * the test or the environment gives {@code TASKQ_JAVA_OPTS}: a command that ends within a
   * second or two never gets to use C2, and without it the JVM start costs about a third less
   * CPU (the build's AOT cache is still used). Long-running commands run as operators run them.
   */
  private static final String ONE_SHOT_JAVA_OPTS = "-XX:TieredStopAtLevel=1";

  /** A launched process and its captured output. */
  public record Run(Process process, Path out, Path err) {
    public String stdout() {
      return read(out);
    }

    public String stderr() {
      return read(err);
    }

    /** Waits for the exit and returns the code; fails when it does not exit in time. */
    public int exitCode(Duration max) {
      try {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(process.info().command().orElse("the process")
              + " did not exit within " + max + "; stderr: " + stderr());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return process.exitValue();
    }

    private static String read(Path p) {
      try {
        return Files.readString(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final Path dir;

  /**
   * Runs in {@code dir}. Tests name queues freely, and {@code call}/{@code worker} refuse a queue
   * the configuration does not name: unless the test writes its own, {@code dir/taskq.yaml}
   * accepts any queue with the built-in defaults.
   */
  Launcher(Path dir) {
    this(dir, true);
  }

  /** Runs in {@code dir}; with {@code anyQueue} false no configuration file is written. */
  Launcher(Path dir, boolean anyQueue) {
    this.dir = dir;
    Path config = dir.resolve("taskq.yaml");
    if (anyQueue && !Files.exists(config)) {
      try {
        Files.writeString(config, "queues:\n  \"*\": {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts {@code bin/taskq args...} in {@code dir}, never building (the jar is packaged). */
  Run start(String... args) {
    return start(Map.of(), args);
  }

  Run start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bin/taskq").toString());
    command.addAll(List.of(args));
    int n = RUNS.incrementAndGet();
    Path out = dir.resolve("taskq-" + n + ".out");
    Path err = dir.resolve("taskq-" + n + ".err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("TASKQ_NO_BUILD", "1");
    pb.environment().remove("TASKQ_REDIS_URL");
    pb.environment().remove("TASKQ_CONFIG");
    if (Collections.disjoint(List.of(args), LONG_RUNNING)) {
      pb.environment().putIfAbsent("TASKQ_JAVA_OPTS", ONE_SHOT_JAVA_OPTS);
    }
    pb.environment().putAll(env);
    try {
      return new Run(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs to completion (at most a minute). */
  Run run(String... args) {
    Run r = start(args);
    r.exitCode(Duration.ofMinutes(1));
    return r;
  }

  /**
   * Runs independent commands two at a time, in order, and waits for them all (at most a minute
   * each): each launch is a JVM start, and two overlap on a 2-core machine (more would starve a
   * one-shot command's 3 s connect timeout on a loaded one). Only for commands whose outcome does
   * not depend on each other's.
   */
  List<Run> runAll(List<List<String>> commands) {
    List<Run> runs = new ArrayList<>();
    for (List<String> c : commands) {
      if (runs.size() >= AT_ONCE) {
        runs.get(runs.size() - AT_ONCE).exitCode(Duration.ofMinutes(1));
      }
      runs.add(start(c.toArray(String[]::new)));
    }
    runs.forEach(r -> r.exitCode(Duration.ofMinutes(1)));
    return runs;
  }

  /** {@link #runAll(List)} of {@code commands}, each with {@code appended} after it. */
  List<Run> runAll(List<String> appended, String[]... commands) {
    List<List<String>> all = new ArrayList<>();
    for (String[] c : commands) {
      List<String> command = new ArrayList<>(List.of(c));
      command.addAll(appended);
      all.add(command);
    }
    return runAll(all);
  }

  /** A command's arguments, for {@link #runAll(List, String[][])}. */
  static String[] cmd(String... args) {
    return args;
  }
}
