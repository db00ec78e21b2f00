//! The simulator answers in the documented wire form (NOTES.md J94): the five documented seed
//! responses, compared as text with what the simulator sends for the same calls over HTTP.
//!
//! Both sides are compared after removing the whitespace between tags (the documentation's
//! examples are indented, the simulator writes none). CancelInvoice is compared byte for byte,
//! values included (same CorrelationId); the others apart from the text of their elements,
//! which depends on the invoice. A fault keeps WCF's `s:Fault` form.

use integration_tests::codec::{fixture, SEED_OPS};
use payment_service::runtime::{encode_request, Nillable, Operation, XsDate, XsDateTime};
use payment_service::server::{spawn_simulator, ServerHandle};
use payment_service::simulator::Simulator;
use payment_service::*;
use std::str::FromStr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn headers() -> SoapHeaders {
    SoapHeaders::default()
        .with_username("USERNAME")
        .with_password("PASSWORD")
        .with_client_ip_address("127.0.0.1")
}

/// The body the simulator answers `request` with, as sent.
async fn call<O: Operation<Headers = SoapHeaders>>(
    sim: &ServerHandle<Simulator>,
    request: &O::Request,
) -> (u16, String) {
    let body = encode_request::<O>(&headers(), request);
    let addr = sim.addr();
    let req = format!(
        "POST /PaymentServiceV10.svc HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\n\
         SOAPAction: \"{}\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        O::INFO.soap_action,
        body.len()
    );
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8(buf).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (
        head.split_whitespace().nth(1).unwrap().parse().unwrap(),
        body.to_owned(),
    )
}

/// `xml` without the whitespace between tags.
fn compact(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.trim().split('<').filter(|p| !p.is_empty()) {
        let (tag, text) = piece.split_once('>').unwrap();
        out.push('<');
        out.push_str(tag);
        out.push('>');
        out.push_str(if text.trim().is_empty() { "" } else { text });
    }
    out
}

/// `xml` (compact) with every element's text replaced by `…`.
fn shape(xml: &str) -> String {
    let mut out = String::new();
    for piece in compact(xml).split('<').filter(|p| !p.is_empty()) {
        let (tag, text) = piece.split_once('>').unwrap();
        out.push('<');
        out.push_str(tag);
        out.push('>');
        if !text.is_empty() {
            out.push('…');
        }
    }
    out
}

fn row(id: &str, qty: i32, price: &str) -> InvoiceRow {
    InvoiceRow::builder()
        .article_id(id.to_owned())
        .description(format!("Article {id}"))
        .quantity(qty)
        .unit_price(payment_service::runtime::Decimal::from_str(price).unwrap())
        .vat(payment_service::runtime::Decimal::from(25))
        .build()
        .unwrap()
}

async fn add_activated(client: &Client, activate: bool) -> String {
    let address = Address::builder()
        .address1("Gatan 1")
        .city("Stockholm")
        .country_code("SE")
        .firstname("Test")
        .lastname("Kund")
        .postal_code("11122")
        .build()
        .unwrap();
    let r = client
        .add_invoice(
            &AddInvoiceRequest::builder()
                .activation_option(if activate {
                    ActivationOption::AutoActivation
                } else {
                    ActivationOption::Preliminary
                })
                .country_code("SE")
                .currency("SEK")
                .delivery_address(address.clone())
                .invoice_address(address)
                .invoice_delivery_method(InvoiceDeliveryMethod::Email)
                .set_invoice_rows(Some(vec![row("1234", 11, "100"), row("12345", 1, "250")]))
                .invoice_type(InvoiceType::DirectInvoice)
                .order_date(XsDateTime::parse("2020-04-20T10:00:00").unwrap())
                .reg_no("197001011234")
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    r.invoice_no
}

#[tokio::test]
async fn the_simulator_answers_in_the_documented_wire_form() {
    let sim = spawn_simulator().await.unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .username("USERNAME")
        .password("PASSWORD")
        .client_ip_address("127.0.0.1")
        .build()
        .unwrap();
    for op in &SEED_OPS {
        let documented = fixture(&format!("{op}.response.xml"));
        let pending = add_activated(&client, false).await;
        let activated = add_activated(&client, true).await;
        let (status, sent) = match *op {
            "CancelInvoice" => {
                call::<operations::CancelInvoice>(
                    &sim,
                    &CancelInvoiceRequest::builder()
                        .correlation_id("CancelInvoiceV10")
                        .country_code("SE")
                        .invoice_no(pending)
                        .store_id(1234)
                        .build()
                        .unwrap(),
                )
                .await
            }
            "ReplaceInvoice" => {
                call::<operations::ReplaceInvoice>(
                    &sim,
                    &ReplaceInvoiceRequest::builder()
                        .correlation_id("ReplaceInvoiceV10")
                        .country_code("SE")
                        .invoice_no(pending)
                        .set_invoice_rows(Some(vec![row("1234", 1, "121")]))
                        .purchase_classification_nil()
                        .store_id(1234)
                        .build()
                        .unwrap(),
                )
                .await
            }
            "PartCreditInvoice" => {
                call::<operations::PartCreditInvoice>(
                    &sim,
                    &PartCreditInvoiceRequest::builder()
                        .set_article_list(Some(vec![Article::builder()
                            .article_id("1234")
                            .quantity(11)
                            .build()
                            .unwrap()]))
                        .country_code("SE")
                        .credit_date(DateOrDateTime::Date(XsDate::parse("2020-04-20").unwrap()))
                        .invoice_no(activated)
                        .settlement_reference("111")
                        .store_id(1234)
                        .build()
                        .unwrap(),
                )
                .await
            }
            "SendInvoice" => {
                call::<operations::SendInvoice>(
                    &sim,
                    &SendInvoiceRequest::builder()
                        .correlation_id("123")
                        .country_code("SE")
                        .email("merchant@walley.se")
                        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
                        .invoice_no(activated)
                        .store_id(1234)
                        .build()
                        .unwrap(),
                )
                .await
            }
            "AdjustInvoice" => {
                call::<operations::AdjustInvoice>(
                    &sim,
                    &AdjustInvoiceRequest::builder()
                        .correlation_id("AdjustInvoiceV10")
                        .country_code("SE")
                        .invoice_no(activated)
                        .set_invoice_rows(Some(vec![row("Discount", 1, "-100")]))
                        .purchase_classification_nil()
                        .settlement_reference_nil()
                        .store_id(1234)
                        .build()
                        .unwrap(),
                )
                .await
            }
            other => panic!("no call for {other}"),
        };
        assert_eq!(status, 200, "{op}: {sent}");
        assert_eq!(shape(&sent), shape(&documented), "{op}: the shape differs");
        if matches!(*op, "CancelInvoice" | "AdjustInvoice") {
            assert_eq!(sent, compact(&documented), "{op}: the text differs");
        }
    }
}

#[tokio::test]
async fn faults_keep_the_wcf_form() {
    let sim = spawn_simulator().await.unwrap();
    let (status, sent) = call::<operations::CancelInvoice>(
        &sim,
        &CancelInvoiceRequest::builder()
            .correlation_id("c")
            .country_code("SE")
            .invoice_no("99999999")
            .store_id(1234)
            .build()
            .unwrap(),
    )
    .await;
    assert_eq!(status, 500);
    assert_eq!(
        shape(&sent),
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>\
         <faultcode>…</faultcode><faultstring xml:lang=\"en-US\">…</faultstring></s:Fault></s:Body></s:Envelope>"
    );
    assert!(
        sent.contains("<faultcode>s:INVOICE_NOT_FOUND</faultcode>"),
        "{sent}"
    );
}

#[test]
fn the_comparison_sees_a_prefix() {
    // The check is not vacuous: the form the simulator wrote before (soapenv:/pay: on every
    // element) has another shape than the documented one.
    let documented = fixture("CancelInvoice.response.xml");
    let prefixed = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
        xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:pay=\"http://schemas.ecommerce.collector.se/v30/PaymentService\">\
        <soapenv:Body><pay:CancelInvoiceResponse><pay:CorrelationId>CancelInvoiceV10</pay:CorrelationId>\
        </pay:CancelInvoiceResponse></soapenv:Body></soapenv:Envelope>";
    assert_ne!(shape(prefixed), shape(&documented));
    assert_eq!(
        shape(&documented),
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\
         <CancelInvoiceResponse xmlns=\"http://schemas.ecommerce.collector.se/v30/PaymentService\">\
         <CorrelationId>…</CorrelationId></CancelInvoiceResponse></s:Body></s:Envelope>"
    );
}

/// A call and the simulator's answer: operation, HTTP status, body.
type Sent = (&'static str, (u16, String));

/// Every operation's successful response, as the simulator sends it, is valid against the XSD
/// (the response half of "XSD-valid on the wire"; `xsd_conformance.rs` checks the requests).
#[tokio::test]
async fn every_success_response_is_valid_against_the_xsd() {
    use integration_tests::codec::{body_payload, xmllint_for, xmllint_validate};
    let sim = spawn_simulator().await.unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .username("USERNAME")
        .password("PASSWORD")
        .client_ip_address("127.0.0.1")
        .build()
        .unwrap();

    let mut sent = checkout_calls(&sim).await;
    let (pending, activated) = (
        add_activated(&client, false).await,
        add_activated(&client, true).await,
    );
    sent.extend(pending_invoice_calls(&sim, &client, &pending).await);
    sent.extend(activated_invoice_calls(&sim, &client, &activated, &pending).await);
    sent.extend(closing_calls(&sim).await);
    for info in operations::ALL {
        assert!(
            sent.iter().any(|(op, _)| *op == info.name),
            "{} was not called",
            info.name
        );
    }
    for (op, (status, body)) in &sent {
        assert_eq!(*status, 200, "{op}: {body}");
        assert!(
            body.starts_with(
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><"
            ),
            "{op}: {body}"
        );
    }
    if !xmllint_for("the XSD validation of the simulator's responses") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, (op, (_, body))) in sent.iter().enumerate() {
        let path = dir.path().join(format!("{i:02}-{op}.xml"));
        std::fs::write(&path, body_payload(body)).unwrap();
        files.push(path);
    }
    if let Err(report) = xmllint_validate(&files) {
        let bodies: Vec<String> = sent
            .iter()
            .map(|(op, (_, b))| format!("--- {op}: {b}"))
            .collect();
        panic!("{report}\n{}", bodies.join("\n"));
    }
}

fn sample_add() -> AddInvoiceRequest {
    AddInvoiceRequest::builder()
        .activation_option(ActivationOption::Preliminary)
        .correlation_id("add")
        .country_code("SE")
        .currency("SEK")
        .delivery_address(empty_address())
        .invoice_address(empty_address())
        .invoice_delivery_method(InvoiceDeliveryMethod::RegularPost)
        .set_invoice_rows(Some(vec![row("9", 1, "99.90")]))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(XsDateTime::parse("2020-04-20T10:00:00").unwrap())
        .product_code("INVOICE")
        .reg_no("197001011234")
        .store_id(1234)
        .build()
        .unwrap()
}

fn empty_address() -> Address {
    Address::builder().build().unwrap()
}

/// One successful call of each checkout operation (a reservation the invoices draw on).
async fn checkout_calls(sim: &ServerHandle<Simulator>) -> Vec<Sent> {
    use payment_service::simulator::persons;
    let mut sent: Vec<Sent> = Vec::new();
    let se = || "SE".to_owned();
    let n = |s: &str| Nillable::Value(s.to_owned());
    // The reservation operations first, so that the invoices draw on the reservation.
    let reservation = SetReservationRequest::builder()
        .company_email_authorized_signatory_nil()
        .company_personal_guarantee_nil()
        .company_reg_no_authorized_signatory_nil()
        .correlation_id("set")
        .country_code(se())
        .currency("SEK")
        .set_integration_id(Some(n("crm-9")))
        .reg_no("197001011234")
        .reserved_amount(payment_service::runtime::Decimal::from(90_000))
        .store_id(1234)
        .build()
        .unwrap();
    sent.push((
        "SetReservation",
        call::<operations::SetReservation>(sim, &reservation).await,
    ));
    let activate = ActivateReservationRequest::builder()
        .set_correlation_id(Some(n("act")))
        .country_code(se())
        .set_integration_id(Some(n("crm-9")))
        .reg_no_nil()
        .store_id(1234)
        .build()
        .unwrap();
    sent.push((
        "ActivateReservation",
        call::<operations::ActivateReservation>(sim, &activate).await,
    ));
    sent.push((
        "GetAddress",
        call::<operations::GetAddress>(
            sim,
            &GetAddressRequest::builder()
                .correlation_id("a")
                .country_code(se())
                .reg_no(persons::APPROVED.to_owned())
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    for amount in [
        Nillable::Nil,
        Nillable::Value(payment_service::runtime::Decimal::from(5_000)),
    ] {
        sent.push((
            "GetProducts",
            call::<operations::GetProducts>(
                sim,
                &GetProductsRequest::builder()
                    .set_amount(Some(amount))
                    .correlation_id_nil()
                    .country_code(se())
                    .store_id_nil()
                    .build()
                    .unwrap(),
            )
            .await,
        ));
    }
    sent.push((
        "CreateAccount",
        call::<operations::CreateAccount>(
            sim,
            &CreateAccountRequest::builder()
                .correlation_id_nil()
                .country_code(se())
                .set_integration_id(Some(n("crm-9")))
                .reg_no_nil()
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));

    sent
}

/// The invoice operations on a pending invoice (and on new ones).
async fn pending_invoice_calls(
    sim: &ServerHandle<Simulator>,
    client: &Client,
    pending: &str,
) -> Vec<Sent> {
    let pending = pending.to_owned();
    let mut sent: Vec<Sent> = Vec::new();
    let se = || "SE".to_owned();
    let second = add_activated(client, false).await;
    let mut auto = sample_add();
    auto.activation_option = ActivationOption::AutoActivation;
    sent.push((
        "AddInvoice",
        call::<operations::AddInvoice>(sim, &auto).await,
    ));
    sent.push((
        "ReplaceInvoice",
        call::<operations::ReplaceInvoice>(
            sim,
            &ReplaceInvoiceRequest::builder()
                .correlation_id("r")
                .country_code(se())
                .invoice_no(pending.clone())
                .set_invoice_rows(Some(vec![row("1", 2, "10")]))
                .purchase_classification_nil()
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "SetOrderNumber",
        call::<operations::SetOrderNumber>(
            sim,
            &SetOrderNumberRequest::builder()
                .correlation_id_nil()
                .country_code(se())
                .invoice_no(pending.clone())
                .new_order_number("O-1")
                .store_id_nil()
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "PartActivateInvoice",
        call::<operations::PartActivateInvoice>(
            sim,
            &PartActivateInvoiceRequest::builder()
                .set_article_list(Some(vec![Article::builder()
                    .article_id("1234")
                    .quantity(1)
                    .build()
                    .unwrap()]))
                .correlation_id("pa")
                .country_code(se())
                .invoice_no(second)
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "ActivateInvoice",
        call::<operations::ActivateInvoice>(
            sim,
            &ActivateInvoiceRequest::builder()
                .correlation_id("a")
                .country_code(se())
                .invoice_no(pending.clone())
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent
}

/// The invoice operations on an activated invoice, then the credit, cancel and the remaining
/// reservation operations.
async fn activated_invoice_calls(
    sim: &ServerHandle<Simulator>,
    client: &Client,
    activated: &str,
    pending: &str,
) -> Vec<Sent> {
    let (activated, pending) = (activated.to_owned(), pending.to_owned());
    let third = add_activated(client, false).await;
    let mut sent: Vec<Sent> = Vec::new();
    let se = || "SE".to_owned();
    sent.push((
        "ExtendDueDate",
        call::<operations::ExtendDueDate>(
            sim,
            &ExtendDueDateRequest::builder()
                .correlation_id("e")
                .country_code(se())
                .invoice_no(activated.clone())
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "SendInvoice",
        call::<operations::SendInvoice>(
            sim,
            &SendInvoiceRequest::builder()
                .correlation_id("s")
                .country_code(se())
                .email("a@example.com")
                .invoice_delivery_method(InvoiceDeliveryMethod::Email)
                .invoice_no(activated.clone())
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "GetInvoiceInformation",
        call::<operations::GetInvoiceInformation>(
            sim,
            &GetInvoiceInformationRequest::builder()
                .correlation_id("i")
                .country_code(se())
                .invoice_no(activated.clone())
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "AdjustInvoice",
        call::<operations::AdjustInvoice>(
            sim,
            &AdjustInvoiceRequest::builder()
                .correlation_id_nil()
                .country_code(se())
                .invoice_no(activated.clone())
                .set_invoice_rows(Some(vec![row("D", 1, "-1")]))
                .purchase_classification_nil()
                .settlement_reference_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "PartCreditInvoice",
        call::<operations::PartCreditInvoice>(
            sim,
            &PartCreditInvoiceRequest::builder()
                .set_article_list(Some(vec![Article::builder()
                    .article_id("12345")
                    .quantity(1)
                    .build()
                    .unwrap()]))
                .correlation_id_nil()
                .country_code(se())
                .credit_date(DateOrDateTime::Date(XsDate::parse("2020-04-20").unwrap()))
                .invoice_no(activated.clone())
                .settlement_reference_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "CreditInvoice",
        call::<operations::CreditInvoice>(
            sim,
            &CreditInvoiceRequest::builder()
                .correlation_id_nil()
                .country_code(se())
                .credit_date(DateOrDateTime::Date(XsDate::parse("2020-04-21").unwrap()))
                .invoice_no(pending)
                .settlement_reference_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "CancelInvoice",
        call::<operations::CancelInvoice>(
            sim,
            &CancelInvoiceRequest::builder()
                .correlation_id("c")
                .country_code(se())
                .invoice_no(third)
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent
}

/// GetReservations and CancelReservation, last.
async fn closing_calls(sim: &ServerHandle<Simulator>) -> Vec<Sent> {
    let mut sent: Vec<Sent> = Vec::new();
    let se = || "SE".to_owned();
    let n = |s: &str| Nillable::Value(s.to_owned());
    sent.push((
        "GetReservations",
        call::<operations::GetReservations>(
            sim,
            &GetReservationsRequest::builder()
                .correlation_id_nil()
                .country_code(se())
                .integration_id_nil()
                .reg_no_nil()
                .store_id_nil()
                .build()
                .unwrap(),
        )
        .await,
    ));
    sent.push((
        "CancelReservation",
        call::<operations::CancelReservation>(
            sim,
            &CancelReservationRequest::builder()
                .correlation_id_nil()
                .country_code(se())
                .integration_id_nil()
                .set_reg_no(Some(n("197001011234")))
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await,
    ));

    sent
}
