//! Reading XML: by namespace URI and local name (never by prefix), unknown elements skipped
//! with their subtree, every failure a [`DecodeError`] that says what and where.

use super::dom::Node;
use super::{ComplexValue, ReadElement, SimpleValue, XSI};
use std::fmt;

/// What went wrong while decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is not well-formed XML (or uses a DTD, which is refused).
    NotXml(String),
    /// The body is larger than the configured limit.
    TooLarge {
        /// Size of the body in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Elements nest deeper than the configured limit.
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// More attributes in the document (namespace declarations included) than the configured
    /// limit.
    TooManyAttributes {
        /// The limit, `Limits::max_attributes`.
        limit: u32,
    },
    /// More attributes on one element (namespace declarations included) than the configured
    /// limit; the error's path ends with the element.
    TooManyAttributesOnElement {
        /// The limit, `Limits::max_attributes_per_element`.
        limit: u32,
    },
    /// An element carries the same attribute twice: the same namespace URI and local name,
    /// whatever the prefixes, or the same namespace declaration.
    DuplicateAttribute {
        /// The element, as `{namespace}local`.
        element: String,
        /// The attribute, as `{namespace}local`, or the declaration as written (`xmlns:p`).
        attribute: String,
    },
    /// The root is not the `Envelope` of the binding's SOAP version (1.1 or 1.2).
    NotAnEnvelope {
        /// What the root is, as `{namespace}local`.
        found: String,
    },
    /// The envelope has no `Body`.
    NoBody,
    /// The `Body` has no element.
    EmptyBody,
    /// An element other than the expected one (e.g. the response of another operation).
    UnexpectedElement {
        /// `{namespace}local` expected.
        expected: String,
        /// `{namespace}local` found.
        found: String,
    },
    /// A required element is absent.
    MissingElement(String),
    /// An element that may occur once occurs again.
    Duplicate(String),
    /// Text that does not parse as the element's type.
    InvalidValue {
        /// The text, truncated.
        value: String,
        /// Why it was rejected.
        reason: String,
    },
    /// `xsi:nil="true"` on an element the schema does not declare nillable.
    NilNotAllowed,
    /// Other unexpected content.
    Unexpected(String),
    /// A child element where the content model, read in schema order, has no place for it
    /// (out of order, or not declared in a type that holds model groups).
    UnexpectedChild {
        /// `{namespace}local` of the child.
        found: String,
    },
    /// `xsi:type` names a type that is not the declared type or one derived from it.
    UnknownType {
        /// The type `xsi:type` names, as `{namespace}local`.
        name: String,
        /// `{namespace}local` of the declared type.
        declared: String,
    },
}

/// A decoding failure, located by line, column and element path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// Element path from the root, by local names (`Envelope/Body/GetOrderResponse/DueDate`).
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
}

impl DecodeError {
    /// An error about `node`.
    pub fn at(node: Node<'_, '_>, kind: DecodeErrorKind) -> Self {
        let pos = node.document().text_pos_at(node.range().start);
        let mut names: Vec<&str> = node
            .ancestors()
            .filter(Node::is_element)
            .map(|n| n.tag_name().name())
            .collect();
        names.reverse();
        DecodeError {
            kind,
            path: names.join("/"),
            line: pos.row,
            column: pos.col,
        }
    }

    /// An error about the whole document.
    pub fn document(kind: DecodeErrorKind) -> Self {
        DecodeError {
            kind,
            path: String::new(),
            line: 0,
            column: 0,
        }
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::NotXml(e) => write!(f, "not well-formed XML: {e}"),
            DecodeErrorKind::TooLarge { size, limit } => {
                write!(f, "body of {size} bytes exceeds the limit of {limit}")
            }
            DecodeErrorKind::TooDeep { limit } => {
                write!(f, "elements nest deeper than {limit} levels")
            }
            DecodeErrorKind::TooManyAttributes { limit } => {
                write!(f, "more than {limit} attributes in the document")
            }
            DecodeErrorKind::TooManyAttributesOnElement { limit } => {
                write!(f, "more than {limit} attributes on one element")
            }
            DecodeErrorKind::DuplicateAttribute { element, attribute } => {
                write!(f, "element {element} carries attribute {attribute} twice")
            }
            DecodeErrorKind::NotAnEnvelope { found } => {
                write!(f, "expected a SOAP Envelope, found {found}")
            }
            DecodeErrorKind::NoBody => f.write_str("the envelope has no Body"),
            DecodeErrorKind::EmptyBody => f.write_str("the Body is empty"),
            DecodeErrorKind::UnexpectedElement { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            DecodeErrorKind::MissingElement(name) => {
                write!(f, "required element {name} is missing")
            }
            DecodeErrorKind::Duplicate(name) => write!(f, "element {name} occurs more than once"),
            DecodeErrorKind::InvalidValue { value, reason } => write!(f, "{value:?} {reason}"),
            DecodeErrorKind::NilNotAllowed => {
                f.write_str("xsi:nil on an element that is not nillable")
            }
            DecodeErrorKind::Unexpected(what) => f.write_str(what),
            DecodeErrorKind::UnexpectedChild { found } => write!(
                f,
                "element {found} is not expected here (out of the schema's order, or not in the content model)"
            ),
            DecodeErrorKind::UnknownType { name, declared } => write!(
                f,
                "xsi:type {name:?} is not {declared} or a type derived from it"
            ),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, column {}", self.line, self.column)?;
            if !self.path.is_empty() {
                write!(f, " ({})", self.path)?;
            }
            write!(f, ": {}", self.kind)
        } else {
            write!(f, "{}", self.kind)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Namespace URI of an element; `None` for no namespace, including a default namespace
/// undeclared with `xmlns=""` (which a tree may report as `Some("")`).
pub fn element_namespace<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.tag_name().namespace().filter(|ns| !ns.is_empty())
}

/// `{namespace}local` of an element, for messages.
pub fn display_name(node: Node<'_, '_>) -> String {
    match element_namespace(node) {
        Some(ns) => format!("{{{ns}}}{}", node.tag_name().name()),
        None => node.tag_name().name().to_owned(),
    }
}

/// The element children of `node` (text, comments and processing instructions skipped).
pub fn element_children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The type `node` names with `xsi:type`, as (namespace, local name), its prefix resolved
/// in the element's scope; `None` without the attribute. An unbound prefix is an error.
pub fn xsi_type<'a>(node: Node<'a, '_>) -> Result<Option<(Option<&'a str>, &'a str)>, DecodeError> {
    if !node.has_attributes() {
        return Ok(None);
    }
    let Some(v) = node.attribute((XSI, "type")) else {
        return Ok(None);
    };
    let v = v.trim_matches(|c: char| c.is_ascii_whitespace());
    let (prefix, local) = match v.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, v),
    };
    match (node.lookup_namespace_uri(prefix), prefix) {
        (ns @ Some(_), _) | (ns @ None, None) => Ok(Some((ns, local))),
        (None, Some(p)) => Err(DecodeError::at(
            node,
            DecodeErrorKind::InvalidValue {
                value: v.chars().take(64).collect(),
                reason: format!("is not a type name: prefix {p:?} is not declared"),
            },
        )),
    }
}

/// Whether `node` carries `xsi:nil="true"`.
pub fn is_nil(node: Node<'_, '_>) -> Result<bool, DecodeError> {
    if !node.has_attributes() {
        return Ok(false);
    }
    match node.attribute((XSI, "nil")) {
        None => Ok(false),
        Some(v) => match super::collapse(v).as_ref() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(DecodeError::at(
                node,
                DecodeErrorKind::InvalidValue {
                    value: super::values::truncate(v, 64),
                    reason: "is not a boolean xsi:nil value".into(),
                },
            )),
        },
    }
}

fn refuse_nil(node: Node<'_, '_>) -> Result<(), DecodeError> {
    if is_nil(node)? {
        return Err(DecodeError::at(node, DecodeErrorKind::NilNotAllowed));
    }
    Ok(())
}

/// Reads a simple value from an element's text (CDATA and character references are text).
pub fn read_simple<T: SimpleValue>(node: Node<'_, '_>) -> Result<T, DecodeError> {
    refuse_nil(node)?;
    // The common shapes: no content, or one text.
    let text = match node.first_child() {
        None => Some(""),
        Some(c) if c.next_sibling().is_none() && c.is_text() => c.text(),
        Some(_) => None,
    };
    if let Some(text) = text {
        return T::parse_text(text).map_err(|e| {
            DecodeError::at(
                node,
                DecodeErrorKind::InvalidValue {
                    value: e.value,
                    reason: e.reason,
                },
            )
        });
    }
    let mut single: Option<&str> = None;
    let mut joined: Option<String> = None;
    for child in node.children() {
        if child.is_element() {
            return Err(DecodeError::at(
                child,
                DecodeErrorKind::Unexpected(format!(
                    "element {} inside a simple value",
                    display_name(child)
                )),
            ));
        }
        if let Some(t) = child.text().filter(|_| child.is_text()) {
            match (&mut joined, single) {
                (Some(j), _) => j.push_str(t),
                (None, None) => single = Some(t),
                (None, Some(first)) => joined = Some(format!("{first}{t}")),
            }
        }
    }
    let text = joined.as_deref().or(single).unwrap_or("");
    T::parse_text(text).map_err(|e| {
        DecodeError::at(
            node,
            DecodeErrorKind::InvalidValue {
                value: e.value,
                reason: e.reason,
            },
        )
    })
}

/// Reads a complex value (refusing `xsi:nil`, which only [`super::Nillable`] accepts).
pub fn read_complex<T: ComplexValue>(node: Node<'_, '_>) -> Result<T, DecodeError> {
    refuse_nil(node)?;
    T::read_content(node)
}

/// Stores the value read from `node` into `slot`, refusing a second occurrence.
pub fn once<'a, 'i, T>(
    slot: &mut Option<T>,
    node: Node<'a, 'i>,
    read: impl FnOnce(Node<'a, 'i>) -> Result<T, DecodeError>,
) -> Result<(), DecodeError> {
    if slot.is_some() {
        return Err(DecodeError::at(
            node,
            DecodeErrorKind::Duplicate(node.tag_name().name().to_owned()),
        ));
    }
    *slot = Some(read(node)?);
    Ok(())
}

/// Unwraps a required element's slot, or reports it missing from `parent`.
pub fn required<T>(slot: Option<T>, parent: Node<'_, '_>, name: &str) -> Result<T, DecodeError> {
    slot.ok_or_else(|| DecodeError::at(parent, DecodeErrorKind::MissingElement(name.to_owned())))
}

/// Reads the items of a wrapper element (`Items/Item`); other children are skipped.
pub fn read_list<T: ReadElement>(
    node: Node<'_, '_>,
    item_ns: Option<&str>,
    item: &str,
) -> Result<Vec<T>, DecodeError> {
    refuse_nil(node)?;
    let mut out = Vec::new();
    for child in element_children(node) {
        if element_namespace(child) == item_ns && child.tag_name().name() == item {
            out.push(T::read_element(child)?);
        }
    }
    Ok(out)
}

/// [`read_list`] for a nillable wrapper.
pub fn read_nillable_list<T: ReadElement>(
    node: Node<'_, '_>,
    item_ns: Option<&str>,
    item: &str,
) -> Result<super::Nillable<Vec<T>>, DecodeError> {
    if is_nil(node)? {
        return Ok(super::Nillable::Nil);
    }
    read_list(node, item_ns, item).map(super::Nillable::Value)
}

/// Reads an optional attribute `{ns}local` as a simple value.
pub fn read_attr<T: SimpleValue>(
    node: Node<'_, '_>,
    ns: Option<&str>,
    local: &str,
) -> Result<Option<T>, DecodeError> {
    let value = match ns {
        Some(ns) => node.attribute((ns, local)),
        None => node.attribute(local),
    };
    value
        .map(|v| {
            T::parse_text(v).map_err(|e| {
                let mut err = DecodeError::at(
                    node,
                    DecodeErrorKind::InvalidValue {
                        value: e.value,
                        reason: e.reason,
                    },
                );
                err.path.push_str(&format!("/@{local}"));
                err
            })
        })
        .transpose()
}

/// Reads the text content of an element with simple content (attributes are read separately).
pub fn read_text<T: SimpleValue>(node: Node<'_, '_>) -> Result<T, DecodeError> {
    read_simple(node)
}

/// The text of `node` read as an `xs:QName`: its namespace (the prefix resolved in the
/// element's scope; an unprefixed name takes the default namespace) and local name. An
/// undeclared prefix, or a text that is not a name, is an error.
pub fn read_qname(node: Node<'_, '_>) -> Result<(Option<String>, String), DecodeError> {
    refuse_nil(node)?;
    let text: String = read_simple(node)?;
    let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let bad = |reason: &str| {
        DecodeError::at(
            node,
            DecodeErrorKind::InvalidValue {
                value: t.chars().take(64).collect(),
                reason: reason.to_owned(),
            },
        )
    };
    let (prefix, local) = match t.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, t),
    };
    if local.is_empty() || local.contains(':') || local.contains(char::is_whitespace) {
        return Err(bad("is not a QName"));
    }
    match (node.lookup_namespace_uri(prefix), prefix) {
        (Some(ns), _) => Ok((Some(ns.to_owned()), local.to_owned())),
        (None, None) => Ok((None, local.to_owned())),
        (None, Some(_)) => Err(bad("is not a QName in scope: its prefix is not declared")),
    }
}

/// The value of the schema's `default` or `fixed` text (XSD 1.0 Part 1 §3.2.1, §3.3.1), as
/// the value of `node` (the element it fills, or the element whose attribute it is): a text
/// the type does not accept is an error about `node`, never a panic.
fn constrained_value<T: SimpleValue>(node: Node<'_, '_>, text: &str) -> Result<T, DecodeError> {
    T::parse_text(text).map_err(|e| {
        DecodeError::at(
            node,
            DecodeErrorKind::InvalidValue {
                value: e.value,
                reason: format!("(the schema's default or fixed value) {}", e.reason),
            },
        )
    })
}

/// Whether an element is empty: no children at all (an empty element takes the schema's
/// `default` or `fixed` value, XSD 1.0 Part 1 §3.3.4).
fn is_empty_element(node: Node<'_, '_>) -> bool {
    node.first_child().is_none()
}

/// Reads an element whose declaration has a `default` or `fixed` value: present but empty,
/// its value is `text`.
pub fn read_element_or<T: ReadElement + SimpleValue>(
    node: Node<'_, '_>,
    text: &str,
) -> Result<T, DecodeError> {
    if is_empty_element(node) {
        refuse_nil(node)?;
        return constrained_value(node, text);
    }
    T::read_element(node)
}

/// [`read_element_or`] for a nillable element: `xsi:nil="true"` is nil, not the default.
pub fn read_nillable_or<T: ReadElement + SimpleValue>(
    node: Node<'_, '_>,
    text: &str,
) -> Result<super::Nillable<T>, DecodeError> {
    if is_nil(node)? {
        return Ok(super::Nillable::Nil);
    }
    read_element_or(node, text).map(super::Nillable::Value)
}

/// Reads an attribute whose declaration has a `default` or `fixed` value: absent, its value
/// is `text` (so the decoded value is always present).
pub fn read_attr_or<T: SimpleValue>(
    node: Node<'_, '_>,
    ns: Option<&str>,
    local: &str,
    text: &str,
) -> Result<Option<T>, DecodeError> {
    match read_attr(node, ns, local)? {
        Some(v) => Ok(Some(v)),
        None => constrained_value(node, text).map(Some),
    }
}
