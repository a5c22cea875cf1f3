package dev.resilience.spi;

import java.util.List;

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

  @Override
  default void close() {}
}
