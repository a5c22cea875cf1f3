package dev.resilience.internal.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compiles the JDK's AES-GCM encryption or decryption path once per JVM, each on a daemon thread of its own,
 * by sealing or opening small messages through {@link BlobCipher} itself with a throw-away random key, so that real
 * blobs reach the AES-NI/PCLMULQDQ intrinsics from their first megabyte instead of after hundreds of them.
 * Measured in a fresh JVM (JDK 17, 2 cores, the launcher's flags): 5,000 rounds take ~0.2 s of one core, after
 * which opening 256 MiB of 1 MiB blobs runs at ~2 GB/s from the first blob; without them it stays at ~45 MB/s
 * for all 256 MiB, and after 2,500 rounds the first 32 MiB still take 0.7 s (see {@code benchmarks/RESULTS.md}).
 * The two directions start separately: a restore or a check only opens, and a backup mostly seals.
 *
 * <p>The rounds go through the same methods as real blobs and include the rarer shapes real data produces
 * (a message shorter than one AES block, a tail block whose counter carries into the next byte, a message
 * longer than one {@link BlobCipher#SEGMENT}). A branch that was never taken while the JIT profiled the
 * code is compiled as a trap: the first real blob to take it throws the compiled code away and runs the
 * slow path until it is compiled again. Purely a performance measure: nothing depends on it having finished.
 */
final class GcmWarmup {
  private static final int ROUNDS = 5_000;
  /** 254 full blocks and a partial one: the tail's counter is the first to carry out of its low byte. */
  private static final int CARRYING_TAIL = 254 * 16 + 5;
  private static final int LARGEST = BlobCipher.SEGMENT + CARRYING_TAIL;
  private static final AtomicBoolean SEALING = new AtomicBoolean();
  private static final AtomicBoolean OPENING = new AtomicBoolean();

  private GcmWarmup() {}

  /** Starts compiling the sealing path, or opening path, unless that has already started. */
  static void start(boolean sealing) {
    if (Boolean.getBoolean("resilience.crypto.noWarmup") || !(sealing ? SEALING : OPENING).compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> run(sealing), sealing ? "resilience-gcm-warmup-seal" : "resilience-gcm-warmup-open");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** The plaintext length of warm-up round {@code i}: mostly 256 bytes, now and then a rarer shape. */
  private static int length(int i) {
    if (i % 1024 == 1023) {
      return LARGEST;
    } else if (i % 64 == 63) {
      return CARRYING_TAIL;
    } else if (i % 16 == 15) {
      return 5;
    } else if (i % 8 == 7) {
      return 16 + 5;
    }
    return 256;
  }

  private static void run(boolean sealing) {
    try {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      BlobCipher cipher = new BlobCipher(k);
      Arrays.fill(k, (byte) 0);
      byte[] aad = new byte[8];
      byte[] plain = new byte[LARGEST];
      if (sealing) {
        byte[] sealed = new byte[LARGEST + BlobCipher.OVERHEAD];
        for (int i = 0; i < ROUNDS; i++) {
          cipher.sealInto(aad, plain, 0, length(i), sealed, 0);
        }
        return;
      }
      // One sealed message of each length, opened round after round.
      Map<Integer, byte[]> messages = new HashMap<>();
      byte[] back = new byte[LARGEST];
      for (int i = 0; i < ROUNDS; i++) {
        byte[] message = messages.computeIfAbsent(length(i), len -> cipher.seal(aad, plain, 0, len));
        cipher.openInto(aad, message, 0, message.length, back, 0, "warm-up");
      }
    } catch (RuntimeException e) {
      // Only a warm-up: the real operations report their own errors.
    }
  }
}
