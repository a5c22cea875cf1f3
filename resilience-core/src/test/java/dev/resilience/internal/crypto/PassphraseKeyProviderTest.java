package dev.resilience.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.KeyProviders;
import dev.resilience.Providers;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseKeyProviderTest {
  private static final String SECRET = "s3cret-passphrase";

  private static byte[] key() {
    byte[] k = new byte[64];
    new Random(3).nextBytes(k);
    return k;
  }

  @Test
  void defaultProviderUsesAtLeast600kPbkdf2IterationsAndUnwrapsWhatItWrapped() {
    KeyProvider p = KeyProviders.passphrase(SECRET.toCharArray());
    WrappedKey w = p.wrap(key());
    assertThat(Integer.parseInt(w.parameters().get("iterations"))).isGreaterThanOrEqualTo(600_000);
    assertThat(w.parameters()).containsEntry("kdf", "PBKDF2WithHmacSHA256").containsKey("salt");
    assertThat(p.unwrap(w)).isEqualTo(key());
    assertThatThrownBy(() -> KeyProviders.passphrase(SECRET.toCharArray(), 1000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void opensKeySlotsWhoseKeyWasDerivedByTheJdkPbkdf2() throws Exception {
    // A slot as earlier versions wrote it: the key-encryption key from the JDK's SecretKeyFactory.
    byte[] salt = new byte[16];
    new Random(5).nextBytes(salt);
    byte[] kek = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec("pässwört ✓".toCharArray(), salt, 4096, 256)).getEncoded();
    byte[] sealed = new BlobCipher(kek).seal("resilience/key-slot/v1".getBytes(StandardCharsets.US_ASCII), key(), 0, 64);
    WrappedKey slot = new WrappedKey("passphrase",
        Map.of("kdf", "PBKDF2WithHmacSHA256", "iterations", "4096", "salt", Base64.getEncoder().encodeToString(salt)), sealed);
    assertThat(KeyProviders.insecurePassphraseForTests("pässwört ✓".toCharArray(), 1000).unwrap(slot)).isEqualTo(key());
  }

  @Test
  void wrongPassphraseIsDeniedWithoutRevealingAnything() {
    WrappedKey w = KeyProviders.insecurePassphraseForTests(SECRET.toCharArray(), 1000).wrap(key());
    KeyProvider wrong = KeyProviders.insecurePassphraseForTests("other".toCharArray(), 1000);
    assertThatThrownBy(() -> wrong.unwrap(w)).isInstanceOf(AccessDeniedException.class).hasMessageNotContaining("other");
  }

  @Test
  void saltsDifferSoEqualKeysWrapDifferently() {
    KeyProvider p = KeyProviders.insecurePassphraseForTests(SECRET.toCharArray(), 1000);
    assertThat(p.wrap(key()).ciphertext()).isNotEqualTo(p.wrap(key()).ciphertext());
  }

  @Test
  void noSecretInToStringOrWrappedKey() {
    KeyProvider p = KeyProviders.insecurePassphraseForTests(SECRET.toCharArray(), 1000);
    assertThat(p.toString()).doesNotContain(SECRET);
    assertThat(p.wrap(key()).toString()).doesNotContain(SECRET);
    assertThat(MasterKey.of(key()).toString()).isEqualTo("MasterKey[redacted]");
  }

  @Test
  void serviceLoaderFindsThePassphraseProviderWithEnvAndFileSources(@TempDir Path dir) throws Exception {
    Providers providers = Providers.using(getClass().getClassLoader());
    Path file = dir.resolve("pass.txt");
    Files.writeString(file, SECRET + "\n");
    KeyProvider fromFile = providers.keyProvider("passphrase", Map.of("passphrase-file", file.toString()));
    KeyProvider direct = providers.keyProvider("passphrase", Map.of("passphrase", SECRET));
    assertThat(fromFile.kind()).isEqualTo("passphrase");
    WrappedKey w = KeyProviders.insecurePassphraseForTests(SECRET.toCharArray(), 1000).wrap(key());
    assertThat(fromFile.unwrap(w)).isEqualTo(key());
    assertThat(direct.unwrap(w)).isEqualTo(key());
    assertThatThrownBy(() -> providers.keyProvider("passphrase", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("passphrase-env");
    assertThatThrownBy(() -> providers.keyProvider("passphrase", Map.of("passphrase-env", "NO_SUCH_VARIABLE_RESILIENCE")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("NO_SUCH_VARIABLE_RESILIENCE");
    assertThatThrownBy(() -> providers.keyProvider("passphrase", Map.of("passphrase", SECRET, "iterations", "1000")))
        .isInstanceOf(ConfigurationException.class).hasMessageNotContaining(SECRET);
  }
}
