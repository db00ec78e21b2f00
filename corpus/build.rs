//! Runs the generator on every service listed in tests/wsdl-corpus/MANIFEST.tsv and on every
//! WSDL of the Apache CXF test set (tests/cxf-corpus/MANIFEST.tsv), client and server items
//! alike. A row's columns after the expected outcome are `key=value` settings (`binding=NAME`:
//! generate from that binding) or a bare category word (the CXF set's). Services that generate
//! become modules of this crate (so compiling the crate compiles their bindings; the CXF ones
//! under `cxf`); every outcome, with its error for the others, goes into a table the tests
//! check, and every service that generates into a table of its server items.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let plain = |_: &Path| codegen::Builder::new().runtime_path("::soap_runtime");
    let public = run(Path::new("../tests/wsdl-corpus"), &out, "", "", plain);
    let mut outcomes = public.outcomes("OUTCOMES");
    outcomes.push_str(&public.servers("SERVERS"));
    std::fs::write(out.join("outcomes.rs"), outcomes).unwrap();
    std::fs::write(out.join("modules.rs"), public.modules).unwrap();
    println!("cargo:rerun-if-changed=cxf_builder.rs");
    let cxf = run(
        Path::new("../tests/cxf-corpus"),
        &out,
        "cxf_",
        "cxf::",
        cxf_builder,
    );
    let mut outcomes = cxf.outcomes("CXF_OUTCOMES");
    outcomes.push_str(&cxf.servers("CXF_SERVERS"));
    std::fs::write(out.join("cxf_outcomes.rs"), outcomes).unwrap();
    std::fs::write(out.join("cxf_modules.rs"), cxf.modules).unwrap();
}

/// The modules, outcome rows and server rows of one corpus.
struct Corpus {
    modules: String,
    rows: String,
    server_rows: String,
}

impl Corpus {
    fn outcomes(&self, name: &str) -> String {
        format!("pub static {name}: &[Outcome] = &[\n{}];\n", self.rows)
    }

    fn servers(&self, name: &str) -> String {
        format!(
            "pub static {name}: &[Server] = &[\n{}];\n",
            self.server_rows
        )
    }
}

include!("cxf_builder.rs");

/// Generates every service of `dir/MANIFEST.tsv` (columns: module name, entry file, expected
/// outcome, then settings and a category) with the settings `builder` makes for the corpus and
/// the server items; the code of each is written to `out/{file_prefix}{name}.rs`, and its
/// module is named `{module_path}{name}` from the crate root.
fn run(
    dir: &Path,
    out: &Path,
    file_prefix: &str,
    module_path: &str,
    builder: impl Fn(&Path) -> codegen::Builder,
) -> Corpus {
    println!("cargo:rerun-if-changed={}", dir.display());
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut corpus = Corpus {
        modules: String::new(),
        rows: String::new(),
        server_rows: String::new(),
    };
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, entry, expected) = (cols[0], cols[1], cols[2]);
        let mut b = builder(dir).server(true);
        let mut category = "";
        for setting in cols
            .iter()
            .skip(3)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            match setting.split_once('=') {
                Some(("binding", binding)) => b = b.binding(binding),
                Some(_) => panic!(
                    "{}, service {name}: unknown setting {setting:?} (known: binding=NAME)",
                    dir.display()
                ),
                None => category = setting,
            }
        }
        let (ok, detail) = match b.generate(dir.join(entry)) {
            Ok(code) => {
                let lines = code.lines().count();
                let file = format!("{file_prefix}{name}.rs");
                std::fs::write(out.join(&file), code).unwrap();
                let _ = writeln!(
                    corpus.modules,
                    "#[doc = \"Bindings generated from `{entry}`.\"]\n#[allow(warnings, clippy::all, missing_docs)]\npub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file}\")); }}"
                );
                // Naming the generated `Dispatcher` proves the server items are there (it
                // implements `Dispatch` for every implementation of the `Service` trait).
                let m = format!("crate::{module_path}{name}");
                let _ = writeln!(
                    corpus.server_rows,
                    "    Server {{ service: {name:?}, soap_version: {m}::SOAP_VERSION, operations: {m}::operations::ALL, dispatcher: ::std::mem::size_of::<{m}::Dispatcher<()>>() }},"
                );
                (true, format!("{lines} lines"))
            }
            Err(e) => (false, e.to_string()),
        };
        let _ = writeln!(corpus.rows, "    Outcome {{ service: {name:?}, entry: {entry:?}, expected: {expected:?}, category: {category:?}, generated: {ok}, detail: {detail:?} }},");
    }
    corpus
}
