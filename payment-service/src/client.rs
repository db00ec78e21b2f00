//! The async PaymentService client: a thin layer over the generic client of
//! [`soap_runtime::client`] that fills in the `Username`, `Password` and `ClientIpAddress`
//! headers, keeps the password out of `Debug`, logs and errors, and turns faults into the typed
//! [`Fault`](crate::Fault) of this crate.
//!
//! The per-operation methods (`Client::cancel_invoice`, ...) are generated from the WSDL into
//! [`crate::generated`]; they all go through [`CallOperation::call`](rt::CallOperation::call).

use crate::error::{Error, ErrorKind};
use crate::runtime::client::{self as http, HeaderSource};
use crate::runtime::{self as rt, Limits, Operation, OperationInfo};
use crate::SoapHeaders;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// The wire-logging hook ([`ClientBuilder::observer`], [`Client::with_observer`]): sees every
/// request envelope and response, the password redacted.
pub use crate::runtime::client::{WireObserver, WireRequest, WireResponse};

/// The UAT (test) endpoint, the default of [`ClientBuilder::endpoint`].
pub const UAT_ENDPOINT: &str = crate::DEFAULT_ENDPOINT;
/// The production endpoint.
pub const PRODUCTION_ENDPOINT: &str = crate::PRODUCTION_ENDPOINT;
/// Default for [`ClientBuilder::timeout`]: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = http::DEFAULT_TIMEOUT;
/// Default for [`ClientBuilder::connect_timeout`]: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = http::DEFAULT_CONNECT_TIMEOUT;

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

/// The headers of every request: credentials and the client IP address, kept as the header
/// set they are sent as (lent to each call, not copied). `Debug` hides the password.
#[derive(Clone)]
pub(crate) struct Credentials {
    /// Username and password always set (the builder checks), the client IP address if any.
    headers: SoapHeaders,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username())
            .field("password", &Secret(String::new()))
            .field("client_ip_address", &self.client_ip_address())
            .finish()
    }
}

impl Credentials {
    /// The credentials with the overrides of `options`.
    pub(crate) fn with_options(&self, options: &CallOptions) -> Credentials {
        let mut headers = self.headers.clone();
        if let Some(ip) = &options.client_ip_address {
            headers.client_ip_address = Some(ip.clone());
        }
        Credentials { headers }
    }

    fn username(&self) -> &str {
        self.headers.username.as_deref().unwrap_or_default()
    }

    fn client_ip_address(&self) -> Option<&str> {
        self.headers.client_ip_address.as_deref()
    }
}

impl HeaderSource for Credentials {
    type Headers = SoapHeaders;

    fn headers(&self, _: &'static OperationInfo) -> SoapHeaders {
        self.headers.clone()
    }

    fn call_headers(&self, _: &'static OperationInfo) -> http::CallHeaders<'_, SoapHeaders> {
        http::CallHeaders::Borrowed(&self.headers)
    }

    fn secrets(&self) -> Vec<&str> {
        self.headers.password.as_deref().into_iter().collect()
    }
}

/// Settings of one call (or a few) that differ from the client's: the customer's IP address
/// and a time limit. Fields left unset keep the client's value.
///
/// ```no_run
/// use payment_service::{CallOptions, Client};
/// use std::time::Duration;
/// # async fn checkout(client: &Client, customer_ip: &str, request: &payment_service::AddInvoiceRequest) -> Result<(), payment_service::Error> {
/// let response = client
///     .with_call_options(
///         CallOptions::new()
///             .client_ip_address(customer_ip) // this purchase's customer
///             .timeout(Duration::from_secs(60)), // a credit check may take long
///     )
///     .add_invoice(request)
///     .await?;
/// # let _ = response; Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    client_ip_address: Option<String>,
    timeout: Option<Duration>,
}

impl CallOptions {
    /// No overrides: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `ClientIpAddress` header: the IP address of the customer making this purchase
    /// (`AddInvoice` requires it).
    pub fn client_ip_address(mut self, ip: impl Into<String>) -> Self {
        self.client_ip_address = Some(ip.into());
        self
    }

    /// Time limit of the whole call, from connecting until the response body is read.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `ClientIpAddress` override, if set.
    pub fn get_client_ip_address(&self) -> Option<&str> {
        self.client_ip_address.as_deref()
    }

    /// The timeout override, if set.
    pub fn get_timeout(&self) -> Option<Duration> {
        self.timeout
    }
}

/// Async client of the Walley PaymentService (PaymentServiceV10).
///
/// Created with [`Client::builder`]. Cheap to clone: clones share the connection pool.
/// Every operation of the WSDL is an `async fn` (`cancel_invoice`, `add_invoice`, ...); each
/// call validates the request against the schema (nothing is sent if it is invalid), posts
/// the SOAP 1.1 envelope with the configured credentials in the headers, and returns the
/// decoded response or an [`Error`]: a SOAP fault as [`ErrorKind::Fault`] with a typed
/// [`FaultCode`](crate::FaultCode), a timeout, a transport error, ...
///
/// `Debug` of the client (and of its builder) never shows the password.
///
/// # Example
///
/// ```no_run
/// use payment_service::{CallOptions, CancelInvoiceRequest, Client, Error, ErrorKind, FaultCode};
///
/// # async fn run(customer_ip: &str) -> Result<(), Error> {
/// let client = Client::builder()
///     // .endpoint(payment_service::client::PRODUCTION_ENDPOINT) // default: UAT
///     .username("my-username")
///     .password(std::env::var("WALLEY_PASSWORD").unwrap_or_default())
///     .build()?;
///
/// let request = CancelInvoiceRequest::builder()
///     .correlation_id("order-1234")
///     .country_code("SE")
///     .invoice_no("62396765")
///     .store_id(1234)
///     .build()?; // every rule of the schema, checked here
/// // Per call: the customer's IP address (sent where the operation declares it) and a timeout.
/// let call = client.with_call_options(CallOptions::new().client_ip_address(customer_ip));
/// match call.cancel_invoice(&request).await {
///     Ok(response) => println!("cancelled (correlation id {:?})", response.correlation_id()),
///     Err(e) => match e.kind() {
///         ErrorKind::Fault(f) if f.code == FaultCode::InvoiceNotFound => {
///             println!("no such invoice: {}", f.message)
///         }
///         ErrorKind::Validation(v) => eprintln!("not sent:\n{v}"), // every violation, with its path
///         _ if e.is_safe_to_retry() => eprintln!("safe to try again: {e}"),
///         // Not retried: CancelInvoice may have been executed. Check its state first.
///         _ if e.may_have_reached_server() => eprintln!("outcome unknown, check before retrying: {e}"),
///         _ => return Err(e),
///     },
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
    inner: http::Client<Credentials>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = self.inner.header_source();
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint())
            .field("username", &credentials.username())
            .field("password", &Secret(String::new()))
            .field("client_ip_address", &credentials.client_ip_address())
            .field("timeout", &self.inner.timeout())
            .field("limits", self.inner.limits())
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
        self.inner.endpoint()
    }

    /// The `ClientIpAddress` header sent with the operations that carry it.
    pub fn client_ip_address(&self) -> Option<&str> {
        self.inner.header_source().client_ip_address()
    }

    /// The time limit of a whole call.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout()
    }

    /// A client that sends `ip` as `ClientIpAddress` (the IP address of the customer making
    /// the purchase, which `AddInvoice` requires), sharing this client's connection pool.
    /// The same as `with_call_options(CallOptions::new().client_ip_address(ip))`.
    pub fn with_client_ip_address(&self, ip: impl Into<String>) -> Client {
        self.with_call_options(CallOptions::new().client_ip_address(ip))
    }

    /// This client with the overrides of `options`, for one call (or a few): the customer's
    /// `ClientIpAddress`, a timeout. Cheap (no new connection pool, the credentials are
    /// shared), so make one per purchase:
    /// `client.with_call_options(CallOptions::new().client_ip_address(ip)).add_invoice(&r)`.
    /// The client it is made from keeps its own settings.
    pub fn with_call_options(&self, options: CallOptions) -> Client {
        let credentials = self.inner.header_source().with_options(&options);
        let mut inner = self.inner.with_header_source(credentials);
        if let Some(timeout) = options.timeout {
            inner = inner.with_timeout(timeout);
        }
        Client { inner }
    }

    /// This client, with every exchange going to `observer` (see [`ClientBuilder::observer`]),
    /// sharing the connection pool.
    pub fn with_observer(&self, observer: impl WireObserver) -> Client {
        Client {
            inner: self.inner.with_observer(observer),
        }
    }
}

impl rt::CallOperation for Client {
    type Error = Error;
    type Headers = SoapHeaders;

    fn call<O: Operation<Headers = SoapHeaders>>(
        &self,
        request: &O::Request,
    ) -> impl Future<Output = Result<O::Response, Error>> + Send {
        // Validation and encoding happen here, before the future is first polled.
        let call = rt::CallOperation::call::<O>(&self.inner, request);
        async move { call.await.map_err(|e| Error::from_runtime(e, O::INFO)) }
    }
}

/// Configuration of a [`Client`]. `Debug` never shows the password.
#[derive(Clone)]
pub struct ClientBuilder {
    http: http::ClientBuilder,
    username: Option<String>,
    password: Option<Secret>,
    client_ip_address: Option<String>,
    limits: Limits,
    observer: Option<Arc<dyn WireObserver>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            http: http::ClientBuilder::new(UAT_ENDPOINT)
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .correlation_element("CorrelationId"),
            username: None,
            password: None,
            client_ip_address: None,
            limits: Limits::default(),
            observer: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("client_ip_address", &self.client_ip_address)
            .field("http", &self.http)
            .finish()
    }
}

impl ClientBuilder {
    /// The service URL; default [`UAT_ENDPOINT`]. Use [`PRODUCTION_ENDPOINT`] in production,
    /// or the address of a simulator. Must be `http` or `https`, without credentials.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.http = self.http.endpoint(url);
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

    /// The default `ClientIpAddress` header, sent with the operations that carry it
    /// (`AddInvoice` requires it). It is the customer's address, so it is usually set per call
    /// with [`Client::with_call_options`].
    pub fn client_ip_address(mut self, ip: impl Into<String>) -> Self {
        self.client_ip_address = Some(ip.into());
        self
    }

    /// Time limit of a whole call, from connecting until the response body is read;
    /// default 30 s. When it elapses the call fails with [`ErrorKind::Timeout`]. Per call:
    /// [`CallOptions::timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.timeout(timeout);
        self
    }

    /// Time limit for establishing a connection (TCP and TLS); default 10 s. Not applied to a
    /// custom [`http_client`](Self::http_client), which has its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.connect_timeout(timeout);
        self
    }

    /// Uses `client` for HTTP (proxies, custom root certificates, ...). The client's
    /// [`timeout`](Self::timeout) is still applied to each call. Consider disabling redirects
    /// on it: a redirect of a SOAP POST is never what the service means.
    pub fn http_client(mut self, client: http::reqwest::Client) -> Self {
        self.http = self.http.http_client(client);
        self
    }

    /// Bounds on the responses the client accepts (body size, nesting, node count).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.http = self.http.limits(limits);
        self.limits = limits;
        self
    }

    /// Every exchange of the client (and of the clients made from it with
    /// [`Client::with_call_options`]) goes to `observer`: each request envelope just before it
    /// is sent and each response (status, body, time taken), the password replaced by `***`
    /// (whole values only: other text is never changed). For logging or recording envelopes;
    /// `examples/merchant.rs` writes them to files. The `tracing` spans stay as they are.
    pub fn observer(mut self, observer: impl WireObserver) -> Self {
        let observer: Arc<dyn WireObserver> = Arc::new(observer);
        self.http = self.http.observer(Arc::clone(&observer));
        self.observer = Some(observer);
        self
    }

    /// The client. Fails with [`ErrorKind::InvalidConfig`] when the username or password is
    /// missing, or the endpoint is not an `http`/`https` URL without credentials.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self.credentials()?;
        Ok(Client {
            inner: self.http.build(credentials)?,
        })
    }

    /// The credentials; an error when the username or password is missing.
    fn credentials(&self) -> Result<Credentials, Error> {
        let username = self
            .username
            .clone()
            .filter(|u| !u.is_empty())
            .ok_or_else(|| ErrorKind::InvalidConfig("a username is required".to_owned()))?;
        let password = self
            .password
            .clone()
            .filter(|p| !p.0.is_empty())
            .ok_or_else(|| ErrorKind::InvalidConfig("a password is required".to_owned()))?;
        let mut headers = SoapHeaders::default()
            .with_username(username)
            .with_password(password.0);
        headers.client_ip_address = self.client_ip_address.clone();
        Ok(Credentials { headers })
    }

    /// A caller of `service` in this process, without HTTP: see
    /// [`InProcess`](crate::in_process::InProcess). The credentials, client IP address,
    /// limits and observer of this builder apply; the endpoint, timeouts and HTTP settings do
    /// not. Fails like [`build`](Self::build) when the username or password is missing.
    #[cfg(feature = "server")]
    pub fn in_process<S: crate::Service>(
        self,
        service: S,
    ) -> Result<crate::in_process::InProcess<S>, Error> {
        Ok(crate::in_process::InProcess::from_parts(
            Arc::new(service),
            self.credentials()?,
            self.limits,
            self.observer,
        ))
    }
}
