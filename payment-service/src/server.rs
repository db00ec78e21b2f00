//! The HTTP side of the generated [`Service`] trait: a small hyper server that
//! speaks to SOAP clients the way the WCF endpoint does.
//!
//! This module configures the generic server of [`soap_runtime::server`] for PaymentService:
//!
//! * `POST /PaymentServiceV10.svc` — a SOAP 1.1 request, dispatched by `SOAPAction` (or by the
//!   body's wrapper element) with [`dispatch`](crate::dispatch): HTTP 200 and the response
//!   envelope, or HTTP 500 and a SOAP fault. A handler that panics gets the service's
//!   [`internal_fault`](crate::Service::internal_fault), the server keeps running.
//! * `GET /PaymentServiceV10.svc?wsdl`, `?wsdl=wsdl0`, `?xsd=xsd0` — the WSDL and schema this
//!   crate was generated from, with every address (`soap:address`, `wsdl:import`,
//!   `xsd:import`) rewritten to this server.
//!
//! The runtime's [protections](soap_runtime::server#protections) apply, with the defaults of
//! [`ServerOptions`]: bodies over 1 MiB get HTTP 413 with a fault (also chunked ones); a
//! request head not complete within 10 s closes the connection (slowloris; also the keep-alive
//! idle timeout); a body not complete within 30 s gets HTTP 408; at most 512 connections are
//! served at once, further ones wait to be accepted; when the shutdown future of
//! [`serve_with_shutdown`] completes, new connections are refused and the calls in progress
//! finish, within a grace period of 10 s.
//!
//! [`serve`] runs a server on a bound listener; `spawn_simulator` (feature `simulator`) starts
//! the in-memory simulator on `127.0.0.1:<free port>` in the background, for tests and the
//! quickstart.

use crate::runtime::server::{self as http, Documents, Endpoint};
#[cfg(feature = "simulator")]
use crate::simulator::Simulator;
use crate::{Dispatcher, Service};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub use crate::runtime::server::ServerOptions;

/// Path of the service endpoint, as on the real host.
pub const SERVICE_PATH: &str = "/PaymentServiceV10.svc";

/// The outer WSDL (`?wsdl`), as in `wsdl/`.
pub const WSDL: &str = include_str!("../../wsdl/PaymentServiceV10.wsdl");
/// The namespace WSDL (`?wsdl=wsdl0`).
pub const WSDL0: &str = include_str!("../../wsdl/PaymentServiceV10.wsdl0.wsdl");
/// The schema (`?xsd=xsd0`).
pub const XSD0: &str = include_str!("../../wsdl/PaymentServiceV10.xsd0.xsd");

/// The WSDL documents of `wsdl/`, published with the documented UAT address.
pub fn documents() -> Documents {
    Documents::new()
        .published_address(crate::DEFAULT_ENDPOINT)
        .wsdl(WSDL)
        .add("wsdl=wsdl0", WSDL0)
        .add("xsd=xsd0", XSD0)
}

/// The endpoint as the real host has it: [`SERVICE_PATH`] with [`documents`].
pub fn endpoint() -> Endpoint {
    Endpoint::new(SERVICE_PATH)
        .documents(documents())
        .about(format!(
            "PaymentServiceV10 (simulator). Metadata: {SERVICE_PATH}?wsdl"
        ))
}

/// `doc` with the documented endpoint address replaced by `base` (`http://host:port/PaymentServiceV10.svc`).
pub fn rewrite_addresses(doc: &str, base: &str) -> String {
    documents().rewrite(doc, base)
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

/// Serves `service` on `listener` until `shutdown` completes, then shuts down gracefully: new
/// connections are refused, calls in progress finish and get their responses, and it returns
/// when they have, or after [`ServerOptions::shutdown_grace`]. Each connection runs in its own
/// task (see [`soap_runtime::server::serve_with_shutdown`]).
pub async fn serve_with_shutdown<S: Service>(
    listener: TcpListener,
    service: Arc<S>,
    options: ServerOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    http::serve_with_shutdown(
        listener,
        Arc::new(Dispatcher(service)),
        endpoint(),
        options,
        shutdown,
    )
    .await
}

/// A server running in the background (see [`spawn`]). Dropping it starts a graceful shutdown
/// without waiting for it.
#[derive(Debug)]
pub struct ServerHandle<S> {
    inner: http::ServerHandle<Dispatcher<S>>,
}

impl<S> ServerHandle<S> {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr()
    }

    /// The endpoint URL, `http://127.0.0.1:PORT/PaymentServiceV10.svc`.
    pub fn url(&self) -> String {
        self.inner.url()
    }

    /// The service being served (to inspect the simulator's state).
    pub fn service(&self) -> &Arc<S> {
        &self.inner.dispatcher().0
    }

    /// Shuts the server down gracefully: new connections are refused, calls in progress
    /// finish; returns when it has stopped (at the latest after the grace period).
    pub async fn shutdown(self) {
        self.inner.shutdown().await
    }
}

/// Starts serving `service` on `addr` (use port 0 for a free one) in a task of the current
/// tokio runtime.
pub async fn spawn<S: Service>(
    addr: SocketAddr,
    service: S,
    options: ServerOptions,
) -> std::io::Result<ServerHandle<S>> {
    let inner = http::spawn(addr, Dispatcher::new(service), endpoint(), options).await?;
    Ok(ServerHandle { inner })
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
#[cfg(feature = "simulator")]
pub async fn spawn_simulator() -> std::io::Result<ServerHandle<Simulator>> {
    spawn_simulator_with(Simulator::new()).await
}

/// Like [`spawn_simulator`], with a configured simulator.
#[cfg(feature = "simulator")]
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
