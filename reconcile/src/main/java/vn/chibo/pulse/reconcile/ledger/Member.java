package vn.chibo.pulse.reconcile.ledger;

import vn.chibo.pulse.events.MemberStatus;

/** What the ledger knows of one member now: active or not, status, branch, exempt or not. */
final class Member {
    boolean active;
    MemberStatus status;
    String branchId;
    boolean exempt;

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
