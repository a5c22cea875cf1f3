package dev.resilience.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach an S3 API: endpoint, region, addressing style, credentials and retry budget. Shared by
 * {@link S3ObjectStore}, {@link S3BucketTarget} and {@link S3PrefixRetention}. Immutable; build with
 * {@link #builder()}. {@link #toString()} never shows the secret key.
 *
 * <p>Works with AWS S3 (leave the endpoint unset) and with S3-compatible services through a custom
 * endpoint: MinIO ({@code http://minio:9000}, path-style), Google Cloud Storage's XML API
 * interoperability mode ({@code https://storage.googleapis.com} with HMAC keys), Ceph RGW, S3Proxy.
 *
 * @param endpoint a custom endpoint, or {@code null} for AWS S3's regional endpoint
 * @param region signing region ({@code us-east-1} when unset)
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}
 * @param accessKey static access key id, or {@code null} for the SDK's default credential chain
 *     (environment, system properties, profile, container/instance role)
 * @param secretKey static secret key (with {@code accessKey})
 * @param maxAttempts attempts per request including the first; throttling (429/SlowDown) and 5xx are
 *     retried with exponential backoff and jitter by the SDK's standard retry strategy
 * @param checksumsWhenRequired send request checksums only where the S3 API requires them (and validate
 *     response checksums only then); needed by S3-compatible servers that reject the SDK's default
 *     CRC32 trailers. Defaults to {@code true} for custom endpoints and {@code false} for AWS.
 * @param apiTimeout timeout of one API call including retries
 */
public record S3Connection(
    URI endpoint,
    String region,
    boolean pathStyle,
    String accessKey,
    String secretKey,
    int maxAttempts,
    boolean checksumsWhenRequired,
    Duration apiTimeout) {

  public S3Connection {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(apiTimeout, "apiTimeout");
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("give both accessKey and secretKey, or neither (default chain)");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (apiTimeout.isNegative() || apiTimeout.isZero()) {
      throw new IllegalArgumentException("apiTimeout must be positive");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint's host (and port), or {@code s3.amazonaws.com}; for messages. */
  public String host() {
    return endpoint == null ? "s3.amazonaws.com" : endpoint.getAuthority();
  }

  @Override
  public String toString() {
    return "S3Connection[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
        + ", credentials=" + (accessKey == null ? "default-chain" : "static(" + accessKey + ")")
        + ", maxAttempts=" + maxAttempts + ", checksumsWhenRequired=" + checksumsWhenRequired
        + ", apiTimeout=" + apiTimeout + "]";
  }

  /** Builder for {@link S3Connection}. Defaults: AWS, {@code us-east-1}, virtual-host style, default chain, 5 attempts. */
  public static final class Builder {
    private URI endpoint;
    private String region = "us-east-1";
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;
    private int maxAttempts = 5;
    private Boolean checksumsWhenRequired;
    private Duration apiTimeout = Duration.ofMinutes(5);

    private Builder() {}

    /** A custom endpoint ({@code http(s)://host[:port]}) for S3-compatible services. */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
        throw new IllegalArgumentException("endpoint must be http(s)://host[:port], got " + endpoint);
      }
      if (endpoint.getUserInfo() != null) {
        throw new IllegalArgumentException("put credentials in credentials(...), not in the endpoint URI");
      }
      this.endpoint = endpoint;
      return this;
    }

    public Builder region(String region) {
      Objects.requireNonNull(region, "region");
      if (region.isBlank()) {
        throw new IllegalArgumentException("region must not be blank");
      }
      this.region = region;
      return this;
    }

    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Static credentials; without this call the SDK's default credential chain is used. */
    public Builder credentials(String accessKey, String secretKey) {
      Objects.requireNonNull(accessKey, "accessKey");
      Objects.requireNonNull(secretKey, "secretKey");
      if (accessKey.isBlank() || secretKey.isBlank()) {
        throw new IllegalArgumentException("access key and secret key must not be blank");
      }
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder checksumsWhenRequired(boolean whenRequired) {
      this.checksumsWhenRequired = whenRequired;
      return this;
    }

    public Builder apiTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("apiTimeout must be positive, got " + timeout);
      }
      this.apiTimeout = timeout;
      return this;
    }

    public S3Connection build() {
      boolean whenRequired = checksumsWhenRequired != null ? checksumsWhenRequired : endpoint != null;
      return new S3Connection(endpoint, region, pathStyle, accessKey, secretKey, maxAttempts, whenRequired, apiTimeout);
    }
  }
}
