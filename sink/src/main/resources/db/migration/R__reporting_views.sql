-- The relations that add up branches [chi bộ] into communes, districts and the province, in the tree
-- as it is now (SPEC §3 v2), and the analysts' derived views over them. A repeatable migration:
-- Flyway runs it again whenever it changes, after the versioned ones, so the views always follow
-- the latest tables (CREATE OR REPLACE only adds columns at the end of a view).
--
-- How a level counts (SPEC §3): every figure belongs to a branch and counts for the units that
-- hold the branch now. A transfer counts at a level only between two different units of it (a side
-- outside the province differs from every unit), so transfers_in/out of communes and districts come
-- from reporting.branch_transfers, not from the branch rows. A commune without a district counts in
-- its own figures and the province's, in no district's.

-- ---------------------------------------------------------------- per branch, placed in the tree
CREATE OR REPLACE VIEW reporting.branch_current_in_tree AS
SELECT t.branch_id, t.commune_code, t.district_code,
       coalesce(c.members_active, 0)       AS members_active,
       coalesce(c.members_official, 0)     AS members_official,
       coalesce(c.members_probationary, 0) AS members_probationary,
       CASE WHEN t.kind = 'VILLAGE' THEN coalesce(c.members_active, 0) ELSE 0 END      AS members_village,
       CASE WHEN t.kind = 'STREET_GROUP' THEN coalesce(c.members_active, 0) ELSE 0 END AS members_street_group,
       CASE WHEN t.kind = 'OTHER' THEN coalesce(c.members_active, 0) ELSE 0 END        AS members_other,
       (t.kind = 'VILLAGE')::integer      AS branches_village,
       (t.kind = 'STREET_GROUP')::integer AS branches_street_group,
       (t.kind = 'OTHER')::integer        AS branches_other,
       coalesce(c.members_exempted, 0)    AS members_exempted,
       greatest(c.updated_at, t.updated_at) AS updated_at
FROM reporting.branch_tree t
LEFT JOIN reporting.branch_current c ON c.branch_id = t.branch_id;
COMMENT ON VIEW reporting.branch_current_in_tree IS 'Every branch of the tree now with its current totals, by kind: what communes, districts and the province add up.';

CREATE OR REPLACE VIEW reporting.branch_monthly_in_tree AS
-- m.* last: a figure added to branch_monthly then adds a column at the end, as CREATE OR REPLACE requires
SELECT t.commune_code, t.district_code, (m.regular_meetings > 0)::integer AS has_regular_meeting,
       greatest(m.updated_at, t.updated_at) AS changed_at, m.*
FROM reporting.branch_monthly m
JOIN reporting.branch_tree t ON t.branch_id = m.branch_id;
COMMENT ON VIEW reporting.branch_monthly_in_tree IS 'reporting.branch_monthly with the commune and district that hold each branch now.';

CREATE OR REPLACE VIEW reporting.transfers_between_units AS
SELECT tr.month,
       f.commune_code AS from_commune, g.commune_code AS to_commune,
       f.district_code AS from_district, g.district_code AS to_district,
       tr.from_branch_id IS NULL AS from_outside, tr.to_branch_id IS NULL AS to_outside,
       tr.transfers, greatest(tr.updated_at, f.updated_at, g.updated_at) AS changed_at
FROM reporting.branch_transfers tr
LEFT JOIN reporting.branch_tree f ON f.branch_id = tr.from_branch_id
LEFT JOIN reporting.branch_tree g ON g.branch_id = tr.to_branch_id;
COMMENT ON VIEW reporting.transfers_between_units IS 'reporting.branch_transfers with the communes and districts of both sides now (NULL for a side outside the province).';

-- ---------------------------------------------------------------- reporting.commune_current
CREATE OR REPLACE VIEW reporting.commune_current AS
SELECT commune_code,
       coalesce(sum(members_active), 0)::integer AS members_active,
       coalesce(sum(members_official), 0)::integer AS members_official,
       coalesce(sum(members_probationary), 0)::integer AS members_probationary,
       coalesce(sum(members_village), 0)::integer AS members_village,
       coalesce(sum(members_street_group), 0)::integer AS members_street_group,
       coalesce(sum(members_other), 0)::integer AS members_other,
       coalesce(sum(branches_village), 0)::integer AS branches_village,
       coalesce(sum(branches_street_group), 0)::integer AS branches_street_group,
       coalesce(sum(branches_other), 0)::integer AS branches_other,
       coalesce(sum(members_exempted), 0)::integer AS members_exempted,
       max(updated_at) AS updated_at
FROM reporting.branch_current_in_tree
GROUP BY commune_code;
COMMENT ON VIEW reporting.commune_current IS
  'Current totals of each commune: the sums over the branches it holds now (reporting.branch_current_in_tree). Only active members count. A commune without branches has no row.';

-- ---------------------------------------------------------------- reporting.district_current
CREATE OR REPLACE VIEW reporting.district_current AS
SELECT district_code,
       coalesce(sum(members_active), 0)::integer AS members_active,
       coalesce(sum(members_official), 0)::integer AS members_official,
       coalesce(sum(members_probationary), 0)::integer AS members_probationary,
       coalesce(sum(members_village), 0)::integer AS members_village,
       coalesce(sum(members_street_group), 0)::integer AS members_street_group,
       coalesce(sum(members_other), 0)::integer AS members_other,
       coalesce(sum(branches_village), 0)::integer AS branches_village,
       coalesce(sum(branches_street_group), 0)::integer AS branches_street_group,
       coalesce(sum(branches_other), 0)::integer AS branches_other,
       coalesce(sum(members_exempted), 0)::integer AS members_exempted,
       max(updated_at) AS updated_at
FROM reporting.branch_current_in_tree
WHERE district_code IS NOT NULL
GROUP BY district_code;
COMMENT ON VIEW reporting.district_current IS
  'Current totals of each district: the sums over the branches it holds now (reporting.branch_current_in_tree). Only active members count. A district without branches has no row.';

-- ---------------------------------------------------------------- reporting.province_current
CREATE OR REPLACE VIEW reporting.province_current AS
SELECT
       coalesce(sum(members_active), 0)::integer AS members_active,
       coalesce(sum(members_official), 0)::integer AS members_official,
       coalesce(sum(members_probationary), 0)::integer AS members_probationary,
       coalesce(sum(members_village), 0)::integer AS members_village,
       coalesce(sum(members_street_group), 0)::integer AS members_street_group,
       coalesce(sum(members_other), 0)::integer AS members_other,
       coalesce(sum(branches_village), 0)::integer AS branches_village,
       coalesce(sum(branches_street_group), 0)::integer AS branches_street_group,
       coalesce(sum(branches_other), 0)::integer AS branches_other,
       coalesce(sum(members_exempted), 0)::integer AS members_exempted,
       max(updated_at) AS updated_at
FROM reporting.commune_current;
COMMENT ON VIEW reporting.province_current IS
  'The province [tỉnh] as a whole: always exactly one row, the sums of reporting.commune_current (so communes without a district count).';

-- ---------------------------------------------------------------- reporting.commune_monthly
CREATE OR REPLACE VIEW reporting.commune_monthly AS
WITH figures AS (
    SELECT commune_code, month,
           sum(admissions) AS admissions,
           sum(confirmations) AS confirmations,
           sum(deaths) AS deaths,
           sum(removals) AS removals,
           sum(expulsions) AS expulsions,
           sum(regular_meetings) AS regular_meetings,
           sum(thematic_meetings) AS thematic_meetings,
           sum(members_expected) AS members_expected,
           sum(members_present) AS members_present,
           sum(meetings_with_superior) AS meetings_with_superior,
           sum(meetings_with_self_criticism) AS meetings_with_self_criticism,
           sum(meetings_scored) AS meetings_scored,
           sum(quality_score_sum) AS quality_score_sum,
           sum(meetings_good) AS meetings_good,
           sum(meetings_fair) AS meetings_fair,
           sum(meetings_average) AS meetings_average,
           sum(meetings_poor) AS meetings_poor,
           sum(has_regular_meeting) AS branches_with_regular_meeting,
           max(changed_at) AS changed_at,
           sum(absences_unexcused) AS absences_unexcused
    FROM reporting.branch_monthly_in_tree
    WHERE commune_code IS NOT NULL
    GROUP BY commune_code, month
), tin AS (
    SELECT to_commune AS commune_code, month, sum(transfers) AS transfers, max(changed_at) AS changed_at
    FROM reporting.transfers_between_units
    WHERE to_commune IS NOT NULL AND (from_outside OR from_commune IS DISTINCT FROM to_commune)
    GROUP BY to_commune, month
), tout AS (
    SELECT from_commune AS commune_code, month, sum(transfers) AS transfers, max(changed_at) AS changed_at
    FROM reporting.transfers_between_units
    WHERE from_commune IS NOT NULL AND (to_outside OR from_commune IS DISTINCT FROM to_commune)
    GROUP BY from_commune, month
), keys AS (
    SELECT commune_code, month FROM figures UNION SELECT commune_code, month FROM tin UNION SELECT commune_code, month FROM tout
)
SELECT k.commune_code, k.month,
       coalesce(f.admissions, 0)::integer AS admissions,
       coalesce(f.confirmations, 0)::integer AS confirmations,
       coalesce(tin.transfers, 0)::integer AS transfers_in,
       coalesce(tout.transfers, 0)::integer AS transfers_out,
       coalesce(f.deaths, 0)::integer AS deaths,
       coalesce(f.removals, 0)::integer AS removals,
       coalesce(f.expulsions, 0)::integer AS expulsions,
       coalesce(f.regular_meetings, 0)::integer AS regular_meetings,
       coalesce(f.thematic_meetings, 0)::integer AS thematic_meetings,
       coalesce(f.branches_with_regular_meeting, 0)::integer AS branches_with_regular_meeting,
       coalesce(f.members_expected, 0)::integer AS members_expected,
       coalesce(f.members_present, 0)::integer AS members_present,
       coalesce(f.meetings_with_superior, 0)::integer AS meetings_with_superior,
       coalesce(f.meetings_with_self_criticism, 0)::integer AS meetings_with_self_criticism,
       coalesce(f.meetings_scored, 0)::integer AS meetings_scored,
       coalesce(f.quality_score_sum, 0)::integer AS quality_score_sum,
       coalesce(f.meetings_good, 0)::integer AS meetings_good,
       coalesce(f.meetings_fair, 0)::integer AS meetings_fair,
       coalesce(f.meetings_average, 0)::integer AS meetings_average,
       coalesce(f.meetings_poor, 0)::integer AS meetings_poor,
       greatest(f.changed_at, tin.changed_at, tout.changed_at) AS updated_at,
       coalesce(f.absences_unexcused, 0)::integer AS absences_unexcused
FROM keys k
LEFT JOIN figures f ON f.commune_code = k.commune_code AND f.month = k.month
LEFT JOIN tin ON tin.commune_code = k.commune_code AND tin.month = k.month
LEFT JOIN tout ON tout.commune_code = k.commune_code AND tout.month = k.month;
COMMENT ON VIEW reporting.commune_monthly IS
  'Flows and meetings of each commune per month: the sums over the branches it holds now, whatever commune held them when the events happened (history follows a branch that moves). Transfers count only between two different communes or with outside the province; branches_with_regular_meeting counts distinct branches with a REGULAR meeting in the month.';

-- ---------------------------------------------------------------- reporting.district_monthly
CREATE OR REPLACE VIEW reporting.district_monthly AS
WITH figures AS (
    SELECT district_code, month,
           sum(admissions) AS admissions,
           sum(confirmations) AS confirmations,
           sum(deaths) AS deaths,
           sum(removals) AS removals,
           sum(expulsions) AS expulsions,
           sum(regular_meetings) AS regular_meetings,
           sum(thematic_meetings) AS thematic_meetings,
           sum(members_expected) AS members_expected,
           sum(members_present) AS members_present,
           sum(meetings_with_superior) AS meetings_with_superior,
           sum(meetings_with_self_criticism) AS meetings_with_self_criticism,
           sum(meetings_scored) AS meetings_scored,
           sum(quality_score_sum) AS quality_score_sum,
           sum(meetings_good) AS meetings_good,
           sum(meetings_fair) AS meetings_fair,
           sum(meetings_average) AS meetings_average,
           sum(meetings_poor) AS meetings_poor,
           sum(has_regular_meeting) AS branches_with_regular_meeting,
           max(changed_at) AS changed_at,
           sum(absences_unexcused) AS absences_unexcused
    FROM reporting.branch_monthly_in_tree
    WHERE district_code IS NOT NULL
    GROUP BY district_code, month
), tin AS (
    SELECT to_district AS district_code, month, sum(transfers) AS transfers, max(changed_at) AS changed_at
    FROM reporting.transfers_between_units
    WHERE to_district IS NOT NULL AND (from_outside OR from_district IS DISTINCT FROM to_district)
    GROUP BY to_district, month
), tout AS (
    SELECT from_district AS district_code, month, sum(transfers) AS transfers, max(changed_at) AS changed_at
    FROM reporting.transfers_between_units
    WHERE from_district IS NOT NULL AND (to_outside OR from_district IS DISTINCT FROM to_district)
    GROUP BY from_district, month
), keys AS (
    SELECT district_code, month FROM figures UNION SELECT district_code, month FROM tin UNION SELECT district_code, month FROM tout
)
SELECT k.district_code, k.month,
       coalesce(f.admissions, 0)::integer AS admissions,
       coalesce(f.confirmations, 0)::integer AS confirmations,
       coalesce(tin.transfers, 0)::integer AS transfers_in,
       coalesce(tout.transfers, 0)::integer AS transfers_out,
       coalesce(f.deaths, 0)::integer AS deaths,
       coalesce(f.removals, 0)::integer AS removals,
       coalesce(f.expulsions, 0)::integer AS expulsions,
       coalesce(f.regular_meetings, 0)::integer AS regular_meetings,
       coalesce(f.thematic_meetings, 0)::integer AS thematic_meetings,
       coalesce(f.branches_with_regular_meeting, 0)::integer AS branches_with_regular_meeting,
       coalesce(f.members_expected, 0)::integer AS members_expected,
       coalesce(f.members_present, 0)::integer AS members_present,
       coalesce(f.meetings_with_superior, 0)::integer AS meetings_with_superior,
       coalesce(f.meetings_with_self_criticism, 0)::integer AS meetings_with_self_criticism,
       coalesce(f.meetings_scored, 0)::integer AS meetings_scored,
       coalesce(f.quality_score_sum, 0)::integer AS quality_score_sum,
       coalesce(f.meetings_good, 0)::integer AS meetings_good,
       coalesce(f.meetings_fair, 0)::integer AS meetings_fair,
       coalesce(f.meetings_average, 0)::integer AS meetings_average,
       coalesce(f.meetings_poor, 0)::integer AS meetings_poor,
       greatest(f.changed_at, tin.changed_at, tout.changed_at) AS updated_at,
       coalesce(f.absences_unexcused, 0)::integer AS absences_unexcused
FROM keys k
LEFT JOIN figures f ON f.district_code = k.district_code AND f.month = k.month
LEFT JOIN tin ON tin.district_code = k.district_code AND tin.month = k.month
LEFT JOIN tout ON tout.district_code = k.district_code AND tout.month = k.month;
COMMENT ON VIEW reporting.district_monthly IS
  'Flows and meetings of each district per month: the sums over the branches it holds now, whatever district held them when the events happened (history follows a branch that moves). Transfers count only between two different districts or with outside the province; branches_with_regular_meeting counts distinct branches with a REGULAR meeting in the month.';

-- ---------------------------------------------------------------- reporting.commune_yearly
CREATE OR REPLACE VIEW reporting.commune_yearly AS
SELECT t.commune_code, y.year,
       sum(y.graded_excellent)::integer AS graded_excellent,
       sum(y.graded_good)::integer AS graded_good,
       sum(y.graded_completed)::integer AS graded_completed,
       sum(y.graded_not_completed)::integer AS graded_not_completed,
       sum(y.members_at_risk)::integer AS members_at_risk,
       max(greatest(y.updated_at, t.updated_at)) AS updated_at
FROM reporting.branch_yearly y
JOIN reporting.branch_tree t ON t.branch_id = y.branch_id
WHERE t.commune_code IS NOT NULL
GROUP BY t.commune_code, y.year;
COMMENT ON VIEW reporting.commune_yearly IS
  'Grades and members at risk of each commune per year: the sums over the branches it holds now.';

-- ---------------------------------------------------------------- reporting.district_yearly
CREATE OR REPLACE VIEW reporting.district_yearly AS
SELECT t.district_code, y.year,
       sum(y.graded_excellent)::integer AS graded_excellent,
       sum(y.graded_good)::integer AS graded_good,
       sum(y.graded_completed)::integer AS graded_completed,
       sum(y.graded_not_completed)::integer AS graded_not_completed,
       sum(y.members_at_risk)::integer AS members_at_risk,
       max(greatest(y.updated_at, t.updated_at)) AS updated_at
FROM reporting.branch_yearly y
JOIN reporting.branch_tree t ON t.branch_id = y.branch_id
WHERE t.district_code IS NOT NULL
GROUP BY t.district_code, y.year;
COMMENT ON VIEW reporting.district_yearly IS
  'Grades and members at risk of each district per year: the sums over the branches it holds now.';

-- ---------------------------------------------------------------- reporting.branches_without_regular_meeting
CREATE OR REPLACE VIEW reporting.branches_without_regular_meeting AS
SELECT m.month::date AS month, t.branch_id, t.branch_name, t.commune_code, t.district_code
FROM generate_series(date_trunc('month', (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')) - interval '11 months',
                     date_trunc('month', (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')), interval '1 month') AS m(month)
CROSS JOIN reporting.branch_tree t
WHERE NOT EXISTS (SELECT 1 FROM reporting.branch_monthly bm
                  WHERE bm.branch_id = t.branch_id AND bm.month = m.month::date AND bm.regular_meetings > 0);
COMMENT ON VIEW reporting.branches_without_regular_meeting IS
  'For each of the last 12 months up to the current one (in Vietnam), every branch of the tree now that has no REGULAR meeting dated in that month.';
COMMENT ON COLUMN reporting.branches_without_regular_meeting.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.branches_without_regular_meeting.branch_id IS 'The branch that did not hold a REGULAR meeting in the month.';
COMMENT ON COLUMN reporting.branches_without_regular_meeting.branch_name IS 'Its name.';
COMMENT ON COLUMN reporting.branches_without_regular_meeting.commune_code IS 'The commune that holds it now.';
COMMENT ON COLUMN reporting.branches_without_regular_meeting.district_code IS 'The district that holds it now (NULL under a commune directly under the province).';

-- ---------------------------------------------------------------- column comments of the level views
COMMENT ON COLUMN reporting.commune_current.commune_code IS 'The commune (see reporting.communes).';
COMMENT ON COLUMN reporting.commune_current.members_active IS 'Active party members [đảng viên]: official plus probationary.';
COMMENT ON COLUMN reporting.commune_current.members_official IS 'Active OFFICIAL members [đảng viên chính thức].';
COMMENT ON COLUMN reporting.commune_current.members_probationary IS 'Active PROBATIONARY members [đảng viên dự bị].';
COMMENT ON COLUMN reporting.commune_current.members_village IS 'Active members in VILLAGE branches [chi bộ thôn].';
COMMENT ON COLUMN reporting.commune_current.members_street_group IS 'Active members in STREET_GROUP branches [chi bộ tổ dân phố].';
COMMENT ON COLUMN reporting.commune_current.members_other IS 'Active members in OTHER branches (agencies, schools, enterprises, armed forces).';
COMMENT ON COLUMN reporting.commune_current.branches_village IS 'VILLAGE branches [chi bộ thôn] in the tree now.';
COMMENT ON COLUMN reporting.commune_current.branches_street_group IS 'STREET_GROUP branches [chi bộ tổ dân phố] in the tree now.';
COMMENT ON COLUMN reporting.commune_current.branches_other IS 'OTHER branches in the tree now.';
COMMENT ON COLUMN reporting.commune_current.members_exempted IS 'Active members exempt from party work and activities now [miễn công tác và sinh hoạt đảng].';
COMMENT ON COLUMN reporting.commune_current.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.district_current.district_code IS 'The district (see reporting.districts); NULL where a commune reports directly to the province.';
COMMENT ON COLUMN reporting.district_current.members_active IS 'Active party members [đảng viên]: official plus probationary.';
COMMENT ON COLUMN reporting.district_current.members_official IS 'Active OFFICIAL members [đảng viên chính thức].';
COMMENT ON COLUMN reporting.district_current.members_probationary IS 'Active PROBATIONARY members [đảng viên dự bị].';
COMMENT ON COLUMN reporting.district_current.members_village IS 'Active members in VILLAGE branches [chi bộ thôn].';
COMMENT ON COLUMN reporting.district_current.members_street_group IS 'Active members in STREET_GROUP branches [chi bộ tổ dân phố].';
COMMENT ON COLUMN reporting.district_current.members_other IS 'Active members in OTHER branches (agencies, schools, enterprises, armed forces).';
COMMENT ON COLUMN reporting.district_current.branches_village IS 'VILLAGE branches [chi bộ thôn] in the tree now.';
COMMENT ON COLUMN reporting.district_current.branches_street_group IS 'STREET_GROUP branches [chi bộ tổ dân phố] in the tree now.';
COMMENT ON COLUMN reporting.district_current.branches_other IS 'OTHER branches in the tree now.';
COMMENT ON COLUMN reporting.district_current.members_exempted IS 'Active members exempt from party work and activities now [miễn công tác và sinh hoạt đảng].';
COMMENT ON COLUMN reporting.district_current.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.province_current.members_active IS 'Active party members [đảng viên]: official plus probationary.';
COMMENT ON COLUMN reporting.province_current.members_official IS 'Active OFFICIAL members [đảng viên chính thức].';
COMMENT ON COLUMN reporting.province_current.members_probationary IS 'Active PROBATIONARY members [đảng viên dự bị].';
COMMENT ON COLUMN reporting.province_current.members_village IS 'Active members in VILLAGE branches [chi bộ thôn].';
COMMENT ON COLUMN reporting.province_current.members_street_group IS 'Active members in STREET_GROUP branches [chi bộ tổ dân phố].';
COMMENT ON COLUMN reporting.province_current.members_other IS 'Active members in OTHER branches (agencies, schools, enterprises, armed forces).';
COMMENT ON COLUMN reporting.province_current.branches_village IS 'VILLAGE branches [chi bộ thôn] in the tree now.';
COMMENT ON COLUMN reporting.province_current.branches_street_group IS 'STREET_GROUP branches [chi bộ tổ dân phố] in the tree now.';
COMMENT ON COLUMN reporting.province_current.branches_other IS 'OTHER branches in the tree now.';
COMMENT ON COLUMN reporting.province_current.members_exempted IS 'Active members exempt from party work and activities now [miễn công tác và sinh hoạt đảng].';
COMMENT ON COLUMN reporting.province_current.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.commune_monthly.commune_code IS 'The commune (see reporting.communes).';
COMMENT ON COLUMN reporting.commune_monthly.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.commune_monthly.admissions IS 'Members admitted [kết nạp].';
COMMENT ON COLUMN reporting.commune_monthly.confirmations IS 'Probationary members confirmed OFFICIAL.';
COMMENT ON COLUMN reporting.commune_monthly.transfers_in IS 'Transfers in from another unit of this level or from outside the province.';
COMMENT ON COLUMN reporting.commune_monthly.transfers_out IS 'Transfers out to another unit of this level or out of the province.';
COMMENT ON COLUMN reporting.commune_monthly.deaths IS 'Members who died [từ trần].';
COMMENT ON COLUMN reporting.commune_monthly.removals IS 'Members removed from the rolls [xóa tên].';
COMMENT ON COLUMN reporting.commune_monthly.expulsions IS 'Members expelled [khai trừ].';
COMMENT ON COLUMN reporting.commune_monthly.regular_meetings IS 'REGULAR meetings [sinh hoạt thường kỳ].';
COMMENT ON COLUMN reporting.commune_monthly.thematic_meetings IS 'THEMATIC meetings [sinh hoạt chuyên đề].';
COMMENT ON COLUMN reporting.commune_monthly.branches_with_regular_meeting IS 'Distinct branches with at least one REGULAR meeting in the month.';
COMMENT ON COLUMN reporting.commune_monthly.members_expected IS 'Members expected, summed over the months meetings of both kinds.';
COMMENT ON COLUMN reporting.commune_monthly.members_present IS 'Members present, summed over the months meetings of both kinds.';
COMMENT ON COLUMN reporting.commune_monthly.meetings_with_superior IS 'Meetings attended by a member of the superior committee.';
COMMENT ON COLUMN reporting.commune_monthly.meetings_with_self_criticism IS 'Meetings that held self-criticism and criticism [tự phê bình, phê bình].';
COMMENT ON COLUMN reporting.commune_monthly.meetings_scored IS 'Meetings of both kinds that carry a quality score (out of 100).';
COMMENT ON COLUMN reporting.commune_monthly.quality_score_sum IS 'Sum of the scores of the scored meetings: the average is quality_score_sum / meetings_scored.';
COMMENT ON COLUMN reporting.commune_monthly.meetings_good IS 'Scored meetings in the good band [tốt], 80 or more.';
COMMENT ON COLUMN reporting.commune_monthly.meetings_fair IS 'Scored meetings in the fair band [khá], 70 to 79.';
COMMENT ON COLUMN reporting.commune_monthly.meetings_average IS 'Scored meetings in the average band [trung bình], 50 to 69.';
COMMENT ON COLUMN reporting.commune_monthly.meetings_poor IS 'Scored meetings in the poor band [kém], below 50.';
COMMENT ON COLUMN reporting.commune_monthly.absences_unexcused IS 'Unexcused absences listed by the month''s REGULAR meetings (one per member per meeting).';
COMMENT ON COLUMN reporting.commune_monthly.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.district_monthly.district_code IS 'The district (see reporting.districts); NULL where a commune reports directly to the province.';
COMMENT ON COLUMN reporting.district_monthly.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.district_monthly.admissions IS 'Members admitted [kết nạp].';
COMMENT ON COLUMN reporting.district_monthly.confirmations IS 'Probationary members confirmed OFFICIAL.';
COMMENT ON COLUMN reporting.district_monthly.transfers_in IS 'Transfers in from another unit of this level or from outside the province.';
COMMENT ON COLUMN reporting.district_monthly.transfers_out IS 'Transfers out to another unit of this level or out of the province.';
COMMENT ON COLUMN reporting.district_monthly.deaths IS 'Members who died [từ trần].';
COMMENT ON COLUMN reporting.district_monthly.removals IS 'Members removed from the rolls [xóa tên].';
COMMENT ON COLUMN reporting.district_monthly.expulsions IS 'Members expelled [khai trừ].';
COMMENT ON COLUMN reporting.district_monthly.regular_meetings IS 'REGULAR meetings [sinh hoạt thường kỳ].';
COMMENT ON COLUMN reporting.district_monthly.thematic_meetings IS 'THEMATIC meetings [sinh hoạt chuyên đề].';
COMMENT ON COLUMN reporting.district_monthly.branches_with_regular_meeting IS 'Distinct branches with at least one REGULAR meeting in the month.';
COMMENT ON COLUMN reporting.district_monthly.members_expected IS 'Members expected, summed over the months meetings of both kinds.';
COMMENT ON COLUMN reporting.district_monthly.members_present IS 'Members present, summed over the months meetings of both kinds.';
COMMENT ON COLUMN reporting.district_monthly.meetings_with_superior IS 'Meetings attended by a member of the superior committee.';
COMMENT ON COLUMN reporting.district_monthly.meetings_with_self_criticism IS 'Meetings that held self-criticism and criticism [tự phê bình, phê bình].';
COMMENT ON COLUMN reporting.district_monthly.meetings_scored IS 'Meetings of both kinds that carry a quality score (out of 100).';
COMMENT ON COLUMN reporting.district_monthly.quality_score_sum IS 'Sum of the scores of the scored meetings: the average is quality_score_sum / meetings_scored.';
COMMENT ON COLUMN reporting.district_monthly.meetings_good IS 'Scored meetings in the good band [tốt], 80 or more.';
COMMENT ON COLUMN reporting.district_monthly.meetings_fair IS 'Scored meetings in the fair band [khá], 70 to 79.';
COMMENT ON COLUMN reporting.district_monthly.meetings_average IS 'Scored meetings in the average band [trung bình], 50 to 69.';
COMMENT ON COLUMN reporting.district_monthly.meetings_poor IS 'Scored meetings in the poor band [kém], below 50.';
COMMENT ON COLUMN reporting.district_monthly.absences_unexcused IS 'Unexcused absences listed by the month''s REGULAR meetings (one per member per meeting).';
COMMENT ON COLUMN reporting.district_monthly.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.commune_yearly.commune_code IS 'The commune (see reporting.communes).';
COMMENT ON COLUMN reporting.commune_yearly.year IS 'The year.';
COMMENT ON COLUMN reporting.commune_yearly.graded_excellent IS 'Members whose latest grade for the year is EXCELLENT [hoàn thành xuất sắc].';
COMMENT ON COLUMN reporting.commune_yearly.graded_good IS 'Latest grade GOOD [hoàn thành tốt].';
COMMENT ON COLUMN reporting.commune_yearly.graded_completed IS 'Latest grade COMPLETED [hoàn thành].';
COMMENT ON COLUMN reporting.commune_yearly.graded_not_completed IS 'Latest grade NOT_COMPLETED [không hoàn thành nhiệm vụ].';
COMMENT ON COLUMN reporting.commune_yearly.members_at_risk IS 'Active members, not exempt, absent without reason from REGULAR meetings in at least 3 distinct months of the year.';
COMMENT ON COLUMN reporting.commune_yearly.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.district_yearly.district_code IS 'The district (see reporting.districts); NULL where a commune reports directly to the province.';
COMMENT ON COLUMN reporting.district_yearly.year IS 'The year.';
COMMENT ON COLUMN reporting.district_yearly.graded_excellent IS 'Members whose latest grade for the year is EXCELLENT [hoàn thành xuất sắc].';
COMMENT ON COLUMN reporting.district_yearly.graded_good IS 'Latest grade GOOD [hoàn thành tốt].';
COMMENT ON COLUMN reporting.district_yearly.graded_completed IS 'Latest grade COMPLETED [hoàn thành].';
COMMENT ON COLUMN reporting.district_yearly.graded_not_completed IS 'Latest grade NOT_COMPLETED [không hoàn thành nhiệm vụ].';
COMMENT ON COLUMN reporting.district_yearly.members_at_risk IS 'Active members, not exempt, absent without reason from REGULAR meetings in at least 3 distinct months of the year.';
COMMENT ON COLUMN reporting.district_yearly.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.branch_current_in_tree.branch_id IS 'The branch (see reporting.branches).';
COMMENT ON COLUMN reporting.branch_current_in_tree.commune_code IS 'The commune (see reporting.communes).';
COMMENT ON COLUMN reporting.branch_current_in_tree.district_code IS 'The district (see reporting.districts); NULL where a commune reports directly to the province.';
COMMENT ON COLUMN reporting.branch_current_in_tree.members_active IS 'Active party members [đảng viên]: official plus probationary.';
COMMENT ON COLUMN reporting.branch_current_in_tree.members_official IS 'Active OFFICIAL members [đảng viên chính thức].';
COMMENT ON COLUMN reporting.branch_current_in_tree.members_probationary IS 'Active PROBATIONARY members [đảng viên dự bị].';
COMMENT ON COLUMN reporting.branch_current_in_tree.members_village IS 'Active members in VILLAGE branches [chi bộ thôn].';
COMMENT ON COLUMN reporting.branch_current_in_tree.members_street_group IS 'Active members in STREET_GROUP branches [chi bộ tổ dân phố].';
COMMENT ON COLUMN reporting.branch_current_in_tree.members_other IS 'Active members in OTHER branches (agencies, schools, enterprises, armed forces).';
COMMENT ON COLUMN reporting.branch_current_in_tree.branches_village IS 'VILLAGE branches [chi bộ thôn] in the tree now.';
COMMENT ON COLUMN reporting.branch_current_in_tree.branches_street_group IS 'STREET_GROUP branches [chi bộ tổ dân phố] in the tree now.';
COMMENT ON COLUMN reporting.branch_current_in_tree.branches_other IS 'OTHER branches in the tree now.';
COMMENT ON COLUMN reporting.branch_current_in_tree.members_exempted IS 'Active members exempt from party work and activities now [miễn công tác và sinh hoạt đảng].';
COMMENT ON COLUMN reporting.branch_current_in_tree.updated_at IS 'When a row it adds up (or the tree) last changed in PostgreSQL.';
COMMENT ON COLUMN reporting.branch_tree.branch_id IS 'The branch.';
COMMENT ON COLUMN reporting.branch_tree.branch_name IS 'Its name.';
COMMENT ON COLUMN reporting.branch_tree.kind IS 'Its kind: VILLAGE, STREET_GROUP or OTHER.';
COMMENT ON COLUMN reporting.branch_tree.commune_code IS 'The commune that holds it now.';
COMMENT ON COLUMN reporting.branch_tree.district_code IS 'The district of that commune (NULL when the commune reports directly to the province).';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.commune_code IS 'The commune that holds the branch now.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.district_code IS 'The district that holds the branch now.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.has_regular_meeting IS '1 when the branch held a REGULAR meeting in the month, else 0.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.changed_at IS 'When the row or the branchs place in the tree last changed.';
COMMENT ON COLUMN reporting.transfers_between_units.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.transfers_between_units.from_commune IS 'Commune of the branch left (NULL: outside the province).';
COMMENT ON COLUMN reporting.transfers_between_units.to_commune IS 'Commune of the branch joined (NULL: outside the province).';
COMMENT ON COLUMN reporting.transfers_between_units.from_district IS 'District of the branch left (NULL: outside, or a commune without district).';
COMMENT ON COLUMN reporting.transfers_between_units.to_district IS 'District of the branch joined (NULL: outside, or a commune without district).';
COMMENT ON COLUMN reporting.transfers_between_units.from_outside IS 'The member came from outside the province.';
COMMENT ON COLUMN reporting.transfers_between_units.to_outside IS 'The member left the province.';
COMMENT ON COLUMN reporting.transfers_between_units.transfers IS 'Transfers between these sides in the month.';
COMMENT ON COLUMN reporting.transfers_between_units.changed_at IS 'When the row or the tree last changed.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.branch_id IS 'The branch (see reporting.branches).';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.admissions IS 'Members admitted [kết nạp].';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.confirmations IS 'Probationary members confirmed OFFICIAL.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.transfers_in IS 'Transfers into the branch.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.transfers_out IS 'Transfers out of the branch.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.deaths IS 'Members who died [từ trần].';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.removals IS 'Members removed from the rolls [xóa tên].';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.expulsions IS 'Members expelled [khai trừ].';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.regular_meetings IS 'REGULAR meetings [sinh hoạt thường kỳ].';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.thematic_meetings IS 'THEMATIC meetings [sinh hoạt chuyên đề].';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.members_expected IS 'Members expected, summed over the months meetings of both kinds.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.members_present IS 'Members present, summed over the months meetings of both kinds.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.meetings_with_superior IS 'Meetings attended by a member of the superior committee.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.meetings_with_self_criticism IS 'Meetings that held self-criticism and criticism [tự phê bình, phê bình].';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.meetings_scored IS 'Meetings of both kinds that carry a quality score (out of 100).';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.quality_score_sum IS 'Sum of the scores of the scored meetings: the average is quality_score_sum / meetings_scored.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.meetings_good IS 'Scored meetings in the good band [tốt], 80 or more.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.meetings_fair IS 'Scored meetings in the fair band [khá], 70 to 79.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.meetings_average IS 'Scored meetings in the average band [trung bình], 50 to 69.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.meetings_poor IS 'Scored meetings in the poor band [kém], below 50.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.absences_unexcused IS 'Unexcused absences listed by the month''s REGULAR meetings.';
COMMENT ON COLUMN reporting.branch_monthly_in_tree.updated_at IS 'When the branch row last changed in PostgreSQL.';

-- ================================================================ derived views (first made by V2)
-- Derived views for the analysts' usual questions. They add no data: everything comes from the
-- four tables of V1. Rates are fractions between 0 and 1 (multiply by 100 for per cent), rounded
-- to 4 decimals, and NULL where the denominator is zero.
--
-- "A missing row means zero": the monthly and yearly indicators therefore list every known
-- district for every month (year) that has data for any district, with zeros where the district
-- has no row, so that a district without a single meeting still shows up with coverage 0.
--
-- Regular-meeting coverage: every branch [chi bộ] of every kind is expected to hold a REGULAR
-- meeting each month, so the denominator is all of the district's branches (village, street
-- group and other). Branch counts are the current ones (reporting.district_current): for past
-- months the coverage is measured against today's branches.

-- ---------------------------------------------------------------- reporting.district_monthly_indicators
CREATE OR REPLACE VIEW reporting.district_monthly_indicators AS
WITH months AS (
    SELECT DISTINCT month FROM reporting.district_monthly
), known_districts AS (
    SELECT district_code FROM reporting.districts
    UNION SELECT district_code FROM reporting.district_current
    UNION SELECT district_code FROM reporting.district_monthly
), grid AS (
    SELECT k.district_code,
           m.month,
           coalesce(dm.admissions, 0)                    AS admissions,
           coalesce(dm.confirmations, 0)                 AS confirmations,
           coalesce(dm.transfers_in, 0)                  AS transfers_in,
           coalesce(dm.transfers_out, 0)                 AS transfers_out,
           coalesce(dm.deaths, 0)                        AS deaths,
           coalesce(dm.removals, 0)                      AS removals,
           coalesce(dm.expulsions, 0)                    AS expulsions,
           coalesce(dm.regular_meetings, 0)              AS regular_meetings,
           coalesce(dm.thematic_meetings, 0)             AS thematic_meetings,
           coalesce(dm.branches_with_regular_meeting, 0) AS branches_with_regular_meeting,
           coalesce(dm.members_expected, 0)              AS members_expected,
           coalesce(dm.members_present, 0)               AS members_present,
           coalesce(dm.meetings_with_superior, 0)        AS meetings_with_superior,
           coalesce(dm.meetings_with_self_criticism, 0)  AS meetings_with_self_criticism,
           coalesce(dc.branches_village + dc.branches_street_group + dc.branches_other, 0) AS branches_expected_to_meet
    FROM known_districts k
    CROSS JOIN months m
    LEFT JOIN reporting.district_monthly dm ON dm.district_code = k.district_code AND dm.month = m.month
    LEFT JOIN reporting.district_current dc ON dc.district_code = k.district_code
)
SELECT g.district_code,
       d.district_name,
       g.month,
       g.admissions, g.confirmations, g.transfers_in, g.transfers_out,
       g.deaths, g.removals, g.expulsions,
       g.admissions + g.transfers_in - g.transfers_out - g.deaths - g.removals - g.expulsions AS net_membership_change,
       g.regular_meetings, g.thematic_meetings,
       g.regular_meetings + g.thematic_meetings AS meetings,
       g.branches_with_regular_meeting,
       g.branches_expected_to_meet,
       round(g.branches_with_regular_meeting::numeric / nullif(g.branches_expected_to_meet, 0), 4) AS regular_meeting_coverage,
       g.members_expected, g.members_present,
       round(g.members_present::numeric / nullif(g.members_expected, 0), 4) AS attendance_rate,
       g.meetings_with_superior,
       round(g.meetings_with_superior::numeric / nullif(g.regular_meetings + g.thematic_meetings, 0), 4) AS superior_attendance_rate,
       g.meetings_with_self_criticism,
       round(g.meetings_with_self_criticism::numeric / nullif(g.regular_meetings + g.thematic_meetings, 0), 4) AS self_criticism_rate
FROM grid g
LEFT JOIN reporting.districts d ON d.district_code = g.district_code;

COMMENT ON VIEW reporting.district_monthly_indicators IS
  'reporting.district_monthly for every known district and every month with data, zeros filled in, with rates: attendance, regular-meeting coverage of the district''s branches, superior attendance, self-criticism, net membership change.';
COMMENT ON COLUMN reporting.district_monthly_indicators.district_code IS 'The district.';
COMMENT ON COLUMN reporting.district_monthly_indicators.district_name IS 'Its name (NULL until the reference data names it).';
COMMENT ON COLUMN reporting.district_monthly_indicators.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.district_monthly_indicators.admissions IS 'As reporting.district_monthly.admissions, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.confirmations IS 'As reporting.district_monthly.confirmations, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.transfers_in IS 'As reporting.district_monthly.transfers_in, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.transfers_out IS 'As reporting.district_monthly.transfers_out, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.deaths IS 'As reporting.district_monthly.deaths, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.removals IS 'As reporting.district_monthly.removals, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.expulsions IS 'As reporting.district_monthly.expulsions, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.net_membership_change IS 'admissions + transfers_in - transfers_out - deaths - removals - expulsions: how the district''s membership moved in the month.';
COMMENT ON COLUMN reporting.district_monthly_indicators.regular_meetings IS 'REGULAR meetings held, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.thematic_meetings IS 'THEMATIC meetings held, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_monthly_indicators.meetings IS 'Meetings of both kinds.';
COMMENT ON COLUMN reporting.district_monthly_indicators.branches_with_regular_meeting IS 'Distinct branches with at least one REGULAR meeting in the month.';
COMMENT ON COLUMN reporting.district_monthly_indicators.branches_expected_to_meet IS 'All branches of the district (village + street group + other), from the current totals: every branch is expected to meet monthly.';
COMMENT ON COLUMN reporting.district_monthly_indicators.regular_meeting_coverage IS 'branches_with_regular_meeting / branches_expected_to_meet (0..1; NULL when the district has no branch).';
COMMENT ON COLUMN reporting.district_monthly_indicators.members_expected IS 'Members expected, summed over the month''s meetings of both kinds.';
COMMENT ON COLUMN reporting.district_monthly_indicators.members_present IS 'Members present, summed over the month''s meetings of both kinds.';
COMMENT ON COLUMN reporting.district_monthly_indicators.attendance_rate IS 'members_present / members_expected (0..1; NULL without meetings).';
COMMENT ON COLUMN reporting.district_monthly_indicators.meetings_with_superior IS 'Meetings attended by a member of the superior committee.';
COMMENT ON COLUMN reporting.district_monthly_indicators.superior_attendance_rate IS 'meetings_with_superior / meetings (0..1; NULL without meetings).';
COMMENT ON COLUMN reporting.district_monthly_indicators.meetings_with_self_criticism IS 'Meetings that held self-criticism and criticism.';
COMMENT ON COLUMN reporting.district_monthly_indicators.self_criticism_rate IS 'meetings_with_self_criticism / meetings (0..1; NULL without meetings).';

-- ---------------------------------------------------------------- reporting.district_monthly_change
CREATE OR REPLACE VIEW reporting.district_monthly_change AS
SELECT cur.district_code,
       cur.district_name,
       cur.month,
       (cur.month - interval '1 month')::date AS previous_month,
       cur.admissions,
       coalesce(prev.admissions, 0) AS admissions_previous,
       cur.admissions - coalesce(prev.admissions, 0) AS admissions_change,
       cur.net_membership_change,
       coalesce(prev.net_membership_change, 0) AS net_membership_change_previous,
       cur.regular_meetings,
       coalesce(prev.regular_meetings, 0) AS regular_meetings_previous,
       cur.regular_meetings - coalesce(prev.regular_meetings, 0) AS regular_meetings_change,
       cur.members_present,
       coalesce(prev.members_present, 0) AS members_present_previous,
       cur.members_present - coalesce(prev.members_present, 0) AS members_present_change,
       cur.attendance_rate,
       prev.attendance_rate AS attendance_rate_previous,
       cur.attendance_rate - prev.attendance_rate AS attendance_rate_change,
       cur.regular_meeting_coverage,
       prev.regular_meeting_coverage AS regular_meeting_coverage_previous,
       cur.regular_meeting_coverage - prev.regular_meeting_coverage AS regular_meeting_coverage_change
FROM reporting.district_monthly_indicators cur
LEFT JOIN reporting.district_monthly_indicators prev
       ON prev.district_code = cur.district_code
      AND prev.month = (cur.month - interval '1 month')::date;

COMMENT ON VIEW reporting.district_monthly_change IS
  'Month-over-month change of each district: this month''s figures beside those of the calendar month before (zeros when that month has no data, rates NULL).';
COMMENT ON COLUMN reporting.district_monthly_change.district_code IS 'The district.';
COMMENT ON COLUMN reporting.district_monthly_change.district_name IS 'Its name.';
COMMENT ON COLUMN reporting.district_monthly_change.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.district_monthly_change.previous_month IS 'The calendar month before, as its first day.';
COMMENT ON COLUMN reporting.district_monthly_change.admissions IS 'Admissions this month.';
COMMENT ON COLUMN reporting.district_monthly_change.admissions_previous IS 'Admissions the month before.';
COMMENT ON COLUMN reporting.district_monthly_change.admissions_change IS 'admissions - admissions_previous.';
COMMENT ON COLUMN reporting.district_monthly_change.net_membership_change IS 'Net membership change this month (see district_monthly_indicators).';
COMMENT ON COLUMN reporting.district_monthly_change.net_membership_change_previous IS 'Net membership change the month before.';
COMMENT ON COLUMN reporting.district_monthly_change.regular_meetings IS 'REGULAR meetings this month.';
COMMENT ON COLUMN reporting.district_monthly_change.regular_meetings_previous IS 'REGULAR meetings the month before.';
COMMENT ON COLUMN reporting.district_monthly_change.regular_meetings_change IS 'regular_meetings - regular_meetings_previous.';
COMMENT ON COLUMN reporting.district_monthly_change.members_present IS 'Members present at this month''s meetings.';
COMMENT ON COLUMN reporting.district_monthly_change.members_present_previous IS 'Members present at the meetings of the month before.';
COMMENT ON COLUMN reporting.district_monthly_change.members_present_change IS 'members_present - members_present_previous.';
COMMENT ON COLUMN reporting.district_monthly_change.attendance_rate IS 'Attendance rate this month (0..1).';
COMMENT ON COLUMN reporting.district_monthly_change.attendance_rate_previous IS 'Attendance rate the month before (0..1).';
COMMENT ON COLUMN reporting.district_monthly_change.attendance_rate_change IS 'attendance_rate - attendance_rate_previous, in fractions (0.05 = 5 percentage points).';
COMMENT ON COLUMN reporting.district_monthly_change.regular_meeting_coverage IS 'Regular-meeting coverage this month (0..1).';
COMMENT ON COLUMN reporting.district_monthly_change.regular_meeting_coverage_previous IS 'Regular-meeting coverage the month before (0..1).';
COMMENT ON COLUMN reporting.district_monthly_change.regular_meeting_coverage_change IS 'regular_meeting_coverage - regular_meeting_coverage_previous, in fractions.';

-- ---------------------------------------------------------------- reporting.district_yearly_indicators
CREATE OR REPLACE VIEW reporting.district_yearly_indicators AS
WITH years AS (
    SELECT DISTINCT year FROM reporting.district_yearly
), known_districts AS (
    SELECT district_code FROM reporting.districts
    UNION SELECT district_code FROM reporting.district_current
    UNION SELECT district_code FROM reporting.district_yearly
), grid AS (
    SELECT k.district_code,
           y.year,
           coalesce(dy.graded_excellent, 0)     AS graded_excellent,
           coalesce(dy.graded_good, 0)          AS graded_good,
           coalesce(dy.graded_completed, 0)     AS graded_completed,
           coalesce(dy.graded_not_completed, 0) AS graded_not_completed,
           coalesce(dy.members_at_risk, 0)      AS members_at_risk,
           coalesce(dc.members_active, 0)       AS members_active_now
    FROM known_districts k
    CROSS JOIN years y
    LEFT JOIN reporting.district_yearly dy ON dy.district_code = k.district_code AND dy.year = y.year
    LEFT JOIN reporting.district_current dc ON dc.district_code = k.district_code
)
SELECT g.district_code,
       d.district_name,
       g.year,
       g.graded_excellent, g.graded_good, g.graded_completed, g.graded_not_completed,
       g.graded_excellent + g.graded_good + g.graded_completed + g.graded_not_completed AS graded_total,
       round(g.graded_excellent::numeric
             / nullif(g.graded_excellent + g.graded_good + g.graded_completed + g.graded_not_completed, 0), 4) AS excellent_share,
       round(g.graded_not_completed::numeric
             / nullif(g.graded_excellent + g.graded_good + g.graded_completed + g.graded_not_completed, 0), 4) AS not_completed_share,
       g.members_at_risk,
       g.members_active_now,
       round(1000 * g.members_at_risk::numeric / nullif(g.members_active_now, 0), 2) AS members_at_risk_per_1000
FROM grid g
LEFT JOIN reporting.districts d ON d.district_code = g.district_code;

COMMENT ON VIEW reporting.district_yearly_indicators IS
  'reporting.district_yearly for every known district and every year with data, zeros filled in, with grade shares and members at risk per 1,000 active members.';
COMMENT ON COLUMN reporting.district_yearly_indicators.district_code IS 'The district.';
COMMENT ON COLUMN reporting.district_yearly_indicators.district_name IS 'Its name.';
COMMENT ON COLUMN reporting.district_yearly_indicators.year IS 'The year.';
COMMENT ON COLUMN reporting.district_yearly_indicators.graded_excellent IS 'Members graded EXCELLENT for the year, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_yearly_indicators.graded_good IS 'Members graded GOOD for the year, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_yearly_indicators.graded_completed IS 'Members graded COMPLETED for the year, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_yearly_indicators.graded_not_completed IS 'Members graded NOT_COMPLETED for the year, 0 when there is no row.';
COMMENT ON COLUMN reporting.district_yearly_indicators.graded_total IS 'Members graded for the year, all grades.';
COMMENT ON COLUMN reporting.district_yearly_indicators.excellent_share IS 'graded_excellent / graded_total (0..1; NULL when nobody is graded).';
COMMENT ON COLUMN reporting.district_yearly_indicators.not_completed_share IS 'graded_not_completed / graded_total (0..1; NULL when nobody is graded).';
COMMENT ON COLUMN reporting.district_yearly_indicators.members_at_risk IS 'Members at risk of removal for the year (3 or more unexcused absences from REGULAR meetings).';
COMMENT ON COLUMN reporting.district_yearly_indicators.members_active_now IS 'Active members of the district today (reporting.district_current).';
COMMENT ON COLUMN reporting.district_yearly_indicators.members_at_risk_per_1000 IS 'members_at_risk per 1,000 active members of today (NULL when the district has none).';

-- ---------------------------------------------------------------- reporting.province_monthly
CREATE OR REPLACE VIEW reporting.province_monthly AS
-- a transfer counts for the province only across its boundary (a side outside the province)
WITH communes AS (
    SELECT month,
           sum(admissions)::integer AS admissions,
           sum(confirmations)::integer AS confirmations,
           sum(deaths)::integer AS deaths,
           sum(removals)::integer AS removals,
           sum(expulsions)::integer AS expulsions,
           sum(regular_meetings)::integer AS regular_meetings,
           sum(thematic_meetings)::integer AS thematic_meetings,
           sum(branches_with_regular_meeting)::integer AS branches_with_regular_meeting,
           sum(members_expected)::integer AS members_expected,
           sum(members_present)::integer AS members_present,
           sum(meetings_with_superior)::integer AS meetings_with_superior,
           sum(meetings_with_self_criticism)::integer AS meetings_with_self_criticism
    FROM reporting.commune_monthly
    GROUP BY month
), boundary AS (
    SELECT month,
           sum(transfers) FILTER (WHERE from_branch_id IS NULL) AS transfers_in,
           sum(transfers) FILTER (WHERE to_branch_id IS NULL)   AS transfers_out
    FROM reporting.branch_transfers
    GROUP BY month
), sums AS (
    SELECT c.month,
           c.admissions,
           c.confirmations,
           coalesce(b.transfers_in, 0)::integer AS transfers_in,
           coalesce(b.transfers_out, 0)::integer AS transfers_out,
           c.deaths,
           c.removals,
           c.expulsions,
           c.regular_meetings,
           c.thematic_meetings,
           c.branches_with_regular_meeting,
           c.members_expected,
           c.members_present,
           c.meetings_with_superior,
           c.meetings_with_self_criticism
    FROM communes c
    LEFT JOIN boundary b ON b.month = c.month
)
SELECT s.*,
       p.branches_village + p.branches_street_group + p.branches_other AS branches_expected_to_meet,
       round(s.branches_with_regular_meeting::numeric
             / nullif(p.branches_village + p.branches_street_group + p.branches_other, 0), 4) AS regular_meeting_coverage,
       round(s.members_present::numeric / nullif(s.members_expected, 0), 4) AS attendance_rate
FROM sums s
CROSS JOIN reporting.province_current p;

COMMENT ON VIEW reporting.province_monthly IS
  'The whole province month by month: sums of reporting.commune_monthly (so communes without a district count), transfers only across the province''s boundary, with attendance rate and regular-meeting coverage of all branches.';
COMMENT ON COLUMN reporting.province_monthly.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.province_monthly.admissions IS 'Admissions in the province.';
COMMENT ON COLUMN reporting.province_monthly.confirmations IS 'Confirmations in the province.';
COMMENT ON COLUMN reporting.province_monthly.transfers_in IS 'Transfers into the province from outside it.';
COMMENT ON COLUMN reporting.province_monthly.transfers_out IS 'Transfers out of the province.';
COMMENT ON COLUMN reporting.province_monthly.deaths IS 'Deaths in the province.';
COMMENT ON COLUMN reporting.province_monthly.removals IS 'Removals from the rolls in the province.';
COMMENT ON COLUMN reporting.province_monthly.expulsions IS 'Expulsions in the province.';
COMMENT ON COLUMN reporting.province_monthly.regular_meetings IS 'REGULAR meetings in the province.';
COMMENT ON COLUMN reporting.province_monthly.thematic_meetings IS 'THEMATIC meetings in the province.';
COMMENT ON COLUMN reporting.province_monthly.branches_with_regular_meeting IS 'Branches with at least one REGULAR meeting.';
COMMENT ON COLUMN reporting.province_monthly.members_expected IS 'Members expected, summed over all meetings.';
COMMENT ON COLUMN reporting.province_monthly.members_present IS 'Members present, summed over all meetings.';
COMMENT ON COLUMN reporting.province_monthly.meetings_with_superior IS 'Meetings attended by a member of the superior committee.';
COMMENT ON COLUMN reporting.province_monthly.meetings_with_self_criticism IS 'Meetings that held self-criticism and criticism.';
COMMENT ON COLUMN reporting.province_monthly.branches_expected_to_meet IS 'All branches of the province today.';
COMMENT ON COLUMN reporting.province_monthly.regular_meeting_coverage IS 'branches_with_regular_meeting / branches_expected_to_meet (0..1).';
COMMENT ON COLUMN reporting.province_monthly.attendance_rate IS 'members_present / members_expected (0..1).';

-- ---------------------------------------------------------------- reporting.province_yearly
CREATE OR REPLACE VIEW reporting.province_yearly AS
SELECT year,
       sum(graded_excellent)::integer     AS graded_excellent,
       sum(graded_good)::integer          AS graded_good,
       sum(graded_completed)::integer     AS graded_completed,
       sum(graded_not_completed)::integer AS graded_not_completed,
       sum(members_at_risk)::integer      AS members_at_risk
FROM reporting.commune_yearly
GROUP BY year;

COMMENT ON VIEW reporting.province_yearly IS 'The whole province year by year: sums of reporting.commune_yearly.';
COMMENT ON COLUMN reporting.province_yearly.year IS 'The year.';
COMMENT ON COLUMN reporting.province_yearly.graded_excellent IS 'Members graded EXCELLENT.';
COMMENT ON COLUMN reporting.province_yearly.graded_good IS 'Members graded GOOD.';
COMMENT ON COLUMN reporting.province_yearly.graded_completed IS 'Members graded COMPLETED.';
COMMENT ON COLUMN reporting.province_yearly.graded_not_completed IS 'Members graded NOT_COMPLETED.';
COMMENT ON COLUMN reporting.province_yearly.members_at_risk IS 'Members at risk of removal.';
