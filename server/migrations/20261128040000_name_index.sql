-- Which matches have the words in their names: answered by an index too,
-- instead of reading every match's name terms.
create index service_item_name_idx on service_item using gin (name_terms);
