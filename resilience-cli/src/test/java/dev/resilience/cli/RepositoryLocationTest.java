package dev.resilience.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.ConfigurationException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryLocationTest {

  @Test
  void plainPathsAndFileUrisAreLocalDirectories() {
    String abs = Path.of("/srv/backup/repo").toString();
    assertThat(RepositoryLocation.parse("/srv/backup/repo").config()).isEqualTo(Map.of("path", abs));
    assertThat(RepositoryLocation.parse("file:/srv/backup/repo").config()).isEqualTo(Map.of("path", abs));
    assertThat(RepositoryLocation.parse("file:///srv/backup/repo").config()).isEqualTo(Map.of("path", abs));
    RepositoryLocation rel = RepositoryLocation.parse("repo");
    assertThat(rel.scheme()).isEqualTo("file");
    assertThat(rel.config().get("path")).isEqualTo(Path.of("repo").toAbsolutePath().toString());
  }

  @Test
  void s3UrisAreSplitIntoEndpointBucketAndPrefix() {
    RepositoryLocation a = RepositoryLocation.parse("s3:http://localhost:9000/backups/team-a/");
    assertThat(a.scheme()).isEqualTo("s3");
    assertThat(a.config()).isEqualTo(Map.of("endpoint", "http://localhost:9000", "bucket", "backups", "prefix", "team-a"));
    RepositoryLocation b = RepositoryLocation.parse("s3:s3.eu-west-1.amazonaws.com/bucket");
    assertThat(b.config()).isEqualTo(Map.of("endpoint", "https://s3.eu-west-1.amazonaws.com", "bucket", "bucket"));
    RepositoryLocation c = RepositoryLocation.parse("s3://bucket/a/b");
    assertThat(c.config()).isEqualTo(Map.of("bucket", "bucket", "prefix", "a/b"));
  }

  @Test
  void badLocationsFailClearly() {
    assertThatThrownBy(() -> RepositoryLocation.parse("s3:http://localhost:9000"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("bucket");
    assertThatThrownBy(() -> RepositoryLocation.parse(" ")).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void otherSchemesGoToTheProviderOfThatName() {
    RepositoryLocation m = RepositoryLocation.parse("memory:test");
    assertThat(m.scheme()).isEqualTo("memory");
    assertThat(m.config()).isEqualTo(Map.of("uri", "memory:test"));
  }
}
