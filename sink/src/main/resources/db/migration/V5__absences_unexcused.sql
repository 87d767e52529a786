-- A new figure: unexcused absences per branch and month (the views add it up, R__reporting_views.sql).
ALTER TABLE reporting.branch_monthly ADD COLUMN absences_unexcused integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN reporting.branch_monthly.absences_unexcused IS
  'Unexcused absences listed by the month''s REGULAR meetings (one per member per meeting): how far members drift from party life.';
