//! Feature `chrono`: `chrono::DateTime` (any time zone, read as `FixedOffset`), `NaiveDateTime`
//! and `NaiveDate`.

use super::{
    write_date, write_offset, write_time, DateConversionError, DateConversionErrorKind, Fields,
};
use crate::{XsDate, XsDateTime};
use ::chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike};

fn out_of_range(text: &str) -> DateConversionError {
    DateConversionError::new(text, DateConversionErrorKind::OutOfRange)
}

fn date(f: &Fields, text: &str) -> Result<NaiveDate, DateConversionError> {
    let d = NaiveDate::from_ymd_opt(f.year, f.month.into(), f.day.into())
        .ok_or_else(|| out_of_range(text))?;
    if f.end_of_day {
        return d.succ_opt().ok_or_else(|| out_of_range(text));
    }
    Ok(d)
}

fn naive(f: &Fields, text: &str) -> Result<NaiveDateTime, DateConversionError> {
    date(f, text)?
        .and_hms_nano_opt(
            f.hour.into(),
            f.minute.into(),
            f.second.into(),
            f.nanosecond,
        )
        .ok_or_else(|| out_of_range(text))
}

/// A date-time with a time zone; one without is [`DateConversionErrorKind::NoTimeZone`].
impl TryFrom<&XsDateTime> for DateTime<FixedOffset> {
    type Error = DateConversionError;
    fn try_from(v: &XsDateTime) -> Result<Self, DateConversionError> {
        let f = Fields::of_date_time(v)?;
        let offset = FixedOffset::east_opt(f.offset_seconds(v.as_str())?)
            .ok_or_else(|| out_of_range(v.as_str()))?;
        offset
            .from_local_datetime(&naive(&f, v.as_str())?)
            .single()
            .ok_or_else(|| out_of_range(v.as_str()))
    }
}

/// A date-time without a time zone; one with is [`DateConversionErrorKind::HasTimeZone`].
impl TryFrom<&XsDateTime> for NaiveDateTime {
    type Error = DateConversionError;
    fn try_from(v: &XsDateTime) -> Result<Self, DateConversionError> {
        let f = Fields::of_date_time(v)?.local(v.as_str())?;
        naive(&f, v.as_str())
    }
}

/// A date without a time zone; one with is [`DateConversionErrorKind::HasTimeZone`].
impl TryFrom<&XsDate> for NaiveDate {
    type Error = DateConversionError;
    fn try_from(v: &XsDate) -> Result<Self, DateConversionError> {
        let f = Fields::of_date(v)?.local(v.as_str())?;
        date(&f, v.as_str())
    }
}

/// Writes the date and time; a leap second is an error.
fn write_naive(out: &mut String, v: &NaiveDateTime) -> Result<(), DateConversionError> {
    if v.nanosecond() >= 1_000_000_000 {
        return Err(DateConversionError::new(
            v,
            DateConversionErrorKind::LeapSecond,
        ));
    }
    // Hour, minute and second are below 24, 60 and 60: they fit a u8.
    let [hour, minute, second] = [v.hour(), v.minute(), v.second()].map(|n| n as u8);
    write_date(out, v.year(), v.month() as u8, v.day() as u8);
    write_time(out, hour, minute, second, v.nanosecond());
    Ok(())
}

/// Without a time zone; chrono's leap second is [`DateConversionErrorKind::LeapSecond`].
impl TryFrom<NaiveDateTime> for XsDateTime {
    type Error = DateConversionError;
    fn try_from(v: NaiveDateTime) -> Result<Self, DateConversionError> {
        let mut out = String::with_capacity(32);
        write_naive(&mut out, &v)?;
        Ok(XsDateTime::from_written(out))
    }
}

/// With its offset (`Z` for UTC); an offset with seconds or beyond ±14:00 is
/// [`DateConversionErrorKind::Offset`], a leap second [`DateConversionErrorKind::LeapSecond`].
impl<Tz: TimeZone> TryFrom<DateTime<Tz>> for XsDateTime {
    type Error = DateConversionError;
    fn try_from(v: DateTime<Tz>) -> Result<Self, DateConversionError> {
        let v = v.fixed_offset();
        let mut out = String::with_capacity(40);
        write_naive(&mut out, &v.naive_local())?;
        write_offset(&mut out, v.offset().local_minus_utc())
            .map_err(|kind| DateConversionError::new(v, kind))?;
        Ok(XsDateTime::from_written(out))
    }
}

/// Without a time zone (`2024-05-02`).
impl From<NaiveDate> for XsDate {
    fn from(v: NaiveDate) -> Self {
        let mut out = String::with_capacity(16);
        write_date(&mut out, v.year(), v.month() as u8, v.day() as u8);
        XsDate::from_written(out)
    }
}
