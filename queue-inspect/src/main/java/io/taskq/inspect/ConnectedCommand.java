package io.taskq.inspect;

import io.taskq.config.ConfigLoader;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.Inspector;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that loads the configuration and talks to the broker. */
public abstract class ConnectedCommand implements Callable<Integer>, HasGlobalOptions {
  /** Connect and command timeout of one-shot commands, which do not retry. */
  static final Duration ONE_SHOT_TIMEOUT = Duration.ofSeconds(3);

  @Mixin GlobalOptions global;
  @Spec protected CommandSpec spec;

  @Override
  public GlobalOptions global() {
    return global;
  }

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

  /** This command's options, each falling back to the nearest enclosing command's. */
  private GlobalOptions options() {
    GlobalOptions g = global;
    for (CommandLine p = spec.commandLine().getParent(); p != null; p = p.getParent()) {
      if (p.getCommand() instanceof HasGlobalOptions h) {
        g = g.over(h.global());
      }
    }
    return g;
  }

  /** Where data goes (standard output). */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Opens the broker for a one-shot command (short timeouts, no retry) and runs {@code body}. */
  protected int withInspector(TaskqConfig config, InspectorBody body) throws Exception {
    try (Broker broker = BrokerFactory.open(config.redis())) {
      return body.run(Inspector.create(broker, config), broker);
    }
  }

  /** A one-shot command's work. */
  @FunctionalInterface
  protected interface InspectorBody {
    int run(Inspector inspector, Broker broker) throws Exception;
  }

  /** The configuration with the short timeouts of a one-shot command. */
  protected TaskqConfig oneShotConfig() {
    TaskqConfig c = config();
    RedisConfig r = c.redis();
    return c.withRedis(r.withTimeouts(min(r.commandTimeout(), ONE_SHOT_TIMEOUT),
        min(r.connectTimeout(), ONE_SHOT_TIMEOUT)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
