//! The rules overlay over a WSDL that says little (the way WCF serves one): it adds facets,
//! code lists, occurrence, header requirements, endpoints and docs; disagreements with the
//! WSDL are warnings at the rule's line (the rule wins); a rule naming something the WSDL
//! lacks is an error at the rule's line.

use std::path::Path;

/// A WSDL with no facets: every member optional and nillable, a code as plain `xs:int`.
fn wsdl(extra_types: &str, text_occurs: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
  <wsdl:types>
    <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
      <xs:element name="Token" nillable="true" type="xs:string"/>
      <xs:element name="Ping"><xs:complexType><xs:sequence>
        <xs:element {text_occurs} name="Text" nillable="true" type="xs:string"/>
        <xs:element minOccurs="0" name="Status" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      {extra_types}
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="PingIn"><wsdl:part name="parameters" element="t:Ping"/></wsdl:message>
  <wsdl:message name="PingHeaders"><wsdl:part name="Token" element="t:Token"/></wsdl:message>
  <wsdl:message name="PingOut"><wsdl:part name="parameters" element="t:PingResponse"/></wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="Ping"><wsdl:input message="t:PingIn"/><wsdl:output message="t:PingOut"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="t:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping"><soap:operation soapAction="urn:t/Ping" style="document"/>
      <wsdl:input><soap:header message="t:PingHeaders" part="Token" use="literal"/><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="Port" binding="t:B"><soap:address location="http://localhost/test"/></wsdl:port></wsdl:service>
</wsdl:definitions>"#
    )
}

const RULES: &str = r#"namespace = "urn:t"

[service.endpoints.PRODUCTION]
url = "https://example.com/live"
evidence = "manual p. 1"

[operations.Ping]
doc = "Checks that the service answers."
headers = { Token = "optional" }
evidence = "manual p. 2"

[types.Text5]
base = "xs:string"
max_length = 5
doc = "At most five characters."
evidence = "manual p. 3"

[types.Status]
base = "xs:int"
doc = "Where the ping is."
evidence = "manual p. 4"
values = [
    { value = "0", name = "Open", doc = "Not answered yet." },
    { value = "1", name = "Closed" },
]

[elements."Ping/Text"]
type = "Text5"
min_occurs = 1
nillable = false
doc = "The text to echo."
evidence = "manual p. 5"

[elements."Ping/Status"]
type = "Status"
min_occurs = 1
evidence = "manual p. 6"
"#;

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(wsdl: &str, rules: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.wsdl"), wsdl).unwrap();
        std::fs::write(dir.path().join("s.rules.toml"), rules).unwrap();
        Case { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self) -> codegen::Result<codegen::Output> {
        codegen::Builder::new()
            .runtime_path("crate::runtime")
            .rules(self.path("s.rules.toml"))
            .output(self.path("s.wsdl"))
    }
}

/// The 1-based line of the first line of `rules` containing `needle`.
fn line_of(rules: &str, needle: &str) -> u32 {
    rules
        .lines()
        .position(|l| l.contains(needle))
        .expect("needle in rules") as u32
        + 1
}

#[test]
fn rules_restore_what_the_served_wsdl_leaves_out() {
    let case = Case::new(&wsdl("", r#"minOccurs="0""#), RULES);
    let out = case.run().unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let code = out.code;
    // Occurrence and nillability: a required, non-nillable string with a length facet.
    assert!(code.contains("pub text: String,"), "{code}");
    assert!(code.contains("static TEXT5: rt::Facets"), "{code}");
    assert!(code.contains("max_length: Some(5u32)"), "{code}");
    assert!(code.contains("/// The text to echo."), "{code}");
    // A code list with names and docs instead of a bare i32.
    assert!(code.contains("pub status: Status,"), "{code}");
    assert!(code.contains("pub enum Status {"), "{code}");
    assert!(code.contains("/// Not answered yet.\n    Open,"), "{code}");
    assert!(code.contains("Closed,"), "{code}");
    // The header the rule makes optional, the endpoint, the operation doc.
    assert!(
        code.contains("name: \"Token\",\n                required: false,"),
        "{code}"
    );
    assert!(
        code.contains("pub const PRODUCTION_ENDPOINT: &str = \"https://example.com/live\";"),
        "{code}"
    );
    assert!(
        code.contains("/// Checks that the service answers."),
        "{code}"
    );
    // The rules file is one of the inputs the header names and hashes.
    assert!(
        code.lines().nth(1).unwrap().contains("s.rules.toml"),
        "{code}"
    );
}

#[test]
fn without_rules_the_served_wsdl_gives_loose_types() {
    let case = Case::new(&wsdl("", r#"minOccurs="0""#), RULES);
    let code = codegen::Builder::new()
        .runtime_path("crate::runtime")
        .generate(case.path("s.wsdl"))
        .unwrap();
    assert!(
        code.contains("pub text: Option<rt::Nillable<String>>,"),
        "{code}"
    );
    assert!(code.contains("pub status: Option<i32>,"), "{code}");
    assert!(!code.contains("PRODUCTION_ENDPOINT"), "{code}");
}

#[test]
fn a_facet_the_wsdl_sets_otherwise_is_a_warning_and_the_rule_wins() {
    let types = r#"<xs:simpleType name="Text5"><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType>"#;
    let case = Case::new(&wsdl(types, r#"minOccurs="0""#), RULES);
    let out = case.run().unwrap();
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    let w = &out.warnings[0];
    assert!(w.location.file.ends_with("s.rules.toml"));
    assert_eq!(w.location.line, line_of(RULES, "[types.Text5]"));
    assert!(
        w.message.contains("maxLength 10, the rule 5") && w.message.contains("the rule wins"),
        "{w}"
    );
    assert!(out.code.contains("max_length: Some(5u32)"));
}

#[test]
fn a_rule_that_relaxes_the_wsdl_is_a_warning() {
    // The WSDL requires Text (minOccurs 1, the default); a rule making it optional relaxes it.
    let rules = RULES.replace(
        "type = \"Text5\"\nmin_occurs = 1",
        "type = \"Text5\"\nmin_occurs = 0",
    );
    let case = Case::new(&wsdl("", ""), &rules);
    let out = case.run().unwrap();
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(
        out.warnings[0]
            .message
            .contains("relaxes minOccurs of Ping/Text from 1 to 0"),
        "{}",
        out.warnings[0]
    );
    assert_eq!(
        out.warnings[0].location.line,
        line_of(&rules, "[elements.\"Ping/Text\"]")
    );
}

#[test]
fn a_code_list_that_differs_from_the_wsdl_is_a_warning() {
    let types = r#"<xs:simpleType name="Status"><xs:restriction base="xs:int"><xs:enumeration value="0"/><xs:enumeration value="2"/></xs:restriction></xs:simpleType>"#;
    let case = Case::new(&wsdl(types, r#"minOccurs="0""#), RULES);
    let out = case.run().unwrap();
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(
        out.warnings[0]
            .message
            .contains("lists the values 0 2 for Status, the rule 0 1"),
        "{}",
        out.warnings[0]
    );
}

/// Generating with `rules` fails at `needle`'s line of the rules file with `message`.
fn assert_rule_error(rules: &str, needle: &str, message: &str) {
    let case = Case::new(&wsdl("", r#"minOccurs="0""#), rules);
    let e = case.run().unwrap_err();
    let loc = e
        .location
        .clone()
        .unwrap_or_else(|| panic!("not located: {e}"));
    assert!(loc.file.ends_with("s.rules.toml"), "{e}");
    assert_eq!(loc.line, line_of(rules, needle), "{e}");
    assert!(e.to_string().contains(message), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("{}:{}:", loc.file.display(), loc.line)),
        "{e}"
    );
}

#[test]
fn rules_naming_what_the_wsdl_lacks_are_located_errors() {
    let extra = |s: &str| format!("{RULES}\n{s}");
    let r = extra("[elements.\"Ping/Missing\"]\nmin_occurs = 1\nevidence = \"x\"\n");
    assert_rule_error(
        &r,
        "Ping/Missing",
        "Ping has no element Missing in the WSDL",
    );
    let r = extra("[elements.\"Nowhere/Text\"]\nmin_occurs = 1\nevidence = \"x\"\n");
    assert_rule_error(&r, "Nowhere/Text", "Nowhere is neither a complex type");
    let r = extra("[elements.Absent]\nnillable = false\nevidence = \"x\"\n");
    assert_rule_error(&r, "[elements.Absent]", "element Absent is not defined");
    let r = extra("[types.Ghost]\ndoc = \"no such type\"\nevidence = \"x\"\n");
    assert_rule_error(&r, "[types.Ghost]", "type Ghost is not defined in the WSDL");
    let r = extra("[operations.Pong]\ndoc = \"x\"\nevidence = \"x\"\n");
    assert_rule_error(&r, "[operations.Pong]", "operation Pong is not defined");
    let r = RULES.replace(
        "{ Token = \"optional\" }",
        "{ Token = \"optional\", Nonce = \"required\" }",
    );
    assert_rule_error(&r, "Nonce", "has no soap:header with part Nonce");
    let r = RULES.replace("type = \"Status\"", "type = \"Statuss\"");
    assert_rule_error(&r, "Statuss", "type Statuss is defined neither in the WSDL");
}

#[test]
fn malformed_rules_are_located_errors() {
    let r = RULES.replace("max_length = 5", "max_lenght = 5");
    assert_rule_error(&r, "max_lenght", "unknown key \"max_lenght\"");
    let r = RULES.replace("evidence = \"manual p. 3\"\n", "");
    assert_rule_error(&r, "[types.Text5]", "every rule needs `evidence`");
    let r = RULES.replace("max_length = 5", "max_length = -5");
    assert_rule_error(
        &r,
        "max_length",
        "max_length must be a non-negative integer",
    );
    let r = RULES.replace(
        "headers = { Token = \"optional\" }",
        "headers = { Token = \"maybe\" }",
    );
    assert_rule_error(&r, "maybe", "expected \"required\" or \"optional\"");
    let r = RULES.replace("[types.Text5]", "[types.Text5");
    assert_rule_error(&r, "[types.Text5", "not valid TOML");
    let r = RULES.replace("base = \"xs:string\"", "base = \"q:string\"");
    // Names in a rule are resolved when it is applied: the error points at the rule.
    assert_rule_error(&r, "[types.Text5]", "only the prefix xs:");
}

#[test]
fn columns_count_characters_after_multibyte_text() {
    let rules = RULES.replace(
        "headers = { Token = \"optional\" }",
        "headers = { \"Tökén\" = \"maybe\" }",
    );
    let case = Case::new(&wsdl("", r#"minOccurs="0""#), &rules);
    let e = case.run().unwrap_err();
    let loc = e.location.clone().unwrap();
    let line = rules.lines().nth(loc.line as usize - 1).unwrap();
    // The bad value's column in characters (the line has multi-byte text before it; counted in
    // bytes it would be two more). toml-span's string spans start inside the quotes.
    let value_col = line
        .find("maybe")
        .map(|b| line[..b].chars().count())
        .unwrap();
    assert_eq!(loc.column as usize, value_col + 1, "{e}");
}

#[test]
fn the_rules_file_must_exist() {
    let case = Case::new(&wsdl("", ""), RULES);
    let e = codegen::Builder::new()
        .rules(case.path("missing.toml"))
        .generate(case.path("s.wsdl"))
        .unwrap_err();
    assert!(e.to_string().contains("missing.toml"), "{e}");
    assert!(Path::new(&case.path("s.wsdl")).exists());
}
