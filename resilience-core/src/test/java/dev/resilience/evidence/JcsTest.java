package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.internal.evidence.Jcs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8785 canonical JSON for the value types evidence allows. */
class JcsTest {

  @Test
  void sortsKeysByUtf16CodeUnitsAsInRfc8785Section3_2_3() {
    // RFC 8785 section 3.2.3 input, and the order the RFC gives for it.
    String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
        + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
        + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
    String canonical = Jcs.canonicalize(Jcs.parse(input));
    List<String> values = new ArrayList<>(((Map<?, ?>) Jcs.parse(canonical)).values().stream().map(Object::toString).toList());
    assertThat(values).containsExactly("Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis",
        "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh");
    assertThat(canonical).startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"");
  }

  @Test
  void escapesStringsAndLiteralsAsInRfc8785Section3_2_2() {
    // The RFC's example without the floating-point "numbers" member (not allowed here).
    String input = "{\n  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        + "  \"literals\": [null, true, false]\n}";
    String expected = "{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(Jcs.canonicalize(Jcs.parse(input))).isEqualTo(expected);
    // as in the RFC's byte listing, the euro sign is emitted raw as UTF-8 (e2 82 ac) followed by '$' (24)
    byte[] utf8 = Jcs.canonicalBytes(Jcs.parse(input));
    assertThat(HexFormat.of().formatHex(utf8)).contains("e282ac24");
  }

  @Test
  void refusesTheRfcFloatingPointNumbersRatherThanFormattingThem() {
    String input = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]}";
    assertThatThrownBy(() -> Jcs.parse(input)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floating-point");
    assertThatThrownBy(() -> Jcs.canonicalize(Map.of("x", 1.5))).hasMessageContaining("no floating point");
  }

  @Test
  void writesSafeIntegersAsPlainDecimalsAndRefusesLargerOnes() {
    assertThat(Jcs.canonicalize(Arrays.asList(0L, -1L, 9007199254740991L, -9007199254740991L, 42)))
        .isEqualTo("[0,-1,9007199254740991,-9007199254740991,42]");
    assertThatThrownBy(() -> Jcs.canonicalize(List.of(9007199254740992L))).hasMessageContaining("safe range");
    assertThatThrownBy(() -> Jcs.parse("[18446744073709551616]")).hasMessageContaining("safe range");
  }

  @Test
  void escapesControlCharactersLowerCaseAndLeavesOtherCharactersRaw() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "\u0000\u0001\u001f\b\t\n\f\r\u007f\u2028\u00e9\uD83D\uDE00/");
    assertThat(Jcs.canonicalize(m))
        .isEqualTo("{\"s\":\"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\u007f\u2028\u00e9\uD83D\uDE00/\"}");
  }

  @Test
  void refusesLoneSurrogatesAndDuplicateKeys() {
    assertThatThrownBy(() -> Jcs.canonicalize(List.of("a\uD800b"))).hasMessageContaining("lone surrogate");
    assertThatThrownBy(() -> Jcs.parse("{\"a\":1,\"a\":2}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.parse("{\"a\":1} {\"b\":2}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.parse("{\"a\":1} {\"b\":2}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sortsNestedObjectsAndKeepsArrayOrder() {
    String canonical = Jcs.canonicalize(Jcs.parse("{ \"b\": [3, {\"z\": 1, \"a\": 2}], \"a\": {} }"));
    assertThat(canonical).isEqualTo("{\"a\":{},\"b\":[3,{\"a\":2,\"z\":1}]}");
    assertThat(Jcs.isCanonical(canonical)).isTrue();
    assertThat(Jcs.isCanonical("{\"a\": {}}")).isFalse();
    assertThat(new String(Jcs.canonicalBytes(Jcs.parse(canonical)), StandardCharsets.UTF_8)).isEqualTo(canonical);
  }
}
