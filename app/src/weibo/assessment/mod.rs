//! The assessment index of government microblogs (政务微博评估指数, issue
//! 21): per account, over the last 90 days, four components each 0–100 —
//! 传播力 reach, 服务力 service, 互动力 interaction, 认同度 recognition —
//! and their weighted sum, ranked within a region like the ratings boards.
//!
//! Fair to small accounts: no raw count enters a score. Per-post figures
//! are log-scaled and normalised against the best account of the region;
//! every rate and share is first pulled towards the region's mean by a
//! Bayesian average ((n × own + k × mean) / (n + k), the idea of the
//! ratings' fair ranking, `crate::ratings::Tally::score`, whose function is
//! for stars only), so an account with two lucky posts does not outrank a
//! steady one with two hundred, and a small account is not crushed by a
//! big one's counts. Closed comments score 0 on the half of interaction
//! that open comments earn. The weights and the formula are one definition
//! ([`WEIGHTS`], [`formula`]), shown on `/weibo/index` and returned by
//! `GET /api/v1/weibo/index`. Pure here; `store` reads the figures.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::i18n::{Bilingual, Lang};
use serde::{Deserialize, Serialize};

/// The window the index looks at, in days.
pub const WINDOW_DAYS: i64 = 90;
/// Imaginary posts of the region's mean behind every per-post figure.
pub const PRIOR_POSTS: f64 = 20.0;
/// Imaginary questions (or comments, or votes) of the region's mean behind
/// every share.
pub const PRIOR_ANSWERS: f64 = 10.0;

/// The weights of the four components (summing to 1).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboIndexWeights))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    pub reach: f64,
    pub service: f64,
    pub interaction: f64,
    pub recognition: f64,
}

/// 传播力 30 %, 服务力 30 %, 互动力 20 %, 认同度 20 %.
pub const WEIGHTS: Weights = Weights {
    reach: 0.3,
    service: 0.3,
    interaction: 0.2,
    recognition: 0.2,
};

/// An account's figures over the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Activity {
    pub followers: u64,
    /// Posts published in the window.
    pub posts: u64,
    /// Of them, posts linking a service item or a document (a card).
    pub linked_posts: u64,
    /// Reposts, likes and comments their posts received.
    pub reposts: u64,
    pub likes: u64,
    pub comments: u64,
    /// Of the comments, those its team replied to (a team member's comment
    /// under the post).
    pub comments_replied: u64,
    /// Questions asked in the window (converted ones left out), answered,
    /// answered on time.
    pub questions: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    /// Askers' verdicts on answers: given, helpful.
    pub votes: u64,
    pub helpful: u64,
    pub comments_open: bool,
}

/// The four components, each 0–100.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboIndexComponents))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Components {
    /// 传播力: followers and reposts per post.
    pub reach: f64,
    /// 服务力: questions answered on time, posts linking services or documents.
    pub service: f64,
    /// 互动力: questions and comments replied to; comments open.
    pub interaction: f64,
    /// 认同度: likes per post, helpful answers.
    pub recognition: f64,
}

impl Components {
    /// The weighted sum, 0–100.
    pub fn score(&self, w: &Weights) -> f64 {
        w.reach * self.reach
            + w.service * self.service
            + w.interaction * self.interaction
            + w.recognition * self.recognition
    }
}

/// The Bayesian average of `sum` over `n` with `k` imaginary ones at
/// `prior`.
pub fn shrink(sum: f64, n: f64, prior: f64, k: f64) -> f64 {
    (sum + k * prior) / (n + k)
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn mean(values: impl Iterator<Item = f64>, otherwise: f64) -> f64 {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        otherwise
    } else {
        sum / f64::from(n)
    }
}

/// Log-scaled against the region's best: 100 × ln(1 + x) / ln(1 + max).
fn against_best(x: f64, best: f64) -> f64 {
    if best <= 0.0 {
        0.0
    } else {
        (100.0 * (1.0 + x.max(0.0)).ln() / (1.0 + best).ln()).clamp(0.0, 100.0)
    }
}

/// The region's means that shares and per-post figures are pulled towards
/// (the plain mean over the accounts that have any: each account counts
/// once, so one big account does not set the prior).
struct Priors {
    reposts: f64,
    likes: f64,
    comments: f64,
    linked: f64,
    on_time: f64,
    replied: f64,
    helpful: f64,
}

fn priors(all: &[Activity]) -> Priors {
    let per_post =
        |f: fn(&Activity) -> u64| mean(all.iter().filter_map(|a| ratio(f(a), a.posts)), 0.0);
    Priors {
        reposts: per_post(|a| a.reposts),
        likes: per_post(|a| a.likes),
        comments: mean(
            all.iter()
                .filter(|a| a.comments_open)
                .filter_map(|a| ratio(a.comments, a.posts)),
            0.0,
        ),
        linked: per_post(|a| a.linked_posts),
        on_time: mean(
            all.iter()
                .filter_map(|a| ratio(a.answered_on_time, a.questions)),
            0.5,
        ),
        replied: mean(
            all.iter()
                .filter_map(|a| ratio(a.answered + a.comments_replied, a.questions + a.comments)),
            0.5,
        ),
        helpful: mean(all.iter().filter_map(|a| ratio(a.helpful, a.votes)), 0.5),
    }
}

/// The components of every account of a region (in the order given).
pub fn assess(all: &[Activity]) -> Vec<Components> {
    let p = priors(all);
    let posts = |a: &Activity| a.posts as f64;
    let per_post =
        |a: &Activity, sum: u64, prior: f64| shrink(sum as f64, posts(a), prior, PRIOR_POSTS);
    let share =
        |part: u64, whole: u64, prior: f64| shrink(part as f64, whole as f64, prior, PRIOR_ANSWERS);
    struct Raw {
        followers: f64,
        reposts: f64,
        likes: f64,
        comments: f64,
    }
    let raw: Vec<Raw> = all
        .iter()
        .map(|a| Raw {
            followers: a.followers as f64,
            reposts: per_post(a, a.reposts, p.reposts),
            likes: per_post(a, a.likes, p.likes),
            comments: if a.comments_open {
                per_post(a, a.comments, p.comments)
            } else {
                0.0
            },
        })
        .collect();
    let best = |f: fn(&Raw) -> f64| raw.iter().map(f).fold(0.0, f64::max);
    let (bf, br, bl, bc) = (
        best(|r| r.followers),
        best(|r| r.reposts),
        best(|r| r.likes),
        best(|r| r.comments),
    );
    all.iter()
        .zip(&raw)
        .map(|(a, r)| {
            let linked = per_post(a, a.linked_posts, p.linked).min(1.0);
            let on_time = share(a.answered_on_time, a.questions, p.on_time);
            let replied = share(
                a.answered + a.comments_replied,
                a.questions + a.comments,
                p.replied,
            );
            let helpful = share(a.helpful, a.votes, p.helpful);
            let round = |x: f64| (x.clamp(0.0, 100.0) * 10.0).round() / 10.0;
            Components {
                reach: round(
                    0.5 * against_best(r.followers, bf) + 0.5 * against_best(r.reposts, br),
                ),
                service: round(50.0 * on_time + 50.0 * linked),
                interaction: round(
                    50.0 * replied
                        + if a.comments_open {
                            0.5 * against_best(r.comments, bc)
                        } else {
                            0.0
                        },
                ),
                recognition: round(0.5 * against_best(r.likes, bl) + 50.0 * helpful),
            }
        })
        .collect()
}

/// One line of the index's table.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboIndexLine))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// 1 for the best score.
    pub rank: u32,
    pub account: crate::weibo::view::AccountName,
    pub components: Components,
    /// The weighted sum, 0–100 (one decimal).
    pub score: f64,
    /// The figures behind it: posts and questions in the window.
    pub posts: u64,
    pub questions: u64,
    pub comments_open: bool,
}

/// Ranks lines by score (best first; ties by more posts, then by handle).
pub fn rank(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.posts.cmp(&a.posts))
            .then(a.account.handle.cmp(&b.account.handle))
    });
    for (i, l) in lines.iter_mut().enumerate() {
        l.rank = i as u32 + 1;
    }
    lines
}

/// The whole index of a region: the lines ranked, the formula and weights.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboIndex))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub region: i32,
    pub region_name: Bilingual,
    /// The window's first and last day (YYYY-MM-DD).
    pub from: String,
    pub to: String,
    pub weights: Weights,
    /// The formula as text, in both languages.
    pub formula: Bilingual,
    pub lines: Vec<Line>,
}

/// An account on the supervisor's watch list: dormant (its finding and
/// since when) and/or with questions overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watched {
    pub account: crate::weibo::view::AccountName,
    pub dormancy: crate::weibo::dormancy::Dormancy,
    /// YYYY-MM-DD.
    pub since: Option<String>,
    /// The last post's day, none for an account that never posted.
    pub last_post_on: Option<String>,
    pub overdue_questions: i64,
}

/// The microblog section of the supervisor's dashboard: the region's
/// dormant accounts, those on the clean-up list and those with overdue
/// questions, with their counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watchlist {
    pub warning: i64,
    pub cleanup: i64,
    /// Accounts with at least one overdue question, and the questions.
    pub with_overdue: i64,
    pub overdue_questions: i64,
    pub accounts: Vec<Watched>,
}

/// Whether the account of `region_code` in `city_code` belongs to
/// `region` (the province holds all its cities; a city its own accounts
/// and its counties').
pub fn in_region(region: i32, region_code: i32, city_code: i32) -> bool {
    if region % 10000 == 0 {
        region_code / 10000 == region / 10000
    } else {
        region_code == region || city_code == region
    }
}

/// The formula, as published.
pub fn formula(lang: Lang) -> String {
    let w = WEIGHTS;
    let pct = |x: f64| (x * 100.0).round() as u32;
    match lang {
        Lang::Zh => format!(
            "指数 = {}%×传播力 + {}%×服务力 + {}%×互动力 + {}%×认同度（各 0–100，近 {WINDOW_DAYS} 天）。\
             传播力 = ½·粉丝数 + ½·每条博文转发数；服务力 = 50×按时答复率 + 50×链接办事或文件的博文占比；\
             互动力 = 50×提问和评论回复率 + ½·每条博文评论数（关闭评论记 0）；认同度 = ½·每条博文点赞数 + 50×答复有用率。\
             数量项取 ln(1+x) 并以本地区最高者为 100；每条博文的数值按 (n×本号 + {}×地区均值)/(n+{}) 向地区均值收缩，\
             各比率按 (n×本号 + {}×地区均值)/(n+{}) 收缩，博文或提问少的账号既不因一两条博文走运而排前，也不因总量小而被压低。",
            pct(w.reach),
            pct(w.service),
            pct(w.interaction),
            pct(w.recognition),
            PRIOR_POSTS,
            PRIOR_POSTS,
            PRIOR_ANSWERS,
            PRIOR_ANSWERS,
        ),
        Lang::En => format!(
            "Index = {}% reach + {}% service + {}% interaction + {}% recognition (each 0–100, last {WINDOW_DAYS} days). \
             Reach = ½ followers + ½ reposts per post; service = 50 × share of questions answered on time + 50 × share of posts linking a service or document; \
             interaction = 50 × share of questions and comments replied to + ½ comments per post (0 when comments are closed); recognition = ½ likes per post + 50 × share of answers found helpful. \
             Counts are taken as ln(1+x) with the region's best at 100; per-post figures are pulled towards the region's mean as (n × own + {} × mean)/(n + {}), \
             shares as (n × own + {} × mean)/(n + {}), so an account with few posts or questions is neither lifted by one lucky post nor crushed by raw counts.",
            pct(w.reach),
            pct(w.service),
            pct(w.interaction),
            pct(w.recognition),
            PRIOR_POSTS,
            PRIOR_POSTS,
            PRIOR_ANSWERS,
            PRIOR_ANSWERS,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steady(posts: u64, per_post_likes: u64) -> Activity {
        Activity {
            followers: 1000,
            posts,
            linked_posts: posts / 2,
            reposts: posts * 3,
            likes: posts * per_post_likes,
            comments: posts * 2,
            comments_replied: posts,
            questions: 10,
            answered: 5,
            answered_on_time: 5,
            votes: 6,
            helpful: 4,
            comments_open: true,
        }
    }

    fn score(c: &Components) -> f64 {
        c.score(&WEIGHTS)
    }

    #[test]
    fn every_component_is_between_0_and_100_and_the_best_count_is_100() {
        let mut big = steady(200, 40);
        big.followers = 1_000_000;
        let all = [big, steady(10, 2), Activity::default()];
        let out = assess(&all);
        for c in &out {
            for x in [c.reach, c.service, c.interaction, c.recognition, score(c)] {
                assert!((0.0..=100.0).contains(&x), "{c:?}");
            }
        }
        // An account with nothing: no followers, no posts: little reach.
        assert!(out[2].reach < out[1].reach);
        assert!(
            (WEIGHTS.reach + WEIGHTS.service + WEIGHTS.interaction + WEIGHTS.recognition - 1.0)
                .abs()
                < 1e-9
        );
        // Log-scaled, not raw: a thousandth of the followers is not a
        // thousandth of the score.
        let mut small = steady(200, 40);
        small.followers = 1_000;
        let two = assess(&[big, small]);
        assert!(two[1].reach > 40.0, "{:?}", two[1]);
    }

    #[test]
    fn two_lucky_posts_do_not_outrank_a_steady_two_hundred() {
        let mut lucky = steady(2, 60);
        lucky.reposts = 2 * 6;
        let mut steady200 = steady(200, 40);
        steady200.reposts = 200 * 4;
        let mut small = [steady(50, 5), steady(30, 2)];
        for a in &mut small {
            a.reposts = a.posts;
        }
        let region = [lucky, steady200, small[0], small[1]];
        let out = assess(&region);
        assert!(out[1].recognition > out[0].recognition, "{out:?}");
        assert!(score(&out[1]) > score(&out[0]), "{out:?}");
        // Without shrinkage the lucky one would have led on likes per post.
        assert!(lucky.likes * steady200.posts > steady200.likes * lucky.posts);
    }

    #[test]
    fn closed_comments_cost_half_of_interaction() {
        let open = steady(50, 10);
        let mut closed = open;
        closed.comments_open = false;
        let out = assess(&[open, closed, steady(20, 3)]);
        assert!(out[1].interaction < out[0].interaction, "{out:?}");
        assert!(out[1].interaction <= 50.0);
        assert!(score(&out[1]) < score(&out[0]));
    }

    #[test]
    fn more_of_a_good_thing_never_lowers_a_component() {
        let others = [steady(40, 8), steady(15, 3)];
        let base = steady(30, 10);
        let with = |a: Activity| {
            let mut all = vec![a];
            all.extend(others);
            assess(&all)[0]
        };
        let b = with(base);
        let mut more = base;
        more.answered_on_time += 1;
        more.answered += 1;
        assert!(with(more).service >= b.service);
        assert!(with(more).interaction >= b.interaction);
        let mut more = base;
        more.likes += 100;
        assert!(with(more).recognition >= b.recognition);
        let mut more = base;
        more.helpful += 1;
        assert!(with(more).recognition >= b.recognition);
        let mut more = base;
        more.followers += 500;
        more.reposts += 50;
        assert!(with(more).reach >= b.reach);
        let mut more = base;
        more.linked_posts += 5;
        assert!(with(more).service >= b.service);
    }

    #[test]
    fn a_province_holds_its_cities_and_a_city_its_counties() {
        assert!(in_region(440000, 440103, 440100));
        assert!(in_region(440100, 440103, 440100));
        assert!(in_region(440100, 440100, 440100));
        assert!(!in_region(440100, 440303, 440300));
        assert!(!in_region(440000, 450100, 450100));
    }

    #[test]
    fn shrinkage_is_a_bayesian_average() {
        assert_eq!(shrink(0.0, 0.0, 0.7, 10.0), 0.7);
        assert!((shrink(1000.0, 1000.0, 0.0, 10.0) - 1000.0 / 1010.0).abs() < 1e-12);
    }

    #[test]
    fn ranks_by_score_and_the_formula_names_the_weights() {
        let name = |h: &str| crate::weibo::view::AccountName {
            handle: h.into(),
            name: h.into(),
            kind: crate::weibo::view::AccountKind::Institution,
            capacity: None,
            verified: true,
        };
        let line = |h: &str, score: f64, posts: u64| Line {
            rank: 0,
            account: name(h),
            components: Components::default(),
            score,
            posts,
            questions: 0,
            comments_open: true,
        };
        let r = rank(vec![
            line("b", 50.0, 1),
            line("a", 70.0, 1),
            line("c", 50.0, 9),
        ]);
        let order: Vec<_> = r
            .iter()
            .map(|l| (l.account.handle.as_str(), l.rank))
            .collect();
        assert_eq!(order, vec![("a", 1), ("c", 2), ("b", 3)]);
        assert!(formula(Lang::Zh).contains("30%×传播力"));
        assert!(formula(Lang::En).contains("30% reach"));
    }
}
