package dev.resilience.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class Pbkdf2Sha256Test {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] jdk(char[] passphrase, byte[] salt, int iterations, int length) throws Exception {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, length * 8);
    return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
  }

  @Test
  void knownPbkdf2HmacSha256Vectors() {
    // RFC 7914 section 11 (PBKDF2-HMAC-SHA256 test vectors).
    assertThat(HEX.formatHex(Pbkdf2Sha256.derive("passwd".toCharArray(), ascii("salt"), 1, 64))).isEqualTo(
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    assertThat(HEX.formatHex(Pbkdf2Sha256.derive("Password".toCharArray(), ascii("NaCl"), 80_000, 64))).isEqualTo(
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    // The PBKDF2-HMAC-SHA256 counterparts of RFC 6070's vectors (as published with RFC 7914 implementations).
    assertThat(HEX.formatHex(Pbkdf2Sha256.derive("password".toCharArray(), ascii("salt"), 4096, 32)))
        .isEqualTo("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
    assertThat(HEX.formatHex(Pbkdf2Sha256.derive(
            "passwordPASSWORDpassword".toCharArray(), ascii("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 40)))
        .isEqualTo("348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9");
  }

  @Test
  void sameBytesAsTheJdkForAsciiNonAsciiLongPassphrasesSaltsAndIterationCounts() throws Exception {
    Random random = new Random(7);
    String[] passphrases = {
      "p", "correct horse battery staple", "pässwörd ünïcödé", "✓ 🔑 ключ 鍵", "x".repeat(64), "y".repeat(65),
      "z".repeat(300), "lone surrogate \uD800 here"
    };
    int[] saltLengths = {1, 16, 51, 52, 56, 60, 64, 100};
    int[] lengths = {32, 20, 33, 64, 100};
    int cases = 0;
    for (String passphrase : passphrases) {
      for (int iterations : new int[] {1, 2, 1000, 4096}) {
        byte[] salt = new byte[saltLengths[cases % saltLengths.length]];
        random.nextBytes(salt);
        int length = lengths[cases % lengths.length];
        assertThat(Pbkdf2Sha256.derive(passphrase.toCharArray(), salt, iterations, length))
            .as("passphrase %s, %d iterations, salt of %d bytes, %d bytes out", passphrase, iterations, salt.length, length)
            .isEqualTo(jdk(passphrase.toCharArray(), salt, iterations, length));
        cases++;
      }
    }
    assertThat(cases).isEqualTo(32);
  }

  @Test
  void sameKeyAsTheJdkAtTheDefaultIterationCount() throws Exception {
    byte[] salt = new byte[16];
    new Random(11).nextBytes(salt);
    char[] passphrase = "the default count".toCharArray();
    int n = PassphraseKeyProvider.DEFAULT_ITERATIONS;
    assertThat(Pbkdf2Sha256.derive(passphrase, salt, n, 32)).isEqualTo(jdk(passphrase, salt, n, 32));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
