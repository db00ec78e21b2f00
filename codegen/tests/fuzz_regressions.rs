//! Inputs found by fuzzing the generator (`fuzz/fuzz_targets/generate_wsdl.rs`, findings G1..
//! in fuzz/FUZZING.md), reduced to their point. Each generated a panic or ran for minutes
//! before its fix; each must now generate, quickly, with the names a user would expect.

use std::time::{Duration, Instant};

/// A one-operation document/literal WSDL whose request is `tns:Req`, with `schema` (the
/// content of an `xs:schema` for `urn:t`, `xs` and `tns` bound) as its types. `op`, `port`
/// and `service` name the operation, the port and the service.
fn wsdl_named(schema: &str, op: &str, port: &str, service: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
  <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">{schema}</xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="tns:Req"/></wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="{op}"><wsdl:input message="tns:In"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="{op}"><soap:operation soapAction="urn:t/Op"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation></wsdl:binding>
  <wsdl:service name="{service}"><wsdl:port name="{port}" binding="tns:B"><soap:address location="http://localhost/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

fn wsdl(schema: &str) -> String {
    wsdl_named(schema, "Op", "Port", "S")
}

/// `Req` as a sequence of `body`.
fn sequence(body: &str) -> String {
    format!(
        r#"<xs:element name="Req"><xs:complexType><xs:sequence>{body}</xs:sequence></xs:complexType></xs:element>"#
    )
}

/// Generates from `wsdl` as `s.wsdl` (client, server and API trait too, as the fuzz target
/// does); fails the test on an error.
fn generate(wsdl: &str) -> String {
    codegen::Builder::new()
        .runtime_path("crate::runtime")
        .client("crate::Client")
        .api_trait("Api", "crate::Error")
        .server(true)
        .generate_in_memory("s.wsdl", [("s.wsdl", wsdl.as_bytes().to_vec())])
        .unwrap_or_else(|e| panic!("{e}"))
}

/// G1: 5,000 elements of one name in one sequence. Each clash appended one more `_` (`a`,
/// `a_`, `a__`, ...), so the names alone were 12.5 million characters and generation ran for
/// minutes (20,000 of them: past the fuzzer's 10 s timeout by far). Now the n-th clash is `a_n`.
#[test]
fn many_elements_of_one_name_get_short_numbered_fields() {
    let n = 5_000;
    let body = r#"<xs:element name="a" type="xs:string"/>"#.repeat(n);
    let code = generate(&wsdl(&sequence(&body)));
    for field in [
        "pub a: String",
        "pub a_: String",
        "pub a_3: String",
        "pub a_5000: String",
    ] {
        assert!(code.contains(field), "no `{field}`");
    }
    assert!(!code.contains("a__"), "a name grew by underscores");
    // About 120 bytes of code per field; quadratic names were more than 2,500 each.
    assert!(code.len() < n * 200, "{} bytes for {n} fields", code.len());
}

/// G1: thousands of anonymous types whose derived names clash (`ReqItem` from `Req`/`Item`)
/// with each other and with named types, plus choice variants and enumeration values that
/// clash. Each clash tried every numbered name from 2 up again (quadratic: 12 s for this
/// input under the fuzzer); the names are the same, handed out in linear time.
#[test]
fn many_clashing_type_variant_and_value_names_generate_in_linear_time() {
    let items: String = (0..2_000)
        .map(|i| {
            let suffix = if i % 2 == 0 { String::new() } else { i.to_string() };
            format!(
                r#"<xs:element name="Item{suffix}"><xs:complexType><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#
            )
        })
        .collect();
    let choice = r#"<xs:element name="c" type="xs:string"/>"#.repeat(2_000);
    let values: String = (0..2_000)
        .map(|i| {
            format!(
                r#"<xs:enumeration value="v{}"/>"#,
                "-".repeat(i % 50) + &(i / 50).to_string()
            )
        })
        .collect();
    let named: String = (0..2_000)
        .map(|i| format!(r#"<xs:complexType name="ReqItem{i}"/>"#))
        .collect();
    let schema = format!(
        r#"<xs:element name="Req"><xs:complexType><xs:sequence>{items}<xs:choice>{choice}</xs:choice><xs:element name="e"><xs:simpleType><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType></xs:element></xs:sequence></xs:complexType></xs:element>{named}"#
    );
    let started = Instant::now();
    let code = generate(&wsdl(&schema));
    // Generous: a debug build needs a few seconds; the quadratic naming needed minutes.
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
    for name in [
        "pub struct ReqItem {",
        "pub struct ReqItem2 {",
        "pub struct ReqItem1001 {",
    ] {
        assert!(code.contains(name), "no `{name}`");
    }
    for variant in ["C(String)", "C_(String)", "C_3(String)", "C_2000(String)"] {
        assert!(code.contains(variant), "no choice variant `{variant}`");
    }
    // `v-0` and `v0` are both `V0`: the second is `V02`; numbered, not underscored.
    assert!(code.contains("    V0,") && code.contains("    V02,") && code.contains("    V050,"));
}

/// G2: XML names with characters that are letters or digits but cannot be in a Rust
/// identifier (`²`, `½`, `①`), or that cannot start one (`٣`, Arabic-Indic three), reached
/// `proc_macro2::Ident::new`, which panics on them: in a field, a type, an enumeration value,
/// an operation, a port and a service name. They become `_` like other punctuation.
#[test]
fn names_rust_identifiers_cannot_hold_make_identifiers_not_panics() {
    let schema = sequence(
        r#"<xs:element name="a²" type="xs:string"/><xs:element name="½" type="tns:T²"/><xs:element name="٣" type="tns:E"/>"#,
    ) + r#"<xs:complexType name="T²"><xs:sequence><xs:element name="v" type="xs:int"/></xs:sequence></xs:complexType>
<xs:simpleType name="E"><xs:restriction base="xs:string"><xs:enumeration value="x²"/><xs:enumeration value="①"/><xs:enumeration value="٣"/></xs:restriction></xs:simpleType>"#;
    let code = generate(&wsdl_named(&schema, "op²", "p²", "²"));
    for item in [
        "pub a: String",
        "pub value: T",
        "pub _٣: E",
        "pub struct T {",
        "    X,",
        "    Empty,",
        "    Value٣,",
        "pub struct Op;",
        "pub static OP_INFO",
        "pub const P_ADDRESS",
    ] {
        assert!(code.contains(item), "no `{item}`");
    }
}

/// G3: a simple type with facets named `_`, `_1` or `x²`: the name of the static holding its
/// facets was empty, started with a digit or held `²`, and `format_ident!` panicked.
#[test]
fn facet_statics_of_odd_type_names_are_identifiers() {
    let types: String = ["_", "_1", "x²"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                r#"<xs:simpleType name="{name}"><xs:restriction base="xs:string"><xs:maxLength value="{}"/></xs:restriction></xs:simpleType>"#,
                i + 3
            )
        })
        .collect();
    let schema = sequence(
        r#"<xs:element name="a" type="tns:_"/><xs:element name="b" type="tns:_1"/><xs:element name="c" type="tns:x²"/>"#,
    ) + &types;
    let code = generate(&wsdl(&schema));
    for name in ["static FACETS:", "static _1:", "static X:"] {
        assert!(code.contains(name), "no `{name}`");
    }
}

/// G4: an operation named `self` made the marker type `Self`, a keyword: the generated code
/// did not parse, an "internal error" with no location. It is `SelfOp` now.
#[test]
fn an_operation_named_self_gets_a_marker_type() {
    let code = generate(&wsdl_named(
        r#"<xs:element name="Req" type="xs:string"/>"#,
        "self",
        "Port",
        "S",
    ));
    assert!(code.contains("pub struct SelfOp;"));
    assert!(code.contains("pub static SELF_INFO"));
}

/// Two operations whose Rust names are the same (`getX` and `GetX` are both `GetX` and
/// `get_x`) generated duplicate items that did not compile; now a located error names both.
#[test]
fn operations_with_the_same_rust_name_are_a_located_error() {
    let schema = r#"<xs:element name="Req" type="xs:string"/>"#;
    let two_ops = wsdl(schema)
        .replace(
            r#"<wsdl:operation name="Op"><wsdl:input message="tns:In"/></wsdl:operation>"#,
            r#"<wsdl:operation name="getX"><wsdl:input message="tns:In"/></wsdl:operation><wsdl:operation name="GetX"><wsdl:input message="tns:In"/></wsdl:operation>"#,
        )
        .replace(
            r#"<wsdl:operation name="Op"><soap:operation soapAction="urn:t/Op"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>"#,
            r#"<wsdl:operation name="getX"><soap:operation soapAction="urn:t/a"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
    <wsdl:operation name="GetX"><soap:operation soapAction="urn:t/b"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>"#,
        );
    assert!(two_ops.contains(r#"name="GetX""#), "{two_ops}");
    let err = codegen::Builder::new()
        .generate_in_memory("s.wsdl", [("s.wsdl", two_ops.into_bytes())])
        .expect_err("getX and GetX cannot both be generated");
    let message = err.to_string();
    assert!(message.starts_with("s.wsdl:8:"), "{message}");
    assert!(
        message.contains(r#"operations "getX" and "GetX" have the same Rust name `GetX`"#),
        "{message}"
    );
}
