//! Attributes on hostile input: a repeated attribute (by namespace URI and local name, whatever
//! the prefixes) or namespace declaration is refused with a typed error naming the element; the
//! attribute limit (`Limits::max_attributes`, namespace declarations included) refuses a body
//! with too many; legitimate envelopes with the usual attributes and declarations still parse.
//! Speed is measured in `benches/hostile`, not here.

use soap_runtime::{
    decode_request, parse_document, DecodeError, DecodeErrorKind, Empty, Limits, Operation,
    OperationInfo, SoapVersion, SOAP11_ENV, XSI,
};
use std::fmt::Write;

const HEAD: &str = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>";
const TAIL: &str = "</s:Body></s:Envelope>";

/// `payload` in a SOAP 1.1 envelope.
fn envelope(payload: &str) -> String {
    format!("{HEAD}{payload}{TAIL}")
}

static PROBE: OperationInfo = OperationInfo {
    name: "Probe",
    soap_action: "urn:test/Probe",
    request: ("urn:test", "Probe"),
    request_tag: "t:Probe",
    response: ("urn:test", "ProbeResponse"),
    headers: &[],
    response_headers: &[],
    request_unwrapped: false,
    response_unwrapped: false,
    namespace_declarations: " xmlns:t=\"urn:test\"",
    soap_version: SoapVersion::Soap11,
};

/// An operation whose request is `{urn:test}Probe` with any content.
struct Probe;

impl Operation for Probe {
    type Request = Empty;
    type Response = Empty;
    type Headers = ();
    const INFO: &'static OperationInfo = &PROBE;
}

#[track_caller]
fn refused(xml: &str, limits: &Limits) -> DecodeError {
    let e = parse_document(xml, limits).expect_err("refused");
    // The server's and the client's entry points give the same error.
    let server = decode_request::<Probe>(xml, limits)
        .map(|_| ())
        .expect_err("refused by decode_request");
    assert_eq!(server, e);
    e
}

/// 1-based line and column of byte `offset` in a one-line `xml`.
fn column_of(xml: &str, offset: usize) -> u32 {
    xml[..offset].chars().count() as u32 + 1
}

#[track_caller]
fn assert_duplicate(xml: &str, element: &str, attribute: &str, second: &str) {
    let e = refused(xml, &Limits::default());
    assert_eq!(
        e.kind,
        DecodeErrorKind::DuplicateAttribute {
            element: element.into(),
            attribute: attribute.into(),
        },
        "{e}"
    );
    assert_eq!(e.path, "Envelope/Body/Probe/Item", "{e}");
    assert_eq!(
        (e.line, e.column),
        (
            1,
            column_of(xml, xml.find(second).expect("second occurrence"))
        ),
        "{e}"
    );
    let shown = e.to_string();
    assert!(
        shown.contains(element) && shown.contains(attribute),
        "{shown}"
    );
}

#[test]
fn a_repeated_attribute_is_refused_naming_the_element() {
    let xml = envelope(r#"<t:Probe xmlns:t="urn:test"><t:Item id="1" n="x" id="2"/></t:Probe>"#);
    assert_duplicate(&xml, "{urn:test}Item", "id", r#"id="2""#);
    let xml = envelope(r#"<t:Probe xmlns:t="urn:test"><t:Item t:id="1" t:id="2"/></t:Probe>"#);
    assert_duplicate(&xml, "{urn:test}Item", "{urn:test}id", r#"t:id="2""#);
    // Unprefixed: the element's default namespace does not apply to attributes.
    let xml = envelope(
        r#"<Probe xmlns="urn:test"><Item xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="false"/></Probe>"#,
    );
    assert_duplicate(
        &xml,
        "{urn:test}Item",
        &format!("{{{XSI}}}nil"),
        r#"xsi:nil="false""#,
    );
}

#[test]
fn prefixes_bound_to_one_uri_name_the_same_attribute() {
    let xml = envelope(
        r#"<t:Probe xmlns:t="urn:test"><t:Item xmlns:a="urn:attr" xmlns:b="urn:attr" a:id="1" b:id="2"/></t:Probe>"#,
    );
    assert_duplicate(&xml, "{urn:test}Item", "{urn:attr}id", r#"b:id="2""#);
    // The prefix bound on an ancestor and the one bound here.
    let xml = envelope(
        r#"<t:Probe xmlns:t="urn:test" xmlns:a="urn:attr"><t:Item xmlns:b="urn:attr" b:id="1" a:id="2"/></t:Probe>"#,
    );
    assert_duplicate(&xml, "{urn:test}Item", "{urn:attr}id", r#"a:id="2""#);
    // Among many attributes and declarations (the hashed path), the first repeat is named.
    let mut item = String::from("<t:Item xmlns:a=\"urn:attr\"");
    for i in 0..200 {
        write!(item, " xmlns:n{i}=\"urn:n{i}\" n{i}:v=\"{i}\" v{i}=\"{i}\"").unwrap();
    }
    let ok = envelope(&format!(
        r#"<t:Probe xmlns:t="urn:test">{item}/></t:Probe>"#
    ));
    parse_document(&ok, &Limits::default()).expect("distinct attributes");
    let xml = envelope(&format!(
        r#"<t:Probe xmlns:t="urn:test">{item} xmlns:b="urn:n150" a:z="1" b:v="again" v3="again"/></t:Probe>"#
    ));
    assert_duplicate(&xml, "{urn:test}Item", "{urn:n150}v", r#"b:v="again""#);
}

#[test]
fn a_repeated_namespace_declaration_is_refused() {
    let xml = envelope(
        r#"<t:Probe xmlns:t="urn:test"><t:Item xmlns:a="urn:1" xmlns:a="urn:2"/></t:Probe>"#,
    );
    assert_duplicate(&xml, "{urn:test}Item", "xmlns:a", r#"xmlns:a="urn:2""#);
    // The same binding twice is a repeat too.
    let xml = envelope(r#"<Probe xmlns="urn:test"><Item xmlns="urn:x" xmlns="urn:x"/></Probe>"#);
    assert_duplicate(&xml, "{urn:x}Item", "xmlns", r#"xmlns="urn:x"/"#);
    // A declaration and an attribute of the same local name are not.
    let xml = envelope(
        r#"<t:Probe xmlns:t="urn:test"><t:Item xmlns:a="urn:1" a="x" xmlns="urn:d"/></t:Probe>"#,
    );
    parse_document(&xml, &Limits::default()).expect("no repeat");
}

/// An envelope whose payload holds `elements` elements `<i a="" b="" c="" d=""/>` (four
/// attributes each) after `extra` attributes on the payload; its envelope, body and payload
/// declare two namespaces.
fn attributes_total(elements: usize, extra: usize) -> String {
    let mut payload = String::from("<t:Probe xmlns:t=\"urn:test\"");
    for i in 0..extra {
        write!(payload, " x{i}=\"\"").unwrap();
    }
    payload.push('>');
    for _ in 0..elements {
        payload.push_str("<i a=\"\" b=\"\" c=\"\" d=\"\"/>");
    }
    payload.push_str("</t:Probe>");
    envelope(&payload)
}

#[test]
fn the_attribute_limit_refuses_too_many_attributes() {
    let limits = Limits::default();
    assert_eq!(limits.max_attributes, 400_000);
    // Exactly at the default limit (declarations count): accepted, with the defaults.
    let at_limit = attributes_total(99_999, 2);
    parse_document(&at_limit, &limits).expect("at the limit");
    // One more: refused, at the attribute over the limit.
    let over = attributes_total(99_999, 3);
    let e = refused(&over, &limits);
    assert_eq!(
        e.kind,
        DecodeErrorKind::TooManyAttributes { limit: 400_000 }
    );
    assert_eq!(e.path, "Envelope/Body/Probe/i", "{e}");
    assert_eq!(
        e.column,
        column_of(&over, over.rfind(" d=").unwrap() + 1),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("more than 400000 attributes in the document"),
        "{e}"
    );
    // On one element, with a lower limit; declarations count as attributes.
    let limits = Limits {
        max_attributes: 5,
        ..Limits::default()
    };
    let one = envelope(r#"<t:Probe xmlns:t="urn:test" a="" b=""/>"#);
    parse_document(&one, &limits).expect("4 attributes, 2 of them declarations");
    let one = envelope(r#"<t:Probe xmlns:t="urn:test" xmlns:u="urn:u" a="" b=""/>"#);
    parse_document(&one, &limits).expect("5");
    let e = refused(
        &envelope(r#"<t:Probe xmlns:t="urn:test" xmlns:u="urn:u" a="" b="" c=""/>"#),
        &limits,
    );
    assert_eq!(e.kind, DecodeErrorKind::TooManyAttributes { limit: 5 });
    assert_eq!(e.path, "Envelope/Body/Probe");
}

#[test]
fn the_per_element_limit_refuses_too_many_attributes_on_one_element() {
    let limits = Limits::default();
    assert_eq!(limits.max_attributes_per_element, 10_000);
    // The payload's own declaration counts: 1 + 9,999 attributes are accepted.
    let element = |n: usize| {
        let mut p = String::from("<t:Probe xmlns:t=\"urn:test\"");
        for i in 0..n {
            write!(p, " a{i}=\"\"").unwrap();
        }
        envelope(&(p + "/>"))
    };
    parse_document(&element(9_999), &limits).expect("at the limit");
    let over = element(10_000);
    let e = refused(&over, &limits);
    assert_eq!(
        e.kind,
        DecodeErrorKind::TooManyAttributesOnElement { limit: 10_000 }
    );
    assert_eq!(e.path, "Envelope/Body/Probe");
    assert_eq!(e.column, column_of(&over, over.find("a9999=").unwrap()));
    assert!(
        e.to_string()
            .contains("more than 10000 attributes on one element"),
        "{e}"
    );
    // Declarations count.
    let limits = Limits {
        max_attributes_per_element: 2,
        ..Limits::default()
    };
    parse_document(
        &envelope(r#"<t:Probe xmlns:t="urn:test" a=""><i b="" c=""/></t:Probe>"#),
        &limits,
    )
    .expect("two on each");
    let e = refused(
        &envelope(r#"<t:Probe xmlns:t="urn:test" xmlns:u="urn:u" a=""/>"#),
        &limits,
    );
    assert_eq!(
        e.kind,
        DecodeErrorKind::TooManyAttributesOnElement { limit: 2 }
    );
}

#[test]
fn the_node_limit_error_says_where() {
    let limits = Limits {
        max_nodes: 10,
        ..Limits::default()
    };
    let xml = attributes_total(20, 0);
    let e = refused(&xml, &limits);
    assert!(matches!(e.kind, DecodeErrorKind::NotXml(_)), "{e}");
    assert_eq!(e.path, "Envelope/Body/Probe/i");
    // The 11th node is the 8th <i/> (Envelope, Body, Probe, then the items).
    let eighth = xml.match_indices("<i ").nth(7).unwrap().0;
    assert_eq!((e.line, e.column), (1, column_of(&xml, eighth)), "{e}");
}

/// A WCF-style request: namespace declarations on several levels, prefixes rebound, header
/// attributes, `xsi:nil`, `xml:lang`, and one element with more attributes and declarations than
/// the parser scans linearly.
fn legitimate() -> String {
    let mut wide = String::from("<Wide");
    for i in 0..24 {
        write!(wide, " xmlns:p{i}=\"urn:p{i}\" p{i}:a=\"{i}\" b{i}=\"{i}\"").unwrap();
    }
    wide.push_str("/>");
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="{SOAP11_ENV}" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
  <s:Header>
    <a:Action s:mustUnderstand="0">urn:test/Probe</a:Action>
    <a:MessageID>urn:uuid:6b29fc40-ca47-1067-b31d-00dd010662da</a:MessageID>
    <u:Timestamp u:Id="_0"><u:Created>2024-05-02T10:00:00Z</u:Created></u:Timestamp>
  </s:Header>
  <s:Body xmlns:xsi="{XSI}" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <Probe xmlns="urn:test" xmlns:i="{XSI}">
      <Note xml:lang="sv-SE" i:nil="false" xsi:type="xsd:string">Hej &amp; v&#xE4;lkommen</Note>
      <Missing i:nil="true"/>
      <s:Inner xmlns:s="urn:rebound" s:a="1" a="2"/>
      {wide}
    </Probe>
  </s:Body>
</s:Envelope>"#
    )
}

#[test]
fn a_legitimate_envelope_still_parses() {
    let xml = legitimate();
    for limits in [
        Limits::default(),
        Limits {
            max_bytes: 1024 * 1024,
            ..Limits::default()
        },
    ] {
        let doc = parse_document(&xml, &limits).expect("legitimate");
        decode_request::<Probe>(&xml, &limits).expect("decodes");
        let by_name = |local: &str| {
            doc.descendants()
                .find(|n| n.is_element() && n.tag_name().name() == local)
                .unwrap()
        };
        let note = by_name("Note");
        assert_eq!(note.tag_name().namespace(), Some("urn:test"));
        assert_eq!(
            note.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("sv-SE")
        );
        assert_eq!(note.attribute((XSI, "nil")), Some("false"));
        assert_eq!(note.attribute((XSI, "type")), Some("xsd:string"));
        assert_eq!(note.text(), Some("Hej & välkommen"));
        let inner = by_name("Inner");
        assert_eq!(inner.tag_name().namespace(), Some("urn:rebound"));
        assert_eq!(inner.attribute(("urn:rebound", "a")), Some("1"));
        assert_eq!(inner.attribute("a"), Some("2"));
        let wide = by_name("Wide");
        assert_eq!(wide.attribute(("urn:p23", "a")), Some("23"));
        assert_eq!(wide.attribute("b0"), Some("0"));
        assert_eq!(wide.lookup_namespace_uri(Some("p7")), Some("urn:p7"));
        assert_eq!(by_name("Timestamp").attribute((
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
            "Id"
        )), Some("_0"));
    }
}
