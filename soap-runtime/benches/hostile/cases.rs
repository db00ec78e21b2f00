//! The hostile documents of `benches/hostile`: each fills a SOAP 1.1 request envelope to
//! exactly the given size with one construct repeated.

use std::fmt::Write;

/// Envelope up to the start of the payload's content; the payload is `{urn:bench}Probe`.
pub const HEAD: &str = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><b:Probe xmlns:b=\"urn:bench\">";
/// The rest of the envelope.
pub const TAIL: &str = "</b:Probe></s:Body></s:Envelope>";

/// A worst case: name and builder (size in bytes → document of exactly that size).
pub struct Case {
    pub name: &'static str,
    pub what: &'static str,
    pub build: fn(usize) -> String,
}

/// Appends `unit(0)`, `unit(1)`, ... while `out` stays within `limit` bytes (and at most `max`
/// units); returns how many were appended.
fn units(
    out: &mut String,
    limit: usize,
    max: usize,
    mut unit: impl FnMut(usize, &mut String),
) -> usize {
    let mut buf = String::new();
    for i in 0..max {
        buf.clear();
        unit(i, &mut buf);
        if out.len() + buf.len() > limit {
            return i;
        }
        out.push_str(&buf);
    }
    max
}

/// `out` + `tail` + `rest` (the end of the envelope), padded with trailing spaces after the
/// root element to exactly `size` bytes.
fn finish(mut out: String, tail: &str, size: usize) -> String {
    out.push_str(tail);
    out.push_str(TAIL);
    assert!(out.len() <= size, "{} > {size}", out.len());
    let pad = size - out.len();
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// `<x a0="" a1="" …/>`: `max` distinct attributes at most, on one element.
pub fn attributes(size: usize, max: usize) -> String {
    let mut out = format!("{HEAD}<x");
    let limit = size - "/>".len() - TAIL.len();
    units(&mut out, limit, max, |i, b| {
        write!(b, " a{i}=\"\"").unwrap();
    });
    finish(out, "/>", size)
}

fn attributes_one_element(size: usize) -> String {
    attributes(size, usize::MAX)
}

/// Elements `<x a0="" … aN=""/>` of `per` distinct attributes each.
fn attributes_per_element(size: usize, per: usize) -> String {
    let mut out = HEAD.to_owned();
    let mut element = String::from("<x");
    for i in 0..per {
        write!(element, " a{i}=\"\"").unwrap();
    }
    element.push_str("/>");
    units(&mut out, size - TAIL.len(), usize::MAX, |_, b| {
        b.push_str(&element)
    });
    finish(out, "", size)
}

fn attributes_10000_per_element(size: usize) -> String {
    attributes_per_element(size, 10_000)
}

fn attributes_17_per_element(size: usize) -> String {
    attributes_per_element(size, 17)
}

/// Elements each declaring 8 namespaces (new URIs every time) and carrying an attribute `a`
/// in each: 16 attributes, all distinct by namespace URI only.
fn same_name_other_namespaces(size: usize) -> String {
    let mut out = HEAD.to_owned();
    units(&mut out, size - TAIL.len(), usize::MAX, |i, b| {
        b.push_str("<x");
        for j in 0..8 {
            write!(b, " xmlns:p{j}=\"urn:{i}:{j}\"").unwrap();
        }
        for j in 0..8 {
            write!(b, " p{j}:a=\"\"").unwrap();
        }
        b.push_str("/>");
    });
    finish(out, "", size)
}

fn many_small_elements(size: usize) -> String {
    let mut out = HEAD.to_owned();
    units(&mut out, size - TAIL.len(), usize::MAX, |_, b| {
        b.push_str("<a/>")
    });
    finish(out, "", size)
}

fn namespace_declarations(size: usize) -> String {
    let mut out = format!("{HEAD}<x");
    units(&mut out, size - 2 - TAIL.len(), usize::MAX, |i, b| {
        write!(b, " xmlns:p{i}=\"urn:{i}\"").unwrap();
    });
    finish(out, "/>", size)
}

fn namespace_uris_on_siblings(size: usize) -> String {
    let mut out = HEAD.to_owned();
    units(&mut out, size - TAIL.len(), usize::MAX, |i, b| {
        write!(b, "<a xmlns=\"urn:{i}\"/>").unwrap();
    });
    finish(out, "", size)
}

const LEVELS: usize = 56;

/// `HEAD`, then 56 nested `<w …>` whose declarations `xmlns:qN="urn:q"` fill half of `size`;
/// returns the document so far and the number of prefixes declared.
fn nested_declarations(size: usize) -> (String, usize) {
    let mut out = HEAD.to_owned();
    let per_level = size / 2 / LEVELS;
    let mut k = 0;
    for _ in 0..LEVELS {
        out.push_str("<w");
        let limit = out.len() + per_level;
        k += units(&mut out, limit, usize::MAX, |i, b| {
            write!(b, " xmlns:q{}=\"urn:q\"", k + i).unwrap();
        });
        out.push('>');
    }
    (out, k)
}

/// Prefixes declared over 56 nested elements (half the document), then elements at the
/// innermost level, each with the next prefix.
fn distinct_prefixes(size: usize) -> String {
    let (mut out, n) = nested_declarations(size);
    let close = "</w>".repeat(LEVELS);
    units(
        &mut out,
        size - close.len() - TAIL.len(),
        usize::MAX,
        |j, b| {
            write!(b, "<q{}:a/>", j % n).unwrap();
        },
    );
    finish(out, &close, size)
}

/// Prefixes declared over 56 nested elements (half the document), then elements at the
/// innermost level using `b:`, declared outside all of them.
fn outer_prefix_deep_scope(size: usize) -> String {
    let (mut out, _) = nested_declarations(size);
    let close = "</w>".repeat(LEVELS);
    units(
        &mut out,
        size - close.len() - TAIL.len(),
        usize::MAX,
        |_, b| b.push_str("<b:a/>"),
    );
    finish(out, &close, size)
}

fn text_of(size: usize, unit: &str) -> String {
    let mut out = format!("{HEAD}<t>");
    units(&mut out, size - 4 - TAIL.len(), usize::MAX, |_, b| {
        b.push_str(unit)
    });
    finish(out, "</t>", size)
}

fn character_references(size: usize) -> String {
    text_of(size, "&#x41;")
}

fn entity_references(size: usize) -> String {
    text_of(size, "&amp;")
}

fn attribute_references(size: usize) -> String {
    let mut out = format!("{HEAD}<x a=\"");
    units(&mut out, size - 3 - TAIL.len(), usize::MAX, |_, b| {
        b.push_str("&amp;&#x41;")
    });
    finish(out, "\"/>", size)
}

fn deep_nesting(size: usize) -> String {
    let n = (size - HEAD.len() - TAIL.len()) / 7;
    let mut out = HEAD.to_owned();
    out.push_str(&"<a>".repeat(n));
    finish(out, &"</a>".repeat(n), size)
}

fn long_text(size: usize) -> String {
    text_of(size, "x")
}

fn long_text_crlf(size: usize) -> String {
    text_of(size, "x\r\n")
}

fn fragmented_text(size: usize) -> String {
    text_of(size, "x<!----><![CDATA[y]]>")
}

/// Every worst case.
pub const CASES: &[Case] = &[
    Case {
        name: "attributes_one_element",
        what: "<x a0=\"\" a1=\"\" …/>",
        build: attributes_one_element,
    },
    Case {
        name: "attributes_10000_per_element",
        what: "<x a0=\"\" … a9999=\"\"/><x …/>…",
        build: attributes_10000_per_element,
    },
    Case {
        name: "attributes_17_per_element",
        what: "<x a0=\"\" … a16=\"\"/><x …/>…",
        build: attributes_17_per_element,
    },
    Case {
        name: "same_name_other_namespaces",
        what: "<x xmlns:p0=\"urn:0:0\" … xmlns:p7=\"urn:0:7\" p0:a=\"\" … p7:a=\"\"/>…",
        build: same_name_other_namespaces,
    },
    Case {
        name: "many_small_elements",
        what: "<a/><a/>…",
        build: many_small_elements,
    },
    Case {
        name: "namespace_declarations",
        what: "<x xmlns:p0=\"urn:0\" xmlns:p1=\"urn:1\" …/>",
        build: namespace_declarations,
    },
    Case {
        name: "namespace_uris_on_siblings",
        what: "<a xmlns=\"urn:0\"/><a xmlns=\"urn:1\"/>…",
        build: namespace_uris_on_siblings,
    },
    Case {
        name: "distinct_prefixes",
        what: "56 nested <w xmlns:qN=\"urn:q\" …>, then <q0:a/><q1:a/>…",
        build: distinct_prefixes,
    },
    Case {
        name: "outer_prefix_deep_scope",
        what: "56 nested <w xmlns:qN=\"urn:q\" …>, then <b:a/>…",
        build: outer_prefix_deep_scope,
    },
    Case {
        name: "character_references",
        what: "<t>&#x41;&#x41;…</t>",
        build: character_references,
    },
    Case {
        name: "entity_references",
        what: "<t>&amp;&amp;…</t>",
        build: entity_references,
    },
    Case {
        name: "attribute_references",
        what: "<x a=\"&amp;&#x41;…\"/>",
        build: attribute_references,
    },
    Case {
        name: "deep_nesting",
        what: "<a><a>…</a></a>",
        build: deep_nesting,
    },
    Case {
        name: "long_text",
        what: "<t>xxx…</t>",
        build: long_text,
    },
    Case {
        name: "long_text_crlf",
        what: "<t>x\\r\\nx\\r\\n…</t>",
        build: long_text_crlf,
    },
    Case {
        name: "fragmented_text",
        what: "<t>x<!----><![CDATA[y]]>…</t>",
        build: fragmented_text,
    },
];
