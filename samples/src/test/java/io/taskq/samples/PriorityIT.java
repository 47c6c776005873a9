package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.config.RedisConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Priorities through the real launcher: {@code call --priority} and a real worker process. */
class PriorityIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir java.nio.file.Path dir;
  private Launcher taskq;
  private Broker broker;
  private final List<Run> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    REDIS.server().cli("FLUSHALL");
    Files.writeString(dir.resolve("taskq.yaml"),
        "queues:\n  prio: { priorities: 10 }\n  fifo: {}\n");
    taskq = new Launcher(dir);
    broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
    broker.close();
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    return taskq.run(all.toArray(String[]::new));
  }

  private List<String> ids(Run r) {
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return r.stdout().lines().toList();
  }

  private Instant startedAt(String id) {
    StoredTask t = broker.find("prio", id).orElseThrow();
    TaskRecord record = Objects.requireNonNull(t.record(), id);
    return Objects.requireNonNull(record.startedAt(), id);
  }

  @Test
  void onAPausedQueueAPriorityNineTaskSubmittedAfterFiftyLowOnesRunsFirstAfterResume() {
    broker.setPaused("prio", true);
    List<String> low = ids(run("call", "probe.echo", "-Q", "prio", "--args", "{\"n\":0}",
        "--count", "50"));
    String high = ids(run("call", "probe.echo", "-Q", "prio", "--args", "{\"n\":9}",
        "--priority", "9")).get(0);
    assertThat(low).hasSize(50);

    Run worker = taskq.start("worker", "-Q", "prio", "-c", "1", "--redis", REDIS.url());
    started.add(worker);
    broker.setPaused("prio", false); // what `taskq queue resume` runs
    await().atMost(Duration.ofSeconds(30))
        .until(() -> broker.counts("prio").live() == 0);

    Instant first = startedAt(high);
    for (String id : low) {
      assertThat(startedAt(id)).as("start of priority-0 task %s", id).isAfterOrEqualTo(first);
    }
    // one worker thread runs them one by one: the last low task started well after
    assertThat(startedAt(low.get(49))).isAfter(first);
  }

  @Test
  void callRefusesAPriorityOutOfRangeAndWarnsOnAQueueWithoutPriorities() {
    Run bad = run("call", "probe.noop", "-Q", "prio", "--priority", "10");
    assertThat(bad.exitCode(Duration.ZERO)).isEqualTo(64);
    assertThat(bad.stderr()).contains("--priority: expected 0 to 9, got 10");

    Run ignored = run("call", "probe.noop", "-Q", "fifo", "--priority", "5");
    assertThat(ids(ignored)).hasSize(1);
    assertThat(ignored.stderr())
        .contains("taskq: queue fifo has no priorities (set priorities: N in its"
            + " configuration): --priority is ignored");
  }
}
