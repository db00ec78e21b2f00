//! An async SOAP-over-HTTP client for generated operations (feature `client`): reqwest with
//! rustls, a timeout per call, a connect timeout, a cap on the response body, SOAP 1.1 and 1.2
//! requests, typed faults, `tracing` spans, and secrets (passwords, tokens) kept out of logs
//! and errors.
//!
//! [`Client`] implements [`CallOperation`], so the per-operation methods the generator emits
//! for a client type work over it. What goes into the SOAP headers of each call comes from a
//! [`HeaderSource`], which also names the secrets to redact.
//!
//! ```no_run
//! use soap_runtime::client::{ClientBuilder, StaticHeaders};
//! # #[derive(Clone, Default)] struct Headers;
//! # impl soap_runtime::HeaderSet for Headers {
//! #     fn write_headers(&self, _: &mut soap_runtime::XmlWriter<'_>, _: &[soap_runtime::HeaderUse]) {}
//! #     fn read_header(&mut self, _: soap_runtime::Node<'_, '_>) -> Result<bool, soap_runtime::DecodeError> { Ok(false) }
//! #     fn validate_for(&self, _: &[soap_runtime::HeaderUse], _: &mut soap_runtime::Validator) {}
//! # }
//! # fn main() -> Result<(), soap_runtime::client::Error> {
//! let client = ClientBuilder::new("https://shop.example/OrderService.svc")
//!     .timeout(std::time::Duration::from_secs(10))
//!     .build(StaticHeaders(Headers::default()))?;
//! // soap_runtime::CallOperation::call::<operations::GetOrder>(&client, &request).await
//! # let _ = client; Ok(()) }
//! ```
//!
//! The client never retries; [`Error::may_have_reached_server`] tells whether a failed call
//! may have been executed by the service.

use crate::{
    decode_response, element_children, encode_request, envelope_parts_for, escape_text,
    parse_document, validate_request, CallOperation, DecodeError, DecodeErrorKind, HeaderSet,
    Limits, Operation, OperationInfo, RawFault, ResponseError, SoapVersion, ValidationError,
};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The HTTP client crate the transport is built on (for [`ClientBuilder::http_client`]).
pub use reqwest;

mod wire;
pub use wire::{next_call_id, WireObserver, WireRequest, WireResponse};

/// Default for [`ClientBuilder::timeout`]: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default for [`ClientBuilder::connect_timeout`]: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// What secrets are replaced with in logs and error messages.
pub const REDACTED: &str = "***";

/// At most this many characters of a non-SOAP error body are kept in [`Error::HttpStatus`].
const SNIPPET_CHARS: usize = 200;
/// Bytes read of an error body that is larger than [`Limits::max_bytes`].
const SNIPPET_BYTES: usize = 4096;

/// Supplies the SOAP headers of each call, and the secrets in them.
///
/// Implemented by the crate wrapping the client for a service (credentials, a client address,
/// a session token...); [`StaticHeaders`] sends the same headers with every call.
pub trait HeaderSource: Send + Sync + 'static {
    /// The service's header set (generated).
    type Headers: HeaderSet;

    /// The headers for one call of `operation`. Only those the operation declares are written
    /// (see [`OperationInfo::headers`]); a required one that is absent fails validation, and
    /// nothing is sent.
    fn headers(&self, operation: &'static OperationInfo) -> Self::Headers;

    /// The headers the client sends with one call of `operation`: by default
    /// [`headers`](Self::headers), made for the call. A source that keeps its headers ready
    /// lends them instead ([`CallHeaders::Borrowed`]), which saves copying every header value
    /// for every call. Must be the same headers as [`headers`](Self::headers) gives.
    fn call_headers(&self, operation: &'static OperationInfo) -> CallHeaders<'_, Self::Headers> {
        CallHeaders::Owned(self.headers(operation))
    }

    /// Strings that must never appear in logs or errors (passwords, tokens): each whole
    /// occurrence, as it is and XML-escaped, is replaced by [`REDACTED`] (see [`redact`]).
    /// Default: none.
    fn secrets(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// The same headers for every call, without secrets.
#[derive(Clone, Debug, Default)]
pub struct StaticHeaders<H>(
    /// The headers sent (those each operation declares).
    pub H,
);

impl<H: HeaderSet + Clone + Send + Sync + 'static> HeaderSource for StaticHeaders<H> {
    type Headers = H;

    fn headers(&self, _: &'static OperationInfo) -> H {
        self.0.clone()
    }

    fn call_headers(&self, _: &'static OperationInfo) -> CallHeaders<'_, H> {
        CallHeaders::Borrowed(&self.0)
    }
}

/// The headers of one call ([`HeaderSource::call_headers`]): lent by the source, or made for
/// the call. Dereferences to the headers.
#[derive(Debug)]
pub enum CallHeaders<'a, H> {
    /// Headers the source keeps ready.
    Borrowed(&'a H),
    /// Headers made for this call.
    Owned(H),
}

impl<H> std::ops::Deref for CallHeaders<'_, H> {
    type Target = H;

    fn deref(&self) -> &H {
        match self {
            CallHeaders::Borrowed(h) => h,
            CallHeaders::Owned(h) => h,
        }
    }
}

/// Everything a call of the [`Client`] can fail with.
///
/// No variant's `Debug` or `Display` output contains a secret of the [`HeaderSource`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request (or a required header) breaks a constraint of the schema. Nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(ValidationError),
    /// The service answered with a SOAP fault. Boxed to keep `Error` small.
    #[error("the service returned a fault: {0}")]
    Fault(Box<Fault>),
    /// The service answered with a success status, but the body is not the operation's
    /// response (not XML, not a SOAP envelope, another element, larger than
    /// [`Limits::max_bytes`], ...).
    #[error("could not decode the response (HTTP {status}): {error}")]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// What is wrong with the body.
        error: DecodeError,
    },
    /// A non-success HTTP status whose body is not a SOAP fault (e.g. a proxy's 502 page).
    #[error("HTTP status {status} without a SOAP fault: {body_snippet:?}")]
    HttpStatus {
        /// HTTP status of the response.
        status: u16,
        /// The start of the body (at most about 200 characters), secrets redacted.
        body_snippet: String,
    },
    /// No complete response within the timeout, after the connection was made (or while it
    /// was being made, when the overall timeout is the shorter one). The request may have
    /// reached the server and may have been executed.
    #[error("the request timed out; it may have reached the server")]
    Timeout,
    /// The connection could not be made, or broke while sending or receiving.
    /// [`TransportError::is_connect`] tells whether anything can have been sent.
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),
    /// The client configuration is not usable (a malformed endpoint, ...).
    #[error("invalid client configuration: {0}")]
    InvalidConfig(String),
}

impl Error {
    /// The fault, when the service answered with a SOAP fault.
    pub fn as_fault(&self) -> Option<&Fault> {
        match self {
            Error::Fault(f) => Some(f),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Fault(f) => Some(f.http_status),
            Error::Decode { status, .. } | Error::HttpStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the failure is likely transient on the transport level: timeouts, transport
    /// errors, HTTP 408/429/5xx without a fault. A fault is the service's answer; whether it
    /// is transient depends on the service and its codes.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout | Error::Transport(_) => true,
            Error::HttpStatus { status, .. } => matches!(status, 408 | 429 | 500..=599),
            _ => false,
        }
    }

    /// Whether the request may have been received, and so executed, by the service: `false`
    /// only when it certainly was not (invalid request or configuration, connection not
    /// established).
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Error::Validation(_) | Error::InvalidConfig(_) => false,
            Error::Transport(t) => !t.is_connect(),
            _ => true,
        }
    }

    /// Whether this is a timeout (of the whole call, or of establishing the connection).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout => true,
            Error::Transport(t) => t.is_timeout(),
            _ => false,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl From<Fault> for Error {
    fn from(f: Fault) -> Self {
        Error::Fault(Box::new(f))
    }
}

/// A SOAP fault returned by the service (SOAP 1.1 `faultcode`/`faultstring`/`faultactor`/
/// `detail`, or their SOAP 1.2 counterparts), with the HTTP status it came with.
///
/// `Display` prints `CODE: message`, e.g. `ORDER_NOT_FOUND: Order 1 was not found`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fault {
    /// Local part of the fault code (`ORDER_NOT_FOUND`, `Client`; for SOAP 1.2 the innermost
    /// `Subcode`).
    pub code: String,
    /// Namespace URI the code's prefix is bound to (the SOAP envelope namespace for `s:CODE`);
    /// `None` when the code has no prefix or the prefix is unbound.
    pub code_namespace: Option<String>,
    /// `faultstring` (SOAP 1.2: `Reason/Text`).
    pub message: String,
    /// `xml:lang` of the message.
    pub lang: Option<String>,
    /// `faultactor` (SOAP 1.2: `Role`).
    pub actor: Option<String>,
    /// The `detail` element, as XML text, if any.
    pub detail: Option<String>,
    /// HTTP status of the response that carried the fault (500 for SOAP 1.1 faults).
    pub http_status: u16,
}

impl Fault {
    /// A fault with code `s:CODE` (SOAP 1.1 envelope namespace) and `message`, as a service
    /// returns it with HTTP 500 (for tests and fakes).
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Fault {
            code: code.into(),
            code_namespace: Some(crate::SOAP11_ENV.to_owned()),
            message: message.into(),
            lang: None,
            actor: None,
            detail: None,
            http_status: 500,
        }
    }

    /// A fault as read from an envelope, received with `http_status`.
    pub fn from_raw(raw: RawFault, http_status: u16) -> Self {
        Fault {
            code: raw.code,
            code_namespace: raw.code_namespace,
            message: raw.message,
            lang: raw.lang,
            actor: raw.actor,
            detail: raw.detail,
            http_status,
        }
    }

    /// Whether the code is the SOAP-defined `local` (`Client`, `Server`, `Sender`,
    /// `Receiver`, `VersionMismatch`, `MustUnderstand`) in a SOAP envelope namespace.
    pub fn is_soap_code(&self, local: &str) -> bool {
        self.code == local
            && matches!(
                self.code_namespace.as_deref(),
                Some(crate::SOAP11_ENV | crate::SOAP12_ENV)
            )
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Fault {}

/// A connection that could not be made, or broke. Neither `Display`, [`message`](Self::message)
/// nor the [`source`](std::error::Error::source) chain contains the endpoint's URL or a secret.
///
/// `Display` is the top-level description (`error sending request`); the causes (hyper's
/// connect error, the `std::io::Error` with its [`ErrorKind`](std::io::ErrorKind), a TLS
/// error, ...) are its [`source`](std::error::Error::source) chain, so error reporters and
/// `downcast_ref` see them. [`message`](Self::message) joins all of them into one line.
#[derive(Debug)]
pub struct TransportError {
    connect: bool,
    timeout: bool,
    message: String,
    cause: Option<reqwest::Error>,
}

impl TransportError {
    /// A transport failure that is neither a connect failure nor a timeout, described by
    /// `message` (for wrappers mapping errors they do not know).
    pub fn other(message: impl Into<String>) -> Self {
        TransportError {
            connect: false,
            timeout: false,
            message: message.into(),
            cause: None,
        }
    }

    /// The connection could not be established (refused, DNS failure, TLS handshake failure,
    /// connect timeout): the request was certainly not sent.
    pub fn is_connect(&self) -> bool {
        self.connect
    }

    /// Establishing the connection timed out.
    pub fn is_timeout(&self) -> bool {
        self.timeout
    }

    /// The description including all its causes, joined with `: `.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cause {
            Some(cause) => fmt::Display::fmt(cause, f),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref()?.source()
    }
}

/// An async SOAP client of one endpoint, with the headers of a [`HeaderSource`].
///
/// Created with [`ClientBuilder::build`]. Cheap to clone: clones share the connection pool.
/// Each [`call`](CallOperation::call) validates the request and its headers against the
/// schema (nothing is sent if they are invalid), posts the envelope (SOAP 1.1: `text/xml` and
/// a `SOAPAction` header; SOAP 1.2: `application/soap+xml` with the action), and returns the
/// decoded response or an [`Error`]. A fault is [`Error::Fault`] whatever the HTTP status;
/// a non-success status without one is [`Error::HttpStatus`]. Nothing panics on any response.
///
/// [`with_timeout`](Self::with_timeout) and [`with_header_source`](Self::with_header_source)
/// give a client for some calls with other settings, sharing the connection pool.
pub struct Client<H> {
    transport: Arc<Transport>,
    headers: Arc<H>,
    timeout: Duration,
    observer: Option<Arc<dyn WireObserver>>,
}

impl<H> Clone for Client<H> {
    fn clone(&self) -> Self {
        Client {
            transport: Arc::clone(&self.transport),
            headers: Arc::clone(&self.headers),
            timeout: self.timeout,
            observer: self.observer.clone(),
        }
    }
}

impl<H: fmt::Debug> fmt::Debug for Client<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.transport.endpoint.as_str())
            .field("headers", &self.headers)
            .field("timeout", &self.timeout)
            .field("limits", &self.transport.limits)
            .field("observed", &self.observer.is_some())
            .finish_non_exhaustive()
    }
}

struct Transport {
    http: reqwest::Client,
    endpoint: reqwest::Url,
    limits: Limits,
    correlation_element: Option<String>,
}

impl<H> Client<H> {
    /// The endpoint the client posts to.
    pub fn endpoint(&self) -> &str {
        self.transport.endpoint.as_str()
    }

    /// The time limit of a whole call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// A client whose calls have the time limit `timeout` (from connecting until the response
    /// body is read), sharing this client's endpoint, headers, settings and connection pool.
    /// Cheap: for one call with its own limit, `client.with_timeout(t)` and call it.
    pub fn with_timeout(&self, timeout: Duration) -> Client<H> {
        Client {
            timeout,
            ..self.clone()
        }
    }

    /// The bounds on the responses the client accepts.
    pub fn limits(&self) -> &Limits {
        &self.transport.limits
    }

    /// Where the headers come from.
    pub fn header_source(&self) -> &H {
        &self.headers
    }

    /// A client with other headers, sharing this client's endpoint, settings and connection
    /// pool.
    pub fn with_header_source<H2>(&self, headers: H2) -> Client<H2> {
        Client {
            transport: Arc::clone(&self.transport),
            headers: Arc::new(headers),
            timeout: self.timeout,
            observer: self.observer.clone(),
        }
    }

    /// A client whose exchanges `observer` sees (instead of the observer this one has, if
    /// any), sharing this client's endpoint, headers, settings and connection pool.
    pub fn with_observer(&self, observer: impl WireObserver) -> Client<H> {
        Client {
            observer: Some(Arc::new(observer)),
            ..self.clone()
        }
    }
}

impl<H: HeaderSource> Client<H> {
    /// Validates and encodes a request of `O`; nothing is sent.
    fn prepare<O: Operation<Headers = H::Headers>>(
        &self,
        request: &O::Request,
        span: &tracing::Span,
    ) -> Result<String, Error> {
        let headers = self.headers.call_headers(O::INFO);
        let headers = &*headers;
        if let Err(e) = validate_request::<O>(headers, request) {
            let e = redact_validation(e, &self.headers.secrets());
            span.in_scope(|| tracing::debug!(error = %e, "invalid request, not sent"));
            return Err(Error::Validation(e));
        }
        let envelope = encode_request::<O>(headers, request);
        if !span.is_disabled() {
            if let Some(name) = &self.transport.correlation_element {
                if let Some(id) = payload_child_text(&envelope, O::INFO.soap_version, name) {
                    span.record("correlation_id", id.as_str());
                }
            }
        }
        if tracing::enabled!(tracing::Level::TRACE) {
            let redacted = redact(&envelope, &self.headers.secrets());
            span.in_scope(|| tracing::trace!(envelope = %redacted, "request envelope"));
        }
        Ok(envelope)
    }
}

impl<H: HeaderSource> CallOperation for Client<H> {
    type Error = Error;
    type Headers = H::Headers;

    fn call<O: Operation<Headers = H::Headers>>(
        &self,
        request: &O::Request,
    ) -> impl Future<Output = Result<O::Response, Error>> + Send {
        let info = O::INFO;
        let span = tracing::info_span!(
            "soap_call",
            operation = info.name,
            correlation_id = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        // Validation and encoding happen here, before the future is first polled: the future
        // owns the envelope and does not borrow the request.
        let prepared = self.prepare::<O>(request, &span);
        let transport = Arc::clone(&self.transport);
        let headers = Arc::clone(&self.headers);
        let timeout = self.timeout;
        let observer = self.observer.clone();
        let call_span = span.clone();
        async move {
            let envelope = prepared?;
            let call_id = next_call_id();
            if let Some(o) = &observer {
                let redacted = redact(&envelope, &headers.secrets());
                let endpoint = transport.endpoint.as_str();
                o.request(&WireRequest::new(call_id, info, endpoint, &redacted));
            }
            let started = Instant::now();
            let sent = transport.send(info, envelope, timeout).await;
            if let Some(o) = &observer {
                observe_response(&**o, call_id, info, &sent, started, &headers.secrets());
            }
            let result = match sent {
                Ok(response) => {
                    call_span.record("status", response.status);
                    tracing::debug!(
                        status = response.status,
                        bytes = response.body.len(),
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "response received"
                    );
                    if tracing::enabled!(tracing::Level::TRACE) {
                        let body = redact(&String::from_utf8_lossy(response.body.as_slice()), &headers.secrets());
                        tracing::trace!(body = %body, "response body");
                    }
                    transport.interpret::<O>(response, &|| headers.secrets())
                }
                Err(e) => Err(e),
            };
            if let Err(e) = &result {
                tracing::debug!(error = %e, may_have_reached_server = e.may_have_reached_server(), "call failed");
            }
            result
        }
        .instrument(span)
    }
}

/// Tells `observer` how call `call_id` ended.
fn observe_response(
    observer: &dyn WireObserver,
    call_id: u64,
    info: &'static OperationInfo,
    sent: &Result<RawResponse, Error>,
    started: Instant,
    secrets: &[&str],
) {
    let elapsed = started.elapsed();
    match sent {
        Ok(response) => {
            let body = redact(&String::from_utf8_lossy(response.body.as_slice()), secrets);
            observer.response(&WireResponse::received(
                call_id,
                info,
                response.status,
                &body,
                elapsed,
            ));
        }
        Err(e) => {
            let failure = redact(&e.to_string(), secrets);
            observer.response(&WireResponse::failed(call_id, info, &failure, elapsed));
        }
    }
}

/// A response as read from the wire.
struct RawResponse {
    status: u16,
    body: BodyBuf,
    /// The size of the body when it exceeded [`Limits::max_bytes`] (and `body` is only its start).
    too_large: Option<usize>,
}

/// A response body read chunk by chunk: kept as the one chunk it usually is (no copy), joined
/// into a buffer only when more chunks follow.
enum BodyBuf {
    Empty,
    One(bytes::Bytes),
    Many(Vec<u8>),
}

impl BodyBuf {
    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            BodyBuf::Empty => &[],
            BodyBuf::One(b) => b,
            BodyBuf::Many(v) => v,
        }
    }

    /// Appends `chunk`; `expected` is the size the body is expected to reach (for the buffer
    /// made when a second chunk arrives).
    fn push(&mut self, chunk: bytes::Bytes, expected: usize) {
        *self = match std::mem::replace(self, BodyBuf::Empty) {
            BodyBuf::Empty => BodyBuf::One(chunk),
            BodyBuf::One(first) => {
                let mut joined = Vec::with_capacity(expected.max(first.len() + chunk.len()));
                joined.extend_from_slice(&first);
                joined.extend_from_slice(&chunk);
                BodyBuf::Many(joined)
            }
            BodyBuf::Many(mut joined) => {
                joined.extend_from_slice(&chunk);
                BodyBuf::Many(joined)
            }
        };
    }
}

impl Transport {
    /// Posts `envelope` and reads the response, its body capped by `limits.max_bytes`.
    async fn send(
        &self,
        info: &'static OperationInfo,
        envelope: String,
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        let request = self.http.post(self.endpoint.clone());
        // SOAP 1.1 names the action in a header; SOAP 1.2 in the media type.
        let request = match info.soap_version {
            SoapVersion::Soap11 => request
                .header(
                    reqwest::header::CONTENT_TYPE,
                    reqwest::header::HeaderValue::from_static("text/xml; charset=utf-8"),
                )
                .header("SOAPAction", format!("\"{}\"", info.soap_action)),
            SoapVersion::Soap12 => request.header(
                reqwest::header::CONTENT_TYPE,
                format!(
                    "application/soap+xml; charset=utf-8; action=\"{}\"",
                    info.soap_action
                ),
            ),
        };
        let mut response = request
            .timeout(timeout)
            .body(envelope)
            .send()
            .await
            .map_err(map_reqwest_error)?;
        let status = response.status().as_u16();
        let max = self.limits.max_bytes;
        let declared = response
            .content_length()
            .and_then(|n| usize::try_from(n).ok());
        let (cap, mut too_large) = match declared {
            Some(n) if n > max => (SNIPPET_BYTES.min(max), Some(n)),
            _ => (max, None),
        };
        let expected = declared.unwrap_or(0).min(cap);
        let mut body = BodyBuf::Empty;
        while let Some(chunk) = response.chunk().await.map_err(map_reqwest_error)? {
            if body.len() + chunk.len() > cap {
                let room = cap - body.len();
                body.push(chunk.slice(..room), expected);
                too_large.get_or_insert(max.saturating_add(1));
                break;
            }
            body.push(chunk, expected);
        }
        // Dropping `response` here closes the connection if the body was not read to its end.
        Ok(RawResponse {
            status,
            body,
            too_large,
        })
    }

    /// Turns a response into the operation's response or an error; `secrets` are asked for
    /// only when an error message needs them. Never panics.
    fn interpret<'s, O: Operation>(
        &self,
        response: RawResponse,
        secrets: &dyn Fn() -> Vec<&'s str>,
    ) -> Result<O::Response, Error> {
        interpret_raw::<O>(
            response.status,
            response.body.as_slice(),
            response.too_large,
            &self.limits,
            secrets,
        )
    }
}

/// Turns a SOAP response received some other way than through [`Client`] (an in-process
/// dispatcher, a recorded exchange) into the operation's response or an [`Error`], exactly as
/// the client interprets an HTTP response with `status` and `body`: a SOAP fault whatever the
/// status is [`Error::Fault`] (with `status` as its HTTP status); a non-success status without
/// one is [`Error::HttpStatus`] (its snippet with `secrets` redacted); a success whose body is
/// not the response of `O` (or is larger than [`Limits::max_bytes`]) is [`Error::Decode`].
/// Never panics.
pub fn interpret_response<O: Operation>(
    status: u16,
    body: &[u8],
    limits: &Limits,
    secrets: &[&str],
) -> Result<O::Response, Error> {
    let (body, too_large) = if body.len() > limits.max_bytes {
        (
            &body[..SNIPPET_BYTES.min(limits.max_bytes)],
            Some(body.len()),
        )
    } else {
        (body, None)
    };
    interpret_raw::<O>(status, body, too_large, limits, &|| secrets.to_vec())
}

/// `body` is at most the limit (its start only when `too_large` is the size it had).
fn interpret_raw<'s, O: Operation>(
    status: u16,
    body: &[u8],
    too_large: Option<usize>,
    limits: &Limits,
    secrets: &dyn Fn() -> Vec<&'s str>,
) -> Result<O::Response, Error> {
    let success = (200..300).contains(&status);
    if let Some(size) = too_large {
        return Err(if success {
            Error::Decode {
                status,
                error: DecodeError::document(DecodeErrorKind::TooLarge {
                    size,
                    limit: limits.max_bytes,
                }),
            }
        } else {
            http_status_error(status, body, &secrets())
        });
    }
    let text = match std::str::from_utf8(body) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) if success => {
            let kind = DecodeErrorKind::NotXml(format!("the body is not UTF-8 ({e})"));
            return Err(Error::Decode {
                status,
                error: DecodeError::document(kind),
            });
        }
        Err(_) => return Err(http_status_error(status, body, &secrets())),
    };
    match decode_response::<O>(text, limits) {
        Err(ResponseError::Fault(raw)) => Err(Fault::from_raw(raw, status).into()),
        Ok(response) if success => Ok(response),
        Err(ResponseError::Decode(error)) if success => Err(Error::Decode { status, error }),
        // A non-success status without a fault: whatever the body is, the call failed.
        Ok(_) | Err(ResponseError::Decode(_)) => Err(http_status_error(status, body, &secrets())),
    }
}

fn http_status_error(status: u16, body: &[u8], secrets: &[&str]) -> Error {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_BYTES)]);
    let text = redact(text.trim(), secrets);
    let mut body_snippet: String = text.chars().take(SNIPPET_CHARS).collect();
    if body_snippet.len() < text.len() {
        body_snippet.push('…');
    }
    Error::HttpStatus {
        status,
        body_snippet,
    }
}

/// `text` with each whole occurrence of each secret, as it is and XML-escaped, replaced by
/// [`REDACTED`].
///
/// This is the second line of defence: the client never puts a secret into a message in the
/// first place (validation messages do not quote sensitive fields, `Debug` hides them). It
/// replaces only *whole values*, so that hiding a secret never mangles other text: an
/// occurrence counts only where the secret is not part of a longer word, i.e. where the
/// character before it and the character after it are not letters or digits (when the
/// secret's own first or last character is one). With the password `p`, `<Password>p</Password>`
/// becomes `<Password>***</Password>`, while `ActionNotSupported` and "expected" stay intact.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        // Copied again only where the secret occurs (the text usually holds it once at most).
        if out.contains(*secret) {
            out = redact_whole(&out, secret);
        }
        if secret.contains(['&', '<', '>', '\r']) {
            let mut escaped = String::with_capacity(secret.len() + 8);
            escape_text(secret, &mut escaped);
            if out.contains(escaped.as_str()) {
                out = redact_whole(&out, &escaped);
            }
        }
    }
    out
}

/// `text` with each occurrence of `secret` that is not part of a longer word replaced.
fn redact_whole(text: &str, secret: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let starts_word = word(secret.chars().next());
    let ends_word = word(secret.chars().next_back());
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut from = 0;
    while let Some(i) = text[from..].find(secret).map(|i| i + from) {
        let end = i + secret.len();
        let glued_before = starts_word && word(text[..i].chars().next_back());
        let glued_after = ends_word && word(text[end..].chars().next());
        if glued_before || glued_after {
            // Part of a longer word: look again from the next character.
            from = i + text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        out.push_str(&text[rest..i]);
        out.push_str(REDACTED);
        rest = end;
        from = end;
    }
    out.push_str(&text[rest..]);
    out
}

/// Validation messages never quote sensitive fields; this also covers a secret that is not
/// marked sensitive in the schema.
fn redact_validation(mut e: ValidationError, secrets: &[&str]) -> ValidationError {
    if !secrets.iter().any(|s| !s.is_empty()) {
        return e;
    }
    for v in &mut e.violations {
        v.message = redact(&v.message, secrets);
    }
    e
}

/// Maps a reqwest failure; the URL is left out of the message.
fn map_reqwest_error(e: reqwest::Error) -> Error {
    if e.is_builder() {
        return Error::InvalidConfig(format!(
            "the HTTP request could not be built: {}",
            error_chain(&e.without_url())
        ));
    }
    if e.is_timeout() && !e.is_connect() {
        return Error::Timeout;
    }
    let e = e.without_url();
    Error::Transport(TransportError {
        connect: e.is_connect(),
        timeout: e.is_timeout(),
        message: error_chain(&e),
        cause: Some(e),
    })
}

/// `e` and its sources, joined with `: `, repeated messages left out.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message
}

/// The text of the child `name` of the body's payload element of an envelope this crate wrote.
fn payload_child_text(envelope: &str, version: SoapVersion, name: &str) -> Option<String> {
    let doc = parse_document(envelope, &Limits::default()).ok()?;
    let parts = envelope_parts_for(&doc, version).ok()?;
    let node = element_children(parts.payload).find(|c| c.tag_name().name() == name)?;
    Some(node.text().unwrap_or_default().to_owned())
}

/// Configuration of a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    endpoint: String,
    timeout: Duration,
    connect_timeout: Duration,
    http_client: Option<reqwest::Client>,
    limits: Limits,
    user_agent: Option<String>,
    correlation_element: Option<String>,
    observer: Option<Arc<dyn WireObserver>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("custom_http_client", &self.http_client.is_some())
            .field("limits", &self.limits)
            .field("user_agent", &self.user_agent)
            .field("correlation_element", &self.correlation_element)
            .field("observed", &self.observer.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// A builder for a client of `endpoint`, with a 30 s timeout, a 10 s connect timeout and
    /// default [`Limits`].
    pub fn new(endpoint: impl Into<String>) -> Self {
        ClientBuilder {
            endpoint: endpoint.into(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http_client: None,
            limits: Limits::default(),
            user_agent: None,
            correlation_element: None,
            observer: None,
        }
    }

    /// The service URL. Must be `http` or `https`, without credentials.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = url.into();
        self
    }

    /// Time limit of a whole call, from connecting until the response body is read;
    /// default 30 s. When it elapses the call fails with [`Error::Timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit for establishing a connection (TCP and TLS); default 10 s. Not applied to a
    /// custom [`http_client`](Self::http_client), which has its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Uses `client` for HTTP (proxies, custom root certificates, ...). The
    /// [`timeout`](Self::timeout) is still applied to each call. Consider disabling redirects
    /// on it: a redirect of a SOAP POST is never what a service means.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Bounds on the responses the client accepts (body size, nesting, node count).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The `User-Agent` header (default `soap-runtime/<version>`). Not applied to a custom
    /// [`http_client`](Self::http_client).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The local name of a child of the request element (`MessageId`, ...) whose text is
    /// recorded as `correlation_id` on each call's `soap_call` span.
    pub fn correlation_element(mut self, local_name: impl Into<String>) -> Self {
        self.correlation_element = Some(local_name.into());
        self
    }

    /// Every exchange of the client (and of the clients made from it) goes to `observer`:
    /// the request envelopes and the responses, secrets redacted (see [`WireObserver`]).
    pub fn observer(mut self, observer: impl WireObserver) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// The client, sending the headers `headers` supplies. Fails with
    /// [`Error::InvalidConfig`] when the endpoint is not an `http`/`https` URL without
    /// credentials, or the HTTP client cannot be built.
    pub fn build<H: HeaderSource>(self, headers: H) -> Result<Client<H>, Error> {
        // The URL itself is left out of these messages: it might contain credentials.
        let endpoint = reqwest::Url::parse(&self.endpoint)
            .map_err(|e| Error::InvalidConfig(format!("the endpoint is not a valid URL: {e}")))?;
        if !matches!(endpoint.scheme(), "http" | "https") {
            return Err(Error::InvalidConfig(format!(
                "the endpoint must be http or https, not {:?}",
                endpoint.scheme()
            )));
        }
        if !endpoint.username().is_empty() || endpoint.password().is_some() {
            return Err(Error::InvalidConfig(
                "the endpoint must not contain credentials".to_owned(),
            ));
        }
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(self.user_agent.unwrap_or_else(|| {
                    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
                }))
                .build()
                .map_err(|e| {
                    Error::InvalidConfig(format!(
                        "the HTTP client could not be built: {}",
                        error_chain(&e)
                    ))
                })?,
        };
        Ok(Client {
            transport: Arc::new(Transport {
                http,
                endpoint,
                limits: self.limits,
                correlation_element: self.correlation_element,
            }),
            headers: Arc::new(headers),
            timeout: self.timeout,
            observer: self.observer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_replaces_whole_values_and_never_mangles_other_text() {
        // A one-letter password: only where it stands alone.
        assert_eq!(
            redact(
                "<Password>p</Password> ActionNotSupported: expected p, p.",
                &["p"]
            ),
            "<Password>***</Password> ActionNotSupported: expected ***, ***."
        );
        assert_eq!(redact("pp p-p", &["p"]), "pp ***-***");
        // A secret with punctuation at its edges matches wherever it occurs.
        assert_eq!(redact("x&y&&y", &["&y"]), "x***&***");
        // Multi-byte neighbours count as letters.
        assert_eq!(redact("öp p", &["p"]), "öp ***");
        // Overlapping candidates: the first whole one wins, the rest stays readable.
        assert_eq!(redact("aa aa", &["aa"]), "*** ***");
        assert_eq!(redact("aaa", &["aa"]), "aaa");
    }

    #[test]
    fn secrets_are_redacted_as_they_are_and_escaped() {
        let secrets = ["s3cr&t<", ""];
        assert_eq!(
            redact("<Token>s3cr&amp;t&lt;</Token> s3cr&t<", &secrets),
            "<Token>***</Token> ***"
        );
        assert_eq!(redact("nothing", &[]), "nothing");
    }

    #[test]
    fn builder_checks_the_endpoint() {
        for endpoint in [
            "not a url",
            "ftp://example.com/x",
            "https://user:hunter2@example.com/svc",
        ] {
            let err = ClientBuilder::new(endpoint)
                .build(StaticHeaders(()))
                .unwrap_err();
            assert!(
                matches!(err, Error::InvalidConfig(_)),
                "{endpoint}: {err:?}"
            );
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
        let client = ClientBuilder::new("http://127.0.0.1:1/OrderService.svc")
            .build(StaticHeaders(()))
            .unwrap();
        assert_eq!(client.endpoint(), "http://127.0.0.1:1/OrderService.svc");
        assert_eq!(client.timeout(), DEFAULT_TIMEOUT);
    }

    #[test]
    fn soap_codes_are_recognised_by_namespace() {
        let f = Fault::new("Client", "bad");
        assert!(f.is_soap_code("Client"));
        let mut other = f.clone();
        other.code_namespace = Some("urn:other".to_owned());
        assert!(!other.is_soap_code("Client"));
        assert_eq!(f.to_string(), "Client: bad");
    }
}
