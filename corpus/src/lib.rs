//! # wsdl-corpus
//!
//! Bindings for every service of the public WSDL corpus that the generator supports, compiled
//! as modules of this crate, and the outcome for each service (see tests/wsdl-corpus/MANIFEST.tsv).
//!
//! The build script runs `codegen` (with no service-specific settings) over each entry of the
//! manifest; services that generate become modules here, so compiling this crate compiles their
//! bindings against `soap-runtime`, and [`OUTCOMES`] records what happened to each, error
//! included, for `tests/corpus.rs` to check against the expected outcome. Every module has the
//! server items too (`Service`, `dispatch`, `Dispatcher`; listed in [`SERVERS`]).
//! `tests/client.rs` runs the generic HTTP client of `soap-runtime` against corpus services
//! (SOAP 1.1 and 1.2); `tests/server.rs` serves the synthetic ledger, from its SOAP 1.1 and its
//! SOAP 1.2 binding, with the runtime's HTTP server and calls it with the client.
//! Not published.

/// What the generator did with one corpus service.
#[derive(Debug)]
pub struct Outcome {
    /// Module name.
    pub service: &'static str,
    /// Entry WSDL, relative to tests/wsdl-corpus.
    pub entry: &'static str,
    /// `ok`, or a substring the located error must contain.
    pub expected: &'static str,
    /// Why it does not generate (the manifest's fourth column; empty in tests/wsdl-corpus):
    /// `ok`, `abstract`, `no-soap`, `invalid` or `unsupported`.
    pub category: &'static str,
    /// Whether bindings were generated (and so compiled into this crate).
    pub generated: bool,
    /// Line count of the generated code, or the error.
    pub detail: &'static str,
}

/// The server items generated for one corpus service (every service that generates has them).
#[derive(Debug)]
pub struct Server {
    /// Module name.
    pub service: &'static str,
    /// SOAP version of the binding the module was generated from.
    pub soap_version: soap_runtime::SoapVersion,
    /// The operations its `dispatch` chooses among.
    pub operations: &'static [&'static soap_runtime::OperationInfo],
    /// Size of the module's `Dispatcher` (naming it is what matters).
    pub dispatcher: usize,
}

/// Checks that `servers` lists exactly the services of `outcomes` that generated, in order,
/// and that each one's operations all speak its binding's SOAP version; panics naming the
/// first service that does not (for the tests of both corpora).
pub fn assert_server_items(outcomes: &[Outcome], servers: &[Server]) {
    let generated: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.generated)
        .map(|o| o.service)
        .collect();
    let served: Vec<&str> = servers.iter().map(|s| s.service).collect();
    assert_eq!(served, generated);
    for s in servers {
        assert!(
            s.operations
                .iter()
                .all(|o| o.soap_version == s.soap_version),
            "{}",
            s.service
        );
    }
}

include!(concat!(env!("OUT_DIR"), "/outcomes.rs"));
include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// The Apache CXF test WSDLs (tests/cxf-corpus): [`CXF_OUTCOMES`](cxf::CXF_OUTCOMES) has one
/// row per WSDL file, each one that generates is a module here, and
/// [`CXF_SERVERS`](cxf::CXF_SERVERS) lists their server items.
pub mod cxf {
    use super::{Outcome, Server};
    include!(concat!(env!("OUT_DIR"), "/cxf_outcomes.rs"));
    include!(concat!(env!("OUT_DIR"), "/cxf_modules.rs"));
}
