package io.taskq.inspect;

import io.taskq.BrokerUnavailableException;
import io.taskq.QueueConfig;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq worker}: runs a worker until SIGTERM/SIGINT, or until idle with {@code --drain}. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Runs a worker on the given queues until SIGTERM/SIGINT (exit 0).")
public final class WorkerCommand extends ConnectedCommand {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);
  private static final Duration RECONNECT = Duration.ofSeconds(2);

  @Option(names = {"-Q", "--queues"}, split = ",", paramLabel = "QUEUE",
      description = "queues to serve, comma-separated (default: the configured queues, else"
          + " default)")
  @Nullable List<String> queues;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
      description = "tasks per queue run at once (default: each queue's concurrency)")
  @Nullable Integer concurrency;

  @Option(names = "--drain",
      description = "process pending work until none is left, then exit 0; tasks not yet due"
          + " stay for later (for timers and cron)")
  boolean drain;

  private final TaskModules modules;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  public WorkerCommand(TaskModules modules) {
    this.modules = modules;
  }

  @Override
  public Integer call() throws InterruptedException {
    List<String> names = queueNames();
    if (concurrency != null && concurrency < 1) {
      throw new ParameterException(spec.commandLine(), "--concurrency must be >= 1, was "
          + concurrency);
    }
    TaskqConfig config = config();
    List<TaskModule> tasks = modules.forConfig(config);
    if (names.isEmpty()) {
      names = config.queues().isEmpty() ? List.of("default") : List.copyOf(config.queues().keySet());
    }
    var holder = new java.util.concurrent.atomic.AtomicReference<Worker>();
    ShutdownSignals.onFirst(() -> {
      stopRequested.countDown();
      Worker w = holder.get();
      if (w != null) {
        w.close();
      }
    });
    Broker broker = connect(config);
    if (broker == null) {
      return ExitCodes.OK; // stopped before Redis was reachable
    }
    try (broker) {
      Worker.Builder b = Worker.builder().broker(broker).config(config).queues(names);
      if (concurrency != null) {
        b.concurrency(concurrency);
      }
      tasks.forEach(b::module);
      Worker worker = b.build();
      holder.set(worker);
      if (stopRequested.getCount() == 0) {
        worker.close();
      } else if (drain) {
        worker.runUntilIdle();
      } else {
        worker.start();
        worker.awaitTermination();
      }
      worker.close();
    }
    return ExitCodes.OK;
  }

  private List<String> queueNames() {
    List<String> names = new ArrayList<>();
    if (queues != null) {
      for (String q : queues) {
        String n = q.trim();
        if (!QueueConfig.NAME_PATTERN.matcher(n).matches()) {
          throw new ParameterException(spec.commandLine(), "-Q: queue names must match"
              + " [A-Za-z0-9._-]{1,64}, got \"" + n + "\"");
        }
        names.add(n);
      }
    }
    return names;
  }

  /** Opens the broker, retrying while Redis is unreachable; null when stopped meanwhile. */
  private @Nullable Broker connect(TaskqConfig config) throws InterruptedException {
    int attempts = 0;
    while (true) {
      try {
        Broker broker = BrokerFactory.open(config.redis());
        if (attempts > 0) {
          log.info("Redis at {} is reachable; starting", config.redis().redactedUrl());
        }
        return broker;
      } catch (BrokerUnavailableException e) {
        if (attempts++ % 15 == 0) {
          log.warn("{}; retrying every {} s until it is reachable", e.getMessage(),
              RECONNECT.toSeconds());
        }
      }
      if (stopRequested.await(RECONNECT.toMillis(), TimeUnit.MILLISECONDS)) {
        return null;
      }
    }
  }
}
