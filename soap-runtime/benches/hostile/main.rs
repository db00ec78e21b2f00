//! Hostile input at the limits: for each worst case of `cases.rs`, a request envelope of
//! exactly `Limits::default().max_bytes` (4 MiB, what the client accepts) and of the server's
//! default body limit (1 MiB, `ServerOptions::default().max_body_bytes`), decoded with
//! `decode_request` as the server does (XML parse with the limits, envelope navigation,
//! a generic read of the payload's children). Each must parse or be refused in under 50 ms.
//!
//! `attributes_one_element/issue_700KB` is the document of the hardening issue: 60,000
//! attributes on one element in 700,000 bytes. The `…_uncapped` variants decode with
//! `max_attributes_per_element` lifted, to time the duplicate-attribute check itself on one
//! element with hundreds of thousands of attributes.
//!
//! Criterion measures the CPU time of its thread (`cpu.rs`), not wall time, so that the figures
//! of a shared machine do not include the time other processes hold the cores. Before its
//! benchmark, each document is decoded once and the outcome (parsed, or the error) and the CPU
//! and wall time of that single decode are printed to stderr. `HOSTILE_ONLY=a,b` builds and
//! runs only the documents whose `case/size` contains `a` or `b` (for code on which some
//! cases take minutes per decode); criterion's own filter works as usual.
//!
//! Run: `cargo bench -p soap-runtime --bench hostile`. Results: BENCHMARKS.md.

mod cases;
mod cpu;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use soap_runtime::{
    decode_request, element_children, is_nil, read_simple, server::ServerOptions, DecodeError,
    Empty, Limits, Node, Operation, OperationInfo, SoapVersion, Validator, XmlWriter,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

static PROBE: OperationInfo = OperationInfo {
    name: "Probe",
    soap_action: "urn:bench/Probe",
    request: ("urn:bench", "Probe"),
    request_tag: "b:Probe",
    response: ("urn:bench", "ProbeResponse"),
    headers: &[],
    response_headers: &[],
    request_unwrapped: false,
    response_unwrapped: false,
    namespace_declarations: " xmlns:b=\"urn:bench\"",
    soap_version: SoapVersion::Soap11,
};

/// An operation whose request reads any content: every child element's `xsi:nil` and, for a
/// leaf, its text.
struct Probe;

impl Operation for Probe {
    type Request = ProbeRequest;
    type Response = Empty;
    type Headers = ();
    const INFO: &'static OperationInfo = &PROBE;
}

/// What the probe read: number of children and bytes of text.
#[derive(Debug, Default)]
struct ProbeRequest {
    children: usize,
    text_bytes: usize,
}

impl soap_runtime::ComplexValue for ProbeRequest {
    fn write_content(&self, _: &mut XmlWriter<'_>) {}
    fn read_content(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        let mut r = ProbeRequest::default();
        for child in element_children(node) {
            r.children += 1;
            is_nil(child)?;
            if element_children(child).next().is_none() {
                r.text_bytes += read_simple::<String>(child)?.len();
            }
        }
        Ok(r)
    }
    fn validate_into(&self, _: &mut Validator) {}
}

fn outcome(xml: &str, limits: &Limits) -> String {
    let (cpu, wall) = (cpu::thread_cpu_time(), Instant::now());
    let result = decode_request::<Probe>(xml, limits);
    let (cpu, wall) = (cpu::thread_cpu_time() - cpu, wall.elapsed());
    let what = match result {
        Ok(d) => format!(
            "parsed ({} children, {} bytes of text)",
            d.request.children, d.request.text_bytes
        ),
        Err(e) => format!("refused: {e}"),
    };
    format!(
        "{:.2} ms CPU ({:.2} ms wall), {what}",
        cpu.as_secs_f64() * 1e3,
        wall.as_secs_f64() * 1e3
    )
}

/// Whether `case/id` is selected by `HOSTILE_ONLY` (everything when it is unset).
fn selected(full_id: &str) -> bool {
    match std::env::var("HOSTILE_ONLY") {
        Ok(only) => only.split(',').any(|part| full_id.contains(part)),
        Err(_) => true,
    }
}

fn sizes() -> [(&'static str, Limits); 2] {
    let client = Limits::default();
    let server = Limits {
        max_bytes: ServerOptions::default().max_body_bytes,
        ..ServerOptions::default().limits
    };
    [("4MiB", client), ("1MiB", server)]
}

type Group<'a> = criterion::BenchmarkGroup<'a, cpu::CpuTime>;

/// Prints what decoding `xml` gives, then benchmarks it as `case/id`.
fn bench_doc(g: &mut Group<'_>, case: &str, id: &str, xml: &str, limits: &Limits) {
    eprintln!("{case}/{id}: {} bytes: {}", xml.len(), outcome(xml, limits));
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.bench_function(BenchmarkId::from_parameter(id), |b| {
        b.iter(|| decode_request::<Probe>(black_box(xml), limits).is_ok())
    });
}

/// A document of a case: its id, the limits it is decoded with, how to build it.
type Doc = (&'static str, Limits, Box<dyn Fn() -> String>);

fn hostile(c: &mut Criterion<cpu::CpuTime>) {
    for case in cases::CASES {
        let mut docs: Vec<Doc> = Vec::new();
        // Without the limit on attributes per element, the one-element case shows the
        // duplicate check itself on hundreds of thousands of attributes.
        let uncapped = Limits {
            max_attributes_per_element: u32::MAX,
            ..Limits::default()
        };
        if case.name == "attributes_one_element" {
            let issue = || cases::attributes(700_000, 60_000);
            docs.push(("issue_700KB", Limits::default(), Box::new(issue)));
            docs.push(("issue_700KB_uncapped", uncapped, Box::new(issue)));
        }
        for (id, limits) in sizes() {
            docs.push((id, limits, Box::new(move || (case.build)(limits.max_bytes))));
        }
        if case.name == "attributes_one_element" {
            let size = uncapped.max_bytes;
            docs.push((
                "4MiB_uncapped",
                uncapped,
                Box::new(move || (case.build)(size)),
            ));
        }
        docs.retain(|(id, _, _)| selected(&format!("{}/{id}", case.name)));
        if docs.is_empty() {
            continue;
        }
        eprintln!("{}: {}", case.name, case.what);
        let mut g = c.benchmark_group(case.name);
        for (id, limits, build) in docs {
            bench_doc(&mut g, case.name, id, &build(), &limits);
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(cpu::CpuTime).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2)).sample_size(10);
    targets = hostile
}
criterion_main!(benches);
