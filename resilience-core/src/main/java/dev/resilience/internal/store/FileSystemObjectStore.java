package dev.resilience.internal.store;

import dev.resilience.NotFoundException;
import dev.resilience.PolicyViolationException;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.StorageTier;
import dev.resilience.spi.StoreFeature;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link ObjectStore} in a local directory. Every write goes to a temporary file in the target's
 * directory, is fsynced, atomically renamed into place, and the directory is fsynced, so a crash leaves
 * the old object or the whole new one. {@link #putIfAbsent} publishes the temporary file with a hard link,
 * which fails if the key exists, so exactly one of several processes wins.
 *
 * <p>Layout under the root: hot objects at {@code <key>}, cold and archive objects in the separate areas
 * {@code .cold/<key>} and {@code .archive/<key>} (which may be mounted on cheaper disks; every tier stays
 * readable), and emulated WORM retention in sidecar files {@code .worm/<key>}. Keys whose first segment is
 * one of these area names, or with a segment starting with {@code .tmp-}, are rejected.
 */
public final class FileSystemObjectStore implements ObjectStore {
  private static final String TEMP_PREFIX = AtomicFiles.TEMP_PREFIX;
  private static final String WORM_AREA = ".worm";
  private static final Map<StorageTier, String> AREAS = new EnumMap<>(Map.of(
      StorageTier.HOT, "", StorageTier.COLD, ".cold", StorageTier.ARCHIVE, ".archive"));
  private static final Set<String> RESERVED = Set.of(".cold", ".archive", WORM_AREA);

  private final Path root;
  private final Clock clock;
  private final Set<StoreFeature> features;
  /** Direct I/O for large objects (packs), or null where the file system or the JDK has none; see {@link #direct}. */
  private DirectIo direct;
  private volatile boolean probed;

  public FileSystemObjectStore(Path root, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(root, "root");
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw AtomicFiles.unavailable("create the store directory", root, e);
    }
    EnumSet<StoreFeature> f = EnumSet.of(StoreFeature.STORAGE_TIERS, StoreFeature.OBJECT_LOCK, StoreFeature.LOCAL);
    if (AtomicFiles.hardLinksWork(root)) {
      f.add(StoreFeature.ATOMIC_PUT_IF_ABSENT);
    }
    this.features = Set.copyOf(f);
  }

  /**
   * Direct I/O for an object of {@code length} bytes, or null (small object, or none here). The probe (a
   * file written and read back) runs when the first large object comes, not when the store opens: opening
   * is on the way to the key derivation of every command, and most commands never write a pack.
   */
  private DirectIo direct(long length) {
    if (length < DirectIo.THRESHOLD) {
      return null;
    }
    if (!probed) {
      synchronized (this) {
        if (!probed) {
          direct = DirectIo.probe(root);
          probed = true;
        }
      }
    }
    return direct;
  }

  public FileSystemObjectStore(Path root) {
    this(root, Clock.systemUTC());
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  @Override
  public String describe() {
    return root.toUri().toString();
  }

  @Override
  public Set<StoreFeature> features() {
    return features;
  }

  @Override
  public void put(String key, byte[] data, PutOptions options) {
    put(key, data, 0, Objects.requireNonNull(data, "data").length, options);
  }

  @Override
  public void put(String key, byte[] data, int offset, int length, PutOptions options) {
    validate(key);
    Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    Objects.requireNonNull(options, "options");
    ObjectKeys.checkNotRetained(key, describe(), readRetention(key), clock.instant(), "overwrite");
    if (options.retainUntil() != null) {
      writeRetention(key, options.retainUntil(), options.retentionMode().name());
    }
    Path target = path(options.tier(), key);
    AtomicFiles.replace(target, data, offset, length, direct(length), "write");
    removeFromOtherTiers(key, options.tier());
    if (options.retainUntil() == null) {
      AtomicFiles.deleteFile(retentionPath(key));
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data, PutOptions options) {
    validate(key);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(options, "options");
    if (find(key) != null) {
      return false;
    }
    Path target = path(options.tier(), key);
    Path temp = AtomicFiles.writeTemp(target, data);
    try {
      if (features.contains(StoreFeature.ATOMIC_PUT_IF_ABSENT)) {
        Files.createLink(target, temp);
        Files.delete(temp);
      } else {
        Files.move(temp, target);
      }
      AtomicFiles.fsyncDirectory(target.getParent());
    } catch (FileAlreadyExistsException e) {
      AtomicFiles.deleteQuietly(temp);
      return false;
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(temp);
      throw AtomicFiles.unavailable("write", target, e);
    }
    if (options.retainUntil() != null) {
      writeRetention(key, options.retainUntil(), options.retentionMode().name());
    }
    return true;
  }

  @Override
  public byte[] get(String key) {
    validate(key);
    for (int attempt = 0; ; attempt++) {
      Path p = requirePath(key);
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        long size = ch.size();
        if (size > Integer.MAX_VALUE - 8) {
          throw AtomicFiles.unavailable("read", p, new IOException("object is larger than 2 GiB"));
        }
        byte[] out = new byte[(int) size];
        AtomicFiles.readFully(ch, 0, out, 0, out.length, p);
        return out;
      } catch (NoSuchFileException e) {
        if (attempt > 0) {
          throw notFound(key); // moved between tiers or deleted while reading
        }
      } catch (IOException e) {
        throw AtomicFiles.unavailable("read", p, e);
      }
    }
  }

  @Override
  public byte[] get(String key, long offset, int length) {
    if (length < 0) {
      ObjectKeys.checkRange(key, Long.MAX_VALUE, offset, length); // throws, naming the key and range
    }
    byte[] out = new byte[length];
    read(key, offset, out, 0, length);
    return out;
  }

  @Override
  public void read(String key, long offset, byte[] dst, int dstOffset, int length) {
    try (RangeReader reader = openRangeReader(key)) {
      reader.read(offset, dst, dstOffset, length);
    }
  }

  /**
   * Opens the object's file once, on the first read: a channel for small reads and, for reads of
   * {@link DirectIo#THRESHOLD} or more, one with direct I/O, each opened when first needed. Reads see the
   * file as it was opened (a pack is never rewritten in place; one deleted meanwhile still reads).
   */
  @Override
  public RangeReader openRangeReader(String key) {
    validate(key);
    return new FileRangeReader(key);
  }

  private final class FileRangeReader implements RangeReader {
    private final String key;
    private Path path;
    private FileChannel plain;
    private FileChannel directChannel;
    private long size = -1;
    private boolean closed;

    FileRangeReader(String key) {
      this.key = key;
    }

    @Override
    public synchronized void read(long offset, byte[] dst, int dstOffset, int length) {
      Objects.checkFromIndexSize(dstOffset, length, dst.length);
      if (closed) {
        throw new IllegalStateException("reader of " + key + " is closed");
      }
      DirectIo io = direct(length);
      try {
        if (path == null) {
          path = requirePath(key);
        }
        if (io != null && directChannel == null) {
          directChannel = io.openForReading(path);
        } else if (io == null && plain == null) {
          plain = FileChannel.open(path, StandardOpenOption.READ);
        }
        FileChannel ch = io != null ? directChannel : plain;
        if (size < 0) {
          size = ch.size();
        }
        ObjectKeys.checkRange(key, size, offset, length);
        if (io != null) {
          io.read(ch, path, offset, dst, dstOffset, length);
        } else {
          AtomicFiles.readFully(ch, offset, dst, dstOffset, length, path);
        }
      } catch (NoSuchFileException e) {
        throw notFound(key);
      } catch (IOException e) {
        throw AtomicFiles.unavailable("read", path, e);
      }
    }

    @Override
    public synchronized void close() {
      closed = true;
      for (FileChannel ch : new FileChannel[] {plain, directChannel}) {
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // read-only: nothing was lost
          }
        }
      }
      plain = null;
      directChannel = null;
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    validate(key);
    for (StorageTier tier : StorageTier.values()) {
      Path p = path(tier, key);
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          return Optional.of(new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant(), tier, readRetention(key)));
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // not in this tier
      } catch (IOException e) {
        throw AtomicFiles.unavailable("stat", p, e);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    ObjectKeys.validatePrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    String dirPart = slash < 0 ? "" : prefix.substring(0, slash);
    TreeMap<String, ObjectInfo> found = new TreeMap<>();
    boolean anyRetention = Files.isDirectory(root.resolve(WORM_AREA)); // skip a sidecar lookup per object if none
    for (StorageTier tier : StorageTier.values()) {
      Path area = area(tier);
      Path start = dirPart.isEmpty() ? area : area.resolve(dirPart);
      walk(area, start, tier, prefix, anyRetention, found);
    }
    return new ArrayList<>(found.values());
  }

  @Override
  public void delete(String key) {
    validate(key);
    Path p = find(key);
    if (p == null) {
      return;
    }
    ObjectKeys.checkNotRetained(key, describe(), readRetention(key), clock.instant(), "delete");
    for (StorageTier tier : StorageTier.values()) {
      AtomicFiles.deleteFile(path(tier, key));
    }
    AtomicFiles.deleteFile(retentionPath(key));
  }

  @Override
  public void changeTier(String key, StorageTier tier) {
    validate(key);
    Objects.requireNonNull(tier, "tier");
    Path from = requirePath(key);
    Path to = path(tier, key);
    if (from.equals(to)) {
      return;
    }
    try {
      AtomicFiles.createParent(key, to);
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      AtomicFiles.fsyncDirectory(to.getParent());
      AtomicFiles.fsyncDirectory(from.getParent());
    } catch (NoSuchFileException e) {
      throw notFound(key);
    } catch (IOException e) {
      throw AtomicFiles.unavailable("move", from, e);
    }
  }

  @Override
  public void extendRetention(String key, Instant retainUntil) {
    validate(key);
    Objects.requireNonNull(retainUntil, "retainUntil");
    requirePath(key);
    Instant current = readRetention(key);
    if (current != null && retainUntil.isBefore(current)) {
      throw new PolicyViolationException("cannot shorten the retention of '" + key + "' in " + describe()
          + " from " + current + " to " + retainUntil);
    }
    writeRetention(key, retainUntil, readRetentionMode(key));
  }

  @Override
  public String toString() {
    return "FileSystemObjectStore[" + root + "]";
  }

  // --- layout ---

  private static void validate(String key) {
    ObjectKeys.validate(key);
    String first = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    if (RESERVED.contains(first)) {
      throw new IllegalArgumentException("object key uses the reserved area '" + first + "': '" + key + "'");
    }
    for (String segment : key.split("/")) {
      if (segment.startsWith(TEMP_PREFIX)) {
        throw new IllegalArgumentException("object key segments must not start with '" + TEMP_PREFIX + "': '" + key + "'");
      }
    }
  }

  private Path area(StorageTier tier) {
    String area = AREAS.get(tier);
    return area.isEmpty() ? root : root.resolve(area);
  }

  private Path path(StorageTier tier, String key) {
    return area(tier).resolve(key);
  }

  private Path retentionPath(String key) {
    return root.resolve(WORM_AREA).resolve(key);
  }

  /** The file holding the object, or null. Hot is looked up first. */
  private Path find(String key) {
    for (StorageTier tier : StorageTier.values()) {
      Path p = path(tier, key);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private Path requirePath(String key) {
    Path p = find(key);
    if (p == null) {
      p = find(key); // a concurrent tier change may have moved it between lookups
    }
    if (p == null) {
      throw notFound(key);
    }
    return p;
  }

  private void walk(
      Path area, Path start, StorageTier tier, String prefix, boolean anyRetention, Map<String, ObjectInfo> found) {
    if (!Files.isDirectory(start)) {
      return;
    }
    try {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (tier == StorageTier.HOT && dir.getParent() != null && dir.getParent().equals(root)
              && RESERVED.contains(dir.getFileName().toString())) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(TEMP_PREFIX)) {
            String key = keyOf(area, file);
            if (key.startsWith(prefix) && !found.containsKey(key)) {
              Instant retainUntil = anyRetention ? readRetention(key) : null;
              found.put(key, new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), tier, retainUntil));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted or moved while listing
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw AtomicFiles.unavailable("list", start, e);
    }
  }

  private static String keyOf(Path area, Path file) {
    Path rel = area.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  // --- retention sidecars ---

  private Instant readRetention(String key) {
    String[] fields = readRetentionFields(key);
    return fields == null ? null : Instant.parse(fields[0]);
  }

  private String readRetentionMode(String key) {
    String[] fields = readRetentionFields(key);
    return fields == null ? "COMPLIANCE" : fields[1];
  }

  private String[] readRetentionFields(String key) {
    Path p = retentionPath(key);
    try {
      String[] fields = Files.readString(p, StandardCharsets.US_ASCII).strip().split(" ");
      if (fields.length != 2) {
        throw AtomicFiles.unavailable("read retention of", p, new IOException("malformed retention file"));
      }
      return fields;
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (IOException e) {
      throw AtomicFiles.unavailable("read retention of", p, e);
    }
  }

  private void writeRetention(String key, Instant until, String mode) {
    AtomicFiles.replace(retentionPath(key), (until + " " + mode + "\n").getBytes(StandardCharsets.US_ASCII), "write retention of");
  }

  // --- file helpers ---




  private void removeFromOtherTiers(String key, StorageTier keep) {
    for (StorageTier tier : StorageTier.values()) {
      if (tier != keep) {
        AtomicFiles.deleteFile(path(tier, key));
      }
    }
  }





  private NotFoundException notFound(String key) {
    return new NotFoundException("no object '" + key + "' in " + describe());
  }

}
