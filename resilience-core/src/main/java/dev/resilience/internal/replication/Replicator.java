package dev.resilience.internal.replication;

import dev.resilience.BackupRequest;
import dev.resilience.IntegrityException;
import dev.resilience.ReplicationResult;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Copies snapshots into a second repository. Each copy is a new snapshot in the destination written from
 * the source snapshot's decrypted content (so the destination may use another store, region and key:
 * content is re-chunked, re-encrypted and deduplicated there), tagged with the source id and times. A copy
 * is verified by comparing its content digest with the source's; a copy that does not match is forgotten
 * and reported. Idempotent (snapshots that already have a copy are skipped) and resumable (a crash leaves
 * no snapshot in the destination, because the repository commits a snapshot last; the next run copies it
 * again and deduplication skips the chunks that made it).
 */
public final class Replicator {
  /** Tag on a copy: the id of the snapshot it copies. */
  public static final String SOURCE_ID = "replica.source-id";
  /** Tag on a copy: the source repository id. */
  public static final String SOURCE_REPOSITORY = "replica.source-repository";
  /** Tag on a copy: when the source snapshot started (the copy's own start time is when it was copied). */
  public static final String SOURCE_STARTED_AT = "replica.source-started-at";

  private Replicator() {}

  public static ReplicationResult replicate(String name, Repository source, Repository destination, List<Snapshot> snapshots,
      long bytesPerSecond) {
    Set<String> present = new java.util.HashSet<>();
    for (Snapshot s : destination.snapshots()) {
      if (source.id().equals(s.tags().get(SOURCE_REPOSITORY)) && s.tags().containsKey(SOURCE_ID)) {
        present.add(s.tags().get(SOURCE_ID));
      }
    }
    Map<String, String> copied = new LinkedHashMap<>();
    List<String> already = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (Snapshot s : snapshots) {
      if (present.contains(s.id())) {
        already.add(s.id());
        continue;
      }
      try {
        copied.put(s.id(), copy(source, destination, s, bytesPerSecond).id());
      } catch (RuntimeException e) {
        failed.put(s.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    return new ReplicationResult(name, copied, already, failed);
  }

  /** Copies one snapshot and verifies the copy's content digest. */
  public static Snapshot copy(Repository source, Repository destination, Snapshot s, long bytesPerSecond) {
    SnapshotReader reader = source.read(s.id(), RestoreRequest.all());
    BackupRequest.Builder request = BackupRequest.builder().full().bytesPerSecond(bytesPerSecond);
    if (s.tenant() != null) {
      request.tenant(s.tenant());
    }
    if (s.dataset() != null) {
      request.dataset(s.dataset());
    }
    if (s.classification() != null) {
      request.classification(s.classification());
    }
    s.tags().forEach(request::tag);
    request.tag(SOURCE_ID, s.id()).tag(SOURCE_REPOSITORY, source.id()).tag(SOURCE_STARTED_AT, s.startedAt().toString());
    Snapshot copy = destination.backup(new CopyTarget(s.target(), reader), request.build());
    if (!Objects.equals(copy.contentDigest(), s.contentDigest())) {
      destination.forget(copy.id());
      throw new IntegrityException("copy of snapshot " + s.shortId() + " has content digest " + copy.contentDigest()
          + " but the source has " + s.contentDigest() + "; the copy was removed");
    }
    return copy;
  }

  /** A target whose content is another snapshot's; it keeps the source target's name. */
  private record CopyTarget(String name, SnapshotReader reader) implements BackupTarget {
    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.FULL);
    }

    @Override
    public void backup(SnapshotWriter writer) {
      reader.metadata().forEach(writer::putMetadata);
      for (Entry e : reader.entries()) {
        Entry plain = e.withDigest(null);
        if (e.type() == EntryType.FILE) {
          try (InputStream in = reader.open(e)) {
            writer.add(plain, in);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        } else {
          writer.add(plain);
        }
      }
    }

    @Override
    public void restore(SnapshotReader ignored) {
      throw new UnsupportedOperationException("a replication source cannot be restored into");
    }
  }
}
