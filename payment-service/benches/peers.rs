//! Our codec, measured the way the peer benches in `benches/peers/` measure gSOAP and zeep
//! (`scripts/bench-peers.sh` runs the three interleaved and prints one table; BENCHMARKS.md).
//!
//! Messages: the five documented seed operations (encode the documented request values,
//! decode the documented response) and two bulk documents from `tests/fixtures/bulk/`:
//! encode an AddInvoice request with 600 invoice rows, decode a GetReservations response with
//! 500 reservations. The request values are the fixture requests, decoded once with
//! `decode_request` (the peers build the same values in code); the responses are decoded from
//! the fixture bytes every stack reads. Encode = headers + body → a complete SOAP 1.1 envelope
//! in a new `String` (`encode_request`); decode = envelope → typed response (`decode_response`,
//! default `Limits`), the result dropped each time.
//!
//! Timing, the same in all three stacks: the batch size doubles from 1 until one batch takes
//! at least 20 ms; then batches run for 200 ms of warm-up; then 41 timed batches (wall clock);
//! the figure is the median over those batches of batch time / batch size. One JSON line per
//! measurement on stdout: `{"stack":"ours","op":..,"dir":"encode"|"decode","us":..,"bytes":..}`.
//!
//! Before timing, every decode is checked (it succeeds, validates, and has the documented
//! field values) and every request validates, so nothing is measured on an error path.
//!
//! Run alone: `cargo bench -p payment-service --bench peers` (about 15 s);
//! `-- --dump DIR` also writes each encoded envelope to `DIR/<Op>.request.xml` (the script
//! compares them with the peers'). Without `--bench` (as `cargo test --benches` runs it) each
//! message is encoded and decoded once and checked, nothing is timed.

use payment_service::operations;
use payment_service::runtime::{
    decode_request, decode_response, encode_request, validate_request, ComplexValue, Decimal,
    Limits, Nillable, Operation,
};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A batch must take at least this long to be timed.
const MIN_BATCH: Duration = Duration::from_millis(20);
/// Warm-up after calibration.
const WARM_UP: Duration = Duration::from_millis(200);
/// Timed batches per measurement; the median is reported.
const BATCHES: usize = 41;

macro_rules! fixture {
    ($dir:literal, $file:literal) => {
        include_str!(concat!("../../tests/fixtures/", $dir, "/", $file))
    };
}

/// How the bench was asked to run.
struct Mode {
    /// `--bench` given: time (otherwise: check once).
    timed: bool,
    /// `--dump DIR`: where to write the encoded envelopes.
    dump: Option<PathBuf>,
}

impl Mode {
    fn from_args() -> Mode {
        let mut mode = Mode {
            timed: false,
            dump: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            match a.as_str() {
                "--bench" => mode.timed = true,
                "--dump" => mode.dump = args.next().map(PathBuf::from),
                _ => {} // cargo's own arguments and filters: ignored
            }
        }
        mode
    }
}

/// Median µs per call of `f` and the batch size: calibrate, warm up, 41 timed batches.
fn measure(mut f: impl FnMut()) -> (f64, u64) {
    let mut batch = |n: u64| {
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        start.elapsed()
    };
    let mut n = 1u64;
    while batch(n) < MIN_BATCH {
        n *= 2;
    }
    let warm = Instant::now();
    while warm.elapsed() < WARM_UP {
        batch(n);
    }
    let mut per_call: Vec<f64> = (0..BATCHES)
        .map(|_| batch(n).as_secs_f64() * 1e6 / n as f64)
        .collect();
    per_call.sort_by(f64::total_cmp);
    (per_call[BATCHES / 2], n)
}

fn report(op: &str, dir: &str, us: f64, bytes: usize, batch: u64) {
    // `op` and `dir` are fixed ASCII names: nothing to escape.
    println!(
        r#"{{"stack":"ours","op":"{op}","dir":"{dir}","us":{us},"bytes":{bytes},"batch":{batch}}}"#
    );
}

/// Encodes the request of `O` decoded from `request_xml` (validated first).
fn encode<O: Operation>(mode: &Mode, op: &str, request_xml: &str) {
    let documented = decode_request::<O>(request_xml, &Limits::default())
        .unwrap_or_else(|e| panic!("{op}: the fixture request does not decode: {e}"));
    let (headers, request) = (documented.headers, documented.request);
    if let Err(e) = validate_request::<O>(&headers, &request) {
        panic!("{op}: the fixture request is not valid: {e}");
    }
    let envelope = encode_request::<O>(&headers, &request);
    if let Some(dir) = &mode.dump {
        let path = dir.join(format!("{op}.request.xml"));
        std::fs::write(&path, &envelope)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    if mode.timed {
        let (us, batch) = measure(|| {
            black_box(encode_request::<O>(
                black_box(&headers),
                black_box(&request),
            ));
        });
        report(op, "encode", us, envelope.len(), batch);
    }
}

/// Decodes `response_xml` as the response of `O`, checks it with `check`, then times it.
fn decode<O: Operation>(
    mode: &Mode,
    op: &str,
    response_xml: &str,
    check: fn(&O::Response) -> bool,
) {
    let limits = Limits::default();
    let response = decode_response::<O>(response_xml, &limits)
        .unwrap_or_else(|e| panic!("{op}: the fixture response does not decode: {e:?}"));
    if let Err(e) = response.validate() {
        panic!("{op}: the decoded response is not valid: {e}");
    }
    assert!(
        check(&response),
        "{op}: decoded values differ from the fixture"
    );
    if mode.timed {
        let (us, batch) = measure(|| {
            // The error arm is never taken (checked above); the value is dropped each time.
            if let Ok(r) = decode_response::<O>(black_box(response_xml), &limits) {
                black_box(r);
            }
        });
        report(op, "decode", us, response_xml.len(), batch);
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

fn text(v: &Nillable<String>) -> Option<&str> {
    v.value().map(String::as_str)
}

fn main() {
    let mode = Mode::from_args();
    if let Some(dir) = &mode.dump {
        std::fs::create_dir_all(dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }

    encode::<operations::CancelInvoice>(
        &mode,
        "CancelInvoice",
        fixture!("seed", "CancelInvoice.request.xml"),
    );
    decode::<operations::CancelInvoice>(
        &mode,
        "CancelInvoice",
        fixture!("seed", "CancelInvoice.response.xml"),
        |r| text(&r.correlation_id) == Some("CancelInvoiceV10"),
    );
    encode::<operations::ReplaceInvoice>(
        &mode,
        "ReplaceInvoice",
        fixture!("seed", "ReplaceInvoice.request.xml"),
    );
    decode::<operations::ReplaceInvoice>(
        &mode,
        "ReplaceInvoice",
        fixture!("seed", "ReplaceInvoice.response.xml"),
        |r| {
            r.available_reservation_amount == Some(Nillable::Value(dec("5659.00")))
                && text(&r.correlation_id) == Some("ReplaceInvoiceV10")
                && r.invoice_status == 1
                && r.total_amount == dec("121")
        },
    );
    encode::<operations::PartCreditInvoice>(
        &mode,
        "PartCreditInvoice",
        fixture!("seed", "PartCreditInvoice.request.xml"),
    );
    decode::<operations::PartCreditInvoice>(
        &mode,
        "PartCreditInvoice",
        fixture!("seed", "PartCreditInvoice.response.xml"),
        |r| r.correlation_id == Nillable::Nil,
    );
    encode::<operations::SendInvoice>(
        &mode,
        "SendInvoice",
        fixture!("seed", "SendInvoice.request.xml"),
    );
    decode::<operations::SendInvoice>(
        &mode,
        "SendInvoice",
        fixture!("seed", "SendInvoice.response.xml"),
        |r| {
            r.due_date.value().map(|d| d.as_str()) == Some("2020-05-10T23:59:59")
                && text(&r.invoice_url).is_some_and(|u| u.ends_with("&language=sv-SE"))
                && r.new_invoice_no == Nillable::Nil
                && text(&r.payment_reference) == Some("100002403531655")
                && r.total_amount == Nillable::Value(dec("3510.00"))
        },
    );
    encode::<operations::AdjustInvoice>(
        &mode,
        "AdjustInvoice",
        fixture!("seed", "AdjustInvoice.request.xml"),
    );
    decode::<operations::AdjustInvoice>(
        &mode,
        "AdjustInvoice",
        fixture!("seed", "AdjustInvoice.response.xml"),
        |r| text(&r.correlation_id) == Some("AdjustInvoiceV10"),
    );
    encode::<operations::AddInvoice>(
        &mode,
        "AddInvoice",
        fixture!("bulk", "AddInvoice.request.xml"),
    );
    decode::<operations::GetReservations>(
        &mode,
        "GetReservations",
        fixture!("bulk", "GetReservations.response.xml"),
        |r| {
            let Some(list) = r.reservations.value() else {
                return false;
            };
            let (first, last) = (&list[0], &list[list.len() - 1]);
            list.len() == 500
                && first.available_reservation_amount == Some(dec("1234.57"))
                && first.customer_status.as_deref() == Some("")
                && first
                    .pending_until
                    .as_ref()
                    .and_then(|p| p.value())
                    .map(|d| d.as_str())
                    == Some("2026-12-02T23:59:59")
                && last.available_reservation_amount == Some(dec("17285.00"))
                && last.customer_name.as_deref() == Some("Customer 500")
                && last.customer_status.as_deref() == Some("BLOCKED")
                && last.pending_until == Some(Nillable::Nil)
        },
    );
    if !mode.timed {
        println!("peers bench: every message encodes, decodes and checks (run with `cargo bench` to time)");
    }
}
