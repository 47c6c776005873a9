package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.SubmitInterceptor;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskInterceptor;
import io.taskq.embedded.EmbeddedBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Submit and task interceptors through a real client and worker on the embedded broker. */
class InterceptorsTest {
  record Job(String name) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("job.run", Job.class).withQueue("jobs");

  final EmbeddedBroker broker = new EmbeddedBroker();
  final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    broker.close();
  }

  private TaskClient client(SubmitInterceptor... interceptors) {
    TaskClient.Builder b = TaskClient.builder().broker(broker);
    for (SubmitInterceptor i : interceptors) {
      b.interceptor(i);
    }
    return b.build();
  }

  private TaskInterceptor recording(String name) {
    return (context, proceed) -> {
      calls.add(name + " before, tenant " + context.headers().get("tenant"));
      Object result = proceed.proceed();
      calls.add(name + " after " + result);
      return result;
    };
  }

  @Test
  void headersAddedAtSubmitReachTaskInterceptorsThatRunInOrderAroundTheHandler()
      throws Exception {
    SubmitInterceptor tenant = (submission, proceed) -> {
      submission.header("tenant", "acme");
      proceed.proceed();
    };
    try (TaskClient client = client(tenant);
        Worker worker = Worker.builder().broker(broker).queues("jobs")
            .interceptor(recording("outer"))
            .module(registry -> registry.intercept(recording("module"))
                .register(JOB, (job, ctx) -> {
                  calls.add("handler " + ctx.headers().get("tenant"));
                  return "done " + job.name();
                }))
            .build().start()) {
      assertThat(client.submit(JOB, new Job("a")).await(Duration.ofSeconds(10)))
          .isEqualTo("done a");
      assertThat(calls).containsExactly("outer before, tenant acme",
          "module before, tenant acme", "handler acme", "module after done a",
          "outer after done a");
    }
  }

  @Test
  void aSubmitInterceptorThatThrowsVetoesTheSubmit() {
    try (TaskClient client = client((submission, proceed) -> {
      throw new IllegalArgumentException("no tenant for " + submission.taskName());
    })) {
      assertThatThrownBy(() -> client.submit(JOB, new Job("a")))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("no tenant for job.run");
      assertThat(broker.counts("jobs").pending()).isZero();
    }
  }

  @Test
  void aSubmitInterceptorThatNeitherProceedsNorThrowsIsAnErrorAndNothingIsEnqueued() {
    try (TaskClient client = client((submission, proceed) -> { })) {
      assertThatThrownBy(() -> client.submit(JOB, new Job("a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("returned without proceeding or throwing");
      assertThat(broker.counts("jobs").pending()).isZero();
    }
  }

  @Test
  void eachTaskOfABulkSubmitGetsItsOwnHeaders() throws Exception {
    SubmitInterceptor byId = (submission, proceed) -> {
      submission.header("seen", submission.id());
      proceed.proceed();
    };
    try (TaskClient client = client(byId);
        Worker worker = Worker.builder().broker(broker).queues("jobs")
            .register(JOB, (job, ctx) -> ctx.id() + "=" + ctx.headers().get("seen"))
            .build().start()) {
      for (var h : client.submitAll(JOB, List.of(new Job("a"), new Job("b")))) {
        assertThat(h.await(Duration.ofSeconds(10))).isEqualTo(h.id() + "=" + h.id());
      }
    }
  }
}
