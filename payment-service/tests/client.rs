//! The async client against a tiny HTTP/1.1 server on 127.0.0.1 that returns canned
//! responses and records what it received. Every call is bounded in time.

use payment_service::runtime::{self as rt, Decimal, DecodeErrorKind, Limits, Nillable};
use payment_service::{
    CallOptions, CancelInvoiceRequest, Client, ClientBuilder, Error, ErrorKind, FaultCode,
    InvoiceRow, ReplaceInvoiceRequest,
};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PASSWORD: &str = "s3cr3t-PW-7f2b";
const USERNAME: &str = "test-user";
const CANCEL_RESPONSE: &str = include_str!("../../tests/fixtures/seed/CancelInvoice.response.xml");
const SEND_INVOICE_RESPONSE: &str =
    include_str!("../../tests/fixtures/seed/SendInvoice.response.xml");
const CANCEL_ACTION: &str =
    "http://schemas.ecommerce.collector.se/v30/PaymentService/IPaymentServiceV10/CancelInvoice";
/// Upper bound of any single test's client call.
const BOUND: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------------------
// The test server

/// What the server does with every request.
#[derive(Clone)]
enum Reply {
    /// Answers with this status, content type and body, then closes the connection.
    With {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Reads the request and never answers.
    Never,
}

fn reply(status: u16, body: impl Into<Vec<u8>>) -> Reply {
    Reply::With {
        status,
        content_type: "text/xml; charset=utf-8",
        body: body.into(),
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
struct Received {
    method: String,
    path: String,
    /// Header names lower-cased.
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct TestServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    async fn start(reply: Reply) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (c, r) = (connections.clone(), requests.clone());
        // The task ends with the test's runtime.
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, reply.clone(), r.clone()));
            }
        });
        TestServer {
            addr,
            connections,
            requests,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/v3.0/PaymentServiceV10.svc", self.addr)
    }

    fn requests(&self) -> Vec<Received> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, reply: Reply, requests: Arc<Mutex<Vec<Received>>>) {
    let Some(received) = read_request(&mut stream).await else {
        return;
    };
    requests.lock().unwrap().push(received);
    match reply {
        Reply::With {
            status,
            content_type,
            body,
        } => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                reason(status),
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::Never => {
            // Keep the connection open, silently, until the runtime ends.
            std::future::pending::<()>().await;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}

/// Reads one request with a `Content-Length` body (what reqwest sends for a string body).
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn builder(endpoint: &str) -> ClientBuilder {
    Client::builder()
        .endpoint(endpoint)
        .username(USERNAME)
        .password(PASSWORD)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
}

fn client(endpoint: &str) -> Client {
    builder(endpoint).build().expect("valid configuration")
}

fn cancel_request() -> CancelInvoiceRequest {
    CancelInvoiceRequest::builder()
        .correlation_id("CancelInvoiceV10")
        .country_code("SE")
        .invoice_no("62396765")
        .store_id(1234)
        .build()
        .unwrap()
}

/// Calls `cancel_invoice` on `client`, bounded by [`BOUND`].
async fn cancel(client: &Client) -> Result<payment_service::CancelInvoiceResponse, Error> {
    tokio::time::timeout(BOUND, client.cancel_invoice(&cancel_request()))
        .await
        .expect("the call is bounded by BOUND")
}

/// Calls `cancel_invoice` against a server answering `reply` and expects an error.
async fn cancel_error(reply: Reply) -> Error {
    let server = TestServer::start(reply).await;
    let err = cancel(&client(&server.url()))
        .await
        .expect_err("the call fails");
    assert_no_password(&err);
    err
}

/// Neither `Debug` nor `Display` of `value` shows the password.
fn assert_no_password<T: std::fmt::Debug + std::fmt::Display>(value: &T) {
    let debug = format!("{value:?}");
    let display = value.to_string();
    assert!(
        !debug.contains(PASSWORD),
        "password in Debug output: {debug}"
    );
    assert!(
        !display.contains(PASSWORD),
        "password in Display output: {display}"
    );
}

fn fault_body(faultcode_element: &str, faultstring: &str) -> String {
    format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>{faultcode_element}\
         <faultstring xml:lang=\"en-US\">{faultstring}</faultstring></s:Fault></s:Body></s:Envelope>"
    )
}

// ---------------------------------------------------------------------------------------------
// Tests

#[tokio::test]
async fn success_returns_the_response_and_sends_soap_headers() {
    let server = TestServer::start(reply(200, CANCEL_RESPONSE)).await;
    let client = builder(&server.url())
        .client_ip_address("192.0.2.10")
        .build()
        .unwrap();

    let response = cancel(&client).await.expect("the seed response decodes");
    assert_eq!(
        response.correlation_id,
        Nillable::Value("CancelInvoiceV10".to_owned())
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/v3.0/PaymentServiceV10.svc");
    assert_eq!(r.header("content-type"), Some("text/xml; charset=utf-8"));
    assert_eq!(
        r.header("soapaction"),
        Some(format!("\"{CANCEL_ACTION}\"").as_str())
    );
    assert_eq!(
        r.body.matches(PASSWORD).count(),
        1,
        "the password is sent exactly once: {}",
        r.body
    );
    assert_eq!(r.body.matches("<pay:Password>").count(), 1);
    assert!(r
        .body
        .contains(&format!("<pay:Password>{PASSWORD}</pay:Password>")));
    assert!(r
        .body
        .contains(&format!("<pay:Username>{USERNAME}</pay:Username>")));
    assert!(r
        .body
        .contains("<pay:ClientIpAddress>192.0.2.10</pay:ClientIpAddress>"));
    assert!(r.body.contains("<pay:InvoiceNo>62396765</pay:InvoiceNo>"));
    // What the server received is a request the runtime decodes back.
    let decoded = rt::decode_request::<payment_service::operations::CancelInvoice>(
        &r.body,
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(decoded.request, cancel_request());
    assert_eq!(decoded.headers.password.as_deref(), Some(PASSWORD));

    // The password is never shown by the client, its builder or the response.
    for debug in [
        format!("{client:?}"),
        format!("{:?}", builder(&server.url())),
        format!("{response:?}"),
    ] {
        assert!(!debug.contains(PASSWORD), "{debug}");
    }
    assert!(format!("{client:?}").contains(USERNAME));
    assert!(format!("{client:?}").contains("<redacted>"));
}

#[tokio::test]
async fn http_500_with_fault_is_a_typed_fault() {
    let body = fault_body(
        "<faultcode>s:INVOICE_NOT_FOUND</faultcode>",
        "Invoice 62396765 was not found",
    );
    let err = cancel_error(reply(500, body)).await;
    let ErrorKind::Fault(fault) = err.kind() else {
        panic!("expected a fault, got {err:?}")
    };
    assert_eq!(fault.code, FaultCode::InvoiceNotFound);
    assert_eq!(fault.code_namespace.as_deref(), Some(rt::SOAP11_ENV));
    assert_eq!(fault.message, "Invoice 62396765 was not found");
    assert_eq!(fault.lang.as_deref(), Some("en-US"));
    assert_eq!(fault.actor, None);
    assert_eq!(fault.detail, None);
    assert_eq!(fault.http_status, 500);
    assert_eq!(
        fault.to_string(),
        "INVOICE_NOT_FOUND: Invoice 62396765 was not found"
    );
    assert!(err
        .to_string()
        .contains("INVOICE_NOT_FOUND: Invoice 62396765 was not found"));
    assert_eq!(err.fault_code(), Some(&FaultCode::InvoiceNotFound));
    assert_eq!(err.http_status(), Some(500));
    assert!(err.may_have_reached_server());
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn unknown_fault_code_is_kept_as_other() {
    let body = fault_body(
        "<faultcode>s:SOMETHING_NEW</faultcode>",
        "A code this crate does not know",
    );
    let err = cancel_error(reply(500, body)).await;
    assert_eq!(
        err.fault_code(),
        Some(&FaultCode::Other("SOMETHING_NEW".to_owned()))
    );
    assert!(
        err.to_string()
            .contains("SOMETHING_NEW: A code this crate does not know"),
        "{err}"
    );
}

#[tokio::test]
async fn fault_code_prefix_is_resolved_to_its_namespace() {
    // WCF's own fault: `a` bound to the addressing namespace, declared on the Fault element.
    let wcf = "http://schemas.microsoft.com/ws/2005/05/addressing/none";
    let body = format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault xmlns:a=\"{wcf}\">\
         <faultcode>a:ActionNotSupported</faultcode><faultstring xml:lang=\"en-US\">The message with Action '' \
         cannot be processed at the receiver</faultstring></s:Fault></s:Body></s:Envelope>"
    );
    let err = cancel_error(reply(500, body)).await;
    let fault = err.as_fault().expect("a fault");
    assert_eq!(
        fault.code,
        FaultCode::Other("ActionNotSupported".to_owned())
    );
    assert_eq!(fault.code_namespace.as_deref(), Some(wcf));

    // A service code behind another prefix, on an envelope with yet another prefix: mapped by
    // its local part, the namespace kept.
    let body = "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body><env:Fault>\
                <faultcode xmlns:x=\"urn:example:codes\">x:INVALID_INVOICE_STATUS</faultcode>\
                <faultstring>Wrong state</faultstring><detail><Reason>pending</Reason></detail></env:Fault></env:Body></env:Envelope>";
    let err = cancel_error(reply(500, body)).await;
    let fault = err.as_fault().expect("a fault");
    assert_eq!(fault.code, FaultCode::InvalidInvoiceStatus);
    assert_eq!(fault.code_namespace.as_deref(), Some("urn:example:codes"));
    assert_eq!(fault.lang, None);
    assert_eq!(
        fault.detail.as_deref(),
        Some("<detail><Reason>pending</Reason></detail>")
    );
}

#[tokio::test]
async fn fault_with_status_200_is_still_a_fault() {
    let body = fault_body(
        "<faultcode>s:AUTHORIZATION_FAILED</faultcode>",
        "Check your credentials",
    );
    let err = cancel_error(reply(200, body)).await;
    let fault = err.as_fault().expect("a fault");
    assert_eq!(fault.code, FaultCode::AuthorizationFailed);
    assert_eq!(fault.http_status, 200);
}

#[tokio::test]
async fn http_502_html_page_is_an_http_status_error() {
    let page = format!(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>{}</p></body></html>",
        "The upstream server did not answer. ".repeat(40)
    );
    let err = cancel_error(Reply::With {
        status: 502,
        content_type: "text/html",
        body: page.into(),
    })
    .await;
    let ErrorKind::HttpStatus {
        status,
        body_snippet,
    } = err.kind()
    else {
        panic!("expected HttpStatus, got {err:?}")
    };
    assert_eq!(*status, 502);
    assert!(body_snippet.contains("502 Bad Gateway"), "{body_snippet}");
    assert!(
        body_snippet.chars().count() <= 201,
        "snippet of {} chars",
        body_snippet.chars().count()
    );
    assert!(err.is_retryable());
    assert!(err.may_have_reached_server());
}

#[tokio::test]
async fn non_2xx_without_fault_is_an_http_status_error() {
    for (status, body) in [
        (500, ""),
        (404, "Not Found"),
        (503, "<soap:Envelope"),
        (401, "<a/>"),
    ] {
        let err = cancel_error(Reply::With {
            status,
            content_type: "text/plain",
            body: body.into(),
        })
        .await;
        assert!(
            matches!(err.kind(), ErrorKind::HttpStatus { status: s, .. } if *s == status),
            "{status}: {err:?}"
        );
    }
}

#[tokio::test]
async fn response_of_another_operation_is_a_decode_error() {
    let err = cancel_error(reply(200, SEND_INVOICE_RESPONSE)).await;
    let ErrorKind::Decode { status, error } = err.kind() else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(*status, 200);
    assert!(
        matches!(&error.kind, DecodeErrorKind::UnexpectedElement { found, .. } if found.ends_with("SendInvoiceResponse")),
        "{error}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn malformed_2xx_bodies_are_decode_errors() {
    let soap12 =
        "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>";
    let dtd = "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>";
    let empty_body =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>";
    let truncated = &CANCEL_RESPONSE[..CANCEL_RESPONSE.len() / 2];
    for body in [
        "",
        "not xml at all",
        "<a",
        soap12,
        dtd,
        empty_body,
        truncated,
        "\u{feff}<x/>",
    ] {
        let err = cancel_error(reply(200, body)).await;
        assert!(
            matches!(err.kind(), ErrorKind::Decode { status: 200, .. }),
            "{body:?}: {err:?}"
        );
    }
    // Invalid UTF-8.
    let server = TestServer::start(reply(200, b"<x>\xff\xfe</x>".to_vec())).await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn response_larger_than_the_limit_is_refused() {
    let padding = format!("<!-- {} -->", "x".repeat(10_000));
    let body = CANCEL_RESPONSE.replace("<s:Body>", &format!("<s:Body>{padding}"));
    let server = TestServer::start(reply(200, body)).await;
    let limits = Limits {
        max_bytes: 2_000,
        ..Limits::default()
    };
    let client = builder(&server.url()).limits(limits).build().unwrap();
    let err = cancel(&client).await.expect_err("too large");
    let ErrorKind::Decode { error, .. } = err.kind() else {
        panic!("expected Decode, got {err:?}")
    };
    assert!(
        matches!(error.kind, DecodeErrorKind::TooLarge { limit: 2_000, .. }),
        "{error}"
    );
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = TestServer::start(Reply::Never).await;
    let client = builder(&server.url())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = cancel(&client).await.expect_err("times out");
    assert!(matches!(err.kind(), ErrorKind::Timeout), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert!(err.is_timeout());
    assert!(err.is_retryable());
    // The request was received: CancelInvoice may have been executed, so it is not safe to retry.
    assert_eq!(server.requests().len(), 1);
    assert!(err.may_have_reached_server());
    // The error records the operation, so it knows CancelInvoice's retry contract.
    assert_eq!(err.operation().map(|o| o.name), Some("CancelInvoice"));
    assert!(!err.is_safe_to_retry());
    assert_no_password(&err);
    assert!(err
        .with_operation(&payment_service::operations::GET_INVOICE_INFORMATION_INFO)
        .is_safe_to_retry());
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = client(&format!(
        "http://127.0.0.1:{port}/v3.0/PaymentServiceV10.svc"
    ));
    let err = cancel(&client).await.expect_err("refused");
    let ErrorKind::Transport(t) = err.kind() else {
        panic!("expected Transport, got {err:?}")
    };
    assert!(t.is_connect(), "{t}");
    assert!(
        !t.message().contains("127.0.0.1"),
        "the URL is left out: {t}"
    );
    assert!(!err.may_have_reached_server());
    assert!(err.is_retryable());
    assert!(err.is_safe_to_retry());
    // The causes are the error's source chain, down to the refused connection's io::Error.
    let mut chain = Vec::new();
    let mut source = std::error::Error::source(&err);
    let mut refused = false;
    while let Some(cause) = source {
        chain.push(cause.to_string());
        refused |= cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused);
        source = cause.source();
    }
    assert!(refused, "no io::Error ConnectionRefused in {chain:?}");
    assert!(
        chain.iter().all(|c| !c.contains("127.0.0.1")),
        "the URL is left out: {chain:?}"
    );
    assert!(
        err.to_string()
            .starts_with("CancelInvoice: transport error"),
        "{err}"
    );
    assert_no_password(&err);
}

#[tokio::test]
async fn invalid_request_is_not_sent() {
    let server = TestServer::start(reply(200, CANCEL_RESPONSE)).await;
    let client = client(&server.url());
    let request = ReplaceInvoiceRequest::builder()
        .correlation_id("replace-1")
        .country_code("SE")
        .invoice_no("62396765")
        .set_invoice_rows(Some(vec![InvoiceRow::builder()
            .article_id("A1")
            .description("Socks")
            .quantity(0)
            .unit_price(Decimal::new(9900, 2))
            .vat(Decimal::new(25, 0))
            .build_unvalidated()
            .unwrap()]))
        .purchase_classification_nil()
        .store_id(1234)
        .build_unvalidated()
        .unwrap();
    let result = tokio::time::timeout(BOUND, client.replace_invoice(&request))
        .await
        .unwrap();
    let Some(v) = result.as_ref().err().and_then(Error::as_validation) else {
        panic!("expected Validation, got {result:?}")
    };
    assert!(
        v.violations.iter().any(|x| x.path.contains("Quantity")),
        "{v}"
    );
    assert!(!result.as_ref().unwrap_err().may_have_reached_server());
    // Give a stray request time to arrive: there must be none, not even a connection.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.connections.load(Ordering::SeqCst), 0);
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn client_ip_address_is_sent_when_configured() {
    // CancelInvoice carries ClientIpAddress as an optional header.
    let server = TestServer::start(reply(200, CANCEL_RESPONSE)).await;
    let client = client(&server.url());
    assert!(cancel(&client).await.is_ok());
    let received = server.requests();
    assert!(!received[0].body.contains("ClientIpAddress"));
    let per_customer = client.with_client_ip_address("198.51.100.7");
    assert_eq!(per_customer.client_ip_address(), Some("198.51.100.7"));
    assert!(cancel(&per_customer).await.is_ok());
    assert!(server.requests()[1]
        .body
        .contains("<pay:ClientIpAddress>198.51.100.7</pay:ClientIpAddress>"));
}

/// The customer's IP address and a timeout per call, while the client keeps its defaults.
#[tokio::test]
async fn call_options_set_the_client_ip_address_and_timeout_of_one_call() {
    let server = TestServer::start(reply(200, CANCEL_RESPONSE)).await;
    let client = builder(&server.url())
        .client_ip_address("192.0.2.1")
        .build()
        .unwrap();
    for ip in ["203.0.113.7", "203.0.113.8"] {
        let per_call = client.with_call_options(CallOptions::new().client_ip_address(ip));
        assert!(cancel(&per_call).await.is_ok());
    }
    assert!(cancel(&client).await.is_ok());
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            let start = r.body.find("<pay:ClientIpAddress>").unwrap() + 21;
            let end = r.body[start..].find('<').unwrap() + start;
            r.body[start..end].to_owned()
        })
        .collect();
    assert_eq!(sent, ["203.0.113.7", "203.0.113.8", "192.0.2.1"]);
    assert_eq!(client.client_ip_address(), Some("192.0.2.1"));

    // A timeout for one call: that call times out, the client's own is unchanged.
    let silent = TestServer::start(Reply::Never).await;
    let client = builder(&silent.url()).build().unwrap();
    let short = client.with_call_options(CallOptions::new().timeout(Duration::from_millis(200)));
    assert_eq!(short.timeout(), Duration::from_millis(200));
    assert_eq!(client.timeout(), Duration::from_secs(5));
    let err = tokio::time::timeout(BOUND, cancel(&short))
        .await
        .expect("the per-call timeout ends the call")
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // Neither the options nor the client show the password.
    assert_no_password(&format!("{short:?}"));
}

#[test]
fn builder_checks_the_configuration() {
    let err = Client::builder().password(PASSWORD).build().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidConfig(_)), "{err:?}");
    let err = Client::builder().username(USERNAME).build().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidConfig(_)), "{err:?}");
    for endpoint in [
        "not a url",
        "ftp://example.com/x",
        "https://user:hunter2@example.com/svc",
    ] {
        let err = builder(endpoint).build().unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::InvalidConfig(_)),
            "{endpoint}: {err:?}"
        );
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert_no_password(&err);
    }
    let client = Client::builder()
        .username(USERNAME)
        .password(PASSWORD)
        .build()
        .unwrap();
    assert_eq!(client.endpoint(), payment_service::client::UAT_ENDPOINT);
    assert_eq!(
        payment_service::client::UAT_ENDPOINT,
        payment_service::DEFAULT_ENDPOINT
    );
    let prod = builder(payment_service::client::PRODUCTION_ENDPOINT)
        .build()
        .unwrap();
    assert_eq!(prod.endpoint(), payment_service::PRODUCTION_ENDPOINT);
    let debug = format!("{:?}", builder("http://127.0.0.1:1/"));
    assert!(
        !debug.contains(PASSWORD) && debug.contains("<redacted>"),
        "{debug}"
    );
}

#[test]
fn retry_contract_per_operation() {
    use payment_service::client::is_idempotent;
    use payment_service::operations as ops;
    use rt::Operation;
    assert!(is_idempotent(
        <ops::GetInvoiceInformation as Operation>::INFO
    ));
    assert!(is_idempotent(<ops::SetOrderNumber as Operation>::INFO));
    for info in [
        <ops::AddInvoice as Operation>::INFO,
        <ops::CancelInvoice as Operation>::INFO,
        <ops::ActivateInvoice as Operation>::INFO,
        <ops::PartActivateInvoice as Operation>::INFO,
        <ops::CreditInvoice as Operation>::INFO,
        <ops::PartCreditInvoice as Operation>::INFO,
        <ops::AdjustInvoice as Operation>::INFO,
        <ops::ExtendDueDate as Operation>::INFO,
        <ops::ReplaceInvoice as Operation>::INFO,
        <ops::SendInvoice as Operation>::INFO,
    ] {
        assert!(!is_idempotent(info), "{}", info.name);
    }
}

#[test]
fn client_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder()
        .username(USERNAME)
        .password(PASSWORD)
        .build()
        .unwrap();
    let request = cancel_request();
    let future = client.cancel_invoice(&request);
    assert_send(&future);
    let future =
        rt::CallOperation::call::<payment_service::operations::CancelInvoice>(&client, &request);
    assert_send(&future);
}

// ---------------------------------------------------------------------------------------------
// Tracing: a span per call with the operation and correlation id; the trace-level envelope has
// the password redacted.
//
// The subscriber is the global default of this test binary, so that every callsite's interest
// is computed with it present: with a thread-local subscriber (`set_default`), a callsite first
// hit by another test's thread at the same moment can be cached as uninteresting (a race in
// `tracing`'s callsite cache), and the capture would miss the span. It records only what
// happens on a thread that asked for it.

thread_local! {
    static CAPTURED: std::cell::RefCell<Option<Arc<Mutex<String>>>> =
        const { std::cell::RefCell::new(None) };
}

#[derive(Default)]
struct Capture {
    next_id: AtomicU64,
}

impl Capture {
    /// Installs the subscriber (once) and captures what this thread traces from now on.
    fn start() -> Arc<Mutex<String>> {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            tracing::subscriber::set_global_default(Capture::default())
                .expect("no other global subscriber in this test binary");
        });
        let out = Arc::new(Mutex::new(String::new()));
        CAPTURED.with(|c| *c.borrow_mut() = Some(Arc::clone(&out)));
        out
    }

    fn write(f: impl FnOnce(&mut String)) {
        CAPTURED.with(|c| {
            if let Some(out) = &*c.borrow() {
                f(&mut out.lock().unwrap());
            }
        });
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        Capture::write(|out| {
            let _ = write!(out, "\nspan {}:", span.metadata().name());
            span.record(&mut Fields(out));
        });
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        Capture::write(|out| {
            out.push_str("\nrecord:");
            values.record(&mut Fields(out));
        });
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        Capture::write(|out| {
            let _ = write!(out, "\nevent {}:", event.metadata().level());
            event.record(&mut Fields(out));
        });
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn calls_are_traced_without_the_password() {
    let out = Capture::start();

    let server = TestServer::start(reply(200, CANCEL_RESPONSE)).await;
    cancel(&client(&server.url())).await.expect("success");
    let server = TestServer::start(reply(
        500,
        fault_body("<faultcode>s:INVOICE_NOT_FOUND</faultcode>", "gone"),
    ))
    .await;
    cancel(&client(&server.url())).await.expect_err("fault");

    let log = out.lock().unwrap().clone();
    assert!(
        log.contains("span soap_call: operation=\"CancelInvoice\""),
        "{log}"
    );
    assert!(log.contains("correlation_id=\"CancelInvoiceV10\""), "{log}");
    assert!(
        log.contains("<pay:Password>***</pay:Password>"),
        "the trace-level envelope is redacted: {log}"
    );
    assert!(log.contains("INVOICE_NOT_FOUND: gone"), "{log}");
    assert!(
        !log.contains(PASSWORD),
        "password in the trace output: {log}"
    );
}

/// What a wire observer saw: `(call id, operation, text)` per request, `(call id, status,
/// body or failure)` per response.
#[derive(Default)]
struct Wire {
    requests: Mutex<Vec<(u64, &'static str, String)>>,
    responses: Mutex<Vec<(u64, Option<u16>, String)>>,
}

impl payment_service::client::WireObserver for Wire {
    fn request(&self, r: &payment_service::client::WireRequest<'_>) {
        let entry = (r.call_id, r.operation.name, r.envelope.to_owned());
        self.requests.lock().unwrap().push(entry);
    }
    fn response(&self, r: &payment_service::client::WireResponse<'_>) {
        let text = r.body.or(r.failure).unwrap_or_default().to_owned();
        self.responses
            .lock()
            .unwrap()
            .push((r.call_id, r.status, text));
    }
}

#[tokio::test]
async fn the_wire_observer_sees_every_envelope_with_the_password_redacted() {
    let server = TestServer::start(reply(200, CANCEL_RESPONSE)).await;
    let wire = Arc::new(Wire::default());
    let client = builder(&server.url())
        .observer(Arc::clone(&wire))
        .build()
        .unwrap();
    // Per-call clients keep the observer.
    let per_call = client.with_call_options(CallOptions::new().client_ip_address("203.0.113.7"));
    assert!(cancel(&per_call).await.is_ok());
    let requests = wire.requests.lock().unwrap().clone();
    let responses = wire.responses.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    let (id, op, envelope) = &requests[0];
    assert_eq!(*op, "CancelInvoice");
    // The envelope is what was sent, except the password.
    let sent = &server.requests()[0].body;
    assert_eq!(*envelope, sent.replace(PASSWORD, "***"));
    assert!(
        envelope.contains("<pay:Password>***</pay:Password>"),
        "{envelope}"
    );
    assert!(envelope.contains(&format!("<pay:Username>{USERNAME}</pay:Username>")));
    assert!(envelope.contains("<pay:ClientIpAddress>203.0.113.7</pay:ClientIpAddress>"));
    assert!(!envelope.contains(PASSWORD));
    assert_eq!(responses, [(*id, Some(200), CANCEL_RESPONSE.to_owned())]);

    // A fault response is observed with its status; a request that fails validation is never
    // sent, so never observed.
    let faulty = TestServer::start(reply(
        500,
        fault_body("<faultcode>s:INVOICE_NOT_FOUND</faultcode>", "not found"),
    ))
    .await;
    let client = builder(&faulty.url())
        .observer(Arc::clone(&wire))
        .build()
        .unwrap();
    assert!(cancel(&client).await.is_err());
    let mut invalid = cancel_request();
    invalid.country_code = "sweden".into();
    assert!(client.cancel_invoice(&invalid).await.is_err());
    let responses = wire.responses.lock().unwrap().clone();
    assert_eq!(wire.requests.lock().unwrap().len(), 2);
    assert_eq!(responses.len(), 2);
    assert_eq!(responses[1].1, Some(500));
    assert!(responses[1].2.contains("s:INVOICE_NOT_FOUND"));

    // No response at all: the observer hears why.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = builder(&format!("http://127.0.0.1:{port}/PaymentServiceV10.svc"))
        .observer(Arc::clone(&wire))
        .build()
        .unwrap();
    assert!(cancel(&refused).await.is_err());
    let (_, status, failure) = wire.responses.lock().unwrap()[2].clone();
    assert_eq!(status, None);
    assert!(failure.contains("transport error"), "{failure}");
}

/// Redaction takes whole values only: a password that also occurs inside element names and
/// other values leaves them intact.
#[tokio::test]
async fn wire_redaction_does_not_mangle_other_text() {
    let server = TestServer::start(reply(200, CANCEL_RESPONSE)).await;
    let wire = Arc::new(Wire::default());
    let client = Client::builder()
        .endpoint(server.url())
        .username(USERNAME)
        .password("Invoice")
        .observer(Arc::clone(&wire))
        .build()
        .unwrap();
    assert!(cancel(&client).await.is_ok());
    let envelope = wire.requests.lock().unwrap()[0].2.clone();
    assert_eq!(
        envelope,
        server.requests()[0].body.replace(
            "<pay:Password>Invoice</pay:Password>",
            "<pay:Password>***</pay:Password>"
        )
    );
    assert!(
        envelope.contains("<pay:CancelInvoiceRequest>") && envelope.contains("<pay:InvoiceNo>")
    );
}
