//! The rules of a member in words, for its rustdoc: "Rules: at most 50 characters; matches
//! `[A-Z]{2}`." The generated validator enforces the same facets and occurrences.

use crate::model::{Facets, Field, FieldKind, Model};
use crate::raw::{MaxOccurs, ValueConstraint};

/// The rules line of a struct member, if it has any rule beyond its type.
pub fn field(f: &Field, _m: &Model) -> Option<String> {
    let mut rules = facet_phrases(&f.facets);
    if f.repeated() {
        rules.extend(count_phrase(f.min, f.max, "item"));
    }
    if let Some(list) = &f.list {
        rules.extend(count_phrase(
            list.min,
            list.max,
            &format!("`{}` item", list.item.local),
        ));
        if list.item_nillable {
            rules.push("an item may be nil (`xsi:nil`)".to_owned());
        }
    }
    if f.nillable {
        rules.push("may be nil (`xsi:nil`)".to_owned());
    }
    rules.extend(value_constraint_phrase(f));
    line(rules)
}

/// What `default` or `fixed` means for the member, in the words of XSD 1.0 Part 1 §3.2.1 and
/// §3.3.1: an attribute's value when absent, an element's value when present but empty.
fn value_constraint_phrase(f: &Field) -> Option<String> {
    let when = if f.kind == FieldKind::Attribute {
        "when absent"
    } else {
        "when the element is empty"
    };
    Some(match f.value_constraint.as_ref()? {
        ValueConstraint::Default(t) => format!("defaults to {} {when}", code(t)),
        ValueConstraint::Fixed(t) => format!("fixed at {0} (and {0} {when})", code(t)),
    })
}

/// The rules line of a header or other simple value.
pub fn facets(f: &Facets, _m: &Model) -> Option<String> {
    line(facet_phrases(f))
}

fn line(rules: Vec<String>) -> Option<String> {
    (!rules.is_empty()).then(|| format!("Rules: {}.", rules.join("; ")))
}

fn plural(n: u32, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn facet_phrases(f: &Facets) -> Vec<String> {
    let mut out = Vec::new();
    // A list's lengths count its items.
    let unit = if f.kind == Some(crate::model::Kind::List) {
        "item"
    } else {
        "character"
    };
    if let Some(n) = f.length {
        out.push(format!("exactly {}", plural(n, unit)));
    }
    match (f.min_length, f.max_length) {
        (Some(a), Some(b)) => out.push(format!("{a} to {}", plural(b, unit))),
        (Some(a), None) => out.push(format!("at least {}", plural(a, unit))),
        (None, Some(b)) => out.push(format!("at most {}", plural(b, unit))),
        (None, None) => {}
    }
    for p in &f.patterns {
        out.push(format!("matches {}", code(p)));
    }
    let bound = |b: &(String, bool), incl: &str, excl: &str| {
        format!("{} {}", if b.1 { incl } else { excl }, b.0)
    };
    match (&f.min, &f.max) {
        (Some(a), Some(b)) if a.1 && b.1 => out.push(format!("from {} to {}", a.0, b.0)),
        (a, b) => {
            out.extend(a.as_ref().map(|a| bound(a, "at least", "greater than")));
            out.extend(b.as_ref().map(|b| bound(b, "at most", "less than")));
        }
    }
    if let Some(n) = f.total_digits {
        out.push(format!("at most {}", plural(n, "digit")));
    }
    if let Some(n) = f.fraction_digits {
        out.push(format!("at most {}", plural(n, "decimal place")));
    }
    if !f.enumeration.is_empty() {
        let values: Vec<String> = f.enumeration.iter().map(|e| code(e)).collect();
        out.push(format!("one of {}", values.join(", ")));
    }
    if let Some(item) = &f.item {
        let each = facet_phrases(item);
        if !each.is_empty() {
            out.push(format!("each item {}", each.join(", ")));
        }
    }
    out
}

fn count_phrase(min: u32, max: MaxOccurs, what: &str) -> Option<String> {
    match (min, max) {
        (0, MaxOccurs::Unbounded) => None,
        (min, MaxOccurs::Unbounded) => Some(format!("at least {}", plural(min, what))),
        (0, MaxOccurs::Bounded(max)) => Some(format!("at most {}", plural(max, what))),
        (min, MaxOccurs::Bounded(max)) if min == max => {
            Some(format!("exactly {}", plural(min, what)))
        }
        (min, MaxOccurs::Bounded(max)) => Some(format!("{min} to {}", plural(max, what))),
    }
}

/// `text` as inline code, with enough backticks around it.
fn code(text: &str) -> String {
    let ticks = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_read_as_the_documentation_would_say_them() {
        let f = Facets {
            max_length: Some(50),
            patterns: vec!["[A-Z]{2}".into()],
            min: Some(("1".into(), true)),
            max: Some(("100".into(), true)),
            fraction_digits: Some(2),
            ..Facets::default()
        };
        assert_eq!(
            line(facet_phrases(&f)).unwrap(),
            "Rules: at most 50 characters; matches `[A-Z]{2}`; from 1 to 100; at most 2 decimal places."
        );
        let exclusive = Facets {
            min: Some(("0".into(), false)),
            ..Facets::default()
        };
        assert_eq!(facet_phrases(&exclusive), ["greater than 0"]);
        assert_eq!(
            count_phrase(1, MaxOccurs::Bounded(1), "item").unwrap(),
            "exactly 1 item"
        );
        assert_eq!(code("a`b"), "``a`b``");
    }
}
