//! The statistics pages (政务公开 · 效能统计): the province's 21 cities, a
//! city's departments, a department's posts, a post's months — each with a
//! chart drawn on the server as SVG beside the table that carries the same
//! figures — and the supervisors' dashboard with the red and yellow alerts
//! of their region.

use super::{
    views::{
        AlertsView, Figures, Level, MonthPoint, StatLine, StatsView, LICENSING_TARGET,
        PUBLIC_SERVICE_TARGET,
    },
    Alert, Efficiency, Stars, MIN_FINISHED,
};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    ui::{use_prefs, Breadcrumbs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// "93.5%", or a dash.
pub fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The stars in words.
pub fn stars_text(lang: Lang, s: Option<Stars>) -> &'static str {
    lang.t(match s {
        None => Msg::StatStarsNone,
        Some(Stars::NotQualified) => Msg::StatStarsBelow,
        Some(Stars::Three) => Msg::StatStarsThree,
        Some(Stars::Four) => Msg::StatStarsFour,
        Some(Stars::Five) => Msg::StatStarsFive,
    })
}

/// The score, or 无数据 (no data) where there is no record to score.
pub fn score_text(lang: Lang, e: &Efficiency) -> String {
    if e.data {
        format!("{:.1}", e.score)
    } else {
        lang.t(Msg::StatNoData).to_string()
    }
}

fn stars_class(s: Option<Stars>) -> &'static str {
    match s {
        None => "stars-none",
        Some(Stars::NotQualified) => "stars-below",
        Some(Stars::Three) => "stars-three",
        Some(Stars::Four) => "stars-four",
        Some(Stars::Five) => "stars-five",
    }
}

/// A rate against its target: "92.0%（达标）".
fn against(lang: Lang, r: Option<f64>, target: f64) -> String {
    match r {
        None => "—".into(),
        Some(r) => format!(
            "{}{}",
            percent(Some(r)),
            lang.t(if r >= target {
                Msg::StatTargetMet
            } else {
                Msg::StatTargetMissed
            })
        ),
    }
}

#[server(prefix = "/sfn", endpoint = "stats_data")]
pub async fn stats_data(level: Level, id: i64) -> Result<StatsView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let today = state.now.today();
    match level {
        Level::Province => super::store::province(&state.pool, today).await,
        Level::City => {
            let code = u32::try_from(id).map_err(|_| AppError::NotFound)?;
            super::store::region(&state.pool, code, today).await
        }
        Level::Department => super::store::department(&state.pool, id, today).await,
        Level::Post => super::store::post(&state.pool, id, today).await,
    }
}

/// The summary of a whole: score and stars, and the figures they come
/// from.
fn summary(lang: Lang, f: &Figures) -> impl IntoView {
    let r = &f.record;
    let e = &f.efficiency;
    let has = r.finished > 0;
    let counted = r.has_data();
    let online = f.online.map(|o| {
        view! {
            <div><dt>{lang.t(Msg::StatLicensingOnline)}</dt>
                <dd>{against(lang, o.licensing_rate(), LICENSING_TARGET)}
                    " (" {o.licensing_online} " / " {o.licensing_items} ")"</dd></div>
            <div><dt>{lang.t(Msg::StatPublicOnline)}</dt>
                <dd>{against(lang, o.public_rate(), PUBLIC_SERVICE_TARGET)}
                    " (" {o.public_online} " / " {o.public_items} ")"</dd></div>
            <div><dt>{lang.t(Msg::StatCasesOnline)}</dt>
                <dd>{percent(o.case_rate())} " (" {o.online_cases} " / " {o.cases} ")"</dd></div>
        }
    });
    view! {
        <dl class="stat-summary">
            <div><dt>{lang.t(Msg::StatScore)}</dt>
                <dd><strong>{score_text(lang, e)}</strong>" "
                    <span class=format!("stars {}", stars_class(e.stars))>{stars_text(lang, e.stars)}</span></dd></div>
            <div><dt>{lang.t(Msg::StatFinished)}</dt><dd>{r.finished}</dd></div>
            <div><dt>{lang.t(Msg::StatOnTime)}</dt>
                <dd>{percent(counted.then_some(e.on_time_rate))}</dd></div>
            <div><dt>{lang.t(Msg::StatTimeRatio)}</dt>
                <dd>{if has { format!("{} / {} ({:.2})", r.used_days, r.promised_days, e.time_ratio) } else { "—".into() }}</dd></div>
            <div><dt>{lang.t(Msg::StatSupplements)}</dt>
                <dd>{percent(has.then_some(e.supplement_rate))}</dd></div>
            <div><dt>{lang.t(Msg::StatRatings)}</dt>
                <dd>{r.ratings.count()} " · "
                    {r.ratings.average().map(|a| format!("{a:.2}")).unwrap_or_else(|| "—".into())}
                    " · " {format!("{:.2}", e.rating_score)}</dd></div>
            {online}
        </dl>
    }
}

const CHART_W: f64 = 640.0;
const LABEL_W: f64 = 190.0;
const ROW_H: f64 = 22.0;

fn short(name: &str, max: usize) -> String {
    let n = name.chars().count();
    if n <= max {
        name.to_string()
    } else {
        name.chars().take(max - 1).chain(['…']).collect()
    }
}

/// Scores as horizontal bars, with the 70/80/90 thresholds; the table
/// below carries the same figures.
fn bar_chart(lang: Lang, caption_id: String, caption: String, lines: &[StatLine]) -> impl IntoView {
    let bar_w = CHART_W - LABEL_W - 50.0;
    let height = ROW_H * lines.len() as f64 + 30.0;
    let x = move |score: f64| LABEL_W + bar_w * score.clamp(0.0, 100.0) / 100.0;
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = 20.0 + ROW_H * i as f64;
            let e = &l.figures.efficiency;
            let name = short(l.name.get(lang), 14);
            view! {
                <g class=format!("bar {}", stars_class(e.stars))>
                    <text x=LABEL_W - 6.0 y=y + 15.0 text-anchor="end">{name}</text>
                    <rect x=LABEL_W y=y + 3.0 width=if e.data { (x(e.score) - LABEL_W).max(0.0) } else { 0.0 } height=ROW_H - 6.0></rect>
                    <text x=x(if e.data { e.score } else { 0.0 }) + 4.0 y=y + 15.0>{score_text(lang, e)}</text>
                </g>
            }
        })
        .collect_view();
    let marks = [70.0, 80.0, 90.0]
        .into_iter()
        .map(|t| {
            view! {
                <line class="threshold" x1=x(t) x2=x(t) y1="14" y2=height - 4.0></line>
                <text class="threshold-label" x=x(t) y="11" text-anchor="middle">{format!("{t:.0}")}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {CHART_W} {height}") role="img" aria-labelledby=caption_id.clone()
                 preserveAspectRatio="xMinYMin meet">
                {marks}
                {rows}
            </svg>
            <figcaption id=caption_id>{caption}</figcaption>
        </figure>
    }
}

/// The monthly score as a line (months without finished steps left
/// out); the table of months carries the same figures.
fn trend_chart(lang: Lang, caption_id: String, points: &[MonthPoint]) -> impl IntoView {
    let (w, h, left, top, bottom) = (CHART_W, 200.0, 40.0, 10.0, 30.0);
    let n = points.len().max(2) as f64;
    let px = move |i: usize| left + (w - left - 20.0) * i as f64 / (n - 1.0);
    let py = move |score: f64| top + (h - top - bottom) * (1.0 - score.clamp(0.0, 100.0) / 100.0);
    let dots: Vec<(f64, f64, String)> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.figures.record.finished > 0)
        .map(|(i, p)| {
            (
                px(i),
                py(p.figures.efficiency.score),
                format!("{}: {:.1}", p.month, p.figures.efficiency.score),
            )
        })
        .collect();
    let line = dots
        .iter()
        .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let grid = [0.0, 70.0, 80.0, 90.0, 100.0]
        .into_iter()
        .map(|t| {
            view! {
                <line class="grid" x1=left x2=w - 20.0 y1=py(t) y2=py(t)></line>
                <text class="axis" x=left - 4.0 y=py(t) + 4.0 text-anchor="end">{format!("{t:.0}")}</text>
            }
        })
        .collect_view();
    let labels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(i, p)| {
            view! { <text class="axis" x=px(i) y=h - 10.0 text-anchor="middle">{p.month[2..].to_string()}</text> }
        })
        .collect_view();
    let circles = dots
        .into_iter()
        .map(|(x, y, t)| view! { <circle cx=x cy=y r="3.5"><title>{t}</title></circle> })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-labelledby=caption_id.clone()
                 preserveAspectRatio="xMinYMin meet">
                {grid}
                {labels}
                <polyline class="trend" points=line></polyline>
                {circles}
            </svg>
            <figcaption id=caption_id>{lang.t(Msg::StatTrendCaption)}</figcaption>
        </figure>
    }
}

fn line_table(lang: Lang, level: Level, lines: Vec<StatLine>) -> impl IntoView {
    let online = level != Level::Post;
    let name_head = lang.t(match level {
        Level::Province | Level::City => Msg::StatColCity,
        Level::Department => Msg::StatColDepartment,
        Level::Post => Msg::StatColPost,
    });
    let rows = lines
        .into_iter()
        .map(|l| {
            let e = l.figures.efficiency;
            let r = l.figures.record;
            let has = r.finished > 0;
            let counted = r.has_data();
            let o = l.figures.online;
            let href = l.href();
            view! {
                <tr>
                    <td data-label={lang.t(Msg::StatColRank)}>{l.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <th scope="row" data-label=name_head><a href=href>{l.name.get(lang).to_string()}</a>
                        <span class="within">{l.within.get(lang).to_string()}</span></th>
                    <td data-label={lang.t(Msg::StatFinished)} class="num">{r.finished}</td>
                    <td data-label={lang.t(Msg::StatOnTime)} class="num">{percent(counted.then_some(e.on_time_rate))}</td>
                    <td data-label={lang.t(Msg::StatColTimeRatio)} class="num">{if has { format!("{:.2}", e.time_ratio) } else { "—".into() }}</td>
                    <td data-label={lang.t(Msg::StatSupplements)} class="num">{percent(has.then_some(e.supplement_rate))}</td>
                    <td data-label={lang.t(Msg::StatColRatings)} class="num">{r.ratings.count()}" · "{format!("{:.2}", e.rating_score)}</td>
                    <td data-label={lang.t(Msg::StatScore)} class="num">{score_text(lang, &e)}</td>
                    <td data-label={lang.t(Msg::StatColStars)}><span class=format!("stars {}", stars_class(e.stars))>{stars_text(lang, e.stars)}</span></td>
                    {online.then(|| {
                        let o = o.unwrap_or_default();
                        view! {
                            <td data-label={lang.t(Msg::StatLicensingOnline)} class="num">{against(lang, o.licensing_rate(), LICENSING_TARGET)}</td>
                            <td data-label={lang.t(Msg::StatPublicOnline)} class="num">{against(lang, o.public_rate(), PUBLIC_SERVICE_TARGET)}</td>
                            <td data-label={lang.t(Msg::StatCasesOnline)} class="num">{percent(o.case_rate())}</td>
                        }
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.t(Msg::StatTableLabel)>
            <table class="stat-table">
                <thead><tr>
                    <th scope="col">{lang.t(Msg::StatColRank)}</th>
                    <th scope="col">{name_head}</th>
                    <th scope="col">{lang.t(Msg::StatFinished)}</th>
                    <th scope="col">{lang.t(Msg::StatOnTime)}</th>
                    <th scope="col">{lang.t(Msg::StatColTimeRatio)}</th>
                    <th scope="col">{lang.t(Msg::StatSupplements)}</th>
                    <th scope="col">{lang.t(Msg::StatColRatings)}</th>
                    <th scope="col">{lang.t(Msg::StatScore)}</th>
                    <th scope="col">{lang.t(Msg::StatColStars)}</th>
                    {online.then(|| view! {
                        <th scope="col">{lang.t(Msg::StatLicensingOnline)}</th>
                        <th scope="col">{lang.t(Msg::StatPublicOnline)}</th>
                        <th scope="col">{lang.t(Msg::StatCasesOnline)}</th>
                    })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn month_table(lang: Lang, points: Vec<MonthPoint>) -> impl IntoView {
    let rows = points
        .into_iter()
        .map(|p| {
            let r = p.figures.record;
            let e = p.figures.efficiency;
            let has = r.finished > 0;
            view! {
                <tr>
                    <th scope="row" data-label={lang.t(Msg::StatColMonth)}>{p.month}</th>
                    <td data-label={lang.t(Msg::StatFinished)} class="num">{r.finished}</td>
                    <td data-label={lang.t(Msg::StatOnTime)} class="num">{percent(has.then_some(e.on_time_rate))}</td>
                    <td data-label={lang.t(Msg::StatColTimeRatio)} class="num">{if has { format!("{:.2}", e.time_ratio) } else { "—".into() }}</td>
                    <td data-label={lang.t(Msg::StatColRatings)} class="num">{r.ratings.count()}</td>
                    <td data-label={lang.t(Msg::StatScore)} class="num">{if has { format!("{:.1}", e.score) } else { "—".into() }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.t(Msg::StatTrendTable)>
            <table class="stat-table">
                <thead><tr>
                    <th scope="col">{lang.t(Msg::StatColMonth)}</th>
                    <th scope="col">{lang.t(Msg::StatFinished)}</th>
                    <th scope="col">{lang.t(Msg::StatOnTime)}</th>
                    <th scope="col">{lang.t(Msg::StatColTimeRatio)}</th>
                    <th scope="col">{lang.t(Msg::StatColRatings)}</th>
                    <th scope="col">{lang.t(Msg::StatScore)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// How the score and the stars are made, as shown on every page.
fn method(lang: Lang) -> impl IntoView {
    let text = lang.fill(Msg::StatMethodText, &[("min", &MIN_FINISHED)]);
    view! {
        <details class="stat-method">
            <summary>{lang.t(Msg::StatMethodTitle)}</summary>
            <p>{text}</p>
        </details>
    }
}

/// A statistics page's body.
fn stats_body(lang: Lang, v: StatsView) -> impl IntoView {
    let title = format!("{} · {}", v.name.get(lang), lang.t(Msg::StatTitle));
    let trail: Vec<(String, String)> = v
        .crumbs
        .iter()
        .map(|c| (c.href.clone(), c.name.get(lang).to_string()))
        .collect();
    let period = format!(
        "{}{}{} {} {}",
        lang.t(Msg::StatPeriod),
        lang.t(Msg::Colon),
        v.from,
        lang.t(Msg::StatPeriodTo),
        v.to
    );
    let csv = match v.level {
        Level::Province => Some("/api/v1/stats/departments.csv".to_string()),
        Level::City => Some(format!("/api/v1/stats/departments.csv?region={}", v.id)),
        _ => None,
    };
    let lines_title = lang.t(match v.level {
        Level::Province => Msg::StatCitiesTitle,
        Level::City => Msg::StatDepartmentsTitle,
        Level::Department | Level::Post => Msg::StatPostsTitle,
    });
    let lines = v.lines;
    let chart = (!lines.is_empty()).then(|| {
        bar_chart(
            lang,
            "lines-chart".into(),
            format!("{}{}", lines_title, lang.t(Msg::StatChartNote)),
            &lines,
        )
    });
    let table = (!lines.is_empty()).then(|| line_table(lang, v.level, lines));
    let own = v.province_departments.map(|l| {
        let href = l.href();
        view! {
            <p class="province-departments">
                <a href=href>{lang.t(Msg::StatProvinceDepartments)}</a>
                " · " {lang.t(Msg::StatScore)} " " {score_text(lang, &l.figures.efficiency)}
                " · " {stars_text(lang, l.figures.efficiency.stars)}
            </p>
        }
    });
    let trend_chart = trend_chart(lang, "trend-chart".into(), &v.trend);
    view! {
        <Title text=title.clone()/>
        <Breadcrumbs trail=trail/>
        <h1>{title}</h1>
        <p class="about">{period}</p>
        <section aria-labelledby="total-title">
            <h2 id="total-title">{lang.t(Msg::StatTotalTitle)}</h2>
            {summary(lang, &v.total)}
        </section>
        {(v.level != Level::Post).then(|| view! {
            <section aria-labelledby="lines-title">
                <h2 id="lines-title">{lines_title}</h2>
                {own}
                {chart}
                {table}
                {csv.map(|href| view! { <p><a class="button secondary" href=href download="">{lang.t(Msg::StatCsv)}</a></p> })}
            </section>
        })}
        <section aria-labelledby="trend-title">
            <h2 id="trend-title">{lang.t(Msg::StatTrendTitle)}</h2>
            {trend_chart}
            {month_table(lang, v.trend)}
        </section>
        {method(lang)}
    }
}

/// The page of one level, `id` read from the route's parameter `param`.
fn stats_page(level: Level, param: Option<&'static str>) -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let data = Resource::new(
        move || param.map(|p| params.with(|m| m.get(p).unwrap_or_default())),
        move |id| async move {
            let id = match id {
                None => Ok(0),
                Some(id) => id.parse::<i64>().map_err(|_| AppError::NotFound),
            };
            match id {
                Ok(id) => stats_data(level, id).await,
                Err(e) => Err(e),
            }
        },
    );
    view! {
        <Loaded data title=lang.t(Msg::StatTitle) view=move |v| stats_body(lang, v)/>
    }
}

/// `/stats`: the province and its 21 cities.
#[component]
pub fn StatsPage() -> impl IntoView {
    stats_page(Level::Province, None)
}

/// `/stats/regions/{code}`: a city's departments (440000: the province's
/// own).
#[component]
pub fn RegionStatsPage() -> impl IntoView {
    stats_page(Level::City, Some("code"))
}

/// `/stats/departments/{id}`: a department's posts.
#[component]
pub fn DepartmentStatsPage() -> impl IntoView {
    stats_page(Level::Department, Some("id"))
}

/// `/stats/posts/{id}`: a post's months.
#[component]
pub fn PostStatsPage() -> impl IntoView {
    stats_page(Level::Post, Some("id"))
}

/// The supervisors' dashboard: alerts of their region and its statistics.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Dashboard {
    pub alerts: AlertsView,
    pub stats: StatsView,
    // questions
    /// The region's dormant microblog accounts and overdue questions.
    pub weibo: crate::weibo::assessment::Watchlist,
    // (end of issue 21, questions)
}

/// The dashboard of the signed-in supervisor (administrators: the
/// province); none for anyone else.
#[server(prefix = "/sfn", endpoint = "supervision_dashboard")]
pub async fn supervision_dashboard() -> Result<Option<Dashboard>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let Some(me) = crate::accounts::current_user() else {
        return Ok(None);
    };
    let region = match super::store::watched_region(&state.pool, &me).await {
        Ok(r) => r,
        Err(AppError::Forbidden) => return Ok(None),
        Err(e) => return Err(e),
    };
    let cal = crate::clock::store::load(&state.pool).await?;
    let today = state.now.today();
    let alerts = super::store::alerts(&state.pool, &cal, region, today, state.warn_days).await?;
    let stats = if region == super::store::PROVINCE {
        super::store::province(&state.pool, today).await?
    } else {
        super::store::region(&state.pool, region, today).await?
    };
    // questions
    let weibo =
        crate::weibo::assessment::store::watchlist(&state.pool, region as i32, today).await?;
    // (end of issue 21, questions)
    Ok(Some(Dashboard {
        alerts,
        stats,
        weibo,
    }))
}

fn alerts_table(lang: Lang, a: AlertsView) -> impl IntoView {
    let rows = a
        .lines
        .into_iter()
        .map(|l| {
            let (class, word) = match l.alert {
                Alert::Red => ("urgency-red", lang.t(Msg::StatAlertRed)),
                Alert::Yellow => ("urgency-yellow", lang.t(Msg::StatAlertYellow)),
            };
            let days = match l.alert {
                Alert::Red => Msg::StatAlertDaysOverdue,
                Alert::Yellow => Msg::StatAlertDaysLeft,
            };
            let days = lang.fill(days, &[("n", &l.days)]);
            view! {
                <tr class=class>
                    <td data-label={lang.t(Msg::StatColAlert)}><span class=format!("alert-badge {class}")>{word}</span></td>
                    <td data-label={lang.t(Msg::StatColCase)}><a href=format!("/supervision/cases/{}#step-{}", l.case_no, l.task_id)
                        aria-label=lang.fill(Msg::SupOpenCase, &[("case", &l.case_no)])>{l.case_no.clone()}</a></td>
                    <td data-label={lang.t(Msg::StatColStep)}>{l.step.get(lang).to_string()}</td>
                    <td data-label={lang.t(Msg::StatColDepartment)}><a href=format!("/stats/departments/{}", l.department_id)>{l.department.get(lang).to_string()}</a></td>
                    <td data-label={lang.t(Msg::StatColPost)}><a href=format!("/stats/posts/{}", l.post_id)>{l.unit.get(lang).to_string()}" · "{l.post.get(lang).to_string()}</a></td>
                    <td data-label={lang.t(Msg::StatColHandler)}>{l.handler.unwrap_or_else(|| lang.t(Msg::StatUnclaimed).to_string())}</td>
                    <td data-label={lang.t(Msg::StatColDue)}>{l.due_on}</td>
                    <td data-label={lang.t(Msg::StatColDays)}>{days}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.t(Msg::StatAlertsTable)>
            <table class="stat-table alerts">
                <thead><tr>
                    <th scope="col">{lang.t(Msg::StatColAlert)}</th>
                    <th scope="col">{lang.t(Msg::StatColCase)}</th>
                    <th scope="col">{lang.t(Msg::StatColStep)}</th>
                    <th scope="col">{lang.t(Msg::StatColDepartment)}</th>
                    <th scope="col">{lang.t(Msg::StatColPost)}</th>
                    <th scope="col">{lang.t(Msg::StatColHandler)}</th>
                    <th scope="col">{lang.t(Msg::StatColDue)}</th>
                    <th scope="col">{lang.t(Msg::StatColDays)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `/supervision`: for supervisors their region's alerts and statistics;
/// for everyone the way to the public statistics and boards.
#[component]
pub fn SupervisionPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::ChannelSupervision);
    let data = Resource::new(|| (), |_| supervision_dashboard());
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![("/supervision".to_string(), title.to_string())]/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::ChannelSupervisionAbout)}</p>
        <ul class="channel-grid">
            <li class="channel-card"><h2><a href="/stats">{lang.t(Msg::StatTitle)}</a></h2></li>
            <li class="channel-card"><h2><a href="/ratings">{lang.t(Msg::BoardTitle)}</a></h2></li>
        </ul>
        <Loaded data view=move |d| dashboard(lang, d)/>
    }
}

/// The dashboard, or for anyone but supervisors where it is.
fn dashboard(lang: Lang, data: Option<Dashboard>) -> AnyView {
    match data {
        None => view! { <p class="notice">{lang.t(Msg::StatSupervisorsOnly)}</p> }.into_any(),
        Some(d) => {
            let a = d.alerts;
            let s = d.stats;
            // questions
            let weibo = crate::weibo::assessment::pages::watchlist_section(lang, d.weibo);
            // (end of issue 21, questions)
            let region = a.region.get(lang);
            let counts = lang.fill(
                Msg::StatAlertCounts,
                &[("region", &region), ("red", &a.red), ("yellow", &a.yellow)],
            );
            let empty = a.lines.is_empty();
            let stats_href = if s.level == Level::Province {
                "/stats".to_string()
            } else {
                format!("/stats/regions/{}", s.id)
            };
            let lines = s.lines;
            let lines_title = lang.t(if s.level == Level::Province {
                Msg::StatCitiesTitle
            } else {
                Msg::StatDepartmentsTitle
            });
            let csv = if s.level == Level::Province {
                "/api/v1/stats/departments.csv".to_string()
            } else {
                format!("/api/v1/stats/departments.csv?region={}", s.id)
            };
            view! {
                <section aria-labelledby="alerts-title">
                    <h2 id="alerts-title">{lang.t(Msg::StatAlertsTitle)}</h2>
                    <p class="alert-counts" role="status">{counts}</p>
                    {if empty {
                        view! { <p>{lang.t(Msg::StatNoAlerts)}</p> }.into_any()
                    } else {
                        alerts_table(lang, a).into_any()
                    }}
                </section>
                <section aria-labelledby="region-title">
                    <h2 id="region-title">{lines_title}</h2>
                    {summary(lang, &s.total)}
                    {(!lines.is_empty()).then(|| line_table(lang, s.level, lines))}
                    <p>
                        <a href=stats_href>{lang.t(Msg::StatMore)}</a>" · "
                        <a class="button secondary" href=csv download="">{lang.t(Msg::StatCsv)}</a>
                    </p>
                </section>
                {weibo}
            }
            .into_any()
        }
    }
}
