//! The server side of a SOAP 1.1 or 1.2 binding: faults (SOAP 1.1 as WCF writes them, SOAP 1.2
//! with `Code/Value`, `Subcode`, `Reason/Text` and `Detail`), choosing the operation a request
//! is for (by its action, else by the body's wrapper element), and the decode → validate →
//! handle → encode sequence the generated `dispatch` runs per operation.
//!
//! Nothing here panics on any input: every malformed request becomes a [`ServerFault`].

use super::{
    decode_request, encode_response, envelope_parts_for, parse_document, values::escape_free_text,
    DecodeError, Limits, Operation, OperationInfo, SoapVersion, ValidationError, SOAP12_ENV,
};
use std::fmt;
use std::future::Future;

/// Namespace WCF binds the prefix `a` to in an `a:ActionNotSupported` fault code.
pub const WCF_ADDRESSING_NONE_NS: &str = "http://schemas.microsoft.com/ws/2005/05/addressing/none";

/// `Content-Type` of SOAP 1.1 responses and faults.
pub const SOAP11_CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// `Content-Type` of SOAP 1.2 responses and faults.
pub const SOAP12_CONTENT_TYPE: &str = "application/soap+xml; charset=utf-8";

/// The `Content-Type` of messages of a SOAP version ([`SOAP11_CONTENT_TYPE`] or
/// [`SOAP12_CONTENT_TYPE`]).
pub fn content_type(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::Soap11 => SOAP11_CONTENT_TYPE,
        SoapVersion::Soap12 => SOAP12_CONTENT_TYPE,
    }
}

/// Whom a fault blames: SOAP 1.2's `env:Sender` (the request is wrong; HTTP 400) or
/// `env:Receiver` (the service failed; HTTP 500). SOAP 1.1 faults always travel with HTTP 500;
/// there the party shows only in the SOAP codes `s:Client` and `s:Server`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultParty {
    /// The request is at fault: it cannot be read, is invalid, or asks for something the
    /// service refuses (`env:Sender`, SOAP 1.1 `s:Client`).
    Sender,
    /// The service is at fault (`env:Receiver`, SOAP 1.1 `s:Server`).
    Receiver,
}

/// A SOAP fault the server answers with.
///
/// `code` is the local part of the fault code: a service code such as `ORDER_NOT_FOUND`, or a
/// SOAP code such as `Client`. In SOAP 1.1 it is written as `faultcode` `s:CODE` (prefix `s`
/// bound to the SOAP envelope namespace), unless [`code_namespace`](Self::code_namespace) names
/// another namespace. In SOAP 1.2 the `env:Code/env:Value` is `env:Sender` or `env:Receiver`
/// (the [`party`](Self::party)) and a service code goes into `env:Subcode/env:Value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerFault {
    /// Local part of the fault code (`ORDER_NOT_FOUND`).
    pub code: String,
    /// The `faultstring` (SOAP 1.1, sent with `xml:lang="en-US"`) or `env:Reason/env:Text`
    /// (SOAP 1.2, `xml:lang="en"`).
    pub message: String,
    /// Namespace of the code's prefix when it is not the SOAP envelope namespace (WCF's
    /// `a:ActionNotSupported`); written with prefix `a`.
    pub code_namespace: Option<String>,
    /// Whom the fault blames; decides the SOAP 1.2 code and HTTP status.
    pub party: FaultParty,
    /// The content of the fault's `detail` (SOAP 1.1) or `env:Detail` (SOAP 1.2) element, as
    /// XML written as given: the element of a fault the WSDL declares, say
    /// `<t:OrderNotFound xmlns:t="urn:shop"><t:OrderNo>7</t:OrderNo></t:OrderNotFound>`. The
    /// caller makes it well-formed.
    pub detail: Option<String>,
}

/// The SOAP codes that are written as the code itself, not as a service code: SOAP 1.1's
/// `Client`/`Server`, SOAP 1.2's `Sender`/`Receiver` and the other codes SOAP 1.2 defines.
fn soap12_code(code: &str) -> Option<&'static str> {
    Some(match code {
        "Client" | "Sender" => "Sender",
        "Server" | "Receiver" => "Receiver",
        "VersionMismatch" => "VersionMismatch",
        "MustUnderstand" => "MustUnderstand",
        "DataEncodingUnknown" => "DataEncodingUnknown",
        _ => return None,
    })
}

impl ServerFault {
    /// A fault with code `s:CODE`. It blames the sender (SOAP 1.2 `env:Sender`, HTTP 400), as a
    /// WCF `FaultException` does, unless `code` is `Server` or `Receiver`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        let code = code.into();
        let party = match code.as_str() {
            "Server" | "Receiver" => FaultParty::Receiver,
            _ => FaultParty::Sender,
        };
        ServerFault {
            code,
            message: message.into(),
            code_namespace: None,
            party,
            detail: None,
        }
    }

    /// The same fault with its code in namespace `ns` (a service's own namespace, say): SOAP
    /// 1.1 `faultcode` and SOAP 1.2 `env:Subcode/env:Value` `a:CODE`, prefix `a` bound to `ns`.
    pub fn with_code_namespace(mut self, ns: impl Into<String>) -> Self {
        self.code_namespace = Some(ns.into());
        self
    }

    /// The same fault blaming `party`.
    pub fn with_party(mut self, party: FaultParty) -> Self {
        self.party = party;
        self
    }

    /// The same fault with `detail` (XML, see [`detail`](Self::detail)).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// `s:Client`: the request is not something the service can read.
    pub fn client(message: impl Into<String>) -> Self {
        Self::new("Client", message)
    }

    /// `s:Server`: the service failed (the handler panicked, ...).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("Server", message)
    }

    /// `VersionMismatch`: the request is an envelope of the other SOAP version than the
    /// binding's, `binding`. [`ServerResponse::fault_in`] writes it as SOAP 1.1, which senders
    /// of both versions read, with HTTP 500, and from a SOAP 1.2 binding with the `Upgrade`
    /// header naming the envelope it takes (SOAP 1.2 Part 1 §5.4.7, Appendix A).
    pub fn version_mismatch(binding: SoapVersion) -> Self {
        let (got, takes) = match binding {
            SoapVersion::Soap11 => ("1.2", "1.1"),
            SoapVersion::Soap12 => ("1.1", "1.2"),
        };
        Self::new(
            "VersionMismatch",
            format!("The request is a SOAP {got} envelope; this endpoint takes SOAP {takes}."),
        )
        .with_party(FaultParty::Receiver)
    }

    /// Whether this is a [`version_mismatch`](Self::version_mismatch) fault.
    fn is_version_mismatch(&self) -> bool {
        self.code == "VersionMismatch" && self.code_namespace.is_none()
    }

    /// `a:ActionNotSupported`, what WCF answers to an unknown action (SOAP 1.2: `env:Sender`
    /// with that subcode).
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
            party: FaultParty::Sender,
            detail: None,
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

    /// The HTTP status the fault travels with: 500 in SOAP 1.1; in SOAP 1.2 400 for a
    /// [`Sender`](FaultParty::Sender) fault and 500 for a [`Receiver`](FaultParty::Receiver)
    /// one (SOAP 1.2 Part 2, 7.5.1.2).
    pub fn http_status(&self, version: SoapVersion) -> u16 {
        match (version, self.party) {
            (SoapVersion::Soap12, FaultParty::Sender) => 400,
            _ => 500,
        }
    }

    /// The fault envelope in `version`: [`to_envelope`](Self::to_envelope) or
    /// [`to_soap12_envelope`](Self::to_soap12_envelope).
    pub fn envelope(&self, version: SoapVersion) -> String {
        match version {
            SoapVersion::Soap11 => self.to_envelope(),
            SoapVersion::Soap12 => self.to_soap12_envelope(),
        }
    }

    /// The SOAP 1.1 fault envelope, as WCF writes it:
    /// `<s:Fault><faultcode>s:CODE</faultcode><faultstring xml:lang="en-US">…`, then
    /// `<detail>…</detail>` when there is a detail.
    pub fn to_envelope(&self) -> String {
        if self.code_namespace.is_none() && self.detail.is_none() {
            return super::encode_fault(&self.code, &self.message, Some("en-US"));
        }
        let mut out = String::with_capacity(300 + self.message.len());
        out.push_str(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>",
        );
        match &self.code_namespace {
            None => out.push_str("<faultcode>s:"),
            Some(ns) => {
                out.push_str("<faultcode xmlns:a=\"");
                escape_free_text(ns, true, &mut out);
                out.push_str("\">a:");
            }
        }
        escape_free_text(&self.code, false, &mut out);
        out.push_str("</faultcode><faultstring xml:lang=\"en-US\">");
        escape_free_text(&self.message, false, &mut out);
        out.push_str("</faultstring>");
        if let Some(detail) = &self.detail {
            out.push_str("<detail>");
            out.push_str(detail);
            out.push_str("</detail>");
        }
        out.push_str("</s:Fault></s:Body></s:Envelope>");
        out
    }

    /// The SOAP 1.2 fault envelope: `env:Code/env:Value` `env:Sender` or `env:Receiver` (the
    /// [`party`](Self::party)), a service code in `env:Subcode/env:Value` (with prefix `a` when
    /// it has a [`code_namespace`](Self::code_namespace), else in no namespace),
    /// `env:Reason/env:Text xml:lang="en"` and `env:Detail` when there is a detail.
    pub fn to_soap12_envelope(&self) -> String {
        let mut out = String::with_capacity(400 + self.message.len());
        out.push_str("<env:Envelope xmlns:env=\"");
        out.push_str(SOAP12_ENV);
        out.push_str("\"><env:Body><env:Fault><env:Code><env:Value>env:");
        let party = match self.party {
            FaultParty::Sender => "Sender",
            FaultParty::Receiver => "Receiver",
        };
        match soap12_code(&self.code).filter(|_| self.code_namespace.is_none()) {
            // `Client` and `Sender` (`Server`, `Receiver`) say no more than the party.
            Some("Sender" | "Receiver") => out.push_str(party),
            // A SOAP code of its own (`VersionMismatch`, ...) is the code.
            Some(c) => out.push_str(c),
            None => {
                out.push_str(party);
                out.push_str("</env:Value><env:Subcode><env:Value");
                if let Some(ns) = &self.code_namespace {
                    out.push_str(" xmlns:a=\"");
                    escape_free_text(ns, true, &mut out);
                    out.push_str("\">a:");
                } else {
                    out.push('>');
                }
                escape_free_text(&self.code, false, &mut out);
                out.push_str("</env:Value></env:Subcode>");
            }
        }
        if !out.ends_with("</env:Subcode>") {
            out.push_str("</env:Value>");
        }
        out.push_str("</env:Code><env:Reason><env:Text xml:lang=\"en\">");
        escape_free_text(&self.message, false, &mut out);
        out.push_str("</env:Text></env:Reason>");
        if let Some(detail) = &self.detail {
            out.push_str("<env:Detail>");
            out.push_str(detail);
            out.push_str("</env:Detail>");
        }
        out.push_str("</env:Fault></env:Body></env:Envelope>");
        out
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
    /// 200 for a response, 500 (or, SOAP 1.2 sender faults, 400) for a fault, 202 for a
    /// one-way operation.
    pub status: u16,
    /// The envelope, in the binding's SOAP version (its `Content-Type` is [`content_type`]).
    pub body: String,
    /// The SOAP version of `body` when it is not the binding's: a version mismatch fault is
    /// written in SOAP 1.1 whatever the binding (its `Content-Type` is then SOAP 1.1's).
    pub soap_version: Option<SoapVersion>,
}

impl ServerResponse {
    /// HTTP 200 with a response envelope.
    pub fn ok(body: String) -> Self {
        ServerResponse {
            status: 200,
            body,
            soap_version: None,
        }
    }

    /// HTTP 500 with the fault's SOAP 1.1 envelope.
    pub fn fault(fault: &ServerFault) -> Self {
        Self::fault_in(fault, SoapVersion::Soap11)
    }

    /// The fault's envelope in `version`, with its HTTP status ([`ServerFault::http_status`]);
    /// a [`version mismatch`](ServerFault::version_mismatch) in SOAP 1.1, with HTTP 500.
    pub fn fault_in(fault: &ServerFault, version: SoapVersion) -> Self {
        if fault.is_version_mismatch() {
            let mut body = fault.to_envelope();
            if version == SoapVersion::Soap12 {
                let upgrade = concat!(
                    "<s:Header><upg:Upgrade xmlns:upg=\"http://www.w3.org/2003/05/soap-envelope\">",
                    "<upg:SupportedEnvelope qname=\"ns1:Envelope\" xmlns:ns1=\"http://www.w3.org/2003/05/soap-envelope\"/>",
                    "</upg:Upgrade></s:Header>"
                );
                if let Some(at) = body.find("<s:Body>") {
                    body.insert_str(at, upgrade);
                }
            }
            return ServerResponse {
                status: 500,
                body,
                soap_version: Some(SoapVersion::Soap11),
            };
        }
        ServerResponse {
            status: fault.http_status(version),
            body: fault.envelope(version),
            soap_version: None,
        }
    }

    /// Whether this is a fault (HTTP 400 or above).
    pub fn is_fault(&self) -> bool {
        self.status >= 400
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

/// The `action` parameter of a SOAP 1.2 `Content-Type`
/// (`application/soap+xml; charset=utf-8; action="urn:shop/GetOrder"`), unquoted; `None` when
/// there is none. Parameter names are compared case-insensitively; a quoted value may hold
/// `;` and backslash-escaped characters.
pub fn content_type_action(content_type: &str) -> Option<String> {
    let mut rest = content_type.split_once(';')?.1;
    loop {
        let (name, after) = rest.split_once('=')?;
        let name = name.trim();
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let mut value = String::new();
                let mut chars = quoted.char_indices();
                let mut end = None;
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => value.extend(chars.next().map(|(_, c)| c)),
                        '"' => {
                            end = Some(i + 1);
                            break;
                        }
                        c => value.push(c),
                    }
                }
                let tail = &quoted[end?..];
                (value, tail.split_once(';').map(|(_, n)| n))
            }
            None => match after.split_once(';') {
                Some((v, n)) => (v.trim().to_owned(), Some(n)),
                None => (after.trim().to_owned(), None),
            },
        };
        if name.eq_ignore_ascii_case("action") {
            return (!value.is_empty()).then_some(value);
        }
        rest = next?;
    }
}

/// Chooses the operation of a request among `ops`: by its action when one is given (the
/// `SOAPAction` header in SOAP 1.1, the `action` parameter of the `Content-Type` in SOAP 1.2;
/// an unknown action is `a:ActionNotSupported`, as with WCF), otherwise by the namespace URI
/// and local name of the body's first element. The envelope is read in the SOAP version of the
/// operations.
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
    let version = ops.first().map_or(SoapVersion::Soap11, |o| o.soap_version);
    let parts = envelope_parts_for(&doc, version).map_err(|e| {
        if super::envelope::is_other_version(&e) {
            ServerFault::version_mismatch(version)
        } else {
            ServerFault::client(format!("The request could not be read: {e}"))
        }
    })?;
    let tag = parts.payload.tag_name();
    let ns = tag.namespace().unwrap_or("");
    ops.iter()
        .copied()
        .find(|o| o.request == (ns, tag.name()))
        .ok_or_else(|| ServerFault::unknown_operation(&super::display_name(parts.payload)))
}

/// Decodes a request of operation `O` (given as its marker value), validates it, runs
/// `handler` and encodes its answer, faults included, in the SOAP version of `O`'s binding.
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
    let version = O::INFO.soap_version;
    let decoded = match decode_request::<O>(body, limits) {
        Ok(d) => d,
        Err(e) if super::envelope::is_other_version(&e) => {
            return ServerResponse::fault_in(&ServerFault::version_mismatch(version), version)
        }
        Err(e) => return ServerResponse::fault_in(&on_undecodable(&e), version),
    };
    if let Err(e) = super::validate_request::<O>(&decoded.headers, &decoded.request) {
        return ServerResponse::fault_in(&on_invalid(&e), version);
    }
    match handler(decoded.headers, decoded.request).await {
        Ok(_) if O::INFO.response.1.is_empty() => ServerResponse {
            status: 202,
            body: String::new(),
            soap_version: None,
        },
        Ok(response) => ServerResponse::ok(encode_response::<O>(&response)),
        Err(fault) => ServerResponse::fault_in(&fault, version),
    }
}

/// A service as a transport sees it: one request envelope in, one response out. The generated
/// `Dispatcher` implements it for every implementation of the generated `Service` trait; the
/// HTTP server of the `server` feature serves any implementation.
pub trait Dispatch: Send + Sync + 'static {
    /// Handles one request: picks the operation (by `soap_action`, the action of the request
    /// without quotes — SOAP 1.1: the `SOAPAction` header; SOAP 1.2: the `action` parameter of
    /// the `Content-Type` — or else by the body's first element; see [`select_operation`]),
    /// decodes and validates it, runs the operation and encodes the answer. Never panics on
    /// malformed input.
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

    /// The SOAP version the service speaks (default 1.1): where a transport finds the action
    /// (the `SOAPAction` header or the `Content-Type`'s `action`), the `Content-Type` of its
    /// answers and the envelope and HTTP status of the faults it makes itself. The generated
    /// `Dispatcher` answers its binding's version.
    fn soap_version(&self) -> SoapVersion {
        SoapVersion::Soap11
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
    fn soap12_faults_have_a_code_a_subcode_a_reason_and_a_detail() {
        let f = ServerFault::new("OrderNotFound", "Order <1> not found")
            .with_code_namespace("urn:shop")
            .with_detail("<t:OrderNo xmlns:t=\"urn:shop\">1</t:OrderNo>");
        assert_eq!(
            f.to_soap12_envelope(),
            "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><env:Fault>\
             <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value xmlns:a=\"urn:shop\">a:OrderNotFound</env:Value></env:Subcode></env:Code>\
             <env:Reason><env:Text xml:lang=\"en\">Order &lt;1&gt; not found</env:Text></env:Reason>\
             <env:Detail><t:OrderNo xmlns:t=\"urn:shop\">1</t:OrderNo></env:Detail></env:Fault></env:Body></env:Envelope>"
        );
        assert_eq!(f.http_status(SoapVersion::Soap12), 400);
        assert_eq!(f.http_status(SoapVersion::Soap11), 500);
        // SOAP 1.1: the code in its namespace, the detail after the faultstring.
        assert!(f.to_envelope().contains(
            "<faultcode xmlns:a=\"urn:shop\">a:OrderNotFound</faultcode><faultstring xml:lang=\"en-US\">Order &lt;1&gt; not found</faultstring>\
             <detail><t:OrderNo xmlns:t=\"urn:shop\">1</t:OrderNo></detail></s:Fault>"
        ));
        // SOAP codes are the code itself; a service code without namespace is in none.
        let internal = ServerFault::internal("boom").to_soap12_envelope();
        assert!(internal.contains("<env:Code><env:Value>env:Receiver</env:Value></env:Code>"));
        assert_eq!(
            ServerFault::internal("boom").http_status(SoapVersion::Soap12),
            500
        );
        let client = ServerFault::client("bad").to_soap12_envelope();
        assert!(client.contains("<env:Code><env:Value>env:Sender</env:Value></env:Code>"));
        let own = ServerFault::new("LIMIT", "x")
            .with_party(FaultParty::Receiver)
            .to_soap12_envelope();
        assert!(own.contains("<env:Value>env:Receiver</env:Value><env:Subcode><env:Value>LIMIT</env:Value></env:Subcode>"), "{own}");
        let mismatch = ServerFault::new("VersionMismatch", "x").to_soap12_envelope();
        assert!(
            mismatch.contains("<env:Code><env:Value>env:VersionMismatch</env:Value></env:Code>")
        );
    }

    #[test]
    fn soap12_faults_read_back_as_written() {
        let f = ServerFault::action_not_supported("urn:x\u{1}").with_detail("<d/>");
        let xml = f.to_soap12_envelope();
        let doc = parse_document(&xml, &Limits::default()).unwrap();
        let parts = envelope_parts_for(&doc, SoapVersion::Soap12).unwrap();
        let raw = crate::read_fault12(parts.payload);
        assert_eq!(raw.code, "ActionNotSupported");
        assert_eq!(raw.code_namespace.as_deref(), Some(WCF_ADDRESSING_NONE_NS));
        assert!(raw.message.contains("'urn:x\\u{1}'"), "{}", raw.message);
        assert_eq!(raw.lang.as_deref(), Some("en"));
        assert_eq!(raw.detail.as_deref(), Some("<env:Detail><d/></env:Detail>"));
    }

    #[test]
    fn the_action_parameter_of_a_content_type() {
        let a = |ct: &str| content_type_action(ct);
        assert_eq!(
            a("application/soap+xml; charset=utf-8; action=\"urn:shop/Get\"").as_deref(),
            Some("urn:shop/Get")
        );
        assert_eq!(
            a("application/soap+xml;ACTION=urn:x;charset=utf-8").as_deref(),
            Some("urn:x")
        );
        assert_eq!(
            a("application/soap+xml; action=\"a;b\\\"c\"; charset=utf-8").as_deref(),
            Some("a;b\"c")
        );
        assert_eq!(
            a("application/soap+xml; charset=\"x;action=no\"").as_deref(),
            None
        );
        assert_eq!(a("application/soap+xml; action=\"\""), None);
        assert_eq!(a("application/soap+xml; action=\"unterminated"), None);
        assert_eq!(a("application/soap+xml; action"), None);
        assert_eq!(a("application/soap+xml"), None);
        assert_eq!(a(""), None);
    }

    #[test]
    fn actions_are_unquoted() {
        assert_eq!(normalize_soap_action(Some("\"urn:x\"")), Some("urn:x"));
        assert_eq!(normalize_soap_action(Some("\"\"")), None);
        assert_eq!(normalize_soap_action(None), None);
    }
}
