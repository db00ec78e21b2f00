//! Property tests: generated valid values of the five seed operations' request and response
//! types pass `validate()`, and survive encode → decode unchanged (and re-encode to the same
//! bytes). A sample of generated request bodies is checked against the XSD with xmllint.

use integration_tests::codec::*;
use payment_service::runtime::{
    decode_request, decode_response, encode_request, encode_response, validate_request,
    ComplexValue, Decimal, Limits, Nillable, Operation, OperationInfo, XsDate, XsDateTime,
};
use payment_service::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::fmt::Debug;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ----- simple values -------------------------------------------------------------------------------

/// Characters XML 1.0 can carry, weighted towards the ones that need care: markup, quotes,
/// line ends, multi-byte and astral characters.
fn xml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        2 => prop::sample::select(vec![
            '\t', '\n', '\r', '<', '>', '&', '"', '\'', ']', 'é', 'ß', 'Å', '中', '😀', '\u{A0}', '\u{85}', '\u{2028}', '\u{FEFF}',
            '\u{FFFD}', '\u{10FFFF}',
        ]),
        1 => proptest::char::ranges(vec!['\u{20}'..='\u{D7FF}', '\u{E000}'..='\u{FFFD}', '\u{10000}'..='\u{10FFFF}'].into()),
    ]
}

/// A string of at most `max` characters (not bytes), often exactly `max`.
fn string_max(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => vec(xml_char(), 0..=max),
        1 => vec(xml_char(), max..=max),
    ]
    .prop_map(String::from_iter)
}

fn s50() -> impl Strategy<Value = String> {
    string_max(50)
}

fn country_code() -> impl Strategy<Value = String> {
    "[A-Z]{2}"
}

fn store_id() -> impl Strategy<Value = i32> {
    prop_oneof![Just(0), Just(i32::MAX), 0..=i32::MAX]
}

fn quantity() -> impl Strategy<Value = i32> {
    prop_oneof![Just(1), Just(99_999_999), 1..=99_999_999]
}

/// `Amount`: at most 2 fraction digits, |x| ≤ 999999.99 (so at most 8 digits).
fn amount() -> impl Strategy<Value = Decimal> {
    (0u32..=2).prop_flat_map(|scale| {
        let max = 10i64.pow(6 + scale) - 1;
        prop_oneof![Just(max), Just(-max), -max..=max].prop_map(move |m| Decimal::new(m, scale))
    })
}

/// `VatPercent`: 0–100, at most 2 fraction digits.
fn vat() -> impl Strategy<Value = Decimal> {
    (0u32..=2).prop_flat_map(|scale| {
        (0..=100 * 10i64.pow(scale)).prop_map(move |m| Decimal::new(m, scale))
    })
}

/// Any `xs:decimal` a response may carry (responses have no facets).
fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..=12).prop_map(|(m, s)| Decimal::new(m, s))
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        // (`rem_euclid` rather than `is_multiple_of`, which needs Rust 1.87; the MSRV is 1.85.)
        2 if (year.rem_euclid(4) == 0 && year.rem_euclid(100) != 0)
            || year.rem_euclid(400) == 0 =>
        {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// `YYYY-MM-DD` (years 0001–9999, sometimes five digits).
fn date_part() -> impl Strategy<Value = String> {
    (
        prop_oneof![20 => 1u32..=9999, 1 => 10_000u32..=99_999],
        1u32..=12,
    )
        .prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=days_in(y, m)))
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn timezone() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Z".to_owned()),
        Just("+14:00".to_owned()),
        Just("-14:00".to_owned()),
        (prop::bool::ANY, 0u32..=13, 0u32..=59)
            .prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
    ]
}

fn xs_date_time() -> impl Strategy<Value = XsDateTime> {
    let time = prop_oneof![
        20 => (0u32..=23, 0u32..=59, 0u32..=59).prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}")),
        1 => Just("24:00:00".to_owned()),
    ];
    let fraction =
        option::of("[0-9]{1,9}").prop_map(|f| f.map(|f| format!(".{f}")).unwrap_or_default());
    (date_part(), time, fraction, timezone()).prop_map(|(d, t, f, z)| {
        let f = if t == "24:00:00" { String::new() } else { f };
        XsDateTime::parse(&format!("{d}T{t}{f}{z}")).unwrap()
    })
}

fn xs_date() -> impl Strategy<Value = XsDate> {
    (date_part(), timezone()).prop_map(|(d, z)| XsDate::parse(&format!("{d}{z}")).unwrap())
}

fn date_or_date_time() -> impl Strategy<Value = DateOrDateTime> {
    prop_oneof![
        xs_date().prop_map(DateOrDateTime::Date),
        xs_date_time().prop_map(DateOrDateTime::DateTime)
    ]
}

fn nillable<S: Strategy>(s: S) -> impl Strategy<Value = Nillable<S::Value>>
where
    S::Value: Clone + Debug,
{
    prop_oneof![1 => Just(Nillable::Nil), 3 => s.prop_map(Nillable::Value)]
}

// ----- complex values ------------------------------------------------------------------------------

fn invoice_row() -> impl Strategy<Value = InvoiceRow> {
    (s50(), s50(), quantity(), option::of(s50()), amount(), vat()).prop_map(
        |(article_id, description, quantity, quantity_unit, unit_price, vat)| {
            InvoiceRow::builder()
                .article_id(article_id)
                .description(description)
                .quantity(quantity)
                .set_quantity_unit(quantity_unit)
                .unit_price(unit_price)
                .vat(vat)
                .build()
                .unwrap()
        },
    )
}

fn article() -> impl Strategy<Value = Article> {
    (
        option::of(s50()),
        option::of(s50()),
        quantity(),
        option::of(amount()),
    )
        .prop_map(|(article_id, description, quantity, unit_price)| {
            Article::builder()
                .set_article_id(article_id)
                .set_description(description)
                .quantity(quantity)
                .set_unit_price(unit_price)
                .build()
                .unwrap()
        })
}

/// Headers as operation `info` uses them: required ones present, optional ones maybe, others absent.
fn headers_for(info: &'static OperationInfo) -> impl Strategy<Value = SoapHeaders> {
    let slot = move |name: &'static str| -> BoxedStrategy<Option<String>> {
        match info.headers.iter().find(|h| h.name == name) {
            None => Just(None).boxed(),
            Some(h) if h.required => s50().prop_map(Some).boxed(),
            Some(_) => option::of(s50()).boxed(),
        }
    };
    (slot("Username"), slot("Password"), slot("ClientIpAddress")).prop_map(
        |(username, password, client_ip_address)| {
            let mut headers = SoapHeaders::default();
            headers.username = username;
            headers.password = password;
            headers.client_ip_address = client_ip_address;
            headers
        },
    )
}

fn cancel_invoice_request() -> impl Strategy<Value = CancelInvoiceRequest> {
    (s50(), country_code(), s50(), store_id()).prop_map(
        |(correlation_id, country_code, invoice_no, store_id)| {
            CancelInvoiceRequest::builder()
                .correlation_id(correlation_id)
                .country_code(country_code)
                .invoice_no(invoice_no)
                .store_id(store_id)
                .build()
                .unwrap()
        },
    )
}

fn replace_invoice_request() -> impl Strategy<Value = ReplaceInvoiceRequest> {
    (
        s50(),
        country_code(),
        s50(),
        vec(invoice_row(), 0..4),
        nillable(s50()),
        store_id(),
    )
        .prop_map(
            |(
                correlation_id,
                country_code,
                invoice_no,
                invoice_rows,
                purchase_classification,
                store_id,
            )| {
                ReplaceInvoiceRequest::builder()
                    .correlation_id(correlation_id)
                    .country_code(country_code)
                    .invoice_no(invoice_no)
                    .set_invoice_rows(Some(invoice_rows))
                    .set_purchase_classification(Some(purchase_classification))
                    .store_id(store_id)
                    .build()
                    .unwrap()
            },
        )
}

fn part_credit_invoice_request() -> impl Strategy<Value = PartCreditInvoiceRequest> {
    (
        vec(article(), 0..4),
        option::of(nillable(s50())),
        country_code(),
        date_or_date_time(),
        s50(),
        nillable(string_max(350)),
        nillable(store_id()),
    )
        .prop_map(
            |(
                article_list,
                correlation_id,
                country_code,
                credit_date,
                invoice_no,
                settlement_reference,
                store_id,
            )| {
                PartCreditInvoiceRequest::builder()
                    .set_article_list(Some(article_list))
                    .set_correlation_id(correlation_id)
                    .country_code(country_code)
                    .credit_date(credit_date)
                    .invoice_no(invoice_no)
                    .set_settlement_reference(Some(settlement_reference))
                    .set_store_id(Some(store_id))
                    .build()
                    .unwrap()
            },
        )
}

fn send_invoice_request() -> impl Strategy<Value = SendInvoiceRequest> {
    (
        s50(),
        country_code(),
        string_max(260),
        prop::sample::select(InvoiceDeliveryMethod::VALUES),
        s50(),
        store_id(),
    )
        .prop_map(
            |(
                correlation_id,
                country_code,
                email,
                invoice_delivery_method,
                invoice_no,
                store_id,
            )| {
                SendInvoiceRequest::builder()
                    .correlation_id(correlation_id)
                    .country_code(country_code)
                    .email(email)
                    .invoice_delivery_method(invoice_delivery_method)
                    .invoice_no(invoice_no)
                    .store_id(store_id)
                    .build()
                    .unwrap()
            },
        )
}

fn adjust_invoice_request() -> impl Strategy<Value = AdjustInvoiceRequest> {
    (
        nillable(s50()),
        country_code(),
        s50(),
        vec(invoice_row(), 0..4),
        nillable(s50()),
        nillable(s50()),
        nillable(store_id()),
    )
        .prop_map(
            |(
                correlation_id,
                country_code,
                invoice_no,
                invoice_rows,
                purchase_classification,
                settlement_reference,
                store_id,
            )| {
                AdjustInvoiceRequest::builder()
                    .set_correlation_id(Some(correlation_id))
                    .country_code(country_code)
                    .invoice_no(invoice_no)
                    .set_invoice_rows(Some(invoice_rows))
                    .set_purchase_classification(Some(purchase_classification))
                    .set_settlement_reference(Some(settlement_reference))
                    .set_store_id(Some(store_id))
                    .build()
                    .unwrap()
            },
        )
}

fn cancel_invoice_response() -> impl Strategy<Value = CancelInvoiceResponse> {
    nillable(s50()).prop_map(|correlation_id| {
        CancelInvoiceResponse::builder()
            .set_correlation_id(Some(correlation_id))
            .build()
            .unwrap()
    })
}

fn part_credit_invoice_response() -> impl Strategy<Value = PartCreditInvoiceResponse> {
    nillable(s50()).prop_map(|correlation_id| {
        PartCreditInvoiceResponse::builder()
            .set_correlation_id(Some(correlation_id))
            .build()
            .unwrap()
    })
}

fn adjust_invoice_response() -> impl Strategy<Value = AdjustInvoiceResponse> {
    nillable(s50()).prop_map(|correlation_id| {
        AdjustInvoiceResponse::builder()
            .set_correlation_id(Some(correlation_id))
            .build()
            .unwrap()
    })
}

fn replace_invoice_response() -> impl Strategy<Value = ReplaceInvoiceResponse> {
    (
        option::of(nillable(any_decimal())),
        nillable(s50()),
        any::<i32>(),
        any_decimal(),
    )
        .prop_map(
            |(available_reservation_amount, correlation_id, invoice_status, total_amount)| {
                ReplaceInvoiceResponse::builder()
                    .set_available_reservation_amount(available_reservation_amount)
                    .set_correlation_id(Some(correlation_id))
                    .invoice_status(invoice_status)
                    .total_amount(total_amount)
                    .build()
                    .unwrap()
            },
        )
}

fn send_invoice_response() -> impl Strategy<Value = SendInvoiceResponse> {
    (
        nillable(any_decimal()),
        nillable(s50()),
        nillable(xs_date_time()),
        nillable(string_max(200)),
        nillable(any_decimal()),
        nillable(s50()),
        nillable(s50()),
        nillable(any_decimal()),
    )
        .prop_map(
            |(
                available_reservation_amount,
                correlation_id,
                due_date,
                invoice_url,
                lowest_amount_to_pay,
                new_invoice_no,
                payment_reference,
                total_amount,
            )| {
                SendInvoiceResponse::builder()
                    .set_available_reservation_amount(Some(available_reservation_amount))
                    .set_correlation_id(Some(correlation_id))
                    .set_due_date(Some(due_date))
                    .set_invoice_url(Some(invoice_url))
                    .set_lowest_amount_to_pay(Some(lowest_amount_to_pay))
                    .set_new_invoice_no(Some(new_invoice_no))
                    .set_payment_reference(Some(payment_reference))
                    .set_total_amount(Some(total_amount))
                    .build()
                    .unwrap()
            },
        )
}

// ----- the properties ------------------------------------------------------------------------------

/// Valid, and encode → decode_request gives back the same headers and body; re-encoding the
/// decoded value gives the same bytes.
fn request_round_trip<O>(headers: &SoapHeaders, request: &O::Request) -> Result<(), TestCaseError>
where
    O: Operation<Headers = SoapHeaders>,
    O::Request: PartialEq + Debug,
{
    if let Err(e) = validate_request::<O>(headers, request) {
        return Err(TestCaseError::fail(format!(
            "the strategy generated an invalid {}: {e}",
            O::INFO.name
        )));
    }
    let xml = encode_request::<O>(headers, request);
    let decoded = decode_request::<O>(&xml, &Limits::default())
        .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
    prop_assert_eq!(&decoded.headers, headers, "{}", xml);
    prop_assert_eq!(&decoded.request, request, "{}", xml);
    prop_assert_eq!(encode_request::<O>(&decoded.headers, &decoded.request), xml);
    Ok(())
}

/// Valid, and encode_response → decode_response gives back the same value (and bytes).
fn response_round_trip<O>(response: &O::Response) -> Result<(), TestCaseError>
where
    O: Operation,
    O::Response: PartialEq + Debug,
{
    if let Err(e) = response.validate() {
        return Err(TestCaseError::fail(format!(
            "the strategy generated an invalid {} response: {e}",
            O::INFO.name
        )));
    }
    let xml = encode_response::<O>(response);
    let decoded = decode_response::<O>(&xml, &Limits::default())
        .map_err(|e| TestCaseError::fail(format!("{e:?}\n{xml}")))?;
    prop_assert_eq!(&decoded, response, "{}", xml);
    prop_assert_eq!(encode_response::<O>(&decoded), xml);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn cancel_invoice_request_round_trips(h in headers_for(&operations::CANCEL_INVOICE_INFO), r in cancel_invoice_request()) {
        request_round_trip::<operations::CancelInvoice>(&h, &r)?;
    }

    #[test]
    fn replace_invoice_request_round_trips(h in headers_for(&operations::REPLACE_INVOICE_INFO), r in replace_invoice_request()) {
        request_round_trip::<operations::ReplaceInvoice>(&h, &r)?;
    }

    #[test]
    fn part_credit_invoice_request_round_trips(h in headers_for(&operations::PART_CREDIT_INVOICE_INFO), r in part_credit_invoice_request()) {
        request_round_trip::<operations::PartCreditInvoice>(&h, &r)?;
    }

    #[test]
    fn send_invoice_request_round_trips(h in headers_for(&operations::SEND_INVOICE_INFO), r in send_invoice_request()) {
        request_round_trip::<operations::SendInvoice>(&h, &r)?;
    }

    #[test]
    fn adjust_invoice_request_round_trips(h in headers_for(&operations::ADJUST_INVOICE_INFO), r in adjust_invoice_request()) {
        request_round_trip::<operations::AdjustInvoice>(&h, &r)?;
    }

    #[test]
    fn cancel_invoice_response_round_trips(r in cancel_invoice_response()) {
        response_round_trip::<operations::CancelInvoice>(&r)?;
    }

    #[test]
    fn replace_invoice_response_round_trips(r in replace_invoice_response()) {
        response_round_trip::<operations::ReplaceInvoice>(&r)?;
    }

    #[test]
    fn part_credit_invoice_response_round_trips(r in part_credit_invoice_response()) {
        response_round_trip::<operations::PartCreditInvoice>(&r)?;
    }

    #[test]
    fn send_invoice_response_round_trips(r in send_invoice_response()) {
        response_round_trip::<operations::SendInvoice>(&r)?;
    }

    #[test]
    fn adjust_invoice_response_round_trips(r in adjust_invoice_response()) {
        response_round_trip::<operations::AdjustInvoice>(&r)?;
    }

    #[test]
    fn invoice_rows_and_articles_validate_and_round_trip(rows in vec(invoice_row(), 1..6), articles in vec(article(), 1..6)) {
        for row in &rows {
            prop_assert!(row.validate().is_ok(), "{:?}", row);
        }
        for a in &articles {
            prop_assert!(a.validate().is_ok(), "{:?}", a);
        }
        let (headers, SeedRequest::PartCreditInvoice(mut credit)) = documented_request("PartCreditInvoice") else { unreachable!() };
        credit.article_list = articles;
        request_round_trip::<operations::PartCreditInvoice>(&headers, &credit)?;
        let (headers, SeedRequest::ReplaceInvoice(mut replace)) = documented_request("ReplaceInvoice") else { unreachable!() };
        replace.invoice_rows = rows;
        request_round_trip::<operations::ReplaceInvoice>(&headers, &replace)?;
    }
}

/// Facet edges the strategies aim at are where the validator says they are.
#[test]
fn strategy_edges_are_valid_and_one_step_beyond_is_not() {
    let row = |quantity: i32, unit_price: &str, vat: &str, description: String| {
        InvoiceRow::builder()
            .article_id("a")
            .description(description)
            .quantity(quantity)
            .unit_price(dec(unit_price))
            .vat(dec(vat))
            .build_unvalidated()
            .unwrap()
    };
    let fifty_astral = "😀".repeat(50);
    assert!(row(1, "999999.99", "100", fifty_astral.clone())
        .validate()
        .is_ok());
    assert!(row(99_999_999, "-999999.99", "0.01", "é".repeat(50))
        .validate()
        .is_ok());
    for bad in [
        row(0, "1", "25", "x".into()),
        row(100_000_000, "1", "25", "x".into()),
        row(1, "1000000", "25", "x".into()),
        row(1, "0.001", "25", "x".into()),
        row(1, "1", "100.01", "x".into()),
        row(1, "1", "25.001", "x".into()),
        row(1, "1", "25", format!("{fifty_astral}a")),
    ] {
        assert!(bad.validate().is_err(), "{bad:?}");
    }
}

// ----- xmllint on a sample ------------------------------------------------------------------------

/// Draws `n` values from `strategy` with a deterministic runner.
fn sample<S: Strategy>(strategy: S, n: usize, runner: &mut TestRunner) -> Vec<S::Value> {
    (0..n)
        .map(|_| {
            strategy
                .new_tree(runner)
                .expect("strategy generates")
                .current()
        })
        .collect()
}

#[test]
fn a_sample_of_generated_bodies_is_valid_against_the_xsd() {
    if !xmllint_for("the XSD validation of generated bodies") {
        return;
    }
    let mut runner = TestRunner::deterministic();
    let mut envelopes: Vec<(String, String)> = Vec::new();
    let per_op = 13; // 5 × 13 = 65 requests
    let mut push =
        |name: &str, xml: String| envelopes.push((format!("{name}-{}.xml", envelopes.len()), xml));
    for r in sample(cancel_invoice_request(), per_op, &mut runner) {
        push(
            "CancelInvoiceRequest",
            encode_request::<operations::CancelInvoice>(&documented_headers(None), &r),
        );
    }
    for r in sample(replace_invoice_request(), per_op, &mut runner) {
        push(
            "ReplaceInvoiceRequest",
            encode_request::<operations::ReplaceInvoice>(&documented_headers(None), &r),
        );
    }
    for r in sample(part_credit_invoice_request(), per_op, &mut runner) {
        push(
            "PartCreditInvoiceRequest",
            encode_request::<operations::PartCreditInvoice>(&documented_headers(None), &r),
        );
    }
    for r in sample(send_invoice_request(), per_op, &mut runner) {
        push(
            "SendInvoiceRequest",
            encode_request::<operations::SendInvoice>(&documented_headers(None), &r),
        );
    }
    for r in sample(adjust_invoice_request(), per_op, &mut runner) {
        push(
            "AdjustInvoiceRequest",
            encode_request::<operations::AdjustInvoice>(&documented_headers(None), &r),
        );
    }
    // Responses too (the server half writes these).
    for r in sample(send_invoice_response(), 8, &mut runner) {
        push(
            "SendInvoiceResponse",
            encode_response::<operations::SendInvoice>(&r),
        );
    }
    for r in sample(replace_invoice_response(), 8, &mut runner) {
        push(
            "ReplaceInvoiceResponse",
            encode_response::<operations::ReplaceInvoice>(&r),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, xml) in &envelopes {
        let path = dir.path().join(name);
        std::fs::write(&path, body_payload(xml)).unwrap();
        files.push(path);
    }
    if let Err(report) = xmllint_validate(&files) {
        let failing: Vec<String> = envelopes
            .iter()
            .filter(|(name, _)| report.contains(&format!("{name} fails to validate")))
            .map(|(name, xml)| format!("--- {name}:\n{}", body_payload(xml)))
            .collect();
        panic!("{report}\n{}", failing.join("\n"));
    }
}
