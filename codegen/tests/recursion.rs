//! Recursive schemas generate recursive Rust types (a `Box` where the recursion is direct, a
//! `Vec` needs none); definitions XSD forbids as circular, and input nested too deeply, give
//! located errors. None of them may overflow the stack (which would abort this test binary).
//! That the generated code compiles is checked by the corpus crate, which builds
//! `tests/wsdl-corpus/synthetic/recursion.wsdl`.

const HEAD: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
  <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
"#;

const REST: &str = r#"
  <xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="PingIn"><wsdl:part name="parameters" element="t:Ping"/></wsdl:message>
  <wsdl:message name="PingOut"><wsdl:part name="parameters" element="t:PingResponse"/></wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="Ping"><wsdl:input message="t:PingIn"/><wsdl:output message="t:PingOut"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="t:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping"><soap:operation soapAction="urn:t/Ping" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="Port" binding="t:B"><soap:address location="http://localhost/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#;

/// A document/literal WSDL with one operation whose request element is `t:Ping`, declared by
/// `schema` (the schema's body, from line 5 of the file on).
fn wsdl(schema: &str) -> String {
    format!("{HEAD}{schema}{REST}")
}

fn generate(name: &str, schema: &str) -> Result<String, codegen::Error> {
    codegen::Builder::new()
        .runtime_path("crate::runtime")
        .generate_in_memory(name, [(name, wsdl(schema))])
}

/// The generated code with whitespace collapsed, for matching declarations.
fn flat(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_generates(name: &str, schema: &str, expected: &[&str]) {
    let code = generate(name, schema).unwrap_or_else(|e| panic!("{name}: {e}"));
    let code = flat(&code);
    for e in expected {
        assert!(code.contains(e), "{name}: no `{e}` in:\n{code}");
    }
}

#[test]
fn an_element_that_contains_itself_by_ref_generates() {
    assert_generates(
        "self_many.wsdl",
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="Name" type="xs:string"/>
            <xs:element ref="t:Ping" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>"#,
        &["pub struct Ping {", "pub ping: Vec<Ping>,"],
    );
    assert_generates(
        "self_optional.wsdl",
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="Name" type="xs:string"/>
            <xs:element ref="t:Ping" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>"#,
        &["pub ping: Option<Box<Ping>>,"],
    );
}

#[test]
fn mutual_recursion_through_refs_and_named_types_generates() {
    assert_generates(
        "mutual_ref.wsdl",
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element ref="t:B" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
           <xs:element name="B"><xs:complexType><xs:sequence><xs:element ref="t:Ping" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>"#,
        &["pub b: Option<PingB>,", "pub ping: Option<Box<Ping>>,"],
    );
    assert_generates(
        "mutual_type.wsdl",
        r#"<xs:element name="Ping" type="t:A"/>
           <xs:complexType name="A"><xs:sequence><xs:element name="b" type="t:B" minOccurs="0"/></xs:sequence></xs:complexType>
           <xs:complexType name="B"><xs:sequence><xs:element name="a" type="t:A" minOccurs="0"/></xs:sequence></xs:complexType>"#,
        &["pub b: Option<B>,", "pub a: Option<Box<A>>,"],
    );
    // Required recursion has no finite instance, but XSD allows it: still a box.
    assert_generates(
        "required_self.wsdl",
        r#"<xs:element name="Ping" type="t:A"/>
           <xs:complexType name="A"><xs:sequence><xs:element name="a" type="t:A"/></xs:sequence></xs:complexType>"#,
        &["pub a: Box<A>,"],
    );
}

#[test]
fn recursion_through_groups_extensions_choices_and_substitution_generates() {
    assert_generates(
        "group.wsdl",
        r#"<xs:element name="Ping"><xs:complexType><xs:group ref="t:G"/></xs:complexType></xs:element>
           <xs:group name="G"><xs:sequence><xs:element name="x" type="xs:string"/>
             <xs:element name="child" minOccurs="0"><xs:complexType><xs:group ref="t:G"/></xs:complexType></xs:element>
           </xs:sequence></xs:group>"#,
        &[
            "pub child: Option<PingChild>,",
            "pub child: Option<Box<PingChild>>,",
        ],
    );
    assert_generates(
        "attribute_group_in_recursive_type.wsdl",
        r#"<xs:element name="Ping" type="t:A"/>
           <xs:attributeGroup name="AG"><xs:attribute name="id" type="xs:string"/></xs:attributeGroup>
           <xs:complexType name="A"><xs:sequence><xs:element name="a" type="t:A" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
             <xs:attributeGroup ref="t:AG"/></xs:complexType>"#,
        &["pub a: Vec<A>,", "pub id: Option<String>,"],
    );
    assert_generates(
        "extension.wsdl",
        r#"<xs:element name="Ping" type="t:Derived"/>
           <xs:complexType name="Base"><xs:sequence><xs:element name="next" type="t:Derived" minOccurs="0"/></xs:sequence></xs:complexType>
           <xs:complexType name="Derived"><xs:complexContent><xs:extension base="t:Base"><xs:sequence>
             <xs:element name="x" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#,
        &["pub next: Option<Box<Derived>>,", "pub x: String,"],
    );
    assert_generates(
        "choice.wsdl",
        r#"<xs:element name="Ping" type="t:A"/>
           <xs:complexType name="A"><xs:choice><xs:element name="leaf" type="xs:string"/><xs:element name="a" type="t:A"/>
             <xs:element name="many" type="t:A" maxOccurs="unbounded"/></xs:choice></xs:complexType>"#,
        &["Leaf(String),", "A(Box<A>),", "Many(Vec<A>),"],
    );
    assert_generates(
        "substitution.wsdl",
        r#"<xs:element name="Ping" type="t:Shape"/>
           <xs:element name="shape" type="t:Shape" abstract="true"/>
           <xs:element name="circle" type="t:Circle" substitutionGroup="t:shape"/>
           <xs:complexType name="Shape"><xs:sequence><xs:element ref="t:shape" minOccurs="0"/></xs:sequence></xs:complexType>
           <xs:complexType name="Circle"><xs:complexContent><xs:extension base="t:Shape"><xs:sequence>
             <xs:element name="r" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#,
        &["Circle(Box<Circle>),"],
    );
    assert_generates(
        "list_wrapper.wsdl",
        r#"<xs:element name="Ping" type="t:A"/>
           <xs:complexType name="A"><xs:sequence><xs:element name="kids" type="t:AList" minOccurs="0"/></xs:sequence></xs:complexType>
           <xs:complexType name="AList"><xs:sequence><xs:element name="A" type="t:A" maxOccurs="unbounded"/></xs:sequence></xs:complexType>"#,
        &["pub kids: Option<Vec<A>>,"],
    );
    // An element that names itself as its substitution group head, and two heads of each other.
    generate(
        "substitution_self.wsdl",
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element ref="t:X"/><xs:element ref="t:Y"/></xs:sequence></xs:complexType></xs:element>
           <xs:element name="X" type="xs:string" substitutionGroup="t:X"/>
           <xs:element name="Y" substitutionGroup="t:Z"/><xs:element name="Z" substitutionGroup="t:Y"/>"#,
    )
    .unwrap();
}

/// Asserts `schema` fails at line `line` of the file with a message containing `what`.
fn assert_located(name: &str, schema: &str, line: u32, what: &str) {
    let e = generate(name, schema).expect_err(name);
    let text = e.to_string();
    assert!(text.starts_with(&format!("{name}:{line}:")), "{text}");
    assert!(text.contains(what), "{name}: no \"{what}\" in: {text}");
}

#[test]
fn circular_definitions_are_located_errors_naming_the_construct() {
    let ping = |ty: &str| {
        format!(
            r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="x" type="{ty}"/></xs:sequence></xs:complexType></xs:element>"#
        )
    };
    let cases = [
        ("ext_self.wsdl", "<xs:element name=\"Ping\" type=\"t:A\"/>\n<xs:complexType name=\"A\"><xs:complexContent><xs:extension base=\"t:A\"/></xs:complexContent></xs:complexType>".to_owned(), 6, "complex type {urn:t}A derives from itself"),
        ("ext_mutual.wsdl", "<xs:element name=\"Ping\" type=\"t:A\"/>\n<xs:complexType name=\"A\"><xs:complexContent><xs:extension base=\"t:B\"/></xs:complexContent></xs:complexType>\n<xs:complexType name=\"B\"><xs:complexContent><xs:extension base=\"t:A\"/></xs:complexContent></xs:complexType>".to_owned(), 6, "complex type {urn:t}A derives from itself"),
        ("simple_content_self.wsdl", "<xs:element name=\"Ping\" type=\"t:A\"/>\n<xs:complexType name=\"A\"><xs:simpleContent><xs:extension base=\"t:A\"/></xs:simpleContent></xs:complexType>".to_owned(), 6, "complex type {urn:t}A derives from itself"),
        ("group_self.wsdl", "<xs:element name=\"Ping\"><xs:complexType><xs:group ref=\"t:G\"/></xs:complexType></xs:element>\n<xs:group name=\"G\"><xs:sequence><xs:element name=\"x\" type=\"xs:string\"/><xs:group ref=\"t:G\"/></xs:sequence></xs:group>".to_owned(), 6, "group {urn:t}G contains itself"),
        ("group_mutual.wsdl", "<xs:element name=\"Ping\"><xs:complexType><xs:group ref=\"t:G\"/></xs:complexType></xs:element>\n<xs:group name=\"G\"><xs:sequence><xs:group ref=\"t:H\"/></xs:sequence></xs:group>\n<xs:group name=\"H\"><xs:sequence><xs:group ref=\"t:G\"/></xs:sequence></xs:group>".to_owned(), 7, "group {urn:t}G contains itself"),
        ("attribute_group_self.wsdl", "<xs:element name=\"Ping\"><xs:complexType><xs:attributeGroup ref=\"t:AG\"/></xs:complexType></xs:element>\n<xs:attributeGroup name=\"AG\"><xs:attribute name=\"a\" type=\"xs:string\"/><xs:attributeGroup ref=\"t:AG\"/></xs:attributeGroup>".to_owned(), 6, "attribute group {urn:t}AG contains itself"),
        ("restriction_self.wsdl", format!("{}\n<xs:simpleType name=\"S\"><xs:restriction base=\"t:S\"/></xs:simpleType>", ping("t:S")), 6, "simple type {urn:t}S derives from itself"),
        ("restriction_mutual.wsdl", format!("{}\n<xs:simpleType name=\"S\"><xs:restriction base=\"t:R\"/></xs:simpleType>\n<xs:simpleType name=\"R\"><xs:restriction base=\"t:S\"/></xs:simpleType>", ping("t:S")), 6, "simple type {urn:t}S derives from itself"),
        ("union_self.wsdl", format!("{}\n<xs:simpleType name=\"S\"><xs:union memberTypes=\"xs:int t:S\"/></xs:simpleType>", ping("t:S")), 6, "simple type {urn:t}S derives from itself"),
        ("list_self.wsdl", format!("{}\n<xs:simpleType name=\"S\"><xs:list itemType=\"t:S\"/></xs:simpleType>", ping("t:S")), 6, "simple type {urn:t}S derives from itself"),
        ("global_ref.wsdl", "<xs:element name=\"Ping\"><xs:complexType><xs:sequence><xs:element ref=\"t:X\"/></xs:sequence></xs:complexType></xs:element>\n<xs:element ref=\"t:X\"/>".to_owned(), 6, "is itself a reference"),
    ];
    for (name, schema, line, what) in cases {
        assert_located(name, &schema, line, what);
    }
}

/// `n` nested `<a>` elements.
fn nested(n: usize, open: &str, close: &str) -> String {
    let mut s = String::with_capacity(n * (open.len() + close.len()));
    for _ in 0..n {
        s.push_str(open);
    }
    for _ in 0..n {
        s.push_str(close);
    }
    s
}

#[test]
fn deeply_nested_xml_is_a_located_error() {
    let ping =
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#;
    let doc = format!(
        "{ping}<xs:annotation><xs:documentation>{}</xs:documentation></xs:annotation>",
        nested(100_000, "<a>", "</a>")
    );
    assert_located(
        "deep_doc.wsdl",
        &doc,
        5,
        "elements nested more than 256 levels deep",
    );
    let types = format!(
        r#"<xs:element name="Ping">{}</xs:element>"#,
        nested(
            100_000,
            r#"<xs:complexType><xs:sequence><xs:element name="e">"#,
            "</xs:element></xs:sequence></xs:complexType>"
        )
    );
    assert_located(
        "deep_types.wsdl",
        &types,
        5,
        "elements nested more than 256 levels deep",
    );
}

#[test]
fn nesting_within_the_limits_generates_and_deeper_is_a_located_error() {
    // 5 levels above the schema body, 3 per anonymous type: 83 nested anonymous types.
    let types = format!(
        r#"<xs:element name="Ping">{}</xs:element>"#,
        nested(
            83,
            r#"<xs:complexType><xs:sequence><xs:element name="e" minOccurs="0">"#,
            "</xs:element></xs:sequence></xs:complexType>"
        )
    );
    assert_generates("anonymous_83.wsdl", &types, &["pub e: Option<"]);
    // A chain of named types, each with a field of the next: 200 levels are generated.
    let chain = |n: usize| {
        let mut s = String::from(r#"<xs:element name="Ping" type="t:T0"/>"#);
        for i in 0..n {
            s.push_str(&format!(
                r#"<xs:complexType name="T{i}"><xs:sequence><xs:element name="n" type="t:T{}" minOccurs="0"/></xs:sequence></xs:complexType>"#,
                i + 1
            ));
        }
        s.push_str(&format!(
            r#"<xs:complexType name="T{n}"><xs:sequence/></xs:complexType>"#
        ));
        s
    };
    assert_generates("chain_199.wsdl", &chain(199), &["pub struct T199 {"]);
    // Deeper is a located error rather than a deeper descent.
    assert_located(
        "chain_5000.wsdl",
        &chain(5000),
        5,
        "unsupported: types nested more than 200 levels deep",
    );
    // The same for a chain of model groups, each repeating a reference to the next.
    let groups = |n: usize| {
        let mut s = String::from(
            r#"<xs:element name="Ping"><xs:complexType><xs:sequence><xs:group ref="t:G0" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>"#,
        );
        for i in 0..n {
            s.push_str(&format!(
                r#"<xs:group name="G{i}"><xs:sequence><xs:element name="e" type="xs:int"/><xs:group ref="t:G{}" maxOccurs="2"/></xs:sequence></xs:group>"#,
                i + 1
            ));
        }
        s.push_str(&format!(
            r#"<xs:group name="G{n}"><xs:sequence><xs:element name="last" type="xs:int"/></xs:sequence></xs:group>"#
        ));
        s
    };
    assert_generates("groups_150.wsdl", &groups(150), &["pub struct G150 {"]);
    assert_located(
        "groups_5000.wsdl",
        &groups(5000),
        5,
        "unsupported: types and groups nested more than 200 levels deep",
    );
}
