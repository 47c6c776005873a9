package io.taskq.celery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Result meta in Celery's field order and formats (PROTOCOL.md §6.1). */
class ResultMetaTest {
  private static final Instant DONE = Instant.parse("2026-11-22T10:45:22.807918Z");
  private static final CeleryCall.Headers PLAIN =
      new CeleryCall.Headers(0, null, null, null, null, null, false);

  @Test
  void successHasCeleryFieldsInCeleryOrder() {
    assertThat(ResultMeta.success("cc5c", IntNode.valueOf(5), PLAIN, DONE)).isEqualTo(
        "{\"status\":\"SUCCESS\",\"result\":5,\"traceback\":null,\"children\":[],"
            + "\"date_done\":\"2026-11-22T10:45:22.807918\",\"task_id\":\"cc5c\"}");
  }

  @Test
  void aJavaIllegalArgumentExceptionIsPythonsValueError() {
    String meta = ResultMeta.failure("2adb", CeleryException.of(
        new IllegalArgumentException("kaboom")), PLAIN, DONE);

    assertThat(meta).startsWith("{\"status\":\"FAILURE\",\"result\":{\"exc_type\":\"ValueError\","
        + "\"exc_message\":[\"kaboom\"],\"exc_module\":\"builtins\"},\"traceback\":\"java.lang."
        + "IllegalArgumentException: kaboom").endsWith("\"date_done\":\"2026-11-22T10:45:22.807918\","
        + "\"task_id\":\"2adb\"}");
  }

  @Test
  void anUnmappedExceptionKeepsItsSimpleNameAndPackage() {
    CeleryException e = CeleryException.of(new java.io.UncheckedIOException("disk",
        new java.io.IOException("disk")));

    assertThat(e.type()).isEqualTo("UncheckedIOException");
    assertThat(e.module()).isEqualTo("java.io");
  }

  @Test
  void aRetryIsNotReadyAndNamesTheRerunAsItsChild() {
    assertThat(ResultMeta.retry("952a", "Retry in 1s", PLAIN)).isEqualTo(
        "{\"status\":\"RETRY\",\"result\":null,\"traceback\":\"Retry in 1s\","
            + "\"children\":[[[\"952a\",null],null]],\"date_done\":null,\"task_id\":\"952a\"}");
  }

  @Test
  void anExpiredTaskIsRevokedWithTaskRevokedError() {
    CeleryCall.Headers retried = new CeleryCall.Headers(1, null, null, "ce06", "ce06", null,
        false);
    assertThat(ResultMeta.revoked("ce06", "expired", retried, DONE)).isEqualTo(
        "{\"status\":\"REVOKED\",\"result\":{\"exc_type\":\"TaskRevokedError\","
            + "\"exc_message\":[\"expired\"],\"exc_module\":\"celery.exceptions\"},"
            + "\"traceback\":null,\"children\":[],\"date_done\":\"2026-11-22T10:45:22.807918\","
            + "\"parent_id\":\"ce06\",\"task_id\":\"ce06\"}");
  }
}
