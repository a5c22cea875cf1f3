package dev.resilience.s3;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An in-process S3 API (S3Proxy over jclouds' filesystem blob store in a temporary directory, which keeps
 * storage classes) on a free loopback port.
 * Every instance is independent: two servers are two "regions".
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = "test-access";
  static final String SECRET_KEY = "test-secret-key-not-real";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final java.nio.file.Path dir;

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy, java.nio.file.Path dir) {
    this.context = context;
    this.proxy = proxy;
    this.dir = dir;
  }

  static S3ProxyServer start() {
    java.nio.file.Path dir;
    try {
      dir = java.nio.file.Files.createTempDirectory("s3proxy-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .credentials("identity", "credential")
            .overrides(props)
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            // S3Proxy 2.6 answers 501 to any x-amz-* header outside its allow-list, including the
            // x-amz-checksum-crc32 that SDK 2.31 sends on DeleteObjects even with WHEN_REQUIRED checksums
            // (Content-MD5 is sent too). Such headers are ignored instead; features are probed by their
            // effect (e.g. Object Lock by whether a retention date is reported back), never by acceptance.
            .ignoreUnknownHeaders(true)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!proxy.getState().equals("STARTED")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("cannot start S3Proxy", e);
    }
    return new S3ProxyServer(context, proxy, dir);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Connection settings for this server (path-style, static test credentials). */
  S3Connection connection() {
    return S3Connection.builder()
        .endpoint(endpoint())
        .region("us-east-1")
        .pathStyle(true)
        .credentials(ACCESS_KEY, SECRET_KEY)
        .build();
  }

  /** A raw SDK client for test setup and inspection (never for the behaviour under test). */
  software.amazon.awssdk.services.s3.S3Client client() {
    return software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
        .build();
  }

  /**
   * Back-dates an object's last-modified time, as if it had been uploaded at {@code when}: the filesystem
   * backend reports the file's modification time. (Test setup only: S3 itself has no such call.)
   */
  void age(String bucket, String key, java.time.Instant when) {
    try {
      java.nio.file.Files.setLastModifiedTime(dir.resolve(bucket).resolve(key), java.nio.file.attribute.FileTime.from(when));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Creates a bucket with a fresh unique name and returns it. */
  String createBucket(String namePrefix) {
    String name = namePrefix + "-" + Long.toHexString(System.nanoTime()) + Integer.toHexString(COUNTER.incrementAndGet());
    try (var c = client()) {
      c.createBucket(b -> b.bucket(name));
    }
    return name;
  }

  private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    } finally {
      context.close();
      deleteTree(dir);
    }
  }

  private static void deleteTree(java.nio.file.Path root) {
    try (var paths = java.nio.file.Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
