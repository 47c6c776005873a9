package io.taskq.inspect;

import io.taskq.config.ConfigLoader;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand that loads the configuration and talks to the broker. */
public abstract class ConnectedCommand implements Callable<Integer> {
  /** Connect and command timeout of one-shot commands, which do not retry. */
  static final Duration ONE_SHOT_TIMEOUT = Duration.ofSeconds(3);

  @Mixin GlobalOptions global;
  @ParentCommand TaskqCommand parent;
  @Spec protected CommandSpec spec;

  /**
   * The configuration from {@code --config}/{@code $TASKQ_CONFIG}/{@code ./taskq.yaml}, the
   * environment and {@code --redis}.
   *
   * @throws io.taskq.ConfigException one line naming the file, key and expectation
   */
  protected TaskqConfig config() {
    return loader().load();
  }

  /** The loader {@link #config()} uses, for commands that add to it. */
  protected ConfigLoader loader() {
    GlobalOptions g = options();
    return ConfigLoader.create().file(g.config).redisUrl(g.redis);
  }

  /** True when the Redis URL was chosen on purpose: {@code --redis} or the environment. */
  protected boolean redisGiven() {
    String env = System.getenv("TASKQ_REDIS_URL");
    return options().redis != null || (env != null && !env.isBlank());
  }

  private GlobalOptions options() {
    return global.over(parent == null ? null : parent.global);
  }

  /** The configuration with the short timeouts of a one-shot command. */
  protected TaskqConfig oneShotConfig() {
    TaskqConfig c = config();
    RedisConfig r = c.redis();
    return c.withRedis(new RedisConfig(r.url(), r.password(),
        min(r.commandTimeout(), ONE_SHOT_TIMEOUT), min(r.connectTimeout(), ONE_SHOT_TIMEOUT),
        r.reconnectDelayMax()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
