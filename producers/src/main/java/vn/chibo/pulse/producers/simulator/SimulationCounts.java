package vn.chibo.pulse.producers.simulator;

import java.time.LocalDate;
import java.util.Map;

import vn.chibo.pulse.domain.RejectionReason;

/**
 * What a simulation has produced so far and the member state it tracks, as a snapshot.
 *
 * @param simulatedDay       the last simulated day generated
 * @param events             events produced, duplicates and invalid ones included
 * @param eventsByType       events by type name (District … MeetingRetracted), duplicates and invalid ones included
 * @param duplicates         events sent a second time with the same eventId
 * @param invalidByReason    deliberately invalid events by the reason the pipeline should give
 * @param membersActive      active members now
 * @param membersOfficial    active OFFICIAL members now
 * @param membersProbationary active PROBATIONARY members now
 * @param membersInVillageAndStreetGroup active members of VILLAGE and STREET_GROUP branches now
 * @param membersExempted    active members exempt from party activities now
 */
public record SimulationCounts(LocalDate simulatedDay, long events, Map<String, Long> eventsByType, long duplicates,
                               Map<RejectionReason, Long> invalidByReason, long membersActive, long membersOfficial,
                               long membersProbationary, long membersInVillageAndStreetGroup, long membersExempted) {

    public long invalid() {
        return invalidByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public long ofType(String type) {
        return eventsByType.getOrDefault(type, 0L);
    }
}
