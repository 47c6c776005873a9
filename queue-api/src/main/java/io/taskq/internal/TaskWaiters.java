package io.taskq.internal;

import io.taskq.TaskHandle;
import io.taskq.TaskNotFoundException;
import io.taskq.TaskResult;
import io.taskq.TaskqException;
import io.taskq.spi.Broker;
import io.taskq.spi.FinishListener;
import io.taskq.spi.FinishWatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiters of one client: one broker watch per queue with waiters (on Redis, all of them on
 * the broker's one pub/sub connection), and per task id the futures waiting for it. A waiter is
 * registered (and the watch subscribed) before the task's state is read, so an ending between
 * the two is not missed; a waiter of a planned task (a workflow's later step) that is not
 * submitted yet stays registered until its end is told. A notice reads the task's state once, on a virtual thread (never on the
 * broker's I/O thread), and completes every future of that id.
 *
 * <p>Locking: {@link #lock} guards opening and closing watches (a subscribe round trip may run
 * under it); the broker's callbacks read the concurrent maps only, so they never wait for it.
 */
final class TaskWaiters implements FinishListener {
  private static final Logger log = LoggerFactory.getLogger(TaskWaiters.class);

  /** A task's state read once: its result when final, empty while live. */
  @FunctionalInterface
  interface Lookup {
    /**
     * Reads the task once: its result when final, empty while live.
     *
     * @throws TaskNotFoundException when the task is in no state and has no record
     */
    Optional<TaskResult> read(String queue, String id);
  }

  private final Broker broker;
  private final Lookup lookup;
  private final Map<String, QueueWaiters> queues = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final ExecutorService readers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("taskq-waiter-", 0).factory());
  private volatile boolean closed;

  /**
   * One wait: its future (a class of its own: lists find it by identity); {@code planned}: the
   * task may not be submitted yet, so "not found" means wait on.
   */
  private static final class Waiter {
    final CompletableFuture<TaskResult> future = new CompletableFuture<>();
    final boolean planned;

    Waiter(boolean planned) {
      this.planned = planned;
    }
  }

  private static final class QueueWaiters {
    final FinishWatch watch;
    final Map<String, List<Waiter>> byId = new ConcurrentHashMap<>();

    QueueWaiters(FinishWatch watch) {
      this.watch = watch;
    }
  }

  TaskWaiters(Broker broker, Lookup lookup) {
    this.broker = broker;
    this.lookup = lookup;
  }

  /** See {@link io.taskq.TaskClient#whenFinished}. */
  CompletableFuture<TaskResult> await(TaskHandle<?> h) {
    Waiter w = new Waiter(h.planned());
    CompletableFuture<TaskResult> f = w.future;
    if (closed) {
      f.completeExceptionally(new TaskqException("the client is closed", h.queue(), h.id(), null));
      return f;
    }
    try {
      register(h.queue(), h.id(), w);
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
      return f;
    }
    CompletableFuture<TaskResult> unused =
        f.whenComplete((r, e) -> unregister(h.queue(), h.id(), w));
    // after subscribing: an ending from now on is told; a failure of this first read is the
    // caller's (the broker is down)
    check(h.queue(), h.id(), List.of(w), true);
    return f;
  }

  private void register(String queue, String id, Waiter w) {
    synchronized (lock) {
      QueueWaiters qw = queues.get(queue);
      if (qw == null) {
        qw = new QueueWaiters(broker.watchFinished(queue, this));
        queues.put(queue, qw);
      }
      qw.byId.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(w);
    }
  }

  private void unregister(String queue, String id, Waiter w) {
    synchronized (lock) {
      QueueWaiters qw = queues.get(queue);
      if (qw == null) {
        return;
      }
      List<Waiter> ws = qw.byId.get(id);
      if (ws != null) {
        ws.remove(w);
        if (ws.isEmpty()) {
          qw.byId.remove(id);
        }
      }
      if (qw.byId.isEmpty()) {
        queues.remove(queue);
        try {
          qw.watch.close();
        } catch (RuntimeException e) {
          log.debug("Closing the finish watch of queue {} failed", queue, e);
        }
      }
    }
  }

  /**
   * Reads the task's state once and completes {@code waiters} when it is final or gone. A failed
   * read fails the waiters on the {@code first} read only; after a notice it is logged and the
   * waiters wait on (a reconnect re-reads them).
   */
  private void check(String queue, String id, List<Waiter> waiters, boolean first) {
    Optional<TaskResult> r;
    try {
      r = lookup.read(queue, id);
    } catch (TaskNotFoundException e) {
      // a planned task is not submitted yet: its submission, then its end, will come
      waiters.stream().filter(w -> !w.planned).forEach(w -> w.future.completeExceptionally(e));
      return;
    } catch (RuntimeException e) {
      if (first) {
        waiters.forEach(w -> w.future.completeExceptionally(e));
        return;
      }
      log.debug("Reading task {} of queue {} after a notice failed; waiting on", id, queue, e);
      return;
    }
    r.ifPresent(result -> waiters.forEach(w -> w.future.complete(result)));
  }

  @Override
  public void finished(String queue, String id) {
    QueueWaiters qw = queues.get(queue);
    if (qw != null && qw.byId.containsKey(id)) {
      read(queue, id);
    }
  }

  @Override
  public void mayHaveMissed(String queue) {
    QueueWaiters qw = queues.get(queue);
    if (qw != null) {
      qw.byId.keySet().forEach(id -> read(queue, id));
    }
  }

  /** Reads a task's state on a reader thread; never blocks the caller (a broker thread). */
  private void read(String queue, String id) {
    if (closed) {
      return;
    }
    try {
      readers.execute(() -> recheck(queue, id));
    } catch (RejectedExecutionException e) {
      // closed meanwhile: its waiters were failed by close()
    }
  }

  private void recheck(String queue, String id) {
    QueueWaiters qw = queues.get(queue);
    List<Waiter> ws = qw == null ? null : qw.byId.get(id);
    if (ws != null && !ws.isEmpty()) {
      check(queue, id, new ArrayList<>(ws), false);
    }
  }

  /** Fails every waiter and closes the watches. Idempotent. */
  void close() {
    closed = true;
    List<Waiter> all = new ArrayList<>();
    synchronized (lock) {
      queues.values().forEach(qw -> qw.byId.values().forEach(all::addAll));
    }
    all.forEach(w -> w.future.completeExceptionally(new TaskqException("the client was closed"
        + " while waiting for a task")));
    readers.shutdown();
  }
}
