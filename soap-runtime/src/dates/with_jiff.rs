//! Feature `jiff`: `jiff::Timestamp`, `Zoned` (with a fixed offset), `civil::DateTime` and
//! `civil::Date`.

use super::{
    write_date, write_offset, write_time, DateConversionError, DateConversionErrorKind, Fields,
};
use crate::{XsDate, XsDateTime};
use ::jiff::civil;
use ::jiff::tz::{Offset, TimeZone};
use ::jiff::{Timestamp, Zoned};

fn out_of_range(text: &str) -> DateConversionError {
    DateConversionError::new(text, DateConversionErrorKind::OutOfRange)
}

fn date(f: &Fields, text: &str) -> Result<civil::Date, DateConversionError> {
    let year = i16::try_from(f.year).map_err(|_| out_of_range(text))?;
    let d = civil::Date::new(year, f.month as i8, f.day as i8).map_err(|_| out_of_range(text))?;
    if f.end_of_day {
        return d.tomorrow().map_err(|_| out_of_range(text));
    }
    Ok(d)
}

fn civil_date_time(f: &Fields, text: &str) -> Result<civil::DateTime, DateConversionError> {
    let t = civil::Time::new(
        f.hour as i8,
        f.minute as i8,
        f.second as i8,
        f.nanosecond as i32,
    )
    .map_err(|_| out_of_range(text))?;
    Ok(date(f, text)?.to_datetime(t))
}

fn zoned(v: &XsDateTime) -> Result<Zoned, DateConversionError> {
    let text = v.as_str();
    let f = Fields::of_date_time(v)?;
    let offset = Offset::from_seconds(f.offset_seconds(text)?).map_err(|_| out_of_range(text))?;
    civil_date_time(&f, text)?
        .to_zoned(TimeZone::fixed(offset))
        .map_err(|_| out_of_range(text))
}

/// A date-time with a time zone, as the instant it names; one without is
/// [`DateConversionErrorKind::NoTimeZone`].
impl TryFrom<&XsDateTime> for Timestamp {
    type Error = DateConversionError;
    fn try_from(v: &XsDateTime) -> Result<Self, DateConversionError> {
        Ok(zoned(v)?.timestamp())
    }
}

/// A date-time with a time zone, in a fixed-offset time zone of that offset; one without is
/// [`DateConversionErrorKind::NoTimeZone`].
impl TryFrom<&XsDateTime> for Zoned {
    type Error = DateConversionError;
    fn try_from(v: &XsDateTime) -> Result<Self, DateConversionError> {
        zoned(v)
    }
}

/// A date-time without a time zone; one with is [`DateConversionErrorKind::HasTimeZone`].
impl TryFrom<&XsDateTime> for civil::DateTime {
    type Error = DateConversionError;
    fn try_from(v: &XsDateTime) -> Result<Self, DateConversionError> {
        let f = Fields::of_date_time(v)?.local(v.as_str())?;
        civil_date_time(&f, v.as_str())
    }
}

/// A date without a time zone; one with is [`DateConversionErrorKind::HasTimeZone`].
impl TryFrom<&XsDate> for civil::Date {
    type Error = DateConversionError;
    fn try_from(v: &XsDate) -> Result<Self, DateConversionError> {
        let f = Fields::of_date(v)?.local(v.as_str())?;
        date(&f, v.as_str())
    }
}

fn write_civil(out: &mut String, v: &civil::DateTime) {
    // jiff keeps every field in its range: the casts do not wrap.
    write_date(out, v.year().into(), v.month() as u8, v.day() as u8);
    let nanos = v.subsec_nanosecond() as u32;
    write_time(
        out,
        v.hour() as u8,
        v.minute() as u8,
        v.second() as u8,
        nanos,
    );
}

/// Without a time zone (`2024-05-01T12:00:00`).
impl From<civil::DateTime> for XsDateTime {
    fn from(v: civil::DateTime) -> Self {
        let mut out = String::with_capacity(32);
        write_civil(&mut out, &v);
        XsDateTime::from_written(out)
    }
}

/// In UTC (`…Z`).
impl From<Timestamp> for XsDateTime {
    fn from(v: Timestamp) -> Self {
        let mut out = String::with_capacity(32);
        write_civil(&mut out, &v.to_zoned(TimeZone::UTC).datetime());
        out.push('Z');
        XsDateTime::from_written(out)
    }
}

/// With the offset of its time zone at that instant (`Z` for 0); an offset with seconds or
/// beyond ±14:00 is [`DateConversionErrorKind::Offset`].
impl TryFrom<&Zoned> for XsDateTime {
    type Error = DateConversionError;
    fn try_from(v: &Zoned) -> Result<Self, DateConversionError> {
        let mut out = String::with_capacity(40);
        write_civil(&mut out, &v.datetime());
        write_offset(&mut out, v.offset().seconds())
            .map_err(|kind| DateConversionError::new(v, kind))?;
        Ok(XsDateTime::from_written(out))
    }
}

/// Without a time zone (`2024-05-02`).
impl From<civil::Date> for XsDate {
    fn from(v: civil::Date) -> Self {
        let mut out = String::with_capacity(16);
        write_date(&mut out, v.year().into(), v.month() as u8, v.day() as u8);
        XsDate::from_written(out)
    }
}
