package dev.resilience.evidence;

import dev.resilience.spi.EvidenceSink;
import dev.resilience.testkit.EvidenceSinkContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesEvidenceSinkContractTest extends EvidenceSinkContract {
  @TempDir
  Path dir;

  @Override
  protected EvidenceSink createSink() {
    return JsonLinesEvidenceSink.builder(dir).maxRecords(7).build();
  }

  @Override
  protected EvidenceSink reopen() {
    sink.close();
    return JsonLinesEvidenceSink.builder(dir).maxRecords(7).build();
  }
}
