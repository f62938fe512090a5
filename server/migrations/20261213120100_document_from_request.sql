-- One proactive document per request for information (依申请公开转主动公开).
create unique index document_from_request_idx on document (from_request_id)
    where from_request_id is not null;
