package io.taskq.cli.probe;

import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisProbeRecords;
import io.taskq.spi.BrokerFactory;
import java.util.Set;

/**
 * Where probe tasks record their runs: hash {@code taskq:probe:runs} (task id → run count) and set
 * {@code taskq:probe:done} (ids of finished {@code probe.record} tasks), in the worker's Redis, or
 * in memory under the embedded broker.
 */
public interface ProbeRecorder extends AutoCloseable {
  /** Hash of run counts by task id. */
  String RUNS_KEY = RedisProbeRecords.RUNS_KEY;
  /** Set of the ids of finished {@code probe.record} tasks. */
  String DONE_KEY = RedisProbeRecords.DONE_KEY;

  /** Counts a run of {@code taskId}; returns its run count including this one. */
  long started(String taskId);

  /** Records that {@code probe.record} task {@code taskId} finished. */
  void done(String taskId);

  /** Runs of {@code taskId} so far. */
  long runs(String taskId);

  /** Ids of finished {@code probe.record} tasks. */
  Set<String> doneIds();

  /** How many {@code probe.record} tasks finished. */
  long doneCount();

  @Override
  void close();

  /** The recorder for a broker URL: in memory for {@code memory://}, else in that Redis. */
  static ProbeRecorder forUrl(RedisConfig redis) {
    return redis.url().startsWith(BrokerFactory.MEMORY_URL)
        ? MemoryProbeRecorder.SHARED : new RedisProbeRecorder(redis);
  }
}
