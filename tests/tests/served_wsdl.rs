//! The drop-in proof: `tests/fixtures/wcf-served/` is PaymentServiceV10 the way WCF serves it
//! (no facets, every member optional and nillable, codes as `xs:int`, no documentation, no
//! fault-code type). Generated with the rules overlay of `wsdl/`, it gives the same bindings as
//! `wsdl/` does: the same code apart from the header, and no change `codegen diff` reports.

use std::path::{Path, PathBuf};

include!("../../payment-service/build_config.rs");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn served() -> PathBuf {
    root().join("tests/fixtures/wcf-served/PaymentServiceV10.wsdl")
}

fn authored() -> PathBuf {
    root().join("payment-service").join(WSDL)
}

/// The generated code without its header (the comment lines naming and hashing the inputs).
fn body(code: &str) -> &str {
    let start = code.find("\n\n").expect("header ends with a blank line");
    &code[start..]
}

#[test]
fn the_served_wsdl_plus_rules_generates_what_wsdl_dir_generates() {
    let builder = payment_service_builder();
    let from_served = builder.output(served()).unwrap();
    let from_authored = builder.output(authored()).unwrap();
    assert!(
        from_served.warnings.is_empty() && from_authored.warnings.is_empty(),
        "the overlay only refines both WSDLs: {:?} {:?}",
        from_served.warnings,
        from_authored.warnings
    );
    assert!(
        from_served
            .code
            .lines()
            .nth(1)
            .unwrap()
            .contains("xsd1.xsd"),
        "the header names the served inputs"
    );
    if let Some(d) =
        codegen::diff::first_difference(body(&from_authored.code), body(&from_served.code))
    {
        panic!("the served WSDL plus the rules generates other bindings than wsdl/:\n{d}");
    }
    let changes = builder.compare(authored(), served()).unwrap();
    assert!(
        changes.is_empty(),
        "{}",
        codegen::compare::render_text(&changes)
    );
}

#[test]
fn without_the_rules_the_served_wsdl_loses_the_documented_api() {
    // What the overlay is for: without it, names, code lists, facets and occurrences go.
    let loose = codegen::Builder::new()
        .runtime_path("crate::runtime")
        .prefix(
            "http://schemas.ecommerce.collector.se/v30/PaymentService",
            "pay",
        )
        .generate(served())
        .unwrap();
    assert!(!loose.contains("pub enum ActivationOption"));
    assert!(!loose.contains("PRODUCTION_ENDPOINT"));
    assert!(!loose.contains("max_length: Some(50u32)"));
    assert!(
        loose.contains("pub activation_option: Option<i32>,"),
        "{loose}"
    );
    let with_rules = payment_service_builder().generate(served()).unwrap();
    assert!(with_rules.contains("pub activation_option: ActivationOption,"));
    assert!(with_rules.contains("AutoActivation,"));
}

#[test]
fn wsdl_dir_holds_only_what_a_served_wsdl_can_hold() {
    for entry in std::fs::read_dir(root().join("wsdl")).unwrap() {
        let path = entry.unwrap().path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !matches!(ext, "wsdl" | "xsd") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for private in [
            "urn:payment-service",
            "appinfo",
            "wsdl:required",
            "Production:",
        ] {
            assert!(
                !text.contains(private),
                "{} contains {private}, which no served ?wsdl carries",
                path.display()
            );
        }
    }
}
