//! `xs:QName` values as element content: a namespace URI and a local name. The prefix a
//! document writes is resolved where the value is read, and a prefix of the writer's own is
//! declared where it is written, so the name means the same on both sides.

use super::dom::Node;
use super::{
    read_qname, CheckValue, DecodeError, Facets, ReadElement, Validator, WriteElement, XmlWriter,
};
use std::fmt;

/// An `xs:QName`: `{namespace}local`.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct XsQName {
    /// The namespace URI; `None` for a name in no namespace.
    pub namespace: Option<String>,
    /// The local name.
    pub local: String,
}

impl XsQName {
    /// The name `local` in `namespace`.
    pub fn new(namespace: Option<&str>, local: &str) -> Self {
        XsQName {
            namespace: namespace.map(str::to_owned),
            local: local.to_owned(),
        }
    }
}

impl fmt::Display for XsQName {
    /// `{namespace}local`, or `local` for a name in no namespace.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

impl ReadElement for XsQName {
    fn read_element(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        let (namespace, local) = read_qname(node)?;
        Ok(XsQName { namespace, local })
    }
}

impl WriteElement for XsQName {
    fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
        w.qname(tag, self.namespace.as_deref().unwrap_or(""), &self.local);
    }
}

impl CheckValue for XsQName {
    /// Nothing to check: the value was a name in scope when read, and facets on `xs:QName`
    /// (XSD 1.0 Part 2 §3.2.18) are not generated for it.
    fn check(&self, _: &mut Validator, _: &Facets) {}
}
