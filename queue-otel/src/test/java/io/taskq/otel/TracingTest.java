package io.taskq.otel;

import static io.taskq.Step.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.taskq.Backoff;
import io.taskq.RetryPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.WorkflowHandle;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Submit and attempt spans through a real client and worker on the embedded broker. */
class TracingTest {
  record Job(String secret) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("job.run", Job.class).withQueue("jobs");

  final EmbeddedBroker broker = new EmbeddedBroker();
  final Traces traces = new Traces();
  final TaskqTelemetry telemetry = traces.telemetry();

  @AfterEach
  void close() {
    broker.close();
    traces.close();
  }

  private TaskClient client() {
    return TaskClient.builder().broker(broker).interceptor(telemetry.submitInterceptor()).build();
  }

  private Worker.Builder worker() {
    return Worker.builder().broker(broker).queues("jobs").interceptor(telemetry.taskInterceptor());
  }

  @Test
  void theAttemptSpanIsAChildOfTheSubmitSpanAndSeesItsBaggage() throws Exception {
    AtomicReference<SpanContext> inHandler = new AtomicReference<>();
    Map<String, String> seen = new ConcurrentHashMap<>();
    Span request = traces.otel.getTracer("test").spanBuilder("request").startSpan();
    TaskHandle handle;
    try (TaskClient client = client();
        Worker worker = worker().register(JOB, (job, ctx) -> {
          inHandler.set(Span.current().getSpanContext());
          seen.put("tenant", String.valueOf(Baggage.current().getEntryValue("tenant")));
          seen.putAll(ctx.headers());
          return "result of " + job.secret();
        }).build().start()) {
      try (Scope s = Context.current().with(request)
          .with(Baggage.builder().put("tenant", "acme").build()).makeCurrent()) {
        handle = client.submit(JOB, new Job("hunter2"));
      } finally {
        request.end();
      }
      assertThat(handle.await(Duration.ofSeconds(10))).isEqualTo("result of hunter2");

      SpanData producer = traces.awaitSpans(SpanKind.PRODUCER, 1).getFirst();
      SpanData consumer = traces.awaitSpans(SpanKind.CONSUMER, 1).getFirst();
      assertThat(producer.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(consumer.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
      assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
      assertThat(inHandler.get()).isEqualTo(consumer.getSpanContext());
      assertThat(seen).containsEntry("tenant", "acme").containsKey("baggage");
      assertThat(seen.get("traceparent"))
          .startsWith("00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-");

      assertThat(producer.getName()).isEqualTo("submit jobs");
      assertThat(producer.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(producer.getAttributes().asMap()).isEqualTo(Map.of(
          AttributeKey.stringKey("messaging.system"), "taskq",
          AttributeKey.stringKey("messaging.destination.name"), "jobs",
          AttributeKey.stringKey("messaging.message.id"), handle.id(),
          AttributeKey.stringKey("messaging.operation.type"), "send",
          AttributeKey.stringKey("messaging.operation.name"), "submit",
          AttributeKey.stringKey("taskq.task.name"), "job.run"));
      assertThat(consumer.getName()).isEqualTo("execute jobs");
      assertThat(consumer.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(consumer.getAttributes().asMap()).isEqualTo(Map.of(
          AttributeKey.stringKey("messaging.system"), "taskq",
          AttributeKey.stringKey("messaging.destination.name"), "jobs",
          AttributeKey.stringKey("messaging.message.id"), handle.id(),
          AttributeKey.stringKey("messaging.operation.type"), "process",
          AttributeKey.stringKey("messaging.operation.name"), "execute",
          AttributeKey.stringKey("taskq.task.name"), "job.run",
          AttributeKey.longKey("taskq.task.attempt"), 1L));
    }
  }

  @Test
  void aFailedAttemptIsAnErrorWithAnExceptionEventAndEachRetryHasItsOwnSpan() throws Exception {
    TaskDefinition<Job> retried = JOB.withRetry(RetryPolicy.builder().maxRetries(1)
        .backoff(Backoff.fixed(Duration.ZERO)).build());
    try (TaskClient client = client();
        Worker worker = worker().register(retried, (job, ctx) -> {
          if (ctx.attempt() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
          return "ok";
        }).build().start()) {
      TaskHandle handle = client.submit(retried, new Job("x"));
      assertThat(handle.await(Duration.ofSeconds(10))).isEqualTo("ok");

      SpanData producer = traces.awaitSpans(SpanKind.PRODUCER, 1).getFirst();
      var attempts = traces.awaitSpans(SpanKind.CONSUMER, 2);
      assertThat(attempts).hasSize(2).allSatisfy(a -> {
        assertThat(a.getTraceId()).isEqualTo(producer.getTraceId());
        assertThat(a.getParentSpanId()).isEqualTo(producer.getSpanId());
      });
      assertThat(attempts).extracting(a -> a.getAttributes()
          .get(AttributeKey.longKey("taskq.task.attempt"))).containsExactly(1L, 2L);

      SpanData failed = attempts.getFirst();
      assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type")))
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(failed.getEvents()).singleElement().satisfies(e -> {
        assertThat(e.getName()).isEqualTo("exception");
        assertThat(exceptionType(e)).isEqualTo(IllegalStateException.class.getName());
      });
      assertThat(attempts.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(attempts.get(1).getEvents()).isEmpty();
    }
  }

  private static String exceptionType(EventData e) {
    return e.getAttributes().get(AttributeKey.stringKey("exception.type"));
  }

  @Test
  void aSubmitWithoutACurrentSpanStartsANewTrace() throws Exception {
    try (TaskClient client = client();
        Worker worker = worker().register(JOB, (job, ctx) -> "ok").build().start()) {
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
      client.submit(JOB, new Job("a")).await(Duration.ofSeconds(10));
      client.submit(JOB, new Job("b")).await(Duration.ofSeconds(10));

      var producers = traces.awaitSpans(SpanKind.PRODUCER, 2);
      var consumers = traces.awaitSpans(SpanKind.CONSUMER, 2);
      assertThat(producers).allSatisfy(p ->
          assertThat(p.getParentSpanContext().isValid()).isFalse());
      assertThat(producers.get(0).getTraceId()).isNotEqualTo(producers.get(1).getTraceId());
      for (int i = 0; i < 2; i++) {
        assertThat(consumers.get(i).getParentSpanId()).isEqualTo(producers.get(i).getSpanId());
      }
    }
  }

  @Test
  void aVetoedSubmitEndsItsSpanAsAnError() {
    try (TaskClient client = TaskClient.builder().broker(broker)
        .interceptor(telemetry.submitInterceptor())
        .interceptor((submission, proceed) -> {
          throw new IllegalArgumentException("no tenant");
        }).build()) {
      assertThatThrownBy(() -> client.submit(JOB, new Job("a")))
          .isInstanceOf(IllegalArgumentException.class);
    }
    SpanData producer = traces.awaitSpans(SpanKind.PRODUCER, 1).getFirst();
    assertThat(producer.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(producer.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(broker.counts("jobs").pending()).isZero();
  }

  @Test
  void everyTaskOfAChainIsInTheTraceThatSubmittedIt() throws Exception {
    TaskDefinition<String> next = TaskDefinition.of("job.next", String.class).withQueue("jobs");
    Span request = traces.otel.getTracer("test").spanBuilder("request").startSpan();
    try (TaskClient client = client();
        Worker worker = worker().register(JOB, (job, ctx) -> "step one")
            .register(next, (text, ctx) -> text + ", step two").build().start()) {
      WorkflowHandle chain;
      try (Scope s = Context.current().with(request).makeCurrent()) {
        chain = client.chain(step(JOB, new Job("a")), step(next));
      } finally {
        request.end();
      }
      assertThat(chain.await(Duration.ofSeconds(10))).isEqualTo("step one, step two");

      // the second step is stored by the worker that ran the first, from the chain's links
      List<SpanData> consumers = traces.awaitSpans(SpanKind.CONSUMER, 2);
      assertThat(consumers).extracting(SpanData::getTraceId)
          .containsOnly(request.getSpanContext().getTraceId());
      assertThat(traces.of(SpanKind.PRODUCER)).extracting(
          p -> p.getAttributes().get(AttributeKey.stringKey("taskq.task.name")))
          .containsExactlyInAnyOrder("job.run", "job.next");
    }
  }
}
