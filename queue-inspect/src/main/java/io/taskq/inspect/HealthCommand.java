package io.taskq.inspect;

import io.taskq.BrokerUnavailableException;
import io.taskq.ConfigException;
import io.taskq.Health;
import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.WorkerStatus;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.util.ArrayList;
import java.util.List;
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
    Health health;
    try (Broker broker = BrokerFactory.open(config.redis())) {
      health = Inspector.create(broker, config).health();
    } catch (BrokerUnavailableException | ConfigException e) {
      health = Health.down(config.redis().redactedUrl(), String.valueOf(e.getMessage()));
    }
    List<Check> checks = checks(health);
    String status = switch (health.status()) {
      case UP -> "OK";
      case DEGRADED -> "DEGRADED";
      case DOWN -> "DOWN";
    };
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

  /** One line per part of {@code health}, in the order they were checked. */
  static List<Check> checks(Health health) {
    Health.BrokerCheck b = health.broker();
    List<Check> checks = new ArrayList<>();
    if (b.error() != null || b.latency() == null) {
      checks.add(new Check("DOWN", "redis " + b.target(), String.valueOf(b.error())));
      return checks;
    }
    checks.add(new Check("OK", "redis " + b.target(), "answered in " + b.latency().toMillis()
        + " ms"));
    problems(health, "workers", checks);
    b.warnings().forEach(w -> checks.add(new Check("DEGRADED", "redis", w)));
    problems(health, "redis", checks);
    problems(health, "queues", checks);
    for (Health.QueueHealth q : health.queues()) {
      QueueStats s = q.stats();
      if (q.status() != Health.Status.UP || s == null) {
        q.problems().forEach(p -> checks.add(new Check("DEGRADED", "queue " + q.name(), p)));
      } else {
        checks.add(new Check("OK", "queue " + q.name(), s.pending() + " pending, "
            + q.liveWorkers() + " live worker(s)" + (s.paused() ? ", paused" : "")));
      }
    }
    for (WorkerStatus w : health.staleWorkers()) {
      checks.add(new Check("DEGRADED", "worker " + w.id(), "last heartbeat " + w.lastHeartbeat()));
    }
    return checks;
  }

  private static void problems(Health health, String subject, List<Check> checks) {
    health.problems().stream().filter(p -> p.subject().equals(subject))
        .forEach(p -> checks.add(new Check("DEGRADED", subject, p.message())));
  }
}
