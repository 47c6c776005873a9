package io.taskq.cli;

import io.taskq.Inspector;
import io.taskq.config.TaskqConfig;
import io.taskq.dashboard.Dashboard;
import io.taskq.dashboard.DashboardOptions;
import io.taskq.inspect.ExitCodes;
import io.taskq.spi.Broker;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq dashboard}: serves the web dashboard until SIGTERM/SIGINT (exit 0). */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serves the web dashboard (queues, tasks, workers, schedules, DLQ) until"
        + " SIGTERM/SIGINT. Binds 127.0.0.1 unless --host says otherwise.")
public final class DashboardCommand extends LongRunningCommand {
  @Option(names = "--port", paramLabel = "PORT",
      defaultValue = "" + DashboardOptions.DEFAULT_PORT,
      description = "TCP port (default: ${DEFAULT-VALUE}; 0: a free one, logged)")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = DashboardOptions.DEFAULT_HOST,
      description = "address to bind (default: ${DEFAULT-VALUE}, this machine only)")
  String host;

  @Mixin DashboardAccess access;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, was " + port);
    }
    TaskqConfig config = config();
    access.options(host, port); // a missing secret fails before Redis is waited for
    handleSignals();
    Broker broker = openBroker(config);
    if (broker == null) {
      return ExitCodes.OK;
    }
    try (broker) {
      CountDownLatch stopped = new CountDownLatch(1);
      // stop order: the dashboard (its streams end, requests finish), then the broker
      try (Dashboard dashboard = access.start(Inspector.create(broker, config), host, port)) {
        onStop(() -> {
          dashboard.close();
          stopped.countDown();
        });
        stopped.await();
      }
    }
    return ExitCodes.OK;
  }
}
