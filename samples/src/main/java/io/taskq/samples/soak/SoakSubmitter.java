package io.taskq.samples.soak;

import io.taskq.BrokerUnavailableException;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits sequence numbers {@code 0, 1, 2, ...} in {@code submitAll} chunks, round robin over the
 * queues, at a steady rate or flat out, until it has submitted {@code tasks}, the deadline passes
 * or {@link #stop()}; holds back while more than {@code maxBacklog} submitted tasks have not run.
 */
final class SoakSubmitter implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SoakSubmitter.class);
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final TaskClient client;
  private final TaskDefinition<SoakTask> task;
  private final String runId;
  private final List<TaskOptions> queues;
  private final int batch;
  private final double rate;
  private final long maxBacklog;
  private final long tasks;
  private final long deadlineNanos;
  private final SoakLedger ledger;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong failedCalls = new AtomicLong();
  private volatile boolean stop;
  private volatile long finishedAtNanos;

  SoakSubmitter(TaskClient client, TaskDefinition<SoakTask> task, String runId,
      List<String> queues, int batch, double rate, long maxBacklog, long tasks,
      long deadlineNanos, SoakLedger ledger) {
    this.client = client;
    this.task = task;
    this.runId = runId;
    this.queues = queues.stream().map(q -> TaskOptions.builder().queue(q).build()).toList();
    this.batch = batch;
    this.rate = rate;
    this.maxBacklog = maxBacklog;
    this.tasks = tasks;
    this.deadlineNanos = deadlineNanos;
    this.ledger = ledger;
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    long chunkNo = 0;
    try {
      while (!done()) {
        long from = submitted.get();
        int n = (int) Math.min(batch, tasks - from);
        if (rate > 0 && !waitUntil(start + (long) ((from + n) / rate * 1e9))) {
          break;
        }
        while (from - ledger.completed() > maxBacklog && !done()) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (done()) {
          break;
        }
        List<SoakTask> chunk = new ArrayList<>(n);
        for (long s = from; s < from + n; s++) {
          chunk.add(new SoakTask(runId, s));
        }
        TaskOptions on = queues.get((int) (chunkNo++ % queues.size()));
        if (!submit(chunk, on)) {
          break;
        }
        submitted.addAndGet(n);
      }
    } finally {
      finishedAtNanos = System.nanoTime();
    }
  }

  /**
   * Submits one chunk, again after a second while Redis is unreachable. A call that failed may
   * have landed in part; submitting again then runs those numbers twice (counted as duplicates).
   * False when stopped or past the deadline before the chunk went in (what landed of it is then not counted as
   * submitted, so it cannot count as lost).
   */
  private boolean submit(List<SoakTask> chunk, TaskOptions on) {
    while (true) {
      try {
        client.submitAll(task, chunk, on);
        return true;
      } catch (BrokerUnavailableException e) {
        long failures = failedCalls.incrementAndGet();
        log.warn("Soak submission of {} task(s) to queue {} failed ({}); retrying in 1 s"
            + " ({} failed call(s) so far)", chunk.size(), on.queue(), e.getMessage(), failures);
        LockSupport.parkNanos(RETRY_NANOS);
        if (stop || System.nanoTime() >= deadlineNanos) {
          return false;
        }
      }
    }
  }

  private boolean done() {
    return stop || submitted.get() >= tasks || System.nanoTime() >= deadlineNanos;
  }

  /** Parks until {@code atNanos}; false when stopped or past the deadline first. */
  private boolean waitUntil(long atNanos) {
    long wait;
    while ((wait = atNanos - System.nanoTime()) > 0) {
      if (stop || System.nanoTime() >= deadlineNanos) {
        return false;
      }
      LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
    }
    return true;
  }

  /** Stops at the next chunk. */
  void stop() {
    stop = true;
  }

  long submitted() {
    return submitted.get();
  }

  long failedCalls() {
    return failedCalls.get();
  }

  /** When the loop ended ({@link System#nanoTime()}), or 0 while it runs. */
  long finishedAtNanos() {
    return finishedAtNanos;
  }
}
