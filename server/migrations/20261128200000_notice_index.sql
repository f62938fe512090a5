-- Tracking reads every supplement notice of a case (answered or not);
-- the partial index on open notices does not serve it.
create index supplement_notice_case_idx on supplement_notice (case_id, id);
