//! Facets of simple type restrictions, merged along the derivation chain as XSD 1.0 Part 2
//! defines them: which facets apply to which types (§4.1.5), bounds read in the value space of
//! the base type (§4.3.7-§4.3.10), patterns ORed within a step and ANDed across steps
//! (§4.3.4.3), whitespace rules (§4.3.6). A facet the runtime could not enforce exactly is a
//! located error rather than a silently dropped constraint.

use crate::error::{Error, Location, Result};
use crate::model::{Builtin, Facets, Kind, WhiteSpace};
use crate::raw;

/// The kind of values of the built-in type `local` (mapped to `b`).
pub fn kind_of_builtin(local: &str, b: Builtin) -> Kind {
    match local {
        "duration" | "time" | "gYear" | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay" => {
            Kind::Unordered
        }
        _ => kind_of(b),
    }
}

/// The kind of values a Rust value type of `b` holds.
pub fn kind_of(b: Builtin) -> Kind {
    match b {
        Builtin::String | Builtin::AnyType | Builtin::QName => Kind::Text,
        Builtin::Bool => Kind::Boolean,
        Builtin::Decimal => Kind::Decimal,
        Builtin::F32 | Builtin::F64 => Kind::Float,
        Builtin::DateTime => Kind::DateTime,
        Builtin::Date => Kind::Date,
        b => Kind::Integer(b),
    }
}

/// The facets a built-in type carries itself: its whitespace rule (string types) and the
/// bounds of the integer types whose Rust type is wider than their value space.
pub fn builtin_facets(local: &str, b: Builtin) -> Facets {
    let kind = kind_of_builtin(local, b);
    let white_space = match (kind, local) {
        (Kind::Text, "string" | "anySimpleType" | "anyType") => Some(WhiteSpace::Preserve),
        (Kind::Text, "normalizedString") => Some(WhiteSpace::Replace),
        (Kind::Text, _) => Some(WhiteSpace::Collapse),
        _ => None,
    };
    let (min, max) = match local {
        "positiveInteger" => (Some(("1".to_owned(), true)), None),
        "negativeInteger" => (None, Some(("-1".to_owned(), true))),
        "nonPositiveInteger" => (None, Some(("0".to_owned(), true))),
        _ => (None, None),
    };
    Facets {
        white_space,
        min,
        max,
        patterns: builtin_pattern(local)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        // The static holding the pattern is named after the type.
        origin: builtin_pattern(local).map(|_| local.to_owned()),
        kind: Some(kind),
        ..Facets::default()
    }
}

/// The pattern a built-in type derived from `xs:string` carries (XSD 1.0 Part 2 §3.3): the
/// XML name productions, and the language tags of RFC 3066.
fn builtin_pattern(local: &str) -> Option<&'static str> {
    Some(match local {
        "NMTOKEN" => r"\c+",
        "Name" => r"\i\c*",
        "NCName" | "ID" | "IDREF" | "ENTITY" => r"[\i-[:]][\c-[:]]*",
        "language" => r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
        _ => return None,
    })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "a string type",
        Kind::Boolean => "xs:boolean",
        Kind::Integer(_) => "an integer type",
        Kind::Decimal => "xs:decimal",
        Kind::Float => "xs:float/xs:double",
        Kind::Date => "xs:date",
        Kind::DateTime => "xs:dateTime",
        Kind::Unordered => "a duration, time or Gregorian type",
        Kind::Union => "a union",
        Kind::List => "a list type",
    }
}

/// Merges the facets `f` of one restriction step (at `loc`) into `into`, the base's facets.
pub fn merge(into: &mut Facets, f: &raw::Facets, loc: &Location) -> Result<()> {
    let kind = into.kind.unwrap_or(Kind::Text);
    let at = |name: &str| f.loc(name).unwrap_or(loc).clone();
    let refuse = |name: &str| {
        Err(Error::at(
            at(name),
            format!(
                "facet {name} does not apply to {} (XSD 1.0 Part 2 §4.1.5)",
                kind_name(kind)
            ),
        ))
    };
    let text = matches!(kind, Kind::Text | Kind::List);
    let numeric = matches!(kind, Kind::Integer(_) | Kind::Decimal);
    for (name, present) in [
        ("length", f.length.is_some()),
        ("minLength", f.min_length.is_some()),
        ("maxLength", f.max_length.is_some()),
    ] {
        if present && !text {
            return refuse(name);
        }
    }
    for (name, present) in [
        ("totalDigits", f.total_digits.is_some()),
        ("fractionDigits", f.fraction_digits.is_some()),
    ] {
        if present && !numeric {
            return refuse(name);
        }
    }
    if !f.enumeration.is_empty() && !matches!(kind, Kind::Union | Kind::List) {
        return refuse("enumeration");
    }
    // A derived step may only narrow (§4.3.1-§4.3.3, §4.3.11-§4.3.12): keep the narrower.
    into.length = f.length.or(into.length);
    into.min_length = f.min_length.max(into.min_length);
    into.max_length = narrower(f.max_length, into.max_length);
    if f.total_digits == Some(0) {
        return Err(Error::at(at("totalDigits"), "totalDigits must be positive"));
    }
    into.total_digits = narrower(f.total_digits, into.total_digits);
    if matches!(kind, Kind::Integer(_)) && f.fraction_digits.is_some_and(|n| n != 0) {
        return Err(Error::at(
            at("fractionDigits"),
            "fractionDigits of an integer type is fixed at 0 (XSD 1.0 Part 2 §3.3.13)",
        ));
    }
    into.fraction_digits = narrower(f.fraction_digits, into.fraction_digits);
    white_space(into, f, kind, &at)?;
    bounds(into, f, kind, &at)?;
    patterns(into, f, &at)?;
    into.enumeration
        .extend(f.enumeration.iter().map(|e| e.value.clone()));
    Ok(())
}

fn narrower(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn white_space(
    into: &mut Facets,
    f: &raw::Facets,
    kind: Kind,
    at: &dyn Fn(&str) -> Location,
) -> Result<()> {
    let Some(v) = &f.white_space else {
        return Ok(());
    };
    let ws = match v.as_str() {
        "preserve" => WhiteSpace::Preserve,
        "replace" => WhiteSpace::Replace,
        _ => WhiteSpace::Collapse,
    };
    if kind == Kind::Union {
        return Err(Error::at(
            at("whiteSpace"),
            "facet whiteSpace does not apply to a union (XSD 1.0 Part 2 §4.1.5)",
        ));
    }
    if kind != Kind::Text {
        // Every other type's whitespace is fixed at collapse (§4.3.6).
        if ws != WhiteSpace::Collapse {
            return Err(Error::at(
                at("whiteSpace"),
                format!("whiteSpace of {} is fixed at collapse", kind_name(kind)),
            ));
        }
        return Ok(());
    }
    let rank = |w: Option<WhiteSpace>| match w {
        None | Some(WhiteSpace::Preserve) => 0,
        Some(WhiteSpace::Replace) => 1,
        Some(WhiteSpace::Collapse) => 2,
    };
    if rank(Some(ws)) < rank(into.white_space) {
        return Err(Error::at(
            at("whiteSpace"),
            format!("whiteSpace=\"{v}\" loosens the base type's whitespace rule"),
        ));
    }
    into.white_space = Some(ws);
    Ok(())
}

fn bounds(
    into: &mut Facets,
    f: &raw::Facets,
    kind: Kind,
    at: &dyn Fn(&str) -> Location,
) -> Result<()> {
    let facets = [
        ("minInclusive", &f.min_inclusive, true, true),
        ("minExclusive", &f.min_exclusive, false, true),
        ("maxInclusive", &f.max_inclusive, true, false),
        ("maxExclusive", &f.max_exclusive, false, false),
    ];
    for (name, value, inclusive, is_min) in facets {
        let Some(v) = value else { continue };
        let v = v.trim();
        match kind {
            Kind::Integer(_) | Kind::Decimal | Kind::Float | Kind::Date | Kind::DateTime => {}
            Kind::Unordered => {
                return Err(Error::unsupported(
                    at(name),
                    format!(
                        "facet {name} on {} (the runtime has no order for it)",
                        kind_name(kind)
                    ),
                ))
            }
            _ => {
                return Err(Error::at(
                    at(name),
                    format!(
                        "facet {name} does not apply to {} (XSD 1.0 Part 2 §4.1.5)",
                        kind_name(kind)
                    ),
                ))
            }
        }
        let typed = typed_bound(v, kind)
            .map_err(|why| Error::at(at(name), format!("{name} value \"{v}\" is not {why}")))?;
        let slot = if is_min { &mut into.min } else { &mut into.max };
        *slot = Some((typed, inclusive));
    }
    Ok(())
}

/// A bound's lexical value checked against the base type and written canonically enough for
/// the runtime's parsers; `Err` says what it should have been.
pub fn typed_bound(v: &str, kind: Kind) -> std::result::Result<String, String> {
    match kind {
        Kind::Integer(b) => integer_bound(v, b),
        Kind::Decimal => decimal_bound(v),
        Kind::Float => {
            let re = regex::Regex::new(
                r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|INF|-INF|NaN)$",
            );
            if re.is_ok_and(|r| r.is_match(v)) {
                Ok(v.to_owned())
            } else {
                Err("a float (like 1.5, 1E3, INF or NaN)".into())
            }
        }
        Kind::Date => date_bound(v, false),
        Kind::DateTime => date_bound(v, true),
        _ => Err("of an ordered type".into()),
    }
}

fn integer_bound(v: &str, b: Builtin) -> std::result::Result<String, String> {
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    let ok = !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit());
    let n: Option<i128> = if ok && digits.len() <= 38 {
        v.trim_start_matches('+').parse().ok()
    } else {
        None
    };
    let Some(n) = n else {
        return Err("an integer".into());
    };
    let (lo, hi): (i128, i128) = match b {
        Builtin::I8 => (i8::MIN.into(), i8::MAX.into()),
        Builtin::I16 => (i16::MIN.into(), i16::MAX.into()),
        Builtin::I32 => (i32::MIN.into(), i32::MAX.into()),
        Builtin::U8 => (0, u8::MAX.into()),
        Builtin::U16 => (0, u16::MAX.into()),
        Builtin::U32 => (0, u32::MAX.into()),
        Builtin::U64 => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    };
    if n < lo || n > hi {
        return Err(format!("in the base type's range {lo} to {hi}"));
    }
    Ok(n.to_string())
}

fn decimal_bound(v: &str) -> std::result::Result<String, String> {
    let body = v.strip_prefix(['+', '-']).unwrap_or(v);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let lexical = !(int.is_empty() && frac.is_empty())
        && int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit());
    if !lexical {
        return Err("a decimal number".into());
    }
    let significant = int.trim_start_matches('0').len() + frac.trim_end_matches('0').len();
    if significant > 28 || frac.trim_end_matches('0').len() > 28 {
        return Err("a decimal of at most 28 significant digits (the runtime's Decimal)".into());
    }
    let sign = if v.starts_with('-') { "-" } else { "" };
    let int = if int.is_empty() { "0" } else { int };
    Ok(if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    })
}

fn date_bound(v: &str, with_time: bool) -> std::result::Result<String, String> {
    let what = if with_time {
        "an xs:dateTime (like 2024-01-31T12:00:00Z)"
    } else {
        "an xs:date (like 2024-01-31)"
    };
    let re = if with_time {
        r"^-?([0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
    } else {
        r"^-?([0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$"
    };
    let caps = regex::Regex::new(re)
        .ok()
        .and_then(|r| {
            r.captures(v).map(|c| {
                (1..=6)
                    .map(|i| {
                        c.get(i)
                            .and_then(|m| m.as_str().parse::<u64>().ok())
                            .unwrap_or(0)
                    })
                    .collect::<Vec<u64>>()
            })
        })
        .ok_or_else(|| what.to_owned())?;
    let (year, month, day) = (caps[0], caps[1], caps[2]);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    let time_ok = !with_time
        || (caps[3] < 24 && caps[4] < 60 && caps[5] < 60)
        || (caps[3] == 24 && caps[4] == 0 && caps[5] == 0);
    if year == 0 || day == 0 || day > days || !time_ok {
        return Err(what.to_owned());
    }
    Ok(v.to_owned())
}

fn patterns(into: &mut Facets, f: &raw::Facets, at: &dyn Fn(&str) -> Location) -> Result<()> {
    if f.patterns.is_empty() {
        return Ok(());
    }
    // §4.3.4.3: the patterns of one step are branches of one expression.
    let joined = f.patterns.join("|");
    let translated = crate::xsd_regex::translate(&joined).and_then(|rx| {
        regex::Regex::new(&format!("^(?:{rx})$"))
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    if let Err(e) = translated {
        return Err(Error::unsupported(
            at("pattern"),
            format!("pattern \"{joined}\" ({e})"),
        ));
    }
    into.patterns.push(joined);
    Ok(())
}

/// `s` with XML whitespace collapsed (how an enumeration value of a string type compares).
pub fn collapse(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
