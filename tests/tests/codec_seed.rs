//! The five documented example envelopes, both ways: the documented request values, built by
//! hand, encode to the documented request envelope (compared as XML trees); the documented
//! response envelopes decode to the documented values, field by field.

use integration_tests::codec::*;
use payment_service::runtime::{decode_response, Limits, Nillable, ResponseError};
use payment_service::*;

#[test]
fn documented_requests_encode_to_the_documented_envelopes() {
    for op in SEED_OPS {
        let (headers, request) = documented_request(op);
        request
            .validate(&headers)
            .unwrap_or_else(|e| panic!("{op}: documented values fail validation:\n{e}"));
        let xml = request.encode(&headers);
        if let Some(d) = xml_difference(&xml, &request_fixture(op)) {
            panic!("{op}: encoded request differs from the documented example at {d}\n{xml}");
        }
    }
}

#[test]
fn documented_requests_decode_to_the_hand_built_values() {
    for op in SEED_OPS {
        let expected = documented_request(op);
        // The documented envelope, as a server receives it.
        let decoded = decode_seed_request(op, &request_fixture(op), &Limits::default())
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        assert_eq!(decoded, expected, "{op}: documented request");
        // And our own encoding of the values.
        let ours = expected.1.encode(&expected.0);
        let decoded = decode_seed_request(op, &ours, &Limits::default())
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        assert_eq!(decoded, expected, "{op}: our encoding");
    }
}

#[test]
fn encoded_requests_keep_header_order_and_omit_absent_headers() {
    let (h, r) = documented_request("CancelInvoice");
    let xml = r.encode(&h);
    let (u, p, ip) = (
        xml.find("Username>").unwrap(),
        xml.find("Password>").unwrap(),
        xml.find("ClientIpAddress>").unwrap(),
    );
    assert!(u < p && p < ip, "headers in binding order: {xml}");
    let (h, r) = documented_request("SendInvoice");
    assert!(
        !r.encode(&h).contains("ClientIpAddress"),
        "absent optional header is not written"
    );
}

#[test]
fn documented_responses_decode_to_the_documented_values() {
    for op in SEED_OPS {
        let got = decode_seed_response(op, &response_fixture(op), &Limits::default())
            .unwrap_or_else(|e| panic!("{op}: {e:?}"));
        assert_eq!(got, documented_response(op), "{op}");
    }
}

#[test]
fn send_invoice_response_field_by_field() {
    let r = decode_response::<operations::SendInvoice>(
        &response_fixture("SendInvoice"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(r.available_reservation_amount, Nillable::Value(dec("0")));
    assert_eq!(r.correlation_id, Nillable::Value("123".to_owned()));
    assert_eq!(
        r.due_date.value().map(|d| d.as_str()),
        Some("2020-05-10T23:59:59")
    );
    let url = r.invoice_url.value().unwrap();
    assert!(
        url.starts_with("https://minasidor-ci.tmtf.se/invoice?id=7eUheaZelqAOQ53"),
        "{url}"
    );
    assert!(
        url.ends_with("rIN&language=sv-SE"),
        "&amp; decodes to &: {url}"
    );
    // The decimals keep their scale: 3510.00, not 3510.
    assert_eq!(
        r.lowest_amount_to_pay.value().unwrap().to_string(),
        "3510.00"
    );
    assert_eq!(r.total_amount.value().unwrap().to_string(), "3510.00");
    assert_eq!(r.new_invoice_no, Nillable::Nil);
    assert_eq!(
        r.payment_reference,
        Nillable::Value("100002403531655".to_owned())
    );
}

#[test]
fn replace_invoice_response_field_by_field() {
    let r = decode_response::<operations::ReplaceInvoice>(
        &response_fixture("ReplaceInvoice"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        r.available_reservation_amount
            .as_ref()
            .and_then(|n| n.value())
            .map(|d| d.to_string())
            .as_deref(),
        Some("5659.00")
    );
    assert_eq!(
        r.correlation_id,
        Nillable::Value("ReplaceInvoiceV10".to_owned())
    );
    assert_eq!(r.invoice_status, 1);
    assert_eq!(r.total_amount, dec("121"));
}

#[test]
fn small_responses_field_by_field() {
    let l = Limits::default();
    let c = decode_response::<operations::CancelInvoice>(&response_fixture("CancelInvoice"), &l)
        .unwrap();
    assert_eq!(
        c.correlation_id.value().map(String::as_str),
        Some("CancelInvoiceV10")
    );
    let a = decode_response::<operations::AdjustInvoice>(&response_fixture("AdjustInvoice"), &l)
        .unwrap();
    assert_eq!(
        a.correlation_id.value().map(String::as_str),
        Some("AdjustInvoiceV10")
    );
    // `i:nil="true"` with a prefix of the response's own choosing.
    let p = decode_response::<operations::PartCreditInvoice>(
        &response_fixture("PartCreditInvoice"),
        &l,
    )
    .unwrap();
    assert!(p.correlation_id.is_nil());
}

#[test]
fn documented_responses_reencode_to_equivalent_envelopes() {
    for op in SEED_OPS {
        let value = documented_response(op);
        value.validate().unwrap_or_else(|e| panic!("{op}: {e}"));
        let xml = value.encode();
        if let Some(d) = xml_difference(&xml, &response_fixture(op)) {
            panic!("{op}: encoded response differs from the documented example at {d}\n{xml}");
        }
        assert_eq!(
            decode_seed_response(op, &xml, &Limits::default()).unwrap(),
            value,
            "{op}"
        );
    }
}

#[test]
fn a_response_is_not_mistaken_for_a_fault_or_another_operation() {
    for op in SEED_OPS {
        for other in SEED_OPS.iter().filter(|o| **o != op) {
            match decode_seed_response(other, &response_fixture(op), &Limits::default()) {
                Err(ResponseError::Decode(_)) => {}
                r => panic!("{op} response decoded as {other}: {r:?}"),
            }
        }
    }
}

#[test]
fn encoded_documented_bodies_validate_against_the_schema() {
    if !xmllint_for("the schema validation of the encoded documented bodies") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for op in SEED_OPS {
        let (h, r) = documented_request(op);
        let path = dir.path().join(format!("{op}.request.xml"));
        std::fs::write(&path, body_payload(&r.encode(&h))).unwrap();
        files.push(path);
        let path = dir.path().join(format!("{op}.response.xml"));
        std::fs::write(&path, body_payload(&documented_response(op).encode())).unwrap();
        files.push(path);
    }
    xmllint_validate(&files).unwrap_or_else(|e| panic!("{e}"));
}

// ----- the comparison helper itself ------------------------------------------------------------

const A: &str = r#"<e:Envelope xmlns:e="urn:env" xmlns:p="urn:pay"><e:Body><p:R><p:A>1</p:A><p:B xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></p:R></e:Body></e:Envelope>"#;

#[test]
fn xml_comparison_ignores_prefixes_comments_and_pretty_printing() {
    let b = "<Envelope xmlns=\"urn:env\">\n  <Body>\n    <R xmlns=\"urn:pay\"><!-- a comment -->\n      <A>1</A>\n      <B i:nil=\"true\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"/>\n    </R>\n  </Body>\n</Envelope>\n";
    assert_xml_equivalent(A, b);
    assert_xml_equivalent(b, A);
    // A comment inside a value does not split it.
    assert_xml_equivalent("<a>x<!--c-->y</a>", "<a>xy</a>");
}

#[test]
fn xml_comparison_reports_the_first_difference_by_path() {
    let d = |a: &str| xml_difference(a, A).expect("a difference");
    let text = d(&A.replace("<p:A>1</p:A>", "<p:A>2</p:A>"));
    assert!(text.starts_with("/Envelope/Body/R/A: text \"2\""), "{text}");
    let ws = d(&A.replace("<p:A>1</p:A>", "<p:A> 1</p:A>"));
    assert!(
        ws.starts_with("/Envelope/Body/R/A: text \" 1\""),
        "leaf text is compared exactly: {ws}"
    );
    let ns = d(&A.replace("<p:A>1</p:A>", "<e:A>1</e:A>"));
    assert!(
        ns.contains("/Envelope/Body/R/A: element {urn:env}A where {urn:pay}A"),
        "{ns}"
    );
    let nil = d(&A.replace(" xsi:nil=\"true\"", ""));
    assert!(
        nil.starts_with("/Envelope/Body/R/B: attributes []"),
        "{nil}"
    );
    let nil_ns = d(&A.replace("xsi:nil", "nil"));
    assert!(
        nil_ns.starts_with("/Envelope/Body/R/B: attributes"),
        "xsi:nil is compared by namespace: {nil_ns}"
    );
    let order = d(&A
        .replace("<p:A>1</p:A><p:B", "<p:B")
        .replace("/></p:R>", "/><p:A>1</p:A></p:R>"));
    assert!(
        order.starts_with("/Envelope/Body/R/A: element {urn:pay}B"),
        "{order}"
    );
    let missing = d(&A.replace("<p:A>1</p:A>", ""));
    assert!(
        missing.starts_with("/Envelope/Body/R/A: element {urn:pay}B"),
        "{missing}"
    );
    let extra = d(&A.replace("</p:R>", "<p:C/></p:R>"));
    assert!(
        extra.starts_with("/Envelope/Body/R: unexpected extra element {urn:pay}C"),
        "{extra}"
    );
    let repeated = xml_difference("<r><i>1</i><i>2</i></r>", "<r><i>1</i><i>3</i></r>").unwrap();
    assert!(repeated.starts_with("/r/i[2]: text \"2\""), "{repeated}");
}
