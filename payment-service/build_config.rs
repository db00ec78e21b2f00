// The generator settings for this crate. Shared by build.rs and the snapshot test
// (tests/snapshot.rs), so the checked-in copy is produced exactly as the build produces it.

/// The WSDL the bindings are generated from, relative to this crate.
#[allow(dead_code)]
const WSDL: &str = "../wsdl/PaymentServiceV10.wsdl";

/// The documented rules applied over whatever WSDL is in `wsdl/` (lengths, patterns, ranges,
/// code lists, required headers, documentation, the production endpoint).
const RULES: &str = "../wsdl/PaymentServiceV10.rules.toml";

fn payment_service_builder() -> codegen::Builder {
    codegen::Builder::new()
        .rules(RULES)
        .runtime_path("crate::runtime")
        .prefix("http://schemas.ecommerce.collector.se/v30/PaymentService", "pay")
        .sensitive("Password")
        .include_type("FaultCode")
        .open_enum("FaultCode")
        .server(true)
        .server_cfg("feature = \"server\"")
        .client("crate::Client")
        .client_cfg("feature = \"client\"")
        .api_trait("PaymentServiceApi", "crate::Error")
}
