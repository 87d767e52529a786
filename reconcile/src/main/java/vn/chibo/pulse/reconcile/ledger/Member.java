package vn.chibo.pulse.reconcile.ledger;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import vn.chibo.pulse.events.MemberStatus;

/**
 * What the ledger knows of one member now: active or not, status, branch, exempt or not, and the
 * latest grade of each year with the branch it was applied for. A national log holds millions of
 * members, so a member's first graded year sits in fields of its own; only other years take a map.
 */
final class Member {
    boolean active;
    MemberStatus status;
    String branchId;
    boolean exempt;
    private int gradedYear;
    private IndependentLedger.Graded graded;
    private Map<Integer, IndependentLedger.Graded> otherYears;

    /** SPEC §2: the latest grade of a (member, year) counts; a re-grade replaces the earlier one. */
    void grade(int year, IndependentLedger.Graded latest) {
        if (graded == null || gradedYear == year) {
            gradedYear = year;
            graded = latest;
        } else {
            if (otherYears == null) {
                otherYears = new HashMap<>(4);
            }
            otherYears.put(year, latest);
        }
    }

    void forEachGrade(BiConsumer<Integer, IndependentLedger.Graded> action) {
        if (graded != null) {
            action.accept(gradedYear, graded);
        }
        if (otherYears != null) {
            otherYears.forEach(action);
        }
    }

    void activate(String branch, MemberStatus newStatus) {
        active = true;
        branchId = branch;
        status = newStatus;
        exempt = false;
    }

    /** SPEC §2: an exemption also ends when the member stops being active. */
    void deactivate() {
        active = false;
        exempt = false;
    }
}
