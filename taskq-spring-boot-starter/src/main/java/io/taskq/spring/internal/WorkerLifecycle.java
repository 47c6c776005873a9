package io.taskq.spring.internal;

import io.taskq.worker.Worker;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The application's worker, started and stopped with the context. It starts when the context
 * has been refreshed (every singleton created, after the web server) and stops in the phase of
 * Spring's graceful shutdown of the web server, alongside it: running tasks get
 * {@code taskq.worker.shutdown-grace}, then what is left returns to its queue. The broker is the
 * context's bean, closed after this stopped.
 */
public final class WorkerLifecycle implements SmartLifecycle {
  /** The phase of Boot's {@code WebServerGracefulShutdownLifecycle}. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private static final Logger log = LoggerFactory.getLogger(WorkerLifecycle.class);

  private final Supplier<Worker> factory;
  private final AtomicReference<@Nullable Worker> worker = new AtomicReference<>();

  /** @param factory builds the worker at start, once the handlers are known */
  public WorkerLifecycle(Supplier<Worker> factory) {
    this.factory = factory;
  }

  @Override
  public synchronized void start() {
    if (worker.get() == null) {
      worker.set(factory.get().start());
    }
  }

  @Override
  public void stop() {
    Worker w = worker.getAndSet(null);
    if (w != null) {
      w.close();
    }
  }

  /** Closes the worker on a thread of its own, so other lifecycles of the phase stop meanwhile. */
  @Override
  public void stop(Runnable callback) {
    Worker w = worker.getAndSet(null);
    if (w == null) {
      callback.run();
      return;
    }
    Thread.ofPlatform().name("taskq-worker-stop").start(() -> {
      try {
        w.close();
      } catch (RuntimeException e) {
        log.warn("Worker {} did not close cleanly: {}", w.id(), e.toString());
      } finally {
        callback.run();
      }
    });
  }

  @Override
  public boolean isRunning() {
    return worker.get() != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The running worker, or null before start and after stop. */
  public @Nullable Worker worker() {
    return worker.get();
  }
}
