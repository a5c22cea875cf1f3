package dev.resilience.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An order-independent checksum of a table's rows, computed while a {@code COPY ... TO STDOUT} stream passes
 * through: each row's bytes are hashed with SHA-256 and the first 64 bits of the hashes are summed (mod 2^64).
 * Understands the text format (one row per line) and the binary format (tuples after the header).
 * Equal sums and counts over the same format mean the same multiset of rows, whatever their order.
 */
final class RowDigest extends OutputStream {
  static final String ALGORITHM = "sha256-sum64";

  private final OutputStream out;
  private final boolean binary;
  private final MessageDigest sha;
  private long sum;
  private long rows;

  // binary parser state
  private int headerLeft = 19; // signature (11) + flags (4) + extension length (4)
  private final byte[] lenBuf = new byte[4];
  private int lenFill;
  private long extensionLeft = -1;
  private int fieldsLeft = -1; // -1: expecting a tuple's field count
  private long fieldBytesLeft = -1; // -1: expecting a field length
  private boolean done;
  private boolean rowOpen;

  RowDigest(OutputStream out, boolean binary) {
    this.out = out;
    this.binary = binary;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  long rows() {
    return rows;
  }

  /** The checksum as 16 hex digits. */
  String checksum() {
    return String.format("%016x", sum);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    if (binary) {
      binary(b, off, len);
    } else {
      text(b, off, len);
    }
  }

  private void text(byte[] b, int off, int len) {
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (b[i] == '\n') {
        sha.update(b, start, i - start);
        endRow();
        start = i + 1;
      }
    }
    if (start < end) {
      sha.update(b, start, end - start);
      rowOpen = true;
    }
  }

  private void endRow() {
    byte[] h = sha.digest();
    long v = 0;
    for (int k = 0; k < 8; k++) {
      v = (v << 8) | (h[k] & 0xff);
    }
    sum += v;
    rows++;
    rowOpen = false;
  }

  private void binary(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && !done) {
      if (headerLeft > 0) {
        int n = Math.min(headerLeft, end - i);
        for (int k = 0; k < n; k++) {
          if (headerLeft - k <= 4) {
            lenBuf[lenFill++] = b[i + k];
          }
        }
        headerLeft -= n;
        i += n;
        if (headerLeft == 0) {
          extensionLeft = intOf(lenBuf) & 0xffffffffL;
          lenFill = 0;
        }
        continue;
      }
      if (extensionLeft > 0) {
        int n = (int) Math.min(extensionLeft, end - i);
        extensionLeft -= n;
        i += n;
        continue;
      }
      if (fieldsLeft < 0) { // tuple field count: int16
        lenBuf[lenFill++] = b[i++];
        if (lenFill == 2) {
          lenFill = 0;
          short count = (short) (((lenBuf[0] & 0xff) << 8) | (lenBuf[1] & 0xff));
          if (count == -1) {
            done = true;
            break;
          }
          sha.update(lenBuf, 0, 2);
          fieldsLeft = count;
          if (count == 0) {
            endRow();
            fieldsLeft = -1;
          }
        }
        continue;
      }
      if (fieldBytesLeft < 0) { // field length: int32
        lenBuf[lenFill++] = b[i++];
        if (lenFill == 4) {
          lenFill = 0;
          sha.update(lenBuf, 0, 4);
          int flen = intOf(lenBuf);
          fieldBytesLeft = Math.max(flen, 0);
          if (fieldBytesLeft == 0) {
            fieldDone();
          }
        }
        continue;
      }
      int n = (int) Math.min(fieldBytesLeft, end - i);
      sha.update(b, i, n);
      i += n;
      fieldBytesLeft -= n;
      if (fieldBytesLeft == 0) {
        fieldDone();
      }
    }
  }

  private void fieldDone() {
    fieldBytesLeft = -1;
    fieldsLeft--;
    if (fieldsLeft == 0) {
      endRow();
      fieldsLeft = -1;
    }
  }

  private static int intOf(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Counts a last text row without a trailing newline; call once the COPY has ended. */
  void finish() {
    if (!binary && rowOpen) {
      endRow();
    }
  }

  /** Finishes and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    finish();
    out.close();
  }
}
