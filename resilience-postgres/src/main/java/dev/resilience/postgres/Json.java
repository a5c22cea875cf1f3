package dev.resilience.postgres;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilience.IntegrityException;
import java.io.IOException;
import java.io.InputStream;

/** JSON for the entries this module writes. */
final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T read(InputStream in, Class<T> type, String what) {
    try {
      return MAPPER.readValue(in, type);
    } catch (IOException e) {
      throw new IntegrityException("unreadable " + what + ": " + e.getMessage(), e);
    }
  }
}
