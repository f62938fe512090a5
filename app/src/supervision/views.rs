//! Shared types of the statistics pages, the supervisors' dashboard and
//! the statistics API.

use super::{efficiency, Alert, Efficiency, Record};
use crate::i18n::Bilingual;
use serde::{Deserialize, Serialize};

/// Target share of licensing items (行政许可) that can be applied for online.
pub const LICENSING_TARGET: f64 = 0.9;
/// Target share of public-service items (公共服务).
pub const PUBLIC_SERVICE_TARGET: f64 = 0.8;
/// Months a statistic covers, this one included.
pub const WINDOW_MONTHS: u8 = 12;

/// Items that can be applied for online (网上办理), and cases that were.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Online {
    pub licensing_items: u64,
    pub licensing_online: u64,
    pub public_items: u64,
    pub public_online: u64,
    pub cases: u64,
    pub online_cases: u64,
}

fn share(part: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| part as f64 / of as f64)
}

impl Online {
    pub fn add(&mut self, o: &Online) {
        self.licensing_items += o.licensing_items;
        self.licensing_online += o.licensing_online;
        self.public_items += o.public_items;
        self.public_online += o.public_online;
        self.cases += o.cases;
        self.online_cases += o.online_cases;
    }

    pub fn licensing_rate(&self) -> Option<f64> {
        share(self.licensing_online, self.licensing_items)
    }

    pub fn public_rate(&self) -> Option<f64> {
        share(self.public_online, self.public_items)
    }

    pub fn case_rate(&self) -> Option<f64> {
        share(self.online_cases, self.cases)
    }

    /// Whether the licensing items meet their target (none without items).
    pub fn licensing_met(&self) -> Option<bool> {
        self.licensing_rate().map(|r| r >= LICENSING_TARGET)
    }

    pub fn public_met(&self) -> Option<bool> {
        self.public_rate().map(|r| r >= PUBLIC_SERVICE_TARGET)
    }
}

/// Adds `b` to `a`.
pub fn add_record(a: &mut Record, b: &Record) {
    a.finished += b.finished;
    a.on_time += b.on_time;
    a.used_days += b.used_days;
    a.promised_days += b.promised_days;
    a.cases += b.cases;
    a.supplemented += b.supplemented;
    for (x, y) in a.ratings.counts.iter_mut().zip(b.ratings.counts) {
        *x += y;
    }
    a.overdue_open += b.overdue_open;
}

/// The figures of a region, department or post.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub record: Record,
    pub efficiency: Efficiency,
    /// None for a post (items belong to departments).
    pub online: Option<Online>,
}

impl Figures {
    pub fn new(record: Record, online: Option<Online>) -> Figures {
        Figures {
            efficiency: efficiency(&record),
            record,
            online,
        }
    }
}

/// What a line of a statistics table stands for.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = StatsLevel))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    City,
    Department,
    Post,
}

/// One line of a statistics table: a city, a department or a post.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatLine {
    pub level: Level,
    /// Region code, department id or post id.
    pub id: i64,
    pub name: Bilingual,
    /// Where it belongs: the region of a department, the unit of a post.
    pub within: Bilingual,
    pub figures: Figures,
    /// 1 for the best score among the lines with stars; none without.
    pub rank: Option<u32>,
}

impl StatLine {
    /// The page that drills into this line.
    pub fn href(&self) -> String {
        match self.level {
            Level::Province => "/stats".into(),
            Level::City => format!("/stats/regions/{}", self.id),
            Level::Department => format!("/stats/departments/{}", self.id),
            Level::Post => format!("/stats/posts/{}", self.id),
        }
    }
}

/// Orders lines by score (lines with stars first, the larger sample first
/// on a tie) and numbers the ones with stars.
pub fn rank(lines: &mut [StatLine]) {
    lines.sort_by(|a, b| {
        let key = |l: &StatLine| {
            (
                l.figures.efficiency.stars.is_some(),
                l.figures.record.has_data(),
            )
        };
        key(b)
            .cmp(&key(a))
            .then(
                b.figures
                    .efficiency
                    .score
                    .total_cmp(&a.figures.efficiency.score),
            )
            .then(b.figures.record.finished.cmp(&a.figures.record.finished))
            .then(a.id.cmp(&b.id))
    });
    let mut n = 0;
    for l in lines.iter_mut() {
        l.rank = l.figures.efficiency.stars.map(|_| {
            n += 1;
            n
        });
    }
}

/// A month of a trend.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthPoint {
    /// "2026-11".
    pub month: String,
    pub figures: Figures,
}

/// A link up the drill-down path.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub href: String,
    pub name: Bilingual,
}

/// A statistics page: the whole (province, city, department or post), its
/// lines one level down, its months.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub level: Level,
    pub id: i64,
    pub name: Bilingual,
    /// The path down to here, the province first.
    pub crumbs: Vec<Crumb>,
    /// First and last month covered ("2025-12", "2026-11").
    pub from: String,
    pub to: String,
    pub total: Figures,
    pub lines: Vec<StatLine>,
    /// Departments directly under the province (only on the province's
    /// page, beside the 21 cities).
    pub province_departments: Option<StatLine>,
    pub trend: Vec<MonthPoint>,
}

/// A step near or past its deadline, for the supervisors' dashboard.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertLine {
    pub alert: Alert,
    pub case_no: String,
    /// The step's task (issue 17: the case opens at it, for a 督办).
    #[serde(default)]
    pub task_id: i64,
    pub step: Bilingual,
    pub department_id: i64,
    pub department: Bilingual,
    pub unit: Bilingual,
    pub post_id: i64,
    pub post: Bilingual,
    /// The clerk who took it, if one did.
    pub handler: Option<String>,
    /// "2026-11-27".
    pub due_on: String,
    /// Working days past the deadline (red) or left (yellow).
    pub days: u32,
}

/// The alerts of a supervisor's region.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertsView {
    pub region_code: u32,
    pub region: Bilingual,
    pub red: u64,
    pub yellow: u64,
    /// The most urgent first: red by days overdue, then yellow; at most
    /// `ALERT_LINES`.
    pub lines: Vec<AlertLine>,
}

/// Alerts listed on the dashboard (the counts cover all).
pub const ALERT_LINES: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratings::Tally;

    fn line(id: i64, finished: u64, on_time: u64) -> StatLine {
        let record = Record {
            finished,
            on_time,
            used_days: finished,
            promised_days: finished,
            cases: finished,
            supplemented: 0,
            ratings: Tally::default(),
            overdue_open: 0,
        };
        StatLine {
            level: Level::Department,
            id,
            name: Bilingual::default(),
            within: Bilingual::default(),
            figures: Figures::new(record, None),
            rank: None,
        }
    }

    #[test]
    fn lines_rank_by_score_and_unrated_ones_come_last() {
        // 1: all on time (90 points); 2: 80 % (80); 3: too few steps;
        // 4: the same score as 1 with more steps.
        let mut lines = vec![
            line(1, 10, 10),
            line(2, 10, 8),
            line(3, 5, 5),
            line(4, 20, 20),
        ];
        rank(&mut lines);
        let order: Vec<(i64, Option<u32>)> = lines.iter().map(|l| (l.id, l.rank)).collect();
        assert_eq!(order, [(4, Some(1)), (1, Some(2)), (2, Some(3)), (3, None)]);
        assert_eq!(
            lines[0].figures.efficiency.stars,
            Some(super::super::Stars::Five)
        );
        assert_eq!(
            lines[2].figures.efficiency.stars,
            Some(super::super::Stars::Four)
        );
    }

    #[test]
    fn online_rates_meet_their_targets_or_not() {
        let o = Online {
            licensing_items: 10,
            licensing_online: 9,
            public_items: 10,
            public_online: 7,
            cases: 4,
            online_cases: 3,
        };
        assert_eq!(o.licensing_met(), Some(true));
        assert_eq!(o.public_met(), Some(false));
        assert_eq!(o.case_rate(), Some(0.75));
        assert_eq!(Online::default().licensing_met(), None);
        let mut sum = o;
        sum.add(&o);
        assert_eq!(sum.licensing_rate(), Some(0.9));
    }
}
