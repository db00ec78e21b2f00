//! What the client puts on the wire is valid against the schema, for all twelve operations.
//!
//! Each request is sent by the real [`Client`] to a recording HTTP server on 127.0.0.1, which
//! answers every call with a SOAP fault. The recorded body is then checked: its `Body` payload
//! and each SOAP header element are validated with `xmllint --noout --schema
//! wsdl/PaymentServiceV10.xsd0.xsd`, and the `SOAPAction` header is the one the WSDL's binding
//! declares for the operation. Every operation is sent twice, once with every optional element
//! present (values at facet edges, markup characters, multi-byte text) and once minimal
//! (optional elements absent, nillable ones nil); the five documented seed requests are sent too.
//! If `xmllint` is not installed the schema check is skipped with a notice, unless `CI` or
//! `REQUIRE_XMLLINT` is set: then it fails (scripts/test.sh
//! installs it); the recording and SOAPAction checks still run.

use integration_tests::codec::*;
use payment_service::runtime::{CallOperation, Nillable, Operation};
use payment_service::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const WSDL_SOAP_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const FAULT: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:RECORDED</faultcode><faultstring xml:lang="en-US">Recorded.</faultstring></s:Fault></s:Body></s:Envelope>"#;

/// A request as received: the `SOAPAction` header and the body.
#[derive(Clone, Debug)]
struct Recorded {
    soap_action: Option<String>,
    body: String,
}

/// Accepts connections on 127.0.0.1, records each request and answers with [`FAULT`].
async fn recording_server() -> (String, Arc<Mutex<Vec<Recorded>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/PaymentServiceV10.svc",
        listener.local_addr().unwrap()
    );
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let sink = sink.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                // Headers, then Content-Length bytes of body.
                let (head_len, content_length) = loop {
                    let Ok(n) = stream.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| {
                                l.strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        break (i + 4, len);
                    }
                };
                while buf.len() < head_len + content_length {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf[..head_len]).into_owned();
                let soap_action = head.lines().find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("soapaction")
                        .then(|| value.trim().to_owned())
                });
                let body =
                    String::from_utf8_lossy(&buf[head_len..head_len + content_length]).into_owned();
                sink.lock().unwrap().push(Recorded { soap_action, body });
                let reply = format!(
                    "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{FAULT}",
                    FAULT.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (url, log)
}

/// `operation name → "soapAction"` from the binding in wsdl/PaymentServiceV10.wsdl.
fn wsdl_soap_actions() -> BTreeMap<String, String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl/PaymentServiceV10.wsdl");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((WSDL_NS, "binding")))
        .flat_map(|b| {
            b.children()
                .filter(|n| n.has_tag_name((WSDL_NS, "operation")))
        })
        .filter_map(|op| {
            let action = op
                .children()
                .find(|n| n.has_tag_name((WSDL_SOAP_NS, "operation")))?
                .attribute("soapAction")?;
            Some((op.attribute("name")?.to_owned(), action.to_owned()))
        })
        .collect()
}

/// Each SOAP header element of `envelope` as a standalone document.
fn header_payloads(envelope: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(envelope).unwrap();
    let Some(header) = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name((SOAP_ENV, "Header")))
    else {
        return Vec::new();
    };
    header
        .children()
        .filter(|n| n.is_element())
        .map(|h| {
            let name = h.tag_name().name().to_owned();
            let ns = h.tag_name().namespace().unwrap_or("");
            let mut text = String::new();
            for c in h.text().unwrap_or("").chars() {
                match c {
                    '&' => text.push_str("&amp;"),
                    '<' => text.push_str("&lt;"),
                    '>' => text.push_str("&gt;"),
                    '\r' => text.push_str("&#13;"),
                    c => text.push(c),
                }
            }
            (name.clone(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<h:{name} xmlns:h=\"{ns}\">{text}</h:{name}>\n"))
        })
        .collect()
}

/// The requests sent and recorded, by label.
struct Sent {
    label: String,
    operation: &'static str,
    recorded: Recorded,
}

struct Harness {
    client: Client,
    log: Arc<Mutex<Vec<Recorded>>>,
    sent: Vec<Sent>,
}

impl Harness {
    /// Sends `request` with the client; it must reach the server (not fail validation).
    async fn send<O: Operation<Headers = SoapHeaders>>(
        &mut self,
        label: &str,
        request: &O::Request,
    ) {
        let before = self.log.lock().unwrap().len();
        match CallOperation::call::<O>(&self.client, request).await {
            Err(e) if e.fault_code().is_some_and(|c| c.as_str() == "RECORDED") => {}
            Err(e) => panic!("{label}: expected the recording server's fault, got {e}"),
            Ok(_) => panic!("{label}: expected the recording server's fault, got a response"),
        }
        let log = self.log.lock().unwrap();
        assert_eq!(log.len(), before + 1, "{label}: one request recorded");
        self.sent.push(Sent {
            label: label.to_owned(),
            operation: O::INFO.name,
            recorded: log[before].clone(),
        });
    }
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn val<T>(v: T) -> Nillable<T> {
    Nillable::Value(v)
}

/// `n` characters, multi-byte, with markup characters in it.
fn text(n: usize) -> String {
    let base: Vec<char> = "Åä<ö>&\"'中😀 x".chars().collect();
    (0..n).map(|i| base[i % base.len()]).collect()
}

fn full_address() -> Address {
    Address {
        address1: Some(text(50)),
        address2: some("Box 12"),
        co_address: some("c/o Kund"),
        city: some("Göteborg"),
        company_name: some("Företag & Co AB"),
        country_code: some("SE"),
        email: some("kund+test@example.com"),
        firstname: some("Åsa"),
        lastname: some("O'Brien"),
        mobile_phone: some("+46701234567"),
        phone_number: some("031-123456"),
        postal_code: some("41101"),
    }
}

fn empty_address() -> Address {
    Address {
        address1: None,
        address2: None,
        co_address: None,
        city: None,
        company_name: None,
        country_code: None,
        email: None,
        firstname: None,
        lastname: None,
        mobile_phone: None,
        phone_number: None,
        postal_code: None,
    }
}

fn rows() -> Vec<InvoiceRow> {
    vec![
        InvoiceRow {
            article_id: text(50),
            description: text(50),
            quantity: 99_999_999,
            quantity_unit: some("pcs"),
            unit_price: dec("999999.99"),
            vat: dec("100"),
        },
        InvoiceRow {
            article_id: s("B"),
            description: s("Rabatt"),
            quantity: 1,
            quantity_unit: None,
            unit_price: dec("-999999.99"),
            vat: dec("0"),
        },
        InvoiceRow {
            article_id: s("C"),
            description: s(""),
            quantity: 3,
            quantity_unit: None,
            unit_price: dec("0.01"),
            vat: dec("12.5"),
        },
    ]
}

fn payment_info() -> PaymentInfo {
    PaymentInfo {
        bank_account: s("DEUTDEFF DE99203205004989123456"),
        bank_account_type: BankAccountType::BicIban,
        payment_reference: some("12345678901234567890"),
        receiver_name: some("Mottagare AB"),
        receiver_reg_number: some("5560000000"),
    }
}

fn articles() -> Vec<Article> {
    vec![
        Article {
            article_id: some("A"),
            description: None,
            quantity: 1,
            unit_price: None,
        },
        Article {
            article_id: None,
            description: Some(text(50)),
            quantity: 99_999_999,
            unit_price: Some(dec("-0.01")),
        },
        Article {
            article_id: some("C"),
            description: some("Rabatt"),
            quantity: 2,
            unit_price: Some(dec("999999.99")),
        },
    ]
}

fn add_invoice_full() -> AddInvoiceRequest {
    AddInvoiceRequest {
        activation_option: ActivationOption::PrePaid,
        correlation_id: Some(val(text(50))),
        cost_center: Some(val(s("CC-1"))),
        country_code: s("SE"),
        credit_time: Some(val(99)),
        currency: s("SEK"),
        customer_no: Some(val(s("C-123"))),
        delivery_address: full_address(),
        gender: Some(val(1)),
        invoice_address: full_address(),
        invoice_delivery_method: InvoiceDeliveryMethod::RegularPost,
        invoice_rows: rows(),
        invoice_type: InvoiceType::AnnuityInvoice,
        order_date: date_time("2024-02-29T23:59:59.123+01:00"),
        order_no: Some(val(s("ORDER-1"))),
        payment_info: Some(val(payment_info())),
        product_code: Some(val(s("P1"))),
        purchase_type: Some(val(0)),
        reference: Some(val(s("Ref <1>"))),
        reg_no: s("197001011234"),
        sales_person: Some(val(s("Säljare"))),
        store_id: Some(val(i32::MAX)),
    }
}

fn add_invoice_minimal() -> AddInvoiceRequest {
    AddInvoiceRequest {
        activation_option: ActivationOption::Preliminary,
        correlation_id: Some(Nillable::Nil),
        cost_center: None,
        country_code: s("NO"),
        credit_time: Some(Nillable::Nil),
        currency: s("NOK"),
        customer_no: None,
        delivery_address: empty_address(),
        gender: None,
        invoice_address: empty_address(),
        invoice_delivery_method: InvoiceDeliveryMethod::Email,
        invoice_rows: vec![InvoiceRow {
            article_id: s("A"),
            description: s("d"),
            quantity: 1,
            quantity_unit: None,
            unit_price: dec("1"),
            vat: dec("25"),
        }],
        invoice_type: InvoiceType::DirectInvoice,
        order_date: date_time("2024-05-01T12:00:00Z"),
        order_no: None,
        payment_info: Some(Nillable::Nil),
        product_code: None,
        purchase_type: None,
        reference: None,
        reg_no: s(""),
        sales_person: None,
        store_id: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_the_client_sends_is_valid_against_the_xsd() {
    let (url, log) = recording_server().await;
    let client = Client::builder()
        .endpoint(&url)
        .username(text(50))
        .password("pass<&>word")
        .client_ip_address("2001:db8::1")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut h = Harness {
        client,
        log,
        sent: Vec::new(),
    };
    let no = || s("62400001");

    h.send::<operations::AddInvoice>("AddInvoice-full", &add_invoice_full())
        .await;
    h.send::<operations::AddInvoice>("AddInvoice-minimal", &add_invoice_minimal())
        .await;

    for (label, r) in [
        (
            "CancelInvoice-full",
            CancelInvoiceRequest {
                correlation_id: text(50),
                country_code: s("FI"),
                invoice_no: text(50),
                store_id: i32::MAX,
            },
        ),
        (
            "CancelInvoice-minimal",
            CancelInvoiceRequest {
                correlation_id: s(""),
                country_code: s("SE"),
                invoice_no: no(),
                store_id: 0,
            },
        ),
    ] {
        h.send::<operations::CancelInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "ActivateInvoice-full",
            ActivateInvoiceRequest {
                correlation_id: s("act"),
                country_code: s("SE"),
                invoice_no: no(),
                payment_info: Some(payment_info()),
                store_id: 1,
            },
        ),
        (
            "ActivateInvoice-minimal",
            ActivateInvoiceRequest {
                correlation_id: s(""),
                country_code: s("DK"),
                invoice_no: no(),
                payment_info: None,
                store_id: 0,
            },
        ),
    ] {
        h.send::<operations::ActivateInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "PartActivateInvoice-full",
            PartActivateInvoiceRequest {
                article_list: articles(),
                correlation_id: s("pa"),
                country_code: s("SE"),
                invoice_no: no(),
                payment_info: Some(payment_info()),
                store_id: 1234,
            },
        ),
        (
            "PartActivateInvoice-minimal",
            PartActivateInvoiceRequest {
                article_list: vec![Article {
                    article_id: some("A"),
                    description: None,
                    quantity: 1,
                    unit_price: None,
                }],
                correlation_id: s(""),
                country_code: s("SE"),
                invoice_no: no(),
                payment_info: None,
                store_id: 0,
            },
        ),
    ] {
        h.send::<operations::PartActivateInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "CreditInvoice-full",
            CreditInvoiceRequest {
                correlation_id: val(s("credit")),
                country_code: s("SE"),
                credit_date: DateOrDateTime::DateTime(date_time("2024-05-02T10:00:00.5-05:00")),
                invoice_no: no(),
                settlement_reference: val(text(50)),
                store_id: val(1234),
            },
        ),
        (
            "CreditInvoice-minimal",
            CreditInvoiceRequest {
                correlation_id: Nillable::Nil,
                country_code: s("SE"),
                credit_date: DateOrDateTime::Date(date("2024-05-02")),
                invoice_no: no(),
                settlement_reference: Nillable::Nil,
                store_id: Nillable::Nil,
            },
        ),
    ] {
        h.send::<operations::CreditInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "PartCreditInvoice-full",
            PartCreditInvoiceRequest {
                article_list: articles(),
                correlation_id: Some(val(s("pc"))),
                country_code: s("SE"),
                credit_date: DateOrDateTime::Date(date("2024-12-31")),
                invoice_no: no(),
                settlement_reference: val(s("111")),
                store_id: val(0),
            },
        ),
        (
            "PartCreditInvoice-minimal",
            PartCreditInvoiceRequest {
                article_list: vec![Article {
                    article_id: None,
                    description: some("d"),
                    quantity: 1,
                    unit_price: None,
                }],
                correlation_id: None,
                country_code: s("SE"),
                credit_date: DateOrDateTime::DateTime(date_time("2024-05-02T00:00:00")),
                invoice_no: no(),
                settlement_reference: Nillable::Nil,
                store_id: Nillable::Nil,
            },
        ),
    ] {
        h.send::<operations::PartCreditInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "AdjustInvoice-full",
            AdjustInvoiceRequest {
                correlation_id: val(s("adj")),
                country_code: s("SE"),
                invoice_no: no(),
                invoice_rows: rows(),
                purchase_classification: val(text(50)),
                settlement_reference: val(s("222")),
                store_id: val(1234),
            },
        ),
        (
            "AdjustInvoice-minimal",
            AdjustInvoiceRequest {
                correlation_id: Nillable::Nil,
                country_code: s("SE"),
                invoice_no: no(),
                invoice_rows: vec![InvoiceRow {
                    article_id: s("X"),
                    description: s("Adj"),
                    quantity: 1,
                    quantity_unit: None,
                    unit_price: dec("-5"),
                    vat: dec("25"),
                }],
                purchase_classification: Nillable::Nil,
                settlement_reference: Nillable::Nil,
                store_id: Nillable::Nil,
            },
        ),
    ] {
        h.send::<operations::AdjustInvoice>(label, &r).await;
    }

    h.send::<operations::ExtendDueDate>(
        "ExtendDueDate",
        &ExtendDueDateRequest {
            correlation_id: s("ext"),
            country_code: s("SE"),
            invoice_no: no(),
            store_id: 1234,
        },
    )
    .await;

    for (label, r) in [
        (
            "ReplaceInvoice-full",
            ReplaceInvoiceRequest {
                correlation_id: text(50),
                country_code: s("SE"),
                invoice_no: no(),
                invoice_rows: rows(),
                purchase_classification: val(s("pc")),
                store_id: 1234,
            },
        ),
        (
            "ReplaceInvoice-minimal",
            ReplaceInvoiceRequest {
                correlation_id: s(""),
                country_code: s("SE"),
                invoice_no: no(),
                invoice_rows: vec![InvoiceRow {
                    article_id: s("A"),
                    description: s("d"),
                    quantity: 1,
                    quantity_unit: None,
                    unit_price: dec("10"),
                    vat: dec("25"),
                }],
                purchase_classification: Nillable::Nil,
                store_id: 0,
            },
        ),
    ] {
        h.send::<operations::ReplaceInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "SendInvoice-email",
            SendInvoiceRequest {
                correlation_id: s("send"),
                country_code: s("SE"),
                email: format!("{}@example.com", "a".repeat(248)),
                invoice_delivery_method: InvoiceDeliveryMethod::Email,
                invoice_no: no(),
                store_id: 1234,
            },
        ),
        (
            "SendInvoice-post",
            SendInvoiceRequest {
                correlation_id: s(""),
                country_code: s("SE"),
                email: s(""),
                invoice_delivery_method: InvoiceDeliveryMethod::RegularPost,
                invoice_no: no(),
                store_id: 0,
            },
        ),
    ] {
        h.send::<operations::SendInvoice>(label, &r).await;
    }

    h.send::<operations::GetInvoiceInformation>(
        "GetInvoiceInformation",
        &GetInvoiceInformationRequest {
            correlation_id: s("info"),
            country_code: s("SE"),
            invoice_no: no(),
            store_id: 1234,
        },
    )
    .await;

    for (label, r) in [
        (
            "SetOrderNumber-full",
            SetOrderNumberRequest {
                correlation_id: val(s("ord")),
                country_code: s("SE"),
                invoice_no: no(),
                new_order_number: s("12345678901234567890"),
                store_id: val(1234),
            },
        ),
        (
            "SetOrderNumber-minimal",
            SetOrderNumberRequest {
                correlation_id: Nillable::Nil,
                country_code: s("SE"),
                invoice_no: no(),
                new_order_number: s(""),
                store_id: Nillable::Nil,
            },
        ),
    ] {
        h.send::<operations::SetOrderNumber>(label, &r).await;
    }

    // The documented example requests of the five seed operations.
    for op in SEED_OPS {
        let (_, request) = documented_request(op);
        let label = format!("{op}-documented");
        match request {
            SeedRequest::CancelInvoice(r) => h.send::<operations::CancelInvoice>(&label, &r).await,
            SeedRequest::ReplaceInvoice(r) => {
                h.send::<operations::ReplaceInvoice>(&label, &r).await
            }
            SeedRequest::PartCreditInvoice(r) => {
                h.send::<operations::PartCreditInvoice>(&label, &r).await
            }
            SeedRequest::SendInvoice(r) => h.send::<operations::SendInvoice>(&label, &r).await,
            SeedRequest::AdjustInvoice(r) => h.send::<operations::AdjustInvoice>(&label, &r).await,
        }
    }

    // Every operation of the WSDL was sent.
    for info in operations::ALL {
        assert!(
            h.sent.iter().any(|s| s.operation == info.name),
            "{} was not sent",
            info.name
        );
    }

    // The SOAPAction of each request is the one the WSDL binding declares.
    let actions = wsdl_soap_actions();
    assert_eq!(actions.len(), operations::ALL.len(), "{actions:?}");
    for sent in &h.sent {
        let expected = format!("\"{}\"", actions[sent.operation]);
        assert_eq!(
            sent.recorded.soap_action.as_deref(),
            Some(expected.as_str()),
            "{}",
            sent.label
        );
    }

    // Headers sent as declared: ClientIpAddress only where the binding has it.
    for sent in &h.sent {
        let names: Vec<String> = header_payloads(&sent.recorded.body)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let info = operations::ALL
            .iter()
            .find(|o| o.name == sent.operation)
            .unwrap();
        let declared: Vec<&str> = info.headers.iter().map(|h| h.name).collect();
        assert_eq!(names, declared, "{}: headers", sent.label);
    }

    if !xmllint_for(&format!(
        "the XSD validation of the {} recorded requests",
        h.sent.len()
    )) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut sources = Vec::new();
    for sent in &h.sent {
        let name = format!("{}.body.xml", sent.label);
        std::fs::write(dir.path().join(&name), body_payload(&sent.recorded.body)).unwrap();
        files.push(dir.path().join(&name));
        sources.push((name, body_payload(&sent.recorded.body)));
        for (header, xml) in header_payloads(&sent.recorded.body) {
            let name = format!("{}.header-{header}.xml", sent.label);
            std::fs::write(dir.path().join(&name), &xml).unwrap();
            files.push(dir.path().join(&name));
            sources.push((name, xml));
        }
    }
    if let Err(report) = xmllint_validate(&files) {
        let failing: Vec<String> = sources
            .iter()
            .filter(|(name, _)| report.contains(&format!("{name} fails to validate")))
            .map(|(name, xml)| format!("--- {name}:\n{xml}"))
            .collect();
        panic!("{report}\n{}", failing.join("\n"));
    }
    eprintln!(
        "xmllint: {} documents from {} requests of {} operations validate",
        files.len(),
        h.sent.len(),
        operations::ALL.len()
    );
}

/// The check is not vacuous: xmllint rejects a body the schema forbids.
#[test]
fn xmllint_rejects_an_invalid_body() {
    if !xmllint_for("checking that xmllint rejects an invalid body") {
        return;
    }
    let headers = documented_headers(None);
    let mut request = CancelInvoiceRequest {
        correlation_id: s("c"),
        country_code: s("SE"),
        invoice_no: s("1"),
        store_id: 1,
    };
    let valid = body_payload(&payment_service::runtime::encode_request::<
        operations::CancelInvoice,
    >(&headers, &request));
    request.country_code = s("se");
    let invalid = body_payload(&payment_service::runtime::encode_request::<
        operations::CancelInvoice,
    >(&headers, &request));
    let dir = tempfile::tempdir().unwrap();
    let (ok, bad) = (dir.path().join("ok.xml"), dir.path().join("bad.xml"));
    std::fs::write(&ok, valid).unwrap();
    std::fs::write(&bad, invalid).unwrap();
    assert!(xmllint_validate(&[ok]).is_ok());
    let report = xmllint_validate(&[bad]).expect_err("a lower-case country code is invalid");
    assert!(report.contains("CountryCode"), "{report}");
}
