package io.taskq.cli.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.TaskDefinition;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Probe tasks, accepted on every queue (submit them with {@code -Q}); each counts its run in
 * {@link ProbeRecorder} when it starts:
 *
 * <ul>
 *   <li>{@code probe.noop}: does nothing;
 *   <li>{@code probe.sleep} {@code {"ms": N}}: sleeps N ms (interruptibly);
 *   <li>{@code probe.busy} {@code {"ms": N}}: stays busy N ms, swallowing interrupts (a handler
 *       that ignores its time limits, for time-limit tests);
 *   <li>{@code probe.fail}: always throws;
 *   <li>{@code probe.flaky} {@code {"failTimes": N}}: throws while its run count is ≤ N;
 *   <li>{@code probe.echo}: returns its arguments;
 *   <li>{@code probe.record} {@code {"ms": N}}: sleeps N ms, then adds its id to the done set;
 *   <li>{@code probe.crash}: halts its worker's JVM at once (a poison pill, for recovery tests);
 *   <li>{@code probe.exit}: calls {@code System.exit(3)} in the handler (shutdown hooks run).
 * </ul>
 */
public final class ProbeTasks implements TaskModule {
  /** Arguments of the probes; every field is optional ({@code @Nullable}: absent means 0). */
  public record Args(@Nullable Long ms, @Nullable Integer failTimes) {
    public Args(long ms, int failTimes) {
      this(Long.valueOf(ms), Integer.valueOf(failTimes));
    }

    long millis() {
      return ms == null ? 0 : Math.max(0, ms);
    }

    int failures() {
      return failTimes == null ? 0 : failTimes;
    }
  }

  public static final TaskDefinition<Args> NOOP = TaskDefinition.of("probe.noop", Args.class);
  public static final TaskDefinition<Args> SLEEP = TaskDefinition.of("probe.sleep", Args.class);
  public static final TaskDefinition<Args> BUSY = TaskDefinition.of("probe.busy", Args.class);
  public static final TaskDefinition<Args> FAIL = TaskDefinition.of("probe.fail", Args.class);
  public static final TaskDefinition<Args> FLAKY = TaskDefinition.of("probe.flaky", Args.class);
  public static final TaskDefinition<JsonNode> ECHO =
      TaskDefinition.of("probe.echo", JsonNode.class);
  public static final TaskDefinition<Args> RECORD = TaskDefinition.of("probe.record", Args.class);
  public static final TaskDefinition<Args> CRASH = TaskDefinition.of("probe.crash", Args.class);
  public static final TaskDefinition<Args> EXIT = TaskDefinition.of("probe.exit", Args.class);

  private final ProbeRecorder recorder;

  public ProbeTasks(ProbeRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void register(TaskRegistry registry) {
    registry.register(NOOP, (a, ctx) -> {
      recorder.started(ctx.id());
      return null;
    });
    registry.register(SLEEP, (a, ctx) -> {
      recorder.started(ctx.id());
      Thread.sleep(Duration.ofMillis(a.millis()));
      return null;
    });
    registry.register(BUSY, (a, ctx) -> {
      recorder.started(ctx.id());
      long end = System.nanoTime() + Duration.ofMillis(a.millis()).toNanos();
      while (System.nanoTime() - end < 0) {
        try {
          Thread.sleep(Duration.ofMillis(Math.min(10, Math.max(1, (end - System.nanoTime())
              / 1_000_000))));
        } catch (InterruptedException e) {
          // swallowed on purpose: this probe ignores interrupts and cancellation
        }
      }
      return null;
    });
    registry.register(FAIL, (a, ctx) -> {
      recorder.started(ctx.id());
      throw new IllegalStateException("probe.fail always fails");
    });
    registry.register(FLAKY, (a, ctx) -> {
      long run = recorder.started(ctx.id());
      if (run <= a.failures()) {
        throw new IllegalStateException("probe.flaky fails on run " + run + " of "
            + (a.failures() + 1));
      }
      return run;
    });
    registry.register(ECHO, (args, ctx) -> {
      recorder.started(ctx.id());
      return args;
    });
    registry.register(CRASH, (a, ctx) -> {
      recorder.started(ctx.id());
      Runtime.getRuntime().halt(137); // no shutdown hook, no requeue: the lease just stops
      return null;
    });
    registry.register(EXIT, (a, ctx) -> {
      recorder.started(ctx.id());
      System.exit(3); // a library or handler that exits the JVM: the hooks run, then it ends
      return null;
    });
    registry.register(RECORD, (a, ctx) -> {
      recorder.started(ctx.id());
      if (a.millis() > 0) {
        Thread.sleep(Duration.ofMillis(a.millis()));
      }
      recorder.done(ctx.id());
      return null;
    });
  }

  /** How a duplicate-registration error names this module: it ships inside the launcher. */
  @Override
  public String toString() {
    return "the launcher's bundled probe tasks (io.taskq.cli.probe.ProbeTasks)";
  }
}
