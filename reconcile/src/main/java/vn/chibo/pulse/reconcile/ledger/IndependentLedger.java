package vn.chibo.pulse.reconcile.ledger;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * A deliberately simple, single-threaded reading of SPEC §2–§3, written from the SPEC alone:
 * it keeps the facts (tree, members, grades, flows, transfers, meetings as last recorded) and
 * leaves every figure to {@link ExpectedRelations}, which derives them once at the end. Only the
 * stateless rules of the contract ({@link EventRules}) are shared with the pipeline.
 *
 * <p>Events of one partition must be applied in offset order; partitions may interleave, since
 * the events of one member or one meeting share a partition and no figure depends on the order
 * between members or meetings.
 */
public final class IndependentLedger {

    /** A flow (admissions … expulsions) counted for a branch in a month. */
    public record Flow(String branchId, LocalDate month, String column) {}

    /** Transfers between two sides (null: outside the province) in a month. */
    public record Transfer(String fromBranchId, String toBranchId, LocalDate month) {}

    /** The latest grade of a (member, year), for the branch the member had when it was applied. */
    public record Graded(String branchId, Grade grade) {}

    /** A meeting at its latest revision; {@code record} null when that revision is a retraction. */
    public record MeetingState(int revision, MeetingRecorded record) {}

    private final Tree tree = new Tree();
    private final Map<String, Member> members = new HashMap<>();
    private final Map<Flow, Long> flows = new HashMap<>();
    private final Map<Transfer, Long> transfers = new HashMap<>();
    private final Map<String, MeetingState> meetings = new HashMap<>();
    private final AcceptedEventIds acceptedEventIds = new AcceptedEventIds();
    private final Refusals refusals = new Refusals();
    private final MemberRules memberRules = new MemberRules(this);

    /**
     * Applies one decoded envelope (ReferenceEvent, MemberEvent or MeetingEvent).
     *
     * @param today the date against which "after tomorrow" is judged: the day the record was written
     */
    public void apply(Object envelope, LocalDate today) {
        Optional<Rejection> invalid = EventRules.check(envelope, today);
        if (invalid.isPresent()) {
            refuse(invalid.get().reason());
            return;
        }
        String eventId = eventId(envelope);
        if (acceptedEventIds.contains(eventId)) {
            return; // SPEC §2: an eventId already accepted has no further effect
        }
        RejectionReason refused;
        if (envelope instanceof ReferenceEvent e) {
            refused = applyReference(e.getPayload());
        } else if (envelope instanceof MemberEvent e) {
            refused = memberRules.apply(e.getPayload());
        } else {
            refused = applyMeeting(((MeetingEvent) envelope).getPayload());
        }
        if (refused != null) {
            refuse(refused);
        } else {
            acceptedEventIds.add(eventId);
        }
    }

    /** A record that is not an event at all (not the registry's wire format, or not one of ours). */
    public void applyUndecodable() {
        refuse(RejectionReason.UNDESERIALIZABLE);
    }

    private static String eventId(Object envelope) {
        if (envelope instanceof ReferenceEvent e) {
            return e.getEventId();
        } else if (envelope instanceof MemberEvent e) {
            return e.getEventId();
        }
        return ((MeetingEvent) envelope).getEventId();
    }

    private RejectionReason applyReference(Object payload) {
        if (payload instanceof District d) {
            tree.put(d);
        } else if (payload instanceof Commune c) {
            if (c.getDistrictCode() != null && !tree.hasDistrict(c.getDistrictCode())) {
                return RejectionReason.UNKNOWN_DISTRICT;
            }
            tree.put(c);
        } else {
            Branch b = (Branch) payload;
            if (!tree.hasCommune(b.getCommuneCode())) {
                return RejectionReason.UNKNOWN_COMMUNE;
            }
            tree.put(b);
        }
        return null;
    }

    private RejectionReason applyMeeting(Object payload) {
        if (payload instanceof MeetingRecorded m) {
            if (!tree.hasBranch(m.getBranchId())) {
                return RejectionReason.UNKNOWN_BRANCH;
            }
            replaceIfNewer(m.getMeetingId(), new MeetingState(m.getRevision(), m));
        } else {
            MeetingRetracted r = (MeetingRetracted) payload;
            replaceIfNewer(r.getMeetingId(), new MeetingState(r.getRevision(), null));
        }
        return null;
    }

    /** SPEC §2: a higher revision replaces the meeting entirely; an equal or lower one is ignored. */
    private void replaceIfNewer(String meetingId, MeetingState next) {
        MeetingState current = meetings.get(meetingId);
        if (current == null || next.revision() > current.revision()) {
            meetings.put(meetingId, next);
        }
    }

    private void refuse(RejectionReason reason) {
        refusals.count(reason);
    }

    // --- used by MemberRules ---

    Member member(String memberId) {
        return members.computeIfAbsent(memberId, id -> new Member());
    }

    void countFlow(String branchId, LocalDate date, String column) {
        flows.merge(new Flow(branchId, date.withDayOfMonth(1), column), 1L, Long::sum);
    }

    void countTransfer(String from, String to, LocalDate date) {
        transfers.merge(new Transfer(from, to, date.withDayOfMonth(1)), 1L, Long::sum);
    }


    // --- read by ExpectedRelations ---

    public Tree tree() {
        return tree;
    }

    Map<String, Member> members() {
        return members;
    }


    public Map<Flow, Long> flows() {
        return flows;
    }

    public Map<Transfer, Long> transfers() {
        return transfers;
    }

    public Map<String, MeetingState> meetings() {
        return meetings;
    }

    public Refusals refusals() {
        return refusals;
    }
}
