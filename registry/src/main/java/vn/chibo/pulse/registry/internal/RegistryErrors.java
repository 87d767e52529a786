package vn.chibo.pulse.registry.internal;

import vn.chibo.pulse.registry.client.RegistryException;

/** The registry's errors with Confluent's HTTP statuses and error codes. */
final class RegistryErrors {

    private RegistryErrors() {
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, RegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(Object version) {
        return new RegistryException(404, RegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    static RegistryException schemaNotFound() {
        return new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    static RegistryException schemaNotFound(Object id) {
        return new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(404, RegistryException.SUBJECT_SOFT_DELETED,
                "Subject '" + subject + "' was soft deleted. Set permanent=true to delete it permanently.");
    }

    static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(404, RegistryException.SUBJECT_NOT_SOFT_DELETED,
                "Subject '" + subject + "' must be soft deleted before it is deleted permanently.");
    }

    static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(404, RegistryException.VERSION_SOFT_DELETED,
                "Subject '" + subject + "' version " + version
                        + " was soft deleted. Set permanent=true to delete it permanently.");
    }

    static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(404, RegistryException.VERSION_NOT_SOFT_DELETED,
                "Subject '" + subject + "' version " + version
                        + " must be soft deleted before it is deleted permanently.");
    }

    static RegistryException subjectLevelNotConfigured(String subject) {
        return new RegistryException(404, RegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' has no subject-level compatibility configured.");
    }

    static RegistryException incompatible(String subject, Iterable<String> reasons) {
        return new RegistryException(409, RegistryException.INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema for subject '" + subject
                        + "', details: " + String.join("; ", reasons));
    }

    static RegistryException invalidSchema(String detail) {
        return new RegistryException(422, RegistryException.INVALID_SCHEMA, "Invalid schema: " + detail);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(422, RegistryException.INVALID_VERSION,
                "The version '" + version + "' is not valid: use a number from 1 to 2^31-1 or \"latest\".");
    }

    static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(422, RegistryException.INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level '" + level + "'. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE,"
                        + " FORWARD, FORWARD_TRANSITIVE, FULL and FULL_TRANSITIVE.");
    }

    static RegistryException storeError(String message, Throwable cause) {
        return new RegistryException(500, RegistryException.STORE_ERROR, message, cause);
    }

    static RegistryException storeTimeout(String message) {
        return new RegistryException(500, RegistryException.OPERATION_TIMEOUT, message);
    }
}
