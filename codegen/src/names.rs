//! Rust names for XML names: snake_case fields, UpperCamelCase types and variants, keywords
//! escaped, clashes resolved deterministically.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{HashMap, HashSet};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Whether `c` is kept in a Rust name made from an XML name: a letter or digit that a Rust
/// identifier can hold (`²`, `½` and `①` are numeric but cannot: they become `_` like
/// punctuation).
fn keeps(c: char) -> bool {
    c.is_alphanumeric() && unicode_ident::is_xid_continue(c)
}

/// Whether a Rust identifier may start with `c` (a digit of any script may not).
fn starts_ident(c: char) -> bool {
    unicode_ident::is_xid_start(c) || c == '_'
}

/// Turns arbitrary XML name characters into something heck can case.
fn sanitize(xml: &str) -> String {
    let s: String = xml
        .chars()
        .map(|c| if keeps(c) { c } else { '_' })
        .collect();
    if s.is_empty() {
        "value".to_owned()
    } else {
        s
    }
}

/// A snake_case field name; keywords get a trailing underscore (`type` → `type_`).
pub fn field_ident(xml: &str) -> String {
    let mut s = sanitize(xml).to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if !s.starts_with(starts_ident) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// An UpperCamelCase name for an enumeration value (`SE` → `Se`, `1` → `Value1`).
pub fn variant_name(value: &str) -> String {
    let mut s = sanitize(value).to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".into();
    }
    if !s.starts_with(starts_ident) {
        s.insert_str(0, "Value");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// The UpperCamelCase name of an operation's marker type (`checkVat` → `CheckVat`, `1` →
/// `O1`, `self` → `SelfOp`).
pub fn op_type_name(op: &str) -> String {
    let mut n = sanitize(op).to_upper_camel_case();
    if n.is_empty() || !n.starts_with(starts_ident) {
        n.insert(0, 'O');
    }
    if KEYWORDS.contains(&n.as_str()) {
        n.push_str("Op");
    }
    n
}

/// A SHOUTY_SNAKE_CASE name for a constant or static made from `text` (an XML name), or
/// `fallback` when `text` has no letter or digit. It may start with a digit: [`valid_ident`]
/// puts `_` in front.
pub fn const_name(text: &str, fallback: &str) -> String {
    if !text.chars().any(keeps) {
        return fallback.into();
    }
    heck::ToShoutySnakeCase::to_shouty_snake_case(sanitize(text).as_str())
}

/// `s` as the text of a Rust identifier, for `proc_macro2::Ident` (which panics on anything
/// else): characters an identifier cannot hold become `_`, one that cannot start it gets `_`
/// in front, a keyword gets `_` after it; `r#name` stays a raw identifier where Rust allows
/// one. Names made by this module already are identifiers and come back unchanged; this is
/// for names from elsewhere (a rules overlay) and a last line of defence.
pub fn valid_ident(s: &str) -> String {
    let (raw, body) = match s.strip_prefix("r#") {
        Some(body) => (true, body),
        None => (false, s),
    };
    let mut out: String = body
        .chars()
        .map(|c| {
            if unicode_ident::is_xid_continue(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(starts_ident) {
        out.insert(0, '_');
    }
    if out == "_" {
        out.push('_');
    }
    let keyword = KEYWORDS.contains(&out.as_str());
    // `r#self`, `r#Self`, `r#super` and `r#crate` are not identifiers either.
    let no_raw = ["self", "Self", "super", "crate"].contains(&out.as_str());
    if raw && !no_raw {
        format!("r#{out}")
    } else {
        if keyword {
            out.push('_');
        }
        out
    }
}

/// Names unique within one scope (the types of a file, the fields of a struct, the variants of
/// an enum), handed out in amortised constant time however many of them clash: the first
/// request for `base` gets `base`, a later one `suffix(base, n)` for the first free `n` from 2
/// up. The next `n` to try is kept per base, so `k` requests for one base cost O(k), not the
/// O(k²) of trying 2, 3, ... afresh each time (taken names are never freed, so every number
/// below the kept one is taken: the result is the same).
#[derive(Default)]
pub struct Unique {
    used: HashSet<String>,
    next: HashMap<String, u64>,
}

impl Unique {
    /// A scope in which `reserved` are already taken.
    pub fn new(reserved: &[&str]) -> Self {
        Unique {
            used: reserved.iter().map(|s| s.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    /// `base` if it is free, else the first free `suffix(base, n)`, n = 2, 3, ...; taken.
    pub fn take(&mut self, base: String, suffix: impl Fn(&str, u64) -> String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = suffix(&base, *next);
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// A field or choice variant name: `base`, then `base_` (as for a keyword), then `base_3`,
    /// `base_4`, ... (the n-th clash of `base`): a name stays short however many clash.
    pub fn member(&mut self, base: String) -> String {
        self.take(base, |b, n| {
            if n == 2 {
                format!("{b}_")
            } else {
                format!("{b}_{n}")
            }
        })
    }

    /// An enumeration variant name: `base`, then `base2`, `base3`, ...
    pub fn numbered(&mut self, base: String) -> String {
        self.take(base, |b, n| format!("{b}{n}"))
    }
}

/// Hands out unique type names.
pub struct Names {
    used: Unique,
}

impl Names {
    pub fn new(reserved: &[&str]) -> Self {
        Names {
            used: Unique::new(reserved),
        }
    }

    /// `base` in UpperCamelCase, suffixed with a number if taken.
    pub fn type_name(&mut self, base: &str) -> String {
        let mut name = sanitize(base).to_upper_camel_case();
        if name.is_empty() {
            name = "Type".into();
        }
        if !name.starts_with(starts_ident) {
            name.insert(0, 'T');
        }
        if KEYWORDS.contains(&name.as_str()) {
            name.push_str("Type");
        }
        self.used.numbered(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_ident("OrderNo"), "order_no");
        assert_eq!(field_ident("VAT"), "vat");
        assert_eq!(field_ident("type"), "type_");
        assert_eq!(field_ident("COAddress"), "co_address");
        assert_eq!(variant_name("ORDER_NOT_FOUND"), "OrderNotFound");
        assert_eq!(variant_name("1"), "Value1");
        let mut n = Names::new(&["SoapHeaders"]);
        assert_eq!(n.type_name("SoapHeaders"), "SoapHeaders2");
        assert_eq!(n.type_name("orderLine"), "OrderLine");
        assert_eq!(n.type_name("OrderLine"), "OrderLine2");
        assert_eq!(n.type_name("Self"), "SelfType");
    }

    #[test]
    fn names_with_characters_rust_cannot_hold_still_make_identifiers() {
        assert_eq!(field_ident("a²"), "a");
        assert_eq!(field_ident("½"), "value");
        assert_eq!(field_ident("٣x"), "_٣x");
        assert_eq!(variant_name("①"), "Empty");
        assert_eq!(variant_name("٣"), "Value٣");
        let mut n = Names::new(&[]);
        assert_eq!(n.type_name("T²"), "T");
        assert_eq!(n.type_name("_"), "Type");
        assert_eq!(n.type_name("٣"), "T٣");
        assert_eq!(op_type_name("self"), "SelfOp");
        assert_eq!(op_type_name("checkVat"), "CheckVat");
        assert_eq!(op_type_name("1"), "O1");
        assert_eq!(const_name("_", "FACETS"), "FACETS");
        assert_eq!(const_name("_1", "FACETS"), "1");
        assert_eq!(const_name("x²", "FACETS"), "X");
        for (s, want) in [
            ("a·b", "a·b"),
            ("a²", "a_"),
            ("", "__"),
            ("_", "__"),
            ("1x", "_1x"),
            ("fn", "fn_"),
            ("r#type", "r#type"),
            ("r#self", "self_"),
        ] {
            assert_eq!(valid_ident(s), want, "{s}");
            // proc_macro2 accepts it (it panics on anything that is not an identifier).
            let _ = match want.strip_prefix("r#") {
                Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
                None => proc_macro2::Ident::new(want, proc_macro2::Span::call_site()),
            };
        }
    }

    #[test]
    fn clashing_names_stay_short_and_unique() {
        let mut fields = Unique::default();
        let names: Vec<String> = (0..5).map(|_| fields.member("a".into())).collect();
        assert_eq!(names, ["a", "a_", "a_3", "a_4", "a_5"]);
        // A name taken by a real member is skipped.
        let mut u = Unique::new(&["T2"]);
        let names: Vec<String> = (0..3).map(|_| u.numbered("T".into())).collect();
        assert_eq!(names, ["T", "T3", "T4"]);
        // 100,000 clashes of one name: linear, and no name longer than the base plus 7.
        let mut many = Unique::default();
        let longest = (0..100_000)
            .map(|_| many.member("field".into()).len())
            .max();
        assert_eq!(longest, Some("field_100000".len()));
    }
}
