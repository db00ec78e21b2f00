//! Every case of tests/xsd-parser-features/MANIFEST.tsv generates (and, being a module of this
//! crate, compiles) or fails with the expected error; and every example document of every case
//! round-trips through the generated codec exactly as tests/xsd-parser-features/ROUNDTRIP.tsv
//! records: "ok" where decoding the example as the operation's response and encoding the value
//! again gives an equivalent XML tree, else a substring of the failure. A change in either
//! direction fails the test (so the tables in the README stay true). ROUNDTRIP.tsv also records
//! xmllint's verdict on each example against its schema (`valid`, `invalid`, or `schema
//! rejected` when libxml2 cannot compile the schema), checked when xmllint is installed (and
//! required when `CI` or `REQUIRE_XMLLINT` is set, as scripts/test.sh does).
//! `BLESS=1` rewrites ROUNDTRIP.tsv with the outcomes of this run instead (xmllint required;
//! then review the diff).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use xsd_features::{Case, CASES};

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/xsd-parser-features")
}

#[test]
fn every_case_generates_or_fails_with_the_expected_error() {
    let mut problems = Vec::new();
    for c in CASES {
        match (c.expected == "ok", c.generated) {
            (true, false) => problems.push(format!(
                "{}: expected to generate, failed with: {}",
                c.case, c.detail
            )),
            (false, true) => problems.push(format!(
                "{}: expected failure \"{}\" but it generated",
                c.case, c.expected
            )),
            (false, false) if !c.detail.contains(c.expected) => problems.push(format!(
                "{}: expected an error containing \"{}\", got: {}",
                c.case, c.expected, c.detail
            )),
            _ => {}
        }
        // `file:line:column: message`
        let located = c.detail.split(": ").next().is_some_and(|loc| {
            let parts: Vec<&str> = loc.rsplitn(3, ':').collect();
            parts.len() == 3 && parts[0].parse::<u32>().is_ok() && parts[1].parse::<u32>().is_ok()
        });
        if !c.generated && !located {
            problems.push(format!("{}: error is not located: {}", c.case, c.detail));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every feature folder of the suite has a case (91 folders).
    let covered: std::collections::BTreeSet<String> =
        CASES.iter().map(|c| c.folder.to_owned()).collect();
    let folders: std::collections::BTreeSet<String> = std::fs::read_dir(suite())
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(covered, folders, "every feature folder has a case");
    assert_eq!(folders.len(), 91);
}

/// The `{ns}local` name of an element or attribute.
fn name(ns: Option<&str>, local: &str) -> String {
    // roxmltree gives an element under `xmlns=""` the empty namespace: it has none.
    match ns.filter(|ns| !ns.is_empty()) {
        Some(ns) => format!("{{{ns}}}{local}"),
        None => local.to_owned(),
    }
}

/// `text` as a prefixed name resolved in the scope of `node` (`prefix:local`, its prefix
/// declared there): `(namespace, local)`.
fn qname_in<'a>(node: roxmltree::Node<'a, '_>, text: &'a str) -> Option<(&'a str, &'a str)> {
    let (prefix, local) = text.split_once(':')?;
    let ncname = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    if !ncname(prefix) || !ncname(local) {
        return None;
    }
    Some((node.lookup_namespace_uri(Some(prefix))?, local))
}

/// The element's own text (its text children, concatenated), trimmed.
fn text(node: roxmltree::Node) -> String {
    node.children()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// `xsi:` attributes that are hints to a validator, not data: not compared.
const SCHEMA_HINTS: &[&str] = &["schemaLocation", "noNamespaceSchemaLocation"];

/// Whether two (trimmed) texts are equal, or are the same number in two lexical forms
/// (`1.5E2` and `150`: the codec writes the canonical form of a value it holds as a number).
fn same_text(a: &str, b: &str) -> bool {
    a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

/// Where `a` (the example) and `b` (the re-encoded value) differ, if they do: element names
/// by namespace and local name, attributes by namespace and name (namespace declarations are
/// not attributes; `xsi:schemaLocation` and `xsi:noNamespaceSchemaLocation` are left out,
/// and the type `xsi:type` names is compared by namespace and local name), trimmed text (numbers by value), children in order.
fn difference(a: roxmltree::Node, b: roxmltree::Node, path: &str) -> Option<String> {
    let (an, bn) = (
        name(a.tag_name().namespace(), a.tag_name().name()),
        name(b.tag_name().namespace(), b.tag_name().name()),
    );
    let path = format!("{path}/{an}");
    if an != bn {
        return Some(format!("{path}: element {bn} written instead"));
    }
    let attrs = |n: roxmltree::Node| -> BTreeMap<String, String> {
        n.attributes()
            .filter(|at| !(at.namespace() == Some(XSI) && SCHEMA_HINTS.contains(&at.name())))
            .map(|at| {
                let value = at.value().trim();
                // `xsi:type` names a type: compared by namespace and local name.
                let value = if at.namespace() == Some(XSI) && at.name() == "type" {
                    let (prefix, local) = match value.split_once(':') {
                        Some((p, l)) => (Some(p), l),
                        None => (None, value),
                    };
                    name(n.lookup_namespace_uri(prefix), local)
                } else {
                    value.to_owned()
                };
                (name(at.namespace(), at.name()), value)
            })
            .collect()
    };
    let (aa, ba) = (attrs(a), attrs(b));
    let same = aa.len() == ba.len()
        && aa
            .iter()
            .zip(&ba)
            .all(|((an, av), (bn, bv))| an == bn && same_text(av, bv));
    if !same {
        return Some(format!("{path}: attributes {aa:?} written as {ba:?}"));
    }
    let (at, bt) = (text(a), text(b));
    // A text that is a prefixed name in scope (an `xs:QName`) is compared by what it names:
    // the re-encoded text must name the same in its own scope.
    let same = match qname_in(a, &at) {
        Some(q) => qname_in(b, &bt) == Some(q),
        None => same_text(&at, &bt),
    };
    if !same {
        return Some(format!("{path}: text {at:?} written as {bt:?}"));
    }
    let ac: Vec<_> = a.children().filter(|n| n.is_element()).collect();
    let bc: Vec<_> = b.children().filter(|n| n.is_element()).collect();
    for (x, y) in ac.iter().zip(&bc) {
        if let Some(d) = difference(*x, *y, &path) {
            return Some(d);
        }
    }
    if ac.len() != bc.len() {
        return Some(format!(
            "{path}: {} child elements written as {}",
            ac.len(),
            bc.len()
        ));
    }
    None
}

/// The outcome of one example: "ok", or why it does not round-trip.
fn round_trip(case: &Case, example: &str) -> String {
    let Some(run) = case.round_trip else {
        return "not generated".into();
    };
    let file = suite().join(case.folder).join("example").join(example);
    let xml = match std::fs::read_to_string(&file) {
        Ok(x) => x,
        Err(e) => return format!("unreadable: {e}"),
    };
    let doc = match roxmltree::Document::parse(&xml) {
        Ok(d) => d,
        Err(e) => return format!("example is not well-formed XML: {e}"),
    };
    let root = doc.root_element();
    let envelope = format!(
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>{}</soapenv:Body></soapenv:Envelope>",
        &xml[root.range()]
    );
    let written = match run(&envelope) {
        Ok(w) => w,
        Err(e) => return format!("decode: {e}"),
    };
    let back = match roxmltree::Document::parse(&written) {
        Ok(d) => d,
        Err(e) => return format!("written envelope is not well-formed XML: {e}"),
    };
    let Some(payload) = back
        .root_element()
        .children()
        .find(|n| n.tag_name().name() == "Body")
        .and_then(|b| b.children().find(|n| n.is_element()))
    else {
        return "written envelope has no body element".into();
    };
    match difference(root, payload, "") {
        None => "ok".into(),
        Some(d) => format!("differs: {d}"),
    }
}

/// xmllint's verdict on `example` against the case's schema; `None` without xmllint.
fn xmllint_verdict(case: &Case, example: &str) -> Option<String> {
    let dir = suite().join(case.folder);
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(dir.join(case.schema))
        .arg(dir.join("example").join(example))
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&out.stderr);
    let last = report.lines().last().unwrap_or("");
    Some(if last.ends_with(" validates") {
        "valid".into()
    } else if last.ends_with(" fails to validate") {
        "invalid".into()
    } else if last.ends_with("failed to compile") {
        "schema rejected".into()
    } else {
        format!("xmllint: {last}")
    })
}

/// ROUNDTRIP.tsv: `case`, `example`, xmllint's verdict, expected outcome.
fn expectations() -> BTreeMap<(String, String), (String, String)> {
    let text = std::fs::read_to_string(suite().join("ROUNDTRIP.tsv")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.splitn(4, '\t');
            Some((
                (cols.next()?.to_owned(), cols.next()?.to_owned()),
                (cols.next()?.to_owned(), cols.next()?.to_owned()),
            ))
        })
        .collect()
}

#[test]
fn every_example_round_trips_as_recorded() {
    let expected = expectations();
    let bless = std::env::var_os("BLESS").is_some();
    let mut actual = BTreeMap::new();
    let mut table = String::from(
        "# case\texample\txmllint's verdict on the example against the case's schema (libxml2 2.9.14)\texpected outcome of decoding the example as the response and encoding it again: \"ok\" (equivalent trees) or a substring of the failure\n",
    );
    let mut problems = Vec::new();
    let mut xmllint_missing = false;
    for case in CASES {
        for example in case.examples {
            let key = (case.case.to_owned(), example.to_string());
            let outcome = round_trip(case, example);
            let verdict = xmllint_verdict(case, example);
            xmllint_missing |= verdict.is_none();
            let recorded = expected.get(&key).map(|(v, _)| v.as_str());
            match (&verdict, recorded) {
                (Some(v), Some(r)) if v != r && !bless => problems.push(format!(
                    "{} {example}: xmllint says {v}, ROUNDTRIP.tsv says {r}",
                    case.case
                )),
                _ => {}
            }
            let verdict = verdict.unwrap_or_else(|| recorded.unwrap_or("?").to_owned());
            table.push_str(&format!("{}\t{example}\t{verdict}\t{outcome}\n", case.case));
            actual.insert(key, outcome);
        }
    }
    if bless {
        assert!(
            !xmllint_missing,
            "BLESS needs xmllint (apt-get install libxml2-utils)"
        );
        std::fs::write(suite().join("ROUNDTRIP.tsv"), table).unwrap();
        return;
    }
    if xmllint_missing {
        let required = ["CI", "REQUIRE_XMLLINT"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
        assert!(
            !required,
            "xmllint is required (CI or REQUIRE_XMLLINT is set) but not installed: apt-get install libxml2-utils"
        );
        eprintln!(
            "NOTICE: xmllint not found; the recorded validity of the examples is not checked"
        );
    }
    for (key, outcome) in &actual {
        let Some((_, e)) = expected.get(key) else {
            problems.push(format!(
                "{} {}: no expectation; got: {outcome}",
                key.0, key.1
            ));
            continue;
        };
        if e == "ok" && outcome != "ok" {
            problems.push(format!(
                "{} {}: round-tripped before, now: {outcome}",
                key.0, key.1
            ));
        } else if e != "ok" && outcome == "ok" {
            problems.push(format!(
                "{} {}: round-trips now (expected failure \"{e}\"): update ROUNDTRIP.tsv",
                key.0, key.1
            ));
        } else if !outcome.contains(e.as_str()) {
            problems.push(format!(
                "{} {}: expected \"{e}\", got: {outcome}",
                key.0, key.1
            ));
        }
    }
    for key in expected.keys().filter(|k| !actual.contains_key(*k)) {
        problems.push(format!(
            "{} {}: expectation for no example of the manifest",
            key.0, key.1
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let ok = actual.values().filter(|o| *o == "ok").count();
    assert!(ok > 0, "no example round-trips");
}

#[test]
fn the_comparison_sees_each_kind_of_difference() {
    let diff = |a: &str, b: &str| {
        let (a, b) = (
            roxmltree::Document::parse(a).unwrap(),
            roxmltree::Document::parse(b).unwrap(),
        );
        difference(a.root_element(), b.root_element(), "")
    };
    let base = r#"<p:a xmlns:p="urn:x" k="1"><p:b>x</p:b><p:c>1.5E2</p:c></p:a>"#;
    // Prefixes, namespace declarations, schema hints, surrounding whitespace and the lexical
    // form of a number do not matter.
    assert_eq!(
        diff(
            base,
            r#"<a xmlns="urn:x" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:schemaLocation="urn:x x.xsd" k=" 1 "> <b> x </b><c>150</c></a>"#
        ),
        None
    );
    for other in [
        r#"<p:a xmlns:p="urn:y" k="1"><p:b>x</p:b><p:c>150</p:c></p:a>"#,
        r#"<p:a xmlns:p="urn:x" k="2"><p:b>x</p:b><p:c>150</p:c></p:a>"#,
        r#"<p:a xmlns:p="urn:x"><p:b>x</p:b><p:c>150</p:c></p:a>"#,
        r#"<p:a xmlns:p="urn:x" k="1"><p:b>y</p:b><p:c>150</p:c></p:a>"#,
        r#"<p:a xmlns:p="urn:x" k="1"><p:c>150</p:c><p:b>x</p:b></p:a>"#,
        r#"<p:a xmlns:p="urn:x" k="1"><p:b>x</p:b></p:a>"#,
        r#"<p:a xmlns:p="urn:x" k="1"><p:b>x</p:b><c>150</c></p:a>"#,
    ] {
        assert!(diff(base, other).is_some(), "{other}");
    }
    // A name in scope (an `xs:QName`, or the type `xsi:type` names) is compared by what it
    // names, whatever its prefix; a prefix left undeclared names nothing.
    let xsi = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;
    let named = format!(r#"<p:a xmlns:p="urn:x" {xsi} xsi:type="p:T"><p:q>p:Bar</p:q></p:a>"#);
    let renamed = format!(
        r#"<a xmlns="urn:x" xmlns:z="urn:x" {xsi} xsi:type="z:T"><q xmlns:y="urn:x">y:Bar</q></a>"#
    );
    assert_eq!(diff(&named, &renamed), None);
    for other in [
        format!(
            r#"<p:a xmlns:p="urn:x" {xsi} xsi:type="p:T"><p:q xmlns:p2="urn:y">p2:Bar</p:q></p:a>"#
        ),
        format!(r#"<a xmlns="urn:x" {xsi} xsi:type="T"><q>p:Bar</q></a>"#),
        format!(
            r#"<a xmlns="urn:x" xmlns:z="urn:y" {xsi} xsi:type="z:T"><q xmlns:y="urn:x">y:Bar</q></a>"#
        ),
    ] {
        assert!(diff(&named, &other).is_some(), "{other}");
    }
}
