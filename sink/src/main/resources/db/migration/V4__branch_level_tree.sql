-- SPEC v2: figures are kept per branch [chi bộ] and restated in the tree as it is now. The sink
-- writes the tree (communes, branches) and the branch figures; communes, districts and the
-- province are views that add up the branches they hold now, so when a branch or a commune moves,
-- its whole history moves with it and nothing depends on when the reorganisation arrived.
--
-- Upgrading a v1 database in place: the v1 district tables (figures attributed when each event
-- arrived) are kept, unchanged, in schema reporting_v1; the relations of the same names in
-- reporting become views over the branch figures, which the v2 streams app recomputes from the
-- event log (its new application id starts from the beginning of every event topic).

CREATE SCHEMA reporting_v1;
COMMENT ON SCHEMA reporting_v1 IS
  'The v1 per-district tables as they were when this database was upgraded to SPEC v2; no longer written. The live figures are in reporting.';

-- the v1 derived views read the district tables: they are made again over the new relations (R__derived_views.sql)
DROP VIEW reporting.province_yearly, reporting.province_monthly, reporting.district_yearly_indicators,
          reporting.district_monthly_change, reporting.district_monthly_indicators, reporting.province_current;
ALTER TABLE reporting.district_current SET SCHEMA reporting_v1;
ALTER TABLE reporting.district_monthly SET SCHEMA reporting_v1;
ALTER TABLE reporting.district_yearly SET SCHEMA reporting_v1;
GRANT USAGE ON SCHEMA reporting_v1 TO pulse_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting_v1 TO pulse_analyst;
REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA reporting_v1 FROM pulse_writer;

-- ---------------------------------------------------------------- the tree as it is now
CREATE TABLE reporting.communes (
    commune_code  text        NOT NULL,
    commune_name  text        NOT NULL,
    district_code text,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT communes_pkey PRIMARY KEY (commune_code),
    CONSTRAINT communes_code_length CHECK (char_length(commune_code) BETWEEN 1 AND 64)
);
CREATE INDEX communes_district_idx ON reporting.communes (district_code);
COMMENT ON TABLE reporting.communes IS
  'Commune-level units [xã / phường / thị trấn] as the reference data holds them now (Kafka topic pulse.communes).';
COMMENT ON COLUMN reporting.communes.commune_code IS 'Code of the commune (at most 64 characters).';
COMMENT ON COLUMN reporting.communes.commune_name IS 'Official name, e.g. Xã Tùng Ảnh.';
COMMENT ON COLUMN reporting.communes.district_code IS 'The district that holds the commune now; NULL when the commune reports directly to the province (since 1 July 2025 in two-tier provinces).';
COMMENT ON COLUMN reporting.communes.updated_at IS 'When this row last changed in PostgreSQL.';

CREATE TABLE reporting.branches (
    branch_id    text        NOT NULL,
    branch_name  text        NOT NULL,
    commune_code text        NOT NULL,
    kind         text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT branches_pkey PRIMARY KEY (branch_id),
    CONSTRAINT branches_id_length CHECK (char_length(branch_id) BETWEEN 1 AND 64),
    CONSTRAINT branches_kind CHECK (kind IN ('VILLAGE', 'STREET_GROUP', 'OTHER'))
);
CREATE INDEX branches_commune_idx ON reporting.branches (commune_code);
COMMENT ON TABLE reporting.branches IS
  'Party branches [chi bộ] as the reference data holds them now (Kafka topic pulse.branches).';
COMMENT ON COLUMN reporting.branches.branch_id IS 'Id of the branch (at most 64 characters).';
COMMENT ON COLUMN reporting.branches.branch_name IS 'Its name, e.g. Chi bộ thôn Yên Hòa.';
COMMENT ON COLUMN reporting.branches.commune_code IS 'The commune that holds the branch now.';
COMMENT ON COLUMN reporting.branches.kind IS 'VILLAGE [chi bộ thôn], STREET_GROUP [chi bộ tổ dân phố] or OTHER (agencies, schools, enterprises, armed forces).';
COMMENT ON COLUMN reporting.branches.updated_at IS 'When this row last changed in PostgreSQL (a move or a rename).';

CREATE VIEW reporting.branch_tree AS
SELECT b.branch_id, b.branch_name, b.kind, b.commune_code, c.district_code,
       greatest(b.updated_at, c.updated_at) AS updated_at
FROM reporting.branches b
LEFT JOIN reporting.communes c ON c.commune_code = b.commune_code;
COMMENT ON VIEW reporting.branch_tree IS 'Each branch with the commune and the district that hold it now (district NULL under a commune directly under the province).';
COMMENT ON COLUMN reporting.branch_tree.updated_at IS 'When the branch or its commune last changed (moved or renamed).';

-- ---------------------------------------------------------------- branch figures (written by the sink)
CREATE TABLE reporting.branch_current (
    branch_id            text        NOT NULL,
    members_active       integer     NOT NULL DEFAULT 0,
    members_official     integer     NOT NULL DEFAULT 0,
    members_probationary integer     NOT NULL DEFAULT 0,
    members_exempted     integer     NOT NULL DEFAULT 0,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT branch_current_pkey PRIMARY KEY (branch_id),
    CONSTRAINT branch_current_counts_not_negative CHECK (
        members_active >= 0 AND members_official >= 0 AND members_probationary >= 0 AND members_exempted >= 0)
);
COMMENT ON TABLE reporting.branch_current IS
  'Current totals of each branch (Kafka topic pulse.branch-current). Only active members count. A missing row means zero.';
COMMENT ON COLUMN reporting.branch_current.branch_id IS 'The branch (see reporting.branches).';
COMMENT ON COLUMN reporting.branch_current.members_active IS 'Active party members [đảng viên]: official plus probationary.';
COMMENT ON COLUMN reporting.branch_current.members_official IS 'Active OFFICIAL members [đảng viên chính thức].';
COMMENT ON COLUMN reporting.branch_current.members_probationary IS 'Active PROBATIONARY members [đảng viên dự bị].';
COMMENT ON COLUMN reporting.branch_current.members_exempted IS 'Active members exempt from party work and activities now [miễn công tác và sinh hoạt đảng]: counted in the totals, never at risk.';
COMMENT ON COLUMN reporting.branch_current.updated_at IS 'When this row last changed in PostgreSQL.';

CREATE TABLE reporting.branch_monthly (
    branch_id                    text        NOT NULL,
    month                        date        NOT NULL,
    admissions                   integer     NOT NULL DEFAULT 0,
    confirmations                integer     NOT NULL DEFAULT 0,
    transfers_in                 integer     NOT NULL DEFAULT 0,
    transfers_out                integer     NOT NULL DEFAULT 0,
    deaths                       integer     NOT NULL DEFAULT 0,
    removals                     integer     NOT NULL DEFAULT 0,
    expulsions                   integer     NOT NULL DEFAULT 0,
    regular_meetings             integer     NOT NULL DEFAULT 0,
    thematic_meetings            integer     NOT NULL DEFAULT 0,
    members_expected             integer     NOT NULL DEFAULT 0,
    members_present              integer     NOT NULL DEFAULT 0,
    meetings_with_superior       integer     NOT NULL DEFAULT 0,
    meetings_with_self_criticism integer     NOT NULL DEFAULT 0,
    meetings_scored              integer     NOT NULL DEFAULT 0,
    quality_score_sum            integer     NOT NULL DEFAULT 0,
    meetings_good                integer     NOT NULL DEFAULT 0,
    meetings_fair                integer     NOT NULL DEFAULT 0,
    meetings_average             integer     NOT NULL DEFAULT 0,
    meetings_poor                integer     NOT NULL DEFAULT 0,
    updated_at                   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT branch_monthly_pkey PRIMARY KEY (branch_id, month),
    CONSTRAINT branch_monthly_first_day CHECK (extract(day FROM month) = 1)
);
CREATE INDEX branch_monthly_month_idx ON reporting.branch_monthly (month);
COMMENT ON TABLE reporting.branch_monthly IS
  'Flows and meetings of each branch per month (Kafka topic pulse.branch-monthly). A flow counts for the member''s branch at that event, a meeting for its branch, in the month of its date. A missing row means zero.';
COMMENT ON COLUMN reporting.branch_monthly.branch_id IS 'The branch.';
COMMENT ON COLUMN reporting.branch_monthly.month IS 'The month, as its first day.';
COMMENT ON COLUMN reporting.branch_monthly.admissions IS 'Members admitted [kết nạp].';
COMMENT ON COLUMN reporting.branch_monthly.confirmations IS 'Probationary members confirmed OFFICIAL.';
COMMENT ON COLUMN reporting.branch_monthly.transfers_in IS 'Transfers into the branch from another branch or from outside the province.';
COMMENT ON COLUMN reporting.branch_monthly.transfers_out IS 'Transfers out of the branch to another branch or out of the province.';
COMMENT ON COLUMN reporting.branch_monthly.deaths IS 'Members who died [từ trần].';
COMMENT ON COLUMN reporting.branch_monthly.removals IS 'Members removed from the rolls [xóa tên].';
COMMENT ON COLUMN reporting.branch_monthly.expulsions IS 'Members expelled [khai trừ].';
COMMENT ON COLUMN reporting.branch_monthly.regular_meetings IS 'REGULAR meetings [sinh hoạt thường kỳ], as last recorded; retracted ones not at all.';
COMMENT ON COLUMN reporting.branch_monthly.thematic_meetings IS 'THEMATIC meetings [sinh hoạt chuyên đề].';
COMMENT ON COLUMN reporting.branch_monthly.members_expected IS 'Members expected, summed over the month''s meetings of both kinds.';
COMMENT ON COLUMN reporting.branch_monthly.members_present IS 'Members present, summed over the month''s meetings of both kinds.';
COMMENT ON COLUMN reporting.branch_monthly.meetings_with_superior IS 'Meetings attended by a member of the superior committee.';
COMMENT ON COLUMN reporting.branch_monthly.meetings_with_self_criticism IS 'Meetings that held self-criticism and criticism [tự phê bình, phê bình].';
COMMENT ON COLUMN reporting.branch_monthly.meetings_scored IS 'Meetings of both kinds that carry a quality score (out of 100).';
COMMENT ON COLUMN reporting.branch_monthly.quality_score_sum IS 'Sum of the scores of the scored meetings: the average is quality_score_sum / meetings_scored.';
COMMENT ON COLUMN reporting.branch_monthly.meetings_good IS 'Scored meetings in the good band [tốt], score 80 or more.';
COMMENT ON COLUMN reporting.branch_monthly.meetings_fair IS 'Scored meetings in the fair band [khá], 70 to 79.';
COMMENT ON COLUMN reporting.branch_monthly.meetings_average IS 'Scored meetings in the average band [trung bình], 50 to 69.';
COMMENT ON COLUMN reporting.branch_monthly.meetings_poor IS 'Scored meetings in the poor band [kém], below 50.';
COMMENT ON COLUMN reporting.branch_monthly.updated_at IS 'When this row last changed in PostgreSQL.';

CREATE TABLE reporting.branch_yearly (
    branch_id            text        NOT NULL,
    year                 integer     NOT NULL,
    graded_excellent     integer     NOT NULL DEFAULT 0,
    graded_good          integer     NOT NULL DEFAULT 0,
    graded_completed     integer     NOT NULL DEFAULT 0,
    graded_not_completed integer     NOT NULL DEFAULT 0,
    members_at_risk      integer     NOT NULL DEFAULT 0,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT branch_yearly_pkey PRIMARY KEY (branch_id, year)
);
CREATE INDEX branch_yearly_year_idx ON reporting.branch_yearly (year);
COMMENT ON TABLE reporting.branch_yearly IS
  'Grades and members at risk of each branch per year (Kafka topic pulse.branch-yearly). A missing row means zero.';
COMMENT ON COLUMN reporting.branch_yearly.branch_id IS 'The branch.';
COMMENT ON COLUMN reporting.branch_yearly.year IS 'The year.';
COMMENT ON COLUMN reporting.branch_yearly.graded_excellent IS 'Members whose latest grade for the year is EXCELLENT [hoàn thành xuất sắc], counted for their branch when the grade was applied.';
COMMENT ON COLUMN reporting.branch_yearly.graded_good IS 'Latest grade GOOD [hoàn thành tốt].';
COMMENT ON COLUMN reporting.branch_yearly.graded_completed IS 'Latest grade COMPLETED [hoàn thành].';
COMMENT ON COLUMN reporting.branch_yearly.graded_not_completed IS 'Latest grade NOT_COMPLETED [không hoàn thành nhiệm vụ].';
COMMENT ON COLUMN reporting.branch_yearly.members_at_risk IS 'Active members of the branch, not exempt, absent without reason from REGULAR meetings in at least 3 distinct months of the year (the Party''s rule on removal from the rolls).';
COMMENT ON COLUMN reporting.branch_yearly.updated_at IS 'When this row last changed in PostgreSQL.';

CREATE TABLE reporting.branch_transfers (
    from_branch_id text,
    to_branch_id   text,
    month          date        NOT NULL,
    transfers      integer     NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT branch_transfers_key UNIQUE NULLS NOT DISTINCT (from_branch_id, to_branch_id, month),
    CONSTRAINT branch_transfers_one_side CHECK (from_branch_id IS NOT NULL OR to_branch_id IS NOT NULL)
);
COMMENT ON TABLE reporting.branch_transfers IS
  'Transfers [chuyển sinh hoạt đảng] between two sides per month (Kafka topic pulse.branch-transfers): what the commune and district figures need to count a transfer only between two different units of their level.';
COMMENT ON COLUMN reporting.branch_transfers.from_branch_id IS 'The branch left; NULL for a transfer from outside the province.';
COMMENT ON COLUMN reporting.branch_transfers.to_branch_id IS 'The branch joined; NULL for a transfer out of the province.';
COMMENT ON COLUMN reporting.branch_transfers.month IS 'The month of the transfers'' date, as its first day.';
COMMENT ON COLUMN reporting.branch_transfers.transfers IS 'Transfers between these two sides in the month.';
COMMENT ON COLUMN reporting.branch_transfers.updated_at IS 'When this row last changed in PostgreSQL.';

GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO pulse_analyst;
GRANT INSERT, UPDATE, DELETE ON reporting.communes, reporting.branches, reporting.branch_current,
      reporting.branch_monthly, reporting.branch_yearly, reporting.branch_transfers TO pulse_writer;
