package dev.resilience.s3;

import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Objects of a bucket prefix as snapshot entries: listing, the attribute names objects' metadata and tags
 * are kept under, and copying one object into a {@link SnapshotWriter}. Shared by {@link S3BucketTarget}
 * and {@link S3PrefixRetention}'s archive.
 */
final class BucketObjects {
  static final String ETAG = "s3.etag";
  static final String STORAGE_CLASS = "s3.storage-class";
  static final String CONTENT_TYPE = "s3.content-type";
  static final String CONTENT_ENCODING = "s3.content-encoding";
  static final String CONTENT_DISPOSITION = "s3.content-disposition";
  static final String CONTENT_LANGUAGE = "s3.content-language";
  static final String CACHE_CONTROL = "s3.cache-control";
  static final String META = "s3.meta.";
  static final String TAG = "s3.tag.";

  private final S3Access access;
  private final String bucket;
  private final String prefix;
  private volatile boolean tagsSupported;

  BucketObjects(S3Access access, String bucket, String prefix, boolean captureTags) {
    this.access = access;
    this.bucket = bucket;
    this.prefix = prefix;
    this.tagsSupported = captureTags;
  }

  String where(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** Every object under the prefix whose key passes {@code filter}, in key order. */
  List<S3Object> list(Predicate<S3Object> filter) {
    try {
      List<S3Object> out = new ArrayList<>();
      for (S3Object o : access.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
        if (filter.test(o)) {
          out.add(o);
        }
      }
      return out;
    } catch (SdkException e) {
      throw S3Errors.map("ListObjectsV2", where(prefix + "*"), e);
    }
  }

  /** The entry path of a key, or {@code null} if the key cannot be a snapshot path (folder markers, {@code a//b}, {@code ..}). */
  String path(String key) {
    String rel = key.substring(prefix.length());
    if (rel.isEmpty() || rel.startsWith("/") || rel.endsWith("/")) {
      return null;
    }
    for (String segment : rel.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    return rel;
  }

  boolean tagsSupported() {
    return tagsSupported;
  }

  /** The object's tags; empty when tags are not captured or the endpoint does not implement tagging. */
  Map<String, String> tags(String key) {
    if (!tagsSupported) {
      return Map.of();
    }
    try {
      Map<String, String> tags = new TreeMap<>();
      for (Tag t : access.client().getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet()) {
        tags.put(t.key(), t.value());
      }
      return tags;
    } catch (S3Exception e) {
      if (e.statusCode() == 501 || S3Errors.code(e).equals("NotImplemented")) {
        tagsSupported = false;
        return Map.of();
      }
      throw S3Errors.map("GetObjectTagging", where(key), e);
    } catch (SdkException e) {
      throw S3Errors.map("GetObjectTagging", where(key), e);
    }
  }

  /** The entry recording {@code o} at {@code path}, with the attributes of a GET response and tags. */
  static Entry entry(String path, S3Object o, GetObjectResponse get, Map<String, String> tags) {
    Map<String, String> a = new TreeMap<>();
    // The GET response describes the bytes actually read (the object may have changed since it was listed).
    a.put(ETAG, get.eTag());
    String storageClass = get.storageClassAsString() != null ? get.storageClassAsString() : o.storageClassAsString();
    a.put(STORAGE_CLASS, storageClass == null ? "STANDARD" : storageClass);
    putIfSet(a, CONTENT_TYPE, get.contentType());
    putIfSet(a, CONTENT_ENCODING, objectEncoding(get.contentEncoding()));
    putIfSet(a, CONTENT_DISPOSITION, get.contentDisposition());
    putIfSet(a, CONTENT_LANGUAGE, get.contentLanguage());
    putIfSet(a, CACHE_CONTROL, get.cacheControl());
    get.metadata().forEach((k, v) -> a.put(META + k, v));
    tags.forEach((k, v) -> a.put(TAG + k, v));
    return new Entry(path, EntryType.FILE, get.contentLength(), get.lastModified(), null, null, null, a);
  }

  /** The parent's entry with fresh tags (tags change without changing the object). */
  static Entry withTags(Entry parent, Map<String, String> tags, boolean tagsKnown) {
    if (!tagsKnown) {
      return parent;
    }
    Map<String, String> a = new TreeMap<>(parent.attributes());
    a.keySet().removeIf(k -> k.startsWith(TAG));
    tags.forEach((k, v) -> a.put(TAG + k, v));
    return parent.withAttributes(a);
  }

  /** Whether the parent snapshot's entry still describes {@code o} (same ETag, size and modification time). */
  static boolean unchanged(Entry parent, S3Object o) {
    return parent.type() == EntryType.FILE
        && parent.size() == o.size()
        && o.eTag() != null && o.eTag().equals(parent.attributes().get(ETAG))
        && o.lastModified() != null && o.lastModified().equals(parent.modified());
  }

  /**
   * Downloads {@code o} into the writer at {@code path}. Returns {@code false} if the object vanished since
   * it was listed or is in an archive class that must be restored first (the caller records it as not captured).
   */
  boolean copyInto(SnapshotWriter writer, String path, S3Object o) {
    Map<String, String> tags = tags(o.key());
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = access.client().getObject(b -> b.bucket(bucket).key(o.key()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || S3Errors.code(e).equals("InvalidObjectState")) {
        return false;
      }
      throw S3Errors.map("GetObject", where(o.key()), e);
    } catch (SdkException e) {
      throw S3Errors.map("GetObject", where(o.key()), e);
    }
    try (in) {
      writer.add(entry(path, o, in.response(), tags), in);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SdkException e) {
      throw S3Errors.map("GetObject", where(o.key()), e);
    }
  }

  /** The write attributes that recreate an entry's object (storage class only when {@code keepClass}). */
  static ObjectAttributes attributesOf(Entry e, boolean keepClass) {
    Map<String, String> a = e.attributes();
    Map<String, String> meta = new TreeMap<>();
    StringBuilder tagging = new StringBuilder();
    for (Map.Entry<String, String> x : a.entrySet()) {
      if (x.getKey().startsWith(META)) {
        meta.put(x.getKey().substring(META.length()), x.getValue());
      } else if (x.getKey().startsWith(TAG)) {
        if (tagging.length() > 0) {
          tagging.append('&');
        }
        tagging.append(encode(x.getKey().substring(TAG.length()))).append('=')
            .append(encode(x.getValue()));
      }
    }
    return new ObjectAttributes(keepClass ? a.get(STORAGE_CLASS) : null, contentType(a.get(CONTENT_TYPE)), objectEncoding(a.get(CONTENT_ENCODING)),
        a.get(CONTENT_DISPOSITION), a.get(CONTENT_LANGUAGE), a.get(CACHE_CONTROL), meta, tagging.toString(), null, null);
  }

  private static final java.util.regex.Pattern CHARSET =
      java.util.regex.Pattern.compile("(?i)(charset=)([A-Za-z0-9._-]+)");

  /**
   * The content type with its charset name in upper case. Charset names are case-insensitive (RFC 2046), and
   * Jetty-based servers (S3Proxy) rewrite {@code charset=utf-8} to {@code UTF-8} before checking the request
   * signature, which then fails.
   */
  static String contentType(String type) {
    if (type == null) {
      return null;
    }
    java.util.regex.Matcher m = CHARSET.matcher(type);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, m.group(1) + m.group(2).toUpperCase(java.util.Locale.ROOT));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * The object's own Content-Encoding without {@code aws-chunked}, which describes how a request body was
   * sent, not the object (S3 strips it; some compatible servers store it, and sending it back breaks signing).
   */
  static String objectEncoding(String encoding) {
    if (encoding == null) {
      return null;
    }
    String kept = java.util.Arrays.stream(encoding.split(",")).map(String::trim)
        .filter(t -> !t.isEmpty() && !t.equalsIgnoreCase("aws-chunked")).collect(java.util.stream.Collectors.joining(","));
    return kept.isEmpty() ? null : kept;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static void putIfSet(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }
}
