//! The demo microblog posts (issue 21): a few dozen posts of 广东发布,
//! 广州发布, 广州民政 and 广州公安 over the last weeks — one refutation
//! (辟谣) with its claim, a pinned post, posts with a service card and a
//! document card, a repost with comment — comments of `citizen.demo` (one
//! hidden by the account with its reason), likes, and `citizen.demo`
//! following three accounts. 广州人社 (`gz_renshe`) gets nothing: it is
//! the dormant one.
//!
//! Everything goes through the real store functions (a draft by a member
//! who edits, submitted, approved by another member who reviews), dated in
//! the past. The accounts are found by handle: they are the accounts'
//! demo (loaded before this), and a clear error says so when one is
//! missing.

use super::demo_account;
use app::{
    accounts::Me,
    clock,
    error::AppError,
    review::Action,
    weibo::{hall, posts::store, posts::Draft},
};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// The accounts that post, by handle.
pub const HANDLES: [&str; 4] = ["gd_fabu", "gz_fabu", "gz_minzheng", "gz_gongan"];

/// One demo post: the account, days and hours before now, the text, and
/// what else it carries.
struct Demo {
    handle: &'static str,
    days: i64,
    hour: i64,
    body: &'static str,
    extra: Extra,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Extra {
    None,
    /// A card to one of the account's department's service items.
    Service,
    /// A card to one of the account's department's published documents.
    Document,
    /// A refutation of this claim.
    Refutes(&'static str),
    /// A repost of the account `handle`'s latest post so far.
    Repost(&'static str),
    /// Pinned on the account's page once published.
    Pinned,
}

const POSTS: &[Demo] = &[
    Demo { handle: "gd_fabu", days: 27, hour: 9, body: "【权威发布】广东省政府常务会议研究部署今冬明春民生保障工作，要求各地确保困难群众温暖过冬。", extra: Extra::None },
    Demo { handle: "gz_minzheng", days: 26, hour: 10, body: "广州市2027年城乡最低生活保障标准调整方案征求意见，欢迎市民通过政民互动栏目提出意见建议。", extra: Extra::None },
    Demo { handle: "gz_gongan", days: 25, hour: 8, body: "【警情通报】近期冒充“客服退款”诈骗案件高发，请勿向陌生人提供银行卡验证码。", extra: Extra::None },
    Demo { handle: "gz_fabu", days: 24, hour: 18, body: "广州今日天气：多云，气温14–22℃，早晚较凉，注意添衣。", extra: Extra::None },
    Demo { handle: "gd_fabu", days: 23, hour: 10, body: "广东政务服务网“一件事”集成办理再扩容，新生儿出生、企业开办等事项实现一次办好。", extra: Extra::None },
    Demo { handle: "gz_minzheng", days: 22, hour: 15, body: "婚姻登记服务提示：12月31日婚姻登记处正常上班，可在网上办事大厅预约。", extra: Extra::Service },
    Demo { handle: "gz_gongan", days: 21, hour: 11, body: "户籍业务“跨城通办”：广州、深圳、佛山等市居民身份证换领可就近办理。", extra: Extra::None },
    Demo { handle: "gz_fabu", days: 20, hour: 12, body: "转发：“一件事”集成办理扩容，广州各区政务服务中心同步推行。", extra: Extra::Repost("gd_fabu") },
    Demo { handle: "gz_minzheng", days: 19, hour: 9, body: "《广州市最低生活保障办法》政策解读已发布，详见政务公开栏目。", extra: Extra::Document },
    Demo { handle: "gz_gongan", days: 18, hour: 20, body: "【辟谣】网传“广州地铁明日起全线停运”系谣言。广州地铁运营正常，请以官方发布为准，不信谣、不传谣。", extra: Extra::Refutes("网传广州地铁明日起全线停运") },
    Demo { handle: "gd_fabu", days: 17, hour: 9, body: "全省12345热线上月受理群众诉求38.6万件，按时办结率98.2%。", extra: Extra::None },
    Demo { handle: "gz_minzheng", days: 16, hour: 14, body: "寒潮将至，全市救助管理站开放临时避寒场所，发现流浪乞讨人员请拨打12345。", extra: Extra::Pinned },
    Demo { handle: "gz_fabu", days: 15, hour: 10, body: "广州市重点项目建设现场推进会召开，今年新开工项目投资同比增长。", extra: Extra::None },
    Demo { handle: "gz_gongan", days: 14, hour: 9, body: "出入境业务提示：港澳通行证签注可在自助机上办理，全程约3分钟。", extra: Extra::None },
    Demo { handle: "gz_minzheng", days: 13, hour: 11, body: "养老服务：全市长者饭堂已覆盖全部街镇，65岁以上老人凭卡可享优惠。", extra: Extra::None },
    Demo { handle: "gd_fabu", days: 12, hour: 16, body: "广东启动冬季森林防火专项行动，请勿在林区违规用火。", extra: Extra::None },
    Demo { handle: "gz_fabu", days: 11, hour: 9, body: "广州市民可通过网上办事大厅查询办件进度，输入办件编号和查询码即可。", extra: Extra::None },
    Demo { handle: "gz_gongan", days: 10, hour: 17, body: "交通出行提示：本周末天河体育中心周边举办大型活动，请提前规划出行路线。", extra: Extra::None },
    Demo { handle: "gz_minzheng", days: 9, hour: 10, body: "残疾人两项补贴申领可全程网办，材料齐全的5个工作日内审核。", extra: Extra::None },
    Demo { handle: "gd_fabu", days: 8, hour: 9, body: "《广东省优化营商环境条例》实施一周年，企业开办时间压缩至1个工作日。", extra: Extra::None },
    Demo { handle: "gz_fabu", days: 7, hour: 19, body: "今晚珠江沿岸灯光秀照常开放，请市民游客文明观景。", extra: Extra::None },
    Demo { handle: "gz_gongan", days: 6, hour: 10, body: "防范电信诈骗：公检法机关不会通过电话办案，更不会要求转账到“安全账户”。", extra: Extra::None },
    Demo { handle: "gz_minzheng", days: 5, hour: 15, body: "社区社会组织登记指引更新，可在办事指南中查看所需材料。", extra: Extra::None },
    Demo { handle: "gd_fabu", days: 4, hour: 10, body: "全省政务微博发布厅上线，各级认证账号统一标识，欢迎关注。", extra: Extra::None },
    Demo { handle: "gz_fabu", days: 3, hour: 9, body: "广州发布：政务微博发布厅已汇集本市认证账号，提问可获限时答复。", extra: Extra::None },
    Demo { handle: "gz_gongan", days: 2, hour: 11, body: "户政窗口周六上午延时服务，办理身份证、户口迁移等业务。", extra: Extra::None },
    Demo { handle: "gz_minzheng", days: 1, hour: 10, body: "临时救助申请指引：遭遇突发困难的家庭可向所在街道申请，急难情形先行救助。", extra: Extra::None },
    Demo { handle: "gd_fabu", days: 0, hour: 2, body: "今日起全省政务服务中心推行“周末不打烊”，具体时间以各中心公告为准。", extra: Extra::None },
];

/// The account `id`'s first member with `role` other than `not`: who
/// writes or approves the demo's posts.
async fn member(pool: &PgPool, account: i64, role: &str, not: i64) -> Result<Me, AppError> {
    let username: Option<String> = sqlx::query_scalar(
        "select a.username from weibo_member m join account a on a.id = m.account_id
         join weibo_account w on w.id = m.weibo_account_id
         join staff s on s.account_id = m.account_id and s.department_id = w.department_id
         where m.weibo_account_id = $1 and m.role = $2 and m.account_id <> $3
         order by a.username limit 1",
    )
    .bind(account)
    .bind(role)
    .bind(not)
    .fetch_optional(pool)
    .await?;
    let username = username.ok_or_else(|| {
        AppError::internal(format!(
            "weibo account {account} has no {role} for the demo"
        ))
    })?;
    demo_account(pool, &username)
        .await?
        .ok_or_else(|| AppError::internal(format!("demo account {username} missing")))
}

/// A card reference of the account's department: a service item's code or
/// a published document's index number, when there is one.
async fn card_of(
    pool: &PgPool,
    account: i64,
    extra: Extra,
) -> Result<Option<(String, String)>, AppError> {
    let (kind, sql) = match extra {
        Extra::Service => (
            "service",
            "select i.code from service_item i join weibo_account w on w.department_id = i.department_id
             where w.id = $1 order by i.code limit 1",
        ),
        Extra::Document => (
            "document",
            "select d.index_no from document d join review_item r on r.id = d.review_id
             join weibo_account w on w.department_id = d.department_id
             where w.id = $1 and r.state = 'published' order by d.index_no limit 1",
        ),
        _ => return Ok(None),
    };
    let found: Option<String> = sqlx::query_scalar(sql)
        .bind(account)
        .fetch_optional(pool)
        .await?;
    Ok(found.map(|r| (kind.to_string(), r)))
}

/// Loads the demo posts once (nothing when any post exists).
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let any: bool = sqlx::query_scalar("select exists (select 1 from weibo_post)")
        .fetch_one(pool)
        .await?;
    if any {
        return Ok(());
    }
    let present: i64 = sqlx::query_scalar(
        "select count(*) from weibo_account where handle = any($1) and state = 'verified'",
    )
    .bind(&HANDLES[..])
    .fetch_one(pool)
    .await?;
    if present == 0 {
        // A demo without the accounts' part (or made before it) has no
        // posts either: it is left as it is.
        tracing::warn!("demo weibo accounts missing; no demo posts");
        return Ok(());
    }
    let cal = clock::store::load(pool).await?;
    let mut accounts = Vec::new();
    for handle in HANDLES {
        let id: i64 = sqlx::query_scalar(
            "select id from weibo_account where handle = $1 and state = 'verified'",
        )
        .bind(handle)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| {
            AppError::internal(format!(
                "the demo posts need the verified account {handle}: load the demo accounts first"
            ))
        })?;
        let editor = member(pool, id, "editor", 0).await?;
        let reviewer = member(pool, id, "reviewer", editor.id).await?;
        accounts.push((handle, id, editor, reviewer));
    }
    let of = |handle: &str| accounts.iter().find(|a| a.0 == handle);
    let mut latest: Vec<(&str, i64)> = Vec::new();
    let mut published = Vec::new();
    for (n, p) in POSTS.iter().enumerate() {
        let Some((_, account, editor, reviewer)) = of(p.handle) else {
            continue;
        };
        let day = now.date() - Duration::days(p.days);
        let at = day.midnight().assume_offset(clock::HALL_OFFSET) + Duration::hours(p.hour);
        let at = at.min(now - Duration::minutes(30));
        let mut draft = Draft {
            account: p.handle.to_string(),
            body: p.body.to_string(),
            ..Draft::default()
        };
        match p.extra {
            Extra::Refutes(claim) => draft.refutes = claim.to_string(),
            Extra::Repost(of) => {
                draft.repost_of = latest.iter().rev().find(|l| l.0 == of).map(|l| l.1)
            }
            Extra::Service | Extra::Document => {
                if let Some((kind, reference)) = card_of(pool, *account, p.extra).await? {
                    draft.card_kind = kind;
                    draft.card_ref = reference;
                }
            }
            _ => {}
        }
        let key = uuid::Uuid::from_u128(0x5eed_0021_0000_0000_0000_0000_0000_0000 + n as u128);
        let w = store::create(pool, editor, &draft, key, at - Duration::minutes(40)).await?;
        let written = at - Duration::minutes(20);
        store::take_step(
            pool,
            &cal,
            editor,
            w.id,
            &Action::Submit,
            written,
            written.date(),
        )
        .await?;
        store::take_step(pool, &cal, reviewer, w.id, &Action::Publish, at, at.date()).await?;
        if p.extra == Extra::Pinned {
            store::pin(pool, reviewer, w.id, true, at).await?;
        }
        latest.push((p.handle, w.id));
        published.push((p.handle, w.id, at));
    }
    // A draft and one waiting for review, for the staff pages.
    if let Some((_, _, editor, _)) = of("gz_minzheng") {
        let draft = Draft {
            account: "gz_minzheng".into(),
            body: "元旦假期救助管理站值班安排（草稿）。".into(),
            ..Draft::default()
        };
        store::create(
            pool,
            editor,
            &draft,
            uuid::Uuid::from_u128(0x5eed_0021_0001),
            now,
        )
        .await?;
        let waiting = Draft {
            account: "gz_minzheng".into(),
            body: "冬季用电安全提示：请勿私拉电线为电动车充电。".into(),
            ..Draft::default()
        };
        let w = store::create(
            pool,
            editor,
            &waiting,
            uuid::Uuid::from_u128(0x5eed_0021_0002),
            now,
        )
        .await?;
        store::take_step(pool, &cal, editor, w.id, &Action::Submit, now, now.date()).await?;
    }
    // citizen.demo follows, likes and comments.
    let Some(citizen) = demo_account(pool, "citizen.demo").await? else {
        return Ok(());
    };
    for handle in ["gd_fabu", "gz_minzheng", "gz_gongan"] {
        hall::store::follow(pool, &citizen, handle, true, now - Duration::days(20)).await?;
    }
    let comments: [(&str, usize, &str); 4] = [
        ("gz_minzheng", 0, "请问低保标准调整后什么时候开始执行？"),
        ("gz_gongan", 0, "收到类似短信，已举报，感谢提醒！"),
        ("gz_minzheng", 4, "长者饭堂很方便，希望增加周末供餐。"),
        (
            "gz_minzheng",
            3,
            "点击领取补贴 http://example.invalid 加微信办理更快",
        ),
    ];
    for (i, (handle, nth, body)) in comments.iter().enumerate() {
        let Some((_, post, at)) = published.iter().filter(|p| p.0 == *handle).nth(*nth) else {
            continue;
        };
        let when = *at + Duration::hours(2);
        let key = uuid::Uuid::from_u128(0x5eed_0021_c000 + i as u128);
        let (comment, _) = store::comment(pool, &citizen, *post, body, key, when).await?;
        store::like(pool, &citizen, *post, true, when).await?;
        if body.contains("example.invalid") {
            if let Some((_, _, _, reviewer)) = of(handle) {
                store::hide(
                    pool,
                    reviewer,
                    comment,
                    "含广告和可疑链接",
                    when + Duration::hours(1),
                )
                .await?;
            }
        }
    }
    tracing::info!(posts = published.len(), "demo weibo posts loaded");
    Ok(())
}
