package io.taskq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInterceptor;
import io.taskq.spring.TaskHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Submits and executions observed through the application's ObservationRegistry, the context of
 * the submit carried to the execution in the task's headers, as a tracing handler does it.
 */
class ObservationTest {
  record Ping(String text) {}

  static final TaskDefinition<Ping> PING = TaskDefinition.of("ping", Ping.class);

  /** What a tracer does: writes a trace header at send, reads it at receive. */
  static final class PropagatingHandler implements ObservationHandler<Observation.Context> {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public void onStart(Observation.Context context) {
      if (context instanceof SenderContext<?> sender) {
        ((SenderContext<Object>) sender).getSetter().set(sender.getCarrier(), "traceparent",
            "trace-of-" + context.getLowCardinalityKeyValue("task").getValue());
        seen.add("start " + context.getName());
      } else if (context instanceof ReceiverContext<?> receiver) {
        seen.add("start " + context.getName() + " continuing " + ((ReceiverContext<Object>)
            receiver).getGetter().get(receiver.getCarrier(), "traceparent"));
      }
    }

    @Override
    public void onStop(Observation.Context context) {
      seen.add("stop " + context.getName() + (context.getError() == null ? ""
          : " with " + context.getError().getClass().getSimpleName()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  static class Pinger {
    @TaskHandler("ping")
    String ping(Ping ping) {
      if (ping.text().isEmpty()) {
        throw new io.taskq.SkipRetryException("empty ping");
      }
      return "pong";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Observed {
    final PropagatingHandler handler = new PropagatingHandler();
    final List<String> intercepted = new CopyOnWriteArrayList<>();

    @Bean
    ObservationRegistry observationRegistry() {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(handler);
      return registry;
    }

    @Bean
    PropagatingHandler propagatingHandler() {
      return handler;
    }

    @Bean
    Pinger pinger() {
      return new Pinger();
    }

    @Bean
    TaskInterceptor headerRecorder() {
      return (context, proceed) -> {
        handler.seen.add("interceptor sees " + context.headers().get("traceparent"));
        return proceed.proceed();
      };
    }
  }

  @Test
  void theExecutionContinuesTheSubmitsContextThroughTheTaskHeaders() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskqAutoConfiguration.class))
        .withUserConfiguration(Observed.class)
        .withPropertyValues("taskq.redis.url=memory://", "taskq.worker.enabled=true")
        .run(ctx -> {
          TaskClient client = ctx.getBean(TaskClient.class);
          PropagatingHandler handler = ctx.getBean(PropagatingHandler.class);
          assertThat(client.submit(PING, new Ping("hi")).await(Duration.ofSeconds(10)))
              .isEqualTo("pong");
          TaskHandle<Object> failing = client.submit(PING, new Ping(""),
              io.taskq.TaskOptions.DEFAULT);
          client.whenFinished(failing).get(10, java.util.concurrent.TimeUnit.SECONDS);
          assertThat(handler.seen).containsSubsequence("start taskq.submit", "stop taskq.submit",
              "start taskq.execute continuing trace-of-ping", "interceptor sees trace-of-ping",
              "stop taskq.execute");
          assertThat(handler.seen).contains("stop taskq.execute with SkipRetryException");
        });
  }
}
