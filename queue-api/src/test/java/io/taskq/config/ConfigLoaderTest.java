package io.taskq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.Backoff;
import io.taskq.ConfigException;
import io.taskq.QueueConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  private static final String SAMPLE = """
      redis:
        url: redis://127.0.0.1:6379
      worker:
        shutdownGrace: 10s
      queues:
        email:
          maxRetries: 3
          backoff: { type: exponential, base: 60s, factor: 2, max: 1h }
          lease: 30s
          concurrency: 16
          timeLimit: 30m
          maxCrashes: 3
          dead: { maxSize: 100000, maxAge: 30d }
        default:
          maxRetries: 3
          backoff: { type: fixed, base: 10s }
      """;

  @TempDir Path dir;

  @Test
  void aWildcardEntryGivesItsPolicyToEveryOtherQueue() throws IOException {
    TaskqConfig config = loader().file(write("taskq.yaml", """
        queues:
          email: { maxRetries: 3 }
          "*": { maxRetries: 0, lease: 5s }
        """)).load();

    assertThat(config.queues()).containsOnlyKeys("email");
    assertThat(config.configures("email")).isTrue();
    assertThat(config.configures("anything")).isTrue();
    assertThat(config.queue("anything").name()).isEqualTo("anything");
    assertThat(config.queue("anything").retry().maxRetries()).isZero();
    assertThat(config.queue("anything").lease()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.queue("email").retry().maxRetries()).isEqualTo(3);
    TaskqConfig plain = loader().file(write("plain.yaml", "queues: { email: {} }")).load();
    assertThat(plain.anyQueue()).isNull();
    assertThat(plain.configures("anything")).isFalse();
    assertThatThrownBy(() -> loader().file(write("bad.yaml", "queues: { \"*\": { lease: x } }"))
        .load()).isInstanceOf(ConfigException.class).hasMessageContaining("queues.*.lease");
  }

  @Test
  void readsTheSampleFile() throws IOException {
    TaskqConfig config = loader().file(write("taskq.yaml", SAMPLE)).load();

    assertThat(config.redis().url()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.worker().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.queues()).containsOnlyKeys("email", "default");
    QueueConfig email = config.queue("email");
    assertThat(email.retry().maxRetries()).isEqualTo(3);
    assertThat(email.retry().backoff())
        .isEqualTo(Backoff.exponential(Duration.ofSeconds(60), 2, Duration.ofHours(1)));
    assertThat(email.lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(email.concurrency()).isEqualTo(16);
    assertThat(email.timeLimit()).isEqualTo(Duration.ofMinutes(30));
    assertThat(email.maxCrashes()).isEqualTo(3);
    assertThat(email.dead().maxSize()).isEqualTo(100_000);
    assertThat(email.dead().maxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(config.queue("default").retry().backoff())
        .isEqualTo(Backoff.fixed(Duration.ofSeconds(10)));
    assertThat(config.maxPayload()).isEqualTo(1024 * 1024);
  }

  @Test
  void prefetchDefaultsToConcurrencyAndZeroClaimsForFreeSlotsOnly() throws IOException {
    TaskqConfig config = loader().file(write("taskq.yaml", """
        queues:
          email: { concurrency: 8 }
          reports: { concurrency: 8, prefetch: 0 }
          "*": { concurrency: 4, prefetch: 2 }
        """)).load();

    assertThat(config.queue("email").prefetchCount()).isEqualTo(8);
    assertThat(config.queue("email").toBuilder().concurrency(3).build().prefetchCount())
        .isEqualTo(3); // follows a concurrency override while it is the default
    assertThat(config.queue("reports").prefetchCount()).isZero();
    assertThat(config.queue("anything").prefetchCount()).isEqualTo(2);
    assertThat(QueueConfig.defaults("q").prefetchCount())
        .isEqualTo(QueueConfig.DEFAULT_CONCURRENCY);
  }

  @Test
  void resultTtlZeroKeepsNoRecordAndNeedsNoUnit() throws IOException {
    TaskqConfig config = loader().file(write("taskq.yaml", """
        queues:
          email: { resultTtl: 0 }
          reports: { resultTtl: 10m }
        """)).load();

    assertThat(config.queue("email").resultTtl()).isZero();
    assertThat(config.queue("reports").resultTtl()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void alertsAreOffUnlessAWebhookIsConfigured() throws IOException {
    assertThat(loader().load().alerts().enabled()).isFalse();
    Path file = write("taskq.yaml", "alerts:\n  webhook: { url: 'https://hooks.example/T0/x' }\n"
        + "  minInterval: 10m\n  dlqThreshold: 5\n  lagThreshold: 15m\n");

    AlertsConfig alerts = loader().file(file).load().alerts();

    assertThat(alerts.webhook()).hasToString("https://hooks.example/T0/x");
    assertThat(alerts.minInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(alerts.dlqThreshold()).isEqualTo(5);
    assertThat(alerts.lagThreshold()).isEqualTo(Duration.ofMinutes(15));
    assertThat(alerts.toString()).doesNotContain("hooks.example");
  }

  @Test
  void eventsAreOffByDefaultAndSetByFileOrEnvironment() throws IOException {
    assertThat(loader().load().events()).isEqualTo(EventsConfig.OFF);
    Path file = write("taskq.yaml", "events: { enabled: true, maxLen: 5000 }\n");
    assertThat(loader().file(file).load().events()).isEqualTo(new EventsConfig(true, 5000));

    EventsConfig fromEnv = loader().env(Map.of("TASKQ_EVENTS_ENABLED", "true",
        "TASKQ_EVENTS_MAX_LEN", "2000")).load().events();

    assertThat(fromEnv).isEqualTo(new EventsConfig(true, 2000));
    assertThatThrownBy(() -> loader().env(Map.of("TASKQ_EVENTS_MAX_LEN", "-5")).load())
        .isInstanceOf(ConfigException.class)
        .hasMessage("environment TASKQ_EVENTS_MAX_LEN: events.maxLen: expected an integer >= 1,"
            + " got \"-5\"");
  }

  @Test
  void readsTheShardsOfAQueue() throws IOException {
    TaskqConfig config = loader().file(write("taskq.yaml",
        "queues:\n  email: { shards: 4, concurrency: 8 }\n")).load();

    assertThat(config.queue("email").shards()).isEqualTo(4);
    assertThat(config.queue("email#2").name()).isEqualTo("email#2");
    assertThat(config.queue("reports").shards()).isEqualTo(1);
  }

  @Test
  void aBadShardCountIsOneLineNamingTheField() throws IOException {
    Path zero = write("zero.yaml", "queues: { email: { shards: 0 } }\n");
    Path many = write("many.yaml", "queues: { email: { shards: 1000 } }\n");
    Path name = write("name.yaml", "queues: { \"email#1\": { shards: 2 } }\n");

    assertThatThrownBy(() -> loader().file(zero).load()).isInstanceOf(ConfigException.class)
        .hasMessage(zero + ": queues.email.shards: expected an integer >= 1, got \"0\"");
    assertThatThrownBy(() -> loader().file(many).load()).isInstanceOf(ConfigException.class)
        .hasMessage(many + ": queues.email.shards: expected an integer from 1 to 256, got"
            + " \"1000\"");
    assertThatThrownBy(() -> loader().file(name).load()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("queues.email#1: expected a queue name matching");
  }

  @Test
  void unconfiguredQueuesGetTheBuiltInPolicy() {
    TaskqConfig config = loader().load();

    assertThat(config.queues()).isEmpty();
    assertThat(config.queue("reports")).isEqualTo(QueueConfig.defaults("reports"));
    assertThat(config.redis()).isEqualTo(RedisConfig.DEFAULT);
  }

  @Test
  void fileIsFoundFromFlagThenEnvironmentThenWorkingDirectory() throws IOException {
    Path local = write("taskq.yaml", "maxPayload: 1KB\n");
    Path fromEnv = write("env.yaml", "maxPayload: 2KB\n");
    Path fromFlag = write("flag.yaml", "maxPayload: 3KB\n");

    assertThat(loader().load().maxPayload()).isEqualTo(1024);
    assertThat(loader().env(Map.of("TASKQ_CONFIG", fromEnv.toString())).load().maxPayload())
        .isEqualTo(2048);
    assertThat(loader().env(Map.of("TASKQ_CONFIG", fromEnv.toString())).file(fromFlag).load()
        .maxPayload()).isEqualTo(3072);
    assertThat(local).exists();
  }

  @Test
  void aClusterSeedListIsAClusterUrlThatAFlagStillOverrides() throws IOException {
    Path file = write("taskq.yaml",
        "redis: { cluster: [10.0.0.1:7000, 'node-2:7001'], durableWrites: 1 }\n");

    TaskqConfig c = loader().file(file).load();
    assertThat(c.redis().url()).isEqualTo("redis-cluster://10.0.0.1:7000,node-2:7001");
    assertThat(c.redis().durableWrites()).isEqualTo(1);
    assertThat(loader().file(file).redisUrl("redis://flag:6379").load().redis().url())
        .isEqualTo("redis://flag:6379");
    Path both = write("both.yaml", "redis: { url: 'redis://h:1', cluster: [h:7000] }\n");
    assertThatThrownBy(() -> loader().file(both).load()).isInstanceOf(ConfigException.class)
        .hasMessage(both + ": redis.cluster: set either redis.url (" + both + ") or"
            + " redis.cluster, not both");
  }

  @Test
  void flagBeatsEnvironmentBeatsFile() throws IOException {
    Path file = write("taskq.yaml", "redis: { url: 'redis://file:6379' }\n");
    Map<String, String> env = Map.of("TASKQ_REDIS_URL", "redis://env:6379",
        "TASKQ_WORKER_SHUTDOWN_GRACE", "30s");

    assertThat(loader().file(file).load().redis().url()).isEqualTo("redis://file:6379");
    TaskqConfig fromEnv = loader().file(file).env(env).load();
    assertThat(fromEnv.redis().url()).isEqualTo("redis://env:6379");
    assertThat(fromEnv.worker().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(loader().file(file).env(env).redisUrl("redis://flag:6379").load().redis().url())
        .isEqualTo("redis://flag:6379");
  }

  @Test
  void passwordFromEnvironmentIsUsedAndNeverShown() {
    TaskqConfig config = loader().env(Map.of("TASKQ_REDIS_PASSWORD", "s3cret")).load();

    assertThat(config.redis().password()).isEqualTo("s3cret");
    assertThat(config.redis().toString()).doesNotContain("s3cret");
  }

  @Test
  void passwordFileIsReadWithoutItsTrailingLineBreak() throws IOException {
    Path secret = write("redis.pw", "s3:cr/et@x\n");
    Path file = write("taskq.yaml", "redis: { passwordFile: " + secret + " }\n");

    assertThat(loader().file(file).load().redis().password()).isEqualTo("s3:cr/et@x");
    assertThat(loader().env(Map.of("TASKQ_REDIS_PASSWORD_FILE", secret.toString())).load()
        .redis().password()).isEqualTo("s3:cr/et@x");
  }

  @Test
  void missingPasswordFileOrBothPasswordFormsAreOneLineErrors() throws IOException {
    Path missing = dir.resolve("nope.pw");
    assertThatThrownBy(() -> loader().env(Map.of("TASKQ_REDIS_PASSWORD_FILE", missing.toString()))
        .load()).isInstanceOf(ConfigException.class).hasMessage("environment TASKQ_REDIS_PASSWORD_FILE:"
            + " redis.passwordFile: cannot read the password file " + missing + " (no such file)");
    Path secret = write("redis.pw", "hunter2\n");
    assertThatThrownBy(() -> loader().env(Map.of("TASKQ_REDIS_PASSWORD_FILE", secret.toString(),
        "TASKQ_REDIS_PASSWORD", "hunter2")).load()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("not both").hasMessageNotContaining("hunter2");
  }

  @Test
  void maxResultIsASizeLikeMaxPayload() throws IOException {
    assertThat(loader().load().maxResult()).isEqualTo(1024 * 1024);
    assertThat(loader().file(write("taskq.yaml", "maxResult: 64KB\n")).load().maxResult())
        .isEqualTo(64 * 1024);
    assertThatThrownBy(() -> loader().env(Map.of("TASKQ_MAX_RESULT", "0")).load())
        .hasMessageContaining("maxResult");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      250ms | PT0.25S
      10s   | PT10S
      5m    | PT5M
      1h    | PT1H
      1d    | PT24H
      PT30S | PT30S
      """)
  void durationsAcceptUnitsAndIso(String text, Duration expected) {
    assertThat(Units.duration(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      queues: { email: { maxRetries: three } }                 | queues.email.maxRetries: expected an integer >= 0, got "three"
      queues: { email: { maxRetries: -1 } }                    | queues.email.maxRetries: expected an integer >= 0, got "-1"
      queues: { email: { lease: 30 } }                         | queues.email.lease: expected a duration with a unit
      queues: { email: { lease: 10ms } }                       | queues.email.lease: expected a duration of at least 300ms, got "10ms"
      queues: { email: { timeLimit: soon } }                   | queues.email.timeLimit: expected a duration such as 250ms
      queues: { email: { softTimeLimit: 2m, timeLimit: 1m } }  | queues.email.softTimeLimit: expected a duration below timeLimit (1m), got "2m"
      queues: { email: { softTimeLimit: 1h } }                 | queues.email.softTimeLimit: expected a duration below timeLimit (30m, the default), got "1h"
      queues: { email: { resultTtl: 5 } }                      | queues.email.resultTtl: expected a duration with a unit
      queues: { email: { concurrency: 0 } }                    | queues.email.concurrency: expected an integer >= 1, got "0"
      queues: { email: { prefetch: -1 } }                      | queues.email.prefetch: expected an integer >= 0, got "-1"
      queues: { email: { prefetch: many } }                    | queues.email.prefetch: expected an integer >= 0, got "many"
      queues: { email: { backoff: { type: linear } } }         | queues.email.backoff.type: expected fixed or exponential, got "linear"
      queues: { email: { backoff: { type: exponential, factor: 0.5 } } } | queues.email.backoff.factor: expected a number >= 1
      queues: { email: { dead: { maxAge: 0s } } }              | queues.email.dead.maxAge: expected a duration greater than zero
      queues: { email: { maxRetry: 3 } }                       | queues.email.maxRetry: unknown key; expected one of maxRetries
      queues: { 'bad queue': {} }                              | queues.bad queue: expected a queue name matching [A-Za-z0-9._-]{1,64}
      queues: { email: { abortOn: [com.example.Nope] } }       | queues.email.abortOn: expected exception classes on the class path, got "com.example.Nope"
      queues: [email]                                          | queues: expected a mapping of queue names to policies, got a list
      worker: { shutdownGrace: later }                         | worker.shutdownGrace: expected a duration such as 250ms
      worker: { logOutcomes: maybe }                           | worker.logOutcomes: expected true or false, got "maybe"
      redis: { port: 6379 }                                    | redis.port: unknown key; expected one of url, password
      redis: { cluster: [h1] }                                 | redis.cluster[0]: expected host:port
      redis: { cluster: h1:7000 }                              | redis.cluster: expected a list of host:port seeds
      redis: { durableWrites: -1 }                             | redis.durableWrites: expected an integer >= 0
      maxPayload: lots                                         | maxPayload: expected a size such as 1MB, got "lots"
      reddis: {}                                               | reddis: unknown key; expected one of redis, worker, queues
      alerts: { webhook: { url: 'ftp://x' } }                  | alerts.webhook.url: expected an http:// or https:// URL
      alerts: { lagThreshold: soon }                           | alerts.lagThreshold: expected a duration such as 250ms
      events: { enabled: yes please }                          | events.enabled: expected true or false, got "yes please"
      events: { maxLen: 0 }                                    | events.maxLen: expected an integer >= 1, got "0"
      events: { maxLen: 200000000 }                            | events.maxLen: expected an integer between 1 and 100000000, got "200000000"
      events: { max: 10 }                                      | events.max: unknown key; expected one of enabled, maxLen
      events: true                                             | events: expected a mapping, got "true"
      """)
  void badFileFailsWithOneLineNamingFileAndKeyPath(String yaml, String expected)
      throws IOException {
    Path file = write("taskq.yaml", yaml + "\n");

    assertThatThrownBy(() -> loader().file(file).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": " + expected)
        .hasMessageNotContaining("\n");
  }

  @Test
  void yamlSyntaxErrorNamesTheLine() throws IOException {
    Path file = write("taskq.yaml", "queues:\n  email:\n    maxRetries: [3\n");

    assertThatThrownBy(() -> loader().file(file).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": not valid YAML at line")
        .hasMessageNotContaining("\n");
  }

  @Test
  void yamlSyntaxErrorsSayWhatIsWrongWhereAndWhereTheBrokenPartBegan() throws IOException {
    Path indent = write("indent.yaml", "queues:\n  email:\n    maxRetries: 3\n   lease: 30s\n");
    Path quote = write("quote.yaml", "redis:\n  url: \"redis://h:6379\nqueues: {}\n");
    Path tab = write("tab.yaml", "queues:\n\temail: {}\n");

    assertThatThrownBy(() -> loader().file(indent).load()).hasMessage(indent + ": not valid YAML"
        + " at line 4, column 4: expected <block end>, but found '<block mapping start>' (while"
        + " parsing a block mapping at line 2, column 3)");
    assertThatThrownBy(() -> loader().file(quote).load()).hasMessage(quote + ": not valid YAML"
        + " at line 4, column 1: found unexpected end of stream (while scanning a quoted scalar at"
        + " line 2, column 8)");
    assertThatThrownBy(() -> loader().file(tab).load()).hasMessage(tab + ": not valid YAML at"
        + " line 2, column 1: found character '\\t(TAB)' that cannot start any token. (Do not use"
        + " \\t(TAB) for indentation)");
  }

  @Test
  void missingFileGivenOnTheCommandLineIsAnError() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> loader().file(missing).load())
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": configuration file not found");
  }

  @Test
  void badEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(
            () -> loader().env(Map.of("TASKQ_WORKER_SHUTDOWN_GRACE", "forever")).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("environment TASKQ_WORKER_SHUTDOWN_GRACE: worker.shutdownGrace: ");
  }

  @Test
  void badPasswordValueIsNotShown() throws IOException {
    Path file = write("taskq.yaml", "redis: { password: [a, b] }\n");

    assertThatThrownBy(() -> loader().file(file).load())
        .hasMessageContaining("redis.password");
    Path blank = write("blank.yaml", "redis: { password: '  hunter2  ' , url: ' ' }\n");
    assertThatThrownBy(() -> loader().file(blank).load())
        .hasMessageNotContaining("hunter2");
  }

  private ConfigLoader loader() {
    return ConfigLoader.create().env(Map.of()).workingDir(dir);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
