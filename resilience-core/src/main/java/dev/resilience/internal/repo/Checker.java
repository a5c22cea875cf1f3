package dev.resilience.internal.repo;

import dev.resilience.CheckReport;
import dev.resilience.CheckRequest;
import dev.resilience.NotFoundException;
import dev.resilience.ResilienceException;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.ObjectInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link dev.resilience.Repository#check}: reads, never writes. Structure: config, key slots, every index
 * file, every snapshot manifest and its tree, every content blob a snapshot references listed in the
 * index, and every indexed pack present with the indexed size. With {@code readData}: for all or a
 * random share of packs, reads the pack's table of contents from its end and matches it against the
 * index, then reads the blobs in slices and authenticates, decompresses and id-checks every one. Each
 * problem names the object key.
 */
final class Checker {
  private final RepoContext ctx;
  private final DefaultRepository repo;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  /** Set when the check fails on this thread: the pack reading stops handing out packs. */
  private volatile boolean stopped;

  Checker(RepoContext ctx, DefaultRepository repo) {
    this.ctx = ctx;
    this.repo = repo;
  }

  CheckReport run(CheckRequest request) {
    checkConfigAndKeys();
    RepositoryIndex index = RepositoryIndex.loadForReading(ctx, (key, e) -> problems.add(e.getMessage()));
    Map<String, Long> packSizes = new HashMap<>();
    for (BlobType t : BlobType.values()) {
      for (ObjectInfo info : ctx.store().list(t.packPrefix())) {
        packSizes.put(info.key(), info.size());
      }
    }
    for (PackRecord p : index.packs()) {
      Long size = packSizes.get(p.ref().key());
      if (size == null) {
        problems.add(p.ref().key() + ": pack is listed in the index but missing from the store");
      } else if (size != p.length()) {
        problems.add(p.ref().key() + ": pack has " + size + " bytes, the index says " + p.length());
      }
    }
    List<PackRecord> packs = new ArrayList<>(index.packs());
    packs.sort((a, b) -> a.ref().key().compareTo(b.ref().key()));
    int packsChecked = packs.size();
    CompletableFuture<Long> blobsRead = CompletableFuture.completedFuture(0L);
    if (request.readData()) {
      Collections.shuffle(packs, new Random(request.seed()));
      int n = request.readDataPercent() >= 100 ? packs.size()
          : (int) Math.ceil(packs.size() * request.readDataPercent() / 100.0);
      List<PackRecord> chosen = packs.subList(0, n);
      // The packs are read on the workers while this thread checks the snapshots' trees: the trees are
      // read and parsed on one thread, which left the other cores idle for a third of a second or more.
      blobsRead = CompletableFuture.supplyAsync(() -> readPacks(chosen, packSizes), ctx.io());
      packsChecked = n;
    }
    int snapshots;
    try {
      snapshots = checkSnapshots(index);
    } catch (RuntimeException | Error e) {
      stopped = true;
      throw e;
    }
    long blobs = join(blobsRead);
    List<String> sorted = new ArrayList<>(problems);
    Collections.sort(sorted);
    return new CheckReport(sorted, snapshots, packsChecked, blobs);
  }

  private void checkConfigAndKeys() {
    try {
      Json.ConfigDoc c = RepoConfig.read(ctx.store());
      RepoConfig.authenticate(c, ctx.ids());
      if (!c.id().equals(ctx.repositoryId())) {
        problems.add("config: repository id changed since this repository was opened");
      }
    } catch (ResilienceException e) {
      problems.add(e.getMessage().startsWith("config") ? e.getMessage() : "config: " + e.getMessage());
    }
    for (String id : KeySlots.ids(ctx.store())) {
      try {
        KeySlots.read(ctx.store(), id);
      } catch (NotFoundException e) {
        // removed meanwhile
      } catch (ResilienceException e) {
        problems.add(e.getMessage());
      }
    }
  }

  private int checkSnapshots(RepositoryIndex index) {
    BlobLoader loader = new BlobLoader(ctx, index);
    int count = 0;
    // Snapshots of an unchanged tree share their tree blobs: check each distinct tree once.
    Set<List<BlobId>> checkedTrees = new HashSet<>();
    for (ObjectInfo info : ctx.store().list(Manifests.PREFIX)) {
      String id = info.key().substring(Manifests.PREFIX.length());
      try {
        Manifests.Loaded m = Manifests.read(ctx, id);
        count++;
        if (!checkedTrees.add(m.tree())) {
          continue;
        }
        // One entry at a time: holding a whole tree while the workers read packs cost 20 MiB of heap.
        repo.forEachTreeEntry(loader, id, t -> {
          if (t.entry().type() != EntryType.FILE) {
            return;
          }
          for (BlobId b : t.chunks()) {
            if (index.find(b) == null) {
              problems.add(info.key() + ": entry '" + t.entry().path() + "' needs blob " + b.hex().substring(0, 16)
                  + ", which is not in the index");
              return;
            }
          }
        });
      } catch (NotFoundException e) {
        continue;
      } catch (ResilienceException e) {
        problems.add(e.getMessage().startsWith(info.key()) ? e.getMessage() : info.key() + ": " + e.getMessage());
      }
    }
    return count;
  }

  /**
   * Reads and checks the given packs on the worker pool, at most one pack per worker (plus one) in memory
   * at a time; problems are collected, never thrown. Returns the number of blobs that passed.
   */
  private long readPacks(List<PackRecord> packs, Map<String, Long> present) {
    int parallel = Math.max(1, ctx.options().effectiveParallelism());
    Semaphore slots = new Semaphore(parallel + 1);
    AtomicLong blobs = new AtomicLong();
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (PackRecord p : packs) {
      if (stopped) {
        break;
      }
      if (!present.containsKey(p.ref().key())) {
        continue;
      }
      slots.acquireUninterruptibly();
      try {
        running.add(CompletableFuture.runAsync(() -> {
          try {
            blobs.addAndGet(readPack(p, present.get(p.ref().key())));
          } catch (RuntimeException e) {
            problems.add(p.ref().key() + ": cannot be checked: " + e.getMessage());
          } finally {
            slots.release();
          }
        }, ctx.workers()));
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
    }
    CompletableFuture.allOf(running.toArray(new CompletableFuture[0])).join();
    return blobs.get();
  }

  /** Bytes of blobs read and checked at a time: a pack is checked in slices, never held whole. */
  private static final int WINDOW = 4 << 20;

  private long readPack(PackRecord p, long size) {
    String key = p.ref().key();
    try {
      try {
        checkToc(p, size);
      } catch (NotFoundException e) {
        throw e;
      } catch (ResilienceException e) {
        problems.add(e.getMessage().startsWith(key) ? e.getMessage() : key + ": " + e.getMessage());
      }
      return readBlobs(p, size);
    } catch (NotFoundException e) {
      return 0; // deleted meanwhile (a prune)
    }
  }

  /** Reads the pack's table of contents from its end, authenticates it and compares it with the index. */
  private void checkToc(PackRecord p, long size) {
    if (!Pruner.readToc(ctx, p.ref(), size).equals(p.entries())) {
      problems.add(p.ref().key() + ": table of contents differs from the index");
    }
  }

  /** Consecutive blobs {@code [from, to)} of a pack's sorted entries, read together: {@code length} bytes at {@code start}. */
  private record Slice(int from, int to, long start, int length) {}

  /**
   * Authenticates, decompresses and id-checks every indexed blob, reading consecutive blobs together in
   * slices of up to {@link #WINDOW} bytes (a larger blob alone). The next slice is read on the I/O pool
   * while this one is checked: packs are written with direct I/O, so they are read from the device, and a
   * worker waiting for each read left its core idle a third of the time. Returns the number that passed.
   */
  private long readBlobs(PackRecord p, long size) {
    String key = p.ref().key();
    List<PackEntry> entries = new ArrayList<>(p.entries());
    entries.sort(Comparator.comparingLong(PackEntry::offset));
    List<Slice> slices = new ArrayList<>();
    int i = 0;
    while (i < entries.size()) {
      PackEntry first = entries.get(i);
      if (first.offset() < 0 || first.offset() + first.length() > size) {
        problems.add(key + ": blob " + first.id().hex().substring(0, 16) + " lies beyond the end of the pack");
        i++;
        continue;
      }
      long start = first.offset();
      long end = start + first.length();
      int j = i + 1;
      while (j < entries.size()) {
        PackEntry e = entries.get(j);
        long eEnd = e.offset() + e.length();
        if (e.offset() < end || eEnd > size || eEnd - start > WINDOW) {
          break;
        }
        end = eEnd;
        j++;
      }
      slices.add(new Slice(i, j, start, (int) (end - start)));
      i = j;
    }
    long blobs = 0;
    CompletableFuture<byte[]> next = slices.isEmpty() ? null : readAsync(key, slices.get(0));
    try {
      for (int s = 0; s < slices.size(); s++) {
        byte[] window = join(next);
        next = s + 1 < slices.size() ? readAsync(key, slices.get(s + 1)) : null;
        try {
          Slice slice = slices.get(s);
          for (int k = slice.from(); k < slice.to(); k++) {
            PackEntry e = entries.get(k);
            try {
              ctx.buffers().give(ctx.codec().openPooled(e, window, (int) (e.offset() - slice.start()), key, ctx.buffers(), true));
              blobs++;
            } catch (ResilienceException ex) {
              problems.add(ex.getMessage());
            }
          }
        } finally {
          ctx.buffers().give(window);
        }
      }
    } finally {
      if (next != null) { // a read failed or threw: the one still running returns its buffer when done
        next.thenAccept(ctx.buffers()::give);
      }
    }
    return blobs;
  }

  /** Reads a slice into a pooled array on the I/O pool; the array goes back to the pool if the read fails. */
  private CompletableFuture<byte[]> readAsync(String key, Slice slice) {
    return CompletableFuture.supplyAsync(() -> {
      byte[] window = ctx.buffers().take(slice.length());
      try {
        ctx.store().read(key, slice.start(), window, 0, slice.length());
        return window;
      } catch (RuntimeException e) {
        ctx.buffers().give(window);
        throw e;
      }
    }, ctx.io());
  }

  /** The future's value, or the exception it failed with (e.g. {@link NotFoundException} for a pack pruned meanwhile). */
  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }
}
