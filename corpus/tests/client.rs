//! soap-runtime's generic HTTP client (feature `client`) with bindings generated for services
//! other than PaymentService, against a local HTTP server with canned answers: SOAP 1.1 and
//! 1.2 requests, typed faults with namespace, actor and detail, non-SOAP error pages, secrets
//! of the header source redacted, connection failures.

use soap_runtime::client::{ClientBuilder, Error, HeaderSource, StaticHeaders};
use soap_runtime::{CallOperation, OperationInfo, XsDate};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wsdl_corpus::{eu_vies, features};

/// What the test server received: the request head (lower-cased) and body.
type Received = Arc<Mutex<Vec<(String, String)>>>;

/// Answers every request with `status` and `body`; returns its address and what it received.
async fn server(status: u16, content_type: &'static str, body: String) -> (SocketAddr, Received) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let received: Received = Arc::default();
    let log = received.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut raw = Vec::new();
            let mut buf = [0u8; 4096];
            // Read the head, then as much body as Content-Length says.
            let (head, body_start) = loop {
                let n = stream.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break (String::new(), 0);
                }
                raw.extend_from_slice(&buf[..n]);
                if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                    break (
                        String::from_utf8_lossy(&raw[..i]).to_ascii_lowercase(),
                        i + 4,
                    );
                }
            };
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while raw.len() < body_start + length {
                let n = stream.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..n]);
            }
            let request_body = String::from_utf8_lossy(&raw[body_start..]).into_owned();
            log.lock().unwrap().push((head, request_body));
            let reply = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes()).await;
        }
    });
    (addr, received)
}

fn check_vat() -> eu_vies::CheckVat {
    eu_vies::CheckVat::builder()
        .country_code("SE")
        .vat_number("556012345601")
        .build()
        .unwrap()
}

#[tokio::test]
async fn soap11_call_decodes_the_response() {
    let response = eu_vies::CheckVatResponse::builder()
        .country_code("SE")
        .vat_number("556012345601")
        .request_date(XsDate::parse("2027-01-02").unwrap())
        .valid(true)
        .build()
        .unwrap();
    let body = soap_runtime::encode_response::<eu_vies::operations::CheckVat>(&response);
    let (addr, received) = server(200, "text/xml; charset=utf-8", body).await;
    let client = ClientBuilder::new(format!("http://{addr}/vies"))
        .correlation_element("vatNumber")
        .build(StaticHeaders(eu_vies::SoapHeaders::default()))
        .unwrap();
    let back = client
        .call::<eu_vies::operations::CheckVat>(&check_vat())
        .await
        .unwrap();
    assert_eq!(back, response);
    let received = received.lock().unwrap();
    let (head, body) = &received[0];
    assert!(head.starts_with("post /vies "), "{head}");
    assert!(
        head.contains("content-type: text/xml; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("soapaction: \"\""), "{head}");
    assert!(head.contains("user-agent: soap-runtime/"), "{head}");
    let decoded =
        soap_runtime::decode_request::<eu_vies::operations::CheckVat>(body, &Default::default())
            .unwrap();
    assert_eq!(decoded.request, check_vat());
}

#[tokio::test]
async fn soap11_fault_with_http_500_is_a_typed_fault() {
    let body = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:v=\"urn:vies\"><s:Body><s:Fault>\
                <faultcode>v:MS_UNAVAILABLE</faultcode><faultstring xml:lang=\"en\">try later</faultstring>\
                <faultactor>urn:vies:node</faultactor><detail><v:Retry>60</v:Retry></detail>\
                </s:Fault></s:Body></s:Envelope>";
    let (addr, _) = server(500, "text/xml", body.to_owned()).await;
    let client = ClientBuilder::new(format!("http://{addr}/vies"))
        .build(StaticHeaders(eu_vies::SoapHeaders::default()))
        .unwrap();
    let err = client
        .call::<eu_vies::operations::CheckVat>(&check_vat())
        .await
        .unwrap_err();
    let fault = err.as_fault().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(
        (fault.code.as_str(), fault.code_namespace.as_deref()),
        ("MS_UNAVAILABLE", Some("urn:vies"))
    );
    assert_eq!(fault.message, "try later");
    assert_eq!(fault.lang.as_deref(), Some("en"));
    assert_eq!(fault.actor.as_deref(), Some("urn:vies:node"));
    assert!(fault
        .detail
        .as_deref()
        .unwrap()
        .contains("<v:Retry>60</v:Retry>"));
    assert_eq!(fault.http_status, 500);
    assert_eq!(err.http_status(), Some(500));
    assert!(err.may_have_reached_server());
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn soap12_requests_name_the_action_in_the_media_type() {
    let body = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>
        <env:Code><env:Value>env:Receiver</env:Value></env:Code>
        <env:Reason><env:Text xml:lang="en">busy</env:Text></env:Reason>
      </env:Fault></env:Body></env:Envelope>"#;
    let (addr, received) = server(500, "application/soap+xml", body.to_owned()).await;
    let client = ClientBuilder::new(format!("http://{addr}/features"))
        .build(StaticHeaders(features::SoapHeaders::default()))
        .unwrap();
    let request = draw_request();
    let err = client
        .call::<features::operations::Draw>(&request)
        .await
        .unwrap_err();
    let fault = err.as_fault().unwrap_or_else(|| panic!("{err:?}"));
    assert!(fault.is_soap_code("Receiver"), "{fault:?}");
    let head = received.lock().unwrap()[0].0.clone();
    assert!(
        head.contains(
            "content-type: application/soap+xml; charset=utf-8; action=\"urn:features/draw\""
        ),
        "{head}"
    );
    assert!(!head.contains("soapaction:"), "{head}");
}

/// A `Draw` request that passes validation (its round trip is in corpus.rs).
fn draw_request() -> features::Draw {
    use features::*;
    let node = |name: &str| {
        Node::builder()
            .name(name)
            .set_children(Vec::new())
            .build()
            .unwrap()
    };
    Draw::builder()
        .set_choice(vec![DrawChoice::Circle(
            CircleType::builder()
                .radius(soap_runtime::Decimal::new(15, 1))
                .build()
                .unwrap(),
        )])
        .tree(node("root"))
        .weird(
            String2::builder()
                .type_("t")
                .self_(1)
                .self__(2)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

/// Headers from a source with a secret.
struct Token;

impl HeaderSource for Token {
    type Headers = eu_vies::SoapHeaders;
    fn headers(&self, _: &'static OperationInfo) -> eu_vies::SoapHeaders {
        eu_vies::SoapHeaders::default()
    }
    fn secrets(&self) -> Vec<&str> {
        vec!["tok&en-42"]
    }
}

#[tokio::test]
async fn error_pages_are_http_status_errors_without_secrets() {
    let page = format!(
        "<html><body>Bad gateway for token tok&en-42 (tok&amp;en-42){}</body></html>",
        "x".repeat(500)
    );
    let (addr, _) = server(502, "text/html", page).await;
    let client = ClientBuilder::new(format!("http://{addr}/vies"))
        .build(Token)
        .unwrap();
    let err = client
        .call::<eu_vies::operations::CheckVat>(&check_vat())
        .await
        .unwrap_err();
    match &err {
        Error::HttpStatus {
            status,
            body_snippet,
        } => {
            assert_eq!(*status, 502);
            assert!(
                body_snippet.starts_with("<html><body>Bad gateway"),
                "{body_snippet}"
            );
            assert!(body_snippet.contains("token *** (***)"), "{body_snippet}");
            assert!(body_snippet.chars().count() <= 201, "{body_snippet}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!format!("{err:?} {err}").contains("en-42"));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn refused_connections_and_timeouts() {
    // A port nothing listens on.
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let client = ClientBuilder::new(format!("http://{addr}/vies"))
        .build(StaticHeaders(eu_vies::SoapHeaders::default()))
        .unwrap();
    let err = client
        .call::<eu_vies::operations::CheckVat>(&check_vat())
        .await
        .unwrap_err();
    match &err {
        Error::Transport(t) => assert!(t.is_connect(), "{t}"),
        other => panic!("{other:?}"),
    }
    assert!(!err.may_have_reached_server());

    // A server that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    let client = ClientBuilder::new(format!("http://{addr}/vies"))
        .timeout(Duration::from_millis(300))
        .build(StaticHeaders(eu_vies::SoapHeaders::default()))
        .unwrap();
    let err = client
        .call::<eu_vies::operations::CheckVat>(&check_vat())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.may_have_reached_server() && err.is_timeout());
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let (addr, received) = server(200, "text/xml", String::new()).await;
    let client = ClientBuilder::new(format!("http://{addr}/vies"))
        .build(StaticHeaders(eu_vies::SoapHeaders::default()))
        .unwrap();
    let mut request = check_vat();
    request.country_code = "a\u{1}".into();
    let err = client
        .call::<eu_vies::operations::CheckVat>(&request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(!err.may_have_reached_server());
    assert!(received.lock().unwrap().is_empty());
}
