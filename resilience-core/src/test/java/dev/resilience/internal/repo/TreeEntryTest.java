package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.spi.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TreeEntry}'s hand-written equals and hashCode keep the record's meaning. */
class TreeEntryTest {
  private static final BlobId A = BlobId.parse("aa".repeat(32));
  private static final BlobId B = BlobId.parse("bb".repeat(32));
  private static final Entry FILE = Entry.file("f", 2, Instant.EPOCH);

  @Test
  void equalWhenEntryAndChunksAreEqual() {
    TreeEntry t = new TreeEntry(FILE, List.of(A, B));
    TreeEntry same = new TreeEntry(Entry.file("f", 2, Instant.EPOCH), new ArrayList<>(List.of(A, B)));
    assertThat(same).isEqualTo(t);
    assertThat(same.hashCode()).isEqualTo(t.hashCode());
    assertThat(new TreeEntry(FILE, List.of(B, A))).as("chunk order").isNotEqualTo(t);
    assertThat(new TreeEntry(FILE, List.of(A))).as("chunks").isNotEqualTo(t);
    assertThat(new TreeEntry(Entry.file("f", 2, Instant.EPOCH.plusNanos(1)), List.of(A, B))).as("entry").isNotEqualTo(t);
    assertThat(t).isNotEqualTo(null).isNotEqualTo(FILE);
    assertThat(TreeEntry.class.getRecordComponents()).as("equals covers every component").hasSize(2);
  }
}
