//! Conversions between [`XsDate`] / [`XsDateTime`] and the date types of the `time`, `chrono`
//! and `jiff` crates (features of the same names), keeping the `xs:dateTime` form honest.
//!
//! | `xs:` value | converts to (`TryFrom`) | made from |
//! |---|---|---|
//! | date-time **with** a time zone (`…T10:00:00Z`, `…+02:00`) | `time::OffsetDateTime`, `chrono::DateTime<FixedOffset>`, `jiff::Timestamp`, `jiff::Zoned` (fixed offset) | the same types (`TryFrom`: an offset with seconds, or beyond ±14:00, has no `xs:` form; `jiff::Timestamp` and `chrono::DateTime<Utc>` always convert, as `Z`) |
//! | date-time **without** a time zone (`…T10:00:00`) | `time::PrimitiveDateTime`, `chrono::NaiveDateTime`, `jiff::civil::DateTime` | the same types (`From`; chrono's leap second is `TryFrom`) |
//! | date without a time zone (`2024-05-02`) | `time::Date`, `chrono::NaiveDate`, `jiff::civil::Date` | the same types (`From`) |
//!
//! A value without a time zone is a local time of unknown offset, so it converts only to a
//! local ("naive", "civil", "primitive") type, and a value with one only to a type that keeps
//! the offset: crossing over fails with [`DateConversionErrorKind::NoTimeZone`] or
//! [`DateConversionErrorKind::HasTimeZone`] instead of guessing. `24:00:00` is the first
//! instant of the next day. Fractions are kept to the nanosecond (digits beyond that must be
//! zeros); written fractions drop trailing zeros. Years follow XSD 1.0: `-0001` is the year
//! before `0001` (ISO year 0); a year outside the target type's range is
//! [`DateConversionErrorKind::OutOfRange`].
//!
//! ```
//! # #[cfg(feature = "chrono")] {
//! use soap_runtime::{XsDate, XsDateTime};
//!
//! let noon = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
//! let order_date = XsDateTime::try_from(noon).unwrap(); // fails only for a leap second
//! assert_eq!(order_date.as_str(), "2024-05-01T12:00:00");
//! let credit_date = XsDate::from(chrono::NaiveDate::from_ymd_opt(2024, 5, 2).unwrap());
//! assert_eq!(credit_date.as_str(), "2024-05-02");
//! let received = XsDateTime::parse("2024-05-02T10:00:00+02:00").unwrap();
//! let at = chrono::DateTime::<chrono::FixedOffset>::try_from(&received).unwrap();
//! assert_eq!(at.to_rfc3339(), "2024-05-02T10:00:00+02:00");
//! assert!(chrono::NaiveDateTime::try_from(&received).is_err()); // it has an offset
//! # }
//! ```

#[cfg(feature = "chrono")]
mod with_chrono;
#[cfg(feature = "jiff")]
mod with_jiff;
#[cfg(feature = "time")]
mod with_time;

#[allow(unused_imports)]
use crate::{XsDate, XsDateTime};
use std::fmt;

/// Why a date or date-time does not convert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateConversionError {
    value: String,
    kind: DateConversionErrorKind,
}

/// What is wrong in a [`DateConversionError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateConversionErrorKind {
    /// The `xs:` value has no time zone, so it is no instant: it converts to a local type.
    NoTimeZone,
    /// The `xs:` value has a time zone, which the target type (without one) cannot keep.
    HasTimeZone,
    /// The year (or date) is outside the range of the target type.
    OutOfRange,
    /// The `xs:` value has non-zero digits below a nanosecond.
    TooPrecise,
    /// The offset has seconds or is beyond ±14:00, which `xs:dateTime` cannot write.
    Offset,
    /// A leap second (chrono's 60th second), which `xs:dateTime` cannot hold.
    LeapSecond,
}

impl DateConversionError {
    #[allow(dead_code)]
    pub(crate) fn new(value: impl fmt::Display, kind: DateConversionErrorKind) -> Self {
        DateConversionError {
            value: value.to_string(),
            kind,
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> DateConversionErrorKind {
        self.kind
    }
}

impl fmt::Display for DateConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.value;
        match self.kind {
            DateConversionErrorKind::NoTimeZone => write!(
                f,
                "{v} has no time zone, so it is no instant: convert it to a local date-time \
                 (time::PrimitiveDateTime, chrono::NaiveDateTime, jiff::civil::DateTime)"
            ),
            DateConversionErrorKind::HasTimeZone => write!(
                f,
                "{v} has a time zone, which a type without one cannot keep: convert it to a \
                 type with an offset (time::OffsetDateTime, chrono::DateTime<FixedOffset>, jiff::Zoned)"
            ),
            DateConversionErrorKind::OutOfRange => {
                write!(f, "{v} is outside the range of the target type")
            }
            DateConversionErrorKind::TooPrecise => {
                write!(f, "{v} has non-zero digits below a nanosecond")
            }
            DateConversionErrorKind::Offset => write!(
                f,
                "{v}: the offset is not an xs:dateTime time zone (whole minutes, at most 14:00)"
            ),
            DateConversionErrorKind::LeapSecond => {
                write!(f, "{v} is a leap second, which xs:dateTime cannot hold")
            }
        }
    }
}

impl std::error::Error for DateConversionError {}

/// The fields of a lexical `xs:date` / `xs:dateTime`.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fields {
    /// ISO (proleptic Gregorian) year: 0 is XSD 1.0's `-0001`.
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanosecond: u32,
    /// Seconds east of UTC, when there is a time zone.
    pub offset: Option<i32>,
    /// `24:00:00`: the fields hold 00:00:00 of `day`, and one day must be added.
    pub end_of_day: bool,
}

#[allow(dead_code)]
impl Fields {
    /// The fields of an `xs:dateTime` (already valid lexically).
    pub fn of_date_time(v: &XsDateTime) -> Result<Fields, DateConversionError> {
        let text = v.as_str();
        let err = |kind| DateConversionError::new(text, kind);
        let (mut f, rest) =
            date_part(text).ok_or_else(|| err(DateConversionErrorKind::OutOfRange))?;
        let rest = rest.strip_prefix('T').unwrap_or(rest);
        let num = |r: &str| r.parse::<u8>().unwrap_or(0);
        f.hour = num(&rest[0..2]);
        f.minute = num(&rest[3..5]);
        f.second = num(&rest[6..8]);
        let mut rest = &rest[8..];
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            let (digits, tail) = frac.split_at(n);
            if digits.len() > 9 && digits[9..].bytes().any(|b| b != b'0') {
                return Err(err(DateConversionErrorKind::TooPrecise));
            }
            let nine: String = digits
                .chars()
                .chain(std::iter::repeat('0'))
                .take(9)
                .collect();
            f.nanosecond = nine.parse().unwrap_or(0);
            rest = tail;
        }
        if f.hour == 24 {
            f.hour = 0;
            f.end_of_day = true;
        }
        f.offset = offset(rest);
        Ok(f)
    }

    /// The fields of an `xs:date` (already valid lexically); the time fields are zero.
    pub fn of_date(v: &XsDate) -> Result<Fields, DateConversionError> {
        let text = v.as_str();
        let (mut f, rest) = date_part(text)
            .ok_or_else(|| DateConversionError::new(text, DateConversionErrorKind::OutOfRange))?;
        f.offset = offset(rest);
        Ok(f)
    }

    /// The fields, refused when they have a time zone (for local target types).
    pub fn local(self, value: &str) -> Result<Fields, DateConversionError> {
        match self.offset {
            Some(_) => Err(DateConversionError::new(
                value,
                DateConversionErrorKind::HasTimeZone,
            )),
            None => Ok(self),
        }
    }

    /// The offset, refused when there is none (for target types with an offset).
    pub fn offset_seconds(&self, value: &str) -> Result<i32, DateConversionError> {
        self.offset
            .ok_or_else(|| DateConversionError::new(value, DateConversionErrorKind::NoTimeZone))
    }
}

/// `[-]YYYY-MM-DD` as fields (ISO year), and the rest of the text.
fn date_part(text: &str) -> Option<(Fields, &str)> {
    let (negative, t) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let dash = t.find('-')?;
    let year: i64 = t[..dash].parse().ok()?;
    let year = if negative { 1 - year } else { year };
    let year = i32::try_from(year).ok()?;
    let rest = &t[dash + 1..];
    let fields = Fields {
        year,
        month: rest.get(0..2)?.parse().ok()?,
        day: rest.get(3..5)?.parse().ok()?,
        hour: 0,
        minute: 0,
        second: 0,
        nanosecond: 0,
        offset: None,
        end_of_day: false,
    };
    Some((fields, &rest[5..]))
}

/// The time zone (`Z`, `+02:00`) as seconds east of UTC; `None` when there is none.
fn offset(tz: &str) -> Option<i32> {
    if tz == "Z" {
        return Some(0);
    }
    let sign = match tz.as_bytes().first()? {
        b'+' => 1,
        _ => -1,
    };
    let h: i32 = tz.get(1..3)?.parse().ok()?;
    let m: i32 = tz.get(4..6)?.parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

/// Writes `YYYY-MM-DD` (XSD 1.0 years: ISO year 0 is `-0001`).
#[allow(dead_code)]
pub(crate) fn write_date(out: &mut String, year: i32, month: u8, day: u8) {
    use fmt::Write;
    let y = i64::from(year);
    let _ = if y <= 0 {
        write!(out, "-{:04}-{month:02}-{day:02}", 1 - y)
    } else {
        write!(out, "{y:04}-{month:02}-{day:02}")
    };
}

/// Writes `Thh:mm:ss` and the fraction without trailing zeros.
#[allow(dead_code)]
pub(crate) fn write_time(out: &mut String, hour: u8, minute: u8, second: u8, nanosecond: u32) {
    use fmt::Write;
    let _ = write!(out, "T{hour:02}:{minute:02}:{second:02}");
    if nanosecond > 0 {
        let frac = format!("{nanosecond:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
}

/// Writes the time zone of `seconds` east of UTC (`Z` for 0); `Err` when it has seconds or is
/// beyond ±14:00.
#[allow(dead_code)]
pub(crate) fn write_offset(out: &mut String, seconds: i32) -> Result<(), DateConversionErrorKind> {
    use fmt::Write;
    if seconds == 0 {
        out.push('Z');
        return Ok(());
    }
    let abs = seconds.unsigned_abs();
    if abs % 60 != 0 || abs > 14 * 3600 {
        return Err(DateConversionErrorKind::Offset);
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let _ = write!(out, "{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60);
    Ok(())
}
