package io.taskq.samples;

import static io.taskq.samples.Launcher.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.config.RedisConfig;
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
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a new user makes on the command line fail where they are made, through the real
 * launcher, with one line on stderr and the documented exit code. No taskq.yaml: the checks a
 * fresh clone meets.
 */
class CallValidationIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir static Path dir;
  private static Launcher taskq;
  private static Broker broker;

  @BeforeAll
  static void setUp() {
    taskq = new Launcher(dir, false);
    broker = BrokerFactory.open(RedisConfig.DEFAULT.withUrl(REDIS.url()));
  }

  @AfterAll
  static void tearDown() {
    broker.close();
  }

  private static Run run(String... args) {
    return all(args).getFirst();
  }

  /** Runs independent commands two at a time (see {@link Launcher#runAll}), in order. */
  private static List<Run> all(String[]... commands) {
    return taskq.runAll(List.of("--redis", REDIS.url()), commands);
  }

  /** Asserts the exit code and that stderr is exactly one line; returns that line. */
  private static String fails(Run r, int code) {
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isEqualTo(code);
    assertThat(r.stderr().lines().toList()).as(r.stderr()).hasSize(1);
    assertThat(r.stdout()).isEmpty();
    return r.stderr().strip();
  }

  private static String succeeds(Run r) {
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return r.stdout().strip();
  }

  @Test
  void unknownTaskNamesAreRefusedWithTheClosestNamesUnlessNotValidated() {
    List<Run> r = all(cmd("call", "probe.sleeep"), cmd("call", "no.such.task", "--no-validate"),
        cmd("call", "no.such.task"));

    assertThat(fails(r.get(2), 1)).startsWith("taskq: task 'no.such.task' is not registered on"
        + " this class path; closest: ");
    assertThat(fails(r.get(0), 1)).startsWith("taskq: task 'probe.sleeep' is not registered on"
        + " this class path; closest: probe.sleep, ")
        .endsWith(" (pass --no-validate for a task defined only on workers)");
    assertThat(broker.find("default", succeeds(r.get(1)))).isPresent();
  }

  @Test
  void argumentsThatDoNotBindExit64NamingTheField() {
    List<Run> r = all(cmd("call", "probe.sleep", "--args", "{\"ms\":\"abc\"}"),
        cmd("call", "probe.sleep", "--args", "[1,2]"),
        cmd("call", "email.send", "--args", "{\"to\":\"ada@example.com\"}"));

    assertThat(fails(r.get(0), 64)).isEqualTo("taskq: arguments of task probe.sleep do not bind"
        + " to Args: field 'ms' must be an integer (Long), got a string");
    assertThat(fails(r.get(1), 64)).endsWith("arguments must be a JSON object (Args), got an"
        + " array");
    assertThat(fails(r.get(2), 64)).contains("field 'subject' is missing but required");
  }

  @Test
  void withoutQueueTheDefinitionsQueueIsUsed() {
    String id = succeeds(run("call", "email.send", "--args",
        "{\"to\":\"ada@example.com\",\"subject\":\"Hi\",\"body\":\"...\"}"));

    assertThat(broker.find("email", id)).isPresent();
    assertThat(broker.find("default", id)).isEmpty();
  }

  @Test
  void unknownQueuesAreRefusedUnlessAllowedAndPauseSaysWhenAQueueWasNeverSeen() {
    String known = "known queues: analytics, backup, default, email, exports, reports";
    List<Run> r = all(cmd("worker", "-Q", "default,nosuch"), cmd("call", "probe.noop", "-Q",
        "emial"), cmd("queue", "pause", "-Q", "typo-q"), cmd("inspect", "stats", "-Q", "typo-q"));

    assertThat(fails(r.get(0), 1)).startsWith("taskq: queue 'nosuch' is not configured; " + known);
    assertThat(fails(r.get(1), 1)).startsWith("taskq: queue 'emial' is not configured; " + known);
    assertThat(fails(r.get(2), 1))
        .startsWith("taskq: queue typo-q has never been seen (known queues: ");
    assertThat(fails(r.get(3), 1)).startsWith("taskq: queue typo-q has never been seen");
    // after the others: this call registers typo-q, which pause and stats must not have seen
    succeeds(run("call", "probe.noop", "-Q", "typo-q", "--allow-unknown-queue"));
    assertThat(broker.queues()).contains("typo-q");

    assertThat(fails(run("queue", "forget", "typo-q"), 1)).startsWith("taskq: queue typo-q"
        + " still holds tasks; nothing forgotten");
    succeeds(run("purge", "-Q", "typo-q", "--force"));
    assertThat(succeeds(run("queue", "forget", "typo-q"))).isEqualTo("queue typo-q forgotten");
    assertThat(broker.queues()).doesNotContain("typo-q");
  }

  @Test
  void classPathMistakesExitOneWithOneLine() throws Exception {
    Path typo = jar("typo.jar", "com.acme.EmailTask\n", null);
    Path duplicate = jar("dup.jar", "com.acme.DupTasks\n", """
        package com.acme;
        public class DupTasks implements io.taskq.TaskModule {
          public record Mail(String to) {}
          @Override public void register(io.taskq.TaskRegistry registry) {
            registry.register(io.taskq.TaskDefinition.of("email.send", Mail.class)
                .withQueue("email"), (mail, ctx) -> null);
          }
        }
        """);
    List<Run> r = all(cmd("call", "probe.noop", "--classpath", "missing.jar"),
        cmd("call", "probe.noop", "--classpath", typo.toString()),
        cmd("worker", "-Q", "email", "--classpath", duplicate.toString()));

    assertThat(fails(r.get(0), 1)).isEqualTo("taskq: --classpath entry missing.jar does not exist"
        + " (working directory " + dir + ")");
    assertThat(fails(r.get(1), 1)).isEqualTo("taskq: " + typo + ": META-INF/services/"
        + "io.taskq.TaskModule names com.acme.EmailTask, which is not on the class path (check the"
        + " spelling and that the jar holds the class)");
    assertThat(fails(r.get(2), 1)).isEqualTo("taskq: task email.send is registered twice: by the"
        + " sample tasks of the samples jar (io.taskq.samples.tasks.SampleTasks) in "
        + Launcher.ROOT.resolve("samples/target/taskq-samples.jar") + " and by com.acme.DupTasks in "
        + duplicate + "; task names must be unique, rename one");
  }

  /** A jar with a services file listing {@code services}, and the class compiled from source. */
  private static Path jar(String name, String services, String source) throws IOException {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/io.taskq.TaskModule"));
      out.write(services.getBytes(StandardCharsets.UTF_8));
      if (source != null) {
        Path src = Files.createDirectories(dir.resolve("src/com/acme"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(src.resolve("DupTasks.java"), source);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, OutputStream.nullOutputStream(),
            System.err, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
            src.resolve("DupTasks.java").toString());
        assertThat(rc).isZero();
        try (var files = Files.walk(classes)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
            out.write(Files.readAllBytes(f));
          }
        }
      }
    }
    return jar;
  }
}
