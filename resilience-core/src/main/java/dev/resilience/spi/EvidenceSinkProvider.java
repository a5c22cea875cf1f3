package dev.resilience.spi;

import java.util.Map;

/** Creates {@link EvidenceSink}s by name; found with {@link java.util.ServiceLoader}. */
public interface EvidenceSinkProvider {
  /** Short unique name ({@code jsonl}, {@code slf4j}, {@code memory}, {@code postgres}, {@code s3}). */
  String name();

  EvidenceSink create(Map<String, String> config);
}
