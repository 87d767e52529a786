package vn.chibo.pulse.reconcile.ledger;

import com.carrotsearch.hppc.LongHashSet;

/**
 * The eventIds accepted so far (SPEC §2: an id once accepted has no further effect), kept as 64-bit
 * hashes in a primitive set. A national log holds about 13 million ids: as strings in a HashSet they
 * would take well over a gigabyte, as hashes about 10 bytes each.
 *
 * <p>Two distinct ids with one hash (for 13 million ids, about one log in 200,000) would make the
 * ledger skip the second event as a duplicate. The pipeline counts it, so reconcile would report a
 * difference that is not there; a shared hash can never make it report an agreement that is not.
 */
final class AcceptedEventIds {
    private final LongHashSet hashes = new LongHashSet(1 << 16, 0.9);

    boolean contains(String eventId) {
        return hashes.contains(hash(eventId));
    }

    void add(String eventId) {
        hashes.add(hash(eventId));
    }

    int size() {
        return hashes.size();
    }

    /** A 64-bit hash of the id's UTF-16 units: a multiplicative step per unit, then MurmurHash3's finalizer. */
    static long hash(String s) {
        long h = 0x6A09E667F3BCC909L ^ s.length();
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
