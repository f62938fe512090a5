-- Issue 17 (forms and materials).

-- What a bundle (一件事) already knows of its form's answers: questions
-- answered the same way for every application (the newborn is insured as
-- a newborn), answered by another question (the person applied for is the
-- child) or issued by the bundle itself (the birth certificate's number).
-- See app::applications::form::Given.
alter table bundle add column form_given jsonb not null default '{}'::jsonb
    check (jsonb_typeof(form_given) = 'object');

-- A material that the online form itself is (a 登记表 filled in online) is
-- not uploaded; a sample (样表) shows what a good one looks like.
alter table service_material add column filled_online boolean not null default false;
alter table service_material add column sample_url text
    check (sample_url ~ '^/[a-z0-9/_.-]{1,200}$');

-- Each file of a case is the scan of one material of the service (its key,
-- `<item code>-m<position>`, and its name as the applicant saw it); files
-- attached before this (and supplements) have none.
alter table case_material add column material_key text
    check (material_key ~ '^[0-9]{6}-[A-Z]{2,8}-[0-9]{4}-m[0-9]{1,3}$');
alter table case_material add column material_zh text check (length(material_zh) between 1 and 200);
alter table case_material add column material_en text check (length(material_en) between 1 and 200);
alter table case_material add constraint case_material_label_whole
    check ((material_key is null) = (material_zh is null) and (material_zh is null) = (material_en is null));

-- The scans already chosen for a draft, by material: [{"id", "material"}].
alter table application_draft add column uploads jsonb not null default '[]'::jsonb
    check (jsonb_typeof(uploads) = 'array');
