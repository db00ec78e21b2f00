//! The HTTP server of the `server` feature with a hand-written `Dispatch`: requests reach the
//! dispatcher with their SOAPAction (SOAP 1.2: the `Content-Type`'s action, answers and faults
//! in SOAP 1.2), a panicking handler is the dispatcher's internal fault,
//! oversized bodies get 413, metadata documents are served with the server's own address;
//! and the protections: 413 also for chunked bodies, slow headers (slowloris) and slow bodies
//! cut off, the connection bound, graceful shutdown with its grace period.

use soap_runtime::server::{spawn, Documents, Endpoint, ServerOptions};
use soap_runtime::{Dispatch, Limits, ServerFault, ServerResponse, SoapVersion};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Answers with the SOAPAction and body it got; panics on the body `panic`.
struct Echo {
    internal_code: Option<&'static str>,
}

impl Dispatch for Echo {
    async fn dispatch(
        &self,
        soap_action: Option<&str>,
        body: &str,
        _limits: &Limits,
    ) -> ServerResponse {
        if body == "panic" {
            panic!("the handler failed");
        }
        ServerResponse::ok(format!("{}|{body}", soap_action.unwrap_or("-")))
    }

    fn internal_fault(&self, message: &str) -> ServerFault {
        match self.internal_code {
            Some(code) => ServerFault::new(code, message),
            None => ServerFault::internal(message),
        }
    }
}

const PUBLISHED: &str = "https://shop.example/v1/OrderService.svc";

fn endpoint() -> Endpoint {
    Endpoint::new("/OrderService.svc").documents(
        Documents::new()
            .published_address(PUBLISHED)
            .wsdl(format!(
                "<definitions><address location=\"{PUBLISHED}\"/><import location=\"{PUBLISHED}?xsd=xsd0\"/></definitions>"
            ))
            .add("xsd=xsd0", "<schema/>"),
    )
}

/// One HTTP/1.1 exchange; returns status, head and body.
async fn exchange(addr: SocketAddr, request: String) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

async fn post(addr: SocketAddr, action: Option<&str>, body: &str) -> (u16, String, String) {
    let action = action
        .map(|a| format!("SOAPAction: \"{a}\"\r\n"))
        .unwrap_or_default();
    exchange(
        addr,
        format!(
            "POST /OrderService.svc HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\n{action}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await
}

async fn get(addr: SocketAddr, target: &str) -> (u16, String, String) {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await
}

fn localhost() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

#[tokio::test]
async fn posts_reach_the_dispatcher() {
    let server = spawn(
        localhost(),
        Echo {
            internal_code: None,
        },
        endpoint(),
        ServerOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        server.url(),
        format!("http://{}/OrderService.svc", server.addr())
    );
    let (status, head, body) = post(server.addr(), Some("urn:shop/GetOrder"), "<x/>").await;
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/xml; charset=utf-8"),
        "{head}"
    );
    assert_eq!(body, "\"urn:shop/GetOrder\"|<x/>");
    let (_, _, body) = post(server.addr(), None, "<y/>").await;
    assert_eq!(body, "-|<y/>");
    server.shutdown().await;
}

#[tokio::test]
async fn a_panicking_handler_is_the_internal_fault() {
    let generic = spawn(
        localhost(),
        Echo {
            internal_code: None,
        },
        endpoint(),
        ServerOptions::default(),
    )
    .await
    .unwrap();
    let (status, _, body) = post(generic.addr(), None, "panic").await;
    assert_eq!(status, 500);
    assert!(body.contains("<faultcode>s:Server</faultcode>"), "{body}");
    // The server is still up.
    let (status, _, _) = post(generic.addr(), None, "<x/>").await;
    assert_eq!(status, 200);

    let custom = spawn(
        localhost(),
        Echo {
            internal_code: Some("INTERNAL_ERROR"),
        },
        endpoint(),
        ServerOptions::default(),
    )
    .await
    .unwrap();
    let (status, _, body) = post(custom.addr(), None, "panic").await;
    assert_eq!(status, 500);
    assert!(
        body.contains("<faultcode>s:INTERNAL_ERROR</faultcode>"),
        "{body}"
    );
}

/// [`Echo`] for a SOAP 1.2 service.
struct Echo12;

impl Dispatch for Echo12 {
    async fn dispatch(
        &self,
        soap_action: Option<&str>,
        body: &str,
        limits: &Limits,
    ) -> ServerResponse {
        Echo {
            internal_code: None,
        }
        .dispatch(soap_action, body, limits)
        .await
    }

    fn soap_version(&self) -> SoapVersion {
        SoapVersion::Soap12
    }
}

async fn post12(addr: SocketAddr, content_type: &str, body: &str) -> (u16, String, String) {
    exchange(
        addr,
        format!(
            "POST /OrderService.svc HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nSOAPAction: \"urn:ignored\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await
}

#[tokio::test]
async fn a_soap12_service_takes_the_action_from_the_media_type_and_answers_in_soap12() {
    let options = ServerOptions {
        max_body_bytes: 100,
        ..ServerOptions::default()
    };
    let server = spawn(localhost(), Echo12, endpoint(), options)
        .await
        .unwrap();
    let addr = server.addr();
    let (status, head, body) = post12(
        addr,
        "application/soap+xml; charset=utf-8; action=\"urn:shop/GetOrder\"",
        "<x/>",
    )
    .await;
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/soap+xml; charset=utf-8\r\n"),
        "{head}"
    );
    // The action parameter, unquoted; the SOAPAction header is not SOAP 1.2's.
    assert_eq!(body, "urn:shop/GetOrder|<x/>");
    let (_, _, body) = post12(addr, "application/soap+xml; charset=utf-8", "<y/>").await;
    assert_eq!(body, "-|<y/>");

    // The server's own faults are SOAP 1.2 faults: a panic is a receiver fault (500), a body
    // over the limit a sender fault (413, as the limit says).
    let (status, head, body) = post12(addr, "application/soap+xml", "panic").await;
    assert_eq!(status, 500);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/soap+xml"),
        "{head}"
    );
    assert!(
        body.contains("<env:Code><env:Value>env:Receiver</env:Value></env:Code>"),
        "{body}"
    );
    let (status, head, body) = post12(addr, "application/soap+xml", &"a".repeat(101)).await;
    assert_eq!(status, 413);
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    assert!(
        body.starts_with("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">")
            && body.contains("<env:Value>env:Sender</env:Value>"),
        "{body}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_bodies_get_413_and_other_methods_405() {
    let options = ServerOptions {
        max_body_bytes: 100,
        ..ServerOptions::default()
    };
    let server = spawn(
        localhost(),
        Echo {
            internal_code: None,
        },
        endpoint(),
        options,
    )
    .await
    .unwrap();
    let (status, _, body) = post(server.addr(), None, &"a".repeat(101)).await;
    assert_eq!(status, 413);
    assert!(body.contains("<faultcode>s:Client</faultcode>"), "{body}");
    let (status, _, _) = post(server.addr(), None, &"a".repeat(100)).await;
    assert_eq!(status, 200);
    let (status, head, _) = exchange(
        server.addr(),
        "PUT /OrderService.svc HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .to_owned(),
    )
    .await;
    assert_eq!(status, 405);
    assert!(
        head.to_ascii_lowercase().contains("allow: get, post"),
        "{head}"
    );
}

#[tokio::test]
async fn documents_are_served_with_the_servers_address() {
    let server = spawn(
        localhost(),
        Echo {
            internal_code: None,
        },
        endpoint(),
        ServerOptions::default(),
    )
    .await
    .unwrap();
    let me = server.url();
    let (status, head, wsdl) = get(server.addr(), "/OrderService.svc?wsdl").await;
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: text/xml"));
    assert!(wsdl.contains(&format!("location=\"{me}\"")), "{wsdl}");
    assert!(
        wsdl.contains(&format!("location=\"{me}?xsd=xsd0\"")),
        "{wsdl}"
    );
    assert!(!wsdl.contains(PUBLISHED), "{wsdl}");
    // Path and query are case-insensitive, as with WCF.
    let (status, _, xsd) = get(server.addr(), "/orderservice.svc?XSD=xsd0").await;
    assert_eq!((status, xsd.as_str()), (200, "<schema/>"));
    let (status, _, about) = get(server.addr(), "/OrderService.svc").await;
    assert_eq!(status, 200);
    assert!(about.contains("/OrderService.svc?wsdl"), "{about}");
    let (status, _, _) = get(server.addr(), "/Other.svc?wsdl").await;
    assert_eq!(status, 404);
}

// ----- protections: body size, slow clients, connection bound, graceful shutdown -------------

/// How many calls of [`Gated`] are running, the most at once, and a gate that holds them.
struct Gate {
    active: AtomicUsize,
    most: AtomicUsize,
    open: tokio::sync::watch::Sender<bool>,
}

impl Gate {
    fn new() -> Arc<Gate> {
        Arc::new(Gate {
            active: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
            open: tokio::sync::watch::channel(false).0,
        })
    }

    fn active(&self) -> usize {
        self.active.load(Ordering::SeqCst)
    }

    fn open(&self) {
        self.open.send_replace(true);
    }

    /// Waits (at most [`BOUND`]) until `n` calls are held.
    async fn until_active(&self, n: usize) {
        let waited = tokio::time::timeout(BOUND, async {
            while self.active() < n {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await;
        assert!(
            waited.is_ok(),
            "{} calls running, expected {n}",
            self.active()
        );
    }
}

/// Echoes like [`Echo`]; the body `hold` is answered `held` once the gate is open.
struct Gated(Arc<Gate>);

impl Dispatch for Gated {
    async fn dispatch(&self, _: Option<&str>, body: &str, _: &Limits) -> ServerResponse {
        if body != "hold" {
            return ServerResponse::ok(format!("-|{body}"));
        }
        let gate = &self.0;
        let now = gate.active.fetch_add(1, Ordering::SeqCst) + 1;
        gate.most.fetch_max(now, Ordering::SeqCst);
        let _ = gate.open.subscribe().wait_for(|open| *open).await;
        gate.active.fetch_sub(1, Ordering::SeqCst);
        ServerResponse::ok("held".to_owned())
    }
}

/// Upper bound for anything a test waits for: generous, for a loaded machine. No test
/// asserts that something is fast, only that it happens within this.
const BOUND: Duration = Duration::from_secs(30);

fn post_request(body: &str, keep_alive: bool) -> String {
    format!(
        "POST /OrderService.svc HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n{}\r\n{body}",
        body.len(),
        if keep_alive { "" } else { "Connection: close\r\n" }
    )
}

/// Splits a raw HTTP response into status, head and body.
fn parse_response(raw: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

/// Reads until the server closes the connection (at most [`BOUND`]); a reset counts as closed.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(BOUND, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server did not close the connection");
    raw
}

/// Reads one response with a `Content-Length` from a keep-alive connection.
async fn read_one_response(stream: &mut tokio::net::TcpStream) -> (u16, String, String) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(BOUND, async {
        loop {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed before a full response: {raw:?}");
            raw.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&raw).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())?
                    })
                    .expect("a content-length");
                if body.len() >= length {
                    return;
                }
            }
        }
    })
    .await
    .expect("a response in time");
    parse_response(&raw)
}

fn gated_server(
    gate: &Arc<Gate>,
    options: ServerOptions,
) -> impl std::future::Future<Output = std::io::Result<soap_runtime::server::ServerHandle<Gated>>> {
    spawn(localhost(), Gated(gate.clone()), endpoint(), options)
}

#[tokio::test]
async fn oversized_bodies_get_413_with_a_fault_also_when_chunked() {
    let options = ServerOptions {
        max_body_bytes: 1000,
        ..ServerOptions::default()
    };
    let server = gated_server(&Gate::new(), options).await.unwrap();
    let addr = server.addr();
    let chunked = |chunks: usize| {
        let mut r = "POST /OrderService.svc HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_owned();
        for _ in 0..chunks {
            r.push_str(&format!("64\r\n{}\r\n", "b".repeat(100)));
        }
        r + "0\r\n\r\n"
    };
    // 3,000 bytes in chunks of 100, no Content-Length: refused once past the limit.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = chunked(30);
    let (mut rd, mut wr) = stream.split();
    let (_, raw) = tokio::join!(
        async {
            // The server may close before taking everything.
            let _ = wr.write_all(request.as_bytes()).await;
        },
        async {
            let mut raw = Vec::new();
            let _ = tokio::time::timeout(BOUND, rd.read_to_end(&mut raw)).await;
            raw
        }
    );
    let (status, head, body) = parse_response(&raw);
    assert_eq!(status, 413, "{head}\n{body}");
    assert!(
        head.to_ascii_lowercase().contains("content-type: text/xml"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    assert!(body.contains("<faultcode>s:Client</faultcode>"), "{body}");
    assert!(body.contains("larger than 1000 bytes"), "{body}");
    // Within the limit, chunked is fine.
    let (status, _, body) = exchange(addr, chunked(10)).await;
    assert_eq!((status, body.len()), (200, 2 + 1000), "{body}");
    // An announced length over the limit is refused without waiting for the body.
    let (status, _, body) = exchange(
        addr,
        "POST /OrderService.svc HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n"
            .to_owned(),
    )
    .await;
    assert_eq!(status, 413);
    assert!(body.contains("<faultcode>s:Client</faultcode>"), "{body}");
}

#[tokio::test]
async fn a_slowloris_connection_is_closed_while_others_are_served() {
    let options = ServerOptions {
        header_read_timeout: Duration::from_secs(1),
        ..ServerOptions::default()
    };
    let server = gated_server(&Gate::new(), options).await.unwrap();
    let addr = server.addr();
    // A request head of 400 bytes, one byte every 50 ms: 20 s if the server waited for it.
    let head = format!(
        "POST /OrderService.svc HTTP/1.1\r\nHost: x\r\nX-Padding: {}\r\n\r\n",
        "p".repeat(340)
    );
    let slowloris = tokio::spawn(async move {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut rd, mut wr) = stream.into_split();
        let closed = tokio::spawn(async move {
            let mut buf = [0u8; 256];
            loop {
                match rd.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        });
        let mut sent = 0;
        for byte in head.as_bytes() {
            if closed.is_finished() || wr.write_all(&[*byte]).await.is_err() {
                break;
            }
            sent += 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let closed = tokio::time::timeout(BOUND, closed).await.is_ok();
        (closed, sent, head.len())
    });
    // Meanwhile, a normal client on another connection.
    let (status, _, body) = post(addr, None, "<during/>").await;
    assert_eq!((status, body.as_str()), (200, "-|<during/>"));
    let (closed, sent, total) = slowloris.await.unwrap();
    assert!(closed, "the slowloris connection was not closed");
    assert!(
        sent < total,
        "the server waited for the whole head ({sent} bytes)"
    );
    // And the server still serves.
    let (status, _, body) = post(addr, None, "<after/>").await;
    assert_eq!((status, body.as_str()), (200, "-|<after/>"));
}

#[tokio::test]
async fn a_body_trickling_in_gets_408_with_a_fault() {
    let options = ServerOptions {
        body_read_timeout: Duration::from_secs(1),
        ..ServerOptions::default()
    };
    let server = gated_server(&Gate::new(), options).await.unwrap();
    let addr = server.addr();
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    // The head at once, then a 400-byte body one byte every 50 ms (20 s).
    wr.write_all(
        b"POST /OrderService.svc HTTP/1.1\r\nHost: x\r\nContent-Length: 400\r\nConnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    let trickle = tokio::spawn(async move {
        for _ in 0..400 {
            if wr.write_all(b"x").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut raw = Vec::new();
    let read = tokio::time::timeout(BOUND, rd.read_to_end(&mut raw)).await;
    assert!(read.is_ok(), "no answer to the trickling body");
    let (status, head, body) = parse_response(&raw);
    assert_eq!(status, 408, "{head}\n{body}");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    assert!(body.contains("<faultcode>s:Client</faultcode>"), "{body}");
    assert!(
        !trickle.is_finished(),
        "the server waited for the whole body"
    );
    trickle.abort();
    let (status, _, body) = post(addr, None, "<x/>").await;
    assert_eq!((status, body.as_str()), (200, "-|<x/>"));
}

#[tokio::test]
async fn connections_beyond_the_bound_wait_their_turn() {
    const N: usize = 2;
    const K: usize = 3;
    let gate = Gate::new();
    let options = ServerOptions {
        max_connections: N,
        ..ServerOptions::default()
    };
    let server = gated_server(&gate, options).await.unwrap();
    let addr = server.addr();
    let clients: Vec<_> = (0..N + K)
        .map(|_| tokio::spawn(async move { post(addr, None, "hold").await }))
        .collect();
    gate.until_active(N).await;
    // The other K are connected but not served while N connections are open.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(gate.active(), N);
    assert!(clients.iter().all(|c| !c.is_finished()));
    gate.open();
    for c in clients {
        let (status, _, body) = tokio::time::timeout(BOUND, c).await.unwrap().unwrap();
        assert_eq!((status, body.as_str()), (200, "held"));
    }
    assert_eq!(gate.most.load(Ordering::SeqCst), N, "at most N at once");
}

#[tokio::test]
async fn shutdown_finishes_the_call_in_progress_and_refuses_new_connections() {
    let gate = Gate::new();
    let listener = tokio::net::TcpListener::bind(localhost()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    // Longer than BOUND, so that only the shutdown closes the idle connection.
    let options = ServerOptions {
        shutdown_grace: Duration::from_secs(120),
        header_read_timeout: Duration::from_secs(120),
        ..ServerOptions::default()
    };
    let server = tokio::spawn(soap_runtime::server::serve_with_shutdown(
        listener,
        Arc::new(Gated(gate.clone())),
        endpoint(),
        options,
        async move {
            let _ = stopped.await;
        },
    ));
    // An idle keep-alive connection, after one call.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    idle.write_all(post_request("<x/>", true).as_bytes())
        .await
        .unwrap();
    let (status, _, _) = read_one_response(&mut idle).await;
    assert_eq!(status, 200);
    // A call in progress, on a keep-alive connection.
    let in_flight = tokio::spawn(async move {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(post_request("hold", true).as_bytes())
            .await
            .unwrap();
        parse_response(&read_until_closed(&mut s).await)
    });
    gate.until_active(1).await;

    stop.send(()).unwrap();
    // New connections are refused soon (the listener is closed; one that raced with the
    // closing may be reset instead) ...
    let refused = tokio::time::timeout(BOUND, async {
        loop {
            match tokio::net::TcpStream::connect(addr).await {
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => break,
                _ => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    })
    .await;
    assert!(refused.is_ok(), "new connections are still accepted");
    for _ in 0..3 {
        let again = tokio::net::TcpStream::connect(addr).await;
        assert_eq!(
            again.map(|_| ()).map_err(|e| e.kind()),
            Err(std::io::ErrorKind::ConnectionRefused)
        );
    }
    // ... the idle connection is closed, while the server waits for the call in progress.
    assert!(read_until_closed(&mut idle).await.is_empty());
    assert!(!server.is_finished());
    assert!(!in_flight.is_finished());

    gate.open();
    let (status, head, body) = tokio::time::timeout(BOUND, in_flight)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((status, body.as_str()), (200, "held"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    let ended = tokio::time::timeout(BOUND, server).await;
    assert!(matches!(ended, Ok(Ok(Ok(())))), "{ended:?}");
}

#[tokio::test]
async fn shutdown_gives_up_on_a_call_after_the_grace_period() {
    let gate = Gate::new();
    let options = ServerOptions {
        shutdown_grace: Duration::from_millis(500),
        ..ServerOptions::default()
    };
    let server = gated_server(&gate, options).await.unwrap();
    let addr = server.addr();
    let stuck = tokio::spawn(async move {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(post_request("hold", false).as_bytes())
            .await
            .unwrap();
        read_until_closed(&mut s).await
    });
    gate.until_active(1).await;
    // The gate never opens: shutdown returns after the grace period, the call is dropped.
    tokio::time::timeout(BOUND, server.shutdown())
        .await
        .expect("shutdown is bounded by the grace period");
    let raw = tokio::time::timeout(BOUND, stuck).await.unwrap().unwrap();
    assert!(raw.is_empty(), "{}", String::from_utf8_lossy(&raw));
}
