package io.pulse.internal.websocket;

import io.pulse.http.HttpRequest;
import io.pulse.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The server side of the RFC 6455 opening handshake: is this an upgrade, may it proceed, and the 101 answer. */
public final class Handshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private Handshake() {}

  /** True if the request asks to switch to WebSocket ({@code Upgrade: websocket}, {@code Connection: upgrade}). */
  public static boolean isUpgrade(HttpRequest r) {
    return hasToken(r.header("Upgrade"), "websocket") && hasToken(r.header("Connection"), "upgrade");
  }

  /** Null if the upgrade may proceed, else the response refusing it (400, 405 or 426). */
  public static HttpResponse check(HttpRequest r) {
    if (!isUpgrade(r)) {
      return HttpResponse.text(426, "this path speaks WebSocket only\n").header("Upgrade", "websocket");
    }
    if (!r.method().equals("GET")) return HttpResponse.text(405, "a WebSocket upgrade must be a GET\n").header("Allow", "GET");
    if (!r.version().equals("HTTP/1.1")) return HttpResponse.text(400, "a WebSocket upgrade needs HTTP/1.1\n");
    if (!"13".equals(r.header("Sec-WebSocket-Version"))) {
      return HttpResponse.text(426, "unsupported Sec-WebSocket-Version " + r.header("Sec-WebSocket-Version") + "\n")
          .header("Sec-WebSocket-Version", "13");
    }
    String key = r.header("Sec-WebSocket-Key");
    if (key == null || !validKey(key)) return HttpResponse.text(400, "missing or malformed Sec-WebSocket-Key\n");
    return null;
  }

  /**
   * Null if the request's {@code Origin} may open a WebSocket, else 403. {@code allowed} empty: any origin. A request
   * without Origin (not from a browser) passes: the check stops cross-site pages, which browsers always label.
   */
  public static HttpResponse checkOrigin(HttpRequest r, Set<String> allowed) {
    String origin = r.header("Origin");
    if (allowed.isEmpty() || origin == null || allowed.contains(origin.trim().toLowerCase(Locale.ROOT))) return null;
    return HttpResponse.text(403, "origin " + abbreviate(origin) + " may not open a WebSocket here\n");
  }

  /** The first of {@code supported} (server preference) that the client offered, or null. */
  public static String subprotocol(HttpRequest r, List<String> supported) {
    if (supported.isEmpty()) return null;
    List<String> offered = new ArrayList<>();
    for (Map.Entry<String, String> h : r.headers()) {
      if (!h.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol")) continue;
      for (String t : h.getValue().split(",")) offered.add(t.trim());
    }
    for (String p : supported) if (offered.contains(p)) return p;
    return null;
  }

  /** The 101 response for a checked request, naming {@code subprotocol} if not null. */
  public static HttpResponse accept(HttpRequest r, String subprotocol) {
    HttpResponse resp = HttpResponse.of(101).header("Upgrade", "websocket").header("Connection", "Upgrade")
        .header("Sec-WebSocket-Accept", acceptKey(r.header("Sec-WebSocket-Key")));
    return subprotocol == null ? resp : resp.header("Sec-WebSocket-Protocol", subprotocol);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  /** Base64(SHA-1(key + GUID)), RFC 6455 section 4.2.2. */
  public static String acceptKey(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key.trim() + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static boolean validKey(String key) {
    try {
      return Base64.getDecoder().decode(key.trim()).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean hasToken(String header, String token) {
    if (header == null) return false;
    for (String t : header.split(",")) if (t.trim().equalsIgnoreCase(token)) return true;
    return false;
  }
}
