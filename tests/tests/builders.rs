//! The generated builders and accessors, as a merchant's code uses them: required members
//! checked by `build()`, every rule broken reported at once with its path, nil only when asked
//! for, and responses read without unwrapping `Option<Nillable<_>>` by hand.

use integration_tests::codec::{dec, documented_response, SeedResponse};
use payment_service::runtime::{decode_response, encode_request, Limits, Nillable};
use payment_service::*;

fn paths(e: &payment_service::runtime::ValidationError) -> Vec<String> {
    e.violations
        .iter()
        .map(|v| format!("{}: {}", v.path, v.message))
        .collect()
}

#[test]
fn build_names_every_missing_required_member() {
    let e = CancelInvoiceRequest::builder()
        .country_code("SE")
        .build()
        .unwrap_err();
    assert_eq!(
        paths(&e),
        [
            "CorrelationId: is required",
            "InvoiceNo: is required",
            "StoreId: is required"
        ]
    );
}

#[test]
fn build_reports_every_rule_broken_with_its_path() {
    let e = InvoiceRow::builder()
        .article_id("A1")
        .description("d".repeat(51))
        .quantity(0)
        .unit_price(dec("1.001"))
        .vat(dec("25"))
        .build()
        .unwrap_err();
    let p = paths(&e);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("Description: "), "{p:?}");
    assert!(p.iter().any(|v| v.starts_with("Quantity: 0")), "{p:?}");
    assert!(p.iter().any(|v| v.starts_with("UnitPrice: ")), "{p:?}");

    // Nested values are checked again by the outer build, with the full path.
    let row = InvoiceRow::builder()
        .article_id("A1")
        .description("Socks")
        .quantity(0)
        .unit_price(dec("10"))
        .vat(dec("25"))
        .build_unvalidated()
        .unwrap();
    let e = ReplaceInvoiceRequest::builder()
        .correlation_id("c")
        .country_code("sweden")
        .invoice_no("1")
        .invoice_rows(row.clone())
        .invoice_rows(row)
        .purchase_classification_nil()
        .store_id(1234)
        .build()
        .unwrap_err();
    let p = paths(&e);
    assert!(p.iter().any(|v| v.starts_with("CountryCode: ")), "{p:?}");
    assert!(
        p.iter()
            .any(|v| v == "InvoiceRows[1].Quantity: 0 is below 1"),
        "{p:?}"
    );
}

#[test]
fn nil_is_sent_only_when_asked_for() {
    let base = || {
        AddInvoiceResponse::builder()
            .invoice_no("1")
            .invoice_status(1)
    };
    // Unset optional nillable member: absent; `_nil()`: present as nil; a value: the value.
    assert_eq!(base().build().unwrap().correlation_id, None);
    assert_eq!(
        base().correlation_id_nil().build().unwrap().correlation_id,
        Some(Nillable::Nil)
    );
    assert_eq!(
        base().correlation_id("x").build().unwrap().correlation_id,
        Some(Nillable::Value("x".to_owned()))
    );

    let row = InvoiceRow::builder()
        .article_id("A1")
        .description("Socks")
        .quantity(1)
        .unit_price(dec("10"))
        .vat(dec("25"))
        .build()
        .unwrap();
    let request = |b: AdjustInvoiceRequestBuilder| {
        b.correlation_id("c")
            .invoice_rows(row.clone())
            .country_code("SE")
            .invoice_no("1")
            .store_id(1234)
            .settlement_reference_nil()
    };
    // A required nillable member left unset is missing, not nil.
    let e = request(AdjustInvoiceRequest::builder())
        .build()
        .unwrap_err();
    assert!(
        paths(&e).contains(&"PurchaseClassification: is required".to_owned()),
        "{e}"
    );
    let ok = request(AdjustInvoiceRequest::builder())
        .purchase_classification_nil()
        .build()
        .unwrap();
    let xml = encode_request::<operations::AdjustInvoice>(&SoapHeaders::default(), &ok);
    assert!(
        xml.contains("<pay:PurchaseClassification xsi:nil=\"true\"/>"),
        "{xml}"
    );
    assert!(
        xml.contains("<pay:SettlementReference xsi:nil=\"true\"/>"),
        "{xml}"
    );
}

#[test]
fn accessors_flatten_absent_and_nil() {
    let SeedResponse::SendInvoice(r) = documented_response("SendInvoice") else {
        unreachable!()
    };
    assert_eq!(r.correlation_id(), Some("123"));
    assert_eq!(r.new_invoice_no(), None, "nil reads as None");
    assert_eq!(r.total_amount(), Some(&dec("3510.00")));
    assert_eq!(r.payment_reference(), Some("100002403531655"));

    let xml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/seed/ReplaceInvoice.response.xml"
    ))
    .unwrap();
    let r = decode_response::<operations::ReplaceInvoice>(&xml, &Limits::default()).unwrap();
    assert_eq!(r.invoice_status(), &1);
    assert_eq!(r.total_amount(), &dec("121"));
    assert_eq!(r.available_reservation_amount(), Some(&dec("5659.00")));
    assert_eq!(r.correlation_id(), Some("ReplaceInvoiceV10"));
}

#[test]
fn repeated_members_append_and_read_as_slices() {
    let article = |id: &str| {
        Article::builder()
            .article_id(id)
            .quantity(1)
            .build()
            .unwrap()
    };
    let r = PartCreditInvoiceRequest::builder()
        .article_list(article("A"))
        .article_list(article("B"))
        .country_code("SE")
        .credit_date(DateOrDateTime::Date(
            payment_service::runtime::XsDate::parse("2024-05-10").unwrap(),
        ))
        .invoice_no("1")
        .settlement_reference_nil()
        .store_id(1234)
        .build()
        .unwrap();
    let ids: Vec<_> = r.article_list().iter().map(|a| a.article_id()).collect();
    assert_eq!(ids, [Some("A"), Some("B")]);
}

#[test]
fn header_builders_and_debug_keep_the_password_out() {
    let headers = SoapHeaders::default()
        .with_username("merchant")
        .with_password("hunter2-secret");
    let shown = format!("{headers:?}");
    assert!(shown.contains("merchant"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}
