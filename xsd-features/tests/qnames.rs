//! `xs:QName` content (xsd-parser's `advanced_enums`: `QNameEnum`, an enumeration of
//! `tns:Foo`, `tns:Bar`, `tns:Baz`, and `QName`, a plain `xs:QName`): a value is a namespace
//! and a local name, whatever prefix the document uses, and is written with a prefix declared
//! on its element.

mod common;
use common::{decode_error, envelope};
use soap_runtime::{decode_response, encode_response, Limits, XsQName};
use xsd_features::advanced_enums::{operations::Echo, FooType, QNameEnumType};

fn foo(qname_enum: &str, qname: &str) -> String {
    envelope(&format!(
        r#"<a:Foo xmlns:a="http://example.com" xmlns:b="http://example.com" xmlns:o="urn:other"><a:StringEnum>ON</a:StringEnum><a:QNameEnum>{qname_enum}</a:QNameEnum><a:QName>{qname}</a:QName></a:Foo>"#
    ))
}

#[test]
fn a_qname_is_its_namespace_and_name_whatever_the_prefix() {
    let f: FooType = decode_response::<Echo>(&foo("b:Bar", "o:Thing"), &Limits::default()).unwrap();
    assert_eq!(f.q_name_enum, QNameEnumType::Bar);
    assert_eq!(f.q_name, XsQName::new(Some("urn:other"), "Thing"));
    let out = encode_response::<Echo>(&f);
    assert!(
        out.contains(r#"<QNameEnum xmlns:q="http://example.com">q:Bar</QNameEnum>"#),
        "{out}"
    );
    assert!(
        out.contains(r#"<QName xmlns:q="urn:other">q:Thing</QName>"#),
        "{out}"
    );
    let again: FooType = decode_response::<Echo>(&out, &Limits::default()).unwrap();
    assert_eq!(again, f);
}

#[test]
fn a_name_in_another_namespace_or_an_undeclared_prefix_is_refused() {
    // `o:Bar` is named like a value of the enumeration, in another namespace.
    let e = decode_error(
        decode_response::<Echo>(&foo("o:Bar", "o:Thing"), &Limits::default()).unwrap_err(),
    );
    assert!(
        e.to_string()
            .contains("{urn:other}Bar\" is not one of the enumeration's values"),
        "{e}"
    );
    let e = decode_error(
        decode_response::<Echo>(&foo("b:Bar", "zz:Thing"), &Limits::default()).unwrap_err(),
    );
    assert!(e.to_string().contains("its prefix is not declared"), "{e}");
    assert!(e.to_string().contains("Foo/QName"), "{e}");
}
