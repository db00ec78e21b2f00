//! Feature `time`: `time::OffsetDateTime`, `PrimitiveDateTime` and `Date`.

use super::{
    write_date, write_offset, write_time, DateConversionError, DateConversionErrorKind, Fields,
};
use crate::{XsDate, XsDateTime};
use ::time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

fn out_of_range(text: &str) -> DateConversionError {
    DateConversionError::new(text, DateConversionErrorKind::OutOfRange)
}

fn date(f: &Fields, text: &str) -> Result<Date, DateConversionError> {
    let month = Month::try_from(f.month).map_err(|_| out_of_range(text))?;
    let d = Date::from_calendar_date(f.year, month, f.day).map_err(|_| out_of_range(text))?;
    if f.end_of_day {
        return d.next_day().ok_or_else(|| out_of_range(text));
    }
    Ok(d)
}

fn primitive(f: &Fields, text: &str) -> Result<PrimitiveDateTime, DateConversionError> {
    let time = Time::from_hms_nano(f.hour, f.minute, f.second, f.nanosecond)
        .map_err(|_| out_of_range(text))?;
    Ok(PrimitiveDateTime::new(date(f, text)?, time))
}

/// A date-time with a time zone; one without is [`DateConversionErrorKind::NoTimeZone`].
impl TryFrom<&XsDateTime> for OffsetDateTime {
    type Error = DateConversionError;
    fn try_from(v: &XsDateTime) -> Result<Self, DateConversionError> {
        let f = Fields::of_date_time(v)?;
        let seconds = f.offset_seconds(v.as_str())?;
        let offset =
            UtcOffset::from_whole_seconds(seconds).map_err(|_| out_of_range(v.as_str()))?;
        Ok(primitive(&f, v.as_str())?.assume_offset(offset))
    }
}

/// A date-time without a time zone; one with is [`DateConversionErrorKind::HasTimeZone`].
impl TryFrom<&XsDateTime> for PrimitiveDateTime {
    type Error = DateConversionError;
    fn try_from(v: &XsDateTime) -> Result<Self, DateConversionError> {
        let f = Fields::of_date_time(v)?.local(v.as_str())?;
        primitive(&f, v.as_str())
    }
}

/// A date without a time zone; one with is [`DateConversionErrorKind::HasTimeZone`].
impl TryFrom<&XsDate> for Date {
    type Error = DateConversionError;
    fn try_from(v: &XsDate) -> Result<Self, DateConversionError> {
        let f = Fields::of_date(v)?.local(v.as_str())?;
        date(&f, v.as_str())
    }
}

fn write_primitive(out: &mut String, v: &PrimitiveDateTime) {
    write_date(out, v.year(), v.month().into(), v.day());
    write_time(out, v.hour(), v.minute(), v.second(), v.nanosecond());
}

/// Without a time zone (`2024-05-01T12:00:00`).
impl From<PrimitiveDateTime> for XsDateTime {
    fn from(v: PrimitiveDateTime) -> Self {
        let mut out = String::with_capacity(32);
        write_primitive(&mut out, &v);
        XsDateTime::from_written(out)
    }
}

/// With its offset (`Z` for UTC); an offset with seconds or beyond ±14:00 is
/// [`DateConversionErrorKind::Offset`].
impl TryFrom<OffsetDateTime> for XsDateTime {
    type Error = DateConversionError;
    fn try_from(v: OffsetDateTime) -> Result<Self, DateConversionError> {
        let mut out = String::with_capacity(40);
        write_primitive(&mut out, &PrimitiveDateTime::new(v.date(), v.time()));
        write_offset(&mut out, v.offset().whole_seconds())
            .map_err(|kind| DateConversionError::new(v, kind))?;
        Ok(XsDateTime::from_written(out))
    }
}

/// Without a time zone (`2024-05-02`).
impl From<Date> for XsDate {
    fn from(v: Date) -> Self {
        let mut out = String::with_capacity(16);
        write_date(&mut out, v.year(), v.month().into(), v.day());
        XsDate::from_written(out)
    }
}
