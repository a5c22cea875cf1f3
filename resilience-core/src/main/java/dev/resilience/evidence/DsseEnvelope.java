package dev.resilience.evidence;

import dev.resilience.internal.evidence.Jcs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Dead Simple Signing Envelope (DSSE v1): a payload, its type, and signatures over the
 * pre-authentication encoding {@code PAE(type, payload)}.
 *
 * @param payloadType media type of the payload ({@code application/vnd.in-toto+json} for attestations)
 * @param payload the signed bytes
 * @param signatures one or more signatures
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<Sig> signatures) {
  public DsseEnvelope {
    Objects.requireNonNull(payloadType, "payloadType");
    payload = Objects.requireNonNull(payload, "payload").clone();
    signatures = List.copyOf(signatures);
  }

  /**
   * One signature.
   *
   * @param keyid the signer's key id (a hint; verification uses the key itself)
   * @param sig raw Ed25519 signature bytes
   */
  public record Sig(String keyid, byte[] sig) {
    public Sig {
      sig = Objects.requireNonNull(sig, "sig").clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sig s && Objects.equals(keyid, s.keyid) && Arrays.equals(sig, s.sig);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyid, Arrays.hashCode(sig));
    }
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * DSSE pre-authentication encoding: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, where
   * LEN is the byte length in ASCII decimal and type is UTF-8.
   */
  public static byte[] pae(String payloadType, byte[] body) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Signs {@code payload} with {@code key}. */
  public static DsseEnvelope sign(String payloadType, byte[] payload, SigningKey key) {
    byte[] sig = key.sign(pae(payloadType, payload));
    return new DsseEnvelope(payloadType, payload, List.of(new Sig(key.keyId(), sig)));
  }

  /** The envelope as JSON ({@code payload} and {@code sig} in standard base64). */
  public String toJson() {
    List<Object> sigs = new ArrayList<>();
    for (Sig s : signatures) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("keyid", s.keyid() == null ? "" : s.keyid());
      m.put("sig", Base64.getEncoder().encodeToString(s.sig));
      sigs.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("payloadType", payloadType);
    m.put("payload", Base64.getEncoder().encodeToString(payload));
    m.put("signatures", sigs);
    return Jcs.canonicalize(m);
  }

  /**
   * Parses an envelope.
   *
   * @throws IllegalArgumentException if it is not a DSSE envelope
   */
  public static DsseEnvelope fromJson(String json) {
    Map<String, Object> m = Jcs.parseObject(json.strip());
    if (!(m.get("payloadType") instanceof String type) || !(m.get("payload") instanceof String payload)
        || !(m.get("signatures") instanceof List<?> list)) {
      throw new IllegalArgumentException("not a DSSE envelope (payloadType, payload, signatures)");
    }
    List<Sig> sigs = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> s) || !(s.get("sig") instanceof String sig)) {
        throw new IllegalArgumentException("malformed DSSE signature entry");
      }
      sigs.add(new Sig(s.get("keyid") instanceof String k ? k : null, decode(sig)));
    }
    return new DsseEnvelope(type, decode(payload), sigs);
  }

  private static byte[] decode(String b64) {
    // DSSE allows standard or URL-safe base64.
    return b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(b64)
        : Base64.getDecoder().decode(b64);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DsseEnvelope d && payloadType.equals(d.payloadType) && Arrays.equals(payload, d.payload)
        && signatures.equals(d.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
  }

  @Override
  public String toString() {
    return "DsseEnvelope[" + payloadType + ", " + payload.length + " bytes, " + signatures.size() + " signature(s)]";
  }
}
