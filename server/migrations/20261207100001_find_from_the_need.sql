-- Finding from the need (issue 17): one result per item across regions,
-- synonyms, and the bundles (一件事) among the results.
--
-- `service_search.template_key`: the item's key (`service_item.template_key`),
-- the same for the item in every region, so that a search groups the copies
-- of one service into one result (with a choice of the place of handling,
-- 办理地). Filled here; `index_item` keeps it (app/src/catalog/store.rs).
alter table service_search add column template_key text not null default '';
alter table service_search alter column template_key set storage plain;
update service_search s set template_key = i.template_key
from service_item i where i.id = s.item_id;
create index service_search_key_idx on service_search (template_key);
-- The places of a page's services are read by key.
create index service_item_template_key_idx on service_item (template_key);

-- The synonym list (server/seed/catalog/synonyms.json, loaded at each
-- start): a colloquial word (生孩子) and the catalog's word it means
-- (出生). Typing the colloquial word also searches for the catalog's word.
create table search_synonym (
    word      text primary key check (length(trim(word)) > 0),
    canonical text not null check (length(trim(canonical)) > 0),
    check (word <> canonical)
);

-- A server keeps the synonyms and the bundles in memory under the
-- catalog's version: a change to either bumps it.
create trigger search_synonym_catalog_version
    after insert or update or delete or truncate on search_synonym
    for each statement execute function catalog_changed();
create trigger bundle_catalog_version
    after insert or update or delete or truncate on bundle
    for each statement execute function catalog_changed();
create trigger bundle_item_catalog_version
    after insert or update or delete or truncate on bundle_item
    for each statement execute function catalog_changed();
