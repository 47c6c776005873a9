package io.taskq.samples.fakes;

import java.util.concurrent.atomic.AtomicLong;

/** FAKE: stands in for an SMTP server; counts messages instead of sending them. */
public final class FakeMailer {
  private final AtomicLong sent = new AtomicLong();

  /** "Sends" a message and returns its message id. */
  public String send(String to, String subject, String body) {
    if (to.isBlank() || !to.contains("@")) {
      throw new IllegalArgumentException("not an email address");
    }
    return "msg-" + sent.incrementAndGet() + "-" + Integer.toHexString((subject + body).hashCode());
  }

  public long sent() {
    return sent.get();
  }
}
