package dev.resilience.internal.repo;

import dev.resilience.BackupKind;
import dev.resilience.Classification;
import dev.resilience.IntegrityException;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStats;
import dev.resilience.SnapshotStatus;
import dev.resilience.spi.PutOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Snapshot manifests {@code snapshots/<id>}: JSON sealed with AES-256-GCM, where the id is the keyed
 * hash of the JSON, so a manifest cannot be altered or renamed without detection. Written last, with
 * create-if-absent; the only commit point of a backup.
 */
final class Manifests {
  static final String PREFIX = "snapshots/";
  static final int VERSION = 1;

  private Manifests() {}

  /** A manifest and the snapshot it describes. */
  record Loaded(Snapshot snapshot, List<BlobId> tree) {}

  static String write(RepoContext ctx, Json.ManifestDoc doc) {
    byte[] plain = ctx.json().write(doc);
    String id = HexFormat.of().formatHex(ctx.ids().hash(plain));
    byte[] sealed = ctx.codec().cipher().seal(aad(id), plain, 0, plain.length);
    ctx.store().putIfAbsent(PREFIX + id, sealed, PutOptions.DEFAULT);
    return id;
  }

  static Loaded read(RepoContext ctx, String id) {
    String key = PREFIX + id;
    byte[] sealed = ctx.store().get(key);
    byte[] plain = ctx.codec().cipher().open(aad(id), sealed, key);
    String actual = HexFormat.of().formatHex(ctx.ids().hash(plain));
    if (!actual.equals(id)) {
      throw new IntegrityException(key + ": content does not match its id");
    }
    Json.ManifestDoc d = ctx.json().read(plain, Json.ManifestDoc.class, key);
    try {
      List<BlobId> tree = new ArrayList<>();
      for (String t : d.tree()) {
        tree.add(BlobId.parse(t));
      }
      Snapshot s = new Snapshot(
          id, d.parentId(), d.target(), d.tenant(), d.dataset(),
          d.classification() == null ? null : Classification.of(d.classification()),
          BackupKind.valueOf(d.kind()), Instant.parse(d.startedAt()), Instant.parse(d.finishedAt()),
          SnapshotStatus.valueOf(d.status()), d.tags(),
          new SnapshotStats(d.entries(), d.files(), d.totalBytes(), d.newBytes(), d.storedBytes(), d.newChunks(), d.reusedChunks()),
          d.contentDigest(), d.metadata());
      return new Loaded(s, tree);
    } catch (RuntimeException e) {
      throw new IntegrityException(key + ": manifest is malformed");
    }
  }

  static byte[] aad(String id) {
    return ("resilience/snapshot/v1:" + id).getBytes(StandardCharsets.US_ASCII);
  }
}
