//! A bounded load and soak test of the simulator over loopback HTTP (127.0.0.1 only).
//!
//! Five rounds of the same mix, all of it at once on a 2-thread runtime:
//!
//! * **contention on credit**: 10 clients part-credit one unit at a time of 4 shared activated
//!   invoices (25 attempts for 20 units each) and adjust them meanwhile: exactly 20 units are
//!   credited per invoice, every other attempt is `INVALID_QUANTITY`, and the amounts add up
//!   to the cent;
//! * **activation races**: 4 clients race to activate or part-activate each of 6 pending
//!   invoices: exactly one wins, the others get `INVALID_INVOICE_STATUS`, and the activated
//!   and split-off (reserved) amounts add up to the original;
//! * **lifecycles**: 8 clients take invoices through add, activate, part credit, send and
//!   credit, or add, set order number, replace and cancel, checking every answer and the
//!   status reported by GetInvoiceInformation;
//! * **invalid requests**: refused by the client before sending (`ErrorKind::Validation`), and raw
//!   envelopes with schema violations, the wrong password or SOAPAction POSTed directly, which
//!   get their documented faults;
//! * **hostile bodies** POSTed raw: truncated envelopes, 100,000-deep nesting, an entity bomb
//!   and an external entity, bodies over the 1 MiB limit (with a length and chunked),
//!   random bytes, and an element with 3,000 attributes: each gets a client fault (or 413).
//!
//! Then: the simulator holds exactly the invoices the successful calls created, the process's
//! resident memory grew by less than a generous bound after the first round, and the server
//! still answers. Everything is bounded in count and in time (the whole test in
//! [`TIME_BOUND`]); it takes a few seconds in a debug build.

use payment_service::runtime::{encode_request, Decimal, Nillable, Operation, XsDate, XsDateTime};
use payment_service::server::{spawn_simulator, ServerHandle, SERVICE_PATH};
use payment_service::simulator::{InvoiceState, Simulator};
use payment_service::*;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The whole test, all rounds, stops by itself within this.
const TIME_BOUND: Duration = Duration::from_secs(50);
/// Rounds of the mix (the first one is the warm-up for the memory check).
const ROUNDS: usize = 5;
/// Growth of the resident set allowed from the end of the first round to the end.
const RSS_GROWTH_BOUND_KIB: u64 = 32 * 1024;

const SHARED: usize = 4;
const SHARED_UNITS: i32 = 20;
const CREDITORS: usize = 10;
const CREDITS_PER_CREDITOR: usize = 10;
const RACED: usize = 6;
const WORKERS: usize = 8;
const LIFECYCLES_PER_WORKER: usize = 4;
const HOSTILE_TASKS: usize = 2;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn row(id: &str, qty: i32, price: &str) -> InvoiceRow {
    InvoiceRow::builder()
        .article_id(id.to_owned())
        .description(format!("Article {id}"))
        .quantity(qty)
        .quantity_unit("pcs")
        .unit_price(dec(price))
        .vat(dec("25"))
        .build_unvalidated()
        .unwrap()
}

fn article(id: &str, qty: i32) -> Article {
    Article::builder()
        .article_id(id.to_owned())
        .quantity(qty)
        .build_unvalidated()
        .unwrap()
}

fn address() -> Address {
    Address::builder()
        .address1("Gatan 1")
        .city("Stockholm")
        .country_code("SE")
        .email("kund@example.com")
        .firstname("Test")
        .lastname("Kund")
        .postal_code("11122")
        .build_unvalidated()
        .unwrap()
}

fn add_request(rows: Vec<InvoiceRow>) -> AddInvoiceRequest {
    AddInvoiceRequest::builder()
        .activation_option(ActivationOption::Preliminary)
        .correlation_id("load")
        .country_code("SE")
        .currency("SEK")
        .delivery_address(address())
        .invoice_address(address())
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(rows))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(XsDateTime::parse("2024-05-01T12:00:00").unwrap())
        .order_no("ORDER-1")
        .reg_no("197001011234")
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn activate_req(no: &str) -> ActivateInvoiceRequest {
    ActivateInvoiceRequest::builder()
        .correlation_id("act")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn part_activate_req(no: &str, articles: Vec<Article>) -> PartActivateInvoiceRequest {
    PartActivateInvoiceRequest::builder()
        .set_article_list(Some(articles))
        .correlation_id("partact")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn part_credit_req(no: &str, articles: Vec<Article>) -> PartCreditInvoiceRequest {
    PartCreditInvoiceRequest::builder()
        .set_article_list(Some(articles))
        .country_code("SE")
        .credit_date(DateOrDateTime::Date(XsDate::parse("2024-05-02").unwrap()))
        .invoice_no(no.to_owned())
        .settlement_reference("111")
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn credit_req(no: &str) -> CreditInvoiceRequest {
    CreditInvoiceRequest::builder()
        .correlation_id("credit")
        .country_code("SE")
        .credit_date(DateOrDateTime::DateTime(
            XsDateTime::parse("2024-05-02T10:00:00").unwrap(),
        ))
        .invoice_no(no.to_owned())
        .settlement_reference_nil()
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn adjust_req(no: &str, rows: Vec<InvoiceRow>) -> AdjustInvoiceRequest {
    AdjustInvoiceRequest::builder()
        .correlation_id("adjust")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .set_invoice_rows(Some(rows))
        .purchase_classification_nil()
        .settlement_reference_nil()
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn replace_req(no: &str, rows: Vec<InvoiceRow>) -> ReplaceInvoiceRequest {
    ReplaceInvoiceRequest::builder()
        .correlation_id("replace")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .set_invoice_rows(Some(rows))
        .purchase_classification_nil()
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn cancel_req(no: &str) -> CancelInvoiceRequest {
    CancelInvoiceRequest::builder()
        .correlation_id("cancel")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn send_req(no: &str) -> SendInvoiceRequest {
    SendInvoiceRequest::builder()
        .correlation_id("send")
        .country_code("SE")
        .email("kund@example.com")
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn info_req(no: &str) -> GetInvoiceInformationRequest {
    GetInvoiceInformationRequest::builder()
        .correlation_id("info")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn order_req(no: &str, order: &str) -> SetOrderNumberRequest {
    SetOrderNumberRequest::builder()
        .correlation_id("order")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .new_order_number(order.to_owned())
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

fn headers() -> SoapHeaders {
    SoapHeaders::default()
        .with_username("USERNAME")
        .with_password("PASSWORD")
        .with_client_ip_address("127.0.0.1")
}

/// The fault code of a failed call; panics on success or another error.
fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(e) => match e.fault_code() {
            Some(c) => c.as_str().to_owned(),
            None => panic!("expected a SOAP fault, got {e}"),
        },
        Ok(v) => panic!("expected a fault, got {v:?}"),
    }
}

async fn status(client: &Client, no: &str) -> i32 {
    *client
        .get_invoice_information(&info_req(no))
        .await
        .unwrap()
        .status
        .value()
        .unwrap()
}

/// Invoices and rows the successful calls have created, to compare with the simulator.
#[derive(Default)]
struct Created {
    invoices: AtomicUsize,
    rows: AtomicUsize,
}

impl Created {
    fn add(&self, invoices: usize, rows: usize) {
        self.invoices.fetch_add(invoices, Ordering::SeqCst);
        self.rows.fetch_add(rows, Ordering::SeqCst);
    }
}

async fn add(client: &Client, created: &Created, rows: Vec<InvoiceRow>) -> AddInvoiceResponse {
    let n = rows.len();
    let r = client.add_invoice(&add_request(rows)).await.unwrap();
    created.add(1, n);
    r
}

// ----- raw HTTP --------------------------------------------------------------------------------

/// POSTs `body` (any bytes) on a connection of its own, writing while reading, and returns
/// status and body of the answer.
async fn post_raw(
    addr: SocketAddr,
    action: Option<&str>,
    body: Vec<u8>,
    chunked: bool,
) -> (u16, String) {
    let mut head = format!(
        "POST {SERVICE_PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\nConnection: close\r\n"
    );
    if let Some(a) = action {
        head.push_str(&format!("SOAPAction: \"{a}\"\r\n"));
    }
    let mut bytes = Vec::with_capacity(body.len() + 1024);
    if chunked {
        head.push_str("Transfer-Encoding: chunked\r\n\r\n");
        bytes.extend_from_slice(head.as_bytes());
        for chunk in body.chunks(64 * 1024) {
            bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            bytes.extend_from_slice(chunk);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
    } else {
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        bytes.extend_from_slice(head.as_bytes());
        bytes.extend_from_slice(&body);
    }
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    // The server may answer (413) and close before taking the whole body. The write half is
    // kept until the answer is read: closing it early would end the request.
    let writer = tokio::spawn(async move {
        let _ = wr.write_all(&bytes).await;
        wr
    });
    let mut raw = Vec::new();
    let _ = rd.read_to_end(&mut raw).await;
    let _ = writer.await;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_owned())
}

/// The `faultcode` of a fault envelope; panics if `body` is not one.
fn fault_code_of(body: &str) -> String {
    let doc = roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let code = doc
        .descendants()
        .find(|n| n.has_tag_name("faultcode"))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no faultcode: {body}"));
    code.to_owned()
}

const ENV_OPEN: &str = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pay=\"http://schemas.ecommerce.collector.se/v30/PaymentService\">";

fn cancel_envelope(user: &str, password: &str, country: &str, no: &str) -> String {
    let country = if country.is_empty() {
        String::new()
    } else {
        format!("<pay:CountryCode>{country}</pay:CountryCode>")
    };
    let user = if user.is_empty() {
        String::new()
    } else {
        format!("<pay:Username>{user}</pay:Username>")
    };
    format!(
        "{ENV_OPEN}<soapenv:Header>{user}<pay:Password>{password}</pay:Password></soapenv:Header>\
         <soapenv:Body><pay:CancelInvoiceRequest><pay:CorrelationId>c</pay:CorrelationId>{country}\
         <pay:InvoiceNo>{no}</pay:InvoiceNo><pay:StoreId>1234</pay:StoreId></pay:CancelInvoiceRequest></soapenv:Body></soapenv:Envelope>"
    )
}

fn cancel_action() -> &'static str {
    operations::CancelInvoice::INFO.soap_action
}

/// Raw envelopes the server must refuse, with the fault each gets.
fn invalid_envelopes() -> Vec<(Option<&'static str>, String, &'static str)> {
    vec![
        (
            Some(cancel_action()),
            cancel_envelope("USERNAME", "PASSWORD", "SE", &"1".repeat(51)),
            "s:VALIDATION_INVOICE_NUMBER_LENGTH",
        ),
        (
            Some(cancel_action()),
            cancel_envelope("USERNAME", "PASSWORD", "", "1"),
            "s:VALIDATION_COUNTRY_CODE_REQUIRED",
        ),
        (
            Some(cancel_action()),
            cancel_envelope("", "PASSWORD", "SE", "1"),
            "s:VALIDATION_USERNAME_REQUIRED",
        ),
        (
            Some(cancel_action()),
            cancel_envelope("USERNAME", "wrong", "SE", "1"),
            "s:AUTHORIZATION_FAILED",
        ),
        (
            Some("urn:no-such-action"),
            cancel_envelope("USERNAME", "PASSWORD", "SE", "1"),
            "a:ActionNotSupported",
        ),
        (
            Some(cancel_action()),
            cancel_envelope("USERNAME", "PASSWORD", "SE", "99999999"),
            "s:INVOICE_NOT_FOUND",
        ),
    ]
}

/// A small deterministic generator for the random bodies.
fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// A hostile body: what it is, the bytes, whether it is sent chunked, and whether the answer
/// is 413 (else a 500 fault).
type Hostile = (&'static str, Vec<u8>, bool, bool);

/// The hostile bodies.
fn hostile_bodies() -> Vec<Hostile> {
    let valid = encode_request::<operations::AddInvoice>(
        &headers(),
        &add_request(vec![row("A", 1, "10"), row("B", 2, "20")]),
    );
    let mut out = Vec::new();
    for cut in [1, valid.len() / 3, valid.len() / 2, valid.len() - 1] {
        out.push(("truncated", valid.as_bytes()[..cut].to_vec(), false, false));
    }
    let depth = 100_000;
    let deep = format!(
        "{ENV_OPEN}<soapenv:Body>{}{}</soapenv:Body></soapenv:Envelope>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    out.push(("100k-deep nesting", deep.into_bytes(), false, false));
    let mut bomb = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str("]>");
    bomb.push_str(&cancel_envelope("USERNAME", "PASSWORD", "SE", "&lol9;"));
    out.push(("entity bomb", bomb.into_bytes(), false, false));
    let xxe = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>{}",
        cancel_envelope("USERNAME", "PASSWORD", "SE", "&xxe;")
    );
    out.push(("external entity", xxe.into_bytes(), false, false));
    let big = format!(
        "{ENV_OPEN}<soapenv:Body><x>{}</x></soapenv:Body></soapenv:Envelope>",
        "a".repeat(1024 * 1024 + 100)
    );
    out.push(("oversized", big.clone().into_bytes(), false, true));
    out.push(("oversized, chunked", big.into_bytes(), true, true));
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let garbage: Vec<u8> = (0..64 * 1024).map(|_| xorshift(&mut seed) as u8).collect();
    out.push(("random bytes", garbage, false, false));
    let alphabet = b"<>&;\"'=/ ?!-[]abcxyz:";
    let text: Vec<u8> = (0..64 * 1024)
        .map(|_| alphabet[(xorshift(&mut seed) % alphabet.len() as u64) as usize])
        .collect();
    out.push(("random markup", text, false, false));
    let attrs: String = (0..3000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let many = format!(
        "{ENV_OPEN}<soapenv:Body><pay:CancelInvoiceRequest{attrs}/></soapenv:Body></soapenv:Envelope>"
    );
    out.push(("3,000 attributes", many.into_bytes(), false, false));
    out
}

// ----- the mix ---------------------------------------------------------------------------------

/// Part credits racing for the units of shared invoices, with adjustments in between.
async fn credit_contention(client: &Client, created: Arc<Created>, sim: &Simulator) {
    let mut shared = Vec::new();
    for _ in 0..SHARED {
        let r = add(
            client,
            &created,
            vec![row("A", SHARED_UNITS, "10.01"), row("B", 5, "3.30")],
        )
        .await;
        assert_eq!(r.total_amount, Some(Nillable::Value(dec("216.70"))));
        let a = client
            .activate_invoice(&activate_req(&r.invoice_no))
            .await
            .unwrap();
        assert_eq!(a.total_amount, dec("216.70"));
        shared.push(r.invoice_no);
    }
    let shared = Arc::new(shared);
    let credited: Arc<Vec<AtomicUsize>> =
        Arc::new((0..SHARED).map(|_| AtomicUsize::new(0)).collect());
    let refused: Arc<Vec<AtomicUsize>> =
        Arc::new((0..SHARED).map(|_| AtomicUsize::new(0)).collect());
    let adjusted: Arc<Vec<AtomicUsize>> =
        Arc::new((0..SHARED).map(|_| AtomicUsize::new(0)).collect());
    let mut tasks = Vec::new();
    for t in 0..CREDITORS {
        let (client, shared, created) = (client.clone(), shared.clone(), created.clone());
        let (credited, refused, adjusted) = (credited.clone(), refused.clone(), adjusted.clone());
        tasks.push(tokio::spawn(async move {
            for j in 0..CREDITS_PER_CREDITOR {
                let i = (t * CREDITS_PER_CREDITOR + j) % SHARED;
                let no = &shared[i];
                match client
                    .part_credit_invoice(&part_credit_req(no, vec![article("A", 1)]))
                    .await
                {
                    Ok(_) => {
                        credited[i].fetch_add(1, Ordering::SeqCst);
                    }
                    Err(e) => {
                        assert_eq!(code::<()>(Err(e)), "INVALID_QUANTITY");
                        refused[i].fetch_add(1, Ordering::SeqCst);
                    }
                }
                if j % 3 == 0 {
                    client
                        .adjust_invoice(&adjust_req(
                            no,
                            vec![row(&format!("ADJ-{t}-{j}"), 1, "0.07")],
                        ))
                        .await
                        .unwrap();
                    adjusted[i].fetch_add(1, Ordering::SeqCst);
                    created.add(0, 1);
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let attempts = CREDITORS * CREDITS_PER_CREDITOR / SHARED;
    for (i, no) in shared.iter().enumerate() {
        let credited = credited[i].load(Ordering::SeqCst);
        let refused = refused[i].load(Ordering::SeqCst);
        let adjusted = adjusted[i].load(Ordering::SeqCst);
        assert_eq!(
            (credited, refused),
            (SHARED_UNITS as usize, attempts - SHARED_UNITS as usize),
            "invoice {no}"
        );
        let inv = sim.invoice(no).unwrap();
        assert_eq!(inv.state, InvoiceState::Activated);
        assert_eq!(
            inv.rows[0].credited, SHARED_UNITS,
            "no unit credited twice or lost"
        );
        assert_eq!(inv.rows.len(), 2 + adjusted);
        // What is left: the B rows and the adjustments, to the cent.
        let expected = dec("16.50") + dec("0.07") * Decimal::from(adjusted as u64);
        assert_eq!(inv.total(), expected, "invoice {no}");
        assert_eq!(status(client, no).await, 3);
    }
}

/// Activate and part-activate racing for pending invoices: one wins, nothing is lost.
async fn activation_races(client: &Client, created: Arc<Created>, sim: &Simulator) {
    for _ in 0..RACED {
        let no = add(client, &created, vec![row("A", 4, "25.00")])
            .await
            .invoice_no;
        let racers: Vec<_> = (0..4)
            .map(|k| {
                let (client, no) = (client.clone(), no.clone());
                tokio::spawn(async move {
                    if k % 2 == 0 {
                        client
                            .activate_invoice(&activate_req(&no))
                            .await
                            .map(|r| (r.total_amount, None))
                    } else {
                        client
                            .part_activate_invoice(&part_activate_req(&no, vec![article("A", 1)]))
                            .await
                            .map(|r| {
                                let split = match r.new_invoice_no {
                                    Some(Nillable::Value(n)) => Some(n),
                                    _ => None,
                                };
                                (r.total_amount, split)
                            })
                    }
                })
            })
            .collect();
        let mut winners = Vec::new();
        for r in racers {
            match r.await.unwrap() {
                Ok(won) => winners.push(won),
                Err(e) => assert_eq!(code::<()>(Err(e)), "INVALID_INVOICE_STATUS"),
            }
        }
        assert_eq!(winners.len(), 1, "exactly one activation of {no} wins");
        let (activated, split) = winners.pop().unwrap();
        assert_eq!(status(client, &no).await, 3);
        assert_eq!(sim.invoice(&no).unwrap().total(), activated);
        let reserved = match &split {
            Some(split) => {
                created.add(1, 1);
                assert_eq!(status(client, split).await, 1);
                sim.invoice(split).unwrap().total()
            }
            None => Decimal::ZERO,
        };
        assert_eq!(
            activated + reserved,
            dec("100.00"),
            "{no}: activated {activated}, reserved {reserved}"
        );
    }
}

/// Whole lifecycles, every answer checked; plus requests the client refuses and raw invalid
/// envelopes.
async fn lifecycles(client: Client, created: Arc<Created>, addr: SocketAddr, worker: usize) {
    for l in 0..LIFECYCLES_PER_WORKER {
        let r = add(
            &client,
            &created,
            vec![row("A", 3, "12.50"), row("B", 1, "0.99")],
        )
        .await;
        assert_eq!(r.total_amount, Some(Nillable::Value(dec("38.49"))));
        assert_eq!(r.invoice_status, 1);
        let no = r.invoice_no;
        assert_eq!(status(&client, &no).await, 1);
        // Half of them are activated and credited, the others replaced and cancelled.
        let to_credit = (worker + l) % 2 != 1;
        if to_credit {
            let a = client.activate_invoice(&activate_req(&no)).await.unwrap();
            assert_eq!(a.total_amount, dec("38.49"));
            client
                .part_credit_invoice(&part_credit_req(&no, vec![article("A", 1)]))
                .await
                .unwrap();
            let s = client.send_invoice(&send_req(&no)).await.unwrap();
            assert_eq!(s.total_amount, Nillable::Value(dec("25.99")));
            client.credit_invoice(&credit_req(&no)).await.unwrap();
            assert_eq!(
                code(client.credit_invoice(&credit_req(&no)).await),
                "INVOICE_NOT_FOUND"
            );
            assert_eq!(status(&client, &no).await, 3);
        } else {
            client
                .set_order_number(&order_req(&no, &format!("ORDER-{worker}-{l}")))
                .await
                .unwrap();
            let r = client
                .replace_invoice(&replace_req(&no, vec![row("X", 2, "5")]))
                .await
                .unwrap();
            assert_eq!(r.total_amount, dec("10"));
            // Two rows replaced by one.
            created.rows.fetch_sub(1, Ordering::SeqCst);
            client.cancel_invoice(&cancel_req(&no)).await.unwrap();
            assert_eq!(status(&client, &no).await, 2);
        }
    }
    // Refused by the client, never sent.
    let mut bad = add_request(vec![row("A", 0, "10")]);
    bad.country_code = "sweden".to_owned();
    match client.add_invoice(&bad).await.as_ref().map_err(Error::kind) {
        Err(ErrorKind::Validation(v)) => {
            let text = v.to_string();
            assert!(
                text.contains("Quantity") && text.contains("CountryCode"),
                "{text}"
            );
        }
        other => panic!("not refused by the client: {other:?}"),
    }
    let mut bad = cancel_req("1");
    bad.correlation_id = "c".repeat(51);
    assert!(client
        .cancel_invoice(&bad)
        .await
        .is_err_and(|e| e.as_validation().is_some()));
    // Refused by the server.
    for (action, body, expected) in invalid_envelopes() {
        let (status, body) = post_raw(addr, action, body.into_bytes(), false).await;
        assert_eq!((status, fault_code_of(&body).as_str()), (500, expected));
    }
}

/// Every hostile body, in turn: a client fault (or 413), never a crash or a leak of a file.
async fn hostile(addr: SocketAddr, bodies: Arc<Vec<Hostile>>) {
    for (name, body, chunked, too_large) in bodies.iter() {
        let (status, answer) = post_raw(addr, None, body.clone(), *chunked).await;
        let expected = if *too_large { 413 } else { 500 };
        assert_eq!(status, expected, "{name}: {answer}");
        let code = fault_code_of(&answer);
        assert!(
            code == "s:Client" || code.starts_with("s:VALIDATION_"),
            "{name}: {code}"
        );
        assert!(!answer.contains("root:"), "{name}: {answer}");
    }
}

async fn round(
    sim: &ServerHandle<Simulator>,
    client: &Client,
    created: &Arc<Created>,
    bodies: &Arc<Vec<Hostile>>,
) {
    let addr = sim.addr();
    let mut tasks = Vec::new();
    for w in 0..WORKERS {
        tasks.push(tokio::spawn(lifecycles(
            client.clone(),
            created.clone(),
            addr,
            w,
        )));
    }
    for _ in 0..HOSTILE_TASKS {
        tasks.push(tokio::spawn(hostile(addr, bodies.clone())));
    }
    tokio::join!(
        credit_contention(client, created.clone(), sim.service()),
        activation_races(client, created.clone(), sim.service()),
    );
    for t in tasks {
        t.await.unwrap();
    }
}

/// Resident set size of this process, in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_and_soak() {
    let started = Instant::now();
    let sim = spawn_simulator().await.unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .username("USERNAME")
        .password("PASSWORD")
        .client_ip_address("127.0.0.1")
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let created = Arc::new(Created::default());
    let bodies = Arc::new(hostile_bodies());
    let mut rss = Vec::new();
    let run = async {
        for r in 0..ROUNDS {
            let t = Instant::now();
            round(&sim, &client, &created, &bodies).await;
            rss.push(rss_kib());
            eprintln!(
                "load: round {} in {:?}, RSS {:?} KiB",
                r + 1,
                t.elapsed(),
                rss[r]
            );
        }
    };
    tokio::time::timeout(TIME_BOUND, run)
        .await
        .expect("the load test stops within its time bound");

    // The state is exactly what the successful calls made: hostile and refused requests left
    // nothing behind.
    let invoices = sim.service().invoices();
    assert_eq!(invoices.len(), created.invoices.load(Ordering::SeqCst));
    let rows: usize = invoices.iter().map(|i| i.rows.len()).sum();
    assert_eq!(rows, created.rows.load(Ordering::SeqCst));
    // Memory: after the warm-up round, more rounds of the same do not grow it beyond a
    // generous bound.
    if let (Some(Some(first)), Some(Some(last))) = (rss.first(), rss.last()) {
        assert!(
            last.saturating_sub(*first) < RSS_GROWTH_BOUND_KIB,
            "RSS grew from {first} KiB to {last} KiB"
        );
    }
    // Still alive and answering.
    let no = add(&client, &created, vec![row("A", 1, "1")])
        .await
        .invoice_no;
    assert_eq!(status(&client, &no).await, 1);
    let (status, _) = post_raw(
        sim.addr(),
        Some(cancel_action()),
        cancel_envelope("USERNAME", "PASSWORD", "SE", &no).into_bytes(),
        false,
    )
    .await;
    assert_eq!(status, 200);
    eprintln!(
        "load: {} invoices, {rows} rows, {:?} in all",
        invoices.len() + 1,
        started.elapsed()
    );
    sim.shutdown().await;
}
