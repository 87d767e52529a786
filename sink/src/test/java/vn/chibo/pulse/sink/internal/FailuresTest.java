package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.registry.client.RegistryException;

class FailuresTest {

    @Test
    void constraintViolationsAndBadValuesAreTheRecordsFault() {
        assertThat(Failures.isDataError(new SQLException("check", "23514"))).isTrue();
        assertThat(Failures.isDataError(new SQLException("nul byte", "22021"))).isTrue();
        assertThat(Failures.isDataError(new SQLException("out of range", "22003"))).isTrue();
    }

    @Test
    void outagesAndRefusalsToWriteAreRetriedNotDeadLettered() {
        assertThat(Failures.isDataError(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("admin shutdown", "57P01"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("disk full", "53100"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("read-only transaction", "25006"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("permission denied", "42501"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("no state"))).isFalse();
    }

    @Test
    void aFailedJdbcBatchIsClassifiedByTheServerErrorItChains() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 failed", new int[0]);
        batch.setNextException(new SQLException("violates check constraint", "23514"));
        assertThat(Failures.sqlState(batch)).isEqualTo("23514");
        assertThat(Failures.isDataError(batch)).isTrue();
        assertThat(Failures.describe(batch)).isEqualTo("SQLSTATE 23514: violates check constraint");
    }

    @Test
    void anUnreachableRegistryIsAnOutageButAnUnknownSchemaIsBadData() {
        assertThat(Failures.isRegistryOutage(new SerializationException("x",
                RegistryException.unreachable("down", new ConnectException("refused"))))).isTrue();
        assertThat(Failures.isRegistryOutage(new SerializationException("x",
                new RegistryException(500, 50001, "store error")))).isTrue();
        assertThat(Failures.isRegistryOutage(new SerializationException("x",
                new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "no such schema")))).isFalse();
        assertThat(Failures.isRegistryOutage(new SerializationException("Unknown magic byte"))).isFalse();
    }
}
