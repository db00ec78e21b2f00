//! Schema validation: facets and occurrence bounds checked on values before they are sent
//! (and by the server on what it receives). One call collects every violation with its path.

use super::{CheckValue, Nillable, XsDate, XsDateTime};
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// A numeric bound of a facet, as written in the schema.
#[derive(Debug)]
pub struct Bound {
    /// Lexical value (`99999999`, `-999999.99`).
    pub value: &'static str,
    /// `minInclusive`/`maxInclusive` rather than exclusive.
    pub inclusive: bool,
}

/// An `xs:pattern`, compiled on first use.
pub struct Pattern {
    /// The pattern as the schema writes it.
    pub source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern, compiled lazily (the generator has already checked that it compiles).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Whether the whole of `s` matches (XSD patterns are implicitly anchored).
    pub fn matches(&self, s: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(&format!("^(?:{})$", self.source)).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(s))
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

/// The facets of a simple type, merged along its restriction chain.
#[derive(Debug)]
pub struct Facets {
    /// `xs:length` in characters.
    pub length: Option<u32>,
    /// `xs:minLength` in characters.
    pub min_length: Option<u32>,
    /// `xs:maxLength` in characters.
    pub max_length: Option<u32>,
    /// `xs:pattern`s; the value must match each.
    pub patterns: &'static [&'static Pattern],
    /// `xs:minInclusive` / `xs:minExclusive`.
    pub min: Option<Bound>,
    /// `xs:maxInclusive` / `xs:maxExclusive`.
    pub max: Option<Bound>,
    /// `xs:totalDigits`.
    pub total_digits: Option<u32>,
    /// `xs:fractionDigits`.
    pub fraction_digits: Option<u32>,
}

impl Facets {
    /// No constraint.
    pub const NONE: Facets = Facets {
        length: None,
        min_length: None,
        max_length: None,
        patterns: &[],
        min: None,
        max: None,
        total_digits: None,
        fraction_digits: None,
    };
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
        let fraction = n.scale();
        let total = n
            .mantissa()
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d + 1);
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
        if facets.length.is_some() || facets.min_length.is_some() || facets.max_length.is_some() {
            let n = self.chars().count() as u32;
            if let Some(len) = facets.length.filter(|&l| n != l) {
                v.report(format!("is {n} characters long; exactly {len} required"));
            }
            if let Some(min) = facets.min_length.filter(|&m| n < m) {
                v.report(format!("is {n} characters long; at least {min} required"));
            }
            if let Some(max) = facets.max_length.filter(|&m| n > m) {
                v.report(format!("is {n} characters long; at most {max} allowed"));
            }
        }
        v.patterns(self, facets);
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
    }
}

impl CheckValue for XsDate {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        v.patterns(self.as_str(), facets);
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
