package dev.resilience.spi;

import java.util.List;
import java.util.Optional;

/**
 * Stores evidence records. The core builds, chains (each record carries the hash of the previous one)
 * and signs every record; a sink only stores the canonical JSON text it is given, in order, and reads it
 * back for verification. A sink never alters a record.
 *
 * <p><b>Contract.</b> {@link #append} is durable when it returns (e.g. fsync for a file). Records come back
 * from {@link #readAll} in append order, byte for byte as appended. Sinks that cannot read back (SLF4J)
 * throw {@link UnsupportedOperationException} from {@code readAll}.
 */
public interface EvidenceSink extends AutoCloseable {

  /** Appends one signed record (canonical JSON, no line breaks). */
  void append(String record);

  /** Every record appended so far, in order. */
  List<String> readAll();

  /**
   * The last record appended, if any; the evidence log resumes its chain from it on start. The default
   * reads everything; sinks over large stores should override it (e.g. {@code ORDER BY seq DESC LIMIT 1}).
   */
  default Optional<String> lastRecord() {
    List<String> all = readAll();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  @Override
  default void close() {}
}
