package io.taskq.inspect;

import io.taskq.config.TaskqConfig;
import io.taskq.spi.EventPage;
import io.taskq.spi.EventStream;
import io.taskq.spi.TaskEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code taskq events}: the task event stream in dump mode, like {@code celery events --dump}:
 * the newest events, one line each, then with {@code --follow} every new one as it comes.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = {"Prints task events (sent, started, succeeded, failed, retried, dead, revoked,"
        + " expired), oldest first, one per line.",
        "Workers and clients write them only with events.enabled (taskq.yaml) or"
            + " TASKQ_EVENTS_ENABLED=true."})
public final class EventsCommand extends ConnectedCommand {
  /** Longest wait of {@code --follow} for a new event, before it waits again. */
  static final Duration FOLLOW_WAIT = Duration.ofSeconds(2);

  @Option(names = {"-f", "--follow"}, description = "keep printing new events until stopped")
  boolean follow;

  @Option(names = {"-Q", "--queue"}, split = ",", paramLabel = "QUEUE",
      description = "only events of these queues (default: all)")
  @Nullable List<String> queues;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "print the newest N events first, 0 to 1000 (default: 100)")
  int limit;

  @Option(names = "--json", description = "one JSON object per line")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (limit < 0 || limit > EventStream.MAX_READ) {
      throw new ParameterException(spec.commandLine(), "--limit must be between 0 and "
          + EventStream.MAX_READ + ", was " + limit);
    }
    TaskqConfig config = follow ? config() : oneShotConfig();
    Set<String> only = queues == null ? Set.of() : Set.copyOf(queues);
    return withInspector(config, (inspector, broker) -> {
      EventStream stream = broker.events();
      // with a queue filter, the newest N of that queue among the newest 1000 of all
      EventPage first = stream.latest(only.isEmpty() ? limit : EventStream.MAX_READ);
      List<TaskEvent> shown = first.events().stream().filter(e -> keep(only, e)).toList();
      shown.subList(Math.max(0, shown.size() - limit), shown.size()).forEach(this::print);
      out().flush();
      if (first.cursor() == null && !config.events().enabled()) {
        spec.commandLine().getErr().println("taskq: no events: the stream is empty and events"
            + " are off in this configuration (set events.enabled: true, or"
            + " TASKQ_EVENTS_ENABLED=true, for workers and clients)");
      }
      String cursor = first.cursor();
      while (follow && !Thread.currentThread().isInterrupted()) {
        EventPage page = stream.read(cursor, EventStream.MAX_READ, FOLLOW_WAIT);
        page.events().stream().filter(e -> keep(only, e)).forEach(this::print);
        out().flush();
        cursor = page.cursor();
      }
      return ExitCodes.OK;
    });
  }

  private static boolean keep(Set<String> only, TaskEvent e) {
    return only.isEmpty() || only.contains(e.queue());
  }

  private void print(TaskEvent e) {
    PrintWriter out = out();
    if (json) {
      out.println(Output.jsonLine(EventView.of(e)));
    } else {
      out.println(line(e));
    }
  }

  /**
   * The human form: time, type, queue, task, id, attempt, then worker or host and the error
   * where known.
   */
  static String line(TaskEvent e) {
    StringBuilder sb = new StringBuilder()
        .append(e.time()).append("  ").append(String.format("%-9s", e.type().word()))
        .append("  ").append(e.queue()).append("  ").append(e.task()).append("  ")
        .append(e.taskId());
    if (e.attempt() > 0) {
      sb.append("  attempt=").append(e.attempt());
    }
    sb.append(e.worker() != null ? "  worker=" + e.worker() : "  host=" + e.host());
    if (e.errorType() != null) {
      sb.append("  error=").append(e.errorType());
      if (e.errorMessage() != null && !e.errorMessage().isEmpty()) {
        sb.append(": ").append(e.errorMessage().replace('\n', ' '));
      }
    }
    return sb.toString();
  }

  /**
   * One event as {@code --json} prints it, with the names of every JSON output: the type
   * lowercase, {@code occurredAt} ISO-8601, {@code error} {@code null} or its type and message.
   */
  record EventView(String type, Instant occurredAt, String queue, String taskName, String taskId,
      int attempt, @Nullable String workerId, String host, @Nullable ErrorView error) {
    static EventView of(TaskEvent e) {
      return new EventView(e.type().word(), e.time(), e.queue(), e.task(), e.taskId(),
          e.attempt(), e.worker(), e.host(), e.errorType() == null ? null
              : new ErrorView(e.errorType(), e.errorMessage()));
    }
  }

  /** An event's error: its type and (cut) message. */
  record ErrorView(String type, @Nullable String message) {}
}
