//! Rust names for XML names: snake_case fields, UpperCamelCase types and variants, keywords
//! escaped, clashes resolved deterministically.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Turns arbitrary XML name characters into something heck can case.
fn sanitize(xml: &str) -> String {
    let s: String = xml
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
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
    if s.starts_with(|c: char| c.is_ascii_digit()) {
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
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "Value");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Hands out unique type names.
pub struct Names {
    used: BTreeSet<String>,
}

impl Names {
    pub fn new(reserved: &[&str]) -> Self {
        Names {
            used: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// `base` in UpperCamelCase, suffixed with a number if taken.
    pub fn type_name(&mut self, base: &str) -> String {
        let mut name = sanitize(base).to_upper_camel_case();
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            name.insert(0, 'T');
        }
        if KEYWORDS.contains(&name.as_str()) {
            name.push_str("Type");
        }
        let mut candidate = name.clone();
        let mut n = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        candidate
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
}
