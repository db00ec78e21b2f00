//! The components read from WSDL and XSD files, before any name is resolved to a definition.
//!
//! Every QName here is already resolved to its namespace URI (prefixes are gone after parsing),
//! and every component keeps the location it was read from.

use crate::error::Location;
use std::collections::BTreeMap;

/// An XML qualified name: namespace URI plus local part. Prefixes never appear past parsing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    /// Namespace URI; empty for "no namespace".
    pub ns: String,
    /// Local part.
    pub local: String,
}

impl QName {
    pub fn new(ns: impl Into<String>, local: impl Into<String>) -> Self {
        QName {
            ns: ns.into(),
            local: local.into(),
        }
    }
}

impl std::fmt::Display for QName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ns.is_empty() {
            f.write_str(&self.local)
        } else {
            write!(f, "{{{}}}{}", self.ns, self.local)
        }
    }
}

/// `maxOccurs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxOccurs {
    Bounded(u32),
    Unbounded,
}

impl MaxOccurs {
    pub fn is_many(self) -> bool {
        !matches!(self, MaxOccurs::Bounded(0 | 1))
    }
}

/// An element declaration (global or local).
#[derive(Clone, Debug)]
pub struct Element {
    /// The element's name, with the namespace it has on the wire.
    pub name: QName,
    pub ty: TypeRef,
    pub min_occurs: u32,
    pub max_occurs: MaxOccurs,
    pub nillable: bool,
    /// `substitutionGroup="..."`: the head element this one may replace.
    pub substitution_group: Option<QName>,
    /// `abstract="true"`: only members of its substitution group may appear.
    pub is_abstract: bool,
    /// `default="…"` or `fixed="…"`.
    pub value: Option<ValueConstraint>,
    pub doc: Option<String>,
    pub loc: Location,
}

/// A value constraint of an element or attribute declaration (XSD 1.0 Part 1 §3.2.1, §3.3.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueConstraint {
    /// `default="…"`: the value of an absent attribute, or of an element present but empty.
    Default(String),
    /// `fixed="…"`: the only value allowed, and the value when absent (attribute) or empty.
    Fixed(String),
}

impl ValueConstraint {
    /// The constrained value's text.
    pub fn text(&self) -> &str {
        match self {
            ValueConstraint::Default(t) | ValueConstraint::Fixed(t) => t,
        }
    }
}

impl Element {
    /// A single, required, non-nillable element the generator synthesises (rpc parts,
    /// substitution-group options).
    pub fn synthetic(name: QName, ty: TypeRef, loc: Location) -> Self {
        Element {
            name,
            ty,
            min_occurs: 1,
            max_occurs: MaxOccurs::Bounded(1),
            nillable: false,
            substitution_group: None,
            is_abstract: false,
            value: None,
            doc: None,
            loc,
        }
    }
}

/// How an element names its type.
#[derive(Clone, Debug)]
pub enum TypeRef {
    /// `type="..."`.
    Named(QName),
    /// An anonymous complex type.
    Complex(Box<ComplexType>),
    /// An anonymous simple type.
    Simple(Box<SimpleType>),
    /// `ref="..."` to a global element; resolved later.
    ElementRef(QName),
    /// Neither type nor content: `xs:anyType`.
    Any,
}

/// One item of a content model.
#[derive(Clone, Debug)]
pub enum Particle {
    Element(Element),
    /// `xs:choice` of elements.
    Choice(Choice),
    /// `xs:any`: elements kept as raw XML.
    Any {
        min_occurs: u32,
        max_occurs: MaxOccurs,
        loc: Location,
    },
    /// `xs:group ref="..."` occurring exactly once, expanded in place when resolving.
    Group(QName, Location),
    /// A model group kept as a unit: an `xs:sequence` that is an option of an `xs:choice`, a
    /// repeated or optional `xs:group` reference, a repeated sequence of wildcards or groups.
    Sequence(Sequence),
}

impl Particle {
    /// A particle as a content model is written: `name`, `name?`, `name*`, `(a | b)+`, `name{2,5}`.
    pub fn text(&self) -> String {
        let p = self;
        let occurs = |min: u32, max: MaxOccurs| match (min, max) {
            (1, MaxOccurs::Bounded(1)) => String::new(),
            (0, MaxOccurs::Bounded(1)) => "?".into(),
            (0, MaxOccurs::Unbounded) => "*".into(),
            (1, MaxOccurs::Unbounded) => "+".into(),
            (m, MaxOccurs::Unbounded) => format!("{{{m},}}"),
            (m, MaxOccurs::Bounded(x)) => format!("{{{m},{x}}}"),
        };
        match p {
            Particle::Element(e) => {
                format!("{}{}", e.name.local, occurs(e.min_occurs, e.max_occurs))
            }
            Particle::Choice(c) => {
                let names: Vec<String> = c.options.iter().map(Particle::text).collect();
                format!(
                    "({}){}",
                    names.join(" | "),
                    occurs(c.min_occurs, c.max_occurs)
                )
            }
            Particle::Sequence(q) => {
                let names: Vec<String> = q.particles.iter().map(Particle::text).collect();
                format!(
                    "({}){}",
                    names.join(", "),
                    occurs(q.min_occurs, q.max_occurs)
                )
            }
            Particle::Any {
                min_occurs,
                max_occurs,
                ..
            } => format!("any{}", occurs(*min_occurs, *max_occurs)),
            Particle::Group(q, _) => q.local.clone(),
        }
    }
}

/// A sequence of particles that occurs as a unit, `min_occurs..max_occurs` times.
#[derive(Clone, Debug)]
pub struct Sequence {
    pub min_occurs: u32,
    pub max_occurs: MaxOccurs,
    pub particles: Vec<Particle>,
    /// The name of the `xs:group` it refers to, if it is a group reference.
    pub group: Option<QName>,
    pub loc: Location,
}

/// An `xs:choice`: its options are elements, wildcards (`Particle::Any`), sequences
/// (`Particle::Sequence`) and nested choices.
#[derive(Clone, Debug)]
pub struct Choice {
    pub min_occurs: u32,
    pub max_occurs: MaxOccurs,
    pub options: Vec<Particle>,
    pub loc: Location,
}

impl Choice {
    /// This choice as an option of another choice: one that occurs other than exactly once is
    /// kept as a unit (a sequence holding it), so that its occurrences stay together.
    pub fn into_option(mut self) -> Particle {
        let (min_occurs, max_occurs) = (self.min_occurs, self.max_occurs);
        if (min_occurs, max_occurs) == (1, MaxOccurs::Bounded(1)) {
            return Particle::Choice(self);
        }
        (self.min_occurs, self.max_occurs) = (1, MaxOccurs::Bounded(1));
        let loc = self.loc.clone();
        Particle::Sequence(Sequence {
            min_occurs,
            max_occurs,
            particles: vec![Particle::Choice(self)],
            group: None,
            loc,
        })
    }
}

/// An attribute declaration or a reference to an attribute group.
#[derive(Clone, Debug)]
pub enum AttributeUse {
    Attribute(Attribute),
    /// `xs:attribute ref="..."`.
    Ref {
        name: QName,
        required: bool,
        /// The use's own `default`/`fixed` (else the declaration's applies).
        value: Option<ValueConstraint>,
        loc: Location,
    },
    /// `xs:attributeGroup ref="..."`.
    Group(QName, Location),
    /// `xs:anyAttribute`: attributes the type does not declare, kept as they are.
    Wildcard(Location),
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: QName,
    /// `None` for an attribute without a type (`xs:anySimpleType`, read as a string).
    pub ty: Option<TypeRef>,
    pub required: bool,
    /// `default="…"` or `fixed="…"`.
    pub value: Option<ValueConstraint>,
    pub doc: Option<String>,
    pub loc: Location,
}

/// A complex type: a content model of elements, choices and wildcards, plus attributes.
#[derive(Clone, Debug)]
pub struct ComplexType {
    pub name: Option<QName>,
    pub particles: Vec<Particle>,
    pub attributes: Vec<AttributeUse>,
    /// `complexContent/extension base` or `simpleContent/extension base`: content inherited first.
    pub base: Option<QName>,
    /// For `simpleContent`: the type of the text (when the base is a simple type).
    pub simple_content: bool,
    /// `mixed="true"`: text may come between the child elements.
    pub mixed: bool,
    /// `abstract="true"`: only types derived from it appear (with `xsi:type`).
    pub is_abstract: bool,
    /// Content the generator cannot map; reported only when the type is used.
    pub unsupported: Option<(Location, String)>,
    pub doc: Option<String>,
    pub loc: Location,
}

/// A facet of a simple type restriction.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub length: Option<u32>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub patterns: Vec<String>,
    pub min_inclusive: Option<String>,
    pub max_inclusive: Option<String>,
    pub min_exclusive: Option<String>,
    pub max_exclusive: Option<String>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
    pub enumeration: Vec<EnumValue>,
    /// `xs:whiteSpace`: `preserve`, `replace` or `collapse`.
    pub white_space: Option<String>,
    /// Where each facet element is (`(facet name, location)`, in document order).
    pub locs: Vec<(String, Location)>,
}

impl Facets {
    /// Where the first facet `name` is written.
    pub fn loc(&self, name: &str) -> Option<&Location> {
        self.locs.iter().find(|(n, _)| n == name).map(|(_, l)| l)
    }
}

/// One `xs:enumeration`.
#[derive(Clone, Debug)]
pub struct EnumValue {
    pub value: String,
    /// The value read as an `xs:QName` in the scope of the facet (its prefix resolved), when
    /// it is one: what an enumeration of `xs:QName` compares.
    pub qname: Option<QName>,
    /// The Rust variant name a rules file gives the value (see [`crate::rules`]).
    pub rust_name: Option<String>,
    pub doc: Option<String>,
    pub loc: Location,
}

/// The kinds of simple type derivation.
#[derive(Clone, Debug)]
pub enum SimpleKind {
    Restriction {
        base: Box<TypeRef>,
        facets: Box<Facets>,
    },
    Union {
        members: Vec<TypeRef>,
    },
    List {
        item: Box<TypeRef>,
    },
}

/// A simple type definition.
#[derive(Clone, Debug)]
pub struct SimpleType {
    pub name: Option<QName>,
    pub kind: SimpleKind,
    pub doc: Option<String>,
    pub loc: Location,
}

/// A named model group: its particles, or the construct in it the generator cannot map.
pub type Group = (Vec<Particle>, Option<(Location, String)>);

/// All schema components of all loaded schemas, by QName.
#[derive(Debug, Default)]
pub struct Schemas {
    pub elements: BTreeMap<QName, Element>,
    pub complex_types: BTreeMap<QName, ComplexType>,
    pub simple_types: BTreeMap<QName, SimpleType>,
    pub groups: BTreeMap<QName, Group>,
    pub attribute_groups: BTreeMap<QName, Vec<AttributeUse>>,
    pub attributes: BTreeMap<QName, Attribute>,
    /// Namespaces whose schema was imported but whose file could not be found, with the import's location.
    pub unresolved_imports: BTreeMap<String, Location>,
}

/// A `wsdl:message` part.
#[derive(Clone, Debug)]
pub struct Part {
    pub name: String,
    pub element: Option<QName>,
    pub type_: Option<QName>,
    pub loc: Location,
}

#[derive(Clone, Debug)]
pub struct Message {
    pub name: QName,
    pub parts: Vec<Part>,
    pub loc: Location,
}

#[derive(Clone, Debug)]
pub struct PortTypeOperation {
    pub name: String,
    pub input: Option<QName>,
    pub output: Option<QName>,
    pub faults: Vec<(String, QName)>,
    pub doc: Option<String>,
    pub loc: Location,
}

#[derive(Clone, Debug)]
pub struct PortType {
    pub name: QName,
    pub operations: Vec<PortTypeOperation>,
    pub loc: Location,
}

/// SOAP version of a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SoapVersion {
    Soap11,
    Soap12,
}

#[derive(Clone, Debug)]
pub struct HeaderBinding {
    pub message: QName,
    pub part: String,
    pub required: bool,
    pub loc: Location,
}

#[derive(Clone, Debug)]
pub struct BindingOperation {
    pub name: String,
    pub soap_action: Option<String>,
    pub style: Option<String>,
    pub input_use: Option<String>,
    pub input_headers: Vec<HeaderBinding>,
    /// `soap:body parts` of the input: the parts in the body (`None`: every part not bound
    /// as a header).
    pub input_body_parts: Option<Vec<String>>,
    /// `soap:body namespace` (rpc style wrapper namespace).
    pub body_namespace: Option<String>,
    pub output_use: Option<String>,
    pub output_headers: Vec<HeaderBinding>,
    pub output_body_parts: Option<Vec<String>>,
    /// Parts of the input or output bound to a MIME attachment (`mime:content`), with where.
    pub attachments: Vec<(String, Location)>,
    /// Why the `mime:multipartRelated` of the input or output is invalid, if it is.
    pub mime_problem: Option<(Location, String)>,
    pub loc: Location,
}

#[derive(Clone, Debug)]
pub struct Binding {
    pub name: QName,
    pub port_type: QName,
    /// `None` for a non-SOAP binding (HTTP GET/POST).
    pub soap: Option<SoapVersion>,
    pub style: Option<String>,
    pub operations: Vec<BindingOperation>,
    pub loc: Location,
}

#[derive(Clone, Debug)]
pub struct Port {
    pub name: String,
    pub binding: QName,
    pub address: Option<String>,
    pub loc: Location,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub name: QName,
    pub ports: Vec<Port>,
    pub doc: Option<String>,
    pub loc: Location,
}

/// Everything read from a WSDL and the documents it imports.
#[derive(Debug, Default)]
pub struct Definitions {
    pub schemas: Schemas,
    pub messages: BTreeMap<QName, Message>,
    pub port_types: BTreeMap<QName, PortType>,
    pub bindings: Vec<Binding>,
    pub services: Vec<Service>,
    /// The location of the root file's document element (`wsdl:definitions`, or `xs:schema`).
    pub root: Option<Location>,
    /// Content of every loaded file, in load order, for the provenance hash.
    pub sources: Vec<(String, Vec<u8>)>,
    /// Endpoints a rules file names besides the WSDL's ports.
    pub named_endpoints: Vec<crate::rules::NamedEndpoint>,
}
