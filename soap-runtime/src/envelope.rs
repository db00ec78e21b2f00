//! SOAP 1.1 and 1.2 envelopes: writing requests and responses in the binding's version and
//! faults (SOAP 1.1, as WCF writes them); reading them back with size, depth and DTD limits;
//! faults of either version with their QName code resolved by namespace.

use super::dom::{Document, DomError, Node};
use super::{
    display_name, element_children, ComplexValue, DecodeError, DecodeErrorKind, HeaderSet,
    Operation, XmlWriter, SOAP11_ENV, SOAP12_ENV, XSI,
};

/// Bounds on what the decoder accepts. Within them, parsing takes time linear in the size of
/// the body, whatever it holds (`soap-runtime/benches/hostile`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest body, in bytes (default 4 MiB).
    pub max_bytes: usize,
    /// Deepest element nesting (default 64).
    pub max_depth: usize,
    /// Most XML nodes: elements and texts (default 200,000).
    pub max_nodes: u32,
    /// Most attributes in the whole document, namespace declarations included (default
    /// 400,000: two for every node `max_nodes` allows, so a message within the node limit
    /// whose every element carries, say, an `xsi:type` and a namespace declaration passes).
    /// Over it: [`DecodeErrorKind::TooManyAttributes`].
    pub max_attributes: u32,
    /// Most attributes on one element, namespace declarations included (default 10,000, the
    /// JDK's `jdk.xml.elementAttributeLimit`; SOAP messages carry a handful). Over it:
    /// [`DecodeErrorKind::TooManyAttributesOnElement`].
    pub max_attributes_per_element: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 200_000,
            max_attributes: 400_000,
            max_attributes_per_element: 10_000,
        }
    }
}

/// Parses `xml` within `limits`. DTDs (and so entity expansion) are refused, and so is an
/// element carrying an attribute twice ([`DecodeErrorKind::DuplicateAttribute`]: the same
/// namespace URI and local name, whatever the prefixes, or the same namespace declaration).
pub fn parse_document<'i>(xml: &'i str, limits: &Limits) -> Result<Document<'i>, DecodeError> {
    if xml.len() > limits.max_bytes {
        return Err(DecodeError::document(DecodeErrorKind::TooLarge {
            size: xml.len(),
            limit: limits.max_bytes,
        }));
    }
    let opts = super::dom::ParseOptions {
        max_depth: limits.max_depth,
        max_nodes: limits.max_nodes,
        max_attributes: limits.max_attributes,
        max_attributes_per_element: limits.max_attributes_per_element,
    };
    Document::parse(xml, opts).map_err(|e| {
        let (kind, offset, path) = match e {
            DomError::Syntax { message, offset } => {
                (DecodeErrorKind::NotXml(message), offset, String::new())
            }
            DomError::TooDeep { offset } => (
                DecodeErrorKind::TooDeep {
                    limit: limits.max_depth,
                },
                offset,
                String::new(),
            ),
            DomError::TooManyNodes { offset, path } => (
                DecodeErrorKind::NotXml(format!("more than {} nodes", limits.max_nodes)),
                offset,
                path,
            ),
            DomError::TooManyAttributes { offset, path } => (
                DecodeErrorKind::TooManyAttributes {
                    limit: limits.max_attributes,
                },
                offset,
                path,
            ),
            DomError::TooManyAttributesOnElement { offset, path } => (
                DecodeErrorKind::TooManyAttributesOnElement {
                    limit: limits.max_attributes_per_element,
                },
                offset,
                path,
            ),
            DomError::DuplicateAttribute {
                element,
                attribute,
                offset,
                path,
            } => (
                DecodeErrorKind::DuplicateAttribute { element, attribute },
                offset,
                path,
            ),
        };
        let pos = super::dom::text_pos(xml, offset);
        DecodeError {
            kind,
            path,
            line: pos.row,
            column: pos.col,
        }
    })
}

const ENV_OPEN: &str = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
const ENV12_OPEN: &str = "<soapenv:Envelope xmlns:soapenv=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

fn env_open(version: super::SoapVersion) -> &'static str {
    match version {
        super::SoapVersion::Soap11 => ENV_OPEN,
        super::SoapVersion::Soap12 => ENV12_OPEN,
    }
}

/// The envelope namespace of a SOAP version.
pub fn envelope_namespace(version: super::SoapVersion) -> &'static str {
    match version {
        super::SoapVersion::Soap11 => SOAP11_ENV,
        super::SoapVersion::Soap12 => SOAP12_ENV,
    }
}

/// Writes the request envelope of `O` into `out`: headers in binding order, then the body.
pub fn write_request<O: Operation>(headers: &O::Headers, request: &O::Request, out: &mut String) {
    let info = O::INFO;
    out.push_str(env_open(info.soap_version));
    out.push_str(info.namespace_declarations);
    out.push('>');
    let mut w = XmlWriter::new(out);
    if !info.headers.is_empty() {
        w.start("soapenv:Header");
        headers.write_headers(&mut w, info.headers);
        w.end("soapenv:Header");
    }
    w.start("soapenv:Body");
    if info.request_unwrapped {
        request.write_content(&mut w);
    } else {
        w.complex(info.request_tag, request);
    }
    w.end("soapenv:Body");
    w.end("soapenv:Envelope");
}

/// The request envelope of `O` as a new string.
pub fn encode_request<O: Operation>(headers: &O::Headers, request: &O::Request) -> String {
    // Most request envelopes of a SOAP API fit (the PaymentService seed operations' are
    // 0.6–1.7 KB), so they are written without growing the buffer.
    let mut out = String::with_capacity(2048);
    write_request::<O>(headers, request, &mut out);
    out
}

/// The `(prefix, namespace)` pairs of `xmlns:prefix="namespace"` declarations as generated
/// code writes them (` xmlns:a="…" xmlns:b="…"`).
fn declarations(decls: &str) -> impl Iterator<Item = (&str, &str)> {
    decls.split(" xmlns:").filter_map(|d| {
        let (prefix, rest) = d.split_once("=\"")?;
        Some((prefix, rest.strip_suffix('"')?))
    })
}

/// The response envelope of `O` (what the server sends). SOAP 1.1, in the form WCF writes:
///
/// ```text
/// <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
///   <OpResponse xmlns="urn:service"><Member>…</Member><Other i:nil="true" xmlns:i="…"/></OpResponse>
/// </s:Body></s:Envelope>
/// ```
///
/// The response wrapper declares its namespace as the default one and the elements of that
/// namespace are unprefixed; it also declares the operation's other prefixes, for members of
/// other namespaces. An unqualified wrapper is written with the prefixes as given.
///
/// SOAP 1.2 (see [`encode_response12`]): `env:Envelope`, and the response element with its own
/// namespace prefix, as the generated writer writes requests.
pub fn encode_response<O: Operation>(response: &O::Response) -> String {
    write_response::<O>(None, response)
}

/// [`encode_response`] with SOAP headers: those of
/// [`OperationInfo::response_headers`](crate::OperationInfo::response_headers) that `headers`
/// holds, in binding order, in a `Header` that declares the operation's prefixes.
pub fn encode_response_with_headers<O: Operation>(
    headers: &O::Headers,
    response: &O::Response,
) -> String {
    write_response::<O>(Some(headers), response)
}

fn write_response<O: Operation>(headers: Option<&O::Headers>, response: &O::Response) -> String {
    let info = O::INFO;
    if info.soap_version == super::SoapVersion::Soap12 {
        return encode_response12::<O>(response);
    }
    let mut out = String::with_capacity(1024);
    out.push_str("<s:Envelope xmlns:s=\"");
    out.push_str(envelope_namespace(info.soap_version));
    out.push_str("\">");
    let declare = |out: &mut String| {
        out.push_str(" xmlns:xsi=\"");
        out.push_str(XSI);
        out.push('"');
        out.push_str(info.namespace_declarations);
        out.push('>');
    };
    if let Some(h) = headers.filter(|_| !info.response_headers.is_empty()) {
        out.push_str("<s:Header");
        declare(&mut out);
        h.write_headers(&mut XmlWriter::new(&mut out), info.response_headers);
        out.push_str("</s:Header>");
    }
    if info.response_unwrapped {
        // The parts are the Body's children; the Body declares their prefixes.
        out.push_str("<s:Body");
        declare(&mut out);
        response.write_content(&mut XmlWriter::new(&mut out));
        out.push_str("</s:Body></s:Envelope>");
        return out;
    }
    out.push_str("<s:Body>");
    let (ns, local) = info.response;
    let mapped = declarations(info.namespace_declarations).find(|(_, uri)| *uri == ns);
    match mapped {
        Some((prefix, namespace)) if !ns.is_empty() => {
            let others: String = declarations(info.namespace_declarations)
                .filter(|(p, _)| *p != prefix)
                .map(|(p, uri)| format!(" xmlns:{p}=\"{uri}\""))
                .collect();
            let tag = format!("{prefix}:{local}");
            let mut w = XmlWriter::with_default_namespace(&mut out, prefix, namespace);
            w.complex_declaring(&tag, &others, response);
        }
        _ => {
            // No prefix for the wrapper's namespace: declare everything on it, tags as given.
            let decls = format!(" xmlns:xsi=\"{XSI}\"{}", info.namespace_declarations);
            let mut w = XmlWriter::new(&mut out);
            w.complex_declaring(local, &decls, response);
        }
    }
    out.push_str("</s:Body></s:Envelope>");
    out
}

/// The SOAP 1.2 response envelope of `O`, whatever its binding's version:
///
/// ```text
/// <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>
///   <ns0:OpResponse xmlns:xsi="…" xmlns:ns0="urn:service"><ns0:Member>…</ns0:Member>
///   </ns0:OpResponse>
/// </env:Body></env:Envelope>
/// ```
///
/// The response element declares `xsi` and the operation's prefixes; every element is written
/// with its prefix (an unqualified one without), nil as `xsi:nil`.
pub fn encode_response12<O: Operation>(response: &O::Response) -> String {
    let info = O::INFO;
    let mut out = String::with_capacity(1024);
    out.push_str("<env:Envelope xmlns:env=\"");
    out.push_str(SOAP12_ENV);
    out.push_str("\"><env:Body>");
    let (ns, local) = info.response;
    let tag = match declarations(info.namespace_declarations).find(|(_, uri)| *uri == ns) {
        Some((prefix, _)) if !ns.is_empty() => format!("{prefix}:{local}"),
        _ => local.to_owned(),
    };
    let decls = format!(" xmlns:xsi=\"{XSI}\"{}", info.namespace_declarations);
    XmlWriter::new(&mut out).complex_declaring(&tag, &decls, response);
    out.push_str("</env:Body></env:Envelope>");
    out
}

/// A SOAP 1.1 fault envelope, the way WCF writes one: `faultcode` as `s:CODE`. The texts may
/// quote anything (a parser's message names the character it broke on): characters XML cannot
/// carry are written as `\u{..}`, so the envelope is always well-formed.
pub fn encode_fault(code: &str, message: &str, lang: Option<&str>) -> String {
    let mut out = String::with_capacity(256 + message.len());
    out.push_str("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode>s:");
    super::values::escape_free_text(code, false, &mut out);
    out.push_str("</faultcode><faultstring");
    if let Some(lang) = lang {
        out.push_str(" xml:lang=\"");
        super::values::escape_free_text(lang, true, &mut out);
        out.push('"');
    }
    out.push('>');
    super::values::escape_free_text(message, false, &mut out);
    out.push_str("</faultstring></s:Fault></s:Body></s:Envelope>");
    out
}

/// A SOAP 1.1 `Fault` as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFault {
    /// Namespace URI the `faultcode` QName's prefix is bound to (`None` when unprefixed or unbound).
    pub code_namespace: Option<String>,
    /// Local part of `faultcode` (`ORDER_NOT_FOUND`).
    pub code: String,
    /// `faultstring`.
    pub message: String,
    /// `xml:lang` of `faultstring`.
    pub lang: Option<String>,
    /// `faultactor`.
    pub actor: Option<String>,
    /// The `detail` element, as XML text.
    pub detail: Option<String>,
}

/// The `Header` and `Body` payload element of an envelope.
pub struct EnvelopeParts<'a, 'i> {
    /// The `Header` element, if any.
    pub header: Option<Node<'a, 'i>>,
    /// The first element inside `Body`.
    pub payload: Node<'a, 'i>,
    /// SOAP version of the envelope.
    pub version: super::SoapVersion,
}

/// Finds `Header` and the `Body` payload, by namespace URI.
pub fn envelope_parts<'a, 'i>(doc: &'a Document<'i>) -> Result<EnvelopeParts<'a, 'i>, DecodeError> {
    envelope_parts_for(doc, super::SoapVersion::Soap11)
}

/// The `Header` (if any) and the `Body` of an envelope of `version`: the body may be empty.
pub fn envelope_header_body<'a, 'i>(
    doc: &'a Document<'i>,
    version: super::SoapVersion,
) -> Result<(Option<Node<'a, 'i>>, Node<'a, 'i>), DecodeError> {
    let root = doc.root_element();
    let tag = root.tag_name();
    let env_ns = envelope_namespace(version);
    if tag.name() != "Envelope" || tag.namespace() != Some(env_ns) {
        let found = match (tag.name(), tag.namespace(), version) {
            // Said of the binding the operation belongs to: a WSDL may have a binding of each
            // version, and the service may take both.
            ("Envelope", Some(SOAP12_ENV), super::SoapVersion::Soap11) => {
                OTHER_VERSION[1].to_owned()
            }
            ("Envelope", Some(SOAP11_ENV), super::SoapVersion::Soap12) => {
                OTHER_VERSION[0].to_owned()
            }
            _ => display_name(root),
        };
        return Err(DecodeError::at(
            root,
            DecodeErrorKind::NotAnEnvelope { found },
        ));
    }
    let mut header = None;
    let mut body = None;
    for child in element_children(root) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ns), "Header") if ns == env_ns && header.is_none() && body.is_none() => {
                header = Some(child)
            }
            (Some(ns), "Body") if ns == env_ns && body.is_none() => body = Some(child),
            _ => {}
        }
    }
    let body = body.ok_or_else(|| DecodeError::at(root, DecodeErrorKind::NoBody))?;
    Ok((header, body))
}

/// What [`DecodeErrorKind::NotAnEnvelope`] says it found when the envelope is of the other
/// SOAP version: a SOAP 1.1 one (for a SOAP 1.2 binding), a SOAP 1.2 one (for SOAP 1.1).
const OTHER_VERSION: [&str; 2] = [
    "a SOAP 1.1 Envelope, but this operation's binding is SOAP 1.2",
    "a SOAP 1.2 Envelope, but this operation's binding is SOAP 1.1",
];

/// Whether `e` says the envelope is of the other SOAP version than the binding's.
pub(crate) fn is_other_version(e: &DecodeError) -> bool {
    matches!(&e.kind, DecodeErrorKind::NotAnEnvelope { found } if OTHER_VERSION.contains(&found.as_str()))
}

/// Finds `Header` and the `Body` payload, by namespace URI, for an envelope of `version`.
pub fn envelope_parts_for<'a, 'i>(
    doc: &'a Document<'i>,
    version: super::SoapVersion,
) -> Result<EnvelopeParts<'a, 'i>, DecodeError> {
    let (header, body) = envelope_header_body(doc, version)?;
    let payload = element_children(body)
        .next()
        .ok_or_else(|| DecodeError::at(body, DecodeErrorKind::EmptyBody))?;
    Ok(EnvelopeParts {
        header,
        payload,
        version,
    })
}

/// Reads a SOAP 1.2 `Fault` (`Code/Value`, the innermost `Subcode/Value` as the code, `Reason/Text`).
pub fn read_fault12(node: Node<'_, '_>) -> RawFault {
    fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
        element_children(n)
            .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(SOAP12_ENV))
    }
    let mut code = child(node, "Code");
    while let Some(inner) = code.and_then(|c| child(c, "Subcode")) {
        code = Some(inner);
    }
    fault_from(
        code.and_then(|c| child(c, "Value")),
        child(node, "Reason").and_then(|r| child(r, "Text")),
        child(node, "Role"),
        child(node, "Detail"),
    )
}

/// Reads a SOAP 1.1 `Fault` (`faultcode`, `faultstring`, `faultactor`, `detail`).
pub fn read_fault(node: Node<'_, '_>) -> RawFault {
    let child = |name: &str| {
        element_children(node).find(|c| {
            c.tag_name().name() == name
                && matches!(super::element_namespace(*c), None | Some(SOAP11_ENV))
        })
    };
    fault_from(
        child("faultcode"),
        child("faultstring"),
        child("faultactor"),
        child("detail"),
    )
}

/// A fault from its parts, in either SOAP version: the code is a QName, resolved through the
/// namespace declarations in scope at its element.
fn fault_from(
    code: Option<Node<'_, '_>>,
    message: Option<Node<'_, '_>>,
    actor: Option<Node<'_, '_>>,
    detail: Option<Node<'_, '_>>,
) -> RawFault {
    let text = |n: Node| {
        n.descendants()
            .filter(Node::is_text)
            .filter_map(|t| t.text())
            .collect::<String>()
    };
    let (code_namespace, code) = match code {
        Some(c) => {
            let raw = text(c);
            match raw.trim().split_once(':') {
                Some((prefix, local)) => (
                    c.lookup_namespace_uri(Some(prefix)).map(str::to_owned),
                    local.to_owned(),
                ),
                None => (None, raw.trim().to_owned()),
            }
        }
        None => (None, String::new()),
    };
    RawFault {
        code_namespace,
        code,
        message: message.map(text).unwrap_or_default(),
        lang: message
            .and_then(|n| n.attribute((super::dom::NS_XML, "lang")))
            .map(str::to_owned),
        actor: actor.map(text),
        detail: detail.map(|d| d.document().input_text()[d.range()].to_owned()),
    }
}

/// Why a response could not be turned into the operation's response type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseError {
    /// The service answered with a SOAP fault.
    Fault(RawFault),
    /// The body is not the expected response.
    Decode(DecodeError),
}

impl From<DecodeError> for ResponseError {
    fn from(e: DecodeError) -> Self {
        ResponseError::Decode(e)
    }
}

/// Decodes a response envelope of `O`: its response element, or the fault it carries.
///
/// A response of the common shape is read straight off the tokenizer ([`crate::stream`]);
/// anything else (and every error) goes through the tree, which gives the same value and
/// locates the errors.
// The error is large only because a fault carries its texts; it is never on the success path.
#[allow(clippy::result_large_err)]
pub fn decode_response<O: Operation>(
    xml: &str,
    limits: &Limits,
) -> Result<O::Response, ResponseError> {
    let envelope = envelope_namespace(O::INFO.soap_version);
    if !O::INFO.response_unwrapped {
        if let Some(r) = super::stream::decode_payload(xml, limits, envelope, O::INFO.response) {
            return Ok(r);
        }
    }
    decode_response_tree::<O>(xml, limits)
}

/// [`decode_response`] without its fast path: the whole body parsed into a tree, then read.
/// For tests and benchmarks that compare the two; they decode alike.
#[allow(clippy::result_large_err)]
pub fn decode_response_tree<O: Operation>(
    xml: &str,
    limits: &Limits,
) -> Result<O::Response, ResponseError> {
    let doc = parse_document(xml, limits)?;
    let (_, body) = envelope_header_body(&doc, O::INFO.soap_version)?;
    read_response::<O>(body)
}

/// A decoded response with its SOAP headers, as the client sees it.
#[derive(Debug)]
pub struct DecodedResponse<H, R> {
    /// The headers of the response that the service's header set knows.
    pub headers: H,
    /// The body.
    pub response: R,
}

/// [`decode_response`] that also reads the response's SOAP headers (those of the operation,
/// [`OperationInfo::response_headers`](crate::OperationInfo::response_headers), and any
/// other the service's header set knows). Always reads through the tree.
#[allow(clippy::result_large_err)]
pub fn decode_response_with_headers<O: Operation>(
    xml: &str,
    limits: &Limits,
) -> Result<DecodedResponse<O::Headers, O::Response>, ResponseError> {
    let doc = parse_document(xml, limits)?;
    let (header, body) = envelope_header_body(&doc, O::INFO.soap_version)?;
    // A fault is reported as such, whatever headers come with it.
    let response = read_response::<O>(body)?;
    let mut headers = O::Headers::default();
    for child in header.into_iter().flat_map(element_children) {
        headers.read_header(child)?;
    }
    Ok(DecodedResponse { headers, response })
}

/// The response (or the fault) in the `Body` of a response envelope of `O`.
#[allow(clippy::result_large_err)]
fn read_response<O: Operation>(body: Node<'_, '_>) -> Result<O::Response, ResponseError> {
    let first = element_children(body).next();
    if let Some(p) = first.filter(|p| p.tag_name().name() == "Fault") {
        match p.tag_name().namespace() {
            Some(SOAP11_ENV) => return Err(ResponseError::Fault(read_fault(p))),
            Some(SOAP12_ENV) => return Err(ResponseError::Fault(read_fault12(p))),
            _ => {}
        }
    }
    if O::INFO.response_unwrapped {
        return Ok(O::Response::read_content(body)?);
    }
    let p = first.ok_or_else(|| DecodeError::at(body, DecodeErrorKind::EmptyBody))?;
    let (ns, local) = O::INFO.response;
    expect_element(p, ns, local)?;
    Ok(super::read_complex::<O::Response>(p)?)
}

/// Errors unless `node` is `{ns}local`.
pub fn expect_element(node: Node<'_, '_>, ns: &str, local: &str) -> Result<(), DecodeError> {
    let ns_opt = (!ns.is_empty()).then_some(ns);
    if super::element_namespace(node) != ns_opt || node.tag_name().name() != local {
        let expected = if ns.is_empty() {
            local.to_owned()
        } else {
            format!("{{{ns}}}{local}")
        };
        return Err(DecodeError::at(
            node,
            DecodeErrorKind::UnexpectedElement {
                expected,
                found: display_name(node),
            },
        ));
    }
    Ok(())
}

/// A decoded request, as the server sees it.
#[derive(Debug)]
pub struct DecodedRequest<H, R> {
    /// The SOAP headers.
    pub headers: H,
    /// The body.
    pub request: R,
}

/// Decodes a request envelope of `O` (server side). Unknown headers are ignored unless they
/// carry `mustUnderstand="1"`.
pub fn decode_request<O: Operation>(
    xml: &str,
    limits: &Limits,
) -> Result<DecodedRequest<O::Headers, O::Request>, DecodeError> {
    let doc = parse_document(xml, limits)?;
    let (header, body) = envelope_header_body(&doc, O::INFO.soap_version)?;
    let payload = element_children(body).next();
    if payload.is_none() && !O::INFO.request_unwrapped {
        return Err(DecodeError::at(body, DecodeErrorKind::EmptyBody));
    }
    let mut headers = O::Headers::default();
    if let Some(h) = header {
        for child in element_children(h) {
            let known = headers.read_header(child)?;
            let must = child
                .attribute((envelope_namespace(O::INFO.soap_version), "mustUnderstand"))
                .map(str::trim);
            if !known && matches!(must, Some("1" | "true")) {
                return Err(DecodeError::at(
                    child,
                    DecodeErrorKind::Unexpected(format!(
                        "header {} has mustUnderstand=\"1\" but is not understood",
                        display_name(child)
                    )),
                ));
            }
        }
    }
    let request = match payload {
        Some(p) if !O::INFO.request_unwrapped => {
            let (ns, local) = O::INFO.request;
            expect_element(p, ns, local)?;
            super::read_complex::<O::Request>(p)?
        }
        // The parts are the Body's children.
        _ => O::Request::read_content(body)?,
    };
    Ok(DecodedRequest { headers, request })
}

/// Validates headers and body of a request of `O` together.
pub fn validate_request<O: Operation>(
    headers: &O::Headers,
    request: &O::Request,
) -> Result<(), super::ValidationError> {
    let mut v = super::Validator::new();
    headers.validate_for(O::INFO.headers, &mut v);
    request.validate_into(&mut v);
    v.finish()
}

#[allow(dead_code)]
const _XSI_USED: &str = XSI;
