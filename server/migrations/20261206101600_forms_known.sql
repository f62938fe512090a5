-- Forms that know you (issue 16): the fields about the applicant say which
-- fact of the applicant's account they ask (`known`, see
-- app/src/applications/form.rs `Known`), so the account fills them in.
-- Forms stored before this carry the same keys as the demo catalog's
-- defaults (server/seed/catalog/forms.json); a key counts only with the kind
-- the fact fits.
with known(key, kind, fact) as (
    values ('applicant_name', 'person_name', 'name'),
           ('applicant_id_number', 'id_number', 'id_number'),
           ('applicant_mobile', 'mobile', 'mobile'),
           ('enterprise_name', 'text', 'enterprise_name'),
           ('enterprise_credit_code', 'credit_code', 'credit_code'),
           ('legal_representative', 'person_name', 'legal_representative'),
           ('applicant_org_name', 'text', 'enterprise_name'),
           ('applicant_org_credit_code', 'credit_code', 'credit_code')
)
update service_form f
set fields = (
    select jsonb_agg(
               case when k.fact is null or e.value ? 'known' then e.value
                    else e.value || jsonb_build_object('known', k.fact) end
               order by e.ord)
    from jsonb_array_elements(f.fields) with ordinality as e(value, ord)
    left join known k on k.key = e.value ->> 'key' and k.kind = e.value ->> 'kind'
)
where jsonb_array_length(f.fields) > 0;
