package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.TaskqException;
import io.taskq.spi.WorkflowStore;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The embedded broker's workflow store: it has none; chains, groups and callbacks need Redis. */
enum NoWorkflows implements WorkflowStore {
  INSTANCE;

  static final String NEEDS_REDIS = "chains, groups and callbacks need the Redis broker; the"
      + " embedded broker does not keep them (nothing was submitted)";

  @Override
  public boolean create(String id, Map<String, String> fields, Duration ttl) {
    throw new TaskqException(NEEDS_REDIS);
  }

  @Override
  public Map<String, String> read(String id) {
    return Map.of();
  }

  @Override
  public Settled settle(String id, int index, TaskState state, @Nullable String result,
      @Nullable String failure, Duration ttl) {
    return Settled.NOTHING;
  }
}
