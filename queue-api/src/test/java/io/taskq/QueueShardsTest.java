package io.taskq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.config.TaskqConfig;
import io.taskq.internal.ShardPicker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueShardsTest {
  private static final TaskqConfig FOUR = TaskqConfig.DEFAULT.withQueue(
      QueueConfig.builder("email").shards(4).build());

  @Test
  void aQueueWithOneShardIsItsOwnPhysicalQueue() {
    assertThat(QueueShards.physical("email", 1)).containsExactly("email");
    assertThat(QueueConfig.defaults("email").physical()).extracting(QueueConfig::name)
        .containsExactly("email");
  }

  @Test
  void shardsAreNamedWithTheQueueAndTheirNumber() {
    assertThat(QueueShards.physical("email", 3)).containsExactly("email#0", "email#1", "email#2");
    assertThat(QueueShards.logical("email#2")).isEqualTo("email");
    assertThat(QueueShards.index("email#2")).isEqualTo(2);
    assertThat(QueueShards.logical("email")).isEqualTo("email");
    assertThat(QueueShards.index("email")).isEqualTo(-1);
    assertThat(QueueShards.isShard("email#07")).isFalse();
  }

  @Test
  void aUserQueueNameMayNotHoldTheShardSeparator() {
    assertThatThrownBy(() -> QueueConfig.requireValidName("email#1"))
        .hasMessage("queue name must match [A-Za-z0-9._-]{1,64}, was 'email#1'");
    assertThatThrownBy(() -> TaskOptions.builder().queue("email#1").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(QueueShards.requireValid("email#1")).isEqualTo("email#1");
    assertThatThrownBy(() -> QueueShards.requireValid("email#x"))
        .hasMessageContaining("was 'email#x'");
  }

  @Test
  void shardsAreValidatedWithOneLineNamingTheField() {
    assertThatThrownBy(() -> QueueConfig.builder("email").shards(0).build())
        .hasMessage("queue email: shards must be 1 to 256, was 0");
    assertThatThrownBy(() -> QueueConfig.builder("email").shards(257).build())
        .hasMessage("queue email: shards must be 1 to 256, was 257");
    assertThatThrownBy(() -> QueueConfig.builder("email").shards(4).maxActive(3).build())
        .hasMessage("queue email: maxActive must be 0 or >= shards (4; each shard takes a"
            + " share), was 3");
    assertThatThrownBy(() -> QueueConfig.builder("email").shards(4)
        .rateLimit(RateLimit.parse("2/s")).build())
        .hasMessageContaining("rateLimit must allow >= shards (4)");
  }

  @Test
  void eachShardTakesAShareOfTheLimitsAndAllOfTheConcurrency() {
    QueueConfig q = QueueConfig.builder("email").shards(4).concurrency(8).maxActive(10)
        .rateLimit(RateLimit.of(100, Duration.ofSeconds(1))).build();

    List<QueueConfig> shards = q.physical();

    assertThat(shards).extracting(QueueConfig::name)
        .containsExactly("email#0", "email#1", "email#2", "email#3");
    assertThat(shards).extracting(QueueConfig::maxActive).containsExactly(3, 3, 2, 2);
    assertThat(shards).extracting(s -> s.rateLimit().permits()).containsExactly(25, 25, 25, 25);
    assertThat(shards).extracting(QueueConfig::concurrency).containsOnly(8);
    assertThat(shards).extracting(QueueConfig::shards).containsOnly(1);
    assertThat(FOUR.queue("email#3").name()).isEqualTo("email#3");
    assertThat(FOUR.queue("email#3").retry()).isEqualTo(FOUR.queue("email").retry());
  }

  @Test
  void aKeyAlwaysPicksTheSameShard() {
    // CRC-32 of the key's UTF-8 bytes (Python: zlib.crc32(b"customer-42") % 4 == 1)
    assertThat(QueueShards.byKey("customer-42", 4)).isEqualTo(1);
    assertThat(QueueShards.byKey("a", 4)).isEqualTo(3);
    assertThat(QueueShards.byKey("order-7", 4)).isEqualTo(2);
    ShardPicker a = new ShardPicker(FOUR);
    ShardPicker b = new ShardPicker(FOUR);
    for (int i = 0; i < 50; i++) {
      String key = "customer-" + i;
      assertThat(a.pick("email", key)).isEqualTo(b.pick("email", key))
          .isEqualTo("email#" + QueueShards.byKey(key, 4));
    }
  }

  @Test
  void withoutAKeyShardsAreTakenInTurn() {
    ShardPicker picker = new ShardPicker(FOUR);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      counts.merge(picker.pick("email", (String) null), 1, Integer::sum);
    }
    assertThat(counts).containsOnly(Map.entry("email#0", 100), Map.entry("email#1", 100),
        Map.entry("email#2", 100), Map.entry("email#3", 100));
  }

  @Test
  void theShardKeyWinsOverTheUniqueKeyWhichWinsOverTheId() {
    ShardPicker picker = new ShardPicker(FOUR);
    TaskOptions both = TaskOptions.builder().shardKey("k1").uniqueKey("k2").build();
    TaskOptions unique = TaskOptions.builder().uniqueKey("k2").build();

    assertThat(picker.pick("email", both, "id-9")).isEqualTo(picker.pick("email", "k1"));
    assertThat(picker.pick("email", unique, "id-9")).isEqualTo(picker.pick("email", "k2"));
    assertThat(picker.pick("email", TaskOptions.DEFAULT, "id-9"))
        .isEqualTo(picker.pick("email", "id-9"));
  }

  @Test
  void aQueueWithOneShardOrAShardNameIsKeptAsItIs() {
    ShardPicker picker = new ShardPicker(FOUR);
    assertThat(picker.pick("reports", "k")).isEqualTo("reports");
    assertThat(picker.pick("email#1", "k")).isEqualTo("email#1");
  }

  @Test
  void physicalNamesGroupByQueueInShardOrder() {
    assertThat(QueueShards.group(Set.of("email#10", "email#2", "reports", "email", "a#0")))
        .containsExactly(Map.entry("a", List.of("a#0")),
            Map.entry("email", List.of("email", "email#2", "email#10")),
            Map.entry("reports", List.of("reports")));
  }
}
