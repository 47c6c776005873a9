package io.taskq.cli;

import io.taskq.ConfigException;
import io.taskq.dashboard.Dashboard;
import io.taskq.dashboard.DashboardOptions;
import io.taskq.Inspector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Who may use the dashboard and what it shows, shared by {@code taskq dashboard} and
 * {@code taskq worker --dashboard-port}. Secrets come from a file or an environment variable,
 * never from the command line (which other users of the machine can read).
 */
final class DashboardAccess {
  private static final Logger log = LoggerFactory.getLogger(DashboardAccess.class);

  @Option(names = "--auth-token-env", paramLabel = "VAR",
      description = "dashboard: require this bearer token, read from environment variable VAR")
  @Nullable String tokenEnv;

  @Option(names = "--auth-token-file", paramLabel = "FILE",
      description = "dashboard: require the bearer token in FILE (its first line)")
  @Nullable Path tokenFile;

  @Option(names = "--basic-auth-file", paramLabel = "FILE",
      description = "dashboard: require HTTP basic auth; FILE's first line is user:password")
  @Nullable Path basicAuthFile;

  @Option(names = "--show-results",
      description = "dashboard: show task results (off by default: they may hold data)")
  boolean showResults;

  @Option(names = "--result-limit", paramLabel = "CHARS",
      defaultValue = "" + DashboardOptions.DEFAULT_RESULT_LIMIT,
      description = "dashboard: longest result shown, in characters (default: ${DEFAULT-VALUE})")
  int resultLimit;

  /**
   * Starts a dashboard on {@code host:port} over {@code inspector}.
   *
   * @throws ConfigException one line when a secret is missing or the address cannot be bound
   */
  Dashboard start(Inspector inspector, String host, int port) {
    DashboardOptions options = options(host, port);
    if (!options.authRequired() && !loopback(host)) {
      log.warn("The dashboard on {}:{} has no authentication and is not bound to loopback:"
          + " anyone who reaches the address can replay and delete tasks; use --auth-token-file"
          + " or --basic-auth-file", host, port);
    }
    try {
      return Dashboard.start(inspector, options);
    } catch (IOException e) {
      throw new ConfigException("cannot serve the dashboard on " + host + ":" + port + ": "
          + e.getMessage() + " (is the port taken? choose another with --port)", e);
    }
  }

  DashboardOptions options(String host, int port) {
    int secrets = (tokenEnv != null ? 1 : 0) + (tokenFile != null ? 1 : 0)
        + (basicAuthFile != null ? 1 : 0);
    if (secrets > 1) {
      throw new ConfigException("give one of --auth-token-env, --auth-token-file,"
          + " --basic-auth-file");
    }
    DashboardOptions.Builder b = DashboardOptions.builder().host(host).port(port)
        .showResults(showResults).resultLimit(resultLimit);
    if (tokenEnv != null) {
      String token = System.getenv(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new ConfigException("--auth-token-env: environment variable " + tokenEnv
            + " is not set or empty");
      }
      b.bearerToken(token.trim());
    } else if (tokenFile != null) {
      b.bearerToken(firstLine(tokenFile, "--auth-token-file"));
    } else if (basicAuthFile != null) {
      try {
        b.basicAuth(DashboardOptions.BasicAuth.parse(firstLine(basicAuthFile,
            "--basic-auth-file")));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--basic-auth-file " + basicAuthFile + ": " + e.getMessage());
      }
    }
    return b.build();
  }

  private static String firstLine(Path file, String option) {
    try {
      String line = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst()
          .orElse("").trim();
      if (line.isEmpty()) {
        throw new ConfigException(option + " " + file + ": the first line is empty");
      }
      return line;
    } catch (IOException e) {
      throw new ConfigException(option + ": cannot read " + file + " (" + e.getMessage() + ")",
          e);
    }
  }

  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
