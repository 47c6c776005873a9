package io.taskq.celery.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.celery.CeleryArgs;
import io.taskq.internal.EnvelopeCodec;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * Binds Celery's args and kwargs to a handler's payload type, the way Python binds them to a
 * function's parameters: a record's components are filled positionally from args, then by name
 * from kwargs; {@link CeleryArgs} takes both as sent ({@code *args, **kwargs}); any other type
 * takes a single positional argument. Values bind strictly (taskq's payload binding).
 */
public final class ArgsBinder {
  private final EnvelopeCodec codec;

  public ArgsBinder(EnvelopeCodec codec) {
    this.codec = codec;
  }

  /**
   * The payload for {@code call}.
   *
   * @throws io.taskq.PayloadException (Python's TypeError) when they do not fit, naming the
   *     parameter, never the value
   */
  public <P> P bind(Class<P> type, CeleryCall call, String queue, String id, String task) {
    return codec.decodeArgs(CeleryJson.write(json(type, call, task)), type, queue, task, id);
  }

  static JsonNode json(Class<?> type, CeleryCall call, String task) {
    if (type == CeleryArgs.class) {
      ObjectNode o = CeleryJson.object();
      o.set("args", call.args());
      o.set("kwargs", call.kwargs());
      return o;
    }
    if (!type.isRecord()) {
      if (call.args().size() != 1 || !call.kwargs().isEmpty()) {
        throw new ArgsException(task + "() takes 1 positional argument but "
            + call.args().size() + " positional and " + call.kwargs().size()
            + " keyword arguments were given");
      }
      return call.args().get(0);
    }
    RecordComponent[] components = type.getRecordComponents();
    if (call.args().size() > components.length) {
      throw new ArgsException(task + "() takes " + components.length + " positional arguments"
          + " but " + call.args().size() + " were given");
    }
    ObjectNode o = CeleryJson.object();
    for (int i = 0; i < call.args().size(); i++) {
      o.set(components[i].getName(), call.args().get(i));
    }
    for (Map.Entry<String, JsonNode> kw : call.kwargs().properties()) {
      if (o.has(kw.getKey())) {
        throw new ArgsException(task + "() got multiple values for argument '" + kw.getKey()
            + "'");
      }
      if (!hasComponent(components, kw.getKey())) {
        throw new ArgsException(task + "() got an unexpected keyword argument '" + kw.getKey()
            + "'");
      }
      o.set(kw.getKey(), kw.getValue());
    }
    return o;
  }

  private static boolean hasComponent(RecordComponent[] components, String name) {
    for (RecordComponent c : components) {
      if (c.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Arguments that do not fit the handler's parameters: Python's {@code TypeError}. */
  public static final class ArgsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ArgsException(String message) {
      super(message);
    }
  }
}
