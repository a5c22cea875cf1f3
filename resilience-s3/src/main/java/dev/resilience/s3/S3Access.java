package dev.resilience.s3;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * One SDK client for one {@link S3Connection}, with a per-operation request counter (what
 * {@code requestCounts()} of the public types report). Owned by exactly one public object, closed with it.
 */
final class S3Access implements AutoCloseable {
  private final S3Connection connection;
  private final S3Client client;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  S3Access(S3Connection connection, int maxConnections) {
    this.connection = connection;
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(connection.region()))
            .forcePathStyle(connection.pathStyle())
            .httpClientBuilder(ApacheHttpClient.builder().maxConnections(Math.max(8, maxConnections)))
            .credentialsProvider(
                connection.accessKey() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(connection.accessKey(), connection.secretKey())))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(connection.maxAttempts())
                                .build())
                        .apiCallTimeout(connection.apiTimeout())
                        .addExecutionInterceptor(new Counter()));
    if (connection.endpoint() != null) {
      builder.endpointOverride(connection.endpoint());
    }
    if (connection.checksumsWhenRequired()) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          // Content-MD5 where S3 requires a checksum (DeleteObjects, Object Lock PUTs), as S3-compatible
          // servers that predate the flexible checksums expect.
          .addPlugin(LegacyMd5Plugin.create());
    }
    this.client = builder.build();
  }

  S3Client client() {
    return client;
  }

  S3Connection connection() {
    return connection;
  }

  /** API calls made so far by operation name ({@code GetObject}, {@code PutObject}, ...), sorted. */
  Map<String, Long> requestCounts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((op, n) -> copy.put(op, n.sum()));
    return copy;
  }

  @Override
  public void close() {
    client.close();
  }

  private final class Counter implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      counts.computeIfAbsent(op == null ? "unknown" : op, k -> new LongAdder()).increment();
    }
  }
}
