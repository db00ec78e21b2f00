//! placeholder
pub mod runtime;

/// Generated from the WSDL.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/payment_service.rs"));
}
pub use generated::*;

