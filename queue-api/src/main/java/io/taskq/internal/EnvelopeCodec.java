package io.taskq.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.taskq.PayloadException;
import org.jspecify.annotations.Nullable;

/**
 * Encodes payloads and envelopes as JSON (the envelope layout itself is {@link EnvelopeFormat}).
 * Payloads bind to their declared type only (no default
 * typing, so a stored task can never name a class to instantiate), strictly ({@link
 * PayloadBinder}: no lossy coercion, required record components present); unknown properties are
 * ignored so producers may add fields before workers know them. Thread-safe.
 * */
public final class EnvelopeCodec {

  /** Envelope format version written by this codec. */
  public static final int VERSION = 1;

  private final ObjectMapper mapper;
  private final int maxPayload;
  private final EnvelopeFormat format;

  /**
   * @param maxPayload largest encoded payload accepted by {@link #encodeArgs}, in bytes
   */
  public EnvelopeCodec(int maxPayload) {
    this.maxPayload = maxPayload;
    // Jackson's default buffer recycling is per thread; the worker runs every task on a new
    // virtual thread, so each parse allocated fresh 8-16 KB buffers (41% of the worker's
    // allocations, measured with JFR). A shared pool recycles them across threads.
    JsonFactory factory = JsonFactory.builder()
        .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
        // a binding failure names the JSON type met (PayloadBinder.describe), read after close
        .disable(StreamReadFeature.CLEAR_CURRENT_TOKEN_ON_CLOSE).build();
    this.mapper = PayloadBinder.configure(JsonMapper.builder(factory))
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    this.format = new EnvelopeFormat(mapper);
  }

  /** The payload limit in bytes. */
  public int maxPayload() {
    return maxPayload;
  }

  /**
   * Encodes a payload as JSON text.
   *
   * @throws PayloadException when it cannot be encoded, a required record component is null (the
   *     message names the field), or it exceeds the limit
   */
  public String encodeArgs(Object payload, String queue, String taskName) {
    String json;
    try {
      json = mapper.writeValueAsString(payload);
    } catch (PayloadBinder.NullComponentException e) {
      throw new PayloadException("payload of task " + taskName + ": field '"
          + PayloadBinder.path(e) + "' is null but required (declare the component Optional or"
          + " @Nullable to make it optional); nothing was submitted", queue, null, null);
    } catch (JsonProcessingException e) {
      throw new PayloadException("payload of task " + taskName + " cannot be encoded as JSON ("
          + e.getOriginalMessage() + "); nothing was submitted", queue, null, e);
    }
    checkSize(json, queue, taskName);
    return json;
  }

  /**
   * Validates JSON text given as arguments and returns it compacted.
   *
   * @throws PayloadException when it is not JSON or exceeds the limit
   */
  public String normalizeArgs(String json, String queue, String taskName) {
    String compact;
    try {
      compact = mapper.writeValueAsString(mapper.readTree(json));
    } catch (JsonProcessingException e) {
      throw new PayloadException("arguments of task " + taskName + " are not valid JSON ("
          + e.getOriginalMessage() + "); nothing was submitted", queue, null, e);
    }
    checkSize(compact, queue, taskName);
    return compact;
  }

  private void checkSize(String json, String queue, String taskName) {
    // UTF-8 length is at least the char count; compute it only when it could matter
    if (json.length() * 3L > maxPayload) {
      int bytes = utf8Length(json);
      if (bytes > maxPayload) {
        throw new PayloadException("payload of task " + taskName + " is " + bytes
            + " bytes, over the limit of " + maxPayload + " bytes (maxPayload); nothing was"
            + " submitted", queue, null, null);
      }
    }
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Binds JSON arguments to a payload type, strictly (see {@link PayloadBinder}). The worker binds
   * every task with it, and submit-time validation checks arguments with it.
   *
   * @param id the task's id, {@code null} before it has one
   * @throws PayloadException naming the task, the field and what was expected (never the value)
   */
  public <P> P decodeArgs(String json, Class<P> type, @Nullable String queue, String taskName,
      @Nullable String id) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new PayloadException("arguments of task " + taskName + " do not bind to "
          + type.getSimpleName() + ": " + PayloadBinder.describe(e, type), queue, id, null);
    }
  }

  /**
   * Binds a kept result to {@code type}; JSON {@code null} (a handler that returned nothing) is
   * {@code null}.
   *
   * @throws PayloadException naming the task and the type when the result does not bind
   */
  public <R> @Nullable R decodeResult(String json, Class<R> type, String queue, String id) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new PayloadException("result of task " + id + " does not bind to "
          + type.getSimpleName() + ": " + PayloadBinder.describe(e, type), queue, id, null);
    }
  }

  /** Encodes a result value as JSON text. */
  public String encodeResult(Object result) {
    try {
      return mapper.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new PayloadException("result cannot be encoded as JSON (" + e.getOriginalMessage()
          + ")", null, null, e);
    }
  }

  /** Encodes an envelope. */
  public String encode(TaskEnvelope e) {
    return format.encode(e);
  }

  /**
   * Decodes an envelope.
   *
   * @throws PayloadException when the text is not a version-1 envelope; the message says why
   *     without quoting the text
   */
  public TaskEnvelope decode(String text) {
    return format.decode(text);
  }
}
