//! Calendar days: the simulator's clock and the `xs:dateTime` values it writes.

use crate::runtime::XsDateTime;

/// Days since 1970-01-01 of today (UTC).
pub(super) fn system_today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// `(year, month, day)` of a day number (Howard Hinnant's civil-from-days).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The day number of `YYYY-MM-DD…` (the date part of an `xs:date` or `xs:dateTime`), if it
/// is one (Howard Hinnant's days-from-civil).
pub(super) fn day_of(text: &str) -> Option<i64> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The year of a day number.
pub(super) fn year_of(days: i64) -> i64 {
    civil(days).0
}

/// `YYYY-MM-DDT23:59:59` of a day number: a due date, as the service writes them.
pub(super) fn end_of_day(days: i64) -> XsDateTime {
    let (y, m, d) = civil(days);
    XsDateTime::parse(&format!("{y:04}-{m:02}-{d:02}T23:59:59")).expect("a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(end_of_day(0).as_str(), "1970-01-01T23:59:59");
        assert_eq!(end_of_day(18_372).as_str(), "2020-04-20T23:59:59");
        assert_eq!(end_of_day(19_782).as_str(), "2024-02-29T23:59:59");
        for day in [0, 18_372, 19_782, -1, 40_000] {
            assert_eq!(day_of(end_of_day(day).as_str()), Some(day));
        }
        assert_eq!(day_of("2024-02-29"), Some(19_782));
        assert_eq!(day_of("2024-2-29"), None);
        assert_eq!(year_of(19_782), 2024);
    }
}
