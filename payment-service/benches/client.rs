//! Client overhead over loopback HTTP: the generated [`payment_service::Client`] against a raw
//! `reqwest` POST of the same bytes, to a local hyper server that answers every POST with the
//! same canned SOAP response (the documented seed response of the operation).
//!
//! Per operation (CancelInvoice, SendInvoice), on one single-threaded tokio runtime:
//!
//! * **client**: `CallOperation::call::<O>` on the generated `Client` (what `client.cancel_invoice(&r)`
//!   runs): the headers from the credentials, validation of request and headers, encode,
//!   HTTP POST, body read under the size limit, decode into the typed response. The request
//!   is built once, with its builder, outside the timed loop.
//! * **raw**: `reqwest::Client::post(url)` with the same `Content-Type` and `SOAPAction`, the
//!   envelope the client sends (encoded once), the body read to `Bytes`.
//! * **raw+codec**: raw, plus `encode_request` of the request before and `decode_response` of
//!   the body after: the codec's share, so that client − raw+codec is the client's own
//!   plumbing (headers, validation, the body limit, error mapping, tracing).
//!
//! Calls rotate in blocks (`BLOCK` of one side, then of the next) after a warm-up, each call
//! timed on its own; p50 and p99 from an HDR histogram, and the p50 overhead
//! `(client p50 − raw p50) / raw p50` (and the same against raw+codec).
//!
//! Server placement (`CLIENT_BENCH_SERVER`): `thread` (default) runs the server on a thread of
//! its own, like a server in another process; `task` runs it on the clients' runtime, so a
//! call is all CPU work on one thread (no cross-thread wake-ups), the stricter ratio.
//! `CLIENT_BENCH_CALLS` (default 20000) calls per side and operation; `CLIENT_BENCH_ONLY=client`
//! (or `raw`, `raw+codec`) runs one side only, for `perf record`.
//!
//! Run: `cargo bench -p payment-service --bench client`. Results: BENCHMARKS.md. Numbers are
//! ratios within one run; the machine is a shared 2-core VM.

mod common;

use bytes::Bytes;
use common::*;
use hdrhistogram::Histogram;
use payment_service::runtime::client::reqwest;
use payment_service::runtime::{decode_response, encode_request, CallOperation, Limits, Operation};
use payment_service::{Client, SoapHeaders};
use std::hint::black_box;
use std::time::Instant;

/// Calls of one side before the other side's block.
const BLOCK: usize = 50;
/// Untimed calls of each side first (connections made, caches warm).
const WARM_UP: usize = 2_000;

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 10_000_000_000, 3).expect("histogram bounds")
}

/// p50, p99 in µs.
fn percentiles(h: &Histogram<u64>) -> (f64, f64) {
    (
        h.value_at_quantile(0.50) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
    )
}

/// What is timed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The generated client.
    Client,
    /// reqwest with the envelope's bytes, the body read to `Bytes`.
    Raw,
    /// The same, plus `encode_request` before and `decode_response` after: what the client
    /// does minus its own plumbing and validation.
    RawCodec,
}

const SIDES: [Side; 3] = [Side::Client, Side::Raw, Side::RawCodec];

/// One operation: warm-up, then `calls` timed calls of each side in rotating blocks.
/// `only` restricts the run to one side (for profiling).
async fn measure<O: Operation<Headers = SoapHeaders>>(
    name: &str,
    (client, raw, url): (&Client, &reqwest::Client, &str),
    request: &O::Request,
    calls: usize,
    only: Option<Side>,
) -> [Histogram<u64>; 3] {
    let (body, action) = wire_request::<O>(request);
    let headers = headers();
    let limits = Limits::default();
    let one = |side: Side| {
        let (body, action, headers, limits) = (&body, &action, &headers, &limits);
        async move {
            match side {
                Side::Client => {
                    let r = CallOperation::call::<O>(client, request).await;
                    drop(black_box(r.unwrap_or_else(|e| {
                        panic!("{name}: client call failed: {e}")
                    })));
                }
                Side::Raw => {
                    let r = raw_call(raw, url, action, body).await;
                    drop(black_box(
                        r.unwrap_or_else(|e| panic!("{name}: raw call failed: {e}")),
                    ));
                }
                Side::RawCodec => {
                    let envelope = Bytes::from(encode_request::<O>(headers, request));
                    let r = raw_call(raw, url, action, &envelope).await;
                    let bytes = r.unwrap_or_else(|e| panic!("{name}: raw call failed: {e}"));
                    let text = std::str::from_utf8(&bytes).expect("UTF-8 response");
                    match decode_response::<O>(text, limits) {
                        Ok(response) => drop(black_box(response)),
                        Err(_) => panic!("{name}: the canned response does not decode"),
                    }
                }
            }
        }
    };
    let sides: Vec<Side> = SIDES
        .into_iter()
        .filter(|s| only.is_none_or(|o| o == *s))
        .collect();
    for _ in 0..WARM_UP.min(calls) {
        for &side in &sides {
            one(side).await;
        }
    }
    let mut hs = [histogram(), histogram(), histogram()];
    let mut done = 0;
    let mut round = 0;
    while done < calls {
        let n = BLOCK.min(calls - done);
        for k in 0..sides.len() {
            let side = sides[(k + round) % sides.len()];
            let h = &mut hs[SIDES.iter().position(|s| *s == side).expect("a side")];
            for _ in 0..n {
                let t = Instant::now();
                one(side).await;
                h.record((t.elapsed().as_nanos() as u64).max(1))
                    .expect("in bounds");
            }
        }
        round += 1;
        done += n;
    }
    hs
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then one quick
    // round checks that the bench still runs.
    let benching = std::env::args().any(|a| a == "--bench");
    let calls: usize = std::env::var("CLIENT_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 20_000 } else { 200 });
    let placement = std::env::var("CLIENT_BENCH_SERVER").unwrap_or_else(|_| "thread".into());
    let only = match std::env::var("CLIENT_BENCH_ONLY").as_deref() {
        Ok("client") => Some(Side::Client),
        Ok("raw") => Some(Side::Raw),
        Ok("raw+codec") => Some(Side::RawCodec),
        _ => None,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let started = Instant::now();
    println!(
        "client overhead: {calls} calls per side and operation, blocks of {BLOCK}, server on a {placement}, load {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
    println!("| operation | client p50 / p99 | raw p50 / p99 | raw+codec p50 / p99 | client vs raw (p50) | client vs raw+codec (p50) |");
    println!("|---|---|---|---|---|---|");
    rt.block_on(async {
        for (name, canned) in [("CancelInvoice", CANCEL_RESPONSE), ("SendInvoice", SEND_RESPONSE)] {
            let addr = match placement.as_str() {
                "task" => spawn_canned_task(canned).await,
                _ => spawn_canned_thread(canned),
            };
            let url = url(addr);
            let client = client(&url);
            let raw = raw_client();
            let parts = (&client, &raw, url.as_str());
            let [hc, hr, hk] = match name {
                "CancelInvoice" => {
                    measure::<Cancel>(name, parts, &cancel_request(), calls, only).await
                }
                _ => measure::<Send>(name, parts, &send_request(), calls, only).await,
            };
            if only.is_some() {
                let h = [&hc, &hr, &hk].into_iter().find(|h| !h.is_empty());
                let (p50, p99) = h.map(percentiles).unwrap_or_default();
                println!("| {name} (one side only) | p50 {p50:.2} µs, p99 {p99:.1} µs | | | | |");
                continue;
            }
            let ((c50, c99), (r50, r99), (k50, k99)) =
                (percentiles(&hc), percentiles(&hr), percentiles(&hk));
            println!(
                "| {name} | {c50:.2} / {c99:.1} µs | {r50:.2} / {r99:.1} µs | {k50:.2} / {k99:.1} µs | {:+.1} % ({:+.2} µs) | {:+.1} % ({:+.2} µs) |",
                (c50 - r50) / r50 * 100.0,
                c50 - r50,
                (c50 - k50) / k50 * 100.0,
                c50 - k50,
            );
        }
    });
    println!("({:.1} s)", started.elapsed().as_secs_f64());
}
