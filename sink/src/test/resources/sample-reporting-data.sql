-- Plausible figures for the 13 district-level units of Hà Tĩnh, for the 24 months up to the
-- current one and the three years up to the current one, so that the example queries of
-- README.md have something to show whenever they run. Deterministic (no random()).

INSERT INTO reporting.districts (district_code, district_name) VALUES
    ('HT01', 'Thành phố Hà Tĩnh'), ('HT02', 'Thị xã Hồng Lĩnh'), ('HT03', 'Thị xã Kỳ Anh'),
    ('HT04', 'Huyện Cẩm Xuyên'), ('HT05', 'Huyện Can Lộc'), ('HT06', 'Huyện Đức Thọ'),
    ('HT07', 'Huyện Hương Khê'), ('HT08', 'Huyện Hương Sơn'), ('HT09', 'Huyện Kỳ Anh'),
    ('HT10', 'Huyện Lộc Hà'), ('HT11', 'Huyện Nghi Xuân'), ('HT12', 'Huyện Thạch Hà'),
    ('HT13', 'Huyện Vũ Quang');

WITH d AS (
    SELECT district_code, row_number() OVER (ORDER BY district_code) AS n FROM reporting.districts
), sized AS (
    SELECT district_code, n,
           5200 + (n * 1733) % 4100 AS members,
           100 + (n * 53) % 90       AS villages,
           10 + (n * 17) % 40        AS street_groups,
           30 + (n * 29) % 45        AS others
    FROM d
)
INSERT INTO reporting.district_current (district_code, members_active, members_official, members_probationary,
    members_village, members_street_group, members_other, branches_village, branches_street_group, branches_other)
SELECT district_code,
       members,
       members - members / 40,
       members / 40,
       members * 55 / 100,
       members * 10 / 100,
       members - members * 55 / 100 - members * 10 / 100,
       villages, street_groups, others
FROM sized;

WITH months AS (
    SELECT (date_trunc('month', current_date) - make_interval(months => k))::date AS month, k
    FROM generate_series(0, 23) AS k
), grid AS (
    SELECT c.district_code, m.month, m.k,
           row_number() OVER (PARTITION BY m.month ORDER BY c.district_code) AS n,
           c.branches_village + c.branches_street_group + c.branches_other AS branches,
           c.members_active AS members
    FROM reporting.district_current c CROSS JOIN months m
), figures AS (
    SELECT g.*,
           -- coverage between 82 % and 100 %, varying by district and month
           branches - branches * ((n * 7 + k * 3) % 19) / 100 AS met
    FROM grid g
)
INSERT INTO reporting.district_monthly (district_code, month, admissions, confirmations, transfers_in, transfers_out,
    deaths, removals, expulsions, regular_meetings, thematic_meetings, branches_with_regular_meeting,
    members_expected, members_present, meetings_with_superior, meetings_with_self_criticism)
SELECT district_code, month,
       members / 900 + (n + k) % 5,
       members / 1000 + (n * 3 + k) % 4,
       (n + k * 2) % 6,
       (n * 2 + k) % 7,
       members / 2500 + (n + k) % 3,
       (n + k) % 4 / 3,
       CASE WHEN (n * 5 + k) % 37 = 0 THEN 1 ELSE 0 END,
       met + (n + k) % 3,
       branches / 8 + (n + k) % 4,
       met,
       members * met / branches + members / 12,
       (members * met / branches + members / 12) * (86 + (n * 3 + k * 5) % 11) / 100,
       met / 5 + (n + k) % 7,
       met / 3 + (n * 2 + k) % 5
FROM figures;

WITH years AS (
    SELECT extract(year FROM current_date)::integer - k AS year, k FROM generate_series(0, 2) AS k
)
INSERT INTO reporting.district_yearly (district_code, year, graded_excellent, graded_good, graded_completed,
    graded_not_completed, members_at_risk)
SELECT c.district_code, y.year,
       c.members_active * (14 + y.k) / 100,
       c.members_active * 62 / 100,
       c.members_active * (21 - y.k) / 100,
       c.members_active * (3 + (c.members_active % 3)) / 1000,
       c.members_active * (2 + c.members_active % 5) / 1000
FROM reporting.district_current c CROSS JOIN years y;
