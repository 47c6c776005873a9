package io.taskq.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import io.taskq.dashboard.Dashboard;
import io.taskq.inspect.ExitCodes;
import io.taskq.inspect.KnownQueues;
import io.taskq.spi.Broker;
import io.taskq.worker.HealthServer;
import io.taskq.worker.RegisteredTasks;
import io.taskq.worker.TaskModules;
import io.taskq.worker.Worker;
import io.taskq.worker.WorkerProtocol;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq worker}: runs a worker until SIGTERM/SIGINT, or until idle with {@code --drain}. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Runs a worker on the given queues until SIGTERM/SIGINT (exit 0).")
public final class WorkerCommand extends LongRunningCommand {
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

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "serve /health, /health/ready, /health/live and /metrics on this port"
          + " (0: a free one, logged)")
  @Nullable Integer healthPort;

  @Option(names = "--allow-unknown-queue",
      description = "serve queues the configuration does not name")
  boolean allowUnknownQueue;

  @Option(names = "--health-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "address the health port binds (default 127.0.0.1)")
  String healthHost;

  @Option(names = "--dashboard-port", paramLabel = "PORT",
      description = "also serve the web dashboard on this port (0: a free one, logged); see"
          + " 'taskq dashboard --help' for its auth options, which apply here too")
  @Nullable Integer dashboardPort;

  @Option(names = "--dashboard-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "address the dashboard binds (default 127.0.0.1)")
  String dashboardHost;

  @Mixin DashboardAccess dashboardAccess;

  @Option(names = "--heartbeat-file", paramLabel = "PATH",
      description = "touched after each successful task and each idle poll (at most 1/s)")
  @Nullable Path heartbeatFile;

  @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "taskq",
      description = "wire protocol of the queues: taskq (default), or one a jar on the class"
          + " path provides, e.g. celery (queue-celery: serves Celery's Redis queues)")
  String protocol;

  private final TaskModules modules;

  public WorkerCommand(TaskModules modules) {
    this.modules = modules;
  }

  @Override
  public Integer call() throws Exception {
    List<String> names = queueNames();
    if (healthPort != null && (healthPort < 0 || healthPort > 65535)) {
      throw new ParameterException(spec.commandLine(), "--health-port must be 0 to 65535, was "
          + healthPort);
    }
    if (dashboardPort != null && (dashboardPort < 0 || dashboardPort > 65535)) {
      throw new ParameterException(spec.commandLine(), "--dashboard-port must be 0 to 65535,"
          + " was " + dashboardPort);
    }
    if (concurrency != null && concurrency < 1) {
      throw new ParameterException(spec.commandLine(), "--concurrency must be >= 1, was "
          + concurrency);
    }
    TaskqConfig config = config();
    List<TaskModule> tasks = modules.forConfig(config);
    WorkerProtocol wire = "taskq".equals(protocol) ? null
        : WorkerProtocol.find(protocol, Thread.currentThread().getContextClassLoader());
    if (wire != null) {
      tasks = wire.adapt(tasks, config);
    }
    RegisteredTasks registered = new RegisteredTasks(tasks); // duplicates fail before connecting
    if (names.isEmpty()) {
      names = config.queues().isEmpty() ? List.of("default") : List.copyOf(config.queues().keySet());
    } else if (!allowUnknownQueue) {
      new KnownQueues(config, registered).check(names);
    }
    if (dashboardPort != null) {
      dashboardAccess.options(dashboardHost, dashboardPort); // a missing secret fails first
    }
    handleSignals();
    Broker broker = openBroker(config);
    if (broker == null) {
      return ExitCodes.OK; // stopped before Redis was reachable
    }
    try (broker) {
      Worker.Builder b = Worker.builder().broker(broker).config(config).queues(names);
      if (concurrency != null) {
        b.concurrency(concurrency);
      }
      tasks.forEach(b::module);
      PrometheusMeterRegistry registry = null;
      if (healthPort != null) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        b.meterRegistry(registry);
      }
      if (heartbeatFile != null) {
        b.heartbeatFile(heartbeatFile);
      }
      Worker worker = b.build();
      HealthServer http = registry == null || healthPort == null ? null : HealthServer.start(
          new InetSocketAddress(healthHost, healthPort), worker, broker, registry);
      Dashboard dashboard = dashboardPort == null ? null
          : dashboardAccess.start(Inspector.create(broker, config), dashboardHost, dashboardPort);
      try (AutoCloseable closeHttp = http == null ? () -> { } : http;
          AutoCloseable closeDashboard = dashboard == null ? () -> { } : dashboard;
          AutoCloseable feed = wire == null ? () -> { }
              : wire.start(broker, config, names, registered.names())) {
        return run(worker);
      }
    }
  }

  private int run(Worker worker) throws Exception {
    onStop(worker);
    if (drain) {
      worker.runUntilIdle();
    } else if (!stopRequested()) {
      worker.start();
      worker.awaitTermination();
    }
    worker.close();
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
}
