//! The server side of a SOAP 1.1 binding: faults written the way WCF writes them, choosing the
//! operation a request is for (by `SOAPAction`, else by the body's wrapper element), and the
//! decode → validate → handle → encode sequence the generated `dispatch` runs per operation.
//!
//! Nothing here panics on any input: every malformed request becomes a [`ServerFault`].

use super::{
    decode_request, encode_response, envelope_parts, escape_text, parse_document, DecodeError,
    DecodeErrorKind, Limits, Operation, OperationInfo, ValidationError, Violation,
};
use std::fmt;
use std::future::Future;

/// Namespace WCF binds the prefix `a` to in an `a:ActionNotSupported` fault code.
pub const WCF_ADDRESSING_NONE_NS: &str = "http://schemas.microsoft.com/ws/2005/05/addressing/none";

/// `Content-Type` of SOAP 1.1 responses and faults.
pub const SOAP11_CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// A SOAP fault the server answers with (HTTP 500).
///
/// `code` is the local part of `faultcode`: a service code such as `INVOICE_NOT_FOUND`, or a
/// SOAP code such as `Client`. It is written as `s:CODE` (prefix `s` bound to the SOAP envelope
/// namespace), unless [`code_namespace`](Self::code_namespace) names another namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerFault {
    /// Local part of the fault code (`INVOICE_NOT_FOUND`).
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

    /// `UNHANDLED_EXCEPTION`: the service failed (the handler panicked, ...).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("UNHANDLED_EXCEPTION", message)
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

    /// The fault for a request that could not be decoded. A missing or unreadable element
    /// maps to the documented `VALIDATION_<FIELD>_REQUIRED` / `_VALUE` / `_PARSING` code
    /// when `known` lists it; everything else is `s:Client`.
    pub fn from_decode(e: &DecodeError, known: fn(&str) -> bool) -> Self {
        let message = format!("The request could not be read: {e}");
        let candidates: Vec<String> = match &e.kind {
            DecodeErrorKind::MissingElement(name) => {
                vec![format!("VALIDATION_{}_REQUIRED", field_stem(name))]
            }
            DecodeErrorKind::InvalidValue { .. } | DecodeErrorKind::NilNotAllowed => {
                let field = e.path.rsplit('/').next().unwrap_or_default();
                let stem = field_stem(field);
                ["VALUE", "PARSING", "RANGE", "INVALID"]
                    .iter()
                    .map(|k| format!("VALIDATION_{stem}_{k}"))
                    .collect()
            }
            _ => Vec::new(),
        };
        match candidates.into_iter().find(|c| known(c)) {
            Some(code) => Self::new(code, message),
            None => Self::client(message),
        }
    }

    /// The fault for a request that breaks a schema constraint: the documented
    /// `VALIDATION_*` code of the first violation when `known` lists one (`Quantity: 0 is
    /// below 1` → `VALIDATION_QUANTITY_RANGE`), else `VALIDATION_ERROR`. The message lists
    /// every violation.
    pub fn from_validation(e: &ValidationError, known: fn(&str) -> bool) -> Self {
        let code = e
            .violations
            .iter()
            .flat_map(violation_codes)
            .find(|c| known(c))
            .unwrap_or_else(|| "VALIDATION_ERROR".to_owned());
        let list: Vec<String> = e.violations.iter().map(ToString::to_string).collect();
        Self::new(
            code,
            format!("The request is not valid: {}", list.join("; ")),
        )
    }

    /// The fault envelope, as WCF writes it:
    /// `<s:Fault><faultcode>s:CODE</faultcode><faultstring xml:lang="en-US">…`.
    pub fn to_envelope(&self) -> String {
        match &self.code_namespace {
            None => super::encode_fault(&self.code, &self.message, Some("en-US")),
            Some(ns) => {
                let mut out = String::with_capacity(300 + self.message.len());
                out.push_str("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode xmlns:a=\"");
                escape_text(ns, &mut out);
                out.push_str("\">a:");
                escape_text(&self.code, &mut out);
                out.push_str("</faultcode><faultstring xml:lang=\"en-US\">");
                escape_text(&self.message, &mut out);
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

/// The upper-snake stem the documented validation codes use for an element
/// (`InvoiceNo` → `INVOICE_NUMBER`, `CountryCode` → `COUNTRY_CODE`).
fn field_stem(local: &str) -> String {
    let local = local.split('[').next().unwrap_or(local);
    match local {
        "InvoiceNo" => "INVOICE_NUMBER".to_owned(),
        "RegNo" => "REGISTRATION_NUMBER".to_owned(),
        "OrderNo" => "ORDER_NUMBER".to_owned(),
        "CustomerNo" => "CUSTOMER_NUMBER".to_owned(),
        "COAddress" => "COADDRESS".to_owned(),
        "Firstname" => "FIRST_NAME".to_owned(),
        "Lastname" => "LAST_NAME".to_owned(),
        "MobilePhone" => "CELL_PHONE_NUMBER".to_owned(),
        "VAT" => "VAT".to_owned(),
        _ => {
            let mut out = String::new();
            let chars: Vec<char> = local.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let boundary = i > 0
                    && c.is_ascii_uppercase()
                    && (chars[i - 1].is_ascii_lowercase()
                        || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
                if boundary {
                    out.push('_');
                }
                out.push(c.to_ascii_uppercase());
            }
            out
        }
    }
}

/// Candidate documented codes for one violation, best first.
fn violation_codes(v: &Violation) -> Vec<String> {
    let field = v.path.rsplit('.').next().unwrap_or_default();
    let stem = field_stem(field);
    let m = v.message.as_str();
    let kinds: &[&str] = if m == "is required" {
        &["REQUIRED"]
    } else if m.contains("characters long") {
        &["LENGTH"]
    } else if m.contains("fraction digits") {
        &["PARSING", "RANGE"]
    } else if m.contains(" digits;") || m.contains("below") || m.contains("above") {
        &["RANGE", "OUT_OF_RANGE", "VALUE"]
    } else if m.contains("pattern") {
        &["INVALID", "LENGTH"]
    } else if m.contains(" items;") {
        &["REQUIRED"]
    } else {
        &["VALUE", "INVALID"]
    };
    kinds
        .iter()
        .map(|k| format!("VALIDATION_{stem}_{k}"))
        .collect()
}

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

/// `SOAPAction` as sent (`"…/CancelInvoice"`), without quotes and blanks; `None` when empty.
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

/// Decodes a request of `O`, validates it, runs `handler` and encodes its answer.
///
/// Undecodable requests are faults ([`ServerFault::from_decode`]), invalid ones too
/// ([`ServerFault::from_validation`]); `known` says which fault codes the service documents.
pub async fn serve_operation<O, F, Fut>(
    body: &str,
    limits: &Limits,
    known: fn(&str) -> bool,
    handler: F,
) -> ServerResponse
where
    O: Operation,
    F: FnOnce(O::Headers, O::Request) -> Fut,
    Fut: Future<Output = Result<O::Response, ServerFault>>,
{
    let decoded = match decode_request::<O>(body, limits) {
        Ok(d) => d,
        Err(e) => return ServerResponse::fault(&ServerFault::from_decode(&e, known)),
    };
    if let Err(e) = super::validate_request::<O>(&decoded.headers, &decoded.request) {
        return ServerResponse::fault(&ServerFault::from_validation(&e, known));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_follow_the_documented_codes() {
        assert_eq!(field_stem("CountryCode"), "COUNTRY_CODE");
        assert_eq!(field_stem("InvoiceNo"), "INVOICE_NUMBER");
        assert_eq!(field_stem("ArticleId"), "ARTICLE_ID");
        assert_eq!(field_stem("ClientIpAddress"), "CLIENT_IP_ADDRESS");
        assert_eq!(field_stem("Address1"), "ADDRESS1");
        assert_eq!(field_stem("Quantity"), "QUANTITY");
    }

    #[test]
    fn fault_envelopes_look_like_wcf() {
        let f = ServerFault::new("INVOICE_NOT_FOUND", "Invoice <1> not found");
        assert_eq!(
            f.to_envelope(),
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode>s:INVOICE_NOT_FOUND</faultcode>\
             <faultstring xml:lang=\"en-US\">Invoice &lt;1&gt; not found</faultstring></s:Fault></s:Body></s:Envelope>"
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
