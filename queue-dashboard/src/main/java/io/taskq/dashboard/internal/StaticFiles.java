package io.taskq.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The single-page UI, built by Vite into {@code io/taskq/dashboard/ui/} of the jar: {@code /}
 * is {@code index.html}, {@code /assets/*} the hashed (immutable) bundles. The UI routes with
 * the URL fragment, so no other path is a page.
 */
final class StaticFiles {
  private static final String ROOT = "/io/taskq/dashboard/ui/";
  private static final Pattern ASSET = Pattern.compile("/assets/[A-Za-z0-9._-]+");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "json", "application/json");

  void serve(Exchange ex) throws IOException {
    String path = ex.path();
    boolean index = path.equals("/") || path.equals("/index.html");
    if (!index && !ASSET.matcher(path).matches() && !path.equals("/favicon.svg")) {
      throw HttpError.notFound("no such page: " + Views.clip(path, 80));
    }
    String file = index ? "index.html" : path.substring(1);
    try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw HttpError.notFound(index ? "the UI is not in this build (built without npm);"
            + " the API is under /api/" : "no such file: " + Views.clip(path, 80));
      }
      String ext = file.substring(file.lastIndexOf('.') + 1);
      ex.setHeader("Cache-Control", index ? "no-cache" : "public, max-age=31536000, immutable");
      ex.send(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
    }
  }
}
