package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.IntegrityException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming readers of config and key slots read what the object mapper writes, and refuse the same damage. */
class JsonStreamingDocumentsTest {
  private final Json json = new Json();

  @Test
  void configAndKeySlotReadBackExactlyAsWritten() {
    Json.ConfigDoc config = new Json.ConfigDoc("resilience-repo", 1, "abc123", 512 * 1024, 1 << 20, 8 << 20,
        "2026-11-23T05:00:00Z", "00ff");
    assertThat(Json.readConfig(json.write(config), "config")).isEqualTo(config);

    Map<String, String> params = new LinkedHashMap<>();
    params.put("kdf", "PBKDF2WithHmacSHA256");
    params.put("iterations", "600000");
    params.put("salt", "c2FsdA==");
    Json.KeySlotDoc slot = new Json.KeySlotDoc("passphrase", params, "Y2lwaGVy", "2026-11-23T05:00:00Z");
    assertThat(Json.readKeySlot(json.write(slot), "keys/1")).isEqualTo(slot);
    // the same document through the mapper, as every older version read it
    assertThat(json.read(json.write(slot), Json.KeySlotDoc.class, "keys/1")).isEqualTo(Json.readKeySlot(json.write(slot), "keys/1"));
  }

  @Test
  void unknownFieldsAreIgnoredAndMissingOnesAreEmpty() {
    Json.ConfigDoc c = Json.readConfig(bytes(
        "{\"format\":\"resilience-repo\",\"future\":[1,{\"x\":true}],\"flag\":false,\"id\":\"r\",\"mac\":null}"), "config");
    assertThat(c.format()).isEqualTo("resilience-repo");
    assertThat(c.id()).isEqualTo("r");
    assertThat(c.version()).isEqualTo(-1);
    assertThat(c.mac()).isNull();
    assertThat(c.created()).isNull();

    Json.KeySlotDoc k = Json.readKeySlot(bytes("{\"kind\":\"kms\",\"extra\":{\"a\":1}}"), "keys/2");
    assertThat(k.kind()).isEqualTo("kms");
    assertThat(k.parameters()).isNull();
    assertThat(k.ciphertext()).isNull();
  }

  @Test
  void damagedDocumentsAreRefusedNamingTheObject() {
    for (String bad : new String[] {"", "[]", "{\"format\":", "{\"version\":\"x\"}", "not json", "{\"version\":99999999999}"}) {
      assertThatThrownBy(() -> Json.readConfig(bytes(bad), "config")).as(bad)
          .isInstanceOf(IntegrityException.class).hasMessageStartingWith("config: ");
    }
    assertThatThrownBy(() -> Json.readKeySlot(bytes("{\"parameters\":\"flat\"}"), "keys/3"))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("keys/3");
    assertThatThrownBy(() -> Json.readKeySlot(bytes("{\"parameters\":{\"a\":[1]}}"), "keys/4"))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("keys/4");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
