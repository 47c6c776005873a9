package io.taskq.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.taskq.Inspector;
import io.taskq.SubmitInterceptor;
import io.taskq.TaskClient;
import io.taskq.TaskInterceptor;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.spring.SpringTaskClient;
import io.taskq.spring.internal.HandlerBeans;
import io.taskq.spring.internal.PropertiesConfig;
import io.taskq.spring.internal.SubmitObservation;
import io.taskq.spring.internal.TaskObservation;
import io.taskq.spring.internal.WorkerLifecycle;
import io.taskq.worker.Worker;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * taskq in a Spring Boot application: a {@link TaskqConfig} from the {@code taskq.*} properties,
 * the {@link Broker} it names ({@code memory://} for the embedded one), a {@link TaskClient}
 * ({@link SpringTaskClient}, aware of transactions), an {@link Inspector}, and with
 * {@code taskq.worker.enabled=true} a worker running the handlers found among the beans
 * ({@link io.taskq.spring.TaskHandler @TaskHandler} methods and classes, {@link TaskModule}
 * beans), with its meters on the application's {@link MeterRegistry}. With an
 * {@link ObservationRegistry}, submits and executions are observed (and traced, the trace
 * context travelling in the task's headers); {@link SubmitInterceptor} and
 * {@link TaskInterceptor} beans are added after. Each bean gives way to one of the
 * application's own. The broker is closed last, after the worker and the client.
 */
@AutoConfiguration
@EnableConfigurationProperties(TaskqProperties.class)
public class TaskqAutoConfiguration {

  /** The configuration of the {@code taskq.*} properties, checked like {@code taskq.yaml}. */
  @Bean
  @ConditionalOnMissingBean
  public TaskqConfig taskqConfig(TaskqProperties properties) {
    return PropertiesConfig.toConfig(properties);
  }

  /** The broker of {@code taskq.redis.url}; closed when the context closes. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Broker taskqBroker(TaskqConfig config) {
    return BrokerFactory.open(config.redis());
  }

  /**
   * The client, submitting after commit when {@code taskq.client.after-commit} is true; its
   * submits are observed ({@code taskq.submit}) when the context has an
   * {@link ObservationRegistry}, then go through the {@link SubmitInterceptor} beans.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(TaskClient.class)
  public SpringTaskClient taskClient(Broker broker, TaskqConfig config,
      TaskqProperties properties, ObjectProvider<ObservationRegistry> observations,
      ObjectProvider<SubmitInterceptor> interceptors) {
    TaskClient.Builder b = TaskClient.builder().broker(broker).config(config);
    ObservationRegistry registry = observations.getIfUnique();
    if (registry != null) {
      b.interceptor(new SubmitObservation(registry));
    }
    interceptors.orderedStream().forEach(b::interceptor);
    return new SpringTaskClient(b.build(), properties.getClient().isAfterCommit());
  }

  /** The inspector: health, queues, tasks, workers, DLQ. */
  @Bean
  @ConditionalOnMissingBean
  public Inspector taskqInspector(Broker broker, TaskqConfig config) {
    return Inspector.create(broker, config);
  }

  /** Collects the {@code @TaskHandler} beans and methods as beans are created. */
  @Bean
  public static HandlerBeans taskqHandlerBeans() {
    return new HandlerBeans();
  }

  /**
   * The worker, built when the context starts (the handlers are known then), stopped in the
   * graceful-shutdown phase.
   */
  @Bean
  @ConditionalOnBooleanProperty("taskq.worker.enabled")
  @ConditionalOnMissingBean
  public WorkerLifecycle taskqWorker(Broker broker, TaskqConfig config, TaskqProperties properties,
      HandlerBeans handlers, ObjectProvider<TaskModule> modules,
      ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ObservationRegistry> observations,
      ObjectProvider<TaskInterceptor> interceptors, ListableBeanFactory beans) {
    return new WorkerLifecycle(() -> {
      Worker.Builder b = Worker.builder().broker(broker).config(config);
      ObservationRegistry observationRegistry = observations.getIfUnique();
      if (observationRegistry != null) {
        b.interceptor(new TaskObservation(observationRegistry));
      }
      interceptors.orderedStream().forEach(b::interceptor);
      b.module(handlers.module(beans));
      modules.orderedStream().forEach(b::module);
      if (!properties.getWorker().getQueues().isEmpty()) {
        b.queues(properties.getWorker().getQueues());
      }
      MeterRegistry registry = meterRegistry.getIfUnique();
      if (registry != null) {
        b.meterRegistry(registry);
      }
      return b.build();
    });
  }
}
