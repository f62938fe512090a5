-- Drafts are created idempotently (issue 20, documents): the key the
-- editor's form or API client sent, once per author.
alter table review_item add column idempotency_key uuid;
create unique index review_item_idempotency_idx on review_item (author_id, idempotency_key)
    where idempotency_key is not null;
-- A department's own items, newest first (the staff list).
create index review_item_department_idx on review_item (department_id, updated_at desc);
