//! The server's request path without sockets: HTTP body bytes and a `SOAPAction` → the
//! generated `Dispatcher` over a fresh in-memory `Simulator` → select, decode, validate,
//! handle, encode → HTTP status and body. Panics (in the runtime, the generated code or the
//! simulator) are crashes, and so is any broken invariant:
//!
//! 1. the status is 200 or 500;
//! 2. the body is well-formed XML (`soap_runtime::parse_document`) and a SOAP 1.1 envelope
//!    with a `Body` payload;
//! 3. a 500 carries a SOAP 1.1 `Fault` with a non-empty `faultstring` and a `faultcode` whose
//!    prefix is bound: `s:CODE` with a documented code or `Client` / `Server`, or WCF's
//!    `a:ActionNotSupported`;
//! 4. a 200 answers the operation the request was for: the request decodes and validates as
//!    that operation's, and the response decodes with the client's decoder and passes the
//!    schema's validation;
//! 5. no response gives away a password: neither the simulator's configured one nor the
//!    `Password` header of the request. A response may legitimately contain the password's
//!    text when the request also carries it elsewhere (a `CorrelationId` of `PASSWORD` is
//!    echoed), so this is checked differentially: the whole input is replayed against a
//!    simulator whose configured password is `rot(PASSWORD)`, with the text of each `Password`
//!    header rotated the same way (a bijection on ASCII letters and digits that keeps byte
//!    lengths, also inside character references). Authentication succeeds or fails in both runs
//!    alike, so the responses must be byte-identical; a difference means a password reached a
//!    response. The replay runs whenever a response's text contains a secret of 3 or more
//!    characters (the configured password or a `Password` header of that request).
//!
//! Input format (see README.md; `seed-corpus.sh` writes the seeds): up to six requests
//! separated by the line `--next--`, replayed in order against one simulator, so a request can
//! act on an invoice an earlier AddInvoice created (numbers start at 62400001). Each request is
//! its `SOAPAction` line, then the body:
//!
//! ```text
//! #CancelInvoice                      ← `#Name`: that operation's SOAPAction from the WSDL;
//! <soapenv:Envelope …>…               ←   an empty line: no SOAPAction; anything else: sent as is
//! --next--
//! "http://…/IPaymentServiceV10/AdjustInvoice"
//! <soapenv:Envelope …>…
//! ```
//!
//! A body that is not UTF-8 is skipped: the HTTP server answers it with a fixed fault before
//! dispatching (`soap_runtime::server`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use payment_service::operations::{self, ALL};
use payment_service::runtime::{
    self as rt, decode_request, decode_response, element_children, envelope_parts, parse_document,
    read_fault, select_operation, validate_request, ComplexValue, Dispatch, Limits, Operation,
    ResponseError, ServerResponse, WCF_ADDRESSING_NONE_NS,
};
use payment_service::simulator::{Simulator, SimulatorConfig};
use payment_service::{faults, Dispatcher};
use std::future::Future;
use std::ops::Range;
use std::task::{Context, Poll, Waker};

const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const NS_PAY: &str = "http://schemas.ecommerce.collector.se/v30/PaymentService";
const SEPARATOR: &[u8] = b"\n--next--\n";
const MAX_REQUESTS: usize = 6;
/// The configured password: the one of the documentation's examples, so the seeds authenticate.
const PASSWORD: &str = "PASSWORD";
/// Shortest secret the leak check looks for (shorter texts occur in responses by chance).
const MIN_SECRET: usize = 3;

/// Polls a future that never waits on I/O (the simulator answers at once) to completion.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// A permutation of ASCII letters and digits that keeps every character's UTF-8 length and the
/// number of decimal and hexadecimal digits of its code point (so `&#97;` stays 2 digits).
fn rot(c: char) -> char {
    let b = |base: u8, n: u8, k: u8| (base + (c as u8 - base + k) % n) as char;
    match c {
        'A'..='Z' => b(b'A', 26, 13),
        'a'..='c' => b(b'a', 3, 1),   // 97..=99: two decimal digits
        'd'..='z' => b(b'd', 23, 11), // 100..=122: three
        '0'..='9' => b(b'0', 10, 5),
        _ => c,
    }
}

fn rot_str(s: &str) -> String {
    s.chars().map(rot).collect()
}

/// Rotates the character data (text, CDATA, character references) of `range` of `xml`, in
/// place and keeping every byte offset; markup, comments, PIs and entity references stay.
fn rotate_character_data(xml: &str, range: Range<usize>, out: &mut String) {
    let s = &xml[range];
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").map_or(cdata.len(), |e| e);
            out.push_str("<![CDATA[");
            out.extend(cdata[..end].chars().map(rot));
            i += 9 + end;
        } else if rest.starts_with("<!--") || rest.starts_with("<?") || rest.starts_with('<') {
            let close = if rest.starts_with("<!--") {
                "-->"
            } else if rest.starts_with("<?") {
                "?>"
            } else {
                ">"
            };
            // Quotes in a tag may hold '>', so skip quoted attribute values in tags.
            let mut j = 1;
            let bytes = rest.as_bytes();
            let mut quote = None;
            while j < rest.len() {
                match (quote, bytes[j]) {
                    (None, q @ (b'"' | b'\'')) if close == ">" => quote = Some(q),
                    (Some(q), x) if x == q => quote = None,
                    (None, _) if bytes[j..].starts_with(close.as_bytes()) => {
                        j += close.len();
                        break;
                    }
                    _ => {}
                }
                j += 1;
            }
            let j = j.min(rest.len());
            out.push_str(&rest[..j]);
            i += j;
        } else if let Some(reference) = rest.strip_prefix("&#") {
            let end = reference.find(';').map_or(reference.len(), |e| e);
            let body = &reference[..end];
            let (hex, digits) = match body.strip_prefix('x') {
                Some(h) => (true, h),
                None => (false, body),
            };
            let code = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok();
            match code.and_then(char::from_u32) {
                Some(c) if rot(c) != c && !digits.is_empty() => {
                    let n = rot(c) as u32;
                    let width = digits.len();
                    out.push_str("&#");
                    if hex {
                        out.push('x');
                        out.push_str(&format!("{n:0width$x}"));
                    } else {
                        out.push_str(&format!("{n:0width$}"));
                    }
                }
                _ => out.push_str(&rest[..2 + end]),
            }
            i += 2 + end;
        } else if rest.starts_with('&') {
            let end = rest.find(';').map_or(rest.len(), |e| e + 1);
            out.push_str(&rest[..end]);
            i += end;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(rot(c));
            i += c.len_utf8();
        }
    }
}

/// The `Password` headers the decoder reads: `{NS_PAY}Password` children of the envelope's
/// `Header`, as (content range, decoded text).
fn password_headers(xml: &str, limits: &Limits) -> Vec<(Range<usize>, String)> {
    let Ok(doc) = parse_document(xml, limits) else {
        return Vec::new();
    };
    let Ok(parts) = envelope_parts(&doc) else {
        return Vec::new();
    };
    let Some(header) = parts.header else {
        return Vec::new();
    };
    element_children(header)
        .filter(|h| rt::element_namespace(*h) == Some(NS_PAY) && h.tag_name().name() == "Password")
        .map(|h| {
            let text: String = h
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            (h.content_range(), text)
        })
        .collect()
}

/// `xml` with the character data of its `Password` headers rotated (same length).
fn rotate_passwords(xml: &str, headers: &[(Range<usize>, String)]) -> String {
    let mut ranges: Vec<Range<usize>> = headers.iter().map(|(r, _)| r.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(xml.len());
    let mut at = 0;
    for r in ranges {
        if r.start < at {
            continue;
        }
        out.push_str(&xml[at..r.start]);
        rotate_character_data(xml, r.clone(), &mut out);
        at = r.end;
    }
    out.push_str(&xml[at..]);
    debug_assert_eq!(out.len(), xml.len());
    out
}

/// One request of the input.
struct Request {
    action: Option<String>,
    body: String,
}

fn split(data: &[u8]) -> Vec<Request> {
    let mut out = Vec::new();
    let mut rest = data;
    while out.len() < MAX_REQUESTS {
        let (segment, next) = match rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(i) => (&rest[..i], Some(&rest[i + SEPARATOR.len()..])),
            None => (rest, None),
        };
        let (line, body) = match segment.iter().position(|&b| b == b'\n') {
            Some(i) => (&segment[..i], &segment[i + 1..]),
            None => (segment, &b""[..]),
        };
        // The server reads the SOAPAction header lossily, and refuses a body that is not UTF-8.
        if let Ok(body) = std::str::from_utf8(body) {
            let line = String::from_utf8_lossy(line);
            let action = if line.is_empty() {
                None
            } else if let Some(op) = line
                .strip_prefix('#')
                .and_then(|name| ALL.iter().find(|o| o.name == name))
            {
                Some(op.soap_action.to_owned())
            } else {
                Some(line.into_owned())
            };
            out.push(Request {
                action,
                body: body.to_owned(),
            });
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    out
}

fn run(requests: &[Request], password: &str, limits: &Limits) -> Vec<ServerResponse> {
    let dispatcher = Dispatcher::new(Simulator::with_config(SimulatorConfig {
        password: password.to_owned(),
        ..SimulatorConfig::default()
    }));
    requests
        .iter()
        .map(|r| block_on(dispatcher.dispatch(r.action.as_deref(), &r.body, limits)))
        .collect()
}

/// Invariants 1–4 for one response. Returns where a secret could show in it: the raw body
/// (attribute values) and its decoded texts (a password with markup characters is escaped on
/// the wire), joined by NUL, which no XML text contains.
fn check_response(req: &Request, resp: &ServerResponse, limits: &Limits) -> String {
    let ctx = || {
        format!(
            "action {:?}\nrequest {:?}\nresponse {} {:?}",
            req.action, req.body, resp.status, resp.body
        )
    };
    assert!(
        resp.status == 200 || resp.status == 500,
        "status is neither 200 nor 500\n{}",
        ctx()
    );
    let doc = parse_document(&resp.body, limits)
        .unwrap_or_else(|e| panic!("the response is not well-formed XML: {e}\n{}", ctx()));
    let parts = envelope_parts(&doc)
        .unwrap_or_else(|e| panic!("the response is not a SOAP 1.1 envelope: {e}\n{}", ctx()));
    let mut texts = resp.body.clone();
    for t in doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
    {
        texts.push('\0');
        texts.push_str(t);
    }
    let payload = parts.payload;
    let is_fault =
        payload.tag_name().name() == "Fault" && payload.tag_name().namespace() == Some(SOAP11_ENV);
    if resp.status == 500 {
        assert!(is_fault, "HTTP 500 without a SOAP Fault\n{}", ctx());
        let f = read_fault(payload);
        assert!(
            !f.message.is_empty(),
            "fault without faultstring\n{}",
            ctx()
        );
        let known = match f.code_namespace.as_deref() {
            Some(SOAP11_ENV) => {
                f.code == "Client" || f.code == "Server" || faults::is_documented(&f.code)
            }
            Some(WCF_ADDRESSING_NONE_NS) => f.code == "ActionNotSupported",
            _ => false,
        };
        assert!(
            known,
            "fault code {:?} (namespace {:?}) is not documented\n{}",
            f.code,
            f.code_namespace,
            ctx()
        );
        return texts;
    }
    assert!(!is_fault, "HTTP 200 with a SOAP Fault\n{}", ctx());
    let info = select_operation(ALL, req.action.as_deref(), &req.body, limits)
        .unwrap_or_else(|f| panic!("HTTP 200 for a request no operation takes ({f})\n{}", ctx()));
    assert_eq!(
        (
            rt::element_namespace(payload).unwrap_or(""),
            payload.tag_name().name()
        ),
        info.response,
        "HTTP 200 answers another operation than {}\n{}",
        info.name,
        ctx()
    );
    macro_rules! by_name {
        ($($op:ident),* $(,)?) => {
            match info.name {
                $(stringify!($op) => check_ok::<operations::$op>(req, resp, limits, &ctx),)*
                other => panic!("operation {other} missing from the fuzz target"),
            }
        };
    }
    by_name!(
        AddInvoice,
        CancelInvoice,
        ActivateInvoice,
        PartActivateInvoice,
        CreditInvoice,
        PartCreditInvoice,
        AdjustInvoice,
        ExtendDueDate,
        ReplaceInvoice,
        SendInvoice,
        GetInvoiceInformation,
        SetOrderNumber,
        GetAddress,
        GetProducts,
        CreateAccount,
        SetReservation,
        ActivateReservation,
        GetReservations,
        CancelReservation,
    );
    texts
}

fn check_ok<O: Operation>(
    req: &Request,
    resp: &ServerResponse,
    limits: &Limits,
    ctx: &dyn Fn() -> String,
) {
    let decoded = decode_request::<O>(&req.body, limits).unwrap_or_else(|e| {
        panic!(
            "HTTP 200 for a request that does not decode: {e}\n{}",
            ctx()
        )
    });
    if let Err(e) = validate_request::<O>(&decoded.headers, &decoded.request) {
        panic!("HTTP 200 for an invalid request: {e}\n{}", ctx());
    }
    match decode_response::<O>(&resp.body, limits) {
        Ok(r) => {
            if let Err(e) = r.validate() {
                panic!("the response breaks the schema: {e}\n{}", ctx());
            }
        }
        Err(ResponseError::Fault(f)) => panic!("HTTP 200 decodes as a fault {f:?}\n{}", ctx()),
        Err(ResponseError::Decode(e)) => {
            panic!("the client cannot decode the response: {e}\n{}", ctx())
        }
    }
}

/// `SERVE_REQUEST_TRACE=1`: print each request's action, status and fault code, and whether the
/// password replay ran (to see what a corpus file or crash input does).
fn trace() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("SERVE_REQUEST_TRACE").is_some())
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let requests = split(data);
    if requests.is_empty() {
        return;
    }
    let responses = run(&requests, PASSWORD, &limits);
    if trace() {
        for (req, resp) in requests.iter().zip(&responses) {
            let code = resp
                .body
                .split("<faultcode")
                .nth(1)
                .and_then(|c| c.split('<').next());
            eprintln!("{:?} → {} {}", req.action, resp.status, code.unwrap_or(""));
        }
    }
    let mut replay = false;
    let mut headers = Vec::with_capacity(requests.len());
    for (req, resp) in requests.iter().zip(&responses) {
        let texts = check_response(req, resp, &limits);
        let h = password_headers(&req.body, &limits);
        let secrets = std::iter::once(PASSWORD).chain(h.iter().map(|(_, t)| t.as_str()));
        for s in secrets.filter(|s| s.chars().count() >= MIN_SECRET) {
            replay |= texts.contains(s);
        }
        headers.push(h);
    }
    if replay {
        if trace() {
            eprintln!("a response contains a secret: replaying with the passwords rotated");
        }
        let rotated: Vec<Request> = requests
            .iter()
            .zip(&headers)
            .map(|(r, h)| Request {
                action: r.action.clone(),
                body: rotate_passwords(&r.body, h),
            })
            .collect();
        let again = run(&rotated, &rot_str(PASSWORD), &limits);
        for (i, (a, b)) in responses.iter().zip(&again).enumerate() {
            assert!(
                a == b,
                "a password reaches the response of request {i}: with the password rotated the response changes\n\
                 action {:?}\nrequest {:?}\nresponse {} {:?}\nrotated request {:?}\nrotated response {} {:?}",
                requests[i].action, requests[i].body, a.status, a.body, rotated[i].body, b.status, b.body
            );
        }
    }
});
