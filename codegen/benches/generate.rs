//! Generator speed: the PaymentService bindings (with the rules overlay, as the build makes
//! them, from `wsdl/` and from the WSDL as WCF serves it) and the three largest corpus services.
//! Run: `cargo bench -p codegen --bench generate`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let rules = Some(root.join("wsdl/PaymentServiceV10.rules.toml"));
    let cases = [
        (
            "PaymentServiceV10",
            root.join("wsdl/PaymentServiceV10.wsdl"),
            rules.clone(),
        ),
        (
            "PaymentServiceV10_wcf_served",
            root.join("tests/fixtures/wcf-served/PaymentServiceV10.wsdl"),
            rules,
        ),
        (
            "paypal",
            root.join("tests/wsdl-corpus/paypal-api/PayPalSvc.wsdl"),
            None,
        ),
        (
            "salesforce_partner",
            root.join("tests/wsdl-corpus/salesforce-partner-v38/partner.wsdl"),
            None,
        ),
        (
            "myboardpack",
            root.join("tests/wsdl-corpus/wcf-myboardpack/MyBoardPack.wsdl"),
            None,
        ),
    ];
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    for (name, path, rules) in &cases {
        // The PaymentService settings of payment-service/build_config.rs that affect the model.
        let builder = match rules {
            Some(r) => codegen::Builder::new()
                .rules(r)
                .prefix(
                    "http://schemas.ecommerce.collector.se/v30/PaymentService",
                    "pay",
                )
                .include_type("FaultCode")
                .open_enum("FaultCode"),
            None => codegen::Builder::new(),
        };
        group.bench_function(*name, |b| b.iter(|| builder.generate(path).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
