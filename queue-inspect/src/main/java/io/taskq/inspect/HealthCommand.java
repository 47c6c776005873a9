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
import picocli.CommandLine.Option;

/** {@code taskq health}: OK (0), DEGRADED (1) or DOWN (2), one line per check. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Redis answers, queues reachable, a live worker for every queue with work."
        + " Exit 0 OK, 1 DEGRADED, 2 DOWN (for ExecCondition=).")
public final class HealthCommand extends ConnectedCommand {
  @Option(names = "--json", description = "{\"status\": ..., \"checks\": [...]}")
  boolean json;

  /** One check: {@code OK}, {@code DEGRADED} or {@code DOWN}, what was checked, what was seen. */
  record Check(String status, String subject, String message) {
    String line() {
      return status + " " + subject + ": " + message;
    }
  }

  /** The {@code --json} document. */
  record Report(String status, List<Check> checks) {}

  @Override
  public Integer call() {
    TaskqConfig config = oneShotConfig();
    String url = config.redis().redactedUrl();
    List<Check> checks = new ArrayList<>();
    String status;
    try (Broker broker = BrokerFactory.open(config.redis())) {
      long t0 = System.nanoTime();
      broker.now();
      checks.add(new Check("OK", "redis " + url, "answered in "
          + (System.nanoTime() - t0) / 1_000_000 + " ms"));
      Inspector inspector = Inspector.create(broker, config);
      List<WorkerStatus> workers;
      try {
        workers = inspector.workers();
      } catch (BrokerUnavailableException e) {
        throw e;
      } catch (TaskqException e) { // a broken global key: say so, check the rest
        checks.add(new Check("DEGRADED", "workers", e.getMessage()));
        workers = List.of();
      }
      for (String w : broker.serverWarnings()) {
        checks.add(new Check("DEGRADED", "redis", w));
      }
      Set<String> queues = new TreeSet<>(config.queues().keySet());
      try {
        queues.addAll(inspector.queues());
      } catch (BrokerUnavailableException e) {
        throw e;
      } catch (TaskqException e) {
        checks.add(new Check("DEGRADED", "queues", e.getMessage()));
      }
      for (String q : queues) {
        QueueStats s;
        try {
          s = inspector.stats(q);
        } catch (BrokerUnavailableException e) {
          throw e;
        } catch (TaskqException e) { // one broken queue: name why, check the others
          QueueProblems.of(broker, q, e)
              .forEach(p -> checks.add(new Check("DEGRADED", "queue " + q, p)));
          continue;
        }
        long live = workers.stream().filter(w -> w.alive() && w.queues().contains(q)).count();
        boolean needsWorker = s.pending() > 0 && !s.paused();
        checks.add(needsWorker && live == 0
            ? new Check("DEGRADED", "queue " + q, s.pending() + " pending and no live worker")
            : new Check("OK", "queue " + q, s.pending() + " pending, " + live
                + " live worker(s)" + (s.paused() ? ", paused" : "")));
      }
      for (WorkerStatus w : workers) {
        if (!w.alive()) {
          checks.add(new Check("DEGRADED", "worker " + w.id(),
              "last heartbeat " + w.lastHeartbeat()));
        }
      }
      status = checks.stream().anyMatch(c -> !c.status().equals("OK")) ? "DEGRADED" : "OK";
    } catch (BrokerUnavailableException | ConfigException e) {
      checks.add(new Check("DOWN", "redis " + url, e.getMessage()));
      status = "DOWN";
    }
    if (json) {
      Output.json(out(), new Report(status, checks));
    } else {
      checks.forEach(c -> out().println(c.line()));
      out().println(status);
      out().flush();
    }
    return switch (status) {
      case "OK" -> ExitCodes.OK;
      case "DEGRADED" -> ExitCodes.FAILED;
      default -> ExitCodes.DOWN;
    };
  }
}
