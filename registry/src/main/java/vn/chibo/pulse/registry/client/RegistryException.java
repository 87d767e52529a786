package vn.chibo.pulse.registry.client;

/**
 * An error answered by a schema registry, with the HTTP status and Confluent's {@code error_code},
 * or a registry that could not be reached at all ({@link #isUnreachable()}).
 */
public class RegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;

    /** Status and error code of a registry that never answered. */
    public static final int UNREACHABLE = -1;

    private final int status;
    private final int errorCode;
    private final String registryMessage;

    public RegistryException(int status, int errorCode, String registryMessage) {
        this(status, errorCode, registryMessage, null);
    }

    public RegistryException(int status, int errorCode, String registryMessage, Throwable cause) {
        super(registryMessage + " (HTTP " + status + ", error_code " + errorCode + ")", cause);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** A registry that could not be reached, even after the retries. */
    public static RegistryException unreachable(String message, Throwable cause) {
        return new RegistryException(UNREACHABLE, UNREACHABLE, message, cause);
    }

    /** HTTP status of the answer, or {@link #UNREACHABLE}. */
    public int status() {
        return status;
    }

    /** Confluent's error code ({@code error_code} in the JSON body), e.g. 40401. */
    public int errorCode() {
        return errorCode;
    }

    /** The message as the registry wrote it, without the codes. */
    public String registryMessage() {
        return registryMessage;
    }

    public boolean isUnreachable() {
        return status == UNREACHABLE;
    }
}
