//! Each seed operation's documented example request maps onto the generated types: the body
//! parses into values equal, field by field, to what the documentation shows, and those values
//! pass the generated validators.

use payment_service::runtime::{
    decode_request, validate_request, Decimal, Limits, Nillable, XsDate,
};
use payment_service::*;
use std::str::FromStr;

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/seed/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn headers(ip: Option<&str>) -> SoapHeaders {
    let mut headers = SoapHeaders::default()
        .with_username("USERNAME")
        .with_password("PASSWORD");
    headers.client_ip_address = ip.map(Into::into);
    headers
}

#[test]
fn cancel_invoice_example() {
    let d = decode_request::<operations::CancelInvoice>(
        &fixture("CancelInvoice.request.xml"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(d.headers, headers(Some("127.0.0.1")));
    let r = d.request;
    assert_eq!(r.correlation_id, "CancelInvoiceV10");
    assert_eq!(r.country_code, "SE");
    assert_eq!(r.invoice_no, "62396765");
    assert_eq!(r.store_id, 1234);
    validate_request::<operations::CancelInvoice>(&d.headers, &r).unwrap();
}

#[test]
fn replace_invoice_example() {
    let d = decode_request::<operations::ReplaceInvoice>(
        &fixture("ReplaceInvoice.request.xml"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(d.headers, headers(None));
    let r = &d.request;
    assert_eq!(r.correlation_id, "ReplaceInvoiceV10");
    assert_eq!(r.country_code, "SE");
    assert_eq!(r.invoice_no, "62396765");
    assert_eq!(
        r.invoice_rows,
        vec![InvoiceRow::builder()
            .article_id("Article 11")
            .description("Description 11")
            .quantity(11)
            .quantity_unit("pcs")
            .unit_price(dec("11"))
            .vat(dec("25"))
            .build()
            .unwrap()]
    );
    assert_eq!(r.purchase_classification, Nillable::Nil);
    assert_eq!(r.store_id, 1234);
    validate_request::<operations::ReplaceInvoice>(&d.headers, r).unwrap();
}

#[test]
fn part_credit_invoice_example() {
    let d = decode_request::<operations::PartCreditInvoice>(
        &fixture("PartCreditInvoice.request.xml"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(d.headers, headers(Some("123.456.789")));
    let r = &d.request;
    assert_eq!(
        r.article_list,
        vec![Article::builder()
            .article_id("82493")
            .quantity(11)
            .unit_price(dec("50"))
            .build()
            .unwrap()]
    );
    // Documented as required, absent from the example: see wsdl/NOTES.md.
    assert_eq!(r.correlation_id, None);
    assert_eq!(r.country_code, "SE");
    // Documented as a dateTime, sent as a date: the union keeps which one it was.
    assert_eq!(
        r.credit_date,
        DateOrDateTime::Date(XsDate::parse("2020-04-20").unwrap())
    );
    assert_eq!(r.invoice_no, "62396756");
    assert_eq!(r.settlement_reference, Nillable::Value("111".into()));
    assert_eq!(r.store_id, Nillable::Value(1234));
    validate_request::<operations::PartCreditInvoice>(&d.headers, r).unwrap();
}

#[test]
fn send_invoice_example() {
    let d = decode_request::<operations::SendInvoice>(
        &fixture("SendInvoice.request.xml"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(d.headers, headers(None));
    let r = &d.request;
    assert_eq!(r.correlation_id, "123");
    assert_eq!(r.country_code, "SE");
    assert_eq!(r.email, "merchant@walley.se");
    assert_eq!(r.invoice_delivery_method, InvoiceDeliveryMethod::Email);
    assert_eq!(r.invoice_delivery_method.as_str(), "2");
    assert_eq!(r.invoice_no, "63062459");
    assert_eq!(r.store_id, 1234);
    validate_request::<operations::SendInvoice>(&d.headers, r).unwrap();
}

#[test]
fn adjust_invoice_example() {
    let d = decode_request::<operations::AdjustInvoice>(
        &fixture("AdjustInvoice.request.xml"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(d.headers, headers(None));
    let r = &d.request;
    assert_eq!(r.correlation_id, Nillable::Value("AdjustInvoiceV10".into()));
    assert_eq!(r.country_code, "SE");
    assert_eq!(r.invoice_no, "62366754");
    assert_eq!(r.invoice_rows.len(), 2);
    assert_eq!(
        r.invoice_rows[0],
        InvoiceRow::builder()
            .article_id("123456")
            .description("Article 123456")
            .quantity(10)
            .quantity_unit("pcs")
            .unit_price(dec("100"))
            .vat(dec("25"))
            .build()
            .unwrap()
    );
    // The discount row: a negative unit price is valid.
    assert_eq!(r.invoice_rows[1].unit_price, dec("-100"));
    assert_eq!(r.invoice_rows[1].quantity_unit, None);
    assert_eq!(r.purchase_classification, Nillable::Nil);
    assert_eq!(r.settlement_reference, Nillable::Nil);
    assert_eq!(r.store_id, Nillable::Value(1234));
    validate_request::<operations::AdjustInvoice>(&d.headers, r).unwrap();
}

#[test]
fn operation_metadata_comes_from_the_wsdl() {
    let names: Vec<&str> = operations::ALL.iter().map(|o| o.name).collect();
    for op in [
        "CancelInvoice",
        "ReplaceInvoice",
        "PartCreditInvoice",
        "SendInvoice",
        "AdjustInvoice",
        "AddInvoice",
        "ActivateInvoice",
    ] {
        assert!(names.contains(&op), "{op} missing from {names:?}");
    }
    let cancel = operations::ALL
        .iter()
        .find(|o| o.name == "CancelInvoice")
        .unwrap();
    assert_eq!(
        cancel.soap_action,
        "http://schemas.ecommerce.collector.se/v30/PaymentService/IPaymentServiceV10/CancelInvoice"
    );
    assert_eq!(
        cancel.request,
        (
            "http://schemas.ecommerce.collector.se/v30/PaymentService",
            "CancelInvoiceRequest"
        )
    );
    assert_eq!(cancel.response.1, "CancelInvoiceResponse");
    let headers: Vec<(&str, bool)> = cancel
        .headers
        .iter()
        .map(|h| (h.name, h.required))
        .collect();
    assert_eq!(
        headers,
        [
            ("Username", true),
            ("Password", true),
            ("ClientIpAddress", false)
        ]
    );
    let add = operations::ALL
        .iter()
        .find(|o| o.name == "AddInvoice")
        .unwrap();
    assert!(add
        .headers
        .iter()
        .any(|h| h.name == "ClientIpAddress" && h.required));
    assert_eq!(
        DEFAULT_ENDPOINT,
        "https://ecommercetest.collector.se/v3.0/PaymentServiceV10.svc"
    );
    assert_eq!(
        PRODUCTION_ENDPOINT,
        "https://ecommerce.collector.se/v3.0/PaymentServiceV10.svc"
    );
}
