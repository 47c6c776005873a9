package io.taskq.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.Logger;

/**
 * The launcher's logging, set up in code (Logback finds this class as a {@link Configurator}
 * service before it looks for a file): parsing a {@code logback.xml} took a tenth of a second of
 * every {@code taskq} run. Logs go to standard error; standard output carries only data.
 *
 * <ul>
 *   <li>Format: the system property {@code taskq.log.format} ({@link LogFormat}, set by
 *       {@link Main} from {@code TASKQ_LOG_FORMAT}, else text when standard error is a terminal):
 *       {@code json}, one object per line ({@code @timestamp}, {@code level}, {@code logger},
 *       {@code message}, {@code thread} and the MDC: {@code taskq.queue}, {@code taskq.task},
 *       {@code taskq.taskId}, {@code taskq.attempt}, {@code correlationId}), or {@code text}.
 *   <li>Level: {@code taskq.log.level} (the launcher sets INFO for worker, beat and dashboard,
 *       WARN for one-shot commands); Lettuce, Netty and Reactor at WARN.
 *   <li>A deployment's own configuration wins: with {@code -Dlogback.configurationFile} or a
 *       {@code logback.xml} (or {@code logback-test.xml}) on the class path, Logback reads that
 *       instead.
 * </ul>
 */
public final class LauncherLogging extends ContextAwareBase implements Configurator {
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread]"
      + " %logger{36} %X{taskq.taskId} %X{correlationId} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || resource("logback-test.xml") || resource("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    configure(context, System.getProperty(LogFormat.PROPERTY, "json"),
        System.getProperty("taskq.log.level", "WARN"));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static boolean resource(String name) {
    return LauncherLogging.class.getClassLoader().getResource(name) != null;
  }

  /** Sets {@code context} up for {@code format} (json or text) at {@code level}. */
  static void configure(LoggerContext context, String format, String level) {
    context.getStatusManager().add(new NopStatusListener()); // nothing of Logback's own on stderr
    Encoder<ILoggingEvent> encoder;
    if (format.equals("text")) {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(TEXT_PATTERN);
      encoder = text;
    } else {
      LogstashEncoder json = new LogstashEncoder();
      LogstashFieldNames names = json.getFieldNames();
      names.setVersion("[ignore]");
      names.setLevelValue("[ignore]");
      names.setLogger("logger");
      names.setThread("thread");
      encoder = json;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(format);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    for (String quiet : new String[] {"io.lettuce", "io.netty", "reactor"}) {
      context.getLogger(quiet).setLevel(Level.WARN);
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.WARN));
    root.addAppender(appender);
  }
}
