//! Writing XML: elements with the prefixes the generator chose, escaped text, `xsi:nil`.
//!
//! Two forms of the same document:
//!
//! * **prefixed** ([`XmlWriter::new`], what a client sends): tags as the generated code gives
//!   them (`tns:OrderNo`), the prefixes declared once on the envelope, `xsi:nil`;
//! * **default namespace** ([`XmlWriter::with_default_namespace`], what a server answers, in
//!   the shape WCF writes): elements of one namespace are written without their prefix, under
//!   `xmlns="…"` declared on the first of them (`<OrderResponse xmlns="urn:orders"><OrderNo>`),
//!   unqualified elements inside them get `xmlns=""`, and a nil element is
//!   `<OrderNo i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/>`. Elements of
//!   other namespaces keep their prefixes, which the caller declares (`encode_response` does so
//!   on the response wrapper). XML kept from an `xs:any` wildcard is written as it arrived.

use super::{ComplexValue, SimpleValue, WriteElement, XSI};

/// How tags are written: see the [module documentation](self).
enum Form<'a> {
    Prefixed,
    DefaultNamespace {
        /// `prefix:` of the tags whose namespace becomes the default one.
        prefix: &'a str,
        namespace: &'a str,
        /// For each open element: is `namespace` the default namespace inside it?
        scopes: Vec<bool>,
        /// Whether `xmlns:prefix` was written on the start tag being written (for attributes).
        prefix_declared: bool,
    },
}

/// Appends elements to a `String`. Tags arrive with their prefix (`tns:OrderNo`); in the
/// prefixed form the prefixes are declared once on the envelope.
pub struct XmlWriter<'a> {
    out: &'a mut String,
    form: Form<'a>,
}

impl<'a> XmlWriter<'a> {
    /// Writes into `out`, tags as given.
    pub fn new(out: &'a mut String) -> Self {
        XmlWriter {
            out,
            form: Form::Prefixed,
        }
    }

    /// Writes into `out`, elements tagged `prefix:…` unprefixed in the default namespace
    /// `namespace` (declared where it comes into scope), nil as `i:nil`.
    pub fn with_default_namespace(
        out: &'a mut String,
        prefix: &'a str,
        namespace: &'a str,
    ) -> Self {
        XmlWriter {
            out,
            form: Form::DefaultNamespace {
                prefix,
                namespace,
                scopes: Vec::new(),
                prefix_declared: false,
            },
        }
    }

    /// The underlying buffer.
    pub fn out(&mut self) -> &mut String {
        self.out
    }

    /// Writes `<name` for `tag` with the namespace declaration it needs; `open` says whether
    /// an end tag follows (so that the scope is kept until then).
    fn open_tag(&mut self, tag: &str, open: bool) {
        self.out.push('<');
        let Form::DefaultNamespace {
            prefix,
            namespace,
            scopes,
            prefix_declared,
        } = &mut self.form
        else {
            self.out.push_str(tag);
            return;
        };
        *prefix_declared = false;
        let current = scopes.last().copied().unwrap_or(false);
        let (name, wanted) = match tag.split_once(':') {
            Some((p, local)) if p == *prefix => (local, true),
            Some(_) => (tag, current),
            None => (tag, false),
        };
        self.out.push_str(name);
        if wanted != current {
            self.out.push_str(" xmlns=\"");
            if wanted {
                self.out.push_str(namespace);
            }
            self.out.push('"');
        }
        if open {
            scopes.push(wanted);
        }
    }

    /// The name `tag` is written with.
    #[inline]
    fn name<'t>(&self, tag: &'t str) -> &'t str {
        match &self.form {
            Form::DefaultNamespace { prefix, .. } => match tag.split_once(':') {
                Some((p, local)) if p == *prefix => local,
                _ => tag,
            },
            Form::Prefixed => tag,
        }
    }

    /// `<tag>`.
    #[inline]
    pub fn start(&mut self, tag: &str) {
        if let Form::Prefixed = self.form {
            // The form a client sends, on every request: tags as given, nothing to track.
            self.out.push('<');
            self.out.push_str(tag);
            self.out.push('>');
            return;
        }
        self.open_tag(tag, true);
        self.out.push('>');
    }

    /// `</tag>`.
    #[inline]
    pub fn end(&mut self, tag: &str) {
        if let Form::Prefixed = self.form {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
            return;
        }
        self.end_scoped(tag);
    }

    /// [`end`](Self::end) in the default-namespace form: the name as written, and the scope
    /// closed.
    fn end_scoped(&mut self, tag: &str) {
        let name = self.name(tag);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        if let Form::DefaultNamespace { scopes, .. } = &mut self.form {
            scopes.pop();
        }
    }

    /// `<tag>text</tag>`.
    pub fn simple<T: SimpleValue>(&mut self, tag: &str, value: &T) {
        if let Form::Prefixed = self.form {
            // The client's form: both tags as given, room for them (and a short value) made once.
            let out = &mut *self.out;
            out.reserve(2 * tag.len() + 21);
            out.push('<');
            out.push_str(tag);
            out.push('>');
            value.write_text(out);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
            return;
        }
        self.start(tag);
        value.write_text(self.out);
        self.end(tag);
    }

    /// ` xmlns:prefix="uri"` inside a start tag, the URI escaped.
    fn declare(&mut self, prefix: &str, uri: &str) {
        self.out.push_str(" xmlns:");
        self.out.push_str(prefix);
        self.out.push_str("=\"");
        super::values::escape_free_text(uri, true, self.out);
        self.out.push('"');
    }

    /// `<tag xmlns:q="namespace">q:local</tag>`: an `xs:QName` value, its prefix declared on
    /// the element itself (`local` alone for a name without a namespace).
    pub fn qname(&mut self, tag: &str, namespace: &str, local: &str) {
        self.open_tag(tag, true);
        let own = self.name(tag).split_once(':').map(|(p, _)| p);
        let prefix = if own == Some("q") { "qn" } else { "q" };
        if !namespace.is_empty() {
            self.declare(prefix, namespace);
        }
        self.out.push('>');
        if !namespace.is_empty() {
            self.out.push_str(prefix);
            self.out.push(':');
        }
        self.out.push_str(local);
        self.end(tag);
    }

    /// [`simple`](Self::simple) with the tags spelled out: in the prefixed form each is
    /// appended in one piece.
    #[inline]
    pub fn simple_tagged<T: SimpleValue>(&mut self, tag: &super::Tag, value: &T) {
        if let Form::Prefixed = self.form {
            let out = &mut *self.out;
            out.reserve(tag.start.len() + tag.end.len() + 16);
            out.push_str(tag.start);
            value.write_text(out);
            out.push_str(tag.end);
            return;
        }
        self.simple(tag.name, value);
    }

    /// `<tag xsi:nil="true"/>` (in the default-namespace form
    /// `<tag i:nil="true" xmlns:i="…XMLSchema-instance"/>`).
    pub fn nil(&mut self, tag: &str) {
        self.open_tag(tag, false);
        match self.form {
            Form::Prefixed => self.out.push_str(" xsi:nil=\"true\"/>"),
            Form::DefaultNamespace { .. } => {
                // `i` as WCF writes it, unless the element itself is written with prefix `i`.
                let p = if self.name(tag).starts_with("i:") {
                    "xsi"
                } else {
                    "i"
                };
                self.out.push(' ');
                self.out.push_str(p);
                self.out.push_str(":nil=\"true\" xmlns:");
                self.out.push_str(p);
                self.out.push_str("=\"");
                self.out.push_str(XSI);
                self.out.push_str("\"/>");
            }
        }
    }

    /// `<tag attributes…>…children…</tag>`.
    pub fn complex<T: ComplexValue>(&mut self, tag: &str, value: &T) {
        self.open_tag(tag, true);
        value.write_attributes(self);
        self.out.push('>');
        value.write_content(self);
        self.end(tag);
    }

    /// Like [`complex`](Self::complex), for a value of a type derived from the element's
    /// declared type: the start tag names it, `xsi:type="prefix:local"`, and declares
    /// `prefix` as `namespace` (none for a type without a namespace).
    pub fn complex_typed<T: ComplexValue>(
        &mut self,
        tag: &str,
        (prefix, local, namespace): (&str, &str, &str),
        value: &T,
    ) {
        self.open_tag(tag, true);
        let xsi = match self.form {
            Form::Prefixed => "xsi",
            // `i` as WCF writes it, unless the element itself is written with prefix `i`.
            Form::DefaultNamespace { .. } if self.name(tag).starts_with("i:") => "xsi",
            Form::DefaultNamespace { .. } => "i",
        };
        self.out.push(' ');
        self.out.push_str(xsi);
        self.out.push_str(":type=\"");
        if !namespace.is_empty() {
            self.out.push_str(prefix);
            self.out.push(':');
        }
        self.out.push_str(local);
        self.out.push('"');
        if !matches!(self.form, Form::Prefixed) {
            self.declare(xsi, XSI);
        }
        if !namespace.is_empty() {
            self.declare(prefix, namespace);
            // A qualified attribute with the same prefix must not declare it again.
            if let Form::DefaultNamespace {
                prefix: p,
                prefix_declared,
                ..
            } = &mut self.form
            {
                *prefix_declared |= *p == prefix;
            }
        }
        value.write_attributes(self);
        self.out.push('>');
        value.write_content(self);
        self.end(tag);
    }

    /// Like [`complex`](Self::complex), with `declarations` (` xmlns:p="…"`, as given) on the
    /// start tag: the prefixes its content uses.
    pub fn complex_declaring<T: ComplexValue>(&mut self, tag: &str, declarations: &str, value: &T) {
        self.open_tag(tag, true);
        self.out.push_str(declarations);
        value.write_attributes(self);
        self.out.push('>');
        value.write_content(self);
        self.end(tag);
    }

    /// ` name="value"` inside a start tag (called from `write_attributes`).
    pub fn attr<T: SimpleValue>(&mut self, name: &str, value: &T) {
        let mut text = String::new();
        value.write_text(&mut text);
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("&quot;"),
                '\n' => self.out.push_str("&#10;"),
                '\t' => self.out.push_str("&#9;"),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
        // A qualified attribute keeps its prefix (a default namespace does not apply to
        // attributes), so the default-namespace form declares it on this element.
        if let Form::DefaultNamespace {
            prefix,
            namespace,
            prefix_declared,
            ..
        } = &mut self.form
        {
            if !*prefix_declared && name.split_once(':').is_some_and(|(p, _)| p == *prefix) {
                *prefix_declared = true;
                self.out.push_str(" xmlns:");
                self.out.push_str(prefix);
                self.out.push_str("=\"");
                self.out.push_str(namespace);
                self.out.push('"');
            }
        }
    }

    /// Escaped text content.
    pub fn text<T: SimpleValue>(&mut self, value: &T) {
        value.write_text(self.out);
    }

    /// XML written as is (kept from an `xs:any` wildcard).
    pub fn raw(&mut self, xml: &str) {
        self.out.push_str(xml);
    }

    /// A wrapper element holding one `item_tag` element per item.
    pub fn list<T: WriteElement>(&mut self, tag: &str, item_tag: &str, items: &[T]) {
        self.start(tag);
        for item in items {
            item.write_element(self, item_tag);
        }
        self.end(tag);
    }
}

macro_rules! simple_element {
    ($($t:ty),*) => {$(
        impl WriteElement for $t {
            fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
                w.simple(tag, self)
            }
            fn write_tagged(&self, w: &mut XmlWriter<'_>, tag: &super::Tag) {
                w.simple_tagged(tag, self)
            }
        }
        impl super::ReadElement for $t {
            fn read_element(node: super::Node<'_, '_>) -> Result<Self, super::DecodeError> {
                super::read_simple(node)
            }
            fn stream_element<'i>(
                s: &mut super::Stream<'i>,
                start: &super::Start<'i>,
            ) -> Option<Self> {
                super::stream::simple(s, start)
            }
        }
    )*};
}
simple_element!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    rust_decimal::Decimal,
    super::XsDateTime,
    super::XsDate
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{element_children, parse_document, DecodeError, Limits, Node, Validator};

    /// A hand-written complex type with members of every kind the writer must place.
    struct Mixed;

    impl ComplexValue for Mixed {
        fn write_attributes(&self, w: &mut XmlWriter<'_>) {
            w.attr("tns:version", &"2".to_owned());
            w.attr("plain", &"x".to_owned());
        }
        fn write_content(&self, w: &mut XmlWriter<'_>) {
            w.simple("tns:Qualified", &"a".to_owned());
            w.start("Unqualified");
            w.simple("tns:Inner", &"b".to_owned());
            w.nil("tns:InnerNil");
            w.end("Unqualified");
            w.simple("o:Other", &"c".to_owned());
            w.nil("tns:Nil");
            w.nil("i:Clash");
        }
        fn read_content(_: Node<'_, '_>) -> Result<Self, DecodeError> {
            Ok(Mixed)
        }
        fn validate_into(&self, _: &mut Validator) {}
    }

    const TNS: &str = "urn:t";

    #[test]
    fn the_default_namespace_form_keeps_every_name_in_its_namespace() {
        let mut out = String::new();
        let mut w = XmlWriter::with_default_namespace(&mut out, "tns", TNS);
        w.complex_declaring(
            "tns:Response",
            " xmlns:o=\"urn:o\" xmlns:i=\"urn:i\"",
            &Mixed,
        );
        assert_eq!(
            out,
            "<Response xmlns=\"urn:t\" xmlns:o=\"urn:o\" xmlns:i=\"urn:i\" tns:version=\"2\" xmlns:tns=\"urn:t\" plain=\"x\">\
             <Qualified>a</Qualified><Unqualified xmlns=\"\"><Inner xmlns=\"urn:t\">b</Inner>\
             <InnerNil xmlns=\"urn:t\" i:nil=\"true\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"/></Unqualified>\
             <o:Other>c</o:Other><Nil i:nil=\"true\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"/>\
             <i:Clash xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/></Response>"
        );
        // Parsed back, each element is in the namespace its tag named.
        let doc = parse_document(&out, &Limits::default()).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(TNS));
        let names: Vec<(Option<&str>, &str)> = element_children(root)
            .map(|c| (c.tag_name().namespace(), c.tag_name().name()))
            .collect();
        assert_eq!(
            names,
            [
                (Some(TNS), "Qualified"),
                (None, "Unqualified"),
                (Some("urn:o"), "Other"),
                (Some(TNS), "Nil"),
                (Some("urn:i"), "Clash"),
            ]
        );
        let unqualified = element_children(root).nth(1).unwrap();
        for inner in element_children(unqualified) {
            assert_eq!(inner.tag_name().namespace(), Some(TNS));
        }
    }

    #[test]
    fn a_derived_value_names_its_type_and_declares_each_prefix_once() {
        let mut out = String::new();
        let mut w = XmlWriter::with_default_namespace(&mut out, "tns", TNS);
        // `Mixed` writes the qualified attribute `tns:version`: its prefix, declared for the
        // type, is not declared again (the whole start tag is compared).
        w.complex_typed("tns:Animal", ("tns", "Dog", TNS), &Mixed);
        assert!(
            out.starts_with("<Animal xmlns=\"urn:t\" i:type=\"tns:Dog\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:tns=\"urn:t\" tns:version=\"2\" plain=\"x\">"),
            "{out}"
        );
        // A QName value carries its own declaration; a name in no namespace has no prefix.
        let mut out = String::new();
        let mut w = XmlWriter::new(&mut out);
        w.qname("q:Code", "urn:a&b", "X");
        w.qname("tns:Code", "", "Y");
        assert_eq!(
            out,
            "<q:Code xmlns:qn=\"urn:a&amp;b\">qn:X</q:Code><tns:Code>Y</tns:Code>"
        );
    }

    #[test]
    fn the_prefixed_form_writes_tags_as_given() {
        let mut out = String::new();
        XmlWriter::new(&mut out).complex("tns:Response", &Mixed);
        assert!(out.starts_with("<tns:Response tns:version=\"2\" plain=\"x\"><tns:Qualified>a</tns:Qualified><Unqualified><tns:Inner>"), "{out}");
        assert!(out.contains("<tns:Nil xsi:nil=\"true\"/>"), "{out}");
    }
}
