package dev.resilience.internal.store;

import dev.resilience.PolicyViolationException;
import java.time.Instant;
import java.util.Objects;

/** Validation of {@link dev.resilience.spi.ObjectStore} keys, shared by the core stores. */
final class ObjectKeys {
  private ObjectKeys() {}

  /**
   * Checks that {@code key} is a relative, {@code /}-separated string of printable ASCII without empty,
   * {@code .} or {@code ..} segments and without backslashes.
   *
   * @throws IllegalArgumentException naming the key if it is not valid
   */
  static String validate(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("object key must not be empty");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\\') {
        throw new IllegalArgumentException(
            "object key must be printable ASCII without backslashes: '" + printable(key) + "'");
      }
    }
    if (key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("object key must not start or end with '/': '" + key + "'");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("object key has an empty, '.' or '..' segment: '" + key + "'");
      }
    }
    return key;
  }

  /**
   * Checks a list prefix: empty, or printable ASCII without backslashes and without a leading {@code /}.
   * Its complete segments (up to the last {@code /}) must be valid key segments.
   */
  static String validatePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      return prefix;
    }
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("list prefix must not start with '/': '" + prefix + "'");
    }
    int slash = prefix.lastIndexOf('/');
    if (slash >= 0) {
      validate(prefix.substring(0, slash));
    }
    for (int i = slash + 1; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\\') {
        throw new IllegalArgumentException("list prefix must be printable ASCII without backslashes: '" + printable(prefix) + "'");
      }
    }
    return prefix;
  }

  /** Throws if an object under WORM retention until {@code retainUntil} may not yet be removed or replaced at {@code now}. */
  static void checkNotRetained(String key, String store, Instant retainUntil, Instant now, String action) {
    if (retainUntil != null && now.isBefore(retainUntil)) {
      throw new PolicyViolationException(
          "cannot " + action + " '" + key + "' in " + store + ": under WORM retention until " + retainUntil);
    }
  }

  /** Throws {@link IllegalArgumentException} unless {@code [offset, offset + length)} lies within an object of {@code size} bytes. */
  static void checkRange(String key, long size, long offset, int length) {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new IllegalArgumentException(
          "range [" + offset + ", +" + length + ") lies outside '" + key + "' of " + size + " bytes");
    }
  }

  private static String printable(String key) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.length() && i < 200; i++) {
      char c = key.charAt(i);
      sb.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.toString();
  }
}
