//! Runs the generator on every service listed in tests/wsdl-corpus/MANIFEST.tsv and on every
//! WSDL of the Apache CXF test set (tests/cxf-corpus/MANIFEST.tsv). Services that generate
//! become modules of this crate (so compiling the crate compiles their bindings; the CXF ones
//! under `cxf`); every outcome, with its error for the others, goes into a table the tests check.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let plain = |_: &Path| codegen::Builder::new().runtime_path("::soap_runtime");
    let public = run(Path::new("../tests/wsdl-corpus"), &out, "", plain);
    std::fs::write(out.join("outcomes.rs"), public.outcomes("OUTCOMES")).unwrap();
    std::fs::write(out.join("modules.rs"), public.modules).unwrap();
    println!("cargo:rerun-if-changed=cxf_builder.rs");
    let cxf = run(Path::new("../tests/cxf-corpus"), &out, "cxf_", cxf_builder);
    std::fs::write(out.join("cxf_outcomes.rs"), cxf.outcomes("CXF_OUTCOMES")).unwrap();
    std::fs::write(out.join("cxf_modules.rs"), cxf.modules).unwrap();
}

/// The modules and outcome rows of one corpus.
struct Corpus {
    modules: String,
    rows: String,
}

impl Corpus {
    fn outcomes(&self, name: &str) -> String {
        format!("pub static {name}: &[Outcome] = &[\n{}];\n", self.rows)
    }
}

include!("cxf_builder.rs");

/// Generates every service of `dir/MANIFEST.tsv` (columns: module name, entry file, expected
/// outcome, and optionally a category) with the settings `builder` makes for the corpus; the
/// code of each is written to `out/{file_prefix}{name}.rs`.
fn run(
    dir: &Path,
    out: &Path,
    file_prefix: &str,
    builder: impl Fn(&Path) -> codegen::Builder,
) -> Corpus {
    println!("cargo:rerun-if-changed={}", dir.display());
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut corpus = Corpus {
        modules: String::new(),
        rows: String::new(),
    };
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, entry, expected) = (cols[0], cols[1], cols[2]);
        let category = cols.get(3).copied().unwrap_or("");
        let result = builder(dir).generate(dir.join(entry));
        let (ok, detail) = match result {
            Ok(code) => {
                let lines = code.lines().count();
                let file = format!("{file_prefix}{name}.rs");
                std::fs::write(out.join(&file), code).unwrap();
                let _ = writeln!(
                    corpus.modules,
                    "#[doc = \"Bindings generated from `{entry}`.\"]\n#[allow(warnings, clippy::all, missing_docs)]\npub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file}\")); }}"
                );
                (true, format!("{lines} lines"))
            }
            Err(e) => (false, e.to_string()),
        };
        let _ = writeln!(corpus.rows, "    Outcome {{ service: {name:?}, entry: {entry:?}, expected: {expected:?}, category: {category:?}, generated: {ok}, detail: {detail:?} }},");
    }
    corpus
}
