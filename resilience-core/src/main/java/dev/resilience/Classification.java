package dev.resilience;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The data classification of a dataset. Classifications drive retention minimums and maximums
 * (financial records must be kept, personal data must not be kept too long). The well-known ones are
 * constants; host applications may define their own with {@link #of(String)}.
 */
public record Classification(String name) {
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  public static final Classification PII = new Classification("PII");
  public static final Classification FINANCIAL = new Classification("FINANCIAL");
  public static final Classification OPERATIONAL = new Classification("OPERATIONAL");
  public static final Classification PUBLIC = new Classification("PUBLIC");

  public Classification {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "classification must be upper case letters, digits and '_' (1-64 chars), got '" + name + "'");
    }
  }

  /** A classification by name; case-insensitive, stored upper case. */
  public static Classification of(String name) {
    Objects.requireNonNull(name, "name");
    return new Classification(name.trim().toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public String toString() {
    return name;
  }
}
