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
    }
}
