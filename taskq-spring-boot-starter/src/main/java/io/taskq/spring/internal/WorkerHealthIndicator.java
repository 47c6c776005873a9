package io.taskq.spring.internal;

import io.taskq.QueueConfig;
import io.taskq.worker.Worker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Actuator component {@code taskqWorker}: UP while the application's worker claims work and
 * the broker answers ({@link Worker#isReady()}), DOWN while it runs but the broker does not,
 * OUT_OF_SERVICE before it started and from its shutdown on. Add it to the readiness group
 * ({@code management.endpoint.health.group.readiness.include=readinessState,taskqWorker}) for a
 * readiness that follows the worker.
 */
public final class WorkerHealthIndicator implements HealthIndicator {
  private final WorkerLifecycle lifecycle;

  public WorkerHealthIndicator(WorkerLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public Health health() {
    Worker w = lifecycle.worker();
    if (w == null || w.isStopping()) {
      return Health.outOfService().build();
    }
    Health.Builder b = w.isReady() ? Health.up() : Health.down();
    return b.withDetail("id", w.id())
        .withDetail("queues", w.queues().stream().map(QueueConfig::name).toList())
        .withDetail("active", w.activeCount())
        .withDetail("capacity", w.capacity())
        .build();
  }
}
