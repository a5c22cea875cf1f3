package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.evidence.EvidenceProblem.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** For any log length and position, tampering is reported at exactly that position. */
class EvidenceTamperingProperties {
  private final SigningKey key = SigningKey.generate();
  private final List<String> log = EvidenceFixtures.log(key, 16);
  private final EvidenceVerifier verifier = EvidenceVerifier.trusting(key.publicKey());

  @Property(tries = 60)
  void editDeleteSwapAndReplayAreFoundAtTheirPosition(@ForAll @IntRange(min = 2, max = 16) int length,
      @ForAll @IntRange(min = 0, max = 14) int anyPosition) {
    int position = anyPosition % (length - 1);
    List<String> base = log.subList(0, length);

    List<String> edited = new ArrayList<>(base);
    edited.set(position, edited.get(position).replace("\"actor\":\"svc\"", "\"actor\":\"svd\""));
    expect(edited, Kind.EDITED, position);

    List<String> deleted = new ArrayList<>(base);
    deleted.remove(position);
    expect(deleted, Kind.DELETED, position);

    List<String> swapped = new ArrayList<>(base);
    Collections.swap(swapped, position, position + 1);
    expect(swapped, Kind.REORDERED, position);

    List<String> replayed = new ArrayList<>(base);
    replayed.add(position + 1, base.get(position));
    expect(replayed, Kind.INSERTED, position + 1);
  }

  private void expect(List<String> lines, Kind kind, int index) {
    EvidenceProblem p = verifier.verify(lines).problem();
    assertThat(p).isNotNull();
    assertThat(p.kind()).isEqualTo(kind);
    assertThat(p.index()).isEqualTo(index);
  }
}
