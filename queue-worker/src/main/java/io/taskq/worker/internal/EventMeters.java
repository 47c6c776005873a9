package io.taskq.worker.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskq.internal.EventPublisher;
import io.taskq.worker.MetricNames;

/** The meter of the worker's task events: how many were dropped. */
final class EventMeters {
  private EventMeters() {}

  /**
   * Registers {@link MetricNames#EVENTS_DROPPED}, read from {@code events} (held weakly by
   * Micrometer, strongly by the worker's runtime for as long as the worker lives).
   */
  static void register(MeterRegistry registry, EventPublisher events) {
    if (events.enabled()) {
      FunctionCounter.builder(MetricNames.EVENTS_DROPPED, events, EventPublisher::dropped)
          .description("Task events not appended to the event stream (over 10,000 awaiting"
              + " Redis, refused or Redis unreachable); task processing is unaffected")
          .register(registry);
    }
  }
}
