//! The errors of the [`Client`](crate::Client): typed SOAP faults, decoding and transport
//! failures, and what each one means for a retry.

use crate::runtime::client as http;
use crate::runtime::{DecodeError, OperationInfo, RawFault, SimpleValue, ValidationError};
use crate::FaultCode;
use std::fmt;

/// A connection that could not be made, or broke (the runtime's [`http::TransportError`]).
pub use crate::runtime::client::TransportError;

/// Everything a call of the [`Client`](crate::Client) can fail with: what went wrong
/// ([`kind`](Self::kind), an [`ErrorKind`]) and, for the failure of a call, which operation
/// it was ([`operation`](Self::operation)).
///
/// Which failures may be retried, and which risk executing an operation twice, is described on
/// [`Client`](crate::Client#retries) and by [`is_retryable`](Error::is_retryable),
/// [`may_have_reached_server`](Error::may_have_reached_server) and
/// [`is_safe_to_retry`](Error::is_safe_to_retry), which knows the operation's retry contract
/// because the error records the operation. The client itself never retries.
///
/// ```
/// use payment_service::{Error, ErrorKind, Fault, FaultCode};
///
/// fn explain(e: &Error) -> String {
///     match e.kind() {
///         ErrorKind::Fault(f) if f.code == FaultCode::InvoiceNotFound => "no such invoice".into(),
///         ErrorKind::Validation(v) => format!("not sent: {v}"),
///         _ if e.is_safe_to_retry() => "try again".into(),
///         _ => e.to_string(),
///     }
/// }
/// let e = Error::from(Fault::new(FaultCode::InvoiceNotFound, "Invoice not found"));
/// assert_eq!(explain(&e), "no such invoice");
/// ```
///
/// `Display` is `Operation: what` (`CancelInvoice: the request timed out; ...`). For a
/// [transport error](ErrorKind::Transport), [`source`](std::error::Error::source) is the
/// [`TransportError`], whose own sources are the causes (down to the `std::io::Error`).
/// No `Debug` or `Display` output contains the configured password.
pub struct Error {
    kind: ErrorKind,
    operation: Option<&'static OperationInfo>,
}

/// What went wrong in a call (see [`Error::kind`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request breaks a constraint of the schema (or a required header, such as
    /// `ClientIpAddress`, is not configured). Nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(ValidationError),
    /// The service answered with a SOAP fault (a business error such as `INVOICE_NOT_FOUND`,
    /// or a fault of the SOAP stack).
    /// Boxed to keep `Error` small; `f.code`, `f.message`, ... work through the box.
    #[error("the service returned a fault: {0}")]
    Fault(Box<Fault>),
    /// The service answered with a success status, but the body is not the operation's response
    /// (not XML, not a SOAP envelope, the response of another operation, a missing element,
    /// larger than [`Limits::max_bytes`](crate::runtime::Limits::max_bytes), ...).
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
        /// The start of the body (at most about 200 characters), for diagnostics.
        body_snippet: String,
    },
    /// No complete response within the configured timeout, after the connection was made
    /// (or while it was being made, when the overall timeout is the shorter one).
    /// The request may have reached the server and may have been executed.
    #[error("the request timed out; it may have reached the server")]
    Timeout,
    /// The connection could not be made, or broke while sending or receiving.
    /// [`TransportError::is_connect`] tells whether anything can have been sent; its
    /// [`source`](std::error::Error::source) chain holds the causes.
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),
    /// The client configuration is not usable (a malformed endpoint, missing credentials, ...).
    #[error("invalid client configuration: {0}")]
    InvalidConfig(String),
    /// An implementation of [`PaymentServiceApi`](crate::PaymentServiceApi), typically a
    /// mock, does not implement the operation (the trait's provided method answered).
    /// Nothing was sent.
    #[error("not implemented by this PaymentServiceApi implementation")]
    NotImplemented,
}

impl Error {
    /// An error of no particular operation (a mock's answer, a configuration error).
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind,
            operation: None,
        }
    }

    /// The same error, recorded as a failure of `operation` (what [`Error::is_safe_to_retry`]
    /// looks at). The client records it on every error of a call; a mock of
    /// [`PaymentServiceApi`](crate::PaymentServiceApi) may do the same, e.g. with
    /// `&payment_service::operations::CANCEL_INVOICE_INFO`.
    pub fn with_operation(mut self, operation: &'static OperationInfo) -> Self {
        self.operation = Some(operation);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }

    /// The operation whose call failed; `None` for an error of no call (building a client).
    pub fn operation(&self) -> Option<&'static OperationInfo> {
        self.operation
    }

    /// The fault code, when the service answered with a SOAP fault.
    pub fn fault_code(&self) -> Option<&FaultCode> {
        self.as_fault().map(|f| &f.code)
    }

    /// The fault, when the service answered with a SOAP fault.
    pub fn as_fault(&self) -> Option<&Fault> {
        match &self.kind {
            ErrorKind::Fault(f) => Some(f),
            _ => None,
        }
    }

    /// The violations, when the request was invalid (and so not sent).
    pub fn as_validation(&self) -> Option<&ValidationError> {
        match &self.kind {
            ErrorKind::Validation(v) => Some(v),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match &self.kind {
            ErrorKind::Fault(f) => Some(f.http_status),
            ErrorKind::Decode { status, .. } | ErrorKind::HttpStatus { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// Whether the failure is likely transient, so that the same request may succeed later:
    /// timeouts, transport errors, HTTP 408/429/5xx without a fault, and the service's
    /// `UNHANDLED_EXCEPTION` fault.
    ///
    /// This says nothing about whether a retry is *safe*: for an operation that is not
    /// idempotent, retry only when [`may_have_reached_server`](Self::may_have_reached_server)
    /// is false (see [`Error::is_safe_to_retry`]).
    pub fn is_retryable(&self) -> bool {
        match &self.kind {
            ErrorKind::Timeout | ErrorKind::Transport(_) => true,
            ErrorKind::HttpStatus { status, .. } => matches!(status, 408 | 429 | 500..=599),
            ErrorKind::Fault(f) => f.code == FaultCode::UnhandledException,
            ErrorKind::Validation(_)
            | ErrorKind::Decode { .. }
            | ErrorKind::InvalidConfig(_)
            | ErrorKind::NotImplemented => false,
        }
    }

    /// Whether the request may have been received, and so executed, by the service.
    ///
    /// `false` only when it certainly was not: the request was invalid or the configuration
    /// unusable (nothing was sent), or the connection could not be established. After a
    /// timeout, a broken connection, a fault or any response this is `true`: retrying an
    /// operation that is not idempotent may then execute it twice.
    pub fn may_have_reached_server(&self) -> bool {
        match &self.kind {
            ErrorKind::Validation(_) | ErrorKind::InvalidConfig(_) | ErrorKind::NotImplemented => {
                false
            }
            ErrorKind::Transport(t) => !t.is_connect(),
            ErrorKind::Fault(_)
            | ErrorKind::Decode { .. }
            | ErrorKind::HttpStatus { .. }
            | ErrorKind::Timeout => true,
        }
    }

    /// Whether retrying the failed call is both useful ([`is_retryable`](Self::is_retryable))
    /// and safe: its [operation](Self::operation) is idempotent (see
    /// [`is_idempotent`](crate::client::is_idempotent)) or the request certainly did not reach
    /// the server. An error that records no operation counts as one of an operation that is
    /// not idempotent.
    pub fn is_safe_to_retry(&self) -> bool {
        self.is_retryable()
            && (!self.may_have_reached_server()
                || self.operation.is_some_and(crate::client::is_idempotent))
    }

    /// Whether this is a timeout (of the whole call, or of establishing the connection).
    pub fn is_timeout(&self) -> bool {
        match &self.kind {
            ErrorKind::Timeout => true,
            ErrorKind::Transport(t) => t.is_timeout(),
            _ => false,
        }
    }

    /// The generic client's error of a call of `operation`, with the fault code mapped to
    /// [`FaultCode`].
    pub(crate) fn from_runtime(e: http::Error, operation: &'static OperationInfo) -> Self {
        Error::from(e).with_operation(operation)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("operation", &self.operation.map(|o| o.name))
            .field("kind", &self.kind)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{}: ", op.name)?;
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

/// A provided method of [`PaymentServiceApi`](crate::PaymentServiceApi): the operation is
/// not implemented (by a mock).
impl From<crate::runtime::NotImplemented> for Error {
    fn from(e: crate::runtime::NotImplemented) -> Self {
        Error::new(ErrorKind::NotImplemented).with_operation(e.0)
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::new(ErrorKind::Validation(e))
    }
}

impl From<Fault> for Error {
    fn from(f: Fault) -> Self {
        Error::new(ErrorKind::Fault(Box::new(f)))
    }
}

/// The generic client's errors, with the fault code mapped to [`FaultCode`] (no operation
/// recorded).
impl From<http::Error> for Error {
    fn from(e: http::Error) -> Self {
        Error::new(match e {
            http::Error::Validation(v) => ErrorKind::Validation(v),
            http::Error::Fault(f) => ErrorKind::Fault(Box::new(Fault::from(*f))),
            http::Error::Decode { status, error } => ErrorKind::Decode { status, error },
            http::Error::HttpStatus {
                status,
                body_snippet,
            } => ErrorKind::HttpStatus {
                status,
                body_snippet,
            },
            http::Error::Timeout => ErrorKind::Timeout,
            http::Error::Transport(t) => ErrorKind::Transport(t),
            http::Error::InvalidConfig(message) => ErrorKind::InvalidConfig(message),
            // A kind of failure a later runtime may add: reported, never dropped.
            other => ErrorKind::Transport(TransportError::other(other.to_string())),
        })
    }
}

/// A SOAP fault returned by the service, with its code mapped to [`FaultCode`].
///
/// `Display` prints `CODE: faultstring`, e.g. `INVOICE_NOT_FOUND: Invoice not found`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fault {
    /// The local part of `faultcode` (`s:INVOICE_NOT_FOUND` → [`FaultCode::InvoiceNotFound`]);
    /// codes the schema does not list are kept as [`FaultCode::Other`]. The code is mapped by
    /// its local part whatever namespace its prefix is bound to; that namespace is in
    /// [`code_namespace`](Self::code_namespace).
    pub code: FaultCode,
    /// Namespace URI the `faultcode` prefix is bound to (the SOAP envelope namespace for the
    /// service's own codes; e.g. a WCF namespace for `a:ActionNotSupported`).
    pub code_namespace: Option<String>,
    /// `faultstring`: the human-readable description.
    pub message: String,
    /// `xml:lang` of `faultstring` (`en-US`).
    pub lang: Option<String>,
    /// `faultactor`.
    pub actor: Option<String>,
    /// The `detail` element, as XML text, if any.
    pub detail: Option<String>,
    /// HTTP status of the response that carried the fault (500 for SOAP 1.1 faults).
    pub http_status: u16,
}

impl Fault {
    /// A fault with `code` and `message`, as the service would return it with HTTP 500
    /// (for tests and fakes of the client).
    pub fn new(code: FaultCode, message: impl Into<String>) -> Self {
        Fault {
            code,
            code_namespace: Some(crate::runtime::SOAP11_ENV.to_owned()),
            message: message.into(),
            lang: None,
            actor: None,
            detail: None,
            http_status: 500,
        }
    }

    /// Maps a fault as read from the envelope.
    pub fn from_raw(raw: RawFault, http_status: u16) -> Self {
        Fault {
            code: parse_code(&raw.code),
            code_namespace: raw.code_namespace,
            message: raw.message,
            lang: raw.lang,
            actor: raw.actor,
            detail: raw.detail,
            http_status,
        }
    }
}

/// A fault of the generic client, with its code mapped to [`FaultCode`].
impl From<http::Fault> for Fault {
    fn from(f: http::Fault) -> Self {
        Fault {
            code: parse_code(&f.code),
            code_namespace: f.code_namespace,
            message: f.message,
            lang: f.lang,
            actor: f.actor,
            detail: f.detail,
            http_status: f.http_status,
        }
    }
}

/// The typed code of a fault's local part; unlisted codes are kept as [`FaultCode::Other`].
fn parse_code(local: &str) -> FaultCode {
    FaultCode::parse_text(local).unwrap_or_else(|_| FaultCode::Other(local.trim().to_owned()))
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Fault {}
