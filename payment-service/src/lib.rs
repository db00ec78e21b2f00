//! # payment-service
//!
//! The Walley (formerly Collector Bank) PaymentServiceV10 SOAP API as typed Rust: the request
//! and response types, enumerations, schema validators and per-operation metadata generated
//! from `wsdl/` at build time ([`generated`], re-exported here), an async [`Client`], and the
//! server side: the generated `Service` trait, an HTTP server and an in-memory simulator.
//!
//! ## Calling the service
//!
//! One [`Client`] per shop (cheap to clone, one connection pool); every operation of the WSDL
//! is an `async fn` on it (`add_invoice`, `cancel_invoice`, ...). Each request is validated
//! against the schema first (an invalid one is never sent, and the [`Error`] lists every
//! violation with its field path); a SOAP fault is [`ErrorKind::Fault`] with a typed
//! [`FaultCode`]. What differs per purchase, the customer's `ClientIpAddress` and perhaps a
//! timeout, is set per call with [`Client::with_call_options`] and [`CallOptions`]:
//!
//! ```no_run
//! use payment_service::{CallOptions, Client, Error, FaultCode};
//! # async fn checkout(request: &payment_service::AddInvoiceRequest, customer_ip: &str) -> Result<(), Error> {
//! let client = Client::builder()
//!     .username("my-username")
//!     .password(std::env::var("WALLEY_PASSWORD").unwrap_or_default())
//!     .build()?;
//! let call = client.with_call_options(CallOptions::new().client_ip_address(customer_ip));
//! match call.add_invoice(request).await {
//!     Ok(response) => println!("invoice {}", response.invoice_no),
//!     Err(e) if e.fault_code() == Some(&FaultCode::CreditCheckDenied) => println!("declined"),
//!     Err(e) if e.is_safe_to_retry() => println!("try again: {e}"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! The client never retries by itself: [`Error`] records the operation that failed, so
//! [`Error::is_safe_to_retry`] knows its retry contract (the table is on [`Client`]). The
//! password never appears in `Debug`, `Display`, logs or errors.
//!
//! ## Building requests, reading responses
//!
//! Every generated struct and enum is `#[non_exhaustive]` (a WSDL that adds an optional member
//! or a code breaks no caller's code), so values are made with their builder: one setter per
//! member taking `impl Into<T>`, `name_nil()` for an explicit `xsi:nil`, and `build()`, which
//! returns the value or every missing member and broken rule with its path. Responses have one
//! accessor per member that flattens `Option<Nillable<T>>` into `Option<&T>` (`&str` for
//! strings, `&[T]` for repeated members):
//!
//! ```
//! use payment_service::{runtime::Decimal, InvoiceRow};
//!
//! let row = InvoiceRow::builder()
//!     .article_id("SKU-1")
//!     .description("T-shirt")
//!     .quantity(2)
//!     .unit_price(Decimal::new(19900, 2))
//!     .vat(Decimal::new(25, 0))
//!     .build()
//!     .unwrap();
//! assert_eq!(row.quantity_unit(), None);
//! let err = InvoiceRow::builder().quantity(0).build().unwrap_err();
//! assert!(err.to_string().contains("Quantity: 0 is below 1"), "{err}");
//! ```
//!
//! ## Logging what goes over the wire
//!
//! [`ClientBuilder::observer`] takes a [`client::WireObserver`] that sees every request
//! envelope and every response (status, body, time taken), the password replaced by `***`;
//! `examples/merchant.rs` writes them to files. The `tracing` spans (`soap_call`) stay.
//!
//! ## Testing code that calls the service
//!
//! The generated trait [`PaymentServiceApi`] has one method per operation. [`Client`]
//! implements it, so does [`in_process::InProcess`] (features `client` and `server`: the
//! simulator, or any `Service`, called in-process through the same validation, fault mapping
//! and observer as over HTTP, without a port), and so can a mock of your own: its methods are
//! provided (answering [`ErrorKind::NotImplemented`]), so a mock implements only what a test
//! needs. Write your code against `&impl PaymentServiceApi`:
//!
//! ```
//! use payment_service::*;
//!
//! /// Whether Walley knows the invoice (the merchant's code, written against the trait).
//! async fn is_known(api: &impl PaymentServiceApi, invoice_no: &str) -> Result<bool, Error> {
//!     let request = GetInvoiceInformationRequest::builder()
//!         .correlation_id("status")
//!         .country_code("SE")
//!         .invoice_no(invoice_no)
//!         .store_id(1234)
//!         .build()?;
//!     match api.get_invoice_information(&request).await {
//!         Ok(_) => Ok(true),
//!         Err(e) if e.fault_code() == Some(&FaultCode::InvoiceNotFound) => Ok(false),
//!         Err(e) => Err(e),
//!     }
//! }
//!
//! struct NotFound;
//! impl PaymentServiceApi for NotFound {
//!     async fn get_invoice_information(
//!         &self,
//!         _: &GetInvoiceInformationRequest,
//!     ) -> Result<GetInvoiceInformationResponse, Error> {
//!         Err(Fault::new(FaultCode::InvoiceNotFound, "Invoice not found").into())
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! assert!(!is_known(&NotFound, "1").await.unwrap());
//! # }
//! ```
//!
//! ## JSON, dates, decimals
//!
//! The generated types implement serde with the schema's element names as keys (what
//! `payment-service call` reads and prints): decimals are strings, enumerations are written
//! by name and read by name or by the documented wire value (`"InvoiceDeliveryMethod": 2`).
//! Money is [`runtime::Decimal`], never a float; dates are [`runtime::XsDate`] /
//! [`runtime::XsDateTime`], kept in their lexical form, with conversions to the `time`,
//! `chrono` and `jiff` types behind features of those names ([`runtime::dates`]).
//!
//! ## Features
//!
//! The generated code is written against [`soap_runtime`] (also reachable as [`runtime`]).
//!
//! | Feature | What it adds |
//! |---|---|
//! | `client` (default) | `Client`, `ClientBuilder`, `CallOptions`, `Error`, `Fault`, `PaymentServiceApi`, one `async fn` per operation |
//! | `server` | the generated `Service` trait, `dispatch` and `Dispatcher`; `faults`; `server` (hyper); with `client`, `in_process` |
//! | `simulator` | `simulator::Simulator` and `server::spawn_simulator` (implies `server`) |
//! | `cli` | the `payment-service` binary: `simulate` and `call` (implies `client` and `simulator`) |
//! | `time`, `chrono`, `jiff` | conversions between `XsDate`/`XsDateTime` and that crate's date types ([`runtime::DateConversionError`]) |

#![deny(missing_docs)]

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
