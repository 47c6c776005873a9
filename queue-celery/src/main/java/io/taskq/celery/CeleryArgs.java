package io.taskq.celery;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The payload of a handler that takes Celery's arguments as sent, like a Python task declared
 * {@code def task(*args, **kwargs)}. A handler whose payload is any other record gets its
 * components filled positionally from args, then by name from kwargs.
 *
 * @param args positional arguments (JSON values: numbers, strings, booleans, null, lists, maps)
 * @param kwargs keyword arguments
 */
public record CeleryArgs(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) {}
