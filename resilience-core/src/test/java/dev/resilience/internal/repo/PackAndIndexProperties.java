package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.IntegrityException;
import dev.resilience.internal.compress.ZstdCodec;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.crypto.KeyedHash;
import dev.resilience.internal.repo.IndexCodec.IndexFile;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class PackAndIndexProperties {
  private static final byte[] KEY = new byte[32];
  private static final byte[] ID_KEY = new byte[32];

  static {
    new Random(1).nextBytes(KEY);
    new Random(2).nextBytes(ID_KEY);
  }

  private final BlobCodec codec = new BlobCodec(new KeyedHash(ID_KEY), new ZstdCodec(3), new BlobCipher(KEY));

  private static byte[] blob(Random r) {
    byte[] b = new byte[r.nextInt(5000)];
    if (r.nextBoolean()) {
      r.nextBytes(b);
    } else {
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) ('a' + (i % 7));
      }
    }
    return b;
  }

  @Property(tries = 40)
  void packsDescribeThemselvesAndEveryBlobOpensToItsPlaintext(@ForAll @LongRange(min = 0, max = 10_000) long seed,
      @ForAll @IntRange(min = 0, max = 30) int count) {
    Random r = new Random(seed);
    BlobType type = r.nextBoolean() ? BlobType.DATA : BlobType.TREE;
    PackRef ref = PackRef.random(type, new SecureRandom());
    PackBuilder builder = new PackBuilder(ref, 16);
    List<byte[]> plains = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] p = blob(r);
      plains.add(p);
      BlobCodec.SealedBlob s = codec.seal(type, p, 0, p.length);
      builder.add(type, s.id(), s.sealed(), 0, s.sealed().length, s.rawLength(), s.compressed());
    }
    byte[] pack = builder.finish(codec.cipher());
    List<PackEntry> toc = PackFormat.readToc(codec.cipher(), ref, pack);
    assertThat(toc).isEqualTo(builder.entries());
    for (int i = 0; i < count; i++) {
      PackEntry e = toc.get(i);
      assertThat(codec.open(e, pack, (int) e.offset(), ref.key())).isEqualTo(plains.get(i));
    }
    assertThat(PackRef.fromKey(ref.key())).isEqualTo(ref);
  }

  @Property(tries = 40)
  void aTableOfContentsOpensOnlyUnderItsOwnPackName(@ForAll @LongRange(min = 0, max = 10_000) long seed) {
    Random r = new Random(seed);
    PackRef ref = PackRef.random(BlobType.DATA, new SecureRandom());
    PackBuilder builder = new PackBuilder(ref, 16);
    byte[] p = blob(r);
    BlobCodec.SealedBlob s = codec.seal(BlobType.DATA, p, 0, p.length);
    builder.add(BlobType.DATA, s.id(), s.sealed(), 0, s.sealed().length, s.rawLength(), s.compressed());
    byte[] pack = builder.finish(codec.cipher());
    PackRef renamed = PackRef.random(BlobType.DATA, new SecureRandom());
    assertThatThrownBy(() -> PackFormat.readToc(codec.cipher(), renamed, pack)).isInstanceOf(IntegrityException.class);
    // a blob cannot be passed off as another type or id
    PackEntry e = builder.entries().get(0);
    PackEntry asTree = new PackEntry(BlobType.TREE, e.id(), e.offset(), e.length(), e.rawLength(), e.compressed());
    assertThatThrownBy(() -> codec.open(asTree, pack, 0, ref.key())).isInstanceOf(IntegrityException.class);
  }

  @Property(tries = 40)
  void indexFilesRoundTrip(@ForAll @LongRange(min = 0, max = 10_000) long seed,
      @ForAll @IntRange(min = 0, max = 8) int packs, @ForAll @IntRange(min = 0, max = 3) int superseded) {
    Random r = new Random(seed);
    List<String> sup = new ArrayList<>();
    for (int i = 0; i < superseded; i++) {
      byte[] b = new byte[32];
      r.nextBytes(b);
      sup.add(HexFormat.of().formatHex(b));
    }
    List<PackRecord> records = new ArrayList<>();
    for (int p = 0; p < packs; p++) {
      BlobType type = BlobType.values()[r.nextInt(2)];
      List<PackEntry> entries = new ArrayList<>();
      long offset = 0;
      for (int i = r.nextInt(20); i > 0; i--) {
        byte[] id = new byte[32];
        r.nextBytes(id);
        int len = 28 + r.nextInt(100_000);
        entries.add(new PackEntry(type, BlobId.of(id), offset, len, r.nextInt(200_000), r.nextBoolean()));
        offset += len;
      }
      records.add(new PackRecord(PackRef.random(type, new SecureRandom()), offset + 100, entries));
    }
    IndexFile file = new IndexFile(sup, records);
    assertThat(IndexCodec.decode(IndexCodec.encode(file), "index/x")).isEqualTo(file);
  }

  @Property(tries = 30)
  void damagedIndexBytesNeverDecodeSilentlyWrongWhenSealed(@ForAll @LongRange(min = 0, max = 10_000) long seed) {
    Random r = new Random(seed);
    List<PackEntry> entries = List.of(new PackEntry(BlobType.DATA, BlobId.of(new byte[32]), 0, 40, 12, false));
    IndexFile file = new IndexFile(List.of(), List.of(new PackRecord(PackRef.random(BlobType.DATA, new SecureRandom()), 44, entries)));
    byte[] plain = IndexCodec.encode(file);
    byte[] sealed = codec.cipher().seal(RepositoryIndex.aad("n"), plain, 0, plain.length);
    sealed[r.nextInt(sealed.length)] ^= (byte) (1 << r.nextInt(8));
    assertThatThrownBy(() -> codec.cipher().open(RepositoryIndex.aad("n"), sealed, "index/n"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("index/n");
  }

  @Property(tries = 30)
  void blobIdsRoundTripThroughHex(@ForAll @LongRange(min = 0, max = 10_000) long seed) {
    byte[] b = new byte[32];
    new Random(seed).nextBytes(b);
    BlobId id = BlobId.of(b);
    assertThat(BlobId.parse(id.hex())).isEqualTo(id);
    assertThat(id.bytes()).isEqualTo(b);
  }
}
