-- Plausible branch-level figures for the 13 district-level units of Hà Tĩnh (four communes each,
-- six branches per commune) and two communes directly under the province, for the 24 months up
-- to the current one and the three years up to the current one, so that the example queries of
-- README.md have something to show whenever they run. Deterministic (no random()).

INSERT INTO reporting.districts (district_code, district_name) VALUES
    ('HT01', 'Thành phố Hà Tĩnh'), ('HT02', 'Thị xã Hồng Lĩnh'), ('HT03', 'Thị xã Kỳ Anh'),
    ('HT04', 'Huyện Cẩm Xuyên'), ('HT05', 'Huyện Can Lộc'), ('HT06', 'Huyện Đức Thọ'),
    ('HT07', 'Huyện Hương Khê'), ('HT08', 'Huyện Hương Sơn'), ('HT09', 'Huyện Kỳ Anh'),
    ('HT10', 'Huyện Lộc Hà'), ('HT11', 'Huyện Nghi Xuân'), ('HT12', 'Huyện Thạch Hà'),
    ('HT13', 'Huyện Vũ Quang');

INSERT INTO reporting.communes (commune_code, commune_name, district_code)
SELECT d.district_code || '-C' || i, 'Xã ' || d.district_code || '-' || i, d.district_code
FROM reporting.districts d CROSS JOIN generate_series(1, 4) AS i;
INSERT INTO reporting.communes (commune_code, commune_name, district_code) VALUES
    ('HT-C1', 'Phường Thành Sen', NULL), ('HT-C2', 'Xã Tùng Ảnh', NULL);

INSERT INTO reporting.branches (branch_id, branch_name, commune_code, kind)
SELECT c.commune_code || '-B' || i, 'Chi bộ ' || c.commune_code || '-' || i, c.commune_code,
       CASE WHEN i <= 3 THEN 'VILLAGE' WHEN i <= 5 THEN 'STREET_GROUP' ELSE 'OTHER' END
FROM reporting.communes c CROSS JOIN generate_series(1, 6) AS i;

WITH b AS (
    SELECT branch_id, row_number() OVER (ORDER BY branch_id) AS n FROM reporting.branches
)
INSERT INTO reporting.branch_current (branch_id, members_active, members_official, members_probationary, members_exempted)
SELECT branch_id, 20 + (n * 37) % 60, 20 + (n * 37) % 60 - (1 + n % 3), 1 + n % 3, n % 4
FROM b;

WITH months AS (
    SELECT (date_trunc('month', current_date) - make_interval(months => k))::date AS month, k
    FROM generate_series(0, 23) AS k
), grid AS (
    SELECT c.branch_id, m.month, m.k, c.members_active AS members,
           row_number() OVER (PARTITION BY m.month ORDER BY c.branch_id) AS n
    FROM reporting.branch_current c CROSS JOIN months m
), figures AS (
    -- about one branch in nine holds no regular meeting in a month
    SELECT g.*, CASE WHEN (n * 7 + k * 3) % 9 = 0 THEN 0 ELSE 1 END AS met,
           55 + (n * 13 + k * 7) % 45 AS score
    FROM grid g
)
INSERT INTO reporting.branch_monthly (branch_id, month, admissions, confirmations, transfers_in, transfers_out,
    deaths, removals, expulsions, regular_meetings, thematic_meetings, members_expected, members_present,
    meetings_with_superior, meetings_with_self_criticism, meetings_scored, quality_score_sum,
    meetings_good, meetings_fair, meetings_average, meetings_poor)
SELECT branch_id, month,
       (n + k) % 7 / 5,
       (n * 3 + k) % 8 / 6,
       (n + k * 2) % 11 / 9,
       (n * 2 + k) % 13 / 11,
       (n + k) % 17 / 16,
       0,
       0,
       met,
       (n + k) % 4 / 3,
       members * (met + (n + k) % 4 / 3),
       members * (met + (n + k) % 4 / 3) * (80 + (n * 3 + k * 5) % 19) / 100,
       met * ((n + k) % 3 / 2),
       met,
       met,
       met * score,
       CASE WHEN met = 1 AND score >= 80 THEN 1 ELSE 0 END,
       CASE WHEN met = 1 AND score BETWEEN 70 AND 79 THEN 1 ELSE 0 END,
       CASE WHEN met = 1 AND score BETWEEN 50 AND 69 THEN 1 ELSE 0 END,
       0
FROM figures;

WITH years AS (
    SELECT extract(year FROM current_date)::integer - k AS year, k FROM generate_series(0, 2) AS k
)
INSERT INTO reporting.branch_yearly (branch_id, year, graded_excellent, graded_good, graded_completed,
    graded_not_completed, members_at_risk)
SELECT c.branch_id, y.year,
       c.members_active * (14 + y.k) / 100,
       c.members_active * 62 / 100,
       c.members_active * (21 - y.k) / 100,
       c.members_active % 3 / 2,
       c.members_active % 5 / 4
FROM reporting.branch_current c CROSS JOIN years y;

-- a few transfers each month: between two communes of one district, and from outside the province
INSERT INTO reporting.branch_transfers (from_branch_id, to_branch_id, month, transfers)
SELECT d.district_code || '-C1-B1', d.district_code || '-C2-B1',
       (date_trunc('month', current_date) - make_interval(months => k))::date, 1
FROM reporting.districts d CROSS JOIN generate_series(0, 23) AS k;
INSERT INTO reporting.branch_transfers (from_branch_id, to_branch_id, month, transfers)
SELECT NULL, 'HT-C1-B' || (1 + k % 6), (date_trunc('month', current_date) - make_interval(months => k))::date, 1
FROM generate_series(0, 23) AS k;

-- attendance drops this month in two districts (example query 7 looks for such drops)
UPDATE reporting.branch_monthly SET members_present = members_present * 85 / 100
WHERE month = date_trunc('month', current_date)::date AND (branch_id LIKE 'HT03-%' OR branch_id LIKE 'HT07-%');
