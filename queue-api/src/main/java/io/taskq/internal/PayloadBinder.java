package io.taskq.internal;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Strict binding of task arguments, shared by the worker (binding a claimed task) and by every
 * submit path (validating before anything is enqueued):
 *
 * <ul>
 *   <li>no lossy or cross-type scalar coercion: {@code 1.7} does not bind to an {@code int},
 *       {@code "5"} not to a number, {@code 1} not to a boolean or a string (an integer still binds
 *       to a floating-point component: nothing is lost);
 *   <li>every record component is required, present and not null, unless its type is
 *       {@code Optional} (or {@code OptionalInt}/{@code Long}/{@code Double}) or it carries a
 *       runtime annotation named {@code Nullable} (JSpecify's {@code @Nullable}); a primitive
 *       component is always required;
 *   <li>unknown properties are ignored, so producers may add fields before workers know them.
 * </ul>
 *
 * <p>Failures are described by the field's path and the expected JSON type, never by the value.
 */
public final class PayloadBinder {
  private static final Pattern MISSING =
      Pattern.compile("Missing required creator property '([^']*)'");

  private PayloadBinder() {}

  /** A mapper builder with the strict binding rules applied. */
  public static JsonMapper.Builder configure(JsonMapper.Builder b) {
    SimpleModule required = new SimpleModule("taskq-required-components");
    required.setSerializerModifier(new RefuseNullComponents());
    return b.addModule(new Jdk8Module())
        .addModule(required)
        .annotationIntrospector(new RequiredComponents())
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .withCoercionConfig(LogicalType.Textual, c -> c
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }

  /**
   * Whether a record component must be present and not null: it is unless its type is an
   * {@code Optional} or it is annotated {@code @Nullable}.
   */
  public static boolean isRequired(RecordComponent c) {
    Class<?> t = c.getType();
    if (t.isPrimitive()) {
      return true;
    }
    if (t == Optional.class || t == OptionalInt.class || t == OptionalLong.class
        || t == OptionalDouble.class) {
      return false;
    }
    return !nullable(c.getAnnotations()) && !nullable(c.getAnnotatedType().getAnnotations());
  }

  private static boolean nullable(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  /**
   * One line saying why JSON arguments do not bind to {@code type}: the field's path and what was
   * expected, never the value.
   */
  public static String describe(JsonProcessingException e, Class<?> type) {
    String path = e instanceof JsonMappingException m ? path(m) : "";
    if (e instanceof InvalidNullException) {
      return "field '" + path + "' is null but required" + HOW_OPTIONAL;
    }
    if (e instanceof MismatchedInputException m) {
      Matcher missing = MISSING.matcher(String.valueOf(m.getOriginalMessage()));
      if (missing.find()) {
        String name = missing.group(1);
        String field = path.equals(name) || path.endsWith("." + name) ? path
            : path.isEmpty() ? name : path + "." + name;
        return "field '" + field + "' is missing but required" + HOW_OPTIONAL;
      }
      String got = got(m);
      String expected = expected(m.getTargetType() == null ? type : m.getTargetType());
      return (path.isEmpty() ? "arguments" : "field '" + path + "'") + " must be " + expected
          + (got == null ? "" : ", got " + got);
    }
    if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() == null ? v : v.getCause();
      return (path.isEmpty() ? "" : "field '" + path + "': ") + "the constructor of "
          + v.getType().getRawClass().getSimpleName() + " refused the arguments ("
          + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()) + ")";
    }
    if (e instanceof InvalidDefinitionException d) {
      return "the payload type " + type.getName() + " cannot be bound from JSON ("
          + firstLine(d.getOriginalMessage()) + ")";
    }
    String msg = firstLine(e.getOriginalMessage());
    int cut = msg.indexOf(" from String \"");
    if (cut > 0) {
      msg = msg.substring(0, cut);
    }
    // "Unrecognized token 's3cret': was expecting ..." quotes the input: keep only the reason
    msg = msg.replaceAll("token '[^']*'", "token");
    // "(start marker at [Source: REDACTED ...; line: 1, column: 1])": the location follows anyway
    int marker = msg.indexOf(" (start marker at ");
    if (marker > 0) {
      msg = msg.substring(0, marker);
    }
    var loc = e.getLocation();
    return "not valid JSON: " + msg
        + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr());
  }

  /**
   * The path of the field a binding or encoding failure is about, e.g. {@code items[2].count}
   * (empty for the arguments as a whole).
   */
  public static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static final String HOW_OPTIONAL =
      " (declare the component Optional or @Nullable to make it optional)";

  private static @Nullable String got(MismatchedInputException m) {
    if (!(m.getProcessor() instanceof JsonParser p)) {
      return null;
    }
    JsonToken t = p.currentToken();
    if (t == null) {
      return null;
    }
    return switch (t) {
      case START_ARRAY, END_ARRAY -> "an array";
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a number with a fraction";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> null;
    };
  }

  private static String expected(Class<?> t) {
    String name = t.getSimpleName();
    if (t == int.class || t == long.class || t == short.class || t == byte.class
        || t == Integer.class || t == Long.class || t == Short.class || t == Byte.class
        || t == BigInteger.class) {
      return "an integer (" + name + ")";
    }
    if (t == double.class || t == float.class || t == Double.class || t == Float.class
        || t == BigDecimal.class) {
      return "a number (" + name + ")";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class || t == char.class || t == Character.class
        || CharSequence.class.isAssignableFrom(t)) {
      return "a string";
    }
    if (t.isEnum()) {
      return "one of " + Arrays.stream(t.getEnumConstants()).map(String::valueOf)
          .collect(Collectors.joining(", "));
    }
    if (t.isArray() || Collection.class.isAssignableFrom(t)) {
      return "an array";
    }
    if (t.getName().startsWith("java.time.")) {
      return "a " + name + " (ISO-8601)";
    }
    return "a JSON object (" + name + ")";
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The record component a creator parameter, field or accessor of a record stands for. */
  static @Nullable RecordComponent component(Annotated a) {
    if (!(a instanceof AnnotatedMember m) || !m.getDeclaringClass().isRecord()) {
      return null;
    }
    RecordComponent[] components = m.getDeclaringClass().getRecordComponents();
    if (m instanceof AnnotatedParameter p) {
      if (!(p.getOwner().getAnnotated() instanceof Constructor<?> c)
          || !Arrays.equals(c.getParameterTypes(), Arrays.stream(components)
              .map(RecordComponent::getType).toArray(Class<?>[]::new))) {
        return null; // not the canonical constructor: its parameters are the user's business
      }
      return components[p.getIndex()];
    }
    for (RecordComponent c : components) {
      if (c.getName().equals(m.getName())) {
        return c;
      }
    }
    return null;
  }

  /** Marks required record components for binding: missing or null fails. */
  private static final class RequiredComponents extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Boolean hasRequiredMarker(AnnotatedMember m) {
      Boolean declared = super.hasRequiredMarker(m);
      RecordComponent c = component(m);
      if (c == null) {
        return declared;
      }
      return Boolean.TRUE.equals(declared) || isRequired(c);
    }

    @Override
    public JsonSetter.Value findSetterInfo(Annotated a) {
      JsonSetter.Value v = super.findSetterInfo(a);
      RecordComponent c = component(a);
      if (c != null && isRequired(c) && v.nonDefaultValueNulls() == null) {
        return v.withValueNulls(Nulls.FAIL);
      }
      return v;
    }
  }

  /** Refuses to encode a record whose required component is null. */
  private static final class RefuseNullComponents extends BeanSerializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config,
        BeanDescription desc, List<BeanPropertyWriter> props) {
      if (desc.getBeanClass().isRecord()) {
        for (BeanPropertyWriter w : props) {
          RecordComponent c = component(w.getMember());
          if (c != null && isRequired(c)) {
            w.assignNullSerializer(RefuseNull.INSTANCE);
          }
        }
      }
      return props;
    }
  }

  /** Thrown while encoding a null required component; the path names the field. */
  public static final class NullComponentException extends JsonMappingException {
    private static final long serialVersionUID = 1L;

    NullComponentException(JsonGenerator g) {
      super(g, "required component is null");
    }
  }

  private static final class RefuseNull extends JsonSerializer<Object> {
    static final RefuseNull INSTANCE = new RefuseNull();

    @Override
    public void serialize(Object value, JsonGenerator g, SerializerProvider p) throws IOException {
      throw new NullComponentException(g);
    }
  }
}
