package dev.resilience.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntryPathTest {
  @Test
  void relativePathsWithOrdinarySegmentsAreAccepted() {
    for (String p : List.of("a", "a/b", ".hidden", "a/.b/c", "..x", "x..", "a/...", "dir/ünï ✓/f.txt", "a.")) {
      assertThat(Entry.file(p, 1, null).path()).isEqualTo(p);
    }
  }

  @Test
  void emptyDotAndDotDotSegmentsAndAbsolutePathsAreRejected() {
    for (String p : List.of("", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "./a", "../a", "a/.", "a/..")) {
      assertThatThrownBy(() -> Entry.file(p, 1, null)).as(p).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
