package io.taskq.celery;

import io.taskq.celery.internal.CeleryJson;

/** Reads fields of stored result meta in tests. */
final class CeleryJsonView {
  private CeleryJsonView() {}

  static String dateDone(String meta) {
    try {
      return CeleryJson.MAPPER.readTree(meta).path("date_done").asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(meta, e);
    }
  }
}
