package io.taskq.celery.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** JSON and time formats as Celery 5.2 writes and reads them (PROTOCOL.md §3, §6). */
public final class CeleryJson {
  /** Integers of any size (Python's are unbounded), floats as doubles. */
  public static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * {@code eta}/{@code expires}: exactly six fraction digits and an offset. Celery reads the
   * fraction as a whole number of microseconds: three digits are misread, nine are refused.
   */
  private static final DateTimeFormatter ETA =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final DateTimeFormatter DATE_DONE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter DATE_DONE_WHOLE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private CeleryJson() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An {@code eta}/{@code expires} header value, e.g. {@code 2026-11-22T10:45:14.381572+00:00}. */
  public static String formatEta(Instant t) {
    return ETA.format(OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
  }

  /**
   * A {@code date_done} value: naive UTC, as Python's {@code datetime.utcnow().isoformat()} prints
   * it (no fraction when the microseconds are zero).
   */
  public static String formatDateDone(Instant t) {
    Instant micros = t.truncatedTo(ChronoUnit.MICROS);
    LocalDateTime utc = LocalDateTime.ofInstant(micros, ZoneOffset.UTC);
    return (micros.getNano() == 0 ? DATE_DONE_WHOLE : DATE_DONE).format(utc);
  }

  /**
   * Parses an {@code eta}/{@code expires} header: ISO-8601 with {@code Z} or an offset, any number
   * of fraction digits; a timestamp without an offset is read as UTC.
   *
   * @return null for a JSON null or a missing header
   * @throws MalformedMessageException when it is not such a timestamp
   */
  public static @Nullable Instant parseTime(@Nullable JsonNode value, String header) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new MalformedMessageException("headers." + header + " is not an ISO-8601 string");
    }
    String text = value.asText();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException offset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException naive) {
        throw new MalformedMessageException("headers." + header + " is not an ISO-8601 timestamp");
      }
    }
  }
}
