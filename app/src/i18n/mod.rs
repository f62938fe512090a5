//! Languages and the message catalog: Chinese (zh-CN) first, English complete.
//!
//! Every message is one enum variant with both translations side by side, so
//! a missing translation does not compile and the WASM carries no lookup
//! tables beyond the strings themselves.

use serde::{Deserialize, Serialize};

/// A language of the hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese, the hall's first language.
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag used in `lang` attributes and cookies.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a language tag as used by the switch and the cookie.
    pub fn parse(tag: &str) -> Option<Lang> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh-hans" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the language for a visitor who has not chosen one: English only
    /// when the browser's first preference is English, Chinese otherwise.
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let first = accept_language
            .and_then(|h| h.split(',').next())
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        if first == "en" || first.starts_with("en-") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// This message in this language.
    pub fn t(self, msg: Msg) -> &'static str {
        let (zh, en) = msg.texts();
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

macro_rules! messages {
    ($($name:ident => ($zh:expr, $en:expr),)*) => {
        /// A message of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($name,)* }

        impl Msg {
            /// Every message, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// The (Chinese, English) texts of this message.
            pub fn texts(self) -> (&'static str, &'static str) {
                match self { $(Msg::$name => ($zh, $en),)* }
            }
        }
    };
}

messages! {
    SiteName => ("广东省网上办事大厅", "Guangdong Online Service Hall"),
    SiteTagline => ("办事从需求出发，不必先了解政府的机构设置。", "Start from what you need; you need not know how government is organised."),
    SkipToContent => ("跳到主要内容", "Skip to main content"),
    MainNav => ("主栏目", "Main sections"),
    Menu => ("菜单", "Menu"),
    Home => ("首页", "Home"),
    Breadcrumb => ("当前位置", "You are here"),
    CurrentRegion => ("当前地区", "Region"),
    Colon => ("：", ": "),
    SwitchRegion => ("切换", "Switch"),
    WholeCity => ("全市", "whole city"),
    LanguageSwitch => ("语言", "Language"),
    SwitchToOther => ("English", "中文"),
    ChannelsHeading => ("五大栏目", "The five channels"),
    ChannelDisclosure => ("政务公开", "Government Disclosure"),
    ChannelDisclosureAbout => ("各部门、各地区的新闻、通知公告、政策文件和新闻发布会，以及直接来自办件记录的统计数据。", "News, notices, policy documents and press conferences of every department and region, and statistics published straight from the case record."),
    ChannelInvestment => ("投资审批", "Investment Approval"),
    ChannelInvestmentAbout => ("投资项目按立项、报建、施工、竣工验收各阶段并联审批，企业在一条时间线上跟踪整个项目。", "Investment projects move through approval, pre-construction, construction and acceptance, with departments working in parallel; the enterprise follows the whole project on one timeline."),
    ChannelServices => ("网上办事", "Online Services"),
    ChannelServicesAbout => ("按需求、人生事件、主题或部门查找办事事项，在线申办、上传材料、跟踪进度。", "Find services by need, life event, theme or department; apply online, upload scanned documents and track progress."),
    ChannelInteraction => ("政民互动", "Interaction"),
    ChannelInteractionAbout => ("网上咨询、建议征集、在线访谈和热线工单，每项诉求的办理过程和结果公开可查。", "Online consultation, suggestions, live interviews and hotline tickets, each with its handling and result shown publicly."),
    ChannelSupervision => ("效能监察", "Efficiency Supervision"),
    ChannelSupervisionAbout => ("每个办理环节都有期限：临近期限黄牌提醒，逾期红牌督办；地区、部门和岗位按办件记录自动评星。", "Every step has a deadline: yellow alerts before it passes, red alerts and escalation after; regions, departments and posts are rated with stars straight from the record."),
    ItemDepartment => ("实施部门", "Department"),
    ItemKind => ("事项类型", "Kind"),
    ItemApplicant => ("服务对象", "Who may apply"),
    ItemStatutory => ("法定时限", "Statutory time limit"),
    ItemPromised => ("承诺时限", "Promised time limit"),
    WorkingDaysUnit => ("个工作日", "working days"),
    OnTheSpot => ("即办", "on the spot"),
    ItemFee => ("收费标准", "Fee"),
    FeeFree => ("不收费", "Free of charge"),
    YuanUnit => ("元", "yuan"),
    ItemOnline => ("网办深度", "Online"),
    ItemAppointment => ("预约办理", "Appointments"),
    AppointmentYes => ("可在线预约到现场办理", "A visit can be booked online"),
    AppointmentNo => ("无需预约", "No appointment needed"),
    ItemConditions => ("办理条件", "Conditions"),
    ItemMaterials => ("所需材料", "Required materials"),
    MaterialsTable => ("所需材料一览表（可横向滚动）", "Table of required materials (scrolls sideways)"),
    MaterialName => ("材料名称", "Material"),
    MaterialRequired => ("是否必需", "Required?"),
    MaterialScan => ("扫描件可替代原件", "Scan accepted instead of original"),
    MaterialCopies => ("份数", "Copies"),
    MaterialNotes => ("备注", "Notes"),
    Yes => ("是", "Yes"),
    No => ("否", "No"),
    ItemBasis => ("办事依据", "Legal basis"),
    ItemProcess => ("办理流程", "Process"),
    ItemWhereWhen => ("办理地点和时间", "Where and when"),
    ItemActions => ("办理", "Get it done"),
    ActionApply => ("在线申办", "Apply online"),
    ActionConsult => ("网上咨询", "Consult online"),
    ActionTrack => ("进度查询", "Track progress"),
    ActionComing => ("即将开放", "coming soon"),
    ActionsComingNote => ("在线申办、网上咨询和进度查询功能即将开放，目前请按上述地点和时间到现场办理。", "Applying online, consulting online and tracking progress are coming soon; until then, apply in person at the place and times above."),
    ItemNotFound => ("找不到该事项。", "There is no such service item."),
    NotBuiltYet => ("本栏目尚在建设中，暂无内容。", "This section is not built yet; it has no content so far."),
    NotBuiltYetDetail => ("建成后，本栏目将提供：", "When it is built, this section will offer:"),
    BackHome => ("返回首页", "Back to the home page"),
    NotFoundTitle => ("页面不存在", "Page not found"),
    NotFoundBody => ("您访问的页面不存在或已被移除。", "The page you asked for does not exist or has been removed."),
    FooterAbout => ("办事（Banshi）是开源的网上办事大厅。", "Banshi is an open-source online government service hall."),
    Loading => ("正在加载…", "Loading…"),
    RegionsUnavailable => ("地区列表暂时无法加载。", "The region list cannot be loaded right now."),
    ErrNotFound => ("找不到该资源。", "Not found."),
    ErrInvalidRegionCode => ("地区代码应为 6 位数字的行政区划代码。", "A region code is a 6-digit administrative division code."),
    ErrUnknownRegion => ("没有这个地区。", "There is no such region."),
    ErrInvalidServiceCode => ("事项编码格式不正确，应形如 440100-MZJ-0001。", "A service code looks like 440100-MZJ-0001."),
    ErrInvalidLanguage => ("不支持该语言。", "That language is not supported."),
    ErrCrossSite => ("请求来自其他网站，已被拒绝。", "The request came from another site and was refused."),
    ErrDatabaseUnavailable => ("服务暂时不可用，请稍后再试。", "The service is unavailable right now; please try again later."),
    ErrBadRequest => ("请求格式不正确。", "The request is malformed."),
    HintQuery => ("搜索词最多 64 个字。", "a search may have at most 64 characters."),
    HintRegion => ("应为六位行政区划代码，如 440100。", "expected a six-digit region code such as 440100."),
    HintDepartment => ("应为部门代码，如 MZJ 或 440100-MZJ（见 /api/v1/departments）。", "expected a department code such as MZJ or 440100-MZJ (see /api/v1/departments)."),
    HintTheme => ("应为主题代码（见 /api/v1/themes）。", "expected a theme code (see /api/v1/themes)."),
    HintLifeEvent => ("应为人生事件代码（见 /api/v1/life-events）。", "expected a life-event code (see /api/v1/life-events)."),
    HintGroup => ("应为特殊群体代码，如 elderly、disabled、students、veterans。", "expected a group code such as elderly, disabled, students or veterans."),
    HintStage => ("应为 establish、operate、change 或 deregister。", "expected establish, operate, change or deregister."),
    HintTarget => ("应为 individual 或 enterprise。", "expected individual or enterprise."),
    HintOnline => ("应为 true 或 false。", "expected true or false."),
    HintPage => ("应为 1 到 500 之间的页码。", "expected a page number from 1 to 500."),
    FindTitle => ("查找服务", "Find a service"),
    SearchLabel => ("搜索办事事项", "Search services"),
    SearchPlaceholder => ("如：婚姻登记、社保、passport", "e.g. marriage, social insurance, 婚姻登记"),
    SearchButton => ("搜索", "Search"),
    SearchHelp => ("可输入事项名称、别名、条件或材料中的字词，中英文均可。", "Type words from a service's name, other names, conditions or materials, in Chinese or English."),
    Suggestions => ("建议", "Suggestions"),
    SuggestionsCount => ("条建议", "suggestions"),
    ByTheme => ("按主题", "By theme"),
    ByLifeEvent => ("按人生事件", "By life event"),
    ByGroup => ("按特殊群体", "By group"),
    ByStage => ("企业全生命周期", "Enterprise life cycle"),
    ByDepartment => ("按部门", "By department"),
    HotServices => ("热门服务", "Popular services"),
    HotServicesNone => ("还没有足够的浏览记录；有人查看事项后，这里会列出最常被查看的服务。", "Not enough visits yet: once people view services, the most viewed appear here."),
    HotServicesAbout => ("按近 30 天的实际浏览次数排列。", "Ranked by actual views over the last 30 days."),
    ItemsCount => ("项", "services"),
    ServicesIn => ("适用地区", "Services for"),
    RegionScopeNote => ("包括全省、本市及所辖区县的事项。可在页首切换地区。", "Includes province-wide services and those of the city and its districts. Switch region at the top of the page."),
    ProvinceScopeNote => ("当前为全省：显示所有地市的事项。在页首选择您所在的城市可只看本地事项。", "Showing the whole province: every city's services. Choose your city at the top of the page to see only local ones."),
    ProvinceDepartmentsNote => ("省直部门。选择城市后可按该市部门查找。", "Provincial departments. Choose a city to browse its departments too."),
    Results => ("查找结果", "Results"),
    ResultsFor => ("的查找结果", "Results for"),
    ResultsTotal => ("共找到", "Found"),
    NoResults => ("没有找到符合条件的事项。", "No service matches."),
    NoResultsHelp => ("试试更短的词、去掉筛选条件，或从人生事件开始找：", "Try fewer or shorter words, remove a filter, or start from a life event:"),
    Filters => ("筛选", "Filters"),
    FilterTarget => ("服务对象", "For"),
    FilterAny => ("不限", "Any"),
    FilterOnline => ("只看可网上申办的", "Only services I can apply for online"),
    FilterApply => ("应用筛选", "Apply filters"),
    FilterClear => ("清除全部条件", "Clear all"),
    FilterDepartment => ("部门", "Department"),
    Pagination => ("分页", "Pages"),
    PrevPage => ("上一页", "Previous"),
    NextPage => ("下一页", "Next"),
    PageOf => ("页", "page"),
    ResultRegion => ("地区", "Region"),
    ResultPromised => ("承诺", "Promised"),
    TargetIndividual => ("个人办事", "For individuals"),
    TargetEnterprise => ("法人办事", "For enterprises"),
    EnterpriseLifecycleAbout => ("从开办到注销，企业每个阶段要办的事。", "What an enterprise must do at each stage, from setting up to closing down."),
    ErrInternal => ("系统出错了，请稍后再试。请求编号：", "Something went wrong; please try again later. Request id:"),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            let (zh, en) = m.texts();
            assert!(!zh.trim().is_empty(), "{m:?} lacks Chinese");
            assert!(!en.trim().is_empty(), "{m:?} lacks English");
        }
    }

    #[test]
    fn tags_round_trip() {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::Zh.other(), Lang::En);
    }

    #[test]
    fn negotiation_prefers_chinese_unless_english_comes_first() {
        assert_eq!(Lang::negotiate(None), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("zh-CN,zh;q=0.9,en;q=0.8")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(Some("fr-FR,en;q=0.5")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("")), Lang::Zh);
    }
}
