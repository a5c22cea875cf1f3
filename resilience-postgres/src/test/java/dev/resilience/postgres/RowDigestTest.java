package dev.resilience.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RowDigestTest {

  private static RowDigest digest(boolean binary, byte[] data, int step) throws IOException {
    RowDigest d = new RowDigest(OutputStream.nullOutputStream(), binary);
    for (int i = 0; i < data.length; i += step) {
      d.write(data, i, Math.min(step, data.length - i));
    }
    d.finish();
    return d;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void textChecksumIgnoresRowOrderButNotContent() throws IOException {
    RowDigest a = digest(false, text("1\tx\n2\ty\n3\t\\N\n"), 1000);
    RowDigest b = digest(false, text("3\t\\N\n1\tx\n2\ty\n"), 3);
    RowDigest c = digest(false, text("1\tx\n2\tz\n3\t\\N\n"), 1000);
    assertThat(a.rows()).isEqualTo(3);
    assertThat(a.checksum()).isEqualTo(b.checksum()).isNotEqualTo(c.checksum());
  }

  @Test
  void binaryRowsAreFoundWhateverTheWriteBoundaries() throws IOException {
    byte[] ab = binaryCopy(new String[][] {{"a", null}, {"bb", "ccc"}});
    byte[] ba = binaryCopy(new String[][] {{"bb", "ccc"}, {"a", null}});
    RowDigest whole = digest(true, ab, ab.length);
    RowDigest bytewise = digest(true, ab, 1);
    RowDigest reordered = digest(true, ba, 7);
    RowDigest other = digest(true, binaryCopy(new String[][] {{"a", ""}, {"bb", "ccc"}}), 5);
    assertThat(whole.rows()).isEqualTo(2);
    assertThat(bytewise.rows()).isEqualTo(2);
    assertThat(whole.checksum()).isEqualTo(bytewise.checksum()).isEqualTo(reordered.checksum())
        .as("NULL and empty differ").isNotEqualTo(other.checksum());
  }

  /** A COPY binary stream: signature, flags, header extension (4 bytes), tuples, trailer. */
  private static byte[] binaryCopy(String[][] rows) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("PGCOPY\n".getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[] {(byte) 0xff, '\r', '\n', 0});
    out.writeInt(0);
    out.writeInt(4);
    out.writeInt(0xdeadbeef);
    for (String[] row : rows) {
      out.writeShort(row.length);
      for (String field : row) {
        if (field == null) {
          out.writeInt(-1);
        } else {
          byte[] f = text(field);
          out.writeInt(f.length);
          out.write(f);
        }
      }
    }
    out.writeShort(-1);
    return bytes.toByteArray();
  }
}
