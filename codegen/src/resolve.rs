//! Resolves the raw WSDL/XSD components into the [`Model`]: picks the SOAP binding, follows every
//! operation to the types it reaches (nothing else is generated), merges facets along restriction
//! chains, names everything for Rust and breaks cycles with boxes.

use crate::error::{Error, Location, Result};
use crate::model::*;
use crate::names::{Names, Unique};
use crate::parse::NS_XSD;
use crate::raw::{self, Definitions, MaxOccurs, QName, SimpleKind, SoapVersion, TypeRef};
use crate::Config;
use std::collections::BTreeMap;

#[path = "resolve_dyn.rs"]
mod dyns;
#[path = "resolve_group.rs"]
mod group;
#[path = "resolve_mixed.rs"]
mod mixed;

pub fn resolve(defs: &Definitions, config: &Config) -> Result<Model> {
    let mut r = Resolver {
        defs,
        config,
        names: Names::new(&[
            // Items every generated module has (the server's whether generated or not, so
            // that a type's name does not depend on the configuration).
            "SoapHeaders",
            "Operation",
            "Service",
            "Dispatcher",
            "String",
            "Option",
            "Vec",
            "Box",
            "Result",
            "Some",
            "None",
            "Ok",
            "Err",
            "Self",
            "Default",
            "Clone",
            "Debug",
            "PartialEq",
        ]),
        structs: Vec::new(),
        enums: Vec::new(),
        unions: Vec::new(),
        choices: Vec::new(),
        dyns: Vec::new(),
        derived: None,
        named_dyns: BTreeMap::new(),
        dyn_in_progress: Vec::new(),
        lists: Vec::new(),
        named_structs: BTreeMap::new(),
        named_enums: BTreeMap::new(),
        named_unions: BTreeMap::new(),
        namespaces: Vec::new(),
        in_progress: Vec::new(),
        anonymous_in_progress: Vec::new(),
        simple_in_progress: Vec::new(),
        named_groups: BTreeMap::new(),
    };
    let model = r.run()?;
    Ok(model)
}

struct Resolver<'a> {
    defs: &'a Definitions,
    config: &'a Config,
    names: Names,
    structs: Vec<Option<Struct>>,
    enums: Vec<Enum>,
    unions: Vec<Union>,
    choices: Vec<Choice>,
    dyns: Vec<Dyn>,
    /// The complex types derived by extension from each complex type, directly; made when
    /// first needed.
    derived: Option<BTreeMap<QName, Vec<QName>>>,
    /// The [`Dyn`] of each complex type with derived types.
    named_dyns: BTreeMap<QName, usize>,
    /// Dyns whose variants are being resolved (a field of one of them is boxed).
    dyn_in_progress: Vec<usize>,
    lists: Vec<Value>,
    named_structs: BTreeMap<QName, usize>,
    /// Named enumeration and union types (and restrictions of them), with their facets.
    named_enums: BTreeMap<QName, (usize, Facets)>,
    named_unions: BTreeMap<QName, (usize, Facets)>,
    namespaces: Vec<(String, String)>,
    /// Structs being resolved (for cycle detection).
    in_progress: Vec<usize>,
    /// Anonymous complex types being resolved, with their struct: a type that reaches itself
    /// (through a `ref` to its global element, or a group that nests it) reuses that struct.
    anonymous_in_progress: Vec<(&'a raw::ComplexType, usize)>,
    /// Named simple types being resolved, to report one that derives from itself.
    simple_in_progress: Vec<QName>,
    /// The struct of each `xs:group` kept as a unit (a repeated or optional reference, an
    /// option of a choice).
    named_groups: BTreeMap<QName, usize>,
}

/// How a binding selects the body of one direction of an operation from its message.
struct BodyBinding<'a> {
    message: &'a QName,
    /// `soap:body parts`.
    listed: Option<&'a [String]>,
    /// The `soap:header`s of this direction.
    headers: &'a [raw::HeaderBinding],
    /// Name of the struct of an unwrapped body.
    unwrapped_name: String,
}

/// How deeply struct definitions may nest while resolving (a type whose field's type has a
/// field ... ): each level costs stack, so a deeper chain of distinct types is an error rather
/// than a stack overflow. Cycles do not count: a type that reaches itself is boxed.
const MAX_STRUCT_NESTING: usize = 200;

/// How deeply simple type derivations (restriction bases, union members, list items) may nest.
const MAX_SIMPLE_NESTING: usize = 64;

/// Most particles (or attributes) a type may have once its group references are expanded: a
/// group that references another group several times, and so on, multiplies its size.
const MAX_EXPANDED: usize = 100_000;

impl<'a> Resolver<'a> {
    fn run(&mut self) -> Result<Model> {
        let root_loc = self.defs.root.clone().unwrap_or(Location {
            file: "?".into(),
            line: 1,
            column: 1,
        });
        let (service, binding) = self.choose_binding(&root_loc)?;
        let soap_version = binding.soap.unwrap_or(SoapVersion::Soap11);
        let port_type = self.port_type(binding)?;
        let endpoints: Vec<(String, String)> = service
            .map(|s| {
                s.ports
                    .iter()
                    .filter(|p| p.binding == binding.name)
                    .filter_map(|p| p.address.clone().map(|a| (p.name.clone(), a)))
                    .collect()
            })
            .unwrap_or_default();
        let service_name = service
            .map(|s| s.name.local.clone())
            .unwrap_or_else(|| binding.name.local.clone());
        let mut headers: Vec<Header> = Vec::new();
        let operations = self.operations(binding, port_type, &mut headers)?;
        self.extra_types(&root_loc)?;
        let structs = std::mem::take(&mut self.structs)
            .into_iter()
            .map(|s| s.expect("struct finished"))
            .collect();
        Ok(Model {
            service_name,
            doc: service.and_then(|s| s.doc.clone()),
            soap_version,
            namespaces: std::mem::take(&mut self.namespaces),
            endpoints,
            named_endpoints: self.defs.named_endpoints.clone(),
            operations,
            headers,
            structs,
            enums: std::mem::take(&mut self.enums),
            unions: std::mem::take(&mut self.unions),
            choices: std::mem::take(&mut self.choices),
            dyns: std::mem::take(&mut self.dyns),
            lists: std::mem::take(&mut self.lists),
        })
    }

    /// The port type `binding` implements (document style: rpc bindings are refused).
    fn port_type(&self, binding: &'a raw::Binding) -> Result<&'a raw::PortType> {
        let port_type = self
            .defs
            .port_types
            .get(&binding.port_type)
            .ok_or_else(|| {
                Error::at(
                    binding.loc.clone(),
                    format!(
                        "binding refers to portType {} which is not defined",
                        binding.port_type
                    ),
                )
            })?;
        if binding.style.as_deref() == Some("rpc") {
            return Err(Error::unsupported(
                binding.loc.clone(),
                "rpc style bindings (only document/literal is generated)",
            ));
        }
        Ok(port_type)
    }

    /// The binding's operations, in binding order; two whose Rust names clash (overloads, or
    /// names that differ only in case or punctuation) are a located error.
    fn operations(
        &mut self,
        binding: &'a raw::Binding,
        port_type: &'a raw::PortType,
        headers: &mut Vec<Header>,
    ) -> Result<Vec<Operation>> {
        let mut operations = Vec::new();
        // The Rust names of the operations so far (type, method), and whose they are.
        let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
        for bop in &binding.operations {
            let op = self.operation(bop, port_type, headers)?;
            for rust in [
                crate::names::op_type_name(&op.name),
                crate::names::field_ident(&op.name),
            ] {
                if let Some(other) = rust_names.insert(rust.clone(), op.name.clone()) {
                    return Err(Error::unsupported(
                        bop.loc.clone(),
                        format!(
                            "operations \"{other}\" and \"{}\" have the same Rust name `{rust}` (overloaded operations, or names that differ only in case or punctuation)",
                            op.name
                        ),
                    ));
                }
            }
            operations.push(op);
        }
        Ok(operations)
    }

    /// Resolves the simple types the configuration names (e.g. a fault-code enumeration no
    /// element uses), so they are generated too.
    fn extra_types(&mut self, root_loc: &Location) -> Result<()> {
        for local in &self.config.extra_types {
            let found = self
                .defs
                .schemas
                .simple_types
                .keys()
                .find(|q| &q.local == local)
                .cloned();
            let Some(q) = found else {
                return Err(Error::at(
                    root_loc.clone(),
                    format!("configured type \"{local}\" is not defined in the schema"),
                ));
            };
            self.simple_of(&TypeRef::Named(q), root_loc, local)?;
        }
        Ok(())
    }

    /// The binding to generate from, with the service whose port uses it (if any): the one
    /// [`Builder::binding`](crate::Builder::binding) names, else the first SOAP 1.1 binding a
    /// port uses, else the first SOAP 1.2 one (bindings no port uses count when no port uses
    /// any).
    fn choose_binding(
        &self,
        root_loc: &Location,
    ) -> Result<(Option<&'a raw::Service>, &'a raw::Binding)> {
        let defs = self.defs;
        let mut candidates: Vec<(Option<&raw::Service>, &raw::Binding)> = Vec::new();
        for service in &defs.services {
            for port in &service.ports {
                if let Some(b) = defs.bindings.iter().find(|b| b.name == port.binding) {
                    candidates.push((Some(service), b));
                }
            }
        }
        if let Some(name) = &self.config.binding {
            return self.named_binding(name, &candidates, root_loc);
        }
        if candidates.is_empty() {
            candidates.extend(defs.bindings.iter().map(|b| (None, b)));
        }
        let soap: Vec<_> = candidates.iter().filter(|c| c.1.soap.is_some()).collect();
        if let Some(&&chosen) = soap
            .iter()
            .find(|c| c.1.soap == Some(SoapVersion::Soap11))
            .or_else(|| soap.first())
        {
            return Ok(chosen);
        }
        let loc = defs
            .bindings
            .first()
            .map(|b| b.loc.clone())
            .unwrap_or_else(|| root_loc.clone());
        Err(if defs.bindings.is_empty() {
            Error::at(loc, "no wsdl:binding found: nothing to generate")
        } else {
            Error::unsupported(
                loc,
                "no SOAP binding (only HTTP or other non-SOAP bindings)",
            )
        })
    }

    /// The binding named `name` (local name, or `{namespace}local`) and the service of a port
    /// that uses it; an error listing the bindings there are when there is none of that name.
    fn named_binding(
        &self,
        name: &str,
        candidates: &[(Option<&'a raw::Service>, &'a raw::Binding)],
        root_loc: &Location,
    ) -> Result<(Option<&'a raw::Service>, &'a raw::Binding)> {
        let defs = self.defs;
        let matches = |b: &raw::Binding| b.name.local == name || b.name.to_string() == name;
        let Some(binding) = defs.bindings.iter().find(|b| matches(b)) else {
            let list: Vec<String> = defs
                .bindings
                .iter()
                .map(|b| {
                    let kind = match b.soap {
                        Some(SoapVersion::Soap11) => "SOAP 1.1",
                        Some(SoapVersion::Soap12) => "SOAP 1.2",
                        None => "not SOAP",
                    };
                    format!("{} ({kind})", b.name.local)
                })
                .collect();
            let there = if list.is_empty() {
                "the WSDL defines no binding".to_owned()
            } else {
                format!("the WSDL's bindings are: {}", list.join(", "))
            };
            return Err(Error::at(
                root_loc.clone(),
                format!("the configured binding \"{name}\" is not defined; {there}"),
            ));
        };
        if binding.soap.is_none() {
            return Err(Error::unsupported(
                binding.loc.clone(),
                format!(
                    "binding \"{}\" is not a SOAP binding (only SOAP 1.1 and 1.2 bindings are generated)",
                    binding.name.local
                ),
            ));
        }
        let service = candidates
            .iter()
            .find(|c| std::ptr::eq(c.1, binding))
            .and_then(|c| c.0);
        Ok((service, binding))
    }

    /// One operation of the binding: its body elements and the headers of each direction
    /// (added to `headers`, the service's header table, when new).
    fn operation(
        &mut self,
        bop: &'a raw::BindingOperation,
        port_type: &'a raw::PortType,
        headers: &mut Vec<Header>,
    ) -> Result<Operation> {
        let pop = port_type
            .operations
            .iter()
            .find(|o| o.name == bop.name)
            .ok_or_else(|| {
                Error::at(
                    bop.loc.clone(),
                    format!(
                        "operation {} is not in portType {}",
                        bop.name, port_type.name
                    ),
                )
            })?;
        // An undefined message is an error whatever else the operation is.
        for m in pop.input.iter().chain(&pop.output) {
            if !self.defs.messages.contains_key(m) {
                return Err(Error::at(
                    pop.loc.clone(),
                    format!(
                        "operation {} refers to message {m}{}, which is not defined",
                        pop.name,
                        if m.ns.is_empty() {
                            " (in no namespace: an unprefixed name without a default namespace)"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
        if let Some((loc, why)) = &bop.mime_problem {
            return Err(Error::at(loc.clone(), why));
        }
        // rpc/literal is rewritten as document/literal before this; rpc/encoded is not.
        if bop.input_use.as_deref() == Some("encoded")
            || bop.output_use.as_deref() == Some("encoded")
        {
            return Err(Error::unsupported(
                bop.loc.clone(),
                "use=\"encoded\" (SOAP encoding); only literal is generated",
            ));
        }
        if bop.style.as_deref() == Some("rpc") {
            return Err(Error::unsupported(
                bop.loc.clone(),
                "rpc style operations (only document/literal is generated)",
            ));
        }
        if let Some((part, loc)) = bop.attachments.first() {
            return Err(Error::unsupported(
                loc.clone(),
                format!("SOAP with Attachments: part \"{part}\" is a MIME attachment (mime:content); MIME multipart messages are not generated"),
            ));
        }
        let input_msg = pop.input.as_ref().ok_or_else(|| {
            Error::unsupported(pop.loc.clone(), "notification operations (no input)")
        })?;
        let request_headers = self.header_uses(&bop.input_headers, headers)?;
        let response_headers = self.header_uses(&bop.output_headers, headers)?;
        let request = BodyBinding {
            message: input_msg,
            listed: bop.input_body_parts.as_deref(),
            headers: &bop.input_headers,
            unwrapped_name: format!("{}Request", bop.name),
        };
        let (input, input_unwrapped) = self.body(&request, &bop.loc)?;
        let output = match &pop.output {
            Some(m) => {
                let response = BodyBinding {
                    message: m,
                    listed: bop.output_body_parts.as_deref(),
                    headers: &bop.output_headers,
                    unwrapped_name: format!("{}Response", bop.name),
                };
                Some(self.body(&response, &bop.loc)?)
            }
            None => None,
        };
        Ok(Operation {
            name: bop.name.clone(),
            doc: pop.doc.clone(),
            soap_action: bop.soap_action.clone().unwrap_or_default(),
            input,
            input_unwrapped,
            output_unwrapped: output.as_ref().is_some_and(|o| o.1),
            output: output.map(|o| o.0),
            headers: request_headers,
            response_headers,
        })
    }

    /// The headers `bindings` put in one direction of an operation, as indexes into the
    /// service's header table `headers` (a header element new to it is added) with whether
    /// each is required.
    fn header_uses(
        &mut self,
        bindings: &'a [raw::HeaderBinding],
        headers: &mut Vec<Header>,
    ) -> Result<Vec<(usize, bool)>> {
        let mut uses = Vec::new();
        for h in bindings {
            let (el_name, el) = self.message_part_element(&h.message, &h.part, &h.loc)?;
            let idx = match headers.iter().position(|x| x.name == el_name) {
                Some(i) => i,
                None => {
                    let (value, facets) = self.element_value(&el.ty, &el.loc, &el_name.local)?;
                    self.use_namespace(&el_name.ns);
                    headers.push(Header {
                        field: self.field_name(&el_name.local),
                        sensitive: self.config.is_sensitive(&el_name.local),
                        name: el_name.clone(),
                        value,
                        facets,
                        doc: el.doc.clone(),
                    });
                    headers.len() - 1
                }
            };
            uses.push((idx, h.required));
        }
        Ok(uses)
    }

    /// The body of one direction of an operation: the element and struct of its only body
    /// part (`false`), or, for a body of no part or of several, a struct whose fields are the
    /// body's children, named after the first of them (`true`: unwrapped).
    fn body(&mut self, b: &BodyBinding<'a>, loc: &Location) -> Result<((QName, usize), bool)> {
        let msg = self.defs.messages.get(b.message).ok_or_else(|| {
            Error::at(loc.clone(), format!("message {} is not defined", b.message))
        })?;
        if let Some(missing) = b
            .listed
            .and_then(|l| l.iter().find(|n| !msg.parts.iter().any(|p| &&p.name == n)))
        {
            return Err(Error::at(
                loc.clone(),
                format!(
                    "soap:body parts names \"{missing}\", which message {} does not have",
                    b.message.local
                ),
            ));
        }
        // The parts `soap:body parts` lists; without it, every part no soap:header binds.
        let parts: Vec<&'a raw::Part> = msg
            .parts
            .iter()
            .filter(|p| match b.listed {
                Some(l) => l.contains(&p.name),
                None => !b
                    .headers
                    .iter()
                    .any(|h| &h.message == b.message && h.part == p.name),
            })
            .collect();
        if let [part] = parts.as_slice() {
            return Ok((self.body_element(b.message, part)?, false));
        }
        let idx = self.reserve_struct(&b.unwrapped_name);
        let mut fields = Vec::new();
        let mut used = Vec::new();
        let mut first = QName::new("", "");
        for part in &parts {
            let (el_name, el) = self.message_part_element(b.message, &part.name, &part.loc)?;
            self.use_namespace(&el_name.ns);
            let (value, facets) = self.element_value(&el.ty, &el.loc, &el_name.local)?;
            let mut rust = self.field_name(&el_name.local);
            while used.contains(&rust) {
                rust.push('_');
            }
            used.push(rust.clone());
            if fields.is_empty() {
                first = el_name.clone();
            }
            fields.push(Field {
                facets,
                doc: el.doc.clone(),
                nillable: el.nillable,
                sensitive: self.config.is_sensitive(&el_name.local),
                ..Field::new(FieldKind::Element, rust, el_name, value)
            });
        }
        let s = self.structs[idx].as_mut().expect("reserved");
        s.fields = fields;
        s.doc = Some(format!(
            "The body of message `{}`: its parts {}, each an element of the SOAP Body (no element wraps them).",
            b.message.local,
            parts.iter().map(|p| format!("`{}`", p.name)).collect::<Vec<_>>().join(", ")
        ));
        s.loc = msg.loc.clone();
        self.in_progress.retain(|&i| i != idx);
        Ok(((first, idx), true))
    }

    fn use_namespace(&mut self, ns: &str) {
        if ns.is_empty() || self.namespaces.iter().any(|(_, u)| u == ns) {
            return;
        }
        let prefix = self
            .config
            .prefixes
            .get(ns)
            .cloned()
            .unwrap_or_else(|| format!("ns{}", self.namespaces.len()));
        self.namespaces.push((prefix, ns.to_owned()));
    }

    fn field_name(&self, xml: &str) -> String {
        crate::names::field_ident(xml)
    }

    fn message_part_element(
        &self,
        message: &QName,
        part: &str,
        loc: &Location,
    ) -> Result<(QName, &'a raw::Element)> {
        let msg =
            self.defs.messages.get(message).ok_or_else(|| {
                Error::at(loc.clone(), format!("message {message} is not defined"))
            })?;
        let p = msg.parts.iter().find(|p| p.name == part).ok_or_else(|| {
            Error::at(
                loc.clone(),
                format!("message {message} has no part \"{part}\""),
            )
        })?;
        let el_name = p.element.clone().ok_or_else(|| {
            Error::unsupported(p.loc.clone(), format!("part \"{part}\" with type= (rpc style parts); only element= parts are generated"))
        })?;
        let el = self.global_element(&el_name, &p.loc)?;
        Ok((el_name, el))
    }

    /// The body element of a message with one body part, and its struct.
    fn body_element(&mut self, message: &QName, part: &raw::Part) -> Result<(QName, usize)> {
        let (el_name, el) = self.message_part_element(message, &part.name, &part.loc)?;
        self.use_namespace(&el_name.ns);
        let idx = match &el.ty {
            TypeRef::Named(q)
                if q.ns != NS_XSD && self.defs.schemas.complex_types.contains_key(q) =>
            {
                self.named_complex(q, &el.loc)?
            }
            TypeRef::Complex(ct) => self.new_struct(&el_name.local, ct)?,
            TypeRef::Any => {
                // Anything: the element's content as raw XML.
                let idx = self.reserve_struct(&el_name.local);
                let s = self.structs[idx].as_mut().expect("reserved");
                s.doc = el.doc.clone();
                s.loc = el.loc.clone();
                s.fields.push(Field::content("content".into()));
                self.in_progress.retain(|&i| i != idx);
                idx
            }
            simple => {
                // A body element of a simple type: a struct holding its text.
                let (value, facets) = self.simple_of(simple, &el.loc, &el_name.local)?;
                let idx = self.reserve_struct(&el_name.local);
                let s = self.structs[idx].as_mut().expect("reserved");
                s.doc = el.doc.clone();
                s.loc = el.loc.clone();
                s.fields.push(Field::text("value".into(), value, facets));
                self.in_progress.retain(|&i| i != idx);
                idx
            }
        };
        Ok((el_name, idx))
    }

    fn global_element(&self, q: &QName, loc: &Location) -> Result<&'a raw::Element> {
        self.defs
            .schemas
            .elements
            .get(q)
            .ok_or_else(|| self.missing(q, loc, "element"))
    }

    fn missing(&self, q: &QName, loc: &Location, what: &str) -> Error {
        match self.defs.schemas.unresolved_imports.get(&q.ns) {
            Some(imp) => Error::at(
                loc.clone(),
                format!("{what} {q} is not defined: the schema import for its namespace at {imp} could not be resolved to a local file"),
            ),
            None => Error::at(loc.clone(), format!("{what} {q} is not defined")),
        }
    }

    fn named_complex(&mut self, q: &QName, loc: &Location) -> Result<usize> {
        if let Some(&i) = self.named_structs.get(q) {
            return Ok(i);
        }
        let ct = self
            .defs
            .schemas
            .complex_types
            .get(q)
            .ok_or_else(|| self.missing(q, loc, "complex type"))?;
        let idx = self.reserve_struct(&q.local);
        self.named_structs.insert(q.clone(), idx);
        self.fill_struct(idx, ct)?;
        Ok(idx)
    }

    fn reserve_struct(&mut self, base: &str) -> usize {
        let name = self.names.type_name(base);
        self.structs.push(Some(Struct {
            name,
            doc: None,
            fields: Vec::new(),
            group: false,
            loc: Location {
                file: "".into(),
                line: 0,
                column: 0,
            },
        }));
        let idx = self.structs.len() - 1;
        // Mark as unfinished so cycle detection can see it.
        self.in_progress.push(idx);
        idx
    }

    /// The struct of an anonymous complex type. One that is still being resolved is reused,
    /// so a type reaching itself (an element `ref` to its own global element, a group that
    /// nests itself in an element) gives a recursive (boxed) field, not an endless descent.
    fn new_struct(&mut self, base: &str, ct: &'a raw::ComplexType) -> Result<usize> {
        if let Some(&(_, idx)) = self
            .anonymous_in_progress
            .iter()
            .find(|(c, _)| std::ptr::eq(*c, ct))
        {
            return Ok(idx);
        }
        let idx = self.reserve_struct(base);
        self.anonymous_in_progress.push((ct, idx));
        self.fill_struct(idx, ct)?;
        self.anonymous_in_progress.pop();
        Ok(idx)
    }

    /// Refuses one more level of structs being resolved (at `loc`) beyond
    /// [`MAX_STRUCT_NESTING`]: each level costs stack. `what` nested more than so many levels
    /// deep, then `detail`, is the error.
    fn check_nesting(&self, loc: &Location, what: &str, detail: &str) -> Result<()> {
        if self.in_progress.len() > MAX_STRUCT_NESTING {
            return Err(Error::unsupported(
                loc.clone(),
                format!("{what} nested more than {MAX_STRUCT_NESTING} levels deep{detail}"),
            ));
        }
        Ok(())
    }

    fn fill_struct(&mut self, idx: usize, ct: &'a raw::ComplexType) -> Result<()> {
        self.check_nesting(
            &ct.loc,
            "types",
            " (a type with a field of a type with a field ...)",
        )?;
        let owner = self.structs[idx].as_ref().expect("reserved").name.clone();
        let mut chain: Vec<&'a raw::ComplexType> = Vec::new();
        let mut text = None;
        self.collect_chain(ct, &mut chain, &mut text)?;
        let mut fields = Vec::new();
        let mut used = Unique::default();
        if let Some((value, facets)) = text {
            fields.push(Field::text(used.member("value".into()), value, facets));
        }
        let mut flat = Vec::new();
        for c in &chain {
            self.expand(&c.particles, &mut flat, &mut Vec::new())?;
        }
        if chain.iter().any(|c| c.mixed) {
            if flat.iter().all(|p| matches!(p, Flat::Any(..))) {
                // Text between wildcards is kept with them, as the raw content.
                fields.push(Field::content(used.member("content".into())));
            } else {
                fields.push(self.mixed_field(&owner, &flat, &mut used)?);
            }
            flat.clear();
        }
        self.content_fields(&owner, flat, &mut used, &mut fields)?;
        self.attribute_fields(&owner, &chain, &mut used, &mut fields)?;
        let s = self.structs[idx].as_mut().expect("reserved");
        s.fields = fields;
        s.doc = ct.doc.clone();
        s.loc = ct.loc.clone();
        self.in_progress.retain(|&i| i != idx);
        Ok(())
    }

    /// The attribute fields of struct `owner`, whose derivation chain is `chain`, added to
    /// `fields`; an `xs:anyAttribute` anywhere in it adds one field for the others.
    fn attribute_fields(
        &mut self,
        owner: &str,
        chain: &[&'a raw::ComplexType],
        used: &mut Unique,
        fields: &mut Vec<Field>,
    ) -> Result<()> {
        let mut attrs = Vec::new();
        let mut wildcard = false;
        for c in chain {
            self.expand_attributes(&c.attributes, &mut attrs, &mut Vec::new(), &mut wildcard)?;
        }
        let mut attributes_seen = std::collections::HashSet::new();
        for (attr, required) in attrs {
            // An attribute the derivation chain declares twice is one field, the first.
            if !attributes_seen.insert(attr.name.clone()) {
                continue;
            }
            let ctx_name = format!(
                "{owner}{}",
                heck::ToUpperCamelCase::to_upper_camel_case(attr.name.local.as_str())
            );
            let (value, facets) = match &attr.ty {
                Some(t) => self.simple_of(t, &attr.loc, &ctx_name)?,
                None => (Value::Builtin(Builtin::String), Facets::default()),
            };
            self.use_namespace(&attr.name.ns);
            let rust = used.member(self.field_name(&attr.name.local));
            let field = Field {
                facets,
                doc: attr.doc.clone(),
                min: u32::from(required),
                sensitive: self.config.is_sensitive(&attr.name.local),
                value_constraint: attr.value.clone(),
                ..Field::new(FieldKind::Attribute, rust, attr.name.clone(), value)
            };
            self.check_value_constraint(&field, &attr.loc)?;
            fields.push(field);
        }
        if wildcard {
            fields.push(Field {
                doc: Some(
                    "Attributes matched by the schema's `xs:anyAttribute` wildcard (any the type does not declare), kept as they are."
                        .into(),
                ),
                min: 0,
                max: MaxOccurs::Unbounded,
                ..Field::new(
                    FieldKind::AnyAttribute,
                    used.member("other_attributes".into()),
                    QName::new("", "anyAttribute"),
                    Value::Builtin(Builtin::String),
                )
            });
        }
        Ok(())
    }

    /// The fields of the particles `flat` (groups expanded) of struct `owner`, added to
    /// `fields`.
    pub(super) fn content_fields(
        &mut self,
        owner: &str,
        flat: Vec<Flat<'a>>,
        used: &mut Unique,
        fields: &mut Vec<Field>,
    ) -> Result<()> {
        for particle in flat {
            match particle {
                Flat::Element(el) => {
                    let field = self.element_field(owner, el, used)?;
                    fields.push(field);
                }
                Flat::Choice(choice) => {
                    let ci = self.choice(owner, choice)?;
                    let rust = used.member("choice".into());
                    let names = self.choices[ci]
                        .variants
                        .iter()
                        .map(|v| v.xml.local.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let doc = format!("One of: {names}.");
                    // A choice with an option that may be empty is satisfied by nothing.
                    let groups = &self.defs.schemas.groups;
                    let min = if choice
                        .options
                        .iter()
                        .any(|o| group::emptiable(groups, o, 0))
                    {
                        0
                    } else {
                        choice.min_occurs
                    };
                    fields.push(Field {
                        doc: Some(doc),
                        min,
                        max: choice.max_occurs,
                        ..Field::new(
                            FieldKind::Element,
                            rust,
                            QName::new("", "choice"),
                            Value::Choice(ci),
                        )
                    });
                }
                Flat::Group(seq) => fields.push(self.group_field(owner, seq, used)?),
                Flat::Any(min, max) => {
                    let rust = used.member("any".into());
                    fields.push(Field {
                        doc: Some(
                            "Elements matched by the schema's `xs:any` wildcard, kept as raw XML."
                                .into(),
                        ),
                        min,
                        max,
                        ..Field::new(
                            FieldKind::Any,
                            rust,
                            QName::new("", "any"),
                            Value::Builtin(Builtin::AnyType),
                        )
                    });
                }
            }
        }
        Ok(())
    }

    /// The derivation chain of `ct`, most basic type first, and the text type of simple content.
    /// Walked in a loop, not recursively; a type that derives from itself (directly or through
    /// others) is an error at that type.
    fn collect_chain(
        &mut self,
        ct: &'a raw::ComplexType,
        chain: &mut Vec<&'a raw::ComplexType>,
        text: &mut Option<(Value, Facets)>,
    ) -> Result<()> {
        let mut current = ct;
        loop {
            if let Some((loc, what)) = &current.unsupported {
                return Err(Error::unsupported(loc.clone(), what));
            }
            chain.push(current);
            let Some(base) = &current.base else { break };
            match self.defs.schemas.complex_types.get(base) {
                Some(b) if chain.iter().any(|c| std::ptr::eq(*c, b)) => {
                    return Err(Error::at(
                        b.loc.clone(),
                        format!(
                            "complex type {base} derives from itself (circular extension or restriction base)"
                        ),
                    ));
                }
                Some(b) => current = b,
                None if current.simple_content => {
                    *text = Some(self.simple_of(
                        &TypeRef::Named(base.clone()),
                        &current.loc,
                        "Text",
                    )?);
                    break;
                }
                None => return Err(self.missing(base, &current.loc, "base type")),
            }
        }
        chain.reverse();
        Ok(())
    }

    /// Adds `particles` to `out` with group references expanded. `groups` are the groups being
    /// expanded: one that contains itself is an error (XSD forbids it; recursion through an
    /// element declaration inside the group is fine).
    fn expand(
        &self,
        particles: &'a [raw::Particle],
        out: &mut Vec<Flat<'a>>,
        groups: &mut Vec<&'a QName>,
    ) -> Result<()> {
        for p in particles {
            match p {
                raw::Particle::Element(e) => out.push(Flat::Element(e)),
                raw::Particle::Choice(c) => out.push(Flat::Choice(c)),
                raw::Particle::Sequence(q) => out.push(Flat::Group(q)),
                raw::Particle::Any {
                    min_occurs,
                    max_occurs,
                    ..
                } => out.push(Flat::Any(*min_occurs, *max_occurs)),
                raw::Particle::Group(q, loc) => {
                    let (ps, unsupported) = self
                        .defs
                        .schemas
                        .groups
                        .get(q)
                        .ok_or_else(|| self.missing(q, loc, "group"))?;
                    if let Some((l, what)) = unsupported {
                        return Err(Error::unsupported(l.clone(), what));
                    }
                    if groups.contains(&q) {
                        return Err(Error::at(
                            loc.clone(),
                            format!("group {q} contains itself (circular group reference)"),
                        ));
                    }
                    if groups.len() >= 32 {
                        return Err(Error::unsupported(
                            loc.clone(),
                            "group references nested more than 32 levels deep",
                        ));
                    }
                    groups.push(q);
                    self.expand(ps, out, groups)?;
                    groups.pop();
                }
            }
            if out.len() > MAX_EXPANDED {
                return Err(Error::unsupported(
                    p_loc(p),
                    format!("a content model of more than {MAX_EXPANDED} particles once its groups are expanded"),
                ));
            }
        }
        Ok(())
    }

    /// Adds the attributes of `uses` to `out`, attribute group references expanded (`groups`:
    /// the groups being expanded, as for [`Self::expand`]).
    fn expand_attributes(
        &self,
        uses: &'a [raw::AttributeUse],
        out: &mut Vec<(raw::Attribute, bool)>,
        groups: &mut Vec<&'a QName>,
        wildcard: &mut bool,
    ) -> Result<()> {
        for u in uses {
            match u {
                raw::AttributeUse::Wildcard(_) => *wildcard = true,
                raw::AttributeUse::Attribute(a) => out.push((a.clone(), a.required)),
                raw::AttributeUse::Ref {
                    name,
                    required,
                    value,
                    loc,
                } => {
                    let mut a = match self.defs.schemas.attributes.get(name) {
                        Some(a) => a.clone(),
                        // The `xml:` attributes are built in.
                        None if name.ns == "http://www.w3.org/XML/1998/namespace" => {
                            raw::Attribute {
                                name: name.clone(),
                                ty: None,
                                required: *required,
                                value: None,
                                doc: None,
                                loc: loc.clone(),
                            }
                        }
                        None => return Err(self.missing(name, loc, "attribute")),
                    };
                    if value.is_some() {
                        a.value = value.clone();
                    }
                    out.push((a, *required));
                }
                raw::AttributeUse::Group(q, loc) => {
                    let g = self
                        .defs
                        .schemas
                        .attribute_groups
                        .get(q)
                        .ok_or_else(|| self.missing(q, loc, "attribute group"))?;
                    if groups.contains(&q) {
                        return Err(Error::at(
                            loc.clone(),
                            format!("attribute group {q} contains itself (circular attribute group reference)"),
                        ));
                    }
                    if groups.len() >= 32 {
                        return Err(Error::unsupported(
                            loc.clone(),
                            "attribute group references nested more than 32 levels deep",
                        ));
                    }
                    groups.push(q);
                    self.expand_attributes(g, out, groups, wildcard)?;
                    groups.pop();
                    if out.len() > MAX_EXPANDED {
                        return Err(Error::unsupported(
                            loc.clone(),
                            format!("more than {MAX_EXPANDED} attributes once attribute groups are expanded"),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn choice(&mut self, owner: &str, c: &'a raw::Choice) -> Result<usize> {
        let name = self.names.type_name(&format!("{owner}Choice"));
        let mut variants: Vec<ChoiceVariant> = Vec::new();
        let mut used = Unique::default();
        self.choice_options(&name, &c.options, &mut variants, &mut used)?;
        if variants.is_empty() {
            return Err(Error::unsupported(c.loc.clone(), "an empty xs:choice"));
        }
        self.choices.push(Choice {
            name,
            doc: None,
            variants,
            mixed: None,
        });
        Ok(self.choices.len() - 1)
    }

    /// The variant of enum `enum_name` (a choice, or mixed content's items) for option `opt`,
    /// whose [`Self::deref_element`] is `el`; `used` holds the variant names taken.
    fn choice_variant(
        &mut self,
        enum_name: &str,
        opt: &'a raw::Element,
        el: (QName, &'a TypeRef, Option<String>, bool),
        used: &mut Unique,
    ) -> Result<ChoiceVariant> {
        let (xml, ty, doc, nillable) = el;
        self.use_namespace(&xml.ns);
        let ctx_name = format!(
            "{enum_name}{}",
            heck::ToUpperCamelCase::to_upper_camel_case(xml.local.as_str())
        );
        let (value, facets) = self.element_value(ty, &opt.loc, &ctx_name)?;
        let rust = used.member(crate::names::variant_name(&xml.local));
        // A repeated option is a Vec, which needs no box to hold its own type.
        let boxed = !opt.max_occurs.is_many() && self.needs_box(value);
        Ok(ChoiceVariant {
            kind: VariantKind::Element,
            rust,
            xml,
            value,
            facets,
            nillable,
            boxed,
            doc,
            repeated: opt.max_occurs.is_many(),
        })
    }

    /// Name, type, documentation and nillability of an element, following `ref=`.
    fn deref_element(
        &self,
        el: &'a raw::Element,
    ) -> Result<(QName, &'a TypeRef, Option<String>, bool)> {
        Ok(match &el.ty {
            TypeRef::ElementRef(target) => {
                let g = self.global_element(target, &el.loc)?;
                if matches!(g.ty, TypeRef::ElementRef(_)) {
                    return Err(Error::at(
                        g.loc.clone(),
                        format!("global element {target} is itself a reference (ref=); a global element declaration needs a name"),
                    ));
                }
                (
                    g.name.clone(),
                    &g.ty,
                    el.doc.clone().or_else(|| g.doc.clone()),
                    el.nillable || g.nillable,
                )
            }
            ty => (el.name.clone(), ty, el.doc.clone(), el.nillable),
        })
    }

    fn element_field(
        &mut self,
        owner: &str,
        particle: &'a raw::Element,
        used: &mut Unique,
    ) -> Result<Field> {
        let (name, el_ty, doc, nillable) = self.deref_element(particle)?;
        self.use_namespace(&name.ns);
        let rust = used.member(self.field_name(&name.local));
        let mut field = Field {
            kind: FieldKind::Element,
            rust,
            xml: name.clone(),
            value: Value::Builtin(Builtin::String),
            facets: Facets::default(),
            doc,
            min: particle.min_occurs,
            max: particle.max_occurs,
            nillable,
            list: None,
            boxed: false,
            sensitive: self.config.is_sensitive(&name.local),
            value_constraint: match &particle.ty {
                TypeRef::ElementRef(t) => self.global_element(t, &particle.loc)?.value.clone(),
                _ => particle.value.clone(),
            },
        };
        let ctx_name = format!(
            "{owner}{}",
            heck::ToUpperCamelCase::to_upper_camel_case(name.local.as_str())
        );
        match el_ty {
            TypeRef::Named(q) if is_qname(q) && field.value_constraint.is_none() => {
                field.value = Value::Builtin(Builtin::QName);
            }
            TypeRef::Named(q) if self.is_simple_name(q) => {
                (field.value, field.facets) = self.simple_of(el_ty, &particle.loc, &ctx_name)?;
            }
            TypeRef::Simple(_) => {
                (field.value, field.facets) = self.simple_of(el_ty, &particle.loc, &ctx_name)?
            }
            TypeRef::Named(q) => {
                let ct = self
                    .defs
                    .schemas
                    .complex_types
                    .get(q)
                    .ok_or_else(|| self.missing(q, &particle.loc, "type"))?;
                if let Some((list, item)) = self.list_shape(ct, particle.max_occurs) {
                    field.list = Some(list);
                    (field.value, field.facets) = self.item_value(item, &ctx_name)?;
                } else {
                    field.value = self.complex_value(q, &particle.loc)?;
                }
            }
            TypeRef::Complex(ct) => {
                if let Some((list, item)) = self.list_shape(ct, particle.max_occurs) {
                    field.list = Some(list);
                    (field.value, field.facets) = self.item_value(item, &ctx_name)?;
                } else {
                    field.value = Value::Struct(self.new_struct(&ctx_name, ct)?);
                }
            }
            TypeRef::Any => field.value = Value::Builtin(Builtin::AnyType),
            TypeRef::ElementRef(_) => {
                return Err(Error::at(
                    particle.loc.clone(),
                    "an element reference to another reference",
                ))
            }
        }
        field.boxed = field.list.is_none() && !field.repeated() && self.needs_box(field.value);
        self.check_value_constraint(&field, &particle.loc)?;
        Ok(field)
    }

    /// Checks a field's `default` or `fixed` against its type: a value of the type (an
    /// integer in range, a listed enumeration value, ...), on a simple type (a complex type's
    /// default needs mixed content, which is not mapped).
    fn check_value_constraint(&self, field: &Field, loc: &Location) -> Result<()> {
        let Some(vc) = &field.value_constraint else {
            return Ok(());
        };
        let (key, text) = match vc {
            raw::ValueConstraint::Default(t) => ("default", t),
            raw::ValueConstraint::Fixed(t) => ("fixed", t),
        };
        let complex = field.list.is_some()
            || matches!(
                field.value,
                Value::Struct(_) | Value::Choice(_) | Value::Builtin(Builtin::AnyType)
            );
        if complex {
            return Err(Error::unsupported(
                loc.clone(),
                format!("{key}=\"{text}\" given for an element of complex type (only simple values take one here)"),
            ));
        }
        let collapsed = crate::facets::collapse(text);
        let problem = match field.value {
            Value::Struct(_) | Value::Choice(_) | Value::Dyn(_) => None,
            Value::Enum(i) => {
                let e = &self.enums[i];
                let listed = e
                    .variants
                    .iter()
                    .any(|v| v.value == collapsed || v.value == *text);
                (!listed && !e.open).then(|| "not one of the enumeration's values".to_owned())
            }
            Value::Builtin(Builtin::Bool) => {
                (!matches!(collapsed.as_str(), "true" | "false" | "1" | "0"))
                    .then(|| "not a boolean (true, false, 1 or 0)".to_owned())
            }
            Value::Builtin(b) => match field.facets.kind.unwrap_or(crate::facets::kind_of(b)) {
                k @ (Kind::Integer(_)
                | Kind::Decimal
                | Kind::Float
                | Kind::Date
                | Kind::DateTime) => crate::facets::typed_bound(&collapsed, k)
                    .err()
                    .map(|why| format!("not {why}")),
                _ => None,
            },
            Value::Union(_) | Value::List(_) => None,
        };
        match problem {
            None => Ok(()),
            Some(why) => Err(Error::at(loc.clone(), format!("{key}=\"{text}\" is {why}"))),
        }
    }

    /// A complex type that only wraps one repeated element becomes a list on the field that uses it.
    fn list_shape<'c>(
        &self,
        ct: &'c raw::ComplexType,
        field_max: MaxOccurs,
    ) -> Option<(ListWrap, &'c raw::Element)> {
        if ct.unsupported.is_some()
            || field_max.is_many()
            || ct.base.is_some()
            || !ct.attributes.is_empty()
        {
            return None;
        }
        let [raw::Particle::Element(item)] = ct.particles.as_slice() else {
            return None;
        };
        if !item.max_occurs.is_many() || matches!(item.ty, TypeRef::ElementRef(_)) {
            return None;
        }
        Some((
            ListWrap {
                item: item.name.clone(),
                item_nillable: item.nillable,
                min: item.min_occurs,
                max: item.max_occurs,
            },
            item,
        ))
    }

    fn item_value(&mut self, item: &'a raw::Element, ctx_name: &str) -> Result<(Value, Facets)> {
        self.use_namespace(&item.name.ns);
        match &item.ty {
            TypeRef::Named(q) if self.is_simple_name(q) => {
                self.simple_of(&item.ty, &item.loc, ctx_name)
            }
            TypeRef::Simple(_) => self.simple_of(&item.ty, &item.loc, ctx_name),
            TypeRef::Named(q) => Ok((
                Value::Struct(self.named_complex(q, &item.loc)?),
                Facets::default(),
            )),
            TypeRef::Complex(ct) => Ok((
                Value::Struct(self.new_struct(&format!("{ctx_name}Item"), ct)?),
                Facets::default(),
            )),
            _ => Err(Error::unsupported(
                item.loc.clone(),
                format!("list item {} of this kind", item.name.local),
            )),
        }
    }

    /// Whether `q` names a simple type (built-in, or defined as one).
    fn is_simple_name(&self, q: &QName) -> bool {
        q.ns == NS_XSD
            || self.defs.schemas.simple_types.contains_key(q)
            || (q.ns.is_empty()
                && !self.defs.schemas.complex_types.contains_key(q)
                && builtin(q, &self.dummy_loc()).is_ok())
    }

    fn dummy_loc(&self) -> Location {
        Location {
            file: "".into(),
            line: 0,
            column: 0,
        }
    }

    /// The value type of an element of any type (header elements may be complex).
    fn element_value(
        &mut self,
        ty: &'a TypeRef,
        loc: &Location,
        ctx_name: &str,
    ) -> Result<(Value, Facets)> {
        match ty {
            TypeRef::Named(q) if is_qname(q) => {
                Ok((Value::Builtin(Builtin::QName), Facets::default()))
            }
            TypeRef::Named(q)
                if q.ns != NS_XSD && self.defs.schemas.complex_types.contains_key(q) =>
            {
                Ok((self.complex_value(q, loc)?, Facets::default()))
            }
            TypeRef::Complex(ct) => Ok((
                Value::Struct(self.new_struct(ctx_name, ct)?),
                Facets::default(),
            )),
            TypeRef::Any => Ok((Value::Builtin(Builtin::AnyType), Facets::default())),
            _ => self.simple_of(ty, loc, ctx_name),
        }
    }

    /// Resolves a simple type reference to its value type and merged facets.
    fn simple_of(
        &mut self,
        ty: &TypeRef,
        loc: &Location,
        ctx_name: &str,
    ) -> Result<(Value, Facets)> {
        match ty {
            // The built-in list types: whitespace-separated tokens.
            TypeRef::Named(q)
                if q.ns == NS_XSD
                    && matches!(q.local.as_str(), "NMTOKENS" | "IDREFS" | "ENTITIES") =>
            {
                self.lists.push(Value::Builtin(Builtin::String));
                // At least one token, each of the item type (XSD 1.0 Part 2 §3.3.2, §3.3.5,
                // §3.3.9).
                let item = q.local.trim_end_matches('S');
                let facets = Facets {
                    kind: Some(Kind::List),
                    min_length: Some(1),
                    item: Some(Box::new(crate::facets::builtin_facets(
                        item,
                        Builtin::String,
                    ))),
                    origin: Some(q.local.clone()),
                    ..Facets::default()
                };
                Ok((Value::List(self.lists.len() - 1), facets))
            }
            TypeRef::Named(q) if q.ns == NS_XSD => {
                let b = builtin(q, loc)?;
                Ok((
                    Value::Builtin(b),
                    crate::facets::builtin_facets(&q.local, b),
                ))
            }
            TypeRef::Named(q) => {
                if let Some((i, f)) = self.named_enums.get(q) {
                    return Ok((Value::Enum(*i), f.clone()));
                }
                if let Some((i, f)) = self.named_unions.get(q) {
                    return Ok((Value::Union(*i), f.clone()));
                }
                let st = match self.defs.schemas.simple_types.get(q) {
                    Some(st) => st,
                    // Unprefixed built-in names with no default namespace (old WSDL examples).
                    None if q.ns.is_empty() && builtin(q, loc).is_ok() => {
                        let b = builtin(q, loc)?;
                        return Ok((
                            Value::Builtin(b),
                            crate::facets::builtin_facets(&q.local, b),
                        ));
                    }
                    None if self.defs.schemas.complex_types.contains_key(q) => {
                        return Err(Error::unsupported(
                            loc.clone(),
                            format!("complex type {q} where a simple type is required"),
                        ))
                    }
                    None => return Err(self.missing(q, loc, "simple type")),
                };
                if self.simple_in_progress.contains(q) {
                    return Err(Error::at(
                        st.loc.clone(),
                        format!("simple type {q} derives from itself (circular restriction base, union member or list item)"),
                    ));
                }
                let st = st.clone();
                self.simple_in_progress.push(q.clone());
                let r = self.simple_def(&st, &q.local.clone());
                self.simple_in_progress.pop();
                let r = r?;
                match r.0 {
                    Value::Enum(i) => {
                        self.named_enums.insert(q.clone(), (i, r.1.clone()));
                    }
                    Value::Union(i) => {
                        self.named_unions.insert(q.clone(), (i, r.1.clone()));
                    }
                    _ => {}
                }
                Ok(r)
            }
            TypeRef::Simple(st) => self.simple_def(st, ctx_name),
            TypeRef::Any => Err(Error::unsupported(
                loc.clone(),
                "xs:anyType where a simple value is required",
            )),
            TypeRef::Complex(_) | TypeRef::ElementRef(_) => Err(Error::unsupported(
                loc.clone(),
                "a complex type where a simple value is required",
            )),
        }
    }

    fn simple_def(&mut self, st: &raw::SimpleType, name: &str) -> Result<(Value, Facets)> {
        if self.simple_in_progress.len() > MAX_SIMPLE_NESTING {
            return Err(Error::unsupported(
                st.loc.clone(),
                format!("simple types derived more than {MAX_SIMPLE_NESTING} levels deep"),
            ));
        }
        match &st.kind {
            SimpleKind::Restriction { base, facets } => {
                let (base_value, mut merged) =
                    self.simple_of(base, &st.loc, &format!("{name}Base"))?;
                if merged.kind.is_none() {
                    merged.kind = Some(match base_value {
                        Value::Enum(i) => crate::facets::kind_of(self.enums[i].base),
                        Value::Union(_) => Kind::Union,
                        Value::List(_) => Kind::List,
                        Value::Builtin(b) => crate::facets::kind_of(b),
                        _ => Kind::Text,
                    });
                }
                if !facets.enumeration.is_empty() {
                    let qnames = matches!(&**base, TypeRef::Named(q) if q.ns == NS_XSD && q.local == "QName");
                    match base_value {
                        Value::Builtin(b) => {
                            return Ok(self.new_enum(st, name, b, facets, qnames));
                        }
                        Value::Enum(i) => return self.restricted_enum(st, name, i, facets),
                        Value::Union(_) | Value::List(_) => {}
                        _ => {
                            return Err(Error::unsupported(
                                st.loc.clone(),
                                "an enumeration restricting a complex type",
                            ))
                        }
                    }
                }
                match base_value {
                    // A restriction of an enumeration or a union keeps that type, and its facets
                    // apply to the value's text (a union's: pattern and enumeration).
                    Value::Builtin(_) | Value::Enum(_) | Value::Union(_) | Value::List(_) => {}
                    other => return Ok((other, merged)),
                }
                crate::facets::merge(&mut merged, facets, &st.loc)?;
                merged.origin = Some(
                    st.name
                        .as_ref()
                        .map_or(name, |q| q.local.as_str())
                        .to_owned(),
                );
                Ok((base_value, merged))
            }
            SimpleKind::Union { members } => {
                let mut out = Vec::new();
                for (i, m) in members.iter().enumerate() {
                    let (value, facets) =
                        self.simple_of(m, &st.loc, &format!("{name}Member{i}"))?;
                    let vname = match (m, value) {
                        (TypeRef::Named(q), _) => crate::names::variant_name(&q.local),
                        (_, Value::Enum(e)) => self.enums[e].name.clone(),
                        _ => format!("Member{i}"),
                    };
                    out.push((vname, value, facets));
                }
                let rust_name = self.names.type_name(name);
                self.unions.push(Union {
                    name: rust_name,
                    doc: st.doc.clone(),
                    members: out,
                });
                let facets = Facets {
                    kind: Some(Kind::Union),
                    ..Facets::default()
                };
                Ok((Value::Union(self.unions.len() - 1), facets))
            }
            SimpleKind::List { item } => {
                let (value, item_facets) = self.simple_of(item, &st.loc, &format!("{name}Item"))?;
                if matches!(value, Value::List(_) | Value::Builtin(Builtin::AnyType)) {
                    return Err(Error::unsupported(st.loc.clone(), "a list of lists"));
                }
                self.lists.push(value);
                let facets = Facets {
                    kind: Some(Kind::List),
                    item: (!item_facets.is_empty()).then(|| Box::new(item_facets)),
                    origin: Some(name.to_owned()),
                    ..Facets::default()
                };
                Ok((Value::List(self.lists.len() - 1), facets))
            }
        }
    }

    /// An enumeration type restricting the built-in `b`.
    fn new_enum(
        &mut self,
        st: &raw::SimpleType,
        name: &str,
        b: Builtin,
        facets: &raw::Facets,
        qnames: bool,
    ) -> (Value, Facets) {
        let mut variants: Vec<Variant> = Vec::new();
        // An enumeration of QNames compares namespace and name: every value must resolve.
        let qnames = qnames && facets.enumeration.iter().all(|v| v.qname.is_some());
        let mut used = variant_names();
        for v in &facets.enumeration {
            let base_name = match (&v.rust_name, &v.qname) {
                (Some(n), _) => n.clone(),
                // A QName is named by its local part (its prefix is the schema's choice).
                (None, Some(q)) if qnames => crate::names::variant_name(&q.local),
                (None, _) => crate::names::variant_name(&v.value),
            };
            variants.push(Variant {
                rust: used.numbered(base_name),
                value: v.value.clone(),
                qname: v.qname.clone().filter(|_| qnames),
                doc: v.doc.clone(),
            });
        }
        self.push_enum(st, name, b, variants)
    }

    fn push_enum(
        &mut self,
        st: &raw::SimpleType,
        name: &str,
        base: Builtin,
        variants: Vec<Variant>,
    ) -> (Value, Facets) {
        let open = self.config.open_enums.iter().any(|o| o == name);
        let rust_name = self.names.type_name(name);
        self.enums.push(Enum {
            name: rust_name,
            doc: st.doc.clone(),
            base,
            variants,
            open,
        });
        let facets = Facets {
            kind: Some(crate::facets::kind_of(base)),
            ..Facets::default()
        };
        (Value::Enum(self.enums.len() - 1), facets)
    }

    /// A restriction of enumeration type `base` listing some of its values: an enumeration
    /// type of its own with those values (each must be one of the base's).
    fn restricted_enum(
        &mut self,
        st: &raw::SimpleType,
        name: &str,
        base: usize,
        facets: &raw::Facets,
    ) -> Result<(Value, Facets)> {
        let numeric = self.enums[base].base.is_integer();
        // Values compare as integers (an unparsable one equal to any other) or as collapsed
        // text; the base's first variant of each value, found through an index, not a scan.
        let key = |v: &str| {
            if numeric {
                (v.trim().parse::<i128>().ok(), String::new())
            } else {
                (None, crate::facets::collapse(v))
            }
        };
        let mut of_value = std::collections::HashMap::new();
        for (i, x) in self.enums[base].variants.iter().enumerate() {
            of_value.entry(key(&x.value)).or_insert(i);
        }
        let mut variants = Vec::new();
        let mut used = variant_names();
        for v in &facets.enumeration {
            let Some(of) = of_value
                .get(&key(&v.value))
                .map(|&i| &self.enums[base].variants[i])
            else {
                return Err(Error::at(
                    v.loc.clone(),
                    format!(
                        "enumeration value \"{}\" is not a value of the base type {}",
                        v.value, self.enums[base].name
                    ),
                ));
            };
            let rust = v.rust_name.clone().unwrap_or_else(|| of.rust.clone());
            let doc = v.doc.clone().or_else(|| of.doc.clone());
            variants.push(Variant {
                rust: used.numbered(rust),
                value: of.value.clone(),
                qname: of.qname.clone(),
                doc,
            });
        }
        let b = self.enums[base].base;
        Ok(self.push_enum(st, name, b, variants))
    }
}

/// The variant names of one enumeration: `Other` is kept for the catch-all of an open enum.
fn variant_names() -> Unique {
    Unique::new(&["Other"])
}

/// Where a particle was written.
fn p_loc(p: &raw::Particle) -> Location {
    match p {
        raw::Particle::Element(e) => e.loc.clone(),
        raw::Particle::Choice(c) => c.loc.clone(),
        raw::Particle::Sequence(q) => q.loc.clone(),
        raw::Particle::Any { loc, .. } | raw::Particle::Group(_, loc) => loc.clone(),
    }
}

/// A content-model item after group references are expanded.
enum Flat<'a> {
    Element(&'a raw::Element),
    Choice(&'a raw::Choice),
    /// A model group kept as a unit.
    Group(&'a raw::Sequence),
    Any(u32, MaxOccurs),
}

/// Whether `q` is the built-in `xs:QName`.
fn is_qname(q: &QName) -> bool {
    q.ns == NS_XSD && q.local == "QName"
}

fn builtin(q: &QName, loc: &Location) -> Result<Builtin> {
    Ok(match q.local.as_str() {
        "string" | "normalizedString" | "token" | "anyURI" | "language" | "Name" | "NCName"
        | "NMTOKEN" | "ID" | "IDREF" | "ENTITY" | "QName" | "base64Binary" | "hexBinary"
        | "duration" | "time" | "gYear" | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay" => {
            Builtin::String
        }
        "boolean" => Builtin::Bool,
        "byte" => Builtin::I8,
        "short" => Builtin::I16,
        "int" => Builtin::I32,
        "long" | "integer" | "negativeInteger" | "nonPositiveInteger" => Builtin::I64,
        "unsignedByte" => Builtin::U8,
        "unsignedShort" => Builtin::U16,
        "unsignedInt" => Builtin::U32,
        "unsignedLong" | "nonNegativeInteger" | "positiveInteger" => Builtin::U64,
        "decimal" => Builtin::Decimal,
        "float" => Builtin::F32,
        "double" => Builtin::F64,
        "dateTime" => Builtin::DateTime,
        "date" => Builtin::Date,
        "anyType" => Builtin::AnyType,
        "anySimpleType" => Builtin::String,
        other => {
            return Err(Error::unsupported(
                loc.clone(),
                format!("built-in type xs:{other}"),
            ))
        }
    })
}
