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
    SoapHeaders {
        username: Some("USERNAME".to_owned()),
        password: Some("PASSWORD".to_owned()),
        client_ip_address: Some("127.0.0.1".to_owned()),
    }
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
    InvoiceRow {
        article_id: id.to_owned(),
        description: format!("Article {id}"),
        quantity: qty,
        quantity_unit: None,
        unit_price: payment_service::runtime::Decimal::from_str(price).unwrap(),
        vat: payment_service::runtime::Decimal::from(25),
    }
}

async fn add_activated(client: &Client, activate: bool) -> String {
    let address = Address {
        address1: Some("Gatan 1".to_owned()),
        address2: None,
        co_address: None,
        city: Some("Stockholm".to_owned()),
        company_name: None,
        country_code: Some("SE".to_owned()),
        email: None,
        firstname: Some("Test".to_owned()),
        lastname: Some("Kund".to_owned()),
        mobile_phone: None,
        phone_number: None,
        postal_code: Some("11122".to_owned()),
    };
    let r = client
        .add_invoice(&AddInvoiceRequest {
            activation_option: if activate {
                ActivationOption::AutoActivation
            } else {
                ActivationOption::Preliminary
            },
            correlation_id: None,
            cost_center: None,
            country_code: "SE".to_owned(),
            credit_time: None,
            currency: "SEK".to_owned(),
            customer_no: None,
            delivery_address: address.clone(),
            gender: None,
            invoice_address: address,
            invoice_delivery_method: InvoiceDeliveryMethod::Email,
            invoice_rows: vec![row("1234", 11, "100"), row("12345", 1, "250")],
            invoice_type: InvoiceType::DirectInvoice,
            order_date: XsDateTime::parse("2020-04-20T10:00:00").unwrap(),
            order_no: None,
            payment_info: None,
            product_code: None,
            purchase_type: None,
            reference: None,
            reg_no: "197001011234".to_owned(),
            sales_person: None,
            store_id: Some(Nillable::Value(1234)),
        })
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
                    &CancelInvoiceRequest {
                        correlation_id: "CancelInvoiceV10".to_owned(),
                        country_code: "SE".to_owned(),
                        invoice_no: pending,
                        store_id: 1234,
                    },
                )
                .await
            }
            "ReplaceInvoice" => {
                call::<operations::ReplaceInvoice>(
                    &sim,
                    &ReplaceInvoiceRequest {
                        correlation_id: "ReplaceInvoiceV10".to_owned(),
                        country_code: "SE".to_owned(),
                        invoice_no: pending,
                        invoice_rows: vec![row("1234", 1, "121")],
                        purchase_classification: Nillable::Nil,
                        store_id: 1234,
                    },
                )
                .await
            }
            "PartCreditInvoice" => {
                call::<operations::PartCreditInvoice>(
                    &sim,
                    &PartCreditInvoiceRequest {
                        article_list: vec![Article {
                            article_id: Some("1234".to_owned()),
                            description: None,
                            quantity: 11,
                            unit_price: None,
                        }],
                        correlation_id: None,
                        country_code: "SE".to_owned(),
                        credit_date: DateOrDateTime::Date(XsDate::parse("2020-04-20").unwrap()),
                        invoice_no: activated,
                        settlement_reference: Nillable::Value("111".to_owned()),
                        store_id: Nillable::Value(1234),
                    },
                )
                .await
            }
            "SendInvoice" => {
                call::<operations::SendInvoice>(
                    &sim,
                    &SendInvoiceRequest {
                        correlation_id: "123".to_owned(),
                        country_code: "SE".to_owned(),
                        email: "merchant@walley.se".to_owned(),
                        invoice_delivery_method: InvoiceDeliveryMethod::Email,
                        invoice_no: activated,
                        store_id: 1234,
                    },
                )
                .await
            }
            "AdjustInvoice" => {
                call::<operations::AdjustInvoice>(
                    &sim,
                    &AdjustInvoiceRequest {
                        correlation_id: Nillable::Value("AdjustInvoiceV10".to_owned()),
                        country_code: "SE".to_owned(),
                        invoice_no: activated,
                        invoice_rows: vec![row("Discount", 1, "-100")],
                        purchase_classification: Nillable::Nil,
                        settlement_reference: Nillable::Nil,
                        store_id: Nillable::Value(1234),
                    },
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
        &CancelInvoiceRequest {
            correlation_id: "c".to_owned(),
            country_code: "SE".to_owned(),
            invoice_no: "99999999".to_owned(),
            store_id: 1234,
        },
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
    AddInvoiceRequest {
        activation_option: ActivationOption::Preliminary,
        correlation_id: Some(Nillable::Value("add".to_owned())),
        cost_center: None,
        country_code: "SE".to_owned(),
        credit_time: None,
        currency: "SEK".to_owned(),
        customer_no: None,
        delivery_address: empty_address(),
        gender: None,
        invoice_address: empty_address(),
        invoice_delivery_method: InvoiceDeliveryMethod::RegularPost,
        invoice_rows: vec![row("9", 1, "99.90")],
        invoice_type: InvoiceType::DirectInvoice,
        order_date: XsDateTime::parse("2020-04-20T10:00:00").unwrap(),
        order_no: None,
        payment_info: None,
        product_code: Some(Nillable::Value("INVOICE".to_owned())),
        purchase_type: None,
        reference: None,
        reg_no: "197001011234".to_owned(),
        sales_person: None,
        store_id: Some(Nillable::Value(1234)),
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

/// One successful call of each checkout operation (a reservation the invoices draw on).
async fn checkout_calls(sim: &ServerHandle<Simulator>) -> Vec<Sent> {
    use payment_service::simulator::persons;
    let mut sent: Vec<Sent> = Vec::new();
    let se = || "SE".to_owned();
    let n = |s: &str| Nillable::Value(s.to_owned());
    // The reservation operations first, so that the invoices draw on the reservation.
    let reservation = SetReservationRequest {
        company_email_authorized_signatory: Nillable::Nil,
        company_personal_guarantee: Nillable::Nil,
        company_reg_no_authorized_signatory: Nillable::Nil,
        correlation_id: "set".to_owned(),
        country_code: se(),
        currency: "SEK".to_owned(),
        integration_id: Some(n("crm-9")),
        purchase_classification: None,
        reg_no: "197001011234".to_owned(),
        reserved_amount: payment_service::runtime::Decimal::from(90_000),
        store_id: Some(Nillable::Value(1234)),
    };
    sent.push((
        "SetReservation",
        call::<operations::SetReservation>(sim, &reservation).await,
    ));
    let activate = ActivateReservationRequest {
        correlation_id: n("act"),
        country_code: se(),
        integration_id: n("crm-9"),
        reg_no: Nillable::Nil,
        store_id: Nillable::Value(1234),
    };
    sent.push((
        "ActivateReservation",
        call::<operations::ActivateReservation>(sim, &activate).await,
    ));
    sent.push((
        "GetAddress",
        call::<operations::GetAddress>(
            sim,
            &GetAddressRequest {
                correlation_id: "a".to_owned(),
                country_code: se(),
                reg_no: persons::APPROVED.to_owned(),
                store_id: 1234,
            },
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
                &GetProductsRequest {
                    amount,
                    correlation_id: Nillable::Nil,
                    country_code: se(),
                    store_id: Nillable::Nil,
                },
            )
            .await,
        ));
    }
    sent.push((
        "CreateAccount",
        call::<operations::CreateAccount>(
            sim,
            &CreateAccountRequest {
                correlation_id: Nillable::Nil,
                country_code: se(),
                integration_id: n("crm-9"),
                reg_no: Nillable::Nil,
                store_id: Nillable::Value(1234),
            },
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
    let auto = AddInvoiceRequest {
        activation_option: ActivationOption::AutoActivation,
        ..sample_add()
    };
    sent.push((
        "AddInvoice",
        call::<operations::AddInvoice>(sim, &auto).await,
    ));
    sent.push((
        "ReplaceInvoice",
        call::<operations::ReplaceInvoice>(
            sim,
            &ReplaceInvoiceRequest {
                correlation_id: "r".to_owned(),
                country_code: se(),
                invoice_no: pending.clone(),
                invoice_rows: vec![row("1", 2, "10")],
                purchase_classification: Nillable::Nil,
                store_id: 1234,
            },
        )
        .await,
    ));
    sent.push((
        "SetOrderNumber",
        call::<operations::SetOrderNumber>(
            sim,
            &SetOrderNumberRequest {
                correlation_id: Nillable::Nil,
                country_code: se(),
                invoice_no: pending.clone(),
                new_order_number: "O-1".to_owned(),
                store_id: Nillable::Nil,
            },
        )
        .await,
    ));
    sent.push((
        "PartActivateInvoice",
        call::<operations::PartActivateInvoice>(
            sim,
            &PartActivateInvoiceRequest {
                article_list: vec![Article {
                    article_id: Some("1234".to_owned()),
                    description: None,
                    quantity: 1,
                    unit_price: None,
                }],
                correlation_id: "pa".to_owned(),
                country_code: se(),
                invoice_no: second,
                payment_info: None,
                store_id: 1234,
            },
        )
        .await,
    ));
    sent.push((
        "ActivateInvoice",
        call::<operations::ActivateInvoice>(
            sim,
            &ActivateInvoiceRequest {
                correlation_id: "a".to_owned(),
                country_code: se(),
                invoice_no: pending.clone(),
                payment_info: None,
                store_id: 1234,
            },
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
            &ExtendDueDateRequest {
                correlation_id: "e".to_owned(),
                country_code: se(),
                invoice_no: activated.clone(),
                store_id: 1234,
            },
        )
        .await,
    ));
    sent.push((
        "SendInvoice",
        call::<operations::SendInvoice>(
            sim,
            &SendInvoiceRequest {
                correlation_id: "s".to_owned(),
                country_code: se(),
                email: "a@example.com".to_owned(),
                invoice_delivery_method: InvoiceDeliveryMethod::Email,
                invoice_no: activated.clone(),
                store_id: 1234,
            },
        )
        .await,
    ));
    sent.push((
        "GetInvoiceInformation",
        call::<operations::GetInvoiceInformation>(
            sim,
            &GetInvoiceInformationRequest {
                correlation_id: "i".to_owned(),
                country_code: se(),
                invoice_no: activated.clone(),
                store_id: 1234,
            },
        )
        .await,
    ));
    sent.push((
        "AdjustInvoice",
        call::<operations::AdjustInvoice>(
            sim,
            &AdjustInvoiceRequest {
                correlation_id: Nillable::Nil,
                country_code: se(),
                invoice_no: activated.clone(),
                invoice_rows: vec![row("D", 1, "-1")],
                purchase_classification: Nillable::Nil,
                settlement_reference: Nillable::Nil,
                store_id: Nillable::Nil,
            },
        )
        .await,
    ));
    sent.push((
        "PartCreditInvoice",
        call::<operations::PartCreditInvoice>(
            sim,
            &PartCreditInvoiceRequest {
                article_list: vec![Article {
                    article_id: Some("12345".to_owned()),
                    description: None,
                    quantity: 1,
                    unit_price: None,
                }],
                correlation_id: Some(Nillable::Nil),
                country_code: se(),
                credit_date: DateOrDateTime::Date(XsDate::parse("2020-04-20").unwrap()),
                invoice_no: activated.clone(),
                settlement_reference: Nillable::Nil,
                store_id: Nillable::Nil,
            },
        )
        .await,
    ));
    sent.push((
        "CreditInvoice",
        call::<operations::CreditInvoice>(
            sim,
            &CreditInvoiceRequest {
                correlation_id: Nillable::Nil,
                country_code: se(),
                credit_date: DateOrDateTime::Date(XsDate::parse("2020-04-21").unwrap()),
                invoice_no: pending,
                settlement_reference: Nillable::Nil,
                store_id: Nillable::Nil,
            },
        )
        .await,
    ));
    sent.push((
        "CancelInvoice",
        call::<operations::CancelInvoice>(
            sim,
            &CancelInvoiceRequest {
                correlation_id: "c".to_owned(),
                country_code: se(),
                invoice_no: third,
                store_id: 1234,
            },
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
            &GetReservationsRequest {
                correlation_id: Nillable::Nil,
                country_code: se(),
                integration_id: Nillable::Nil,
                reg_no: Nillable::Nil,
                store_id: Nillable::Nil,
            },
        )
        .await,
    ));
    sent.push((
        "CancelReservation",
        call::<operations::CancelReservation>(
            sim,
            &CancelReservationRequest {
                correlation_id: Nillable::Nil,
                country_code: se(),
                integration_id: Nillable::Nil,
                reg_no: n("197001011234"),
                store_id: Nillable::Value(1234),
            },
        )
        .await,
    ));

    sent
}
