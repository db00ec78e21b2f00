//! # integration-tests
//!
//! The workspace-level tests of the PaymentService crate and its generator (not published):
//! the documented seed envelopes against the generated codec, hostile and round-trip codec
//! tests, XSD conformance of every request, the simulator over loopback HTTP, the bounded load
//! test, the freshness of the checked-in generated snapshot and the served-WSDL drop-in proof
//! (`tests/`, each file's own doc says what it checks).
//!
//! This library holds what those tests share: [`codec`] (fixtures, the documented example
//! values, an XML tree comparison, `xmllint`).

// ---------------------------------------------------------------------------------------------
// Codec test helpers (codec_seed.rs, codec_hostile.rs, codec_roundtrip.rs).
// ---------------------------------------------------------------------------------------------

pub mod codec {
    //! Fixtures, the documented example values of the five seed operations, an XML tree
    //! comparison that reports the first difference by path, a namespace-prefix rewriter and
    //! an `xmllint` wrapper.

    use payment_service::runtime::{
        decode_request, decode_response, encode_request, encode_response, Decimal, DecodeError,
        Limits, ResponseError, XsDate, XsDateTime, SOAP11_ENV, XSI,
    };
    use payment_service::*;
    use roxmltree::{Document, Node, ParsingOptions};
    use std::fmt::Write as _;
    use std::str::FromStr;

    /// The service namespace (`pay:`).
    pub const NS: &str = payment_service::NS_PAY;
    /// Namespace of `xml:lang`.
    pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

    /// The five operations with documented example envelopes.
    pub const SEED_OPS: [&str; 5] = [
        "CancelInvoice",
        "ReplaceInvoice",
        "PartCreditInvoice",
        "SendInvoice",
        "AdjustInvoice",
    ];

    /// `tests/fixtures/seed/<name>`.
    pub fn fixture(name: &str) -> String {
        let path = format!("{}/fixtures/seed/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// `tests/fixtures/seed/<op>.request.xml`.
    pub fn request_fixture(op: &str) -> String {
        fixture(&format!("{op}.request.xml"))
    }

    /// `tests/fixtures/seed/<op>.response.xml`.
    pub fn response_fixture(op: &str) -> String {
        fixture(&format!("{op}.response.xml"))
    }

    /// A decimal from its lexical form.
    pub fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    /// An `xs:dateTime`.
    pub fn date_time(s: &str) -> XsDateTime {
        XsDateTime::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    /// An `xs:date`.
    pub fn date(s: &str) -> XsDate {
        XsDate::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The documented headers: `USERNAME` / `PASSWORD`, plus `ClientIpAddress` when the example has one.
    pub fn documented_headers(client_ip: Option<&str>) -> SoapHeaders {
        let headers = SoapHeaders::default()
            .with_username("USERNAME")
            .with_password("PASSWORD");
        match client_ip {
            Some(ip) => headers.with_client_ip_address(ip),
            None => headers,
        }
    }

    macro_rules! seed_enums {
        ($($op:ident),*) => {
            /// A request body of one of the seed operations.
            #[derive(Clone, Debug, PartialEq)]
            pub enum SeedRequest { $($op(<operations::$op as payment_service::runtime::Operation>::Request)),* }

            /// A response body of one of the seed operations.
            #[derive(Clone, Debug, PartialEq)]
            pub enum SeedResponse { $($op(<operations::$op as payment_service::runtime::Operation>::Response)),* }

            impl SeedRequest {
                /// The operation's name.
                pub fn op(&self) -> &'static str {
                    match self { $(SeedRequest::$op(_) => stringify!($op)),* }
                }
                /// Validates headers and body together.
                pub fn validate(&self, headers: &SoapHeaders) -> Result<(), payment_service::runtime::ValidationError> {
                    match self { $(SeedRequest::$op(r) => payment_service::runtime::validate_request::<operations::$op>(headers, r)),* }
                }
                /// The request envelope.
                pub fn encode(&self, headers: &SoapHeaders) -> String {
                    match self { $(SeedRequest::$op(r) => encode_request::<operations::$op>(headers, r)),* }
                }
            }

            impl SeedResponse {
                /// The operation's name.
                pub fn op(&self) -> &'static str {
                    match self { $(SeedResponse::$op(_) => stringify!($op)),* }
                }
                /// The response envelope, as a server writes it.
                pub fn encode(&self) -> String {
                    match self { $(SeedResponse::$op(r) => encode_response::<operations::$op>(r)),* }
                }
                /// Validates the body.
                pub fn validate(&self) -> Result<(), payment_service::runtime::ValidationError> {
                    match self { $(SeedResponse::$op(r) => payment_service::runtime::ComplexValue::validate(r)),* }
                }
            }

            /// Decodes `xml` as a request envelope of seed operation `op` (server side).
            pub fn decode_seed_request(op: &str, xml: &str, limits: &Limits) -> Result<(SoapHeaders, SeedRequest), DecodeError> {
                match op {
                    $(stringify!($op) => decode_request::<operations::$op>(xml, limits).map(|d| (d.headers, SeedRequest::$op(d.request))),)*
                    _ => panic!("{op} is not a seed operation"),
                }
            }

            /// Decodes `xml` as a response envelope of seed operation `op` (client side).
            #[allow(clippy::result_large_err)] // the runtime's own error type
            pub fn decode_seed_response(op: &str, xml: &str, limits: &Limits) -> Result<SeedResponse, ResponseError> {
                match op {
                    $(stringify!($op) => decode_response::<operations::$op>(xml, limits).map(SeedResponse::$op),)*
                    _ => panic!("{op} is not a seed operation"),
                }
            }
        };
    }
    seed_enums!(
        CancelInvoice,
        ReplaceInvoice,
        PartCreditInvoice,
        SendInvoice,
        AdjustInvoice
    );

    /// The documented example request of `op`, built by hand from the documentation page, with
    /// the headers the example sends.
    pub fn documented_request(op: &str) -> (SoapHeaders, SeedRequest) {
        let row = |id: &str, description: &str, quantity: i32, unit: Option<&str>, price: &str| {
            InvoiceRow::builder()
                .article_id(id)
                .description(description)
                .quantity(quantity)
                .set_quantity_unit(unit.map(str::to_owned))
                .unit_price(dec(price))
                .vat(dec("25"))
                .build()
                .unwrap()
        };
        match op {
            "CancelInvoice" => (
                documented_headers(Some("127.0.0.1")),
                SeedRequest::CancelInvoice(
                    CancelInvoiceRequest::builder()
                        .correlation_id("CancelInvoiceV10")
                        .country_code("SE")
                        .invoice_no("62396765")
                        .store_id(1234)
                        .build()
                        .unwrap(),
                ),
            ),
            "ReplaceInvoice" => (
                documented_headers(None),
                SeedRequest::ReplaceInvoice(
                    ReplaceInvoiceRequest::builder()
                        .correlation_id("ReplaceInvoiceV10")
                        .country_code("SE")
                        .invoice_no("62396765")
                        .invoice_rows(row("Article 11", "Description 11", 11, Some("pcs"), "11"))
                        .purchase_classification_nil()
                        .store_id(1234)
                        .build()
                        .unwrap(),
                ),
            ),
            "PartCreditInvoice" => (
                documented_headers(Some("123.456.789")),
                SeedRequest::PartCreditInvoice(
                    PartCreditInvoiceRequest::builder()
                        .article_list(
                            Article::builder()
                                .article_id("82493")
                                .quantity(11)
                                .unit_price(dec("50"))
                                .build()
                                .unwrap(),
                        )
                        .country_code("SE")
                        .credit_date(DateOrDateTime::Date(date("2020-04-20")))
                        .invoice_no("62396756")
                        .settlement_reference("111")
                        .store_id(1234)
                        .build()
                        .unwrap(),
                ),
            ),
            "SendInvoice" => (
                documented_headers(None),
                SeedRequest::SendInvoice(
                    SendInvoiceRequest::builder()
                        .correlation_id("123")
                        .country_code("SE")
                        .email("merchant@walley.se")
                        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
                        .invoice_no("63062459")
                        .store_id(1234)
                        .build()
                        .unwrap(),
                ),
            ),
            "AdjustInvoice" => (
                documented_headers(None),
                SeedRequest::AdjustInvoice(
                    AdjustInvoiceRequest::builder()
                        .correlation_id("AdjustInvoiceV10")
                        .country_code("SE")
                        .invoice_no("62366754")
                        .invoice_rows(row("123456", "Article 123456", 10, Some("pcs"), "100"))
                        .invoice_rows(row("123", "Discount on article 123456", 1, None, "-100"))
                        .purchase_classification_nil()
                        .settlement_reference_nil()
                        .store_id(1234)
                        .build()
                        .unwrap(),
                ),
            ),
            _ => panic!("{op} is not a seed operation"),
        }
    }

    /// The documented example response of `op`, built by hand from the documentation page.
    pub fn documented_response(op: &str) -> SeedResponse {
        match op {
            "CancelInvoice" => SeedResponse::CancelInvoice(
                CancelInvoiceResponse::builder()
                    .correlation_id("CancelInvoiceV10")
                    .build()
                    .unwrap(),
            ),
            "ReplaceInvoice" => SeedResponse::ReplaceInvoice(
                ReplaceInvoiceResponse::builder()
                    .available_reservation_amount(dec("5659.00"))
                    .correlation_id("ReplaceInvoiceV10")
                    .invoice_status(1)
                    .total_amount(dec("121"))
                    .build()
                    .unwrap(),
            ),
            "PartCreditInvoice" => SeedResponse::PartCreditInvoice(
                PartCreditInvoiceResponse::builder()
                    .correlation_id_nil()
                    .build()
                    .unwrap(),
            ),
            "SendInvoice" => SeedResponse::SendInvoice(
                SendInvoiceResponse::builder()
                    .available_reservation_amount(dec("0"))
                    .correlation_id("123")
                    .due_date(date_time("2020-05-10T23:59:59"))
                    .invoice_url("https://minasidor-ci.tmtf.se/invoice?id=7eUheaZelqAOQ53UuivAUbm8cMwrkC2PRd9GA_bVGYfzNRyxWeFPa55-A9KBeFfN4DacrNbVpv6cVVNXk3m12tElU8taLLnDAdzMN7j4d56Kj-nT5ajm4OCWb7Qj-rIN&language=sv-SE")
                    .lowest_amount_to_pay(dec("3510.00"))
                    .new_invoice_no_nil()
                    .payment_reference("100002403531655")
                    .total_amount(dec("3510.00"))
                    .build()
                    .unwrap(),
            ),
            "AdjustInvoice" => SeedResponse::AdjustInvoice(
                AdjustInvoiceResponse::builder()
                    .correlation_id("AdjustInvoiceV10")
                    .build()
                    .unwrap(),
            ),
            _ => panic!("{op} is not a seed operation"),
        }
    }

    // ----- XML tree comparison ---------------------------------------------------------------

    /// Parses `xml` the way the tests do: no DTD, default limits of roxmltree.
    pub fn parse(xml: &str) -> Document<'_> {
        Document::parse_with_options(
            xml,
            ParsingOptions {
                allow_dtd: false,
                ..ParsingOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"))
    }

    fn qname(node: Node<'_, '_>) -> String {
        match node.tag_name().namespace() {
            Some(ns) => format!("{{{ns}}}{}", node.tag_name().name()),
            None => node.tag_name().name().to_owned(),
        }
    }

    /// One step of a path: the local name, with a 1-based index when siblings share the name.
    fn step(node: Node<'_, '_>) -> String {
        let name = node.tag_name();
        let same = |n: &Node| n.is_element() && n.tag_name() == name;
        let parent = match node.parent() {
            Some(p) => p,
            None => return name.name().to_owned(),
        };
        let total = parent.children().filter(same).count();
        if total <= 1 {
            return name.name().to_owned();
        }
        let index = parent
            .children()
            .filter(same)
            .position(|n| n == node)
            .unwrap_or(0)
            + 1;
        format!("{}[{index}]", name.name())
    }

    /// What an element contains, for comparison: child elements and text runs. Comments and
    /// processing instructions are dropped (text on either side of a comment joins up).
    #[derive(Debug)]
    enum Item<'a, 'i> {
        Element(Node<'a, 'i>),
        Text(String),
    }

    fn items<'a, 'i>(node: Node<'a, 'i>) -> Vec<Item<'a, 'i>> {
        let mut out: Vec<Item> = Vec::new();
        for child in node.children() {
            if child.is_element() {
                out.push(Item::Element(child));
            } else if child.is_text() {
                let t = child.text().unwrap_or("");
                match out.last_mut() {
                    Some(Item::Text(s)) => s.push_str(t),
                    _ => out.push(Item::Text(t.to_owned())),
                }
            }
        }
        let mixed = out.iter().any(|i| matches!(i, Item::Element(_)));
        if mixed {
            // Pretty-print whitespace between elements is not content.
            out.retain(|i| !matches!(i, Item::Text(t) if t.trim().is_empty()));
            for i in &mut out {
                if let Item::Text(t) = i {
                    *t = t.trim().to_owned();
                }
            }
        }
        out
    }

    /// Attributes that carry meaning: every attribute except namespace declarations (which
    /// roxmltree keeps apart), by namespace URI and local name, sorted.
    fn attributes(node: Node<'_, '_>) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = node
            .attributes()
            .map(|a| {
                let name = match a.namespace() {
                    Some(ns) => format!("{{{ns}}}{}", a.name()),
                    None => a.name().to_owned(),
                };
                let value = if a.namespace() == Some(XSI) && a.name() == "nil" {
                    a.value().trim().to_owned()
                } else {
                    a.value().to_owned()
                };
                (name, value)
            })
            .collect();
        v.sort();
        v
    }

    fn compare(a: Node<'_, '_>, b: Node<'_, '_>, path: &str) -> Option<String> {
        if a.tag_name() != b.tag_name() {
            return Some(format!(
                "{path}: element {} where {} was expected",
                qname(a),
                qname(b)
            ));
        }
        let (aa, ba) = (attributes(a), attributes(b));
        if aa != ba {
            return Some(format!(
                "{path}: attributes {aa:?} where {ba:?} were expected"
            ));
        }
        let (ai, bi) = (items(a), items(b));
        for (k, pair) in ai.iter().zip(bi.iter()).enumerate() {
            match pair {
                (Item::Element(x), Item::Element(y)) => {
                    if let Some(d) = compare(*x, *y, &format!("{path}/{}", step(*y))) {
                        return Some(d);
                    }
                }
                (Item::Text(x), Item::Text(y)) => {
                    if x != y {
                        return Some(format!("{path}: text {x:?} where {y:?} was expected"));
                    }
                }
                (x, y) => {
                    return Some(format!(
                        "{path}: child {k} is {} where {} was expected",
                        describe(x),
                        describe(y)
                    ));
                }
            }
        }
        if ai.len() != bi.len() {
            let k = ai.len().min(bi.len());
            return Some(match (ai.get(k), bi.get(k)) {
                (Some(x), None) => format!("{path}: unexpected extra {}", describe(x)),
                (None, Some(y)) => format!("{path}: missing {}", describe(y)),
                _ => unreachable!(),
            });
        }
        None
    }

    fn describe(i: &Item<'_, '_>) -> String {
        match i {
            Item::Element(n) => format!("element {}", qname(*n)),
            Item::Text(t) => format!("text {t:?}"),
        }
    }

    /// The first difference between two XML documents compared as trees, by path (`None` when
    /// equivalent). Elements compare by namespace URI and local name (never by prefix), in
    /// order; attributes by namespace URI, local name and value (namespace declarations are
    /// not attributes); text exactly, except that whitespace around child elements is ignored;
    /// comments are ignored.
    pub fn xml_difference(actual: &str, expected: &str) -> Option<String> {
        let (a, b) = (parse(actual), parse(expected));
        let (ra, rb) = (a.root_element(), b.root_element());
        compare(ra, rb, &format!("/{}", step(rb)))
    }

    /// Panics with the first difference (by path) unless `actual` and `expected` are the same
    /// XML tree in the sense of [`xml_difference`].
    #[track_caller]
    pub fn assert_xml_equivalent(actual: &str, expected: &str) {
        if let Some(d) = xml_difference(actual, expected) {
            panic!("XML differs at {d}\n--- actual:\n{actual}\n--- expected:\n{expected}");
        }
    }

    // ----- Re-serialising with other prefixes ------------------------------------------------

    /// How a namespace is written when re-serialising.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Prefix<'p> {
        /// As the default namespace (`xmlns="…"`). Attributes in it get a generated prefix.
        Default,
        /// With this prefix.
        Named(&'p str),
    }

    /// Writes the tree of `xml` again, naming each namespace as `choose` says (falling back to
    /// the prefix the input used, or a generated one). Text, comments and attributes are kept;
    /// CDATA becomes escaped text; namespace declarations are emitted where first needed.
    pub fn rewrite_prefixes(xml: &str, choose: &dyn Fn(&str) -> Option<Prefix<'static>>) -> String {
        let doc = parse(xml);
        let mut out = String::with_capacity(xml.len() + 256);
        write_element(doc.root_element(), choose, &mut Vec::new(), &mut out);
        out
    }

    /// The `Body` payload of a SOAP envelope as a standalone document (namespace declarations
    /// written on its root element), for `xmllint --schema`.
    pub fn body_payload(envelope: &str) -> String {
        let doc = parse(envelope);
        let body = doc
            .root_element()
            .children()
            .find(|n| {
                n.is_element()
                    && n.tag_name().namespace() == Some(SOAP11_ENV)
                    && n.tag_name().name() == "Body"
            })
            .expect("envelope has a Body");
        let payload = body
            .children()
            .find(Node::is_element)
            .expect("Body has a payload");
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        write_element(payload, &|_| None, &mut Vec::new(), &mut out);
        out.push('\n');
        out
    }

    fn escape(s: &str, attr: bool, out: &mut String) {
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if attr => out.push_str("&quot;"),
                '\r' => out.push_str("&#13;"),
                '\t' | '\n' if attr => {
                    let _ = write!(out, "&#{};", c as u32);
                }
                c => out.push(c),
            }
        }
    }

    /// In-scope bindings while writing: `(prefix, uri)`, `""` = default namespace.
    type Scope = Vec<(String, String)>;

    fn bound<'s>(scope: &'s Scope, prefix: &str) -> Option<&'s str> {
        scope
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.as_str())
    }

    /// Makes `prefix` mean `uri`, declaring it on the element being written if needed.
    fn bind(prefix: &str, uri: &str, scope: &mut Scope, decls: &mut String) {
        if bound(scope, prefix) != Some(uri)
            && !(prefix.is_empty() && uri.is_empty() && bound(scope, "").is_none())
        {
            if prefix.is_empty() {
                decls.push_str(" xmlns=\"");
            } else {
                let _ = write!(decls, " xmlns:{prefix}=\"");
            }
            escape(uri, true, decls);
            decls.push('"');
            scope.push((prefix.to_owned(), uri.to_owned()));
        }
    }

    fn prefix_for(
        node: Node<'_, '_>,
        uri: &str,
        choose: &dyn Fn(&str) -> Option<Prefix<'static>>,
        attribute: bool,
    ) -> String {
        let original = node.lookup_prefix(uri).map(str::to_owned);
        let p = match choose(uri) {
            Some(Prefix::Named(p)) => p.to_owned(),
            Some(Prefix::Default) if !attribute => String::new(),
            _ => match original {
                Some(p) if !p.is_empty() => p,
                _ if uri == XSI => "xsi".to_owned(),
                _ if !attribute => String::new(),
                _ => "ns0".to_owned(),
            },
        };
        if attribute && p.is_empty() {
            "ns0".to_owned()
        } else {
            p
        }
    }

    fn write_element(
        node: Node<'_, '_>,
        choose: &dyn Fn(&str) -> Option<Prefix<'static>>,
        scope: &mut Scope,
        out: &mut String,
    ) {
        let mark = scope.len();
        let mut decls = String::new();
        let mut element_prefix = String::new();
        let name = match node.tag_name().namespace() {
            Some(uri) => {
                let p = prefix_for(node, uri, choose, false);
                bind(&p, uri, scope, &mut decls);
                element_prefix.clone_from(&p);
                if p.is_empty() {
                    node.tag_name().name().to_owned()
                } else {
                    format!("{p}:{}", node.tag_name().name())
                }
            }
            None => {
                bind("", "", scope, &mut decls);
                node.tag_name().name().to_owned()
            }
        };
        let mut attrs = String::new();
        for a in node.attributes() {
            let aname = match a.namespace() {
                Some(XML_NS) => format!("xml:{}", a.name()),
                Some(uri) => {
                    let p = prefix_for(node, uri, choose, true);
                    // Attributes never use the default namespace; the element's own prefix is
                    // not rebound under it.
                    let p = if p == element_prefix && node.tag_name().namespace() != Some(uri) {
                        format!("{p}a")
                    } else {
                        p
                    };
                    bind(&p, uri, scope, &mut decls);
                    format!("{p}:{}", a.name())
                }
                None => a.name().to_owned(),
            };
            let _ = write!(attrs, " {aname}=\"");
            escape(a.value(), true, &mut attrs);
            attrs.push('"');
        }
        let _ = write!(out, "<{name}{decls}{attrs}");
        if !node.has_children() {
            out.push_str("/>");
        } else {
            out.push('>');
            for child in node.children() {
                if child.is_element() {
                    write_element(child, choose, scope, out);
                } else if child.is_text() {
                    escape(child.text().unwrap_or(""), false, out);
                } else if child.is_comment() {
                    let _ = write!(out, "<!--{}-->", child.text().unwrap_or(""));
                }
            }
            let _ = write!(out, "</{name}>");
        }
        scope.truncate(mark);
    }

    // ----- xmllint ----------------------------------------------------------------------------

    /// `wsdl/PaymentServiceV10.xsd0.xsd`.
    pub fn schema_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl/PaymentServiceV10.xsd0.xsd")
    }

    /// Whether `xmllint` can be run (CI installs libxml2-utils).
    pub fn xmllint_available() -> bool {
        std::process::Command::new("xmllint")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// Whether a test that needs `xmllint` for `what` can run. Without xmllint it is skipped
    /// with a notice on a developer's machine, but it **fails** when `CI` or `REQUIRE_XMLLINT`
    /// is set (`scripts/test.sh` sets `REQUIRE_XMLLINT`), so a green CI run never hides a
    /// skipped schema check.
    pub fn xmllint_for(what: &str) -> bool {
        if xmllint_available() {
            return true;
        }
        let required = ["CI", "REQUIRE_XMLLINT"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
        assert!(
            !required,
            "xmllint is required for {what} (CI or REQUIRE_XMLLINT is set) but not installed: apt-get install libxml2-utils"
        );
        eprintln!("NOTICE: xmllint not found; skipping {what} (apt-get install libxml2-utils)");
        false
    }

    /// Validates each file against the schema with one `xmllint --noout --schema` run.
    /// `Err` carries xmllint's report when any file fails.
    pub fn xmllint_validate(files: &[std::path::PathBuf]) -> Result<(), String> {
        let out = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(schema_path())
            .args(files)
            .output()
            .map_err(|e| format!("running xmllint: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "xmllint exit {:?}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of documents (tokenizer_differential.rs, stream_differential.rs).
// ---------------------------------------------------------------------------------------------

pub mod mutation {
    //! Deterministic mutations of XML documents, for the differential tests.

    /// What a mutation inserts: the characters markup is made of, characters XML refuses,
    /// references, and whole constructs.
    pub const INSERTS: &[&str] = &[
        "<",
        ">",
        "&",
        ";",
        "\"",
        "'",
        "=",
        "/",
        ":",
        "!",
        "?",
        "[",
        "]",
        "-",
        " ",
        "\n",
        "\r",
        "\t",
        "\u{0}",
        "\u{1f}",
        "é",
        "\u{FFFE}",
        "&amp;",
        "&#x41;",
        "&#0;",
        "&foo;",
        "]]>",
        "<!--x-->",
        "<![CDATA[x]]>",
        "<?pi x?>",
        "<?xml version='1.0'?>",
        "<!DOCTYPE a>",
        "xmlns:q='urn:q'",
        " a='1'",
        " a='1' a='2'",
        "</x>",
        "<x/>",
        "q:",
        "\u{B7}",
        "1",
    ];

    /// A fixed-seed xorshift generator: the same mutations on every run.
    pub struct Rng(pub u64);

    impl Rng {
        /// The next number.
        pub fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        /// A number below `n` (0 when `n` is 0).
        pub fn below(&mut self, n: usize) -> usize {
            (self.next_u64() % n.max(1) as u64) as usize
        }
    }

    fn boundary(s: &str, mut i: usize) -> usize {
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// `doc` with one or two mutations: a byte range deleted, one of [`INSERTS`] inserted, or a
    /// range duplicated, each at a random character boundary.
    pub fn mutate(doc: &str, rng: &mut Rng) -> String {
        mutate_with(doc, rng, INSERTS)
    }

    /// [`mutate`], inserting one of `inserts`.
    pub fn mutate_with(doc: &str, rng: &mut Rng, inserts: &[&str]) -> String {
        let mut out = doc.to_owned();
        for _ in 0..1 + rng.below(2) {
            let at = boundary(&out, rng.below(out.len() + 1));
            match rng.below(3) {
                0 => {
                    let end = boundary(&out, (at + 1 + rng.below(4)).min(out.len()));
                    out.replace_range(at..end.max(at), "");
                }
                1 => out.insert_str(at, inserts[rng.below(inserts.len())]),
                _ => {
                    let end = boundary(&out, (at + 1 + rng.below(12)).min(out.len()));
                    let piece = out[at..end.max(at)].to_owned();
                    out.insert_str(at, &piece);
                }
            }
        }
        out
    }
}
