//! `xsi:type` on an element whose declared type has types derived from it by extension (the
//! generated `AnimalDyn` of xsd-parser's `dynamic_type`: `animal`, `dog` extending it,
//! `labrador` extending `dog`): the value is of the type the attribute names, written back
//! with it; an unknown type is a decode error naming it.

mod common;
use common::{decode_error, envelope};
use soap_runtime::{
    decode_response, encode_request, encode_response, ComplexValue, DecodeErrorKind, Limits,
};
use xsd_features::dynamic_type::{
    operations::Echo, AnimalDyn, Dog, List as Request, List2 as List,
};

#[test]
fn each_element_holds_the_type_its_xsi_type_names() {
    // The prefix is the element's own (`a:`), declared on the list: resolved in scope.
    let xml = envelope(
        r#"<list xmlns="http://example.com" xmlns:a="http://example.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><animal id="1"/><animal xsi:type="a:dog" id="2" name="Rex"/><animal xsi:type="labrador" id="3" name="Buddy" color="black"/></list>"#,
    );
    let l: List = decode_response::<Echo>(&xml, &Limits::default()).unwrap();
    match l.animal.as_slice() {
        [AnimalDyn::Animal(a), AnimalDyn::Dog(d), AnimalDyn::Labrador(b)] => {
            assert_eq!(
                (a.id, d.id, d.name.as_str(), b.color.as_str()),
                (1, 2, "Rex", "black")
            );
        }
        other => panic!("animal, dog, labrador; not {other:?}"),
    }
    l.validate().unwrap();
    let out = encode_response::<Echo>(&l);
    // A response is written as WCF does: the service's namespace the default one, `i:` for
    // XML Schema instance attributes, declared where used.
    assert!(
        out.contains(r#"<animal id="1">"#),
        "the declared type has no xsi:type: {out}"
    );
    assert!(
        out.contains(r#"<animal i:type="ns0:dog" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns0="http://example.com" id="2" name="Rex">"#),
        "{out}"
    );
    assert!(out.contains(r#"i:type="ns0:labrador""#), "{out}");
    let again: List = decode_response::<Echo>(&out, &Limits::default()).unwrap();
    assert_eq!(again, l);
}

#[test]
fn a_derived_value_built_in_code_is_written_with_its_type() {
    let dog = Dog::builder().id(7).name("Fido").build().unwrap();
    let l = Request::builder()
        .animal(AnimalDyn::from(dog))
        .build()
        .unwrap();
    // A request is written with the prefixes the envelope declares (`xsi` among them).
    let out = encode_request::<Echo>(&Default::default(), &l);
    assert!(
        out.contains(
            r#"<ns0:animal xsi:type="ns0:dog" xmlns:ns0="http://example.com" id="7" name="Fido">"#
        ),
        "{out}"
    );
    assert!(
        out.contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""),
        "xsi is declared: {out}"
    );
    let back = soap_runtime::decode_request::<Echo>(&out, &Limits::default()).unwrap();
    assert_eq!(back.request, l);
}

#[test]
fn an_unknown_or_unbound_type_is_a_decode_error() {
    let xml = envelope(
        r#"<list xmlns="http://example.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><animal xsi:type="cat" id="1"/></list>"#,
    );
    let e = decode_error(decode_response::<Echo>(&xml, &Limits::default()).unwrap_err());
    assert_eq!(
        e.kind,
        DecodeErrorKind::UnknownType {
            name: "{http://example.com}cat".into(),
            declared: "{http://example.com}animal".into()
        },
        "{e}"
    );
    assert!(e.to_string().contains("list/animal"), "{e}");
    let xml = envelope(
        r#"<list xmlns="http://example.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><animal xsi:type="zz:dog" id="1"/></list>"#,
    );
    let e = decode_error(decode_response::<Echo>(&xml, &Limits::default()).unwrap_err());
    assert!(
        e.to_string().contains("prefix \"zz\" is not declared"),
        "{e}"
    );
}
