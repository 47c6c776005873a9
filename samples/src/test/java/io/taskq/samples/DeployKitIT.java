package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment kit in samples/deploy passes the tools operators would run on it. */
class DeployKitIT {
  private static final Path DEPLOY = Launcher.ROOT.resolve("samples/deploy");
  /** Templates and the instance each is verified as. */
  private static final Map<String, String> INSTANCES = Map.of(
      "taskq-worker@.service", "taskq-worker@email.service",
      "taskq-drain@.service", "taskq-drain@backup.service",
      "taskq-drain@.timer", "taskq-drain@backup.timer");

  @TempDir Path dir;

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void systemdUnitsPassSystemdAnalyzeVerify() throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
    try (var units = Files.list(DEPLOY.resolve("systemd"))) {
      for (Path unit : units.toList()) {
        String name = INSTANCES.getOrDefault(unit.getFileName().toString(),
            unit.getFileName().toString());
        // the launcher where the unit expects it, so verify can check ExecStart
        String text = Files.readString(unit).replace("/opt/taskq/bin/taskq",
            Launcher.ROOT.resolve("bin/taskq").toString());
        command.add(Files.writeString(dir.resolve(name), text).toString());
      }
    }
    assertThat(command).hasSizeGreaterThan(8);

    String out = run(command);

    assertThat(out.lines().filter(l -> !l.isBlank())).as(out).isEmpty();
  }

  @Test
  void prometheusRulesPassPromtool() throws Exception {
    assumeTrue(onPath("promtool"), "promtool (Debian package prometheus) is not installed");
    assertThat(run(List.of("promtool", "check", "rules",
        DEPLOY.resolve("prometheus/taskq-alerts.yml").toString()))).contains("SUCCESS");
  }

  @Test
  void grafanaDashboardUsesTheMetricsTaskqPublishes() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(
        DEPLOY.resolve("grafana/taskq-dashboard.json").toFile());
    List<String> exprs = new ArrayList<>();
    dashboard.get("panels").forEach(p -> p.get("targets").forEach(t ->
        exprs.add(t.get("expr").asText())));

    assertThat(exprs).hasSizeGreaterThanOrEqualTo(6).allMatch(e -> e.contains("taskq_"));
    assertThat(String.join(" ", exprs)).contains("taskq_tasks_completed_total",
        "taskq_task_duration_seconds_bucket", "taskq_queue_depth", "taskq_queue_lag_seconds",
        "taskq_dlq_size");
  }
}
