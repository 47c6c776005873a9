package io.taskq.inspect;

import io.taskq.BrokerUnavailableException;
import io.taskq.ConfigException;
import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.TaskqException;
import io.taskq.WorkerStatus;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** {@code taskq health}: OK (0), DEGRADED (1) or DOWN (2), one line per check. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Redis answers, queues reachable, a live worker for every queue with work."
        + " Exit 0 OK, 1 DEGRADED, 2 DOWN (for ExecCondition=).")
public final class HealthCommand extends ConnectedCommand {
  @Override
  public Integer call() {
    TaskqConfig config = oneShotConfig();
    String url = config.redis().redactedUrl();
    try (Broker broker = BrokerFactory.open(config.redis())) {
      long t0 = System.nanoTime();
      broker.now();
      List<String> lines = new ArrayList<>();
      lines.add("OK redis " + url + " answered in " + (System.nanoTime() - t0) / 1_000_000
          + " ms");
      Inspector inspector = Inspector.create(broker, config);
      boolean degraded = false;
      List<WorkerStatus> workers;
      try {
        workers = inspector.workers();
      } catch (BrokerUnavailableException e) {
        throw e;
      } catch (TaskqException e) { // a broken global key: say so, check the rest
        degraded = true;
        lines.add("DEGRADED workers: " + e.getMessage());
        workers = List.of();
      }
      for (String w : broker.serverWarnings()) {
        degraded = true;
        lines.add("DEGRADED redis: " + w);
      }
      Set<String> queues = new TreeSet<>(config.queues().keySet());
      try {
        queues.addAll(inspector.queues());
      } catch (BrokerUnavailableException e) {
        throw e;
      } catch (TaskqException e) {
        degraded = true;
        lines.add("DEGRADED queues: " + e.getMessage());
      }
      for (String q : queues) {
        QueueStats s;
        try {
          s = inspector.stats(q);
        } catch (BrokerUnavailableException e) {
          throw e;
        } catch (TaskqException e) { // one broken queue: name why, check the others
          degraded = true;
          QueueProblems.of(broker, q, e).forEach(p -> lines.add("DEGRADED queue " + q + ": " + p));
          continue;
        }
        long live = workers.stream().filter(w -> w.alive() && w.queues().contains(q)).count();
        boolean needsWorker = s.pending() > 0 && !s.paused();
        if (needsWorker && live == 0) {
          degraded = true;
          lines.add("DEGRADED queue " + q + ": " + s.pending() + " pending and no live worker");
        } else {
          lines.add("OK queue " + q + ": " + s.pending() + " pending, " + live + " live worker(s)"
              + (s.paused() ? ", paused" : ""));
        }
      }
      for (WorkerStatus w : workers) {
        if (!w.alive()) {
          degraded = true;
          lines.add("DEGRADED worker " + w.id() + ": last heartbeat " + w.lastHeartbeat());
        }
      }
      lines.add(degraded ? "DEGRADED" : "OK");
      lines.forEach(out()::println);
      out().flush();
      return degraded ? ExitCodes.FAILED : ExitCodes.OK;
    } catch (BrokerUnavailableException | ConfigException e) {
      out().println("DOWN redis " + url + ": " + e.getMessage());
      out().println("DOWN");
      out().flush();
      return ExitCodes.DOWN;
    }
  }
}
