//! Microblog posts (issue 21): drafts by an account's editors, published
//! only through the one review flow (先审后发, `crate::review`) by a
//! reviewer of the team who did not write them; up to nine images with
//! their alt text, one card (a service item, a disclosure document or a
//! public letter), a repost of another account's public post with comment,
//! a refutation (辟谣) with the claim it refutes, pins; comments by
//! signed-in people (hidden by the account's reviewers with a reason),
//! likes.
//!
//! Pure here: the draft's rules, the views, the timeline's keyset cursor.
//! SQL in [`store`]; staff pages in [`pages`].

#[cfg(feature = "ssr")]
pub mod store;

pub mod pages;

use crate::{
    i18n::{Bilingual, Lang, Msg},
    review::{self, view::EventView},
    text::{TextProblem, TextRule},
    weibo::view::AccountName,
};
use serde::{Deserialize, Serialize};

/// A post's text: 1–2,000 characters, several lines.
pub const BODY_RULE: TextRule = TextRule::lines(2000);
/// An image's alt text (optional): one line of at most 200 characters.
pub const ALT_RULE: TextRule = TextRule::line(200);
/// The claim a refutation refutes.
pub const REFUTES_RULE: TextRule = TextRule::line(200);
/// A comment: 1–500 characters.
pub const COMMENT_RULE: TextRule = TextRule::lines(500);
/// Why a comment is hidden.
pub const HIDE_RULE: TextRule = TextRule::line(200);
/// Images a post carries at most.
pub const MAX_IMAGES: usize = 9;
/// Posts on a timeline's page.
pub const PAGE_SIZE: i64 = 20;
/// Comments on a post's page.
pub const COMMENTS_PAGE: i64 = 50;
/// Comments one person may write in an hour (all posts).
pub const COMMENTS_PER_HOUR: i64 = 30;

/// What a card links to.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboCardKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// A service item, by its code (`440100-MZJ-0001`).
    Service,
    /// A published disclosure document, by its index number.
    Document,
    /// A public letter, by its number (`XJ…`).
    Letter,
}

impl CardKind {
    pub const ALL: [CardKind; 3] = [CardKind::Service, CardKind::Document, CardKind::Letter];

    pub fn code(self) -> &'static str {
        match self {
            CardKind::Service => "service",
            CardKind::Document => "document",
            CardKind::Letter => "letter",
        }
    }

    pub fn parse(code: &str) -> Option<CardKind> {
        CardKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn msg(self) -> Msg {
        match self {
            CardKind::Service => Msg::WbPostCardService,
            CardKind::Document => Msg::WbPostCardDocument,
            CardKind::Letter => Msg::WbPostCardLetter,
        }
    }

    /// The public page of the thing named `reference`.
    pub fn href(self, reference: &str) -> String {
        match self {
            CardKind::Service => format!("/services/{reference}"),
            CardKind::Document => format!("/disclosure/documents/{reference}"),
            CardKind::Letter => format!("/letters/{reference}"),
        }
    }
}

/// An image of a draft: an upload of the writer's (a JPEG or PNG) and
/// its alt text.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboImageInput))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInput {
    pub upload_id: i64,
    #[serde(default)]
    pub alt: String,
}

/// A draft as typed (the form or the API).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboPostDraft))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The account's handle (a new draft only; an edit keeps its account).
    #[serde(default)]
    pub account: String,
    pub body: String,
    /// At most nine, in order.
    #[serde(default)]
    pub images: Vec<ImageInput>,
    /// `service`, `document`, `letter`, or empty for no card.
    #[serde(default)]
    pub card_kind: String,
    /// The item code, index number or letter number.
    #[serde(default)]
    pub card_ref: String,
    /// The id of another account's public post this one reposts.
    #[serde(default)]
    pub repost_of: Option<i64>,
    /// A refutation (辟谣): the claim it refutes.
    #[serde(default)]
    pub refutes: String,
}

/// A draft that passed the rules (what exists is the store's to check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub body: String,
    pub images: Vec<(i64, String)>,
    pub card: Option<(CardKind, String)>,
    pub repost_of: Option<i64>,
    pub refutes: Option<String>,
}

/// Why a post, a comment or a change of them cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("the text: {text}")]
    Body { text: TextProblem },
    #[error("at most nine images")]
    TooManyImages,
    #[error("an image is not one of your JPEG or PNG uploads")]
    Image,
    #[error("an image's alt text: {text}")]
    Alt { text: TextProblem },
    #[error("choose what the card links to")]
    CardKind,
    #[error("no such public item, document or letter")]
    CardRef,
    #[error("only another account's public post can be reposted")]
    Repost,
    #[error("the claim refuted: {text}")]
    Refutes { text: TextProblem },
    #[error("no such verified account of yours")]
    Account,
    #[error("only a draft can be edited")]
    NotADraft,
    #[error("only a public post can be pinned")]
    NotPublic,
    #[error("the account has closed its comments")]
    CommentsClosed,
    #[error("the comment: {text}")]
    Comment { text: TextProblem },
    #[error("too many comments in an hour")]
    TooManyComments,
    #[error("the reason: {text}")]
    HideReason { text: TextProblem },
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::Body { .. } => Msg::WbPostBody,
            Problem::TooManyImages => Msg::WbPostProbImages,
            Problem::Image => Msg::WbPostProbImage,
            Problem::Alt { .. } => Msg::WbPostAlt,
            Problem::CardKind => Msg::WbPostProbCardKind,
            Problem::CardRef => Msg::WbPostProbCardRef,
            Problem::Repost => Msg::WbPostProbRepost,
            Problem::Refutes { .. } => Msg::WbPostRefutes,
            Problem::Account => Msg::WbPostProbAccount,
            Problem::NotADraft => Msg::WbPostProbNotADraft,
            Problem::NotPublic => Msg::WbPostProbNotPublic,
            Problem::CommentsClosed => Msg::WbPostProbCommentsClosed,
            Problem::Comment { .. } => Msg::WbPostComment,
            Problem::TooManyComments => Msg::WbPostProbTooManyComments,
            Problem::HideReason { .. } => Msg::WbPostHideReason,
        }
    }

    pub fn message(self, lang: Lang) -> String {
        match self {
            Problem::Body { text }
            | Problem::Alt { text }
            | Problem::Refutes { text }
            | Problem::Comment { text }
            | Problem::HideReason { text } => format!(
                "{}{}{}",
                lang.t(self.msg()),
                lang.t(Msg::Colon),
                text.message(lang)
            ),
            _ => lang.t(self.msg()).to_string(),
        }
    }

    /// 409 for what the state refuses (comments closed, not a draft, not
    /// public), 429 for too many comments, 422 for a field.
    pub fn status(self) -> u16 {
        match self {
            Problem::NotADraft | Problem::NotPublic | Problem::CommentsClosed => 409,
            Problem::TooManyComments => 429,
            Problem::Account => 403,
            _ => 422,
        }
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "weibo_post_refused",
            problem.status(),
            &problem,
            Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// The draft's rules: the text, at most nine images with their alt text,
/// a card of a known kind with its reference, the refuted claim.
pub fn check(d: &Draft) -> Result<Checked, Problem> {
    let body = BODY_RULE
        .parse(&d.body)
        .map_err(|text| Problem::Body { text })?
        .into_string();
    if d.images.len() > MAX_IMAGES {
        return Err(Problem::TooManyImages);
    }
    let mut images = Vec::with_capacity(d.images.len());
    for i in &d.images {
        if images.iter().any(|(id, _)| *id == i.upload_id) {
            return Err(Problem::Image);
        }
        let alt = ALT_RULE
            .parse_optional(&i.alt)
            .map_err(|text| Problem::Alt { text })?
            .map(|t| t.into_string())
            .unwrap_or_default();
        images.push((i.upload_id, alt));
    }
    let card_ref = d.card_ref.trim();
    let card = match (d.card_kind.trim(), card_ref) {
        ("", "") => None,
        ("", _) => return Err(Problem::CardKind),
        (_, "") => return Err(Problem::CardRef),
        (kind, r) => {
            let kind = CardKind::parse(kind).ok_or(Problem::CardKind)?;
            let well_formed = r.len() <= 40
                && r.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !well_formed {
                return Err(Problem::CardRef);
            }
            Some((kind, r.to_string()))
        }
    };
    let refutes = REFUTES_RULE
        .parse_optional(&d.refutes)
        .map_err(|text| Problem::Refutes { text })?
        .map(|t| t.into_string());
    Ok(Checked {
        body,
        images,
        card,
        repost_of: d.repost_of,
        refutes,
    })
}

/// Where a timeline's page starts: before this post (its publication time
/// in microseconds since the epoch, and its id), newest first. Written
/// `1765000000000000.42` in `before=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at_micros: i64,
    pub id: i64,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Cursor> {
        let (at, id) = text.split_once('.')?;
        let ok = |s: &str| !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit());
        if !ok(at) || !ok(id) {
            return None;
        }
        Some(Cursor {
            at_micros: at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.at_micros, self.id)
    }
}

/// A card as shown: what it links to, its title and page.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboCard))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub kind: CardKind,
    pub reference: String,
    /// The item's name, the document's title, the letter's subject (empty
    /// when it is no longer public).
    pub title: String,
    pub href: String,
}

/// An image as shown.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboImage))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub upload_id: i64,
    pub url: String,
    pub alt: String,
}

/// The post a repost quotes (only while it is public).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboReposted))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reposted {
    pub id: i64,
    pub account: AccountName,
    /// Its first 140 characters.
    pub excerpt: String,
    pub href: String,
}

/// A post as the public sees it (and its staff, before publication).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboPost))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub account: AccountName,
    pub body: String,
    pub images: Vec<Image>,
    pub card: Option<Card>,
    pub repost: Option<Reposted>,
    /// The id of the reposted post, whether or not it is public now.
    pub repost_of: Option<i64>,
    /// 辟谣: the claim refuted.
    pub refutes: Option<String>,
    pub public: bool,
    /// Local time `YYYY-MM-DD HH:MM`, empty before publication.
    pub published_at: String,
    /// RFC 3339, empty before publication.
    pub published: String,
    pub reposts: i32,
    pub likes: i32,
    pub comments: i32,
    pub pinned: bool,
    /// `/weibo/@{handle}/{id}`.
    pub href: String,
}

/// A page of a timeline, newest first; `next` is the `before=` of the next.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboTimeline))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub posts: Vec<PostView>,
    pub next: Option<String>,
}

/// A comment as shown: a hidden one shows who hid it (the account) and
/// why, not its text.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboComment))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    /// The writer's name, masked (张**).
    pub author: String,
    /// None when hidden.
    pub body: Option<String>,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    /// Local time `YYYY-MM-DD HH:MM`.
    pub at: String,
}

/// A post with its review, for its account's team.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboPostStaff))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub post: PostView,
    pub state: review::State,
    /// Who wrote it.
    pub author: String,
    /// Who approved it (the last publication), if anyone has.
    pub approver: Option<String>,
    pub reason: Option<String>,
    /// The review steps the viewer may take.
    pub offered: Vec<String>,
    pub may_edit: bool,
    /// A reviewer of the team: pins, hides comments, closes comments.
    pub may_moderate: bool,
    pub comments_closed: bool,
    /// The card as typed (kind, reference), for the edit form.
    pub card_kind: String,
    pub card_ref: String,
    pub log: Vec<EventView>,
    pub comment_list: Vec<CommentView>,
}

/// A row of the staff list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboPostRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: i64,
    pub excerpt: String,
    pub state: review::State,
    pub author: String,
    /// Local time of the last change.
    pub updated_at: String,
}

/// An account of the viewer's team with its posts.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboTeamAccount))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamAccount {
    pub account: AccountName,
    /// The viewer's roles (editor, reviewer, responder).
    pub roles: Vec<String>,
    pub comments_closed: bool,
    pub drafts: Vec<StaffRow>,
    pub in_review: Vec<StaffRow>,
    pub latest: Vec<StaffRow>,
}

/// A post's text as HTML paragraphs, escaped (the feeds and ActivityPub).
pub fn html_paragraphs(body: &str) -> String {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{}</p>", escape_html(l)))
        .collect()
}

/// Text escaped for HTML element content and attribute values.
/// The account a comment asks by naming it: the first `@handle` (or
/// full-width `＠handle`) not inside a word — so not an e-mail address —
/// whose name is a handle (a letter, then letters, digits or `_`, 3–30 in
/// all), lower-cased. Naming a verified account in a comment asks it a
/// question (`store::comment`).
pub fn mention(text: &str) -> Option<String> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts =
            (c == '@' || c == '＠') && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_');
        prev = Some(c);
        if !starts {
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let name: String = rest
            .chars()
            .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
            .collect();
        let handle = name.to_ascii_lowercase();
        let ok = (3..=30).contains(&handle.len())
            && handle.starts_with(|ch: char| ch.is_ascii_lowercase());
        if ok {
            return Some(handle);
        }
    }
    None
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first `n` characters of `text`, with … when cut.
pub fn excerpt(text: &str, n: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(n).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(body: &str) -> Draft {
        Draft {
            body: body.into(),
            ..Draft::default()
        }
    }

    #[test]
    fn a_post_takes_two_thousand_characters_and_no_more() {
        assert!(check(&draft(&"政".repeat(2000))).is_ok());
        assert_eq!(
            check(&draft(&"政".repeat(2001))),
            Err(Problem::Body {
                text: TextProblem::TooLong { max: 2000 }
            })
        );
        assert!(matches!(check(&draft("  ")), Err(Problem::Body { .. })));
    }

    #[test]
    fn nine_images_at_most_each_once() {
        let mut d = draft("图");
        d.images = (1..=9)
            .map(|i| ImageInput {
                upload_id: i,
                alt: "现场".into(),
            })
            .collect();
        assert_eq!(check(&d).unwrap().images.len(), 9);
        d.images.push(ImageInput {
            upload_id: 10,
            alt: String::new(),
        });
        assert_eq!(check(&d), Err(Problem::TooManyImages));
        d.images.truncate(2);
        d.images[1].upload_id = 1;
        assert_eq!(check(&d), Err(Problem::Image));
    }

    #[test]
    fn a_card_needs_its_kind_and_a_plain_reference() {
        let mut d = draft("卡片");
        d.card_kind = "service".into();
        d.card_ref = "440100-MZJ-0001".into();
        assert_eq!(
            check(&d).unwrap().card,
            Some((CardKind::Service, "440100-MZJ-0001".into()))
        );
        d.card_kind = "video".into();
        assert_eq!(check(&d), Err(Problem::CardKind));
        d.card_kind = "letter".into();
        d.card_ref = "XJ1<script>".into();
        assert_eq!(check(&d), Err(Problem::CardRef));
        d.card_kind = String::new();
        d.card_ref = "XJ1".into();
        assert_eq!(check(&d), Err(Problem::CardKind));
    }

    #[test]
    fn a_comment_names_an_account_by_its_handle() {
        assert_eq!(
            mention("@gz_minzheng 请问低保怎么申请？").as_deref(),
            Some("gz_minzheng")
        );
        assert_eq!(
            mention("请问＠GZ_Gongan，身份证补办要多久").as_deref(),
            Some("gz_gongan")
        );
        assert_eq!(
            mention("写信到 someone@gz_minzheng.example").as_deref(),
            None
        );
        assert_eq!(mention("@ab 太短，@9abc 以数字开头"), None);
        assert_eq!(
            mention("先@gz_fabu 再@gz_minzheng").as_deref(),
            Some("gz_fabu")
        );
        assert_eq!(mention("没有提到谁"), None);
        assert_eq!(mention("@"), None);
    }

    #[test]
    fn the_cursor_reads_back_what_it_writes_and_nothing_else() {
        let c = Cursor {
            at_micros: 1_765_000_000_123_456,
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        for bad in [
            "",
            "1",
            "1.",
            ".1",
            "-1.2",
            "1.2.3",
            "a.1",
            "99999999999999999999.1",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn html_is_escaped_a_paragraph_a_line() {
        assert_eq!(
            html_paragraphs("<b>通知</b>\n\n第二行 & \"引号\""),
            "<p>&lt;b&gt;通知&lt;/b&gt;</p><p>第二行 &amp; &quot;引号&quot;</p>"
        );
        assert_eq!(excerpt("一二三四", 2), "一二…");
        assert_eq!(excerpt("一二", 2), "一二");
    }

    #[test]
    fn closed_comments_are_a_conflict_and_fields_unprocessable() {
        assert_eq!(Problem::CommentsClosed.status(), 409);
        assert_eq!(Problem::NotADraft.status(), 409);
        assert_eq!(Problem::CardRef.status(), 422);
        assert_eq!(Problem::TooManyComments.status(), 429);
    }
}
