//! A bounded, deterministic fuzz of the generator: the corpus WSDLs (with the files they
//! import), PaymentService's `wsdl/`, small Apache CXF test WSDLs and xsd-parser feature schemas
//! (when `shared/peer-corpora` is there), each mutated a few thousand times by a seeded PRNG
//! (byte flips, truncation, deleting, duplicating, nesting and moving elements, deleting
//! attributes, swapping the targets of references, renaming and duplicating definitions,
//! odd occurrence counts, elements spliced in from other files). Every mutant goes through
//! `Builder::generate_in_memory`: it must not panic, and every error must be located, `file:
//! line:column: ` of one of the input files (or, for the few errors about a whole file, name
//! it). A stack overflow would abort this test binary, so it fails the test too.
//!
//! A failure prints the case number; `MUTATION_CASE=N cargo test -p codegen --test mutations`
//! reruns that case alone and writes its files to `target/mutation-case-N/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Mutants generated (and run) in all.
const CASES: u64 = 4000;

/// A set of files to generate from: its root, and every file by path.
#[derive(Clone)]
struct Base {
    root: String,
    files: BTreeMap<String, Vec<u8>>,
}

/// xorshift64*: small, seeded, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Every `.wsdl`, `.xsd` and `.tsv` file under `dir`, keyed by `prefix/` + its path below `dir`.
fn read_tree(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let key = format!("{prefix}/{name}");
        if p.is_dir() {
            read_tree(&p, &key, out);
        } else if [".wsdl", ".xsd", ".tsv"].iter().any(|e| name.ends_with(e)) {
            out.insert(key, std::fs::read(&p).unwrap());
        }
    }
}

/// The corpus services that fit the time budget (a debug build generates about 1 MB/s), each
/// with every file of its folder; and PaymentService's WSDL set.
fn corpus_bases() -> Vec<Base> {
    let corpus = repo().join("tests/wsdl-corpus");
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let mut bases = Vec::new();
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let entry = line.split('\t').nth(1).unwrap();
        let folder = entry.split('/').next().unwrap();
        let mut files = BTreeMap::new();
        read_tree(&corpus.join(folder), folder, &mut files);
        let size: usize = files.values().map(Vec::len).sum();
        if size <= 160_000 {
            bases.push(Base {
                root: entry.to_owned(),
                files,
            });
        }
    }
    let mut files = BTreeMap::new();
    read_tree(&repo().join("wsdl"), "wsdl", &mut files);
    bases.push(Base {
        root: "wsdl/PaymentServiceV10.wsdl".into(),
        files,
    });
    bases
}

/// The first 40 Apache CXF test WSDLs under 16 KB, and each xsd-parser feature schema wrapped
/// in a one-operation WSDL whose request is the schema's first global element.
fn peer_bases() -> Vec<Base> {
    let peers = repo().join("../shared/peer-corpora");
    let peers = if peers.is_dir() {
        peers
    } else {
        PathBuf::from("/work/shared/peer-corpora")
    };
    let mut bases = Vec::new();
    let mut cxf = BTreeMap::new();
    if peers.join("apache-cxf").is_dir() {
        read_tree(&peers.join("apache-cxf"), "cxf", &mut cxf);
    }
    for (path, text) in &cxf {
        if path.ends_with(".wsdl") && text.len() < 16_384 && bases.len() < 40 {
            bases.push(Base {
                root: path.clone(),
                files: [(path.clone(), text.clone())].into(),
            });
        }
    }
    let features = peers.join("xsd-parser-features");
    let mut dirs: Vec<_> = std::fs::read_dir(&features)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let Ok(schema) = std::fs::read_to_string(dir.join("schema.xsd")) else {
            continue;
        };
        let Ok(doc) = roxmltree::Document::parse(&schema) else {
            continue;
        };
        let root = doc.root_element();
        let ns = root.attribute("targetNamespace").unwrap_or("");
        let Some(element) = root
            .children()
            .find(|n| n.tag_name().name() == "element" && n.attribute("name").is_some())
            .and_then(|n| n.attribute("name"))
        else {
            continue;
        };
        let feature = dir.file_name().unwrap().to_string_lossy().into_owned();
        let wsdl = wrapper(ns, element);
        bases.push(Base {
            root: format!("{feature}/service.wsdl"),
            files: [
                (format!("{feature}/service.wsdl"), wsdl.into_bytes()),
                (format!("{feature}/schema.xsd"), schema.into_bytes()),
            ]
            .into(),
        });
    }
    bases
}

/// A document/literal WSDL importing `schema.xsd` whose one operation sends `{ns}element`.
fn wrapper(ns: &str, element: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:t="{ns}" xmlns:tns="urn:m" targetNamespace="urn:m">
  <wsdl:types><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m"><xs:import namespace="{ns}" schemaLocation="schema.xsd"/></xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="t:{element}"/></wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="Op"><wsdl:input message="tns:In"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op"><soap:operation soapAction="urn:m/Op"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation></wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="Port" binding="tns:B"><soap:address location="http://localhost/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

/// Attributes whose value names another definition.
const REFERENCES: &[&str] = &[
    "ref",
    "type",
    "base",
    "element",
    "message",
    "binding",
    "itemType",
    "memberTypes",
    "substitutionGroup",
];

/// What the structural mutations work on: element and attribute byte ranges of one file.
struct Shape {
    elements: Vec<(std::ops::Range<usize>, Option<usize>)>,
    references: Vec<(std::ops::Range<usize>, String)>,
    names: Vec<(std::ops::Range<usize>, String)>,
    attributes: Vec<std::ops::Range<usize>>,
}

/// The shape of `text`, if it is well-formed XML. An element's second item is where its end
/// tag starts (`None` for `<e/>`).
fn shape(text: &str) -> Option<Shape> {
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: 1_000_000,
            ..Default::default()
        },
    )
    .ok()?;
    let mut s = Shape {
        elements: Vec::new(),
        references: Vec::new(),
        names: Vec::new(),
        attributes: Vec::new(),
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        let r = n.range();
        let end = (!text[r.clone()].ends_with("/>"))
            .then(|| text[r.clone()].rfind("</").map(|i| r.start + i))
            .flatten();
        s.elements.push((r, end));
        for a in n.attributes() {
            s.attributes.push(a.range());
            if REFERENCES.contains(&a.name()) {
                s.references.push((a.range_value(), a.value().to_owned()));
            }
            if a.name() == "name" {
                s.names.push((a.range_value(), a.value().to_owned()));
            }
        }
    }
    Some(s)
}

fn splice(text: &mut Vec<u8>, range: std::ops::Range<usize>, with: &[u8]) {
    text.splice(range, with.iter().copied());
}

/// Applies one mutation to `text`; `other` is a file of another base, for splicing. Returns
/// what it did, for the failure message.
fn mutate(rng: &mut Rng, text: &mut Vec<u8>, other: &[u8]) -> String {
    let op = rng.below(12);
    let parsed = std::str::from_utf8(text).ok().and_then(shape);
    let Some(s) = parsed.filter(|_| op >= 2) else {
        if op % 2 == 0 && !text.is_empty() {
            let at = rng.below(text.len());
            let bytes = [
                b'<', b'>', b'"', b'/', b':', b'=', b' ', 0, 0xFF, 0xC3, b'&',
            ];
            let b = if rng.below(4) == 0 {
                rng.next() as u8
            } else {
                bytes[rng.below(bytes.len())]
            };
            text[at] = b;
            return format!("byte {at} := {b:#04x}");
        }
        let at = rng.below(text.len() + 1);
        text.truncate(at);
        return format!("truncate at {at}");
    };
    let element = rng.pick(&s.elements).cloned();
    match (op, element) {
        (2, Some((r, _))) => {
            splice(text, r.clone(), b"");
            format!("delete element {r:?}")
        }
        (3, Some((r, _))) => {
            let copy = text[r.clone()].to_vec();
            splice(text, r.end..r.end, &copy);
            format!("duplicate element {r:?}")
        }
        (4, Some((r, Some(end)))) => {
            // Nest an element in itself (recursion, depth).
            let copy = text[r.clone()].to_vec();
            splice(text, end..end, &copy);
            format!("nest element {r:?} in itself")
        }
        (5, Some((r, _))) => {
            // Copy an element into another one (a group in a type, a type in a sequence, ...).
            let into = s
                .elements
                .iter()
                .filter_map(|(_, e)| *e)
                .collect::<Vec<_>>();
            let Some(&at) = rng.pick(&into) else {
                return "nothing to copy into".into();
            };
            let copy = text[r.clone()].to_vec();
            splice(text, at..at, &copy);
            format!("copy element {r:?} to {at}")
        }
        (6, _) if !s.attributes.is_empty() => {
            let r = rng.pick(&s.attributes).unwrap().clone();
            splice(text, r.clone(), b"");
            format!("delete attribute {r:?}")
        }
        (7, _) if s.references.len() > 1 => {
            let (r, _) = rng.pick(&s.references).unwrap().clone();
            let (_, v) = rng.pick(&s.references).unwrap().clone();
            splice(text, r.clone(), v.as_bytes());
            format!("reference {r:?} := {v}")
        }
        (8, _) if !s.names.is_empty() => {
            let (r, _) = rng.pick(&s.names).unwrap().clone();
            let v = match rng.below(3) {
                0 => rng.pick(&s.names).unwrap().1.clone(),
                1 => format!("{}X", &s.names[rng.below(s.names.len())].1),
                _ => String::new(),
            };
            splice(text, r.clone(), v.as_bytes());
            format!("name {r:?} := {v:?}")
        }
        (9, Some((r, _))) => {
            let values = ["0", "1", "unbounded", "-1", "4294967296", "x", "", "2"];
            let which = if rng.below(2) == 0 {
                "minOccurs"
            } else {
                "maxOccurs"
            };
            let v = values[rng.below(values.len())];
            // After the tag name: `<xs:element` + ` maxOccurs="v"`.
            let tag_end = text[r.clone()]
                .iter()
                .position(|&b| b == b' ' || b == b'>' || b == b'/')
                .map_or(r.start + 1, |i| r.start + i);
            splice(
                text,
                tag_end..tag_end,
                format!(" {which}=\"{v}\"").as_bytes(),
            );
            format!("{which}=\"{v}\" on {r:?}")
        }
        (10, Some((_, Some(end)))) => {
            // An element of another file, inside one of this one.
            let theirs = std::str::from_utf8(other).ok().and_then(shape);
            let Some((r, _)) = theirs.and_then(|t| rng.pick(&t.elements).cloned()) else {
                return "no element to splice".into();
            };
            let copy = other[r.clone()].to_vec();
            splice(text, end..end, &copy);
            format!("splice {r:?} of another file at {end}")
        }
        (11, _) if !s.references.is_empty() && !s.names.is_empty() => {
            // A reference to a name defined in this file, prefix kept: self-references, cycles.
            let (r, old) = rng.pick(&s.references).unwrap().clone();
            let name = rng.pick(&s.names).unwrap().1.clone();
            let v = match old.split_once(':') {
                Some((p, _)) => format!("{p}:{name}"),
                None => name,
            };
            splice(text, r.clone(), v.as_bytes());
            format!("reference {r:?} := {v}")
        }
        _ => {
            let at = rng.below(text.len() + 1);
            text.truncate(at);
            format!("truncate at {at}")
        }
    }
}

/// Whether `e` is located at one of `files`, as `file:line:column: message`; or, for an
/// error about a whole file, names one.
fn located(e: &codegen::Error, files: &BTreeMap<String, Vec<u8>>) -> bool {
    let text = e.to_string();
    match &e.location {
        Some(l) => {
            let file = l.file.to_string_lossy();
            files.contains_key(file.as_ref())
                && l.line >= 1
                && l.column >= 1
                && text.starts_with(&format!("{file}:{}:{}: ", l.line, l.column))
        }
        None => files.keys().any(|k| text.contains(k.as_str())),
    }
}

/// Panic messages of the generator, recorded by the hook this test installs.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Case `n`: its base, the files after mutation and the mutations applied.
fn case(n: u64, bases: &[Base]) -> (Base, Vec<String>) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut base = bases[rng.below(bases.len())].clone();
    let names: Vec<String> = base.files.keys().cloned().collect();
    // Mostly the root, which every run reads; otherwise any file of the set.
    let target = if rng.below(3) == 0 {
        rng.pick(&names).unwrap().clone()
    } else {
        base.root.clone()
    };
    let other_base = &bases[rng.below(bases.len())];
    let other = other_base
        .files
        .values()
        .next()
        .cloned()
        .unwrap_or_default();
    let mut done = Vec::new();
    let text = base.files.get_mut(&target).unwrap();
    for _ in 0..1 + rng.below(3) {
        done.push(mutate(&mut rng, text, &other));
    }
    (base, done)
}

fn run(base: &Base) -> Result<Result<String, codegen::Error>, String> {
    let builder = codegen::Builder::new()
        .runtime_path("crate::runtime")
        .client("crate::Client")
        .server(true);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.generate_in_memory(&base.root, base.files.clone())
    }))
    .map_err(|_| {
        let mut p = PANICS.lock().unwrap_or_else(|p| p.into_inner());
        p.pop().unwrap_or_else(|| "(no message)".into())
    })
}

#[test]
fn mutated_wsdls_never_panic_and_every_error_is_located() {
    let mut bases = corpus_bases();
    bases.extend(peer_bases());
    assert!(bases.len() >= 20, "only {} inputs", bases.len());
    // The unmutated inputs generate or fail located, too.
    for b in &bases {
        if let Err(e) = codegen::Builder::new().generate_in_memory(&b.root, b.files.clone()) {
            assert!(located(&e, &b.files), "{}: not located: {e}", b.root);
        }
    }
    std::panic::set_hook(Box::new(|info| {
        let mut p = PANICS.lock().unwrap_or_else(|p| p.into_inner());
        p.push(info.to_string());
    }));
    let only: Option<u64> = std::env::var("MUTATION_CASE")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut failures = Vec::new();
    let (mut generated, mut errors) = (0, 0);
    for n in only.map_or(0..CASES, |n| n..n + 1) {
        let (base, done) = case(n, &bases);
        if only.is_some() {
            let dir = repo().join(format!("target/mutation-case-{n}"));
            for (path, bytes) in &base.files {
                let p = dir.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, bytes).unwrap();
            }
        }
        match run(&base) {
            Ok(Ok(_)) => generated += 1,
            Ok(Err(e)) if located(&e, &base.files) => errors += 1,
            Ok(Err(e)) => failures.push(format!(
                "case {n} ({}; {}): error not located: {e}",
                base.root,
                done.join(", ")
            )),
            Err(panic) => failures.push(format!(
                "case {n} ({}; {}): panic: {panic}",
                base.root,
                done.join(", ")
            )),
        }
    }
    let _ = std::panic::take_hook();
    assert!(
        failures.is_empty(),
        "{} of {CASES} mutants failed (rerun one with MUTATION_CASE=N):\n{}",
        failures.len(),
        failures.join("\n")
    );
    if only.is_none() {
        // Most mutants break the WSDL; some must still generate (the mutations are not all fatal).
        assert!(
            generated > CASES / 20,
            "{generated} generated, {errors} errors"
        );
        println!("{generated} generated, {errors} located errors");
    }
}
