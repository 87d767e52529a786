package vn.chibo.pulse.domain;

import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * An event ready to send: its topic, its record key and its Avro envelope
 * ({@link ReferenceEvent}, {@link MemberEvent} or {@link MeetingEvent}).
 */
public record ParsedEvent(String topic, String key, SpecificRecord envelope) {
    public ParsedEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(envelope, "envelope");
    }

    /** Routes an envelope by {@link EventKeys}. */
    public static ParsedEvent of(SpecificRecord envelope) {
        return new ParsedEvent(EventKeys.topicOf(envelope), EventKeys.keyOf(envelope), envelope);
    }

    /** The envelope's eventId. */
    public String eventId() {
        return (String) envelope.get(0);
    }

    /** The payload record (District … MeetingRetracted). */
    public Object payload() {
        return envelope.get(1);
    }

    /** The payload's type name as written in JSON's {@code type}, e.g. {@code MemberAdmitted}. */
    public String type() {
        return ((SpecificRecord) payload()).getSchema().getName();
    }
}
