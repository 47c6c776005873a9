package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.TaskClient;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user sees through the real launcher: results and times of death in {@code task get},
 * one set of JSON field names (the table of docs/cli.md), purge asking only on a terminal stdin,
 * a missing password in one line, and logs as text on a terminal and JSON otherwise. Terminals
 * are real pseudo-terminals made by {@code script(1)}.
 */
class CliConsistencyIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  @RegisterExtension static final RedisServerExtension LOCKED =
      new RedisServerExtension("--requirepass", "locked-pw-7");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPT = Path.of("/usr/bin/script");

  @TempDir static Path dir;
  private static Launcher taskq;
  private static Broker broker;
  private static TaskClient client;

  @BeforeAll
  static void setUp() throws IOException {
    Files.writeString(dir.resolve("taskq.yaml"),
        "queues:\n  got: { maxRetries: 0 }\n  names: { maxRetries: 0 }\n  \"*\": {}\n");
    taskq = new Launcher(dir);
    broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    client = TaskClient.create(broker, TaskqConfig.DEFAULT);
  }

  @AfterAll
  static void tearDown() {
    client.close();
    broker.close();
  }

  private static Run run(String... args) {
    return taskq.run(withRedis(args).toArray(String[]::new));
  }

  private static List<String> withRedis(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--redis", REDIS.url()));
    return all;
  }

  private static JsonNode json(Run r) throws IOException {
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return JSON.readTree(r.stdout());
  }

  /** Submits from this JVM: the launcher's runs (a JVM start each) are kept for what is tested. */
  private static String submit(String queue, String task, String args) {
    return submit(queue, task, args, TaskOptions.builder());
  }

  private static String submit(String queue, String task, String args, TaskOptions.Builder o) {
    return client.submitJson(task, args, o.queue(queue).build()).id();
  }

  @Test
  void taskGetShowsASucceededTasksResultAndADeadTasksTimeOfDeath() throws IOException {
    String echo = submit("got", "probe.echo", "{\"greeting\":\"hello\"}");
    String fail = submit("got", "probe.fail", "{}");
    Run drain = run("worker", "-Q", "got", "--drain");
    assertThat(drain.exitCode(Duration.ZERO)).as(drain.stderr()).isZero();

    List<Run> gets = taskq.runAll(List.of(withRedis("task", "get", echo),
        withRedis("task", "get", echo, "--json"), withRedis("task", "get", fail),
        withRedis("task", "get", fail, "--json")));
    Run get = gets.get(0);
    assertThat(get.exitCode(Duration.ZERO)).as(get.stderr()).isZero();
    assertThat(get.stdout().lines()).contains("task:      probe.echo", "state:     succeeded",
        "result:    {\"greeting\":\"hello\"}");
    assertThat(get.stdout()).contains("created:", "started:", "finished:");
    JsonNode j = json(gets.get(1));
    assertThat(j.get("taskName").asText()).isEqualTo("probe.echo");
    assertThat(j.get("state").asText()).isEqualTo("succeeded");
    assertThat(j.get("result").get("greeting").asText()).isEqualTo("hello");
    assertThat(j.get("finishedAt").asText()).isNotEmpty();

    Run dead = gets.get(2);
    assertThat(dead.stdout()).contains("state:     dead", "died:").doesNotContain("due:");
    assertThat(json(gets.get(3)).get("diedAt").asText()).isNotEmpty();
  }

  @Test
  void everyJsonOutputUsesTheFieldNamesDocumentedInCliMd() throws IOException {
    Run worker = taskq.start(withRedis("worker", "-Q", "names").toArray(String[]::new));
    try {
      submit("names", "probe.noop", "{}", TaskOptions.builder().countdown(Duration.ofHours(1)));
      String echo = submit("names", "probe.echo", "[1]");
      submit("names", "probe.fail", "{}");
      await().atMost(Duration.ofSeconds(30)).until(() -> broker.counts("names").dead() == 1
          && broker.find("names", echo).map(t -> t.state() == TaskState.SUCCEEDED)
              .orElse(false));

      Set<String> used = new TreeSet<>();
      List<List<String>> commands = new ArrayList<>();
      for (List<String> command : List.of(List.of("inspect", "scheduled"),
          List.of("inspect", "stats"),
          List.of("inspect", "workers"), List.of("inspect", "schedules"),
          List.of("dlq", "list", "-Q", "names"), List.of("task", "get", echo),
          List.of("fsck", "-Q", "names"), List.of("health"))) {
        List<String> args = new ArrayList<>(command);
        args.add("--json");
        commands.add(withRedis(args.toArray(String[]::new)));
      }
      for (Run r : taskq.runAll(commands)) { // all read-only: two at a time
        assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isIn(0, 1); // health: 1 = DEGRADED
        fieldNames(JSON.readTree(r.stdout()), used);
      }

      assertThat(used).contains("taskName", "workerId", "dueAt", "diedAt", "result",
          "lastHeartbeatAt", "lagSeconds", "leaderId", "staleActiveIds", "subject");
      assertThat(documentedFieldNames()).containsAll(used);
    } finally {
      worker.process().destroy();
      worker.exitCode(Duration.ofSeconds(30));
    }
  }

  /** Every key in a document, except the queue names that key stats and a result's inside. */
  private static void fieldNames(JsonNode node, Set<String> out) {
    if (node.isArray()) {
      node.forEach(n -> fieldNames(n, out));
    } else if (node.isObject()) {
      node.properties().forEach(e -> {
        out.add(e.getKey());
        if (e.getKey().equals("queues") && e.getValue().isObject()) {
          e.getValue().forEach(perQueue -> fieldNames(perQueue, out));
        } else if (!e.getKey().equals("result")) {
          fieldNames(e.getValue(), out);
        }
      });
    }
  }

  /** The names in the first column of the field table under "## JSON output" in docs/cli.md. */
  private static Set<String> documentedFieldNames() throws IOException {
    String doc = Files.readString(Launcher.ROOT.resolve("docs/cli.md"));
    String section = doc.substring(doc.indexOf("## JSON output"));
    Set<String> names = new TreeSet<>();
    Pattern name = Pattern.compile("`([A-Za-z]+)`");
    for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
      Matcher m = name.matcher(line.split("\\|")[1]);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void purgeRefusesWithoutForceOnlyWhenStdinIsNotATerminal() throws Exception {
    for (int i = 0; i < 3; i++) {
      submit("purged", "probe.noop", "{}");
    }

    Run refused = run("purge", "-Q", "purged"); // stdout to a file, stdin a pipe
    assertThat(refused.exitCode(Duration.ZERO)).isEqualTo(3);
    assertThat(refused.stderr().lines().toList()).singleElement().asString()
        .contains("refusing without a terminal on standard input: add --force");
    assertThat(broker.counts("purged").pending()).isEqualTo(3);

    assumeThat(SCRIPT).as("script(1) makes the terminal").isExecutable();
    Path out = dir.resolve("purge.out");
    Terminal t = onTerminal("y\n", launcher(withRedis("purge", "-Q", "purged")) + " > " + out);
    assertThat(t.exitCode()).as(t.output()).isZero();
    assertThat(t.output()).contains("Delete 3 pending task(s) of queue purged? [y/N]");
    assertThat(Files.readString(out).strip()).isEqualTo("purged 3 pending task(s) of queue purged");
    assertThat(broker.counts("purged").pending()).isZero();
  }

  @Test
  void aMissingPasswordIsOneLineSayingRedisRequiresOne() {
    Run r = taskq.run("inspect", "stats", "--redis", LOCKED.url());
    assertThat(r.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        .startsWith("taskq: Redis requires a password: set TASKQ_REDIS_PASSWORD or"
            + " redis.password (");
  }

  @Test
  void logsAreJsonUnlessStderrIsATerminalOrTextIsAskedFor() throws Exception {
    Run piped = run("worker", "-Q", "logs", "--drain");
    assertThat(piped.exitCode(Duration.ZERO)).as(piped.stderr()).isZero();
    List<String> lines = piped.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).isNotEmpty();
    for (String l : lines) {
      assertThat(JSON.readTree(l).get("level")).as(l).isNotNull();
    }

    Run text = taskq.start(Map.of("TASKQ_LOG_FORMAT", "text"),
        withRedis("worker", "-Q", "logs", "--drain").toArray(String[]::new));
    assertThat(text.exitCode(Duration.ofMinutes(1))).as(text.stderr()).isZero();
    assertThat(text.stderr()).contains(" INFO ");
    assertThat(text.stderr().lines()).noneMatch(l -> l.startsWith("{"));

    Run bad = taskq.start(Map.of("TASKQ_LOG_FORMAT", "yaml"), "inspect", "queues");
    assertThat(bad.exitCode(Duration.ofMinutes(1))).isEqualTo(1);
    assertThat(bad.stderr().strip())
        .isEqualTo("taskq: TASKQ_LOG_FORMAT must be text or json, was 'yaml'");

    assumeThat(SCRIPT).as("script(1) makes the terminal").isExecutable();
    Terminal tty = onTerminal("",
        launcher(withRedis("worker", "-Q", "logs", "--drain")) + " > /dev/null");
    assertThat(tty.exitCode()).as(tty.output()).isZero();
    assertThat(tty.output()).contains(" INFO ");
    assertThat(tty.output().lines().map(String::strip)).noneMatch(l -> l.startsWith("{"));
  }

  /** What a command run on a pseudo-terminal printed there (stderr, and stdout unless redirected). */
  private record Terminal(int exitCode, String output) {}

  /** Runs a shell command under {@code script(1)}: its stdin and stderr are a terminal. */
  private static Terminal onTerminal(String input, String shellCommand) throws Exception {
    Path out = Files.createTempFile(dir, "tty", ".out");
    ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qec", shellCommand, "/dev/null")
        .directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TASKQ_NO_BUILD", "1");
    pb.environment().remove("TASKQ_REDIS_URL");
    pb.environment().remove("TASKQ_LOG_FORMAT");
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("script did not exit: " + Files.readString(out));
    }
    return new Terminal(p.exitValue(), Files.readString(out).replace("\r", ""));
  }

  private static String launcher(List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(Launcher.ROOT.resolve("bin/taskq").toString());
    all.addAll(args);
    return all.stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }
}
