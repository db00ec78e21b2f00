//! Wildcards (xsd-parser's `any`: `FooType` is `Name`, `xs:any*`, `Choice*`, `xs:any*`, with
//! `xs:anyAttribute`): undeclared attributes are kept and written back, a namespaced one
//! with its namespace; with two element wildcards, each keeps the elements at its place.

mod common;
use common::envelope;
use soap_runtime::{decode_response, encode_response, AnyAttribute, Limits};
use xsd_features::any::{operations::Echo, FooType};

#[test]
fn undeclared_attributes_are_kept_with_their_namespace() {
    let xml = envelope(
        r#"<t:Foo xmlns:t="http://example.com" xmlns:o="urn:o" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" any="a &amp; b" o:extra="1" xsi:schemaLocation="x"><t:Name>n</t:Name></t:Foo>"#,
    );
    let f: FooType = decode_response::<Echo>(&xml, &Limits::default()).unwrap();
    assert_eq!(
        f.other_attributes,
        [
            AnyAttribute::new(None, "any", "a & b"),
            AnyAttribute::new(Some("urn:o"), "extra", "1"),
        ],
        "xsi: attributes are the instance's, not the type's"
    );
    let out = encode_response::<Echo>(&f);
    assert!(
        out.contains(r#" any="a &amp; b" xmlns:a1="urn:o" a1:extra="1""#),
        "{out}"
    );
    let again: FooType = decode_response::<Echo>(&out, &Limits::default()).unwrap();
    assert_eq!(again, f);
}

#[test]
fn each_wildcard_keeps_the_elements_at_its_place() {
    let xml = envelope(
        r#"<t:Foo xmlns:t="http://example.com"><t:Name>n</t:Name><A/><B/><t:Choice><t:Name>c</t:Name></t:Choice><C/></t:Foo>"#,
    );
    let f: FooType = decode_response::<Echo>(&xml, &Limits::default()).unwrap();
    let names =
        |v: &[soap_runtime::AnyElement]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&f.any), ["A", "B"]);
    assert_eq!(names(&f.any_), ["C"]);
    assert_eq!(f.choice.len(), 1);
    let out = encode_response::<Echo>(&f);
    let (a, choice, c) = (
        out.find("<A ").unwrap(),
        out.find("<Choice").unwrap(),
        out.find("<C ").unwrap(),
    );
    assert!(a < choice && choice < c, "{out}");
}
