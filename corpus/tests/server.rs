//! The generated server items of a corpus service, served by the runtime's HTTP server on a
//! loopback port and called through the runtime's client with the generated operations: the
//! synthetic ledger (tests/wsdl-corpus/synthetic/ledger.wsdl) generated from its SOAP 1.2
//! binding (`ledger12`) and from its SOAP 1.1 binding (`ledger`).
//!
//! SOAP 1.2: the action travels in the `Content-Type` (`application/soap+xml; charset=utf-8;
//! action="…"`), answers are `application/soap+xml`, faults are `env:Fault`s with
//! `env:Code/env:Value` `env:Sender` (HTTP 400) or `env:Receiver` (HTTP 500), the service's own
//! code as `env:Subcode` and the declared detail in `env:Detail`. SOAP 1.1: `text/xml`, a
//! `SOAPAction` header, faults with HTTP 500.

use soap_runtime::client::{Client, ClientBuilder, Fault, StaticHeaders};
use soap_runtime::server::{spawn, Endpoint, ServerHandle, ServerOptions};
use soap_runtime::{
    decode_response, CallOperation, Decimal, Limits, ResponseError, ServerFault, SOAP12_ENV,
    WCF_ADDRESSING_NONE_NS,
};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use wsdl_corpus::{ledger, ledger12};

/// An account the service fails on (a receiver fault) when asked for its balance.
const BROKEN: &str = "ZZ0000";
/// An account whose history makes the handler panic.
const PANICS: &str = "PP0000";

/// The ledger: entries `(account, amount, memo)`; an account's balance is the sum of its
/// entries and may not go below zero.
#[derive(Default)]
struct Books {
    entries: Mutex<Vec<(String, Decimal, Option<String>)>>,
}

impl Books {
    /// Books an entry: its id and the account's new balance, or the declared fault
    /// `InsufficientFunds` with its detail.
    fn book(
        &self,
        account: &str,
        amount: Decimal,
        memo: Option<&str>,
    ) -> Result<(i64, Decimal), ServerFault> {
        let mut entries = self.entries.lock().unwrap();
        let balance = balance_of(&entries, account);
        if balance + amount < Decimal::ZERO {
            let requested = -amount;
            return Err(ServerFault::new(
                "InsufficientFunds",
                format!("account {account} holds {balance}, {requested} requested"),
            )
            .with_code_namespace("urn:ledger")
            .with_detail(format!(
                "<t:InsufficientFunds xmlns:t=\"urn:ledger\"><t:account>{account}</t:account>\
                 <t:balance>{balance}</t:balance><t:requested>{requested}</t:requested></t:InsufficientFunds>"
            )));
        }
        entries.push((account.to_owned(), amount, memo.map(str::to_owned)));
        Ok((entries.len() as i64, balance + amount))
    }

    fn balance(&self, account: &str) -> Result<Decimal, ServerFault> {
        if account == BROKEN {
            return Err(ServerFault::internal(
                "the books of this account are offline",
            ));
        }
        Ok(balance_of(&self.entries.lock().unwrap(), account))
    }

    fn history(&self, account: &str) -> Vec<(Decimal, Option<String>)> {
        assert_ne!(account, PANICS, "the handler failed");
        let entries = self.entries.lock().unwrap();
        entries
            .iter()
            .filter(|e| e.0 == account)
            .map(|e| (e.1, e.2.clone()))
            .collect()
    }
}

fn balance_of(entries: &[(String, Decimal, Option<String>)], account: &str) -> Decimal {
    entries.iter().filter(|e| e.0 == account).map(|e| e.1).sum()
}

/// The same implementation for the bindings generated from either binding of the WSDL.
macro_rules! serve_books {
    ($m:ident) => {
        impl $m::Service for Books {
            async fn post(
                &self,
                _: $m::SoapHeaders,
                request: $m::Post,
            ) -> Result<$m::PostResponse, ServerFault> {
                let e = &request.entry;
                let (id, balance) = self.book(&e.account, e.amount, e.memo.as_deref())?;
                Ok($m::PostResponse::builder()
                    .entry_id(id)
                    .balance(balance)
                    .build()
                    .unwrap())
            }

            async fn get_balance(
                &self,
                _: $m::SoapHeaders,
                request: $m::GetBalance,
            ) -> Result<$m::GetBalanceResponse, ServerFault> {
                let service = $m::Service2::builder()
                    .name("ledger")
                    .version(2)
                    .build()
                    .unwrap();
                Ok($m::GetBalanceResponse::builder()
                    .balance(self.balance(&request.account)?)
                    .service(service)
                    .build()
                    .unwrap())
            }

            async fn history(
                &self,
                _: $m::SoapHeaders,
                request: $m::History,
            ) -> Result<$m::HistoryResponse, ServerFault> {
                let entries = self
                    .history(&request.account)
                    .into_iter()
                    .map(|(amount, memo)| {
                        let entry = $m::Entry::builder()
                            .account(request.account.clone())
                            .amount(amount);
                        match memo {
                            Some(memo) => entry.memo(memo),
                            None => entry,
                        }
                        .build()
                        .unwrap()
                    })
                    .collect();
                Ok($m::HistoryResponse::builder()
                    .set_entry(entries)
                    .build()
                    .unwrap())
            }
        }
    };
}

serve_books!(ledger);
serve_books!(ledger12);

/// Everything that went through a [`proxy`] in one direction, as received.
type Log = Arc<Mutex<Vec<u8>>>;

/// A TCP proxy to `upstream` that records the bytes of both directions: its address, what
/// clients sent and what the server answered.
async fn proxy(upstream: SocketAddr) -> (SocketAddr, Log, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (sent, answered) = (Log::default(), Log::default());
    let (to_server, to_client) = (sent.clone(), answered.clone());
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = TcpStream::connect(upstream).await else {
                continue;
            };
            let (client_read, client_write) = client.into_split();
            let (server_read, server_write) = server.into_split();
            tokio::spawn(pipe(client_read, server_write, to_server.clone()));
            tokio::spawn(pipe(server_read, client_write, to_client.clone()));
        }
    });
    (addr, sent, answered)
}

async fn pipe(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, log: Log) {
    let mut buf = [0u8; 8192];
    while let Ok(n @ 1..) = from.read(&mut buf).await {
        log.lock().unwrap().extend_from_slice(&buf[..n]);
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// The log as text, emptied.
fn take(log: &Log) -> String {
    String::from_utf8_lossy(&std::mem::take(&mut *log.lock().unwrap())).into_owned()
}

/// A server of `dispatcher` at `/ledger` on a free loopback port, with a recording proxy in
/// front: the server, the proxy's URL and the proxy's logs.
async fn start<D: soap_runtime::Dispatch>(
    dispatcher: D,
    options: ServerOptions,
) -> (ServerHandle<D>, String, Log, Log) {
    let server = spawn(
        "127.0.0.1:0".parse().unwrap(),
        dispatcher,
        Endpoint::new("/ledger"),
        options,
    )
    .await
    .unwrap();
    let (addr, sent, answered) = proxy(server.addr()).await;
    (server, format!("http://{addr}/ledger"), sent, answered)
}

fn client<H: soap_runtime::HeaderSet + Clone + Send + Sync + 'static>(
    url: &str,
    headers: H,
) -> Client<StaticHeaders<H>> {
    ClientBuilder::new(url)
        .build(StaticHeaders(headers))
        .unwrap()
}

/// One HTTP/1.1 exchange on a connection of its own: status, head (lower-cased) and body.
async fn exchange(addr: SocketAddr, head: &str, body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /ledger HTTP/1.1\r\nHost: {addr}\r\n{head}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
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
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn post12(account: &str, amount: i64) -> ledger12::Post {
    let entry = ledger12::Entry::builder()
        .account(account)
        .amount(Decimal::new(amount, 0))
        .memo(format!("{amount} to {account}"))
        // Unchecked, for requests the server is to refuse; the client checks what it sends.
        .build_unvalidated()
        .unwrap();
    ledger12::Post::builder()
        .entry(entry)
        .build_unvalidated()
        .unwrap()
}

fn post11(account: &str, amount: i64) -> ledger::Post {
    let entry = ledger::Entry::builder()
        .account(account)
        .amount(Decimal::new(amount, 0))
        .build()
        .unwrap();
    ledger::Post::builder().entry(entry).build().unwrap()
}

/// The SOAP 1.2 request envelope of a `Post` (what the client sends).
fn post12_envelope(account: &str, amount: i64) -> String {
    soap_runtime::encode_request::<ledger12::operations::Post>(
        &Default::default(),
        &post12(account, amount),
    )
}

/// Asserts that `body` is a SOAP 1.1 `VersionMismatch` fault whose message `says` so.
fn version_mismatch(body: &str, says: &str) {
    match decode_response::<ledger::operations::Post>(body, &Limits::default()) {
        Err(ResponseError::Fault(f)) => {
            assert_eq!(f.code, "VersionMismatch", "{body}");
            assert!(f.message.contains(says), "{}", f.message);
        }
        other => panic!("a SOAP 1.1 fault, not {other:?}\n{body}"),
    }
}

/// The fault a SOAP 1.2 answer carries, read as the client reads it.
fn fault12(body: &str) -> soap_runtime::RawFault {
    match decode_response::<ledger12::operations::Post>(body, &Limits::default()) {
        Err(ResponseError::Fault(f)) => f,
        other => panic!("not a fault: {other:?}\n{body}"),
    }
}

#[tokio::test]
async fn soap12_calls_decode_and_name_the_action_in_the_media_type() {
    let (_server, url, sent, answered) = start(
        ledger12::Dispatcher::new(Books::default()),
        ServerOptions::default(),
    )
    .await;
    let client = client(&url, ledger12::SoapHeaders::default());
    let posted = client
        .call::<ledger12::operations::Post>(&post12("SE1234", 100))
        .await
        .unwrap();
    assert_eq!((posted.entry_id, posted.balance), (1, Decimal::new(100, 0)));

    let head = take(&sent).to_ascii_lowercase();
    assert!(
        head.contains(
            "content-type: application/soap+xml; charset=utf-8; action=\"urn:ledger/post\"\r\n"
        ),
        "{head}"
    );
    assert!(!head.contains("soapaction:"), "{head}");
    let answer = take(&answered);
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/soap+xml; charset=utf-8\r\n"),
        "{answer}"
    );
    // The response element with its own prefix, in a SOAP 1.2 envelope.
    assert!(
        answer.contains(&format!(
            "<env:Envelope xmlns:env=\"{SOAP12_ENV}\"><env:Body><ns0:PostResponse "
        )),
        "{answer}"
    );
    assert!(answer.contains("<ns0:entryId>1</ns0:entryId>"), "{answer}");

    client
        .call::<ledger12::operations::Post>(&post12("SE1234", -30))
        .await
        .unwrap();
    let balance = client
        .call::<ledger12::operations::GetBalance>(
            &ledger12::GetBalance::builder()
                .account("SE1234")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(balance.balance, Decimal::new(70, 0));
    assert_eq!(
        (balance.service.name.as_str(), balance.service.version),
        ("ledger", 2)
    );
    let history = client
        .call::<ledger12::operations::History>(
            &ledger12::History::builder()
                .account("SE1234")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let memos: Vec<_> = history.entry.iter().map(|e| e.memo.as_deref()).collect();
    assert_eq!(memos, [Some("100 to SE1234"), Some("-30 to SE1234")]);
    assert!(take(&sent)
        .to_ascii_lowercase()
        .contains("action=\"urn:ledger/history\""));
}

#[tokio::test]
async fn soap12_faults_are_typed_with_their_code_detail_and_status() {
    let (_server, url, _, answered) = start(
        ledger12::Dispatcher::new(Books::default()),
        ServerOptions::default(),
    )
    .await;
    let client = client(&url, ledger12::SoapHeaders::default());
    let err = client
        .call::<ledger12::operations::Post>(&post12("SE1234", -50))
        .await
        .unwrap_err();
    let fault: &Fault = err.as_fault().unwrap_or_else(|| panic!("{err:?}"));
    // The service's own code (the Subcode), in its namespace; a sender fault is HTTP 400.
    assert_eq!(
        (fault.code.as_str(), fault.code_namespace.as_deref()),
        ("InsufficientFunds", Some("urn:ledger"))
    );
    assert_eq!(fault.message, "account SE1234 holds 0, 50 requested");
    assert_eq!(fault.lang.as_deref(), Some("en"));
    assert_eq!(fault.http_status, 400);
    assert_eq!(err.http_status(), Some(400));
    let detail = fault.detail.as_deref().unwrap();
    assert!(
        detail.starts_with(
            "<env:Detail><t:InsufficientFunds xmlns:t=\"urn:ledger\"><t:account>SE1234</t:account>"
        ) && detail.contains("<t:balance>0</t:balance><t:requested>50</t:requested>"),
        "{detail}"
    );
    let answer = take(&answered);
    assert!(
        answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{answer}"
    );
    assert!(
        answer.contains(
            "<env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value xmlns:a=\"urn:ledger\">a:InsufficientFunds</env:Value></env:Subcode></env:Code>"
        ),
        "{answer}"
    );
    assert!(
        answer.contains("<env:Reason><env:Text xml:lang=\"en\">account SE1234"),
        "{answer}"
    );

    // A receiver fault: HTTP 500, `env:Receiver`.
    let err = client
        .call::<ledger12::operations::GetBalance>(
            &ledger12::GetBalance::builder()
                .account(BROKEN)
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    let fault = err.as_fault().unwrap_or_else(|| panic!("{err:?}"));
    assert!(fault.is_soap_code("Receiver"), "{fault:?}");
    assert_eq!(fault.code_namespace.as_deref(), Some(SOAP12_ENV));
    assert_eq!(fault.http_status, 500);
    assert!(take(&answered).starts_with("HTTP/1.1 500 "));

    // A handler that panics: the internal fault, a receiver fault in SOAP 1.2.
    let err = client
        .call::<ledger12::operations::History>(
            &ledger12::History::builder()
                .account(PANICS)
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    let fault = err.as_fault().unwrap_or_else(|| panic!("{err:?}"));
    assert!(fault.is_soap_code("Receiver"), "{fault:?}");
    assert_eq!(fault.http_status, 500);
    assert!(take(&answered)
        .to_ascii_lowercase()
        .contains("content-type: application/soap+xml; charset=utf-8\r\n"));
}

#[tokio::test]
async fn soap12_requests_the_service_cannot_take_are_sender_faults_with_400() {
    let options = ServerOptions {
        max_body_bytes: 4096,
        ..ServerOptions::default()
    };
    let (server, _, _, _) = start(ledger12::Dispatcher::new(Books::default()), options).await;
    let addr = server.addr();
    let media = |action: &str| {
        format!("Content-Type: application/soap+xml; charset=utf-8; action=\"{action}\"\r\n")
    };
    let sender = |status: u16, head: &str, body: &str| -> soap_runtime::RawFault {
        assert_eq!(status, 400, "{head}\n{body}");
        assert!(
            head.contains("content-type: application/soap+xml; charset=utf-8\r\n"),
            "{head}"
        );
        assert!(
            body.contains("<env:Code><env:Value>env:Sender</env:Value>"),
            "{body}"
        );
        fault12(body)
    };

    // An action no operation has: WCF's ActionNotSupported, as a subcode of env:Sender.
    let (status, head, body) = exchange(
        addr,
        &media("urn:ledger/Nope"),
        &post12_envelope("SE0001", 1),
    )
    .await;
    let f = sender(status, &head, &body);
    assert_eq!(
        (f.code.as_str(), f.code_namespace.as_deref()),
        ("ActionNotSupported", Some(WCF_ADDRESSING_NONE_NS))
    );
    assert!(f.message.contains("'urn:ledger/Nope'"), "{}", f.message);

    // The action chooses the operation, not the body: a Post body under GetBalance's action.
    let (status, head, body) = exchange(
        addr,
        &media("urn:ledger/GetBalance"),
        &post12_envelope("SE0001", 1),
    )
    .await;
    let f = sender(status, &head, &body);
    assert!(
        f.message.contains("expected {urn:ledger}GetBalance"),
        "{}",
        f.message
    );

    // Without an action parameter, the body's element chooses.
    let (status, _, body) = exchange(
        addr,
        "Content-Type: application/soap+xml; charset=utf-8\r\n",
        &post12_envelope("SE0001", 1),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<ns0:PostResponse "), "{body}");

    // A body that is not XML, an envelope of the other SOAP version, an invalid request.
    let (status, head, body) = exchange(addr, &media("urn:ledger/Post"), "<env:Envelope").await;
    let f = sender(status, &head, &body);
    assert!(
        f.message.starts_with("The request could not be read: "),
        "{}",
        f.message
    );
    assert_eq!(f.lang.as_deref(), Some("en"));
    // The other version's envelope: a VersionMismatch fault written in SOAP 1.1, which its
    // sender reads, with HTTP 500 and the Upgrade header naming the envelope this endpoint
    // takes (SOAP 1.2 Part 1 §5.4.7, Appendix A), whether or not the action is given.
    let v11 = post12_envelope("SE0001", 1).replace(SOAP12_ENV, soap_runtime::SOAP11_ENV);
    for head in [
        media("urn:ledger/Post"),
        "Content-Type: application/soap+xml\r\n".into(),
    ] {
        let (status, head, body) = exchange(addr, &head, &v11).await;
        assert_eq!(status, 500, "{head}\n{body}");
        assert!(
            head.contains("content-type: text/xml; charset=utf-8\r\n"),
            "{head}"
        );
        assert!(
            body.contains("<s:Header><upg:Upgrade xmlns:upg=\"http://www.w3.org/2003/05/soap-envelope\"><upg:SupportedEnvelope qname=\"ns1:Envelope\" xmlns:ns1=\"http://www.w3.org/2003/05/soap-envelope\"/></upg:Upgrade></s:Header>"),
            "{body}"
        );
        version_mismatch(&body, "SOAP 1.1 envelope; this endpoint takes SOAP 1.2");
    }
    let (status, head, body) = exchange(
        addr,
        &media("urn:ledger/Post"),
        &post12_envelope("lowercase", 1),
    )
    .await;
    let f = sender(status, &head, &body);
    assert!(
        f.message
            .starts_with("The request is not valid: entry.account"),
        "{}",
        f.message
    );

    // Refused by the server before dispatch: a body over the limit (HTTP 413), in SOAP 1.2.
    let big = format!("<x>{}</x>", "a".repeat(5000));
    let (status, head, body) = exchange(addr, &media("urn:ledger/Post"), &big).await;
    assert_eq!(status, 413, "{head}");
    assert!(
        head.contains("content-type: application/soap+xml"),
        "{head}"
    );
    assert!(
        fault12(&body).message.contains("larger than 4096 bytes"),
        "{body}"
    );
}

#[tokio::test]
async fn a_soap12_envelope_to_the_soap11_binding_is_a_version_mismatch() {
    let (server, _, _, _) = start(
        ledger::Dispatcher::new(Books::default()),
        ServerOptions::default(),
    )
    .await;
    let v12 = post12_envelope("SE0001", 1);
    for head in [
        "SOAPAction: \"urn:ledger/Post\"\r\nContent-Type: text/xml\r\n",
        "Content-Type: text/xml\r\n",
    ] {
        let (status, head, body) = exchange(server.addr(), head, &v12).await;
        assert_eq!(status, 500, "{head}\n{body}");
        assert!(
            head.contains("content-type: text/xml; charset=utf-8\r\n"),
            "{head}"
        );
        assert!(!body.contains("Upgrade"), "{body}");
        version_mismatch(&body, "SOAP 1.2 envelope; this endpoint takes SOAP 1.1");
    }
}

#[tokio::test]
async fn the_soap11_binding_still_speaks_soap11() {
    let (server, url, sent, answered) = start(
        ledger::Dispatcher::new(Books::default()),
        ServerOptions::default(),
    )
    .await;
    let client = client(&url, ledger::SoapHeaders::default());
    let posted = client
        .call::<ledger::operations::Post>(&post11("SE1234", 10))
        .await
        .unwrap();
    assert_eq!(posted.balance, Decimal::new(10, 0));
    let head = take(&sent).to_ascii_lowercase();
    assert!(
        head.contains("content-type: text/xml; charset=utf-8\r\n"),
        "{head}"
    );
    assert!(
        head.contains("soapaction: \"urn:ledger/post\"\r\n"),
        "{head}"
    );
    let answer = take(&answered);
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: text/xml; charset=utf-8\r\n"),
        "{answer}"
    );
    assert!(
        answer.contains("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><PostResponse xmlns=\"urn:ledger\""),
        "{answer}"
    );

    // The declared fault: HTTP 500, the code in the service's namespace, the detail.
    let err = client
        .call::<ledger::operations::Post>(&post11("SE1234", -11))
        .await
        .unwrap_err();
    let fault = err.as_fault().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(
        (
            fault.code.as_str(),
            fault.code_namespace.as_deref(),
            fault.http_status
        ),
        ("InsufficientFunds", Some("urn:ledger"), 500)
    );
    assert_eq!(fault.lang.as_deref(), Some("en-US"));
    assert!(
        fault
            .detail
            .as_deref()
            .unwrap()
            .starts_with("<detail><t:InsufficientFunds xmlns:t=\"urn:ledger\">"),
        "{fault:?}"
    );

    // An unknown SOAPAction and a malformed body: SOAP 1.1 faults with HTTP 500.
    let addr = server.addr();
    let envelope = soap_runtime::encode_request::<ledger::operations::Post>(
        &Default::default(),
        &post11("SE0001", 1),
    );
    let (status, head, body) = exchange(
        addr,
        "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"urn:ledger/Nope\"\r\n",
        &envelope,
    )
    .await;
    assert_eq!(status, 500, "{body}");
    assert!(
        head.contains("content-type: text/xml; charset=utf-8\r\n"),
        "{head}"
    );
    assert!(body.contains(">a:ActionNotSupported</faultcode>"), "{body}");
    // A SOAP 1.2 action parameter means nothing to a SOAP 1.1 service: the body chooses.
    let (status, _, body) = exchange(
        addr,
        "Content-Type: application/soap+xml; action=\"urn:ledger/Nope\"\r\n",
        &envelope,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = exchange(
        addr,
        "Content-Type: text/xml\r\nSOAPAction: \"urn:ledger/Post\"\r\n",
        "<s:Envelope",
    )
    .await;
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("<faultcode>s:Client</faultcode>"), "{body}");
}

#[tokio::test]
async fn an_answer_in_the_other_version_is_named_truly() {
    // The ledger's two bindings, served side by side; each answer read as the other binding's.
    let (v11, _, _, _) = start(
        ledger::Dispatcher::new(Books::default()),
        ServerOptions::default(),
    )
    .await;
    let (v12, _, _, _) = start(
        ledger12::Dispatcher::new(Books::default()),
        ServerOptions::default(),
    )
    .await;
    let request11 = soap_runtime::encode_request::<ledger::operations::Post>(
        &Default::default(),
        &post11("SE0001", 1),
    );
    let (status, _, body11) = exchange(
        v11.addr(),
        "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"urn:ledger/Post\"\r\n",
        &request11,
    )
    .await;
    assert_eq!(status, 200, "{body11}");
    let (status, _, body12) = exchange(
        v12.addr(),
        "Content-Type: application/soap+xml; charset=utf-8; action=\"urn:ledger/Post\"\r\n",
        &post12_envelope("SE0001", 1),
    )
    .await;
    assert_eq!(status, 200, "{body12}");
    let limits = Limits::default();
    match decode_response::<ledger12::operations::Post>(&body11, &limits) {
        Err(ResponseError::Decode(e)) => assert!(
            e.to_string()
                .ends_with("found a SOAP 1.1 Envelope, but this operation's binding is SOAP 1.2"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    match decode_response::<ledger::operations::Post>(&body12, &limits) {
        Err(ResponseError::Decode(e)) => assert!(
            e.to_string()
                .ends_with("found a SOAP 1.2 Envelope, but this operation's binding is SOAP 1.1"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }

    // A SOAP 1.1 client of the SOAP 1.2 server: its request is answered with a VersionMismatch
    // fault in SOAP 1.1, which that client reads as a fault.
    let url = format!("http://{}/ledger", v12.addr());
    let err = client(&url, ledger::SoapHeaders::default())
        .call::<ledger::operations::Post>(&post11("SE1234", 1))
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(500), "{err:?}");
    let fault = err.as_fault().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(fault.code, "VersionMismatch", "{fault:?}");
}
