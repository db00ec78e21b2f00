//! # xsd-features
//!
//! The feature suite of xsd-parser (tests/xsd-parser-features, one folder per XML Schema
//! feature) run through the generator: the build script wraps each case's root element in a
//! one-operation document/literal SOAP 1.1 service (tests/xsd-parser-features/MANIFEST.tsv),
//! generates its bindings, and makes those that generate modules of this crate, so compiling
//! the crate compiles them. [`CASES`] records every outcome for `tests/features.rs`, which
//! checks it against the manifest and round-trips each feature's examples through the
//! generated codec (expectations in tests/xsd-parser-features/ROUNDTRIP.tsv). Not published.

/// What the generator did with one case of the manifest.
#[derive(Debug)]
pub struct Case {
    /// Module name.
    pub case: &'static str,
    /// Feature folder, relative to tests/xsd-parser-features.
    pub folder: &'static str,
    /// The schema the wrapping WSDL imports, relative to the folder.
    pub schema: &'static str,
    /// The root element, in Clark notation (`-`: the schema has none).
    pub root: &'static str,
    /// The example documents of this case, in `folder/example/`.
    pub examples: &'static [&'static str],
    /// `ok`, or a substring the error must contain.
    pub expected: &'static str,
    /// Whether bindings were generated (and so compiled into this crate).
    pub generated: bool,
    /// Line count of the generated code, or the error.
    pub detail: &'static str,
    /// Decodes a response envelope of the case's operation and encodes the value again.
    pub round_trip: Option<RoundTrip>,
}

/// Decodes a response envelope and encodes the decoded value again (or says why it cannot).
pub type RoundTrip = fn(&str) -> Result<String, String>;

include!(concat!(env!("OUT_DIR"), "/outcomes.rs"));
include!(concat!(env!("OUT_DIR"), "/modules.rs"));
