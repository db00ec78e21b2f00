//! Default and fixed values (tests/wsdl-corpus/synthetic/defaults.wsdl), as XSD 1.0 Part 1
//! §3.2.1 and §3.3.1 give them: an absent attribute and an empty element take the declared
//! value when decoded; a fixed member must hold its value (compared as a value) before a
//! request is sent; an element that is absent stays absent.

use soap_runtime::{decode_request, encode_request, ComplexValue, Decimal, Limits, Nillable};
use std::str::FromStr;
use wsdl_corpus::defaults::operations::Measure as Op;
use wsdl_corpus::defaults::{Measure, Unit};

fn decode(body: &str) -> Result<Measure, soap_runtime::DecodeError> {
    let xml = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{body}</s:Body></s:Envelope>"#
    );
    decode_request::<Op>(&xml, &Limits::default()).map(|d| d.request)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn empty_elements_and_absent_attributes_take_the_schema_values() {
    let m = decode(
        r#"<t:Measure xmlns:t="urn:defaults"><t:unit/><t:count></t:count><t:scale/><t:scale>2</t:scale><t:note/><t:ratio/></t:Measure>"#,
    )
    .unwrap();
    assert_eq!(m.unit, Some(Unit::Mm));
    assert_eq!(m.count, Some(1));
    assert_eq!(m.scale, [dec("1.5"), dec("2")]);
    assert_eq!(m.note, Some(Nillable::Value("none".to_owned())));
    assert_eq!(m.ratio, Some(dec("1.0")));
    assert_eq!(m.precise, Some(false));
    assert_eq!(m.lang.as_deref(), Some("en"));
    assert_eq!(m.version.as_deref(), Some("2.0"), "fixed attribute, by ref");
    m.validate().unwrap();
}

#[test]
fn present_values_absent_elements_and_nil_are_kept() {
    let m = decode(
        r#"<t:Measure xmlns:t="urn:defaults" precise="true" lang="sv"><t:unit>cm</t:unit><t:note xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/></t:Measure>"#,
    )
    .unwrap();
    assert_eq!(m.unit, Some(Unit::Cm));
    assert_eq!(m.count, None, "an absent element takes no default");
    assert!(m.scale.is_empty());
    assert_eq!(m.note, Some(Nillable::Nil), "nil is not empty");
    assert_eq!(m.precise, Some(true));
    assert_eq!(m.lang.as_deref(), Some("sv"));
}

#[test]
fn a_fixed_member_must_hold_its_value_before_sending() {
    let ok = Measure::builder().ratio(dec("1.00")).build().unwrap();
    ok.validate().unwrap();
    let wrong = Measure::builder()
        .ratio(dec("1.5"))
        .version("3.0".to_owned())
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        wrong.contains(r#"ratio: "1.5" is not the schema's fixed value "1.0""#),
        "{wrong}"
    );
    assert!(
        wrong.contains(r#"@version: "3.0" is not the schema's fixed value "2.0""#),
        "{wrong}"
    );
    let decoded =
        decode(r#"<t:Measure xmlns:t="urn:defaults"><t:ratio>2</t:ratio></t:Measure>"#).unwrap();
    let e = decoded.validate().unwrap_err().to_string();
    assert!(
        e.contains("ratio: \"2\" is not the schema's fixed value"),
        "{e}"
    );
}

#[test]
fn what_is_sent_is_what_was_set() {
    let m = Measure::builder().count(5).build().unwrap();
    let xml = encode_request::<Op>(&Default::default(), &m);
    assert!(xml.contains(">5</"), "{xml}");
    for absent in ["unit", "precise", "lang", "version"] {
        assert!(!xml.contains(absent), "{absent} not set, not sent: {xml}");
    }
}

#[test]
fn a_value_outside_the_type_is_still_a_located_decode_error() {
    let e =
        decode(r#"<t:Measure xmlns:t="urn:defaults"><t:unit>km</t:unit></t:Measure>"#).unwrap_err();
    assert!(e.to_string().contains("Measure/unit"), "{e}");
}
