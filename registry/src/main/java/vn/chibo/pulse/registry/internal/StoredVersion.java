package vn.chibo.pulse.registry.internal;

/** A version of a subject as the catalog holds it. */
public record StoredVersion(String subject, int version, int id, String schema, boolean deleted) {
}
