package io.taskq.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.test.redis.RedisServerExtension;
import io.taskq.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The trace context survives the Redis envelope: a real redis-server, client and worker. */
class TracingRedisIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  record Job(int n) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("job.traced", Job.class)
      .withQueue("traced");

  @Test
  void theAttemptContinuesTheSubmittersTraceThroughRedis() throws Exception {
    try (Traces traces = new Traces();
        RedisBroker broker = RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).build();
        TaskClient client = TaskClient.builder().broker(broker)
            .interceptor(traces.telemetry().submitInterceptor()).build();
        Worker worker = Worker.builder().broker(broker).queues("traced")
            .module(new TracingModule(traces.otel))
            .register(JOB, (job, ctx) -> Baggage.current().getEntryValue("tenant"))
            .build().start()) {
      Span request = traces.otel.getTracer("test").spanBuilder("request").startSpan();
      TaskHandle handle;
      try (Scope s = Context.current().with(request)
          .with(Baggage.builder().put("tenant", "acme").build()).makeCurrent()) {
        handle = client.submit(JOB, new Job(1));
      } finally {
        request.end();
      }

      assertThat(handle.await(Duration.ofSeconds(10))).isEqualTo("acme");
      SpanData producer = traces.awaitSpans(SpanKind.PRODUCER, 1).getFirst();
      SpanData consumer = traces.awaitSpans(SpanKind.CONSUMER, 1).getFirst();
      assertThat(producer.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(consumer.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
      assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
    }
  }
}
