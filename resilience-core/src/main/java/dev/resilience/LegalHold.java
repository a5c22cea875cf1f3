package dev.resilience;

import java.time.Instant;
import java.util.Objects;

/**
 * A legal hold: snapshots it matches are never deleted, whatever retention says, until it is released.
 * A hold matches a snapshot when every criterion that is set matches (tenant, dataset, snapshot id, and
 * the snapshot's start time within {@code [from, to)}); at least one criterion must be set.
 *
 * @param id unique id (chosen by the caller, e.g. a case number)
 * @param reason why (for plans and evidence)
 * @param placedBy who placed it
 * @param placedAt when
 */
public record LegalHold(
    String id, String reason, String placedBy, Instant placedAt, String tenant, String dataset, String snapshotId,
    Instant from, Instant to) {

  public LegalHold {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(placedAt, "placedAt");
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException("hold id must be 1-128 letters, digits, '.', '_' or '-': '" + id + "'");
    }
    if (tenant == null && dataset == null && snapshotId == null && from == null && to == null) {
      throw new IllegalArgumentException("a legal hold needs at least one of tenant, dataset, snapshot, date range");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("hold range: from " + from + " must be before to " + to);
    }
  }

  /** Whether this hold covers {@code s}. */
  public boolean matches(Snapshot s) {
    return (tenant == null || tenant.equals(s.tenant()))
        && (dataset == null || dataset.equals(s.dataset()))
        && (snapshotId == null || s.id().startsWith(snapshotId))
        && (from == null || !s.startedAt().isBefore(from))
        && (to == null || s.startedAt().isBefore(to));
  }

  /** What the hold covers, for people. */
  public String scope() {
    StringBuilder sb = new StringBuilder();
    if (tenant != null) {
      sb.append("tenant ").append(tenant).append(' ');
    }
    if (dataset != null) {
      sb.append("dataset ").append(dataset).append(' ');
    }
    if (snapshotId != null) {
      sb.append("snapshot ").append(snapshotId).append(' ');
    }
    if (from != null || to != null) {
      sb.append("taken in [").append(from == null ? "-∞" : from).append(", ").append(to == null ? "∞" : to).append(") ");
    }
    return sb.toString().trim();
  }

  public static Builder builder(String id, String reason) {
    return new Builder(id, reason);
  }

  /** Builder for holds; without {@link Builder#placedAt} the engine stamps the time it places the hold. */
  public static final class Builder {
    private final String id;
    private final String reason;
    private String placedBy = "unknown";
    private Instant placedAt = Instant.EPOCH;
    private String tenant;
    private String dataset;
    private String snapshotId;
    private Instant from;
    private Instant to;

    private Builder(String id, String reason) {
      this.id = id;
      this.reason = reason;
    }

    public Builder placedBy(String who) {
      this.placedBy = Objects.requireNonNull(who, "who");
      return this;
    }

    public Builder placedAt(Instant when) {
      this.placedAt = Objects.requireNonNull(when, "when");
      return this;
    }

    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    public Builder dataset(String dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    public Builder snapshot(String snapshotId) {
      this.snapshotId = Objects.requireNonNull(snapshotId, "snapshotId");
      return this;
    }

    /** Snapshots started in {@code [from, to)}. */
    public Builder takenBetween(Instant from, Instant to) {
      this.from = Objects.requireNonNull(from, "from");
      this.to = Objects.requireNonNull(to, "to");
      return this;
    }

    public LegalHold build() {
      return new LegalHold(id, reason, placedBy, placedAt, tenant, dataset,
          snapshotId, from, to);
    }
  }
}
