package io.taskq.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.test.redis.internal.DockerRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.TestAbortedException;

class RedisServerExtensionTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void givesTheClassARedisOnLoopbackThatAnswers() throws IOException {
    URI url = URI.create(REDIS.url());

    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    assertThat(url.getPort()).isNotEqualTo(6379);
    assertThat(ping(url.getPort())).startsWith("+PONG");
    assertThat(REDIS.process().cli("SET", "k", "v")).isEqualTo("OK");
  }

  @Test
  void prefersAnInstalledRedisServerAndDoesNotAskDocker() {
    RedisServerExtension ext = new RedisServerExtension();
    AtomicBoolean askedDocker = new AtomicBoolean();
    ext.start("SomeIT", true, () -> askedDocker.getAndSet(true));
    try {
      assertThat(ext.isProcess()).isTrue();
      assertThat(askedDocker).isFalse();
    } finally {
      ext.afterAll(null);
    }
    assertThatThrownBy(ext::url).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void skipsTheClassWithAReasonWhenThereIsNoRedisAndNoDocker() {
    assertThatThrownBy(() -> new RedisServerExtension().start("SomeIT", false, () -> false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("no Redis for SomeIT: install redis-server (e.g. apt-get install"
            + " redis-server), or run a Docker engine and put org.testcontainers:testcontainers"
            + " on the test class path");
    assertThatThrownBy(() -> RedisServerExtension.processOnly().start("SomeIT", false,
        () -> true)).isInstanceOf(TestAbortedException.class)
        .hasMessageNotContaining("Docker");
  }

  @Test
  void asksTestcontainersWhetherDockerRuns() {
    // no Docker engine on the build machines: Testcontainers answers false, quickly
    assertThat(DockerRedis.isAvailable())
        .isEqualTo(org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
  }

  private static String ping(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[16];
      int n = s.getInputStream().read(buf);
      return new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
    }
  }
}
