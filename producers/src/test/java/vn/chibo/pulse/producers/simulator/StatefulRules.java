package vn.chibo.pulse.producers.simulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberExempted;
import vn.chibo.pulse.events.MemberExemptionEnded;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * The stateful rules of SPEC.md §2, written again independently of the simulator, to replay its
 * events: which events a pipeline would refuse, and the member state that results.
 */
final class StatefulRules {
    record Member(String branch, MemberStatus status) {}

    final Set<String> districts = new HashSet<>();
    final Map<String, String> communeDistrict = new HashMap<>();
    final Map<String, Branch> branches = new HashMap<>();
    final Map<String, Member> active = new HashMap<>();
    final Set<String> exempt = new HashSet<>();
    final Map<String, Integer> meetingRevision = new HashMap<>();
    final Set<String> eventIds = new HashSet<>();

    /** Applies one event unless it breaks a rule; returns the broken rule. A repeated eventId changes nothing. */
    Optional<RejectionReason> apply(Object envelope) {
        String eventId = envelope instanceof ReferenceEvent r ? r.getEventId()
                : envelope instanceof MemberEvent m ? m.getEventId() : ((MeetingEvent) envelope).getEventId();
        if (eventIds.contains(eventId)) {
            return Optional.empty();
        }
        Optional<RejectionReason> broken = check(envelope);
        if (broken.isEmpty()) {
            eventIds.add(eventId);
        }
        return broken;
    }

    boolean seen(String eventId) {
        return eventIds.contains(eventId);
    }

    private Optional<RejectionReason> check(Object envelope) {
        if (envelope instanceof ReferenceEvent r) {
            Object p = r.getPayload();
            if (p instanceof District d) {
                districts.add(d.getCode());
            } else if (p instanceof Commune c) {
                // a null district: the commune reports directly to the province (SPEC v2)
                if (c.getDistrictCode() != null && !districts.contains(c.getDistrictCode())) {
                    return Optional.of(RejectionReason.UNKNOWN_DISTRICT);
                }
                communeDistrict.put(c.getCode(), c.getDistrictCode());
            } else if (p instanceof Branch b) {
                if (!communeDistrict.containsKey(b.getCommuneCode())) {
                    return Optional.of(RejectionReason.UNKNOWN_COMMUNE);
                }
                branches.put(b.getId(), b);
            }
            return Optional.empty();
        }
        if (envelope instanceof MeetingEvent e) {
            if (e.getPayload() instanceof MeetingRecorded m) {
                if (!branches.containsKey(m.getBranchId())) {
                    return Optional.of(RejectionReason.UNKNOWN_BRANCH);
                }
                meetingRevision.merge(m.getMeetingId(), m.getRevision(), Math::max);
            } else {
                MeetingRetracted m = (MeetingRetracted) e.getPayload();
                meetingRevision.merge(m.getMeetingId(), m.getRevision(), Math::max);
            }
            return Optional.empty();
        }
        Object p = ((MemberEvent) envelope).getPayload();
        if (p instanceof MemberRegistered m) {
            return join(m.getMemberId(), m.getBranchId(), m.getStatus());
        } else if (p instanceof MemberAdmitted m) {
            return join(m.getMemberId(), m.getBranchId(), MemberStatus.PROBATIONARY);
        } else if (p instanceof MemberConfirmed m) {
            Member member = active.get(m.getMemberId());
            if (member == null) {
                return Optional.of(RejectionReason.MEMBER_NOT_ACTIVE);
            }
            if (member.status() == MemberStatus.OFFICIAL) {
                return Optional.of(RejectionReason.MEMBER_ALREADY_OFFICIAL);
            }
            active.put(m.getMemberId(), new Member(member.branch(), MemberStatus.OFFICIAL));
        } else if (p instanceof MemberTransferred t) {
            Member member = active.get(t.getMemberId());
            if (t.getToBranchId() != null && !branches.containsKey(t.getToBranchId())) {
                return Optional.of(RejectionReason.UNKNOWN_BRANCH);
            }
            if (t.getFromBranchId() == null) {
                if (member != null) {
                    return Optional.of(RejectionReason.TRANSFER_IN_OF_ACTIVE_MEMBER);
                }
                active.put(t.getMemberId(), new Member(t.getToBranchId(), t.getStatus()));
            } else {
                if (member == null) {
                    return Optional.of(RejectionReason.MEMBER_NOT_ACTIVE);
                }
                if (!member.branch().equals(t.getFromBranchId())) {
                    return Optional.of(RejectionReason.TRANSFER_FROM_WRONG_BRANCH);
                }
                if (t.getToBranchId() == null) {
                    active.remove(t.getMemberId());
                    exempt.remove(t.getMemberId());
                } else {
                    active.put(t.getMemberId(), new Member(t.getToBranchId(), member.status()));
                }
            }
        } else if (p instanceof MemberLeft m) {
            if (active.remove(m.getMemberId()) == null) {
                return Optional.of(RejectionReason.MEMBER_NOT_ACTIVE);
            }
            exempt.remove(m.getMemberId()); // the exemption ends with the membership
        } else if (p instanceof MemberExempted m) {
            if (!active.containsKey(m.getMemberId())) {
                return Optional.of(RejectionReason.MEMBER_NOT_ACTIVE);
            }
            if (!exempt.add(m.getMemberId())) {
                return Optional.of(RejectionReason.MEMBER_ALREADY_EXEMPT);
            }
        } else if (p instanceof MemberExemptionEnded m) {
            if (!exempt.remove(m.getMemberId())) {
                return Optional.of(RejectionReason.MEMBER_NOT_EXEMPT);
            }
        } else if (p instanceof MemberClassified m) {
            if (!active.containsKey(m.getMemberId())) {
                return Optional.of(RejectionReason.MEMBER_NOT_ACTIVE);
            }
        }
        return Optional.empty();
    }

    private Optional<RejectionReason> join(String memberId, String branchId, MemberStatus status) {
        if (!branches.containsKey(branchId)) {
            return Optional.of(RejectionReason.UNKNOWN_BRANCH);
        }
        if (active.containsKey(memberId)) {
            return Optional.of(RejectionReason.MEMBER_ALREADY_ACTIVE);
        }
        active.put(memberId, new Member(branchId, status));
        return Optional.empty();
    }

    long activeIn(BranchKind... kinds) {
        Set<BranchKind> wanted = Set.of(kinds);
        return active.values().stream().filter(m -> wanted.contains(branches.get(m.branch()).getKind())).count();
    }

    long activeWith(MemberStatus status) {
        return active.values().stream().filter(m -> m.status() == status).count();
    }
}
