//! A time limit in working days as people read it (issue 17): 即办 (on the
//! spot) for 0, "1 working day", "5 working days", "5个工作日".

use crate::i18n::{Lang, Msg};

/// `n` working days in words; 0 is 即办 (done on the spot).
pub fn working_days(lang: Lang, n: u32) -> String {
    match (n, lang) {
        (0, _) => lang.t(Msg::OnTheSpot).to_string(),
        (n, _) => lang.fill(Msg::WorkingDays, &[("n", &n)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_on_the_spot_and_english_counts() {
        assert_eq!(working_days(Lang::Zh, 0), "即办");
        assert_eq!(working_days(Lang::En, 0), "on the spot");
        assert_eq!(working_days(Lang::Zh, 5), "5个工作日");
        assert_eq!(working_days(Lang::En, 1), "1 working day");
        assert_eq!(working_days(Lang::En, 20), "20 working days");
    }
}
