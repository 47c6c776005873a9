package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.config.ConfigLoader;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.test.redis.RedisServer;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow against a Redis locked down as operators run it: a default user with a password,
 * an ACL user with only the commands taskq needs ({@code docs/reliability.md}), KEYS, FLUSHDB,
 * FLUSHALL, CONFIG and DEBUG renamed away, and TLS with a private CA generated here.
 */
class HardenedRedisIT {
  private static final String ADMIN_PASSWORD = "admin-Secret-4711";
  private static final String TASKQ_PASSWORD = "worker-Secret-0815";
  /** CONFIG renamed to this: only the test, as operator, changes settings. */
  private static final String CONFIG = "CONFIG-b7e1d4";
  /** The ACL of the taskq user, as docs/reliability.md gives it. */
  static final String ACL = "on >" + TASKQ_PASSWORD + " ~taskq:* resetchannels &taskq:* -@all"
      + " +@read +@write +@scripting +@connection +@transaction +@pubsub +bzpopmin +time +info";

  @TempDir static Path certs;
  private static RedisServer server;
  private static int tlsPort;
  @TempDir Path dir;
  private Launcher taskq;

  @BeforeAll
  static void startHardenedServer() throws Exception {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
        "ca.crt", "-days", "2", "-subj", "/CN=taskq test CA");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
        "server.csr", "-subj", "/CN=127.0.0.1");
    Files.writeString(certs.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
    tlsPort = RedisServer.freePort();
    List<String> args = new java.util.ArrayList<>(List.of("--requirepass", ADMIN_PASSWORD,
        "--user", "taskq"));
    args.addAll(List.of(ACL.split(" ")));
    args.addAll(List.of("--rename-command", "KEYS", "",
        "--rename-command", "FLUSHDB", "",
        "--rename-command", "FLUSHALL", "",
        "--rename-command", "DEBUG", "",
        "--rename-command", "CONFIG", CONFIG,
        "--tls-port", Integer.toString(tlsPort),
        "--tls-cert-file", certs.resolve("server.crt").toString(),
        "--tls-key-file", certs.resolve("server.key").toString(),
        "--tls-ca-cert-file", certs.resolve("ca.crt").toString(),
        "--tls-auth-clients", "no"));
    server = RedisServer.start(args.toArray(String[]::new));
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true)
        .redirectOutput(certs.resolve("openssl.log").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(certs.resolve("openssl.log"))).isZero();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void setUp() {
    taskq = new Launcher(dir);
    admin(CONFIG, "SET", "maxmemory-policy", "noeviction");
  }

  private static String admin(String... command) {
    String[] args = new String[command.length + 3];
    args[0] = "--no-auth-warning";
    args[1] = "-a";
    args[2] = ADMIN_PASSWORD;
    System.arraycopy(command, 0, args, 3, command.length);
    return server.cli(args);
  }

  private static String tlsUrl(String password) {
    return "rediss://taskq:" + password + "@127.0.0.1:" + tlsPort;
  }

  private static Map<String, String> tlsEnv() {
    return Map.of("TASKQ_REDIS_TLS_CA_FILE", certs.resolve("ca.crt").toString());
  }

  private Run taskq(String... args) {
    Run r = taskq.start(tlsEnv(), args);
    r.exitCode(Duration.ofMinutes(1));
    return r;
  }

  @Test
  void theWholeFlowRunsOverTlsAsARestrictedUser() throws Exception {
    assertThat(admin("KEYS", "*")).contains("unknown command");
    String url = tlsUrl(TASKQ_PASSWORD);
    Run worker = taskq.start(tlsEnv(), "worker", "-Q", "hard", "-c", "4", "--redis", url);
    try {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> (worker.stdout() + worker.stderr()).contains(" started on"));
      Run call = taskq("call", "probe.noop", "-Q", "hard", "--count", "300", "--redis", url);
      assertThat(call.exitCode(Duration.ZERO)).as(call.stderr()).isZero();
      assertThat(call.stdout().lines()).hasSize(300);
      Run bad = taskq("call", "no.such.task", "--no-validate", "-Q", "hard", "--redis", url);
      assertThat(bad.exitCode(Duration.ZERO)).as(bad.stderr()).isZero();

      RedisConfig redis = ConfigLoader.create().env(tlsEnv()).redisUrl(url).load().redis();
      try (Broker broker = BrokerFactory.open(redis)) {
        Inspector inspector = Inspector.create(broker, TaskqConfig.DEFAULT.withRedis(redis));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          QueueStats s = inspector.stats("hard");
          return s.processed() >= 300 && s.dead() == 1 && s.pending() == 0 && s.active() == 0;
        });
      }
      for (String[] command : List.of(new String[] {"inspect", "stats", "-Q", "hard"},
          new String[] {"inspect", "workers"}, new String[] {"dlq", "list", "-Q", "hard"},
          new String[] {"health"}, new String[] {"fsck"})) {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
            java.util.stream.Stream.of("--redis", url)).toArray(String[]::new);
        Run r = taskq(args);
        assertThat(r.exitCode(Duration.ZERO)).as(String.join(" ", command) + ": " + r.stderr()
            + r.stdout()).isZero();
      }
    } finally {
      worker.process().destroy();
      assertThat(worker.exitCode(Duration.ofSeconds(30))).as(worker.stderr()).isZero();
    }
    assertThat(worker.stdout() + worker.stderr()).doesNotContain(TASKQ_PASSWORD)
        .doesNotContain("NOPERM").doesNotContain("maxmemory-policy");
  }

  @Test
  void aWrongPasswordIsOneClearLineAndExit1() {
    for (String command : List.of("worker", "call")) {
      Run r = command.equals("worker")
          ? taskq("worker", "-Q", "hard", "--redis", tlsUrl("not-the-password"))
          : taskq("call", "probe.noop", "-Q", "hard", "--redis", tlsUrl("not-the-password"));
      assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isEqualTo(1);
      List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as(r.stderr()).hasSize(1);
      assertThat(lines.get(0)).containsIgnoringCase("password").doesNotContain("not-the-password");
    }
  }

  @Test
  void anEvictionPolicyOtherThanNoevictionIsWarnedAboutAndDegradesHealth() {
    admin(CONFIG, "SET", "maxmemory-policy", "allkeys-lru");
    String url = tlsUrl(TASKQ_PASSWORD);
    Run health = taskq("health", "--redis", url);
    assertThat(health.exitCode(Duration.ZERO)).as(health.stdout()).isEqualTo(1);
    assertThat(health.stdout()).contains("DEGRADED redis: Redis maxmemory-policy is allkeys-lru");

    Run worker = taskq.start(tlsEnv(), "worker", "-Q", "hard", "--redis", url);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> (worker.stdout() + worker.stderr())
          .contains("maxmemory-policy is allkeys-lru, not noeviction"));
    } finally {
      worker.process().destroy();
      worker.exitCode(Duration.ofSeconds(30));
    }
  }
}
