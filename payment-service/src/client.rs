//! The async PaymentService client: configuration, the HTTP transport (reqwest with rustls),
//! and the interpretation of responses into typed results and [`Error`]s.
//!
//! The per-operation methods (`Client::cancel_invoice`, ...) are generated from the WSDL into
//! [`crate::generated`]; they all go through [`CallOperation::call`](rt::CallOperation::call).

use crate::error::{Error, Fault, TransportError};
use crate::runtime::{
    self as rt, DecodeError, DecodeErrorKind, Limits, Operation, OperationInfo, ResponseError,
};
use crate::SoapHeaders;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The UAT (test) endpoint, the default of [`ClientBuilder::endpoint`].
pub const UAT_ENDPOINT: &str = crate::DEFAULT_ENDPOINT;
/// The production endpoint.
pub const PRODUCTION_ENDPOINT: &str = crate::PRODUCTION_ENDPOINT;
/// Default for [`ClientBuilder::timeout`]: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default for [`ClientBuilder::connect_timeout`]: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// At most this many characters of a non-SOAP error body are kept in [`Error::HttpStatus`].
const SNIPPET_CHARS: usize = 200;
/// Bytes read of an error body that is larger than [`Limits::max_bytes`].
const SNIPPET_BYTES: usize = 4096;
/// What the password is replaced with in logs.
const REDACTED: &str = "***";

/// Whether executing `operation` twice has the same effect as executing it once, so that it
/// can be retried after a failure that [may have reached the server](Error::may_have_reached_server).
/// See the table on [`Client`](Client#retries).
pub fn is_idempotent(operation: &OperationInfo) -> bool {
    matches!(operation.name, "GetInvoiceInformation" | "SetOrderNumber")
}

/// A string that `Debug` never shows.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Async client of the Walley PaymentService (PaymentServiceV10).
///
/// Created with [`Client::builder`]. Cheap to clone: clones share the connection pool.
/// Every operation of the WSDL is an `async fn` (`cancel_invoice`, `add_invoice`, ...); each
/// call validates the request against the schema (nothing is sent if it is invalid), posts
/// the SOAP 1.1 envelope with the configured credentials in the headers, and returns the
/// decoded response or an [`Error`]: a SOAP fault as [`Error::Fault`] with a typed
/// [`FaultCode`](crate::FaultCode), a timeout, a transport error, ...
///
/// `Debug` of the client (and of its builder) never shows the password.
///
/// # Example
///
/// ```no_run
/// use payment_service::{CancelInvoiceRequest, Client, Error, FaultCode};
///
/// # async fn run() -> Result<(), Error> {
/// let client = Client::builder()
///     // .endpoint(payment_service::client::PRODUCTION_ENDPOINT) // default: UAT
///     .username("my-username")
///     .password(std::env::var("WALLEY_PASSWORD").unwrap_or_default())
///     .build()?;
///
/// let request = CancelInvoiceRequest {
///     correlation_id: "order-1234".into(),
///     country_code: "SE".into(),
///     invoice_no: "62396765".into(),
///     store_id: 1234,
/// };
/// match client.cancel_invoice(&request).await {
///     Ok(response) => println!("cancelled (correlation id {:?})", response.correlation_id.value()),
///     Err(Error::Fault(f)) if f.code == FaultCode::InvoiceNotFound => {
///         println!("no such invoice: {}", f.message)
///     }
///     Err(e) if e.may_have_reached_server() => {
///         // Not retried: CancelInvoice may have been executed. Check its state first.
///         eprintln!("outcome unknown: {e}")
///     }
///     Err(e) => return Err(e),
/// }
/// # Ok(())
/// # }
/// ```
///
/// # Retries
///
/// The client **never retries** a call by itself. After a failure, whether a retry is useful
/// is [`Error::is_retryable`] (timeouts, transport errors, HTTP 5xx without a fault, ...), and
/// whether it is safe depends on the operation and on [`Error::may_have_reached_server`]: it
/// is `false` only when nothing was sent (invalid request, connection refused, DNS or TLS
/// failure, connect timeout). After a timeout the request may have been received and executed
/// even though no response arrived, so a retry of an operation that is not idempotent may
/// execute it twice. [`Error::is_safe_to_retry`] combines the three rules.
///
/// | Operation | Idempotent | If it runs twice (e.g. retried after a timeout) |
/// |---|---|---|
/// | `AddInvoice` | no | a second invoice, with its own credit check, for the same purchase |
/// | `ActivateInvoice` | no | the repeat fails (`INVALID_INVOICE_STATUS`) though the first one activated the invoice; its response (payment reference, due date, ...) is lost |
/// | `PartActivateInvoice` | no | the rows are activated again, as far as quantity is left |
/// | `CancelInvoice` | no | the repeat fails with `INVALID_INVOICE_STATUS` though the invoice is cancelled |
/// | `CreditInvoice` | no | the repeat fails with `INVOICE_NOT_FOUND` (already credited) though the first one credited it |
/// | `PartCreditInvoice` | no | the rows are credited twice |
/// | `AdjustInvoice` | no | the adjustment is applied twice |
/// | `ExtendDueDate` | no | the repeat fails with `INVOICE_DUEDATE_ALREADY_EXTENDED` |
/// | `ReplaceInvoice` | no (conservatively) | the rows end up the same, but the credit evaluation runs again and the repeat can fail on the changed state |
/// | `SendInvoice` | no | the customer receives the invoice twice |
/// | `SetOrderNumber` | yes | the same order number is set again |
/// | `GetInvoiceInformation` | yes (read-only) | nothing |
///
/// For the operations that are not idempotent, resolve an unknown outcome by reading the
/// invoice's state (`get_invoice_information`) before trying again.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    client_ip_address: Option<String>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: reqwest::Url,
    username: String,
    password: Secret,
    timeout: Duration,
    limits: Limits,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint.as_str())
            .field("username", &self.inner.username)
            .field("password", &self.inner.password)
            .field("client_ip_address", &self.client_ip_address)
            .field("timeout", &self.inner.timeout)
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: the UAT endpoint, a 30 s timeout, a 10 s connect timeout,
    /// default [`Limits`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint the client posts to.
    pub fn endpoint(&self) -> &str {
        self.inner.endpoint.as_str()
    }

    /// The `ClientIpAddress` header sent with the operations that carry it.
    pub fn client_ip_address(&self) -> Option<&str> {
        self.client_ip_address.as_deref()
    }

    /// A client that sends `ip` as `ClientIpAddress` (the IP address of the customer making
    /// the purchase, which `AddInvoice` requires), sharing this client's connection pool.
    pub fn with_client_ip_address(&self, ip: impl Into<String>) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            client_ip_address: Some(ip.into()),
        }
    }

    /// The headers of every request: credentials and the client IP address.
    fn headers(&self, password: &str) -> SoapHeaders {
        SoapHeaders {
            username: Some(self.inner.username.clone()),
            password: Some(password.to_owned()),
            client_ip_address: self.client_ip_address.clone(),
        }
    }

    /// Validates and encodes a request of `O`; nothing is sent.
    fn prepare<O: Operation<Headers = SoapHeaders>>(
        &self,
        request: &O::Request,
        span: &tracing::Span,
    ) -> Result<String, Error> {
        let headers = self.headers(&self.inner.password.0);
        if let Err(e) = rt::validate_request::<O>(&headers, request) {
            span.in_scope(|| tracing::debug!(error = %e, "invalid request, not sent"));
            return Err(Error::Validation(e));
        }
        let envelope = rt::encode_request::<O>(&headers, request);
        if !span.is_disabled() {
            if let Some(id) = correlation_id(&envelope) {
                span.record("correlation_id", id.as_str());
            }
        }
        if tracing::enabled!(tracing::Level::TRACE) {
            let redacted = rt::encode_request::<O>(&self.headers(REDACTED), request);
            span.in_scope(|| tracing::trace!(envelope = %redacted, "request envelope"));
        }
        Ok(envelope)
    }
}

impl rt::CallOperation for Client {
    type Error = Error;
    type Headers = SoapHeaders;

    fn call<O: Operation<Headers = SoapHeaders>>(
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
        let inner = Arc::clone(&self.inner);
        let call_span = span.clone();
        async move {
            let envelope = prepared?;
            let started = Instant::now();
            let result = match inner.send(info, envelope).await {
                Ok(response) => {
                    call_span.record("status", response.status);
                    tracing::debug!(
                        status = response.status,
                        bytes = response.body.len(),
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "response received"
                    );
                    if tracing::enabled!(tracing::Level::TRACE) {
                        let body = inner.redact(&String::from_utf8_lossy(&response.body));
                        tracing::trace!(body = %body, "response body");
                    }
                    inner.interpret::<O>(response)
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

/// A response as read from the wire.
struct RawResponse {
    status: u16,
    body: Vec<u8>,
    /// The size of the body when it exceeded [`Limits::max_bytes`] (and `body` is only its start).
    too_large: Option<usize>,
}

impl Inner {
    /// Posts `envelope` and reads the response, its body capped by `limits.max_bytes`.
    async fn send(
        &self,
        info: &'static OperationInfo,
        envelope: String,
    ) -> Result<RawResponse, Error> {
        let request = self.http.post(self.endpoint.clone());
        // SOAP 1.1 names the action in a header; SOAP 1.2 in the media type.
        let request = match info.soap_version {
            rt::SoapVersion::Soap11 => request
                .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=utf-8")
                .header("SOAPAction", format!("\"{}\"", info.soap_action)),
            rt::SoapVersion::Soap12 => request.header(
                reqwest::header::CONTENT_TYPE,
                format!(
                    "application/soap+xml; charset=utf-8; action=\"{}\"",
                    info.soap_action
                ),
            ),
        };
        let mut response = request
            .timeout(self.timeout)
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
        let mut body = Vec::with_capacity(declared.unwrap_or(0).min(cap));
        while let Some(chunk) = response.chunk().await.map_err(map_reqwest_error)? {
            if body.len() + chunk.len() > cap {
                let room = cap - body.len();
                body.extend_from_slice(&chunk[..room]);
                too_large.get_or_insert(max.saturating_add(1));
                break;
            }
            body.extend_from_slice(&chunk);
        }
        // Dropping `response` here closes the connection if the body was not read to its end.
        Ok(RawResponse {
            status,
            body,
            too_large,
        })
    }

    /// Turns a response into the operation's response or an error. Never panics.
    fn interpret<O: Operation>(&self, response: RawResponse) -> Result<O::Response, Error> {
        let RawResponse {
            status,
            body,
            too_large,
        } = response;
        let success = (200..300).contains(&status);
        if let Some(size) = too_large {
            return Err(if success {
                Error::Decode {
                    status,
                    error: DecodeError::document(DecodeErrorKind::TooLarge {
                        size,
                        limit: self.limits.max_bytes,
                    }),
                }
            } else {
                self.http_status_error(status, &body)
            });
        }
        let text = match std::str::from_utf8(&body) {
            Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
            Err(e) if success => {
                let kind = DecodeErrorKind::NotXml(format!("the body is not UTF-8 ({e})"));
                return Err(Error::Decode {
                    status,
                    error: DecodeError::document(kind),
                });
            }
            Err(_) => return Err(self.http_status_error(status, &body)),
        };
        match rt::decode_response::<O>(text, &self.limits) {
            Err(ResponseError::Fault(raw)) => Err(Fault::from_raw(raw, status).into()),
            Ok(response) if success => Ok(response),
            Err(ResponseError::Decode(error)) if success => Err(Error::Decode { status, error }),
            // A non-success status without a fault: whatever the body is, the call failed.
            Ok(_) | Err(ResponseError::Decode(_)) => Err(self.http_status_error(status, &body)),
        }
    }

    fn http_status_error(&self, status: u16, body: &[u8]) -> Error {
        let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_BYTES)]);
        let text = self.redact(text.trim());
        let mut body_snippet: String = text.chars().take(SNIPPET_CHARS).collect();
        if body_snippet.len() < text.len() {
            body_snippet.push('…');
        }
        Error::HttpStatus {
            status,
            body_snippet,
        }
    }

    /// `text` with every occurrence of the password replaced.
    fn redact(&self, text: &str) -> String {
        let password = &self.password.0;
        if password.is_empty() {
            text.to_owned()
        } else {
            text.replace(password.as_str(), REDACTED)
        }
    }
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
    let connect = e.is_connect();
    let timeout = e.is_timeout();
    Error::Transport(TransportError {
        connect,
        timeout,
        message: error_chain(&e.without_url()),
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

/// The `CorrelationId` child of the request element of an envelope this crate wrote.
fn correlation_id(envelope: &str) -> Option<String> {
    let doc = rt::parse_document(envelope, &Limits::default()).ok()?;
    let parts = rt::envelope_parts(&doc).ok()?;
    let node =
        rt::element_children(parts.payload).find(|c| c.tag_name().name() == "CorrelationId")?;
    Some(node.text().unwrap_or_default().to_owned())
}

/// Configuration of a [`Client`]. `Debug` never shows the password.
#[derive(Clone)]
pub struct ClientBuilder {
    endpoint: String,
    username: Option<String>,
    password: Option<Secret>,
    client_ip_address: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    http_client: Option<reqwest::Client>,
    limits: Limits,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            endpoint: UAT_ENDPOINT.to_owned(),
            username: None,
            password: None,
            client_ip_address: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http_client: None,
            limits: Limits::default(),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("client_ip_address", &self.client_ip_address)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("custom_http_client", &self.http_client.is_some())
            .field("limits", &self.limits)
            .finish()
    }
}

impl ClientBuilder {
    /// The service URL; default [`UAT_ENDPOINT`]. Use [`PRODUCTION_ENDPOINT`] in production,
    /// or the address of a simulator. Must be `http` or `https`, without credentials.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = url.into();
        self
    }

    /// The `Username` header. Required.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The `Password` header. Required. Never shown by `Debug` or in errors and logs.
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(Secret(password.into()));
        self
    }

    /// The `ClientIpAddress` header, sent with the operations that carry it (`AddInvoice`
    /// requires it). Per customer, use [`Client::with_client_ip_address`].
    pub fn client_ip_address(mut self, ip: impl Into<String>) -> Self {
        self.client_ip_address = Some(ip.into());
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

    /// Uses `client` for HTTP (proxies, custom root certificates, ...). The client's
    /// [`timeout`](Self::timeout) is still applied to each call. Consider disabling redirects
    /// on it: a redirect of a SOAP POST is never what the service means.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Bounds on the responses the client accepts (body size, nesting, node count).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The client. Fails with [`Error::InvalidConfig`] when the username or password is
    /// missing, or the endpoint is not an `http`/`https` URL without credentials.
    pub fn build(self) -> Result<Client, Error> {
        let username = self
            .username
            .filter(|u| !u.is_empty())
            .ok_or_else(|| Error::InvalidConfig("a username is required".to_owned()))?;
        let password = self
            .password
            .filter(|p| !p.0.is_empty())
            .ok_or_else(|| Error::InvalidConfig("a password is required".to_owned()))?;
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
                "the endpoint must not contain credentials; use username() and password()"
                    .to_owned(),
            ));
        }
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()
                .map_err(|e| {
                    Error::InvalidConfig(format!(
                        "the HTTP client could not be built: {}",
                        error_chain(&e)
                    ))
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoint,
                username,
                password,
                timeout: self.timeout,
                limits: self.limits,
            }),
            client_ip_address: self.client_ip_address,
        })
    }
}
