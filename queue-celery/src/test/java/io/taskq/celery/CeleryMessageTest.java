package io.taskq.celery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.celery.internal.CeleryJson;
import io.taskq.celery.internal.CeleryMessage;
import io.taskq.celery.internal.MalformedMessageException;
import io.taskq.celery.internal.OutgoingMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Celery's message and timestamp formats, as PROTOCOL.md captured them. */
class CeleryMessageTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:45:14.381572123Z");

  /** The message captured from {@code send_task('tasks.echo', ..., queue='myq')}. */
  static final String CAPTURED = """
      {"body": "W1sxLCAidHdvIl0sIHsiayI6ICJ2IiwgIm4iOiBbMSwgMl19LCB7ImNhbGxiYWNrcyI6IG51bGwsICJlcnJiYWNrcyI6IG51bGwsICJjaGFpbiI6IG51bGwsICJjaG9yZCI6IG51bGx9XQ==",
       "content-encoding": "utf-8", "content-type": "application/json",
       "headers": {"lang": "py", "task": "tasks.echo", "id": "beb25bd6-5d84-46f1-8dcd-c65de4c8813f",
        "shadow": null, "eta": null, "expires": null, "group": null, "group_index": null,
        "retries": 0, "timelimit": [null, null], "root_id": "beb25bd6-5d84-46f1-8dcd-c65de4c8813f",
        "parent_id": null, "argsrepr": "[1, 'two']", "kwargsrepr": "{'k': 'v', 'n': [1, 2]}",
        "origin": "gen4525@vm", "ignore_result": false},
       "properties": {"correlation_id": "beb25bd6-5d84-46f1-8dcd-c65de4c8813f",
        "reply_to": "ae157927-0ad6-398f-9259-b0bc6fea7ba4", "delivery_mode": 2,
        "delivery_info": {"exchange": "", "routing_key": "myq"}, "priority": 0,
        "body_encoding": "base64", "delivery_tag": "eaa48a81-4e24-45b7-ab33-fd3aaec67298"}}""";

  @Test
  void readsTheCapturedPythonMessage() {
    CeleryMessage m = CeleryMessage.parse(CAPTURED, 0);

    assertThat(m.id()).isEqualTo("beb25bd6-5d84-46f1-8dcd-c65de4c8813f");
    assertThat(m.task()).isEqualTo("tasks.echo");
    assertThat(CeleryJson.write(m.args())).isEqualTo("[1,\"two\"]");
    assertThat(CeleryJson.write(m.kwargs())).isEqualTo("{\"k\":\"v\",\"n\":[1,2]}");
    assertThat(m.headers().retries()).isZero();
    assertThat(m.eta()).isNull();
  }

  @Test
  void aMessageSentByTheJavaClientReadsBackWithItsOptions() {
    String raw = OutgoingMessage.build("id-1", "tasks.add", List.of(1, 2), Map.of("z", 3),
        CeleryOptions.builder().queue("myq").countdown(Duration.ofSeconds(2)).priority(9)
            .expiresIn(Duration.ofMinutes(10)).build(), "app", NOW);

    CeleryMessage m = CeleryMessage.parse(raw, 9);

    assertThat(m.task()).isEqualTo("tasks.add");
    assertThat(m.priority()).isEqualTo(9);
    assertThat(m.eta()).isEqualTo(Instant.parse("2026-11-22T10:45:16.381572Z"));
    assertThat(m.headers().eta()).isEqualTo("2026-11-22T10:45:16.381572+00:00");
    assertThat(m.headers().expires()).isEqualTo("2026-11-22T10:55:14.381572+00:00");
    assertThat(raw).contains("\"delivery_tag\":").contains("\"routing_key\":\"myq\"")
        .contains("\"expiration\":\"600000\"");
  }

  @Test
  void formatsTimestampsAsCeleryReadsAndWritesThem() {
    assertThat(CeleryJson.formatEta(NOW)).isEqualTo("2026-11-22T10:45:14.381572+00:00");
    assertThat(CeleryJson.formatDateDone(NOW)).isEqualTo("2026-11-22T10:45:14.381572");
    assertThat(CeleryJson.formatDateDone(Instant.parse("2026-11-22T10:45:14Z")))
        .isEqualTo("2026-11-22T10:45:14");
  }

  @Test
  void refusesWhatWouldKillOrMisleadAWorkerWithAReason() {
    assertReason("{not json", "not JSON");
    assertReason("{\"headers\": {\"id\": \"x\"}}", "no headers.task");
    assertReason(CAPTURED.replace("\"content-type\": \"application/json\"",
        "\"content-type\": \"application/x-python-serialize\""), "only application/json");
    // [[1, 1], {}]: two elements, which crash a Python worker
    assertReason(CAPTURED.replaceFirst("\"body\": \"[^\"]*\"", "\"body\": \"W1sxLCAxXSwge31d\""),
        "3 elements");
    assertReason(CAPTURED.replace("\"eta\": null", "\"eta\": \"tomorrow\""), "headers.eta");
    assertReason(CAPTURED.replaceFirst("\"body\": \"[^\"]*\"",
        "\"body\": \"W1tdLCB7fSwgeyJjaGFpbiI6IFt7InRhc2siOiAidGFza3MuYWRkIn1dfV0=\""),
        "embed.chain");
  }

  @Test
  void aMalformedMessageWithAReadableIdKeepsTheIdForItsFailureResult() {
    assertThatThrownBy(() -> CeleryMessage.parse(CAPTURED.replace("\"eta\": null",
        "\"eta\": \"tomorrow\""), 0))
        .isInstanceOfSatisfying(MalformedMessageException.class, e ->
            assertThat(e.celeryId()).isEqualTo("beb25bd6-5d84-46f1-8dcd-c65de4c8813f"));
  }

  private static void assertReason(String raw, String reason) {
    assertThatThrownBy(() -> CeleryMessage.parse(raw, 0))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining(reason);
  }
}
