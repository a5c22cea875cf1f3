package dev.resilience.internal.drill;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.VerificationContext;
import dev.resilience.spi.VerificationResult;
import dev.resilience.spi.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in {@code checksums} verifier: reads back what was restored into the sandbox (by letting the
 * sandbox target stream its content into a hashing writer) and compares every file's SHA-256 with the
 * digest the snapshot recorded for that entry. Missing, extra and differing files fail it.
 */
public final class ChecksumVerifier implements Verifier {
  public static final String NAME = "checksums";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VerificationResult verify(VerificationContext context) {
    BackupTarget restored = context.restored()
        .orElseThrow(() -> new IllegalStateException("the checksums verifier needs a restored sandbox"));
    Map<String, String> expected = new TreeMap<>();
    for (Entry e : context.reader().entries()) {
      if (e.type() == EntryType.FILE) {
        expected.put(e.path(), e.digest());
      }
    }
    HashingWriter actual = new HashingWriter();
    restored.backup(actual);
    Map<String, String> got = actual.digests();
    List<String> missing = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String d = got.get(e.getKey());
      if (d == null) {
        missing.add(e.getKey());
      } else if (e.getValue() != null && !e.getValue().equalsIgnoreCase(d)) {
        differing.add(e.getKey());
      }
    }
    List<String> extra = new ArrayList<>(got.keySet());
    extra.removeAll(expected.keySet());
    Map<String, String> details = new TreeMap<>();
    details.put("files", String.valueOf(expected.size()));
    details.put("missing", String.valueOf(missing.size()));
    details.put("differing", String.valueOf(differing.size()));
    details.put("extra", String.valueOf(extra.size()));
    details.put("contentDigest", String.valueOf(context.snapshot().contentDigest()));
    if (missing.isEmpty() && differing.isEmpty() && extra.isEmpty()) {
      return VerificationResult.passed(NAME, expected.size() + " files, checksums equal", details);
    }
    details.put("firstProblems", java.util.stream.Stream.of(first(missing, "missing "), first(differing, "differs "),
        first(extra, "extra ")).filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.joining("; ")));
    return VerificationResult.failed(NAME, missing.size() + " missing, " + differing.size() + " differing, "
        + extra.size() + " unexpected of " + expected.size() + " files", details);
  }

  private static String first(List<String> paths, String label) {
    return paths.isEmpty() ? "" : label + String.join(" ", paths.subList(0, Math.min(5, paths.size())));
  }
}
