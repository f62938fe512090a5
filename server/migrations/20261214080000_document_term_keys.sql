-- The documents' search reads 4-byte keys, not texts (issue 20's
-- benchmark): each term of `app::disclosure::documents::terms` is kept as
-- its 32-bit FNV-1a hash (`term_keys`). A row's keys stay inline and
-- uncompressed (about 1 KB), so a common word read newest first checks
-- each row without decompressing a text array, and the GIN index is
-- smaller. Published documents of an existing database get their keys at
-- start (`documents::store::index_unkeyed`).
drop index document_terms_idx;
alter table document drop column terms;
alter table document add column term_keys integer[] not null default '{}';
create index document_term_keys_idx on document using gin (term_keys) where published_on is not null;
