//! Every facet kind the schema uses: the bound itself is accepted, one step outside it is
//! rejected with a message naming the field path. Lengths count characters, not bytes.

use payment_service::runtime::{
    decode_request, validate_request, ComplexValue, Decimal, Limits, SimpleValue,
};
use payment_service::*;
use std::str::FromStr;

fn row() -> InvoiceRow {
    InvoiceRow::builder()
        .article_id("A1")
        .description("Shirt")
        .quantity(1)
        .quantity_unit("pcs")
        .unit_price(Decimal::from(100))
        .vat(Decimal::from(25))
        .build_unvalidated()
        .unwrap()
}

fn replace(rows: Vec<InvoiceRow>) -> ReplaceInvoiceRequest {
    ReplaceInvoiceRequest::builder()
        .correlation_id("c-1")
        .country_code("SE")
        .invoice_no("62396765")
        .set_invoice_rows(Some(rows))
        .purchase_classification_nil()
        .store_id(1234)
        .build_unvalidated()
        .unwrap()
}

/// The violation messages of a request, one string per violation (`path: message`).
fn violations(r: &ReplaceInvoiceRequest) -> Vec<String> {
    match r.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations.iter().map(ToString::to_string).collect(),
    }
}

fn with_row(f: impl FnOnce(&mut InvoiceRow)) -> Vec<String> {
    let mut rows = vec![row(), row(), row()];
    f(&mut rows[2]);
    violations(&replace(rows))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn valid_request_has_no_violations() {
    assert_eq!(violations(&replace(vec![row()])), Vec::<String>::new());
}

#[test]
fn min_and_max_inclusive() {
    assert_eq!(with_row(|r| r.quantity = 1), Vec::<String>::new());
    assert_eq!(with_row(|r| r.quantity = 99_999_999), Vec::<String>::new());
    assert_eq!(
        with_row(|r| r.quantity = 0),
        ["InvoiceRows[2].Quantity: 0 is below 1"]
    );
    assert_eq!(
        with_row(|r| r.quantity = 100_000_000),
        ["InvoiceRows[2].Quantity: 100000000 is above 99999999"]
    );
    assert_eq!(with_row(|r| r.vat = dec("100")), Vec::<String>::new());
    assert_eq!(
        with_row(|r| r.vat = dec("100.01")),
        ["InvoiceRows[2].VAT: 100.01 is above 100"]
    );
    assert_eq!(
        with_row(|r| r.vat = dec("-0.01")),
        ["InvoiceRows[2].VAT: -0.01 is below 0"]
    );
}

#[test]
fn decimal_range_total_and_fraction_digits() {
    for ok in ["999999.99", "-999999.99", "0.01", "-100", "12.50"] {
        assert_eq!(
            with_row(|r| r.unit_price = dec(ok)),
            Vec::<String>::new(),
            "{ok}"
        );
    }
    assert_eq!(
        with_row(|r| r.unit_price = dec("1000000")),
        ["InvoiceRows[2].UnitPrice: 1000000 is above 999999.99"]
    );
    assert_eq!(
        with_row(|r| r.unit_price = dec("-1000000")),
        ["InvoiceRows[2].UnitPrice: -1000000 is below -999999.99"]
    );
    assert_eq!(
        with_row(|r| r.unit_price = dec("0.001")),
        ["InvoiceRows[2].UnitPrice: 0.001 has 3 fraction digits; at most 2 allowed"]
    );
    // 8 total digits is the bound; 9 significant digits break both totalDigits and the range.
    assert_eq!(
        with_row(|r| r.unit_price = dec("9999999.99")),
        [
            "InvoiceRows[2].UnitPrice: 9999999.99 is above 999999.99",
            "InvoiceRows[2].UnitPrice: 9999999.99 has 9 digits; at most 8 allowed"
        ]
    );
}

#[test]
fn max_length_counts_characters_not_bytes() {
    assert_eq!(
        with_row(|r| r.description = "ö".repeat(50)),
        Vec::<String>::new()
    );
    assert_eq!(
        with_row(|r| r.description = "ö".repeat(51)),
        ["InvoiceRows[2].Description: is 51 characters long; at most 50 allowed"]
    );
    assert_eq!(
        with_row(|r| r.article_id = "x".repeat(50)),
        Vec::<String>::new()
    );
    assert_eq!(
        with_row(|r| r.quantity_unit = Some("x".repeat(51))),
        ["InvoiceRows[2].QuantityUnit: is 51 characters long; at most 50 allowed"]
    );
}

#[test]
fn pattern() {
    let mut r = replace(vec![row()]);
    r.country_code = "NO".into();
    assert_eq!(violations(&r), Vec::<String>::new());
    for bad in ["se", "S", "SEK", "S1"] {
        r.country_code = bad.into();
        assert_eq!(
            violations(&r),
            [format!(
                "CountryCode: \"{bad}\" does not match the pattern [A-Z]{{2}}"
            )]
        );
    }
}

#[test]
fn every_violation_is_reported_in_one_call() {
    let mut r = replace(vec![row(), row(), row()]);
    r.country_code = "sweden".into();
    r.invoice_rows[0].quantity = 0;
    r.invoice_rows[2].description = "d".repeat(60);
    r.invoice_rows[2].unit_price = dec("1.005");
    assert_eq!(
        violations(&r),
        [
            "CountryCode: \"sweden\" does not match the pattern [A-Z]{2}",
            "InvoiceRows[0].Quantity: 0 is below 1",
            "InvoiceRows[2].Description: is 60 characters long; at most 50 allowed",
            "InvoiceRows[2].UnitPrice: 1.005 has 3 fraction digits; at most 2 allowed",
        ]
    );
}

#[test]
fn enumeration_values_are_closed_except_fault_codes() {
    assert_eq!(
        InvoiceDeliveryMethod::parse_text("1").unwrap(),
        InvoiceDeliveryMethod::RegularPost
    );
    assert_eq!(
        InvoiceDeliveryMethod::parse_text(" 2 ").unwrap(),
        InvoiceDeliveryMethod::Email
    );
    assert!(InvoiceDeliveryMethod::parse_text("3").is_err());
    assert!(InvoiceDeliveryMethod::parse_text("0").is_err());
    assert_eq!(
        FaultCode::parse_text("INVOICE_NOT_FOUND").unwrap(),
        FaultCode::InvoiceNotFound
    );
    assert_eq!(
        FaultCode::parse_text("BRAND_NEW_CODE").unwrap(),
        FaultCode::Other("BRAND_NEW_CODE".into())
    );
}

#[test]
fn required_headers_and_header_facets() {
    let r = CancelInvoiceRequest::builder()
        .correlation_id("c")
        .country_code("SE")
        .invoice_no("1")
        .store_id(1)
        .build_unvalidated()
        .unwrap();
    let ok = SoapHeaders::default()
        .with_username("u".repeat(50))
        .with_password("p");
    validate_request::<operations::CancelInvoice>(&ok, &r).unwrap();
    let bad = SoapHeaders::default().with_password("secret-".repeat(10));
    let e = validate_request::<operations::CancelInvoice>(&bad, &r).unwrap_err();
    let text = e.to_string();
    assert_eq!(
        text,
        "Header.Username: is required\nHeader.Password: is 70 characters long; at most 50 allowed"
    );
    assert!(!text.contains("secret"), "{text}");
    // ClientIpAddress is optional on CancelInvoice but required on AddInvoice.
    let uses = &operations::ADD_INVOICE_INFO.headers;
    assert!(uses
        .iter()
        .any(|h| h.name == "ClientIpAddress" && h.required));
}

#[test]
fn nillable_and_min_occurs_are_enforced_when_decoding() {
    let env = |body: &str| {
        format!(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\
             <CancelInvoiceRequest xmlns=\"http://schemas.ecommerce.collector.se/v30/PaymentService\" \
             xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">{body}</CancelInvoiceRequest></s:Body></s:Envelope>"
        )
    };
    let ok = env("<CorrelationId>c</CorrelationId><CountryCode>SE</CountryCode><InvoiceNo>1</InvoiceNo><StoreId>1</StoreId>");
    assert!(decode_request::<operations::CancelInvoice>(&ok, &Limits::default()).is_ok());
    // minOccurs=1: StoreId missing.
    let missing = env(
        "<CorrelationId>c</CorrelationId><CountryCode>SE</CountryCode><InvoiceNo>1</InvoiceNo>",
    );
    let e = decode_request::<operations::CancelInvoice>(&missing, &Limits::default())
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .ends_with("required element StoreId is missing"),
        "{e}"
    );
    // nillable=false: InvoiceNo cannot be nil.
    let nil = env("<CorrelationId>c</CorrelationId><CountryCode>SE</CountryCode><InvoiceNo i:nil=\"true\"/><StoreId>1</StoreId>");
    let e = decode_request::<operations::CancelInvoice>(&nil, &Limits::default())
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("InvoiceNo") && e.to_string().contains("not nillable"),
        "{e}"
    );
}
