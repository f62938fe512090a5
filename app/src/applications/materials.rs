//! The materials (申请材料) of an application as upload slots: one slot per
//! material of the item or bundle that a scan may stand for (a material
//! two parts of a bundle both list is asked once), each required or
//! conditional, and the rule that a submission has a scan for every
//! required one.

use crate::{
    error::FieldRefusal,
    i18n::{Bilingual, Lang, Msg},
};
use serde::{Deserialize, Serialize};

/// One material a form asks a scan of.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialSlot {
    /// `<item code>-m<position>`, e.g. `440100-WJJ-0002-m0`: the material
    /// of the catalog it is (the first part's, in a bundle).
    pub key: String,
    pub name: Bilingual,
    /// Required (必须提交); otherwise conditional (视情况提交: the notes say when).
    pub required: bool,
    pub notes: Bilingual,
    /// A sample (样表) to look at, where the catalog has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// The part (1-based) whose material it is first.
    pub part: i16,
}

/// A material of one item, as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogMaterial {
    pub position: i16,
    pub name: Bilingual,
    pub required: bool,
    pub scan_accepted: bool,
    /// The online form is this material (a 登记表 filled in online).
    pub filled_online: bool,
    pub notes: Bilingual,
    pub sample: Option<String>,
}

/// The key of material `position` of item `item_code`.
pub fn material_key(item_code: &str, position: i16) -> String {
    format!("{item_code}-m{position}")
}

/// Whether `s` has the shape of a material key (so it may name an input).
pub fn is_material_key(s: &str) -> bool {
    let Some((code, position)) = s.rsplit_once("-m") else {
        return false;
    };
    crate::catalog::ServiceCode::parse(code).is_ok()
        && (1..=3).contains(&position.len())
        && position.bytes().all(|b| b.is_ascii_digit())
}

/// The upload slots of a target from its parts' materials (`(item code,
/// materials)` in part order): the materials a scan may stand for, except
/// those the online form itself is; a name listed by several parts once,
/// required if any part requires it.
pub fn slots(parts: &[(String, Vec<CatalogMaterial>)]) -> Vec<MaterialSlot> {
    let mut out: Vec<MaterialSlot> = Vec::new();
    for (n, (code, materials)) in parts.iter().enumerate() {
        for m in materials
            .iter()
            .filter(|m| m.scan_accepted && !m.filled_online)
        {
            match out.iter_mut().find(|s| s.name.zh == m.name.zh) {
                Some(slot) => {
                    slot.required |= m.required;
                    if slot.sample.is_none() {
                        slot.sample = m.sample.clone();
                    }
                }
                None => out.push(MaterialSlot {
                    key: material_key(code, m.position),
                    name: m.name.clone(),
                    required: m.required,
                    notes: m.notes.clone(),
                    sample: m.sample.clone(),
                    part: n as i16 + 1,
                }),
            }
        }
    }
    out
}

/// A scan chosen for a material: the upload's id and the slot's key.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenUpload {
    pub id: i64,
    pub material: String,
}

/// The input of a slot's file field and the id its error points to.
pub fn input_name(slot_key: &str) -> String {
    format!("scan.{slot_key}")
}

/// The id of a slot's file input (the error summary links to it).
pub fn input_id(slot_key: &str) -> String {
    format!("scan-{slot_key}")
}

/// A required material without a scan, as a refusal at its file input
/// naming it ("请上传居民身份证。").
pub fn missing(slots: &[MaterialSlot], chosen: &[ChosenUpload]) -> Vec<FieldRefusal> {
    slots
        .iter()
        .filter(|s| s.required && !chosen.iter().any(|c| c.material == s.key))
        .map(|s| {
            FieldRefusal::new(
                &input_id(&s.key),
                &serde_json::json!({"problem": "material_missing", "material": s.key}),
                Bilingual::each(|lang| {
                    lang.fill(
                        Msg::MaterialMissing,
                        &[(
                            "material",
                            &super::form::label_in_sentence(s.name.get(lang), lang),
                        )],
                    )
                }),
            )
        })
        .collect()
}

/// The refusal of a submission whose applicant has not agreed to the
/// declaration (承诺), at its check box.
pub fn declaration_missing() -> FieldRefusal {
    FieldRefusal::new(
        "declaration",
        &serde_json::json!({"problem": "declaration_required"}),
        Bilingual::each(|lang: Lang| lang.t(Msg::DeclarationRequired).to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(position: i16, zh: &str, required: bool, scan: bool) -> CatalogMaterial {
        CatalogMaterial {
            position,
            name: Bilingual::new(zh, zh),
            required,
            scan_accepted: scan,
            filled_online: false,
            notes: Bilingual::default(),
            sample: None,
        }
    }

    #[test]
    fn one_slot_per_material_a_shared_one_once_required_if_any_part_requires_it() {
        let mut form = m(1, "社会保障卡申领登记表", true, true);
        form.filled_online = true;
        let parts = vec![
            (
                "440100-WJJ-0002".to_string(),
                vec![m(0, "居民身份证", true, true), m(2, "结婚证", false, true)],
            ),
            (
                "440100-GAJ-0003".to_string(),
                vec![
                    m(0, "出生医学证明", true, false),
                    m(3, "结婚证", false, true),
                ],
            ),
            (
                "440100-RSJ-0004".to_string(),
                vec![
                    form,
                    m(4, "居住证", false, true),
                    m(5, "结婚证", true, true),
                ],
            ),
        ];
        let got = slots(&parts);
        let keys: Vec<(&str, bool, i16)> = got
            .iter()
            .map(|s| (s.key.as_str(), s.required, s.part))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("440100-WJJ-0002-m0", true, 1),
                ("440100-WJJ-0002-m2", true, 1),
                ("440100-RSJ-0004-m4", false, 3),
            ]
        );
        assert!(got.iter().all(|s| is_material_key(&s.key)));
        assert!(!is_material_key("440100-WJJ-0002"));
        assert!(!is_material_key("x-m1"));

        let chosen = vec![ChosenUpload {
            id: 7,
            material: "440100-WJJ-0002-m0".into(),
        }];
        let missing = missing(&got, &chosen);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].field, "scan-440100-WJJ-0002-m2");
        assert_eq!(missing[0].text.zh, "请上传结婚证。");
    }
}
