//! Demo data for the embedded default: the catalog of departments and
//! service items in `seed/catalog/` (see FORMAT.md there). Loaded on the
//! first start only, never into a database given by `DATABASE_URL` unless
//! `BANSHI_DEMO_DATA=1` asks for it.
//!
//! Accounts, cases, ratings and questions are made through the same store
//! functions a request uses. The SQL left in the seeders is data loading,
//! not capability logic: whether a part of the demo is loaded already, the
//! first post of a demo official's department, bulk inserts of fixed demo
//! records with past dates, and demo-only touches (a unit head, example
//! e-mail addresses, the README's fixed query code) that no action of the
//! hall makes.

use app::{
    accounts::{
        forms::{CitizenForm, EnterpriseForm},
        identity::IdNumber,
        secrets::DataKey,
        store::{self, Assignment, NewOfficial},
        Me, Role, Username,
    },
    catalog::{self, seed},
    error::AppError,
    regions,
};
use sqlx::PgPool;

pub mod cases;
mod consultations;
mod enterprise;
pub mod intermediaries;
// requests
pub mod information_requests;
// (end of issue 20, requests)
// interviews
pub mod interviews;
// letters
pub mod letters;
pub mod offices;
pub(crate) mod processes;
pub mod projects;
// documents
pub mod documents;
// (end of issue 20, documents)
// suggestions
pub mod suggestions;
// accounts
pub mod weibo_accounts;
// (end of issue 21, accounts)
// posts
pub mod weibo_posts;
// (end of issue 21, posts)
// questions
pub mod weibo_questions;
// (end of issue 21, questions)

pub use consultations::{load as load_consultations, FAQ_ITEM};
pub use enterprise::load as load_enterprise;
pub use intermediaries::load as load_intermediaries;
// documents
// (end of issue 20, documents)
// suggestions
pub use suggestions::load as load_suggestions;
// letters
pub use letters::load as load_letters;

pub const DEPARTMENTS: &str = include_str!("../seed/catalog/departments.json");
pub const ITEMS: &[(&str, &str)] = &[
    (
        "items-province.json",
        include_str!("../seed/catalog/items-province.json"),
    ),
    (
        "items-city.json",
        include_str!("../seed/catalog/items-city.json"),
    ),
];

/// Builds the demo catalog for these regions.
pub fn catalog(regions: &[regions::Region]) -> Result<seed::Catalog, seed::SeedError> {
    seed::build(DEPARTMENTS, ITEMS, regions)
}

/// Loads the demo catalog unless the catalog already has items, then the
/// demo forms, process definitions and bundles unless there are some.
pub async fn load(pool: &PgPool) -> Result<(), AppError> {
    let catalog_empty = catalog::store::is_empty(pool).await?;
    let offices_empty: bool = sqlx::query_scalar("select not exists (select 1 from office)")
        .fetch_one(pool)
        .await?;
    let processes_empty: bool =
        sqlx::query_scalar("select not exists (select 1 from process_definition)")
            .fetch_one(pool)
            .await?;
    if !catalog_empty && !processes_empty {
        if offices_empty {
            offices::load(pool).await?;
        }
        return Ok(());
    }
    let regions = regions::store::all(pool).await?;
    let demo = catalog(&regions).map_err(AppError::internal)?;
    if catalog_empty {
        tracing::info!(
            departments = demo.departments.len(),
            items = demo.items.len(),
            "loading the demo catalog"
        );
        catalog::store::store(pool, &demo).await?;
    }
    let forms = forms().map_err(AppError::internal)?;
    let bundles = bundles().map_err(AppError::internal)?;
    processes::load(pool, &demo, &forms, &bundles).await?;
    offices::load(pool).await
}

pub const FORMS: &str = include_str!("../seed/catalog/forms.json");
pub const BUNDLES: &str = include_str!("../seed/catalog/bundles.json");

pub use processes::{bundles, forms, DemoForms, SeedBundle};

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "Banshi-Demo-2026";

/// The demo citizen's ID number (a valid number, not a real person's).
pub const DEMO_ID_NUMBER: &str = "440106199003071231";

/// Username, display name, role, region, department code, TOTP secret.
pub type DemoOfficial = (
    &'static str,
    &'static str,
    Role,
    u32,
    Option<&'static str>,
    &'static str,
);

/// The demo officials: username, display name, role, where they work
/// (region, department code for staff), and their TOTP secret (base32; in
/// the README, for an authenticator app).
pub const DEMO_OFFICIALS: &[DemoOfficial] = &[
    (
        "staff.gz.mzj",
        "陈敏（广州市民政局）",
        Role::Staff,
        440100,
        Some("MZJ"),
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    ),
    (
        "staff.gz.scjgj",
        "林涛（广州市市场监督管理局）",
        Role::Staff,
        440100,
        Some("SCJGJ"),
        "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    ),
    (
        "staff.gd.rst",
        "黄丽（广东省人力资源和社会保障厅）",
        Role::Staff,
        440000,
        Some("RST"),
        "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK",
    ),
    (
        "supervisor.gz",
        "周强（广州市监察）",
        Role::Supervisor,
        440100,
        None,
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    ),
    (
        "admin",
        "系统管理员",
        Role::Admin,
        440000,
        None,
        "ONSWG4TFORZWKY3SMVZXIYLUMVZGC3DP",
    ),
    // documents
    // the editor and reviewer of 440100 MZJ and of 440000 MZT (publishing_role
    // rows are given by demo::documents::load).
    (
        documents::DEMO_PUBLISHERS[0].0,
        documents::DEMO_PUBLISHERS[0].1,
        Role::Staff,
        documents::DEMO_PUBLISHERS[0].3,
        Some(documents::DEMO_PUBLISHERS[0].4),
        documents::DEMO_PUBLISHERS[0].5,
    ),
    (
        documents::DEMO_PUBLISHERS[1].0,
        documents::DEMO_PUBLISHERS[1].1,
        Role::Staff,
        documents::DEMO_PUBLISHERS[1].3,
        Some(documents::DEMO_PUBLISHERS[1].4),
        documents::DEMO_PUBLISHERS[1].5,
    ),
    (
        documents::DEMO_PUBLISHERS[2].0,
        documents::DEMO_PUBLISHERS[2].1,
        Role::Staff,
        documents::DEMO_PUBLISHERS[2].3,
        Some(documents::DEMO_PUBLISHERS[2].4),
        documents::DEMO_PUBLISHERS[2].5,
    ),
    (
        documents::DEMO_PUBLISHERS[3].0,
        documents::DEMO_PUBLISHERS[3].1,
        Role::Staff,
        documents::DEMO_PUBLISHERS[3].3,
        Some(documents::DEMO_PUBLISHERS[3].4),
        documents::DEMO_PUBLISHERS[3].5,
    ),
    // (end of issue 20, documents)
    // suggestions: the moderator of 440100 FGW's topics.
    (
        suggestions::DEMO_MODERATOR.0,
        suggestions::DEMO_MODERATOR.1,
        Role::Staff,
        440100,
        Some("FGW"),
        suggestions::DEMO_MODERATOR.2,
    ),
    // letters: the 12345 hotline centre's clerk of Guangzhou.
    (
        "clerk.gz.12345",
        "梁静（广州市12345热线中心）",
        Role::Staff,
        440100,
        Some("ZWSJJ"),
        "NBSWY3DPO5XXE3DEEBQW4ZDJNZTXGMTF",
    ),
];

/// Clerks of Guangzhou at the posts the birth bundle (出生一件事) and the
/// investment stages run through (every department of stages 1 and 2 at
/// its review and issuance posts, the four lead units at theirs):
/// username, name, department code, unit, post, TOTP secret.
pub const DEMO_CLERKS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "staff.gz.wjj",
        "刘婷（广州市卫生健康委 妇幼健康处 审核岗）",
        "WJJ",
        "妇幼健康处",
        "审核岗",
        "QWB5PDKHX6PYGPAN2RLYKEI4IIAANNKK",
    ),
    (
        "staff.gz.wjj.fz",
        "何静（广州市卫生健康委 妇幼健康处 发证岗）",
        "WJJ",
        "妇幼健康处",
        "发证岗",
        "SUMNLMYTBX2KJQEVTAVETWT6UL66LDQB",
    ),
    (
        "staff.gz.gaj",
        "郑伟（广州市公安局 户政管理处 审核岗）",
        "GAJ",
        "户政管理处",
        "审核岗",
        "WZB2XYA4CLMHP5WWQ5GXSC3FNVXJVRFT",
    ),
    (
        "staff.gz.gaj.fz",
        "吴磊（广州市公安局 政务服务窗口 发证岗）",
        "GAJ",
        "政务服务窗口",
        "发证岗",
        "UTLFJT6KDFZCPWQ52JDC7VNII2GK3XJD",
    ),
    (
        "staff.gz.ybj",
        "孙悦（广州市医疗保障局 医疗保障服务中心 审核岗）",
        "YBJ",
        "医疗保障服务中心",
        "审核岗",
        "2SJ5K57U6RS6ZJHYL7VLF7RXEWCTXR7Q",
    ),
    (
        "staff.gz.rsj",
        "马琳（广州市人社局 社会保障卡服务中心 审核岗）",
        "RSJ",
        "社会保障卡服务中心",
        "审核岗",
        "SVLA6QUR5SWWRW2WL4XVJKMX6SF2K2TR",
    ),
    (
        "staff.gz.rsj.fz",
        "高峰（广州市人社局 社会保障卡服务中心 发证岗）",
        "RSJ",
        "社会保障卡服务中心",
        "发证岗",
        "BMK4LOLC6OKDIHUL6MC25WYENPXAWZR2",
    ),
    (
        "staff.gz.fgw",
        "赵宏（广州市发展和改革局 投资处 受理岗）",
        "FGW",
        "投资处",
        "受理岗",
        "DEKEXFUPK2MMNDPN2CUVVO5WKLVTIGFP",
    ),
    (
        "staff.gz.fgw.sh",
        "钱进（广州市发展和改革局 投资处 审核岗）",
        "FGW",
        "投资处",
        "审核岗",
        "TEYOMJTALUFENYJJYISAHUL23FGW6XFE",
    ),
    (
        "staff.gz.fgw.fz",
        "冯洁（广州市发展和改革局 投资处 发证岗）",
        "FGW",
        "投资处",
        "发证岗",
        "NRJWV2A6J3HAHMBRJIAV63LW53JDNQCD",
    ),
    (
        "staff.gz.ghzyj",
        "谢嘉（广州市规划和自然资源局 建设工程规划管理处 受理岗）",
        "GHZYJ",
        "建设工程规划管理处",
        "受理岗",
        "7PCEKL2MRUBETCGKWV56TZK2MYSVAJV6",
    ),
    (
        "staff.gz.ghzyj.sh",
        "邓博（广州市规划和自然资源局 建设工程规划管理处 审核岗）",
        "GHZYJ",
        "建设工程规划管理处",
        "审核岗",
        "BVTYLDJBPWIZXC2GOD6UZEAWESHUHVR4",
    ),
    (
        "staff.gz.ghzyj.yt",
        "梁颖（广州市规划和自然资源局 国土空间用途管制处 审核岗）",
        "GHZYJ",
        "国土空间用途管制处",
        "审核岗",
        "EKR2MVQXUFBKN2YUXAMEDERRVFG26O5S",
    ),
    (
        "staff.gz.ghzyj.fz",
        "罗斌（广州市规划和自然资源局 政务服务窗口 发证岗）",
        "GHZYJ",
        "政务服务窗口",
        "发证岗",
        "73LBBDJLO4HIAADJHPTHBWB6LFAJ7VY3",
    ),
    (
        "staff.gz.sthjj",
        "彭露（广州市生态环境局 环境影响评价与排放管理处 审核岗）",
        "STHJJ",
        "环境影响评价与排放管理处",
        "审核岗",
        "KSDFLIDEXMJ67RD5QM7C7OWSIIVKANNM",
    ),
    (
        "staff.gz.rfb",
        "曾勇（广州市人民防空办公室 工程管理处 审核岗）",
        "RFB",
        "工程管理处",
        "审核岗",
        "JEGEQE22HZEAIG65P4KFHPSYHCWD6B5O",
    ),
    (
        "staff.gz.rfb.fz",
        "许珊（广州市人民防空办公室 工程管理处 发证岗）",
        "RFB",
        "工程管理处",
        "发证岗",
        "NOCZBK3NIJV6MZTH2AFYCHKHVO4BOF4M",
    ),
    (
        "staff.gz.zjj",
        "蔡明（广州市住房和城乡建设局 建筑市场监管处 受理岗）",
        "ZJJ",
        "建筑市场监管处",
        "受理岗",
        "Y55AQCFSBUH5O3YL4K4CABMX2L3EM3JK",
    ),
    (
        "staff.gz.zjj.ys",
        "潘晓（广州市住房和城乡建设局 工程质量安全监管处 受理岗）",
        "ZJJ",
        "工程质量安全监管处",
        "受理岗",
        "X7PLUUDDHYJV3VE6XCVH7QPNXZUNCGHZ",
    ),
    (
        "staff.gz.zjj.ys.sh",
        "袁达（广州市住房和城乡建设局 工程质量安全监管处 审核岗）",
        "ZJJ",
        "工程质量安全监管处",
        "审核岗",
        "RU56P2CX5IVSWSLKUG3D3JMEV2Y7HCWV",
    ),
    (
        "staff.gz.zjj.ys.fz",
        "蒋欣（广州市住房和城乡建设局 工程质量安全监管处 发证岗）",
        "ZJJ",
        "工程质量安全监管处",
        "发证岗",
        "7QFUWXZHQT2LUVHSUGBKZ6X5PMGPGNM5",
    ),
];

/// Creates the demo accounts (a citizen, an enterprise the citizen acts
/// for, staff of three departments, a supervisor, an admin) unless they
/// exist; and records one staff look-up of the citizen, so that "who
/// accessed my data" has something to show.
pub async fn load_accounts(pool: &PgPool, key: &DataKey) -> Result<(), AppError> {
    if demo_account(pool, "citizen.demo").await?.is_some() {
        return Ok(());
    }
    tracing::info!("creating the demo accounts");
    let citizen = CitizenForm {
        username: "citizen.demo".into(),
        password: DEMO_PASSWORD.into(),
        real_name: "张小明".into(),
        id_number: DEMO_ID_NUMBER.into(),
        mobile: "13800138000".into(),
    }
    .parse()
    .map_err(|e| AppError::internal(format!("demo citizen: {e:?}")))?;
    let citizen = store::register_citizen(pool, key, &citizen, "demo").await?;
    let enterprise = EnterpriseForm {
        username: "enterprise.demo".into(),
        password: DEMO_PASSWORD.into(),
        enterprise_name: "广州荔湾示范贸易有限公司".into(),
        credit_code: "91440101MA59Q8R3XA".into(),
        legal_representative: "张小明".into(),
    }
    .parse()
    .map_err(|e| AppError::internal(format!("demo enterprise: {e:?}")))?;
    let enterprise = store::register_enterprise(pool, &enterprise, "demo").await?;
    let member = Username::parse(&citizen.username).map_err(AppError::internal)?;
    // The citizen is asked and accepts, as anyone would.
    store::invitations::invite(pool, &enterprise, &member).await?;
    for invitation in store::invitations::pending(pool, &citizen).await? {
        store::invitations::answer(pool, &citizen, invitation.id, true).await?;
    }
    let mut first_staff = None;
    for (username, name, role, region, dept, secret) in DEMO_OFFICIALS {
        let assignment = match (role, dept) {
            (Role::Staff, Some(code)) => {
                let (d, u, p): (i64, i64, i64) = sqlx::query_as(
                    "select d.id, u.id, p.id from department d
                     join department_unit u on u.department_id = d.id
                     join department_post p on p.unit_id = u.id
                     where d.region_code = $1 and d.code = $2 order by u.id, p.id limit 1",
                )
                .bind(*region as i32)
                .bind(code)
                .fetch_one(pool)
                .await?;
                Assignment::Post(d, u, p)
            }
            (Role::Supervisor, _) => Assignment::Region(*region),
            _ => Assignment::None,
        };
        let username = Username::parse(username).map_err(AppError::internal)?;
        let official = NewOfficial {
            username,
            password: DEMO_PASSWORD.into(),
            display_name: name.to_string(),
            role: *role,
            assignment,
            totp_secret: Some(secret.to_string()),
        };
        let (me, _) = store::create_official(pool, key, official, None).await?;
        if *role == Role::Staff && first_staff.is_none() {
            first_staff = Some(me);
        }
    }
    for clerk in DEMO_CLERKS {
        create_clerk(pool, key, clerk).await?;
    }
    if let Some(staff) = first_staff {
        let id = IdNumber::parse(DEMO_ID_NUMBER).map_err(AppError::internal)?;
        store::lookup_citizen(pool, key, &staff, &id, "demo").await?;
    }
    Ok(())
}

/// The demo account with this username, if it exists.
pub async fn demo_account(pool: &PgPool, username: &str) -> Result<Option<Me>, AppError> {
    let username = Username::parse(username).map_err(AppError::internal)?;
    store::by_username(pool, &username).await
}

/// A demo clerk of Guangzhou (username, name, department code, unit, post,
/// TOTP secret) at that post; the new account's id.
async fn create_clerk(
    pool: &PgPool,
    key: &DataKey,
    (username, name, dept, unit, post, secret): &(&str, &str, &str, &str, &str, &str),
) -> Result<i64, AppError> {
    let (d, u, p) = store::find_post(pool, &format!("440100-{dept}"), unit, post)
        .await?
        .ok_or_else(|| AppError::internal(format!("no post {dept} {unit} {post}")))?;
    let official = NewOfficial {
        username: Username::parse(username).map_err(AppError::internal)?,
        password: DEMO_PASSWORD.into(),
        display_name: name.to_string(),
        role: Role::Staff,
        assignment: Assignment::Post(d, u, p),
        totp_secret: Some(secret.to_string()),
    };
    Ok(store::create_official(pool, key, official, None)
        .await?
        .0
        .id)
}

/// The head (处长) of the police's household registration division — the
/// unit of the overdue demo case's step, told when it is escalated:
/// username, name, department code, unit, post, TOTP secret.
pub const DEMO_UNIT_HEAD: (&str, &str, &str, &str, &str, &str) = (
    "head.gz.gaj",
    "王刚（广州市公安局 户政管理处 处长）",
    "GAJ",
    "户政管理处",
    "审批岗",
    "5SL46TAM35GM4BJHZZCHUBFKKUHOZHK2",
);

/// Adds what the deadline monitor's demo needs, on every start (so a data
/// directory made before it gets it too): the unit head above, and an
/// example e-mail address (`username@example.org`) for the demo officials
/// and `citizen.demo` that have none. Nothing without the demo accounts.
pub async fn load_notification_people(pool: &PgPool, key: &DataKey) -> Result<(), AppError> {
    if demo_account(pool, "citizen.demo").await?.is_none() {
        return Ok(());
    }
    let username = DEMO_UNIT_HEAD.0;
    let head = match demo_account(pool, username).await? {
        Some(me) => me.id,
        None => create_clerk(pool, key, &DEMO_UNIT_HEAD).await?,
    };
    sqlx::query("update staff set unit_head = true where account_id = $1 and not unit_head")
        .bind(head)
        .execute(pool)
        .await?;
    let mut names: Vec<&str> = DEMO_OFFICIALS.iter().map(|o| o.0).collect();
    names.extend(DEMO_CLERKS.iter().map(|c| c.0));
    names.extend([username, "citizen.demo"]);
    sqlx::query(
        "update account set email = username || '@example.org'
         where email is null and username = any($1)",
    )
    .bind(&names)
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::regions::{store::parse_csv, Level};

    #[test]
    fn the_demo_catalog_is_complete_and_valid() {
        let regions = parse_csv(crate::reference::REGIONS_CSV).unwrap();
        let demo = catalog(&regions).unwrap();
        let provincial = demo
            .departments
            .iter()
            .filter(|d| d.region.get() == 440000)
            .count();
        assert!(provincial >= 45, "{provincial} provincial departments");
        let cities = regions.iter().filter(|r| r.level == Level::City).count();
        assert_eq!(cities, 21);
        for city in regions.iter().filter(|r| r.level == Level::City) {
            assert!(
                demo.departments.iter().any(|d| d.region == city.code),
                "{} has departments",
                city.name.zh
            );
        }
        assert!(demo.items.len() >= 300, "{} items", demo.items.len());
        // Every item is valid, and codes are unique.
        let mut codes = std::collections::HashSet::new();
        for item in &demo.items {
            item.validate().unwrap();
            assert!(
                codes.insert(item.code.to_string()),
                "duplicate code {}",
                item.code
            );
        }
        // The real hall's most used services are there.
        let gz = |name: &str| {
            demo.items
                .iter()
                .find(|i| i.region.get() == 440100 && i.name.zh.contains(name))
                .unwrap_or_else(|| panic!("Guangzhou has no {name}"))
        };
        let marriage = demo
            .items
            .iter()
            .find(|i| i.region.get() == 440100 && i.key == "marriage-registration")
            .expect("Guangzhou has marriage registration");
        assert_eq!(marriage.name.zh, "内地居民婚姻登记");
        assert_eq!(
            marriage.code.to_string(),
            "440100-MZJ-0001",
            "the README names this code"
        );
        assert!(
            marriage.appointment,
            "marriage registration takes online appointments"
        );
        assert_eq!(marriage.dept.as_str(), "MZJ");
        assert!(!marriage.name.zh.contains('{') && !marriage.place.zh.contains('{'));
        assert!(marriage.place.zh.contains("广州") || marriage.place.en.contains("Guangzhou"));
        gz("生育登记");
        gz("往来港澳通行证");
        gz("提取");
        // Every department a step names has that unit.
        for item in &demo.items {
            let dept = demo
                .departments
                .iter()
                .find(|d| d.region == item.region && d.code == item.dept)
                .unwrap();
            for step in &item.steps {
                assert!(dept.units.iter().any(|u| u.name.zh == step.unit.zh));
            }
        }
    }

    #[test]
    fn every_demo_item_and_bundle_has_a_valid_process_and_form() {
        let regions = parse_csv(crate::reference::REGIONS_CSV).unwrap();
        let demo = catalog(&regions).unwrap();
        let posts = processes::post_map(&demo);
        let forms = forms().unwrap();
        for item in &demo.items {
            let process = processes::item_definition(item, &posts).unwrap();
            assert!(
                process.critical_days() <= u32::from(item.limits.statutory().get()),
                "{}: the outline takes longer than the statutory limit",
                item.code
            );
            let fields = forms.for_item(item);
            app::applications::form::check_definitions(&fields)
                .unwrap_or_else(|e| panic!("{}: {e}", item.code));
            assert!(!fields.is_empty(), "{} has a form", item.code);
        }
        let bundles = bundles().unwrap();
        let birth = bundles
            .iter()
            .find(|b| b.key == "birth")
            .expect("the birth bundle");
        assert_eq!(birth.items.len(), 4, "four departments");
        for bundle in &bundles {
            for city in regions.iter().filter(|r| r.level == Level::City) {
                let (process, items) =
                    processes::bundle_definition(bundle, city.code.get(), &demo.items, &posts)
                        .unwrap();
                let depts: std::collections::BTreeSet<_> =
                    items.iter().map(|i| i.dept.as_str()).collect();
                // A stage of an investment project reviews in parallel: a
                // department may have several of its items.
                if bundle.investment_stage.is_none() {
                    assert_eq!(
                        depts.len(),
                        items.len(),
                        "{}: one department per item",
                        bundle.key
                    );
                }
                // One form: the shared fields once.
                let parts: Vec<Vec<_>> = items.iter().map(|i| forms.for_item(i)).collect();
                let slices: Vec<&[_]> = parts.iter().map(Vec::as_slice).collect();
                let merged = app::applications::form::merge(&slices).unwrap();
                let total: usize = parts.iter().map(Vec::len).sum();
                assert!(
                    merged.len() < total,
                    "{}: shared fields asked once",
                    bundle.key
                );
                assert!(process.def().lead.is_some());
            }
        }
    }
}
