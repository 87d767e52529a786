package vn.chibo.pulse.registry.internal;

import vn.chibo.pulse.registry.client.CompatibilityLevel;

/**
 * One change to the registry's state, as kept in the schema log. Replaying every record in order
 * rebuilds the state exactly, which is what makes a restart keep every id and version.
 */
public sealed interface LogRecord {

    /** A version of a subject, live or soft-deleted. A later record for the same version replaces it. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements LogRecord {
        SchemaVersion softDeleted() {
            return new SchemaVersion(subject, version, id, schema, true);
        }
    }

    /** A version deleted permanently (a tombstone in the compacted topic). */
    record SchemaVersionRemoved(String subject, int version) implements LogRecord {
    }

    /** The compatibility level of a subject, or the global one when subject is null; a null level removes it. */
    record LevelSetting(String subject, CompatibilityLevel level) implements LogRecord {
    }

    /**
     * The highest id ever given out. Written before a permanent delete so that compaction of the
     * deleted version cannot make a later restart hand out its id again.
     */
    record IdWatermark(int maxId) implements LogRecord {
    }
}
