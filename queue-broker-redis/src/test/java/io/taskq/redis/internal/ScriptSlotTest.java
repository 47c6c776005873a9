package io.taskq.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.taskq.redis.RedisKeys;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Cluster correctness of the script library: each script's keys lie in one slot, and the
 * connector refuses a call that mixes slots (every integration test then checks its call sites).
 */
class ScriptSlotTest {
  @Test
  void everyScriptOfAQueueTouchesOneSlot() {
    for (String queue : new String[] {"default", "email", "a.b-c_d"}) {
      RedisKeys k = RedisKeys.of(queue);
      for (Script s : Script.values()) {
        if (s.declaresKeys()) {
          String[] keys = s.keys(k);
          assertThat(Arrays.stream(keys).mapToInt(SlotHash::getSlot).distinct())
              .as("slots of %s on queue %s", s.scriptName(), queue).hasSize(1);
          RedisConnector.checkOneSlot(s.scriptName(), keys);
        }
      }
    }
  }

  @Test
  void aCallWithKeysOfTwoSlotsIsRefusedNamingTheScriptAndTheKeys() {
    String[] keys = {RedisKeys.of("email").tasks(), RedisKeys.QUEUES};

    assertThatThrownBy(() -> RedisConnector.checkOneSlot("enqueue", keys))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("script enqueue called with keys of two cluster slots: taskq:{email}:tasks"
            + " and taskq:queues");
  }

  @Test
  void globalKeysLieOutsideQueueSlotsSoNoScriptMayMixThem() {
    int queueSlot = SlotHash.getSlot(RedisKeys.of("default").tasks());
    assertThat(SlotHash.getSlot(RedisKeys.QUEUES)).isNotEqualTo(queueSlot);
    assertThat(SlotHash.getSlot(RedisKeys.WORKERS)).isNotEqualTo(
        SlotHash.getSlot(RedisKeys.BEAT_LEADER));
  }
}
