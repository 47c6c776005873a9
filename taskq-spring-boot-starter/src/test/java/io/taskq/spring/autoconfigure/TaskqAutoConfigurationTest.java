package io.taskq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskq.ConfigException;
import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskContext;
import io.taskq.TaskDefinition;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.spi.Broker;
import io.taskq.spring.SpringTaskClient;
import io.taskq.spring.TaskHandler;
import io.taskq.spring.internal.TaskqFailureAnalyzer;
import io.taskq.spring.internal.WorkerLifecycle;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

class TaskqAutoConfigurationTest {
  record Mail(String to) {}

  record Greet(String name) {}

  record Sum(int a, int b) {}

  static final TaskDefinition<Mail> MAIL = TaskDefinition.of("mail.send", Mail.class)
      .withQueue("mail");
  static final TaskDefinition<Greet> GREET = TaskDefinition.of("greet", Greet.class)
      .withQueue("greet");
  static final TaskDefinition<Sum> SUM = TaskDefinition.of("sum", Sum.class);

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TaskqAutoConfiguration.class,
          TaskqHealthAutoConfiguration.class))
      .withPropertyValues("taskq.redis.url=memory://");

  /** A method handler of the payload only. */
  static class Mailer {
    @TaskHandler("mail.send")
    String send(Mail mail) {
      return "sent to " + mail.to();
    }
  }

  /** A bean implementing the handler interface. */
  @TaskHandler(value = "greet", queue = "greet")
  static class Greeter implements io.taskq.TaskHandler<Greet> {
    @Override
    public Object handle(Greet greet, TaskContext context) {
      return "hello " + greet.name() + " from " + context.queue();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    @Bean
    TaskDefinition<Mail> mailTask() {
      return MAIL;
    }

    @Bean
    Mailer mailer() {
      return new Mailer();
    }

    @Bean
    Greeter greeter() {
      return new Greeter();
    }

    @Bean
    TaskModule sums() {
      return registry -> registry.register(SUM, (sum, ctx) -> sum.a() + sum.b());
    }

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Test
  void propertiesBecomeTheConfigurationOfTheClientInspectorAndEmbeddedBroker() {
    runner.withPropertyValues("taskq.redis.command-timeout=2s", "taskq.max-payload=2KB",
        "taskq.worker.shutdown-grace=3s", "taskq.queues.email.max-retries=5",
        "taskq.queues.email.backoff.type=fixed", "taskq.queues.email.backoff.base=7s",
        "taskq.queues.email.rate-limit=10/s", "taskq.queues.email.rate-limit-burst=2",
        "taskq.queues.email.dead.max-size=10", "taskq.queues.email.result-ttl=0",
        "taskq.queues.email.retry-on=java.io.IOException", "taskq.queues.[*].max-retries=1",
        "taskq.queues.email.shards=2")
        .run(ctx -> {
          TaskqConfig config = ctx.getBean(TaskqConfig.class);
          assertThat(config.redis().commandTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(config.maxPayload()).isEqualTo(2048);
          assertThat(config.worker().shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
          QueueConfig email = config.queue("email");
          assertThat(email.retry().maxRetries()).isEqualTo(5);
          assertThat(email.retry().backoff().delay(3)).isEqualTo(Duration.ofSeconds(7));
          assertThat(email.retry().retryOn()).containsExactly(java.io.IOException.class);
          assertThat(email.rateLimit()).isNotNull();
          assertThat(email.rateLimit().burst()).isEqualTo(2);
          assertThat(email.dead().maxSize()).isEqualTo(10);
          assertThat(email.resultTtl()).isZero();
          assertThat(email.concurrency()).as("built-in").isEqualTo(16);
          assertThat(email.shards()).isEqualTo(2);
          assertThat(config.queue("other").retry().maxRetries()).as("[*]").isEqualTo(1);
          assertThat(ctx.getBean(Broker.class)).isInstanceOf(EmbeddedBroker.class);
          assertThat(ctx.getBean(TaskClient.class)).isInstanceOf(SpringTaskClient.class);
          assertThat(ctx).hasSingleBean(Inspector.class).doesNotHaveBean(WorkerLifecycle.class);
        });
  }

  @Test
  void aBadPropertyStopsTheContextWithTheFileReadersOneLine() {
    runner.withPropertyValues("taskq.queues.email.backoff.type=linear").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(ConfigException.class)
          .hasMessage("Spring properties taskq.*: queues.email.backoff.type: expected fixed or"
              + " exponential, got \"linear\"");
      FailureAnalysis analysis = analyzer().analyze(ctx.getStartupFailure());
      assertThat(analysis.getDescription()).isEqualTo("taskq: Spring properties taskq.*:"
          + " queues.email.backoff.type: expected fixed or exponential, got \"linear\"");
      assertThat(analysis.getAction()).contains("taskq.* property");
    });
  }

  @Test
  void anUnreachableRedisStopsTheContextWithAShortReport() {
    // port 1: nothing listens there on loopback
    runner.withPropertyValues("taskq.redis.url=redis://:secret@127.0.0.1:1").run(ctx -> {
      assertThat(ctx).hasFailed();
      FailureAnalysis analysis = analyzer().analyze(ctx.getStartupFailure());
      assertThat(analysis.getDescription()).startsWith("taskq: Redis at redis://")
          .contains("127.0.0.1:1").contains("unreachable").doesNotContain("secret");
      assertThat(analysis.getAction()).contains("taskq.redis.url");
    });
  }

  /**
   * The analyzer as Spring Boot finds it: through META-INF/spring.factories (the others listed
   * there need Boot's own start-up to be made, and are skipped).
   */
  private static FailureAnalyzer analyzer() {
    return SpringFactoriesLoader.forDefaultResourceLocation()
        .load(FailureAnalyzer.class, (type, name, failure) -> { }).stream()
        .filter(TaskqFailureAnalyzer.class::isInstance).findFirst().orElseThrow();
  }

  @Test
  void theWorkerRunsEveryHandlerStyleAndCountsOnTheApplicationsMeterRegistry() {
    runner.withUserConfiguration(Handlers.class)
        .withPropertyValues("taskq.worker.enabled=true").run(ctx -> {
          TaskClient client = ctx.getBean(TaskClient.class);
          WorkerLifecycle worker = ctx.getBean(WorkerLifecycle.class);
          assertThat(worker.isRunning()).isTrue();
          assertThat(worker.worker().queues()).extracting(QueueConfig::name)
              .containsExactlyInAnyOrder("mail", "greet", "default");
          Duration wait = Duration.ofSeconds(10);
          assertThat(client.submit(MAIL, new Mail("a@example.com")).await(wait))
              .isEqualTo("sent to a@example.com");
          assertThat(client.submit(GREET, new Greet("Ada")).await(wait))
              .isEqualTo("hello Ada from greet");
          assertThat(client.submit(SUM, new Sum(2, 3)).await(wait)).isEqualTo(5);
          MeterRegistry meters = ctx.getBean(MeterRegistry.class);
          await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(meters
              .find("taskq.tasks.completed").tag("task", "mail.send").counter())
              .isNotNull().satisfies(c -> assertThat(c.count()).isEqualTo(1.0)));
          assertThat(ctx.getBean("taskqHealthIndicator", HealthIndicator.class).health()
              .getStatus()).isEqualTo(Status.UP);
          assertThat(ctx.getBean("taskqWorkerHealthIndicator", HealthIndicator.class).health()
              .getStatus()).isEqualTo(Status.UP);
        });
  }

  @Test
  void theWorkerServesTheConfiguredQueuesOnly() {
    runner.withUserConfiguration(Handlers.class)
        .withPropertyValues("taskq.worker.enabled=true", "taskq.worker.queues=mail").run(ctx ->
            assertThat(ctx.getBean(WorkerLifecycle.class).worker().queues())
                .extracting(QueueConfig::name).containsExactly("mail"));
  }
}
