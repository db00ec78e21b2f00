//! The HTTP side of the generated [`Service`](crate::Service) trait: a small hyper server that
//! speaks to SOAP clients the way the WCF endpoint does.
//!
//! * `POST /PaymentServiceV10.svc` — a SOAP 1.1 request, dispatched by `SOAPAction` (or by the
//!   body's wrapper element) with [`dispatch`](crate::dispatch): HTTP 200 and the response
//!   envelope, or HTTP 500 and a SOAP fault. Bodies larger than
//!   [`ServerOptions::max_body_bytes`] get HTTP 413 with a fault; a handler that panics gets the
//!   service's [`internal_fault`](crate::Service::internal_fault), the server keeps running.
//! * `GET /PaymentServiceV10.svc?wsdl`, `?wsdl=wsdl0`, `?xsd=xsd0` — the WSDL and schema this
//!   crate was generated from, with every address (`soap:address`, `wsdl:import`,
//!   `xsd:import`) rewritten to this server.
//!
//! [`serve`] runs a server on a bound listener; [`spawn_simulator`] starts the in-memory
//! [`Simulator`] on `127.0.0.1:<free port>` in the background, for tests and the quickstart.

use crate::runtime::{Limits, ServerFault, ServerResponse, SOAP11_CONTENT_TYPE};
use crate::simulator::Simulator;
use crate::Service;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE, HOST};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Path of the service endpoint, as on the real host.
pub const SERVICE_PATH: &str = "/PaymentServiceV10.svc";

/// The outer WSDL (`?wsdl`), as in `wsdl/`.
pub const WSDL: &str = include_str!("../../wsdl/PaymentServiceV10.wsdl");
/// The namespace WSDL (`?wsdl=wsdl0`).
pub const WSDL0: &str = include_str!("../../wsdl/PaymentServiceV10.wsdl0.wsdl");
/// The schema (`?xsd=xsd0`).
pub const XSD0: &str = include_str!("../../wsdl/PaymentServiceV10.xsd0.xsd");

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

/// Serves `service` on `listener` until the process ends (see [`serve_with_shutdown`]).
pub async fn serve<S: Service>(listener: TcpListener, service: S) -> std::io::Result<()> {
    serve_with_shutdown(
        listener,
        Arc::new(service),
        ServerOptions::default(),
        std::future::pending(),
    )
    .await
}

/// Serves `service` on `listener` until `shutdown` completes. Each connection runs in its own
/// task; connections still open at shutdown are finished in the background.
pub async fn serve_with_shutdown<S: Service>(
    listener: TcpListener,
    service: Arc<S>,
    options: ServerOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let local = listener.local_addr()?;
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
        let service = service.clone();
        tokio::spawn(async move {
            let svc =
                hyper::service::service_fn(move |req| handle(req, service.clone(), options, local));
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

/// The WSDL document named by a `GET` query (`wsdl`, `wsdl=wsdl0`, `xsd=xsd0`; case-insensitive).
fn document_for(query: &str) -> Option<&'static str> {
    match query.to_ascii_lowercase().as_str() {
        "wsdl" | "wsdl=" | "singlewsdl" => Some(WSDL),
        "wsdl=wsdl0" => Some(WSDL0),
        "xsd=xsd0" => Some(XSD0),
        _ => None,
    }
}

/// `doc` with the documented endpoint address replaced by `base` (`http://host:port/PaymentServiceV10.svc`).
pub fn rewrite_addresses(doc: &str, base: &str) -> String {
    doc.replace(crate::DEFAULT_ENDPOINT, base)
}

async fn handle<S: Service>(
    req: Request<Incoming>,
    service: Arc<S>,
    options: ServerOptions,
    local: SocketAddr,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if !req.uri().path().eq_ignore_ascii_case(SERVICE_PATH) {
        return Ok(reply(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            format!("no service at {}", req.uri().path()),
        ));
    }
    if req.method() == Method::GET {
        let query = req.uri().query().unwrap_or("");
        let Some(doc) = document_for(query) else {
            return Ok(reply(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                format!("PaymentServiceV10 (simulator). Metadata: {SERVICE_PATH}?wsdl\n"),
            ));
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
        let base = format!("http://{host}{SERVICE_PATH}");
        return Ok(reply(
            StatusCode::OK,
            "text/xml; charset=UTF-8",
            rewrite_addresses(doc, &base),
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
    let service_for_fault = service.clone();
    let task =
        tokio::spawn(
            async move { crate::dispatch(&*service, action.as_deref(), &body, &limits).await },
        );
    Ok(match task.await {
        Ok(resp) => soap(resp),
        Err(_) => soap(ServerResponse::fault(
            &service_for_fault.internal_fault("The service failed while handling the request."),
        )),
    })
}

/// A server running in the background (see [`spawn_simulator`]). Dropping it stops the server.
pub struct ServerHandle<S> {
    addr: SocketAddr,
    service: Arc<S>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl<S> ServerHandle<S> {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint URL, `http://127.0.0.1:PORT/PaymentServiceV10.svc`.
    pub fn url(&self) -> String {
        format!("http://{}{SERVICE_PATH}", self.addr)
    }

    /// The service being served (to inspect the simulator's state).
    pub fn service(&self) -> &Arc<S> {
        &self.service
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl<S> Drop for ServerHandle<S> {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts serving `service` on `addr` (use port 0 for a free one) in a task of the current
/// tokio runtime.
pub async fn spawn<S: Service>(
    addr: SocketAddr,
    service: S,
    options: ServerOptions,
) -> std::io::Result<ServerHandle<S>> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let service = Arc::new(service);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve_with_shutdown(
        listener,
        service.clone(),
        options,
        async move {
            let _ = rx.await;
        },
    ));
    Ok(ServerHandle {
        addr,
        service,
        shutdown: Some(tx),
        task,
    })
}

/// Starts the in-memory [`Simulator`] (credentials `USERNAME` / `PASSWORD`) on
/// `127.0.0.1:<free port>`, in a task of the current tokio runtime.
///
/// ```no_run
/// # async fn f() -> std::io::Result<()> {
/// let sim = payment_service::server::spawn_simulator().await?;
/// println!("simulator at {}", sim.url());
/// # Ok(()) }
/// ```
pub async fn spawn_simulator() -> std::io::Result<ServerHandle<Simulator>> {
    spawn_simulator_with(Simulator::new()).await
}

/// Like [`spawn_simulator`], with a configured simulator.
pub async fn spawn_simulator_with(
    simulator: Simulator,
) -> std::io::Result<ServerHandle<Simulator>> {
    spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        simulator,
        ServerOptions::default(),
    )
    .await
}
