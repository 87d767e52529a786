package vn.chibo.pulse.registry.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;
import vn.chibo.pulse.registry.client.CompatibilityLevel;

/**
 * The registry itself: subjects, versions, global ids and compatibility levels, with the rules of
 * Confluent's Schema Registry. State changes only by applying {@link LogRecord}s read back from the
 * {@link SchemaLog}, so the state after a restart is the state before it.
 *
 * <p>Writers are serialised by one lock (like Confluent's single leader) so that ids and version
 * numbers are decided from a state that already holds every earlier write.
 */
public final class SchemaCatalog implements AutoCloseable {

    private final SchemaLog log;
    private final CompatibilityLevel defaultLevel;

    private final ReentrantLock writes = new ReentrantLock();
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();

    // guarded by state
    private final Map<String, TreeMap<Integer, StoredVersion>> subjects = new HashMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    /** Parsed forms of stored schemas; a stored schema text never changes for its id. */
    private final Map<Integer, Schema> parsed = new ConcurrentHashMap<>();

    public SchemaCatalog(SchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.defaultLevel = defaultLevel;
    }

    /** Replays the log; returns when the catalog holds everything stored. */
    public SchemaCatalog start() {
        log.start(this::apply);
        return this;
    }

    @Override
    public void close() {
        log.close();
    }

    // ---------------------------------------------------------------- writes

    /** Registers a schema under a subject; returns its global id. */
    public int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        return writing(() -> {
            List<StoredVersion> live;
            Integer knownId;
            int nextVersion;
            CompatibilityLevel level;
            int nextId;
            state.readLock().lock();
            try {
                TreeMap<Integer, StoredVersion> versions = subjects.get(subject);
                live = liveNewestFirst(versions);
                for (StoredVersion version : live) {
                    if (version.schema().equals(canonical)) {
                        return version.id(); // registering is idempotent
                    }
                }
                knownId = idsBySchema.get(canonical);
                nextVersion = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
                level = effectiveLevelLocked(subject);
                nextId = maxId + 1;
            } finally {
                state.readLock().unlock();
            }
            List<String> problems = incompatibilities(level, schema, live);
            if (!problems.isEmpty()) {
                throw RegistryErrors.incompatible(subject, problems);
            }
            int id = knownId != null ? knownId : nextId;
            log.append(List.of(new LogRecord.SchemaVersion(subject, nextVersion, id, canonical, false)));
            return id;
        });
    }

    /** Deletes every version of a subject: soft first, then permanently; returns the version numbers. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return writing(() -> {
            List<LogRecord> records = new ArrayList<>();
            List<Integer> deleted = new ArrayList<>();
            state.readLock().lock();
            try {
                TreeMap<Integer, StoredVersion> versions = subjects.get(subject);
                if (versions == null || versions.isEmpty()) {
                    throw RegistryErrors.subjectNotFound(subject);
                }
                boolean anyLive = versions.values().stream().anyMatch(v -> !v.deleted());
                if (!permanent) {
                    if (!anyLive) {
                        throw RegistryErrors.subjectSoftDeleted(subject);
                    }
                    for (StoredVersion v : versions.values()) {
                        if (!v.deleted()) {
                            records.add(new LogRecord.SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
                            deleted.add(v.version());
                        }
                    }
                } else {
                    if (anyLive) {
                        throw RegistryErrors.subjectNotSoftDeleted(subject);
                    }
                    records.add(new LogRecord.IdWatermark(maxId));
                    for (StoredVersion v : versions.values()) {
                        records.add(new LogRecord.SchemaVersionRemoved(v.subject(), v.version()));
                        deleted.add(v.version());
                    }
                }
                // Deleting a subject also drops its own compatibility level, as Confluent does.
                if (subjectLevels.containsKey(subject)) {
                    records.add(new LogRecord.LevelSetting(subject, null));
                }
            } finally {
                state.readLock().unlock();
            }
            log.append(records);
            return deleted;
        });
    }

    /** Deletes one version ("latest" or a number): soft first, then permanently; returns its number. */
    public int deleteVersion(String subject, String versionText, boolean permanent) {
        VersionRef ref = VersionRef.parse(versionText);
        return writing(() -> {
            LogRecord record;
            int number;
            state.readLock().lock();
            try {
                TreeMap<Integer, StoredVersion> versions = subjects.get(subject);
                if (versions == null || versions.isEmpty()) {
                    throw RegistryErrors.subjectNotFound(subject);
                }
                StoredVersion target;
                if (ref.isLatest()) {
                    List<StoredVersion> live = liveNewestFirst(versions);
                    target = live.isEmpty() ? versions.lastEntry().getValue() : live.get(0);
                } else {
                    target = versions.get(ref.number());
                }
                if (target == null) {
                    throw RegistryErrors.versionNotFound(ref);
                }
                number = target.version();
                if (!permanent) {
                    if (target.deleted()) {
                        throw RegistryErrors.versionSoftDeleted(subject, number);
                    }
                    record = new LogRecord.SchemaVersion(subject, number, target.id(), target.schema(), true);
                } else {
                    if (!target.deleted()) {
                        throw RegistryErrors.versionNotSoftDeleted(subject, number);
                    }
                    record = new LogRecord.SchemaVersionRemoved(subject, number);
                }
            } finally {
                state.readLock().unlock();
            }
            log.append(record instanceof LogRecord.SchemaVersionRemoved
                    ? List.of(new LogRecord.IdWatermark(currentMaxId()), record)
                    : List.of(record));
            return number;
        });
    }

    /** Sets the global level (subject null) or a subject's level. */
    public void setLevel(String subject, CompatibilityLevel level) {
        writing(() -> {
            log.append(List.of(new LogRecord.LevelSetting(subject, level)));
            return null;
        });
    }

    /** Removes a subject's own level (40401 if it has none); returns the level it had. */
    public CompatibilityLevel deleteSubjectLevel(String subject) {
        return writing(() -> {
            CompatibilityLevel old = read(() -> subjectLevels.get(subject));
            if (old == null) {
                throw RegistryErrors.subjectNotFound(subject);
            }
            log.append(List.of(new LogRecord.LevelSetting(subject, null)));
            return old;
        });
    }

    /** Resets the global level to the server's default; returns the level it had. */
    public CompatibilityLevel deleteGlobalLevel() {
        return writing(() -> {
            CompatibilityLevel old = globalLevel();
            log.append(List.of(new LogRecord.LevelSetting(null, null)));
            return old;
        });
    }

    private <T> T writing(Supplier<T> action) {
        writes.lock();
        try {
            return action.get();
        } finally {
            writes.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    /** The version of a subject that holds this schema (40401 subject, 40403 schema). */
    public StoredVersion lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = parse(schemaText).toString();
        return read(() -> {
            List<StoredVersion> candidates = versionsLocked(subject, includeDeleted);
            StoredVersion found = null;
            for (StoredVersion v : candidates) {
                if (v.schema().equals(canonical) && (found == null || v.version() > found.version())) {
                    found = v;
                }
            }
            if (found == null) {
                throw RegistryErrors.schemaNotFound();
            }
            return found;
        });
    }

    /** The schema text with this id, soft-deleted versions included (40403). */
    public String schemaById(int id) {
        return read(() -> {
            String schema = schemasById.get(id);
            if (schema == null) {
                throw RegistryErrors.schemaNotFound(id);
            }
            return schema;
        });
    }

    /** Versions holding this schema id, sorted by subject and version (40403 for an unknown id). */
    public List<StoredVersion> versionsById(int id, boolean includeDeleted) {
        return read(() -> {
            if (!schemasById.containsKey(id)) {
                throw RegistryErrors.schemaNotFound(id);
            }
            List<StoredVersion> result = new ArrayList<>();
            for (TreeMap<Integer, StoredVersion> versions : subjects.values()) {
                for (StoredVersion v : versions.values()) {
                    if (v.id() == id && (includeDeleted || !v.deleted())) {
                        result.add(v);
                    }
                }
            }
            result.sort(Comparator.comparing(StoredVersion::subject).thenComparing(StoredVersion::version));
            return result;
        });
    }

    /** Subjects with at least one live version (or any version), sorted. */
    public List<String> subjects(boolean includeDeleted, String prefix) {
        return read(() -> {
            TreeSet<String> names = new TreeSet<>();
            subjects.forEach((name, versions) -> {
                boolean visible = includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted());
                if (visible && (prefix == null || name.startsWith(prefix))) {
                    names.add(name);
                }
            });
            return new ArrayList<>(names);
        });
    }

    /** Version numbers of a subject, oldest first (40401). */
    public List<Integer> versions(String subject, boolean includeDeleted) {
        return read(() -> versionsLocked(subject, includeDeleted).stream().map(StoredVersion::version).toList());
    }

    /** One version of a subject (42202, 40401, 40402). */
    public StoredVersion version(String subject, String versionText, boolean includeDeleted) {
        VersionRef ref = VersionRef.parse(versionText);
        return read(() -> {
            List<StoredVersion> candidates = versionsLocked(subject, includeDeleted);
            if (ref.isLatest()) {
                return candidates.get(candidates.size() - 1);
            }
            return candidates.stream().filter(v -> v.version() == ref.number()).findFirst()
                    .orElseThrow(() -> RegistryErrors.versionNotFound(ref));
        });
    }

    /**
     * Why the schema could not be registered under the subject, checked against one version
     * ("latest" or a number: 42202, 40401, 40402) or, with {@code versionText} null, against the
     * versions the subject's level names. An empty list means compatible.
     */
    public List<String> compatibilityProblems(String subject, String versionText, String schemaText) {
        VersionRef ref = versionText == null ? null : VersionRef.parse(versionText);
        Schema schema = parse(schemaText);
        List<StoredVersion> against;
        CompatibilityLevel level;
        state.readLock().lock();
        try {
            List<StoredVersion> live = liveNewestFirst(subjects.get(subject));
            level = effectiveLevelLocked(subject);
            if (ref == null) {
                against = live;
            } else if (ref.isLatest()) {
                // Nothing registered yet: any schema may become the first version.
                against = live.isEmpty() ? List.of() : List.of(live.get(0));
            } else {
                if (live.isEmpty()) {
                    throw RegistryErrors.subjectNotFound(subject);
                }
                against = List.of(live.stream().filter(v -> v.version() == ref.number()).findFirst()
                        .orElseThrow(() -> RegistryErrors.versionNotFound(ref)));
            }
        } finally {
            state.readLock().unlock();
        }
        return incompatibilities(level, schema, against);
    }

    public CompatibilityLevel globalLevel() {
        return read(() -> globalLevel != null ? globalLevel : defaultLevel);
    }

    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        return read(() -> Optional.ofNullable(subjectLevels.get(subject)));
    }

    /** The level that applies to a subject: its own, else the global one. */
    public CompatibilityLevel effectiveLevel(String subject) {
        return read(() -> effectiveLevelLocked(subject));
    }

    private int currentMaxId() {
        return read(() -> maxId);
    }

    private <T> T read(Supplier<T> action) {
        state.readLock().lock();
        try {
            return action.get();
        } finally {
            state.readLock().unlock();
        }
    }

    private CompatibilityLevel effectiveLevelLocked(String subject) {
        CompatibilityLevel own = subjectLevels.get(subject);
        if (own != null) {
            return own;
        }
        return globalLevel != null ? globalLevel : defaultLevel;
    }

    /** Versions of a subject oldest first; 40401 when it has none to show. */
    private List<StoredVersion> versionsLocked(String subject, boolean includeDeleted) {
        TreeMap<Integer, StoredVersion> versions = subjects.get(subject);
        List<StoredVersion> result = new ArrayList<>();
        if (versions != null) {
            for (StoredVersion v : versions.values()) {
                if (includeDeleted || !v.deleted()) {
                    result.add(v);
                }
            }
        }
        if (result.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return result;
    }

    private static List<StoredVersion> liveNewestFirst(TreeMap<Integer, StoredVersion> versions) {
        List<StoredVersion> live = new ArrayList<>();
        if (versions != null) {
            for (StoredVersion v : versions.descendingMap().values()) {
                if (!v.deleted()) {
                    live.add(v);
                }
            }
        }
        return live;
    }

    // ---------------------------------------------------------------- compatibility

    /** Checks the new schema against the earlier ones (newest first) as the level says, with Avro's own rules. */
    private List<String> incompatibilities(CompatibilityLevel level, Schema candidate, List<StoredVersion> newestFirst) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || newestFirst.isEmpty()) {
            return problems;
        }
        Collection<StoredVersion> against = level.isTransitive() ? newestFirst : newestFirst.subList(0, 1);
        for (StoredVersion earlier : against) {
            Schema old = parsed.computeIfAbsent(earlier.id(), id -> new Schema.Parser().parse(earlier.schema()));
            if (level.checksBackward()) {
                describe(problems, level, earlier, "new schema cannot read data written with it",
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, old));
            }
            if (level.checksForward()) {
                describe(problems, level, earlier, "its readers cannot read data written with the new schema",
                        SchemaCompatibility.checkReaderWriterCompatibility(old, candidate));
            }
        }
        return problems;
    }

    private static void describe(List<String> problems, CompatibilityLevel level, StoredVersion earlier, String what,
            SchemaCompatibility.SchemaPairCompatibility result) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility i : result.getResult().getIncompatibilities()) {
            problems.add(level + " check against version " + earlier.version() + " (id " + earlier.id() + "): "
                    + what + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
        }
    }

    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryErrors.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            throw RegistryErrors.invalidSchema(e.getMessage());
        } catch (RuntimeException e) {
            throw RegistryErrors.invalidSchema(String.valueOf(e.getMessage()));
        }
    }

    // ---------------------------------------------------------------- applying the log

    /** Applies one record read back from the log. Called by the log's reader, in log order. */
    void apply(LogRecord record) {
        state.writeLock().lock();
        try {
            if (record instanceof LogRecord.SchemaVersion v) {
                subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>())
                        .put(v.version(), new StoredVersion(v.subject(), v.version(), v.id(), v.schema(), v.deleted()));
                schemasById.putIfAbsent(v.id(), v.schema());
                idsBySchema.merge(v.schema(), v.id(), Math::min);
                maxId = Math.max(maxId, v.id());
            } else if (record instanceof LogRecord.SchemaVersionRemoved r) {
                TreeMap<Integer, StoredVersion> versions = subjects.get(r.subject());
                StoredVersion removed = versions == null ? null : versions.remove(r.version());
                if (versions != null && versions.isEmpty()) {
                    subjects.remove(r.subject());
                }
                if (removed != null && !idStillUsed(removed.id())) {
                    String schema = schemasById.remove(removed.id());
                    idsBySchema.remove(schema, removed.id());
                    parsed.remove(removed.id());
                }
            } else if (record instanceof LogRecord.LevelSetting s) {
                if (s.subject() == null) {
                    globalLevel = s.level();
                } else if (s.level() == null) {
                    subjectLevels.remove(s.subject());
                } else {
                    subjectLevels.put(s.subject(), s.level());
                }
            } else if (record instanceof LogRecord.IdWatermark w) {
                maxId = Math.max(maxId, w.maxId());
            }
        } finally {
            state.writeLock().unlock();
        }
    }

    private boolean idStillUsed(int id) {
        for (TreeMap<Integer, StoredVersion> versions : subjects.values()) {
            for (StoredVersion v : versions.values()) {
                if (v.id() == id) {
                    return true;
                }
            }
        }
        return false;
    }
}
