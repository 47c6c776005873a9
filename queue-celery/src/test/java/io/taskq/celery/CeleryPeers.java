package io.taskq.celery;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Python Celery peers ({@code queue-celery/src/test/python}: Celery's client and a
 * Celery worker app), run with Debian's {@code /usr/bin/python3} and its python3-celery. Public,
 * in the test-jar, for the samples' process tests.
 */
public final class CeleryPeers {
  public static final String PYTHON = "/usr/bin/python3";
  /** The directory of celery_client.py and celery_worker_app.py. */
  public static final Path DIR = locate();

  private CeleryPeers() {}

  /** Skips the test (with the reason) when Python's Celery is not installed. */
  public static void assumeInstalled() {
    boolean ok;
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import celery, redis")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    }
    assumeTrue(ok, PYTHON + " cannot import celery and redis: install python3-celery and"
        + " python3-redis (apt-get; .ci/run does)");
  }

  /** Starts {@code celery_client.py args...} against {@code url}; output goes to {@code log}. */
  public static Process client(String url, Path log, String... args) {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, DIR.resolve("celery_client.py").toString(),
        "--url", url));
    cmd.addAll(List.of(args));
    return start(new ProcessBuilder(cmd), log);
  }

  /** Starts a real {@code celery worker} of the peer app on {@code queues} against {@code url}. */
  public static Process worker(String url, Path log, String queues) {
    ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "celery", "-A", "celery_worker_app",
        "worker", "-Q", queues, "-P", "threads", "-c", "2", "--loglevel=INFO", "--without-mingle",
        "--without-gossip", "--without-heartbeat");
    pb.environment().put("CELERY_BROKER_URL", url);
    pb.environment().put("PYTHONPATH", DIR.toString());
    return start(pb, log);
  }

  /** Waits for {@code p} to exit and returns its code; fails after {@code max}. */
  public static int exitCode(Process p, Duration max, Path log) throws InterruptedException {
    if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Python peer did not exit within " + max + ": " + read(log));
    }
    return p.exitValue();
  }

  public static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Process start(ProcessBuilder pb, Path log) {
    pb.environment().put("PYTHONUNBUFFERED", "1"); // the log shows each BAD/TIMEOUT line at once
    pb.directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("queue-celery/src/test/python");
      if (Files.isDirectory(p)) {
        return p;
      }
      if (d.endsWith("queue-celery") && Files.isDirectory(d.resolve("src/test/python"))) {
        return d.resolve("src/test/python");
      }
    }
    return Path.of("queue-celery/src/test/python").toAbsolutePath();
  }
}
