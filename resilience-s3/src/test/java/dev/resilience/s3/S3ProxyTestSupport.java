package dev.resilience.s3;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** One S3Proxy per test class, a raw client for setup and inspection, and helpers. */
abstract class S3ProxyTestSupport {
  static S3ProxyServer server;
  static S3Client client;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
    client = server.client();
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  /** Key (relative to the prefix) → content, for every object under a prefix (folder markers excluded). */
  static Map<String, byte[]> contents(String bucket, String prefix) {
    Map<String, byte[]> out = new TreeMap<>();
    for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (!o.key().endsWith("/")) {
        out.put(o.key().substring(prefix.length()), client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray());
      }
    }
    return out;
  }
}
