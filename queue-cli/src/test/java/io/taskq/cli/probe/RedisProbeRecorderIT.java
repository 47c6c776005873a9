package io.taskq.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Probe records land in the worker's Redis, under the documented keys. */
class RedisProbeRecorderIT {
  private static final String SECRET = "probe-secret";

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  @RegisterExtension static final RedisServerExtension SECURED =
      new RedisServerExtension("--requirepass", SECRET);

  private RedisConfig redis;
  private TaskqConfig config;
  private RedisBroker broker;
  private TaskClient client;
  private ProbeRecorder recorder;

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    redis = RedisConfig.DEFAULT.withUrl(REDIS.url());
    config = TaskqConfig.DEFAULT.withRedis(redis)
        .withQueue(QueueConfig.builder("default").retry(RetryPolicy.builder()
            .maxRetries(3).backoff(Backoff.fixed(Duration.ZERO)).build()).build());
    broker = RedisBroker.connect(redis);
    client = TaskClient.create(broker, config);
    recorder = ProbeRecorder.forUrl(redis);
  }

  @AfterEach
  void tearDown() {
    recorder.close();
    client.close();
    broker.close();
  }

  private void drain() {
    Worker.builder().broker(broker).config(config).queues("default")
        .module(new ProbeTasks(recorder)).build().runUntilIdle();
  }

  @Test
  void recordAddsItsIdToTheDoneSetInRedis() {
    TaskHandle first = client.submitJson("probe.record", "{\"ms\": 5}", TaskOptions.DEFAULT);
    TaskHandle second = client.submitJson("probe.record", "{}", TaskOptions.DEFAULT);

    drain();

    assertThat(REDIS.server().cli("SMEMBERS", ProbeRecorder.DONE_KEY).lines())
        .containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(recorder.doneIds()).containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(recorder.doneCount()).isEqualTo(2);
  }

  @Test
  void everyRunIsCountedInTheRunsHash() {
    TaskHandle flaky = client.submitJson("probe.flaky", "{\"failTimes\": 2}", TaskOptions.DEFAULT);
    TaskHandle noop = client.submitJson("probe.noop", "{}", TaskOptions.DEFAULT);

    drain();

    assertThat(REDIS.server().cli("HGET", ProbeRecorder.RUNS_KEY, flaky.id())).isEqualTo("3");
    assertThat(REDIS.server().cli("HGET", ProbeRecorder.RUNS_KEY, noop.id())).isEqualTo("1");
    assertThat(recorder.runs(flaky.id())).isEqualTo(3);
    assertThat(recorder.runs("no-such-task")).isZero();
    assertThat(recorder.doneIds()).isEmpty();
  }

  @Test
  void usesThePasswordOfTheRedisConfiguration() {
    RedisConfig secured = new RedisConfig(SECURED.url(), SECRET, Duration.ofSeconds(2),
        Duration.ofSeconds(2), Duration.ofSeconds(1));
    try (ProbeRecorder withPassword = ProbeRecorder.forUrl(secured)) {
      assertThat(withPassword.started("t-1")).isEqualTo(1);
      assertThat(withPassword.started("t-1")).isEqualTo(2);
      assertThat(withPassword.runs("t-1")).isEqualTo(2);
    }
  }
}
