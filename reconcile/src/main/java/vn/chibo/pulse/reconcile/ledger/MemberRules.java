package vn.chibo.pulse.reconcile.ledger;

import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberExempted;
import vn.chibo.pulse.events.MemberExemptionEnded;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;

/**
 * The member events of SPEC §2 against the member's state: the last list of refusals in §2, and
 * the flows of §3 counted for the member's branch at the event. A refused event changes nothing.
 * Branches named by the event are checked before the member's state.
 */
final class MemberRules {

    private final IndependentLedger ledger;

    MemberRules(IndependentLedger ledger) {
        this.ledger = ledger;
    }

    /** @return why the event is refused, or null when it was applied */
    RejectionReason apply(Object payload) {
        if (payload instanceof MemberRegistered e) {
            return join(e.getMemberId(), e.getBranchId(), e.getStatus(), null);
        } else if (payload instanceof MemberAdmitted e) {
            return join(e.getMemberId(), e.getBranchId(), MemberStatus.PROBATIONARY, e);
        } else if (payload instanceof MemberConfirmed e) {
            return confirm(e);
        } else if (payload instanceof MemberTransferred e) {
            return transfer(e);
        } else if (payload instanceof MemberLeft e) {
            return leave(e);
        } else if (payload instanceof MemberClassified e) {
            return classify(e);
        } else if (payload instanceof MemberExempted e) {
            return exempt(e);
        }
        return endExemption((MemberExemptionEnded) payload);
    }

    /** MemberRegistered (no flow) or MemberAdmitted (one admission). */
    private RejectionReason join(String memberId, String branchId, MemberStatus status, MemberAdmitted admission) {
        if (!ledger.tree().hasBranch(branchId)) {
            return RejectionReason.UNKNOWN_BRANCH;
        }
        Member m = ledger.member(memberId);
        if (m.active) {
            return RejectionReason.MEMBER_ALREADY_ACTIVE;
        }
        m.activate(ledger.tree().sameBranchId(branchId), status);
        if (admission != null) {
            ledger.countFlow(branchId, admission.getDate(), "admissions");
        }
        return null;
    }

    private RejectionReason confirm(MemberConfirmed e) {
        Member m = ledger.member(e.getMemberId());
        if (!m.active) {
            return RejectionReason.MEMBER_NOT_ACTIVE;
        }
        if (m.status == MemberStatus.OFFICIAL) {
            return RejectionReason.MEMBER_ALREADY_OFFICIAL;
        }
        m.status = MemberStatus.OFFICIAL;
        ledger.countFlow(m.branchId, e.getDate(), "confirmations");
        return null;
    }

    private RejectionReason transfer(MemberTransferred e) {
        String from = e.getFromBranchId();
        String to = e.getToBranchId();
        if ((from != null && !ledger.tree().hasBranch(from)) || (to != null && !ledger.tree().hasBranch(to))) {
            return RejectionReason.UNKNOWN_BRANCH;
        }
        Member m = ledger.member(e.getMemberId());
        if (from == null) {
            if (m.active) {
                return RejectionReason.TRANSFER_IN_OF_ACTIVE_MEMBER;
            }
            m.activate(ledger.tree().sameBranchId(to), e.getStatus());
        } else {
            if (!m.active) {
                return RejectionReason.MEMBER_NOT_ACTIVE;
            }
            if (!from.equals(m.branchId)) {
                return RejectionReason.TRANSFER_FROM_WRONG_BRANCH;
            }
            if (to == null) {
                m.deactivate();
            } else {
                m.branchId = ledger.tree().sameBranchId(to);
            }
        }
        ledger.countTransfer(from, to, e.getDate());
        return null;
    }

    private RejectionReason leave(MemberLeft e) {
        Member m = ledger.member(e.getMemberId());
        if (!m.active) {
            return RejectionReason.MEMBER_NOT_ACTIVE;
        }
        ledger.countFlow(m.branchId, e.getDate(), flowOf(e.getReason()));
        m.deactivate();
        return null;
    }

    private static String flowOf(LeaveReason reason) {
        return switch (reason) {
            case DECEASED -> "deaths";
            case REMOVED -> "removals";
            case EXPELLED -> "expulsions";
        };
    }

    /** SPEC §3: a grade belongs to the member's branch when it is applied; a re-grade replaces it. */
    private RejectionReason classify(MemberClassified e) {
        Member m = ledger.member(e.getMemberId());
        if (!m.active) {
            return RejectionReason.MEMBER_NOT_ACTIVE;
        }
        m.grade(e.getYear(), new IndependentLedger.Graded(m.branchId, e.getGrade()));
        return null;
    }

    private RejectionReason exempt(MemberExempted e) {
        Member m = ledger.member(e.getMemberId());
        if (!m.active) {
            return RejectionReason.MEMBER_NOT_ACTIVE;
        }
        if (m.exempt) {
            return RejectionReason.MEMBER_ALREADY_EXEMPT;
        }
        m.exempt = true;
        return null;
    }

    private RejectionReason endExemption(MemberExemptionEnded e) {
        Member m = ledger.member(e.getMemberId());
        if (!m.exempt) {
            return RejectionReason.MEMBER_NOT_EXEMPT;
        }
        m.exempt = false;
        return null;
    }
}
