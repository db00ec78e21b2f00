//! A small HTTP/1 server (hyper) for any [`Dispatch`] implementation — the generated
//! `Dispatcher` of a service — that speaks to SOAP 1.1 clients the way a WCF endpoint does, and
//! to SOAP 1.2 clients by the SOAP 1.2 HTTP binding (feature `server`). Which one a service
//! speaks is [`Dispatch::soap_version`].
//!
//! * `POST <path>` — a SOAP request, handed to [`Dispatch::dispatch`] with its action (SOAP
//!   1.1: the `SOAPAction` header; SOAP 1.2: the `action` parameter of the `Content-Type`):
//!   HTTP 200 and the response envelope, or a SOAP fault (SOAP 1.1: HTTP 500; SOAP 1.2: 400
//!   for an `env:Sender` fault, 500 for `env:Receiver`). Answers are `text/xml` (SOAP 1.1) or
//!   `application/soap+xml` (SOAP 1.2), `charset=utf-8`. A handler that panics gets
//!   [`Dispatch::internal_fault`] and the server keeps running.
//! * `GET <path>?wsdl`, `?wsdl=…`, `?xsd=…` — the metadata documents of the [`Endpoint`], with
//!   the address they were published with replaced by this server's own.
//!
//! [`serve`] / [`serve_with_shutdown`] run a server on a bound listener; [`spawn`] starts one
//! on an address in the background and returns a [`ServerHandle`].
//!
//! # Protections
//!
//! Every service served here gets them; the numbers are fields of [`ServerOptions`] (defaults
//! in brackets):
//!
//! * **Body size** ([`max_body_bytes`](ServerOptions::max_body_bytes), 1 MiB): a larger body
//!   gets HTTP 413 with a sender fault (`s:Client`; SOAP 1.2 `env:Sender`) and the connection
//!   is closed, whether its `Content-Length` announces it (nothing is read) or it is chunked
//!   (reading stops at the limit).
//! * **Slow headers** ([`header_read_timeout`](ServerOptions::header_read_timeout), 10 s):
//!   a connection that has not sent a complete request head this long after the server started
//!   waiting for one is closed without an answer (slowloris). The same clock runs on an idle
//!   keep-alive connection, so it is also the keep-alive idle timeout.
//! * **Slow bodies** ([`body_read_timeout`](ServerOptions::body_read_timeout), 30 s): a body
//!   not received in full this long after its head gets HTTP 408 with a sender fault
//!   (`s:Client`; SOAP 1.2 `env:Sender`) and the connection is closed.
//! * **Connections** ([`max_connections`](ServerOptions::max_connections), 512): at most this
//!   many connections are served at once. Further ones **wait**: the server stops accepting
//!   until a connection ends, so they stay in the operating system's listen backlog (connected,
//!   not yet read), and are served in turn; the header timeout above bounds how long an idle
//!   or slow connection can hold a place. Only when the backlog (1024 for a listener bound
//!   by [`spawn`] or `tokio::net::TcpListener::bind`) is full too does the system refuse or
//!   drop new connections.
//! * **Graceful shutdown** ([`shutdown_grace`](ServerOptions::shutdown_grace), 10 s): when
//!   the `shutdown` future of [`serve_with_shutdown`] completes (or [`ServerHandle::shutdown`]
//!   is called), the listener is closed at once, so new connections are refused; idle
//!   connections are closed; calls in progress are finished and their responses sent (with
//!   `Connection: close`). The server returns when the last connection has ended, or after
//!   the grace period, when the connections still open are dropped (a handler still running
//!   then is not cancelled, its response is discarded).

use crate::{content_type_action, Dispatch, Limits, ServerFault, ServerResponse, SoapVersion};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONNECTION, CONTENT_TYPE, HOST};
use hyper::{Method, Request, Response, StatusCode};
use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

/// Settings of the HTTP server: limits and timeouts that protect it from misbehaving clients
/// (see [Protections](self#protections)).
///
/// ```
/// use soap_runtime::server::ServerOptions;
/// use std::time::Duration;
/// let options = ServerOptions {
///     max_connections: 64,
///     header_read_timeout: Duration::from_secs(5),
///     ..ServerOptions::default()
/// };
/// assert_eq!(options.max_body_bytes, 1024 * 1024);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ServerOptions {
    /// Largest request body accepted; larger ones get HTTP 413 with a sender fault
    /// (`s:Client`; SOAP 1.2 `env:Sender`), with or without `Content-Length` (default 1 MiB).
    pub max_body_bytes: usize,
    /// Depth and node limits for decoding requests (`max_bytes` is taken from `max_body_bytes`).
    pub limits: Limits,
    /// How long a connection may take to send a complete request head, counted from when the
    /// server starts waiting for it (the connection is accepted, or the previous response was
    /// sent); then it is closed without an answer. Also the idle timeout of keep-alive
    /// connections (default 10 s).
    pub header_read_timeout: Duration,
    /// How long a request body may take to arrive in full after its head; then the request
    /// gets HTTP 408 with a sender fault (`s:Client`; SOAP 1.2 `env:Sender`) and the connection
    /// is closed (default 30 s).
    pub body_read_timeout: Duration,
    /// Most connections served at once; further ones wait in the listen backlog until one
    /// ends (default 512; 0 counts as 1).
    pub max_connections: usize,
    /// After shutdown starts, how long calls in progress may take to finish before their
    /// connections are dropped (default 10 s).
    pub shutdown_grace: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            max_body_bytes: 1024 * 1024,
            limits: Limits::default(),
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 512,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// The metadata documents (WSDL and schemas) a server answers `GET` requests with.
///
/// ```
/// use soap_runtime::server::Documents;
/// let docs = Documents::new()
///     .published_address("https://shop.example/OrderService.svc")
///     .wsdl("<wsdl:definitions …>")
///     .add("xsd=xsd0", "<xs:schema …>");
/// assert_eq!(docs.get("XSD=xsd0"), Some("<xs:schema …>"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Documents {
    published_address: Option<String>,
    entries: Vec<(String, Cow<'static, str>)>,
}

impl Documents {
    /// No documents.
    pub fn new() -> Self {
        Self::default()
    }

    /// The service address the documents were published with (in `soap:address` and as the
    /// base of `?wsdl=…` / `?xsd=…` imports). The server replaces every occurrence with its own
    /// endpoint URL, so that clients reading the metadata talk to it.
    pub fn published_address(mut self, address: impl Into<String>) -> Self {
        self.published_address = Some(address.into());
        self
    }

    /// The WSDL, served for `?wsdl` (also `?wsdl=` and `?singlewsdl`).
    pub fn wsdl(self, text: impl Into<Cow<'static, str>>) -> Self {
        let text = text.into();
        self.add("wsdl", text.clone())
            .add("wsdl=", text.clone())
            .add("singlewsdl", text)
    }

    /// A document served for the query `query` (`wsdl=wsdl0`, `xsd=xsd0`), which is compared
    /// case-insensitively. A later document for the same query replaces an earlier one.
    pub fn add(mut self, query: impl Into<String>, text: impl Into<Cow<'static, str>>) -> Self {
        let query = query.into().to_ascii_lowercase();
        self.entries.retain(|(q, _)| *q != query);
        self.entries.push((query, text.into()));
        self
    }

    /// The document for `query`, as published.
    pub fn get(&self, query: &str) -> Option<&str> {
        let query = query.to_ascii_lowercase();
        self.entries
            .iter()
            .find(|(q, _)| *q == query)
            .map(|(_, text)| text.as_ref())
    }

    /// Whether there is no document.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `doc` with the published address replaced by `base` (`http://host:port/Service.svc`).
    pub fn rewrite(&self, doc: &str, base: &str) -> String {
        match self.published_address.as_deref() {
            Some(address) if !address.is_empty() => doc.replace(address, base),
            _ => doc.to_owned(),
        }
    }
}

/// Where and what a server serves: the path of the service and its metadata documents.
#[derive(Clone, Debug)]
pub struct Endpoint {
    path: String,
    documents: Documents,
    about: Option<String>,
}

impl Endpoint {
    /// A service at `path` (`/OrderService.svc`; a leading `/` is added when missing), compared
    /// case-insensitively as WCF does.
    pub fn new(path: impl Into<String>) -> Self {
        let mut path = path.into();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Endpoint {
            path,
            documents: Documents::new(),
            about: None,
        }
    }

    /// The documents served for `GET <path>?wsdl` and friends.
    pub fn documents(mut self, documents: Documents) -> Self {
        self.documents = documents;
        self
    }

    /// The text answered to a `GET` of the path without a known query (default: where the
    /// metadata is).
    pub fn about(mut self, text: impl Into<String>) -> Self {
        self.about = Some(text.into());
        self
    }

    /// The path of the service.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// Serves `dispatcher` at `endpoint` on `listener` until the process ends (see
/// [`serve_with_shutdown`]), with default [`ServerOptions`].
pub async fn serve<D: Dispatch>(
    listener: TcpListener,
    dispatcher: D,
    endpoint: Endpoint,
) -> std::io::Result<()> {
    serve_with_shutdown(
        listener,
        Arc::new(dispatcher),
        endpoint,
        ServerOptions::default(),
        std::future::pending(),
    )
    .await
}

/// Serves `dispatcher` at `endpoint` on `listener` until `shutdown` completes, then shuts
/// down gracefully: the listener is closed (new connections are refused), idle connections are
/// closed, calls in progress finish and get their responses; returns when every connection has
/// ended or after [`ServerOptions::shutdown_grace`], dropping those still open.
///
/// Each connection runs in its own task, at most [`ServerOptions::max_connections`] at once
/// (the others wait to be accepted); see [Protections](self#protections) for the limits and
/// timeouts applied.
pub async fn serve_with_shutdown<D: Dispatch>(
    listener: TcpListener,
    dispatcher: Arc<D>,
    endpoint: Endpoint,
    options: ServerOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let local = listener.local_addr()?;
    let endpoint = Arc::new(endpoint);
    let slots = Arc::new(Semaphore::new(
        options.max_connections.clamp(1, Semaphore::MAX_PERMITS),
    ));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        // Forget the connections that have ended.
        while connections.try_join_next().is_some() {}
        // A free place first, then accept: excess connections wait in the backlog.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: keep serving.
                Err(_) => {
                    drop(slot);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let dispatcher = dispatcher.clone();
        let endpoint = endpoint.clone();
        let mut stop = stop_rx.clone();
        let http = http.clone();
        connections.spawn(async move {
            let _slot = slot;
            let svc = hyper::service::service_fn(move |req| {
                handle(req, dispatcher.clone(), endpoint.clone(), options, local)
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let conn = http.serve_connection(io, svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stop.wait_for(|stopping| *stopping) => {}
            }
            // Finishes the call in progress (if any), then closes.
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        });
    }
    // New connections are refused from here on.
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(options.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.shutdown().await;
    }
    Ok(())
}

fn reply(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// A SOAP answer in `version`, with the media type of that version.
fn soap(resp: ServerResponse, version: SoapVersion) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    reply(
        status,
        crate::content_type(resp.soap_version.unwrap_or(version)),
        resp.body,
    )
}

/// A sender fault answered with `status` (413, 408) before the body was read in full: the
/// connection is closed after it (what is left of the body is never read).
fn refuse(status: StatusCode, message: String, version: SoapVersion) -> Response<Full<Bytes>> {
    let mut r = reply(
        status,
        crate::content_type(version),
        ServerFault::client(message).envelope(version),
    );
    r.headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    r
}

async fn handle<D: Dispatch>(
    req: Request<Incoming>,
    dispatcher: Arc<D>,
    endpoint: Arc<Endpoint>,
    options: ServerOptions,
    local: SocketAddr,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = endpoint.path();
    if !req.uri().path().eq_ignore_ascii_case(path) {
        return Ok(reply(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            format!("no service at {}", req.uri().path()),
        ));
    }
    if req.method() == Method::GET {
        return Ok(metadata(&req, &endpoint, local));
    }
    if req.method() != Method::POST {
        let mut r = reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "use POST (SOAP) or GET ?wsdl",
        );
        r.headers_mut()
            .insert(hyper::header::ALLOW, HeaderValue::from_static("GET, POST"));
        return Ok(r);
    }
    Ok(post(req, dispatcher, options).await)
}

/// The answer to a `GET`: a metadata document, with the published address replaced by this
/// server's, or what the endpoint is about.
fn metadata(
    req: &Request<Incoming>,
    endpoint: &Endpoint,
    local: SocketAddr,
) -> Response<Full<Bytes>> {
    let path = endpoint.path();
    let query = req.uri().query().unwrap_or("");
    let Some(doc) = endpoint.documents.get(query) else {
        let about = match &endpoint.about {
            Some(text) => format!("{text}\n"),
            None if endpoint.documents.is_empty() => "SOAP service. Use POST.\n".to_owned(),
            None => format!("SOAP service. Metadata: {path}?wsdl\n"),
        };
        return reply(StatusCode::OK, "text/plain; charset=utf-8", about);
    };
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| local.to_string());
    let base = format!("http://{host}{path}");
    reply(
        StatusCode::OK,
        "text/xml; charset=UTF-8",
        endpoint.documents.rewrite(doc, &base),
    )
}

/// The answer to a `POST`: the body read within the limits, then dispatched.
async fn post<D: Dispatch>(
    req: Request<Incoming>,
    dispatcher: Arc<D>,
    options: ServerOptions,
) -> Response<Full<Bytes>> {
    let version = dispatcher.soap_version();
    // Kept as the header value (shared, not copied); read as text in the handler's task.
    let action = match version {
        SoapVersion::Soap11 => req.headers().get("SOAPAction").cloned(),
        SoapVersion::Soap12 => req.headers().get(CONTENT_TYPE).cloned(),
    };
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The request body is larger than {} bytes.",
                options.max_body_bytes
            ),
            version,
        )
    };
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > options.max_body_bytes as u64) {
        return too_large();
    }
    let read = tokio::time::timeout(
        options.body_read_timeout,
        Limited::new(req.into_body(), options.max_body_bytes).collect(),
    );
    let bytes = match read.await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(e))
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            return too_large()
        }
        Ok(Err(e)) => {
            let fault = ServerFault::client(format!("reading the request failed: {e}"));
            return soap(ServerResponse::fault_in(&fault, version), version);
        }
        Err(_) => {
            return refuse(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "The request body was not received within {} ms.",
                    options.body_read_timeout.as_millis()
                ),
                version,
            )
        }
    };
    let limits = Limits {
        max_bytes: options.max_body_bytes,
        ..options.limits
    };
    soap(
        run(dispatcher, action, bytes, limits, version).await,
        version,
    )
}

/// Dispatches one request body in a task of its own, so that a panicking handler is the
/// dispatcher's internal fault, not a dropped connection. `action` is the header the action
/// is read from: `SOAPAction` (SOAP 1.1) or `Content-Type` (SOAP 1.2).
async fn run<D: Dispatch>(
    dispatcher: Arc<D>,
    action: Option<HeaderValue>,
    bytes: Bytes,
    limits: Limits,
    version: SoapVersion,
) -> ServerResponse {
    let task = {
        let dispatcher = dispatcher.clone();
        tokio::spawn(async move {
            // Read in place, not copied into a String.
            let Ok(body) = std::str::from_utf8(&bytes) else {
                let fault = ServerFault::client("The request body is not UTF-8.");
                return ServerResponse::fault_in(&fault, version);
            };
            let header = action
                .as_ref()
                .map(|v| String::from_utf8_lossy(v.as_bytes()));
            let action = match version {
                SoapVersion::Soap11 => header,
                SoapVersion::Soap12 => header
                    .as_deref()
                    .and_then(content_type_action)
                    .map(Cow::Owned),
            };
            dispatcher.dispatch(action.as_deref(), body, &limits).await
        })
    };
    match task.await {
        Ok(resp) => resp,
        Err(_) => ServerResponse::fault_in(
            &dispatcher.internal_fault("The service failed while handling the request."),
            version,
        ),
    }
}

/// A server running in the background (see [`spawn`]). Dropping it starts the same graceful
/// shutdown as [`ServerHandle::shutdown`] without waiting for it.
pub struct ServerHandle<D> {
    addr: SocketAddr,
    path: String,
    dispatcher: Arc<D>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl<D> ServerHandle<D> {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint URL, `http://127.0.0.1:PORT/<path>`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// What is being served (to inspect a simulator's state, say).
    pub fn dispatcher(&self) -> &Arc<D> {
        &self.dispatcher
    }

    /// Shuts the server down gracefully (see [`serve_with_shutdown`]): new connections are
    /// refused at once, calls in progress finish; returns when the server has stopped, at the
    /// latest after [`ServerOptions::shutdown_grace`].
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl<D> Drop for ServerHandle<D> {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl<D> std::fmt::Debug for ServerHandle<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle")
            .field("addr", &self.addr)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Starts serving `dispatcher` at `endpoint` on `addr` (use port 0 for a free one) in a task
/// of the current tokio runtime.
pub async fn spawn<D: Dispatch>(
    addr: SocketAddr,
    dispatcher: D,
    endpoint: Endpoint,
    options: ServerOptions,
) -> std::io::Result<ServerHandle<D>> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let path = endpoint.path().to_owned();
    let dispatcher = Arc::new(dispatcher);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve_with_shutdown(
        listener,
        dispatcher.clone(),
        endpoint,
        options,
        async move {
            let _ = rx.await;
        },
    ));
    Ok(ServerHandle {
        addr,
        path,
        dispatcher,
        shutdown: Some(tx),
        task,
    })
}
