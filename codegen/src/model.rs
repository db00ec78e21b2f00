//! The resolved model the emitter works from: operations, headers and the Rust shapes of the
//! schema types they reach. Built by [`crate::resolve`]; names here are final Rust names.

use crate::error::Location;
use crate::raw::{MaxOccurs, QName, SoapVersion, ValueConstraint};

/// A service, ready to emit.
#[derive(Debug)]
pub struct Model {
    /// `wsdl:service` name (or binding name when there is no service element).
    pub service_name: String,
    pub doc: Option<String>,
    pub soap_version: SoapVersion,
    /// Prefix for each namespace an element is written in, in first-use order.
    pub namespaces: Vec<(String, String)>,
    /// `(port name, address)` of each SOAP port of the service.
    pub endpoints: Vec<(String, String)>,
    /// Endpoints named by the rules file (`PRODUCTION` → `PRODUCTION_ENDPOINT`).
    pub named_endpoints: Vec<crate::rules::NamedEndpoint>,
    pub operations: Vec<Operation>,
    pub headers: Vec<Header>,
    pub structs: Vec<Struct>,
    pub enums: Vec<Enum>,
    pub unions: Vec<Union>,
    pub choices: Vec<Choice>,
    /// Complex types with derived types, each an enum of the types an element may hold.
    pub dyns: Vec<Dyn>,
    /// Item types of `xs:list` types.
    pub lists: Vec<Value>,
}

/// How a field appears in XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A child element (or, with `value` a choice, one of several).
    Element,
    /// An attribute of the element.
    Attribute,
    /// The text of an element with simple content.
    Text,
    /// `xs:any`: unknown child elements kept as raw XML.
    Any,
    /// The whole content (text and elements) as raw XML: `xs:anyType`, or mixed content of
    /// wildcards.
    Content,
    /// Mixed content with child elements: one list of items, text and elements in document
    /// order (`value` is the [`Choice`] of the items, with its [`MixedModel`]).
    Mixed,
    /// A model group without an element of its own (`value` is its [`Struct`], a group): a
    /// repeated or optional `xs:group` reference, a repeated sequence of wildcards or groups.
    Group,
    /// `xs:anyAttribute`: the attributes no other field takes, kept as they are.
    AnyAttribute,
}

/// An `xs:choice` as an enum: one variant per element.
#[derive(Debug)]
pub struct Choice {
    pub name: String,
    pub doc: Option<String>,
    pub variants: Vec<ChoiceVariant>,
    /// The items of mixed content: the enum also has a `Text` variant (and an `Any` one for a
    /// wildcard), and the counts of its elements are checked.
    pub mixed: Option<MixedModel>,
}

/// What the content model of a mixed type allows, summed over its particles.
#[derive(Debug)]
pub struct MixedModel {
    /// `(min, max)` occurrences of each variant's element, in the order of the variants.
    pub counts: Vec<(u32, MaxOccurs)>,
    /// `xs:any` in the content model: its `(min, max)`; other elements become `Any` items.
    pub any: Option<(u32, MaxOccurs)>,
}

/// What an option of a choice is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantKind {
    /// An element (`xml` is its name).
    Element,
    /// A model group, a sequence or group reference (`value` is its [`Struct`], a group; `xml`
    /// its name for messages).
    Group,
    /// An `xs:any` wildcard: any element no other option names, kept as raw XML.
    Any,
}

#[derive(Debug)]
pub struct ChoiceVariant {
    pub kind: VariantKind,
    pub rust: String,
    pub xml: QName,
    pub value: Value,
    pub facets: Facets,
    pub nillable: bool,
    pub boxed: bool,
    pub doc: Option<String>,
    /// The option itself repeats (`maxOccurs > 1` on the element): the variant holds a `Vec`.
    pub repeated: bool,
}

#[derive(Debug)]
pub struct Operation {
    /// WSDL operation name (`CancelOrder`).
    pub name: String,
    pub doc: Option<String>,
    pub soap_action: String,
    /// Body element of the request and the struct that models it.
    pub input: (QName, usize),
    /// Body element of the response; `None` for a one-way operation.
    pub output: Option<(QName, usize)>,
    /// The request's message has no body part or several: the struct's fields are the body's
    /// children (no element wraps them) and `input.0` is the first of them (empty for none).
    pub input_unwrapped: bool,
    /// The same for the response.
    pub output_unwrapped: bool,
    /// Headers the request carries: index into [`Model::headers`] and whether it is required.
    pub headers: Vec<(usize, bool)>,
    /// Headers the response carries, the same way.
    pub response_headers: Vec<(usize, bool)>,
}

/// A SOAP header element used by at least one operation.
#[derive(Debug)]
pub struct Header {
    pub name: QName,
    pub field: String,
    pub value: Value,
    pub facets: Facets,
    pub doc: Option<String>,
    pub sensitive: bool,
}

#[derive(Debug)]
pub struct Struct {
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    /// A model group: written inside the element of the type that holds it, read in order.
    pub group: bool,
    pub loc: Location,
}

/// A wrapper element whose only content is a repeated item (`OrderLines/OrderLine`).
#[derive(Debug, Clone)]
pub struct ListWrap {
    pub item: QName,
    pub item_nillable: bool,
    pub min: u32,
    pub max: MaxOccurs,
}

#[derive(Debug)]
pub struct Field {
    pub kind: FieldKind,
    pub rust: String,
    pub xml: QName,
    /// Type of the value, or of each list item.
    pub value: Value,
    pub facets: Facets,
    pub doc: Option<String>,
    pub min: u32,
    pub max: MaxOccurs,
    pub nillable: bool,
    pub list: Option<ListWrap>,
    /// Boxed to break a cycle in the type graph.
    pub boxed: bool,
    pub sensitive: bool,
    /// `default="…"` or `fixed="…"`, checked against the value's type when resolving.
    pub value_constraint: Option<ValueConstraint>,
}

impl Field {
    /// A single, required, non-nillable field without facets.
    pub fn new(kind: FieldKind, rust: String, xml: QName, value: Value) -> Self {
        Field {
            kind,
            rust,
            xml,
            value,
            facets: Facets::default(),
            doc: None,
            min: 1,
            max: MaxOccurs::Bounded(1),
            nillable: false,
            list: None,
            boxed: false,
            sensitive: false,
            value_constraint: None,
        }
    }

    /// The text content of an element with simple content.
    pub fn text(rust: String, value: Value, facets: Facets) -> Self {
        Field {
            facets,
            doc: Some("The element's text content.".into()),
            ..Field::new(FieldKind::Text, rust, QName::new("", "value"), value)
        }
    }

    /// The whole content of the element, as raw XML (`AnyContent`).
    pub fn content(rust: String) -> Self {
        Field {
            doc: Some("The element's content, text and child elements, as raw XML.".into()),
            ..Field::new(
                FieldKind::Content,
                rust,
                QName::new("", "content"),
                Value::Builtin(Builtin::AnyType),
            )
        }
    }

    /// Repeated directly (`maxOccurs > 1` on the element itself).
    pub fn repeated(&self) -> bool {
        self.max.is_many()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Builtin(Builtin),
    Enum(usize),
    Union(usize),
    Struct(usize),
    Choice(usize),
    List(usize),
    /// A complex type with derived types: which one is told by `xsi:type` ([`Dyn`]).
    Dyn(usize),
}

/// A complex type and the types derived from it by extension, as one enum: an element of the
/// type may hold any of them, the derived ones marked with `xsi:type`.
#[derive(Debug)]
pub struct Dyn {
    pub name: String,
    /// The declared type.
    pub base: QName,
    /// The declared type is abstract: an element of it always names its type.
    pub is_abstract: bool,
    /// The types, the declared one first unless it is abstract, then the derived ones.
    pub variants: Vec<DynVariant>,
}

/// One type of a [`Dyn`].
#[derive(Debug)]
pub struct DynVariant {
    pub rust: String,
    /// The type's name, as `xsi:type` gives it.
    pub type_name: QName,
    /// Its [`Struct`].
    pub value: usize,
}

/// XML Schema built-in types the runtime maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    Decimal,
    F32,
    F64,
    DateTime,
    Date,
    /// `xs:anyType`: the element's content kept as raw XML.
    AnyType,
    /// `xs:QName` as an element's content: a namespace and a local name, the prefix resolved
    /// where it is read (elsewhere, as an attribute or a list item, a QName is text).
    QName,
}

impl Builtin {
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Builtin::I8
                | Builtin::I16
                | Builtin::I32
                | Builtin::I64
                | Builtin::U8
                | Builtin::U16
                | Builtin::U32
                | Builtin::U64
        )
    }
}

/// Constraints on a simple value, merged along the restriction chain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub length: Option<u32>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    /// One XSD regular expression per derivation step: a step's patterns joined by `|` (its
    /// patterns are alternatives, XSD 1.0 Part 2 §4.3.4.3); the value must match every step.
    pub patterns: Vec<String>,
    /// `xs:enumeration` of a restricted union (other restricted enumerations become enums).
    pub enumeration: Vec<String>,
    /// `xs:whiteSpace` of a string type (from its built-in type or an explicit facet).
    pub white_space: Option<WhiteSpace>,
    /// `(lexical value, inclusive)`, already checked against the base type.
    pub min: Option<(String, bool)>,
    pub max: Option<(String, bool)>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
    /// Name of the simple type the facets come from (names the generated static).
    pub origin: Option<String>,
    /// For an `xs:list`: the facets of each item (the list's own lengths count items).
    pub item: Option<Box<Facets>>,
    /// What the values are (which facets apply, how bounds read); not emitted.
    pub kind: Option<Kind>,
}

/// The kind of values of a simple type, for which facets apply to it (XSD 1.0 Part 2 §4.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `xs:string` and the types derived from it, `xs:anyURI`, binary types, `xs:QName`.
    Text,
    Boolean,
    /// An integer type, by the Rust type that holds it.
    Integer(Builtin),
    Decimal,
    /// `xs:float`, `xs:double`.
    Float,
    Date,
    DateTime,
    /// Ordered types the runtime holds as text: durations, times, Gregorian dates.
    Unordered,
    Union,
    /// `xs:list`: lengths count items; pattern and enumeration apply to the whole.
    List,
}

/// `xs:whiteSpace` (XSD 1.0 Part 2 §4.3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhiteSpace {
    Preserve,
    Replace,
    Collapse,
}

impl Facets {
    /// Whether nothing constrains the value (a whitespace rule alone constrains nothing).
    pub fn is_empty(&self) -> bool {
        Facets {
            origin: None,
            white_space: None,
            kind: None,
            ..self.clone()
        } == Facets::default()
    }
}

#[derive(Debug)]
pub struct Enum {
    pub name: String,
    pub doc: Option<String>,
    pub base: Builtin,
    pub variants: Vec<Variant>,
    /// Has an `Other(String)` variant for values the schema does not list.
    pub open: bool,
}

#[derive(Debug)]
pub struct Variant {
    pub rust: String,
    pub value: String,
    /// For an enumeration of `xs:QName`: the value's namespace and local name, which is what
    /// is compared when decoding (the prefix is the document's choice).
    pub qname: Option<QName>,
    pub doc: Option<String>,
}

#[derive(Debug)]
pub struct Union {
    pub name: String,
    pub doc: Option<String>,
    /// `(variant name, member type, member facets)`, tried in order when decoding.
    pub members: Vec<(String, Value, Facets)>,
}
