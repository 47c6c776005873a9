package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoDatabaseTest {

  @Test
  void aUrlWithoutADatabaseGetsTheDemosOwn() {
    assertThat(DemoDatabase.url("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379/15");
    assertThat(DemoDatabase.url("redis://127.0.0.1:6379/")).isEqualTo("redis://127.0.0.1:6379/15");
    assertThat(DemoDatabase.url("rediss://u:p@h:6380?timeout=5s"))
        .isEqualTo("rediss://u:p@h:6380/15?timeout=5s");
    assertThat(DemoDatabase.url("redis-sentinel://h:26379#mymaster"))
        .isEqualTo("redis-sentinel://h:26379/15#mymaster");
  }

  @Test
  void aDatabaseNamedInTheUrlIsKept() {
    assertThat(DemoDatabase.url("redis://h:6379/3")).isEqualTo("redis://h:6379/3");
    assertThat(DemoDatabase.url("redis-sentinel://h:26379/0#m")).isEqualTo("redis-sentinel://h:26379/0#m");
  }
}
