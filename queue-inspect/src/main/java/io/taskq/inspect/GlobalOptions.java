package io.taskq.inspect;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --redis} and {@code --config}, accepted before and after the subcommand. */
public final class GlobalOptions {
  @Option(names = "--redis", paramLabel = "URL",
      description = "Redis URL (redis://, rediss://, redis-sentinel://, redis-cluster://,"
          + " memory://); overrides $TASKQ_REDIS_URL and the file")
  @Nullable String redis;

  @Option(names = "--config", paramLabel = "FILE",
      description = "configuration file (default: $TASKQ_CONFIG, else ./taskq.yaml)")
  @Nullable Path config;

  /** This command's value if given, else the parent's. */
  GlobalOptions over(@Nullable GlobalOptions parent) {
    GlobalOptions g = new GlobalOptions();
    g.redis = redis != null ? redis : parent == null ? null : parent.redis;
    g.config = config != null ? config : parent == null ? null : parent.config;
    return g;
  }
}
