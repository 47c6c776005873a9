package io.taskq.spring.internal;

import io.taskq.BrokerUnavailableException;
import io.taskq.ConfigException;
import io.taskq.TaskqException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up that failed on taskq's configuration or on an unreachable Redis into Spring
 * Boot's short "APPLICATION FAILED TO START" report (the problem in one line, then what to do)
 * instead of a page of nested bean-creation traces. Registered in {@code META-INF/spring.factories}.
 */
public final class TaskqFailureAnalyzer extends AbstractFailureAnalyzer<TaskqException> {
  @Override
  protected @Nullable FailureAnalysis analyze(Throwable rootFailure, TaskqException cause) {
    if (cause instanceof BrokerUnavailableException) {
      return new FailureAnalysis("taskq: " + cause.getMessage(),
          "Start Redis, or point taskq.redis.url at a reachable server (memory:// runs the"
              + " embedded in-memory broker, for tests and demos).", cause);
    }
    if (cause instanceof ConfigException) {
      return new FailureAnalysis("taskq: " + cause.getMessage(),
          "Correct the taskq.* property named above.", cause);
    }
    return null;
  }
}
