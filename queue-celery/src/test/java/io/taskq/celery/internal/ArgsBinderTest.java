package io.taskq.celery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.PayloadException;
import io.taskq.celery.CeleryArgs;
import io.taskq.internal.EnvelopeCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Celery's args and kwargs bound like Python binds them to a function's parameters. */
class ArgsBinderTest {
  record Add(long x, long y) {}

  private final ArgsBinder binder = new ArgsBinder(new EnvelopeCodec(1 << 20));

  private static CeleryCall call(List<?> args, Map<String, ?> kwargs) {
    return new CeleryCall((ArrayNode) CeleryJson.MAPPER.valueToTree(args),
        (ObjectNode) CeleryJson.MAPPER.valueToTree(kwargs),
        new CeleryCall.Headers(0, null, null, null, null, null, false));
  }

  private <P> P bind(Class<P> type, List<?> args, Map<String, ?> kwargs) {
    return binder.bind(type, call(args, kwargs), "celery", "id", "tasks.x");
  }

  @Test
  void fillsRecordComponentsPositionallyThenByName() {
    assertThat(bind(Add.class, List.of(1, 2), Map.of())).isEqualTo(new Add(1, 2));
    assertThat(bind(Add.class, List.of(1), Map.of("y", 5))).isEqualTo(new Add(1, 5));
    assertThat(bind(Add.class, List.of(), Map.of("y", 5, "x", 4))).isEqualTo(new Add(4, 5));
  }

  @Test
  void celeryArgsTakesEverythingAsSent() {
    CeleryArgs a = bind(CeleryArgs.class, List.of(1, "s1"), Map.of("k", 1));

    assertThat(a.args()).containsExactly(1, "s1");
    assertThat(a.kwargs()).containsEntry("k", 1);
  }

  @Test
  void aScalarPayloadTakesTheOnlyPositionalArgument() {
    assertThat(bind(String.class, List.of("v1"), Map.of())).isEqualTo("v1");
  }

  @Test
  void argumentsThatDoNotFitAreTypeErrorsNamingTheParameter() {
    assertThatThrownBy(() -> bind(Add.class, List.of(1, 2, 3), Map.of()))
        .hasMessageContaining("takes 2 positional arguments but 3 were given");
    assertThatThrownBy(() -> bind(Add.class, List.of(1, 2), Map.of("x", 1)))
        .hasMessageContaining("multiple values for argument 'x'");
    assertThatThrownBy(() -> bind(Add.class, List.of(1, 2), Map.of("z", 1)))
        .hasMessageContaining("unexpected keyword argument 'z'");
    assertThatThrownBy(() -> bind(Add.class, List.of(1), Map.of()))
        .isInstanceOf(PayloadException.class).hasMessageContaining("y");
    assertThatThrownBy(() -> bind(Add.class, List.of(1, "two"), Map.of()))
        .isInstanceOf(PayloadException.class).hasMessageContaining("y")
        .hasMessageNotContaining("two");
  }
}
