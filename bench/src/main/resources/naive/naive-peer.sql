-- The naive peer of the benchmark: how a local system would keep the same figures without Kafka
-- Streams, with one SQL statement per event (SELECT naive.apply(event)) in autocommit mode. It keeps
-- member and meeting state in tables of its own and updates the branch rows of the reporting schema
-- (the sink's migrations, SPEC §4) in place; communes, districts and the province are the same views
-- over them as the pipeline's, so both answer the analysts' queries alike.
DROP SCHEMA IF EXISTS naive CASCADE;
CREATE SCHEMA naive;
TRUNCATE reporting.districts, reporting.communes, reporting.branches, reporting.branch_current,
         reporting.branch_monthly, reporting.branch_yearly, reporting.branch_transfers;

CREATE TABLE naive.seen (event_id text PRIMARY KEY);
CREATE TABLE naive.member (id text PRIMARY KEY, active boolean NOT NULL, status text, branch text, exempt boolean NOT NULL);
CREATE TABLE naive.grade (member text, year int, grade text NOT NULL, branch text NOT NULL, PRIMARY KEY (member, year));
-- unexcused absences from REGULAR meetings, as last recorded
CREATE TABLE naive.absence (member text, meeting text, year int NOT NULL, month date NOT NULL, PRIMARY KEY (member, meeting));
CREATE TABLE naive.meeting (
  id text PRIMARY KEY, revision int NOT NULL, present_now boolean NOT NULL, branch text, month date,
  kind text, expected int, present int, superior boolean, self_criticism boolean, score int, absent text[]);

-- The branch row is updated, and made when it is not there yet (a member leaving finds it there:
-- an INSERT's proposed row with negative counts would break the table's CHECK before any conflict).
CREATE FUNCTION naive.current_add(b text, status text, exempt boolean, sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reporting.branch_current (branch_id) VALUES (b) ON CONFLICT DO NOTHING;
  UPDATE reporting.branch_current SET
    members_active = members_active + sign,
    members_official = members_official + CASE WHEN status = 'OFFICIAL' THEN sign ELSE 0 END,
    members_probationary = members_probationary + CASE WHEN status = 'PROBATIONARY' THEN sign ELSE 0 END,
    members_exempted = members_exempted + CASE WHEN exempt THEN sign ELSE 0 END,
    updated_at = now()
  WHERE branch_id = b;
END $$;

CREATE FUNCTION naive.monthly_add(b text, day date, col text, n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO reporting.branch_monthly AS m (branch_id, month, %I) VALUES ($1, $2, $3) '
    || 'ON CONFLICT (branch_id, month) DO UPDATE SET %I = m.%I + $3, updated_at = now()', col, col, col)
    USING b, date_trunc('month', day)::date, n;
END $$;

CREATE FUNCTION naive.yearly_add(b text, y int, col text, n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO reporting.branch_yearly AS y (branch_id, year, %I) VALUES ($1, $2, $3) '
    || 'ON CONFLICT (branch_id, year) DO UPDATE SET %I = y.%I + $3, updated_at = now()', col, col, col)
    USING b, y, n;
END $$;

-- Members at risk (SPEC §3 v2): the members' share of branch_yearly.members_at_risk is taken away
-- before their state changes and given back after it, from the state as it then is.
CREATE FUNCTION naive.risk_add(members text[], sign int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO reporting.branch_yearly AS y (branch_id, year, members_at_risk)
  SELECT m.branch, a.year, sign * count(*)
  FROM (SELECT member, year FROM naive.absence WHERE member = ANY(members)
        GROUP BY member, year HAVING count(DISTINCT month) >= 3) a
  JOIN naive.member m ON m.id = a.member AND m.active AND NOT m.exempt
  GROUP BY m.branch, a.year
  ON CONFLICT (branch_id, year) DO UPDATE SET members_at_risk = y.members_at_risk + excluded.members_at_risk, updated_at = now();
$$;

CREATE FUNCTION naive.meeting_apply(m naive.meeting, sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF m.kind = 'REGULAR' THEN
    PERFORM naive.monthly_add(m.branch, m.month, 'regular_meetings', sign);
    IF sign = 1 THEN
      INSERT INTO naive.absence SELECT DISTINCT a, m.id, extract(year FROM m.month), m.month FROM unnest(m.absent) a;
    ELSE
      DELETE FROM naive.absence WHERE meeting = m.id;
    END IF;
  ELSE
    PERFORM naive.monthly_add(m.branch, m.month, 'thematic_meetings', sign);
  END IF;
  PERFORM naive.monthly_add(m.branch, m.month, 'members_expected', sign * m.expected);
  PERFORM naive.monthly_add(m.branch, m.month, 'members_present', sign * m.present);
  IF m.superior THEN PERFORM naive.monthly_add(m.branch, m.month, 'meetings_with_superior', sign); END IF;
  IF m.self_criticism THEN PERFORM naive.monthly_add(m.branch, m.month, 'meetings_with_self_criticism', sign); END IF;
  IF m.score IS NOT NULL THEN
    PERFORM naive.monthly_add(m.branch, m.month, 'meetings_scored', sign);
    PERFORM naive.monthly_add(m.branch, m.month, 'quality_score_sum', sign * m.score);
    PERFORM naive.monthly_add(m.branch, m.month, CASE WHEN m.score >= 80 THEN 'meetings_good' WHEN m.score >= 70 THEN 'meetings_fair'
      WHEN m.score >= 50 THEN 'meetings_average' ELSE 'meetings_poor' END, sign);
  END IF;
END $$;

-- A transfer counts at branch level between two different branches (a side outside the province
-- differs from every branch); the commune and district views read branch_transfers for theirs.
CREATE FUNCTION naive.transfer_add(from_branch text, to_branch text, day date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF from_branch IS NOT DISTINCT FROM to_branch THEN RETURN; END IF;
  IF from_branch IS NOT NULL THEN PERFORM naive.monthly_add(from_branch, day, 'transfers_out', 1); END IF;
  IF to_branch IS NOT NULL THEN PERFORM naive.monthly_add(to_branch, day, 'transfers_in', 1); END IF;
  INSERT INTO reporting.branch_transfers AS t (from_branch_id, to_branch_id, month, transfers)
  VALUES (from_branch, to_branch, date_trunc('month', day)::date, 1)
  ON CONFLICT ON CONSTRAINT branch_transfers_key DO UPDATE SET transfers = t.transfers + 1, updated_at = now();
END $$;

-- Applies one event (the JSON Lines format of SPEC.md §2); returns NULL when accepted, else the reason.
CREATE FUNCTION naive.apply(e jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  t text := e->>'type';
  mem naive.member;
  branch_to text;
  mt naive.meeting;
  old naive.grade;
  absentees text[];
  dt date := (e->>'date')::date;
BEGIN
  IF EXISTS (SELECT 1 FROM naive.seen WHERE event_id = e->>'eventId') THEN RETURN 'DUPLICATE'; END IF;
  IF t = 'District' THEN
    INSERT INTO reporting.districts VALUES (e->>'code', e->>'name')
      ON CONFLICT (district_code) DO UPDATE SET district_name = excluded.district_name;
  ELSIF t = 'Commune' THEN
    IF e->>'districtCode' IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM reporting.districts WHERE district_code = e->>'districtCode') THEN
      RETURN 'UNKNOWN_DISTRICT';
    END IF;
    INSERT INTO reporting.communes (commune_code, commune_name, district_code) VALUES (e->>'code', e->>'name', e->>'districtCode')
      ON CONFLICT (commune_code) DO UPDATE SET commune_name = excluded.commune_name, district_code = excluded.district_code,
        updated_at = now();
  ELSIF t = 'Branch' THEN
    IF NOT EXISTS (SELECT 1 FROM reporting.communes WHERE commune_code = e->>'communeCode') THEN RETURN 'UNKNOWN_COMMUNE'; END IF;
    -- a move takes the branch's figures with it: they are the branch's rows, placed by the views
    INSERT INTO reporting.branches (branch_id, branch_name, commune_code, kind) VALUES (e->>'id', e->>'name', e->>'communeCode', e->>'kind')
      ON CONFLICT (branch_id) DO UPDATE SET branch_name = excluded.branch_name, commune_code = excluded.commune_code,
        kind = excluded.kind, updated_at = now();
  ELSIF t IN ('MemberRegistered', 'MemberAdmitted') THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active THEN RETURN 'MEMBER_ALREADY_ACTIVE'; END IF;
    IF NOT EXISTS (SELECT 1 FROM reporting.branches WHERE branch_id = e->>'branchId') THEN RETURN 'UNKNOWN_BRANCH'; END IF;
    PERFORM naive.risk_add(ARRAY[e->>'memberId'], -1);
    INSERT INTO naive.member VALUES (e->>'memberId', true, coalesce(e->>'status', 'PROBATIONARY'), e->>'branchId', false)
      ON CONFLICT (id) DO UPDATE SET active = true, status = excluded.status, branch = excluded.branch, exempt = false;
    PERFORM naive.risk_add(ARRAY[e->>'memberId'], 1);
    PERFORM naive.current_add(e->>'branchId', coalesce(e->>'status', 'PROBATIONARY'), false, 1);
    IF t = 'MemberAdmitted' THEN PERFORM naive.monthly_add(e->>'branchId', dt, 'admissions', 1); END IF;
  ELSIF t = 'MemberConfirmed' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
    IF mem.status = 'OFFICIAL' THEN RETURN 'MEMBER_ALREADY_OFFICIAL'; END IF;
    UPDATE naive.member SET status = 'OFFICIAL' WHERE id = mem.id;
    PERFORM naive.current_add(mem.branch, 'PROBATIONARY', false, -1);
    PERFORM naive.current_add(mem.branch, 'OFFICIAL', false, 1);
    PERFORM naive.monthly_add(mem.branch, dt, 'confirmations', 1);
  ELSIF t = 'MemberLeft' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
    PERFORM naive.risk_add(ARRAY[mem.id], -1);
    UPDATE naive.member SET active = false, exempt = false WHERE id = mem.id;
    PERFORM naive.current_add(mem.branch, mem.status, mem.exempt, -1);
    PERFORM naive.monthly_add(mem.branch, dt,
      CASE e->>'reason' WHEN 'DECEASED' THEN 'deaths' WHEN 'REMOVED' THEN 'removals' ELSE 'expulsions' END, 1);
  ELSIF t IN ('MemberExempted', 'MemberExemptionEnded') THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
    IF t = 'MemberExempted' AND mem.exempt THEN RETURN 'MEMBER_ALREADY_EXEMPT'; END IF;
    IF t = 'MemberExemptionEnded' AND NOT mem.exempt THEN RETURN 'MEMBER_NOT_EXEMPT'; END IF;
    PERFORM naive.risk_add(ARRAY[mem.id], -1);
    UPDATE naive.member SET exempt = (t = 'MemberExempted') WHERE id = mem.id;
    PERFORM naive.risk_add(ARRAY[mem.id], 1);
    UPDATE reporting.branch_current SET members_exempted = members_exempted + CASE WHEN t = 'MemberExempted' THEN 1 ELSE -1 END,
      updated_at = now() WHERE branch_id = mem.branch;
  ELSIF t = 'MemberClassified' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
    SELECT * INTO old FROM naive.grade WHERE member = mem.id AND year = (e->>'year')::int;
    IF old.member IS NOT NULL THEN
      PERFORM naive.yearly_add(old.branch, old.year, 'graded_' || lower(old.grade), -1);
    END IF;
    INSERT INTO naive.grade VALUES (mem.id, (e->>'year')::int, e->>'grade', mem.branch)
      ON CONFLICT (member, year) DO UPDATE SET grade = excluded.grade, branch = excluded.branch;
    PERFORM naive.yearly_add(mem.branch, (e->>'year')::int, 'graded_' || lower(e->>'grade'), 1);
  ELSIF t = 'MemberTransferred' THEN
    SELECT * INTO mem FROM naive.member WHERE id = e->>'memberId';
    IF e->>'fromBranchId' IS NULL THEN
      IF mem.active THEN RETURN 'TRANSFER_IN_OF_ACTIVE_MEMBER'; END IF;
      mem := ROW(e->>'memberId', false, e->>'status', NULL, false);
    ELSE
      IF mem.active IS NOT TRUE THEN RETURN 'MEMBER_NOT_ACTIVE'; END IF;
      IF mem.branch <> e->>'fromBranchId' THEN RETURN 'TRANSFER_FROM_WRONG_BRANCH'; END IF;
    END IF;
    branch_to := e->>'toBranchId';
    IF branch_to IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reporting.branches WHERE branch_id = branch_to) THEN
      RETURN 'UNKNOWN_BRANCH';
    END IF;
    PERFORM naive.risk_add(ARRAY[mem.id], -1);
    IF mem.active THEN PERFORM naive.current_add(mem.branch, mem.status, mem.exempt, -1); END IF;
    IF branch_to IS NOT NULL THEN
      -- an exemption goes with the member to the new branch
      PERFORM naive.current_add(branch_to, mem.status, mem.exempt, 1);
      INSERT INTO naive.member VALUES (mem.id, true, mem.status, branch_to, mem.exempt)
        ON CONFLICT (id) DO UPDATE SET active = true, status = excluded.status, branch = excluded.branch, exempt = excluded.exempt;
    ELSE
      UPDATE naive.member SET active = false, exempt = false WHERE id = mem.id;
    END IF;
    PERFORM naive.risk_add(ARRAY[mem.id], 1);
    PERFORM naive.transfer_add(mem.branch, branch_to, dt);
  ELSIF t = 'MeetingRecorded' THEN
    IF NOT EXISTS (SELECT 1 FROM reporting.branches WHERE branch_id = e->>'branchId') THEN RETURN 'UNKNOWN_BRANCH'; END IF;
    SELECT * INTO mt FROM naive.meeting WHERE id = e->>'meetingId';
    IF mt.id IS NOT NULL AND mt.revision >= (e->>'revision')::int THEN RETURN NULL; END IF;
    absentees := coalesce(mt.absent, '{}') || ARRAY(SELECT jsonb_array_elements_text(e->'absentUnexcused'));
    PERFORM naive.risk_add(absentees, -1);
    IF mt.present_now THEN PERFORM naive.meeting_apply(mt, -1); END IF;
    mt := ROW(e->>'meetingId', (e->>'revision')::int, true, e->>'branchId', date_trunc('month', dt)::date,
      e->>'kind', (e->>'membersExpected')::int, (e->>'membersPresent')::int, (e->>'superiorAttended')::boolean,
      (e->>'selfCriticism')::boolean, (e->>'qualityScore')::int, ARRAY(SELECT jsonb_array_elements_text(e->'absentUnexcused')));
    INSERT INTO naive.meeting VALUES (mt.*) ON CONFLICT (id) DO UPDATE SET revision = excluded.revision,
      present_now = true, branch = excluded.branch, month = excluded.month, kind = excluded.kind, expected = excluded.expected,
      present = excluded.present, superior = excluded.superior, self_criticism = excluded.self_criticism, score = excluded.score,
      absent = excluded.absent;
    PERFORM naive.meeting_apply(mt, 1);
    PERFORM naive.risk_add(absentees, 1);
  ELSIF t = 'MeetingRetracted' THEN
    SELECT * INTO mt FROM naive.meeting WHERE id = e->>'meetingId';
    IF mt.id IS NOT NULL AND mt.revision >= (e->>'revision')::int THEN RETURN NULL; END IF;
    IF mt.present_now THEN
      PERFORM naive.risk_add(mt.absent, -1);
      PERFORM naive.meeting_apply(mt, -1);
      PERFORM naive.risk_add(mt.absent, 1);
    END IF;
    INSERT INTO naive.meeting (id, revision, present_now) VALUES (e->>'meetingId', (e->>'revision')::int, false)
      ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, present_now = false;
  ELSE
    RETURN 'UNKNOWN_TYPE';
  END IF;
  INSERT INTO naive.seen VALUES (e->>'eventId');
  RETURN NULL;
END $$;
