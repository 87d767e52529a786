package vn.chibo.pulse.reconcile.ledger;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import vn.chibo.pulse.domain.RejectionReason;

/** How many events the ledger refused, per reason code (RejectionReason names). */
public final class Refusals {
    private final Map<String, Long> byReason = new TreeMap<>();

    void count(RejectionReason reason) {
        byReason.merge(reason.name(), 1L, Long::sum);
    }

    public Map<String, Long> byReason() {
        return Collections.unmodifiableMap(byReason);
    }

    public long total() {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
