package dev.resilience.evidence;

import dev.resilience.spi.EvidenceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Keeps records in memory (tests, short-lived tools). Thread-safe. */
public final class InMemoryEvidenceSink implements EvidenceSink {
  private final List<String> records = new ArrayList<>();

  public InMemoryEvidenceSink() {}

  @Override
  public synchronized void append(String record) {
    records.add(Objects.requireNonNull(record, "record"));
  }

  @Override
  public synchronized List<String> readAll() {
    return List.copyOf(records);
  }
}
