package dev.resilience.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.evidence.EvidenceAction;
import dev.resilience.evidence.EvidenceLog;
import dev.resilience.evidence.EvidenceProblem;
import dev.resilience.evidence.EvidenceSubject;
import dev.resilience.evidence.EvidenceVerification;
import dev.resilience.evidence.EvidenceVerifier;
import dev.resilience.evidence.SigningKey;
import dev.resilience.spi.EvidenceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every readable {@link EvidenceSink} must have (see its Javadoc contract): records come
 * back in append order, byte for byte; a chain written through {@link EvidenceLog} verifies; a log
 * reopened on the same storage resumes the chain. An implementation's test extends this class (it ships
 * in {@code resilience-core}'s test-jar, like {@link ObjectStoreContract}).
 */
public abstract class EvidenceSinkContract {
  /** The sink under test: fresh and empty for every test. */
  protected EvidenceSink sink;

  /** A new, empty sink. Called before every test. */
  protected abstract EvidenceSink createSink() throws Exception;

  /** A second sink over the same storage as {@link #sink} (a restarted process). */
  protected abstract EvidenceSink reopen() throws Exception;

  /** Releases what {@link #createSink()} made. Default: closes the sink. */
  protected void destroySink(EvidenceSink sink) throws Exception {
    sink.close();
  }

  @BeforeEach
  void setUpSink() throws Exception {
    sink = createSink();
  }

  @AfterEach
  void tearDownSink() throws Exception {
    destroySink(sink);
  }

  @Test
  void startsEmpty() {
    assertThat(sink.readAll()).isEmpty();
    assertThat(sink.lastRecord()).isEmpty();
  }

  @Test
  void readsBackEveryRecordInOrderByteForByte() {
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String r = "{\"i\":" + i + ",\"s\":\"caf\u00e9 \u20ac \uD83D\uDE00 \\\"q\\\" \\\\ \\u0001\"}";
      sink.append(r);
      written.add(r);
    }
    assertThat(sink.readAll()).containsExactlyElementsOf(written);
    assertThat(sink.lastRecord()).contains(written.get(written.size() - 1));
  }

  @Test
  void aChainWrittenThroughTheLogVerifiesAndResumesAfterReopening() throws Exception {
    SigningKey key = SigningKey.generate();
    EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(key).actor("contract").build();
    for (int i = 0; i < 5; i++) {
      log.record(EvidenceAction.BACKUP, EvidenceSubject.of("t", "d", "s" + i), Map.of("i", (long) i));
    }
    EvidenceSink second = reopen();
    try {
      EvidenceLog resumed = EvidenceLog.builder().sink(second).signingKey(key).actor("contract").build();
      assertThat(resumed.lastSequence()).isEqualTo(5);
      resumed.record(EvidenceAction.DRILL, EvidenceSubject.NONE, Map.of("passed", true));
      EvidenceVerification v = EvidenceVerifier.trusting(key.publicKey()).verify(second.readAll());
      assertThat(v.intact()).isTrue();
      assertThat(v.lastSequence()).isEqualTo(6);
    } finally {
      if (second != sink) {
        second.close();
      }
    }
  }

  @Test
  void concurrentAppendsThroughTheLogStayOneChain() throws Exception {
    SigningKey key = SigningKey.generate();
    EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(key).actor("contract").build();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      futures.add(pool.submit(() -> log.record(EvidenceAction.VERIFICATION, EvidenceSubject.NONE, Map.of())));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    EvidenceVerification v = EvidenceVerifier.trusting(key.publicKey()).verify(sink.readAll());
    assertThat(v.firstProblem().map(EvidenceProblem::message)).isEmpty();
    assertThat(v.lastSequence()).isEqualTo(30);
  }
}
