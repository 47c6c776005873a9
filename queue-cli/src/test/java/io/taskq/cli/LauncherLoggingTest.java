package io.taskq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The launcher's logging as operations.md describes it: JSON or text on stderr, at a level. */
class LauncherLoggingTest {
  private final PrintStream stderr = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void restore() {
    System.setErr(stderr);
    context.stop();
    MDC.clear();
  }

  @Test
  void logbackFindsItAsAService() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
        .contains(LauncherLogging.class.getName());
  }

  @Test
  void jsonIsOneObjectPerLineWithTheMdcAndNoLogstashExtras() throws Exception {
    Logger log = logger("json", "INFO");
    MDC.put("taskq.taskId", "t-1");
    MDC.put("correlationId", "abc-123");
    log.info("Task succeeded");
    log.debug("not at INFO");

    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out.lines()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(out);
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("logger").asText()).isEqualTo("io.taskq.worker.Worker");
    assertThat(line.path("message").asText()).isEqualTo("Task succeeded");
    assertThat(line.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(line.path("taskq.taskId").asText()).isEqualTo("t-1");
    assertThat(line.path("correlationId").asText()).isEqualTo("abc-123");
    assertThat(line.has("@timestamp")).isTrue();
    assertThat(line.has("@version")).isFalse();
    assertThat(line.has("level_value")).isFalse();
  }

  @Test
  void textIsTheLauncherPatternAndLettuceStaysAtWarn() {
    Logger log = logger("text", "DEBUG");
    MDC.put("taskq.taskId", "t-2");
    log.info("Worker started");
    context.getLogger("io.lettuce.core.RedisClient").info("not at WARN");

    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out.lines()).singleElement().satisfies(l -> assertThat(l)
        .matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[.+] io.taskq.worker.Worker t-2  - Worker"
            + " started"));
  }

  private Logger logger(String format, String level) {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    context.setMDCAdapter(MDC.getMDCAdapter()); // as SLF4J's binding does for its own context
    LauncherLogging.configure(context, format, level);
    return context.getLogger("io.taskq.worker.Worker");
  }
}
