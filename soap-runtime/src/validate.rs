//! Schema validation: facets and occurrence bounds checked on values before they are sent
//! (and by the server on what it receives). One call collects every violation with its path.

use super::{CheckValue, Nillable, XsDate, XsDateTime};
use crate::dates::Fields;
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// A numeric bound of a facet, as written in the schema.
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    /// Lexical value (`99999999`, `-999999.99`).
    pub value: &'static str,
    /// `minInclusive`/`maxInclusive` rather than exclusive.
    pub inclusive: bool,
}

/// The `xs:pattern`s of one derivation step, compiled on first use. XSD 1.0 Part 2 §4.3.4.3:
/// several patterns in one step are combined as branches of one regular expression (the value
/// must match one of them); the patterns of different steps must all be matched.
pub struct Pattern {
    /// The step's patterns as the schema writes them, joined by `|`.
    pub source: &'static str,
    /// The same expression in the `regex` crate's syntax (the generator translates XSD's).
    regex: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern whose XSD form is also valid `regex` syntax with the same meaning.
    pub const fn new(source: &'static str) -> Self {
        Pattern::translated(source, source)
    }

    /// A pattern `source` (XSD syntax, shown in messages) matched as `regex` (`regex` crate
    /// syntax; the generator has checked that it compiles).
    pub const fn translated(source: &'static str, regex: &'static str) -> Self {
        Pattern {
            source,
            regex,
            compiled: OnceLock::new(),
        }
    }

    /// Whether the whole of `s` matches (XSD patterns are implicitly anchored).
    pub fn matches(&self, s: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(&format!("^(?:{})$", self.regex)).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(s))
    }
}

/// The `xs:whiteSpace` facet: how a string value is normalised before its other facets are
/// checked (XSD 1.0 Part 2 §4.3.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhiteSpace {
    /// Kept as it is (`xs:string`).
    Preserve,
    /// Tab, line feed and carriage return each become a space (`xs:normalizedString`).
    Replace,
    /// Replaced, then runs of spaces collapsed to one and leading and trailing spaces removed
    /// (`xs:token` and the types derived from it).
    Collapse,
}

impl WhiteSpace {
    /// `s` normalised.
    pub fn apply<'s>(self, s: &'s str) -> std::borrow::Cow<'s, str> {
        let is_ws = |c: char| matches!(c, '\t' | '\n' | '\r');
        match self {
            WhiteSpace::Preserve => s.into(),
            WhiteSpace::Replace if !s.contains(is_ws) => s.into(),
            WhiteSpace::Replace => s.replace(is_ws, " ").into(),
            WhiteSpace::Collapse => super::collapse(s),
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

/// The facets of a simple type, merged along its restriction chain.
#[derive(Clone, Copy, Debug)]
pub struct Facets {
    /// `xs:length` in characters.
    pub length: Option<u32>,
    /// `xs:minLength` in characters.
    pub min_length: Option<u32>,
    /// `xs:maxLength` in characters.
    pub max_length: Option<u32>,
    /// `xs:pattern`s, one per derivation step; the value must match each.
    pub patterns: &'static [&'static Pattern],
    /// `xs:enumeration` of a restricted union, as written (a restricted enumeration type
    /// becomes an enumeration type of its own instead).
    pub enumeration: &'static [&'static str],
    /// `xs:whiteSpace` of a string type (`Preserve` for the others).
    pub white_space: WhiteSpace,
    /// `xs:minInclusive` / `xs:minExclusive`.
    pub min: Option<Bound>,
    /// `xs:maxInclusive` / `xs:maxExclusive`.
    pub max: Option<Bound>,
    /// `xs:totalDigits`.
    pub total_digits: Option<u32>,
    /// `xs:fractionDigits`.
    pub fraction_digits: Option<u32>,
    /// For an `xs:list`: the facets of each item (its own `length`, `minLength` and
    /// `maxLength` count the items; its patterns and enumeration apply to the whole list).
    pub item: Option<&'static Facets>,
}

impl Facets {
    /// No constraint.
    pub const NONE: Facets = Facets {
        length: None,
        min_length: None,
        max_length: None,
        patterns: &[],
        enumeration: &[],
        white_space: WhiteSpace::Preserve,
        min: None,
        max: None,
        total_digits: None,
        fraction_digits: None,
        item: None,
    };

    /// Whether no facet constrains a value's lexical form (length, pattern, enumeration,
    /// bounds or digits); the whitespace rule alone constrains nothing.
    pub fn is_unconstrained(&self) -> bool {
        self.length.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.patterns.is_empty()
            && self.enumeration.is_empty()
            && self.min.is_none()
            && self.max.is_none()
            && self.total_digits.is_none()
            && self.fraction_digits.is_none()
            && self.item.is_none()
    }
}

/// One broken constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Field path, by element names (`Items[2].Quantity`; list indexes count from 0).
    pub path: String,
    /// What is wrong (`0 is below 1`). Never contains the value of a sensitive field.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every violation found in one value. `Display` prints one per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// In document order; never empty.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Walks a value, keeping the current field path, collecting violations.
#[derive(Default)]
pub struct Validator {
    path: Vec<(&'static str, Option<usize>)>,
    violations: Vec<Violation>,
    sensitive: bool,
}

impl Validator {
    /// An empty validator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the field `name`.
    pub fn check<T: CheckValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        facets: &Facets,
    ) {
        self.enter(name, None);
        value.check(self, facets);
        self.leave();
    }

    /// Checks a secret field: messages never quote its value.
    pub fn check_sensitive<T: CheckValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        facets: &Facets,
    ) {
        let before = std::mem::replace(&mut self.sensitive, true);
        self.check(name, value, facets);
        self.sensitive = before;
    }

    /// Descends into `name` (or its item `index`).
    pub fn enter(&mut self, name: &'static str, index: Option<usize>) {
        self.path.push((name, index));
    }

    /// Returns from the last [`Validator::enter`].
    pub fn leave(&mut self) {
        self.path.pop();
    }

    fn set_index(&mut self, index: Option<usize>) {
        if let Some(last) = self.path.last_mut() {
            last.1 = index;
        }
    }

    fn path_string(&self) -> String {
        let mut s = String::new();
        for (i, (name, index)) in self.path.iter().enumerate() {
            if i > 0 {
                s.push('.');
            }
            s.push_str(name);
            if let Some(ix) = index {
                s.push_str(&format!("[{ix}]"));
            }
        }
        s
    }

    /// Records a violation at the current path.
    pub fn report(&mut self, message: impl Into<String>) {
        self.violations.push(Violation {
            path: self.path_string(),
            message: message.into(),
        });
    }

    /// Whether the current field is secret (its value must not be quoted).
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }

    /// Records that required field `name` is absent.
    pub fn missing(&mut self, name: &'static str) {
        self.enter(name, None);
        self.report("is required");
        self.leave();
    }

    /// Checks a member whose declaration is `fixed` (XSD 1.0 Part 1 §3.2.1, §3.3.1): present,
    /// its value must be the one `fixed` is the text of (compared as values, so `1.0` is `1`
    /// for a decimal). A fixed text the type does not read fixes nothing here.
    pub fn fixed<T: super::SimpleValue + PartialEq>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
        fixed: &str,
    ) {
        let Some(value) = value else { return };
        match T::parse_text(fixed) {
            Ok(f) if f != *value => {
                self.enter(name, None);
                let shown = self.shown(&format_args!("{:?}", lexical_form(value)));
                self.report(format!("{shown} is not the schema's fixed value {fixed:?}"));
                self.leave();
            }
            _ => {}
        }
    }

    /// Checks how many times a repeated element `name` occurs.
    pub fn count(&mut self, name: &'static str, n: usize, min: usize, max: Option<usize>) {
        if n < min {
            self.enter(name, None);
            self.report(format!("has {n} items; at least {min} required"));
            self.leave();
        }
        if let Some(max) = max.filter(|&m| n > m) {
            self.enter(name, None);
            self.report(format!("has {n} items; at most {max} allowed"));
            self.leave();
        }
    }

    /// A [`ValidationError`] for the one required member `name`, absent.
    pub fn missing_error(name: &'static str) -> ValidationError {
        let mut v = Validator::new();
        v.missing(name);
        ValidationError {
            violations: v.violations,
        }
    }

    /// `Ok` when nothing was reported.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }

    /// The violations so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    fn shown(&self, value: &dyn fmt::Display) -> String {
        if self.sensitive {
            "the value".to_owned()
        } else {
            value.to_string()
        }
    }

    fn range(&mut self, value: Decimal, shown: &dyn fmt::Display, facets: &Facets) {
        if let Some(b) = &facets.min {
            if let Ok(bound) = Decimal::from_str(b.value) {
                if b.inclusive && value < bound {
                    let s = self.shown(shown);
                    self.report(format!("{s} is below {}", b.value));
                } else if !b.inclusive && value <= bound {
                    let s = self.shown(shown);
                    self.report(format!("{s} is not above {}", b.value));
                }
            }
        }
        if let Some(b) = &facets.max {
            if let Ok(bound) = Decimal::from_str(b.value) {
                if b.inclusive && value > bound {
                    let s = self.shown(shown);
                    self.report(format!("{s} is above {}", b.value));
                } else if !b.inclusive && value >= bound {
                    let s = self.shown(shown);
                    self.report(format!("{s} is not below {}", b.value));
                }
            }
        }
    }

    fn digits(&mut self, value: Decimal, shown: &dyn fmt::Display, facets: &Facets) {
        if facets.total_digits.is_none() && facets.fraction_digits.is_none() {
            return;
        }
        let n = value.normalize();
        // XSD 1.0 Part 2 §4.3.12.4 (fractionDigits Valid): the value must be expressible as
        // i × 10^-n with 0 <= n <= fractionDigits. The smallest such n is the scale of the
        // normalised value: trailing zeros of the fraction do not count (1.100 has 1).
        let fraction = n.scale();
        // §4.3.11.4 (totalDigits Valid): expressible as i × 10^-n with |i| < 10^totalDigits
        // and 0 <= n <= totalDigits. A larger n only makes i longer, so the smallest n (the
        // normalised scale) decides: the value needs max(digits of i, n) digits. Leading zeros
        // never count (007 has 1), but the zeros after the point do: 0.001 is 1 × 10^-3 and
        // needs 3.
        let mantissa = n
            .mantissa()
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d + 1);
        let total = mantissa.max(fraction);
        if let Some(max) = facets.fraction_digits.filter(|&m| fraction > m) {
            let s = self.shown(shown);
            self.report(format!(
                "{s} has {fraction} fraction digits; at most {max} allowed"
            ));
        }
        if let Some(max) = facets.total_digits.filter(|&m| total > m) {
            let s = self.shown(shown);
            self.report(format!("{s} has {total} digits; at most {max} allowed"));
        }
    }

    /// Checks a value by its lexical form `s` (a string, or the text of an enumeration value):
    /// whitespace normalised first, then length in characters, patterns, enumeration, and,
    /// when the text is a decimal number, bounds and digits.
    pub fn check_text(&mut self, s: &str, facets: &Facets) {
        let normalised = facets.white_space.apply(s);
        let s = normalised.as_ref();
        if facets.length.is_some() || facets.min_length.is_some() || facets.max_length.is_some() {
            let n = s.chars().count() as u32;
            if let Some(len) = facets.length.filter(|&l| n != l) {
                self.report(format!("is {n} characters long; exactly {len} required"));
            }
            if let Some(min) = facets.min_length.filter(|&m| n < m) {
                self.report(format!("is {n} characters long; at least {min} required"));
            }
            if let Some(max) = facets.max_length.filter(|&m| n > m) {
                self.report(format!("is {n} characters long; at most {max} allowed"));
            }
        }
        self.patterns(s, facets);
        let ws = facets.white_space;
        if !facets.enumeration.is_empty() && !facets.enumeration.iter().any(|e| ws.apply(e) == s) {
            let shown = self.shown(&format_args!("{s:?}"));
            self.report(format!("{shown} is not one of the allowed values"));
        }
        let numeric = facets.min.is_some()
            || facets.max.is_some()
            || facets.total_digits.is_some()
            || facets.fraction_digits.is_some();
        if numeric {
            if let Ok(d) = <Decimal as super::SimpleValue>::parse_text(s) {
                self.range(d, &s, facets);
                self.digits(d, &s, facets);
            }
        }
    }

    /// Checks a value of a union or list type against the facets of a restriction of it
    /// (XSD 1.0 Part 2 §4.1.5: pattern and enumeration): the patterns against its text, the
    /// enumeration by value (each listed text read as the type, so `050` lists the number 50).
    pub fn check_union_restriction<T: super::SimpleValue + PartialEq>(
        &mut self,
        value: &T,
        facets: &Facets,
    ) {
        if facets.is_unconstrained() {
            return;
        }
        let text = lexical_form(value);
        let by_text = Facets {
            enumeration: &[],
            ..*facets
        };
        self.check_text(&text, &by_text);
        let listed = facets
            .enumeration
            .iter()
            .any(|e| T::parse_text(e).is_ok_and(|x| x == *value));
        if !facets.enumeration.is_empty() && !listed {
            let shown = self.shown(&format_args!("{text:?}"));
            self.report(format!("{shown} is not one of the allowed values"));
        }
    }

    /// Whether `value` satisfies `facets` (no path, no messages): how a union picks the member
    /// a text belongs to.
    pub fn accepts<T: CheckValue + ?Sized>(value: &T, facets: &Facets) -> bool {
        let mut v = Validator::new();
        value.check(&mut v, facets);
        v.violations.is_empty()
    }

    /// Checks the bounds of a date or date and time `value` (with `fields`) against bounds of
    /// the same type, read by `parse`. XSD 1.0 Part 2 §3.2.7.4 orders these values only
    /// partially: a bound that is neither below nor above the value (one with a time zone,
    /// one without, within 14 hours) is not satisfied.
    fn date_range(
        &mut self,
        value: &str,
        fields: Option<Fields>,
        parse: fn(&str) -> Option<Fields>,
        facets: &Facets,
    ) {
        let Some(f) = fields else { return };
        let shown = self.shown(&value);
        if let Some(b) = &facets.min {
            if let Some(bound) = parse(b.value) {
                let ok = match date_order(&f, &bound) {
                    Some(std::cmp::Ordering::Greater) => true,
                    Some(std::cmp::Ordering::Equal) => b.inclusive,
                    _ => false,
                };
                if !ok {
                    let what = if b.inclusive {
                        "is below"
                    } else {
                        "is not above"
                    };
                    self.report(format!("{shown} {what} {}", b.value));
                }
            }
        }
        if let Some(b) = &facets.max {
            if let Some(bound) = parse(b.value) {
                let ok = match date_order(&f, &bound) {
                    Some(std::cmp::Ordering::Less) => true,
                    Some(std::cmp::Ordering::Equal) => b.inclusive,
                    _ => false,
                };
                if !ok {
                    let what = if b.inclusive {
                        "is above"
                    } else {
                        "is not below"
                    };
                    self.report(format!("{shown} {what} {}", b.value));
                }
            }
        }
    }

    fn patterns(&mut self, s: &str, facets: &Facets) {
        for p in facets.patterns {
            if !p.matches(s) {
                let shown = if self.sensitive {
                    "the value".to_owned()
                } else {
                    format!("{s:?}")
                };
                self.report(format!("{shown} does not match the pattern {}", p.source));
            }
        }
    }
}

/// Characters XML 1.0 can carry.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

impl CheckValue for String {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        if let Some(c) = self.chars().find(|&c| !xml_char(c)) {
            v.report(format!(
                "contains the character U+{:04X}, which XML 1.0 cannot carry",
                c as u32
            ));
        }
        v.check_text(self, facets);
    }
}

/// Seconds from 0000-03-01 (proleptic Gregorian) to the start of `year-month-day`.
fn day_seconds(year: i32, month: u8, day: u8) -> i64 {
    // Howard Hinnant's days_from_civil, shifted to a non-negative era base.
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe) * 86_400
}

/// The instant of `f` read with the time zone `offset` (seconds east of UTC), in seconds and
/// nanoseconds.
fn instant(f: &Fields, offset: i32) -> (i64, u32) {
    let mut s = day_seconds(f.year, f.month, f.day)
        + i64::from(f.hour) * 3600
        + i64::from(f.minute) * 60
        + i64::from(f.second);
    if f.end_of_day {
        s += 86_400;
    }
    (s - i64::from(offset), f.nanosecond)
}

/// XSD 1.0 Part 2 §3.2.7.4: values with time zones (or both without) compare as instants; a
/// value without one lies anywhere from +14:00 to -14:00, so it is comparable with one that has
/// a time zone only when it is beyond that window (`None` when indeterminate).
fn date_order(p: &Fields, q: &Fields) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::{Greater, Less};
    const FOURTEEN: i32 = 14 * 3600;
    match (p.offset, q.offset) {
        (Some(a), Some(b)) => Some(instant(p, a).cmp(&instant(q, b))),
        (None, None) => Some(instant(p, 0).cmp(&instant(q, 0))),
        (Some(a), None) => {
            let at = instant(p, a);
            if at < instant(q, FOURTEEN) {
                Some(Less)
            } else if at > instant(q, -FOURTEEN) {
                Some(Greater)
            } else {
                None
            }
        }
        (None, Some(_)) => date_order(q, p).map(std::cmp::Ordering::reverse),
    }
}

macro_rules! check_integer {
    ($($t:ty),*) => {$(
        impl CheckValue for $t {
            fn check(&self, v: &mut Validator, facets: &Facets) {
                if facets.min.is_some() || facets.max.is_some() || facets.total_digits.is_some() {
                    let d = Decimal::from(*self);
                    v.range(d, self, facets);
                    v.digits(d, self, facets);
                }
                if !facets.patterns.is_empty() {
                    v.patterns(&self.to_string(), facets);
                }
            }
        }
    )*};
}
check_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

impl CheckValue for Decimal {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        v.range(*self, self, facets);
        v.digits(*self, self, facets);
        if !facets.patterns.is_empty() {
            v.patterns(&self.to_string(), facets);
        }
    }
}

macro_rules! check_float {
    ($($t:ty),*) => {$(
        impl CheckValue for $t {
            fn check(&self, v: &mut Validator, facets: &Facets) {
                let x = *self as f64;
                if let Some(b) = &facets.min {
                    if let Ok(bound) = b.value.parse::<f64>() {
                        if (b.inclusive && x < bound) || (!b.inclusive && x <= bound) || x.is_nan() {
                            v.report(format!("{self} is below {}", b.value));
                        }
                    }
                }
                if let Some(b) = &facets.max {
                    if let Ok(bound) = b.value.parse::<f64>() {
                        if (b.inclusive && x > bound) || (!b.inclusive && x >= bound) || x.is_nan() {
                            v.report(format!("{self} is above {}", b.value));
                        }
                    }
                }
            }
        }
    )*};
}
check_float!(f32, f64);

impl CheckValue for bool {
    fn check(&self, _: &mut Validator, _: &Facets) {}
}

impl CheckValue for XsDateTime {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        v.patterns(self.as_str(), facets);
        if facets.min.is_some() || facets.max.is_some() {
            let parse = |b: &str| Fields::of_date_time(&XsDateTime::parse(b).ok()?).ok();
            let fields = Fields::of_date_time(self).ok();
            v.date_range(self.as_str(), fields, parse, facets);
        }
    }
}

impl CheckValue for XsDate {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        v.patterns(self.as_str(), facets);
        if facets.min.is_some() || facets.max.is_some() {
            let parse = |b: &str| Fields::of_date(&XsDate::parse(b).ok()?).ok();
            let fields = Fields::of_date(self).ok();
            v.date_range(self.as_str(), fields, parse, facets);
        }
    }
}

impl<T: CheckValue> CheckValue for Option<T> {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        if let Some(x) = self {
            x.check(v, facets);
        }
    }
}

impl<T: CheckValue> CheckValue for Nillable<T> {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        if let Nillable::Value(x) = self {
            x.check(v, facets);
        }
    }
}

impl<T: CheckValue> CheckValue for Box<T> {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        (**self).check(v, facets);
    }
}

impl<T: CheckValue> CheckValue for Vec<T> {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        for (i, x) in self.iter().enumerate() {
            v.set_index(Some(i));
            x.check(v, facets);
        }
        v.set_index(None);
    }
}

/// The lexical form of `value`: its text as written on the wire, unescaped (what the facets
/// of a restricted union check).
pub fn lexical_form<T: super::SimpleValue>(value: &T) -> String {
    let mut out = String::new();
    value.write_text(&mut out);
    if !out.contains('&') {
        return out;
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

/// A builder's required member: its value, or the error that it is `name` and missing.
pub fn built<T>(slot: Option<T>, name: &'static str) -> Result<T, ValidationError> {
    slot.ok_or_else(|| Validator::missing_error(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    static QTY: Facets = Facets {
        min: Some(Bound {
            value: "1",
            inclusive: true,
        }),
        max: Some(Bound {
            value: "99999999",
            inclusive: true,
        }),
        ..Facets::NONE
    };
    static AMOUNT: Facets = Facets {
        total_digits: Some(8),
        fraction_digits: Some(2),
        min: Some(Bound {
            value: "-999999.99",
            inclusive: true,
        }),
        max: Some(Bound {
            value: "999999.99",
            inclusive: true,
        }),
        ..Facets::NONE
    };

    #[test]
    fn paths_and_messages() {
        let mut v = Validator::new();
        v.enter("Items", None);
        v.check("Item", &vec![5i32, 0, 100_000_000], &QTY);
        v.leave();
        let e = v.finish().unwrap_err();
        assert_eq!(
            e.to_string(),
            "Items.Item[1]: 0 is below 1\nItems.Item[2]: 100000000 is above 99999999"
        );
    }

    #[test]
    fn decimal_digits_count_the_value_not_trailing_zeros() {
        let mut v = Validator::new();
        for s in ["999999.99", "-999999.99", "50.00", "1.100"] {
            v.check("UnitPrice", &Decimal::from_str(s).unwrap(), &AMOUNT);
        }
        assert!(v.violations().is_empty(), "{:?}", v.violations());
        v.check("UnitPrice", &Decimal::from_str("1.001").unwrap(), &AMOUNT);
        v.check("UnitPrice", &Decimal::from_str("1000000").unwrap(), &AMOUNT);
        let msgs: Vec<String> = v.violations().iter().map(|x| x.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "UnitPrice: 1.001 has 3 fraction digits; at most 2 allowed",
                "UnitPrice: 1000000 is above 999999.99"
            ]
        );
    }

    #[test]
    fn total_digits_count_zeros_after_the_point() {
        // XSD 1.0 Part 2 §4.3.11: 0.001 is 1 × 10^-3, so it needs 3 digits; 0.010 needs 2.
        static TWO: Facets = Facets {
            total_digits: Some(2),
            ..Facets::NONE
        };
        let verdict = |s: &str| Validator::accepts(&Decimal::from_str(s).unwrap(), &TWO);
        assert!(!verdict("0.001"));
        assert!(verdict("0.010") && verdict("0.01") && verdict("99") && verdict("-9.9"));
        assert!(!verdict("100") && !verdict("1.01"));
    }

    #[test]
    fn whitespace_is_normalised_before_the_facets() {
        static TOKEN3: Facets = Facets {
            max_length: Some(3),
            white_space: WhiteSpace::Collapse,
            ..Facets::NONE
        };
        assert!(Validator::accepts(&"  a \t b ".to_string(), &TOKEN3));
        assert!(!Validator::accepts(&"ab cd".to_string(), &TOKEN3));
    }

    #[test]
    fn dates_are_ordered_partially() {
        static JUNE: Facets = Facets {
            min: Some(Bound {
                value: "2020-06-01",
                inclusive: true,
            }),
            ..Facets::NONE
        };
        let verdict = |s: &str| Validator::accepts(&XsDate::parse(s).unwrap(), &JUNE);
        assert!(verdict("2020-06-01") && verdict("2020-06-02Z"));
        assert!(!verdict("2020-05-31"));
        // Within 14 hours of a bound without a time zone: incomparable, so not satisfied.
        assert!(!verdict("2020-06-01Z") && !verdict("2020-06-01-13:00"));
    }

    #[test]
    fn secrets_are_not_quoted() {
        static LOWER: Pattern = Pattern::new("[a-z]+");
        static P: Facets = Facets {
            max_length: Some(3),
            patterns: &[&LOWER],
            ..Facets::NONE
        };
        let mut v = Validator::new();
        v.check_sensitive("Password", &"Hunter22".to_string(), &P);
        let text = v.finish().unwrap_err().to_string();
        assert!(!text.contains("Hunter22"), "{text}");
        assert!(
            text.contains("Password: is 8 characters long; at most 3 allowed"),
            "{text}"
        );
    }

    #[test]
    fn control_characters_are_reported() {
        let mut v = Validator::new();
        v.check("Description", &"a\u{1}b".to_string(), &Facets::NONE);
        assert_eq!(
            v.finish().unwrap_err().violations[0].message,
            "contains the character U+0001, which XML 1.0 cannot carry"
        );
    }
}
