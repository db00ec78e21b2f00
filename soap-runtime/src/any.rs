//! Content the schema leaves open: `xs:any` wildcards and `xs:anyType` elements, kept as raw
//! XML; and `xs:list` values.

use super::dom::Node;
use super::{
    CheckValue, DecodeError, Facets, ReadElement, SimpleValue, Validator, ValueError, WriteElement,
    XmlWriter,
};

/// An element matched by an `xs:any` wildcard, kept as the XML text it arrived as.
///
/// The text stands on its own: the namespace declarations in scope where it arrived, made on
/// its ancestors, are added to its start tag (and `xmlns=""` when no default namespace was in
/// scope), so that it means the same wherever it is written. `namespace` and `name` keep the
/// element's resolved name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnyElement {
    /// Namespace URI of the element, if any.
    pub namespace: Option<String>,
    /// Local name of the element.
    pub name: String,
    /// The element as received, from `<` to its end tag.
    pub xml: String,
}

impl AnyElement {
    /// Captures `node`.
    pub fn read(node: Node<'_, '_>) -> Self {
        let text = &node.document().input_text()[node.range()];
        AnyElement {
            namespace: node.tag_name().namespace().map(str::to_owned),
            name: node.tag_name().name().to_owned(),
            xml: with_scope(node, text),
        }
    }

    /// Writes the element back.
    pub fn write_raw(&self, w: &mut XmlWriter<'_>) {
        w.raw(&self.xml);
    }
}

/// `text`, the element `node`, with the namespace declarations in scope at it that it does
/// not make itself added to its start tag (the nearest declaration of each prefix).
fn with_scope(node: Node<'_, '_>, text: &str) -> String {
    let mut seen: Vec<Option<&str>> = node.namespace_declarations().map(|(p, _)| p).collect();
    let mut added = String::new();
    for n in node.ancestors().skip(1) {
        for (prefix, uri) in n.namespace_declarations() {
            if seen.contains(&prefix) {
                continue;
            }
            seen.push(prefix);
            match prefix {
                Some(p) => {
                    added.push_str(" xmlns:");
                    added.push_str(p);
                }
                None => added.push_str(" xmlns"),
            }
            added.push_str("=\"");
            super::values::escape_free_text(uri, true, &mut added);
            added.push('"');
        }
    }
    if !seen.contains(&None) {
        added.push_str(" xmlns=\"\"");
    }
    // The start tag's name ends at the first whitespace, `/` or `>`.
    let name_end = text
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_whitespace() || *c == '/' || *c == '>')
        .map_or(text.len(), |(i, _)| i);
    let mut out = String::with_capacity(text.len() + added.len());
    out.push_str(&text[..name_end]);
    out.push_str(&added);
    out.push_str(&text[name_end..]);
    out
}

impl CheckValue for AnyElement {
    fn check(&self, _: &mut Validator, _: &Facets) {}
}

/// An attribute matched by an `xs:anyAttribute` wildcard: one the type does not declare.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnyAttribute {
    /// Namespace URI of the attribute, if any.
    pub namespace: Option<String>,
    /// Local name of the attribute.
    pub name: String,
    /// The value, unescaped.
    pub value: String,
}

impl AnyAttribute {
    /// The attribute `name` in `namespace`, with `value`.
    pub fn new(namespace: Option<&str>, name: &str, value: &str) -> Self {
        AnyAttribute {
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            value: value.to_owned(),
        }
    }

    /// Writes ` name="value"` inside a start tag; a namespaced attribute with the prefix
    /// `a{index}` declared beside it (`xml:` attributes as they are).
    pub fn write(&self, w: &mut XmlWriter<'_>, index: usize) {
        match self.namespace.as_deref() {
            None => w.attr(&self.name, &self.value),
            Some(crate::dom::NS_XML) => w.attr(&format!("xml:{}", self.name), &self.value),
            Some(ns) => {
                let prefix = format!("a{index}");
                w.attr(&format!("xmlns:{prefix}"), &ns.to_owned());
                w.attr(&format!("{prefix}:{}", self.name), &self.value);
            }
        }
    }
}

/// The attributes of `node` that `declared` (`(namespace, local name)` of the type's own
/// attributes) does not name, for an `xs:anyAttribute` wildcard; `xsi:` attributes (type,
/// nil, schema location) are the instance's, not the type's, and are left out.
pub fn read_any_attributes(
    node: Node<'_, '_>,
    declared: &[(Option<&str>, &str)],
) -> Vec<AnyAttribute> {
    if !node.has_attributes() {
        return Vec::new();
    }
    node.attributes()
        .filter(|(ns, local, _)| *ns != Some(super::XSI) && !declared.contains(&(*ns, *local)))
        .map(|(ns, local, value)| AnyAttribute::new(ns, local, value))
        .collect()
}

/// The content of an `xs:anyType` element, kept as raw XML (everything between its tags).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnyContent(pub String);

impl WriteElement for AnyContent {
    fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
        w.start(tag);
        w.raw(&self.0);
        w.end(tag);
    }
}

impl ReadElement for AnyContent {
    fn read_element(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        Ok(AnyContent(
            node.document().input_text()[node.content_range()].to_owned(),
        ))
    }
}

impl CheckValue for AnyContent {
    fn check(&self, _: &mut Validator, _: &Facets) {}
}

/// An `xs:list` value: items separated by whitespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct XsList<T>(pub Vec<T>);

impl<T: SimpleValue> SimpleValue for XsList<T> {
    fn write_text(&self, out: &mut String) {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            item.write_text(out);
        }
    }
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        text.split_ascii_whitespace()
            .map(T::parse_text)
            .collect::<Result<Vec<_>, _>>()
            .map(XsList)
    }
}

impl<T: SimpleValue> WriteElement for XsList<T> {
    fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
        w.simple(tag, self)
    }
}

impl<T: SimpleValue> ReadElement for XsList<T> {
    fn read_element(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        super::read_simple(node)
    }
}

impl<T: CheckValue + SimpleValue + PartialEq> CheckValue for XsList<T> {
    /// A list's `length`, `minLength` and `maxLength` count its items; its patterns and
    /// enumeration apply to the list as written (items separated by one space), the
    /// enumeration by value; each item is checked against `facets.item` (XSD 1.0 Part 2
    /// §4.1.5, §2.5.1.2).
    fn check(&self, v: &mut Validator, facets: &Facets) {
        let n = self.0.len();
        if let Some(l) = facets.length.filter(|&l| n != l as usize) {
            v.report(format!("has {n} items; exactly {l} required"));
        }
        if let Some(min) = facets.min_length.filter(|&m| n < m as usize) {
            v.report(format!("has {n} items; at least {min} required"));
        }
        if let Some(max) = facets.max_length.filter(|&m| n > m as usize) {
            v.report(format!("has {n} items; at most {max} allowed"));
        }
        if !facets.patterns.is_empty() || !facets.enumeration.is_empty() {
            let whole = Facets {
                length: None,
                min_length: None,
                max_length: None,
                item: None,
                ..*facets
            };
            v.check_union_restriction(self, &whole);
        }
        let item = facets.item.unwrap_or(&Facets::NONE);
        for x in &self.0 {
            x.check(v, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AnyElement;
    use crate::dom::tests::OPTS;
    use crate::dom::Document;

    fn captured(xml: &str) -> Vec<String> {
        let doc = Document::parse(xml, OPTS).unwrap();
        let root = doc.root_element();
        crate::element_children(root)
            .map(|n| AnyElement::read(n).xml)
            .collect()
    }

    #[test]
    fn a_captured_element_carries_the_declarations_in_scope() {
        let got = captured(
            r#"<r xmlns="urn:d" xmlns:a="urn:a&amp;b"><x:e xmlns:x="urn:x" k="1"><a:f/></x:e><g/></r>"#,
        );
        assert_eq!(
            got,
            [
                r#"<x:e xmlns="urn:d" xmlns:a="urn:a&amp;b" xmlns:x="urn:x" k="1"><a:f/></x:e>"#,
                r#"<g xmlns="urn:d" xmlns:a="urn:a&amp;b"/>"#,
            ]
        );
        // The reparsed text names the same elements.
        for xml in &got {
            Document::parse(xml, OPTS).unwrap();
        }
    }

    #[test]
    fn an_element_in_no_namespace_says_so() {
        let got = captured(r#"<p:r xmlns:p="urn:p"><e>t</e><f xmlns="urn:f"/></p:r>"#);
        assert_eq!(
            got,
            [
                r#"<e xmlns:p="urn:p" xmlns="">t</e>"#,
                r#"<f xmlns:p="urn:p" xmlns="urn:f"/>"#
            ]
        );
    }
}
