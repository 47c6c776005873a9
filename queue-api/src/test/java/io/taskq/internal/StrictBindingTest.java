package io.taskq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.PayloadException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Arguments bind strictly, on the worker and at submit time alike (EnvelopeCodec). */
class StrictBindingTest {
  record Counted(int count) {}

  record Sized(long bytes, double ratio, boolean on, String name) {}

  record Mail(String to, Optional<String> cc, @Nullable String replyTo, OptionalInt priority) {}

  record Item(String sku, int qty) {}

  record Order(String id, Item first, List<Item> items, Map<String, Item> byName) {}

  enum Color { RED, GREEN }

  record Paint(Color color) {}

  record Positive(int n) {
    Positive {
      if (n < 1) {
        throw new IllegalArgumentException("n must be >= 1");
      }
    }
  }

  private final EnvelopeCodec codec = new EnvelopeCodec(1 << 20);

  private <P> P bind(String json, Class<P> type) {
    return codec.decodeArgs(json, type, "q", "t.x", null);
  }

  private String refusal(String json, Class<?> type) {
    try {
      bind(json, type);
    } catch (PayloadException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith(
          "arguments of task t.x do not bind to " + type.getSimpleName() + ": ");
      return e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
    }
    throw new AssertionError("bound " + json + " to " + type);
  }

  @Test
  void aFloatDoesNotBindToAnIntegerAndTheMessageNamesTheFieldButNotTheValue() {
    assertThat(refusal("{\"count\": 1.7}", Counted.class))
        .isEqualTo("field 'count' must be an integer (int), got a number with a fraction");
    assertThat(refusal("{\"count\": 1.0}", Counted.class)).contains("field 'count'");
    assertThat(bind("{\"count\": 2}", Counted.class)).isEqualTo(new Counted(2));
  }

  @Test
  void scalarsAreNotCoercedAcrossJsonTypes() {
    String ok = "{\"bytes\": 1, \"ratio\": 1, \"on\": true, \"name\": \"n\"}";
    assertThat(bind(ok, Sized.class)).isEqualTo(new Sized(1, 1.0, true, "n"));
    assertThat(refusal(ok.replace("\"bytes\": 1", "\"bytes\": \"1\""), Sized.class))
        .isEqualTo("field 'bytes' must be an integer (long), got a string");
    assertThat(refusal(ok.replace("\"on\": true", "\"on\": 1"), Sized.class))
        .isEqualTo("field 'on' must be true or false, got an integer");
    assertThat(refusal(ok.replace("\"on\": true", "\"on\": \"true\""), Sized.class))
        .isEqualTo("field 'on' must be true or false, got a string");
    assertThat(refusal(ok.replace("\"name\": \"n\"", "\"name\": 5"), Sized.class))
        .isEqualTo("field 'name' must be a string, got an integer");
    assertThat(refusal(ok.replace("\"ratio\": 1", "\"ratio\": \"0.5\""), Sized.class))
        .isEqualTo("field 'ratio' must be a number (double), got a string");
    assertThat(refusal("{\"color\": 0}", Paint.class))
        .isEqualTo("field 'color' must be one of RED, GREEN, got an integer");
    assertThat(refusal("{\"color\": \"BLUE\"}", Paint.class))
        .isEqualTo("field 'color' must be one of RED, GREEN, got a string");
  }

  @Test
  void missingOrNullRequiredComponentsAreRefusedPrimitivesIncluded() {
    assertThat(refusal("{}", Counted.class)).startsWith("field 'count' is missing but required");
    assertThat(refusal("{\"count\": null}", Counted.class))
        .startsWith("field 'count' is null but required");
    assertThat(refusal("{\"cc\": \"x\"}", Mail.class))
        .isEqualTo("field 'to' is missing but required (declare the component Optional or"
            + " @Nullable to make it optional)");
    assertThat(refusal("{\"to\": null}", Mail.class)).startsWith("field 'to' is null");
  }

  @Test
  void optionalAndNullableComponentsMayBeAbsent() {
    assertThat(bind("{\"to\": \"a@b\"}", Mail.class))
        .isEqualTo(new Mail("a@b", Optional.empty(), null, OptionalInt.empty()));
    assertThat(bind("{\"to\": \"a@b\", \"cc\": \"c@d\", \"replyTo\": null, \"priority\": 3,"
        + " \"unknown\": [1]}", Mail.class))
        .isEqualTo(new Mail("a@b", Optional.of("c@d"), null, OptionalInt.of(3)));
  }

  @Test
  void nestedRecordsListsAndMapsAreCheckedWithTheirPath() {
    String item = "{\"sku\": \"s\", \"qty\": 1}";
    String ok = "{\"id\": \"o\", \"first\": " + item + ", \"items\": [" + item + ", " + item
        + "], \"byName\": {\"a\": " + item + "}}";
    assertThat(bind(ok, Order.class).items()).hasSize(2);
    assertThat(refusal(ok.replace("[" + item + ", " + item, "[" + item + ", {\"sku\": \"s\"}"),
        Order.class)).startsWith("field 'items[1].qty' is missing but required");
    assertThat(refusal(ok.replace("\"first\": " + item, "\"first\": {\"sku\": \"s\", \"qty\":"
        + " 1.5}"), Order.class)).isEqualTo("field 'first.qty' must be an integer (int), got a"
        + " number with a fraction");
    assertThat(refusal(ok.replace("{\"a\": " + item, "{\"a\": {\"qty\": 1}"), Order.class))
        .startsWith("field 'byName.a.sku' is missing");
    assertThat(refusal(ok.replace("\"items\": [", "\"items\": {\"x\": ["), Order.class))
        .startsWith("field 'items' must be an array, got an object");
  }

  @Test
  void argumentsThatAreNotAnObjectAreRefusedAsAWhole() {
    assertThat(refusal("[1,2]", Counted.class))
        .isEqualTo("arguments must be a JSON object (Counted), got an array");
    assertThat(refusal("42", Counted.class))
        .isEqualTo("arguments must be a JSON object (Counted), got an integer");
    assertThat(refusal("{\"count\": 5", Counted.class)).startsWith("not valid JSON: ")
        .doesNotContain("Source", "start marker").endsWith("expected close marker for Object at line 1, column 12");
    assertThat(refusal("{\"count\": s3cret}", Counted.class)).startsWith("not valid JSON: ")
        .doesNotContain("s3cret");
  }

  @Test
  void aConstructorThatRefusesSaysSo() {
    assertThat(refusal("{\"n\": 0}", Positive.class)).isEqualTo("the constructor of Positive"
        + " refused the arguments (IllegalArgumentException: n must be >= 1)");
  }

  @Test
  void encodingARecordWithANullRequiredComponentFailsNamingTheField() {
    assertThatThrownBy(() -> codec.encodeArgs(new Mail(null, Optional.empty(), null,
        OptionalInt.empty()), "q", "t.x"))
        .isInstanceOf(PayloadException.class)
        .hasMessage("payload of task t.x: field 'to' is null but required (declare the component"
            + " Optional or @Nullable to make it optional); nothing was submitted");
    Item bad = new Item(null, 1);
    assertThatThrownBy(() -> codec.encodeArgs(new Order("o", new Item("s", 1),
        List.of(new Item("s", 1), bad), Map.of()), "q", "t.x"))
        .hasMessageContaining("field 'items[1].sku' is null");
    assertThat(codec.encodeArgs(new Mail("a@b", Optional.empty(), null, OptionalInt.empty()),
        "q", "t.x")).isEqualTo("{\"to\":\"a@b\",\"cc\":null,\"replyTo\":null,\"priority\":null}");
  }
}
