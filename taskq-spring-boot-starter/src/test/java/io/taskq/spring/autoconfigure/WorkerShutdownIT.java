package io.taskq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.spring.TaskHandler;
import io.taskq.test.redis.RedisServerExtension;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker of a context on a real Redis: closing the context is the worker's graceful stop. */
class WorkerShutdownIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  record Export(String name) {}

  static final TaskDefinition<Export> EXPORT = TaskDefinition.of("export", Export.class)
      .withQueue("exports");

  /** Runs until interrupted. */
  static class Exporter {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();

    @TaskHandler("export")
    void export(Export export) {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Tasks {
    @Bean
    TaskDefinition<Export> exportTask() {
      return EXPORT;
    }

    @Bean
    Exporter exporter() {
      return new Exporter();
    }
  }

  @Test
  void closingTheContextInterruptsATaskPastTheShutdownGraceAndReturnsItToItsQueue()
      throws Exception {
    AtomicReference<TaskHandle<Object>> handle = new AtomicReference<>();
    AtomicReference<Exporter> exporter = new AtomicReference<>();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskqAutoConfiguration.class))
        .withUserConfiguration(Tasks.class)
        .withPropertyValues("taskq.redis.url=" + REDIS.url(), "taskq.worker.enabled=true",
            "taskq.worker.shutdown-grace=200ms")
        .run(ctx -> {
          exporter.set(ctx.getBean(Exporter.class));
          handle.set(ctx.getBean(TaskClient.class).submit(EXPORT, new Export("all")));
          assertThat(exporter.get().started.await(10, TimeUnit.SECONDS)).isTrue();
        });
    assertThat(exporter.get().interrupted).isTrue();
    try (Broker broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
        TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT)) {
      assertThat(client.find(handle.get()).orElseThrow().state()).isEqualTo(TaskState.PENDING);
    }
  }
}
