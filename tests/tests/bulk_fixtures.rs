//! The bulk benchmark fixtures (`tests/fixtures/bulk/`, written by its `generate.py`, used by
//! `scripts/bench-peers.sh`): the AddInvoice request with 600 rows and the GetReservations
//! response with 500 reservations decode with the generated types, validate, and hold exactly
//! the values `generate.py` defines (`invoice_row(i)`, `reservation(i)`, restated here), so
//! every stack of the benchmark decodes and encodes what the fixtures say.

use integration_tests::codec::xml_difference;
use payment_service::operations::{AddInvoice, GetReservations};
use payment_service::runtime::{
    decode_request, decode_response, encode_request, validate_request, ComplexValue, Decimal,
    Limits, Nillable,
};

fn bulk(name: &str) -> String {
    let path = format!("{}/fixtures/bulk/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `money(cents)` of generate.py.
fn money(cents: i64) -> Decimal {
    format!("{}.{:02}", cents / 100, cents % 100)
        .parse()
        .expect("a decimal")
}

#[test]
fn the_bulk_add_invoice_request_decodes_validates_and_round_trips() {
    let xml = bulk("AddInvoice.request.xml");
    let decoded = decode_request::<AddInvoice>(&xml, &Limits::default()).expect("decodes");
    let (headers, request) = (decoded.headers, decoded.request);
    validate_request::<AddInvoice>(&headers, &request).expect("valid");
    assert_eq!(headers.client_ip_address.as_deref(), Some("127.0.0.1"));
    let rows = &request.invoice_rows;
    assert_eq!(rows.len(), 600);
    for (n, row) in rows.iter().enumerate() {
        let i = n as i64 + 1;
        assert_eq!(row.article_id, format!("ART-{i:05}"), "row {i}");
        assert_eq!(
            row.description,
            format!("Article {i} of the bulk invoice"),
            "row {i}"
        );
        assert_eq!(i64::from(row.quantity), 1 + (i * 7) % 20, "row {i}");
        assert_eq!(row.quantity_unit, None, "row {i}");
        assert_eq!(row.unit_price, money(100 + (i * 1999) % 100000), "row {i}");
        let vat: Decimal = ["25", "12", "6"][(i % 3) as usize].parse().unwrap();
        assert_eq!(row.vat, vat, "row {i}");
    }
    // Our encoding of the decoded values is the fixture, as XML trees.
    let ours = encode_request::<AddInvoice>(&headers, &request);
    if let Some(d) = xml_difference(&ours, &xml) {
        panic!("our encoding differs from the fixture at {d}");
    }
}

#[test]
fn the_bulk_get_reservations_response_decodes_and_validates() {
    let xml = bulk("GetReservations.response.xml");
    let response = decode_response::<GetReservations>(&xml, &Limits::default()).expect("decodes");
    response.validate().expect("valid");
    assert_eq!(
        response.correlation_id.value().map(String::as_str),
        Some("bulk-500")
    );
    let list = response.reservations.value().expect("not nil");
    assert_eq!(list.len(), 500);
    for (n, r) in list.iter().enumerate() {
        let i = n as i64 + 1;
        assert_eq!(
            r.available_reservation_amount,
            Some(money((i * 123457) % 10000000)),
            "{i}"
        );
        assert_eq!(
            r.customer_name.as_deref(),
            Some(format!("Customer {i}").as_str()),
            "{i}"
        );
        let reg_no = format!("19{:02}0101{i:04}", 50 + i % 50);
        assert_eq!(r.customer_reg_no.as_deref(), Some(reg_no.as_str()), "{i}");
        let status = if i % 25 == 0 { "BLOCKED" } else { "" };
        assert_eq!(r.customer_status.as_deref(), Some(status), "{i}");
        match &r.pending_until {
            Some(Nillable::Nil) => assert_eq!(i % 4, 0, "{i}: nil only every fourth"),
            Some(Nillable::Value(d)) => {
                assert_ne!(i % 4, 0, "{i}");
                assert_eq!(
                    d.as_str(),
                    format!("2026-12-{:02}T23:59:59", 1 + i % 28),
                    "{i}"
                );
            }
            None => panic!("{i}: PendingUntil missing"),
        }
    }
}
