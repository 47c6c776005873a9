package io.taskq.spring.internal;

import io.taskq.Health.QueueHealth;
import io.taskq.Inspector;
import io.taskq.WorkerStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The Actuator component {@code taskq}: {@link Inspector#health()}, the check of
 * {@code taskq health}, as UP, {@value #DEGRADED} or DOWN, with what is wrong as details (never
 * a password: the broker is shown redacted).
 */
public final class TaskqHealthIndicator implements HealthIndicator {
  /** The status of a broker that answers while something needs an operator. */
  public static final String DEGRADED = "DEGRADED";

  private final Inspector inspector;

  public TaskqHealthIndicator(Inspector inspector) {
    this.inspector = inspector;
  }

  @Override
  public Health health() {
    io.taskq.Health h = inspector.health();
    Health.Builder b = switch (h.status()) {
      case UP -> Health.up();
      case DEGRADED -> Health.status(new Status(DEGRADED));
      case DOWN -> Health.down();
    };
    b.withDetail("broker", h.broker().target());
    if (h.broker().latency() != null) {
      b.withDetail("latencyMs", h.broker().latency().toMillis());
    }
    if (h.broker().error() != null) {
      b.withDetail("error", h.broker().error());
    }
    if (!h.broker().warnings().isEmpty()) {
      b.withDetail("warnings", h.broker().warnings());
    }
    Map<String, List<String>> queues = new LinkedHashMap<>();
    for (QueueHealth q : h.queues()) {
      if (!q.problems().isEmpty()) {
        queues.put(q.name(), q.problems());
      }
    }
    if (!queues.isEmpty()) {
      b.withDetail("queues", queues);
    }
    if (!h.staleWorkers().isEmpty()) {
      b.withDetail("staleWorkers", h.staleWorkers().stream().map(WorkerStatus::id).toList());
    }
    h.problems().forEach(p -> b.withDetail("problem." + p.subject(), p.message()));
    return b.build();
  }
}
