package io.taskq.inspect;

import io.taskq.DeadFilter;
import io.taskq.Inspector;
import io.taskq.TaskInfo;
import io.taskq.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq dlq list|replay|delete}: the dead-letter queue. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "The dead-letter queue.",
    subcommands = {DlqCommand.ListDead.class, DlqCommand.Replay.class, DlqCommand.Delete.class})
public final class DlqCommand extends GroupCommand {
  private static final int SCAN_LIMIT = 100_000;

  /** The filters every dlq subcommand takes; they combine. */
  abstract static class Filtered extends ConnectedCommand {
    @Option(names = {"-Q", "--queue"}, required = true, paramLabel = "QUEUE") String queue;

    @Option(names = "--id", paramLabel = "ID", description = "this task (repeatable)")
    @Nullable List<String> ids;

    @Option(names = "--all", description = "every dead task of the queue")
    boolean all;

    @Option(names = "--task", paramLabel = "NAME", description = "only tasks of this name")
    @Nullable String task;

    @Option(names = "--error-class", paramLabel = "CLASS",
        description = "only tasks whose last error has this class (simple or full name)")
    @Nullable String errorClass;

    @Option(names = "--since", paramLabel = "DURATION",
        description = "only tasks dead for at most this long, e.g. 1h")
    @Nullable String since;

    boolean selective() {
      return ids != null || task != null || errorClass != null || since != null;
    }

    DeadFilter filter(Inspector inspector) {
      Instant from = null;
      if (since != null) {
        try {
          from = Instant.now().minus(Units.duration(since));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--since: " + e.getMessage());
        }
      }
      return new DeadFilter(ids == null ? Set.of() : Set.copyOf(ids), task, errorClass, from);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Dead tasks with their last error.")
  static final class ListDead extends Filtered {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "at most N tasks (default: 100)")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
        description = "skip the first N matching tasks (the next page: --offset + --limit)")
    int offset;

    @Option(names = "--json", description = "one JSON array of tasks")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (limit < 1) {
        throw new ParameterException(spec.commandLine(), "--limit must be >= 1, was " + limit);
      }
      if (offset < 0) {
        throw new ParameterException(spec.commandLine(), "--offset must be >= 0, was " + offset);
      }
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        if (!QueueCommand.seen(inspector, queue, spec.commandLine().getErr())) {
          return ExitCodes.FAILED;
        }
        List<TaskInfo> dead = inspector.dead(queue, filter(inspector), offset, limit);
        if (json) {
          Output.json(out(), dead.stream().map(TaskView::of).toList());
          return ExitCodes.OK;
        }
        List<List<String>> cells = new ArrayList<>();
        for (TaskInfo t : dead) {
          cells.add(List.of(t.id(), t.taskName(), Integer.toString(t.retries()),
              Output.time(TaskView.of(t).diedAt()), t.lastError() == null ? "-"
                  : t.lastError().type() + ": " + firstLine(t.lastError().message())));
        }
        Output.table(out(), List.of("ID", "TASK", "RETRIES", "DIED", "LAST_ERROR"), cells);
        return ExitCodes.OK;
      });
    }

    private static String firstLine(String s) {
      String l = s.lines().findFirst().orElse("");
      return l.length() > 120 ? l.substring(0, 120) + "..." : l;
    }
  }

  /** Replay and delete: act on the matching tasks, or count them with --dry-run. */
  abstract static class Action extends Filtered {
    @Option(names = "--dry-run", description = "print how many tasks match; change nothing")
    boolean dryRun;

    @Option(names = "--rate", paramLabel = "N/s",
        description = "at most N tasks per second (e.g. 50/s), to spare downstream systems")
    @Nullable String rate;

    abstract String verb();

    abstract long act(Inspector inspector, List<String> ids);

    @Override
    public Integer call() throws Exception {
      if (!all && !selective()) {
        throw new ParameterException(spec.commandLine(),
            "say which dead tasks: --all, --id, --task, --error-class or --since");
      }
      double perSecond = rate == null ? 0 : parseRate(rate);
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        if (!QueueCommand.seen(inspector, queue, spec.commandLine().getErr())) {
          return ExitCodes.FAILED;
        }
        List<String> ids = inspector.dead(queue, filter(inspector), SCAN_LIMIT).stream()
            .map(TaskInfo::id).toList();
        if (dryRun) {
          out().println(ids.size() + " dead task(s) of queue " + queue + " would be " + verb());
          out().flush();
          return ExitCodes.OK;
        }
        long done = 0;
        int step = perSecond > 0 ? Math.max(1, (int) Math.min(100, perSecond)) : 1000;
        for (int from = 0; from < ids.size(); from += step) {
          long t0 = System.nanoTime();
          done += act(inspector, ids.subList(from, Math.min(ids.size(), from + step)));
          if (perSecond > 0) {
            long want = (long) (step / perSecond * 1e9);
            long left = want - (System.nanoTime() - t0);
            if (left > 0) {
              Thread.sleep(Duration.ofNanos(left));
            }
          }
        }
        out().println(verb() + " " + done + " dead task(s) of queue " + queue);
        out().flush();
        return ExitCodes.OK;
      });
    }

    private double parseRate(String text) {
      String t = text.endsWith("/s") ? text.substring(0, text.length() - 2) : text;
      try {
        double r = Double.parseDouble(t);
        if (r > 0) {
          return r;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new ParameterException(spec.commandLine(), "--rate: expected a rate such as 50/s,"
          + " got \"" + text + "\"");
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Puts dead tasks back to pending, retries reset, a replay note in history.")
  static final class Replay extends Action {
    @Override
    String verb() {
      return "replayed";
    }

    @Override
    long act(Inspector inspector, List<String> ids) {
      return ids.stream().filter(id -> inspector.replay(queue, id)).count();
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes dead tasks.")
  static final class Delete extends Action {
    @Override
    String verb() {
      return "deleted";
    }

    @Override
    long act(Inspector inspector, List<String> ids) {
      return inspector.deleteDead(queue, ids);
    }
  }
}
