-- A notification's step and department names are one object each, as the
-- hall reads every bilingual text: {"step": {"zh": …, "en": …}} instead of
-- "step_zh" and "step_en" (app/src/notifications, `Params`).
update notification
set params = (params - 'step_zh' - 'step_en' - 'department_zh' - 'department_en')
    || jsonb_build_object(
        'step', jsonb_build_object('zh', params ->> 'step_zh', 'en', params ->> 'step_en'),
        'department', jsonb_build_object('zh', params ->> 'department_zh',
                                         'en', params ->> 'department_en'))
where params ? 'step_zh';
