package dev.resilience.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads a stream of known length: one PUT up to the multipart threshold, otherwise a multipart upload
 * that is aborted on any failure (so no half-written object and no orphaned parts are left behind).
 */
final class S3Uploads {
  /** Smallest part S3 accepts (except the last). */
  static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  private S3Uploads() {}

  static void upload(
      S3Client client,
      String bucket,
      String key,
      InputStream content,
      long size,
      long multipartThreshold,
      int partSize,
      ObjectAttributes settings) {
    if (size <= multipartThreshold) {
      // Buffered, so the SDK can sign and (on retries) resend exactly these bytes whatever the source stream is.
      byte[] bytes = new byte[(int) size];
      readFully(content, bytes, bytes.length);
      expectEnd(content, key);
      PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).contentLength(size);
      settings.apply(put);
      client.putObject(put.build(), RequestBody.fromBytes(bytes));
      return;
    }
    multipart(client, bucket, key, content, size, partSize, settings);
  }

  static void multipart(
      S3Client client,
      String bucket,
      String key,
      InputStream content,
      long size,
      int partSize,
      ObjectAttributes settings) {
    CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
    settings.apply(create);
    String uploadId = client.createMultipartUpload(create.build()).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long remaining = size;
      int number = 1;
      byte[] buffer = new byte[(int) Math.min(partSize, size)];
      while (remaining > 0) {
        int n = (int) Math.min(partSize, remaining);
        readFully(content, buffer, n);
        int partNumber = number++;
        String etag =
            client
                .uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) n),
                    RequestBody.fromBytes(n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n)))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        remaining -= n;
      }
      expectEnd(content, key);
      client.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException | Error e) {
      try {
        client.abortMultipartUpload(
            AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  private static void expectEnd(InputStream in, String key) {
    try {
      if (in.read() != -1) {
        throw new UncheckedIOException(new IOException("content of " + key + " is longer than its recorded size"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readFully(InputStream in, byte[] buffer, int n) {
    try {
      int off = 0;
      while (off < n) {
        int r = in.read(buffer, off, n - off);
        if (r < 0) {
          throw new UncheckedIOException(new IOException("content ended " + (n - off) + " bytes early"));
        }
        off += r;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
