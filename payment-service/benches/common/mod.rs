//! What the `client` and `allocs` benches share: a local HTTP server on 127.0.0.1 that
//! answers every POST with the same canned SOAP response, the requests the benches send, and
//! the raw `reqwest` call they are compared with.

#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Request, Response};
use payment_service::runtime::client::reqwest;
use payment_service::runtime::{encode_request, Operation};
use payment_service::{
    operations, CancelInvoiceRequest, Client, InvoiceDeliveryMethod, SendInvoiceRequest,
    SoapHeaders,
};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

/// The documented response envelopes (`tests/fixtures/seed`).
pub const CANCEL_RESPONSE: &str =
    include_str!("../../../tests/fixtures/seed/CancelInvoice.response.xml");
/// The documented SendInvoice response (the largest seed response, 770 bytes).
pub const SEND_RESPONSE: &str =
    include_str!("../../../tests/fixtures/seed/SendInvoice.response.xml");

/// The credentials and client address the benches' clients send.
pub const USERNAME: &str = "USERNAME";
/// See [`USERNAME`].
pub const PASSWORD: &str = "PASSWORD";
/// See [`USERNAME`].
pub const CLIENT_IP: &str = "127.0.0.1";

/// The headers the [`client`] sends (what `Credentials` puts into each call).
pub fn headers() -> SoapHeaders {
    SoapHeaders::default()
        .with_username(USERNAME)
        .with_password(PASSWORD)
        .with_client_ip_address(CLIENT_IP)
}

/// A CancelInvoice request, built and validated by its builder.
pub fn cancel_request() -> CancelInvoiceRequest {
    CancelInvoiceRequest::builder()
        .correlation_id("order-1234")
        .country_code("SE")
        .invoice_no("62396765")
        .store_id(1234)
        .build()
        .expect("a valid CancelInvoice request")
}

/// A SendInvoice request, built and validated by its builder.
pub fn send_request() -> SendInvoiceRequest {
    SendInvoiceRequest::builder()
        .correlation_id("order-1234")
        .country_code("SE")
        .email("kund@example.com")
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .invoice_no("62396765")
        .store_id(1234)
        .build()
        .expect("a valid SendInvoice request")
}

/// Answers every request on `listener` with `body` (HTTP 200, `text/xml`), after reading the
/// request body to its end; keep-alive, one task per connection. Runs until the process ends.
pub async fn serve_canned(listener: tokio::net::TcpListener, body: Bytes) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                let body = body.clone();
                async move {
                    let _ = req.into_body().collect().await;
                    let mut r = Response::new(Full::new(body));
                    r.headers_mut().insert(
                        CONTENT_TYPE,
                        HeaderValue::from_static("text/xml; charset=utf-8"),
                    );
                    Ok::<_, Infallible>(r)
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                .await;
        });
    }
}

/// Starts [`serve_canned`] with `body` on 127.0.0.1 in a thread of its own (with its own
/// single-threaded runtime), like a server in another process. Returns its address.
pub fn spawn_canned_thread(body: &'static str) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("local address");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            serve_canned(listener, Bytes::from_static(body.as_bytes())).await
        });
    });
    addr
}

/// Starts [`serve_canned`] with `body` on 127.0.0.1 as a task of the current runtime.
pub async fn spawn_canned_task(body: &'static str) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(serve_canned(listener, Bytes::from_static(body.as_bytes())));
    addr
}

/// The endpoint URL of a server at `addr`.
pub fn url(addr: SocketAddr) -> String {
    format!("http://{addr}/PaymentServiceV10.svc")
}

/// The generated client of `url`, with the benches' credentials.
pub fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .username(USERNAME)
        .password(PASSWORD)
        .client_ip_address(CLIENT_IP)
        .build()
        .expect("client")
}

/// A plain reqwest client configured as the generated client's transport is (no redirects,
/// the same connect timeout and a 30 s timeout).
pub fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("payment-service/0.1.0")
        .build()
        .expect("reqwest client")
}

/// The request bytes and the `SOAPAction` header value of `O` as the client sends them.
pub fn wire_request<O: Operation<Headers = SoapHeaders>>(request: &O::Request) -> (Bytes, String) {
    let envelope = encode_request::<O>(&headers(), request);
    (
        Bytes::from(envelope),
        format!("\"{}\"", O::INFO.soap_action),
    )
}

/// One raw POST of `body`: the same headers as the client, the body read to bytes.
pub async fn raw_call(
    http: &reqwest::Client,
    url: &str,
    action: &str,
    body: &Bytes,
) -> Result<Bytes, reqwest::Error> {
    let response = http
        .post(url)
        .header(CONTENT_TYPE, "text/xml; charset=utf-8")
        .header("SOAPAction", action)
        .body(body.clone())
        .send()
        .await?;
    response.bytes().await
}

/// The operations the benches call, with their canned responses.
pub type Cancel = operations::CancelInvoice;
/// See [`Cancel`].
pub type Send = operations::SendInvoice;
