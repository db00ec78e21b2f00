//! The Apache CXF test WSDLs (tests/cxf-corpus): every WSDL file of the set has a row in its
//! MANIFEST.tsv; each either generates bindings that compile (they are modules of
//! `wsdl_corpus::cxf`) or fails with the expected, located error of its category.

use std::path::{Path, PathBuf};
use wsdl_corpus::cxf::CXF_OUTCOMES;
use wsdl_corpus::Outcome;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cxf-corpus")
}

fn wsdl_files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            wsdl_files(&p, base, out);
        } else if p.extension().is_some_and(|e| e == "wsdl") {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy();
            out.push(rel.replace('\\', "/"));
        }
    }
}

#[test]
fn every_wsdl_file_has_a_row() {
    let dir = corpus_dir();
    let mut files = Vec::new();
    wsdl_files(&dir, &dir, &mut files);
    assert!(files.len() >= 200, "{} WSDL files", files.len());
    let listed: Vec<&str> = CXF_OUTCOMES.iter().map(|o| o.entry).collect();
    let missing: Vec<&String> = files
        .iter()
        .filter(|f| !listed.contains(&f.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in MANIFEST.tsv: {missing:?}");
    let extra: Vec<&&str> = listed
        .iter()
        .filter(|l| !files.iter().any(|f| f == *l))
        .collect();
    assert!(
        extra.is_empty(),
        "in MANIFEST.tsv but not a file: {extra:?}"
    );
}

/// `file:line:column: message`
fn located(detail: &str) -> bool {
    detail.split(": ").next().is_some_and(|loc| {
        let parts: Vec<&str> = loc.rsplitn(3, ':').collect();
        parts.len() == 3 && parts[0].parse::<u32>().is_ok() && parts[1].parse::<u32>().is_ok()
    })
}

/// What is wrong with one row, if anything.
fn problem(o: &Outcome) -> Option<String> {
    let name = o.service;
    if o.expected == "ok" {
        return (!o.generated || o.category != "ok")
            .then(|| format!("{name}: expected to generate, failed with: {}", o.detail));
    }
    if o.generated {
        return Some(format!(
            "{name}: expected failure \"{}\" but it generated",
            o.expected
        ));
    }
    if !o.detail.contains(o.expected) {
        return Some(format!(
            "{name}: expected an error containing \"{}\", got: {}",
            o.expected, o.detail
        ));
    }
    if !located(o.detail) {
        return Some(format!("{name}: error is not located: {}", o.detail));
    }
    // The category agrees with what the error says.
    let consistent = match o.category {
        "abstract" => o.detail.contains("no wsdl:binding found"),
        "no-soap" => o.detail.contains("unsupported: no SOAP binding"),
        "unsupported" => o.detail.contains(": unsupported: ") && !o.detail.contains("no SOAP"),
        "invalid" => !o.detail.contains(": unsupported: "),
        _ => false,
    };
    (!consistent).then(|| {
        format!(
            "{name}: category \"{}\" does not fit the error: {}",
            o.category, o.detail
        )
    })
}

#[test]
fn every_cxf_wsdl_compiles_or_fails_with_a_located_reason() {
    let problems: Vec<String> = CXF_OUTCOMES.iter().filter_map(problem).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn most_valid_soap_wsdls_generate() {
    let count = |c: &str| CXF_OUTCOMES.iter().filter(|o| o.category == c).count();
    let ok = count("ok");
    let soap = ok + count("unsupported");
    assert!(ok >= 140, "only {ok} CXF WSDLs generated");
    assert!(
        ok * 100 >= soap * 80,
        "{ok} of {soap} valid WSDLs with a SOAP binding generate"
    );
}
