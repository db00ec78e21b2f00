//! What the client puts on the wire is valid against the schema, for all nineteen operations.
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
    Address::builder()
        .address1(text(50))
        .set_address2(some("Box 12"))
        .set_co_address(some("c/o Kund"))
        .set_city(some("Göteborg"))
        .set_company_name(some("Företag & Co AB"))
        .set_country_code(some("SE"))
        .set_email(some("kund+test@example.com"))
        .set_firstname(some("Åsa"))
        .set_lastname(some("O'Brien"))
        .set_mobile_phone(some("+46701234567"))
        .set_phone_number(some("031-123456"))
        .set_postal_code(some("41101"))
        .build()
        .unwrap()
}

fn empty_address() -> Address {
    Address::builder().build().unwrap()
}

fn rows() -> Vec<InvoiceRow> {
    vec![
        InvoiceRow::builder()
            .article_id(text(50))
            .description(text(50))
            .quantity(99_999_999)
            .set_quantity_unit(some("pcs"))
            .unit_price(dec("999999.99"))
            .vat(dec("100"))
            .build()
            .unwrap(),
        InvoiceRow::builder()
            .article_id(s("B"))
            .description(s("Rabatt"))
            .quantity(1)
            .unit_price(dec("-999999.99"))
            .vat(dec("0"))
            .build()
            .unwrap(),
        InvoiceRow::builder()
            .article_id(s("C"))
            .description(s(""))
            .quantity(3)
            .unit_price(dec("0.01"))
            .vat(dec("12.5"))
            .build()
            .unwrap(),
    ]
}

fn payment_info() -> PaymentInfo {
    PaymentInfo::builder()
        .bank_account(s("DEUTDEFF DE99203205004989123456"))
        .bank_account_type(BankAccountType::BicIban)
        .set_payment_reference(some("12345678901234567890"))
        .set_receiver_name(some("Mottagare AB"))
        .set_receiver_reg_number(some("5560000000"))
        .build()
        .unwrap()
}

fn articles() -> Vec<Article> {
    vec![
        Article::builder()
            .set_article_id(some("A"))
            .quantity(1)
            .build()
            .unwrap(),
        Article::builder()
            .description(text(50))
            .quantity(99_999_999)
            .unit_price(dec("-0.01"))
            .build()
            .unwrap(),
        Article::builder()
            .set_article_id(some("C"))
            .set_description(some("Rabatt"))
            .quantity(2)
            .unit_price(dec("999999.99"))
            .build()
            .unwrap(),
    ]
}

fn add_invoice_full() -> AddInvoiceRequest {
    AddInvoiceRequest::builder()
        .activation_option(ActivationOption::PrePaid)
        .set_correlation_id(Some(val(text(50))))
        .set_cost_center(Some(val(s("CC-1"))))
        .country_code(s("SE"))
        .set_credit_time(Some(val(99)))
        .currency(s("SEK"))
        .set_customer_no(Some(val(s("C-123"))))
        .delivery_address(full_address())
        .set_gender(Some(val(1)))
        .invoice_address(full_address())
        .invoice_delivery_method(InvoiceDeliveryMethod::RegularPost)
        .set_invoice_rows(Some(rows()))
        .invoice_type(InvoiceType::AnnuityInvoice)
        .order_date(date_time("2024-02-29T23:59:59.123+01:00"))
        .set_order_no(Some(val(s("ORDER-1"))))
        .set_payment_info(Some(val(payment_info())))
        .set_product_code(Some(val(s("P1"))))
        .set_purchase_type(Some(val(0)))
        .set_reference(Some(val(s("Ref <1>"))))
        .reg_no(s("197001011234"))
        .set_sales_person(Some(val(s("Säljare"))))
        .set_store_id(Some(val(i32::MAX)))
        .build()
        .unwrap()
}

fn add_invoice_minimal() -> AddInvoiceRequest {
    AddInvoiceRequest::builder()
        .activation_option(ActivationOption::Preliminary)
        .correlation_id_nil()
        .country_code(s("NO"))
        .credit_time_nil()
        .currency(s("NOK"))
        .delivery_address(empty_address())
        .invoice_address(empty_address())
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(vec![InvoiceRow::builder()
            .article_id(s("A"))
            .description(s("d"))
            .quantity(1)
            .unit_price(dec("1"))
            .vat(dec("25"))
            .build()
            .unwrap()]))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(date_time("2024-05-01T12:00:00Z"))
        .payment_info_nil()
        .reg_no(s(""))
        .build()
        .unwrap()
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
            CancelInvoiceRequest::builder()
                .correlation_id(text(50))
                .country_code(s("FI"))
                .invoice_no(text(50))
                .store_id(i32::MAX)
                .build()
                .unwrap(),
        ),
        (
            "CancelInvoice-minimal",
            CancelInvoiceRequest::builder()
                .correlation_id(s(""))
                .country_code(s("SE"))
                .invoice_no(no())
                .store_id(0)
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::CancelInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "ActivateInvoice-full",
            ActivateInvoiceRequest::builder()
                .correlation_id(s("act"))
                .country_code(s("SE"))
                .invoice_no(no())
                .payment_info(payment_info())
                .store_id(1)
                .build()
                .unwrap(),
        ),
        (
            "ActivateInvoice-minimal",
            ActivateInvoiceRequest::builder()
                .correlation_id(s(""))
                .country_code(s("DK"))
                .invoice_no(no())
                .store_id(0)
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::ActivateInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "PartActivateInvoice-full",
            PartActivateInvoiceRequest::builder()
                .set_article_list(Some(articles()))
                .correlation_id(s("pa"))
                .country_code(s("SE"))
                .invoice_no(no())
                .payment_info(payment_info())
                .store_id(1234)
                .build()
                .unwrap(),
        ),
        (
            "PartActivateInvoice-minimal",
            PartActivateInvoiceRequest::builder()
                .set_article_list(Some(vec![Article::builder()
                    .set_article_id(some("A"))
                    .quantity(1)
                    .build()
                    .unwrap()]))
                .correlation_id(s(""))
                .country_code(s("SE"))
                .invoice_no(no())
                .store_id(0)
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::PartActivateInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "CreditInvoice-full",
            CreditInvoiceRequest::builder()
                .set_correlation_id(Some(val(s("credit"))))
                .country_code(s("SE"))
                .credit_date(DateOrDateTime::DateTime(date_time(
                    "2024-05-02T10:00:00.5-05:00",
                )))
                .invoice_no(no())
                .set_settlement_reference(Some(val(text(50))))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "CreditInvoice-minimal",
            CreditInvoiceRequest::builder()
                .correlation_id_nil()
                .country_code(s("SE"))
                .credit_date(DateOrDateTime::Date(date("2024-05-02")))
                .invoice_no(no())
                .settlement_reference_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::CreditInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "PartCreditInvoice-full",
            PartCreditInvoiceRequest::builder()
                .set_article_list(Some(articles()))
                .set_correlation_id(Some(val(s("pc"))))
                .country_code(s("SE"))
                .credit_date(DateOrDateTime::Date(date("2024-12-31")))
                .invoice_no(no())
                .set_settlement_reference(Some(val(s("111"))))
                .set_store_id(Some(val(0)))
                .build()
                .unwrap(),
        ),
        (
            "PartCreditInvoice-minimal",
            PartCreditInvoiceRequest::builder()
                .set_article_list(Some(vec![Article::builder()
                    .set_description(some("d"))
                    .quantity(1)
                    .build()
                    .unwrap()]))
                .country_code(s("SE"))
                .credit_date(DateOrDateTime::DateTime(date_time("2024-05-02T00:00:00")))
                .invoice_no(no())
                .settlement_reference_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::PartCreditInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "AdjustInvoice-full",
            AdjustInvoiceRequest::builder()
                .set_correlation_id(Some(val(s("adj"))))
                .country_code(s("SE"))
                .invoice_no(no())
                .set_invoice_rows(Some(rows()))
                .set_purchase_classification(Some(val(text(50))))
                .set_settlement_reference(Some(val(s("222"))))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "AdjustInvoice-minimal",
            AdjustInvoiceRequest::builder()
                .correlation_id_nil()
                .country_code(s("SE"))
                .invoice_no(no())
                .set_invoice_rows(Some(vec![InvoiceRow::builder()
                    .article_id(s("X"))
                    .description(s("Adj"))
                    .quantity(1)
                    .unit_price(dec("-5"))
                    .vat(dec("25"))
                    .build()
                    .unwrap()]))
                .purchase_classification_nil()
                .settlement_reference_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::AdjustInvoice>(label, &r).await;
    }

    h.send::<operations::ExtendDueDate>(
        "ExtendDueDate",
        &ExtendDueDateRequest::builder()
            .correlation_id(s("ext"))
            .country_code(s("SE"))
            .invoice_no(no())
            .store_id(1234)
            .build()
            .unwrap(),
    )
    .await;

    for (label, r) in [
        (
            "ReplaceInvoice-full",
            ReplaceInvoiceRequest::builder()
                .correlation_id(text(50))
                .country_code(s("SE"))
                .invoice_no(no())
                .set_invoice_rows(Some(rows()))
                .set_purchase_classification(Some(val(s("pc"))))
                .store_id(1234)
                .build()
                .unwrap(),
        ),
        (
            "ReplaceInvoice-minimal",
            ReplaceInvoiceRequest::builder()
                .correlation_id(s(""))
                .country_code(s("SE"))
                .invoice_no(no())
                .set_invoice_rows(Some(vec![InvoiceRow::builder()
                    .article_id(s("A"))
                    .description(s("d"))
                    .quantity(1)
                    .unit_price(dec("10"))
                    .vat(dec("25"))
                    .build()
                    .unwrap()]))
                .purchase_classification_nil()
                .store_id(0)
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::ReplaceInvoice>(label, &r).await;
    }

    for (label, r) in [
        (
            "SendInvoice-email",
            SendInvoiceRequest::builder()
                .correlation_id(s("send"))
                .country_code(s("SE"))
                .email(format!("{}@example.com", "a".repeat(248)))
                .invoice_delivery_method(InvoiceDeliveryMethod::Email)
                .invoice_no(no())
                .store_id(1234)
                .build()
                .unwrap(),
        ),
        (
            "SendInvoice-post",
            SendInvoiceRequest::builder()
                .correlation_id(s(""))
                .country_code(s("SE"))
                .email(s(""))
                .invoice_delivery_method(InvoiceDeliveryMethod::RegularPost)
                .invoice_no(no())
                .store_id(0)
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::SendInvoice>(label, &r).await;
    }

    h.send::<operations::GetInvoiceInformation>(
        "GetInvoiceInformation",
        &GetInvoiceInformationRequest::builder()
            .correlation_id(s("info"))
            .country_code(s("SE"))
            .invoice_no(no())
            .store_id(1234)
            .build()
            .unwrap(),
    )
    .await;

    for (label, r) in [
        (
            "SetOrderNumber-full",
            SetOrderNumberRequest::builder()
                .set_correlation_id(Some(val(s("ord"))))
                .country_code(s("SE"))
                .invoice_no(no())
                .new_order_number(s("12345678901234567890"))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "SetOrderNumber-minimal",
            SetOrderNumberRequest::builder()
                .correlation_id_nil()
                .country_code(s("SE"))
                .invoice_no(no())
                .new_order_number(s(""))
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::SetOrderNumber>(label, &r).await;
    }

    // The checkout operations (issue 11): full and minimal forms of each.
    for (label, r) in [
        (
            "GetAddress",
            GetAddressRequest::builder()
                .correlation_id(text(50))
                .country_code(s("SE"))
                .reg_no(s("195001182046"))
                .store_id(1234)
                .build()
                .unwrap(),
        ),
        (
            "GetAddress-minimal",
            GetAddressRequest::builder()
                .correlation_id(s(""))
                .country_code(s("SE"))
                .reg_no(s(""))
                .store_id(0)
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::GetAddress>(label, &r).await;
    }

    for (label, r) in [
        (
            "GetProducts-full",
            GetProductsRequest::builder()
                .set_amount(Some(val(dec("999999.99"))))
                .set_correlation_id(Some(val(text(50))))
                .country_code(s("SE"))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "GetProducts-minimal",
            GetProductsRequest::builder()
                .amount_nil()
                .correlation_id_nil()
                .country_code(s("NO"))
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::GetProducts>(label, &r).await;
    }

    for (label, r) in [
        (
            "CreateAccount-full",
            CreateAccountRequest::builder()
                .set_correlation_id(Some(val(s("acc"))))
                .country_code(s("SE"))
                .set_integration_id(Some(val(text(128))))
                .set_reg_no(Some(val(s("19500118-2046"))))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "CreateAccount-minimal",
            CreateAccountRequest::builder()
                .correlation_id_nil()
                .country_code(s("SE"))
                .integration_id_nil()
                .reg_no_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::CreateAccount>(label, &r).await;
    }

    for (label, r) in [
        (
            "SetReservation-full",
            SetReservationRequest::builder()
                .set_company_email_authorized_signatory(Some(val(format!(
                    "{}@example.com",
                    "a".repeat(88)
                ))))
                .set_company_personal_guarantee(Some(val(true)))
                .set_company_reg_no_authorized_signatory(Some(val(s("195001182046"))))
                .correlation_id(text(50))
                .country_code(s("SE"))
                .currency(s("SEK"))
                .set_integration_id(Some(val(text(128))))
                .set_purchase_classification(Some(val(text(50))))
                .reg_no(s("5560000001"))
                .reserved_amount(dec("999999.99"))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "SetReservation-minimal",
            SetReservationRequest::builder()
                .company_email_authorized_signatory_nil()
                .company_personal_guarantee_nil()
                .company_reg_no_authorized_signatory_nil()
                .correlation_id(s(""))
                .country_code(s("DK"))
                .currency(s("DKK"))
                .reg_no(s(""))
                .reserved_amount(dec("0.01"))
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::SetReservation>(label, &r).await;
    }

    for (label, r) in [
        (
            "ActivateReservation-full",
            ActivateReservationRequest::builder()
                .set_correlation_id(Some(val(s("ar"))))
                .country_code(s("SE"))
                .set_integration_id(Some(val(text(128))))
                .set_reg_no(Some(val(text(50))))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "ActivateReservation-minimal",
            ActivateReservationRequest::builder()
                .correlation_id_nil()
                .country_code(s("SE"))
                .integration_id_nil()
                .reg_no_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::ActivateReservation>(label, &r).await;
    }

    for (label, r) in [
        (
            "GetReservations-full",
            GetReservationsRequest::builder()
                .set_correlation_id(Some(val(s("gr"))))
                .country_code(s("SE"))
                .set_integration_id(Some(val(text(128))))
                .set_reg_no(Some(val(s("195001182046"))))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "GetReservations-minimal",
            GetReservationsRequest::builder()
                .correlation_id_nil()
                .country_code(s("FI"))
                .integration_id_nil()
                .reg_no_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::GetReservations>(label, &r).await;
    }

    for (label, r) in [
        (
            // The documented example body (research §3.17).
            "CancelReservation-documented",
            CancelReservationRequest::builder()
                .set_correlation_id(Some(val(s("CancelReservationV10"))))
                .country_code(s("SE"))
                .integration_id_nil()
                .set_reg_no(Some(val(s("195001182046"))))
                .set_store_id(Some(val(1234)))
                .build()
                .unwrap(),
        ),
        (
            "CancelReservation-full",
            CancelReservationRequest::builder()
                .set_correlation_id(Some(val(text(50))))
                .country_code(s("SE"))
                .set_integration_id(Some(val(text(50))))
                .set_reg_no(Some(val(text(50))))
                .set_store_id(Some(val(0)))
                .build()
                .unwrap(),
        ),
    ] {
        h.send::<operations::CancelReservation>(label, &r).await;
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
    let mut request = CancelInvoiceRequest::builder()
        .correlation_id(s("c"))
        .country_code(s("SE"))
        .invoice_no(s("1"))
        .store_id(1)
        .build()
        .unwrap();
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
