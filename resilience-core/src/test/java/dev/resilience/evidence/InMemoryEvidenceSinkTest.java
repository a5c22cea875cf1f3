package dev.resilience.evidence;

import dev.resilience.spi.EvidenceSink;
import dev.resilience.testkit.EvidenceSinkContract;

class InMemoryEvidenceSinkTest extends EvidenceSinkContract {
  @Override
  protected EvidenceSink createSink() {
    return new InMemoryEvidenceSink();
  }

  @Override
  protected EvidenceSink reopen() {
    return sink;
  }
}
