-- The review flow tells an item's author when it is returned, published or
-- withdrawn (issue 20, documents).
select add_notification_kinds(array['review_returned', 'review_published', 'review_withdrawn']);
