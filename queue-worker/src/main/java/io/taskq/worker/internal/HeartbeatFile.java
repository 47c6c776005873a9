package io.taskq.worker.internal;

import io.taskq.worker.Outcome;
import io.taskq.worker.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Touches a file after each successful task and each idle poll, at most once a second, so an
 * external watcher can tell a live worker from a stuck one by the file's age.
 */
public final class HeartbeatFile implements WorkerEvents {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatFile.class);
  private static final long MIN_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

  private final Path path;
  private final TimeSource time;
  private final AtomicLong last;

  /** @param time the source of the interval and of the file's modification time */
  public HeartbeatFile(Path path, TimeSource time) {
    this.path = path;
    this.time = time;
    this.last = new AtomicLong(time.nanoTime() - MIN_INTERVAL_NANOS);
  }

  /** Touches now, whatever the interval (at start). */
  public void touchNow() {
    try {
      if (Files.exists(path)) {
        Files.setLastModifiedTime(path, FileTime.from(time.instant()));
      } else {
        Files.createFile(path);
      }
    } catch (IOException e) {
      log.warn("Cannot touch heartbeat file {} ({})", path, e.getMessage());
    }
  }

  private void touch() {
    long now = time.nanoTime();
    long prev = last.get();
    if (now - prev >= MIN_INTERVAL_NANOS && last.compareAndSet(prev, now)) {
      touchNow();
    }
  }

  @Override
  public void idle(String queue) {
    touch();
  }

  @Override
  public void completed(String queue, String task, Outcome outcome, Duration duration) {
    if (outcome == Outcome.SUCCESS) {
      touch();
    }
  }
}
