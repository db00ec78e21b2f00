//! placeholder
/// The runtime the generated code is written against ([`soap_runtime`]), under its old path.
pub use soap_runtime as runtime;
pub mod faults;
pub mod server;
pub mod simulator;

pub mod client;
pub mod error;
pub use client::{Client, ClientBuilder};
pub use error::{Error, Fault, TransportError};

/// Generated from the WSDL.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/payment_service.rs"));
}
pub use generated::*;
