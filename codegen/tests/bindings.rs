//! `Builder::binding`: which binding of a WSDL with a SOAP 1.1 and a SOAP 1.2 binding the code
//! is generated from, the located error for a name the WSDL does not define; and the names of
//! the generated server items (`Service`, `Dispatcher`) kept free of the service's own types.

use std::path::PathBuf;

fn ledger() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/wsdl-corpus/synthetic/ledger.wsdl")
}

fn builder() -> codegen::Builder {
    codegen::Builder::new()
        .runtime_path("crate::runtime")
        .server(true)
}

#[test]
fn the_soap11_binding_is_the_default_and_the_other_is_chosen_by_name() {
    let default = builder().generate(ledger()).unwrap();
    assert!(
        default.contains("pub const SOAP_VERSION: rt::SoapVersion = rt::SoapVersion::Soap11;"),
        "{default}"
    );
    assert!(
        default.contains("= \"http://localhost/ledger\";"),
        "{default}"
    );
    let by_name = builder()
        .binding("LedgerSoap11")
        .generate(ledger())
        .unwrap();
    assert_eq!(by_name, default);

    let v12 = builder()
        .binding("LedgerSoap12")
        .generate(ledger())
        .unwrap();
    assert!(
        v12.contains("pub const SOAP_VERSION: rt::SoapVersion = rt::SoapVersion::Soap12;"),
        "{v12}"
    );
    assert!(
        v12.contains("pub const LEDGER_SOAP12_ADDRESS: &str = \"http://localhost/ledger12\";"),
        "{v12}"
    );
    assert!(
        !v12.contains("http://localhost/ledger\""),
        "only the port of the chosen binding: {v12}"
    );
    assert!(v12.contains("soap_action: \"urn:ledger/Post\""), "{v12}");
    // The server's docs speak of the binding's version.
    assert!(v12.contains("Handles one SOAP 1.2 request"), "{v12}");
    assert!(v12.contains("HTTP 400 for a sender fault"), "{v12}");
    // The binding may also be named by its qualified name.
    let qualified = builder()
        .binding("{urn:ledger}LedgerSoap12")
        .generate(ledger())
        .unwrap();
    assert_eq!(qualified, v12);
}

#[test]
fn an_unknown_binding_is_a_located_error_listing_the_bindings() {
    let e = builder()
        .binding("LedgerSoap13")
        .generate(ledger())
        .unwrap_err();
    let loc = e.location.clone().expect("located");
    assert!(loc.file.ends_with("ledger.wsdl"), "{e}");
    assert!(loc.line > 1, "at wsdl:definitions: {e}");
    assert_eq!(
        e.message,
        "the configured binding \"LedgerSoap13\" is not defined; the WSDL's bindings are: \
         LedgerSoap11 (SOAP 1.1), LedgerSoap12 (SOAP 1.2)"
    );
}

#[test]
fn types_named_like_the_server_items_get_other_names() {
    for binding in ["LedgerSoap11", "LedgerSoap12"] {
        for server in [false, true] {
            let code = codegen::Builder::new()
                .server(server)
                .binding(binding)
                .generate(ledger())
                .unwrap();
            // The schema's `Service` and `Dispatcher` types, whether the server items are
            // generated or not.
            assert!(code.contains("pub struct Service2 {"), "{code}");
            assert!(code.contains("pub struct Dispatcher2 {"), "{code}");
            assert!(code.contains("pub service: Service2,"), "{code}");
            assert!(!code.contains("pub struct Service {"), "{code}");
            assert_eq!(code.contains("pub trait Service:"), server);
            assert_eq!(code.contains("pub struct Dispatcher<S>"), server);
        }
    }
}
