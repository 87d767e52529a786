package vn.chibo.pulse.streams.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.domain.AggregateKeys;
import vn.chibo.pulse.domain.PartyRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.streams.internal.model.AbsenceChange;
import vn.chibo.pulse.streams.internal.model.CountedMeeting;
import vn.chibo.pulse.streams.internal.model.MeetingState;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * Meeting events (keyed by meetingId). A higher revision replaces the meeting entirely, a retraction
 * with a higher revision removes it, anything else is ignored. The meeting's contribution — its
 * branch's monthly figures (quality included) and its unexcused absences — is a pure function of
 * the meeting as counted, and each change sends the difference between the old and new contribution.
 */
final class MeetingProcessor extends EventProcessor<MeetingEvent> {
    /** A member's absences changed by a meeting, for the member's own task (keyed by memberId). */
    static final Output<AbsenceChange> ABSENCES = new Output<>("absences", AbsenceChange.class);
    static final List<Output<?>> OUTPUTS = List.of(REJECTED, ABSENCES, Aggregate.MONTHLY.deltas());

    private KeyValueStore<String, MeetingState> meetings;
    private ReferenceLookup reference;
    private AcceptedEventIds acceptedIds;

    MeetingProcessor(Map<String, ?> registryConfig, Duration referenceWait, ReferenceArrivals arrivals, Duration deltaInterval) {
        super(registryConfig, MeetingEvent.class, null, StoreNames.MEETING_REJECTIONS,
                StoreNames.MEETING_PENDING, referenceWait, arrivals, StoreNames.MEETING_DELTAS, deltaInterval);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        meetings = context.getStateStore(StoreNames.MEETING_STATE);
        acceptedIds = new AcceptedEventIds(context.getStateStore(StoreNames.MEETING_EVENT_IDS));
        ReadOnlyKeyValueStore<String, ReferenceEntry> lookup = context.getStateStore(StoreNames.REFERENCE_LOOKUP);
        reference = new ReferenceLookup(lookup, arrivals);
    }

    @Override
    protected boolean referenceHolds(String branchId) {
        return reference.holdsBranch(branchId);
    }

    @Override
    protected String eventId(MeetingEvent event) {
        return event.getEventId();
    }

    @Override
    protected boolean alreadyAccepted(MeetingEvent event, String eventId) {
        Object p = event.getPayload();
        String meetingId = p instanceof MeetingRecorded m ? m.getMeetingId() : ((MeetingRetracted) p).getMeetingId();
        MeetingState state = meetings.get(meetingId);
        return state != null && acceptedIds.contains(meetingId, held(state), eventId);
    }

    @Override
    protected Outcome apply(MeetingEvent event, String eventId, long timestamp) {
        Object payload = event.getPayload();
        String meetingId;
        int revision;
        CountedMeeting counted;
        if (payload instanceof MeetingRecorded m) {
            if (!reference.holdsBranch(m.getBranchId())) {
                return Outcome.unknownBranch(m.getBranchId(), Rejection.of(RejectionReason.UNKNOWN_BRANCH,
                        "meeting " + m.getMeetingId() + " names branch \"" + m.getBranchId() + "\", which the reference data does not hold"));
            }
            meetingId = m.getMeetingId();
            revision = m.getRevision();
            counted = new CountedMeeting(m.getBranchId(), m.getDate(), m.getKind().name(),
                    m.getMembersExpected(), m.getMembersPresent(), new ArrayList<>(m.getAbsentUnexcused()),
                    m.getSuperiorAttended(), m.getSelfCriticism(), m.getQualityScore());
        } else if (payload instanceof MeetingRetracted r) {
            meetingId = r.getMeetingId();
            revision = r.getRevision();
            counted = null;
        } else {
            throw new IllegalStateException("unexpected meeting payload " + payload);
        }
        MeetingState before = meetings.get(meetingId);
        if (before != null && revision <= before.getRevision()) {
            return Outcome.IGNORED;
        }
        // A retraction of a meeting never seen still sets the revision: a late lower record stays out.
        AcceptedEventIds.Held ids = acceptedIds.add(meetingId, before == null ? AcceptedEventIds.Held.NONE : held(before), eventId, timestamp);
        meetings.put(meetingId, new MeetingState(revision, counted, ids.recent(), ids.olderFilter()));
        emitDifference(meetingId, before == null ? null : before.getMeeting(), counted, timestamp);
        return Outcome.APPLIED;
    }

    private static AcceptedEventIds.Held held(MeetingState state) {
        return new AcceptedEventIds.Held(state.getEventIds(), state.getOlderEventIds());
    }

    private void emitDifference(String meetingId, CountedMeeting before, CountedMeeting after, long timestamp) {
        Map<String, BranchMonthly> monthly = new LinkedHashMap<>();
        Map<String, AbsenceChange> absences = new LinkedHashMap<>();
        add(monthly, absences, meetingId, before, -1);
        add(monthly, absences, meetingId, after, 1);
        monthly.forEach((key, delta) -> deltas.add(delta, timestamp));
        absences.forEach((key, change) -> {
            if (change.getDelta() != 0) {
                emit(ABSENCES, key.substring(key.indexOf('|') + 1), change, timestamp);
            }
        });
    }

    private static void add(Map<String, BranchMonthly> monthly, Map<String, AbsenceChange> absences,
            String meetingId, CountedMeeting m, int sign) {
        if (m == null) {
            return;
        }
        BranchMonthly d = monthly.computeIfAbsent(AggregateKeys.monthly(m.getBranchId(), m.getDate()),
                k -> Deltas.monthly(m.getBranchId(), m.getDate()));
        boolean regular = MeetingKind.REGULAR.name().equals(m.getKind());
        if (regular) {
            d.setRegularMeetings(d.getRegularMeetings() + sign);
        } else {
            d.setThematicMeetings(d.getThematicMeetings() + sign);
        }
        d.setMembersExpected(d.getMembersExpected() + sign * m.getMembersExpected());
        d.setMembersPresent(d.getMembersPresent() + sign * m.getMembersPresent());
        d.setMeetingsWithSuperior(d.getMeetingsWithSuperior() + (m.getSuperiorAttended() ? sign : 0));
        d.setMeetingsWithSelfCriticism(d.getMeetingsWithSelfCriticism() + (m.getSelfCriticism() ? sign : 0));
        Integer score = m.getQualityScore();
        if (score != null) {
            d.setMeetingsScored(d.getMeetingsScored() + sign);
            d.setQualityScoreSum(d.getQualityScoreSum() + sign * score);
            switch (PartyRules.band(score)) {
                case GOOD -> d.setMeetingsGood(d.getMeetingsGood() + sign);
                case FAIR -> d.setMeetingsFair(d.getMeetingsFair() + sign);
                case AVERAGE -> d.setMeetingsAverage(d.getMeetingsAverage() + sign);
                case POOR -> d.setMeetingsPoor(d.getMeetingsPoor() + sign);
            }
        }
        if (!regular) {
            return;
        }
        d.setAbsencesUnexcused(d.getAbsencesUnexcused() + sign * m.getAbsentUnexcused().size());
        int year = m.getDate().getYear();
        int month = m.getDate().getMonthValue();
        for (String memberId : m.getAbsentUnexcused()) {
            // The key carries the year and month first: a meeting moved to another month is a -1 and a +1.
            absences.merge(year + "-" + month + "|" + memberId, new AbsenceChange(meetingId, year, month, sign), (a, b) -> {
                a.setDelta(a.getDelta() + b.getDelta());
                return a;
            });
        }
    }
}
