//! The fast path of decoding (`runtime::stream`, generated `stream_content` readers over the
//! tokenizer) against the tree it stands in for (`decode_response_tree`), on the seed and bulk
//! responses, on the shapes other servers write them in, under tight limits, and on thousands
//! of mutations of each: random ones (the tokenizer test's, and more), and targeted ones that
//! add an attribute to a start tag or replace a text.
//!
//! The fast path may give up at anything; what it must never do is accept a document the tree
//! refuses, or read a value the tree reads differently. And `decode_response`, which tries the
//! fast path first, answers exactly as the tree does, errors included.
//!
//! It must also be the path actually taken: the documented responses, and the same responses
//! pretty-printed with carriage returns, with an XML declaration, comments, other prefixes,
//! `xsi:nil="false"` or CDATA, are read by the fast path.

use integration_tests::mutation::{mutate_with, Rng, INSERTS};
use payment_service::operations::{
    AdjustInvoice, CancelInvoice, GetReservations, PartCreditInvoice, ReplaceInvoice, SendInvoice,
};
use payment_service::runtime::{
    decode_response, decode_response_tree, stream, Limits, Operation, SOAP11_ENV,
};
use std::fmt::Debug;
use std::path::Path;

/// What the mutations insert, beyond the tokenizer test's: what the fast path looks at.
const STREAM_INSERTS: &[&str] = &[
    " i:nil=\"true\"",
    " i:nil=\"false\"",
    " i:nil=\"maybe\"",
    " xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"",
    " xmlns=\"urn:other\"",
    " xmlns=\"\"",
    " xmlns:s=\"urn:other\"",
    " a=\"1\"",
    "\r\n",
    "  ",
    "<!--c-->",
    "<![CDATA[7]]>",
    "&#x31;",
    "<x>1</x>",
    "<s:Header/>",
];

/// What a targeted mutation inserts at the end of a start tag.
const TAG_INSERTS: &[&str] = &[
    " i:nil=\"true\"",
    " i:nil=\"false\"",
    " i:nil=\" 1 \"",
    " i:nil=\"yes\"",
    " i:type=\"x\"",
    " xmlns=\"urn:other\"",
    " xmlns=\"\"",
    " xmlns:q=\"urn:q\"",
    " xmlns:i=\"urn:not-xsi\"",
    " a=\"1\"",
    "\r\n",
];

/// What a targeted mutation puts in place of a text.
const TEXTS: &[&str] = &[
    "",
    " ",
    "\r\n",
    "&#x31;",
    "<![CDATA[1]]>",
    "1<!--c-->2",
    "&lt;",
    "x",
];

/// `doc` with an attribute (or whitespace) added to a random start tag, or a random text
/// replaced: where a random position rarely lands.
fn targeted(doc: &str, rng: &mut Rng) -> String {
    let bytes = doc.as_bytes();
    let mut tag_ends = Vec::new();
    let mut texts = Vec::new();
    let mut open = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => {
                if let Some(start) = open.take() {
                    texts.push(start..i);
                }
                open = None;
                if !matches!(bytes.get(i + 1), Some(b'/' | b'!' | b'?')) {
                    tag_ends.push(usize::MAX);
                }
            }
            b'>' => {
                if tag_ends.last() == Some(&usize::MAX) {
                    let end = if bytes[i - 1] == b'/' { i - 1 } else { i };
                    *tag_ends.last_mut().unwrap() = end;
                }
                open = Some(i + 1);
            }
            _ => {}
        }
    }
    tag_ends.retain(|&e| e != usize::MAX);
    let mut out = doc.to_owned();
    if rng.below(2) == 0 && !texts.is_empty() {
        let r = texts[rng.below(texts.len())].clone();
        out.replace_range(r, TEXTS[rng.below(TEXTS.len())]);
    } else {
        let at = tag_ends[rng.below(tag_ends.len())];
        out.insert_str(at, TAG_INSERTS[rng.below(TAG_INSERTS.len())]);
    }
    out
}

/// How one operation's documents came out.
#[derive(Default)]
struct Tally {
    documents: usize,
    tree_accepted: usize,
    fast_accepted: usize,
    disagreements: Vec<String>,
}

fn compare<O: Operation>(doc: &str, limits: &Limits, tally: &mut Tally)
where
    O::Response: PartialEq + Debug,
{
    let (ns, local) = O::INFO.response;
    let fast = stream::decode_payload::<O::Response>(doc, limits, SOAP11_ENV, (ns, local));
    let tree = decode_response_tree::<O>(doc, limits);
    let public = decode_response::<O>(doc, limits);
    tally.documents += 1;
    tally.tree_accepted += usize::from(tree.is_ok());
    tally.fast_accepted += usize::from(fast.is_some());
    let agree = match (&fast, &tree) {
        (None, _) => true,
        (Some(f), Ok(t)) => f == t,
        (Some(_), Err(_)) => false,
    };
    if !agree {
        tally
            .disagreements
            .push(format!("{doc:?}\n  fast path: {fast:?}\n  tree: {tree:?}"));
    }
    if format!("{public:?}") != format!("{tree:?}") {
        tally.disagreements.push(format!(
            "{doc:?}\n  decode_response: {public:?}\n  tree: {tree:?}"
        ));
    }
}

fn fixture(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The response of `op` written the ways other servers write it: each must take the fast path.
fn variants(doc: &str) -> Vec<String> {
    let compact: String = doc.lines().map(str::trim).collect();
    let payload_start = compact.find("<s:Body>").unwrap() + "<s:Body>".len();
    let (head, rest) = compact.split_at(payload_start);
    let prefixed = {
        // The payload's default namespace as a prefix of its own, on every element inside.
        let ns_start = rest.find("xmlns=\"").unwrap();
        let ns_end = rest[ns_start + 7..].find('"').unwrap() + ns_start + 7;
        let ns = &rest[ns_start + 7..ns_end];
        let body = rest.replace(&format!(" xmlns=\"{ns}\""), "");
        let body = body
            .replace("</", "\u{0}")
            .replace('<', "<p:")
            .replace('\u{0}', "</p:");
        let body = body
            .replace("</p:s:Body>", "</s:Body>")
            .replace("</p:s:Envelope>", "</s:Envelope>");
        let first_gt = body.find('>').unwrap();
        let mut out = head.to_owned();
        out.push_str(&body[..first_gt]);
        out.push_str(&format!(" xmlns:p=\"{ns}\""));
        out.push_str(&body[first_gt..]);
        out
    };
    vec![
        doc.to_owned(),
        compact.clone(),
        doc.replace('\n', "\r\n"),
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{doc}\n"),
        doc.replacen("<s:Body>", "<s:Body><!-- answer -->", 1),
        doc.replace("<s:", "<soap:")
            .replace("</s:", "</soap:")
            .replace("xmlns:s=", "xmlns:soap="),
        prefixed,
    ]
}

/// Limits tight enough that the seeds meet them: the fast path must leave each to the tree.
fn tight_limits() -> Vec<Limits> {
    let mut out = Vec::new();
    for depth in 2..7 {
        out.push(Limits {
            max_depth: depth,
            ..Limits::default()
        });
    }
    for nodes in [4, 10, 16, 20, 25, 30, 40, 60] {
        out.push(Limits {
            max_nodes: nodes,
            ..Limits::default()
        });
    }
    for attributes in 1..6 {
        out.push(Limits {
            max_attributes: attributes,
            ..Limits::default()
        });
    }
    for per_element in 0..3 {
        out.push(Limits {
            max_attributes_per_element: per_element,
            ..Limits::default()
        });
    }
    out.push(Limits {
        max_bytes: 100,
        ..Limits::default()
    });
    out
}

fn run<O: Operation>(path: &str, mutations: usize, rng: &mut Rng) -> Tally
where
    O::Response: PartialEq + Debug,
{
    let doc = fixture(path);
    let mut tally = Tally::default();
    let defaults = Limits::default();
    for (i, v) in variants(&doc).iter().enumerate() {
        let (ns, local) = O::INFO.response;
        let fast = stream::decode_payload::<O::Response>(v, &defaults, SOAP11_ENV, (ns, local));
        assert!(
            fast.is_some(),
            "{path}, variant {i}: the fast path gave up on\n{v}"
        );
        compare::<O>(v, &defaults, &mut tally);
        for limits in tight_limits() {
            compare::<O>(v, &limits, &mut tally);
        }
    }
    let inserts: Vec<&str> = INSERTS.iter().chain(STREAM_INSERTS).copied().collect();
    // Half the mutations start from the document with `i:` (XML Schema instance) declared on
    // the envelope, so that an inserted `i:nil` is in scope wherever it lands.
    let declared = doc.replacen(
        "<s:Envelope ",
        "<s:Envelope xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        1,
    );
    for n in 0..mutations {
        let from = if n % 2 == 0 { &doc } else { &declared };
        let m = if n % 3 == 0 {
            targeted(from, rng)
        } else {
            mutate_with(from, rng, &inserts)
        };
        compare::<O>(&m, &defaults, &mut tally);
    }
    tally
}

#[test]
fn the_fast_path_reads_what_the_tree_reads_and_nothing_it_refuses() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let tallies = [
        (
            "CancelInvoice",
            run::<CancelInvoice>("seed/CancelInvoice.response.xml", 2000, &mut rng),
        ),
        (
            "ReplaceInvoice",
            run::<ReplaceInvoice>("seed/ReplaceInvoice.response.xml", 2000, &mut rng),
        ),
        (
            "PartCreditInvoice",
            run::<PartCreditInvoice>("seed/PartCreditInvoice.response.xml", 2000, &mut rng),
        ),
        (
            "SendInvoice",
            run::<SendInvoice>("seed/SendInvoice.response.xml", 3000, &mut rng),
        ),
        (
            "AdjustInvoice",
            run::<AdjustInvoice>("seed/AdjustInvoice.response.xml", 2000, &mut rng),
        ),
        (
            "GetReservations",
            run::<GetReservations>("bulk/GetReservations.response.xml", 200, &mut rng),
        ),
    ];
    let mut failures = Vec::new();
    for (op, t) in &tallies {
        eprintln!(
            "{op}: {} documents, the tree accepted {}, the fast path {}",
            t.documents, t.tree_accepted, t.fast_accepted
        );
        // Both answers occur, and the fast path takes a good share of what the tree accepts
        // (mutations inside texts and whitespace keep a document valid).
        assert!(
            t.tree_accepted * 20 > t.documents && t.tree_accepted < t.documents,
            "{op}: the tree accepted {} of {}",
            t.tree_accepted,
            t.documents
        );
        assert!(
            t.fast_accepted * 4 > t.tree_accepted,
            "{op}: the fast path took {} of the {} documents the tree accepted",
            t.fast_accepted,
            t.tree_accepted
        );
        for d in t.disagreements.iter().take(3) {
            failures.push(format!("{op}: {d}"));
        }
    }
    assert!(
        failures.is_empty(),
        "the fast path and the tree disagree:\n{}",
        failures.join("\n")
    );
}
