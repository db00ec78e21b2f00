//! Content the schema leaves open: `xs:any` wildcards and `xs:anyType` elements, kept as raw
//! XML; and `xs:list` values.

use super::dom::Node;
use super::{
    CheckValue, DecodeError, Facets, ReadElement, SimpleValue, Validator, ValueError, WriteElement,
    XmlWriter,
};

/// An element matched by an `xs:any` wildcard, kept as the XML text it arrived as.
///
/// Namespace declarations made on ancestors are not copied into the text; `namespace` and
/// `name` keep the element's resolved name.
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
        AnyElement {
            namespace: node.tag_name().namespace().map(str::to_owned),
            name: node.tag_name().name().to_owned(),
            xml: node.document().input_text()[node.range()].to_owned(),
        }
    }

    /// Writes the element back.
    pub fn write_raw(&self, w: &mut XmlWriter<'_>) {
        w.raw(&self.xml);
    }
}

impl CheckValue for AnyElement {
    fn check(&self, _: &mut Validator, _: &Facets) {}
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

impl<T: CheckValue> CheckValue for XsList<T> {
    fn check(&self, v: &mut Validator, facets: &Facets) {
        if let Some(max) = facets.max_length.filter(|&m| self.0.len() > m as usize) {
            v.report(format!("has {} items; at most {max} allowed", self.0.len()));
        }
        for item in &self.0 {
            item.check(v, &Facets::NONE);
        }
    }
}
