package io.taskq.cli.probe;

import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisProbeRecords;
import java.util.Set;

/** Probe records in the worker's Redis, kept by queue-broker-redis's {@link RedisProbeRecords}. */
final class RedisProbeRecorder implements ProbeRecorder {
  private final RedisProbeRecords records;

  RedisProbeRecorder(RedisConfig config) {
    this.records = new RedisProbeRecords(config);
  }

  @Override
  public long started(String taskId) {
    return records.started(taskId);
  }

  @Override
  public void done(String taskId) {
    records.done(taskId);
  }

  @Override
  public long runs(String taskId) {
    return records.runs(taskId);
  }

  @Override
  public Set<String> doneIds() {
    return records.doneIds();
  }

  @Override
  public long doneCount() {
    return records.doneCount();
  }

  @Override
  public void close() {
    records.close();
  }
}
