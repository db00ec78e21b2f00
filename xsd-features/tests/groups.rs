//! Model groups read in schema order: repeated `xs:group` references (xsd-parser's
//! `group_ref_static_list`, `group_ref_exact_occurs_boundary`) and sequences inside a choice
//! (`choice_with_sequence`). Each occurrence of a group is one value, its members in order;
//! a child out of the schema's order is a decode error, and the number of occurrences is
//! checked with its path.

mod common;
use common::{decode_error, envelope};
use soap_runtime::{decode_response, encode_response, ComplexValue, DecodeErrorKind, Limits};
use xsd_features::group_ref_static_list::{operations::Echo, Person2 as Person};
use xsd_features::{choice_with_sequence as cws, group_ref_exact_occurs_boundary as exact};

#[test]
fn each_occurrence_of_a_repeated_group_is_one_value() {
    let xml = envelope(
        r#"<t:Person xmlns:t="http://example.com"><t:Street>1 Main</t:Street><t:City>Oslo</t:City><t:Street>2 Side</t:Street><t:City>Bergen</t:City><t:Name>Kari</t:Name></t:Person>"#,
    );
    let p: Person = decode_response::<Echo>(&xml, &Limits::default()).unwrap();
    let got: Vec<(&str, &str)> = p
        .address
        .iter()
        .map(|a| (a.street.as_str(), a.city.as_str()))
        .collect();
    assert_eq!(got, [("1 Main", "Oslo"), ("2 Side", "Bergen")]);
    assert_eq!(p.name, "Kari");
    p.validate().unwrap();
    let out = encode_response::<Echo>(&p);
    assert!(
        out.contains("<Street>1 Main</Street><City>Oslo</City><Street>2 Side</Street><City>Bergen</City><Name>Kari</Name>"),
        "{out}"
    );
    let again: Person = decode_response::<Echo>(&out, &Limits::default()).unwrap();
    assert_eq!(again, p);
}

#[test]
fn a_child_out_of_order_is_a_decode_error() {
    // City must follow its Street: a group begun and left incomplete.
    let xml = envelope(
        r#"<t:Person xmlns:t="http://example.com"><t:Street>1 Main</t:Street><t:Name>Kari</t:Name><t:City>Oslo</t:City></t:Person>"#,
    );
    let e = decode_error(decode_response::<Echo>(&xml, &Limits::default()).unwrap_err());
    assert_eq!(
        e.kind,
        DecodeErrorKind::MissingElement("City".into()),
        "{e}"
    );
    // Name after the groups, then another Street: no place for it.
    let xml = envelope(
        r#"<t:Person xmlns:t="http://example.com"><t:Street>1 Main</t:Street><t:City>Oslo</t:City><t:Name>Kari</t:Name><t:Street>2 Side</t:Street></t:Person>"#,
    );
    let e = decode_error(decode_response::<Echo>(&xml, &Limits::default()).unwrap_err());
    assert!(
        matches!(&e.kind, DecodeErrorKind::UnexpectedChild { found } if found == "{http://example.com}Street"),
        "{e}"
    );
    assert!(e.to_string().contains("Person/Street"), "{e}");
}

#[test]
fn the_number_of_occurrences_is_checked_with_its_path() {
    let xml = envelope(
        r#"<t:Collection xmlns:t="http://example.com"><t:Code>a</t:Code><t:Code>b</t:Code><t:Code>c</t:Code><t:Name>n</t:Name></t:Collection>"#,
    );
    let c: exact::Collection2 =
        decode_response::<exact::operations::Echo>(&xml, &Limits::default()).unwrap();
    assert_eq!(c.entry.len(), 3);
    let e = c.validate().unwrap_err().to_string();
    assert!(e.contains("Entry") && e.contains('3'), "{e}");
    let two = exact::Collection2::builder()
        .entry(exact::Entry::builder().code("a").build().unwrap())
        .entry(exact::Entry::builder().code("b").build().unwrap())
        .name("n")
        .build()
        .unwrap();
    two.validate().unwrap();
}

#[test]
fn a_sequence_option_of_a_choice_is_read_whole() {
    let xml = envelope(
        r#"<t:Foo xmlns:t="http://example.com"><t:Element3>3</t:Element3><t:Element4>four</t:Element4></t:Foo>"#,
    );
    let f: cws::FooType =
        decode_response::<cws::operations::Echo>(&xml, &Limits::default()).unwrap();
    match &f.choice {
        cws::FooTypeChoice::Sequence2(s) => {
            assert_eq!((s.element3, s.element4.as_str()), (3, "four"));
        }
        other => panic!("the second sequence, not {other:?}"),
    }
    let out = encode_response::<cws::operations::Echo>(&f);
    assert!(
        out.contains("<Element3>3</Element3><Element4>four</Element4>"),
        "{out}"
    );
    // The first sequence begun, the second's element after it: incomplete.
    let xml = envelope(
        r#"<t:Foo xmlns:t="http://example.com"><t:Element1>1</t:Element1><t:Element4>four</t:Element4></t:Foo>"#,
    );
    let e = decode_error(
        decode_response::<cws::operations::Echo>(&xml, &Limits::default()).unwrap_err(),
    );
    assert_eq!(
        e.kind,
        DecodeErrorKind::MissingElement("Element2".into()),
        "{e}"
    );
}
