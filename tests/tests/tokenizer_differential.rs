//! The runtime's own XML tokenizer (`soap-runtime/src/lex.rs`) against an independent parser,
//! roxmltree (DTDs off), on thousands of mutations of the seed envelopes: both accept or both
//! refuse every document. A disagreement names the document and both answers.
//!
//! Mutations (deterministic, a fixed-seed xorshift): delete a byte range, insert one of the
//! characters markup is made of (or a control character, a non-ASCII letter, an entity), or
//! duplicate a range. Namespaces are part of both parsers' well-formedness (undeclared prefixes
//! are errors in both).
//!
//! One known difference is set aside: roxmltree reads `:name` as a name with an empty prefix,
//! which Namespaces in XML 1.0 does not allow (a QName's prefix is an NCName, never empty), so
//! the runtime refuses it. Such documents are checked separately: the runtime must refuse them.

use integration_tests::mutation::{mutate, Rng};
use payment_service::runtime::{parse_document, Limits};
use std::path::Path;

fn ours(doc: &str) -> Result<(), String> {
    parse_document(doc, &Limits::default())
        .map(drop)
        .map_err(|e| e.to_string())
}

fn theirs(doc: &str) -> Result<(), String> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(doc, opts)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Whether an element or attribute name in `doc` starts with a colon (an empty prefix):
/// `<:a`, `</:a`, or ` :a=` (whitespace, a colon, a name, `=`).
fn empty_prefix(doc: &str) -> bool {
    let b = doc.as_bytes();
    doc.contains("<:")
        || doc.contains("</:")
        || (1..b.len()).any(|i| {
            b[i] == b':'
                && b[i - 1].is_ascii_whitespace()
                && b[i + 1..]
                    .iter()
                    .take_while(|c| !c.is_ascii_whitespace() && **c != b'>')
                    .any(|&c| c == b'=')
        })
}

#[test]
fn the_tokenizer_accepts_and_refuses_what_an_independent_parser_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fixtures.sort();
    assert_eq!(fixtures.len(), 10);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut checked, mut refused, mut disagreements) = (0, 0, Vec::new());
    for path in &fixtures {
        let doc = std::fs::read_to_string(path).unwrap();
        assert_eq!(ours(&doc), Ok(()), "{}", path.display());
        for _ in 0..1500 {
            let m = mutate(&doc, &mut rng);
            let (a, b) = (ours(&m), theirs(&m));
            if empty_prefix(&m) {
                assert!(a.is_err(), "{m:?}");
                continue;
            }
            checked += 1;
            refused += usize::from(a.is_err());
            if a.is_ok() != b.is_ok() {
                disagreements.push(format!("{m:?}\n  ours: {a:?}\n  roxmltree: {b:?}"));
            }
        }
    }
    // The mutations exercise both answers.
    assert!(
        refused > checked / 10 && refused < checked * 9 / 10,
        "{refused} of {checked}"
    );
    assert!(
        disagreements.is_empty(),
        "{} of {checked} documents parsed differently, e.g.:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(5)].join("\n")
    );
}
