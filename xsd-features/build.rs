//! For every case of tests/xsd-parser-features/MANIFEST.tsv: writes a one-operation
//! document/literal SOAP 1.1 WSDL whose request and response are the case's root element (the
//! WSDL's schema imports the feature's schema; for a schema without top-level elements, a
//! `wrap=TYPE` row has the WSDL declare the root, of that named type, in a schema of the root's
//! namespace that includes the feature's), runs the generator on it in memory, and makes
//! the bindings that generate modules of this crate (so compiling the crate compiles them).
//! Every outcome, with its error for the others, goes into a table the tests check; each
//! generated module gets a round-trip function (decode a response, encode it again).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One row of MANIFEST.tsv.
struct Row<'a> {
    case: &'a str,
    folder: &'a str,
    schema: &'a str,
    root: &'a str,
    examples: &'a str,
    expected: &'a str,
    /// `wrap=TYPE`: the schema has no top-level element, so the WSDL declares the root, of
    /// the schema's named type `TYPE`, in a schema of the root's namespace that includes it.
    wrap: Option<&'a str>,
}

fn main() {
    let suite = PathBuf::from("../tests/xsd-parser-features");
    println!("cargo:rerun-if-changed=../tests/xsd-parser-features");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = std::fs::read_to_string(suite.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut modules = String::new();
    let mut outcomes = String::from(
        "/// Every case of the manifest, in its order.\npub static CASES: &[Case] = &[\n",
    );
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let c: Vec<&str> = line.split('\t').collect();
        assert!(c.len() >= 6, "MANIFEST.tsv: 6 columns expected in {line:?}");
        let row = Row {
            case: c[0],
            folder: c[1],
            schema: c[2],
            root: c[3],
            examples: c[4],
            expected: c[5],
            wrap: c.get(6).and_then(|w| w.trim().strip_prefix("wrap=")),
        };
        let (generated, detail) = match generate(&suite, &row) {
            Ok(code) => {
                let lines = code.lines().count();
                std::fs::write(out.join(format!("{}.rs", row.case)), code).unwrap();
                let _ = writeln!(
                    modules,
                    "#[doc = \"Bindings generated for feature `{}` (root `{}`).\"]\n#[allow(warnings, clippy::all, missing_docs)]\npub mod {} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{}.rs\")); }}",
                    row.folder, row.root.replace('"', ""), row.case, row.case
                );
                (true, format!("{lines} lines"))
            }
            Err(e) => (false, e),
        };
        let round_trip = if generated {
            format!("Some({}::round_trip)", row.case)
        } else {
            "None".to_owned()
        };
        let examples: Vec<&str> = row
            .examples
            .split(',')
            .filter(|e| *e != "-" && !e.is_empty())
            .collect();
        let _ = writeln!(
            outcomes,
            "    Case {{ case: {:?}, folder: {:?}, schema: {:?}, root: {:?}, examples: &{:?}, expected: {:?}, generated: {generated}, detail: {detail:?}, round_trip: {round_trip} }},",
            row.case, row.folder, row.schema, row.root, examples, row.expected
        );
    }
    outcomes.push_str("];\n");
    std::fs::write(out.join("modules.rs"), modules).unwrap();
    std::fs::write(out.join("outcomes.rs"), outcomes).unwrap();
}

/// Splits a Clark name `{ns}local` (or `local`) into namespace and local name.
fn clark(name: &str) -> (&str, &str) {
    match name.strip_prefix('{').and_then(|r| r.split_once('}')) {
        Some((ns, local)) => (ns, local),
        None => ("", name),
    }
}

/// The wrapping WSDL for `row`, or why there is none.
fn wsdl(suite: &Path, row: &Row) -> Result<String, String> {
    let schema_path = suite.join(row.folder).join(row.schema);
    let text = std::fs::read_to_string(&schema_path)
        .map_err(|e| format!("{}: {e}", schema_path.display()))?;
    let doc =
        roxmltree::Document::parse(&text).map_err(|e| format!("{}: {e}", schema_path.display()))?;
    if row.root == "-" {
        let pos = doc.text_pos_at(doc.root_element().range().start);
        return Err(format!(
            "{}:{}:{}: no top-level xs:element in the schema: nothing to wrap in an operation",
            schema_path.display(),
            pos.row,
            pos.col
        ));
    }
    let tns = doc
        .root_element()
        .attribute("targetNamespace")
        .unwrap_or("");
    let (ns, local) = clark(row.root);
    let import_ns = if tns.is_empty() {
        String::new()
    } else {
        format!(" namespace=\"{tns}\"")
    };
    let (decl, qname) = if ns.is_empty() {
        (String::new(), local.to_owned())
    } else if ns == "http://www.w3.org/XML/1998/namespace" {
        // The `xml` prefix is bound already, and may not be declared for another.
        (String::new(), format!("xml:{local}"))
    } else {
        (format!(" xmlns:f=\"{ns}\""), format!("f:{local}"))
    };
    let types = match row.wrap {
        // One schema of the root's (and the feature schema's) namespace: it includes the
        // feature schema and declares the root element, of the named type.
        Some(ty) => {
            let (tns_attr, ty) = if ns.is_empty() {
                (String::new(), ty.to_owned())
            } else {
                (format!(" targetNamespace=\"{ns}\""), format!("f:{ty}"))
            };
            format!(
                "    <xs:schema{tns_attr}>\n      <xs:include schemaLocation=\"{}\"/>\n      <xs:element name=\"{local}\" type=\"{ty}\"/>\n    </xs:schema>",
                row.schema
            )
        }
        None => format!(
            "    <xs:schema targetNamespace=\"urn:xsd-features:wrapper\">\n      <xs:import{import_ns} schemaLocation=\"{}\"/>\n    </xs:schema>",
            row.schema
        ),
    };
    Ok(format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by xsd-features/build.rs: feature {folder}, root {root}. -->
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:w="urn:xsd-features:wrapper"{decl} targetNamespace="urn:xsd-features:wrapper">
  <wsdl:types>
{types}
  </wsdl:types>
  <wsdl:message name="EchoIn"><wsdl:part name="body" element="{qname}"/></wsdl:message>
  <wsdl:message name="EchoOut"><wsdl:part name="body" element="{qname}"/></wsdl:message>
  <wsdl:portType name="Feature">
    <wsdl:operation name="Echo"><wsdl:input message="w:EchoIn"/><wsdl:output message="w:EchoOut"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="FeatureSoap11" type="w:Feature">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
    <wsdl:operation name="Echo"><soap:operation soapAction="urn:xsd-features:wrapper/Echo" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="FeatureService">
    <wsdl:port name="FeaturePort" binding="w:FeatureSoap11"><soap:address location="http://localhost/feature"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"#,
        folder = row.folder,
        root = row.root,
    ))
}

/// Every file of the feature folder (so imports and includes resolve), by its path.
fn folder_files(dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            folder_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "xsd") {
            if let Ok(bytes) = std::fs::read(&path) {
                files.push((path, bytes));
            }
        }
    }
}

/// Generates the bindings of `row`'s wrapping WSDL (written next to the schema, in memory),
/// with a `round_trip` function appended.
fn generate(suite: &Path, row: &Row) -> Result<String, String> {
    let wsdl = wsdl(suite, row)?;
    let dir = suite.join(row.folder);
    let root = dir.join(format!("{}.wsdl", row.case));
    let mut files = vec![(root.clone(), wsdl.into_bytes())];
    folder_files(&dir, &mut files);
    let code = codegen::Builder::new()
        .runtime_path("::soap_runtime")
        .serde(false)
        .generate_in_memory(&root, files)
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "{code}\n/// Decodes `xml` as the response of `Echo` and encodes the value again.\npub fn round_trip(xml: &str) -> Result<String, String> {{\n    match ::soap_runtime::decode_response::<operations::Echo>(xml, &::soap_runtime::Limits::default()) {{\n        Ok(v) => Ok(::soap_runtime::encode_response::<operations::Echo>(&v)),\n        Err(::soap_runtime::ResponseError::Decode(e)) => Err(e.to_string()),\n        Err(e) => Err(format!(\"{{e:?}}\")),\n    }}\n}}\n"
    ))
}
