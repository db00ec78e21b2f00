//! # payment-service
//!
//! The Walley (formerly Collector Bank) PaymentServiceV10 SOAP API as typed Rust: the request
//! and response types, enumerations, schema validators and per-operation metadata generated
//! from `wsdl/` at build time ([`generated`], re-exported here), an async `Client`, and the
//! server side: the generated `Service` trait, an HTTP server and an in-memory simulator.
//!
//! The generated code is written against [`soap_runtime`] (also reachable as [`runtime`]).
//!
//! | Feature | What it adds |
//! |---|---|
//! | `client` (default) | `Client`, `ClientBuilder`, `Error`, `Fault`, one `async fn` per operation |
//! | `server` | the generated `Service` trait, `dispatch` and `Dispatcher`; `faults`; `server` (hyper) |
//! | `simulator` | `simulator::Simulator` and `server::spawn_simulator` (implies `server`) |
//! | `cli` | the `payment-service` binary: `simulate` and `call` (implies `client` and `simulator`) |
//! | `time`, `chrono`, `jiff` | conversions between `XsDate`/`XsDateTime` and that crate's date types ([`runtime::DateConversionError`]) |

#![warn(missing_docs)]

/// The runtime the generated code is written against ([`soap_runtime`]), under its old path.
pub use soap_runtime as runtime;

#[cfg(feature = "server")]
pub mod faults;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "simulator")]
pub mod simulator;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub mod error;
#[cfg(all(feature = "client", feature = "server"))]
pub mod in_process;
#[cfg(feature = "client")]
pub use client::{CallOptions, Client, ClientBuilder};
#[cfg(feature = "client")]
pub use error::{Error, ErrorKind, Fault, TransportError};

/// Generated from the WSDL.
// The WSDL's documentation, copied into doc comments, writes its URLs bare.
#[allow(rustdoc::bare_urls)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/payment_service.rs"));
}
pub use generated::*;
