package vn.chibo.pulse.registry.client;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible schema registry, with the method names of Confluent's
 * {@code SchemaRegistryClient}. Errors the registry answers are thrown as {@link RegistryException}
 * with the HTTP status and Confluent error code.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers a schema under a subject, or returns the id it already has there. The same schema
     * under another subject gets the same global id.
     */
    int register(String subject, Schema schema);

    /** The schema with this global id (error 40403 if there is none). */
    Schema getSchemaById(int id);

    /** The latest live version of a subject (40401 if the subject has none). */
    SchemaMetadata getLatestSchemaMetadata(String subject);

    /** One version of a subject (40401, 40402). */
    SchemaMetadata getSchemaMetadata(String subject, int version);

    /** The id of a schema already registered under the subject, without registering it (40401, 40403). */
    int getId(String subject, Schema schema);

    /** The version number of a schema already registered under the subject (40401, 40403). */
    int getVersion(String subject, Schema schema);

    List<String> getAllSubjects();

    List<Integer> getAllVersions(String subject);

    /** Subjects holding a version with this schema id (40403 if the id is unknown). */
    List<String> getAllSubjectsById(int id);

    /** Whether the schema could be registered under the subject now, given its compatibility level. */
    boolean testCompatibility(String subject, Schema schema);

    /** The reasons the schema is not compatible with the subject; empty when it is. */
    List<String> testCompatibilityVerbose(String subject, Schema schema);

    /** The level that applies to the subject (its own, else the global one); null subject: the global level. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the level of a subject; null subject: the global level. */
    CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level);

    /** Deletes every version of a subject (soft, or permanently after a soft delete); returns the versions. */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /** Deletes one version ("latest" or a number); returns its number. */
    int deleteSchemaVersion(String subject, String version, boolean permanent);

    @Override
    void close();
}
