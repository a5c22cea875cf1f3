package dev.resilience.spi;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A key encrypted (wrapped) by a {@link KeyProvider}, with the public parameters needed to unwrap it
 * (salt, iteration count, KMS key id, ...). Safe to store next to the data.
 */
public record WrappedKey(String kind, Map<String, String> parameters, byte[] ciphertext) {
  public WrappedKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ciphertext, "ciphertext");
    parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w && kind.equals(w.kind) && parameters.equals(w.parameters)
        && Arrays.equals(ciphertext, w.ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, parameters, Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "WrappedKey[kind=" + kind + ", parameters=" + parameters + ", ciphertext=" + ciphertext.length + " bytes]";
  }
}
