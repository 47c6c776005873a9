package io.taskq.inspect;

import io.taskq.ConfigException;
import io.taskq.PartialSubmitException;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskError;
import io.taskq.TaskNotFoundException;
import io.taskq.TaskOptions;
import io.taskq.TaskResult;
import io.taskq.TaskqException;
import io.taskq.config.TaskqConfig;
import io.taskq.config.Units;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.worker.RegisteredTasks;
import io.taskq.worker.TaskModules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code taskq call}: submits tasks by name and prints their ids, one per line; with
 * {@code --wait}, waits for the task to end and prints its result JSON instead.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = "Submits a task by name and prints its id (one id per line with --count; with"
        + " --unique-key, the id of the task already holding the key, if one does); with --wait,"
        + " prints its result JSON once it ends (exit 1 when it ends dead, revoked or expired; 2"
        + " on timeout or when Redis is down).")
public final class CallCommand extends ConnectedCommand {
  @Parameters(index = "0", paramLabel = "TASK", description = "task name, e.g. email.send")
  String task;

  @Option(names = {"-Q", "--queue"}, paramLabel = "QUEUE",
      description = "queue (default: the task definition's queue, else default)")
  @Nullable String queue;

  @Option(names = "--no-validate",
      description = "do not check the task name and arguments against the tasks on the class"
          + " path (for tasks defined only on workers)")
  boolean noValidate;

  @Option(names = "--allow-unknown-queue",
      description = "submit to a queue the configuration does not name")
  boolean allowUnknownQueue;

  @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}",
      description = "arguments as a JSON object (default: {})")
  String args;

  @Option(names = "--args-file", paramLabel = "FILE",
      description = "read the JSON arguments from FILE ('-' for standard input) instead of --args,"
          + " for payloads too large for a command line")
  @Nullable Path argsFile;

  @Option(names = "--countdown", paramLabel = "DURATION",
      description = "run no earlier than this from now: 250ms, 10s, 5m, 1h, 1d or PT30S")
  @Nullable String countdown;

  @Option(names = "--eta", paramLabel = "INSTANT",
      description = "run no earlier than this ISO-8601 instant, e.g. 2026-12-01T02:00:00Z")
  @Nullable String eta;

  @Option(names = "--expires", paramLabel = "DURATION",
      description = "not run when claimed later than this from now (it ends expired): 30s, 5m")
  @Nullable String expires;

  @Option(names = "--priority", paramLabel = "N",
      description = "0 (lowest, the default) to 9 (highest), on a queue with priorities")
  @Nullable Integer priority;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1",
      description = "submit N tasks with these arguments, in batches (default: 1)")
  int count;

  @Option(names = "--correlation-id", paramLabel = "ID",
      description = "correlation id propagated to the worker's logs")
  @Nullable String correlationId;

  @Option(names = "--unique-key", paramLabel = "KEY",
      description = "submit only if no task of this queue holds KEY (pending, scheduled, retrying"
          + " or active, or within its TTL); else print the id of the task holding it")
  @Nullable String uniqueKey;

  @Option(names = "--shard-key", paramLabel = "KEY",
      description = "on a sharded queue, the key that picks the shard: tasks of one key keep"
          + " their order (default: the unique key, else shards in turn)")
  @Nullable String shardKey;

  @Option(names = "--unique-ttl", paramLabel = "DURATION",
      description = "how long the unique key holds at least, even after its task finished"
          + " (default: 1h)")
  @Nullable String uniqueTtl;
  @Option(names = "--wait",
      description = "wait for the task to end (woken by Redis, no polling) and print its result"
          + " JSON (null when the handler returned nothing) instead of its id")
  boolean waitForResult;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "with --wait: give up after this long (exit 2; the task is not changed),"
          + " e.g. 30s; default: no limit")
  @Nullable String timeout;

  private final TaskModules modules;

  public CallCommand(TaskModules modules) {
    this.modules = modules;
  }

  @Override
  public Integer call() {
    TaskOptions options = options();
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be >= 1, was " + count);
    }
    if (uniqueKey != null && count > 1) {
      throw new ParameterException(spec.commandLine(), "--unique-key submits one task; it does"
          + " not go with --count " + count);
    }
    if (waitForResult && count != 1) {
      throw new ParameterException(spec.commandLine(), "--wait takes one task, not --count "
          + count);
    }
    if (timeout != null && !waitForResult) {
      throw new ParameterException(spec.commandLine(), "--timeout is an option of --wait");
    }
    Duration limit = timeout == null ? null : parse("--timeout", timeout);
    String args = argsFile == null ? this.args : readArgs(argsFile);
    TaskqConfig config = oneShotConfig();
    options = validated(config, args, options);
    PrintWriter out = spec.commandLine().getOut();
    try (Broker broker = BrokerFactory.open(config.redis());
        TaskClient client = TaskClient.create(broker, config)) {
      if (waitForResult) {
        return await(client, client.submitJson(task, args, options), limit);
      }
      try {
        print(out, count == 1
            ? List.of(client.submitJson(task, args, options))
            : client.submitAllJson(task, Collections.nCopies(count, args), options));
      } catch (PartialSubmitException e) {
        // the enqueued tasks will run: their ids, so that a retry submits only the rest
        print(out, e.accepted());
        spec.commandLine().getErr().println("taskq: " + firstLine(e.getMessage())
            + "; the ids of the " + e.accepted().size() + " enqueued tasks are on standard"
            + " output, the other " + e.notConfirmed().size() + " were not confirmed");
        return ExitCodes.REFUSED;
      }
    }
    return ExitCodes.OK;
  }

  /**
   * Waits for the task to end: prints its result JSON (exit 0), or one line naming the final
   * state and the error (exit 1), or that it did not end in time (exit 2).
   */
  private int await(TaskClient client, TaskHandle<Object> handle, @Nullable Duration limit) {
    var err = spec.commandLine().getErr();
    CompletableFuture<TaskResult> done = client.whenFinished(handle);
    TaskResult r;
    try {
      r = limit == null ? done.get() : done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      done.cancel(false);
      err.println("taskq: task " + handle.id() + " did not end within " + timeout
          + "; it may still run (taskq task get " + handle.id() + ")");
      return ExitCodes.DOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.cancel(false);
      err.println("taskq: interrupted while waiting for task " + handle.id());
      return ExitCodes.DOWN;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TaskNotFoundException) {
        err.println("taskq: task " + handle.id() + " ended but its record is not kept (queue "
            + handle.queue() + " has resultTtl 0)");
        return ExitCodes.FAILED;
      }
      throw cause instanceof RuntimeException re ? re
          : new TaskqException("waiting for task " + handle.id() + " failed", cause);
    }
    if (r.succeeded()) {
      PrintWriter out = out();
      out.println(r.resultJson() == null ? "null" : r.resultJson());
      out.flush();
      return ExitCodes.OK;
    }
    TaskError e = r.error();
    err.println("taskq: task " + handle.id() + " ended " + r.state().name().toLowerCase(Locale.ROOT)
        + (e == null ? "" : ": " + e.type() + ": " + firstLine(e.message())));
    return ExitCodes.FAILED;
  }

  /**
   * Checks what the launcher can before anything is enqueued: the task is registered on the class
   * path (exit 1, naming the closest names), the arguments bind to its payload type (exit 64,
   * naming the field) and the queue is known (exit 1); returns the options with the definition's
   * queue when {@code -Q} is omitted.
   */
  private TaskOptions validated(TaskqConfig config, String args, TaskOptions options) {
    RegisteredTasks tasks = new RegisteredTasks(modules.forConfig(config));
    TaskDefinition<?> definition = tasks.find(task).orElse(null);
    if (definition == null && !noValidate) {
      List<String> closest = tasks.closest(task);
      throw new ConfigException("task '" + task + "' is not registered on this class path"
          + (closest.isEmpty() ? " (none is)" : "; closest: " + String.join(", ", closest))
          + " (pass --no-validate for a task defined only on workers)");
    }
    String q = queue != null ? queue : definition != null ? definition.queue()
        : TaskDefinition.DEFAULT_QUEUE;
    if (!allowUnknownQueue) {
      new KnownQueues(config, tasks).check(List.of(q));
    }
    if (priority != null && priority > 0 && config.queue(q).priorities() < 2) {
      spec.commandLine().getErr().println("taskq: queue " + q + " has no priorities (set"
          + " priorities: N in its configuration): --priority is ignored");
    }
    if (definition != null && !noValidate) {
      new EnvelopeCodec(config.maxPayload()).decodeArgs(args, definition.payloadType(), q, task,
          null);
    }
    return queue != null ? options : options.toBuilder().queue(q).build();
  }

  private static void print(PrintWriter out, List<TaskHandle<Object>> handles) {
    StringBuilder ids = new StringBuilder(handles.size() * 37);
    handles.forEach(h -> ids.append(h.id()).append('\n'));
    out.print(ids);
    out.flush();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private String readArgs(Path file) {
    try {
      return file.toString().equals("-")
          ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(file);
    } catch (IOException e) {
      // a NoSuchFileException's message is the path alone: say what it means instead
      String why = e instanceof NoSuchFileException ? "no such file"
          : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
          : e.getMessage();
      throw new ParameterException(spec.commandLine(), "--args-file: cannot read " + file + ": "
          + why);
    }
  }

  private TaskOptions options() {
    if (priority != null && (priority < 0 || priority > TaskOptions.MAX_PRIORITY)) {
      throw new ParameterException(spec.commandLine(), "--priority: expected 0 to "
          + TaskOptions.MAX_PRIORITY + ", got " + priority);
    }
    try {
      TaskOptions.Builder b = TaskOptions.builder().queue(queue).correlationId(correlationId)
          .countdown(countdown == null ? null : parse("--countdown", countdown))
          .eta(eta == null ? null : instant(eta))
          .expiresIn(expires == null ? null : positive("--expires", expires))
          .priority(priority).shardKey(shardKey);
      if (uniqueTtl != null && uniqueKey == null) {
        throw new ParameterException(spec.commandLine(), "--unique-ttl needs --unique-key");
      }
      if (uniqueKey != null) {
        b.uniqueKey(uniqueKey, uniqueTtl == null ? TaskOptions.DEFAULT_UNIQUE_TTL
            : positive("--unique-ttl", uniqueTtl));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Duration positive(String option, String text) {
    Duration d = parse(option, text);
    if (d.isZero() || d.isNegative()) {
      throw new ParameterException(spec.commandLine(), option + ": expected a duration greater"
          + " than zero, got \"" + text + "\"");
    }
    return d;
  }

  private Duration parse(String option, String text) {
    try {
      return Units.duration(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  private Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(), "--eta: expected an ISO-8601 instant"
          + " with offset such as 2026-12-01T02:00:00Z, got \"" + text + "\"");
    }
  }
}
