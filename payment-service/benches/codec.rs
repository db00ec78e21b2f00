//! Codec benchmarks on the five documented seed operations.
//!
//! * `encode/<Op>`: the documented request values (headers + body, built once outside the
//!   loop) → a new envelope `String` per iteration (`encode_request`).
//! * `encode_reuse/<Op>`: the same into one reused buffer (`write_request`).
//! * `decode/<Op>`: the documented response envelope → the typed response (`decode_response`).
//!
//! Throughput is in bytes of the envelope produced (encode) or consumed (decode).
//! Run: `cargo bench -p payment-service --bench codec`. Results: BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use payment_service::operations;
use payment_service::runtime::{
    decode_request, decode_response, decode_response_tree, encode_request, parse_document,
    validate_request, write_request, Limits, Operation,
};
use std::hint::black_box;
use std::time::Duration;

macro_rules! fixture {
    ($op:literal, $kind:literal) => {
        include_str!(concat!(
            "../../tests/fixtures/seed/",
            $op,
            ".",
            $kind,
            ".xml"
        ))
    };
}

/// Registers the three benchmarks of operation `O`.
fn bench_op<O: Operation>(c: &mut Criterion, name: &str, request_xml: &str, response_xml: &str) {
    // The documented values: the documented request, decoded once (tests/tests/codec_seed.rs
    // checks that these equal the values built by hand from the documentation).
    let documented =
        decode_request::<O>(request_xml, &Limits::default()).expect("documented request decodes");
    let (headers, request) = (documented.headers, documented.request);
    validate_request::<O>(&headers, &request).expect("documented request is valid");
    let encoded_len = encode_request::<O>(&headers, &request).len() as u64;
    let limits = Limits::default();
    decode_response::<O>(response_xml, &limits)
        .unwrap_or_else(|_| panic!("{name}: documented response decodes"));

    let mut g = c.benchmark_group("encode");
    g.throughput(Throughput::Bytes(encoded_len));
    g.bench_function(BenchmarkId::from_parameter(name), |b| {
        b.iter(|| encode_request::<O>(black_box(&headers), black_box(&request)))
    });
    g.finish();

    let mut g = c.benchmark_group("encode_reuse");
    g.throughput(Throughput::Bytes(encoded_len));
    let mut buf = String::with_capacity(4096);
    g.bench_function(BenchmarkId::from_parameter(name), |b| {
        b.iter(|| {
            buf.clear();
            write_request::<O>(black_box(&headers), black_box(&request), &mut buf);
            black_box(buf.len())
        })
    });
    g.finish();

    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(response_xml.len() as u64));
    g.bench_function(BenchmarkId::from_parameter(name), |b| {
        b.iter(
            || match decode_response::<O>(black_box(response_xml), &limits) {
                Ok(r) => r,
                Err(_) => unreachable!(),
            },
        )
    });
    g.finish();

    // Where decode time goes: the XML parser alone, then with the runtime's limits checks, then
    // the whole decode through the tree (`decode/<Op>` takes the fast path, without a tree).
    let mut g = c.benchmark_group("decode_parts");
    g.throughput(Throughput::Bytes(response_xml.len() as u64));
    g.bench_function(BenchmarkId::new("tree", name), |b| {
        b.iter(
            || match decode_response_tree::<O>(black_box(response_xml), &limits) {
                Ok(r) => r,
                Err(_) => unreachable!(),
            },
        )
    });
    g.bench_function(BenchmarkId::new("roxmltree", name), |b| {
        let opts = || roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: limits.max_nodes,
            ..Default::default()
        };
        b.iter(|| {
            roxmltree::Document::parse_with_options(black_box(response_xml), opts())
                .map(|d| d.descendants().len())
        })
    });
    g.bench_function(BenchmarkId::new("parse_document", name), |b| {
        b.iter(|| parse_document(black_box(response_xml), &limits).map(|d| d.descendants().len()))
    });
    g.finish();
}

fn codec(c: &mut Criterion) {
    bench_op::<operations::CancelInvoice>(
        c,
        "CancelInvoice",
        fixture!("CancelInvoice", "request"),
        fixture!("CancelInvoice", "response"),
    );
    bench_op::<operations::ReplaceInvoice>(
        c,
        "ReplaceInvoice",
        fixture!("ReplaceInvoice", "request"),
        fixture!("ReplaceInvoice", "response"),
    );
    bench_op::<operations::PartCreditInvoice>(
        c,
        "PartCreditInvoice",
        fixture!("PartCreditInvoice", "request"),
        fixture!("PartCreditInvoice", "response"),
    );
    bench_op::<operations::SendInvoice>(
        c,
        "SendInvoice",
        fixture!("SendInvoice", "request"),
        fixture!("SendInvoice", "response"),
    );
    bench_op::<operations::AdjustInvoice>(
        c,
        "AdjustInvoice",
        fixture!("AdjustInvoice", "request"),
        fixture!("AdjustInvoice", "response"),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(2)).sample_size(50);
    targets = codec
}
criterion_main!(benches);
