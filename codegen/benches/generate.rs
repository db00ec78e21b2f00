//! Generator speed: the PaymentService bindings and the three largest corpus services.
//! Run: `cargo bench -p codegen --bench generate`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cases = [
        (
            "PaymentServiceV10",
            root.join("wsdl/PaymentServiceV10.wsdl"),
        ),
        (
            "paypal",
            root.join("tests/wsdl-corpus/paypal-api/PayPalSvc.wsdl"),
        ),
        (
            "salesforce_partner",
            root.join("tests/wsdl-corpus/salesforce-partner-v38/partner.wsdl"),
        ),
        (
            "myboardpack",
            root.join("tests/wsdl-corpus/wcf-myboardpack/MyBoardPack.wsdl"),
        ),
    ];
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    for (name, path) in &cases {
        let builder = codegen::Builder::new().prefix(
            "http://schemas.ecommerce.collector.se/v30/PaymentService",
            "pay",
        );
        group.bench_function(*name, |b| b.iter(|| builder.generate(path).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
