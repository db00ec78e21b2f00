//! Documentation that users read: the generated constants say what they are (the service's
//! own description goes on the items it describes), and every crate of the workspace has a
//! real front page, with `missing_docs` denied in the published ones.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn service_name_is_documented_as_a_name_and_the_service_doc_is_on_the_operations() {
    let code = codegen::Builder::new()
        .runtime_path("crate::runtime")
        .rules(root().join("wsdl/PaymentServiceV10.rules.toml"))
        .client("crate::Client")
        .api_trait("PaymentServiceApi", "crate::Error")
        .generate(root().join("wsdl/PaymentServiceV10.wsdl"))
        .unwrap();
    assert!(
        code.contains("/// The name of the service in the WSDL: `PaymentServiceV10`.\npub const SERVICE_NAME: &str = \"PaymentServiceV10\";"),
        "{}",
        &code[..1200]
    );
    let description = "/// The Walley (formerly Collector Bank) PaymentService, version 10";
    let before = |item: &str| {
        let at = code.find(item).unwrap_or_else(|| panic!("{item} missing"));
        let start = code[..at].rfind("\n}\n").unwrap_or(0);
        code[start..at].contains(description)
    };
    assert!(
        before("pub mod operations {"),
        "the service doc is not on `operations`"
    );
    assert!(
        before("pub trait PaymentServiceApi"),
        "the service doc is not on the trait"
    );
    assert!(!before("pub const SERVICE_NAME"));
}

#[test]
fn every_crate_has_a_front_page_and_published_ones_deny_missing_docs() {
    for (lib, name, published) in [
        ("soap-runtime/src/lib.rs", "soap-runtime", true),
        ("codegen/src/lib.rs", "codegen", true),
        ("payment-service/src/lib.rs", "payment-service", true),
        ("corpus/src/lib.rs", "wsdl-corpus", false),
        ("tests/lib.rs", "integration-tests", false),
    ] {
        let text = std::fs::read_to_string(root().join(lib)).unwrap();
        let front: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
        assert_eq!(
            front.first(),
            Some(&format!("//! # {name}").as_str()),
            "{lib}"
        );
        assert!(
            front.len() >= 5,
            "{lib}: a front page of {} lines",
            front.len()
        );
        assert!(!text.contains("//! placeholder"), "{lib}");
        assert_eq!(text.contains("#![deny(missing_docs)]"), published, "{lib}");
    }
}
