-- The naive peer of the benchmark: how a local system would compute the same aggregates without
-- Kafka Streams, with one SQL statement per event (SELECT naive.apply(event)) in autocommit mode.
-- It keeps member and meeting state in tables and updates the aggregate rows in place.
DROP SCHEMA IF EXISTS naive CASCADE;
CREATE SCHEMA naive;

CREATE TABLE naive.seen (event_id text PRIMARY KEY);
CREATE TABLE naive.district (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE naive.commune (code text PRIMARY KEY, district text NOT NULL);
CREATE TABLE naive.branch (id text PRIMARY KEY, commune text NOT NULL, district text NOT NULL, kind text NOT NULL);
CREATE TABLE naive.member (
  id text PRIMARY KEY, active boolean NOT NULL, status text, branch text, district text, kind text);
CREATE TABLE naive.grade (member text, year int, grade text NOT NULL, district text NOT NULL, PRIMARY KEY (member, year));
CREATE TABLE naive.absence (member text, year int, meeting text, PRIMARY KEY (member, year, meeting));
CREATE TABLE naive.meeting (
  id text PRIMARY KEY, revision int NOT NULL, present_now boolean NOT NULL, branch text, district text, month date,
  kind text, expected int, present int, superior boolean, self_criticism boolean, absent text[]);
CREATE TABLE naive.branch_month (district text, month date, branch text, regular int NOT NULL,
  PRIMARY KEY (district, month, branch));

CREATE TABLE naive.district_current (district_code text PRIMARY KEY,
  members_active int NOT NULL DEFAULT 0, members_official int NOT NULL DEFAULT 0,
  members_probationary int NOT NULL DEFAULT 0, members_village int NOT NULL DEFAULT 0,
  members_street_group int NOT NULL DEFAULT 0, members_other int NOT NULL DEFAULT 0,
  branches_village int NOT NULL DEFAULT 0, branches_street_group int NOT NULL DEFAULT 0,
  branches_other int NOT NULL DEFAULT 0);
CREATE TABLE naive.district_monthly (district_code text, month date,
  admissions int NOT NULL DEFAULT 0, confirmations int NOT NULL DEFAULT 0, transfers_in int NOT NULL DEFAULT 0,
  transfers_out int NOT NULL DEFAULT 0, deaths int NOT NULL DEFAULT 0, removals int NOT NULL DEFAULT 0,
  expulsions int NOT NULL DEFAULT 0, regular_meetings int NOT NULL DEFAULT 0, thematic_meetings int NOT NULL DEFAULT 0,
  branches_with_regular_meeting int NOT NULL DEFAULT 0, members_expected int NOT NULL DEFAULT 0,
  members_present int NOT NULL DEFAULT 0, meetings_with_superior int NOT NULL DEFAULT 0,
  meetings_with_self_criticism int NOT NULL DEFAULT 0, PRIMARY KEY (district_code, month));
CREATE TABLE naive.district_yearly (district_code text, year int,
  graded_excellent int NOT NULL DEFAULT 0, graded_good int NOT NULL DEFAULT 0,
  graded_completed int NOT NULL DEFAULT 0, graded_not_completed int NOT NULL DEFAULT 0,
  PRIMARY KEY (district_code, year));
-- members at risk, computed when read, as a local system would
CREATE VIEW naive.members_at_risk AS
  SELECT m.district AS district_code, a.year, count(*)::int AS members_at_risk
  FROM (SELECT member, year FROM naive.absence GROUP BY member, year HAVING count(*) >= 3) a
  JOIN naive.member m ON m.id = a.member AND m.active
  GROUP BY m.district, a.year;

CREATE FUNCTION naive.current_add(d text, status text, kind text, sign int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO naive.district_current AS c (district_code) VALUES (d) ON CONFLICT DO NOTHING;
  UPDATE naive.district_current SET
    members_active = members_active + sign,
    members_official = members_official + CASE WHEN status = 'OFFICIAL' THEN sign ELSE 0 END,
    members_probationary = members_probationary + CASE WHEN status = 'PROBATIONARY' THEN sign ELSE 0 END,
    members_village = members_village + CASE WHEN kind = 'VILLAGE' THEN sign ELSE 0 END,
    members_street_group = members_street_group + CASE WHEN kind = 'STREET_GROUP' THEN sign ELSE 0 END,
    members_other = members_other + CASE WHEN kind = 'OTHER' THEN sign ELSE 0 END
  WHERE district_code = d;
$$;

CREATE FUNCTION naive.monthly_add(d text, day date, col text, n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO naive.district_monthly (district_code, month) VALUES (d, date_trunc('month', day)::date)
    ON CONFLICT DO NOTHING;
  EXECUTE format('UPDATE naive.district_monthly SET %I = %I + $1 WHERE district_code = $2 AND month = $3', col, col)
    USING n, d, date_trunc('month', day)::date;
END $$;

CREATE FUNCTION naive.meeting_apply(m naive.meeting, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  a text;
  y int := extract(year FROM m.month);
  before int;
BEGIN
  IF m.kind = 'REGULAR' THEN
    PERFORM naive.monthly_add(m.district, m.month, 'regular_meetings', sign);
    INSERT INTO naive.branch_month VALUES (m.district, m.month, m.branch, 0) ON CONFLICT DO NOTHING;
    UPDATE naive.branch_month SET regular = regular + sign
      WHERE district = m.district AND month = m.month AND branch = m.branch RETURNING regular - sign INTO before;
    IF before = 0 AND sign = 1 OR before = 1 AND sign = -1 THEN
      PERFORM naive.monthly_add(m.district, m.month, 'branches_with_regular_meeting', sign);
    END IF;
    FOREACH a IN ARRAY coalesce(m.absent, '{}') LOOP
      IF sign = 1 THEN
        INSERT INTO naive.absence VALUES (a, y, m.id) ON CONFLICT DO NOTHING;
      ELSE
        DELETE FROM naive.absence WHERE member = a AND year = y AND meeting = m.id;
      END IF;
    END LOOP;
  ELSE
    PERFORM naive.monthly_add(m.district, m.month, 'thematic_meetings', sign);
  END IF;
  PERFORM naive.monthly_add(m.district, m.month, 'members_expected', sign * m.expected);
  PERFORM naive.monthly_add(m.district, m.month, 'members_present', sign * m.present);
  IF m.superior THEN PERFORM naive.monthly_add(m.district, m.month, 'meetings_with_superior', sign); END IF;
  IF m.self_criticism THEN PERFORM naive.monthly_add(m.district, m.month, 'meetings_with_self_criticism', sign); END IF;
END $$;

-- Applies one event (the JSON Lines format of SPEC.md §2); returns NULL when accepted, else the reason.
CREATE FUNCTION naive.apply(e jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  t text := e->>'type';
  mem naive.member;
  br naive.branch;
  br2 naive.branch;
  mt naive.meeting;
  old naive.grade;
  dt date := (e->>'date')::date;
BEGIN
  IF EXISTS (SELECT 1 FROM naive.seen WHERE event_id = e->>'eventId') THEN RETURN 'DUPLICATE'; END IF;
  IF t = 'District' THEN
    INSERT INTO naive.district VALUES (e->>'code', e->>'name') ON CONFLICT (code) DO UPDATE SET name = excluded.name;
    INSERT INTO naive.district_current (district_code) VALUES (e->>'code') ON CONFLICT DO NOTHING;
  ELSIF t = 'Commune' THEN
    IF NOT EXISTS (SELECT 1 FROM naive.district WHERE code = e->>'districtCode') THEN RETURN 'UNKNOWN_DISTRICT'; END IF;
    INSERT INTO naive.commune VALUES (e->>'code', e->>'districtCode')
      ON CONFLICT (code) DO UPDATE SET district = excluded.district;
  ELSIF t = 'Branch' THEN
    SELECT c.district INTO br.district FROM naive.commune c WHERE c.code = e->>'communeCode';
    IF br.district IS NULL THEN RETURN 'UNKNOWN_COMMUNE'; END IF;
    SELECT * INTO br2 FROM naive.branch WHERE id = e->>'id';
    IF br2.id IS NOT NULL THEN
      EXECUTE format('UPDATE naive.district_current SET %I = %I - 1 WHERE district_code = $1',
        'branches_' || lower(br2.kind), 'branches_' || lower(br2.kind)) USING br2.district;
    END IF;
    INSERT INTO naive.branch VALUES (e->>'id', e->>'communeCode', br.district, e->>'kind')
      ON CONFLICT (id) DO UPDATE SET commune = excluded.commune, district = excluded.district, kind = excluded.kind;
    EXECUTE format('UPDATE naive.district_current SET %I = %I + 1 WHERE district_code = $1',
      'branches_' || lower(e->>'kind'), 'branches_' || lower(e->>'kind')) USING br.district;
  ELSIF t IN ('MemberRegistered', 'MemberAdmitted') THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active THEN RETURN 'MEMBER_ALREADY_ACTIVE'; END IF;
    SELECT * INTO br FROM naive.branch WHERE id = e->>'branchId';
    IF br.id IS NULL THEN RETURN 'UNKNOWN_BRANCH'; END IF;
    INSERT INTO naive.member VALUES (e->>'memberId', true, coalesce(e->>'status', 'PROBATIONARY'), br.id, br.district, br.kind)
      ON CONFLICT (id) DO UPDATE SET active = true, status = excluded.status, branch = excluded.branch,
        district = excluded.district, kind = excluded.kind;
    PERFORM naive.current_add(br.district, coalesce(e->>'status', 'PROBATIONARY'), br.kind, 1);
    IF t = 'MemberAdmitted' THEN PERFORM naive.monthly_add(br.district, dt, 'admissions', 1); END IF;
  ELSIF t = 'MemberConfirmed' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
    IF mem.status = 'OFFICIAL' THEN RETURN 'MEMBER_ALREADY_OFFICIAL'; END IF;
    UPDATE naive.member SET status = 'OFFICIAL' WHERE id = mem.id;
    UPDATE naive.district_current SET members_official = members_official + 1,
      members_probationary = members_probationary - 1 WHERE district_code = mem.district;
    PERFORM naive.monthly_add(mem.district, dt, 'confirmations', 1);
  ELSIF t = 'MemberLeft' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
    UPDATE naive.member SET active = false WHERE id = mem.id;
    PERFORM naive.current_add(mem.district, mem.status, mem.kind, -1);
    PERFORM naive.monthly_add(mem.district, dt,
      CASE e->>'reason' WHEN 'DECEASED' THEN 'deaths' WHEN 'REMOVED' THEN 'removals' ELSE 'expulsions' END, 1);
  ELSIF t = 'MemberClassified' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
    SELECT * INTO old FROM naive.grade WHERE member = mem.id AND year = (e->>'year')::int;
    INSERT INTO naive.district_yearly (district_code, year) VALUES (mem.district, (e->>'year')::int) ON CONFLICT DO NOTHING;
    IF old.member IS NOT NULL THEN
      EXECUTE format('UPDATE naive.district_yearly SET %I = %I - 1 WHERE district_code = $1 AND year = $2',
        'graded_' || lower(old.grade), 'graded_' || lower(old.grade)) USING old.district, old.year;
    END IF;
    INSERT INTO naive.grade VALUES (mem.id, (e->>'year')::int, e->>'grade', mem.district)
      ON CONFLICT (member, year) DO UPDATE SET grade = excluded.grade, district = excluded.district;
    EXECUTE format('UPDATE naive.district_yearly SET %I = %I + 1 WHERE district_code = $1 AND year = $2',
      'graded_' || lower(e->>'grade'), 'graded_' || lower(e->>'grade')) USING mem.district, (e->>'year')::int;
  ELSIF t = 'MemberTransferred' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF e->>'fromBranchId' IS NULL THEN
      IF mem.active THEN RETURN 'TRANSFER_IN_OF_ACTIVE_MEMBER'; END IF;
      mem := ROW(e->>'memberId', false, e->>'status', NULL, NULL, NULL);
    ELSE
      IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
      IF mem.branch <> e->>'fromBranchId' THEN RETURN 'TRANSFER_FROM_WRONG_BRANCH'; END IF;
    END IF;
    IF e->>'toBranchId' IS NOT NULL THEN
      SELECT * INTO br FROM naive.branch WHERE id = e->>'toBranchId';
      IF br.id IS NULL THEN RETURN 'UNKNOWN_BRANCH'; END IF;
    END IF;
    IF mem.active THEN PERFORM naive.current_add(mem.district, mem.status, mem.kind, -1); END IF;
    IF br.id IS NOT NULL THEN
      PERFORM naive.current_add(br.district, mem.status, br.kind, 1);
      INSERT INTO naive.member VALUES (mem.id, true, mem.status, br.id, br.district, br.kind)
        ON CONFLICT (id) DO UPDATE SET active = true, status = excluded.status, branch = excluded.branch,
          district = excluded.district, kind = excluded.kind;
    ELSE
      UPDATE naive.member SET active = false WHERE id = mem.id;
    END IF;
    IF mem.district IS DISTINCT FROM br.district THEN
      IF mem.district IS NOT NULL THEN PERFORM naive.monthly_add(mem.district, dt, 'transfers_out', 1); END IF;
      IF br.district IS NOT NULL THEN PERFORM naive.monthly_add(br.district, dt, 'transfers_in', 1); END IF;
    END IF;
  ELSIF t = 'MeetingRecorded' THEN
    SELECT * INTO br FROM naive.branch WHERE id = e->>'branchId';
    IF br.id IS NULL THEN RETURN 'UNKNOWN_BRANCH'; END IF;
    SELECT * INTO mt FROM naive.meeting WHERE id = e->>'meetingId';
    IF mt.id IS NOT NULL AND mt.revision >= (e->>'revision')::int THEN RETURN NULL; END IF;
    IF mt.present_now THEN PERFORM naive.meeting_apply(mt, -1); END IF;
    mt := ROW(e->>'meetingId', (e->>'revision')::int, true, br.id, br.district, date_trunc('month', dt)::date,
      e->>'kind', (e->>'membersExpected')::int, (e->>'membersPresent')::int, (e->>'superiorAttended')::boolean,
      (e->>'selfCriticism')::boolean, ARRAY(SELECT jsonb_array_elements_text(e->'absentUnexcused')));
    INSERT INTO naive.meeting VALUES (mt.*) ON CONFLICT (id) DO UPDATE SET revision = excluded.revision,
      present_now = true, branch = excluded.branch, district = excluded.district, month = excluded.month,
      kind = excluded.kind, expected = excluded.expected, present = excluded.present, superior = excluded.superior,
      self_criticism = excluded.self_criticism, absent = excluded.absent;
    PERFORM naive.meeting_apply(mt, 1);
  ELSIF t = 'MeetingRetracted' THEN
    SELECT * INTO mt FROM naive.meeting WHERE id = e->>'meetingId';
    IF mt.id IS NOT NULL AND mt.revision >= (e->>'revision')::int THEN RETURN NULL; END IF;
    IF mt.present_now THEN PERFORM naive.meeting_apply(mt, -1); END IF;
    INSERT INTO naive.meeting (id, revision, present_now) VALUES (e->>'meetingId', (e->>'revision')::int, false)
      ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, present_now = false;
  ELSE
    RETURN 'UNKNOWN_TYPE';
  END IF;
  INSERT INTO naive.seen VALUES (e->>'eventId');
  RETURN NULL;
END $$;
