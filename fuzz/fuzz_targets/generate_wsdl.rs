//! The generator on arbitrary WSDL sets: the input is split into up to 24 files, the first
//! of which is the root WSDL, and goes to `codegen::Builder::generate_in_memory`. Generating and
//! failing are both fine; a panic, an abort (stack overflow, allocation over the RSS limit) or
//! a timeout is a finding, and so is an error that is not located:
//!
//! * every error carries a `Location` whose file is one of the input files, with a line no
//!   greater than that file's line count and a 1-based column no greater than that line's
//!   length in characters plus one;
//! * its text (`Display`) starts with `file:line:column: `.
//!
//! Input format (`seed-corpus.sh` writes the seeds this way): each file starts with a line
//! `--file NAME`, its content runs to the newline before the next such line (or to the end of
//! the input). Bytes before the first `--file` line, if any, are a root file named
//! `service.wsdl`. After the 24th file, `--file` lines are ordinary content. A trailing `\r`
//! of a `--file` line is dropped; NAME is a path relative to the set (`/`-separated; empty,
//! `.` and `..` components are dropped, an empty name becomes `fileN.xsd`); of two files with
//! one name the first is kept. Imports and includes resolve among the files by path, relative
//! to the importing file, as on disk (a `url-to-file.tsv` among them maps URLs).
//!
//! ```text
//! --file service.wsdl
//! <wsdl:definitions …><wsdl:types><xs:schema …><xs:import schemaLocation="xsd/types.xsd"/>…
//! --file xsd/types.xsd
//! <xs:schema …>…</xs:schema>
//! ```
//!
//! `GENERATE_WSDL_TRACE=1` prints each input's files and the outcome (bytes generated or the
//! error) to stderr; `GENERATE_WSDL_OUT=FILE` writes the generated code to FILE.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

/// Most files one input is split into.
const MAX_FILES: usize = 24;

/// What starts a file's line.
const SEPARATOR: &[u8] = b"--file ";

fuzz_target!(|data: &[u8]| {
    let (root, files) = split(data);
    let builder = codegen::Builder::new()
        .runtime_path("crate::runtime")
        .client("crate::Client")
        .api_trait("Api", "crate::Error")
        .server(true);
    let result = builder.generate_in_memory(&root, files.clone());
    if std::env::var_os("GENERATE_WSDL_TRACE").is_some() {
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        let outcome = match &result {
            Ok(code) => format!("generated {} bytes", code.len()),
            Err(e) => format!("error: {e}"),
        };
        eprintln!("root {root}, files [{}]: {outcome}", names.join(", "));
    }
    if let (Some(out), Ok(code)) = (std::env::var_os("GENERATE_WSDL_OUT"), &result) {
        let _ = std::fs::write(out, code);
    }
    if let Err(e) = result {
        check_located(&e, &files);
    }
});

/// Splits the input into files (see the format above): the root's name and every file by name.
fn split(data: &[u8]) -> (String, BTreeMap<String, Vec<u8>>) {
    // (start of the name, start of the content) of each `--file` line.
    let mut starts: Vec<(Option<usize>, usize)> = Vec::new();
    if !data.starts_with(SEPARATOR) {
        starts.push((None, 0));
    }
    // Where the search for the next `--file` line starts: 0, or just after a newline.
    let mut at: usize = 0;
    while starts.len() < MAX_FILES {
        let line = if at == 0 && data.starts_with(SEPARATOR) {
            Some(0)
        } else {
            let from = at.saturating_sub(1);
            find(&data[from..], b"\n--file ").map(|i| from + i + 1)
        };
        let Some(line) = line else { break };
        let name = line + SEPARATOR.len();
        let content = data[name..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| name + i + 1);
        starts.push((Some(name), content));
        at = content;
    }
    let mut root = None;
    let mut files = BTreeMap::new();
    for (i, &(name, content)) in starts.iter().enumerate() {
        // The content ends before the newline that precedes the next `--file` line.
        let end = starts
            .get(i + 1)
            .and_then(|&(n, _)| n)
            .map_or(data.len(), |n| n - SEPARATOR.len() - 1)
            .max(content);
        let name = match name {
            Some(n) => clean_name(&data[n..content], i),
            None => "service.wsdl".to_owned(),
        };
        root.get_or_insert_with(|| name.clone());
        files
            .entry(name)
            .or_insert_with(|| data[content..end].to_vec());
    }
    (root.unwrap_or_else(|| "service.wsdl".into()), files)
}

/// The file name of a `--file` line (its bytes after `--file `, newline included).
fn clean_name(line: &[u8], index: usize) -> String {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = String::from_utf8_lossy(line);
    let parts: Vec<&str> = text
        .split('/')
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .collect();
    if parts.is_empty() {
        format!("file{index}.xsd")
    } else {
        parts.join("/")
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Panics (a finding) unless `e` is located inside one of `files`, as described above.
fn check_located(e: &codegen::Error, files: &BTreeMap<String, Vec<u8>>) {
    let text = e.to_string();
    let Some(l) = &e.location else {
        panic!("error without a location: {text}");
    };
    let file = l.file.to_string_lossy();
    let Some(bytes) = files.get(file.as_ref()) else {
        panic!("error located in {file}, not one of the input files: {text}");
    };
    assert!(
        text.starts_with(&format!("{file}:{}:{}: ", l.line, l.column)),
        "error text does not start with its location: {text}"
    );
    let content = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = content.split('\n').collect();
    assert!(
        l.line >= 1 && l.line as usize <= lines.len(),
        "line {} outside {file} ({} lines): {text}",
        l.line,
        lines.len()
    );
    let width = lines[l.line as usize - 1].chars().count();
    assert!(
        l.column >= 1 && l.column as usize <= width + 1,
        "column {} outside line {} of {file} ({width} characters): {text}",
        l.column,
        l.line
    );
}
