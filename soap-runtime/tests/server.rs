//! The HTTP server of the `server` feature with a hand-written `Dispatch`: requests reach the
//! dispatcher with their SOAPAction, a panicking handler is the dispatcher's internal fault,
//! oversized bodies get 413, metadata documents are served with the server's own address.

use soap_runtime::server::{spawn, Documents, Endpoint, ServerOptions};
use soap_runtime::{Dispatch, Limits, ServerFault, ServerResponse};
use std::net::SocketAddr;
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
