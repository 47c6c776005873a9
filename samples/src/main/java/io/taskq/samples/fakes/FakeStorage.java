package io.taskq.samples.fakes;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** FAKE: stands in for object storage (S3, GCS); keeps objects in memory. */
public final class FakeStorage {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  /** Stores an object and returns its URL. */
  public String put(String key, String content) {
    objects.put(key, content.getBytes(StandardCharsets.UTF_8));
    return "fake-storage://" + key;
  }

  public int size(String key) {
    byte[] b = objects.get(key);
    return b == null ? -1 : b.length;
  }
}
