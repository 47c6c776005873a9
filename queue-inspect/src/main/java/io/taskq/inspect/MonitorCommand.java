package io.taskq.inspect;

import io.taskq.BrokerUnavailableException;
import io.taskq.Health;
import io.taskq.QueueStats;
import io.taskq.ScheduleStatus;
import io.taskq.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq monitor ...}: one-line checks for systemd timers and cron (exit 0 ok, 1 not). */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Checks for timers and cron: one line stating the figure; exit 0 ok, 1 over the"
        + " threshold or stale, 2 Redis unreachable.",
    subcommands = {MonitorCommand.Pending.class, MonitorCommand.Dlq.class,
        MonitorCommand.Lag.class, MonitorCommand.BeatCheck.class})
public final class MonitorCommand extends GroupCommand {

  /** A figure per queue compared with a threshold. */
  abstract static class PerQueue extends ConnectedCommand {
    @Option(names = {"-Q", "--queue"}, split = ",", paramLabel = "QUEUE",
        description = "queues (default: all)")
    @Nullable List<String> queues;

    abstract String figure();

    abstract long threshold();

    abstract ToLongFunction<QueueStats> value();

    abstract String format(long value);

    @Override
    public Integer call() throws Exception {
      if (threshold() < 0) {
        throw new ParameterException(spec.commandLine(), "the threshold must be >= 0");
      }
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        Health health = inspector.health(queues == null ? inspector.queues() : queues);
        if (health.broker().error() != null) {
          throw new BrokerUnavailableException(health.broker().error(), null);
        }
        List<String> parts = new ArrayList<>();
        boolean over = false;
        for (Health.QueueHealth q : health.queues()) {
          QueueStats s = q.stats();
          if (s == null) { // a broken queue fails the check, not the rest
            q.problems().forEach(p -> spec.commandLine().getErr()
                .println("queue " + q.name() + ": " + p));
            over = true;
            parts.add(q.name() + "=?");
            continue;
          }
          long v = value().applyAsLong(s);
          over |= v > threshold();
          parts.add(q.name() + "=" + format(v));
        }
        out().println((over ? "OVER " : "OK ") + figure() + " " + String.join(" ", parts)
            + " (threshold " + format(threshold()) + ")");
        out().flush();
        return over ? ExitCodes.FAILED : ExitCodes.OK;
      });
    }
  }

  @Command(name = "pending", mixinStandardHelpOptions = true,
      description = "Exit 1 when a queue has more than N pending tasks.")
  static final class Pending extends PerQueue {
    @Option(names = "--threshold", required = true, paramLabel = "N") long threshold;

    @Override
    String figure() {
      return "pending";
    }

    @Override
    long threshold() {
      return threshold;
    }

    @Override
    ToLongFunction<QueueStats> value() {
      return QueueStats::pending;
    }

    @Override
    String format(long v) {
      return Long.toString(v);
    }
  }

  @Command(name = "dlq", mixinStandardHelpOptions = true,
      description = "Exit 1 when a queue has more than N dead tasks (default 0).")
  static final class Dlq extends PerQueue {
    @Option(names = "--threshold", paramLabel = "N", defaultValue = "0") long threshold;

    @Override
    String figure() {
      return "dead";
    }

    @Override
    long threshold() {
      return threshold;
    }

    @Override
    ToLongFunction<QueueStats> value() {
      return QueueStats::dead;
    }

    @Override
    String format(long v) {
      return Long.toString(v);
    }
  }

  @Command(name = "lag", mixinStandardHelpOptions = true,
      description = "Exit 1 when a queue's oldest pending task is older than --max.")
  static final class Lag extends PerQueue {
    @Option(names = "--max", required = true, paramLabel = "DURATION") String max;

    @Override
    String figure() {
      return "lag";
    }

    @Override
    long threshold() {
      try {
        return Units.duration(max).toMillis();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--max: " + e.getMessage());
      }
    }

    @Override
    ToLongFunction<QueueStats> value() {
      return s -> s.lag().toMillis();
    }

    @Override
    String format(long ms) {
      return Output.seconds(Duration.ofMillis(ms)) + "s";
    }
  }

  @Command(name = "beat", mixinStandardHelpOptions = true,
      description = "Exit 1 when no beat leader is alive or an entry's next fire is overdue by"
          + " more than --max-age.")
  static final class BeatCheck extends ConnectedCommand {
    @Option(names = "--max-age", required = true, paramLabel = "DURATION") String maxAge;

    @Override
    public Integer call() throws Exception {
      Duration slack;
      try {
        slack = Units.duration(maxAge);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--max-age: " + e.getMessage());
      }
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        Instant now = broker.now();
        Optional<String> leader = inspector.beatLeader();
        List<String> stale = new ArrayList<>();
        for (ScheduleStatus s : inspector.schedules()) {
          if (s.nextOccurrence() != null && now.isAfter(s.nextOccurrence().plus(slack))) {
            stale.add(s.entry() + " (due " + s.nextOccurrence() + ")");
          }
        }
        boolean ok = leader.isPresent() && stale.isEmpty();
        out().println((ok ? "OK" : "STALE") + " beat: leader " + leader.orElse("none")
            + ", " + inspector.schedules().size() + " entries"
            + (stale.isEmpty() ? "" : ", overdue: " + String.join(", ", stale)));
        out().flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
      });
    }
  }
}
