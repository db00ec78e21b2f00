//! A small HTTP/1 server (hyper) for any [`Dispatch`] implementation — the generated
//! `Dispatcher` of a service — that speaks to SOAP 1.1 clients the way a WCF endpoint does
//! (feature `server`).
//!
//! * `POST <path>` — a SOAP request, handed to [`Dispatch::dispatch`] with its `SOAPAction`:
//!   HTTP 200 and the response envelope, or HTTP 500 and a SOAP fault. Bodies larger than
//!   [`ServerOptions::max_body_bytes`] get HTTP 413 with an `s:Client` fault; a handler that
//!   panics gets [`Dispatch::internal_fault`] and the server keeps running.
//! * `GET <path>?wsdl`, `?wsdl=…`, `?xsd=…` — the metadata documents of the [`Endpoint`], with
//!   the address they were published with replaced by this server's own.
//!
//! [`serve`] / [`serve_with_shutdown`] run a server on a bound listener; [`spawn`] starts one
//! on an address in the background and returns a [`ServerHandle`].

use crate::{Dispatch, Limits, ServerFault, ServerResponse, SOAP11_CONTENT_TYPE};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE, HOST};
use hyper::{Method, Request, Response, StatusCode};
use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Settings of the HTTP server.
#[derive(Clone, Copy, Debug)]
pub struct ServerOptions {
    /// Largest request body accepted; larger ones get HTTP 413 (default 1 MiB).
    pub max_body_bytes: usize,
    /// Depth and node limits for decoding requests (`max_bytes` is taken from `max_body_bytes`).
    pub limits: Limits,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            max_body_bytes: 1024 * 1024,
            limits: Limits::default(),
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

/// Serves `dispatcher` at `endpoint` on `listener` until `shutdown` completes. Each connection
/// runs in its own task; connections still open at shutdown are finished in the background.
pub async fn serve_with_shutdown<D: Dispatch>(
    listener: TcpListener,
    dispatcher: Arc<D>,
    endpoint: Endpoint,
    options: ServerOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let local = listener.local_addr()?;
    let endpoint = Arc::new(endpoint);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors and the like: keep serving.
                Err(_) => { tokio::time::sleep(std::time::Duration::from_millis(10)).await; continue; }
            },
            () = &mut shutdown => return Ok(()),
        };
        let dispatcher = dispatcher.clone();
        let endpoint = endpoint.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req| {
                handle(req, dispatcher.clone(), endpoint.clone(), options, local)
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, svc)
                .await;
        });
    }
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

fn soap(resp: ServerResponse) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    reply(status, SOAP11_CONTENT_TYPE, resp.body)
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
        let query = req.uri().query().unwrap_or("");
        let Some(doc) = endpoint.documents.get(query) else {
            let about = match &endpoint.about {
                Some(text) => format!("{text}\n"),
                None if endpoint.documents.is_empty() => "SOAP service. Use POST.\n".to_owned(),
                None => format!("SOAP service. Metadata: {path}?wsdl\n"),
            };
            return Ok(reply(StatusCode::OK, "text/plain; charset=utf-8", about));
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
        return Ok(reply(
            StatusCode::OK,
            "text/xml; charset=UTF-8",
            endpoint.documents.rewrite(doc, &base),
        ));
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
    let action = req
        .headers()
        .get("SOAPAction")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let too_large = || {
        let f = ServerFault::client(format!(
            "The request body is larger than {} bytes.",
            options.max_body_bytes
        ));
        Ok(reply(
            StatusCode::PAYLOAD_TOO_LARGE,
            SOAP11_CONTENT_TYPE,
            f.to_envelope(),
        ))
    };
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > options.max_body_bytes as u64) {
        return too_large();
    }
    let bytes = match Limited::new(req.into_body(), options.max_body_bytes)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(e)
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            return too_large()
        }
        Err(e) => {
            return Ok(soap(ServerResponse::fault(&ServerFault::client(format!(
                "reading the request failed: {e}"
            )))))
        }
    };
    let body = match String::from_utf8(bytes.to_vec()) {
        Ok(s) => s,
        Err(_) => {
            return Ok(soap(ServerResponse::fault(&ServerFault::client(
                "The request body is not UTF-8.",
            ))))
        }
    };
    let limits = Limits {
        max_bytes: options.max_body_bytes,
        ..options.limits
    };
    // Run in a task of its own so that a panicking handler is a fault, not a dropped connection.
    let task = {
        let dispatcher = dispatcher.clone();
        tokio::spawn(async move { dispatcher.dispatch(action.as_deref(), &body, &limits).await })
    };
    Ok(match task.await {
        Ok(resp) => soap(resp),
        Err(_) => soap(ServerResponse::fault(
            &dispatcher.internal_fault("The service failed while handling the request."),
        )),
    })
}

/// A server running in the background (see [`spawn`]). Dropping it stops the server.
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

    /// Stops accepting connections and waits for the accept loop to end.
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
