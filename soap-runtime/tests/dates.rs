//! The conversions of features `time`, `chrono` and `jiff` (the dev-dependency enables all
//! three, so these always run): values with a time zone convert only to types with an offset,
//! values without one only to local types, and the `xs:` form comes back as it was.

use soap_runtime::{DateConversionErrorKind as Kind, XsDate, XsDateTime};

fn dt(s: &str) -> XsDateTime {
    XsDateTime::parse(s).unwrap()
}

fn d(s: &str) -> XsDate {
    XsDate::parse(s).unwrap()
}

mod time_crate {
    use super::*;
    use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, UtcOffset};

    #[test]
    fn a_value_with_an_offset_is_an_offset_date_time_and_back() {
        let v = dt("2024-05-02T10:00:00.25+02:00");
        let t = OffsetDateTime::try_from(&v).unwrap();
        assert_eq!(t.unix_timestamp(), 1_714_636_800);
        assert_eq!(t.nanosecond(), 250_000_000);
        assert_eq!(t.offset(), UtcOffset::from_hms(2, 0, 0).unwrap());
        assert_eq!(XsDateTime::try_from(t).unwrap(), v);
        let utc = OffsetDateTime::try_from(&dt("2024-05-02T08:00:00Z")).unwrap();
        assert_eq!(
            XsDateTime::try_from(utc).unwrap().as_str(),
            "2024-05-02T08:00:00Z"
        );
        // An offset xs:dateTime cannot write.
        let odd = utc.to_offset(UtcOffset::from_hms(1, 0, 30).unwrap());
        assert_eq!(XsDateTime::try_from(odd).unwrap_err().kind(), Kind::Offset);
    }

    #[test]
    fn a_value_without_an_offset_is_a_primitive_date_time_only() {
        let v = dt("2024-05-01T12:00:00");
        let p = PrimitiveDateTime::try_from(&v).unwrap();
        assert_eq!(
            (p.year(), p.month(), p.day(), p.hour()),
            (2024, Month::May, 1, 12)
        );
        assert_eq!(XsDateTime::from(p), v);
        let err = OffsetDateTime::try_from(&v).unwrap_err();
        assert_eq!(err.kind(), Kind::NoTimeZone);
        assert!(
            err.to_string()
                .contains("2024-05-01T12:00:00 has no time zone"),
            "{err}"
        );
        let err = PrimitiveDateTime::try_from(&dt("2024-05-01T12:00:00Z")).unwrap_err();
        assert_eq!(err.kind(), Kind::HasTimeZone);
    }

    #[test]
    fn dates_end_of_day_fractions_and_years() {
        let date = Date::try_from(&d("2024-02-29")).unwrap();
        assert_eq!(XsDate::from(date).as_str(), "2024-02-29");
        assert_eq!(
            Date::try_from(&d("2024-02-29+01:00")).unwrap_err().kind(),
            Kind::HasTimeZone
        );
        let midnight = OffsetDateTime::try_from(&dt("2021-12-31T24:00:00Z")).unwrap();
        assert_eq!(
            XsDateTime::try_from(midnight).unwrap().as_str(),
            "2022-01-01T00:00:00Z"
        );
        let p = PrimitiveDateTime::try_from(&dt("2024-05-01T12:00:00.123456789000")).unwrap();
        assert_eq!(
            XsDateTime::from(p).as_str(),
            "2024-05-01T12:00:00.123456789"
        );
        let err = PrimitiveDateTime::try_from(&dt("2024-05-01T12:00:00.1234567891")).unwrap_err();
        assert_eq!(err.kind(), Kind::TooPrecise);
        // XSD 1.0: -0001 is the year before 0001 (ISO year 0).
        let bc = Date::try_from(&d("-0001-12-31")).unwrap();
        assert_eq!(bc.year(), 0);
        assert_eq!(XsDate::from(bc).as_str(), "-0001-12-31");
        assert_eq!(
            Date::try_from(&d("12345-01-01")).unwrap_err().kind(),
            Kind::OutOfRange
        );
    }
}

mod chrono_crate {
    use super::*;
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

    #[test]
    fn a_value_with_an_offset_is_a_fixed_offset_date_time_and_back() {
        let v = dt("2024-05-02T10:00:00-05:30");
        let t = DateTime::<FixedOffset>::try_from(&v).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-05-02T10:00:00-05:30");
        assert_eq!(XsDateTime::try_from(t).unwrap(), v);
        let utc = Utc.with_ymd_and_hms(2024, 5, 2, 8, 0, 0).unwrap();
        assert_eq!(
            XsDateTime::try_from(utc).unwrap().as_str(),
            "2024-05-02T08:00:00Z"
        );
        assert_eq!(
            NaiveDateTime::try_from(&v).unwrap_err().kind(),
            Kind::HasTimeZone
        );
    }

    #[test]
    fn a_value_without_an_offset_is_a_naive_date_time_only() {
        let v = dt("2024-05-01T12:00:00.5");
        let n = NaiveDateTime::try_from(&v).unwrap();
        let expected = NaiveDate::from_ymd_opt(2024, 5, 1)
            .unwrap()
            .and_hms_milli_opt(12, 0, 0, 500)
            .unwrap();
        assert_eq!(n, expected);
        assert_eq!(XsDateTime::try_from(n).unwrap(), v);
        assert_eq!(
            DateTime::<FixedOffset>::try_from(&v).unwrap_err().kind(),
            Kind::NoTimeZone
        );
        // chrono's leap second has no xs:dateTime form.
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .unwrap();
        assert_eq!(
            XsDateTime::try_from(leap).unwrap_err().kind(),
            Kind::LeapSecond
        );
    }

    #[test]
    fn dates() {
        let date = NaiveDate::try_from(&d("2024-05-02")).unwrap();
        assert_eq!(date, NaiveDate::from_ymd_opt(2024, 5, 2).unwrap());
        assert_eq!(XsDate::from(date).as_str(), "2024-05-02");
        assert_eq!(
            NaiveDate::try_from(&d("2024-05-02Z")).unwrap_err().kind(),
            Kind::HasTimeZone
        );
        let next = NaiveDateTime::try_from(&dt("2024-02-28T24:00:00")).unwrap();
        assert_eq!(
            XsDateTime::try_from(next).unwrap().as_str(),
            "2024-02-29T00:00:00"
        );
    }
}

mod jiff_crate {
    use super::*;
    use jiff::civil;
    use jiff::tz::{Offset, TimeZone};
    use jiff::{Timestamp, Zoned};

    #[test]
    fn a_value_with_an_offset_is_a_timestamp_or_a_zoned_and_back() {
        let v = dt("2024-05-02T10:00:00+02:00");
        let ts = Timestamp::try_from(&v).unwrap();
        assert_eq!(ts.as_second(), 1_714_636_800);
        assert_eq!(XsDateTime::from(ts).as_str(), "2024-05-02T08:00:00Z");
        let z = Zoned::try_from(&v).unwrap();
        assert_eq!(z.offset(), Offset::from_hours(2).unwrap());
        assert_eq!(XsDateTime::try_from(&z).unwrap(), v);
        let odd = ts.to_zoned(TimeZone::fixed(Offset::from_seconds(3_630).unwrap()));
        assert_eq!(XsDateTime::try_from(&odd).unwrap_err().kind(), Kind::Offset);
        assert_eq!(
            civil::DateTime::try_from(&v).unwrap_err().kind(),
            Kind::HasTimeZone
        );
    }

    #[test]
    fn a_value_without_an_offset_is_a_civil_date_time_only() {
        let v = dt("2024-05-01T12:00:00.000001");
        let c = civil::DateTime::try_from(&v).unwrap();
        assert_eq!(c, civil::date(2024, 5, 1).at(12, 0, 0, 1_000));
        assert_eq!(XsDateTime::from(c), v);
        assert_eq!(
            Timestamp::try_from(&v).unwrap_err().kind(),
            Kind::NoTimeZone
        );
        assert_eq!(Zoned::try_from(&v).unwrap_err().kind(), Kind::NoTimeZone);
        let date = civil::Date::try_from(&d("2024-05-02")).unwrap();
        assert_eq!(XsDate::from(date).as_str(), "2024-05-02");
        assert_eq!(
            civil::Date::try_from(&d("2024-05-02-03:00"))
                .unwrap_err()
                .kind(),
            Kind::HasTimeZone
        );
    }
}
