package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.KeyProviders;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** Shared helpers for repository tests: small chunks and packs, a cheap test-only KDF. */
final class RepoFixtures {
  static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  private RepoFixtures() {}

  static KeyProvider key() {
    return KeyProviders.insecurePassphraseForTests(PASSPHRASE, 1_000);
  }

  static KeyProvider key(String passphrase) {
    return KeyProviders.insecurePassphraseForTests(passphrase.toCharArray(), 1_000);
  }

  static RepositoryOptions options() {
    return RepositoryOptions.builder().chunkSizes(256, 1024, 8192).packSize(64 * 1024).parallelism(2).build();
  }

  static Repository init(ObjectStore store) {
    return Repository.init(store, key(), options());
  }

  /** Keys of the objects under a prefix. */
  static java.util.List<String> keys(ObjectStore store, String prefix) {
    return store.list(prefix).stream().map(dev.resilience.spi.ObjectInfo::key).toList();
  }

  static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  static byte[] text(Random r, int n) {
    String[] words = {"backup", "restore", "tenant", "retention", "évidence", "snapshot", "日本", "chunk", "\n"};
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      sb.append(words[r.nextInt(words.length)]).append(' ');
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), n);
  }

  /** A generated tree: empty, large, many small, binary and text files, unicode names, directories. */
  static MapTarget generatedTree(String name, long seed) {
    Random r = new Random(seed);
    MapTarget t = new MapTarget(name);
    t.put("empty.bin", new byte[0]);
    t.put("big/random.bin", random(r, 600_000));
    t.put("big/text.txt", text(r, 400_000));
    t.put("dir-only", null);
    t.put("données/日本語/файл.txt", text(r, 5_000));
    t.put("spaces and 'quotes'/x y.dat", random(r, 3_000));
    for (int i = 0; i < 150; i++) {
      t.put("small/f" + i, i % 2 == 0 ? random(r, r.nextInt(200)) : text(r, r.nextInt(3000)));
    }
    return t;
  }

  static Map<String, byte[]> restore(Repository repo, String id, RestoreRequest request) {
    MapTarget out = new MapTarget("restore");
    repo.restore(id, out, request);
    return out.files;
  }

  static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }
}
