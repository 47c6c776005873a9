package io.taskq.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection forms of {@code redis.url}, parsed without connecting. */
class RedisClientsTest {
  private static RedisConfig url(String url) {
    return RedisConfig.DEFAULT.withUrl(url);
  }

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  @Test
  void theSchemePicksTheMode() {
    assertThat(RedisClients.mode(url("redis://h:1"))).isEqualTo(RedisClients.Mode.STANDALONE);
    assertThat(RedisClients.mode(url("rediss://h:1"))).isEqualTo(RedisClients.Mode.STANDALONE);
    assertThat(RedisClients.mode(url("redis-sentinel://h:1/m")))
        .isEqualTo(RedisClients.Mode.SENTINEL);
    assertThat(RedisClients.mode(url("rediss-cluster://h:1,h:2")))
        .isEqualTo(RedisClients.Mode.CLUSTER);
  }

  @Test
  void anUnknownSchemeIsOneLineNamingTheKnownOnesWithoutThePassword() {
    assertThatThrownBy(() -> RedisClients.mode(url("valkey://:secret@h:1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("redis.url: unknown scheme valkey:// in valkey://:***@h:1; expected"
            + " redis://, rediss://, redis-sentinel://, rediss-sentinel://, redis-cluster:// or"
            + " rediss-cluster://");
  }

  @Test
  void aSentinelUrlNamesItsSentinelsAndPrimaryWithAnAclUser() {
    RedisURI uri = RedisClients.uri(url("rediss-sentinel://app:pw@127.0.0.1:26379,localhost/mymaster"));

    assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("127.0.0.1", 26379),
            org.assertj.core.groups.Tuple.tuple("localhost", 26379));
    assertThat(uri.isSsl()).isTrue();
    RedisCredentials c = credentials(uri);
    assertThat(c.getUsername()).isEqualTo("app");
    assertThat(new String(c.getPassword())).isEqualTo("pw");
  }

  @Test
  void aSentinelUrlWithoutAPrimaryNameIsRefused() {
    assertThatThrownBy(() -> RedisClients.uri(url("redis-sentinel://127.0.0.1:26379")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("/mymaster");
  }

  @Test
  void clusterSeedsCarryTheCredentialsAndTls() {
    List<RedisURI> seeds = RedisClients.clusterSeeds(
        url("rediss-cluster://:p%40ss@127.0.0.1:7000,127.0.0.1:7001"));

    assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001);
    assertThat(seeds).allSatisfy(s -> {
      assertThat(s.isSsl()).isTrue();
      assertThat(new String(credentials(s).getPassword())).isEqualTo("p@ss");
    });
  }

  @Test
  void aSeedThatDoesNotResolveIsOneLine() {
    assertThatThrownBy(() -> RedisClients.clusterSeeds(
        url("redis-cluster://127.0.0.1:7000,no-such-host.invalid:7001")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("redis.url: the host no-such-host.invalid does not resolve (in"
            + " redis-cluster://127.0.0.1:7000,no-such-host.invalid:7001); check the name or use"
            + " an IP address");
  }

  @Test
  void aPortThatIsNoNumberIsOneLineNotAHostToLookUp() {
    assertThatThrownBy(() -> RedisClients.uri(url("redis://:secret@127.0.0.1:6379x/2")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("redis.url: expected host:port with a port from 1 to 65535, got"
            + " 127.0.0.1:6379x in redis://:***@127.0.0.1:6379x/2");
    assertThat(RedisClients.uri(url("redis://[::1]:6380")).getPort()).isEqualTo(6380);
    assertThat(RedisClients.uri(url("redis://localhost")).getPort()).isEqualTo(6379);
  }
}
