package vn.chibo.pulse.streams.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The eventIds accepted for one member or meeting (SPEC §2: an id once accepted has no further effect,
 * however often it is sent again), kept so that the entity's state stays the same size however many
 * events it has. The state holds the latest {@value #RECENT} ids (a resend is most often of a recent
 * event) and a Bloom filter of {@value #FILTER_BYTES} bytes over the older ones, which live in a store
 * keyed by entity and eventId. So an event of an entity with few events costs no read beyond its
 * state, and the store is read only when the filter says "maybe" (almost never until an entity has
 * hundreds of events).
 */
final class AcceptedEventIds {
    /** Ids kept in the entity's own state. */
    static final int RECENT = 8;
    /** Size of the filter over the older ids: 2,048 bits, 1 % false "maybe"s at about 200 older ids. */
    static final int FILTER_BYTES = 256;
    private static final int FILTER_BITS = FILTER_BYTES * 8;
    private static final int HASHES = 5;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final KeyValueStore<String, Long> older;

    /** @param older the store of the ids moved out of the states, by {@link #key} */
    AcceptedEventIds(KeyValueStore<String, Long> older) {
        this.older = older;
    }

    /** An entity's ids as its state holds them: the recent ones and the filter over the older ones. */
    record Held(List<String> recent, ByteBuffer olderFilter) {
        static final Held NONE = new Held(List.of(), EMPTY);
    }

    /** Whether {@code eventId} was accepted for {@code entity}, whose state holds {@code held}. */
    boolean contains(String entity, Held held, String eventId) {
        if (held.recent().contains(eventId)) {
            return true;
        }
        return mightHold(held.olderFilter(), eventId) && older.get(key(entity, eventId)) != null;
    }

    /**
     * What the entity's state holds once {@code eventId} is accepted too: the oldest recent ids beyond
     * {@value #RECENT} move to the store (stamped with {@code timestamp}) and into the filter. A state
     * written before this bound may hold many recent ids: they move on its next accepted event.
     */
    Held add(String entity, Held held, String eventId, long timestamp) {
        List<String> recent = new ArrayList<>(Math.min(held.recent().size() + 1, RECENT + 1));
        ByteBuffer filter = held.olderFilter();
        int moving = Math.max(0, held.recent().size() + 1 - RECENT);
        if (moving > 0) {
            byte[] bits = new byte[FILTER_BYTES];
            if (filter.remaining() == FILTER_BYTES) {
                filter.duplicate().get(bits);
            }
            for (String moved : held.recent().subList(0, moving)) {
                older.put(key(entity, moved), timestamp);
                set(bits, moved);
            }
            filter = ByteBuffer.wrap(bits);
        }
        recent.addAll(held.recent().subList(moving, held.recent().size()));
        recent.add(eventId);
        return new Held(recent, filter);
    }

    /** Key of an older id: the entity's length first, so that no entity and eventId pair reads as another. */
    static String key(String entity, String eventId) {
        return entity.length() + ":" + entity + eventId;
    }

    private static boolean mightHold(ByteBuffer filter, String eventId) {
        if (filter.remaining() != FILTER_BYTES) {
            return false; // nothing moved out yet
        }
        long h = hash(eventId);
        int base = filter.position();
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(h, i);
            if ((filter.get(base + (bit >>> 3)) & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static void set(byte[] bits, String eventId) {
        long h = hash(eventId);
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(h, i);
            bits[bit >>> 3] |= (byte) (1 << (bit & 7));
        }
    }

    /** The i-th bit of an id in the filter (double hashing over the two halves of its hash). */
    private static int bit(long hash, int i) {
        return Math.floorMod((int) hash + i * ((int) (hash >>> 32) | 1), FILTER_BITS);
    }

    /** 64-bit FNV-1a over the id's chars: fixed for ever, since filters are kept in the state. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h ^ (h >>> 31);
    }
}
