//! The Apache CXF test WSDLs (tests/cxf-corpus): every WSDL file of the set has a row in its
//! MANIFEST.tsv; each either generates bindings that compile (they are modules of
//! `wsdl_corpus::cxf`) or fails with the expected, located error of its category.

use std::path::{Path, PathBuf};
use wsdl_corpus::cxf::{CXF_OUTCOMES, CXF_SERVERS};
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

/// Every CXF WSDL that generates has its server items too (`Service`, `dispatch`,
/// `Dispatcher`), speaking its binding's SOAP version.
#[test]
fn every_cxf_service_that_generates_has_server_items() {
    wsdl_corpus::assert_server_items(CXF_OUTCOMES, CXF_SERVERS);
}

#[test]
fn most_valid_soap_wsdls_generate() {
    let count = |c: &str| CXF_OUTCOMES.iter().filter(|o| o.category == c).count();
    let ok = count("ok");
    let soap = ok + count("unsupported");
    assert!(ok >= 154, "only {ok} CXF WSDLs generated");
    assert!(
        ok * 100 >= soap * 95,
        "{ok} of {soap} valid WSDLs with a SOAP binding generate"
    );
}

use soap_runtime::{self as runtime, Limits};
use wsdl_corpus::cxf::{
    tu_doc_lit_bare, tu_schema_validation, tu_soap_header, tu_soapheader, tu_test_chars,
    w2j_bug305770_printer, w2j_w3c_epr,
};

#[test]
fn parts_bound_as_headers_are_typed_headers_of_request_and_response() {
    // soap_header.wsdl: inoutHeader's messages each have a body part (`soap:body parts="me"`)
    // and the part `header_info` that `soap:header` binds, in the request and the response.
    use tu_soap_header::*;
    let info = SoapHeaderData::builder()
        .originator("CXF")
        .message("hello")
        .build()
        .unwrap();
    let headers = SoapHeaders::default().with_soap_header_info(info.clone());
    let req = InoutHeader::builder().request_type("ping").build().unwrap();
    let xml = runtime::encode_request::<operations::InoutHeader>(&headers, &req);
    let (head, body) = xml.split_once("<soapenv:Body>").unwrap();
    assert!(
        head.contains("<soapenv:Header><ns0:SOAPHeaderInfo><originator>CXF</originator>"),
        "{xml}"
    );
    assert_eq!(
        body,
        "<ns0:inoutHeader><requestType>ping</requestType></ns0:inoutHeader></soapenv:Body></soapenv:Envelope>"
    );
    let back =
        runtime::decode_request::<operations::InoutHeader>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request, req);
    assert_eq!(back.headers.soap_header_info, Some(info.clone()));
    // The response carries the header too (and outHeader's response only there).
    let resp = InoutHeaderResponse::builder()
        .response_type("pong")
        .build()
        .unwrap();
    let xml = runtime::encode_response_with_headers::<operations::InoutHeader>(&headers, &resp);
    assert!(xml.contains("<s:Header xmlns:xsi="), "{xml}");
    let back =
        runtime::decode_response_with_headers::<operations::InoutHeader>(&xml, &Limits::default())
            .unwrap();
    assert_eq!(back.response, resp);
    assert_eq!(back.headers.soap_header_info, Some(info));
    assert_eq!(
        runtime::decode_response::<operations::InoutHeader>(&xml, &Limits::default()).unwrap(),
        resp
    );
    let out = &operations::OUT_HEADER_INFO;
    assert!(out.headers.is_empty());
    assert_eq!(out.response_headers[0].name, "SOAPHeaderInfo");
}

#[test]
fn a_header_from_another_message_is_a_header_field() {
    // soapheader.wsdl: testHeader4 binds the part of message testHeaderMessage as header of
    // its input and its output; the bodies are the operation's own one-part messages.
    use tu_soapheader::*;
    let info = &operations::TEST_HEADER4_INFO;
    assert_eq!(info.headers[0].name, "testHeaderMessage");
    assert_eq!(info.response_headers[0].name, "testHeaderMessage");
    assert_eq!(info.request.1, "testHeader4");
    let h = SoapHeaders::default().with_test_header_message(
        TestHeaderMessage::builder()
            .request_type("in a header")
            .build()
            .unwrap(),
    );
    let req = TestHeader4::builder().request_type("x").build().unwrap();
    let xml = runtime::encode_request::<operations::TestHeader4>(&h, &req);
    assert!(
        xml.contains("<soapenv:Header><ns0:testHeaderMessage>"),
        "{xml}"
    );
    let back =
        runtime::decode_request::<operations::TestHeader4>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.headers, h);
}

#[test]
fn several_body_parts_are_the_children_of_the_body() {
    // test_chars.wsdl: echoChar's messages have two and three element parts and no
    // `parts` attribute: every part is in the body, unwrapped.
    use tu_test_chars::*;
    let req = EchoCharRequest::builder()
        .char_el_x("x")
        .char_el_y("y")
        .build()
        .unwrap();
    let xml = runtime::encode_request::<operations::EchoChar>(&Default::default(), &req);
    assert!(
        xml.ends_with("<soapenv:Body><ns0:charEl_x>x</ns0:charEl_x><ns0:charEl_y>y</ns0:charEl_y></soapenv:Body></soapenv:Envelope>"),
        "{xml}"
    );
    let back = runtime::decode_request::<operations::EchoChar>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request, req);
    // The parts keep their schema types' facets (charType: one character).
    let long = EchoCharRequest::builder()
        .char_el_x("xy")
        .char_el_y("y")
        .build()
        .err()
        .unwrap();
    assert!(long.to_string().contains("charEl_x"), "{long}");
    // A part missing from the body is a located decoding error.
    let broken = xml.replace("<ns0:charEl_y>y</ns0:charEl_y>", "");
    let e = runtime::decode_request::<operations::EchoChar>(&broken, &Limits::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("charEl_y"), "{e}");
    // A response as a CXF service writes it: the parts, each with its own prefix declaration.
    let ns = "http://cxf.apache.org/org.apache.cxf.test.TestInterface/xsd";
    let answer = format!(
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <ns2:charEl_return xmlns:ns2=\"{ns}\"><varChar>a</varChar><varInt>1</varInt><varString>s</varString></ns2:charEl_return>\
         <ns2:charEl_y xmlns:ns2=\"{ns}\">y</ns2:charEl_y><charEl_z xmlns=\"{ns}\">z</charEl_z></soap:Body></soap:Envelope>"
    );
    let resp =
        runtime::decode_response::<operations::EchoChar>(&answer, &Limits::default()).unwrap();
    assert_eq!(resp.char_el_z, "z");
    assert_eq!(resp.char_el_return.var_int, 1);
    let again = runtime::encode_response::<operations::EchoChar>(&resp);
    assert_eq!(
        runtime::decode_response::<operations::EchoChar>(&again, &Limits::default()).unwrap(),
        resp
    );
}

#[test]
fn a_message_without_parts_is_an_empty_body() {
    // doc_lit_bare.wsdl: bareNoParam's request message has no part.
    use tu_doc_lit_bare::*;
    let req = BareNoParamRequest::builder().build().unwrap();
    let xml = runtime::encode_request::<operations::BareNoParam>(&Default::default(), &req);
    assert!(
        xml.ends_with("<soapenv:Body></soapenv:Body></soapenv:Envelope>"),
        "{xml}"
    );
    let back =
        runtime::decode_request::<operations::BareNoParam>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request, req);
    assert!(operations::BARE_NO_PARAM_INFO.request_unwrapped);
}

#[test]
fn a_repeated_sequence_is_one_group_value_per_repetition() {
    // schema_validation.wsdl: OccuringStruct is `<sequence minOccurs="1" maxOccurs="5">` of
    // varFloat, varInt (optional) and varString.
    use tu_schema_validation::*;
    use OccuringStructSequence as Group;
    let group = |f: f32, i: Option<i32>, s: &str| {
        Group::builder()
            .var_float(f)
            .set_var_int(i)
            .var_string(s)
            .build()
            .unwrap()
    };
    let groups = vec![group(1.5, Some(2), "a"), group(3.0, None, "b")];
    let req = SetOccuringStruct::builder()
        .in_(
            OccuringStruct::builder()
                .set_sequence(groups.clone())
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let xml = runtime::encode_request::<operations::SetOccuringStruct>(&Default::default(), &req);
    assert!(
        xml.contains("<ns0:in><ns0:varFloat>1.5</ns0:varFloat><ns0:varInt>2</ns0:varInt><ns0:varString>a</ns0:varString><ns0:varFloat>3</ns0:varFloat><ns0:varString>b</ns0:varString></ns0:in>"),
        "{xml}"
    );
    let back =
        runtime::decode_request::<operations::SetOccuringStruct>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request.in_.sequence, groups);
    // Each repetition has varFloat and varString, in that order.
    let missing = Group::builder().var_int(1).build().err().unwrap();
    assert!(missing.to_string().contains("varFloat"), "{missing}");
    let swapped = xml.replace(
        "<ns0:varFloat>3</ns0:varFloat><ns0:varString>b</ns0:varString>",
        "<ns0:varString>b</ns0:varString><ns0:varFloat>3</ns0:varFloat>",
    );
    let e = runtime::decode_request::<operations::SetOccuringStruct>(&swapped, &Limits::default())
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("required element varFloat is missing"),
        "{e}"
    );
    // At most five repetitions.
    let six = OccuringStruct::builder()
        .set_sequence(vec![group(1.0, None, "x"); 6])
        .build()
        .err()
        .unwrap();
    assert!(six.to_string().contains("at most 5"), "{six}");
}

#[test]
fn mixed_content_of_wildcards_is_raw_xml_with_its_attributes() {
    // WS-ResourceProperties (bug305770): QueryExpressionType is mixed, an optional xs:any
    // and the attribute Dialect; the response is a mixed restriction of xs:anyType.
    use w2j_bug305770_printer::*;
    let expr = QueryExpressionType::builder()
        .content(runtime::AnyContent(
            "boolean(/*/<x:Name xmlns:x=\"urn:x\">a &amp; b</x:Name>)".into(),
        ))
        .dialect("http://www.w3.org/TR/1999/REC-xpath-19991116")
        .build()
        .unwrap();
    let req = QueryResourceProperties::builder()
        .query_expression(expr.clone())
        .build()
        .unwrap();
    let xml =
        runtime::encode_request::<operations::QueryResourceProperties>(&Default::default(), &req);
    assert!(
        xml.contains("Dialect=\"http://www.w3.org/TR/1999/REC-xpath-19991116\">boolean(/*/<x:Name xmlns:x=\"urn:x\">a &amp; b</x:Name>)</"),
        "{xml}"
    );
    let back =
        runtime::decode_request::<operations::QueryResourceProperties>(&xml, &Limits::default())
            .unwrap();
    assert_eq!(back.request.query_expression, expr);
}

#[test]
fn ws_addressing_resolves_to_the_schema_cxf_bundles() {
    // w3c-epr.wsdl imports http://www.w3.org/2005/08/addressing/ws-addr.xsd, which CXF
    // resolves to its bundled copy: here the set's copy (cxf492/wsaddressing.xsd).
    use w2j_w3c_epr::*;
    let xml = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>\
        <e:addNumbers xmlns:e=\"http://apache.org/w3c/epr\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">\
        <wsa:Address>http://localhost/numbers</wsa:Address>\
        <wsa:ReferenceParameters><c:Id xmlns:c=\"urn:c\">7</c:Id></wsa:ReferenceParameters></e:addNumbers>\
        </soapenv:Body></soapenv:Envelope>";
    let r = runtime::decode_request::<operations::AddNumbers>(xml, &Limits::default()).unwrap();
    assert_eq!(r.request.address.value, "http://localhost/numbers");
    let params = r.request.reference_parameters.unwrap();
    assert_eq!(params.any[0].name, "Id");
    assert_eq!(params.any[0].namespace.as_deref(), Some("urn:c"));
}
