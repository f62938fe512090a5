-- A withdrawn document leaves the search: its keys are taken off (and so
-- out of `document_term_count`) when it is withdrawn and given again when
-- it is published again (`documents::store::take_step`). Then a rare
-- query reads only its matches' ids and dates from the search index, with
-- no review state to look up for each. Those withdrawn before this:
update document d set term_keys = '{}'
from review_item r
where r.id = d.review_id and r.state <> 'published' and cardinality(d.term_keys) > 0;
