package io.taskq.otel;

import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;

/** An OpenTelemetry SDK exporting to memory, with W3C trace context and baggage propagation. */
final class Traces implements AutoCloseable {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
      .build();

  TaskqTelemetry telemetry() {
    return TaskqTelemetry.create(otel);
  }

  /** The finished spans of a kind, once there are {@code n}, in the order they ended. */
  List<SpanData> awaitSpans(SpanKind kind, int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> of(kind).size() >= n);
    return of(kind);
  }

  List<SpanData> of(SpanKind kind) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
  }

  @Override
  public void close() {
    otel.close();
  }
}
