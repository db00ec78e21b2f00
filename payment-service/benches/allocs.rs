//! Heap allocations per call, counted by a counting global allocator (a wrapper of the system
//! allocator that counts only on threads that turned counting on).
//!
//! * `encode/<Op>`: `encode_request` of the documented request of each seed operation (headers
//!   and request decoded from `tests/fixtures/seed/<Op>.request.xml` once, outside).
//! * `validate/<Op>`: `validate_request` of the same (the client runs it before encoding).
//! * `decode/<Op>`: `decode_response` of the documented response.
//! * `client call/<Op>`: one call of the generated `Client` over loopback HTTP against a
//!   canned-response server (`benches/common`), **client side only**: the server runs on a
//!   thread of its own whose allocations are not counted; the client's runtime (one thread,
//!   holding reqwest's connection task and timers) is. After a warm-up, so the connection
//!   exists.
//! * `raw reqwest call/<Op>`: the same POST of the same bytes with plain reqwest, for
//!   comparison.
//!
//! Allocations are `alloc` + `alloc_zeroed` + `realloc` calls (a `realloc` that grows a
//! buffer is an allocation event, as in dhat); bytes are the sizes asked for (for `realloc`,
//! the new size). Per call = the total over `ALLOCS_BENCH_ITERS` calls (default 1000) / calls.
//!
//! Run: `cargo bench -p payment-service --bench allocs`. Results: BENCHMARKS.md.

mod common;

use common::*;
use payment_service::operations;
use payment_service::runtime::{
    decode_request, decode_response, encode_request, validate_request, CallOperation, Limits,
    Operation,
};
use payment_service::SoapHeaders;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static REALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn counting() -> bool {
    COUNTING.try_with(Cell::get).unwrap_or(false)
}

// SAFETY: every method forwards to the system allocator unchanged; the counters are atomics
// and the thread-local flag is a `const`-initialised `Cell` (no allocation, no destructor).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counting() {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if counting() {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if counting() {
            REALLOCS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocation events and bytes of `iters` runs of `f` on this thread, per run.
#[derive(Clone, Copy)]
struct PerCall {
    allocs: f64,
    reallocs: f64,
    bytes: f64,
}

fn snapshot() -> (u64, u64, u64) {
    (
        ALLOCS.load(Ordering::Relaxed),
        REALLOCS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

fn per_call(before: (u64, u64, u64), after: (u64, u64, u64), iters: usize) -> PerCall {
    let n = iters as f64;
    PerCall {
        allocs: (after.0 - before.0) as f64 / n,
        reallocs: (after.1 - before.1) as f64 / n,
        bytes: (after.2 - before.2) as f64 / n,
    }
}

fn count(iters: usize, mut f: impl FnMut()) -> PerCall {
    f(); // once untimed: lazily initialised statics (regexes, ...) are not per call
    let before = snapshot();
    COUNTING.with(|c| c.set(true));
    for _ in 0..iters {
        f();
    }
    COUNTING.with(|c| c.set(false));
    per_call(before, snapshot(), iters)
}

fn row(what: &str, p: PerCall) {
    println!(
        "| {what} | {:.1} | {:.1} | {:.0} |",
        p.allocs + p.reallocs,
        p.reallocs,
        p.bytes
    );
}

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

fn codec<O: Operation>(name: &str, request_xml: &str, response_xml: &str, iters: usize) {
    let limits = Limits::default();
    let documented = decode_request::<O>(request_xml, &limits).expect("documented request");
    let (headers, request) = (documented.headers, documented.request);
    row(
        &format!("encode/{name}"),
        count(iters, || {
            black_box(encode_request::<O>(
                black_box(&headers),
                black_box(&request),
            ));
        }),
    );
    row(
        &format!("validate/{name}"),
        count(iters, || {
            black_box(validate_request::<O>(black_box(&headers), black_box(&request)).is_ok());
        }),
    );
    row(
        &format!("decode/{name}"),
        count(iters, || {
            black_box(decode_response::<O>(black_box(response_xml), &limits).is_ok());
        }),
    );
}

/// Client-side allocations of a call of `O` through the generated client and through raw
/// reqwest, against a canned server on another thread.
fn calls<O: Operation<Headers = SoapHeaders>>(
    rt: &tokio::runtime::Runtime,
    name: &str,
    canned: &'static str,
    request: &O::Request,
    iters: usize,
) {
    let url = url(spawn_canned_thread(canned));
    let client = client(&url);
    let raw = raw_client();
    let (body, action) = wire_request::<O>(request);
    rt.block_on(async {
        let one = || async {
            black_box(
                CallOperation::call::<O>(&client, request)
                    .await
                    .expect("client call"),
            );
        };
        let one_raw = || async {
            black_box(
                raw_call(&raw, &url, &action, &body)
                    .await
                    .expect("raw call"),
            );
        };
        for _ in 0..100 {
            one().await;
            one_raw().await;
        }
        let before = snapshot();
        COUNTING.with(|c| c.set(true));
        for _ in 0..iters {
            one().await;
        }
        COUNTING.with(|c| c.set(false));
        row(
            &format!("client call/{name}"),
            per_call(before, snapshot(), iters),
        );
        let before = snapshot();
        COUNTING.with(|c| c.set(true));
        for _ in 0..iters {
            one_raw().await;
        }
        COUNTING.with(|c| c.set(false));
        row(
            &format!("raw reqwest call/{name}"),
            per_call(before, snapshot(), iters),
        );
    });
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let iters: usize = std::env::var("ALLOCS_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 1000 } else { 20 });
    println!("allocations per call ({iters} calls each)");
    println!("| what | allocations | of which reallocs | bytes |");
    println!("|---|---|---|---|");
    codec::<operations::CancelInvoice>(
        "CancelInvoice",
        fixture!("CancelInvoice", "request"),
        fixture!("CancelInvoice", "response"),
        iters,
    );
    codec::<operations::ReplaceInvoice>(
        "ReplaceInvoice",
        fixture!("ReplaceInvoice", "request"),
        fixture!("ReplaceInvoice", "response"),
        iters,
    );
    codec::<operations::PartCreditInvoice>(
        "PartCreditInvoice",
        fixture!("PartCreditInvoice", "request"),
        fixture!("PartCreditInvoice", "response"),
        iters,
    );
    codec::<operations::SendInvoice>(
        "SendInvoice",
        fixture!("SendInvoice", "request"),
        fixture!("SendInvoice", "response"),
        iters,
    );
    codec::<operations::AdjustInvoice>(
        "AdjustInvoice",
        fixture!("AdjustInvoice", "request"),
        fixture!("AdjustInvoice", "response"),
        iters,
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    calls::<Cancel>(
        &rt,
        "CancelInvoice",
        CANCEL_RESPONSE,
        &cancel_request(),
        iters,
    );
    calls::<Send>(&rt, "SendInvoice", SEND_RESPONSE, &send_request(), iters);
}
