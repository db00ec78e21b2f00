//! The rules overlay: what a service's documentation says beyond the WSDL it serves, in a TOML
//! file applied to the parsed definitions before they are resolved.
//!
//! A served WSDL (WCF's in particular) often states only the shape of the messages: no facets,
//! every member optional and nillable, numeric code lists as plain `xs:int`, no documentation.
//! The overlay restores the documented contract, rule by rule, each with its `evidence`:
//!
//! ```toml
//! namespace = "http://example.com/orders"          # names without a prefix are in it
//!
//! [service]                                        # documentation and extra named endpoints
//! doc = "The order service."
//! evidence = "manual §1"
//! [service.endpoints.PRODUCTION]                   # → `pub const PRODUCTION_ENDPOINT`
//! url = "https://orders.example.com/svc"
//! evidence = "manual §2"
//!
//! [operations.PlaceOrder]                          # operation doc, required/optional headers
//! doc = "Places an order."
//! headers = { Username = "required", Trace = "optional" }
//! evidence = "manual §3"
//!
//! [types.String50]                                 # a simple type: defined here if the WSDL
//! base = "xs:string"                               # lacks it, else merged with the WSDL's
//! max_length = 50
//! evidence = "manual §4"
//!
//! [types.Status]                                   # a code list with variant names
//! base = "xs:int"
//! values = [{ value = "0", name = "Open", doc = "Not shipped yet." }]
//! evidence = "manual §5"
//!
//! [elements."PlaceOrderRequest/Note"]              # a local element: Container/Child
//! type = "String50"
//! min_occurs = 1
//! nillable = false
//! doc = "A note for the warehouse."
//! evidence = "manual §6"
//! ```
//!
//! Type keys: `base` or `union`, facets (`length`, `min_length`, `max_length`, `pattern`,
//! `min_inclusive`, `max_inclusive`, `min_exclusive`, `max_exclusive`, `total_digits`,
//! `fraction_digits`), `values`, `doc`. A list of patterns is one restriction step's: a value
//! must match one of them (as several `xs:pattern` in one `xs:restriction`). A type rule naming a complex type (or the element
//! whose anonymous complex type it is) may only set `doc`. Element keys: `type`, `min_occurs`,
//! `max_occurs` (a number or `"unbounded"`), `nillable`, `doc`. Every rule needs `evidence`.
//!
//! **Precedence:** the rule wins. Where it only refines the WSDL (a facet the WSDL lacks, a
//! restriction of the WSDL's built-in type, a required member the WSDL leaves optional) that is
//! silent; where the two disagree (a different facet value, base type or code list, or a rule
//! that relaxes the WSDL) the generator also reports a [`Warning`] at the rule's line.
//! A rule naming a type, element, operation or header the WSDL lacks is an error at the rule.

use crate::error::{Error, Location, Result};
use crate::parse::NS_XSD;
use crate::raw::{
    self, ComplexType, Definitions, Element, EnumValue, Facets, MaxOccurs, Particle, QName,
    SimpleKind, SimpleType, TypeRef,
};
use std::fmt;
use std::path::{Path, PathBuf};
use toml_span::value::{Table, Value, ValueInner};
use toml_span::Span;

/// A disagreement between the WSDL and a rule; the rule was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The rule (file, line and column in the rules file).
    pub location: Location,
    /// What the WSDL says and what the rule says.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// A named endpoint the rules add (`PRODUCTION` becomes `PRODUCTION_ENDPOINT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedEndpoint {
    /// The name, upper snake case.
    pub name: String,
    /// The address.
    pub url: String,
    /// Its documentation.
    pub doc: Option<String>,
}

/// A parsed rules file.
#[derive(Clone, Debug)]
pub struct Rules {
    file: PathBuf,
    bytes: Vec<u8>,
    namespace: String,
    service: Option<ServiceRule>,
    operations: Vec<OperationRule>,
    types: Vec<TypeRule>,
    elements: Vec<ElementRule>,
}

#[derive(Clone, Debug)]
struct ServiceRule {
    doc: Option<String>,
    endpoints: Vec<NamedEndpoint>,
}

#[derive(Clone, Debug)]
struct OperationRule {
    name: String,
    loc: Location,
    doc: Option<String>,
    /// `(header part, required, location of the key)`.
    headers: Vec<(String, bool, Location)>,
}

#[derive(Clone, Debug)]
struct TypeRule {
    name: String,
    loc: Location,
    base: Option<String>,
    union: Option<Vec<String>>,
    facets: Facets,
    values: Option<Vec<EnumValue>>,
    doc: Option<String>,
}

impl TypeRule {
    fn documents_only(&self) -> bool {
        self.base.is_none()
            && self.union.is_none()
            && self.values.is_none()
            && facet_list(&self.facets).is_empty()
    }
}

#[derive(Clone, Debug)]
struct ElementRule {
    path: Vec<String>,
    loc: Location,
    ty: Option<(String, Location)>,
    min_occurs: Option<u32>,
    max_occurs: Option<MaxOccurs>,
    nillable: Option<bool>,
    doc: Option<String>,
}

impl Rules {
    /// Reads and checks a rules file (syntax and keys; names are checked when applied).
    pub fn load(path: &Path) -> Result<Rules> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            Error::at(
                Location {
                    file: path.to_owned(),
                    line: 1,
                    column: 1,
                },
                format!("the rules file is not UTF-8 ({e})"),
            )
        })?;
        let rules = Reader { file: path, text }.rules()?;
        Ok(Rules { bytes, ..rules })
    }

    /// The file the rules were read from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Applies the rules to `defs`; returns the disagreements with the WSDL.
    pub(crate) fn apply(&self, defs: &mut Definitions) -> Result<Vec<Warning>> {
        let mut a = Applier {
            rules: self,
            defs,
            warnings: Vec::new(),
        };
        for t in &self.types {
            a.ty(t)?;
        }
        for e in &self.elements {
            a.element(e)?;
        }
        for o in &self.operations {
            a.operation(o)?;
        }
        if let Some(s) = &self.service {
            if s.doc.is_some() {
                for svc in &mut a.defs.services {
                    svc.doc = s.doc.clone();
                }
            }
            a.defs.named_endpoints = s.endpoints.clone();
        }
        let name = self
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        a.defs.sources.push((name, self.bytes.clone()));
        Ok(a.warnings)
    }
}

// ----- reading the TOML ------------------------------------------------------------------------

struct Reader<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Reader<'_> {
    fn loc(&self, span: Span) -> Location {
        let mut start = span.start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let before = &self.text[..start];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        Location {
            file: self.file.to_owned(),
            line,
            column,
        }
    }

    fn err(&self, span: Span, msg: impl Into<String>) -> Error {
        Error::at(self.loc(span), msg)
    }

    fn rules(&self) -> Result<Rules> {
        let root = toml_span::parse(self.text).map_err(|e| {
            let span = e.span;
            self.err(span, format!("not valid TOML: {}", e.kind))
        })?;
        let table = self.table(&root, "the rules file")?;
        let mut top = Fields::new(self, table, "the rules file");
        let namespace = top.string("namespace")?.map(|(s, _)| s).unwrap_or_default();
        let service = match top.value("service") {
            Some(v) => Some(self.service(v)?),
            None => None,
        };
        let operations = self.each(top.value("operations"), "operations", |name, span, v| {
            self.operation(name, span, v)
        })?;
        let types = self.each(top.value("types"), "types", |name, span, v| {
            self.type_rule(name, span, v)
        })?;
        let elements = self.each(top.value("elements"), "elements", |name, span, v| {
            self.element(name, span, v)
        })?;
        top.done()?;
        Ok(Rules {
            file: self.file.to_owned(),
            bytes: Vec::new(),
            namespace,
            service,
            operations,
            types,
            elements,
        })
    }

    fn table<'v, 'de>(&self, v: &'v Value<'de>, what: &str) -> Result<&'v Table<'de>> {
        v.as_table()
            .ok_or_else(|| self.err(v.span, format!("{what} must be a table")))
    }

    /// Calls `f` for each entry of the table `v`, in file order.
    fn each<T>(
        &self,
        v: Option<&Value<'_>>,
        what: &str,
        mut f: impl FnMut(&str, Span, &Value<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let Some(v) = v else {
            return Ok(Vec::new());
        };
        let mut entries: Vec<_> = self.table(v, what)?.iter().collect();
        entries.sort_by_key(|(k, _)| k.span.start);
        entries
            .into_iter()
            .map(|(k, v)| f(&k.name, k.span, v))
            .collect()
    }

    fn service(&self, v: &Value<'_>) -> Result<ServiceRule> {
        let mut f = Fields::new(self, self.table(v, "[service]")?, "[service]");
        let doc = f.string("doc")?.map(|(s, _)| s);
        if doc.is_some() {
            // `[service]` may only group endpoints (which cite their own evidence).
            f.evidence(v.span)?;
        }
        let endpoints = self.each(f.value("endpoints"), "endpoints", |name, span, v| {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                return Err(self.err(
                    span,
                    format!("endpoint name \"{name}\" must be UPPER_SNAKE_CASE"),
                ));
            }
            let mut e = Fields::new(self, self.table(v, "an endpoint")?, "an endpoint");
            e.evidence(span)?;
            let url = e
                .string("url")?
                .ok_or_else(|| self.err(span, format!("endpoint {name} needs a url")))?
                .0;
            let doc = e.string("doc")?.map(|(s, _)| s);
            e.done()?;
            Ok(NamedEndpoint {
                name: name.to_owned(),
                url,
                doc,
            })
        })?;
        f.done()?;
        Ok(ServiceRule { doc, endpoints })
    }

    fn operation(&self, name: &str, span: Span, v: &Value<'_>) -> Result<OperationRule> {
        let what = format!("[operations.{name}]");
        let mut f = Fields::new(self, self.table(v, &what)?, &what);
        f.evidence(span)?;
        let doc = f.string("doc")?.map(|(s, _)| s);
        let headers = self.each(f.value("headers"), "headers", |part, hspan, hv| {
            let required = match hv.as_str() {
                Some("required") => true,
                Some("optional") => false,
                _ => {
                    return Err(self.err(
                        hv.span,
                        format!("header {part}: expected \"required\" or \"optional\""),
                    ))
                }
            };
            Ok((part.to_owned(), required, self.loc(hspan)))
        })?;
        f.done()?;
        Ok(OperationRule {
            name: name.to_owned(),
            loc: self.loc(span),
            doc,
            headers,
        })
    }

    fn type_rule(&self, name: &str, span: Span, v: &Value<'_>) -> Result<TypeRule> {
        let what = format!("[types.{name}]");
        let mut f = Fields::new(self, self.table(v, &what)?, &what);
        f.evidence(span)?;
        let base = f.string("base")?.map(|(s, _)| s);
        let union = match f.value("union") {
            Some(u) => Some(self.strings(u, "union")?),
            None => None,
        };
        if base.is_some() && union.is_some() {
            return Err(self.err(span, format!("{what}: give either base or union, not both")));
        }
        let facets = Facets {
            length: f.uint("length")?,
            min_length: f.uint("min_length")?,
            max_length: f.uint("max_length")?,
            patterns: match f.value("pattern") {
                Some(p) if p.as_str().is_some() => vec![p.as_str().unwrap_or_default().to_owned()],
                Some(p) => self.strings(p, "pattern")?,
                None => Vec::new(),
            },
            min_inclusive: f.lexical("min_inclusive")?,
            max_inclusive: f.lexical("max_inclusive")?,
            min_exclusive: f.lexical("min_exclusive")?,
            max_exclusive: f.lexical("max_exclusive")?,
            total_digits: f.uint("total_digits")?,
            fraction_digits: f.uint("fraction_digits")?,
            enumeration: Vec::new(),
            white_space: None,
            locs: Vec::new(),
        };
        let values = match f.value("values") {
            Some(v) => Some(self.values(v)?),
            None => None,
        };
        let doc = f.string("doc")?.map(|(s, _)| s);
        f.done()?;
        Ok(TypeRule {
            name: name.to_owned(),
            loc: self.loc(span),
            base,
            union,
            facets,
            values,
            doc,
        })
    }

    fn values(&self, v: &Value<'_>) -> Result<Vec<EnumValue>> {
        let items = v
            .as_array()
            .ok_or_else(|| self.err(v.span, "values must be an array of { value, name, doc }"))?;
        items
            .iter()
            .map(|item| {
                let mut f = Fields::new(self, self.table(item, "a value")?, "a value");
                let value = f
                    .lexical("value")?
                    .ok_or_else(|| self.err(item.span, "each entry of values needs a value"))?;
                let rust_name = f.string("name")?.map(|(s, _)| s);
                let doc = f.string("doc")?.map(|(s, _)| s);
                f.done()?;
                Ok(EnumValue {
                    value,
                    qname: None,
                    rust_name,
                    doc,
                    loc: self.loc(item.span),
                })
            })
            .collect()
    }

    fn strings(&self, v: &Value<'_>, what: &str) -> Result<Vec<String>> {
        let err = || self.err(v.span, format!("{what} must be an array of strings"));
        v.as_array()
            .ok_or_else(err)?
            .iter()
            .map(|s| s.as_str().map(str::to_owned).ok_or_else(err))
            .collect()
    }

    fn element(&self, path: &str, span: Span, v: &Value<'_>) -> Result<ElementRule> {
        let what = format!("[elements.\"{path}\"]");
        let segments: Vec<String> = path.split('/').map(str::to_owned).collect();
        if segments.iter().any(String::is_empty) {
            return Err(self.err(
                span,
                format!("element path \"{path}\": expected Element or Container/Child"),
            ));
        }
        let mut f = Fields::new(self, self.table(v, &what)?, &what);
        f.evidence(span)?;
        let ty = f.string("type")?.map(|(s, sp)| (s, self.loc(sp)));
        let min_occurs = f.uint("min_occurs")?;
        let max_occurs = match f.value("max_occurs") {
            None => None,
            Some(m) => Some(match (m.as_str(), m.as_integer()) {
                (Some("unbounded"), _) => MaxOccurs::Unbounded,
                (_, Some(n)) if (0..=i64::from(u32::MAX)).contains(&n) => {
                    MaxOccurs::Bounded(n as u32)
                }
                _ => return Err(self.err(m.span, "max_occurs must be a number or \"unbounded\"")),
            }),
        };
        let nillable = f.boolean("nillable")?;
        let doc = f.string("doc")?.map(|(s, _)| s);
        f.done()?;
        Ok(ElementRule {
            path: segments,
            loc: self.loc(span),
            ty,
            min_occurs,
            max_occurs,
            nillable,
            doc,
        })
    }
}

/// The keys of one table, taken one by one; [`done`](Fields::done) rejects the rest.
struct Fields<'r, 'v, 'de> {
    r: &'r Reader<'r>,
    table: &'v Table<'de>,
    what: String,
    taken: Vec<&'static str>,
}

impl<'r, 'v, 'de> Fields<'r, 'v, 'de> {
    fn new(r: &'r Reader<'r>, table: &'v Table<'de>, what: &str) -> Self {
        Fields {
            r,
            table,
            what: what.to_owned(),
            taken: Vec::new(),
        }
    }

    fn value(&mut self, key: &'static str) -> Option<&'v Value<'de>> {
        self.taken.push(key);
        self.table.get(key)
    }

    fn string(&mut self, key: &'static str) -> Result<Option<(String, Span)>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => match v.as_str() {
                Some(s) => Ok(Some((s.to_owned(), v.span))),
                None => Err(self
                    .r
                    .err(v.span, format!("{}: {key} must be a string", self.what))),
            },
        }
    }

    fn uint(&mut self, key: &'static str) -> Result<Option<u32>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => match v.as_integer().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Ok(Some(n)),
                None => Err(self.r.err(
                    v.span,
                    format!("{}: {key} must be a non-negative integer", self.what),
                )),
            },
        }
    }

    fn boolean(&mut self, key: &'static str) -> Result<Option<bool>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or_else(|| {
                self.r.err(
                    v.span,
                    format!("{}: {key} must be true or false", self.what),
                )
            }),
        }
    }

    /// A value compared lexically with the schema's: a string or an integer (never a float,
    /// which could not hold a decimal exactly).
    fn lexical(&mut self, key: &'static str) -> Result<Option<String>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => match v.as_ref() {
                ValueInner::String(s) => Ok(Some(s.to_string())),
                ValueInner::Integer(n) => Ok(Some(n.to_string())),
                _ => Err(self.r.err(
                    v.span,
                    format!(
                        "{}: {key} must be a string or an integer (write decimals as strings)",
                        self.what
                    ),
                )),
            },
        }
    }

    fn evidence(&mut self, owner: Span) -> Result<()> {
        match self.string("evidence")? {
            Some((e, _)) if !e.trim().is_empty() => Ok(()),
            Some((_, span)) => Err(self
                .r
                .err(span, format!("{}: evidence is empty", self.what))),
            None => Err(self.r.err(
                owner,
                format!(
                    "{}: every rule needs `evidence` (where the documentation says so)",
                    self.what
                ),
            )),
        }
    }

    fn done(self) -> Result<()> {
        let mut unknown: Vec<_> = self
            .table
            .keys()
            .filter(|k| !self.taken.contains(&k.name.as_ref()))
            .collect();
        unknown.sort_by_key(|k| k.span.start);
        match unknown.first() {
            None => Ok(()),
            Some(k) => Err(self
                .r
                .err(k.span, format!("{}: unknown key \"{}\"", self.what, k.name))),
        }
    }
}

// ----- applying the rules ----------------------------------------------------------------------

struct Applier<'a> {
    rules: &'a Rules,
    defs: &'a mut Definitions,
    warnings: Vec<Warning>,
}

/// Where an element path leads.
enum Target {
    /// Apply to this element.
    Found,
    /// Continue in the named complex type with the rest of the path.
    Named(QName, usize),
    /// Not there.
    Missing(String),
}

impl Applier<'_> {
    fn warn(&mut self, loc: &Location, message: String) {
        self.warnings.push(Warning {
            location: loc.clone(),
            message: format!("{message}; the rule wins"),
        });
    }

    /// `xs:int` → the XSD namespace; `Name` → the rules' namespace.
    fn qname(&self, name: &str, loc: &Location) -> Result<QName> {
        match name.split_once(':') {
            None => Ok(QName::new(&self.rules.namespace, name)),
            Some(("xs" | "xsd", local)) => Ok(QName::new(NS_XSD, local)),
            Some((prefix, _)) => Err(Error::at(
                loc.clone(),
                format!("\"{name}\": only the prefix xs: (XML Schema) is known in a rules file, not {prefix}:"),
            )),
        }
    }

    fn ty(&mut self, rule: &TypeRule) -> Result<()> {
        let q = self.qname(&rule.name, &rule.loc)?;
        if self.defs.schemas.simple_types.contains_key(&q) {
            return self.merge_simple(&q, rule);
        }
        let anonymous = self
            .defs
            .schemas
            .elements
            .get(&q)
            .is_some_and(|e| matches!(e.ty, TypeRef::Complex(_)));
        if self.defs.schemas.complex_types.contains_key(&q) || anonymous {
            if !rule.documents_only() {
                return Err(Error::at(
                    rule.loc.clone(),
                    format!(
                        "{} is a complex type in the WSDL: a rule can only document it (doc)",
                        rule.name
                    ),
                ));
            }
            let schemas = &mut self.defs.schemas;
            let ct = match schemas.complex_types.get_mut(&q) {
                Some(ct) => ct,
                None => match schemas.elements.get_mut(&q).map(|e| &mut e.ty) {
                    Some(TypeRef::Complex(ct)) => ct,
                    _ => return Ok(()),
                },
            };
            if rule.doc.is_some() {
                ct.doc = rule.doc.clone();
            }
            return Ok(());
        }
        let kind = if let Some(members) = &rule.union {
            SimpleKind::Union {
                members: self.type_refs(members, &rule.loc)?,
            }
        } else if let Some(base) = &rule.base {
            let mut facets = rule.facets.clone();
            facets.enumeration = rule.values.clone().unwrap_or_default();
            SimpleKind::Restriction {
                base: Box::new(TypeRef::Named(self.qname(base, &rule.loc)?)),
                facets: Box::new(facets),
            }
        } else {
            return Err(Error::at(
                rule.loc.clone(),
                format!(
                    "type {} is not defined in the WSDL (a rule defining it needs base or union)",
                    rule.name
                ),
            ));
        };
        self.defs.schemas.simple_types.insert(
            q.clone(),
            SimpleType {
                name: Some(q),
                kind,
                doc: rule.doc.clone(),
                loc: rule.loc.clone(),
            },
        );
        Ok(())
    }

    fn type_refs(&self, names: &[String], loc: &Location) -> Result<Vec<TypeRef>> {
        names
            .iter()
            .map(|n| self.qname(n, loc).map(TypeRef::Named))
            .collect()
    }

    fn merge_simple(&mut self, q: &QName, rule: &TypeRule) -> Result<()> {
        let union = match &rule.union {
            Some(m) => Some(self.type_refs(m, &rule.loc)?),
            None => None,
        };
        let base = match &rule.base {
            Some(b) => Some(self.qname(b, &rule.loc)?),
            None => None,
        };
        let mut notes = Vec::new();
        let st = self
            .defs
            .schemas
            .simple_types
            .get_mut(q)
            .expect("checked by the caller");
        if let Some(doc) = &rule.doc {
            st.doc = Some(doc.clone());
        }
        if let Some(members) = union {
            let same =
                matches!(&st.kind, SimpleKind::Union { members: m } if names(m) == names(&members));
            if !same {
                notes.push(format!(
                    "the WSDL defines {} otherwise than as the union of {}",
                    rule.name,
                    rule.union.as_deref().unwrap_or_default().join(" ")
                ));
                st.kind = SimpleKind::Union { members };
            }
        } else if base.is_some() || !rule.documents_only() {
            if !matches!(st.kind, SimpleKind::Restriction { .. }) {
                notes.push(format!(
                    "the WSDL defines {} as a union or list, the rule as a restriction",
                    rule.name
                ));
                st.kind = SimpleKind::Restriction {
                    base: Box::new(TypeRef::Named(QName::new(NS_XSD, "string"))),
                    facets: Box::default(),
                };
            }
            if let SimpleKind::Restriction { base: b, facets } = &mut st.kind {
                if let Some(base) = base {
                    if !matches!(b.as_ref(), TypeRef::Named(n) if *n == base) {
                        notes.push(format!(
                            "the WSDL restricts {} from another base than {}",
                            rule.name,
                            rule.base.as_deref().unwrap_or_default()
                        ));
                        **b = TypeRef::Named(base);
                    }
                }
                merge_facets(&rule.name, facets, rule, &mut notes);
            }
        }
        for n in notes {
            self.warn(&rule.loc, n);
        }
        Ok(())
    }

    fn element(&mut self, rule: &ElementRule) -> Result<()> {
        let first = self.qname(&rule.path[0], &rule.loc)?;
        let not_found = |what: String| Error::at(rule.loc.clone(), what);
        if rule.path.len() == 1 {
            let mut el = self.defs.schemas.elements.remove(&first).ok_or_else(|| {
                not_found(format!(
                    "element {} is not defined in the WSDL",
                    rule.path[0]
                ))
            })?;
            let r = self.patch_element(&mut el, rule);
            self.defs.schemas.elements.insert(first, el);
            return r;
        }
        let mut container = first;
        let mut at = 1;
        loop {
            let mut ct = self.take_complex(&container).ok_or_else(|| {
                not_found(format!(
                    "{} is neither a complex type nor an element with one in the WSDL",
                    container.local
                ))
            })?;
            let target = find_path(&mut ct, &rule.path[at..], at);
            let result = match &target {
                Target::Found => {
                    let el = child_mut(&mut ct, &rule.path[at..]).expect("found above");
                    self.patch_element(el, rule)
                }
                _ => Ok(()),
            };
            self.put_complex(&container, ct);
            result?;
            match target {
                Target::Found => return Ok(()),
                Target::Named(q, next) => {
                    container = q;
                    at = next;
                }
                Target::Missing(name) => {
                    return Err(not_found(format!(
                        "{} has no element {name} in the WSDL",
                        rule.path[..at].join("/")
                    )))
                }
            }
        }
    }

    /// Removes the complex type `q` (named, or anonymous in element `q`) for editing.
    fn take_complex(&mut self, q: &QName) -> Option<ComplexType> {
        let s = &mut self.defs.schemas;
        if let Some(ct) = s.complex_types.remove(q) {
            return Some(ct);
        }
        match s.elements.get_mut(q).map(|e| &mut e.ty) {
            Some(TypeRef::Complex(ct)) => {
                let loc = ct.loc.clone();
                Some(std::mem::replace(
                    ct.as_mut(),
                    ComplexType {
                        name: None,
                        particles: Vec::new(),
                        attributes: Vec::new(),
                        base: None,
                        simple_content: false,
                        mixed: false,
                        is_abstract: false,
                        unsupported: None,
                        doc: None,
                        loc,
                    },
                ))
            }
            _ => None,
        }
    }

    fn put_complex(&mut self, q: &QName, ct: ComplexType) {
        let s = &mut self.defs.schemas;
        if ct.name.is_some() {
            s.complex_types.insert(q.clone(), ct);
        } else if let Some(TypeRef::Complex(slot)) = s.elements.get_mut(q).map(|e| &mut e.ty) {
            **slot = ct;
        }
    }

    fn patch_element(&mut self, el: &mut Element, rule: &ElementRule) -> Result<()> {
        let path = rule.path.join("/");
        if let Some((name, loc)) = &rule.ty {
            let q = self.qname(name, loc)?;
            let s = &self.defs.schemas;
            let known = q.ns == NS_XSD
                || s.simple_types.contains_key(&q)
                || s.complex_types.contains_key(&q);
            if !known {
                return Err(Error::at(
                    loc.clone(),
                    format!("type {name} is defined neither in the WSDL nor by a [types] rule"),
                ));
            }
            let same = matches!(&el.ty, TypeRef::Named(old) if *old == q);
            if !same {
                if !refines(s, &el.ty, &q) {
                    let old = match &el.ty {
                        TypeRef::Named(old) => old.local.clone(),
                        _ => "an anonymous or other type".into(),
                    };
                    self.warn(
                        &rule.loc,
                        format!("the WSDL types {path} as {old}, the rule as {name}"),
                    );
                }
                el.ty = TypeRef::Named(q);
            }
        }
        if let Some(min) = rule.min_occurs {
            if min < el.min_occurs {
                self.warn(
                    &rule.loc,
                    format!(
                        "the rule relaxes minOccurs of {path} from {} to {min}",
                        el.min_occurs
                    ),
                );
            }
            el.min_occurs = min;
        }
        if let Some(max) = rule.max_occurs {
            if max_above(max, el.max_occurs) {
                self.warn(
                    &rule.loc,
                    format!("the rule raises maxOccurs of {path} above the WSDL's"),
                );
            }
            el.max_occurs = max;
        }
        if let Some(nillable) = rule.nillable {
            if nillable && !el.nillable {
                self.warn(
                    &rule.loc,
                    format!("the rule makes {path} nillable, the WSDL does not"),
                );
            }
            el.nillable = nillable;
        }
        if rule.doc.is_some() {
            el.doc = rule.doc.clone();
        }
        Ok(())
    }

    fn operation(&mut self, rule: &OperationRule) -> Result<()> {
        let mut found = false;
        for pt in self.defs.port_types.values_mut() {
            for op in pt.operations.iter_mut().filter(|o| o.name == rule.name) {
                found = true;
                if rule.doc.is_some() {
                    op.doc = rule.doc.clone();
                }
            }
        }
        if !found {
            return Err(Error::at(
                rule.loc.clone(),
                format!("operation {} is not defined in the WSDL", rule.name),
            ));
        }
        for (part, required, loc) in &rule.headers {
            let mut seen = false;
            for b in &mut self.defs.bindings {
                for op in b.operations.iter_mut().filter(|o| o.name == rule.name) {
                    for h in op.input_headers.iter_mut().filter(|h| &h.part == part) {
                        seen = true;
                        h.required = *required;
                    }
                }
            }
            if !seen {
                return Err(Error::at(
                    loc.clone(),
                    format!(
                        "operation {} has no soap:header with part {part} in the WSDL",
                        rule.name
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Finds the element at `path` inside `ct`. `at` is the index of `path[0]` in the whole path.
fn find_path(ct: &mut ComplexType, path: &[String], at: usize) -> Target {
    let Some(el) = local_element(&mut ct.particles, &path[0]) else {
        return Target::Missing(path[0].clone());
    };
    if path.len() == 1 {
        return Target::Found;
    }
    match &mut el.ty {
        TypeRef::Complex(inner) => match find_path(inner, &path[1..], at + 1) {
            Target::Found => Target::Found,
            other => other,
        },
        TypeRef::Named(q) => Target::Named(q.clone(), at + 1),
        _ => Target::Missing(path[1].clone()),
    }
}

fn child_mut<'c>(ct: &'c mut ComplexType, path: &[String]) -> Option<&'c mut Element> {
    let el = local_element(&mut ct.particles, &path[0])?;
    if path.len() == 1 {
        return Some(el);
    }
    match &mut el.ty {
        TypeRef::Complex(inner) => child_mut(inner, &path[1..]),
        _ => None,
    }
}

fn local_element<'p>(particles: &'p mut [Particle], local: &str) -> Option<&'p mut Element> {
    particles.iter_mut().find_map(|p| match p {
        Particle::Element(e) if e.name.local == local => Some(e),
        Particle::Choice(c) => local_element(&mut c.options, local),
        Particle::Sequence(q) => local_element(&mut q.particles, local),
        _ => None,
    })
}

/// Whether typing an element `new` instead of `old` only narrows it: `old` is a built-in that
/// `new` restricts (through any chain of restrictions) or that is a member of the union `new`.
fn refines(s: &raw::Schemas, old: &TypeRef, new: &QName) -> bool {
    let TypeRef::Named(old) = old else {
        return false;
    };
    if old.ns != NS_XSD {
        return false;
    }
    let mut current = new.clone();
    for _ in 0..32 {
        let Some(st) = s.simple_types.get(&current) else {
            return current == *old;
        };
        match &st.kind {
            SimpleKind::Restriction { base, .. } => match base.as_ref() {
                TypeRef::Named(b) => current = b.clone(),
                _ => return false,
            },
            SimpleKind::Union { members } => {
                return members
                    .iter()
                    .any(|m| matches!(m, TypeRef::Named(n) if n == old));
            }
            SimpleKind::List { .. } => return false,
        }
    }
    false
}

fn names(refs: &[TypeRef]) -> Vec<String> {
    refs.iter()
        .map(|r| match r {
            TypeRef::Named(q) => q.to_string(),
            _ => "?".into(),
        })
        .collect()
}

fn max_above(rule: MaxOccurs, wsdl: MaxOccurs) -> bool {
    match (rule, wsdl) {
        (MaxOccurs::Unbounded, MaxOccurs::Bounded(_)) => true,
        (MaxOccurs::Bounded(a), MaxOccurs::Bounded(b)) => a > b,
        _ => false,
    }
}

/// `(facet name, value)` of every facet set in `f` (enumeration aside).
fn facet_list(f: &Facets) -> Vec<(&'static str, String)> {
    let n = |v: Option<u32>| v.map(|v| v.to_string());
    [
        ("length", n(f.length)),
        ("minLength", n(f.min_length)),
        ("maxLength", n(f.max_length)),
        ("minInclusive", f.min_inclusive.clone()),
        ("maxInclusive", f.max_inclusive.clone()),
        ("minExclusive", f.min_exclusive.clone()),
        ("maxExclusive", f.max_exclusive.clone()),
        ("totalDigits", n(f.total_digits)),
        ("fractionDigits", n(f.fraction_digits)),
        (
            "pattern",
            (!f.patterns.is_empty()).then(|| f.patterns.join(" | ")),
        ),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect()
}

/// Merges the rule's facets and code list into the WSDL's; notes each disagreement.
fn merge_facets(name: &str, wsdl: &mut Facets, rule: &TypeRule, notes: &mut Vec<String>) {
    let theirs = facet_list(wsdl);
    for (k, v) in facet_list(&rule.facets) {
        if let Some((_, w)) = theirs.iter().find(|(tk, _)| *tk == k) {
            if *w != v {
                notes.push(format!("the WSDL gives {name} {k} {w}, the rule {v}"));
            }
        }
    }
    let r = &rule.facets;
    macro_rules! take {
        ($($f:ident),*) => { $( if r.$f.is_some() { wsdl.$f = r.$f.clone(); } )* };
    }
    take!(
        length,
        min_length,
        max_length,
        min_inclusive,
        max_inclusive,
        min_exclusive,
        max_exclusive,
        total_digits,
        fraction_digits
    );
    if !r.patterns.is_empty() {
        wsdl.patterns = r.patterns.clone();
    }
    if let Some(values) = &rule.values {
        let listed = |v: &[EnumValue]| v.iter().map(|e| e.value.clone()).collect::<Vec<_>>();
        if !wsdl.enumeration.is_empty() && listed(&wsdl.enumeration) != listed(values) {
            notes.push(format!(
                "the WSDL lists the values {} for {name}, the rule {}",
                listed(&wsdl.enumeration).join(" "),
                listed(values).join(" ")
            ));
        }
        let merged = values
            .iter()
            .map(|v| {
                let from_wsdl = wsdl.enumeration.iter().find(|w| w.value == v.value);
                EnumValue {
                    doc: v
                        .doc
                        .clone()
                        .or_else(|| from_wsdl.and_then(|w| w.doc.clone())),
                    loc: from_wsdl.map_or_else(|| v.loc.clone(), |w| w.loc.clone()),
                    ..v.clone()
                }
            })
            .collect();
        wsdl.enumeration = merged;
    }
}
