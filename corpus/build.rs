//! Runs the generator on every service listed in tests/wsdl-corpus/MANIFEST.tsv, client and
//! server items alike, with the settings of the row's optional fourth column (`binding=NAME`:
//! generate from that binding). Services that generate become modules of this crate (so
//! compiling the crate compiles their bindings); every outcome, with its error for the others,
//! goes into a table the tests check.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let corpus = PathBuf::from("../tests/wsdl-corpus");
    println!("cargo:rerun-if-changed=../tests/wsdl-corpus");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut modules = String::new();
    let mut outcomes = String::from("pub static OUTCOMES: &[Outcome] = &[\n");
    let mut servers = String::from("pub static SERVERS: &[Server] = &[\n");
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, entry, expected) = (cols[0], cols[1], cols[2]);
        let mut builder = codegen::Builder::new()
            .runtime_path("::soap_runtime")
            .server(true);
        // Optional settings, `key=value` from the fourth column on.
        for setting in cols.iter().skip(3).filter(|c| !c.trim().is_empty()) {
            match setting.trim().split_once('=') {
                Some(("binding", binding)) => builder = builder.binding(binding),
                _ => panic!("MANIFEST.tsv, service {name}: unknown setting {setting:?} (known: binding=NAME)"),
            }
        }
        let result = builder.generate(corpus.join(entry));
        let (ok, detail) = match result {
            Ok(code) => {
                let lines = code.lines().count();
                std::fs::write(out.join(format!("{name}.rs")), code).unwrap();
                let _ = writeln!(
                    modules,
                    "#[doc = \"Bindings generated from `{entry}`.\"]\n#[allow(warnings, clippy::all, missing_docs)]\npub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
                );
                // Naming the generated `Dispatcher` proves the server items are there (it
                // implements `Dispatch` for every implementation of the `Service` trait).
                let _ = writeln!(
                    servers,
                    "    Server {{ service: {name:?}, soap_version: {name}::SOAP_VERSION, operations: {name}::operations::ALL, dispatcher: ::std::mem::size_of::<{name}::Dispatcher<()>>() }},"
                );
                (true, format!("{lines} lines"))
            }
            Err(e) => (false, e.to_string()),
        };
        let _ = writeln!(outcomes, "    Outcome {{ service: {name:?}, entry: {entry:?}, expected: {expected:?}, generated: {ok}, detail: {detail:?} }},");
    }
    outcomes.push_str("];\n");
    servers.push_str("];\n");
    outcomes.push_str(&servers);
    std::fs::write(out.join("modules.rs"), modules).unwrap();
    std::fs::write(out.join("outcomes.rs"), outcomes).unwrap();
}
