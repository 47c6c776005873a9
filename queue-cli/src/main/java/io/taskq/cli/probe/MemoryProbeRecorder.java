package io.taskq.cli.probe;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Probe records in memory, for the embedded broker (one instance per process). */
final class MemoryProbeRecorder implements ProbeRecorder {
  static final MemoryProbeRecorder SHARED = new MemoryProbeRecorder();

  private final Map<String, Long> runs = new ConcurrentHashMap<>();
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  @Override
  public long started(String taskId) {
    return runs.merge(taskId, 1L, Long::sum);
  }

  @Override
  public void done(String taskId) {
    done.add(taskId);
  }

  @Override
  public long runs(String taskId) {
    return runs.getOrDefault(taskId, 0L);
  }

  @Override
  public Set<String> doneIds() {
    return Set.copyOf(done);
  }

  @Override
  public long doneCount() {
    return done.size();
  }

  @Override
  public void close() {
    // shared by the process
  }
}
