//! Demo online interviews (在线访谈): a past one with Guangzhou's human
//! resources and social security bureau (广州市人力资源和社会保障局) on
//! employment and social insurance, with its whole transcript, questions
//! answered live, one rejected, two answered in writing and one still
//! awaiting its written answer; and an upcoming one with the housing and
//! urban–rural development bureau (广州市住房和城乡建设局) with questions
//! already submitted. Moderated by `staff.gz.rsj` and `staff.gz.zjj`;
//! asked by `citizen.demo` and `enterprise.demo`.
//!
//! Inserted as they stand (fixed past times), not through
//! `app::interviews::store`, which acts at the hall's "now". The upcoming
//! interview is scheduled ten days after the hall's "now" when the demo is
//! first loaded. Data loading, not capability logic.

use app::error::AppError;
use sqlx::PgPool;
use time::{macros::datetime, Duration, OffsetDateTime};

const PAST_TITLE: &str = "稳就业 惠民生——2026年广州市就业和社会保险政策在线访谈";
const PAST_GUESTS: &str =
    "王建国（广州市人力资源和社会保障局 局长）；李慧（广州市社会保险基金管理中心 主任）";
const PAST_DESCRIPTION: &str = "围绕高校毕业生就业、灵活就业人员参保、失业保险待遇和社保卡服务等热点问题，市人社局负责同志在线解答网民提问。";

/// Asker (`citizen` or `enterprise`), question, what became of it:
/// `live` (answered by the transcript entry that names it), `rejected`,
/// `written` (with the answer), `owed` (still awaiting the answer).
const PAST_QUESTIONS: &[(&str, &str, &str, Option<&str>)] = &[
    ("citizen", "今年应届毕业生到广州就业，有哪些补贴可以申请？怎么申请？", "live", None),
    ("enterprise", "小微企业招用高校毕业生，社保补贴的申请条件和流程是怎样的？", "live", None),
    ("citizen", "灵活就业人员在广州参加职工养老保险，需要什么条件？缴费基数可以自己选吗？", "live", None),
    ("citizen", "失业保险金现在可以网上申领吗？领取期间医保怎么办？", "live", None),
    ("citizen", "我去年在某公司工作被拖欠三个月工资，投诉后一直没有结果，能帮忙处理一下吗？", "rejected", None),
    ("enterprise", "企业为员工补缴以前年度的社保，需要提供哪些材料？有没有滞纳金？", "written",
        Some("用人单位为职工补缴以前年度社会保险费，应当携带劳动合同、工资发放记录等能证明劳动关系和工资收入的材料，到参保地社保经办机构申请。补缴涉及的滞纳金按照《社会保险法》规定，自欠缴之日起按日加收万分之五。具体材料清单可在广东政务服务网“社保补缴”事项页面查看。")),
    ("citizen", "社保卡丢失了，补卡需要多长时间？可以先用电子社保卡吗？", "written",
        Some("社保卡丢失后，请先通过“粤省事”或拨打 12333 办理挂失。补卡可在合作银行网点即时制卡，一般当场领取；线上申请的，制卡后邮寄，约 10 个工作日。补卡期间可正常使用电子社保卡就医购药和办理业务。")),
    ("citizen", "父母在外省退休，能否把养老金待遇领取地转到广州？", "owed", None),
];

/// Kind, speaker, text; an answer names the question (index in
/// `PAST_QUESTIONS`) it answers.
const TRANSCRIPT: &[(&str, &str, &str, Option<usize>)] = &[
    ("host", "主持人", "各位网友，大家好！欢迎收看广州市就业和社会保险政策在线访谈。今天我们邀请到了市人力资源和社会保障局王建国局长、市社会保险基金管理中心李慧主任。", None),
    ("host", "王建国", "各位网友好！很高兴和大家在线交流。稳就业、惠民生是我们今年的重点工作，欢迎大家踊跃提问。", None),
    ("host", "李慧", "大家好！社保经办服务方面的问题，我来为大家解答。", None),
    ("host", "主持人", "首先请王局长介绍一下今年全市就业工作的总体情况。", None),
    ("host", "王建国", "今年前三季度，全市城镇新增就业 27.6 万人，城镇登记失业率控制在 2.5% 以内，就业形势总体稳定。我们重点抓了高校毕业生、困难人员和灵活就业人员三类群体。", None),
    ("host", "主持人", "下面进入网友提问环节。", None),
    ("answer", "王建国", "应届毕业生到我市就业，可以申请一次性求职创业补贴、基层就业补贴和生活补贴等。符合条件的，可以在“广州人社”网上办事大厅或“穗好办”上申请，资料齐全的一般 20 个工作日内发放。", Some(0)),
    ("host", "主持人", "不少企业网友关心招用毕业生的扶持政策。", None),
    ("answer", "王建国", "小微企业招用毕业年度高校毕业生，签订一年以上劳动合同并缴纳社保的，可以按实际缴纳的单位部分社保费给予补贴，期限最长 1 年。企业在网上办事大厅提交申请即可，不需要跑现场。", Some(1)),
    ("answer", "李慧", "灵活就业人员年满 16 周岁、未达到法定退休年龄，就可以在广州以个人身份参加职工养老保险，不再有户籍限制。缴费基数可以在全省公布的上下限之间自主选择，每年可以调整一次。", Some(2)),
    ("note", "", "网友提问踊跃，目前已收到提问 120 余条，未能在访谈中答复的问题将在访谈结束后 5 个工作日内书面答复。", None),
    ("answer", "李慧", "失业保险金现在全程网上申领，在“粤省事”或广东政务服务网都可以办理。领取失业保险金期间，由失业保险基金代缴基本医疗保险费，医保待遇不受影响。", Some(3)),
    ("host", "主持人", "有网友反映个人的欠薪问题，请问这类问题应当怎么反映？", None),
    ("host", "王建国", "个人的欠薪投诉属于具体个案，请通过网上留言或拨打 12345 热线反映，我们会按工单及时处理并答复。今天访谈中不便逐一处理个案，请大家理解。", None),
    ("host", "主持人", "最后请王局长谈谈下一步的工作打算。", None),
    ("host", "王建国", "下一步，我们将继续推进社保服务“跨省通办”“一网通办”，让群众办事少跑腿。欢迎大家继续通过网上办事大厅给我们提意见建议。", None),
    ("note", "", "本次访谈到此结束，感谢各位嘉宾和网友的参与！", None),
];

const UPCOMING_TITLE: &str = "住有所居——广州市住房保障政策在线访谈";
const UPCOMING_GUESTS: &str = "陈志强（广州市住房和城乡建设局 副局长）";
const UPCOMING_DESCRIPTION: &str =
    "公共租赁住房、保障性租赁住房申请和住房公积金使用等政策解读，欢迎提前提问。";
const UPCOMING_QUESTIONS: &[(&str, &str)] = &[
    (
        "citizen",
        "新就业的大学生申请保障性租赁住房，需要在广州缴纳社保满多久？",
    ),
    ("enterprise", "企业可以为员工整体申请保障性租赁住房吗？"),
    (
        "citizen",
        "公租房轮候一般需要多长时间？可以在网上查询轮候进度吗？",
    ),
];

/// Adds the demo interviews unless there are interviews already, or the
/// demo accounts are missing.
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let empty: bool = sqlx::query_scalar("select not exists (select 1 from interview)")
        .fetch_one(pool)
        .await?;
    if !empty {
        return Ok(());
    }
    type Ids = (i64, i64, i64, i64, i64, i64);
    let ids: Option<Ids> = sqlx::query_as(
        "select c.id, e.id, rs.account_id, rs.department_id, zs.account_id, zs.department_id
         from account c, account e,
              staff rs join account ra on ra.id = rs.account_id,
              staff zs join account za on za.id = zs.account_id
         where c.username = 'citizen.demo' and e.username = 'enterprise.demo'
           and ra.username = 'staff.gz.rsj' and za.username = 'staff.gz.zjj'",
    )
    .fetch_optional(pool)
    .await?;
    let Some((citizen, enterprise, rsj_staff, rsj, zjj_staff, zjj)) = ids else {
        return Ok(());
    };
    let asker = |who: &str| {
        if who == "enterprise" {
            enterprise
        } else {
            citizen
        }
    };
    tracing::info!("adding the demo interviews");
    let mut tx = pool.begin().await?;

    let starts = datetime!(2026-11-18 10:00 +8);
    let ends = datetime!(2026-11-18 11:30 +8);
    let ended = datetime!(2026-11-18 11:35 +8);
    let past: i64 = sqlx::query_scalar(
        "insert into interview (department_id, title, guests, description, starts_at, ends_at,
             started_at, ended_at, created_by, created_at, idempotency_key)
         values ($1, $2, $3, $4, $5, $6, $5, $7, $8, $9, gen_random_uuid()) returning id",
    )
    .bind(rsj)
    .bind(PAST_TITLE)
    .bind(PAST_GUESTS)
    .bind(PAST_DESCRIPTION)
    .bind(starts)
    .bind(ends)
    .bind(ended)
    .bind(rsj_staff)
    .bind(starts - Duration::days(14))
    .fetch_one(&mut *tx)
    .await?;
    let mut question_ids = Vec::new();
    for (n, (who, question, fate, answer)) in PAST_QUESTIONS.iter().enumerate() {
        let asked_at = starts - Duration::days(3) + Duration::hours(n as i64);
        let (state, reason, answered_at) = match *fate {
            "live" => (
                "answered_live",
                None,
                Some(starts + Duration::minutes(15 + 8 * n as i64)),
            ),
            "rejected" => ("rejected", Some("personal_case"), None),
            "written" => (
                "answered_written",
                None,
                Some(datetime!(2026-11-20 15:00 +8) + Duration::hours(n as i64)),
            ),
            _ => ("deferred", None, None),
        };
        let id: i64 = sqlx::query_scalar(
            "insert into interview_question (interview_id, asker_id, question, asked_at, state,
                 reject_reason, decided_by, decided_at, answer, answered_at, idempotency_key)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, gen_random_uuid()) returning id",
        )
        .bind(past)
        .bind(asker(who))
        .bind(question)
        .bind(asked_at)
        .bind(state)
        .bind(reason)
        .bind((state != "answered_live").then_some(rsj_staff))
        .bind((state != "answered_live").then_some(ended))
        .bind(answer)
        .bind(answered_at)
        .fetch_one(&mut *tx)
        .await?;
        question_ids.push(id);
    }
    for (n, (kind, speaker, body, answers)) in TRANSCRIPT.iter().enumerate() {
        sqlx::query(
            "insert into interview_entry (interview_id, seq, kind, speaker, body, question_id,
                 added_by, added_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(past)
        .bind(n as i32 + 1)
        .bind(kind)
        .bind(speaker)
        .bind(body)
        .bind(answers.map(|i| question_ids[i]))
        .bind(rsj_staff)
        .bind(starts + Duration::minutes(5 * n as i64))
        .execute(&mut *tx)
        .await?;
    }

    let day = (now.to_offset(app::clock::HALL_OFFSET) + Duration::days(10)).date();
    let up_starts = day
        .with_hms(15, 0, 0)
        .map_err(AppError::internal)?
        .assume_offset(app::clock::HALL_OFFSET);
    let upcoming: i64 = sqlx::query_scalar(
        "insert into interview (department_id, title, guests, description, starts_at, ends_at,
             created_by, created_at, idempotency_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, gen_random_uuid()) returning id",
    )
    .bind(zjj)
    .bind(UPCOMING_TITLE)
    .bind(UPCOMING_GUESTS)
    .bind(UPCOMING_DESCRIPTION)
    .bind(up_starts)
    .bind(up_starts + Duration::minutes(90))
    .bind(zjj_staff)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (n, (who, question)) in UPCOMING_QUESTIONS.iter().enumerate() {
        sqlx::query(
            "insert into interview_question (interview_id, asker_id, question, asked_at, idempotency_key)
             values ($1, $2, $3, $4, gen_random_uuid())",
        )
        .bind(upcoming)
        .bind(asker(who))
        .bind(question)
        .bind(now - Duration::minutes(30 * (n as i64 + 1)))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
