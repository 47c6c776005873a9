package io.taskq.spi;

import io.taskq.config.TaskqConfig;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.TaskEnvelope;
import io.taskq.internal.TaskIds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds valid tasks for broker tests: {@code aTask().inQueue("email").build()}. */
public final class TestTasks {
  public static final EnvelopeCodec CODEC = new EnvelopeCodec(TaskqConfig.DEFAULT_MAX_PAYLOAD);

  private String queue = "default";
  private String id = TaskIds.next();
  private String task = "test.noop";
  private String args = "{}";
  private @Nullable Duration countdown;
  private @Nullable Instant eta;

  private TestTasks() {}

  public static TestTasks aTask() {
    return new TestTasks();
  }

  public TestTasks inQueue(String queue) {
    this.queue = queue;
    return this;
  }

  public TestTasks withId(String id) {
    this.id = id;
    return this;
  }

  public TestTasks named(String task) {
    this.task = task;
    return this;
  }

  public TestTasks withArgs(String json) {
    this.args = json;
    return this;
  }

  public TestTasks withCountdown(Duration countdown) {
    this.countdown = countdown;
    return this;
  }

  public TestTasks withEta(Instant eta) {
    this.eta = eta;
    return this;
  }

  public TaskEnvelope envelope() {
    return TaskEnvelope.submitted(id, task, queue, args, Map.of(), null,
        Instant.parse("2030-01-01T00:00:00Z"));
  }

  public NewTask build() {
    return new NewTask(queue, id, CODEC.encode(envelope()), countdown, eta);
  }
}
