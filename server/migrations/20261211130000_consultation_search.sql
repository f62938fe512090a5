-- Every answered public consultation, searchable (/consultations, issue
-- 19), not only per item or department. `terms` holds the catalog's index
-- terms (app/src/catalog/search.rs: each Chinese character and pair of
-- neighbouring characters, every prefix of a word) of the question and its
-- answer. They are written when the question is answered, and at start for
-- answered rows without them (older data, the demo's).
alter table consultation add column terms tsvector;

create index consultation_terms_idx on consultation using gin (terms)
    where public and answered_at is not null;
-- The whole public list, newest answer first.
create index consultation_public_idx on consultation (answered_at desc, id desc)
    where public and answered_at is not null;
-- Answered rows still to index (normally none).
create index consultation_unindexed_idx on consultation (id)
    where answered_at is not null and terms is null;
