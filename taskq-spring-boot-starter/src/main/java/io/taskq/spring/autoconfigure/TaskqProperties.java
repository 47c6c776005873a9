package io.taskq.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code taskq.*} properties of a Spring Boot application: the keys of {@code taskq.yaml}
 * (docs/configuration.md) in Spring's kebab case ({@code taskq.redis.command-timeout},
 * {@code taskq.queues.email.max-retries}), plus the Spring-only {@code taskq.worker.enabled},
 * {@code taskq.worker.queues} and {@code taskq.client.after-commit}. They are turned into a
 * {@link io.taskq.config.TaskqConfig} by the same reader as the file, so values are checked the
 * same way. The environment variables of the file ({@code TASKQ_REDIS_URL}, ...) bind here too.
 */
@ConfigurationProperties("taskq")
public class TaskqProperties {

  /** How to reach Redis. */
  private final Redis redis = new Redis();

  /** The worker of this application. */
  private final Worker worker = new Worker();

  /** How the application's TaskClient submits. */
  private final Client client = new Client();

  /** Largest encoded arguments accepted at submit (units of 1024: 512KB, 1MB). */
  private DataSize maxPayload = DataSize.ofMegabytes(1);

  /** Largest handler result a worker keeps; a larger one fails its task. */
  private DataSize maxResult = DataSize.ofMegabytes(1);

  /** Webhook alerts from the worker; off without a webhook URL. */
  private final Alerts alerts = new Alerts();

  /**
   * Queue policies by queue name; the entry "[*]" is the policy of every queue not listed.
   * Unset keys take the built-in policy (docs/configuration.md).
   */
  private final Map<String, QueueProperties> queues = new LinkedHashMap<>();

  public Redis getRedis() {
    return redis;
  }

  public Worker getWorker() {
    return worker;
  }

  public Client getClient() {
    return client;
  }

  public DataSize getMaxPayload() {
    return maxPayload;
  }

  public void setMaxPayload(DataSize maxPayload) {
    this.maxPayload = maxPayload;
  }

  public DataSize getMaxResult() {
    return maxResult;
  }

  public void setMaxResult(DataSize maxResult) {
    this.maxResult = maxResult;
  }

  public Alerts getAlerts() {
    return alerts;
  }

  public Map<String, QueueProperties> getQueues() {
    return queues;
  }

  /** {@code taskq.redis.*}. */
  public static class Redis {
    /**
     * redis://[user:password@]host[:port][/db], rediss:// (TLS), redis-sentinel://...#master,
     * or memory:// for the in-process embedded broker (one process only: tests, demos).
     */
    private String url = "redis://127.0.0.1:6379";

    /** Password used when the URL has none; never logged. */
    private @Nullable String password;

    /** File whose text is the password (trailing line break dropped); not with password. */
    private @Nullable String passwordFile;

    /** Longest a Redis command may wait for its answer. */
    private Duration commandTimeout = Duration.ofSeconds(5);

    /** Longest a connection attempt may take. */
    private Duration connectTimeout = Duration.ofSeconds(3);

    /** Cap of the reconnect back-off while Redis is down. */
    private Duration reconnectDelayMax = Duration.ofSeconds(2);

    /** PEM file of a private CA for rediss:// (default: the JVM's CAs). */
    private @Nullable String tlsCaFile;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public @Nullable String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    public @Nullable String getPasswordFile() {
      return passwordFile;
    }

    public void setPasswordFile(@Nullable String passwordFile) {
      this.passwordFile = passwordFile;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReconnectDelayMax() {
      return reconnectDelayMax;
    }

    public void setReconnectDelayMax(Duration reconnectDelayMax) {
      this.reconnectDelayMax = reconnectDelayMax;
    }

    public @Nullable String getTlsCaFile() {
      return tlsCaFile;
    }

    public void setTlsCaFile(@Nullable String tlsCaFile) {
      this.tlsCaFile = tlsCaFile;
    }
  }

  /** {@code taskq.worker.*}. */
  public static class Worker {
    /** Whether this application runs a worker, started and stopped with the context. */
    private boolean enabled = false;

    /** Queues the worker serves (default: the queues of the registered handlers). */
    private List<String> queues = new ArrayList<>();

    /**
     * How long running tasks may finish at shutdown before they are interrupted and returned to
     * their queue; keep it below spring.lifecycle.timeout-per-shutdown-phase (default 30s).
     */
    private Duration shutdownGrace = Duration.ofSeconds(10);

    /** One INFO line per finished task (id, task, queue, outcome, ms). */
    private boolean logOutcomes = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getQueues() {
      return queues;
    }

    public void setQueues(List<String> queues) {
      this.queues = queues;
    }

    public Duration getShutdownGrace() {
      return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
    }

    public boolean isLogOutcomes() {
      return logOutcomes;
    }

    public void setLogOutcomes(boolean logOutcomes) {
      this.logOutcomes = logOutcomes;
    }
  }

  /** {@code taskq.client.*}. */
  public static class Client {
    /**
     * Whether every submit made inside a Spring transaction waits for its commit (and is dropped
     * on rollback); without it, only submitAfterCommit does.
     */
    private boolean afterCommit = false;

    public boolean isAfterCommit() {
      return afterCommit;
    }

    public void setAfterCommit(boolean afterCommit) {
      this.afterCommit = afterCommit;
    }
  }

  /** {@code taskq.alerts.*}. */
  public static class Alerts {
    /** Where alerts are POSTed. */
    private final Webhook webhook = new Webhook();

    /** At most one alert per kind and queue in this interval. */
    private Duration minInterval = Duration.ofMinutes(5);

    /** Alert when a queue holds more dead tasks than this. */
    private long dlqThreshold = 0;

    /** Alert when the oldest pending task is older than this (default: off). */
    private @Nullable Duration lagThreshold;

    public Webhook getWebhook() {
      return webhook;
    }

    public Duration getMinInterval() {
      return minInterval;
    }

    public void setMinInterval(Duration minInterval) {
      this.minInterval = minInterval;
    }

    public long getDlqThreshold() {
      return dlqThreshold;
    }

    public void setDlqThreshold(long dlqThreshold) {
      this.dlqThreshold = dlqThreshold;
    }

    public @Nullable Duration getLagThreshold() {
      return lagThreshold;
    }

    public void setLagThreshold(@Nullable Duration lagThreshold) {
      this.lagThreshold = lagThreshold;
    }
  }

  /** {@code taskq.alerts.webhook.*}. */
  public static class Webhook {
    /** Webhook URL (http or https) POSTed {"text": ...}; a secret, never printed. */
    private @Nullable String url;

    public @Nullable String getUrl() {
      return url;
    }

    public void setUrl(@Nullable String url) {
      this.url = url;
    }
  }
}
