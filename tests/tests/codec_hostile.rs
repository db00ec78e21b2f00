//! Hostile and variant envelopes: what a user would notice when the other side (or whatever
//! sits between us and it) sends something other than the documented example.

use integration_tests::codec::*;
use payment_service::runtime::{
    decode_request, decode_response, encode_request, parse_document, DecodeError, DecodeErrorKind,
    Limits, Nillable, RawFault, ResponseError, SimpleValue, ValidationError, SOAP11_ENV,
    SOAP12_ENV, XSI,
};
use payment_service::*;
use proptest::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn limits() -> Limits {
    Limits::default()
}

#[track_caller]
fn decode_ok(op: &str, xml: &str) -> SeedResponse {
    decode_seed_response(op, xml, &limits()).unwrap_or_else(|e| panic!("{op}: {e:?}\n{xml}"))
}

#[track_caller]
fn decode_err(op: &str, xml: &str) -> DecodeError {
    match decode_seed_response(op, xml, &limits()) {
        Err(ResponseError::Decode(e)) => e,
        other => panic!("{op}: expected a decode error, got {other:?}\n{xml}"),
    }
}

#[track_caller]
fn decode_fault(op: &str, xml: &str) -> RawFault {
    match decode_seed_response(op, xml, &limits()) {
        Err(ResponseError::Fault(f)) => f,
        other => panic!("{op}: expected a fault, got {other:?}\n{xml}"),
    }
}

/// `fixture` with `from` (which must occur exactly once) replaced by `to`.
#[track_caller]
fn edit(fixture: &str, from: &str, to: &str) -> String {
    assert_eq!(fixture.matches(from).count(), 1, "{from:?} must occur once");
    fixture.replacen(from, to, 1)
}

/// Byte ranges of the `Body` payload element of `xml`: (end of its start tag, start of its end tag).
fn payload_content(xml: &str) -> (usize, usize) {
    let doc = parse(xml);
    let body = doc
        .root_element()
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Body")
        .unwrap();
    let payload = body.children().find(|n| n.is_element()).unwrap();
    let r = payload.range();
    let open_end = r.start + xml[r.start..].find('>').unwrap() + 1;
    let close_start = r.start + xml[r.start..r.end].rfind("</").unwrap();
    (open_end, close_start)
}

// ----- prefixes ----------------------------------------------------------------------------------

const ENV_PREFIXES: [Prefix<'static>; 5] = [
    Prefix::Named("s"),
    Prefix::Named("soap"),
    Prefix::Named("SOAP-ENV"),
    Prefix::Default,
    Prefix::Named("x9"),
];
const PAYLOAD_PREFIXES: [Prefix<'static>; 5] = [
    Prefix::Default,
    Prefix::Named("pay"),
    Prefix::Named("ns1"),
    Prefix::Named("x9"),
    Prefix::Named("s"),
];
const XSI_PREFIXES: [Prefix<'static>; 3] = [
    Prefix::Named("i"),
    Prefix::Named("xsi"),
    Prefix::Named("x9"),
];

fn permutations() -> impl Iterator<Item = (Prefix<'static>, Prefix<'static>, Prefix<'static>)> {
    ENV_PREFIXES.into_iter().flat_map(|e| {
        PAYLOAD_PREFIXES
            .into_iter()
            .flat_map(move |p| XSI_PREFIXES.into_iter().map(move |x| (e, p, x)))
    })
}

fn rewrite(
    xml: &str,
    env: Prefix<'static>,
    payload: Prefix<'static>,
    xsi: Prefix<'static>,
) -> String {
    rewrite_prefixes(xml, &move |uri| match uri {
        SOAP11_ENV => Some(env),
        NS => Some(payload),
        XSI => Some(xsi),
        _ => None,
    })
}

#[test]
fn response_prefix_permutations_decode_to_the_documented_values() {
    for op in SEED_OPS {
        let original = response_fixture(op);
        let expected = documented_response(op);
        for (env, payload, xsi) in permutations() {
            let xml = rewrite(&original, env, payload, xsi);
            // The rewrite is the same tree, with other prefixes…
            assert_xml_equivalent(&xml, &original);
            let root = match env {
                Prefix::Named(p) => format!("<{p}:Envelope"),
                Prefix::Default => "<Envelope".to_owned(),
            };
            assert!(xml.starts_with(&root), "{xml}");
            // …and decodes to the same values.
            assert_eq!(
                decode_ok(op, &xml),
                expected,
                "{op} with {env:?}/{payload:?}/{xsi:?}:\n{xml}"
            );
        }
    }
}

#[test]
fn request_prefix_permutations_decode_to_the_documented_values() {
    for op in SEED_OPS {
        let original = request_fixture(op);
        let expected = documented_request(op);
        for (env, payload, xsi) in permutations() {
            let xml = rewrite(&original, env, payload, xsi);
            assert_xml_equivalent(&xml, &original);
            let got = decode_seed_request(op, &xml, &limits())
                .unwrap_or_else(|e| panic!("{op}: {e}\n{xml}"));
            assert_eq!(
                got, expected,
                "{op} with {env:?}/{payload:?}/{xsi:?}:\n{xml}"
            );
        }
    }
}

#[test]
fn the_same_prefix_rebound_for_envelope_and_payload_is_resolved_by_scope() {
    // `x9` means the envelope namespace outside the payload and the service namespace inside.
    let xml = rewrite(
        &response_fixture("SendInvoice"),
        Prefix::Named("x9"),
        Prefix::Named("x9"),
        Prefix::Named("x9"),
    );
    assert!(
        xml.contains("<x9:SendInvoiceResponse xmlns:x9=\"http://schemas.ecommerce.collector.se"),
        "{xml}"
    );
    assert_eq!(
        decode_ok("SendInvoice", &xml),
        documented_response("SendInvoice")
    );
}

// ----- unknown elements ----------------------------------------------------------------------------

#[test]
fn unknown_elements_are_skipped_without_leaking_into_fields() {
    let snippets = [
        format!("<Extra xmlns=\"{NS}\"/>"),
        format!("<Extra xmlns=\"{NS}\">leaf text</Extra>"),
        format!("<Extra xmlns=\"{NS}\"><CorrelationId>evil</CorrelationId><TotalAmount>-1</TotalAmount></Extra>"),
        format!("<Deep xmlns=\"{NS}\"><a><b><c><CorrelationId>evil</CorrelationId><InvoiceStatus>9</InvoiceStatus></c></b></a></Deep>"),
        // A real field name in a foreign namespace, and unqualified.
        "<o:CorrelationId xmlns:o=\"urn:other\">evil</o:CorrelationId>".to_owned(),
        "<CorrelationId xmlns=\"\">evil</CorrelationId>".to_owned(),
        format!("<o:Extra xmlns:o=\"urn:other\"><CorrelationId xmlns=\"{NS}\">evil</CorrelationId></o:Extra>"),
    ];
    for op in SEED_OPS {
        let original = response_fixture(op);
        let expected = documented_response(op);
        let (after_open, before_close) = payload_content(&original);
        for snippet in &snippets {
            for at in [after_open, before_close] {
                let mut xml = original.clone();
                xml.insert_str(at, snippet);
                let got = decode_ok(op, &xml);
                assert_eq!(got, expected, "{op} with {snippet} at {at}");
                assert!(!format!("{got:?}").contains("evil"));
            }
        }
    }
}

#[test]
fn unknown_elements_in_nested_types_and_envelope_are_skipped() {
    let original = request_fixture("AdjustInvoice");
    let expected = documented_request("AdjustInvoice");
    let xml = edit(
        &original,
        "<pay:ArticleId>123456</pay:ArticleId>",
        "<pay:Extra><pay:Quantity>999</pay:Quantity><pay:ArticleId>evil</pay:ArticleId></pay:Extra><pay:ArticleId>123456</pay:ArticleId>",
    );
    let xml = edit(
        &xml,
        "<soapenv:Body>",
        "<soapenv:Trailer>ignored</soapenv:Trailer><soapenv:Body>",
    );
    let xml = edit(
        &xml,
        "<pay:InvoiceRow>\n<pay:ArticleId>123<",
        "<pay:Row><pay:VAT>99</pay:VAT></pay:Row><pay:InvoiceRow>\n<pay:ArticleId>123<",
    );
    assert_eq!(
        decode_seed_request("AdjustInvoice", &xml, &limits()).unwrap(),
        expected
    );
}

#[test]
fn unknown_headers_are_ignored_unless_must_understand() {
    let original = request_fixture("SendInvoice");
    let expected = documented_request("SendInvoice");
    let ignored = edit(
        &original,
        "</soapenv:Header>",
        "<t:Trace xmlns:t=\"urn:trace\">abc</t:Trace></soapenv:Header>",
    );
    assert_eq!(
        decode_seed_request("SendInvoice", &ignored, &limits()).unwrap(),
        expected
    );
    let refused =
        edit(&original, "</soapenv:Header>", "<t:Trace xmlns:t=\"urn:trace\" soapenv:mustUnderstand=\"1\">abc</t:Trace></soapenv:Header>");
    let e = decode_seed_request("SendInvoice", &refused, &limits()).unwrap_err();
    assert!(
        e.to_string().contains("{urn:trace}Trace") && e.to_string().contains("mustUnderstand"),
        "{e}"
    );
}

// ----- lexical variants ----------------------------------------------------------------------------

#[test]
fn whitespace_cdata_character_references_and_comments_inside_values() {
    let replace = response_fixture("ReplaceInvoice");
    let expected = documented_response("ReplaceInvoice");
    for (from, to) in [
        (
            "<AvailableReservationAmount>5659.00<",
            "<AvailableReservationAmount>\n\t 5659.00 \r\n<",
        ),
        ("<InvoiceStatus>1<", "<InvoiceStatus> +1\n<"),
        (
            "<TotalAmount>121<",
            "<TotalAmount>1<!-- split -->2<?pi x?>1<",
        ),
        ("<TotalAmount>121<", "<TotalAmount><![CDATA[ 121 ]]><"),
        ("<TotalAmount>121<", "<TotalAmount>&#49;&#x32;1<"),
        (
            "<CorrelationId>ReplaceInvoiceV10<",
            "<CorrelationId>Replace<!---->Invoice<![CDATA[V1]]>&#x30;<",
        ),
    ] {
        assert_eq!(
            decode_ok("ReplaceInvoice", &edit(&replace, from, to)),
            expected,
            "{to}"
        );
    }
    // Decimals keep the scale they were sent with.
    let SeedResponse::ReplaceInvoice(r) = decode_ok(
        "ReplaceInvoice",
        &edit(&replace, "<TotalAmount>121<", "<TotalAmount> 121.50\n<"),
    ) else {
        unreachable!()
    };
    assert_eq!(r.total_amount.to_string(), "121.50");

    let send = response_fixture("SendInvoice");
    let expected = documented_response("SendInvoice");
    for (from, to) in [
        (
            "<DueDate>2020-05-10T23:59:59<",
            "<DueDate>\n   2020-05-10T23:59:59\t\n<",
        ),
        (
            "<DueDate>2020-05-10T23:59:59<",
            "<DueDate>2020-05-10<!-- T -->T23:59:59<",
        ),
        ("&amp;language=sv-SE<", "<![CDATA[&language=sv-SE]]><"),
        ("&amp;language=sv-SE<", "&#38;language=sv-SE<"),
        ("<CorrelationId>123<", "<CorrelationId>&#x31;2&#51;<"),
        (
            "<LowestAmountToPay>3510.00<",
            "<LowestAmountToPay> +3510.00 <",
        ),
        (
            "<PaymentReference>100002403531655<",
            "<PaymentReference>1000024<!---->03531655<",
        ),
    ] {
        assert_eq!(
            decode_ok("SendInvoice", &edit(&send, from, to)),
            expected,
            "{to}"
        );
    }

    // xs:string keeps its whitespace (whiteSpace="preserve"): nothing is trimmed behind the user's back.
    let SeedResponse::SendInvoice(r) = decode_ok(
        "SendInvoice",
        &edit(&send, "<CorrelationId>123<", "<CorrelationId> 1 2\t3 <"),
    ) else {
        unreachable!()
    };
    assert_eq!(r.correlation_id, Nillable::Value(" 1 2\t3 ".to_owned()));
    // Line ends are normalised by XML; a character reference keeps a carriage return.
    let SeedResponse::SendInvoice(r) = decode_ok(
        "SendInvoice",
        &edit(
            &send,
            "<CorrelationId>123<",
            "<CorrelationId>a\r\nb&#13;\nc<",
        ),
    ) else {
        unreachable!()
    };
    assert_eq!(r.correlation_id, Nillable::Value("a\nb\r\nc".to_owned()));
}

#[test]
fn xml_declaration_and_byte_order_mark_are_accepted() {
    for op in SEED_OPS {
        let expected = documented_response(op);
        let decl = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{}",
            response_fixture(op)
        );
        assert_eq!(decode_ok(op, &decl), expected);
        let bom = format!("\u{FEFF}{decl}");
        assert_eq!(decode_ok(op, &bom), expected);
    }
}

// ----- xsi:nil --------------------------------------------------------------------------------------

#[test]
fn xsi_nil_is_honoured_by_namespace_not_by_prefix() {
    let send = response_fixture("SendInvoice");
    let nil_of = |xml: &str| match decode_ok("SendInvoice", xml) {
        SeedResponse::SendInvoice(r) => r.new_invoice_no,
        _ => unreachable!(),
    };
    let original =
        "<NewInvoiceNo i:nil=\"true\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"/>";
    assert_eq!(nil_of(&send), Nillable::Nil);
    for (variant, expected) in [
        ("<NewInvoiceNo xsi:nil=\"1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>", Nillable::Nil),
        ("<NewInvoiceNo xsi:nil=\" true \" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"></NewInvoiceNo>", Nillable::Nil),
        // Whitespace-only content is allowed inside a nil element.
        ("<NewInvoiceNo i:nil=\"true\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n  </NewInvoiceNo>", Nillable::Nil),
        (
            "<NewInvoiceNo i:nil=\"false\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">42</NewInvoiceNo>",
            Nillable::Value("42".into()),
        ),
        // `nil` outside the XSI namespace is just an attribute.
        ("<NewInvoiceNo nil=\"true\"/>", Nillable::Value(String::new())),
        ("<NewInvoiceNo o:nil=\"true\" xmlns:o=\"urn:other\"/>", Nillable::Value(String::new())),
        ("<NewInvoiceNo/>", Nillable::Value(String::new())),
    ] {
        assert_eq!(nil_of(&edit(&send, original, variant)), expected, "{variant}");
    }
    // Content inside a nil element, or a nil value that is not a boolean, is an error.
    let e = decode_err(
        "SendInvoice",
        &edit(&send, original, "<NewInvoiceNo i:nil=\"true\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">42</NewInvoiceNo>"),
    );
    assert!(matches!(e.kind, DecodeErrorKind::Unexpected(_)), "{e:?}");
    let e = decode_err(
        "SendInvoice",
        &edit(
            &send,
            original,
            "<NewInvoiceNo i:nil=\"maybe\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
        ),
    );
    assert!(
        matches!(e.kind, DecodeErrorKind::InvalidValue { .. }) && e.path.ends_with("/NewInvoiceNo"),
        "{e:?}"
    );
}

#[test]
fn xsi_nil_on_an_element_that_is_not_nillable_is_refused() {
    let replace = response_fixture("ReplaceInvoice");
    let xml = edit(
        &replace,
        "<TotalAmount>121</TotalAmount>",
        &format!("<TotalAmount n:nil=\"true\" xmlns:n=\"{XSI}\"/>"),
    );
    let e = decode_err("ReplaceInvoice", &xml);
    assert_eq!(e.kind, DecodeErrorKind::NilNotAllowed);
    assert_eq!(e.path, "Envelope/Body/ReplaceInvoiceResponse/TotalAmount");
    // An optional nillable element: absent is `None`, nil is `Some(Nil)`.
    let absent = edit(
        &replace,
        "<AvailableReservationAmount>5659.00</AvailableReservationAmount>",
        "",
    );
    let nil = edit(
        &replace,
        "<AvailableReservationAmount>5659.00</AvailableReservationAmount>",
        &format!("<AvailableReservationAmount xsi:nil=\"true\" xmlns:xsi=\"{XSI}\"/>"),
    );
    let amount = |xml: &str| match decode_ok("ReplaceInvoice", xml) {
        SeedResponse::ReplaceInvoice(r) => r.available_reservation_amount,
        _ => unreachable!(),
    };
    assert_eq!(amount(&absent), None);
    assert_eq!(amount(&nil), Some(Nillable::Nil));
}

// ----- faults ---------------------------------------------------------------------------------------

fn wcf_fault(code_qname: &str, extra_ns: &str, message: &str) -> String {
    format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault{extra_ns}><faultcode>{code_qname}</faultcode><faultstring xml:lang=\"en-US\">{message}</faultstring></s:Fault></s:Body></s:Envelope>"
    )
}

#[test]
fn every_known_fault_code_decodes_to_a_raw_fault_and_back_to_its_variant() {
    assert!(FaultCode::VALUES.len() > 20);
    for (i, code) in FaultCode::VALUES.iter().enumerate() {
        let op = SEED_OPS[i % SEED_OPS.len()];
        let xml = wcf_fault(
            &format!("s:{}", code.as_str()),
            "",
            "Something &lt;went&gt; wrong &amp; more",
        );
        let f = decode_fault(op, &xml);
        assert_eq!(f.code, code.as_str(), "{op}");
        assert_eq!(f.code_namespace.as_deref(), Some(SOAP11_ENV));
        assert_eq!(f.message, "Something <went> wrong & more");
        assert_eq!(f.lang.as_deref(), Some("en-US"));
        assert_eq!(f.actor, None);
        assert_eq!(f.detail, None);
        assert_eq!(FaultCode::parse_text(&f.code).unwrap(), *code);
        // The same fault with other prefixes for the envelope namespace.
        for env in [
            Prefix::Named("soap"),
            Prefix::Named("SOAP-ENV"),
            Prefix::Default,
        ] {
            let other = rewrite(&xml, env, Prefix::Default, Prefix::Named("xsi"));
            // faultcode is a QName in text: rewrite its prefix too.
            let other = match env {
                Prefix::Named(p) => other.replace(
                    &format!(">s:{}<", code.as_str()),
                    &format!(">{p}:{}<", code.as_str()),
                ),
                Prefix::Default => other.replace(
                    &format!("<faultcode xmlns=\"\">s:{}<", code.as_str()),
                    &format!(
                        "<faultcode xmlns=\"\" xmlns:e=\"{SOAP11_ENV}\">e:{}<",
                        code.as_str()
                    ),
                ),
            };
            let g = decode_fault(op, &other);
            assert_eq!(
                (g.code.as_str(), g.code_namespace.as_deref()),
                (code.as_str(), Some(SOAP11_ENV)),
                "{other}"
            );
        }
    }
}

#[test]
fn unknown_and_foreign_fault_codes_are_kept() {
    let f = decode_fault(
        "CancelInvoice",
        &wcf_fault("s:SOMETHING_NEW_2027", "", "new"),
    );
    assert_eq!(f.code, "SOMETHING_NEW_2027");
    assert_eq!(
        FaultCode::parse_text(&f.code).unwrap(),
        FaultCode::Other("SOMETHING_NEW_2027".into())
    );
    // A WCF dispatcher fault: the prefix resolves to its own namespace.
    let f = decode_fault(
        "SendInvoice",
        &wcf_fault(
            "a:ActionNotSupported",
            " xmlns:a=\"http://schemas.microsoft.com/ws/2005/05/addressing/none\"",
            "The message with Action '' cannot be processed",
        ),
    );
    assert_eq!(f.code, "ActionNotSupported");
    assert_eq!(
        f.code_namespace.as_deref(),
        Some("http://schemas.microsoft.com/ws/2005/05/addressing/none")
    );
    // Unprefixed, padded with whitespace, with actor and detail.
    let xml = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>\n  <faultcode>\n INVOICE_NOT_FOUND \n</faultcode>\n  <faultstring>Invoice not found</faultstring><faultactor>urn:svc</faultactor><detail><ExceptionDetail xmlns=\"http://schemas.datacontract.org/2004/07/System.ServiceModel\"><Message>x</Message></ExceptionDetail></detail></s:Fault></s:Body></s:Envelope>";
    let f = decode_fault("AdjustInvoice", xml);
    assert_eq!(
        (f.code.as_str(), f.code_namespace.as_deref()),
        ("INVOICE_NOT_FOUND", None)
    );
    assert_eq!(
        FaultCode::parse_text(&f.code).unwrap().as_str(),
        "INVOICE_NOT_FOUND"
    );
    assert_eq!(f.lang, None);
    assert_eq!(f.actor.as_deref(), Some("urn:svc"));
    assert!(
        f.detail
            .as_deref()
            .is_some_and(|d| d.starts_with("<detail>") && d.contains("ExceptionDetail")),
        "{:?}",
        f.detail
    );
}

#[test]
fn a_fault_with_a_prefix_that_is_not_declared_still_yields_its_code() {
    let f = decode_fault("ReplaceInvoice", &wcf_fault("q:INVOICE_NOT_FOUND", "", "x"));
    assert_eq!(f.code, "INVOICE_NOT_FOUND");
    assert_eq!(f.code_namespace, None);
}

// ----- not XML, not SOAP ---------------------------------------------------------------------------

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[test]
fn bodies_that_are_not_soap_are_errors() {
    let not_xml = |body: &str| {
        for op in SEED_OPS {
            let e = decode_err(op, body);
            assert!(
                matches!(e.kind, DecodeErrorKind::NotXml(_)),
                "{body:?}: {e:?}"
            );
        }
    };
    not_xml(NGINX_502);
    not_xml("<!DOCTYPE html><html><body>Bad Gateway</body></html>");
    not_xml("");
    not_xml("   \r\n");
    not_xml("{\"error\":\"Service Unavailable\"}");
    not_xml("Service Unavailable");
    not_xml("\u{0}\u{1}\u{2}");

    let e = decode_err(
        "CancelInvoice",
        "<html><head><title>502</title></head><body/></html>",
    );
    assert_eq!(
        e.kind,
        DecodeErrorKind::NotAnEnvelope {
            found: "html".into()
        }
    );
    let soap12 = format!("<e:Envelope xmlns:e=\"{SOAP12_ENV}\"><e:Body/></e:Envelope>");
    let e = decode_err("CancelInvoice", &soap12);
    assert!(e.to_string().contains("SOAP 1.2"), "{e}");
    let e = decode_err("CancelInvoice", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header/></s:Envelope>");
    assert_eq!(e.kind, DecodeErrorKind::NoBody);
    let e =
        decode_err("CancelInvoice", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\n</s:Body></s:Envelope>");
    assert_eq!(e.kind, DecodeErrorKind::EmptyBody);
    // An envelope in no namespace is not a SOAP envelope.
    let e = decode_err(
        "CancelInvoice",
        &response_fixture("CancelInvoice").replace(
            "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"",
            "xmlns:s=\"urn:x\"",
        ),
    );
    assert!(
        matches!(e.kind, DecodeErrorKind::NotAnEnvelope { .. }),
        "{e:?}"
    );
}

#[test]
fn truncation_at_every_offset_is_an_error_and_never_a_panic() {
    for op in SEED_OPS {
        for (name, full, is_request) in [
            (format!("{op}.response"), response_fixture(op), false),
            (format!("{op}.request"), request_fixture(op), true),
        ] {
            let root_end = parse(&full).root_element().range().end;
            for cut in (0..=full.len()).filter(|&i| full.is_char_boundary(i)) {
                let text = &full[..cut];
                let ok = if is_request {
                    decode_seed_request(op, text, &limits()).is_ok()
                } else {
                    decode_seed_response(op, text, &limits()).is_ok()
                };
                assert_eq!(
                    ok,
                    cut >= root_end,
                    "{name} cut at byte {cut} of {}",
                    full.len()
                );
            }
        }
    }
}

#[test]
fn dtds_and_entity_expansion_are_refused() {
    let billion_laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><CancelInvoiceResponse xmlns="http://schemas.ecommerce.collector.se/v30/PaymentService"><CorrelationId>&lol9;</CorrelationId></CancelInvoiceResponse></s:Body></s:Envelope>"#;
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><CancelInvoiceResponse xmlns="http://schemas.ecommerce.collector.se/v30/PaymentService"><CorrelationId>&x;</CorrelationId></CancelInvoiceResponse></s:Body></s:Envelope>"#;
    let bare = format!("<!DOCTYPE Envelope>\n{}", response_fixture("CancelInvoice"));
    for body in [billion_laughs, xxe, bare.as_str()] {
        let started = std::time::Instant::now();
        let e = decode_err("CancelInvoice", body);
        assert!(
            matches!(&e.kind, DecodeErrorKind::NotXml(m) if m.contains("DTD")),
            "{e:?}"
        );
        let e = decode_request::<operations::CancelInvoice>(body, &limits())
            .map(|_| ())
            .unwrap_err();
        assert!(
            matches!(&e.kind, DecodeErrorKind::NotXml(m) if m.contains("DTD")),
            "{e:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
    // An undeclared entity reference is not expanded either.
    let e = decode_err(
        "CancelInvoice",
        &edit(
            &response_fixture("CancelInvoice"),
            "CancelInvoiceV10",
            "&lol9;",
        ),
    );
    assert!(matches!(e.kind, DecodeErrorKind::NotXml(_)), "{e:?}");
}

/// Runs `f` on a thread with a 1 MiB stack, half of tokio's 2 MiB worker stacks. (Unoptimised,
/// roxmltree 0.20 takes about 4 KiB of stack per nesting level, so the default 64 levels need
/// under 300 KiB; before the depth pre-scan, 1000 levels aborted the process.)
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    on_small_stack(|| {
        let fixture = response_fixture("CancelInvoice");
        let (at, _) = payload_content(&fixture);
        for n in [65, 1_000, 10_000, 100_000] {
            let mut xml = fixture.clone();
            xml.insert_str(
                at,
                &format!("{}{}", "<Extra>".repeat(n), "</Extra>".repeat(n)),
            );
            let e = decode_err("CancelInvoice", &xml);
            assert_eq!(e.kind, DecodeErrorKind::TooDeep { limit: 64 }, "{n}");
            assert_eq!(e.line, 3, "{e}");
            assert!(e.column > 1, "{e}");
            // Unclosed, and in the header of a request.
            let unclosed = format!("{}{}", &fixture[..at], "<Extra>".repeat(n));
            assert_eq!(
                decode_err("CancelInvoice", &unclosed).kind,
                DecodeErrorKind::TooDeep { limit: 64 }
            );
            let req = request_fixture("CancelInvoice");
            let req = edit(
                &req,
                "<soapenv:Header>",
                &format!("<soapenv:Header>{}", "<h>".repeat(n)),
            );
            let e = decode_request::<operations::CancelInvoice>(&req, &limits())
                .map(|_| ())
                .unwrap_err();
            assert_eq!(e.kind, DecodeErrorKind::TooDeep { limit: 64 });
            // Without an envelope.
            let bare = format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
            assert_eq!(
                decode_err("CancelInvoice", &bare).kind,
                DecodeErrorKind::TooDeep { limit: 64 }
            );
        }
        // Depth counted by elements only: comments, CDATA, `>` in attribute values and
        // self-closing tags do not fool it. The document is well-formed, so the outcome is
        // decided by the depth check alone: 61 elements deep (60 `a`, then `x`) parse at a
        // limit of 61 and are refused at 60.
        let tricky = format!(
            "{}<!-- <a><a><a> --><![CDATA[<a><a>]]><x a=\"&lt;&gt;>\" b='>'/>{}",
            "<a x=\">\">".repeat(60),
            "</a>".repeat(60)
        );
        let at = |max_depth| {
            parse_document(
                &tricky,
                &Limits {
                    max_depth,
                    ..Limits::default()
                },
            )
            .map(|_| ())
        };
        assert_eq!(at(61), Ok(()));
        assert_eq!(
            at(60).map_err(|e| e.kind),
            Err(DecodeErrorKind::TooDeep { limit: 60 })
        );
    });
}

#[test]
fn the_depth_limit_is_exact_at_every_setting() {
    // Whether the fast path (few `<`, no depth scan) or the full check runs, a document is
    // accepted exactly when its deepest node (text included) is within `max_depth`.
    for op in SEED_OPS {
        for xml in [response_fixture(op), request_fixture(op)] {
            let doc = parse(&xml);
            let deepest = doc
                .descendants()
                .map(|n| n.ancestors().count() - 1)
                .max()
                .unwrap();
            for max_depth in 1..=deepest + 3 {
                let r = parse_document(
                    &xml,
                    &Limits {
                        max_depth,
                        ..Limits::default()
                    },
                );
                match r {
                    Ok(_) => assert!(
                        max_depth >= deepest,
                        "{op}: accepted depth {deepest} with max_depth {max_depth}"
                    ),
                    Err(e) => {
                        assert!(
                            max_depth < deepest,
                            "{op}: refused depth {deepest} with max_depth {max_depth}: {e}"
                        );
                        assert_eq!(e.kind, DecodeErrorKind::TooDeep { limit: max_depth });
                    }
                }
            }
        }
    }
}

#[test]
fn size_and_node_limits_are_enforced() {
    let fixture = response_fixture("SendInvoice");
    let e = decode_seed_response(
        "SendInvoice",
        &fixture,
        &Limits {
            max_bytes: 100,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            ResponseError::Decode(DecodeError {
                kind: DecodeErrorKind::TooLarge { limit: 100, .. },
                ..
            })
        ),
        "{e:?}"
    );
    let e = decode_seed_response(
        "SendInvoice",
        &fixture,
        &Limits {
            max_nodes: 10,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            ResponseError::Decode(DecodeError {
                kind: DecodeErrorKind::NotXml(_),
                ..
            })
        ),
        "{e:?}"
    );
    let e = decode_seed_response(
        "SendInvoice",
        &fixture,
        &Limits {
            max_depth: 2,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            ResponseError::Decode(DecodeError {
                kind: DecodeErrorKind::TooDeep { limit: 2 },
                ..
            })
        ),
        "{e:?}"
    );
    // Many siblings (wide, not deep) within the node limit are fine.
    let (at, _) = payload_content(&fixture);
    let mut wide = fixture.clone();
    wide.insert_str(at, &"<Extra/>".repeat(50_000));
    assert_eq!(
        decode_ok("SendInvoice", &wide),
        documented_response("SendInvoice")
    );
}

// ----- wrong shape ----------------------------------------------------------------------------------

#[test]
fn a_response_for_another_operation_names_both() {
    let e = decode_err("SendInvoice", &response_fixture("CancelInvoice"));
    assert_eq!(
        e.kind,
        DecodeErrorKind::UnexpectedElement {
            expected: format!("{{{NS}}}SendInvoiceResponse"),
            found: format!("{{{NS}}}CancelInvoiceResponse")
        }
    );
    assert_eq!(
        (e.line, e.path.as_str()),
        (3, "Envelope/Body/CancelInvoiceResponse")
    );
    let shown = e.to_string();
    assert!(
        shown.contains("SendInvoiceResponse")
            && shown.contains("CancelInvoiceResponse")
            && shown.starts_with("line 3"),
        "{shown}"
    );
    // A request where a response is expected, and the other way round.
    let e = decode_err("CancelInvoice", &request_fixture("CancelInvoice"));
    assert!(
        matches!(&e.kind, DecodeErrorKind::UnexpectedElement { found, .. } if found.ends_with("}CancelInvoiceRequest")),
        "{e:?}"
    );
    let e = decode_request::<operations::SendInvoice>(&request_fixture("CancelInvoice"), &limits())
        .map(|_| ())
        .unwrap_err();
    assert!(
        e.to_string().contains("SendInvoiceRequest")
            && e.to_string().contains("CancelInvoiceRequest"),
        "{e}"
    );
    // The right local name in the wrong namespace.
    let wrong_ns = response_fixture("CancelInvoice").replace(
        NS,
        "http://schemas.ecommerce.collector.se/v30/InvoiceService",
    );
    assert!(matches!(
        decode_err("CancelInvoice", &wrong_ns).kind,
        DecodeErrorKind::UnexpectedElement { .. }
    ));
}

#[test]
fn a_missing_required_element_is_named_with_its_line() {
    let send = response_fixture("SendInvoice");
    let e = decode_err(
        "SendInvoice",
        &edit(&send, "<DueDate>2020-05-10T23:59:59</DueDate>\n", ""),
    );
    assert_eq!(e.kind, DecodeErrorKind::MissingElement("DueDate".into()));
    assert_eq!(
        (e.line, e.path.as_str()),
        (3, "Envelope/Body/SendInvoiceResponse")
    );
    let shown = e.to_string();
    assert!(
        shown.starts_with("line 3, column 1") && shown.contains("DueDate"),
        "{shown}"
    );

    let e = decode_err(
        "ReplaceInvoice",
        &edit(
            &response_fixture("ReplaceInvoice"),
            "<TotalAmount>121</TotalAmount>",
            "",
        ),
    );
    assert_eq!(
        e.kind,
        DecodeErrorKind::MissingElement("TotalAmount".into())
    );

    // Inside a list item of a request: the path leads to the row.
    let adjust = request_fixture("AdjustInvoice");
    let xml = edit(&adjust, "<pay:UnitPrice>-100</pay:UnitPrice>\n", "");
    let e = decode_request::<operations::AdjustInvoice>(&xml, &limits())
        .map(|_| ())
        .unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::MissingElement("UnitPrice".into()));
    assert_eq!(
        e.path,
        "Envelope/Body/AdjustInvoiceRequest/InvoiceRows/InvoiceRow"
    );
    assert_eq!(e.line, 22, "{e}");
}

#[test]
fn bad_values_are_reported_with_their_path() {
    let replace = response_fixture("ReplaceInvoice");
    let path = |field: &str| format!("Envelope/Body/ReplaceInvoiceResponse/{field}");
    for (from, to, field) in [
        ("<InvoiceStatus>1<", "<InvoiceStatus>one<", "InvoiceStatus"),
        ("<InvoiceStatus>1<", "<InvoiceStatus>1 2<", "InvoiceStatus"),
        (
            "<InvoiceStatus>1<",
            "<InvoiceStatus>2147483648<",
            "InvoiceStatus",
        ),
        ("<InvoiceStatus>1<", "<InvoiceStatus><", "InvoiceStatus"),
        ("<TotalAmount>121<", "<TotalAmount>12,10<", "TotalAmount"),
        ("<TotalAmount>121<", "<TotalAmount>1e3<", "TotalAmount"),
        ("<TotalAmount>121<", "<TotalAmount>NaN<", "TotalAmount"),
        (
            "<TotalAmount>121<",
            "<TotalAmount>99999999999999999999999999999999<",
            "TotalAmount",
        ),
        (
            "<AvailableReservationAmount>5659.00<",
            "<AvailableReservationAmount>5 659.00<",
            "AvailableReservationAmount",
        ),
    ] {
        let e = decode_err("ReplaceInvoice", &edit(&replace, from, to));
        assert!(
            matches!(e.kind, DecodeErrorKind::InvalidValue { .. }),
            "{to}: {e:?}"
        );
        assert_eq!(e.path, path(field), "{to}");
    }
    let send = response_fixture("SendInvoice");
    for bad in [
        "2020-02-30T00:00:00",
        "2020-05-10 23:59:59",
        "2020-05-10",
        "10/05/2020",
        "2020-05-10T23:59:59+25:00",
    ] {
        let e = decode_err("SendInvoice", &edit(&send, "2020-05-10T23:59:59", bad));
        assert!(
            matches!(e.kind, DecodeErrorKind::InvalidValue { .. }),
            "{bad}: {e:?}"
        );
        assert_eq!(
            (e.path.as_str(), e.line),
            ("Envelope/Body/SendInvoiceResponse/DueDate", 6),
            "{bad}"
        );
    }
    // An unknown enumeration value in a request.
    let xml = edit(
        &request_fixture("SendInvoice"),
        "<pay:InvoiceDeliveryMethod>2<",
        "<pay:InvoiceDeliveryMethod>7<",
    );
    let e = decode_request::<operations::SendInvoice>(&xml, &limits())
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        e.kind,
        DecodeErrorKind::InvalidValue {
            value: "7".into(),
            reason: "is not one of the enumeration's values".into()
        }
    );
    assert_eq!(
        (e.path.as_str(), e.line),
        ("Envelope/Body/SendInvoiceRequest/InvoiceDeliveryMethod", 11)
    );
    // A long bad value is quoted truncated, not whole.
    let long = "9".repeat(10_000) + "x";
    let e = decode_err(
        "ReplaceInvoice",
        &edit(
            &replace,
            "<InvoiceStatus>1<",
            &format!("<InvoiceStatus>{long}<"),
        ),
    );
    assert!(e.to_string().len() < 300, "{e}");
    // Markup where a value is expected, and a repeated element.
    let e = decode_err(
        "ReplaceInvoice",
        &edit(
            &replace,
            "<CorrelationId>ReplaceInvoiceV10<",
            "<CorrelationId><b>x</b><",
        ),
    );
    assert!(
        matches!(e.kind, DecodeErrorKind::Unexpected(_)) && e.path.ends_with("CorrelationId/b"),
        "{e:?}"
    );
    let e = decode_err(
        "ReplaceInvoice",
        &edit(
            &replace,
            "<InvoiceStatus>",
            "<InvoiceStatus>2</InvoiceStatus><InvoiceStatus>",
        ),
    );
    assert_eq!(e.kind, DecodeErrorKind::Duplicate("InvoiceStatus".into()));
}

// ----- markup in values ------------------------------------------------------------------------------

#[test]
fn markup_in_a_description_round_trips_as_text() {
    let (headers, SeedRequest::ReplaceInvoice(mut request)) = documented_request("ReplaceInvoice")
    else {
        unreachable!()
    };
    let hostile = "</pay:Description><pay:UnitPrice>0";
    request.invoice_rows[0].description = hostile.to_owned();
    request.correlation_id = "a]]>b&amp;\"'<!--".to_owned();
    payment_service::runtime::validate_request::<operations::ReplaceInvoice>(&headers, &request)
        .unwrap();
    let xml = encode_request::<operations::ReplaceInvoice>(&headers, &request);
    assert!(
        xml.contains(
            "<pay:Description>&lt;/pay:Description&gt;&lt;pay:UnitPrice&gt;0</pay:Description>"
        ),
        "{xml}"
    );
    assert_eq!(xml.matches("<pay:UnitPrice>").count(), 1, "{xml}");
    let back = decode_request::<operations::ReplaceInvoice>(&xml, &limits()).unwrap();
    assert_eq!(back.request, request);
    assert_eq!(back.request.invoice_rows[0].unit_price, dec("11"));

    // The same through a response written by a server.
    let mut response = match documented_response("ReplaceInvoice") {
        SeedResponse::ReplaceInvoice(r) => r,
        _ => unreachable!(),
    };
    response.correlation_id =
        Nillable::Value("</CorrelationId><TotalAmount>0</TotalAmount><CorrelationId>".to_owned());
    let xml = payment_service::runtime::encode_response::<operations::ReplaceInvoice>(&response);
    assert_eq!(
        decode_response::<operations::ReplaceInvoice>(&xml, &limits()).unwrap(),
        response
    );
}

#[test]
fn characters_xml_cannot_carry_are_caught_by_validation() {
    let (headers, SeedRequest::ReplaceInvoice(mut request)) = documented_request("ReplaceInvoice")
    else {
        unreachable!()
    };
    request.invoice_rows[0].description = "bell\u{7}".to_owned();
    let e: ValidationError =
        payment_service::runtime::validate_request::<operations::ReplaceInvoice>(
            &headers, &request,
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("InvoiceRows[0].Description") && e.to_string().contains("U+0007"),
        "{e}"
    );
}

// ----- mutation fuzzing in the suite -----------------------------------------------------------------

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</",
    "&",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "&#xD800;",
    "&lt",
    "\"",
    "'",
    "=",
    ":",
    "xmlns=\"\"",
    "xmlns:s=\"urn:x\"",
    " xsi:nil=\"true\"",
    " i:nil=\"1\"",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?x ?>",
    "<!DOCTYPE a>",
    "<Extra>",
    "</Extra>",
    "<CorrelationId>",
    "</CorrelationId>",
    "<s:Fault>",
    "<faultcode>s:",
    "\u{FEFF}",
    "\u{0}",
    "é",
    "😀",
    "\r\n",
    " ",
    "-",
    "99999999999999999999",
    "T",
    "Z",
    "+14:00",
];

/// Decodes `xml` as every seed response and request; `Err` carries the panic message.
fn decode_everything(xml: &str) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        for op in SEED_OPS {
            let _ = decode_seed_response(op, xml, &limits());
            let _ = decode_seed_request(op, xml, &limits());
        }
    }))
    .map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// Values dropped into element text: well-formed, mostly wrong for the field.
const VALUES: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "+1",
    "1.5",
    "-0.00",
    "2147483648",
    "-2147483649",
    "99999999999999999999999999999",
    "1e3",
    "NaN",
    "INF",
    "true",
    "2020-02-29T24:00:00",
    "2021-02-29",
    "2020-05-10T23:59:59.999999999+14:00",
    "0000-01-01",
    "&amp;&lt;&#x1F600;",
    "<![CDATA[]]>",
    "<!---->",
    "<x/>",
    "<Extra><CorrelationId>evil</CorrelationId></Extra>",
    "\u{a0}7\u{a0}",
    "𝟙",
];

fn mutate(rng: &mut Rng, doc: &mut Vec<u8>) {
    let len = doc.len();
    match rng.below(10) {
        // Replace the text after a random `>` (up to the next `<`) with a value.
        7..=8 if len > 0 => {
            let from = rng.below(len);
            if let Some(gt) = doc[from..]
                .iter()
                .position(|&c| c == b'>')
                .map(|p| from + p + 1)
            {
                let lt = doc[gt..]
                    .iter()
                    .position(|&c| c == b'<')
                    .map_or(doc.len(), |p| gt + p);
                doc.splice(gt..lt, VALUES[rng.below(VALUES.len())].bytes());
            }
        }
        // Remove one line (in the pretty-printed fixtures: one element).
        9 if len > 0 => {
            let from = rng.below(len);
            if let Some(start) = doc[from..]
                .iter()
                .position(|&c| c == b'\n')
                .map(|p| from + p + 1)
            {
                let end = doc[start..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(doc.len(), |p| start + p);
                doc.drain(start..end);
            }
        }
        0 if len > 0 => {
            let i = rng.below(len);
            doc[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            doc[i] = rng.next() as u8;
        }
        2 => {
            let i = rng.below(len + 1);
            let t = TOKENS[rng.below(TOKENS.len())];
            doc.splice(i..i, t.bytes());
        }
        3 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below(16.min(len - i));
            doc.drain(i..i + n);
        }
        4 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below(64.min(len - i));
            let copy: Vec<u8> = doc[i..i + n].to_vec();
            let at = rng.below(doc.len() + 1);
            doc.splice(at..at, copy);
        }
        5 => doc.truncate(rng.below(len + 1)),
        _ => {
            // Swap two letters of a tag name-ish region.
            if len > 1 {
                let (i, j) = (rng.below(len), rng.below(len));
                doc.swap(i, j);
            }
        }
    }
}

#[test]
fn mutated_envelopes_never_panic() {
    let mut corpus: Vec<String> = SEED_OPS
        .iter()
        .flat_map(|op| [response_fixture(op), request_fixture(op)])
        .collect();
    corpus.push(wcf_fault("s:INVOICE_NOT_FOUND", "", "Invoice not found"));
    let mut rng = Rng(0x5EED_C0DE_2026_1122);
    let (mut past_parser, mut decoded_ok) = (0usize, 0usize);
    for iteration in 0..4_000 {
        let mut doc = corpus[rng.below(corpus.len())].clone().into_bytes();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut doc);
        }
        let text = String::from_utf8_lossy(&doc);
        if let Err(panic) = decode_everything(&text) {
            panic!("iteration {iteration}: decoding panicked ({panic}) on:\n{text}");
        }
        if parse_document(&text, &limits()).is_ok() {
            past_parser += 1;
        }
        decoded_ok += SEED_OPS
            .iter()
            .filter(|op| {
                decode_seed_response(op, &text, &limits()).is_ok()
                    || decode_seed_request(op, &text, &limits()).is_ok()
            })
            .count();
    }
    // Many mutated inputs stay well-formed, so the typed decoders are exercised, not only the parser.
    assert!(
        past_parser > 500 && decoded_ok > 200,
        "{past_parser} well-formed, {decoded_ok} decoded"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        prop_assert!(decode_everything(&text).is_ok());
    }

    #[test]
    fn arbitrary_text_spliced_into_a_seed_envelope_never_panics(
        op in 0..SEED_OPS.len(),
        request in any::<bool>(),
        at in any::<prop::sample::Index>(),
        junk in prop_oneof![".{0,40}", "[<>/&;:=\"' a-zA-Z0-9#x!\\[\\]-]{0,40}"],
    ) {
        let doc = if request { request_fixture(SEED_OPS[op]) } else { response_fixture(SEED_OPS[op]) };
        let mut i = at.index(doc.len() + 1);
        while !doc.is_char_boundary(i) { i -= 1; }
        let text = format!("{}{junk}{}", &doc[..i], &doc[i..]);
        prop_assert!(decode_everything(&text).is_ok(), "{}", text);
    }
}
