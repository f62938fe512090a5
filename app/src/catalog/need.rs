//! Finding from the need (issue 17): the words people use, the bundles
//! (一件事) they mean and the place where a service is handled (办理地).
//! Pure rules, shared by the store and the pages:
//!
//! - the synonym list of the catalog data ([`super::search::Synonyms`],
//!   `server/seed/catalog/synonyms.json`): a colloquial word (生孩子) and the
//!   catalog's word it means (出生), searched with each query.
//! - [`BundleEntry`]: a bundle of one region as the search sees it, and
//!   [`bundle_results`]: the bundles matching a search or a life event, one
//!   result per bundle across regions with its places.
//! - [`preferred`]: which place of a service a person sees first.

use super::{
    find::{BundleResult, Find, Place},
    search::index_terms,
    vocab::{Applicant, LifeEvent},
    Bilingual,
};
use crate::regions::RegionCode;

/// A bundle (一件事) of one region, as searching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleEntry {
    pub key: String,
    pub region: RegionCode,
    pub region_name: Bilingual,
    pub name: Bilingual,
    pub summary: Bilingual,
    pub life_event: Option<LifeEvent>,
    /// Who applies: `Individual` or `Enterprise` (a bundle never mixes them).
    pub applicant: Applicant,
    /// The stage (1–4) of an investment project it is, if one: applied for
    /// only with a registered project's code.
    pub investment_stage: Option<u8>,
}

impl BundleEntry {
    /// The words a search may find the bundle by: its names and its life
    /// event's names (出生一件事, 出生, Birth).
    pub fn terms(&self) -> Vec<String> {
        let event = self.life_event.map(|e| {
            [
                e.label(crate::i18n::Lang::Zh),
                e.label(crate::i18n::Lang::En),
            ]
        });
        index_terms(
            [self.name.zh.as_str(), self.name.en.as_str()]
                .into_iter()
                .chain(event.into_iter().flatten()),
        )
    }

    /// Where it is applied for: `/apply?bundle=REGION/KEY`; a stage of an
    /// investment project leads to the investment channel instead
    /// (`/investment?stage=N`), which says how a stage is applied for —
    /// with a registered project, from the project's page — since the
    /// application form alone cannot take it without a project code.
    pub fn href(&self) -> String {
        match self.investment_stage {
            Some(stage) => format!("/investment?stage={stage}"),
            None => format!("/apply?bundle={}/{}", self.region, self.key),
        }
    }
}

/// Whether a search or browse shows bundles at all: the filters that a
/// bundle has no value for (theme, group, stage, department) hide them.
fn shows_bundles(find: &Find) -> bool {
    find.page == 1
        && find.theme.is_none()
        && find.group.is_none()
        && find.stage.is_none()
        && find.department.is_none()
        && (find.q.is_some() || find.life_event.is_some())
}

/// Whether `region` is in the scope of `scope` (its own, its ancestors'
/// and descendants'; the province or none: everything).
pub fn in_scope(region: RegionCode, scope: Option<RegionCode>) -> bool {
    let Some(scope) = scope else { return true };
    let (r, s) = (region.get(), scope.get());
    s % 10_000 == 0
        || r == s
        || r == s - s % 100
        || r == s - s % 10_000
        || (s % 100 == 0 && r - r % 100 == s)
}

/// How near a place is to the person's region: their own region first,
/// then its city, then the province, then the rest by code.
fn nearness(region: RegionCode, place: Option<RegionCode>) -> (u8, u32) {
    let r = region.get();
    let rank = match place.map(RegionCode::get) {
        Some(p) if r == p => 0,
        Some(p) if r == p - p % 100 => 1,
        Some(p) if r == p - p % 10_000 => 2,
        _ => 3,
    };
    (rank, r)
}

/// The index of the place a person sees first among `regions`: theirs, or
/// its city's or the province's, or else the first by code.
pub fn preferred(regions: &[RegionCode], place: Option<RegionCode>) -> Option<usize> {
    (0..regions.len()).min_by_key(|&i| nearness(regions[i], place))
}

/// The bundles matching `find` (its words, synonyms included, or its life
/// event), one result per bundle across regions, in the order of `entries`
/// (first seen first); `place` is the person's region.
pub fn bundle_results(
    entries: &[BundleEntry],
    find: &Find,
    place: Option<RegionCode>,
) -> Vec<BundleResult> {
    if !shows_bundles(find) {
        return Vec::new();
    }
    let target = find.target.map(|t| t.applicant());
    let matches = |e: &BundleEntry| {
        let event_ok = find.life_event.is_none_or(|l| e.life_event == Some(l));
        let target_ok = target.is_none_or(|t| e.applicant == t);
        let words_ok = find.q.as_ref().is_none_or(|q| {
            let terms = e.terms();
            q.alternatives()
                .any(|alt| alt.iter().all(|t| terms.binary_search(t).is_ok()))
        });
        event_ok && target_ok && words_ok && in_scope(e.region, find.region)
    };
    let mut keys: Vec<&str> = Vec::new();
    for e in entries.iter().filter(|e| matches(e)) {
        if !keys.contains(&e.key.as_str()) {
            keys.push(&e.key);
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let mut mine: Vec<&BundleEntry> = entries
                .iter()
                .filter(|e| e.key == key && matches(e))
                .collect();
            mine.sort_by_key(|e| e.region.get());
            let regions: Vec<RegionCode> = mine.iter().map(|e| e.region).collect();
            let first = mine[preferred(&regions, place)?];
            let places = mine
                .iter()
                .map(|e| Place {
                    region: e.region,
                    name: e.region_name.clone(),
                    href: e.href(),
                })
                .collect::<Vec<_>>();
            Some(BundleResult {
                key: key.to_string(),
                name: first.name.clone(),
                summary: first.summary.clone(),
                place: Place {
                    region: first.region,
                    name: first.region_name.clone(),
                    href: first.href(),
                },
                places,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::find::FindParams;
    use crate::catalog::search::{SearchText, SynonymError, Synonyms};

    fn synonyms() -> Synonyms {
        Synonyms::parse_json(
            r#"[{"word": "出生", "synonyms": ["生孩子", "生小孩", "生娃"]},
                {"word": "社会保险", "synonyms": ["社保"]}]"#,
        )
        .unwrap()
    }

    fn code(n: u32) -> RegionCode {
        RegionCode::from_u32(n).unwrap()
    }

    fn entry(key: &str, region: u32, zh: &str, en: &str, event: LifeEvent) -> BundleEntry {
        BundleEntry {
            key: key.into(),
            region: code(region),
            region_name: Bilingual::new(format!("区{region}"), format!("R{region}")),
            name: Bilingual::new(zh, en),
            summary: Bilingual::new("", ""),
            life_event: Some(event),
            applicant: Applicant::Individual,
            investment_stage: None,
        }
    }

    fn entries() -> Vec<BundleEntry> {
        vec![
            entry(
                "birth",
                440100,
                "出生一件事",
                "Having a baby: one application",
                LifeEvent::Birth,
            ),
            entry(
                "birth",
                440300,
                "出生一件事",
                "Having a baby: one application",
                LifeEvent::Birth,
            ),
            entry(
                "retirement",
                440100,
                "退休一件事",
                "Retiring: one application",
                LifeEvent::Retirement,
            ),
        ]
    }

    fn find(pairs: &[(&str, &str)]) -> Find {
        let mut p = FindParams::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "q" => p.q = v,
                "region" => p.region = v,
                "life_event" => p.life_event = v,
                "theme" => p.theme = v,
                "target" => p.target = v,
                "page" => p.page = v,
                _ => unreachable!(),
            }
        }
        let mut f = Find::parse(&p).unwrap();
        if let Some(q) = f.q.take() {
            f.q = Some(q.with_synonyms(&synonyms()));
        }
        f
    }

    fn keys(pairs: &[(&str, &str)], place: Option<u32>) -> Vec<(String, String)> {
        bundle_results(&entries(), &find(pairs), place.map(code))
            .into_iter()
            .map(|b| (b.key, b.place.href))
            .collect()
    }

    #[test]
    fn colloquial_words_are_searched_as_the_catalog_s_word() {
        let s = synonyms();
        assert_eq!(s.rewrite("生孩子"), vec!["出生"]);
        assert_eq!(
            s.rewrite("生孩子 社保"),
            vec!["出生 社保", "生孩子 社会保险", "出生 社会保险"]
        );
        assert!(s.rewrite("结婚").is_empty());
        let q = SearchText::parse("生孩子")
            .unwrap()
            .unwrap()
            .with_synonyms(&s);
        assert_eq!(q.tsquery(), "('孩子' & '生孩') | ('出生')");
        assert_eq!(q.texts(), vec!["生孩子".to_string(), "出生".into()]);
    }

    #[test]
    fn a_bad_synonym_list_is_refused() {
        let bad = |json: &str| Synonyms::parse_json(json).unwrap_err();
        assert!(matches!(
            bad(r#"[{"word": "出生", "synonyms": ["  "]}]"#),
            SynonymError::Blank(_)
        ));
        assert!(matches!(
            bad(
                r#"[{"word": "出生", "synonyms": ["生娃"]}, {"word": "出世", "synonyms": ["生娃"]}]"#
            ),
            SynonymError::Twice(_)
        ));
        assert!(matches!(
            bad(r#"[{"word": "出生", "synonyms": ["出生"]}]"#),
            SynonymError::Itself(_)
        ));
        assert!(matches!(bad(r#"{"word": 1}"#), SynonymError::Json(_)));
    }

    #[test]
    fn the_shipped_synonym_list_is_valid() {
        let s = Synonyms::parse_json(include_str!("../../../server/seed/catalog/synonyms.json"))
            .unwrap();
        assert!(s.pairs().iter().any(|(w, c)| w == "生孩子" && c == "出生"));
    }

    #[test]
    fn bundles_are_found_by_name_life_event_and_synonym_once_across_regions() {
        let birth = (
            "birth".to_string(),
            "/apply?bundle=440100/birth".to_string(),
        );
        assert_eq!(keys(&[("q", "生孩子")], None), vec![birth.clone()]);
        assert_eq!(keys(&[("q", "出生一件事")], None), vec![birth.clone()]);
        assert_eq!(keys(&[("q", "baby")], None), vec![birth.clone()]);
        assert_eq!(keys(&[("life_event", "birth")], None), vec![birth.clone()]);
        // The person's region is the place shown first.
        assert_eq!(
            keys(&[("q", "出生")], Some(440305)),
            vec![(
                "birth".to_string(),
                "/apply?bundle=440300/birth".to_string()
            )]
        );
        let all = bundle_results(&entries(), &find(&[("q", "一件事")]), None);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].places.len(), 2);
        // A region sees its own; filters a bundle has no value for hide them.
        assert!(keys(&[("q", "出生"), ("region", "440400")], None).is_empty());
        assert!(keys(&[("q", "出生"), ("theme", "housing")], None).is_empty());
        assert!(keys(&[("q", "出生"), ("target", "enterprise")], None).is_empty());
        assert!(keys(&[("q", "出生"), ("page", "2")], None).is_empty());
        assert!(keys(&[("q", "xyzzy")], None).is_empty());
        assert!(keys(&[], None).is_empty());
    }

    #[test]
    fn a_stage_of_an_investment_project_leads_to_the_investment_channel() {
        let mut stage = entry(
            "investment-stage-2",
            440100,
            "工程建设许可阶段",
            "Construction permitting stage",
            LifeEvent::Birth,
        );
        stage.life_event = None;
        stage.investment_stage = Some(2);
        let found = bundle_results(&[stage], &find(&[("q", "工程建设许可")]), None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].place.href, "/investment?stage=2");
        assert_eq!(found[0].places[0].href, "/investment?stage=2");
    }

    #[test]
    fn the_place_first_shown_is_the_person_s() {
        let regions = [code(440000), code(440100), code(440300)];
        assert_eq!(preferred(&regions, Some(code(440300))), Some(2));
        assert_eq!(preferred(&regions, Some(code(440305))), Some(2));
        assert_eq!(preferred(&regions, Some(code(440500))), Some(0));
        assert_eq!(preferred(&regions[1..], None), Some(0));
        assert_eq!(preferred(&[], None), None);
        assert!(in_scope(code(440100), Some(code(440103))));
        assert!(in_scope(code(440000), Some(code(440103))));
        assert!(in_scope(code(440103), Some(code(440100))));
        assert!(!in_scope(code(440300), Some(code(440100))));
        assert!(in_scope(code(440300), Some(code(440000))));
    }
}
