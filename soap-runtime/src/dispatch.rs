//! The server side of a SOAP 1.1 binding: faults written the way WCF writes them, choosing the
//! operation a request is for (by `SOAPAction`, else by the body's wrapper element), and the
//! decode → validate → handle → encode sequence the generated `dispatch` runs per operation.
//!
//! Nothing here panics on any input: every malformed request becomes a [`ServerFault`].

use super::{
    decode_request, encode_response, envelope_parts, parse_document, values::escape_free_text,
    DecodeError, Limits, Operation, OperationInfo, ValidationError,
};
use std::fmt;
use std::future::Future;

/// Namespace WCF binds the prefix `a` to in an `a:ActionNotSupported` fault code.
pub const WCF_ADDRESSING_NONE_NS: &str = "http://schemas.microsoft.com/ws/2005/05/addressing/none";

/// `Content-Type` of SOAP 1.1 responses and faults.
pub const SOAP11_CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// A SOAP fault the server answers with (HTTP 500).
///
/// `code` is the local part of `faultcode`: a service code such as `ORDER_NOT_FOUND`, or a
/// SOAP code such as `Client`. It is written as `s:CODE` (prefix `s` bound to the SOAP envelope
/// namespace), unless [`code_namespace`](Self::code_namespace) names another namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerFault {
    /// Local part of the fault code (`ORDER_NOT_FOUND`).
    pub code: String,
    /// The `faultstring`, sent with `xml:lang="en-US"`.
    pub message: String,
    /// Namespace of the code's prefix when it is not the SOAP envelope namespace (WCF's
    /// `a:ActionNotSupported`); written with prefix `a`.
    pub code_namespace: Option<String>,
}

impl ServerFault {
    /// A fault with code `s:CODE`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ServerFault {
            code: code.into(),
            message: message.into(),
            code_namespace: None,
        }
    }

    /// `s:Client`: the request is not something the service can read.
    pub fn client(message: impl Into<String>) -> Self {
        Self::new("Client", message)
    }

    /// `s:Server`: the service failed (the handler panicked, ...).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("Server", message)
    }

    /// `a:ActionNotSupported`, what WCF answers to an unknown `SOAPAction`.
    pub fn action_not_supported(action: &str) -> Self {
        ServerFault {
            code: "ActionNotSupported".to_owned(),
            message: format!(
                "The message with Action '{action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the \
                 EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between sender and \
                 receiver) or a binding/security mismatch between the sender and the receiver. Check that sender and receiver \
                 have the same contract and the same binding (including security requirements, e.g. Message, Transport, None)."
            ),
            code_namespace: Some(WCF_ADDRESSING_NONE_NS.to_owned()),
        }
    }

    /// `s:Client` for a body element no operation of the service takes.
    pub fn unknown_operation(element: &str) -> Self {
        Self::client(format!(
            "no operation of this service takes the request element {element}"
        ))
    }

    /// The fault for a request that could not be decoded: `s:Client`, with the decoding
    /// error (what, and at which line, column and element path) in the message.
    pub fn from_decode(e: &DecodeError) -> Self {
        Self::client(format!("The request could not be read: {e}"))
    }

    /// The fault for a request that breaks a schema constraint: `s:Client`, with every
    /// violation (path and what is wrong) in the message.
    pub fn from_validation(e: &ValidationError) -> Self {
        let list: Vec<String> = e.violations.iter().map(ToString::to_string).collect();
        Self::client(format!("The request is not valid: {}", list.join("; ")))
    }

    /// The fault envelope, as WCF writes it:
    /// `<s:Fault><faultcode>s:CODE</faultcode><faultstring xml:lang="en-US">…`.
    pub fn to_envelope(&self) -> String {
        match &self.code_namespace {
            None => super::encode_fault(&self.code, &self.message, Some("en-US")),
            Some(ns) => {
                let mut out = String::with_capacity(300 + self.message.len());
                out.push_str("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode xmlns:a=\"");
                escape_free_text(ns, true, &mut out);
                out.push_str("\">a:");
                escape_free_text(&self.code, false, &mut out);
                out.push_str("</faultcode><faultstring xml:lang=\"en-US\">");
                escape_free_text(&self.message, false, &mut out);
                out.push_str("</faultstring></s:Fault></s:Body></s:Envelope>");
                out
            }
        }
    }
}

impl fmt::Display for ServerFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ServerFault {}

/// What the server sends back: an HTTP status and a SOAP envelope (or nothing, for 202).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerResponse {
    /// 200 for a response, 500 for a fault, 202 for a one-way operation.
    pub status: u16,
    /// The envelope (`text/xml; charset=utf-8`).
    pub body: String,
}

impl ServerResponse {
    /// HTTP 200 with a response envelope.
    pub fn ok(body: String) -> Self {
        ServerResponse { status: 200, body }
    }

    /// HTTP 500 with the fault's envelope.
    pub fn fault(fault: &ServerFault) -> Self {
        ServerResponse {
            status: 500,
            body: fault.to_envelope(),
        }
    }

    /// Whether this is a fault.
    pub fn is_fault(&self) -> bool {
        self.status == 500
    }
}

impl From<ServerFault> for ServerResponse {
    fn from(f: ServerFault) -> Self {
        ServerResponse::fault(&f)
    }
}

/// `SOAPAction` as sent (`"urn:shop/GetOrder"`), without quotes and blanks; `None` when empty.
pub fn normalize_soap_action(action: Option<&str>) -> Option<&str> {
    let a = action?.trim();
    let a = a
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(a)
        .trim();
    (!a.is_empty()).then_some(a)
}

/// Chooses the operation of a request among `ops`: by `SOAPAction` when one is given (an
/// unknown action is `a:ActionNotSupported`, as with WCF), otherwise by the namespace URI and
/// local name of the body's first element.
pub fn select_operation<'o>(
    ops: &[&'o OperationInfo],
    soap_action: Option<&str>,
    body: &str,
    limits: &Limits,
) -> Result<&'o OperationInfo, ServerFault> {
    if let Some(action) = normalize_soap_action(soap_action) {
        return ops
            .iter()
            .copied()
            .find(|o| o.soap_action == action)
            .ok_or_else(|| ServerFault::action_not_supported(action));
    }
    let doc = parse_document(body, limits)
        .map_err(|e| ServerFault::client(format!("The request could not be read: {e}")))?;
    let parts = envelope_parts(&doc)
        .map_err(|e| ServerFault::client(format!("The request could not be read: {e}")))?;
    let tag = parts.payload.tag_name();
    let ns = tag.namespace().unwrap_or("");
    ops.iter()
        .copied()
        .find(|o| o.request == (ns, tag.name()))
        .ok_or_else(|| ServerFault::unknown_operation(&super::display_name(parts.payload)))
}

/// Decodes a request of operation `O` (given as its marker value), validates it, runs
/// `handler` and encodes its answer.
///
/// A request that does not decode is answered with the fault `on_undecodable` makes of the
/// error, one that breaks a schema constraint with the fault `on_invalid` makes (the generated
/// `dispatch` passes the `Service` trait's provided methods, whose defaults are
/// [`ServerFault::from_decode`] and [`ServerFault::from_validation`]); the handler's own faults
/// are sent as they are.
pub async fn serve_operation<O, D, V, F, Fut>(
    _operation: O,
    body: &str,
    limits: &Limits,
    on_undecodable: D,
    on_invalid: V,
    handler: F,
) -> ServerResponse
where
    O: Operation,
    D: FnOnce(&DecodeError) -> ServerFault,
    V: FnOnce(&ValidationError) -> ServerFault,
    F: FnOnce(O::Headers, O::Request) -> Fut,
    Fut: Future<Output = Result<O::Response, ServerFault>>,
{
    let decoded = match decode_request::<O>(body, limits) {
        Ok(d) => d,
        Err(e) => return ServerResponse::fault(&on_undecodable(&e)),
    };
    if let Err(e) = super::validate_request::<O>(&decoded.headers, &decoded.request) {
        return ServerResponse::fault(&on_invalid(&e));
    }
    match handler(decoded.headers, decoded.request).await {
        Ok(_) if O::INFO.response.1.is_empty() => ServerResponse {
            status: 202,
            body: String::new(),
        },
        Ok(response) => ServerResponse::ok(encode_response::<O>(&response)),
        Err(fault) => ServerResponse::fault(&fault),
    }
}

/// A service as a transport sees it: one request envelope in, one response out. The generated
/// `Dispatcher` implements it for every implementation of the generated `Service` trait; the
/// HTTP server of the `server` feature serves any implementation.
pub trait Dispatch: Send + Sync + 'static {
    /// Handles one request: picks the operation (by `soap_action`, the `SOAPAction` header
    /// without quotes, or else by the body's first element; see [`select_operation`]), decodes
    /// and validates it, runs the operation and encodes the answer. Never panics on malformed
    /// input.
    fn dispatch(
        &self,
        soap_action: Option<&str>,
        body: &str,
        limits: &Limits,
    ) -> impl Future<Output = ServerResponse> + Send;

    /// The fault sent when handling a request failed without an answer (the handler
    /// panicked); default [`ServerFault::internal`] (`s:Server`).
    fn internal_fault(&self, message: &str) -> ServerFault {
        ServerFault::internal(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DecodeErrorKind, Violation};

    #[test]
    fn generic_faults_are_client_and_server() {
        let e = DecodeError {
            kind: DecodeErrorKind::MissingElement("OrderNo".to_owned()),
            path: "Envelope/Body/GetOrder".to_owned(),
            line: 1,
            column: 80,
        };
        let f = ServerFault::from_decode(&e);
        assert_eq!(f.code, "Client");
        assert!(f.message.contains("OrderNo"), "{f}");
        let v = ValidationError {
            violations: vec![
                Violation {
                    path: "Items[2].Quantity".to_owned(),
                    message: "0 is below 1".to_owned(),
                },
                Violation {
                    path: "CountryCode".to_owned(),
                    message: "is required".to_owned(),
                },
            ],
        };
        let f = ServerFault::from_validation(&v);
        assert_eq!(f.code, "Client");
        assert_eq!(
            f.message,
            "The request is not valid: Items[2].Quantity: 0 is below 1; CountryCode: is required"
        );
        assert_eq!(ServerFault::internal("boom").code, "Server");
    }

    #[test]
    fn fault_envelopes_look_like_wcf() {
        let f = ServerFault::new("ORDER_NOT_FOUND", "Order <1> not found");
        assert_eq!(
            f.to_envelope(),
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode>s:ORDER_NOT_FOUND</faultcode>\
             <faultstring xml:lang=\"en-US\">Order &lt;1&gt; not found</faultstring></s:Fault></s:Body></s:Envelope>"
        );
        let a = ServerFault::action_not_supported("x").to_envelope();
        assert!(a.contains("<faultcode xmlns:a=\"http://schemas.microsoft.com/ws/2005/05/addressing/none\">a:ActionNotSupported</faultcode>"));
    }

    #[test]
    fn actions_are_unquoted() {
        assert_eq!(normalize_soap_action(Some("\"urn:x\"")), Some("urn:x"));
        assert_eq!(normalize_soap_action(Some("\"\"")), None);
        assert_eq!(normalize_soap_action(None), None);
    }
}
