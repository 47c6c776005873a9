package io.taskq.dashboard.internal;

/** A request the dashboard refuses: answered with {@code status} and a one-line JSON error. */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  static HttpError notFound(String message) {
    return new HttpError(404, message);
  }
}
