//! # soap-runtime
//!
//! The runtime that Rust code generated from WSDL by `codegen` is written against: the XML
//! writer, the namespace-aware reader over a small tree of its own ([`dom`]), schema validation
//! that reports every violation with its path, SOAP 1.1 and 1.2 envelopes and faults, the
//! per-operation metadata traits ([`Operation`], [`OperationInfo`], [`CallOperation`],
//! [`HeaderSet`]) and the transport-free server helpers ([`select_operation`],
//! [`serve_operation`], [`ServerFault`], [`ServerResponse`]).
//!
//! Nothing here knows about any particular service: everything service-specific is generated
//! from the WSDL into the crate that uses this one, and where a service has its own rules (the
//! fault codes it answers invalid requests with, the headers and secrets of its client) the
//! generated code or the service's crate supplies them through hooks: the provided methods of
//! the generated `Service` trait, `client::HeaderSource`, `server::Endpoint`.
//!
//! Also here for generated code and the crates around it: [`EnumSerde`] (enumerations in JSON by
//! name or wire value), [`NotImplemented`] (the answer of a generated caller-side trait's
//! provided methods, for mocks), and [`dates`] (conversions of [`XsDate`] / [`XsDateTime`]).
//!
//! | Feature | What it adds |
//! |---|---|
//! | (none) | everything generated code needs: codec, validation, envelopes, [`Dispatch`] |
//! | `client` | `client`: an async SOAP-over-HTTP client (reqwest with rustls) implementing [`CallOperation`], with per-client timeouts and a wire observer (`client::WireObserver`) |
//! | `server` | `server`: an HTTP/1 server (hyper) for any [`Dispatch`], such as the generated `Dispatcher` |
//! | `time`, `chrono`, `jiff` | `TryFrom`/`From` between [`XsDate`]/[`XsDateTime`] and that crate's date types (see [`DateConversionError`]) |

#![deny(missing_docs)]

mod any;
pub mod dates;
mod dispatch;
pub mod dom;
mod envelope;
mod group;
mod lex;
mod mixed;
mod qname;
mod read;
mod scan;
mod serde_enum;
pub mod stream;
mod validate;
mod values;
mod write;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

pub use any::*;
pub use dates::{DateConversionError, DateConversionErrorKind};
pub use dispatch::*;
pub use envelope::*;
pub use group::{read_group_repeated, read_group_required, Cursor, GroupValue};
pub use mixed::{read_mixed, write_mixed, MixedValue};
pub use qname::XsQName;
pub use read::*;
pub use serde_enum::EnumSerde;
pub use validate::*;
pub use values::*;
pub use write::*;

pub use dom::{Document, Node};
pub use rust_decimal::Decimal;
/// Derives [`ComplexValue`] (and a builder and accessors) from one `#[soap(...)]` attribute per
/// field; [`HeaderSet`] for a service's headers. See [`soap_derive`].
pub use soap_derive::{ComplexValue, HeaderSet};
pub use stream::{Start, Stream};

/// Namespace of SOAP 1.1 envelopes.
pub const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Namespace of SOAP 1.2 envelopes.
pub const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";
/// Namespace of `xsi:nil`.
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// SOAP version of a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoapVersion {
    /// SOAP 1.1 (`text/xml`, SOAPAction header).
    Soap11,
    /// SOAP 1.2 (`application/soap+xml`).
    Soap12,
}

/// A value written as element text (`xs:string`, `xs:int`, enumerations, ...).
pub trait SimpleValue: Sized {
    /// Appends the value's lexical form, XML-escaped.
    fn write_text(&self, out: &mut String);
    /// Parses the lexical form (whitespace already as received; types that collapse it do so).
    fn parse_text(text: &str) -> Result<Self, ValueError>;
    /// [`SimpleValue::parse_text`] of a text the caller owns or borrows: a `String` takes it
    /// as it is (an unescaped text is not copied again).
    fn parse_cow(text: std::borrow::Cow<'_, str>) -> Result<Self, ValueError> {
        Self::parse_text(&text)
    }
}

/// A complex type: a sequence of child elements.
pub trait ComplexValue: Sized {
    /// Writes the attributes (` name="value"`), if the type has any.
    fn write_attributes(&self, _w: &mut XmlWriter<'_>) {}
    /// Writes the child elements in schema order.
    fn write_content(&self, w: &mut XmlWriter<'_>);
    /// Reads the child elements of `node`, by namespace URI and local name.
    fn read_content(node: Node<'_, '_>) -> Result<Self, DecodeError>;
    /// The fast path of [`ComplexValue::read_content`]: reads the content of the element
    /// whose start tag is `start` off the stream, through its end tag, or gives up (`None`:
    /// the tree reads it instead). Generated for types whose fields are all child elements.
    fn stream_content<'i>(s: &mut Stream<'i>, start: &Start<'i>) -> Option<Self> {
        let _ = (s, start);
        None
    }
    /// Adds every facet or occurrence violation to `v`.
    fn validate_into(&self, v: &mut Validator);
    /// Checks every constraint of the schema and returns all violations, each with its field path.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Validator::new();
        self.validate_into(&mut v);
        v.finish()
    }
}

/// Anything that can be written as an element with a given tag.
pub trait WriteElement {
    /// Writes `<tag>…</tag>` (or nothing, for an absent optional value).
    fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str);
    /// [`WriteElement::write_element`] with the start and end tags spelled out (what generated
    /// structs pass for their fields), so that a simple value appends each in one piece.
    fn write_tagged(&self, w: &mut XmlWriter<'_>, tag: &Tag) {
        self.write_element(w, tag.name)
    }
}

/// An element's tag (`tns:OrderNo`) with its start and end tags written out (`<tns:OrderNo>`,
/// `</tns:OrderNo>`): generated code gives each field's as a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag as the generated code gives it, prefix included.
    pub name: &'static str,
    /// `<name>`.
    pub start: &'static str,
    /// `</name>`.
    pub end: &'static str,
}

/// Anything that can be read from an element.
pub trait ReadElement: Sized {
    /// Reads the value of `node`.
    fn read_element(node: Node<'_, '_>) -> Result<Self, DecodeError>;
    /// The fast path of [`ReadElement::read_element`] (see [`stream`]): the value of the
    /// element whose start tag is `start`, through its end tag, or `None` to leave it to the tree.
    fn stream_element<'i>(s: &mut Stream<'i>, start: &Start<'i>) -> Option<Self> {
        let _ = (s, start);
        None
    }
}

/// Anything the validator can check against facets.
pub trait CheckValue {
    /// Reports each violation of `facets` (and of nested constraints) to `v`.
    fn check(&self, v: &mut Validator, facets: &Facets);
}

/// An `xs:choice` type: reads the one of its elements a child is.
pub trait ChoiceValue: Sized {
    /// Reads `child` into `slot` when it is one of the choice's elements (`Ok(false)` when it is
    /// not); a second choice is an error.
    fn read_choice(slot: &mut Option<Self>, child: Node<'_, '_>) -> Result<bool, DecodeError>;
    /// The same, for a repeated choice: each occurrence is appended.
    fn read_choice_repeated(slot: &mut Vec<Self>, child: Node<'_, '_>)
        -> Result<bool, DecodeError>;
    /// Reads one occurrence of the choice from the children `c` of `parent`, read in schema
    /// order (see [`GroupValue`]): `Ok(None)`, taking nothing, when the next child begins none
    /// of its options.
    fn read_choice_at(
        parent: Node<'_, '_>,
        c: &mut Cursor<'_, '_>,
    ) -> Result<Option<Self>, DecodeError> {
        let _ = parent;
        let Some(child) = c.peek() else {
            return Ok(None);
        };
        let mut slot = None;
        if Self::read_choice(&mut slot, child)? {
            c.advance();
        }
        Ok(slot)
    }
}

/// The SOAP headers of a service.
pub trait HeaderSet: Default {
    /// Writes the headers `uses` names, in that order, skipping absent ones.
    fn write_headers(&self, w: &mut XmlWriter<'_>, uses: &[HeaderUse]);
    /// Stores `node` if it is a known header; `Ok(false)` when it is not one.
    fn read_header(&mut self, node: Node<'_, '_>) -> Result<bool, DecodeError>;
    /// Checks presence (for required headers) and facets of the headers in `uses`.
    fn validate_for(&self, uses: &[HeaderUse], v: &mut Validator);
}

/// No SOAP headers (for services that declare none).
impl HeaderSet for () {
    fn write_headers(&self, _: &mut XmlWriter<'_>, _: &[HeaderUse]) {}
    fn read_header(&mut self, _: Node<'_, '_>) -> Result<bool, DecodeError> {
        Ok(false)
    }
    fn validate_for(&self, uses: &[HeaderUse], v: &mut Validator) {
        for u in uses.iter().filter(|u| u.required) {
            v.missing(u.name);
        }
    }
}

/// One header an operation carries.
#[derive(Clone, Copy, Debug)]
pub struct HeaderUse {
    /// Local name of the header element (the service's [`HeaderSet`] finds the header by it).
    pub name: &'static str,
    /// Whether the request must carry it.
    pub required: bool,
}

/// What the WSDL says about an operation.
#[derive(Debug)]
pub struct OperationInfo {
    /// WSDL operation name.
    pub name: &'static str,
    /// The SOAPAction HTTP header value.
    pub soap_action: &'static str,
    /// Request body element `(namespace, local name)`.
    pub request: (&'static str, &'static str),
    /// Request body element as written, prefix included.
    pub request_tag: &'static str,
    /// Response body element `(namespace, local name)`; empty for one-way operations.
    pub response: (&'static str, &'static str),
    /// Headers of the request, in binding order.
    pub headers: &'static [HeaderUse],
    /// Headers of the response, in binding order.
    pub response_headers: &'static [HeaderUse],
    /// The request's message has no body part or several (document/literal, as the binding's
    /// `soap:body parts` selects them): the members of the request type are the children of
    /// the SOAP `Body` themselves, no element wraps them, and `request` is the first of them
    /// (empty for an empty body).
    pub request_unwrapped: bool,
    /// The same for the response.
    pub response_unwrapped: bool,
    /// `xmlns:…` declarations for the envelope.
    pub namespace_declarations: &'static str,
    /// SOAP version of the binding.
    pub soap_version: SoapVersion,
}

/// A WSDL operation, as a type: its request, response and header types and its metadata.
pub trait Operation {
    /// The request body.
    type Request: ComplexValue;
    /// The response body.
    type Response: ComplexValue;
    /// The service's SOAP headers.
    type Headers: HeaderSet;
    /// Name, SOAPAction, elements and headers.
    const INFO: &'static OperationInfo;
}

/// Something that can perform an operation (a client).
pub trait CallOperation {
    /// The error every call returns.
    type Error;
    /// The header set this caller fills in.
    type Headers: HeaderSet;
    /// Validates, sends and decodes one call of `O`.
    fn call<O: Operation<Headers = Self::Headers>>(
        &self,
        request: &O::Request,
    ) -> impl std::future::Future<Output = Result<O::Response, Self::Error>> + Send;
}

/// What the provided methods of a generated caller-side trait (`codegen::Builder::api_trait`)
/// answer: the implementation, typically a mock, does not implement this operation. The
/// service's error type converts it (`From<NotImplemented>`).
#[derive(Clone, Copy, Debug)]
pub struct NotImplemented(
    /// The operation that was called.
    pub &'static OperationInfo,
);

impl std::fmt::Display for NotImplemented {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is not implemented by this implementation of the service's trait",
            self.0.name
        )
    }
}

impl std::error::Error for NotImplemented {}

/// The body of a one-way operation's (absent) response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Empty;

impl ComplexValue for Empty {
    fn write_content(&self, _: &mut XmlWriter<'_>) {}
    fn read_content(_: Node<'_, '_>) -> Result<Self, DecodeError> {
        Ok(Empty)
    }
    fn validate_into(&self, _: &mut Validator) {}
}

/// Implements [`WriteElement`], [`ReadElement`] and [`CheckValue`] for a generated complex type.
#[doc(hidden)]
#[macro_export]
macro_rules! __complex_type_impls {
    ($t:ty) => {
        impl $crate::WriteElement for $t {
            fn write_element(&self, w: &mut $crate::XmlWriter<'_>, tag: &str) {
                w.complex(tag, self)
            }
        }
        impl $crate::ReadElement for $t {
            fn read_element(
                node: $crate::Node<'_, '_>,
            ) -> ::std::result::Result<Self, $crate::DecodeError> {
                $crate::read_complex(node)
            }
            fn stream_element<'i>(
                s: &mut $crate::Stream<'i>,
                start: &$crate::Start<'i>,
            ) -> ::std::option::Option<Self> {
                $crate::stream::complex(s, start)
            }
        }
        impl $crate::CheckValue for $t {
            fn check(&self, v: &mut $crate::Validator, _: &$crate::Facets) {
                $crate::ComplexValue::validate_into(self, v)
            }
        }
    };
}

/// Implements [`WriteElement`], [`ReadElement`] and [`CheckValue`] for a generated enumeration:
/// the facets of a restriction of the enumeration (a pattern, a length) apply to the value's text.
#[doc(hidden)]
#[macro_export]
macro_rules! __simple_type_impls {
    ($t:ty) => {
        impl $crate::WriteElement for $t {
            fn write_element(&self, w: &mut $crate::XmlWriter<'_>, tag: &str) {
                w.simple(tag, self)
            }
            fn write_tagged(&self, w: &mut $crate::XmlWriter<'_>, tag: &$crate::Tag) {
                w.simple_tagged(tag, self)
            }
        }
        impl $crate::ReadElement for $t {
            fn read_element(
                node: $crate::Node<'_, '_>,
            ) -> ::std::result::Result<Self, $crate::DecodeError> {
                $crate::read_simple(node)
            }
            fn stream_element<'i>(
                s: &mut $crate::Stream<'i>,
                start: &$crate::Start<'i>,
            ) -> ::std::option::Option<Self> {
                $crate::stream::simple(s, start)
            }
        }
        impl $crate::CheckValue for $t {
            fn check(&self, v: &mut $crate::Validator, facets: &$crate::Facets) {
                if !facets.is_unconstrained() {
                    v.check_text(&::std::string::ToString::to_string(self), facets)
                }
            }
        }
    };
}

pub use crate::__complex_type_impls as complex_type_impls;
pub use crate::__simple_type_impls as simple_type_impls;
