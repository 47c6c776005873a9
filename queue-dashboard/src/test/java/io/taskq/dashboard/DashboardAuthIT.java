package io.taskq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Inspector;
import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Basic auth and bearer tokens: refused without, served with. */
class DashboardAuthIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  static RedisBroker broker;
  static Inspector inspector;

  @BeforeAll
  static void start() {
    broker = RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).build(); // per class
    inspector = Inspector.create(broker, Seed.CONFIG);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void refusesRequestsWithoutTheBearerToken() throws Exception {
    try (Dashboard d = Dashboard.start(inspector, DashboardOptions.builder().port(0)
        .bearerToken("s3cret-token").build())) {
      Api.Answer anonymous = new Api(d).get("/api/queues");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate").orElse(""))
          .startsWith("Bearer");
      assertThat(new Api(d, Map.of("Authorization", "Bearer wrong")).get("/api/queues")
          .status()).isEqualTo(401);
      Api.Answer ok = new Api(d, Map.of("Authorization", "Bearer s3cret-token"))
          .get("/api/session");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body().path("user").asText()).startsWith("token@");
    }
  }

  @Test
  void refusesRequestsWithoutBasicCredentialsEvenForThePage() throws Exception {
    try (Dashboard d = Dashboard.start(inspector, DashboardOptions.builder().port(0)
        .basicAuth(DashboardOptions.BasicAuth.parse("ops:pass:word")).build())) {
      assertThat(new Api(d).get("/").status()).isEqualTo(401);
      assertThat(new Api(d).get("/api/queues").status()).isEqualTo(401);
      Api.Answer ok = new Api(d, Map.of("Authorization", basic("ops:pass:word")))
          .get("/api/queues");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(new Api(d, Map.of("Authorization", basic("ops:guess"))).get("/api/queues")
          .status()).isEqualTo(401);
      assertThat(new Api(d, Map.of("Authorization", basic("ops:pass:word")))
          .post("/api/queues/reports/pause", "").body().path("paused").asBoolean()).isTrue();
    }
  }

  @Test
  void neverShowsSecretsInItsOptions() {
    assertThat(DashboardOptions.builder().basicAuth(DashboardOptions.BasicAuth.parse("ops:pw1"))
        .build().toString()).doesNotContain("pw1");
    assertThat(DashboardOptions.builder().bearerToken("tok123").build().toString())
        .doesNotContain("tok123");
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(
        StandardCharsets.UTF_8));
  }
}
