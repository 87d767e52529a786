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
CREATE VIEW reporting.district_monthly_indicators AS
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
CREATE VIEW reporting.district_monthly_change AS
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
CREATE VIEW reporting.district_yearly_indicators AS
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
CREATE VIEW reporting.province_monthly AS
WITH sums AS (
    SELECT month,
           sum(admissions)::integer                    AS admissions,
           sum(confirmations)::integer                 AS confirmations,
           sum(transfers_in)::integer                  AS transfers_in,
           sum(transfers_out)::integer                 AS transfers_out,
           sum(deaths)::integer                        AS deaths,
           sum(removals)::integer                      AS removals,
           sum(expulsions)::integer                    AS expulsions,
           sum(regular_meetings)::integer              AS regular_meetings,
           sum(thematic_meetings)::integer             AS thematic_meetings,
           sum(branches_with_regular_meeting)::integer AS branches_with_regular_meeting,
           sum(members_expected)::integer              AS members_expected,
           sum(members_present)::integer               AS members_present,
           sum(meetings_with_superior)::integer        AS meetings_with_superior,
           sum(meetings_with_self_criticism)::integer  AS meetings_with_self_criticism
    FROM reporting.district_monthly
    GROUP BY month
)
SELECT s.*,
       p.branches_village + p.branches_street_group + p.branches_other AS branches_expected_to_meet,
       round(s.branches_with_regular_meeting::numeric
             / nullif(p.branches_village + p.branches_street_group + p.branches_other, 0), 4) AS regular_meeting_coverage,
       round(s.members_present::numeric / nullif(s.members_expected, 0), 4) AS attendance_rate
FROM sums s
CROSS JOIN reporting.province_current p;

COMMENT ON VIEW reporting.province_monthly IS
  'The whole province month by month: sums of reporting.district_monthly, with attendance rate and regular-meeting coverage of all branches.';
COMMENT ON COLUMN reporting.province_monthly.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.province_monthly.admissions IS 'Admissions in the province.';
COMMENT ON COLUMN reporting.province_monthly.confirmations IS 'Confirmations in the province.';
COMMENT ON COLUMN reporting.province_monthly.transfers_in IS 'Sum of the districts'' transfers in (includes moves between districts of the province).';
COMMENT ON COLUMN reporting.province_monthly.transfers_out IS 'Sum of the districts'' transfers out (includes moves between districts of the province).';
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
CREATE VIEW reporting.province_yearly AS
SELECT year,
       sum(graded_excellent)::integer     AS graded_excellent,
       sum(graded_good)::integer          AS graded_good,
       sum(graded_completed)::integer     AS graded_completed,
       sum(graded_not_completed)::integer AS graded_not_completed,
       sum(members_at_risk)::integer      AS members_at_risk
FROM reporting.district_yearly
GROUP BY year;

COMMENT ON VIEW reporting.province_yearly IS 'The whole province year by year: sums of reporting.district_yearly.';
COMMENT ON COLUMN reporting.province_yearly.year IS 'The year.';
COMMENT ON COLUMN reporting.province_yearly.graded_excellent IS 'Members graded EXCELLENT.';
COMMENT ON COLUMN reporting.province_yearly.graded_good IS 'Members graded GOOD.';
COMMENT ON COLUMN reporting.province_yearly.graded_completed IS 'Members graded COMPLETED.';
COMMENT ON COLUMN reporting.province_yearly.graded_not_completed IS 'Members graded NOT_COMPLETED.';
COMMENT ON COLUMN reporting.province_yearly.members_at_risk IS 'Members at risk of removal.';
