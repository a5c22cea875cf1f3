package dev.resilience.evidence;

import dev.resilience.spi.EvidenceSink;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each record at INFO to an SLF4J logger (default {@code dev.resilience.evidence}), for shipping
 * evidence through the host's log pipeline. Write-only: {@link #readAll()} is unsupported, so an
 * {@link EvidenceLog} on this sink alone starts a new chain at each start; pair it with a readable sink
 * for a continuous chain.
 */
public final class Slf4jEvidenceSink implements EvidenceSink {
  private final Logger logger;

  /** Logs to {@code dev.resilience.evidence}. */
  public Slf4jEvidenceSink() {
    this("dev.resilience.evidence");
  }

  /** Logs to the named logger. */
  public Slf4jEvidenceSink(String loggerName) {
    this.logger = LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName"));
  }

  @Override
  public void append(String record) {
    logger.info("{}", Objects.requireNonNull(record, "record"));
  }

  @Override
  public List<String> readAll() {
    throw new UnsupportedOperationException("the SLF4J evidence sink cannot read records back");
  }
}
