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
    // In the browser, inlined so that an island's constant message folds to
    // its two texts and the rest of the catalog stays out of the WASM.
    #[cfg_attr(feature = "hydrate", inline(always))]
    pub fn t(self, msg: Msg) -> &'static str {
        let (zh, en) = msg.texts();
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// This message in this language with its `{name}` placeholders filled
    /// in: the two languages put details in different places, so the whole
    /// sentence is the message.
    ///
    /// A count is always `{n}`; an English message with a count has two
    /// forms, `one|other` ("{n} working day|{n} working days"), and the one
    /// for `n` is chosen here (Chinese has one form).
    #[cfg_attr(feature = "hydrate", inline(always))]
    pub fn fill(self, msg: Msg, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let n = args
            .iter()
            .find(|(name, _)| *name == "n")
            .map(|(_, n)| n.to_string());
        let text = plural(self.t(msg), n.as_deref().unwrap_or(""));
        args.iter().fold(text.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), &value.to_string())
        })
    }
}

/// The form of a message with a count (`one|other`) for the count `n` as
/// written: "1" takes the first, any other the second; a message with one
/// form is itself.
pub fn plural<'a>(text: &'a str, n: &str) -> &'a str {
    match text.split_once('|') {
        Some((one, _)) if n == "1" => one,
        Some((_, other)) => other,
        None => text,
    }
}

const SIZE_KIB: u64 = 1024;
const SIZE_MIB: u64 = 1024 * SIZE_KIB;
const SIZE_GIB: u64 = 1024 * SIZE_MIB;

/// A size as people read it: "820 KB", "1.5 MB" (binary units, one decimal at most).
pub fn human_size(bytes: u64) -> String {
    if bytes < SIZE_KIB {
        return format!("{bytes} B");
    }
    // u128 so rounding up near u64::MAX cannot overflow.
    let rounded = |scale: u128, unit: u64| {
        let unit = u128::from(unit);
        (u128::from(bytes) * scale + unit / 2) / unit
    };
    let kib = rounded(1, SIZE_KIB);
    if kib < u128::from(SIZE_KIB) {
        return format!("{kib} KB");
    }
    let tenths = |unit: u64| rounded(10, unit);
    let (tenths, unit) = match tenths(SIZE_MIB) {
        t if t < 10 * 1024 => (t, "MB"),
        _ => (tenths(SIZE_GIB), "GB"),
    };
    match tenths % 10 {
        0 => format!("{} {unit}", tenths / 10),
        d => format!("{}.{d} {unit}", tenths / 10),
    }
}

/// A text in both languages (names of departments, steps, services; a
/// refusal's message), chosen at the moment it is shown.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// Both translations of a catalog message.
    pub fn of(msg: Msg) -> Self {
        let (zh, en) = msg.texts();
        Bilingual::new(zh, en)
    }

    /// Both translations, each made by `text` in its language (messages
    /// with details filled in).
    pub fn each(text: impl Fn(Lang) -> String) -> Self {
        Bilingual {
            zh: text(Lang::Zh),
            en: text(Lang::En),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Both translations present (not blank).
    pub fn is_complete(&self) -> bool {
        !self.zh.trim().is_empty() && !self.en.trim().is_empty()
    }
}

/// Read from SQL as a row of the two texts, Chinese first:
/// `select row(d.name_zh, d.name_en) …` is a `Bilingual` column. Of a left
/// join, `case when i.id is not null then row(i.name_zh, i.name_en) end`
/// is an `Option<Bilingual>` (a row of two nulls is not null: it fails).
#[cfg(feature = "ssr")]
impl sqlx::Type<sqlx::Postgres> for Bilingual {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <(String, String) as sqlx::Type<sqlx::Postgres>>::type_info()
    }
}

#[cfg(feature = "ssr")]
impl<'r> sqlx::Decode<'r, sqlx::Postgres> for Bilingual {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let (zh, en) = <(String, String) as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
        Ok(Bilingual { zh, en })
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    static CURRENT: Lang;
}

#[cfg(feature = "ssr")]
impl Lang {
    /// The language of the request being served (the server's request
    /// layer sets it for every request); Chinese outside a request.
    pub fn current() -> Lang {
        CURRENT.try_with(|l| *l).unwrap_or_default()
    }

    /// Runs `fut` with this as the current request's language.
    pub async fn scope<F: std::future::Future>(self, fut: F) -> F::Output {
        CURRENT.scope(self, fut).await
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
            #[cfg_attr(feature = "hydrate", inline(always))]
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
    ListSeparator => ("、", ", "),
    Semicolon => ("；", "; "),
    Parenthesised => ("（{text}）", " ({text})"),
    SwitchRegion => ("切换", "Switch"),
    WholeCityOf => ("{city}（全市）", "{city} (whole city)"),
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
    WorkingDays => ("{n}个工作日", "{n} working day|{n} working days"),
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
    ActionsComingNote => ("网上咨询功能即将开放。不能在线申办的事项，请按上述地点和时间到现场办理。", "Consulting online is coming soon. Services that cannot be applied for online are handled in person at the place and times above."),
    ActionNotOnline => ("请到现场办理", "in person only"),
    ItemNotFound => ("找不到该事项。", "There is no such service item."),
    NotBuiltYet => ("本栏目尚在建设中，暂无内容。", "This section is not built yet; it has no content so far."),
    PartlyBuilt => ("以上部分已开放，本栏目其余部分尚在建设中。", "The parts above are open; the rest of this section is not built yet."),
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
    ErrMethodNotAllowed => ("此地址不接受这种请求方法。", "This address does not take this request method."),
    ErrBodyTooLarge => ("提交的内容超过 {size} 上限，请减少内容或附件后再提交。", "What was sent is larger than the {size} allowed: send less text or fewer files."),
    ErrInvalidParameter => ("参数 {name} 无效：{hint}", "The parameter “{name}” is not valid: {hint}"),
    HintQuery => ("搜索词最多 64 个字。", "a search may have at most 64 characters."),
    HintDate => ("应为真实的日期，格式为 YYYY-MM-DD，如 2026-10-01。", "expected a real date written YYYY-MM-DD, such as 2026-10-01."),
    HintWorkingDays => ("应为 0 至 10000 的整数（工作日数）。", "expected a whole number of working days from 0 to 10000."),
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
    SuggestionsCount => ("{n} 条建议", "{n} suggestion|{n} suggestions"),
    ByTheme => ("按主题", "By theme"),
    ByLifeEvent => ("按人生事件", "By life event"),
    ByGroup => ("按特殊群体", "By group"),
    ByStage => ("企业全生命周期", "Enterprise life cycle"),
    ByDepartment => ("按部门", "By department"),
    HotServices => ("热门服务", "Popular services"),
    HotServicesNone => ("还没有足够的浏览记录；有人查看事项后，这里会列出最常被查看的服务。", "Not enough visits yet: once people view services, the most viewed appear here."),
    HotServicesAbout => ("按近 30 天的实际浏览次数排列。", "Ranked by actual views over the last 30 days."),
    ItemsCount => ("{n} 项", "{n} service|{n} services"),
    ServicesIn => ("适用地区", "Services for"),
    RegionScopeNote => ("包括全省、本市及所辖区县的事项。可在页首切换地区。", "Includes province-wide services and those of the city and its districts. Switch region at the top of the page."),
    ProvinceScopeNote => ("当前为全省：显示所有地市的事项。在页首选择您所在的城市可只看本地事项。", "Showing the whole province: every city's services. Choose your city at the top of the page to see only local ones."),
    ProvinceDepartmentsNote => ("省直部门。选择城市后可按该市部门查找。", "Provincial departments. Choose a city to browse its departments too."),
    Results => ("查找结果", "Results"),
    ResultsForQuery => ("“{q}”的查找结果", "Results for “{q}”"),
    ResultsTotal => ("共找到 {n} 项", "Found {n} service|Found {n} services"),
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
    // accounts: identity validation
    IdLength => ("身份证号码应为 18 位，请核对是否多输或漏输。", "A resident ID number has 18 characters; please check for a missing or extra one."),
    IdCharacters => ("身份证号码应为 17 位数字，最后一位为数字或字母 X。", "A resident ID number is 17 digits followed by a digit or the letter X."),
    IdRegion => ("身份证号码前两位不是有效的省级行政区代码，请核对。", "The first two digits of this ID number are not a province code; please check them."),
    IdBirthDate => ("身份证号码第 7 至 14 位应为真实的出生日期（年月日，如 19491231），请核对。", "Characters 7 to 14 of an ID number are the date of birth as year, month, day (e.g. 19491231); these are not a real date. Please check them."),
    IdChecksum => ("身份证号码校验位不正确，请核对最后一位。", "The last character of this ID number does not match the others; please check it."),
    CreditLength => ("统一社会信用代码应为 18 位，请核对是否多输或漏输。", "A unified social credit code has 18 characters; please check for a missing or extra one."),
    CreditCharacters => ("统一社会信用代码只含数字和大写字母，且不含 I、O、S、V、Z。", "A unified social credit code has only digits and capital letters, never I, O, S, V or Z."),
    CreditRegion => ("统一社会信用代码第 3 至 8 位应为 6 位数字的行政区划代码，请核对。", "Characters 3 to 8 of a unified social credit code are a six-digit region code; please check them."),
    CreditChecksum => ("统一社会信用代码校验位不正确，请核对最后一位。", "The last character of this credit code does not match the others; please check it."),
    MobileInvalid => ("手机号码应为 11 位数字，以 13 至 19 开头，如 138 0013 8000。", "A mobile number has 11 digits starting with 13 to 19, e.g. 138 0013 8000 (the +86 prefix is optional)."),
    PasswordTooShort => ("密码至少需要 10 个字符。", "A password needs at least 10 characters."),
    PasswordTooLong => ("密码最多 128 个字符。", "A password may have at most 128 characters."),
    PasswordTooSimple => ("密码需包含以下四类中的至少三类：小写字母、大写字母、数字、其他符号。", "A password needs at least three of: lower-case letters, capital letters, digits, other symbols."),
    PasswordContainsUsername => ("密码中不能包含用户名。", "A password must not contain the user name."),
    PasswordCommon => ("这个密码十分常见，很容易被猜中，请换一个。", "This is one of the most common passwords and easily guessed; please choose another."),
    // accounts: forms, sign-in, my space
    FieldUsername => ("用户名", "User name"),
    FieldPassword => ("密码", "Password"),
    FieldRealName => ("真实姓名", "Full legal name"),
    FieldIdNumber => ("居民身份证号码", "Resident ID number"),
    FieldMobile => ("手机号码", "Mobile number"),
    FieldEnterpriseName => ("企业（单位）名称", "Enterprise (organisation) name"),
    FieldCreditCode => ("统一社会信用代码", "Unified social credit code"),
    FieldLegalRepresentative => ("法定代表人", "Legal representative"),
    FieldTotp => ("动态口令（6 位数字）", "One-time code (6 digits)"),
    HelpUsername => ("3 至 32 位小写字母、数字或 . _ -，以字母或数字开头。", "3 to 32 lower-case letters, digits or . _ -, starting with a letter or digit."),
    HelpPassword => ("至少 10 个字符，含小写字母、大写字母、数字、符号中的至少三类。", "At least 10 characters, with at least three of: lower-case, capitals, digits, symbols."),
    HelpTotp => ("工作人员、监察人员和管理员账号需输入身份验证器应用中的动态口令。", "Staff, supervisor and administrator accounts also enter the code shown by their authenticator app."),
    HelpIdNumber => ("仅用于实名认证，加密保存，页面上只显示部分号码。", "Used only to verify who you are; stored encrypted and shown only in part."),
    ProblemRequired => ("此项必填。", "This field is required."),
    ProblemTooLong => ("内容过长，请精简。", "This is too long; please shorten it."),
    ProblemNotANumber => ("请填写数字（整数）。", "Please enter a whole number."),
    ProblemNotADecimal => ("请填写数字，最多保留 {places} 位小数（如 1860.5）。", "Please enter a number with at most {places} decimal places (e.g. 1860.5)."),
    ProblemDecimalOutOfRange => ("请填写 {min} 至 {max} 之间的数字，最多保留 {places} 位小数。", "Please enter a number from {min} to {max}, with at most {places} decimal places."),
    ProblemDate => ("请按“年-月-日”填写真实日期，如 2026-09-30。", "Please enter a real date as year-month-day, e.g. 2026-09-30."),
    ProblemDateInFuture => ("日期不能晚于今天。", "The date cannot be later than today."),
    ProblemNotAnOption => ("请从列出的选项中选择一项。", "Please choose one of the options listed."),
    ProblemAddressRegion => ("请选择广东省内的所在地区，并填写详细地址。", "Please choose a region of Guangdong and enter the street address."),
    ProblemPersonName => ("姓名只能包含文字、空格和间隔号“·”，最多 40 个字。", "A name has only letters, spaces and the middle dot “·”, at most 40 characters."),
    ProblemIdNumberField => ("请填写有效的 18 位居民身份证号码。", "Please enter a valid 18-character resident ID number."),
    ProblemCreditCodeField => ("请填写有效的 18 位统一社会信用代码。", "Please enter a valid 18-character unified social credit code."),
    ProblemUsername => ("用户名应为 3 至 32 位小写字母、数字或 . _ -，以字母或数字开头。", "A user name has 3 to 32 lower-case letters, digits or . _ -, starting with a letter or digit."),
    ProblemUsernameTaken => ("该用户名已被使用，请换一个。", "This user name is taken; please choose another."),
    ProblemCreditCodeRegistered => ("该统一社会信用代码已注册账号，请直接登录。", "An account already exists for this credit code; please sign in instead."),
    ErrUnauthenticated => ("请先登录。", "Please sign in first."),
    ErrForbidden => ("您的账号无权进行此操作。", "Your account may not do this."),
    ErrInvalidCredentials => ("用户名或密码不正确。", "The user name or password is not right."),
    ErrSecondFactorRequired => ("此账号需要动态口令，请输入身份验证器应用中显示的 6 位数字。", "This account needs a one-time code: enter the 6 digits your authenticator app shows."),
    ErrInvalidSecondFactor => ("动态口令不正确或已使用过，请输入身份验证器中的新口令。", "The one-time code is wrong or was already used; enter the new one from your authenticator app."),
    ErrTooManyAttempts => ("尝试次数过多，请稍后再试。需等待的时间（秒）：", "Too many attempts; please try again later. Seconds to wait:"),
    ErrInvalidFields => ("请修改下面标出的项目。", "Please correct the fields marked below."),
    FieldOptional => ("（选填）", "(optional)"),
    AddressRegion => ("所在地区", "Region"),
    AddressChoose => ("请选择", "Choose…"),
    AddressDetail => ("详细地址（街道、门牌号）", "Street address"),
    ApplyTitle => ("在线申办", "Apply online"),
    ApplyBundleParts => ("一次申请，多个部门同时办理", "One application, several departments at once"),
    ApplyBundleAbout => ("以下事项由各部门并联审批，共同信息只需填写一次；证照按法定顺序依次出具。", "These services are reviewed by their departments in parallel; shared information is asked once, and certificates are issued in the legally required order."),
    ApplyAbout => ("带“（选填）”的项目可以不填，其余均为必填。填写内容会自动保存为草稿。", "Fields marked “(optional)” may be left empty; all others are required. What you type is saved as a draft."),
    ApplyMaterials => ("申请材料", "Materials"),
    ApplyUploaded => ("已收到的材料：", "Materials received:"),
    ApplyPromise => ("承诺办结时限：", "Promised time limit:"),
    ApplySubmit => ("提交申请", "Submit the application"),
    UploadLabel => ("上传材料扫描件", "Upload scanned materials"),
    UploadHint => ("支持 PDF、JPG、PNG 格式，每个文件不超过 10 MB。", "PDF, JPG or PNG, each file at most 10 MB."),
    UploadProgress => ("上传进度", "Upload progress"),
    UploadFailed => ("上传失败，请重试。", "The upload failed; please try again."),
    DraftSaved => ("草稿已保存。", "Draft saved."),
    StatusInReview => ("审查中", "Under review"),
    StatusWaiting => ("待补正材料", "Waiting for your supplements"),
    StatusOverdue => ("已超期", "Overdue"),
    StatusRejected => ("不予受理/不予许可", "Refused"),
    StatusCompleted => ("已办结", "Completed"),
    TaskWaiting => ("未开始", "Not started"),
    TaskWorking => ("办理中", "In progress"),
    TaskDone => ("已完成", "Done"),
    TaskRejected => ("不予通过", "Refused"),
    TaskSupplement => ("待补正", "Waiting for supplements"),
    TaskCancelled => ("已终止", "Stopped"),
    CaseNotFound => ("找不到该办件。", "No such case."),
    ReceiptTitle => ("受理回执", "Acceptance receipt"),
    CaseNumber => ("办件编号", "Case number"),
    QueryCode => ("查询码", "Query code"),
    CaseService => ("申办事项", "Service"),
    CaseSubmitted => ("提交时间", "Submitted"),
    CaseAccepted => ("受理日期", "Accepted on"),
    CaseDue => ("承诺办结日期", "Promised completion"),
    ReceiptDepartments => ("并联审批部门", "Departments reviewing in parallel"),
    CaseUnit => ("承办处室", "Unit"),
    CaseStepDue => ("办理期限", "Deadline"),
    ReceiptNote => ("凭办件编号和查询码可随时查询办理进度。期限按工作日计算，自受理次日起算，法定节假日不计。", "With the case number and query code you can follow the case at any time. Deadlines count working days from the day after acceptance; public holidays do not count."),
    CaseOpen => ("查看办理进度", "Follow the case"),
    CaseTitle => ("办件", "Case"),
    CaseStatus => ("办理状态", "Status"),
    CaseParallel => ("各部门并联审查", "Departments reviewing in parallel"),
    CaseAfter => ("出证与办结", "Issuance and completion"),
    NoticeTitle => ("补正材料通知（一次性告知）", "Request for supplements (all at once)"),
    NoticeFrom => ("牵头单位：", "From the lead unit:"),
    NoticePaused => ("补正期间办理时限暂停计算，您提交补正后恢复。", "The clock is paused until you answer; it resumes once you have."),
    NoticeAnswer => ("补正说明", "Your answer"),
    NoticeSubmit => ("提交补正", "Send the supplements"),
    WorkbenchTitle => ("待办任务", "Task queue"),
    WorkbenchAbout => ("本岗位待办理的任务，按办理期限排列；颜色表示剩余时间。", "The tasks of your post, by deadline; colours show the time left."),
    WorkbenchClaim => ("领取下一件", "Take the next task"),
    WorkbenchEmpty => ("目前没有待办任务。", "No tasks are waiting."),
    WorkbenchStep => ("环节", "Step"),
    WorkbenchTimeLeft => ("剩余时间", "Time left"),
    WorkbenchState => ("状态", "State"),
    WorkbenchMine => ("我已领取", "Taken by me"),
    WorkbenchReady => ("待领取", "Waiting"),
    UrgencyGreen => ("正常", "On time"),
    UrgencyYellow => ("即将到期", "Due soon"),
    UrgencyRed => ("已超期", "Overdue"),
    TaskTitle => ("办理任务", "Task"),
    TaskPart => ("本部门审查内容", "Your department's part"),
    TaskOthers => ("其他部门办理情况", "Other departments"),
    TaskInspectionNote => ("需现场核实的内容", "What must be seen on site"),
    TaskProposeInspection => ("提议联合踏勘", "Propose a joint site inspection"),
    InspectionToOrganise => ("待组织的联合踏勘（本单位为牵头单位）", "Joint inspections to organise (your unit leads)"),
    InspectionDate => ("踏勘日期", "Inspection date"),
    InspectionPlace => ("踏勘地点", "Place"),
    InspectionParticipants => ("参加单位（每行一个）", "Participants (one per line)"),
    InspectionOrganise => ("组织联合踏勘", "Organise the inspection"),
    ReceiptQr => ("扫码查询办理进度：", "Scan to track the case:"),
    TrackAcceptance => ("受理", "Acceptance"),
    TrackTitle => ("办件进度查询", "Track a case"),
    TrackSubmit => ("查询", "Track"),
    TrackNotFound => ("办件编号或查询码不正确。", "The case number or the query code is not right."),
    TrackStarted => ("开始", "Started"),
    TrackPauses => ("暂停计时", "Clock paused"),
    TrackOngoing => ("至今", "ongoing"),
    TrackPauseSupplement => ("等待申请人补正材料", "Waiting for the applicant's supplements"),
    TrackPauseInspection => ("联合踏勘", "Joint site inspection"),
    // Names of the steps a process is given (workflow/outline.rs).
    StepResult => ("办结", "Completed"),
    StepSingleAcceptance => ("统一受理", "Single acceptance"),
    StepReviewOf => ("审核：{item}", "Review: {item}"),
    StepIssueResult => ("办结出证", "Issue the result"),
    StepVerifyOf => ("告知承诺核查：{item}", "Verify the commitment: {item}"),
    StepJointAcceptance => ("联合验收（现场踏勘）", "Joint acceptance (site inspection)"),
    StepJointAcceptanceIssue => ("出具联合验收意见", "Issue the joint acceptance opinion"),
    TrackLive => ("本页打开期间，各部门的办理进展会自动更新。", "While this page is open, each department's progress appears as it happens."),
    Stars1 => ("非常不满意", "Very dissatisfied"),
    Stars2 => ("不满意", "Dissatisfied"),
    Stars3 => ("基本满意", "Fairly satisfied"),
    Stars4 => ("满意", "Satisfied"),
    Stars5 => ("非常满意", "Very satisfied"),
    LevelNotQualified => ("不合格", "Not qualified"),
    LevelQualified => ("合格", "Qualified"),
    LevelGood => ("良好", "Good"),
    LevelExcellent => ("优秀", "Excellent"),
    RateTitle => ("服务评价", "Rate our service"),
    RateAbout => ("每个评价点办结后可评价一次（1–5 星）。1–2 星的评价会交由部门整改并回访。", "Each evaluation point can be rated once (1–5 stars) when it is done. A rating of 1–2 stars is sent to the department for rectification and a call-back."),
    RateLegend => ("请评价", "Rate"),
    RateComment => ("评价内容（选填）", "Comment (optional)"),
    RateSubmit => ("提交评价", "Submit rating"),
    RateExcluded => ("经监察认定为恶意差评，此评价不计入统计。", "A supervisor found this rating malicious; it does not count."),
    RateInvalidStars => ("请选择 1 到 5 星。", "Choose 1 to 5 stars."),
    RateTextRequired => ("请填写内容。", "Please write something."),
    RateTextTooLong => ("内容不能超过 500 字。", "At most 500 characters."),
    RateNotRatable => ("这一步尚未办结或不是评价点，暂不能评价。", "This step is not done or is not an evaluation point; it cannot be rated."),
    RateAlreadyRated => ("这一步已经评价过了，每个评价点只能评价一次。", "This step has been rated already; each point is rated once."),
    RateThanks => ("感谢您的评价。", "Thank you for your rating."),
    RectLink => ("查看整改情况", "See the rectification"),
    RectTitle => ("差评整改", "Rectification"),
    RectListTitle => ("差评整改", "Rectifications"),
    RectListDepartment => ("本部门收到的 1–2 星评价：先回访申请人，再在期限内记录整改结果；恶意差评可向监察人员申诉。", "Your department's 1–2 star ratings: call the applicant back, then record what was done before the deadline; a malicious rating can be appealed to a supervisor."),
    RectListSupervisor => ("本辖区待裁决的申诉：申请人对整改结果的申诉和部门对恶意差评的申诉。", "Appeals to decide in your region: applicants' appeals of an outcome and departments' appeals of a malicious rating."),
    StatTitle => ("效能统计", "Efficiency statistics"),
    StatPeriod => ("统计期", "Period"),
    StatPeriodTo => ("至", "to"),
    StatTotalTitle => ("总体情况", "Overall"),
    StatScore => ("效能得分", "Score"),
    StatFinished => ("办结环节", "Steps finished"),
    StatOnTime => ("按时办结率", "On time"),
    StatTimeRatio => ("实际用时 / 承诺时限（工作日）", "Working days used / promised"),
    StatColTimeRatio => ("用时比", "Time used"),
    StatSupplements => ("补正率", "Supplements"),
    StatRatings => ("评价数 · 平均星数 · 评价得分", "Ratings · average · fair score"),
    StatColRatings => ("评价数 · 得分", "Ratings · score"),
    StatLicensingOnline => ("行政许可网上办理率", "Licensing items online"),
    StatPublicOnline => ("公共服务网上办理率", "Public services online"),
    StatCasesOnline => ("网上申办件占比", "Cases applied for online"),
    StatTargetMet => ("（达标）", " (target met)"),
    StatTargetMissed => ("（未达标）", " (below target)"),
    StatStarsNone => ("暂不评星", "Not rated yet"),
    StatStarsBelow => ("不合格", "Not qualified"),
    StatStarsThree => ("三星 · 合格", "3 stars · qualified"),
    StatStarsFour => ("四星 · 良好", "4 stars · good"),
    StatStarsFive => ("五星 · 优秀", "5 stars · excellent"),
    StatCitiesTitle => ("各地级以上市", "The 21 cities"),
    StatDepartmentsTitle => ("各部门", "Departments"),
    StatPostsTitle => ("各岗位", "Posts"),
    StatProvinceDepartments => ("省直部门", "Provincial departments"),
    StatProvince => ("广东省", "Guangdong"),
    StatChartNote => ("的效能得分（虚线为 70、80、90 分星级线；数据见下表）", ": efficiency scores (dashed lines at 70, 80 and 90, the star thresholds; the table below has the figures)"),
    StatTableLabel => ("统计数据表", "Statistics table"),
    StatTrendTable => ("月度数据表", "Figures by month"),
    StatAlertsTable => ("预警督办名单", "Alert list"),
    StatAlertDaysOverdue => ("逾期 {n} 个工作日", "{n} working day overdue|{n} working days overdue"),
    StatAlertDaysLeft => ("剩余 {n} 个工作日", "{n} working day left|{n} working days left"),
    StatColRank => ("排名", "Rank"),
    StatColCity => ("地区", "Region"),
    StatColDepartment => ("部门", "Department"),
    StatColPost => ("岗位", "Post"),
    StatColStars => ("星级", "Stars"),
    StatColMonth => ("月份", "Month"),
    StatTrendTitle => ("月度趋势", "By month"),
    StatTrendCaption => ("各月效能得分（没有办结环节的月份不画点；数据见下表）", "Efficiency score by month (no point for months without finished steps; the table below has the figures)"),
    StatCsv => ("导出 CSV", "Export CSV"),
    StatMethodTitle => ("得分和星级如何计算", "How the score and stars are computed"),
    StatMore => ("查看完整统计", "Full statistics"),
    StatSupervisorsOnly => ("预警督办名单只对监察人员开放；统计数据向所有人公开。", "The alert list is for supervisors; the statistics are open to everyone."),
    StatAlertsTitle => ("预警督办", "Alerts"),
    StatNoAlerts => ("没有临近期限或逾期的环节。", "No step is near or past its deadline."),
    StatAlertRed => ("红牌 · 逾期", "Red · overdue"),
    StatAlertYellow => ("黄牌 · 临近期限", "Yellow · due soon"),
    StatUnclaimed => ("未认领", "Not taken"),
    StatColAlert => ("预警", "Alert"),
    StatColCase => ("办件编号", "Case"),
    StatColStep => ("环节", "Step"),
    StatColHandler => ("经办人", "Handler"),
    StatColDue => ("期限", "Due"),
    StatColDays => ("工作日", "Working days"),
    RectListEmpty => ("目前没有整改事项。", "No rectifications at the moment."),
    RectNumber => ("编号", "No."),
    RectState => ("状态", "State"),
    RectStep => ("被评价环节", "Step rated"),
    RectStars => ("评价", "Rating"),
    RectOpened => ("发起日期", "Opened"),
    RectDue => ("整改期限", "Deadline"),
    RectActions => ("办理", "What to do"),
    RectNothingToDo => ("目前无需您操作。", "Nothing for you to do now."),
    RectHistory => ("办理记录", "History"),
    RectOpen => ("待回访", "Awaiting call-back"),
    RectCalledBack => ("已回访，整改中", "Called back, rectifying"),
    RectResolved => ("已整改，待申请人确认", "Rectified, awaiting the applicant"),
    RectAccepted => ("申请人已认可", "Accepted by the applicant"),
    RectAppealed => ("申请人申诉中", "Appealed by the applicant"),
    RectContested => ("部门申诉恶意差评中", "Contested by the department"),
    RectVoided => ("认定为恶意差评", "Found malicious"),
    RectClosed => ("监察裁定办结", "Closed by a supervisor"),
    RectCallBackNote => ("回访记录", "Call-back record"),
    RectCallBackSubmit => ("记录回访", "Record the call-back"),
    RectOutcome => ("整改结果", "Outcome"),
    RectResolveSubmit => ("提交整改结果", "Record the outcome"),
    RectContestReason => ("申诉理由（恶意差评）", "Why the rating is malicious"),
    RectContestSubmit => ("申诉恶意差评", "Appeal as malicious"),
    RectAppealReason => ("申诉理由", "Why you appeal"),
    RectAppealSubmit => ("不认可，提出申诉", "Not satisfied: appeal"),
    RectAcceptSubmit => ("认可整改结果", "Accept the outcome"),
    RectDecideLegend => ("裁决", "Decision"),
    RectDecideUphold => ("申诉成立", "The appeal is upheld"),
    RectDecideDismiss => ("申诉不成立", "The appeal is dismissed"),
    RectDecisionNote => ("裁决意见", "Reasons"),
    RectDecideSubmit => ("提交裁决", "Decide"),
    RectEvOpened => ("差评生成整改", "opened by the rating"),
    RectEvCallBack => ("回访", "call-back"),
    RectEvResolve => ("整改", "outcome recorded"),
    RectEvContest => ("部门申诉", "department's appeal"),
    RectEvAccept => ("申请人认可", "accepted"),
    RectEvAppeal => ("申请人申诉", "applicant's appeal"),
    RectEvDecide => ("监察裁决", "supervisor's decision"),
    RectWrongState => ("整改当前不在这一步，操作未执行。", "The rectification is not at this step; nothing was done."),
    RectNotYourTurn => ("这一步应由其他人办理。", "This step is someone else's to take."),
    BoardTitle => ("好差评公示", "Service ratings"),
    BoardAbout => ("各城市、各部门的服务评价，直接来自申请人的评价记录，并公示差评整改情况。", "Ratings of every city and department, straight from applicants' ratings, and how bad ratings were rectified."),
    BoardFormula => ("排名方法", "How the ranking works"),
    BoardCities => ("城市排行", "Cities"),
    BoardDepartments => ("部门排行", "Departments"),
    BoardRectifications => ("差评整改公示", "Rectifications published"),
    BoardRank => ("名次", "Rank"),
    BoardDepartment => ("部门", "Department"),
    BoardCity => ("城市", "City"),
    BoardRegion => ("地区", "Region"),
    BoardCount => ("评价数", "Ratings"),
    BoardAverage => ("平均星级", "Average"),
    BoardScore => ("排名得分", "Score"),
    BoardLevel => ("等级", "Level"),
    BoardDistribution => ("星级分布", "Distribution"),
    NavRatings => ("好差评", "Ratings"),
    TaskOthersTable => ("各部门办理情况表", "Table of the other departments' steps"),
    TaskOthersAbout => ("其他部门已审查通过的内容无需重复审查。", "What another department has already accepted is not checked again."),
    TaskActions => ("办理", "Decide"),
    TaskNote => ("审查意见（选填）", "Remarks (optional)"),
    TaskApprove => ("审查通过", "Approve"),
    TaskWhat => ("需补正的材料或内容", "What the applicant must supply"),
    TaskRequestSupplement => ("要求补正", "Request supplements"),
    TaskCertificate => ("证照编号", "Certificate number"),
    TaskIssue => ("出具证照", "Issue"),
    TaskReason => ("不予通过的理由", "Reason for refusal"),
    TaskReject => ("不予通过", "Refuse"),
    ErrNotOnline => ("该事项暂不支持网上申办，请按办事指南到窗口办理。", "This service cannot be applied for online yet; please apply in person as the guide says."),
    TransNotYourPost => ("该任务属于其他岗位，您无权处理。", "This task belongs to another post; you may not act on it."),
    TransClaimedByOther => ("该任务已由其他工作人员领取。", "Another clerk has already taken this task."),
    TransWrongState => ("该任务当前状态不允许此操作（可能已处理过）。", "The task is not in a state that allows this (it may already have been handled)."),
    TransWrongStep => ("此环节不能进行该操作。", "This step does not allow that action."),
    TransReasonRequired => ("请填写理由或说明。", "Please give a reason or explanation."),
    TransTooLong => ("说明过长，最多 500 字。", "The text is too long: at most 500 characters."),
    TransCertificateRequired => ("请填写证照编号。", "Please enter the certificate number."),
    TransInspectionExists => ("该办件的联合踏勘已经组织，不再重复组织。", "The joint site inspection of this case has been organised already."),
    TransNotLeadUnit => ("联合踏勘由牵头单位统一组织。", "The lead unit organises the joint site inspection."),
    TransCasePaused => ("办件正等待申请人补正材料，暂不能处理。", "The case is waiting for the applicant's supplements and cannot be handled now."),
    ErrMissingDataKey => ("服务器未配置数据密钥。", "The server has no data key configured."),
    NavLogin => ("登录", "Sign in"),
    NavRegister => ("注册", "Register"),
    NavLogout => ("退出", "Sign out"),
    NavMySpace => ("我的空间", "My space"),
    LoginTitle => ("登录", "Sign in"),
    LoginSubmit => ("登录", "Sign in"),
    LoginNoAccount => ("还没有账号？", "No account yet?"),
    RegisterTitle => ("注册账号", "Create an account"),
    RegisterCitizen => ("个人注册", "Register as a person"),
    RegisterEnterprise => ("法人注册", "Register an enterprise"),
    RegisterCitizenAbout => ("实名注册后可在线申办、查询进度、评价和咨询。", "With a real-name account you can apply online, track progress, rate services and ask questions."),
    RegisterEnterpriseAbout => ("以统一社会信用代码注册企业账号，办理企业全生命周期事项。", "Register your enterprise by its unified social credit code to handle its services from setting up to closing down."),
    RegisterSubmit => ("注册", "Register"),
    RegisterHaveAccount => ("已有账号？", "Already have an account?"),
    MySpaceTitle => ("我的空间", "My space"),
    MyProfile => ("个人信息", "Profile"),
    MyEnterprise => ("企业信息", "Enterprise"),
    MyPost => ("工作岗位", "Post"),
    // issue 18, my enterprise (我的企业)
    EntTitle => ("我的企业", "My enterprise"),
    EntIntro => ("本企业的办件、投资项目、持有证照、年报和提醒，以及设立、变更、注销等全生命周期服务。", "Your enterprise's cases, investment projects, licences, annual report and reminders, and the services of its life cycle: setting up, changes and closing down."),
    EntLinkFromSpace => ("我的企业：证照、年报和提醒", "My enterprise: licences, annual report and reminders"),
    EntOnlyEnterprise => ("“我的企业”供企业账号使用。个人办件请在“我的空间”查看。", "“My enterprise” is for enterprise accounts. Your own cases are in “My space”."),
    EntFoundedOn => ("成立日期", "Founded on"),
    EntCases => ("企业办件", "The enterprise's cases"),
    EntCasesEmpty => ("本企业还没有办件。", "The enterprise has no cases yet."),
    EntCaseNo => ("办件编号", "Case number"),
    EntCaseService => ("事项", "Service"),
    EntCaseDueOn => ("承诺办结日期", "Due on"),
    EntProjects => ("投资项目", "Investment projects"),
    EntProjectsEmpty => ("本企业还没有赋码的投资项目。", "The enterprise has no registered investment project."),
    EntProjectCode => ("项目代码", "Project code"),
    EntProjectName => ("项目名称", "Project"),
    EntProjectKind => ("管理类型", "Kind"),
    EntProjectRegistered => ("赋码日期", "Registered on"),
    EntLicences => ("持有证照", "Licences held"),
    EntLicencesEmpty => ("没有登记的证照。", "No licence is recorded."),
    TableOf => ("{name}（表格，可横向滚动）", "{name} (table, scrolls sideways)"),
    EntLicenceName => ("证照名称", "Licence"),
    EntLicenceNumber => ("证照编号", "Number"),
    EntLicenceDept => ("发证部门", "Issued by"),
    EntLicenceIssued => ("发证日期", "Issued on"),
    EntLicenceUntil => ("有效期至", "Valid until"),
    EntLicenceState => ("状态", "State"),
    EntOpenEnded => ("长期", "Open-ended"),
    EntLicenceValid => ("有效", "Valid"),
    EntLicenceExpiring90 => ("90天内到期", "Expires within 90 days"),
    EntLicenceExpiring30 => ("30天内到期", "Expires within 30 days"),
    EntLicenceExpired => ("已过期", "Expired"),
    EntAnnualTitle => ("年度报告（年报）", "Annual report"),
    EntAnnualNotYet => ("本企业成立于{year}年，首次年报（{year}年度）于{date}起报送。", "The enterprise was founded in {year}: its first annual report (for {year}) is filed from {date}."),
    EntAnnualDue => ("{year}年度报告尚未报送，请于{date}前报送。", "The annual report for {year} is not filed yet: file it by {date}."),
    EntAnnualFiled => ("{year}年度报告已于{date}报送。", "The annual report for {year} was filed on {date}."),
    EntAnnualOverdue => ("{year}年度报告未在{date}前报送，请尽快补报并申请移出经营异常名录。", "The annual report for {year} was not filed by {date}: file it now and ask to be removed from the list of irregular operations."),
    EntAnnualWhere => ("年报本身在国家企业信用信息公示系统报送；报送后请在此登记，本厅即停止提醒。", "The report itself is filed at the National Enterprise Credit Information Publicity System (国家企业信用信息公示系统); record it here once filed and the hall stops reminding you."),
    EntAnnualSystem => ("前往国家企业信用信息公示系统", "Go to the National Enterprise Credit Information Publicity System"),
    EntAnnualYear => ("年度", "Year"),
    EntAnnualDeclare => ("本企业已在国家企业信用信息公示系统报送该年度报告，内容真实。", "The enterprise has filed this year's report at the National Enterprise Credit Information Publicity System, and it is true."),
    EntAnnualSubmit => ("登记已报送", "Record as filed"),
    EntAnnualDone => ("已登记年报报送，不再提醒。", "The annual report is recorded as filed; no more reminders."),
    EntReminders => ("提醒", "Reminders"),
    EntRemindersEmpty => ("还没有提醒。年报和证照到期提醒会发送到站内消息和电子邮件。", "No reminders yet. Annual report and licence renewal reminders go to your inbox and by e-mail."),
    EntReminderWhat => ("提醒", "Reminder"),
    EntReminderAbout => ("事由", "About"),
    EntReminderSent => ("发送日期", "Sent on"),
    EntReminderAnnualOpen => ("年报报送期开始", "Annual report window open"),
    EntReminderAnnualJune => ("年报截止前一个月", "One month left for the annual report"),
    EntReminderLicence90 => ("证照90天内到期", "Licence expires within 90 days"),
    EntReminderLicence30 => ("证照30天内到期", "Licence expires within 30 days"),
    EntReminderYear => ("{year}年度报告", "Annual report for {year}"),
    EntServices => ("企业全生命周期服务", "Services of the enterprise's life cycle"),
    EntServiceApply => ("在线办理", "Apply online"),
    EntServiceMissing => ("本地区暂未开通", "Not offered in this region yet"),
    EntOperateNote => ("经营期间：证照延续和年报见上方。", "While operating: licence renewals and the annual report are above."),
    EntErrNotDue => ("该年度的年报不在报送期内。", "That year's annual report is not due."),
    EntErrNotDeclared => ("请勾选声明：已在国家企业信用信息公示系统报送。", "Tick the declaration that the report is filed at the National Enterprise Credit Information Publicity System."),
    NoteAnnualOpenTitle => ("请报送{case_no}年度报告", "Annual report for {case_no} due"),
    NoteAnnualOpenBody => ("{enterprise}：{case_no}年度报告报送期已开始，请于{due_on}前在国家企业信用信息公示系统报送。", "{enterprise}: the annual report for {case_no} may now be filed. File it at the National Enterprise Credit Information Publicity System by {due_on}."),
    NoteAnnualJuneTitle => ("年报截止提醒：{case_no}年度", "One month left: annual report for {case_no}"),
    NoteAnnualJuneBody => ("{enterprise}：{case_no}年度报告尚未报送，截止日期为{due_on}；逾期将被列入经营异常名录。", "{enterprise}: the annual report for {case_no} is not filed yet. The last day is {due_on}; after it the enterprise is listed for irregular operations."),
    NoteLicenceTitle => ("证照即将到期：{step}", "Licence expiring: {step}"),
    NoteLicenceBody => ("{enterprise}：{step}（编号{case_no}，{department}核发）有效期至{due_on}，请及时办理延续。", "{enterprise}: {step} (number {case_no}, issued by {department}) is valid until {due_on}. Please renew it in time."),
    MyCases => ("我的办件", "My cases"),
    MyRatings => ("我的评价", "My ratings"),
    MyConsultations => ("我的咨询", "My consultations"),
    MyCasesEmpty => ("您还没有办件。在事项页面点击“在线申办”即可提交申请。", "You have no cases yet. Choose “Apply online” on a service's page to apply."),
    MyRatingsEmpty => ("您还没有评价。办件的评价点办结后，可在办件页面评价。", "You have not rated anything yet. Once a step of your case is done, rate it on the case's page."),
    MyConsultationsEmpty => ("您还没有咨询。网上咨询功能上线后会显示在这里。", "You have not asked anything yet. Questions will appear here once online consultation opens."),
    WhoAccessedTitle => ("谁查看了我的信息", "Who accessed my data"),
    WhoAccessedAbout => ("工作人员每次查看您的个人信息或办件，都会记录在这里：时间、部门和岗位。", "Every time staff look at your personal data or your cases, it is recorded here: when, which department and which post."),
    WhoAccessedNone => ("目前没有工作人员查看过您的信息。", "No staff member has accessed your data so far."),
    AccessWhen => ("时间", "When"),
    AccessDepartment => ("部门", "Department"),
    AccessPost => ("岗位", "Post"),
    AccessWhat => ("查看内容", "What was seen"),
    AccessPersonalData => ("个人身份信息", "Personal identity data"),
    RoleCitizen => ("个人", "Person"),
    RoleEnterprise => ("法人", "Enterprise"),
    RoleStaff => ("部门工作人员", "Department staff"),
    RoleSupervisor => ("监察人员", "Supervisor"),
    RoleEditor => ("目录编辑", "Catalog editor"),
    RoleAdmin => ("管理员", "Administrator"),
    SignedInAs => ("当前登录：", "Signed in as"),
    ChangePasswordTitle => ("修改密码", "Change password"),
    StaffLookupTitle => ("窗口身份核验", "Counter identity check"),
    AdminTitle => ("工作人员账号", "Official accounts"),
    AdminAbout => ("为部门工作人员、监察人员、目录编辑和管理员创建账号。每个账号都需要动态口令（双因素认证）。", "Create accounts for department staff, supervisors, catalog editors and administrators. Every one signs in with a one-time code (two factors)."),
    FieldDisplayName => ("姓名", "Name"),
    FieldRole => ("角色", "Role"),
    FieldDepartmentCode => ("部门代码（工作人员，如 440100-MZJ）", "Department code (staff; e.g. 440100-MZJ)"),
    FieldUnit => ("处室/科室（工作人员，中文名称）", "Unit (staff; its Chinese name)"),
    FieldPost => ("岗位（工作人员，中文名称）", "Post (staff; its Chinese name)"),
    FieldRegionCode => ("监察地区代码（监察人员，如 440100）", "Region code (supervisors; e.g. 440100)"),
    FieldInitialPassword => ("初始密码", "Initial password"),
    AdminCreateSubmit => ("创建账号", "Create the account"),
    AdminCreated => ("账号已创建。请将动态口令密钥交给本人：用身份验证器应用扫描二维码，或手动输入密钥。此信息只显示这一次。", "The account was created. Give its holder the one-time-code secret: scan the QR code with an authenticator app, or type the secret. It is shown this once only."),
    TotpSecret => ("动态口令密钥", "One-time-code secret"),
    TotpQrLabel => ("动态口令二维码", "QR code for the authenticator app"),
    NavAdmin => ("账号管理", "Accounts"),
    StaffLookupAbout => ("输入办事人的居民身份证号码，核对其实名信息。每次查询都会记入审计日志，并在本人的“我的空间”中显示。", "Enter the person's resident ID number to check who they are. Every look-up is recorded in the audit trail and shown to the person in their space."),
    StaffLookupSubmit => ("查询", "Look up"),
    StaffLookupNone => ("没有使用此身份证号码注册的账号。", "No account is registered with this ID number."),
    StaffLookupResult => ("查询结果", "Result"),
    NavStaffDesk => ("窗口工作台", "Counter desk"),
    ChangePasswordAbout => ("修改后，所有设备上的登录都会退出，请用新密码重新登录。", "After the change you are signed out everywhere; sign in again with the new password."),
    FieldOldPassword => ("当前密码", "Current password"),
    FieldNewPassword => ("新密码", "New password"),
    ChangePasswordSubmit => ("修改密码", "Change password"),
    PasswordChangedNotice => ("密码已修改，所有设备上的登录均已退出。请用新密码登录。", "Your password was changed and you were signed out everywhere. Sign in with the new password."),
    // ---- consultations (网上咨询): app/src/consultations ----
    ConsultProblemQuestionShort => ("问题太短，至少需要 {n} 个字。", "The question is too short: write at least {n} character.|The question is too short: write at least {n} characters."),
    ConsultProblemQuestionLong => ("问题太长，最多 {n} 个字。", "The question is too long: at most {n} character.|The question is too long: at most {n} characters."),
    ConsultProblemAnswerShort => ("答复太短，至少需要 {n} 个字。", "The answer is too short: write at least {n} character.|The answer is too short: write at least {n} characters."),
    ConsultProblemAnswerLong => ("答复太长，最多 {n} 个字。", "The answer is too long: at most {n} character.|The answer is too long: at most {n} characters."),
    ConsultProblemAlreadyAnswered => ("这条咨询已经答复，不能再次答复。", "This question has already been answered; it is answered once."),
    ConsultProblemNotAnswered => ("部门答复之后，才能评价答复是否有帮助。", "You can say whether the answer helped once the department has answered."),
    ConsultStatusOpen => ("待答复", "Awaiting an answer"),
    ConsultStatusOverdue => ("已超期未答复", "Overdue"),
    ConsultStatusAnswered => ("已答复", "Answered"),
    ConsultAskTitle => ("网上咨询", "Ask a question"),
    ConsultAskAbout => ("向负责的部门提出您的问题。部门须在受理次日起 5 个工作日内答复。选择“公开”的问题，答复后会作为常见问题显示在事项页面上，不显示提问人。", "Ask the department in charge. It must answer within 5 working days, counted from the working day after your question is taken in. A public question, once answered, is shown as a frequently asked question on the service's page, without your name."),
    ConsultNoSubject => ("请从事项页面上的“我要咨询”进入，以便把问题交给负责的部门。", "Start from “Ask a question” on a service's page, so that your question reaches the department in charge."),
    ConsultItem => ("咨询事项", "Service"),
    ConsultDepartment => ("答复部门", "Department"),
    ConsultGeneral => ("部门综合咨询", "General question to the department"),
    ConsultQuestionLabel => ("您的问题", "Your question"),
    ConsultQuestionHint => ("5 至 1000 个字。请不要写身份证号码、手机号码等个人信息。", "5 to 1,000 characters. Do not write ID numbers, mobile numbers or other personal data."),
    ConsultVisibility => ("是否公开", "Who may see it"),
    ConsultPublicChoice => ("公开：答复后作为常见问题公开（不显示提问人）", "Public: once answered, shown as a frequently asked question (without your name)"),
    ConsultPrivateChoice => ("不公开：只有本人和答复部门可见", "Private: only you and the department see it"),
    ConsultSubmit => ("提交咨询", "Send the question"),
    ConsultTitle => ("咨询详情", "Consultation"),
    ConsultNotFound => ("没有找到这条咨询。", "No such consultation."),
    ConsultQuestion => ("问题", "Question"),
    ConsultAnswer => ("答复", "Answer"),
    ConsultStatus => ("状态", "Status"),
    ConsultAskedOn => ("受理日期", "Taken in on"),
    ConsultDueOn => ("答复期限", "Answer due by"),
    ConsultAnsweredOn => ("答复日期", "Answered on"),
    ConsultPublic => ("公开", "Public"),
    ConsultPrivate => ("不公开", "Private"),
    ConsultHelpfulQuestion => ("这个答复对您有帮助吗？", "Did this answer help you?"),
    ConsultHelpfulYes => ("有帮助", "Yes, it helped"),
    ConsultHelpfulNo => ("没有帮助", "No, it did not"),
    ConsultHelpfulGiven => ("您的评价", "Your verdict"),
    ConsultStaffTitle => ("待答复咨询", "Questions to answer"),
    ConsultStaffAbout => ("本部门待答复的咨询，按答复期限排列；颜色表示剩余时间，超期的标为红色。", "Your department's open questions, by deadline; colours show the time left, overdue ones are red."),
    ConsultStaffEmpty => ("没有待答复的咨询。", "No questions are waiting for an answer."),
    ConsultAnswerLabel => ("答复内容", "Your answer"),
    ConsultAnswerHint => ("2 至 2000 个字。公开的问题答复后会在事项页面上公开。", "2 to 2,000 characters. The answer to a public question is published on the service's page."),
    ConsultAnswerSubmit => ("提交答复", "Send the answer"),
    ConsultFaqTitle => ("常见问题", "Frequently asked questions"),
    ConsultFaqEmpty => ("还没有公开答复的问题。", "No public question has been answered yet."),
    ConsultAskLink => ("我要咨询", "Ask a question"),
    ConsultMineEmpty => ("您还没有咨询。", "You have not asked any questions yet."),
    ConsultInPersonNote => ("不能在线申办的事项，请按上述地点和时间到现场办理。", "Services that cannot be applied for online are handled in person at the place and times above."),
    // ---- notifications (站内消息): app/src/notifications ----
    NoteDueSoonTitle => ("办理期限临近：{step}", "Deadline near: {step}"),
    NoteDueSoonBody => ("办件 {case_no} 的“{step}”环节（{department}）将于 {due_on} 到期，请及时办理。", "The step “{step}” ({department}) of case {case_no} is due on {due_on}; please handle it in time."),
    NoteOverdueTitle => ("超期督办：{step}", "Overdue, escalated: {step}"),
    NoteOverdueBody => ("办件 {case_no} 的“{step}”环节（{department}）已超过办理期限 {due_on}，仍未办结，现予督办。", "The step “{step}” ({department}) of case {case_no} passed its deadline of {due_on} and is not done; it is escalated to you."),
    NoteEscalatedTitle => ("您的办件已超期，已督办", "Your case is late and has been escalated"),
    NoteEscalatedBody => ("您的办件 {case_no} 中“{step}”环节（{department}）已超过办理期限 {due_on}。我们已通知该部门负责人和效能监察人员督办。", "In your case {case_no}, the step “{step}” ({department}) passed its deadline of {due_on}. Its head of unit and the efficiency supervisors have been told to see to it."),
    InboxTitle => ("站内消息", "Inbox"),
    InboxAbout => ("办理期限提醒、超期督办和办件进展的通知，最新的在前。", "Deadline reminders, escalations and news of your cases, newest first."),
    InboxEmpty => ("没有消息。", "No messages."),
    InboxUnread => ("未读", "Unread"),
    InboxMarkRead => ("标为已读", "Mark as read"),
    InboxOpen => ("查看", "Open"),
    InboxReceived => ("时间", "Received"),
    NavInboxUnread => ("条未读", "unread"),
    // Texts with details filled in by `Lang::fill`.
    DaysOverdue => ("已超期 {n} 个工作日", "overdue by {n} working day|overdue by {n} working days"),
    DaysDueToday => ("今天到期", "due today"),
    DaysLeft => ("剩余 {n} 个工作日", "{n} working day left|{n} working days left"),
    StatAlertCounts => ("{region}：红牌 {red} 件，黄牌 {yellow} 件", "{region}: {red} red, {yellow} yellow"),
    StarsText => ("{n} 星 · {label}", "{n} star · {label}|{n} stars · {label}"),
    ProblemTooLongMax => ("内容过长，最多 {max} 个字。", "This is too long: at most {max} characters."),
    ProblemOutOfRange => ("请填写 {min} 至 {max} 之间的整数。", "Please enter a whole number from {min} to {max}."),
    StatMethodText => ("效能得分（满分 100）= 50 × 按时办结率 + 20 × 办理速度 + 10 × (1 − 补正率) + 20 × (评价得分 − 1) ÷ 4。办理速度：实际用时不超过承诺时限为 1，用时达到承诺时限两倍时降为 0；用时按工作日计算，节假日和补正、现场勘查等暂停期间不计。补正率：办结环节中要求申请人补正材料的比例。评价得分按好差评公示的公式计算（先计入 20 个 3 星评价），没有评价时为 3 分，恶意差评不计入。90 分及以上为五星（优秀），80 分以上四星（良好），70 分以上三星（合格），低于 70 分不合格；统计期内办结不足 {min} 个环节的暂不评星。网上办理率：可在网上申办（网上申办或全程网办）的事项占比，行政许可事项目标 90%，公共服务事项目标 80%。所有数据直接来自办件记录，每办结一个环节、每收到一条评价即时更新。", "Efficiency score (out of 100) = 50 × on-time rate + 20 × speed + 10 × (1 − supplement rate) + 20 × (rating score − 1) ÷ 4. Speed is 1 when no more working days were used than promised and falls to 0 at twice the promise; days are working days, holidays and pauses (supplements, site inspections) left out. The supplement rate is the share of finished steps that asked the applicant for more documents. The rating score is the ratings board's fair score (20 imaginary three-star ratings first; 3 without ratings; malicious ratings left out). 90 and above is five stars (excellent), 80 four (good), 70 three (qualified), below 70 not qualified; fewer than {min} finished steps in the period: not rated yet. Online-service rate: the share of items that can be applied for online (apply online or fully online); targets 90 % of licensing items and 80 % of public-service items. Every figure comes straight from the case record and is updated as each step finishes and each rating arrives."),
    BoardFormulaText => ("排名得分 = ({w} × {s} + 各评价星数之和) ÷ ({w} + 评价数)。每个部门和城市先计入 {w} 个“{s} 星（合格）”的虚拟评价，评价越少，得分越接近 {s} 星；因此两条五星评价不会排在两千条平均 4.8 星的部门之前。等级与排名用同一个得分：得分四舍五入到最近的星级，3 星合格、4 星良好、5 星优秀，低于 3 星不合格，所以排名靠前的等级不会更低；“平均星级”一栏另列原始平均数供参考。被认定为恶意差评的评价不计入。", "Ranking score = ({w} × {s} + the sum of all stars) ÷ ({w} + the number of ratings). Every department and city starts with {w} imaginary {s}-star (qualified) ratings, so the fewer its ratings, the closer its score stays to {s} stars: two five-star ratings do not rank above two thousand averaging 4.8. Level and rank use the same score: the score rounded to the nearest star, 3 qualified, 4 good, 5 excellent, below 3 not qualified, so a line ranked higher never shows a lower level; the plain average is shown beside it for reference. Ratings found malicious do not count."),
    // ---- free text (app/src/text.rs) and typed dates (app/src/clock) ----
    TextTooShort => ("内容过短，至少 {min} 个字。", "This is too short: at least {min} characters."),
    TextControlCharacter => ("含有不可见的控制字符（如空字符），请删除后重新输入。", "This contains an invisible control character (such as NUL); please remove it and type it again."),
    TextLineBreak => ("此项只能填写一行，不能含换行或制表符。", "This takes one line: no line breaks or tabs."),
    TextHiddenCharacter => ("含有隐藏字符（如文字方向控制符或零宽字符），请删除后重新输入。", "This contains a hidden character (such as a text-direction override or a zero-width character); please remove it and type it again."),
    DateNotADate => ("请按 年-月-日 格式填写日期，如 2026-12-31。", "Please enter a date as year-month-day, e.g. 2026-12-31."),
    DateTooEarly => ("日期不能早于 {min}。", "The date cannot be before {min}."),
    DateTooLate => ("日期不能晚于 {max}。", "The date cannot be after {max}."),
    DateNotWorkingDay => ("请选择工作日（节假日和周末除调休上班日外不可选）。", "Please choose a working day (not a weekend or a public holiday, unless it is a make-up working day)."),
    DateOutOfRangeTyped => ("请填写 1900 年至 2100 年之间的日期。", "Please enter a date from 1900 to 2100."),
    // ---- accounts under attack (issue 15): app/src/accounts ----
    NoteInvitationTitle => ("{enterprise} 邀请您代办企业事项", "{enterprise} invites you to act for it"),
    NoteInvitationBody => ("{enterprise} 希望您以企业成员身份为其办理事项。请在“我的空间”中接受或拒绝；接受前您不会成为其成员。", "{enterprise} would like you to act for it as one of its members. Accept or decline in My space; you are not a member until you accept."),
    NoteRegistrationTriedTitle => ("有人尝试用您的身份证号码注册", "Someone tried to register with your ID number"),
    NoteRegistrationTriedBody => ("有人尝试用您的身份证号码注册新账号，没有创建任何账号。如果不是您本人，请留意个人信息安全；您的账号不受影响。", "Someone tried to register a new account with your ID number; no account was created. If it was not you, take care of your personal data; your account is not affected."),
    ProblemWrongPassword => ("当前密码不正确。", "The current password is not right."),
    ProblemIdNumberNotRegistrable => ("该身份证号码不能在网上注册。如果您已有账号，请直接登录；如需帮助，请到服务窗口办理。", "This ID number cannot be registered online. If you already have an account, sign in; for help, visit a service counter."),
    InvitationsTitle => ("企业邀请", "Enterprise invitations"),
    InvitationsAbout => ("以下企业邀请您为其代办事项。接受后，您可以代表该企业申办；拒绝后不会有任何变化。", "These enterprises ask you to act for them. Once you accept you may apply on their behalf; declining changes nothing."),
    InvitationAccept => ("接受", "Accept"),
    InvitationDecline => ("拒绝", "Decline"),
    MembersTitle => ("企业成员", "Members"),
    MembersAbout => ("邀请个人用户为本企业代办事项。对方在其“我的空间”中接受后才成为成员。", "Invite a person to act for this enterprise. They become a member only when they accept in their own space."),
    MembersInvite => ("发送邀请", "Send the invitation"),
    MembersInvited => ("如果该用户名的个人账号存在，对方已收到邀请。", "If a personal account with this user name exists, it has been sent the invitation."),
    UploadPdfUnreadable => ("无法读取此 PDF 文件（文件不完整或已损坏），请重新导出或扫描后再上传。", "This PDF could not be read (it is incomplete or damaged); please export or scan it again."),
    UploadPdfUnsupported => ("此 PDF 已加密或结构过于复杂，无法检查，请另存为普通 PDF（例如“打印为 PDF”）后再上传。", "This PDF is encrypted or too complex to check; please save it as a plain PDF (for example with Print to PDF) and upload that."),
    UploadPdfJavascript => ("此 PDF 含有 JavaScript 脚本，出于安全原因不能上传，请另存为不含脚本的 PDF 或直接上传扫描件。", "This PDF contains JavaScript, which cannot be accepted for safety; please save it as a PDF without scripts, or upload the scan itself."),
    UploadPdfLaunch => ("此 PDF 含有启动其他程序的动作，出于安全原因不能上传，请另存为普通 PDF 后再上传。", "This PDF contains an action that starts another program, which cannot be accepted for safety; please save it as a plain PDF."),
    UploadPdfEmbeddedFile => ("此 PDF 内嵌了其他文件（附件），不能上传，请把每份材料分别上传。", "This PDF has other files embedded in it (attachments); please upload each document on its own."),
    UploadPdfActiveContent => ("此 PDF 含有多媒体或动态表单（XFA），不能上传，请另存为普通 PDF 后再上传。", "This PDF contains multimedia or a dynamic (XFA) form, which cannot be accepted; please save it as a plain PDF."),
    UploadPdfAfterEnd => ("此文件在 PDF 结尾之后还有其他内容，不能上传，请重新导出或扫描后再上传。", "This file has content after the end of the PDF; please export or scan it again."),
    UploadPdfExpands => ("此 PDF 打开时会展开到超过 {size}，不能上传，请降低扫描分辨率或分成几个文件。", "This PDF expands beyond {size} when opened; please scan at a lower resolution or split it into several files."),
    UploadImageUnreadable => ("无法读取此图片（文件不完整或已损坏），请重新拍摄或扫描后再上传。", "This image could not be read (it is incomplete or damaged); please take or scan it again."),
    UploadImageTooLarge => ("图片尺寸过大（每边不能超过 {max} 像素），请缩小后再上传。", "The image is too large (at most {max} pixels on a side); please make it smaller and upload it again."),
    AccessFile => ("材料：{name}", "Document: {name}"),
    // issue 16, pwa
    OfflineTitle => ("网络未连接", "You are offline"),
    OfflineBody => ("现在没有网络连接。您看过的办事指南、热门服务和您的办件状态仍可离线阅读；恢复网络后请刷新页面查看最新情况，申请和提交需要联网。", "There is no network connection. The service guides you have read, the popular services and your cases' statuses can still be read offline; reload once you are back online to see the latest. Applying and sending need the network."),
    OfflineAsOf => ("离线浏览 — 内容截至 {time}", "Offline — as of {time}"),
    HomeFindTitle => ("我要办事", "What do you need to do?"),
    HomeTrackHint => ("输入受理时获得的办件编号和查询码，无需登录。", "Enter the case number and query code you were given; no sign-in needed."),
    HomeMineTitle => ("我的在办事项", "My open cases"),
    HomeMineEmpty => ("您目前没有在办的事项。", "You have no open cases."),
    HomeMineAll => ("全部办件", "All my cases"),
    HomeNextInReview => ("部门审核中，请等待结果；承诺 {due} 前办结。", "Under review: wait for the result, promised by {due}."),
    HomeNextWaiting => ("请按补正通知补充材料。", "Send what the notice asks for."),
    HomeNextOverdue => ("已超过办结期限：可查看进度或咨询。", "Past its deadline: see its progress, or ask."),
    HomeNextLabel => ("下一步", "Next"),
    HomeAllServices => ("全部办事指南", "All services"),
    // issue 16, modes
    HeaderSearch => ("搜索", "Search"),
    MenuClose => ("关闭菜单", "Close the menu"),
    ElderModeOn => ("长辈版", "Elder mode"),
    ElderModeOff => ("标准版", "Standard mode"),
    ElderModeTitle => ("长辈版（关怀版）", "Elder mode (large text)"),
    ElderModeAbout => ("字更大、按钮更大、颜色对比更强，首页只留常用服务、进度查询和我的办件，还可以朗读页面。再次点击即可回到标准版。", "Larger text and buttons, stronger contrast, a simpler home page with the most used services, tracking and your cases, and a button that reads the page aloud. Choose it again to return to the standard layout."),
    ReadAloud => ("朗读本页", "Read this page aloud"),
    ReadAloudStop => ("停止朗读", "Stop reading"),
    KioskIdleTitle => ("您还在使用吗？", "Are you still there?"),
    KioskIdleText => ("{n} 秒后将自动注销，并清除本机上您的信息。", "In {n} second you will be signed out and your information cleared from this terminal.|In {n} seconds you will be signed out and your information cleared from this terminal."),
    KioskResume => ("继续使用", "Keep using"),
    KioskEndNow => ("结束并清除", "Finish and clear now"),
    // issue 16, prefill
    KnownFromProject => ("已从项目赋码登记自动填入，提交时由系统按项目代码核对，无需再次填写。", "Filled in from the project's registration and checked against its code when you submit; you need not type it again."),
    KnownFromAccount => ("已从您的实名账户自动填入，提交时由系统核对，无需再次填写。", "Filled in from your verified account and checked by the hall when you submit; you need not type it again."),
    KnownPrefilled => ("已从您的账户自动填入，如有变化可直接修改。", "Filled in from your account; change it if it has changed."),
    KnownAbout => ("您账户中已有的信息已自动填入。", "What your account already holds has been filled in for you."),
    // issue 17, desk
    DeskDecisionLegend => ("您的决定", "Your decision"),
    DeskDecisionNote => ("意见或理由（不予通过、要求补正、提议踏勘时必填；出具证照时填写证照编号）", "Remarks or reason (needed to refuse, to ask for supplements or to propose an inspection; the certificate number to issue)"),
    DeskDecide => ("提交决定", "Record the decision"),
    DeskConfirmTitle => ("确认不予通过", "Confirm the refusal"),
    DeskConfirmText => ("确认后本环节即告结束，申请人将收到以下理由，且无法撤回。", "Once confirmed, the step ends and the applicant is told the reason below; this cannot be undone."),
    DeskConfirmYes => ("确认不予通过", "Yes, refuse"),
    DeskConfirmBack => ("返回修改", "Go back"),
    DeskDoneApprove => ("已记录：案件 {case} 审查通过。", "Recorded: case {case} approved."),
    DeskDoneReject => ("已记录：案件 {case} 不予通过。", "Recorded: case {case} refused."),
    DeskDoneSupplement => ("已记录：已要求案件 {case} 补正，将与其他部门的要求一并告知申请人。", "Recorded: supplements asked for case {case}; the applicant is told together with the other departments' requests."),
    DeskDoneInspection => ("已记录：已为案件 {case} 提议联合踏勘。", "Recorded: a joint site inspection proposed for case {case}."),
    DeskDoneIssue => ("已记录：案件 {case} 已出具证照。", "Recorded: certificate issued for case {case}."),
    DeskHistory => ("办理记录", "Case history"),
    DeskHistoryTable => ("办理记录表", "Table of the case history"),
    DeskWhen => ("时间", "When"),
    DeskWhat => ("办理情况", "What happened"),
    DeskWho => ("经办", "By"),
    DeskDetail => ("说明", "Note"),
    DeskSystem => ("系统", "The hall"),
    EvSubmitted => ("提交申请", "Application submitted"),
    EvAccepted => ("受理", "Accepted"),
    EvStarted => ("开始办理", "Step started"),
    EvClaim => ("领办", "Taken"),
    EvRelease => ("退回待办", "Put back"),
    EvApprove => ("审查通过", "Approved"),
    EvReject => ("不予通过", "Refused"),
    EvRequestSupplement => ("要求补正", "Supplements asked"),
    EvNoticeIssued => ("发出一次性告知", "Notice sent to the applicant"),
    EvSupplemented => ("申请人已补正", "Supplements received"),
    EvProposeInspection => ("提议联合踏勘", "Joint inspection proposed"),
    EvInspectionOrganised => ("组织联合踏勘", "Joint inspection organised"),
    EvIssue => ("出具证照", "Certificate issued"),
    EvCompleted => ("办结", "Completed"),
    EvCancelled => ("终止", "Stopped"),
    EvViewed => ("查阅", "Viewed"),
    DeskReveal => ("查看完整号码", "Show the full number"),
    DeskRevealReason => ("查看理由（将告知本人）", "Reason (the person is told)"),
    DeskRevealSubmit => ("查看", "Show"),
    DeskRevealed => ("完整号码（本次查看已记录并告知本人）", "Full number (this look is recorded and the person is told)"),
    AccessIdReveal => ("查看完整身份证号码（案件 {case}），理由：{reason}", "Saw the full ID number (case {case}); reason: {reason}"),
    AccessSupervisionRead => ("效能监察查阅案件 {case}", "Supervision read case {case}"),
    StatNoData => ("无数据", "No data"),
    SupCaseTitle => ("督查案件 {case}", "Case {case} under supervision"),
    SupCaseAbout => ("只读视图：您的查阅已记录，并在申请人的“谁查看了我的信息”中显示。", "Read only: your access is recorded and shown to the applicant under \"who accessed my data\"."),
    SupOpenCase => ("查看案件 {case}", "Open case {case}"),
    SupSteps => ("办理环节", "Steps"),
    SupStepsTable => ("办理环节表", "Table of the steps"),
    SupLate => ("已超期", "Late"),
    SupNotices => ("督办记录", "Supervision notices"),
    SupNoticeOf => ("督办：{step}", "Notice: {step}"),
    SupNoticeNote => ("督办意见", "What must be done"),
    SupNoticeSend => ("发出督办", "Send the notice"),
    SupNoticeSent => ("已发出督办，部门将收到通知。", "Notice sent; the department has been told."),
    SupNoticeSentOn => ("{on} 发出", "Sent on {on}"),
    SupReply => ("部门答复", "The department's answer"),
    SupNoReply => ("尚未答复", "Not answered yet"),
    SupReplyLabel => ("答复内容", "Your answer"),
    SupReplySend => ("提交答复", "Send the answer"),
    SupNoticeNotLate => ("只能对已超期且仍在办理的环节发出督办。", "A notice can only be sent about a late step still under way."),
    SupReplyTwice => ("该督办已答复。", "This notice has already been answered."),
    SupNoticesOnTask => ("督办通知", "Supervision notices"),
    SupNoticesNone => ("暂无督办。", "No notices yet."),
    NoteSupervisionTitle => ("督办：{case_no} {step}", "Supervision notice: {case_no}, {step}"),
    NoteSupervisionBody => ("监察部门就{department}“{step}”环节（{due_on} 到期）发出督办，请尽快办理并在任务页答复。", "Supervision has sent a notice about the step \"{step}\" of {department} (due {due_on}): please act on it and answer on the task page."),
    NoteSupReplyTitle => ("督办已答复：{case_no}", "Notice answered: {case_no}"),
    NoteSupReplyBody => ("{department}已就“{step}”环节的督办作出答复。", "{department} has answered the notice about the step \"{step}\"."),
    // issue 17, forms
    SectionApplicant => ("申请人信息", "About the applicant"),
    SectionChild => ("新生儿（子女）信息", "About the child"),
    SectionParents => ("父母信息", "About the parents"),
    SectionOther => ("其他信息", "Other information"),
    ProblemRequiredNamed => ("请填写{label}。", "Fill in {label}."),
    ProblemChooseNamed => ("请选择{label}。", "Choose {label}."),
    ProblemNamed => ("{label}：{problem}", "{label}: {problem}"),
    ErrorSummaryTitle => ("提交的信息有问题", "There is a problem"),
    MaterialMissing => ("请上传{material}。", "Upload {material}."),
    MaterialMarkRequired => ("必须提交", "Required"),
    MaterialMarkConditional => ("视情况提交", "If it applies"),
    MaterialSample => ("查看{material}样表", "See a sample of {material}"),
    MaterialDelete => ("删除", "Delete"),
    MaterialReceivedOf => ("已上传的{material}", "{material} uploaded"),
    MaterialUnlabelled => ("其他材料", "Other document"),
    MaterialPreview => ("预览", "Preview"),
    ApplyContinue => ("继续", "Continue"),
    ApplyContinueAbout => ("下一步请核对填写的信息并确认承诺，然后提交。", "Next you check your answers and agree to the declaration, then submit."),
    CheckTitle => ("核对申请信息", "Check your answers"),
    CheckAbout => ("提交前请核对以下信息；如需修改，请点击该项的“修改”。", "Check these answers before you submit; to correct one, use its “Change” link."),
    CheckChange => ("修改", "Change"),
    CheckNotGiven => ("未填写", "Not given"),
    CheckNoFile => ("未上传", "None uploaded"),
    CheckIncomplete => ("申请表尚未填写完整，请先返回申请表填写。", "The form is not complete yet: go back to the form and finish it first."),
    CheckBackToForm => ("返回申请表", "Back to the form"),
    DeclarationTitle => ("承诺", "Declaration"),
    DeclarationText => ("本人承诺：所填写的信息和上传的材料真实、准确、完整，如有虚假，愿意承担相应的法律责任。", "I declare that the information I have given and the documents I have uploaded are true, accurate and complete, and I accept the legal consequences of any false statement."),
    DeclarationAgree => ("我已阅读并同意以上承诺", "I have read and agree to this declaration"),
    DeclarationRequired => ("请阅读并勾选承诺后再提交。", "Read and agree to the declaration before you submit."),
    FilesTitle => ("已提交的材料", "Documents submitted"),
    FilesNone => ("没有提交材料。", "No documents were submitted."),
    // issue 17, find
    BundleTag => ("一件事 · 一次申请", "One application for several services"),
    BundlesFound => ("一件事", "Bundled services"),
    PlaceOfHandling => ("办理地", "Place of handling"),
    PlacesChange => ("更换（共 {n} 个办理地）", "change ({n} place)|change ({n} places)"),
    FilterRegion => ("地区", "Region"),
    FilterRegionAll => ("全省", "Whole province"),
    // issue 17, after
    ReceiptSuccess => ("提交成功，已受理", "Submitted and accepted"),
    ReceiptSuccessText => ("您的申请已受理，办件编号 {case_no}。请保存本回执或打印留存。", "Your application has been accepted as case {case_no}. Keep this receipt or print it."),
    NextTitle => ("接下来会怎样", "What happens next"),
    NextDepartments => ("以下部门将同时审查各自负责的部分：{departments}。", "These departments review their parts at the same time: {departments}."),
    NextLimit => ("承诺在{limit}内办结，即 {due} 前（按工作日计算，法定节假日不计）。", "It is to be finished within {limit}, by {due} (working days; public holidays do not count)."),
    NextOnTheSpot => ("本事项即办：受理当场办结。", "This service is done on the spot, when the application is accepted."),
    NextMayAsk => ("如需补充材料或说明，我们会一次性告知您需要什么；补正期间办理期限暂停计算。您也可能被邀请参加现场核查。", "If anything is missing, you will be told once, in one notice, everything that is needed; the deadline is paused until you answer. You may also be asked to attend a site inspection."),
    NextTrack => ("每一步进展都会发到您的消息中心（设置了电子邮箱的也会发邮件）。您可随时凭办件编号和查询码查询进度：", "You will get a message in your inbox at each step (and an e-mail if you have set an address). You can follow the case at any time with its number and query code:"),
    NextTrackLink => ("查看办理进度", "Track this case"),
    ReceiptPrint => ("打印回执", "Print the receipt"),
    ReceiptPrintHint => ("如需打印回执，请使用浏览器的打印功能。", "To print the receipt, use your browser's print command."),
    CaseYourApplication => ("您的申请", "Your application"),
    CasePromised => ("承诺时限", "Promised time limit"),
    CaseTrackingLink => ("进度查询链接（凭此链接无需登录即可查询）：", "Tracking link (works without signing in):"),
    CaseAnswersShow => ("查看您填写的申请内容", "Show the answers you gave"),
    NoteSubmittedTitle => ("您的申请已受理", "Your application has been accepted"),
    NoteSubmittedBody => ("办件 {case_no}（{step}）已受理，承诺于 {due_on} 前办结。各部门将同时审查，每一步进展都会通知您。", "Case {case_no} ({step}) has been accepted and is due by {due_on}. The departments review it at the same time; you will be told at each step."),
    NoteSupplementTitle => ("请补正材料", "Please supply what is missing"),
    NoteSupplementBody => ("办件 {case_no} 需要您补充材料或说明。请打开办件查看一次性告知并提交；补正期间办理期限暂停计算。", "Case {case_no} needs something more from you. Open the case to read the notice and answer it; the deadline is paused until you do."),
    NoteApprovedTitle => ("{department}已审查通过", "{department} has approved its part"),
    NoteApprovedBody => ("办件 {case_no} 的“{step}”已由{department}审查通过。", "In case {case_no}, {department} approved “{step}”."),
    NoteRejectedTitle => ("{department}不予通过", "{department} has refused its part"),
    NoteRejectedBody => ("办件 {case_no} 的“{step}”未获{department}通过，办件已终止。请打开办件查看理由。", "In case {case_no}, {department} refused “{step}” and the case has ended. Open the case to read the reason."),
    NoteCompletedTitle => ("您的办件已办结", "Your case is complete"),
    NoteCompletedBody => ("办件 {case_no}（{step}）已全部办结。", "Case {case_no} ({step}) is complete."),
    NotePleaseRateTitle => ("请评价本次服务", "Please rate this service"),
    NotePleaseRateBody => ("办件 {case_no}（{step}）已办结。请为每个办理部门评价一次（1–5 星）；评价将公示并用于改进服务。", "Case {case_no} ({step}) has ended. Please rate each department once (1–5 stars); ratings are published and used to improve the service."),
    RateOncePerDepartment => ("办结后，请为每个办理部门评价一次（1–5 星）。1–2 星的评价会交由部门整改并回访。", "Once the case has ended, rate each department once (1–5 stars). A rating of 1–2 stars is sent to the department for rectification and a call-back."),
    RateDepartmentLegend => ("请评价：{department}", "Rate {department}"),
    RatePointLegend => ("请评价：{step}（{department}）", "Rate “{step}” ({department})"),
    RatePointName => ("{step}（{department}）", "“{step}” ({department})"),
    RatePointsTitle => ("评价您亲身经历的环节（可选）", "Rate a step you took part in (optional)"),
    RatePointsAbout => ("补正材料、现场核查等您亲身经历的环节，也可单独评价一次。", "A step you took part in yourself — supplying what was missing, a site inspection — may also be rated once."),
    TodoTitle => ("需要您处理", "Waiting for you"),
    TodoNone => ("目前没有需要您处理的事项。", "Nothing is waiting for you."),
    TodoSupplement => ("待补正", "To supply"),
    TodoRate => ("待评价", "To rate"),
    TodoSupplementText => ("{issued_on} 通知补正，补正前办理期限暂停。", "Asked on {issued_on}; the deadline is paused until you answer."),
    TodoRateOne => ("已办结，请评价办理部门。", "Complete: please rate the department."),
    TodoRateText => ("已办结，请评价 {n} 个办理部门。", "Complete: please rate its {n} department.|Complete: please rate its {n} departments."),
    WhoAccessedTable => ("查看记录（可横向滚动）", "Accesses (scrolls sideways)"),
    // issue 17, standard
    FooterSponsor => ("主办单位", "Run by"),
    FooterOperator => ("承办单位", "Operated by"),
    FooterContact => ("联系我们", "Contact us"),
    FooterSiteId => ("网站标识码", "Website code"),
    FooterFindMistake => ("政府网站找错", "Report a mistake on this website"),
    FooterConac => ("党政机关网站标识", "Party and government website mark"),
    ChannelLater => ("即将开放", "Coming later"),
    ChannelPartly => ("部分开放", "Partly open"),
    RectNo => ("第 {id} 号", "No. {id}"),
    ItemCode => ("事项编码", "Service code"),
    // ---- issue 18, the intermediary service marketplace (中介服务超市) ----
    MktSvcSurveying => ("测绘", "Surveying and mapping"),
    MktSvcEnvironmental => ("环评报告编制", "Environmental impact report"),
    MktSvcDrawingReview => ("施工图审查", "Construction drawing review"),
    MktSvcGeological => ("地质勘察", "Geological survey"),
    MktSvcEnergy => ("节能评估", "Energy-saving assessment"),
    MktSvcSoilWater => ("水土保持方案编制", "Soil and water conservation plan"),
    MktSvcTraffic => ("交通影响评价", "Traffic impact assessment"),
    MktSvcLandSurvey => ("土地勘测定界", "Land survey and boundary demarcation"),
    MktGradeA => ("甲级", "Grade A"),
    MktGradeB => ("乙级", "Grade B"),
    MktGradeC => ("丙级", "Grade C"),
    MktStatePosted => ("已发布", "Posted"),
    MktStateRegistering => ("报名中", "Open for registration"),
    MktStateWorking => ("服务中", "In progress"),
    MktStateDelivered => ("已交付", "Delivered"),
    MktStateRated => ("已评价", "Rated"),
    MktStateFailed => ("采购失败", "Failed"),
    MktHowDraw => ("随机抽取", "Random draw"),
    MktHowDirect => ("直接选取", "Direct choice"),
    MktDimQuality => ("服务质量", "Quality"),
    MktDimTimeliness => ("服务时效", "Timeliness"),
    MktDimAttitude => ("服务态度", "Attitude"),
    MktDimFee => ("收费合理", "Fee"),
    MktErrTooFew => ("报名的合格中介机构不足 2 家，本次采购失败。请重新发布采购，或说明理由后直接选取。", "Fewer than 2 qualified intermediaries registered, so this purchase has failed. Post it again, or choose one directly and say why."),
    MktErrNotQualified => ("该中介机构没有本服务类型的有效资质。", "This intermediary holds no valid qualification for this service."),
    MktErrNotIntermediary => ("您的账户没有管理入驻的中介机构。", "Your account manages no registered intermediary."),
    MktErrNotOwner => ("只有项目单位才能进行此操作。", "Only the project's owner can do this."),
    MktErrNotChosen => ("只有选中的中介机构才能提交交付。", "Only the chosen intermediary can record the delivery."),
    MktErrAlreadyRegistered => ("已报名本次采购。", "You have registered for this purchase already."),
    MktErrRegistrationClosed => ("报名已截止，或本采购不接受报名。", "Registration is closed, or this purchase takes none."),
    MktErrNotYetClosed => ("报名截止日（{date}）起才能抽取。", "The draw can be made from the day registration closes ({date})."),
    MktErrWrongState => ("本采购当前所处阶段不能进行此操作。", "This purchase is not at a stage where this can be done."),
    MktErrAlreadyRated => ("本次服务已评价。", "This service has been rated already."),
    MktErrOwnIntermediary => ("项目单位自己管理的中介机构不能参加本项目的采购。", "An intermediary the project's owner manages cannot take part in its purchases."),
    MktErrProject => ("请选择您名下已赋码项目的项目代码。", "Choose the code of a project registered to you."),
    MktErrService => ("请选择服务类型。", "Choose a service type."),
    MktErrBudget => ("请填写预算金额（元，最多两位小数，0.01 至 100,000,000）。", "Give the budget in yuan, with at most two decimals, from 0.01 to 100,000,000."),
    MktErrDeadline => ("请填写服务时限（1 至 120 个工作日）。", "Give the time limit: 1 to 120 working days."),
    MktErrHow => ("请选择选取方式。", "Choose how the intermediary is selected."),
    MktErrDirectWho => ("直接选取须选择一家具有本服务资质的中介机构。", "A direct choice needs an intermediary qualified for this service."),
    MktErrGrade => ("请选择资质等级。", "Choose the grade."),
    MktErrRegion => ("请选择所在行政区划。", "Choose the region."),
    MktTitle => ("中介服务超市", "Intermediary service marketplace"),
    MktAbout => ("项目单位在此发布中介服务采购；入驻的中介机构凭资质报名，以公开、任何人都可复算的随机抽取选定一家；服务评价公开，并像部门好差评一样公平排名。", "Project owners post purchases of intermediary services here; registered intermediaries with the right qualification sign up, and one is chosen by a public random draw anyone can recompute. Ratings are public and ranked fairly, as the departments' are."),
    MktFilterService => ("服务类型", "Service type"),
    MktAllServices => ("全部服务类型", "All service types"),
    MktShow => ("筛选", "Show"),
    MktBoardCaption => ("中介机构排行", "Intermediaries, ranked"),
    MktColName => ("中介机构", "Intermediary"),
    MktColQualifications => ("资质", "Qualifications"),
    MktNone => ("暂无入驻的中介机构。", "No intermediary is registered for this yet."),
    MktRankNote => ("排名方法与部门好差评相同。每次采购的评价含服务质量、服务时效、服务态度、收费合理四项，取四项星级的平均数（四舍五入到整星）计为一条评价：", "Ranked as the departments' boards are. Each purchase's rating has four parts (quality, timeliness, attitude, fee); the mean of its four stars, rounded to the nearest star, counts as one rating:"),
    MktIntermediaryTitle => ("中介机构", "Intermediary"),
    MktIntermediaryNotFound => ("没有找到这家中介机构。", "No such intermediary."),
    MktCreditCode => ("统一社会信用代码", "Unified social credit code"),
    MktRegion => ("所在地区", "Region"),
    MktQualifications => ("资质", "Qualifications"),
    MktCertificate => ("证书编号", "Certificate number"),
    MktValidUntil => ("有效期至", "Valid until"),
    MktGrade => ("资质等级", "Grade"),
    MktExpired => ("已过期", "Expired"),
    MktRatings => ("服务评价", "Ratings"),
    MktDimensionsCaption => ("分项平均星级", "Average stars by part"),
    MktNoRatings => ("暂无评价。", "No ratings yet."),
    MktPurchaseTitle => ("中介服务采购 {no}", "Purchase {no}"),
    MktPurchaseNotFound => ("没有找到这个采购。", "No such purchase."),
    MktPurchaseNo => ("采购编号", "Purchase number"),
    MktProject => ("项目", "Project"),
    MktProjectCode => ("项目代码", "Project code"),
    MktBudget => ("预算", "Budget"),
    MktBudgetValue => ("{amount} 元", "CNY {amount}"),
    MktDeadline => ("服务时限", "Time limit"),
    MktHow => ("选取方式", "Selection"),
    MktState => ("状态", "Status"),
    MktPostedOn => ("发布日期", "Posted on"),
    MktClosesOn => ("报名截止日", "Registration closes"),
    MktFailure => ("失败原因", "Why it failed"),
    MktRegistrants => ("报名的中介机构", "Registered intermediaries"),
    MktNoRegistrants => ("暂无报名。", "No registrations yet."),
    MktRegisteredOn => ("报名日期", "Registered on"),
    MktSelection => ("选取结果", "The selection"),
    MktSeedInput => ("种子原文", "Seed input"),
    MktSeed => ("随机种子（SHA-256）", "Seed (SHA-256)"),
    MktChosen => ("选中的中介机构", "Chosen intermediary"),
    MktSelectedOn => ("选取日期", "Selected on"),
    MktReason => ("直接选取理由", "Reason for the direct choice"),
    MktHowToRecompute => ("如何复算", "How to recompute it"),
    MktRecomputeText => ("报名截止后，将采购编号、报名截止日、各报名机构的统一社会信用代码（按字母数字顺序排列，以英文逗号分隔）依次写成三行（UTF-8，行间一个换行符，末尾不换行），即上面的“种子原文”；其 SHA-256 即为种子。把种子的前 16 位十六进制数字作为无符号整数，除以报名机构数得余数 r；按信用代码排序的第 r+1 家（从 1 数起）即为选中机构。例如在 Linux 下先运行 printf '%s' \"种子原文\" > seed.txt，再运行 sha256sum seed.txt。", "Once registration has closed, write the purchase number, the closing date and the registrants' unified social credit codes (sorted, separated by commas) as three lines (UTF-8, one newline between lines, none at the end): that is the seed input above, and its SHA-256 is the seed. Read the seed's first 16 hexadecimal digits as an unsigned number and divide it by the number of registrants: with remainder r, the registrant at place r + 1 (counting from 1) in credit-code order is chosen. For example on Linux: printf '%s' \"seed input\" > seed.txt, then sha256sum seed.txt."),
    MktStep => ("服务环节", "The service step"),
    MktStartedOn => ("开始日期", "Started on"),
    MktDueOn => ("承诺完成日期", "Due on"),
    MktDeliveredOn => ("交付日期", "Delivered on"),
    MktUsed => ("已用时间", "Time used"),
    MktDaysUsed => ("{n} 个工作日", "{n} working day|{n} working days"),
    MktLate => ("已超期", "Late"),
    MktRegisterSubmit => ("报名参加本次采购", "Register for this purchase"),
    MktDrawSubmit => ("截止报名并抽取", "Close registration and draw"),
    MktDeliverSubmit => ("确认服务已交付", "Record the delivery"),
    MktRateTitle => ("评价本次中介服务", "Rate this service"),
    MktComment => ("评价内容（可选）", "Comment (optional)"),
    MktRateSubmit => ("提交评价", "Send the rating"),
    MktOwnerRating => ("项目单位的评价", "The owner's rating"),
    MktOverall => ("计入排名", "Counts as"),
    MktDonePosted => ("采购已发布。", "The purchase is posted."),
    MktDoneRegistered => ("已报名。", "You have registered."),
    MktDoneDrawn => ("已完成选取。", "The selection is made."),
    MktDoneDelivered => ("已记录交付。", "The delivery is recorded."),
    MktDoneRated => ("感谢您的评价，评价已公开。", "Thank you: your rating is public."),
    MktPostTitle => ("发布中介服务采购", "Post a purchase"),
    MktPostAbout => ("项目单位为名下已赋码的投资项目发布采购。选择随机抽取时，报名截止日为发布后第 3 个工作日，截止后由项目单位抽取；报名的合格机构不足 2 家时采购失败。", "Owners post purchases for their registered projects. With a random draw, registration closes on the 3rd working day after posting and the owner draws from then on; with fewer than 2 qualified registrants the purchase fails."),
    MktPostSubmit => ("发布采购", "Post the purchase"),
    MktBudgetField => ("预算（元）", "Budget (yuan)"),
    MktDeadlineField => ("服务时限（工作日）", "Time limit (working days)"),
    MktDirectWho => ("直接选取的中介机构", "Intermediary chosen directly"),
    MktChooseOne => ("请选择", "Choose one"),
    MktPurchasesOf => ("本机构的采购", "Purchases of this intermediary"),
    // issue 18, leftovers: intermediaries register themselves; inbox notices
    MktErrEnterpriseOnly => ("中介机构入驻只对企业账户开放，请使用本机构的企业账户登录。", "Only enterprise accounts register intermediaries: please sign in with your organisation's enterprise account."),
    MktErrAlreadyManages => ("您的账户已管理一家入驻的中介机构，可在“我的中介机构”中新增或更新资质。", "Your account manages a registered intermediary already; add or renew its qualifications under My intermediary."),
    MktErrCodeTaken => ("该统一社会信用代码的中介机构已由其他账户管理。", "The intermediary with this unified social credit code is managed by another account."),
    MktErrNoQualification => ("请至少填写一项资质。", "Give at least one qualification."),
    MktJoinLink => ("中介机构入驻、管理资质", "Intermediaries: register or manage your qualifications"),
    MktMineTitle => ("我的中介机构", "My intermediary"),
    MktJoinTitle => ("中介机构入驻", "Register as an intermediary"),
    MktJoinAbout => ("企业账户可将本机构登记为中介机构（中介服务超市入驻），填写所在地区和资质。统一社会信用代码取自您的企业账户。只有在有效期内的资质才能报名相应服务类型的采购，资质到期前请及时更新。", "An enterprise account registers its organisation as an intermediary here, with its region and qualifications. The unified social credit code is your account's. Only qualifications still valid count for registering for purchases of their service type: renew them before they expire."),
    MktNameZh => ("机构名称（中文）", "Name (Chinese)"),
    MktNameEn => ("机构名称（英文）", "Name (English)"),
    MktFirstQualification => ("资质", "Qualification"),
    MktJoinSubmit => ("提交入驻", "Register"),
    MktDoneJoined => ("入驻成功，贵机构已在中介服务超市公开。", "Registered: your organisation is now listed in the marketplace."),
    MktQualTitle => ("新增或更新资质", "Add or renew a qualification"),
    MktQualAbout => ("同一服务类型再次提交即更新其等级、证书编号和有效期（续期）。有效期至不能早于今天。", "Sending a service type again replaces its grade, certificate number and date (a renewal). The date may not be before today."),
    MktQualSubmit => ("保存资质", "Save the qualification"),
    MktDoneQualified => ("资质已保存。", "The qualification is saved."),
    MktViewPublic => ("查看公开页面", "See the public page"),
    NoteMktSelectedTitle => ("已选定中介机构：{case_no}", "Intermediary selected: {case_no}"),
    NoteMktSelectedBody => ("您发布的中介服务采购 {case_no}（{step}，项目“{enterprise}”）已随机抽取选定{department}，服务自今日开始，承诺完成日期 {due_on}。抽取的种子和复算方法公开在采购页面上。", "The draw for your purchase {case_no} ({step}, project “{enterprise}”) selected {department}. The work starts today and is due on {due_on}. The draw's seed and how to recompute it are on the purchase's page."),
    NoteMktFailedTitle => ("中介服务采购失败：{case_no}", "Purchase failed: {case_no}"),
    NoteMktFailedBody => ("您发布的中介服务采购 {case_no}（{step}，项目“{enterprise}”）报名的合格中介机构不足 2 家，采购失败。您可以重新发布采购，或说明理由后直接选取。", "Fewer than 2 qualified intermediaries registered for your purchase {case_no} ({step}, project “{enterprise}”), so it has failed. You may post it again, or choose one directly and say why."),
    NoteMktWonTitle => ("贵机构被选中：{case_no}", "You were selected: {case_no}"),
    NoteMktWonBody => ("贵机构被选中承接中介服务采购 {case_no}（{step}，项目“{enterprise}”），服务自今日开始，承诺完成日期 {due_on}。完成后请在采购页面确认交付。", "Your organisation was selected for purchase {case_no} ({step}, project “{enterprise}”). The work starts today and is due on {due_on}; record the delivery on the purchase's page when it is done."),
    NoteMktNotChosenTitle => ("未被选中：{case_no}", "Not selected: {case_no}"),
    NoteMktNotChosenBody => ("您报名的中介服务采购 {case_no}（{step}）已随机抽取选定{department}。感谢参与；抽取的种子和复算方法公开在采购页面上。", "The draw for purchase {case_no} ({step}), which you registered for, selected {department}. Thank you for taking part; the draw's seed and how to recompute it are on the purchase's page."),
    NoteMktFailedRegistrantTitle => ("采购未成交：{case_no}", "No one selected: {case_no}"),
    NoteMktFailedRegistrantBody => ("您报名的中介服务采购 {case_no}（{step}）报名的合格中介机构不足 2 家，采购失败，未选定任何机构。", "Fewer than 2 qualified intermediaries registered for purchase {case_no} ({step}), which you registered for, so it has failed and no one was selected."),
    NoteMktDeliveredTitle => ("中介服务已交付，请评价：{case_no}", "Delivered, please rate it: {case_no}"),
    NoteMktDeliveredBody => ("{department}已确认交付中介服务采购 {case_no}（{step}，项目“{enterprise}”）。请在采购页面从服务质量、服务时效、服务态度、收费合理四方面评价，评价将公开。", "{department} has recorded the delivery of purchase {case_no} ({step}, project “{enterprise}”). Please rate it on the purchase's page for quality, timeliness, attitude and fee; ratings are public."),
    // issue 18, leftovers: stage bundles found in search; the targets' administration
    InvStageFound => ("“{stage}”是投资项目的审批阶段，须凭已赋码项目的项目代码申报，不能单独申请。", "“{stage}” is a stage of an investment project: it is applied for with a registered project's code, not on its own."),
    InvStageHowNew => ("还没有项目代码：先进行项目赋码登记。", "No project code yet: register the project first."),
    InvStageHowMine => ("已有项目：在“我的项目”中打开项目，从项目页面申报本阶段（前一阶段的批复办结后才能申报）。", "Already registered: open the project in My projects and apply for this stage from its page (once the earlier stage's permits are issued)."),
    InvTargetsTitle => ("投资项目审批时限目标", "Investment project targets"),
    InvTargetsAbout => ("全流程审批时限目标按项目建设地点取最近一级设定：区县未设定的取所在地市，地市未设定的取全省，全省未设定的为 120 个工作日。目标可设为 1 至 400 个工作日。", "A project's target is its region's, else its city's, else the province's, else 120 working days. A target may be 1 to 400 working days."),
    InvTargetsOnlyNew => ("修改只适用于此后赋码登记的项目；已登记的项目保留登记时的目标。每次修改都记入审计日志。", "A change applies only to projects registered afterwards; registered projects keep the target they were registered with. Every change is recorded in the audit trail."),
    InvTargetsNone => ("暂无地区设定自己的目标，所有项目均为 120 个工作日。", "No region sets its own target: every project takes 120 working days."),
    InvTargetsCaption => ("各地区设定的目标", "Targets set by region"),
    InvTargetsRegion => ("地区", "Region"),
    InvTargetsCode => ("行政区划代码", "Region code"),
    InvTargetsDays => ("目标（工作日）", "Target (working days)"),
    InvTargetsDaysHint => ("1 至 400 的整数。清除时可不填。", "A whole number from 1 to 400; leave it empty to clear."),
    InvTargetsFormTitle => ("设置或清除地区目标", "Set or clear a region's target"),
    InvTargetsSet => ("保存目标", "Save the target"),
    InvTargetsClear => ("清除该地区目标", "Clear this region's target"),
    InvTargetsDoneSet => ("目标已保存，适用于此后登记的项目。", "The target is saved; it applies to projects registered from now on."),
    InvTargetsDoneCleared => ("该地区的目标已清除，此后登记的项目取上一级的目标。", "The region's target is cleared; projects registered from now on take the target above it."),
    InvErrTargetDays => ("请填写 1 至 400 之间的整数（工作日）。", "Give a whole number of working days from 1 to 400."),
    InvErrTargetRegion => ("请选择地区。", "Choose a region."),
    InvErrTargetAction => ("请选择保存或清除。", "Choose to save or to clear."),
    // issue 19, lead: the interaction channel's page; every answered public consultation
    ConsultAllTitle => ("公开咨询", "Answered public questions"),
    ConsultAllAbout => ("各部门已公开答复的网上咨询，可按问题或答复中的任意字词搜索（一个汉字也可以）。", "Every question departments have answered in public; search any word of the question or its answer (one Chinese character is enough)."),
    ConsultAllSearch => ("搜索问题和答复", "Search questions and answers"),
    ConsultAllCount => ("共 {n} 条", "{n} found"),
    IxWriteTitle => ("我要写信", "Write a letter"),
    IxWriteAbout => ("向部门、领导信箱或 12345 热线写信：咨询、求助、投诉、建议或感谢。按工作日时限办理，每一步都可查看。", "Write to a department, a leader's mailbox or the 12345 hotline: an enquiry, a request for help, a complaint, a suggestion or thanks. Handled within working-day limits, every step visible."),
    IxLettersTitle => ("公开信件", "Public letters"),
    IxLettersAbout => ("公开的来信及其办理过程和结果（写信人姓名已隐去）。", "Public letters with their handling and results (writers' names hidden)."),
    IxStatsTitle => ("办理统计与超期通报", "Figures and overdue letters"),
    IxStatsAbout => ("各部门、各地区的收信、答复、按时答复、回访满意和重新办理数，以及超期 5 个工作日以上的信件通报。", "Letters received, replied to, replied to on time, satisfied at follow-up and reopened, per department and region; and the public list of letters more than 5 working days overdue."),
    IxSuggestTitle => ("建议征集", "Suggestions"),
    IxSuggestAbout => ("就正在征集意见的政策草案、规划和议题提出建议，支持好的建议，查看精选答复和采纳情况。", "Make suggestions on draft policies, plans and topics open for comment, support good ones, and read the selected replies and what was adopted."),
    IxInterviewTitle => ("在线访谈", "Online interviews"),
    IxInterviewAbout => ("正在直播、即将开始和往期的访谈：向嘉宾提问，阅读文字实录。", "Live, upcoming and past interviews: ask the guest a question and read the transcript."),
    IxRatingsAbout => ("各部门、各地区的好差评排名和整改公示。", "Ratings of departments and regions, and the published rectifications."),
    IxTrackAbout => ("凭办件编号和查询码查看办件的每一步。", "Follow every step of a case with its number and query code."),
    LsAbout => ("数据直接取自信件办理记录，不经人工填报：收信数（合并的重复信件不计）、已答复数、首次答复在期限内的件数、回访满意数和回访数、写信人不满意后重新办理的件数。", "The figures come straight from the letters' record, never typed in: letters received (merged duplicates not counted), replied to, first replied to within the deadline, satisfied at follow-up out of those followed up, and reopened after an unsatisfied follow-up."),
    LsScopeYear => ("{region}：{year} 年收到的信件", "{region}: letters received in {year}"),
    LsScopeAll => ("{region}：全部信件", "{region}: all letters"),
    LsYear => ("年份", "Year"),
    LsYearHint => ("按收信年份统计，如 2026；不填为全部。", "The year letters were received, e.g. 2026; leave it empty for all."),
    LsTotal => ("合计", "Total"),
    LsByDepartment => ("按承办部门", "By department"),
    LsByRegion => ("按地区", "By region"),
    LsColReceived => ("收信", "Received"),
    LsColReplied => ("已答复（答复率）", "Replied (rate)"),
    LsColOnTime => ("按时答复（按时率）", "On time (rate)"),
    LsColSatisfied => ("回访满意（满意率）/ 回访", "Satisfied (rate) / followed up"),
    LsColReopened => ("重新办理", "Reopened"),
    LsOverdueTitle => ("超期信件通报", "Overdue letters"),
    LsOverdueAbout => ("以下信件已超过答复期限 {n} 个工作日以上（期限在 {date} 及以前），仍未答复，共 {count} 件。", "These letters are more than {n} working days past their deadline (due on or before {date}) and not yet replied to: {count} in all."),
    LsOverdueDays => ("超期 {n} 个工作日", "{n} working days late"),
    LsPrivateSubject => ("（不公开信件）", "(private letter)"),
    LsColNo => ("信件编号", "Letter no."),
    LsColKind => ("类型", "Kind"),
    LsColSubject => ("标题", "Subject"),
    LsColReceivedOn => ("收信日期", "Received"),
    LsColOverdue => ("超期", "Late by"),
    // ---- issue 17, booking a visit (网上预约) ----
    ActionBook => ("网上预约", "Book a visit"),
    BookInPersonNote => ("本事项须本人到现场办理，不能在线申办；请先网上预约办理时间和地点，按时携带材料到场。", "This service is done in person and cannot be applied for online: book a time and place first, then come with your documents."),
    BookBothParties => ("须男女双方本人同时到场，各自携带本人身份证件。", "Both parties must come in person together, each with their own identity card."),
    BookTitle => ("网上预约", "Book a visit"),
    BookHeading => ("网上预约：{service}", "Book a visit: {service}"),
    BookRescheduleHeading => ("改约：{service}", "Change the time: {service}"),
    BookWindowNote => ("可预约今后 10 个工作日内的时段；法定节假日和周末不办理，调休上班日照常办理。", "You may book a time in the next 10 working days; offices are closed at weekends and on public holidays and open on make-up working days."),
    BookGuideLink => ("查看办事指南", "Read the service guide"),
    BookAlreadyHave => ("您已预约本事项（预约码 {code}）。如需更改，请打开预约改约或取消。", "You have booked this service already (booking code {code}). To change it, open the booking and change or cancel it."),
    BookViewLink => ("查看我的预约", "View my booking"),
    BookNoOffices => ("本事项暂无可网上预约的办理点，请按办事指南的地点和时间到现场办理。", "No office takes bookings for this service yet; please go in person at the place and times in the guide."),
    BookRescheduleKeeps => ("原预约（{date} {time}，{place}）在新时间预约成功前保持有效。", "Your booking ({date} {time}, {place}) stays as it is until the new time is booked."),
    BookChooseOffice => ("办理点", "Office"),
    BookShowTimes => ("查看可约时间", "Show free times"),
    BookOffice => ("办理点", "Office"),
    BookAddress => ("地址", "Address"),
    BookHours => ("办理时间", "Opening hours"),
    BookHoursText => ("工作日 {am}，{pm}（法定节假日除外）", "Working days {am} and {pm} (closed on public holidays)"),
    BookChooseDay => ("选择日期", "Choose a day"),
    BookDayFree => ("{date}（余 {n} 个名额）", "{date} ({n} place free)|{date} ({n} places free)"),
    BookDayFull => ("{date}（已约满）", "{date} (fully booked)"),
    BookChooseTime => ("选择 {date} 的时间", "Choose a time on {date}"),
    BookTimeFree => ("{time}（余 {n} 个名额）", "{time} ({n} place free)|{time} ({n} places free)"),
    BookTimeFull => ("{time} 已约满", "{time} fully booked"),
    BookConfirm => ("确认预约", "Confirm the booking"),
    BookConfirmReschedule => ("确认改约", "Confirm the new time"),
    BookingTitle => ("预约详情", "Your booking"),
    BookNotFound => ("没有找到这个预约。", "No such booking."),
    BookDoneBooked => ("预约成功。请按时携带下列材料到场办理。", "Booked. Please come on time with the documents below."),
    BookDoneMoved => ("已改约，新的时间如下。", "The time is changed; the new one is below."),
    BookDoneCancelled => ("预约已取消。", "The booking is cancelled."),
    BookCancelledNote => ("本预约已取消，名额已释放。", "This booking is cancelled and its place released."),
    BookCode => ("预约码", "Booking code"),
    BookService => ("办理事项", "Service"),
    BookWhen => ("预约时间", "Time"),
    BookState => ("状态", "Status"),
    BookStateBooked => ("已预约", "Booked"),
    BookStateCancelled => ("已取消", "Cancelled"),
    BookArrive => ("请提前 10 分钟到达，凭预约码和身份证件取号。", "Please arrive 10 minutes early; show the booking code and your identity card to take a number."),
    BookBring => ("请携带以下材料", "What to bring"),
    BookRequired => ("必需", "required"),
    BookIfApplies => ("如适用", "if it applies"),
    BookCopies => ("{n} 份", "{n} copy|{n} copies"),
    BookChangeTitle => ("改约或取消", "Change or cancel"),
    BookReschedule => ("改约（更换时间或办理点）", "Change the time or office"),
    BookCancel => ("取消预约", "Cancel the booking"),
    BookToMySpace => ("返回我的空间", "Back to my space"),
    BookErrNotBookable => ("本事项不提供网上预约，或该办理点不办理本事项。", "This service takes no bookings, or that office does not do it."),
    BookErrNoSuchTime => ("所选时间不是该办理点的可预约时段，请重新选择。", "That is not a time the office takes bookings for; please choose another."),
    BookErrOutsideWindow => ("只能预约今后 10 个工作日内的时段。", "Only times in the next 10 working days can be booked."),
    BookErrFull => ("该时段已约满，请选择其他时间。", "That time is fully booked; please choose another."),
    BookErrAlreadyBooked => ("您已预约本事项；如需更换时间，请改约。", "You have booked this service already; change its time instead."),
    BookErrNotLive => ("该预约已取消或已过时，不能再更改。", "This booking is cancelled or past and can no longer be changed."),
    BookErrSameTime => ("新时间与原预约相同。", "The new time is the same as the booked one."),
    InvKindApproval => ("审批（政府投资）", "Approval (government investment)"),
    InvKindConfirmation => ("核准", "Confirmation (核准)"),
    InvKindFiling => ("备案", "Filing (备案)"),
    InvIndManufacturing => ("制造业", "Manufacturing"),
    InvIndInformation => ("信息传输、软件和信息技术服务业", "Information and software"),
    InvIndRealEstate => ("房地产业", "Real estate"),
    InvIndMunicipal => ("市政公用设施", "Municipal utilities"),
    InvIndTransport => ("交通运输、仓储", "Transport and storage"),
    InvIndWater => ("水利", "Water works"),
    InvIndEnergy => ("能源", "Energy"),
    InvIndAgriculture => ("农林牧渔业", "Agriculture"),
    InvIndEducation => ("教育", "Education"),
    InvIndHealth => ("卫生和社会工作", "Health and social work"),
    InvIndCultureTourism => ("文化、体育和娱乐业", "Culture, sport and tourism"),
    InvIndCommerce => ("批发零售和商贸物流", "Trade and logistics"),
    InvIndOther => ("其他", "Other"),
    InvHelpersHeading => ("中介服务", "Intermediary services"),
    InvIntermediariesNote => ("中介服务时间按各自承诺时限计算，不计入审批时限。", "Intermediaries' work runs on its own promised limits and does not count against the approval target."),
    InvStage1 => ("立项用地规划许可", "Project approval and land-use planning permit"),
    InvStage2 => ("工程建设许可", "Works planning permit"),
    InvStage3 => ("施工许可", "Construction permit"),
    InvStage4 => ("竣工验收", "Completion acceptance"),
    InvErrRequired => ("请填写此项。", "Please fill this in."),
    InvErrChoice => ("请从列表中选择。", "Please choose from the list."),
    InvErrAmount => ("请填写不超过两位小数的数额。", "Please give an amount with at most two decimals."),
    InvErrRegion => ("请选择项目建设地点所在的行政区划。", "Please choose the region where the project is built."),
    InvErrCodeRequired => ("投资项目事项须提供项目代码，无项目代码不得受理。", "An investment item needs its project code: without one it cannot be accepted."),
    InvErrBadCode => ("项目代码格式不正确（应为 YYYY-RRRRRR-DD-TT-NNNNNC，共 24 位，末位为校验码）。", "This is not a project code (YYYY-RRRRRR-DD-TT-NNNNNC, 24 characters, the last a check character)."),
    InvErrUnregistered => ("该项目代码未经赋码登记，不得受理。", "No project was registered under this code, so it cannot be accepted."),
    InvErrNotYours => ("该项目不属于您的账户。", "This project does not belong to your account."),
    InvErrOtherRegion => ("项目建设地点不在该办理地范围内。", "The project is built outside this place of handling."),
    InvErrPermitsMissing => ("前一阶段的批复尚未全部办结：{items}。", "Permits of an earlier stage are not issued yet: {items}."),
    InvErrStageTaken => ("该阶段已有申请在办理中或已办结。", "This stage has an application under way or done already."),
    InvAboutParallel => ("每个阶段由牵头部门统一受理，一份申请、一套材料，各部门并联审批，在一条时间线上计时。", "Each stage is one application with one set of documents, received by a lead department; the departments review it in parallel on one clock."),
    InvAboutTarget => ("从立项到竣工验收，全流程审批时间不超过120个工作日（各地可定得更短）。", "From approval to acceptance, the whole process takes at most 120 working days (a region may set less)."),
    InvAboutJoint => ("竣工验收由各部门一次联合现场验收、统一出具结果：政府投资项目8个工作日，社会投资项目5个工作日。", "Acceptance is one joint site inspection by all departments with one result: 8 working days for government-funded projects, 5 for social investment."),
    InvAboutIntermediaries => ("设计、测绘、评估等中介服务可在网上选取：", "Design, surveying, assessment and other intermediary services are chosen online:"),
    InvIntermediaries => ("中介服务超市", "the intermediary services marketplace"),
    InvStage1About => ("项目审批、核准或备案，选址意见书，用地预审，用地规划许可。", "Approval, confirmation or filing of the project, site selection, land-use pre-review and the land-use planning permit."),
    InvStage2About => ("设计方案审查，建设工程规划许可。", "Review of the design scheme and the works planning permit."),
    InvStage3About => ("施工图审查，建筑工程施工许可。", "Review of the construction drawings and the construction permit."),
    InvStage4About => ("规划、消防、人防、档案等联合验收，竣工验收备案。", "Joint acceptance of planning, fire safety, civil air defence, archives and more, and the acceptance filing."),
    InvLookupTitle => ("查询项目进度", "Look up a project"),
    InvLookupHint => ("请输入24位项目代码，例如 2026-440103-02-03-000017。", "Type the 24-character project code, for example 2026-440103-02-03-000017."),
    InvLookupSubmit => ("查询", "Look up"),
    InvCode => ("项目代码", "Project code"),
    InvStagesTitle => ("审批的四个阶段", "The four stages"),
    InvStatsTitle => ("投资审批各阶段平均用时", "Average time of each stage"),
    InvStatsAbout => ("按地市、阶段和项目类型，统计已办结阶段的平均工作日数（补正和现场核验的时间不计）。", "Average working days of the completed stages, by city, stage and kind of project (time for supplements and site inspections not counted)."),
    InvStatsEmpty => ("暂无已办结的阶段。", "No stage is completed yet."),
    InvStatsCsv => ("下载CSV", "Download CSV"),
    InvStatsCity => ("地市", "City"),
    InvStatsStage => ("阶段", "Stage"),
    InvStatsCount => ("已办结阶段数", "Stages completed"),
    InvStatsAverage => ("平均用时（工作日）", "Average (working days)"),
    InvRegisterTitle => ("项目赋码登记", "Register a project"),
    InvRegisterAbout => ("登记后项目获得全国统一的项目代码，各阶段申报都使用这个代码。", "A registered project gets its national project code, which every stage's application uses."),
    InvRegisterSubmit => ("提交登记", "Register the project"),
    InvEnterpriseOnly => ("项目赋码登记只对企业账户开放，请使用企业账户登录。", "Only enterprise accounts register projects: please sign in with your enterprise's account."),
    InvFieldName => ("项目名称", "Project name"),
    InvFieldKind => ("项目类型", "Kind of project"),
    InvFieldIndustry => ("所属行业", "Industry"),
    InvFieldRegion => ("建设地点", "Where it is built"),
    InvFieldInvestment => ("总投资（万元）", "Total investment (10,000 yuan)"),
    InvFieldAmountHint => ("最多两位小数，例如 1250.50。", "At most two decimals, for example 1250.50."),
    InvFieldLand => ("用地面积（平方米）", "Land area (square metres)"),
    InvFieldLandHint => ("不新增用地的填0或不填。", "0 or empty when no new land is used."),
    InvFieldScope => ("建设规模及内容", "What is built (scale and content)"),
    InvWholeProvince => ("{name}（省级）", "{name} (province level)"),
    InvProjectTitle => ("项目审批进度", "Project progress"),
    InvNotFound => ("没有以这个代码登记的项目，请核对项目代码。", "No project is registered under this code: please check it."),
    InvReceiptTitle => ("赋码成功", "Project registered"),
    InvReceiptAbout => ("请保存项目代码：各阶段申报都要填写它。", "Keep this code: every stage's application asks for it."),
    InvReceiptQr => ("扫码查看项目进度：", "Scan to see the project's progress:"),
    InvRegisteredOn => ("赋码日期", "Registered on"),
    InvTotalInvestment => ("总投资", "Total investment"),
    InvAmountWan => ("{amount}万元", "{amount} × 10,000 yuan"),
    InvDaysUsed => ("已用{used}个工作日，时限{n}个工作日", "{used} of {n} working day used|{used} of {n} working days used"),
    InvOverLimit => ("超出时限", "Over the limit"),
    InvWholeProject => ("全流程用时", "Whole project"),
    InvTimeUsed => ("用时", "Time used"),
    InvStateNotYet => ("待前一阶段批复", "Waits for earlier permits"),
    InvStateOpen => ("可以申报", "Open to apply"),
    InvStateInReview => ("审批中", "In review"),
    InvStateWaiting => ("待申请人补正", "Waiting for the applicant"),
    InvStateCompleted => ("已办结", "Completed"),
    InvStateRejected => ("不予许可", "Refused"),
    InvStartedOn => ("开始", "Started"),
    InvFinishedOn => ("办结日期", "Finished on"),
    InvStepsTitle => ("各部门审批", "Each department's review"),
    InvPermits => ("已出具的批复：", "Permits issued:"),
    InvApplyStage => ("申报本阶段", "Apply for this stage"),
    InvMineTitle => ("我的投资项目", "My investment projects"),
    InvMineEmpty => ("您还没有登记项目。", "You have not registered a project yet."),
    InvCurrentStage => ("当前阶段", "Current stage"),
    InvAllDone => ("四个阶段均已办结", "All four stages are completed"),
    InvTimeline => ("审批时间线", "Timeline"),
    TodoAppointment => ("预约", "Visit"),
    TodoAppointmentText => ("{date} {time}，{place}", "{date} at {time}, {place}"),
    NoteBookedTitle => ("预约成功：{step}", "Booked: {step}"),
    NoteBookedBody => ("您已预约 {due_on} 到{department}办理“{step}”，预约码 {case_no}。请按时携带材料到场。", "You have booked “{step}” at {department} on {due_on}; booking code {case_no}. Please come on time with your documents."),
    NoteRebookedTitle => ("预约已改期：{step}", "Booking moved: {step}"),
    NoteRebookedBody => ("您的预约（预约码 {case_no}）已改为 {due_on}，{department}。", "Your booking {case_no} is now on {due_on} at {department}."),
    NoteBookCancelledTitle => ("预约已取消：{step}", "Booking cancelled: {step}"),
    NoteBookCancelledBody => ("您在{department}于 {due_on} 办理“{step}”的预约（预约码 {case_no}）已取消。", "Your booking {case_no} for “{step}” at {department} on {due_on} is cancelled."),
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
    fn placeholders_are_filled_where_each_language_puts_them() {
        let whole = |lang: Lang| lang.fill(Msg::WholeCityOf, &[("city", &"广州")]);
        assert_eq!(whole(Lang::Zh), "广州（全市）");
        assert_eq!(whole(Lang::En), "广州 (whole city)");
        assert_eq!(
            Lang::En.fill(Msg::DaysLeft, &[("n", &3)]),
            "3 working days left"
        );
    }

    /// English copy uses English punctuation (issue 17): no full-width
    /// commas, stops, colons, semicolons, brackets, enumeration commas,
    /// corner quotes, exclamation or question marks.
    #[test]
    fn english_messages_use_english_punctuation() {
        const CJK: &[char] = &[
            '，', '。', '：', '；', '（', '）', '、', '「', '」', '！', '？', '【', '】', '《',
            '》',
        ];
        let bad: Vec<_> = Msg::ALL
            .iter()
            .filter(|m| m.texts().1.contains(CJK))
            .map(|m| format!("{m:?}: {}", m.texts().1))
            .collect();
        assert!(bad.is_empty(), "Chinese punctuation in English: {bad:#?}");
    }

    /// Every English message with a count `{n}` has its singular and its
    /// plural (`one|other`, both with `{n}`); no other message has forms.
    #[test]
    fn every_count_message_has_its_plural() {
        for m in Msg::ALL {
            let (zh, en) = m.texts();
            assert!(!zh.contains('|'), "{m:?}: Chinese has one form");
            match en.split_once('|') {
                Some((one, other)) => assert!(
                    one.contains("{n}") && other.contains("{n}") && !other.contains('|'),
                    "{m:?}: two forms, each with {{n}}: {en}"
                ),
                None => assert!(
                    !en.contains("{n}"),
                    "{m:?} counts {{n}} without a plural: {en}"
                ),
            }
        }
        let days = |n: u32| Lang::En.fill(Msg::DaysLeft, &[("n", &n)]);
        assert_eq!(days(1), "1 working day left");
        assert_eq!(days(2), "2 working days left");
        assert_eq!(days(0), "0 working days left");
        assert_eq!(
            Lang::Zh.fill(Msg::DaysLeft, &[("n", &1)]),
            "剩余 1 个工作日"
        );
        assert_eq!(Lang::En.fill(Msg::ItemsCount, &[("n", &1)]), "1 service");
        assert_eq!(Lang::En.fill(Msg::ItemsCount, &[("n", &21)]), "21 services");
        assert_eq!(plural("no forms", "1"), "no forms");
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
