package io.taskq.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.redis.RedisKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each script's header against the keys its callers pass: the key list a script declares names,
 * in order, the keys of its {@code KEYS[n]} lines. {@link Script#checkCall} holds every call to
 * the header at run time, so the broker ITs check the call sites too.
 */
class ScriptTest {
  private static final Pattern KEY = Pattern.compile("KEYS\\[(\\d+)]\\s+(\\S+)");
  private static final Pattern ARG = Pattern.compile("ARGV\\[(\\d+)");

  @Test
  void eachDeclaredKeyListNamesTheKeysOfItsHeaderInOrder() {
    RedisKeys k = RedisKeys.of("q");
    String base = k.tasks().substring(0, k.tasks().length() - "tasks".length());
    for (Script s : Script.values()) {
      if (!s.declaresKeys()) {
        continue;
      }
      List<String> declared = Arrays.stream(s.keys(k))
          .map(key -> key.substring(base.length())).toList();
      assertThat(declared).as("keys of %s against its header", s.scriptName())
          .isEqualTo(headerKeyNames(s));
    }
  }

  @Test
  void scriptsWhoseCallersBuildTheKeysHaveTheKeyCountTheyAreCalledWith() {
    // RedisBeatStore passes RedisKeys.BEAT_LEADER; RedisQueueAdmin.purge {index, tasks, crashes,
    // priority, prioritized, links}; RedisWorkflows the workflow's key
    assertThat(Script.BEAT_LEAD.keyCount()).isEqualTo(1);
    assertThat(Script.BEAT_RESIGN.keyCount()).isEqualTo(1);
    assertThat(Script.PURGE.keyCount()).isEqualTo(6);
    assertThat(Script.WORKFLOW_CREATE.keyCount()).isEqualTo(1);
    assertThat(Script.WORKFLOW_SETTLE.keyCount()).isEqualTo(1);
    assertThat(Arrays.stream(Script.values()).filter(s -> !s.declaresKeys()))
        .containsExactlyInAnyOrder(Script.BEAT_LEAD, Script.BEAT_RESIGN, Script.PURGE,
            Script.WORKFLOW_CREATE, Script.WORKFLOW_SETTLE);
  }

  @Test
  void headersNumberKeysAndArgumentsWithoutGaps() {
    for (Script s : Script.values()) {
      assertThat(numbers(s, "KEYS", KEY)).as("KEYS of %s", s.scriptName())
          .isEqualTo(IntStream.rangeClosed(1, s.keyCount()).boxed().toList());
      List<Integer> args = numbers(s, "ARGV", ARG);
      assertThat(args).as("ARGV of %s", s.scriptName())
          .isEqualTo(IntStream.rangeClosed(1, args.size()).boxed().toList());
    }
  }

  @Test
  void aCallThatDoesNotFitTheHeaderIsRefused() {
    String[] keys = Script.REQUEUE.keys(RedisKeys.of("q"));
    Script.REQUEUE.checkCall(keys, new String[] {"", "id", "token"});

    assertThatThrownBy(() -> Script.REQUEUE.checkCall(Arrays.copyOf(keys, 5),
        new String[] {"", "id", "token"}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("script requeue takes 6 keys and 3 arguments (its header), called with 5 keys"
            + " and 3 arguments");
    assertThatThrownBy(() -> Script.REQUEUE.checkCall(keys, new String[] {"", "id"}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void repeatedArgumentsMayComeInAnyNumberAfterTheFixedOnes() {
    String[] keys = Script.EXTEND.keys(RedisKeys.of("q"));
    Script.EXTEND.checkCall(keys, new String[] {"", "30000"});
    Script.EXTEND.checkCall(keys, new String[] {"", "30000", "id", "token"});

    assertThatThrownBy(() -> Script.EXTEND.checkCall(keys, new String[] {""}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void scriptsUseTheSharedFunctionsInsteadOfCopiesOfThem() {
    for (Script s : Script.values()) {
      String body = String.join("\n", s.source().lines()
          .filter(l -> !l.startsWith("--")).toList());
      assertThat(body.split("redis\\.call\\('TIME'\\)", -1)).as(s.scriptName()).hasSize(2);
      assertThat(body.split("string\\.match\\(v, '\\^\\(\\[\\^\\|]\\*\\)\\|'\\)", -1))
          .as(s.scriptName()).hasSize(2);
      assertThat(body.split("'ZRANGEBYSCORE', dead_key", -1)).as(s.scriptName()).hasSize(2);
    }
  }

  private static List<String> headerKeyNames(Script s) {
    List<String> names = new ArrayList<>();
    for (String line : s.header()) {
      if (line.startsWith("KEYS")) {
        Matcher m = KEY.matcher(line);
        while (m.find()) {
          names.add(m.group(2));
        }
      }
    }
    return names;
  }

  private static List<Integer> numbers(Script s, String prefix, Pattern p) {
    List<Integer> out = new ArrayList<>();
    for (String line : s.header()) {
      if (line.startsWith(prefix)) {
        Matcher m = p.matcher(line);
        while (m.find()) {
          out.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    return out;
  }
}
