package io.taskq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.internal.CanonicalJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unique keys built from a task's name and arguments. */
class UniqueKeysTest {
  record Report(String month, int version, List<String> regions) {}

  static final TaskDefinition<Report> REPORT = TaskDefinition.of("report.build", Report.class);

  @Test
  void equalArgumentsGiveEqualKeysWhateverTheirOrderSpacingOrNumberForm() {
    String a = UniqueKeys.of("report.build", "{\"month\":\"2026-11\",\"version\":2}");
    String b = UniqueKeys.of("report.build", "{ \"version\" : 2.0,\n \"month\": \"2026-11\" }");
    assertThat(a).isEqualTo(b).hasSize(64).matches("[0-9a-f]{64}");
  }

  @Test
  void anotherTaskNameOrOtherArgumentsGiveAnotherKey() {
    String a = UniqueKeys.of("report.build", "{\"month\":\"2026-11\"}");
    assertThat(UniqueKeys.of("report.mail", "{\"month\":\"2026-11\"}")).isNotEqualTo(a);
    assertThat(UniqueKeys.of("report.build", "{\"month\":\"2026-12\"}")).isNotEqualTo(a);
    assertThat(UniqueKeys.of("report.build", "[\"2026-11\"]")).isNotEqualTo(a);
  }

  @Test
  void aTypedPayloadGivesTheKeyOfItsJson() {
    assertThat(UniqueKeys.of(REPORT, new Report("2026-11", 2, List.of("eu", "us"))))
        .isEqualTo(UniqueKeys.of("report.build",
            "{\"regions\":[\"eu\",\"us\"],\"version\":2,\"month\":\"2026-11\"}"));
  }

  @Test
  void canonicalJsonSortsMembersAtEveryDepthAndKeepsArrayOrder() {
    assertThat(CanonicalJson.of("{\"b\":{\"y\":1,\"x\":[3,1.50,{\"d\":null,\"c\":true}]},\"a\":\"\\u00e9\"}"))
        .isEqualTo("{\"a\":\"é\",\"b\":{\"x\":[3,1.5,{\"c\":true,\"d\":null}],\"y\":1}}");
    assertThat(CanonicalJson.of("0.0")).isEqualTo("0");
    assertThat(CanonicalJson.of("1e3")).isEqualTo("1000");
    assertThat(CanonicalJson.of("[1e999]")).isEqualTo("[Infinity]"); // past a double: as read
  }

  @Test
  void textThatIsNotJsonIsRefused() {
    assertThatThrownBy(() -> UniqueKeys.of("t", "{oops")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> UniqueKeys.of("t", "")).isInstanceOf(IllegalArgumentException.class);
  }
}
