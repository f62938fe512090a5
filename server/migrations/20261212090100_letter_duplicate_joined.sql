-- A centre merge tells both writers (issue 19): the writer of the letter
-- merged into is told that a letter on the same matter now follows theirs.
select add_notification_kinds(array['letter_duplicate_joined']);
