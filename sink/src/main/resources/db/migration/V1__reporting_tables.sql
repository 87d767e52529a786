-- The analysts' relations of SPEC.md §4 (names and columns fixed by the contract) and the
-- sink's private bookkeeping. Counts are integers; a missing row means zero.
-- No foreign keys between the reporting tables: each comes from its own Kafka topic, and a
-- district's totals may arrive before its name.

CREATE SCHEMA IF NOT EXISTS reporting;
COMMENT ON SCHEMA reporting IS
  'Chi Bộ Pulse reporting: live aggregates of the province''s party organisation, written by the sink from the compacted Kafka aggregate topics. Read-only for analysts (role pulse_analyst).';

-- pulse_sink itself is made by Flyway, which keeps its history there
COMMENT ON SCHEMA pulse_sink IS
  'Private bookkeeping of the PostgreSQL sink (Kafka offsets, dead letters, migration history). Not for analysts.';

-- ---------------------------------------------------------------- reporting.districts
CREATE TABLE reporting.districts (
    district_code text NOT NULL,
    district_name text NOT NULL,
    CONSTRAINT districts_pkey PRIMARY KEY (district_code),
    CONSTRAINT districts_code_length CHECK (char_length(district_code) BETWEEN 1 AND 64)
);
COMMENT ON TABLE reporting.districts IS
  'District-level units [huyện / thị xã / thành phố] as the reference data holds them (Kafka topic pulse.districts).';
COMMENT ON COLUMN reporting.districts.district_code IS 'Code of the district, as used by the commune systems (at most 64 characters).';
COMMENT ON COLUMN reporting.districts.district_name IS 'Official name of the district, e.g. Huyện Đức Thọ.';

-- ---------------------------------------------------------------- reporting.district_current
CREATE TABLE reporting.district_current (
    district_code         text        NOT NULL,
    members_active        integer     NOT NULL DEFAULT 0,
    members_official      integer     NOT NULL DEFAULT 0,
    members_probationary  integer     NOT NULL DEFAULT 0,
    members_village       integer     NOT NULL DEFAULT 0,
    members_street_group  integer     NOT NULL DEFAULT 0,
    members_other         integer     NOT NULL DEFAULT 0,
    branches_village      integer     NOT NULL DEFAULT 0,
    branches_street_group integer     NOT NULL DEFAULT 0,
    branches_other        integer     NOT NULL DEFAULT 0,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT district_current_pkey PRIMARY KEY (district_code),
    CONSTRAINT district_current_code_length CHECK (char_length(district_code) BETWEEN 1 AND 64),
    CONSTRAINT district_current_counts_not_negative CHECK (
        members_active >= 0 AND members_official >= 0 AND members_probationary >= 0
        AND members_village >= 0 AND members_street_group >= 0 AND members_other >= 0
        AND branches_village >= 0 AND branches_street_group >= 0 AND branches_other >= 0)
);
COMMENT ON TABLE reporting.district_current IS
  'Current totals of each district (Kafka topic pulse.district-current). Only active members count; a member''s district is the district of the commune of their current branch [chi bộ]. A missing row means zero.';
COMMENT ON COLUMN reporting.district_current.district_code IS 'The district (see reporting.districts).';
COMMENT ON COLUMN reporting.district_current.members_active IS 'Active party members [đảng viên] of the district: official plus probationary.';
COMMENT ON COLUMN reporting.district_current.members_official IS 'Active OFFICIAL members [đảng viên chính thức].';
COMMENT ON COLUMN reporting.district_current.members_probationary IS 'Active PROBATIONARY members [đảng viên dự bị], admitted and not yet confirmed.';
COMMENT ON COLUMN reporting.district_current.members_village IS 'Active members in VILLAGE branches [chi bộ thôn].';
COMMENT ON COLUMN reporting.district_current.members_street_group IS 'Active members in STREET_GROUP branches [chi bộ tổ dân phố].';
COMMENT ON COLUMN reporting.district_current.members_other IS 'Active members in OTHER branches (agencies, schools, enterprises, armed forces).';
COMMENT ON COLUMN reporting.district_current.branches_village IS 'VILLAGE branches [chi bộ thôn] of the district in the reference data.';
COMMENT ON COLUMN reporting.district_current.branches_street_group IS 'STREET_GROUP branches [chi bộ tổ dân phố] of the district in the reference data.';
COMMENT ON COLUMN reporting.district_current.branches_other IS 'OTHER branches of the district in the reference data.';
COMMENT ON COLUMN reporting.district_current.updated_at IS 'When this row last changed in PostgreSQL (a replay of the same values leaves it alone).';

-- ---------------------------------------------------------------- reporting.district_monthly
CREATE TABLE reporting.district_monthly (
    district_code                 text        NOT NULL,
    month                         date        NOT NULL,
    admissions                    integer     NOT NULL DEFAULT 0,
    confirmations                 integer     NOT NULL DEFAULT 0,
    transfers_in                  integer     NOT NULL DEFAULT 0,
    transfers_out                 integer     NOT NULL DEFAULT 0,
    deaths                        integer     NOT NULL DEFAULT 0,
    removals                      integer     NOT NULL DEFAULT 0,
    expulsions                    integer     NOT NULL DEFAULT 0,
    regular_meetings              integer     NOT NULL DEFAULT 0,
    thematic_meetings             integer     NOT NULL DEFAULT 0,
    branches_with_regular_meeting integer     NOT NULL DEFAULT 0,
    members_expected              integer     NOT NULL DEFAULT 0,
    members_present               integer     NOT NULL DEFAULT 0,
    meetings_with_superior        integer     NOT NULL DEFAULT 0,
    meetings_with_self_criticism  integer     NOT NULL DEFAULT 0,
    updated_at                    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT district_monthly_pkey PRIMARY KEY (district_code, month),
    CONSTRAINT district_monthly_code_length CHECK (char_length(district_code) BETWEEN 1 AND 64),
    CONSTRAINT district_monthly_month_is_first_day CHECK (extract(day FROM month) = 1),
    CONSTRAINT district_monthly_counts_not_negative CHECK (
        admissions >= 0 AND confirmations >= 0 AND transfers_in >= 0 AND transfers_out >= 0
        AND deaths >= 0 AND removals >= 0 AND expulsions >= 0
        AND regular_meetings >= 0 AND thematic_meetings >= 0 AND branches_with_regular_meeting >= 0
        AND members_expected >= 0 AND members_present >= 0
        AND meetings_with_superior >= 0 AND meetings_with_self_criticism >= 0)
);
-- "this month in every district" and monthly trends scan by month; the primary key serves "one district over time".
CREATE INDEX district_monthly_month_idx ON reporting.district_monthly (month);
COMMENT ON TABLE reporting.district_monthly IS
  'Flows and meetings of each district in each month (Kafka topic pulse.district-monthly). Flows count in the month of the event''s date for the district of the member''s branch at that event; meetings count as last recorded, retracted meetings not at all. A missing row means zero.';
COMMENT ON COLUMN reporting.district_monthly.district_code IS 'The district (see reporting.districts).';
COMMENT ON COLUMN reporting.district_monthly.month IS 'The month, as its first day (e.g. 2025-03-01 for March 2025).';
COMMENT ON COLUMN reporting.district_monthly.admissions IS 'New members admitted as PROBATIONARY [kết nạp đảng viên].';
COMMENT ON COLUMN reporting.district_monthly.confirmations IS 'Probationary members confirmed OFFICIAL [công nhận đảng viên chính thức].';
COMMENT ON COLUMN reporting.district_monthly.transfers_in IS 'Members transferred in [chuyển sinh hoạt đảng đến] from another district or from outside the province; transfers inside the district do not count.';
COMMENT ON COLUMN reporting.district_monthly.transfers_out IS 'Members transferred out [chuyển sinh hoạt đảng đi] to another district or out of the province; transfers inside the district do not count.';
COMMENT ON COLUMN reporting.district_monthly.deaths IS 'Members who died [từ trần].';
COMMENT ON COLUMN reporting.district_monthly.removals IS 'Members removed from the rolls [xóa tên].';
COMMENT ON COLUMN reporting.district_monthly.expulsions IS 'Members expelled [khai trừ].';
COMMENT ON COLUMN reporting.district_monthly.regular_meetings IS 'REGULAR monthly branch meetings [sinh hoạt chi bộ thường kỳ] held.';
COMMENT ON COLUMN reporting.district_monthly.thematic_meetings IS 'THEMATIC meetings [sinh hoạt chuyên đề] held.';
COMMENT ON COLUMN reporting.district_monthly.branches_with_regular_meeting IS 'Distinct branches with at least one REGULAR meeting in the month.';
COMMENT ON COLUMN reporting.district_monthly.members_expected IS 'Sum of members expected over the month''s meetings of both kinds.';
COMMENT ON COLUMN reporting.district_monthly.members_present IS 'Sum of members present over the month''s meetings of both kinds.';
COMMENT ON COLUMN reporting.district_monthly.meetings_with_superior IS 'Meetings attended by a member of the superior party committee [cấp ủy cấp trên dự].';
COMMENT ON COLUMN reporting.district_monthly.meetings_with_self_criticism IS 'Meetings that held self-criticism and criticism [kiểm điểm tự phê bình và phê bình].';
COMMENT ON COLUMN reporting.district_monthly.updated_at IS 'When this row last changed in PostgreSQL (a replay of the same values leaves it alone).';

-- ---------------------------------------------------------------- reporting.district_yearly
CREATE TABLE reporting.district_yearly (
    district_code        text        NOT NULL,
    year                 integer     NOT NULL,
    graded_excellent     integer     NOT NULL DEFAULT 0,
    graded_good          integer     NOT NULL DEFAULT 0,
    graded_completed     integer     NOT NULL DEFAULT 0,
    graded_not_completed integer     NOT NULL DEFAULT 0,
    members_at_risk      integer     NOT NULL DEFAULT 0,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT district_yearly_pkey PRIMARY KEY (district_code, year),
    CONSTRAINT district_yearly_code_length CHECK (char_length(district_code) BETWEEN 1 AND 64),
    CONSTRAINT district_yearly_year_range CHECK (year BETWEEN 1930 AND 9999),
    CONSTRAINT district_yearly_counts_not_negative CHECK (
        graded_excellent >= 0 AND graded_good >= 0 AND graded_completed >= 0
        AND graded_not_completed >= 0 AND members_at_risk >= 0)
);
CREATE INDEX district_yearly_year_idx ON reporting.district_yearly (year);
COMMENT ON TABLE reporting.district_yearly IS
  'Annual grades and members at risk of each district (Kafka topic pulse.district-yearly). A missing row means zero.';
COMMENT ON COLUMN reporting.district_yearly.district_code IS 'The district (see reporting.districts).';
COMMENT ON COLUMN reporting.district_yearly.year IS 'The calendar year graded or observed.';
COMMENT ON COLUMN reporting.district_yearly.graded_excellent IS 'Members whose latest grade for the year is EXCELLENT [hoàn thành xuất sắc nhiệm vụ], counted for the district of their branch when graded.';
COMMENT ON COLUMN reporting.district_yearly.graded_good IS 'Members whose latest grade for the year is GOOD [hoàn thành tốt nhiệm vụ].';
COMMENT ON COLUMN reporting.district_yearly.graded_completed IS 'Members whose latest grade for the year is COMPLETED [hoàn thành nhiệm vụ].';
COMMENT ON COLUMN reporting.district_yearly.graded_not_completed IS 'Members whose latest grade for the year is NOT_COMPLETED [không hoàn thành nhiệm vụ].';
COMMENT ON COLUMN reporting.district_yearly.members_at_risk IS 'Active members of the district listed as absent without good reason at 3 or more distinct REGULAR meetings dated in the year (at risk of removal from the rolls).';
COMMENT ON COLUMN reporting.district_yearly.updated_at IS 'When this row last changed in PostgreSQL (a replay of the same values leaves it alone).';

-- ---------------------------------------------------------------- reporting.province_current
CREATE VIEW reporting.province_current AS
SELECT coalesce(sum(members_active), 0)::integer        AS members_active,
       coalesce(sum(members_official), 0)::integer      AS members_official,
       coalesce(sum(members_probationary), 0)::integer  AS members_probationary,
       coalesce(sum(members_village), 0)::integer       AS members_village,
       coalesce(sum(members_street_group), 0)::integer  AS members_street_group,
       coalesce(sum(members_other), 0)::integer         AS members_other,
       coalesce(sum(branches_village), 0)::integer      AS branches_village,
       coalesce(sum(branches_street_group), 0)::integer AS branches_street_group,
       coalesce(sum(branches_other), 0)::integer        AS branches_other,
       max(updated_at)                                  AS updated_at
FROM reporting.district_current;
COMMENT ON VIEW reporting.province_current IS
  'The province [tỉnh] as a whole: always exactly one row, the sums of reporting.district_current.';
COMMENT ON COLUMN reporting.province_current.members_active IS 'Active members of the province (sum over districts).';
COMMENT ON COLUMN reporting.province_current.members_official IS 'Active OFFICIAL members of the province.';
COMMENT ON COLUMN reporting.province_current.members_probationary IS 'Active PROBATIONARY members of the province.';
COMMENT ON COLUMN reporting.province_current.members_village IS 'Active members in VILLAGE branches [chi bộ thôn].';
COMMENT ON COLUMN reporting.province_current.members_street_group IS 'Active members in STREET_GROUP branches [chi bộ tổ dân phố].';
COMMENT ON COLUMN reporting.province_current.members_other IS 'Active members in OTHER branches.';
COMMENT ON COLUMN reporting.province_current.branches_village IS 'VILLAGE branches of the province.';
COMMENT ON COLUMN reporting.province_current.branches_street_group IS 'STREET_GROUP branches of the province.';
COMMENT ON COLUMN reporting.province_current.branches_other IS 'OTHER branches of the province.';
COMMENT ON COLUMN reporting.province_current.updated_at IS 'When any district''s current totals last changed (NULL while there are none).';

-- ---------------------------------------------------------------- pulse_sink bookkeeping
CREATE TABLE pulse_sink.kafka_offsets (
    sink_name   text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT kafka_offsets_pkey PRIMARY KEY (sink_name, topic, partition)
);
COMMENT ON TABLE pulse_sink.kafka_offsets IS
  'Kafka position of each sink per partition, written in the same transaction as the rows it produced: the single source of truth on restart.';
COMMENT ON COLUMN pulse_sink.kafka_offsets.sink_name IS 'Name of the sink instance (setting group.id).';
COMMENT ON COLUMN pulse_sink.kafka_offsets.topic IS 'Kafka topic.';
COMMENT ON COLUMN pulse_sink.kafka_offsets.partition IS 'Kafka partition.';
COMMENT ON COLUMN pulse_sink.kafka_offsets.next_offset IS 'Offset of the next record to apply: every record below it is reflected in reporting.';
COMMENT ON COLUMN pulse_sink.kafka_offsets.updated_at IS 'When this position was last committed.';

CREATE TABLE pulse_sink.dead_letters (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    sink_name        text        NOT NULL,
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    record_key       text,
    record_value     bytea,
    reason           text        NOT NULL,
    message          text        NOT NULL,
    rejected_at      timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz,
    CONSTRAINT dead_letters_pkey PRIMARY KEY (id),
    CONSTRAINT dead_letters_source_unique UNIQUE (sink_name, source_topic, source_partition, source_offset)
);
-- the outbox publisher looks for the letters not yet on the dead-letter topic
CREATE INDEX dead_letters_unpublished_idx ON pulse_sink.dead_letters (sink_name, id) WHERE published_at IS NULL;
COMMENT ON TABLE pulse_sink.dead_letters IS
  'Records the sink could not write (undecodable, or refused by PostgreSQL as bad data), recorded in the same transaction as the offsets that pass them, then published to the dead-letter topic (an outbox).';
COMMENT ON COLUMN pulse_sink.dead_letters.id IS 'Order of rejection.';
COMMENT ON COLUMN pulse_sink.dead_letters.sink_name IS 'Name of the sink instance that refused the record.';
COMMENT ON COLUMN pulse_sink.dead_letters.source_topic IS 'Topic the record was read from.';
COMMENT ON COLUMN pulse_sink.dead_letters.source_partition IS 'Partition it was read from.';
COMMENT ON COLUMN pulse_sink.dead_letters.source_offset IS 'Offset it was read at.';
COMMENT ON COLUMN pulse_sink.dead_letters.record_key IS 'The record key, as text.';
COMMENT ON COLUMN pulse_sink.dead_letters.record_value IS 'The record value, byte for byte, for replay.';
COMMENT ON COLUMN pulse_sink.dead_letters.reason IS 'Reason code (vn.chibo.pulse.domain.RejectionReason).';
COMMENT ON COLUMN pulse_sink.dead_letters.message IS 'What exactly was wrong (decoder or PostgreSQL error, with SQLSTATE).';
COMMENT ON COLUMN pulse_sink.dead_letters.rejected_at IS 'When the sink refused the record.';
COMMENT ON COLUMN pulse_sink.dead_letters.published_at IS 'When the letter reached the dead-letter topic; NULL while it is still to be sent.';
