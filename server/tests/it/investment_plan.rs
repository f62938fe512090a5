//! The demo catalog's investment approval (投资审批): the four stages of a
//! project as bundles of Guangzhou, their definitions, the permits issued
//! on commitment, the permits a stage needs, and the plan against the
//! target in working days.

use crate::common;
use common::{database, Seed};

use app::investment::{plan_fits, Stage};
use app::workflow::{
    definition::{ProcessDef, StepKind},
    outline::{JOINT_ISSUE_STEP, JOINT_STEP},
};
use std::collections::BTreeSet;

/// A stage as stored: its bundle id, stage number, definition, items in
/// order with their department code and commitment flag.
struct StoredStage {
    id: i64,
    stage: i16,
    def: ProcessDef,
    items: Vec<(i64, String, bool)>,
}

async fn stages(pool: &sqlx::PgPool, region: i32) -> Vec<StoredStage> {
    let rows: Vec<(i64, i16, serde_json::Value)> = sqlx::query_as(
        "select b.id, b.investment_stage, p.definition from bundle b
         join process_definition p on p.bundle_id = b.id
         where b.region_code = $1 and b.investment_stage is not null
         order by b.investment_stage",
    )
    .bind(region)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for (id, stage, def) in rows {
        let items: Vec<(i64, String, bool)> = sqlx::query_as(
            "select i.id, d.code, bi.commitment from bundle_item bi
             join service_item i on i.id = bi.item_id
             join department d on d.id = i.department_id
             where bi.bundle_id = $1 order by bi.position",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
        out.push(StoredStage {
            id,
            stage,
            def: serde_json::from_value(def).unwrap(),
            items,
        });
    }
    out
}

#[tokio::test]
async fn guangzhou_has_the_four_stages_within_the_target() {
    let pool = database(Seed::Demo).await;
    let stages = stages(&pool, 440100).await;
    let numbers: Vec<i16> = stages.iter().map(|s| s.stage).collect();
    assert_eq!(numbers, [1, 2, 3, 4], "four stages in order");

    let mut plan = Vec::new();
    let mut earlier_items = BTreeSet::new();
    for s in &stages {
        let stage = Stage::from_number(s.stage).unwrap();
        // The validator also bounds every run of unmarked steps (≤ 3).
        let valid = s.def.clone().validate().unwrap();
        let lead = s.def.lead.clone().expect("a lead unit");
        assert!(s.items.len() <= 6, "stage {}: at most 6 items", s.stage);

        // A commitment item has its later verification and no review: a
        // follow-up that leads nowhere, not on the stage's critical path
        // (the permit is issued on acceptance).
        for (n, (_, _, commitment)) in s.items.iter().enumerate() {
            let n = n + 1;
            let has = |key: String| s.def.steps.iter().any(|st| st.key == key);
            if *commitment {
                let key = format!("p{n}-verify");
                let verify = s.def.steps.iter().find(|st| st.key == key);
                let verify = verify.unwrap_or_else(|| panic!("stage {} part {n}", s.stage));
                assert!(verify.follow_up && verify.limit_days == 20);
                assert!(!s.def.edges.iter().any(|(from, _)| *from == key));
                assert!(!has(format!("p{n}-review")));
                assert_eq!(
                    valid.with_limit(&key, 0).critical_days(),
                    valid.critical_days(),
                    "stage {}: the verification does not hold the stage",
                    s.stage
                );
            } else {
                assert!(has(format!("p{n}-review")), "stage {} part {n}", s.stage);
            }
        }
        if stage == Stage::LandPlanning {
            assert!(
                s.items.iter().any(|i| i.2),
                "stage 1 issues the environmental approval on commitment"
            );
        }

        if stage.is_joint() {
            let joint = s.def.steps.iter().find(|st| st.key == JOINT_STEP).unwrap();
            assert_eq!(joint.kind, StepKind::JointInspection);
            assert_eq!(
                (&joint.owner.department, &joint.owner.unit),
                (&lead.department, &lead.unit),
                "the lead unit organises the joint inspection"
            );
            assert_eq!(joint.limit_days, 8);
            assert!(s.def.steps.iter().any(|st| st.key == JOINT_ISSUE_STEP));
            let depts: BTreeSet<&str> = s.items.iter().map(|i| i.1.as_str()).collect();
            assert!(depts.len() >= 5, "joint acceptance of {depts:?}");
        }

        // The permits a stage needs are items of earlier stages.
        let needs: Vec<i64> =
            sqlx::query_scalar("select item_id from investment_stage_need where bundle_id = $1")
                .bind(s.id)
                .fetch_all(&pool)
                .await
                .unwrap();
        if stage != Stage::LandPlanning {
            assert!(!needs.is_empty(), "stage {} needs a permit", s.stage);
        }
        for item in needs {
            assert!(
                earlier_items.contains(&item),
                "stage {} needs item {item} of an earlier stage",
                s.stage
            );
        }
        earlier_items.extend(s.items.iter().map(|i| i.0));
        plan.push((stage, valid.critical_days()));
    }
    let total = plan_fits(&plan, 120).unwrap_or_else(|e| panic!("{plan:?}: {e}"));
    assert_eq!(plan_fits(&plan, 90), Ok(total), "{plan:?}");

    // The stages are not life events, and every city has them.
    let (with_event, cities): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where life_event is not null),
                count(distinct region_code)
         from bundle where investment_stage is not null",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((with_event, cities), (0, 21));
}

#[tokio::test]
async fn the_drawings_are_one_material_of_the_third_stage() {
    let pool = database(Seed::Demo).await;
    let parts: i64 = sqlx::query_scalar(
        "select count(distinct bi.item_id) from bundle b
         join bundle_item bi on bi.bundle_id = b.id
         join service_material m on m.item_id = bi.item_id
         where b.region_code = 440100 and b.investment_stage = 3 and m.name_zh = '施工图设计文件'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        parts, 3,
        "technical, fire protection and civil air defence reviews"
    );
}
