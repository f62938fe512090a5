//! The demo documents (issue 20): a few hundred documents of Guangzhou's
//! departments and of the provincial civil affairs department, made from
//! templates of real-style titles, numbers and texts — policies (some
//! repealed or amended and replaced), their interpretations in text,
//! questions and answers or pictures, plans, notices, news, budgets and
//! press conferences with transcripts — over the past two years; then a
//! few drafts, one returned and one waiting for the demo reviewer.
//!
//! Everything goes through the real store functions (draft, submit,
//! publish by a second person, validity marks), dated in the past, so the
//! index numbers are given in order of publication as they would be.
//! Deterministic: the generator's seed is fixed.

use super::demo_account;
use crate::rng::Rng;
use app::{
    accounts::Me,
    clock,
    disclosure::documents::{store, Draft, Mark},
    error::AppError,
    review::Action,
};
use sqlx::PgPool;
use time::{Date, Duration, OffsetDateTime};

/// The demo editors and reviewers: username, display name, publishing
/// role, region, department code, TOTP secret.
pub const DEMO_PUBLISHERS: [(&str, &str, &str, u32, &str, &str); 4] = [
    (
        "editor.gz.mzj",
        "何静（广州市民政局 信息公开编辑）",
        "editor",
        440100,
        "MZJ",
        "E2DRM3WF6ZUHKSMD4QGBHN7D7OFW7OII",
    ),
    (
        "reviewer.gz.mzj",
        "罗志明（广州市民政局 信息公开审核）",
        "reviewer",
        440100,
        "MZJ",
        "KKTRT3XXVBXHVY5SWJWKIH7BZT5KMXJM",
    ),
    (
        "editor.gd.mzt",
        "苏晓云（广东省民政厅 信息公开编辑）",
        "editor",
        440000,
        "MZT",
        "FVIHZHPLGYNNEEJE2EETIKWCW5MPJR33",
    ),
    (
        "reviewer.gd.mzt",
        "郑国华（广东省民政厅 信息公开审核）",
        "reviewer",
        440000,
        "MZT",
        "6AGV25T7AOVTWQ2PKNWJCUSTUKXYKZCC",
    ),
];

/// A department that publishes in the demo: region, code, its editor and
/// reviewer (demo accounts), the prefix of its document numbers, and its
/// topics with their subject category.
struct Publisher {
    region: u32,
    code: &'static str,
    editor: &'static str,
    reviewer: &'static str,
    prefix: &'static str,
    topics: &'static [(&'static str, &'static str)],
}

const CIVIL: &[(&str, &str)] = &[
    ("最低生活保障", "civil_affairs_relief"),
    ("特困人员救助供养", "civil_affairs_relief"),
    ("临时救助", "civil_affairs_relief"),
    ("居家社区养老服务", "civil_affairs_relief"),
    ("婚姻登记", "civil_affairs_relief"),
    ("殡葬管理", "civil_affairs_relief"),
    ("社会组织登记管理", "civil_affairs_relief"),
    ("慈善事业促进", "civil_affairs_relief"),
    ("困难残疾人生活补贴", "population_women_children"),
    ("农村留守儿童关爱保护", "population_women_children"),
];

const PUBLISHERS: &[Publisher] = &[
    Publisher {
        region: 440100,
        code: "MZJ",
        editor: "editor.gz.mzj",
        reviewer: "reviewer.gz.mzj",
        prefix: "穗民",
        topics: CIVIL,
    },
    Publisher {
        region: 440000,
        code: "MZT",
        editor: "editor.gd.mzt",
        reviewer: "reviewer.gd.mzt",
        prefix: "粤民",
        topics: CIVIL,
    },
    Publisher {
        region: 440100,
        code: "WJJ",
        editor: "staff.gz.wjj",
        reviewer: "staff.gz.wjj.fz",
        prefix: "穗卫",
        topics: &[
            ("家庭医生签约服务", "health_sports"),
            ("母婴安全", "health_sports"),
            ("基本公共卫生服务", "health_sports"),
            ("托育服务", "population_women_children"),
            ("出生医学证明管理", "population_women_children"),
            ("医疗机构管理", "health_sports"),
        ],
    },
    Publisher {
        region: 440100,
        code: "RSJ",
        editor: "staff.gz.rsj",
        reviewer: "staff.gz.rsj.fz",
        prefix: "穗人社",
        topics: &[
            ("就业补贴", "labour_personnel"),
            ("职业技能培训补贴", "labour_personnel"),
            ("创业担保贷款", "finance_audit"),
            ("高层次人才认定", "labour_personnel"),
            ("失业保险", "labour_personnel"),
            ("社会保障卡服务", "labour_personnel"),
        ],
    },
    Publisher {
        region: 440100,
        code: "FGW",
        editor: "staff.gz.fgw",
        reviewer: "staff.gz.fgw.sh",
        prefix: "穗发改",
        topics: &[
            ("重点建设项目", "economy_state_assets"),
            ("营商环境改革", "comprehensive"),
            ("社会信用体系建设", "comprehensive"),
            ("民营经济发展", "economy_state_assets"),
            ("固定资产投资项目节能审查", "land_energy"),
            ("价格监测", "market_safety"),
        ],
    },
    Publisher {
        region: 440100,
        code: "ZJJ",
        editor: "staff.gz.zjj",
        reviewer: "staff.gz.zjj.ys",
        prefix: "穗建",
        topics: &[
            ("公共租赁住房保障", "construction_environment"),
            ("老旧小区改造", "construction_environment"),
            ("建筑市场信用管理", "construction_environment"),
            ("物业管理", "construction_environment"),
            ("绿色建筑", "construction_environment"),
            ("共有产权住房", "construction_environment"),
        ],
    },
    Publisher {
        region: 440100,
        code: "GHZYJ",
        editor: "staff.gz.ghzyj",
        reviewer: "staff.gz.ghzyj.sh",
        prefix: "穗规划资源",
        topics: &[
            ("国土空间规划", "land_energy"),
            ("不动产登记", "land_energy"),
            ("城市更新", "construction_environment"),
            ("耕地保护", "agriculture_forestry_water"),
            ("历史文化名城保护", "culture_media"),
        ],
    },
    Publisher {
        region: 440100,
        code: "GAJ",
        editor: "staff.gz.gaj",
        reviewer: "staff.gz.gaj.fz",
        prefix: "穗公",
        topics: &[
            ("户籍迁移", "security_justice"),
            ("居住证办理", "security_justice"),
            ("出入境证件办理", "security_justice"),
            ("机动车登记", "industry_transport"),
            ("流动人口服务管理", "security_justice"),
        ],
    },
];

const FORMS: &[&str] = &["管理办法", "实施办法", "实施细则", "工作规程", "若干措施"];
const NOTICE_OBJECTS: &[&str] = &[
    "资金拟安排情况",
    "工作安排",
    "办事指南",
    "专项检查结果",
    "年度核查结果",
    "服务机构名单",
];
const NEWS: &[&str] = &[
    "{area}召开{topic}工作推进会",
    "{dept}开展{topic}专项督导",
    "{area}{topic}工作取得新进展",
    "{dept}深入基层调研{topic}工作",
    "{dept}举办{topic}业务培训班",
    "{area}{topic}“一件事”改革落地见效",
];

fn fill(t: &str, area: &str, dept: &str, topic: &str) -> String {
    t.replace("{area}", area)
        .replace("{dept}", dept)
        .replace("{topic}", topic)
}

fn cn_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}

/// What one document is before it is written.
struct Plan {
    on: Date,
    publisher: usize,
    kind: &'static str,
    title: String,
    doc_number: String,
    category: &'static str,
    body: String,
    /// An interpretation: the index of the policy it interprets.
    interprets: Option<usize>,
    form: &'static str,
    /// The index of the policy this one replaces, and whether amended.
    replaces: Option<(usize, bool)>,
}

fn policy_body(area: &str, dept: &str, topic: &str, form: &str, on: Date, rng: &mut Rng) -> String {
    let short = form.trim_start_matches("管理").trim_start_matches("实施");
    let alias = if topic == "最低生活保障" {
        "（以下简称低保）"
    } else {
        ""
    };
    let days = 5 + rng.below(16);
    format!(
        "各区人民政府，市政府各部门、各直属机构：\n\
         现将《{area}{topic}{form}》印发给你们，请认真贯彻执行。执行中遇到的问题，请径向{dept}反映。\n\
         {dept}\n{date}\n\
         {area}{topic}{form}\n\
         第一条 为了规范{topic}{alias}工作，保障困难群众和申请人的合法权益，根据有关法律法规和政策规定，结合{area}实际，制定本{short}。\n\
         第二条 本{short}适用于{area}行政区域内的{topic}工作。\n\
         第三条 {dept}负责本行政区域{topic}工作的统筹协调和监督管理；各区人民政府负责组织实施，镇人民政府（街道办事处）负责受理、审核等具体工作。\n\
         第四条 {topic}工作坚持依法、公开、公平、公正的原则，实行动态管理，做到应保尽保、应退尽退。\n\
         第五条 申请人可以通过广东政务服务网、粤省事或者线下窗口提出申请，经办机构应当自受理之日起{days}个工作日内办结；情况复杂的，经批准可以延长。\n\
         第六条 经办机构应当将{topic}的政策依据、办理流程、办理结果等信息按规定公开，接受社会监督。\n\
         第七条 有关部门及其工作人员在{topic}工作中滥用职权、玩忽职守、徇私舞弊的，依法追究责任。\n\
         第八条 本{short}自{start}起施行，有效期五年。",
        date = cn_date(on),
        start = cn_date(on + Duration::days(30)),
    )
}

fn notice_body(
    area: &str,
    dept: &str,
    topic: &str,
    object: &str,
    year: i32,
    rng: &mut Rng,
) -> String {
    format!(
        "根据{area}{topic}有关规定，现将{year}年{topic}{object}予以公告。\n\
         一、本次共涉及{n}个区、{m}项工作事项，具体情况详见附件。\n\
         二、各区应当按照规定做好{topic}的组织实施和信息公开工作。\n\
         三、公告期为7个工作日。公告期间如有异议，可以书面形式向{dept}反映，联系电话：020-83{tel:06}。\n\
         特此公告。\n{dept}",
        n = 3 + rng.below(9),
        m = 5 + rng.below(40),
        tel = rng.below(1_000_000),
    )
}

fn news_body(area: &str, dept: &str, topic: &str, on: Date, rng: &mut Rng) -> String {
    format!(
        "{date}，{area}召开{topic}工作会议，总结前一阶段工作，部署下一步重点任务。\n\
         会议指出，今年以来，{dept}坚持以人民为中心，扎实推进{topic}各项工作，累计服务群众{n}人次，群众满意度持续提升。\n\
         会议强调，要进一步压实责任，推动{topic}政策落地见效，加强信息化建设，推行“一网通办”“跨省通办”，让群众少跑腿。\n\
         各区相关部门负责同志参加会议。",
        date = cn_date(on),
        n = 1000 + rng.below(90_000),
    )
}

fn press_body(area: &str, dept: &str, topic: &str) -> String {
    format!(
        "主持人：各位记者朋友，大家上午好！欢迎参加今天的新闻发布会。今天我们邀请到{dept}负责同志，介绍{area}{topic}有关情况，并回答大家关心的问题。\n\
         发布人（{dept}负责同志）：各位记者朋友，大家好。近年来，{area}持续完善{topic}制度，优化办理流程，推动服务事项全流程网上办理。\n\
         记者：请问在{topic}方面，群众办事还有哪些新的便利措施？\n\
         发布人：一是实现线上申请、线下核查，二是推行告知承诺制，三是压缩办理时限，群众可以通过粤省事随时查询办理进度。\n\
         记者：对于困难群众，有没有专门的帮扶措施？\n\
         发布人：我们建立了主动发现机制，对符合条件的群众做到早发现、早介入、早帮扶。\n\
         主持人：今天的新闻发布会到此结束。谢谢大家！"
    )
}

fn budget_body(dept: &str, year: i32, final_accounts: bool, rng: &mut Rng) -> String {
    let what = if final_accounts { "决算" } else { "预算" };
    format!(
        "一、部门主要职责\n{dept}贯彻落实党中央、国务院和省委、省政府决策部署，负责本行政区域内有关行政管理工作。\n\
         二、{year}年部门{what}收支总体情况\n收入{what}{a}万元，支出{what}{b}万元，其中基本支出{c}万元，项目支出{d}万元。\n\
         三、“三公”经费{what}情况\n“三公”经费{what}{e}万元，比上年减少{f}%。\n\
         四、政府采购{what}情况\n政府采购{what}{g}万元。\n\
         五、名词解释\n基本支出：指为保障机构正常运转、完成日常工作任务而发生的支出。项目支出：指在基本支出之外为完成特定行政任务而发生的支出。",
        a = 5000 + rng.below(90_000),
        b = 5000 + rng.below(90_000),
        c = 2000 + rng.below(20_000),
        d = 2000 + rng.below(60_000),
        e = 10 + rng.below(200),
        f = 1 + rng.below(15),
        g = 100 + rng.below(5000),
    )
}

fn interpretation_body(form: &str, title: &str, topic: &str, dept: &str) -> String {
    match form {
        "questions_and_answers" => format!(
            "问：《{title}》出台的背景是什么？\n答：为进一步规范{topic}工作，回应群众关切，{dept}在深入调研、广泛征求意见的基础上制定了本文件。\n\
             问：哪些人可以申请？\n答：符合文件规定条件的本地户籍居民和持有居住证的常住人口均可申请。\n\
             问：怎样申请？\n答：可以通过广东政务服务网、粤省事或者到镇（街道）政务服务中心窗口申请。\n\
             问：多长时间办结？\n答：经办机构在规定的工作日内办结，办理进度可以在网上查询。"
        ),
        "graphic" => format!(
            "一图读懂《{title}》\n图一：为什么制定——规范{topic}工作，保障群众权益。\n\
             图二：适用于谁——本行政区域内符合条件的申请人。\n图三：怎么办理——网上办、就近办、一次办。\n\
             图四：什么时候施行——自文件规定之日起施行。"
        ),
        _ => format!(
            "一、制定背景\n为贯彻落实国家和省有关{topic}的工作要求，{dept}起草了《{title}》。\n\
             二、主要内容\n文件明确了{topic}的适用范围、职责分工、申请条件、办理程序和监督管理等内容。\n\
             三、主要创新\n一是优化办理流程，二是压缩办理时限，三是加强信息公开和社会监督。\n\
             四、施行时间\n文件自规定之日起施行，有效期五年。"
        ),
    }
}

/// The documents to write, in order of publication.
fn plans(names: &[String], areas: &[&str], today: Date) -> Vec<Plan> {
    let mut rng = Rng::new(0x2026_1213);
    let mut out: Vec<Plan> = Vec::new();
    let span = 700i64;
    for (p, publisher) in PUBLISHERS.iter().enumerate() {
        let dept = names[p].as_str();
        let area = areas[p];
        let big = publisher.code == "MZJ" || publisher.code == "MZT";
        let per_topic = if big { 6 } else { 4 };
        let mut policy_no = 0u32;
        let mut number = 0u32;
        for (t, (topic, category)) in publisher.topics.iter().enumerate() {
            for k in 0..per_topic {
                let ago = rng.below(span as u64) as i64 + 3;
                let on = today - Duration::days(ago);
                let year = on.year();
                number += 1;
                let (kind, title, doc_number, body) = match k {
                    0 => {
                        policy_no += 1;
                        let form = FORMS[rng.below(FORMS.len() as u64) as usize];
                        (
                            "policy",
                            format!("{dept}关于印发《{area}{topic}{form}》的通知"),
                            format!("{}规字〔{year}〕{policy_no}号", publisher.prefix),
                            policy_body(area, dept, topic, form, on, &mut rng),
                        )
                    }
                    1 => {
                        let object =
                            NOTICE_OBJECTS[rng.below(NOTICE_OBJECTS.len() as u64) as usize];
                        (
                            "notice",
                            format!("{dept}关于{year}年{topic}{object}的公告"),
                            String::new(),
                            notice_body(area, dept, topic, object, year, &mut rng),
                        )
                    }
                    2 => {
                        let t = NEWS[rng.below(NEWS.len() as u64) as usize];
                        (
                            "news",
                            fill(t, area, dept, topic),
                            String::new(),
                            news_body(area, dept, topic, on, &mut rng),
                        )
                    }
                    3 if t % 2 == 0 => (
                        "press_conference",
                        format!("{area}{topic}工作新闻发布会"),
                        String::new(),
                        press_body(area, dept, topic),
                    ),
                    3 => (
                        "plan",
                        format!("{dept}{year}年{topic}工作计划"),
                        format!("{}〔{year}〕{number}号", publisher.prefix),
                        format!(
                            "为做好{year}年{topic}工作，制定本计划。\n一、总体目标\n二、重点任务\n三、保障措施\n{}",
                            news_body(area, dept, topic, on, &mut rng)
                        ),
                    ),
                    4 => (
                        "notice",
                        format!("关于公开征求《{area}{topic}管理办法（征求意见稿）》意见的公告"),
                        String::new(),
                        notice_body(area, dept, topic, "征求意见安排", year, &mut rng),
                    ),
                    _ => {
                        let t = NEWS[rng.below(NEWS.len() as u64) as usize];
                        (
                            "news",
                            fill(t, area, dept, topic),
                            String::new(),
                            news_body(area, dept, topic, on, &mut rng),
                        )
                    }
                };
                out.push(Plan {
                    on,
                    publisher: p,
                    kind,
                    title,
                    doc_number,
                    category,
                    body,
                    interprets: None,
                    form: "",
                    replaces: None,
                });
            }
        }
        // Budgets and final accounts of the last two years.
        for (year, final_accounts) in [
            (today.year() - 1, false),
            (today.year() - 1, true),
            (today.year(), false),
        ] {
            let on = Date::from_calendar_date(year, time::Month::March, 20)
                .unwrap_or(today)
                .min(today - Duration::days(1));
            let (title, body_year) = if final_accounts {
                (format!("{dept}{}年部门决算", year - 1), year - 1)
            } else {
                (format!("{dept}{year}年部门预算"), year)
            };
            out.push(Plan {
                on,
                publisher: p,
                kind: "budget",
                title,
                doc_number: String::new(),
                category: "finance_audit",
                body: budget_body(dept, body_year, final_accounts, &mut rng),
                interprets: None,
                form: "",
                replaces: None,
            });
        }
    }
    // Interpretations of most policies, a few days after them; the first
    // policy of each department revised (repealed and replaced, or amended).
    let policies: Vec<usize> = (0..out.len())
        .filter(|i| out[*i].kind == "policy")
        .collect();
    let forms = ["text", "questions_and_answers", "graphic"];
    let mut revised = vec![false; PUBLISHERS.len()];
    for (n, i) in policies.into_iter().enumerate() {
        let (on, p, title, category) = (
            out[i].on,
            out[i].publisher,
            out[i].title.clone(),
            out[i].category,
        );
        let dept = names[p].clone();
        let topic = PUBLISHERS[p]
            .topics
            .iter()
            .find(|(t, _)| title.contains(t))
            .map_or("", |(t, _)| *t);
        let inner = title
            .split_once('《')
            .and_then(|(_, r)| r.split_once('》'))
            .map_or(title.as_str(), |(t, _)| t)
            .to_string();
        if n % 4 != 3 {
            let form = forms[n % 3];
            let heading = match form {
                "questions_and_answers" => format!("《{inner}》政策问答"),
                "graphic" => format!("一图读懂《{inner}》"),
                _ => format!("《{inner}》政策解读"),
            };
            out.push(Plan {
                on: (on + Duration::days(1 + (n as i64 % 3))).min(today),
                publisher: p,
                kind: "interpretation",
                title: heading,
                doc_number: String::new(),
                category,
                body: interpretation_body(form, &inner, topic, &dept),
                interprets: Some(i),
                form,
                replaces: None,
            });
        }
        if !revised[p] && (today - on).whole_days() > 200 {
            revised[p] = true;
            let amended = p % 3 == 2;
            let new_title = if amended {
                format!("{dept}关于修改《{inner}》部分条款的通知")
            } else {
                format!("{dept}关于印发《{inner}（修订）》的通知")
            };
            let new_on = on + Duration::days(120 + (n as i64 % 60));
            let area = if PUBLISHERS[p].region == 440000 {
                "广东省"
            } else {
                "广州市"
            };
            out.push(Plan {
                on: new_on.min(today),
                publisher: p,
                kind: "policy",
                title: new_title,
                doc_number: format!(
                    "{}规字〔{}〕{}号",
                    PUBLISHERS[p].prefix,
                    new_on.year(),
                    50 + p
                ),
                category,
                body: policy_body(area, &dept, topic, "管理办法", new_on, &mut rng),
                interprets: None,
                form: "",
                replaces: Some((i, amended)),
            });
        }
    }
    out
}

fn at(day: Date, minute: i64) -> OffsetDateTime {
    day.with_time(time::macros::time!(9:00))
        .assume_offset(time::macros::offset!(+8))
        + Duration::minutes(minute)
}

/// Gives `who` the publishing role `role` in the department they are staff of.
async fn give_role(pool: &PgPool, who: &Me, role: &str) -> Result<(), AppError> {
    sqlx::query(
        "insert into publishing_role (account_id, department_id, role)
         select account_id, department_id, $2 from staff where account_id = $1
         on conflict do nothing",
    )
    .bind(who.id)
    .bind(role)
    .execute(pool)
    .await?;
    Ok(())
}

/// Loads the demo documents unless there are documents already.
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let any: bool = sqlx::query_scalar("select exists (select 1 from document)")
        .fetch_one(pool)
        .await?;
    if any {
        return Ok(());
    }
    let cal = clock::store::load(pool).await?;
    let today = now.date();
    let mut editors = Vec::new();
    let mut reviewers = Vec::new();
    let mut names = Vec::new();
    let mut areas = Vec::new();
    for p in PUBLISHERS {
        // A demo database made before these accounts existed has no
        // documents either: it is left as it is.
        let (Some(editor), Some(reviewer)) = (
            demo_account(pool, p.editor).await?,
            demo_account(pool, p.reviewer).await?,
        ) else {
            tracing::warn!(
                department = p.code,
                "demo publishers missing; no demo documents"
            );
            return Ok(());
        };
        give_role(pool, &editor, "editor").await?;
        give_role(pool, &reviewer, "reviewer").await?;
        let name: String = sqlx::query_scalar(
            "select name_zh from department where region_code = $1 and code = $2",
        )
        .bind(p.region as i32)
        .bind(p.code)
        .fetch_one(pool)
        .await?;
        names.push(name);
        areas.push(if p.region == 440000 {
            "广东省"
        } else {
            "广州市"
        });
        editors.push(editor);
        reviewers.push(reviewer);
    }
    let mut plans = plans(&names, &areas, today);
    let mut order: Vec<usize> = (0..plans.len()).collect();
    // In order of publication; a document before what refers to it.
    order.sort_by_key(|i| {
        (
            plans[*i].on,
            plans[*i].interprets.is_some() || plans[*i].replaces.is_some(),
            *i,
        )
    });
    let mut ids: Vec<Option<(i64, String)>> = vec![None; plans.len()];
    for (minute, i) in order.into_iter().enumerate() {
        let plan = &mut plans[i];
        let p = plan.publisher;
        let interprets = match plan.interprets {
            Some(j) => match &ids[j] {
                Some((_, index_no)) => index_no.clone(),
                None => continue,
            },
            None => String::new(),
        };
        let draft = Draft {
            department: None,
            kind: plan.kind.into(),
            title: std::mem::take(&mut plan.title),
            doc_number: std::mem::take(&mut plan.doc_number),
            issuer: String::new(),
            category: plan.category.into(),
            written_on: clock::format_date(plan.on - Duration::days(2)),
            body: std::mem::take(&mut plan.body),
            interprets,
            interpretation_form: plan.form.into(),
            files: Vec::new(),
        };
        let day = plan.on;
        let when = at(day, (minute % 400) as i64);
        let key = uuid::Uuid::from_u128(0x2026_1213_0000_0000_0000_0000_0000_0000 + i as u128);
        let w = store::create(pool, &editors[p], &draft, key, when, day).await?;
        store::take_step(pool, &cal, &editors[p], w.id, &Action::Submit, when, day).await?;
        store::take_step(pool, &cal, &reviewers[p], w.id, &Action::Publish, when, day).await?;
        let index_no: String = sqlx::query_scalar("select index_no from document where id = $1")
            .bind(w.id)
            .fetch_one(pool)
            .await?;
        ids[i] = Some((w.id, index_no.clone()));
        if let Some((old, amended)) = plan.replaces {
            if let Some((old_id, _)) = &ids[old] {
                let mark = Mark {
                    validity: if amended { "amended" } else { "repealed" }.into(),
                    replaced_by: index_no,
                };
                store::mark(pool, &reviewers[p], *old_id, &mark, when).await?;
            }
        }
    }
    // A few drafts, one returned, one waiting for the demo reviewer.
    let day = today;
    let at_now = now;
    let mzj = (&editors[0], &reviewers[0]);
    let draft = |title: &str, kind: &str, body: &str| Draft {
        kind: kind.into(),
        title: title.into(),
        category: "civil_affairs_relief".into(),
        written_on: clock::format_date(day),
        body: body.into(),
        ..Draft::default()
    };
    let key = |n: u128| uuid::Uuid::from_u128(0x2026_1213_ffff_0000_0000_0000_0000_0000 + n);
    store::create(
        pool,
        mzj.0,
        &draft(
            "广州市民政局关于做好元旦春节期间困难群众走访慰问工作的通知",
            "notice",
            "各区民政局：\n为做好元旦春节期间困难群众走访慰问工作，现就有关事项通知如下。\n一、高度重视走访慰问工作。\n二、精准确定慰问对象。",
        ),
        key(1),
        at_now,
        day,
    )
    .await?;
    let waiting = store::create(
        pool,
        mzj.0,
        &draft(
            "广州市民政局关于调整城乡最低生活保障标准的通知",
            "policy",
            "各区人民政府：\n经市人民政府同意，现将调整本市城乡最低生活保障（以下简称低保）标准有关事项通知如下。\n一、城乡低保标准统一调整为每人每月1500元。\n二、本通知自印发之日起施行。",
        ),
        key(2),
        at_now,
        day,
    )
    .await?;
    store::take_step(pool, &cal, mzj.0, waiting.id, &Action::Submit, at_now, day).await?;
    let returned = store::create(
        pool,
        mzj.0,
        &draft(
            "广州市民政局2026年养老服务工作要点",
            "news",
            "一、完善居家社区养老服务网络。\n二、提升养老机构服务质量。",
        ),
        key(3),
        at_now,
        day,
    )
    .await?;
    store::take_step(pool, &cal, mzj.0, returned.id, &Action::Submit, at_now, day).await?;
    store::take_step(
        pool,
        &cal,
        mzj.1,
        returned.id,
        &Action::Return {
            reason: "请补充具体工作措施和时间安排。".into(),
        },
        at_now,
        day,
    )
    .await?;
    store::create(
        pool,
        &editors[1],
        &Draft {
            category: "civil_affairs_relief".into(),
            ..draft(
                "广东省民政厅关于进一步加强特困人员救助供养工作的通知",
                "notice",
                "各地级以上市民政局：\n为进一步加强特困人员救助供养工作，现通知如下。",
            )
        },
        key(4),
        at_now,
        day,
    )
    .await?;
    // The demo's history told its authors of every publication; only the
    // demo publishers' own inboxes keep those notices (the clerks lent as
    // editors of other departments keep theirs as they were).
    let keep: Vec<i64> = editors[..2].iter().map(|m| m.id).collect();
    sqlx::query(
        "delete from notification where kind in ('review_published', 'review_returned', 'review_withdrawn')
             and recipient_id <> all($1)",
    )
    .bind(&keep)
    .execute(pool)
    .await?;
    tracing::info!(documents = plans.len(), "demo documents loaded");
    Ok(())
}
