//! Malformed or unsupported WSDL gives an error naming file, line and column; never a panic.

use std::path::Path;

const HEAD: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">"#;

const REST: &str = r#"
  <wsdl:message name="PingIn"><wsdl:part name="parameters" element="t:Ping"/></wsdl:message>
  <wsdl:message name="PingOut"><wsdl:part name="parameters" element="t:PingResponse"/></wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="Ping"><wsdl:input message="t:PingIn"/><wsdl:output message="t:PingOut"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="t:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping"><soap:operation soapAction="urn:t/Ping" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="Port" binding="t:B"><soap:address location="http://localhost/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>"#;

fn wsdl_with_types(types: &str) -> String {
    format!("{HEAD}\n  <wsdl:types>{types}</wsdl:types>{REST}")
}

fn generate(dir: &Path, name: &str, text: &str) -> Result<String, codegen::Error> {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    codegen::Builder::new()
        .runtime_path("crate::runtime")
        .generate(&path)
}

fn schema(body: &str) -> String {
    format!(
        r#"<xs:schema targetNamespace="urn:t" elementFormDefault="qualified">{body}</xs:schema>"#
    )
}

const PING: &str = r#"<xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#;

#[test]
fn a_minimal_valid_wsdl_generates() {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="Text" type="xs:string"/></xs:sequence></xs:complexType></xs:element>{PING}"#
    ));
    let code = generate(dir.path(), "ok.wsdl", &wsdl_with_types(&types)).unwrap();
    assert!(code.contains("pub struct Ping {"), "{code}");
    assert!(code.contains("pub text: String"), "{code}");
}

#[test]
fn malformed_xml_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{HEAD}\n  <wsdl:types>\n    <xs:schema>\n  </wsdl:types>{REST}");
    let e = generate(dir.path(), "broken.wsdl", &text).unwrap_err();
    let loc = e.location.clone().expect("located");
    assert!(loc.file.ends_with("broken.wsdl"));
    assert_eq!(loc.line, 6, "{e}");
    assert!(
        e.to_string().contains("broken.wsdl:6:") && e.to_string().contains("not well-formed XML"),
        "{e}"
    );
}

#[test]
fn unsupported_construct_names_itself_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        "<xs:element name=\"Ping\"><xs:complexType><xs:sequence><xs:element name=\"A\" type=\"xs:string\"/></xs:sequence>\n<xs:assert test=\"A\"/>\n</xs:complexType></xs:element>{PING}"
    ));
    let e = generate(dir.path(), "assert.wsdl", &wsdl_with_types(&types)).unwrap_err();
    assert!(
        e.message.starts_with("unsupported: XSD 1.1 xs:assert"),
        "{e}"
    );
    assert_eq!(e.location.unwrap().line, 5);
}

#[test]
fn unsupported_constructs_that_no_operation_reaches_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence/></xs:complexType></xs:element>{PING}
        <xs:complexType name="Unused" mixed="true"><xs:sequence/></xs:complexType>"#
    ));
    generate(dir.path(), "unused.wsdl", &wsdl_with_types(&types)).unwrap();
}

#[test]
fn undefined_type_and_undeclared_prefix_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="A" type="t:Nope"/></xs:sequence></xs:complexType></xs:element>{PING}"#
    ));
    let e = generate(dir.path(), "undef.wsdl", &wsdl_with_types(&types)).unwrap_err();
    assert!(
        e.to_string().contains("undef.wsdl:4:") && e.message.contains("{urn:t}Nope is not defined"),
        "{e}"
    );
    let types = schema(&format!(
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="A" type="zz:Nope"/></xs:sequence></xs:complexType></xs:element>{PING}"#
    ));
    let e = generate(dir.path(), "prefix.wsdl", &wsdl_with_types(&types)).unwrap_err();
    assert!(e.message.contains("prefix \"zz\""), "{e}");
    assert!(e.location.is_some());
}

#[test]
fn missing_import_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{HEAD}\n  <wsdl:import namespace=\"urn:x\" location=\"https://example.com/S.svc?wsdl=wsdl0\"/>{REST}");
    let e = generate(dir.path(), "imp.wsdl", &text).unwrap_err();
    assert!(e.to_string().contains("imp.wsdl:4:"), "{e}");
    assert!(
        e.message.contains("S.wsdl0.wsdl"),
        "names what it tried: {e}"
    );
}

#[test]
fn a_bad_pattern_and_a_bad_number_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        "<xs:element name=\"Ping\"><xs:complexType><xs:sequence><xs:element name=\"A\" type=\"t:P\"/></xs:sequence></xs:complexType></xs:element>{PING}\n<xs:simpleType name=\"P\"><xs:restriction base=\"xs:string\"><xs:pattern value=\"[a-\"/></xs:restriction></xs:simpleType>"
    ));
    let e = generate(dir.path(), "pat.wsdl", &wsdl_with_types(&types)).unwrap_err();
    assert!(e.message.starts_with("unsupported: pattern \"[a-\""), "{e}");
    assert_eq!(e.location.unwrap().line, 5);
    let types = schema(&format!(
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="A" type="xs:string" maxOccurs="lots"/></xs:sequence></xs:complexType></xs:element>{PING}"#
    ));
    let e = generate(dir.path(), "num.wsdl", &wsdl_with_types(&types)).unwrap_err();
    assert!(e.message.contains("maxOccurs=\"lots\""), "{e}");
}

#[test]
fn non_soap_and_rpc_encoded_bindings_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let http_only = format!(
        "{HEAD}{}",
        REST.replace(
            "<soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>",
            ""
        )
        .replace(
            "<soap:operation soapAction=\"urn:t/Ping\" style=\"document\"/>",
            ""
        )
        .replace("<soap:address location=\"http://localhost/s\"/>", "")
        .replace("<soap:body use=\"literal\"/>", "")
    );
    let e = generate(dir.path(), "http.wsdl", &http_only).unwrap_err();
    assert!(e.message.contains("no SOAP binding"), "{e}");
    let encoded = wsdl_with_types(&schema(PING)).replace("use=\"literal\"", "use=\"encoded\"");
    let e = generate(dir.path(), "enc.wsdl", &encoded).unwrap_err();
    assert!(e.message.contains("encoded"), "{e}");
    assert!(e.location.is_some());
}

#[test]
fn not_a_wsdl_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let e = generate(
        dir.path(),
        "x.wsdl",
        "<html><body>502 Bad Gateway</body></html>",
    )
    .unwrap_err();
    assert!(
        e.message.contains("expected a WSDL 1.1 <definitions>"),
        "{e}"
    );
    let e = generate(dir.path(), "y.wsdl", "").unwrap_err();
    assert!(e.location.is_some(), "{e}");
    let e = codegen::Builder::new()
        .generate(dir.path().join("missing.wsdl"))
        .unwrap_err();
    assert!(e.to_string().contains("missing.wsdl"), "{e}");
}

/// A facet problem in `Ping/Value` (of simple type `restriction`) is an error at the facet.
fn facet_error(restriction: &str) -> codegen::Error {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        "\n<xs:simpleType name=\"V\">\n{restriction}\n</xs:simpleType>\n<xs:element name=\"Ping\"><xs:complexType><xs:sequence><xs:element name=\"Value\" type=\"t:V\"/></xs:sequence></xs:complexType></xs:element>{PING}"
    ));
    generate(dir.path(), "facet.wsdl", &wsdl_with_types(&types)).unwrap_err()
}

#[test]
fn bounds_are_read_in_the_base_type_and_located() {
    for (restriction, says) in [
        (
            r#"<xs:restriction base="xs:int">   <xs:maxInclusive value="abc"/></xs:restriction>"#,
            "maxInclusive value \"abc\" is not an integer",
        ),
        (
            r#"<xs:restriction base="xs:byte">   <xs:minInclusive value="300"/></xs:restriction>"#,
            "not in the base type's range -128 to 127",
        ),
        (
            r#"<xs:restriction base="xs:decimal"><xs:minExclusive value="1e3"/></xs:restriction>"#,
            "is not a decimal number",
        ),
        (
            r#"<xs:restriction base="xs:date">   <xs:maxExclusive value="2020-02-30"/></xs:restriction>"#,
            "is not an xs:date",
        ),
        (
            r#"<xs:restriction base="xs:string"> <xs:maxInclusive value="5"/></xs:restriction>"#,
            "facet maxInclusive does not apply to a string type",
        ),
        (
            r#"<xs:restriction base="xs:int">    <xs:maxLength value="5"/></xs:restriction>"#,
            "facet maxLength does not apply to an integer type",
        ),
        (
            r#"<xs:restriction base="xs:string"> <xs:pattern value="\p{IsBasicLatin}+"/></xs:restriction>"#,
            "Unicode block escape",
        ),
        (
            r#"<xs:restriction base="xs:string"> <xs:pattern value="\bword"/></xs:restriction>"#,
            "is not an XSD escape",
        ),
    ] {
        let e = facet_error(restriction);
        let loc = e.location.clone().expect("located");
        // The restriction is line 6 from column 1; its facet starts after column 30.
        assert!(loc.line == 6 && loc.column > 30, "{restriction}: {e}");
        assert!(e.to_string().contains(says), "{restriction}: {e}");
    }
}

/// A service whose Ping messages are `parts` (each a `<wsdl:part>`), bound by `input` and
/// `output` (the contents of `<wsdl:input>` / `<wsdl:output>`).
fn bound_wsdl(parts_in: &str, parts_out: &str, input: &str, output: &str) -> String {
    let types = schema(
        r#"<xs:element name="Ping" type="xs:string"/><xs:element name="Auth" type="xs:string"/><xs:element name="PingResponse" type="xs:int"/>"#,
    );
    format!(
        r#"{HEAD}
  <wsdl:types>{types}</wsdl:types>
  <wsdl:message name="PingIn">{parts_in}</wsdl:message>
  <wsdl:message name="PingOut">{parts_out}</wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="Ping"><wsdl:input message="t:PingIn"/><wsdl:output message="t:PingOut"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="t:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping"><soap:operation soapAction="urn:t/Ping" style="document"/>
      <wsdl:input>{input}</wsdl:input>
      <wsdl:output>{output}</wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="Port" binding="t:B"><soap:address location="http://localhost/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>"#
    )
}

#[test]
fn soap_body_parts_selects_the_body_and_soap_header_the_headers() {
    let dir = tempfile::tempdir().unwrap();
    let two =
        r#"<wsdl:part name="body" element="t:Ping"/><wsdl:part name="auth" element="t:Auth"/>"#;
    let out = r#"<wsdl:part name="auth" element="t:Auth"/><wsdl:part name="body" element="t:PingResponse"/>"#;
    let header_in = r#"<soap:body parts="body" use="literal"/><soap:header message="t:PingIn" part="auth" use="literal"/>"#;
    let header_out = r#"<soap:body parts="body" use="literal"/><soap:header message="t:PingOut" part="auth" use="literal"/>"#;
    let code = generate(
        dir.path(),
        "headers.wsdl",
        &bound_wsdl(two, out, header_in, header_out),
    )
    .unwrap();
    assert!(code.contains("pub auth: Option<String>"), "{code}");
    assert!(code.contains("request: (\"urn:t\", \"Ping\")"), "{code}");
    assert!(
        code.contains("response: (\"urn:t\", \"PingResponse\")"),
        "{code}"
    );
    let compact: String = code.split_whitespace().collect();
    assert!(
        compact.contains("response_headers:&[rt::HeaderUse{name:\"Auth\",required:true,},]"),
        "{code}"
    );
    // Without `parts`, both parts are the body: unwrapped, the parts are its children.
    let body = r#"<soap:body use="literal"/>"#;
    let code = generate(dir.path(), "bare.wsdl", &bound_wsdl(two, out, body, body)).unwrap();
    assert!(code.contains("pub struct PingRequest {"), "{code}");
    assert!(code.contains("request_unwrapped: true"), "{code}");
    // A part `parts` names that the message lacks is located at the binding's operation.
    let wrong = r#"<soap:body parts="bdy" use="literal"/>"#;
    let e = generate(dir.path(), "wrong.wsdl", &bound_wsdl(two, out, wrong, body)).unwrap_err();
    assert!(
        e.to_string()
            .contains("soap:body parts names \"bdy\", which message PingIn does not have"),
        "{e}"
    );
    assert_eq!(e.location.as_ref().unwrap().line, 9, "{e}");
}

#[test]
fn mime_attachments_are_refused_with_their_part() {
    let dir = tempfile::tempdir().unwrap();
    let parts = r#"<wsdl:part name="body" element="t:Ping"/><wsdl:part name="photo" type="xs:base64Binary"/>"#;
    let out = r#"<wsdl:part name="body" element="t:PingResponse"/>"#;
    let mime = r#"<mime:multipartRelated xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/"><mime:part><soap:body parts="body" use="literal"/></mime:part>
        <mime:part><mime:content part="photo" type="image/jpeg"/></mime:part></mime:multipartRelated>"#;
    let body = r#"<soap:body use="literal"/>"#;
    let e = generate(dir.path(), "swa.wsdl", &bound_wsdl(parts, out, mime, body)).unwrap_err();
    assert!(
        e.message
            .starts_with("unsupported: SOAP with Attachments: part \"photo\" is a MIME attachment"),
        "{e}"
    );
    assert_eq!(e.location.as_ref().unwrap().line, 11, "{e}");
}

#[test]
fn sequences_that_repeat_or_are_optional_generate() {
    let dir = tempfile::tempdir().unwrap();
    let ping = |content: &str| {
        let types = schema(&format!(
            r#"<xs:element name="Ping"><xs:complexType><xs:sequence>{content}</xs:sequence></xs:complexType></xs:element>{PING}"#
        ));
        generate(dir.path(), "seq.wsdl", &wsdl_with_types(&types))
    };
    // One element repeated by its sequence: the element repeats (2 x 3 = at most 6).
    let code = ping(r#"<xs:sequence minOccurs="2" maxOccurs="3"><xs:element name="Item" type="xs:string" maxOccurs="2"/></xs:sequence>"#).unwrap();
    assert!(code.contains("min = 2usize, max = 6usize"), "{code}");
    assert!(code.contains("pub item: Vec<String>"), "{code}");
    // An optional sequence of several: a model group, all or nothing.
    let code = ping(r#"<xs:sequence minOccurs="0"><xs:element name="A" type="xs:string"/><xs:element name="B" type="xs:int"/></xs:sequence>"#).unwrap();
    assert!(
        code.contains("pub sequence: Option<PingSequence>"),
        "{code}"
    );
    assert!(code.contains("pub a: String"), "{code}");
    assert!(code.contains("pub b: i32"), "{code}");
    // A repeated sequence of several: one group value per repetition, its members in order.
    let code = ping(r#"<xs:sequence maxOccurs="unbounded"><xs:element name="Key" type="xs:string"/><xs:element name="Value" type="xs:int" minOccurs="0"/></xs:sequence>"#).unwrap();
    assert!(code.contains("pub sequence: Vec<PingSequence>"), "{code}");
    assert!(code.contains("The sequence (`Key, Value?`)"), "{code}");
    assert!(code.contains("pub value: Option<i32>"), "{code}");
    // Two items named alike could not be told apart as items: the sequence is kept as a
    // unit, a model group read in order.
    let code = ping(r#"<xs:sequence maxOccurs="2"><xs:element name="A" type="xs:string"/><xs:element name="A" type="xs:int"/></xs:sequence>"#).unwrap();
    assert!(code.contains("#[soap(group)]"), "{code}");
    assert!(code.contains("pub struct PingSequence"), "{code}");
    assert!(
        code.contains("#[soap(group = \"PingSequence\", min = 1usize, max = 2usize)]"),
        "{code}"
    );
    assert!(code.contains("pub sequence: Vec<PingSequence>"), "{code}");
    // So is one holding a wildcard.
    let code = ping(r#"<xs:sequence maxOccurs="unbounded"><xs:element name="Known" type="xs:string"/><xs:any minOccurs="0"/></xs:sequence>"#).unwrap();
    assert!(code.contains("#[soap(group)]"), "{code}");
    assert!(code.contains("#[soap(ordered)]"), "{code}");
}

#[test]
fn extension_hierarchies_are_enums_of_their_concrete_types() {
    let dir = tempfile::tempdir().unwrap();
    let ping = |types: &str| {
        let types = schema(&format!(
            r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="a" type="t:Animal" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>{types}{PING}"#
        ));
        generate(dir.path(), "dyn.wsdl", &wsdl_with_types(&types))
    };
    let derived = |name: &str, base: &str, abstract_: bool| {
        format!(
            r#"<xs:complexType name="{name}" abstract="{abstract_}"><xs:complexContent><xs:extension base="t:{base}"><xs:sequence><xs:element name="{name}Only" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#
        )
    };
    let base = |abstract_: bool| {
        format!(
            r#"<xs:complexType name="Animal" abstract="{abstract_}"><xs:sequence><xs:element name="id" type="xs:int"/></xs:sequence></xs:complexType>"#
        )
    };
    // An abstract base and an abstract middle type: only the concrete leaf is a variant.
    let code = ping(&format!(
        "{}{}{}",
        base(true),
        derived("Dog", "Animal", true),
        derived("Beagle", "Dog", false)
    ))
    .unwrap();
    assert!(code.contains("pub a: Vec<AnimalDyn>"), "{code}");
    assert!(code.contains("Beagle(Beagle)"), "{code}");
    assert!(
        !code.contains("Dog(Dog)") && !code.contains("    Animal(Animal)"),
        "{code}"
    );
    assert!(
        code.contains("an element of the abstract type {urn:t}Animal names no xsi:type"),
        "{code}"
    );
    // Every type abstract: the declared one stands for them, so the enum is not empty.
    let code = ping(&format!("{}{}", base(true), derived("Dog", "Animal", true))).unwrap();
    assert!(code.contains("Animal(Animal)"), "{code}");
    assert!(
        !code.contains("None => Ok(Self::Animal"),
        "an element without xsi:type is refused, not read as the abstract type: {code}"
    );
}

#[test]
fn sequences_and_groups_inside_choices_are_model_groups() {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        r###"<xs:group name="Pair"><xs:sequence><xs:element name="Key" type="xs:string"/><xs:element name="Value" type="xs:int"/></xs:sequence></xs:group>
        <xs:element name="Ping"><xs:complexType><xs:sequence>
          <xs:choice><xs:element name="Id" type="xs:int"/><xs:group ref="t:Pair"/><xs:sequence><xs:element name="A" type="xs:string"/><xs:element name="B" type="xs:string"/></xs:sequence><xs:any namespace="##other"/></xs:choice>
          <xs:group ref="t:Pair" minOccurs="0" maxOccurs="3"/>
        </xs:sequence></xs:complexType></xs:element>{PING}"###
    ));
    let code = generate(dir.path(), "groups.wsdl", &wsdl_with_types(&types)).unwrap();
    // The group is one struct wherever it is used.
    assert_eq!(code.matches("pub struct Pair ").count(), 1, "{code}");
    for variant in [
        "Id(i32)",
        "Pair(Pair)",
        "Sequence(PingChoiceSequence)",
        "Any(rt::AnyElement)",
    ] {
        assert!(code.contains(variant), "{variant}: {code}");
    }
    assert!(code.contains("pub pair: Vec<Pair>"), "{code}");
    assert!(
        code.contains("#[soap(group = \"Pair\", max = 3usize)]"),
        "{code}"
    );
}

#[test]
fn any_type_bodies_and_mixed_wildcards_are_raw_content() {
    let dir = tempfile::tempdir().unwrap();
    let types = schema(&format!(
        r#"<xs:element name="Ping"/>{PING}<xs:complexType name="Mixed" mixed="true"><xs:sequence><xs:element name="A" type="xs:string"/></xs:sequence></xs:complexType>"#
    ));
    let code = generate(dir.path(), "any.wsdl", &wsdl_with_types(&types)).unwrap();
    let ping = code.split("pub struct Ping {").nth(1).unwrap();
    assert!(
        ping.trim_start().starts_with(
            "/// The element's content, text and child elements, as raw XML.\n    #[soap(content)]"
        ),
        "{code}"
    );
    // Mixed content with elements of its own: one list of text and element items.
    let types = schema(&format!(
        r#"<xs:element name="Ping" type="t:Mixed"/>{PING}<xs:complexType name="Mixed" mixed="true"><xs:sequence><xs:element name="A" type="xs:string"/></xs:sequence></xs:complexType>"#
    ));
    let code = generate(dir.path(), "mixed.wsdl", &wsdl_with_types(&types)).unwrap();
    assert!(code.contains("#[soap(mixed)]"), "{code}");
    assert!(code.contains("pub content: Vec<MixedContent>"), "{code}");
    assert!(
        code.contains("Text(String)") && code.contains("A(String)"),
        "{code}"
    );
}

/// The generated code or the error for a `Ping` request with one member declared by `member`.
fn ping_with(dir: &Path, name: &str, member: &str) -> Result<String, codegen::Error> {
    let types = schema(&format!(
        r#"<xs:simpleType name="Colour"><xs:restriction base="xs:string"><xs:enumeration value="red"/><xs:enumeration value="blue"/></xs:restriction></xs:simpleType>
  <xs:element name="Ping"><xs:complexType><xs:sequence>
    {member}
  </xs:sequence><xs:attribute name="Mode" type="xs:string" default="fast"/></xs:complexType></xs:element>{PING}"#
    ));
    generate(dir, name, &wsdl_with_types(&types))
}

#[test]
fn default_and_fixed_values_are_checked_against_their_type_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"<xs:element name="N" type="xs:int" default="many"/>"#,
            r#"default="many" is not an integer"#,
        ),
        (
            r#"<xs:element name="N" type="xs:unsignedByte" fixed="300"/>"#,
            r#"fixed="300" is not in the base type's range 0 to 255"#,
        ),
        (
            r#"<xs:element name="B" type="xs:boolean" default="yes"/>"#,
            r#"default="yes" is not a boolean"#,
        ),
        (
            r#"<xs:element name="C" type="t:Colour" default="green"/>"#,
            r#"default="green" is not one of the enumeration's values"#,
        ),
        (
            r#"<xs:element name="D" type="xs:date" default="2024-02-30"/>"#,
            r#"default="2024-02-30" is not an xs:date"#,
        ),
        (
            r#"<xs:element name="X" type="xs:string" default="a" fixed="a"/>"#,
            "both default and fixed on one declaration",
        ),
    ];
    for (i, (member, message)) in cases.iter().enumerate() {
        let e = ping_with(dir.path(), &format!("vc{i}.wsdl"), member).unwrap_err();
        let text = e.to_string();
        assert!(text.contains(message), "{member}: {text}");
        assert!(text.contains(&format!("vc{i}.wsdl:")), "located: {text}");
    }
    let e = ping_with(
        dir.path(),
        "required.wsdl",
        r#"<xs:element name="S"><xs:complexType><xs:attribute name="a" type="xs:string" use="required" default="x"/></xs:complexType></xs:element>"#,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains(r#"a default on an attribute with use="required""#),
        "{e}"
    );
    let e = ping_with(
        dir.path(),
        "complex.wsdl",
        r#"<xs:element name="S" default="x"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("given for an element of complex type"),
        "{e}"
    );
}

#[test]
fn default_and_fixed_values_reach_the_generated_members() {
    let dir = tempfile::tempdir().unwrap();
    let code = ping_with(
        dir.path(),
        "ok.wsdl",
        r#"<xs:element name="N" type="xs:int" minOccurs="0" default="+7"/>
    <xs:element name="V" type="xs:decimal" fixed="1.0"/>
    <xs:element name="C" type="t:Colour" default=" red "/>"#,
    )
    .unwrap();
    for expected in [
        r#"default = "+7""#,
        r#"fixed = "1.0""#,
        r#"default = " red ""#,
        r#"default = "fast""#,
        "defaults to `+7` when the element is empty",
        "fixed at `1.0` (and `1.0` when the element is empty)",
        "defaults to `fast` when absent",
    ] {
        assert!(code.contains(expected), "{expected} in:\n{code}");
    }
}
