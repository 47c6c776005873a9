package io.taskq.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);

  @Test
  void tableAlignsColumnsUnderTheirHeaders() {
    Output.table(out, List.of("QUEUE", "PAUSED"), List.of(List.of("email", "no"),
        List.of("a-long-queue", "yes")));
    assertThat(text.toString().lines()).containsExactly(
        "QUEUE         PAUSED",
        "email         no",
        "a-long-queue  yes");
  }

  @Test
  void aColumnWithoutAHeaderIsRefused() {
    assertThatThrownBy(() -> Output.table(out, List.of("QUEUE", ""), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no header");
    assertThatThrownBy(() -> Output.table(out, List.of("QUEUE"), List.of(List.of("q", "x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one cell per header");
  }

  @Test
  void resultTextBecomesEmbeddedJsonAndStaysAStringWhenItIsNotJson() {
    assertThat(Output.tree("{\"a\":[1,2]}").get("a").size()).isEqualTo(2);
    assertThat(Output.tree("not json {").asText()).isEqualTo("not json {");
    assertThat(Output.tree(null)).isNull();
  }
}
