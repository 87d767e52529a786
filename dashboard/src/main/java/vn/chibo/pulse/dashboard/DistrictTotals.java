package vn.chibo.pulse.dashboard;

/** Current totals of one district (topic pulse.district-current): active members only. */
public record DistrictTotals(
        String districtCode,
        int membersActive,
        int membersOfficial,
        int membersProbationary,
        int membersVillage,
        int membersStreetGroup,
        int membersOther,
        int branchesVillage,
        int branchesStreetGroup,
        int branchesOther) {

    public int branches() {
        return branchesVillage + branchesStreetGroup + branchesOther;
    }
}
