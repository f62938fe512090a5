-- Requests for information (issue 20): the office is told of a new
-- request; the applicant of a supplement asked, an extension approved, the
-- answer, a lapse.
select add_notification_kinds(array['information_request_received', 'information_request_supplement', 'information_request_extended', 'information_request_answered', 'information_request_lapsed']);
