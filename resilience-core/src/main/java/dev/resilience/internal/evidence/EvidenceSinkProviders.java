package dev.resilience.internal.evidence;

import dev.resilience.ConfigurationException;
import dev.resilience.evidence.InMemoryEvidenceSink;
import dev.resilience.evidence.JsonLinesEvidenceSink;
import dev.resilience.evidence.Slf4jEvidenceSink;
import dev.resilience.spi.EvidenceSink;
import dev.resilience.spi.EvidenceSinkProvider;
import java.nio.file.Path;
import java.util.Map;

/** ServiceLoader factories for the core evidence sinks. */
public final class EvidenceSinkProviders {
  private EvidenceSinkProviders() {}

  /**
   * {@code jsonl}: {@code directory} (required), {@code prefix}, {@code maxBytes}, {@code maxRecords},
   * {@code fsync} (true/false).
   */
  public static final class JsonLines implements EvidenceSinkProvider {
    @Override
    public String name() {
      return "jsonl";
    }

    @Override
    public EvidenceSink create(Map<String, String> config) {
      String dir = config.get("directory");
      if (dir == null || dir.isBlank()) {
        throw new ConfigurationException("evidence sink 'jsonl' needs 'directory'");
      }
      try {
        JsonLinesEvidenceSink.Builder b = JsonLinesEvidenceSink.builder(Path.of(dir));
        if (config.containsKey("prefix")) {
          b.prefix(config.get("prefix"));
        }
        if (config.containsKey("maxBytes")) {
          b.maxBytes(Long.parseLong(config.get("maxBytes")));
        }
        if (config.containsKey("maxRecords")) {
          b.maxRecords(Long.parseLong(config.get("maxRecords")));
        }
        if (config.containsKey("fsync")) {
          b.fsync(Boolean.parseBoolean(config.get("fsync")));
        }
        return b.build();
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("evidence sink 'jsonl': " + e.getMessage(), e);
      }
    }
  }

  /** {@code slf4j}: {@code logger} (optional logger name). */
  public static final class Slf4j implements EvidenceSinkProvider {
    @Override
    public String name() {
      return "slf4j";
    }

    @Override
    public EvidenceSink create(Map<String, String> config) {
      String logger = config.get("logger");
      return logger == null ? new Slf4jEvidenceSink() : new Slf4jEvidenceSink(logger);
    }
  }

  /** {@code memory}: no options. */
  public static final class Memory implements EvidenceSinkProvider {
    @Override
    public String name() {
      return "memory";
    }

    @Override
    public EvidenceSink create(Map<String, String> config) {
      return new InMemoryEvidenceSink();
    }
  }
}
