package vn.chibo.pulse.streams.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the topology on {@link PulseDriver#withProvince() the small province}: each test gets a driver of its
 * own, {@code d}, holding the province's reference data, closed after it (its state directory removed).
 */
abstract class OnTheSmallProvince {
    PulseDriver d;

    @BeforeEach
    void startOnTheSmallProvince() {
        d = new PulseDriver().withProvince();
    }

    @AfterEach
    void closeTheDriver() {
        d.close();
    }
}
