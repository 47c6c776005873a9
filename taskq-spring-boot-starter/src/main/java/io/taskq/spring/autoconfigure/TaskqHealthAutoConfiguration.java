package io.taskq.spring.autoconfigure;

import io.taskq.Inspector;
import io.taskq.spring.internal.TaskqHealthIndicator;
import io.taskq.spring.internal.WorkerHealthIndicator;
import io.taskq.spring.internal.WorkerLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Actuator health of taskq: the component {@code taskq} ({@code taskq health}: UP, DEGRADED or
 * DOWN) and, with a worker, {@code taskqWorker} (its readiness). Each can be turned off with
 * {@code management.health.taskq.enabled=false} / {@code management.health.taskq-worker.enabled}.
 */
@AutoConfiguration(after = TaskqAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class TaskqHealthAutoConfiguration {

  /** The component {@code taskq}. */
  @Bean
  @ConditionalOnBean(Inspector.class)
  @ConditionalOnMissingBean(name = "taskqHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("taskq")
  public TaskqHealthIndicator taskqHealthIndicator(Inspector inspector) {
    return new TaskqHealthIndicator(inspector);
  }

  /** The component {@code taskqWorker}. */
  @Bean
  @ConditionalOnBean(WorkerLifecycle.class)
  @ConditionalOnMissingBean(name = "taskqWorkerHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("taskq-worker")
  public WorkerHealthIndicator taskqWorkerHealthIndicator(WorkerLifecycle worker) {
    return new WorkerHealthIndicator(worker);
  }
}
