package io.taskq.internal;

import io.taskq.BrokerUnavailableException;
import io.taskq.Health;
import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.TaskqException;
import io.taskq.WorkerStatus;
import io.taskq.spi.Broker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Computes {@link Health}: a ping (bounded by {@link Health#PING_TIMEOUT}), the server warnings, the
 * workers, then each queue's stats. A broken listing or queue is reported and the rest still
 * checked; the broker failing at any step makes the whole health DOWN.
 */
final class HealthCheck {
  private final Broker broker;
  private final Inspector inspector;
  private final String target;
  private final Set<String> configured;

  HealthCheck(Broker broker, Inspector inspector, String target, Set<String> configured) {
    this.broker = broker;
    this.inspector = inspector;
    this.target = target;
    this.configured = configured;
  }

  /** The health with {@code queues}, or every known queue when {@code null}. */
  Health run(@Nullable Collection<String> queues) {
    try {
      Duration latency = ping();
      List<Health.Problem> problems = new ArrayList<>();
      List<WorkerStatus> workers;
      try {
        workers = inspector.workers();
      } catch (BrokerUnavailableException e) {
        throw e;
      } catch (TaskqException e) { // a broken global key: say so, check the rest
        problems.add(new Health.Problem("workers", String.valueOf(e.getMessage())));
        workers = List.of();
      }
      List<String> warnings;
      try {
        warnings = broker.serverWarnings();
      } catch (BrokerUnavailableException e) {
        throw e;
      } catch (TaskqException e) { // e.g. an ACL user without INFO: the rest is still checked
        problems.add(new Health.Problem("redis", String.valueOf(e.getMessage())));
        warnings = List.of();
      }
      Set<String> names = queues != null ? new LinkedHashSet<>(queues) : known(problems);
      List<Health.QueueHealth> checked = new ArrayList<>();
      for (String q : names) {
        checked.add(queue(q, workers));
      }
      return new Health(new Health.BrokerCheck(target, latency, warnings, null), checked,
          workers.stream().filter(w -> !w.alive()).toList(), problems);
    } catch (BrokerUnavailableException e) {
      return Health.down(target, String.valueOf(e.getMessage()));
    }
  }

  /** The configured and known queues, sorted; the configured ones when the rest is unreadable. */
  private Set<String> known(List<Health.Problem> problems) {
    Set<String> names = new TreeSet<>(configured);
    try {
      names.addAll(inspector.queues());
    } catch (BrokerUnavailableException e) {
      throw e;
    } catch (TaskqException e) {
      problems.add(new Health.Problem("queues", String.valueOf(e.getMessage())));
    }
    return names;
  }

  private Health.QueueHealth queue(String q, List<WorkerStatus> workers) {
    QueueStats s;
    try {
      s = inspector.stats(q);
    } catch (BrokerUnavailableException e) {
      throw e;
    } catch (TaskqException e) { // one broken queue: name why, check the others
      return new Health.QueueHealth(q, null, 0, QueueProblems.keys(broker, q),
          String.valueOf(e.getMessage()));
    }
    long live = workers.stream().filter(w -> w.alive() && w.queues().stream()
        .anyMatch(x -> io.taskq.QueueShards.logical(x).equals(io.taskq.QueueShards.logical(q))))
        .count();
    return new Health.QueueHealth(q, s, live, List.of(), null);
  }

  /** The broker's round trip; a ping unanswered within {@link Health#PING_TIMEOUT} is unavailable. */
  private Duration ping() {
    long t0 = System.nanoTime();
    CompletableFuture<?> answer = CompletableFuture.supplyAsync(broker::now,
        r -> Thread.ofVirtual().name("taskq-health-ping").start(r));
    try {
      answer.get(Health.PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return Duration.ofNanos(System.nanoTime() - t0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnavailableException("health check interrupted", e);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new BrokerUnavailableException("broker did not answer within "
          + Health.PING_TIMEOUT.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new BrokerUnavailableException(String.valueOf(e.getCause()), e.getCause());
    }
  }
}
