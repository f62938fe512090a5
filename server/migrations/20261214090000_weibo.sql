-- The government microblog hall (政务微博发布厅, issue 21): verified
-- accounts of units and of officials' posts, their teams, posts through the
-- one review flow, comments, likes, follows, questions on the working-day
-- clock, dormancy and the assessment index. The rules are app/src/weibo
-- (pure); the checks here are the last line of defence.

-- An account of a unit (a department, or a region's government through its
-- information office) or of an official's post (bound to the post: whoever
-- holds `department_post` acts as it, so it passes to the successor).
create table weibo_account (
    id              bigint generated always as identity primary key,
    -- The ActivityPub / WebFinger name (acct:handle@host) and the page's
    -- path (/weibo/@handle).
    handle          text not null unique check (handle ~ '^[a-z][a-z0-9_]{2,29}$'),
    -- As shown, e.g. 广州民政 (naming norms: app/src/weibo/naming.rs).
    name            text not null check (length(name) between 2 and 20),
    -- The name reduced for look-alike detection (no spaces or punctuation,
    -- homoglyphs folded): two live accounts never share it.
    name_key        text not null check (length(name_key) between 1 and 20),
    kind            text not null check (kind in ('institution', 'official')),
    department_id   bigint not null references department (id),
    region_code     integer not null references region (code),
    -- The city (or the province, 440000) the account belongs to: what a
    -- city's hall gathers (its own accounts and its counties').
    city_code       integer not null references region (code),
    -- An official's account: the post it is bound to and its capacity as
    -- shown (e.g. 广州市民政局局长).
    post_id         bigint references department_post (id),
    capacity        text check (length(capacity) between 2 and 40),
    bio             text not null default '' check (length(bio) <= 300),
    state           text not null default 'applied'
                    check (state in ('applied', 'flagged', 'verified', 'rejected', 'closed')),
    -- The verified account this name is confusable with (set when flagged)
    -- and how (app/src/weibo/lookalike.rs: Likeness code).
    lookalike_of    bigint references weibo_account (id),
    lookalike_how   text check (length(lookalike_how) <= 40),
    -- The scan of the approval letter (审批函), kept as the evidence.
    evidence_id     bigint references upload (id),
    applied_by      bigint not null references account (id),
    applied_at      timestamptz not null,
    idempotency_key uuid not null,
    -- The editor of the level above who verified or rejected it, when, why.
    decided_by      bigint references account (id),
    decided_at      timestamptz,
    reason          text check (length(reason) between 1 and 500),
    comments_closed boolean not null default false,
    pinned_post_id  bigint,
    -- Kept by the posts' publication (the dormancy job reads it).
    last_post_at    timestamptz,
    -- The daily dormancy job's finding: 14 days without a post (warning),
    -- 90 (clean-up list); overdue questions are counted apart.
    dormancy        text not null default 'active' check (dormancy in ('active', 'warning', 'cleanup')),
    dormancy_since  date,
    followers       integer not null default 0 check (followers >= 0),
    unique (applied_by, idempotency_key),
    check ((kind = 'official') = (post_id is not null and capacity is not null)),
    check ((state = 'flagged') <= (lookalike_of is not null)),
    check ((state in ('verified', 'rejected')) <= (decided_by is not null and decided_at is not null)),
    check ((state = 'rejected') <= (reason is not null)),
    check (lookalike_of is distinct from id)
);
-- One account per unit, one per official's post (closed and rejected ones
-- do not count).
create unique index weibo_account_unit_idx on weibo_account (department_id)
    where kind = 'institution' and state in ('applied', 'flagged', 'verified');
create unique index weibo_account_post_idx on weibo_account (post_id)
    where kind = 'official' and state in ('applied', 'flagged', 'verified');
create unique index weibo_account_name_key_idx on weibo_account (name_key)
    where state in ('applied', 'flagged', 'verified');
create index weibo_account_hall_idx on weibo_account (city_code, name) where state = 'verified';
create index weibo_account_queue_idx on weibo_account (state, applied_at) where state in ('applied', 'flagged');

-- The account's team: staff of its unit with roles. Editors write posts,
-- reviewers approve them (not their own), responders answer questions.
create table weibo_member (
    weibo_account_id bigint not null references weibo_account (id) on delete cascade,
    account_id       bigint not null references account (id) on delete cascade,
    role             text not null check (role in ('editor', 'reviewer', 'responder')),
    added_by         bigint not null references account (id),
    added_at         timestamptz not null,
    primary key (weibo_account_id, account_id, role)
);
create index weibo_member_account_idx on weibo_member (account_id, role);

-- The review flow serves microblog posts and question answers too; their
-- roles come from the account's team, not the department's publishing roles.
alter table review_item drop constraint review_item_subject_check;
alter table review_item add constraint review_item_subject_check
    check (subject in ('document', 'weibo_post', 'weibo_answer'));
alter table review_item add column weibo_account_id bigint references weibo_account (id);
alter table review_item add constraint review_item_weibo_check
    check ((subject in ('weibo_post', 'weibo_answer')) = (weibo_account_id is not null));
create index review_item_weibo_queue_idx on review_item (weibo_account_id, updated_at)
    where state = 'in_review' and weibo_account_id is not null;

create table weibo_post (
    id               bigint generated always as identity primary key,
    weibo_account_id bigint not null references weibo_account (id),
    review_id        bigint not null unique references review_item (id),
    -- Copied from the account for the halls' timelines.
    city_code        integer not null references region (code),
    body             text not null check (length(body) between 1 and 2000),
    -- A repost of another account's post, with this post's body as comment.
    repost_of        bigint references weibo_post (id),
    -- A card: a service item, a document, or a public letter, by its code
    -- (item code, index number, letter number).
    card_kind        text check (card_kind in ('service', 'document', 'letter')),
    card_ref         text check (length(card_ref) between 1 and 40),
    -- 辟谣: the claim it refutes.
    refutes          text check (length(refutes) between 1 and 200),
    -- True from publication to withdrawal (kept with the review item's
    -- state in the same transaction): nothing else is ever shown.
    public           boolean not null default false,
    published_at     timestamptz,
    reposts          integer not null default 0 check (reposts >= 0),
    likes            integer not null default 0 check (likes >= 0),
    comments         integer not null default 0 check (comments >= 0),
    created_at       timestamptz not null,
    check ((card_kind is null) = (card_ref is null)),
    check (public <= (published_at is not null)),
    check (repost_of is distinct from id)
);
-- The province's hall, a city's hall, an account's page, the refutations.
create index weibo_post_all_idx on weibo_post (published_at desc, id desc) where public;
create index weibo_post_city_idx on weibo_post (city_code, published_at desc, id desc) where public;
create index weibo_post_account_idx on weibo_post (weibo_account_id, published_at desc, id desc) where public;
create index weibo_post_refutes_idx on weibo_post (published_at desc, id desc)
    where public and refutes is not null;
create index weibo_post_repost_idx on weibo_post (repost_of) where repost_of is not null;
alter table weibo_account add constraint weibo_account_pinned_fk
    foreign key (pinned_post_id) references weibo_post (id);

create table weibo_post_image (
    post_id   bigint not null references weibo_post (id) on delete cascade,
    position  smallint not null check (position between 0 and 8),
    upload_id bigint not null references upload (id),
    alt       text not null default '' check (length(alt) <= 200),
    primary key (post_id, position)
);

-- Citizens' comments (signed in); an account's moderators (its reviewers)
-- hide one with the reason, which stays on record.
create table weibo_comment (
    id          bigint generated always as identity primary key,
    post_id     bigint not null references weibo_post (id),
    author_id   bigint not null references account (id),
    body        text not null check (length(body) between 1 and 500),
    created_at  timestamptz not null,
    idempotency_key uuid not null,
    hidden_by   bigint references account (id),
    hidden_at   timestamptz,
    hidden_reason text check (length(hidden_reason) between 1 and 200),
    unique (author_id, idempotency_key),
    check ((hidden_by is null) = (hidden_reason is null) and (hidden_by is null) = (hidden_at is null))
);
create index weibo_comment_post_idx on weibo_comment (post_id, id);

create table weibo_like (
    post_id    bigint not null references weibo_post (id),
    account_id bigint not null references account (id),
    at         timestamptz not null,
    primary key (post_id, account_id)
);

create table weibo_follow (
    account_id       bigint not null references account (id) on delete cascade,
    weibo_account_id bigint not null references weibo_account (id),
    at               timestamptz not null,
    primary key (account_id, weibo_account_id)
);
create index weibo_follow_account_idx on weibo_follow (weibo_account_id);

-- A citizen's question to an account, with an owner in its team and the
-- reply deadline on the working-day clock (app/src/weibo/question.rs). The
-- answer goes through the review flow (subject 'weibo_answer'): it is
-- public, and counts as given, once a reviewer approved it.
create table weibo_question (
    id               bigint generated always as identity primary key,
    question_no      text not null unique check (question_no ~ '^WB[0-9]{14}$'),
    weibo_account_id bigint not null references weibo_account (id),
    asker_id         bigint not null references account (id),
    idempotency_key  uuid not null,
    kind             text not null check (kind in ('enquiry', 'suggestion', 'complaint', 'complex')),
    body             text not null check (length(body) between 1 and 1000),
    -- Asked by @-mentioning the account in a comment on this post.
    via_post_id      bigint references weibo_post (id),
    state            text not null default 'open'
                     check (state in ('open', 'acknowledged', 'answering', 'answered', 'converted')),
    owner_id         bigint references account (id),
    asked_at         timestamptz not null,
    asked_on         date not null,
    acknowledge_by   date not null,
    acknowledged_at  timestamptz,
    due_on           date not null,
    answer           text check (length(answer) between 1 and 2000),
    answer_review_id bigint unique references review_item (id),
    answered_at      timestamptz,
    answered_on_time boolean,
    -- A reader's verdict on the answer (认同度).
    helpful          boolean,
    -- Became a letter work order (the interaction channel), with the link.
    letter_id        bigint unique references letter (id),
    unique (asker_id, idempotency_key),
    check (acknowledge_by <= due_on),
    check ((state = 'converted') = (letter_id is not null)),
    check ((state = 'answered') <= (answered_at is not null and answered_on_time is not null))
);
create sequence weibo_question_no_seq;
create index weibo_question_account_idx on weibo_question (weibo_account_id, asked_at desc);
create index weibo_question_due_idx on weibo_question (due_on, id) where state in ('open', 'acknowledged', 'answering');
create index weibo_question_asker_idx on weibo_question (asker_id, asked_at desc);

-- The deadline monitor's questions scan: once per question, level and
-- deadline.
create table weibo_question_alert (
    id          bigint generated always as identity primary key,
    question_id bigint not null references weibo_question (id) on delete cascade,
    level       text not null check (level in ('yellow', 'red')),
    due_on      date not null,
    raised_on   date not null,
    unique (question_id, level, due_on)
);

select add_notification_kinds(array[
    'weibo_account_verified', 'weibo_account_rejected', 'weibo_question_asked',
    'weibo_question_answered', 'weibo_question_due_soon', 'weibo_question_overdue',
    'weibo_question_converted']);
