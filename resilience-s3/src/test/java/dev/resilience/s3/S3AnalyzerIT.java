package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.s3.AnalysisReport.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link S3Analyzer} certifying S3Proxy (loopback only): what it gets right, and what it gets wrong. */
class S3AnalyzerIT extends S3ProxyTestSupport {

  @Test
  void reportsEveryCheckAndCatchesThatS3ProxyIgnoresConditionalPuts() {
    try (S3ObjectStore store = S3ObjectStore.builder().connection(server.connection()).bucket(server.createBucket("analyze"))
        .prefix("repo").build()) {
      store.put("config", new byte[] {1, 2, 3});

      AnalysisReport report = S3Analyzer.analyze(store, 4, 16, Duration.ofMinutes(2));

      assertThat(report.findings()).extracting(AnalysisReport.Finding::check).containsExactly(
          "read-after-write", "list-after-write", "concurrent-writes", "concurrent-overwrites", "conditional-put",
          "aborted-multipart", "large-object", "ranged-reads");
      for (String ok : new String[] {"read-after-write", "list-after-write", "concurrent-writes", "concurrent-overwrites",
          "aborted-multipart", "large-object", "ranged-reads"}) {
        assertThat(report.finding(ok).outcome()).as(report.render()).isEqualTo(Outcome.PASSED);
      }
      // S3Proxy 2.6 ignores If-None-Match on PUT: the analysis must say so, because leases would be unsafe.
      assertThat(report.finding("conditional-put").outcome()).isEqualTo(Outcome.FAILED);
      assertThat(report.finding("conditional-put").detail()).contains("ignores If-None-Match");
      assertThat(report.passed()).isFalse();
      assertThat(report.render()).contains("FAILED  conditional-put");

      // The analysis cleans up after itself and leaves the store's own objects alone.
      assertThat(store.list("")).extracting(o -> o.key()).containsExactly("config");
    }
  }
}
