package io.taskq.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.taskq.config.EventsConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.inspect.ConnectedCommand;
import io.taskq.inspect.ExitCodes;
import io.taskq.redis.internal.RedisErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** A {@code taskq bench} scenario: runs against the configured Redis and reports. */
abstract class Scenario extends ConnectedCommand {
  @Option(names = "--json", paramLabel = "FILE",
      description = "also write the results as JSON to FILE")
  @Nullable Path json;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "5000",
      description = "no-op tasks run through the same path before measuring (default 5000;"
          + " 0: none)")
  int warmup;

  @Option(names = "--events",
      description = "clients and workers publish task events (events.enabled; default: as"
          + " configured, off unless taskq.yaml or TASKQ_EVENTS_ENABLED turns them on)")
  boolean events;

  /** The scenario's name and queue suffix. */
  abstract String name();

  /** Checks the options; throw {@link ParameterException} for a bad one. */
  abstract void validate();

  /** Runs the scenario and adds its parameters and rows to {@code report}. */
  abstract void run(TaskqConfig config, Report report) throws Exception;

  /** The scenario's queue. */
  String queue() {
    return "bench-" + name();
  }

  @Override
  public Integer call() throws Exception {
    atLeast("--warmup", warmup, 0);
    validate();
    if (json != null && json.toAbsolutePath().getParent() != null
        && !Files.isDirectory(json.toAbsolutePath().getParent())) {
      throw new ParameterException(spec.commandLine(), "--json: the directory of " + json
          + " does not exist");
    }
    TaskqConfig config = config();
    if (events) {
      config = config.withEvents(new EventsConfig(true, config.events().maxLen()));
    }
    Report report = new Report(name(), config.redis().redactedUrl());
    report.parameter("events", config.events().enabled());
    run(config, report);
    report.print(out());
    if (json != null) {
      report.write(json);
    }
    return ExitCodes.OK;
  }

  /** Throws a usage error unless {@code value >= min}. */
  void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(), option + " must be >= " + min + ", was "
          + value);
    }
  }

  /** A connection, or the one-line error every command gives when Redis cannot be reached. */
  static StatefulRedisConnection<String, String> connect(RedisClient client,
      TaskqConfig config) {
    try {
      return client.connect();
    } catch (RuntimeException e) {
      throw RedisErrors.onConnect(e, config.redis().redactedUrl());
    }
  }

  /** Seconds from {@code startNanos} to {@code endNanos}, at least a nanosecond. */
  static double secondsSince(long startNanos, long endNanos) {
    return Math.max(1, endNanos - startNanos) / 1e9;
  }
}
