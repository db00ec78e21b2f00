//! Simple values: the built-in XSD types, `xsi:nil`, dates that keep their lexical form, and
//! the lexical rules (whitespace collapse, escaping) they share.

use super::{ReadElement, SimpleValue, WriteElement, XmlWriter};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// Why a lexical value was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    /// The offending text (at most 64 characters of it).
    pub value: String,
    /// What was expected.
    pub reason: String,
}

impl ValueError {
    /// A value of the wrong lexical form.
    pub fn new(text: &str, reason: impl Into<String>) -> Self {
        ValueError {
            value: truncate(text, 64),
            reason: reason.into(),
        }
    }
    /// A value an enumeration does not list.
    pub fn not_in_enumeration(text: &str) -> Self {
        Self::new(text, "is not one of the enumeration's values")
    }
    /// A value no member type of a union accepts.
    pub fn no_union_member(text: &str) -> Self {
        Self::new(text, "matches none of the union's member types")
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {}", self.value, self.reason)
    }
}

impl std::error::Error for ValueError {}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// XSD whitespace collapse: trims and turns runs of XML whitespace into one space.
pub fn collapse(text: &str) -> Cow<'_, str> {
    // Most values (numbers, dates, codes) hold no whitespace at all.
    if text.bytes().all(|b| b > b' ') {
        return Cow::Borrowed(text);
    }
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let trimmed = text.trim_matches(is_ws);
    let needs = trimmed
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w[0], b'\t' | b'\n' | b'\r') || w == b"  ");
    if !needs {
        return Cow::Borrowed(trimmed);
    }
    Cow::Owned(
        trimmed
            .split(is_ws)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Appends `text` with `&`, `<`, `>` and carriage returns escaped.
pub fn escape_text(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    // Most text has nothing to escape: one scan, one copy.
    let Some(first) = super::scan::find_any(bytes, [b'&', b'<', b'>', b'\r']) else {
        out.push_str(text);
        return;
    };
    out.push_str(&text[..first]);
    let bytes = &bytes[first..];
    let text = &text[first..];
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#13;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Whether XML 1.0 can carry `c` at all (its `Char` production; not even `&#1;` is allowed).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// [`escape_text`] for free text that may quote arbitrary input, such as a fault message
/// naming the character a request broke on: also writes each character XML cannot carry (NUL
/// and the other C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF) as the
/// text `\u{..}`, so the document stays well-formed. `in_attribute` also escapes `"`.
pub(crate) fn escape_free_text(text: &str, in_attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            c if !is_xml_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Parses an XSD integer (optional sign, digits, surrounding whitespace).
pub fn parse_integer(text: &str) -> Result<i128, ValueError> {
    let t = collapse(text);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(&t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 38 {
        return Err(ValueError::new(text, "is not an integer"));
    }
    t.trim_start_matches('+')
        .parse::<i128>()
        .map_err(|_| ValueError::new(text, "is not an integer"))
}

/// An element that may be sent as `xsi:nil="true"` (a `nillable` element of the schema).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Nillable<T> {
    /// `<Element xsi:nil="true"/>`.
    Nil,
    /// A value.
    Value(T),
}

impl<T> Nillable<T> {
    /// The value, unless nil.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nillable::Nil => None,
            Nillable::Value(v) => Some(v),
        }
    }
    /// Consumes into an `Option`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nillable::Nil => None,
            Nillable::Value(v) => Some(v),
        }
    }
    /// Whether this is `xsi:nil`.
    pub fn is_nil(&self) -> bool {
        matches!(self, Nillable::Nil)
    }
}

impl<T> From<T> for Nillable<T> {
    fn from(v: T) -> Self {
        Nillable::Value(v)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nillable<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(s)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nillable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // JSON `null` is the explicit nil; an absent member is handled by the field's `Option`.
        Ok(match Option::<T>::deserialize(d)? {
            Some(v) => Nillable::Value(v),
            None => Nillable::Nil,
        })
    }
}

/// serde helpers for an optional nillable element: absent = `None`, JSON `null` = `Some(Nil)`.
pub mod serde_option_nillable {
    use super::Nillable;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serializes `Some(Nil)` as `null` (absent values are skipped by the field attribute).
    pub fn serialize<T: Serialize, S: Serializer>(
        v: &Option<Nillable<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(n) => n.serialize(s),
            None => s.serialize_none(),
        }
    }

    /// A present field is `Some`: `null` becomes `Some(Nil)`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Nillable<T>>, D::Error> {
        Ok(Some(Nillable::deserialize(d)?))
    }
}

impl<T: WriteElement> WriteElement for Nillable<T> {
    fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
        match self {
            Nillable::Nil => w.nil(tag),
            Nillable::Value(v) => v.write_element(w, tag),
        }
    }
    fn write_tagged(&self, w: &mut XmlWriter<'_>, tag: &super::Tag) {
        match self {
            Nillable::Nil => w.nil(tag.name),
            Nillable::Value(v) => v.write_tagged(w, tag),
        }
    }
}

impl<T: WriteElement> WriteElement for Option<T> {
    fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
        if let Some(v) = self {
            v.write_element(w, tag)
        }
    }
    fn write_tagged(&self, w: &mut XmlWriter<'_>, tag: &super::Tag) {
        if let Some(v) = self {
            v.write_tagged(w, tag)
        }
    }
}

impl<T: WriteElement> WriteElement for Box<T> {
    fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
        (**self).write_element(w, tag)
    }
    fn write_tagged(&self, w: &mut XmlWriter<'_>, tag: &super::Tag) {
        (**self).write_tagged(w, tag)
    }
}

impl<T: ReadElement> ReadElement for Nillable<T> {
    fn read_element(node: super::Node<'_, '_>) -> Result<Self, super::DecodeError> {
        if super::is_nil(node)? {
            if let Some(child) = node.children().find(|c| {
                c.is_element() || (c.is_text() && !c.text().unwrap_or("").trim().is_empty())
            }) {
                return Err(super::DecodeError::at(
                    child,
                    super::DecodeErrorKind::Unexpected(
                        "content inside an element marked xsi:nil".into(),
                    ),
                ));
            }
            return Ok(Nillable::Nil);
        }
        T::read_element(node).map(Nillable::Value)
    }
    fn stream_element<'i>(s: &mut super::Stream<'i>, start: &super::Start<'i>) -> Option<Self> {
        if start.nil {
            s.nil_content(start)?;
            return Some(Nillable::Nil);
        }
        T::stream_element(s, start).map(Nillable::Value)
    }
}

impl<T: ReadElement> ReadElement for Box<T> {
    fn read_element(node: super::Node<'_, '_>) -> Result<Self, super::DecodeError> {
        T::read_element(node).map(Box::new)
    }
    fn stream_element<'i>(s: &mut super::Stream<'i>, start: &super::Start<'i>) -> Option<Self> {
        T::stream_element(s, start).map(Box::new)
    }
}

/// Prints `<redacted>`: stands in for secrets in `Debug` output.
#[derive(Clone, Copy)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl SimpleValue for String {
    fn write_text(&self, out: &mut String) {
        escape_text(self, out)
    }
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }
    fn parse_cow(text: std::borrow::Cow<'_, str>) -> Result<Self, ValueError> {
        Ok(text.into_owned())
    }
}

impl SimpleValue for bool {
    fn write_text(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" })
    }
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        match collapse(text).as_ref() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(ValueError::new(
                text,
                "is not a boolean (true, false, 1 or 0)",
            )),
        }
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl SimpleValue for $t {
            fn write_text(&self, out: &mut String) {
                #[allow(unused_comparisons)]
                if *self < 0 {
                    out.push('-');
                }
                push_digits(out, (*self as i128).unsigned_abs());
            }
            fn parse_text(text: &str) -> Result<Self, ValueError> {
                let n = parse_integer(text)?;
                <$t>::try_from(n).map_err(|_| ValueError::new(text, concat!("is out of range for ", stringify!($t))))
            }
        }
    )*};
}
integer!(i8, i16, i32, i64, u8, u16, u32, u64);

/// Checks the XSD `xs:decimal` lexical form: optional sign, digits, optional fraction; no exponent.
fn is_decimal_lexical(t: &str) -> bool {
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    (!int.is_empty() || !frac.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// The common case of `xs:decimal` without a detour through text: an optional sign, digits, an
/// optional point and digits, 18 digits at most (so the digits fit in a `u64`), no whitespace.
/// `None` for anything else, which the general parser decides. The scale is the number of
/// fraction digits as written (`3510.00` has scale 2), as `Decimal::from_str_exact` gives.
fn small_decimal(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.len() > 19 {
        return None;
    }
    let (mut mantissa, mut count, mut scale, mut point) = (0u64, 0u32, 0u32, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if count == 0 || count > 18 {
        return None;
    }
    Some(Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        0,
        negative,
        scale,
    ))
}

/// The decimal digits of `n`, right-aligned in `buf`; returns where they start.
fn write_digits(buf: &mut [u8; 40], mut n: u128) -> usize {
    let mut at = buf.len();
    // 128-bit division only for the digits of what does not fit in a u64 (a decimal's mantissa
    // has up to 96 bits); the rest in 64 bits.
    while n > u128::from(u64::MAX) {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let mut n = n as u64;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return at;
        }
    }
}

/// The last decimal digit of `n`, which loses it (in 64 bits where `n` fits).
#[inline]
fn next_digit(n: &mut u128) -> u8 {
    match u64::try_from(*n) {
        Ok(m) => {
            *n = u128::from(m / 10);
            (m % 10) as u8
        }
        Err(_) => {
            let d = (*n % 10) as u8;
            *n /= 10;
            d
        }
    }
}

/// Appends ASCII `bytes` (digits, sign, point).
#[inline]
fn push_ascii(out: &mut String, bytes: &[u8]) {
    // Byte by byte: for these few bytes cheaper than checking them as UTF-8 and copying.
    out.reserve(bytes.len());
    for &b in bytes {
        out.push(char::from(b));
    }
}

/// Appends the decimal digits of `n` (the formatting machinery costs more than the digits).
fn push_digits(out: &mut String, n: u128) {
    let mut buf = [0u8; 40];
    let at = write_digits(&mut buf, n);
    push_ascii(out, &buf[at..]);
}

impl SimpleValue for Decimal {
    /// The digits with the decimal's own scale (`3510.00` stays `3510.00`), as `Display` writes
    /// them, without the formatting machinery.
    fn write_text(&self, out: &mut String) {
        // Right to left into one buffer (fraction digits, point, integer digits, sign), then
        // one append: at most 29 digits, a point, a leading zero and a sign.
        let mut buf = [0u8; 48];
        let mut at = buf.len();
        let mut n = self.mantissa().unsigned_abs();
        let scale = self.scale() as usize;
        for _ in 0..scale {
            at -= 1;
            buf[at] = b'0' + next_digit(&mut n);
        }
        if scale > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        loop {
            at -= 1;
            buf[at] = b'0' + next_digit(&mut n);
            if n == 0 {
                break;
            }
        }
        if self.is_sign_negative() && !self.is_zero() {
            at -= 1;
            buf[at] = b'-';
        }
        push_ascii(out, &buf[at..]);
    }
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        if let Some(d) = small_decimal(text) {
            return Ok(d);
        }
        let t = collapse(text);
        if !is_decimal_lexical(&t) {
            return Err(ValueError::new(text, "is not a decimal number"));
        }
        let t = t.trim_start_matches('+');
        let t = t.strip_suffix('.').unwrap_or(t);
        Decimal::from_str_exact(t)
            .map_err(|_| ValueError::new(text, "has more digits than a decimal can hold (28)"))
    }
}

macro_rules! float {
    ($($t:ty),*) => {$(
        impl SimpleValue for $t {
            fn write_text(&self, out: &mut String) {
                if self.is_nan() { out.push_str("NaN") }
                else if self.is_infinite() { out.push_str(if *self > 0.0 { "INF" } else { "-INF" }) }
                else { let _ = write!(out, "{self}"); }
            }
            fn parse_text(text: &str) -> Result<Self, ValueError> {
                let t = collapse(text);
                match t.as_ref() {
                    "INF" | "+INF" => return Ok(<$t>::INFINITY),
                    "-INF" => return Ok(<$t>::NEG_INFINITY),
                    "NaN" => return Ok(<$t>::NAN),
                    _ => {}
                }
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E')) {
                    return Err(ValueError::new(text, "is not a floating-point number"));
                }
                t.parse().map_err(|_| ValueError::new(text, "is not a floating-point number"))
            }
        }
    )*};
}
float!(f32, f64);

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Checks `YYYY-MM-DD` (year may be longer or negative), returning the rest of the string.
fn check_date(s: &str) -> Option<&str> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let dash = s.find('-')?;
    let year = &s[..dash];
    // XSD 1.0: at least four digits, no leading zero beyond four, and no year 0000.
    if year.len() < 4
        || !year.bytes().all(|b| b.is_ascii_digit())
        || (year.len() > 4 && year.starts_with('0'))
        || year.bytes().all(|b| b == b'0')
    {
        return None;
    }
    let _ = neg;
    let rest = &s[dash + 1..];
    let month = digits(rest.get(..2)?, 2)?;
    if rest.as_bytes().get(2) != Some(&b'-') {
        return None;
    }
    let day = digits(rest.get(3..5)?, 2)?;
    let y: i64 = year.parse().ok()?;
    let max = days_in_month(y, month)?;
    (1..=max).contains(&day).then(|| &rest[5..])
}

/// The days of `month` (1–12) in the proleptic Gregorian `year`; `None` for another month.
fn days_in_month(year: i64, month: u32) -> Option<u32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// The form nearly every service writes, `YYYY-MM-DDThh:mm:ss` (four-digit year, no fraction,
/// no time zone), checked in one look; anything else goes through the general checks, which
/// accept what this does.
fn canonical_date_time(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let n = |i: usize, len: usize| -> Option<u32> {
        b[i..i + len].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day), Some(h), Some(m), Some(sec)) =
        (n(0, 4), n(5, 2), n(8, 2), n(11, 2), n(14, 2), n(17, 2))
    else {
        return false;
    };
    let Some(max_day) = days_in_month(i64::from(year), month) else {
        return false;
    };
    year != 0 && (1..=max_day).contains(&day) && h < 24 && m < 60 && sec < 60
}

fn check_timezone(s: &str) -> bool {
    if s.is_empty() || s == "Z" {
        return true;
    }
    let Some(r) = s.strip_prefix(['+', '-']) else {
        return false;
    };
    let (Some(h), Some(m)) = (
        r.get(..2).and_then(|h| digits(h, 2)),
        r.get(3..5).and_then(|m| digits(m, 2)),
    ) else {
        return false;
    };
    r.len() == 5 && r.as_bytes()[2] == b':' && (h < 14 && m < 60 || h == 14 && m == 0)
}

fn check_time(s: &str) -> Option<&str> {
    let h = digits(s.get(..2)?, 2)?;
    let m = digits(s.get(3..5)?, 2)?;
    let sec = digits(s.get(6..8)?, 2)?;
    if s.as_bytes()[2] != b':' || s.as_bytes()[5] != b':' {
        return None;
    }
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let end_of_day = h == 24
        && m == 0
        && sec == 0
        && !s[8..]
            .trim_start_matches(['.', '0'])
            .starts_with(|c: char| c.is_ascii_digit());
    ((h < 24 && m < 60 && sec < 60) || end_of_day).then_some(rest)
}

macro_rules! lexical_type {
    ($(#[$doc:meta])* $name:ident, $check:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses and keeps the lexical form (surrounding whitespace removed).
            pub fn parse(text: &str) -> Result<Self, ValueError> {
                let t = collapse(text);
                let check: fn(&str) -> bool = $check;
                if check(&t) {
                    Ok($name(t.into_owned()))
                } else {
                    Err(ValueError::new(text, concat!("is not an ", $what)))
                }
            }
            /// The lexical form, exactly as received or given.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Wraps text the date conversions wrote in the lexical form.
            #[allow(dead_code)]
            pub(crate) fn from_written(text: String) -> Self {
                debug_assert!(Self::parse(&text).is_ok(), "{text}");
                $name(text)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, ValueError> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ValueError;
            fn try_from(s: &str) -> Result<Self, ValueError> {
                Self::parse(s)
            }
        }

        impl SimpleValue for $name {
            fn write_text(&self, out: &mut String) {
                out.push_str(&self.0)
            }
            fn parse_text(text: &str) -> Result<Self, ValueError> {
                Self::parse(text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <Cow<'de, str>>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

lexical_type!(
    /// An `xs:dateTime`, kept in the exact lexical form it was given or received in
    /// (`2020-04-21T15:06:58`, with optional fraction and time zone).
    XsDateTime,
    |t| canonical_date_time(t)
        || check_date(t).and_then(|r| r.strip_prefix('T')).and_then(check_time).is_some_and(check_timezone),
    "xs:dateTime (YYYY-MM-DDThh:mm:ss)"
);

lexical_type!(
    /// An `xs:date` (`2020-04-20`, optional time zone), kept in its lexical form.
    XsDate,
    |t| check_date(t).is_some_and(check_timezone),
    "xs:date (YYYY-MM-DD)"
);

#[cfg(test)]
mod tests {
    #[test]
    fn the_canonical_date_time_check_agrees_with_the_general_one() {
        let general = |t: &str| {
            check_date(t)
                .and_then(|r| r.strip_prefix('T'))
                .and_then(check_time)
                .is_some_and(check_timezone)
        };
        let mut cases = vec![
            "2020-05-10T23:59:59".to_owned(),
            "0000-01-01T00:00:00".to_owned(),
            "2024-02-29T12:00:00".to_owned(),
            "2023-02-29T12:00:00".to_owned(),
            "1900-02-29T12:00:00".to_owned(),
            "2000-02-29T12:00:00".to_owned(),
            "2020-13-01T00:00:00".to_owned(),
            "2020-00-01T00:00:00".to_owned(),
            "2020-04-31T00:00:00".to_owned(),
            "2020-04-30T24:00:00".to_owned(),
            "2020-04-30T23:60:00".to_owned(),
            "2020-04-30T23:59:60".to_owned(),
            "2020-04-30 23:59:59".to_owned(),
            "2020-4-30T23:59:590".to_owned(),
            "+020-04-30T23:59:59".to_owned(),
        ];
        for y in [1, 4, 100, 400, 1999, 2000, 2100, 9999] {
            for mo in 0..=13 {
                for d in [0, 1, 28, 29, 30, 31, 32] {
                    cases.push(format!("{y:04}-{mo:02}-{d:02}T01:02:03"));
                }
            }
        }
        // The fast check may refuse what the general one takes (24:00:00): it falls back then.
        let mut accepted = 0;
        for t in &cases {
            if canonical_date_time(t) {
                accepted += 1;
                assert!(
                    general(t),
                    "{t}: the fast check accepts what the general one refuses"
                );
            } else if t.len() == 19 && general(t) {
                assert!(
                    t.contains("T24:"),
                    "{t}: a canonical form the fast check refuses"
                );
            }
        }
        assert!(accepted > 400, "{accepted}");
    }

    #[test]
    fn decimals_and_integers_are_written_as_display_writes_them() {
        let mut values: Vec<Decimal> = [
            "0",
            "-0",
            "0.00",
            "-0.00",
            "3510.00",
            "-3510.00",
            "0.05",
            "-0.005",
            "1",
            "10",
            "123456789.123456789",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "1.0000000000000000000000000000",
        ]
        .iter()
        .map(|t| Decimal::from_str_exact(t).unwrap())
        .collect();
        values.extend((0..2000).map(|i: i64| Decimal::new(i * 7919 - 5_000_000, (i % 29) as u32)));
        for d in values {
            let mut out = String::new();
            d.write_text(&mut out);
            assert_eq!(out, d.to_string(), "{d:?}");
        }
        for n in [0i64, 1, -1, 9, 10, -10, i64::MAX, i64::MIN] {
            let mut out = String::new();
            n.write_text(&mut out);
            assert_eq!(out, n.to_string());
        }
        for n in [0u64, u64::MAX] {
            let mut out = String::new();
            n.write_text(&mut out);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn the_small_decimal_path_reads_what_the_general_one_reads() {
        let general = |t: &str| {
            let t = t.trim_start_matches('+');
            Decimal::from_str_exact(t.strip_suffix('.').unwrap_or(t)).ok()
        };
        for t in [
            "0",
            "-0",
            "+0",
            "3510.00",
            "-3510.00",
            "1.",
            "+1.",
            ".5",
            "-.5",
            "0.000",
            "123456789012345678",
            "12345678901234567.8",
            "-0.00000000000000001",
            "007",
        ] {
            let fast = super::small_decimal(t).unwrap_or_else(|| panic!("{t}"));
            let slow = general(t).unwrap_or_else(|| panic!("{t}"));
            assert_eq!(
                (
                    fast,
                    fast.to_string(),
                    fast.scale(),
                    fast.is_sign_negative()
                ),
                (
                    slow,
                    slow.to_string(),
                    slow.scale(),
                    slow.is_sign_negative()
                ),
                "{t}"
            );
        }
        for t in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "1.2.3",
            "1e5",
            " 1",
            "1 ",
            "1234567890123456789",
            "--1",
            "1-",
        ] {
            assert_eq!(super::small_decimal(t), None, "{t}");
        }
        assert_eq!(Decimal::parse_text(" 1.50 ").unwrap().to_string(), "1.50");
        assert!(Decimal::parse_text("1234567890123456789.5").is_ok());
        assert!(Decimal::parse_text("1.2.3").is_err());
    }

    use super::*;

    #[test]
    fn date_times_keep_their_form() {
        assert_eq!(
            XsDateTime::parse(" 2020-05-10T23:59:59 ").unwrap().as_str(),
            "2020-05-10T23:59:59"
        );
        for ok in [
            "2020-04-21T15:06:58",
            "2020-02-29T00:00:00.123+01:00",
            "2021-12-31T24:00:00Z",
        ] {
            assert!(XsDateTime::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "0000-01-01T00:00:00",
            "2020-04-20",
            "2021-02-29T00:00:00",
            "2020-13-01T00:00:00",
            "2020-04-21 15:06:58",
            "2020-04-21T15:06:60",
            "2020-04-21T15:06:58+15:00",
        ] {
            assert!(XsDateTime::parse(bad).is_err(), "{bad}");
        }
        assert!(XsDate::parse("2020-04-20").is_ok());
        assert!(XsDate::parse("2020-04-31").is_err());
    }

    #[test]
    fn decimals_follow_xsd_lexical_rules() {
        assert_eq!(
            Decimal::parse_text(" 3510.00\n").unwrap().to_string(),
            "3510.00"
        );
        assert_eq!(Decimal::parse_text("-100").unwrap().to_string(), "-100");
        assert_eq!(Decimal::parse_text("+.5").unwrap().to_string(), "0.5");
        for bad in ["1e5", "1_000", "", "abc", "1.2.3", "NaN"] {
            assert!(Decimal::parse_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_collapse_whitespace_and_check_range() {
        assert_eq!(i32::parse_text("\n 1234 ").unwrap(), 1234);
        assert_eq!(i32::parse_text("+7").unwrap(), 7);
        assert!(i32::parse_text("2147483648").is_err());
        assert!(i32::parse_text("12 34").is_err());
        assert!(u8::parse_text("-1").is_err());
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_text("</tns:Description><tns:UnitPrice>0 & \r", &mut s);
        assert_eq!(
            s,
            "&lt;/tns:Description&gt;&lt;tns:UnitPrice&gt;0 &amp; &#13;"
        );
    }
}
