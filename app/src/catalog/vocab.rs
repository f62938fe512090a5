//! The catalog's fixed vocabularies: kinds, applicants, online depth,
//! enterprise stages, themes, life events and special groups. Each value has
//! a stable snake_case code (database, API, URLs) and labels in both languages.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($code:literal, $zh:literal, $en:literal),)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($variant,)* }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            /// Parses a stable code.
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)* _ => None }
            }

            /// The label shown to people.
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Zh) => $zh, ($name::$variant, Lang::En) => $en,)*
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                Self::parse(&s).ok_or_else(|| format!("unknown {} {s:?}", stringify!($name)))
            }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str {
                v.code()
            }
        }

        /// In the API a value is its stable code.
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code,)*]))
                    .into()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}
    };
}

vocabulary! {
    /// The legal kind of an item (事项类型).
    ItemKind {
        Licensing => ("licensing", "行政许可", "Administrative licensing"),
        Confirmation => ("confirmation", "行政确认", "Administrative confirmation"),
        Payment => ("payment", "行政给付", "Administrative payment"),
        Ruling => ("ruling", "行政裁决", "Administrative ruling"),
        Reward => ("reward", "行政奖励", "Administrative reward"),
        Filing => ("filing", "备案", "Filing"),
        PublicService => ("public_service", "公共服务", "Public service"),
        Other => ("other", "其他行政权力", "Other administrative power"),
    }
}

vocabulary! {
    /// Who may apply (服务对象).
    Applicant {
        Individual => ("individual", "个人", "Individuals"),
        Enterprise => ("enterprise", "法人", "Enterprises"),
        Both => ("both", "个人和法人", "Individuals and enterprises"),
    }
}

vocabulary! {
    /// How far an item can be done online (网办深度), shallow to deep.
    OnlineDepth {
        InfoOnly => ("info_only", "办事指南", "Information only"),
        ConsultOnline => ("consult_online", "网上咨询", "Consult online"),
        ApplyOnline => ("apply_online", "网上申办", "Apply online"),
        FullyOnline => ("fully_online", "全程网办", "Fully online"),
    }
}

vocabulary! {
    /// The enterprise life-cycle stage an item serves.
    Stage {
        Establish => ("establish", "设立", "Establishment"),
        Operate => ("operate", "经营", "Operation"),
        Change => ("change", "变更", "Changes"),
        Deregister => ("deregister", "注销", "Deregistration"),
    }
}

vocabulary! {
    /// A theme (主题) of the navigator.
    Theme {
        Household => ("household", "户籍办理", "Household registration"),
        MarriageFamily => ("marriage_family", "婚姻家庭", "Marriage and family"),
        BirthParenting => ("birth_parenting", "生育收养", "Birth and adoption"),
        Education => ("education", "教育科研", "Education and research"),
        Employment => ("employment", "就业创业", "Jobs and starting up"),
        SocialInsurance => ("social_insurance", "社会保险", "Social insurance"),
        Medical => ("medical", "医疗卫生", "Health care"),
        Housing => ("housing", "住房保障", "Housing"),
        HousingFund => ("housing_fund", "住房公积金", "Housing provident fund"),
        Transport => ("transport", "交通出行", "Transport"),
        ExitEntry => ("exit_entry", "出境入境", "Exit and entry"),
        Tax => ("tax", "纳税缴费", "Taxes and fees"),
        Business => ("business", "设立变更", "Business registration"),
        Qualification => ("qualification", "职业资格", "Professional qualifications"),
        CultureTourism => ("culture_tourism", "文化旅游", "Culture and tourism"),
        Agriculture => ("agriculture", "农林牧渔", "Farming, forestry and fishing"),
        Environment => ("environment", "生态环境", "Environment"),
        Construction => ("construction", "工程建设", "Construction projects"),
        CivilAffairs => ("civil_affairs", "民政事务", "Civil affairs"),
        Veterans => ("veterans", "优待抚恤", "Veterans and survivors"),
        Legal => ("legal", "公证法律", "Notary and legal services"),
        ElderlyCare => ("elderly_care", "养老服务", "Elderly care"),
        Disability => ("disability", "残疾人服务", "Services for disabled people"),
        IntellectualProperty => ("intellectual_property", "知识产权", "Intellectual property"),
        Trade => ("trade", "商务贸易", "Commerce and trade"),
    }
}

vocabulary! {
    /// A life event (人生事件) people start from.
    LifeEvent {
        Birth => ("birth", "出生", "Having a baby"),
        School => ("school", "上学", "Going to school"),
        FirstJob => ("first_job", "就业", "Starting work"),
        Unemployment => ("unemployment", "失业", "Losing a job"),
        Marriage => ("marriage", "结婚", "Getting married"),
        Moving => ("moving", "迁居", "Moving home"),
        BuyingHome => ("buying_home", "购房", "Buying a home"),
        StartingBusiness => ("starting_business", "创业", "Starting a business"),
        Retirement => ("retirement", "退休", "Retiring"),
        Death => ("death", "身后事", "After a death"),
    }
}

vocabulary! {
    /// A special group (特殊人群) with services of its own.
    Group {
        Elderly => ("elderly", "老年人", "Older people"),
        Disabled => ("disabled", "残疾人", "Disabled people"),
        Students => ("students", "学生", "Students"),
        Veterans => ("veterans", "退役军人", "Veterans"),
        Minors => ("minors", "未成年人", "Minors"),
        LowIncome => ("low_income", "低收入群体", "People on low incomes"),
        Women => ("women", "妇女", "Women"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        code: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
        label: fn(T, Lang) -> &'static str,
    ) {
        let mut codes = std::collections::HashSet::new();
        for &v in all {
            assert_eq!(parse(code(v)), Some(v));
            assert!(codes.insert(code(v)), "duplicate code {}", code(v));
            assert!(!label(v, Lang::Zh).is_empty() && !label(v, Lang::En).is_empty());
        }
        assert_eq!(parse("no_such_code"), None);
    }

    #[test]
    fn every_vocabulary_round_trips_and_is_translated() {
        check(
            ItemKind::ALL,
            ItemKind::code,
            ItemKind::parse,
            ItemKind::label,
        );
        check(
            Applicant::ALL,
            Applicant::code,
            Applicant::parse,
            Applicant::label,
        );
        check(
            OnlineDepth::ALL,
            OnlineDepth::code,
            OnlineDepth::parse,
            OnlineDepth::label,
        );
        check(Stage::ALL, Stage::code, Stage::parse, Stage::label);
        check(Theme::ALL, Theme::code, Theme::parse, Theme::label);
        check(
            LifeEvent::ALL,
            LifeEvent::code,
            LifeEvent::parse,
            LifeEvent::label,
        );
        check(Group::ALL, Group::code, Group::parse, Group::label);
    }

    #[test]
    fn serde_uses_the_codes() {
        assert_eq!(
            serde_json::to_string(&Theme::HousingFund).unwrap(),
            "\"housing_fund\""
        );
        assert_eq!(
            serde_json::from_str::<LifeEvent>("\"marriage\"").unwrap(),
            LifeEvent::Marriage
        );
        assert!(serde_json::from_str::<LifeEvent>("\"wedding\"").is_err());
        assert!(
            OnlineDepth::FullyOnline > OnlineDepth::ApplyOnline,
            "depth is ordered"
        );
    }
}
