//! `Builder::client_cfg` / `server_cfg` put the client methods and the server items under
//! `#[cfg(...)]`, so a crate can make them optional features; a predicate that is not one is an
//! error, not broken output.

use std::path::Path;

fn wsdl() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl/PaymentServiceV10.wsdl")
}

fn builder() -> codegen::Builder {
    codegen::Builder::new()
        .runtime_path("crate::runtime")
        .client("crate::Client")
        .server(true)
}

#[test]
fn client_and_server_items_get_their_cfg() {
    let code = builder()
        .client_cfg("feature = \"client\"")
        .server_cfg("all(feature = \"server\", not(target_arch = \"wasm32\"))")
        .generate(wsdl())
        .unwrap();
    assert!(
        code.contains("#[cfg(feature = \"client\")]\nimpl crate::Client {"),
        "{code}"
    );
    let server_cfg = "#[cfg(all(feature = \"server\", not(target_arch = \"wasm32\")))]";
    for item in [
        "pub trait Service",
        "pub async fn dispatch<S: Service>",
        "pub struct Dispatcher<S>",
        "impl<S> Dispatcher<S> {",
        "impl<S> ::std::clone::Clone for Dispatcher<S> {",
        "impl<S: Service> rt::Dispatch for Dispatcher<S> {",
    ] {
        let at = code.find(item).unwrap_or_else(|| panic!("{item} missing"));
        let before = &code[..at];
        let item_start = before.rfind("\n\n").or(before.rfind("}\n")).unwrap_or(0);
        assert!(
            before[item_start..].contains(server_cfg),
            "{item} is not under {server_cfg}:\n{}",
            &code[item_start..at + item.len()]
        );
    }
    // Without the options nothing is conditional.
    let plain = builder().generate(wsdl()).unwrap();
    assert!(!plain.contains("#[cfg("), "unconditional by default");
}

#[test]
fn a_predicate_that_does_not_parse_is_an_error() {
    let err = builder()
        .client_cfg("feature = ")
        .generate(wsdl())
        .unwrap_err()
        .to_string();
    assert!(err.contains("client cfg \"feature = \""), "{err}");
}

/// `Builder::api_trait`: a caller-side trait with a provided method per operation and a
/// blanket impl for every `CallOperation`, under the client's cfg; nothing without the option.
#[test]
fn the_api_trait_is_emitted_under_the_client_cfg() {
    let code = builder()
        .client_cfg("feature = \"client\"")
        .api_trait("OrdersApi", "crate::Error")
        .generate(wsdl())
        .unwrap();
    assert!(
        code.contains("#[cfg(feature = \"client\")]\npub trait OrdersApi: Send + Sync {"),
        "{code}"
    );
    assert!(code.contains("#[cfg(feature = \"client\")]\nimpl<C> OrdersApi for C\nwhere\n    C: rt::CallOperation<Headers = SoapHeaders, Error = crate::Error> + Send + Sync,"));
    assert!(code.contains("rt::NotImplemented(<operations::AddInvoice as rt::Operation>::INFO)"));
    assert!(code.contains("rt::CallOperation::call::<operations::CancelInvoice>(self, request)"));
    assert!(!builder()
        .generate(wsdl())
        .unwrap()
        .contains("NotImplemented"));
    let err = builder()
        .api_trait("Orders Api", "crate::Error")
        .generate(wsdl())
        .unwrap_err()
        .to_string();
    assert!(err.contains("api trait name \"Orders Api\""), "{err}");
}
