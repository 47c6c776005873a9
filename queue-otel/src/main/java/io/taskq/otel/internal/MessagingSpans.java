package io.taskq.otel.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The attributes of taskq's spans (OpenTelemetry messaging semantic conventions, spelt out here
 * so that only the API is needed) and how a failure is recorded.
 */
final class MessagingSpans {
  static final String SYSTEM = "taskq";
  static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> TASK_NAME = AttributeKey.stringKey("taskq.task.name");
  static final AttributeKey<Long> TASK_ATTEMPT = AttributeKey.longKey("taskq.task.attempt");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private MessagingSpans() {}

  /** The attributes every taskq span has; the span is named {@code <operation> <queue>}. */
  static SpanBuilder common(SpanBuilder span, String operationType, String operationName,
      String queue, String taskId, String taskName) {
    return span
        .setAttribute(MESSAGING_SYSTEM, SYSTEM)
        .setAttribute(DESTINATION, queue)
        .setAttribute(MESSAGE_ID, taskId)
        .setAttribute(OPERATION_TYPE, operationType)
        .setAttribute(OPERATION_NAME, operationName)
        .setAttribute(TASK_NAME, taskName);
  }

  /**
   * Marks the span failed: status ERROR described by the exception's class, {@code error.type},
   * and an {@code exception} event.
   */
  static void failed(Span span, Throwable e) {
    span.setStatus(StatusCode.ERROR, e.getClass().getName());
    span.setAttribute(ERROR_TYPE, e.getClass().getName());
    span.recordException(e);
  }
}
