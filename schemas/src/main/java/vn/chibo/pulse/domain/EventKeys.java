package vn.chibo.pulse.domain;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * Where an event goes and under which key: reference data under {@code "<type>:<code>"}
 * (e.g. {@code "Branch:B0001"}), member events under memberId and meeting events under
 * meetingId, so that the events of one member or one meeting stay in one partition, in order.
 */
public final class EventKeys {
    private EventKeys() {}

    /** The topic of an envelope (ReferenceEvent, MemberEvent or MeetingEvent). */
    public static String topicOf(SpecificRecord envelope) {
        if (envelope instanceof ReferenceEvent) {
            return Topics.REFERENCE;
        } else if (envelope instanceof MemberEvent) {
            return Topics.MEMBER_EVENTS;
        } else if (envelope instanceof MeetingEvent) {
            return Topics.MEETING_EVENTS;
        }
        throw notAnEnvelope(envelope);
    }

    /** The record key of an envelope. */
    public static String keyOf(SpecificRecord envelope) {
        if (envelope instanceof ReferenceEvent e) {
            return referenceKey(e.getPayload());
        } else if (envelope instanceof MemberEvent e) {
            return memberId(e.getPayload());
        } else if (envelope instanceof MeetingEvent e) {
            return meetingId(e.getPayload());
        }
        throw notAnEnvelope(envelope);
    }

    /** {@code "District:<code>"}, {@code "Commune:<code>"} or {@code "Branch:<id>"}. */
    public static String referenceKey(Object payload) {
        if (payload instanceof District d) {
            return "District:" + d.getCode();
        } else if (payload instanceof Commune c) {
            return "Commune:" + c.getCode();
        } else if (payload instanceof Branch b) {
            return "Branch:" + b.getId();
        }
        throw new IllegalArgumentException("not a reference record: " + className(payload));
    }

    /**
     * The payload classes of member events, each with the position of its field memberId (every one of
     * them names its member there). By class, not by schema: a schema's hash and equality walk the whole
     * schema, and this is asked several times for every member event.
     */
    private static final Map<Class<?>, Integer> MEMBER_ID_POSITIONS = MemberEvent.getClassSchema().getField("payload").schema()
            .getTypes().stream().collect(Collectors.toUnmodifiableMap(s -> SpecificData.get().getClass(s),
                    s -> s.getField("memberId").pos()));

    /** The memberId of a member event's payload (of any type, new ones included). */
    public static String memberId(Object payload) {
        Integer pos = payload == null ? null : MEMBER_ID_POSITIONS.get(payload.getClass());
        if (pos != null) {
            return ((SpecificRecord) payload).get(pos).toString();
        }
        throw new IllegalArgumentException("not a member event record: " + className(payload));
    }

    /** The meetingId of a meeting event's payload. */
    public static String meetingId(Object payload) {
        if (payload instanceof MeetingRecorded m) {
            return m.getMeetingId();
        } else if (payload instanceof MeetingRetracted m) {
            return m.getMeetingId();
        }
        throw new IllegalArgumentException("not a meeting event record: " + className(payload));
    }

    private static IllegalArgumentException notAnEnvelope(Object o) {
        return new IllegalArgumentException("not an event envelope (ReferenceEvent, MemberEvent, MeetingEvent): " + className(o));
    }

    private static String className(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
