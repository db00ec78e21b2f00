//! Regenerates the PaymentService bindings from `../wsdl/` into `OUT_DIR`. Cargo reruns this
//! only when a file under `wsdl/` (or this script, or the generator) changes.

include!("build_config.rs");

fn main() {
    println!("cargo:rerun-if-changed=../wsdl");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build_config.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("payment_service.rs");
    match payment_service_builder().compile(WSDL, &out) {
        Ok(warnings) => {
            for w in warnings {
                println!("cargo:warning=WSDL and rules disagree: {w}");
            }
        }
        Err(e) => {
            eprintln!("error: generating the PaymentService bindings failed:\n  {e}");
            std::process::exit(1);
        }
    }
}
