//! Resolves the raw WSDL/XSD components into the [`Model`]: picks the SOAP binding, follows every
//! operation to the types it reaches (nothing else is generated), merges facets along restriction
//! chains, names everything for Rust and breaks cycles with boxes.

use crate::error::{Error, Location, Result};
use crate::model::*;
use crate::names::Names;
use crate::parse::NS_XSD;
use crate::raw::{self, Definitions, MaxOccurs, QName, SimpleKind, SoapVersion, TypeRef};
use crate::Config;
use std::collections::BTreeMap;

pub fn resolve(defs: &Definitions, config: &Config) -> Result<Model> {
    let mut r = Resolver {
        defs,
        config,
        names: Names::new(&[
            "SoapHeaders", "Operation", "Service", "String", "Option", "Vec", "Box", "Result", "Some", "None", "Ok", "Err",
            "Self", "Default", "Clone", "Debug", "PartialEq",
        ]),
        structs: Vec::new(),
        enums: Vec::new(),
        unions: Vec::new(),
        named_structs: BTreeMap::new(),
        named_enums: BTreeMap::new(),
        named_unions: BTreeMap::new(),
        namespaces: Vec::new(),
        in_progress: Vec::new(),
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
    named_structs: BTreeMap<QName, usize>,
    named_enums: BTreeMap<QName, usize>,
    named_unions: BTreeMap<QName, usize>,
    namespaces: Vec<(String, String)>,
    /// Structs being resolved (for cycle detection).
    in_progress: Vec<usize>,
}

impl<'a> Resolver<'a> {
    fn run(&mut self) -> Result<Model> {
        let root_loc = self.defs.root.clone().unwrap_or(Location { file: "?".into(), line: 1, column: 1 });
        // Pick a port (SOAP 1.1 preferred) and its binding.
        let mut candidates: Vec<(Option<&raw::Service>, Option<&raw::Port>, &raw::Binding)> = Vec::new();
        for service in &self.defs.services {
            for port in &service.ports {
                if let Some(b) = self.defs.bindings.iter().find(|b| b.name == port.binding) {
                    candidates.push((Some(service), Some(port), b));
                }
            }
        }
        if candidates.is_empty() {
            candidates.extend(self.defs.bindings.iter().map(|b| (None, None, b)));
        }
        let soap: Vec<_> = candidates.iter().filter(|c| c.2.soap.is_some()).cloned().collect();
        let Some(&(service, _, binding)) = soap
            .iter()
            .find(|c| c.2.soap == Some(SoapVersion::Soap11))
            .or_else(|| soap.first())
        else {
            let loc = self.defs.bindings.first().map(|b| b.loc.clone()).unwrap_or(root_loc);
            return Err(if self.defs.bindings.is_empty() {
                Error::at(loc, "no wsdl:binding found: nothing to generate")
            } else {
                Error::unsupported(loc, "no SOAP binding (only HTTP or other non-SOAP bindings)")
            });
        };
        let soap_version = binding.soap.unwrap_or(SoapVersion::Soap11);
        let port_type = self.defs.port_types.get(&binding.port_type).ok_or_else(|| {
            Error::at(binding.loc.clone(), format!("binding refers to portType {} which is not defined", binding.port_type))
        })?;
        if binding.style.as_deref() == Some("rpc") {
            return Err(Error::unsupported(binding.loc.clone(), "rpc style bindings (only document/literal is generated)"));
        }
        let endpoints: Vec<(String, String)> = service
            .map(|s| {
                s.ports
                    .iter()
                    .filter(|p| p.binding == binding.name)
                    .filter_map(|p| p.address.clone().map(|a| (p.name.clone(), a)))
                    .collect()
            })
            .unwrap_or_default();
        let production_address = service.and_then(|s| s.doc.as_deref()).and_then(|d| {
            d.lines().find_map(|l| l.trim().strip_prefix("Production:").map(|a| a.trim().to_owned()))
        });
        let service_name = service.map(|s| s.name.local.clone()).unwrap_or_else(|| binding.name.local.clone());

        let mut headers: Vec<Header> = Vec::new();
        let mut operations = Vec::new();
        for bop in &binding.operations {
            let pop = port_type.operations.iter().find(|o| o.name == bop.name).ok_or_else(|| {
                Error::at(bop.loc.clone(), format!("operation {} is not in portType {}", bop.name, port_type.name))
            })?;
            if bop.style.as_deref() == Some("rpc") {
                return Err(Error::unsupported(bop.loc.clone(), "rpc style operations (only document/literal is generated)"));
            }
            if bop.input_use.as_deref() == Some("encoded") || bop.output_use.as_deref() == Some("encoded") {
                return Err(Error::unsupported(bop.loc.clone(), "use=\"encoded\" (SOAP encoding); only literal is generated"));
            }
            let input_msg = pop
                .input
                .as_ref()
                .ok_or_else(|| Error::unsupported(pop.loc.clone(), "notification operations (no input)"))?;
            let mut op_headers = Vec::new();
            for h in &bop.input_headers {
                let (el_name, el) = self.message_part_element(&h.message, &h.part, &h.loc)?;
                let idx = match headers.iter().position(|x| x.name == el_name) {
                    Some(i) => i,
                    None => {
                        let (value, facets) = self.simple_of(&el.ty, &el.loc, &el_name.local)?;
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
                op_headers.push((idx, h.required));
            }
            let header_parts: Vec<&str> = bop
                .input_headers
                .iter()
                .filter(|h| &h.message == input_msg)
                .map(|h| h.part.as_str())
                .collect();
            let input = self.body_element(input_msg, bop.input_body_parts.as_deref(), &header_parts, &bop.loc)?;
            let output = match &pop.output {
                Some(m) => Some(self.body_element(m, None, &[], &bop.loc)?),
                None => None,
            };
            let soap_action = bop.soap_action.clone().unwrap_or_default();
            operations.push(Operation { name: bop.name.clone(), doc: pop.doc.clone(), soap_action, input, output, headers: op_headers });
        }
        // Types named in the configuration (e.g. a fault-code enumeration no element uses).
        for local in &self.config.extra_types {
            let found = self.defs.schemas.simple_types.keys().find(|q| &q.local == local).cloned();
            let Some(q) = found else {
                return Err(Error::at(root_loc.clone(), format!("configured type \"{local}\" is not defined in the schema")));
            };
            self.simple_of(&TypeRef::Named(q), &root_loc, local)?;
        }
        let structs = std::mem::take(&mut self.structs).into_iter().map(|s| s.expect("struct finished")).collect();
        Ok(Model {
            service_name,
            doc: service.and_then(|s| s.doc.clone()),
            soap_version,
            namespaces: std::mem::take(&mut self.namespaces),
            endpoints,
            production_address,
            operations,
            headers,
            structs,
            enums: std::mem::take(&mut self.enums),
            unions: std::mem::take(&mut self.unions),
        })
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

    fn message_part_element(&self, message: &QName, part: &str, loc: &Location) -> Result<(QName, &'a raw::Element)> {
        let msg = self
            .defs
            .messages
            .get(message)
            .ok_or_else(|| Error::at(loc.clone(), format!("message {message} is not defined")))?;
        let p = msg
            .parts
            .iter()
            .find(|p| p.name == part)
            .ok_or_else(|| Error::at(loc.clone(), format!("message {message} has no part \"{part}\"")))?;
        let el_name = p.element.clone().ok_or_else(|| {
            Error::unsupported(p.loc.clone(), format!("part \"{part}\" with type= (rpc style parts); only element= parts are generated"))
        })?;
        let el = self.global_element(&el_name, &p.loc)?;
        Ok((el_name, el))
    }

    fn body_element(&mut self, message: &QName, listed: Option<&[String]>, header_parts: &[&str], loc: &Location) -> Result<(QName, usize)> {
        let msg = self
            .defs
            .messages
            .get(message)
            .ok_or_else(|| Error::at(loc.clone(), format!("message {message} is not defined")))?;
        let parts: Vec<&raw::Part> = msg
            .parts
            .iter()
            .filter(|p| !header_parts.contains(&p.name.as_str()))
            .filter(|p| listed.is_none_or(|l| l.contains(&p.name)))
            .collect();
        let [part] = parts.as_slice() else {
            return Err(Error::unsupported(
                msg.loc.clone(),
                format!("message {} has {} body parts; document/literal needs exactly one", message.local, parts.len()),
            ));
        };
        let (el_name, el) = self.message_part_element(message, &part.name, &part.loc)?;
        self.use_namespace(&el_name.ns);
        let idx = match &el.ty {
            TypeRef::Named(q) => self.named_complex(q, &el.loc)?,
            TypeRef::Complex(ct) => self.new_struct(&el_name.local, ct)?,
            _ => {
                return Err(Error::unsupported(el.loc.clone(), format!("body element {} of a simple type", el_name.local)))
            }
        };
        Ok((el_name, idx))
    }

    fn global_element(&self, q: &QName, loc: &Location) -> Result<&'a raw::Element> {
        self.defs.schemas.elements.get(q).ok_or_else(|| self.missing(q, loc, "element"))
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
        let ct = self.defs.schemas.complex_types.get(q).ok_or_else(|| self.missing(q, loc, "complex type"))?;
        let idx = self.reserve_struct(&q.local);
        self.named_structs.insert(q.clone(), idx);
        self.fill_struct(idx, ct)?;
        Ok(idx)
    }

    fn reserve_struct(&mut self, base: &str) -> usize {
        let name = self.names.type_name(base);
        self.structs.push(Some(Struct { name, doc: None, fields: Vec::new(), loc: Location { file: "".into(), line: 0, column: 0 } }));
        let idx = self.structs.len() - 1;
        // Mark as unfinished so cycle detection can see it.
        self.in_progress.push(idx);
        idx
    }

    fn new_struct(&mut self, base: &str, ct: &raw::ComplexType) -> Result<usize> {
        let idx = self.reserve_struct(base);
        self.fill_struct(idx, ct)?;
        Ok(idx)
    }

    fn fill_struct(&mut self, idx: usize, ct: &raw::ComplexType) -> Result<()> {
        if let Some((loc, what)) = &ct.unsupported {
            return Err(Error::unsupported(loc.clone(), what));
        }
        let owner = self.structs[idx].as_ref().expect("reserved").name.clone();
        let mut fields = Vec::new();
        let mut used = Vec::<String>::new();
        for particle in &ct.particles {
            let (name, el_ty, doc, nillable) = match &particle.ty {
                TypeRef::ElementRef(target) => {
                    let g = self.global_element(target, &particle.loc)?;
                    (g.name.clone(), &g.ty, particle.doc.clone().or_else(|| g.doc.clone()), particle.nillable || g.nillable)
                }
                ty => (particle.name.clone(), ty, particle.doc.clone(), particle.nillable),
            };
            self.use_namespace(&name.ns);
            let mut rust = self.field_name(&name.local);
            while used.contains(&rust) {
                rust.push('_');
            }
            used.push(rust.clone());
            let mut field = Field {
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
            };
            let ctx_name = format!("{owner}{}", heck::ToUpperCamelCase::to_upper_camel_case(name.local.as_str()));
            match el_ty {
                TypeRef::Named(q) if q.ns == NS_XSD || self.defs.schemas.simple_types.contains_key(q) => {
                    (field.value, field.facets) = self.simple_of(el_ty, &particle.loc, &ctx_name)?;
                }
                TypeRef::Simple(_) => (field.value, field.facets) = self.simple_of(el_ty, &particle.loc, &ctx_name)?,
                TypeRef::Named(q) => {
                    let ct = self.defs.schemas.complex_types.get(q).ok_or_else(|| self.missing(q, &particle.loc, "type"))?;
                    if let Some(list) = self.list_shape(ct, particle.max_occurs) {
                        let item = &ct.particles[0];
                        field.list = Some(list);
                        (field.value, field.facets) = self.item_value(item, &ctx_name)?;
                    } else {
                        field.value = Value::Struct(self.named_complex(q, &particle.loc)?);
                    }
                }
                TypeRef::Complex(ct) => {
                    if let Some(list) = self.list_shape(ct, particle.max_occurs) {
                        let item = &ct.particles[0];
                        field.list = Some(list);
                        (field.value, field.facets) = self.item_value(item, &ctx_name)?;
                    } else {
                        field.value = Value::Struct(self.new_struct(&ctx_name, ct)?);
                    }
                }
                TypeRef::Any => {
                    return Err(Error::unsupported(particle.loc.clone(), format!("element {} of xs:anyType (no type)", name.local)))
                }
                TypeRef::ElementRef(_) => unreachable!("resolved above"),
            }
            if let Value::Struct(target) = field.value {
                field.boxed = field.list.is_none() && !field.repeated() && self.in_progress.contains(&target);
            }
            fields.push(field);
        }
        let s = self.structs[idx].as_mut().expect("reserved");
        s.fields = fields;
        s.doc = ct.doc.clone();
        s.loc = ct.loc.clone();
        self.in_progress.retain(|&i| i != idx);
        Ok(())
    }

    /// A complex type that only wraps one repeated element becomes a list on the field that uses it.
    fn list_shape(&self, ct: &raw::ComplexType, field_max: MaxOccurs) -> Option<ListWrap> {
        if ct.unsupported.is_some() || field_max.is_many() || ct.particles.len() != 1 {
            return None;
        }
        let item = &ct.particles[0];
        if !item.max_occurs.is_many() || matches!(item.ty, TypeRef::ElementRef(_)) {
            return None;
        }
        Some(ListWrap { item: item.name.clone(), item_nillable: item.nillable, min: item.min_occurs, max: item.max_occurs })
    }

    fn item_value(&mut self, item: &raw::Element, ctx_name: &str) -> Result<(Value, Facets)> {
        self.use_namespace(&item.name.ns);
        match &item.ty {
            TypeRef::Named(q) if q.ns == NS_XSD || self.defs.schemas.simple_types.contains_key(q) => self.simple_of(&item.ty, &item.loc, ctx_name),
            TypeRef::Simple(_) => self.simple_of(&item.ty, &item.loc, ctx_name),
            TypeRef::Named(q) => Ok((Value::Struct(self.named_complex(q, &item.loc)?), Facets::default())),
            TypeRef::Complex(ct) => Ok((Value::Struct(self.new_struct(&format!("{ctx_name}Item"), ct)?), Facets::default())),
            _ => Err(Error::unsupported(item.loc.clone(), format!("list item {} of this kind", item.name.local))),
        }
    }

    /// Resolves a simple type reference to its value type and merged facets.
    fn simple_of(&mut self, ty: &TypeRef, loc: &Location, ctx_name: &str) -> Result<(Value, Facets)> {
        match ty {
            TypeRef::Named(q) if q.ns == NS_XSD => Ok((Value::Builtin(builtin(q, loc)?), Facets::default())),
            TypeRef::Named(q) => {
                if let Some(&i) = self.named_enums.get(q) {
                    return Ok((Value::Enum(i), Facets::default()));
                }
                if let Some(&i) = self.named_unions.get(q) {
                    return Ok((Value::Union(i), Facets::default()));
                }
                let st = match self.defs.schemas.simple_types.get(q) {
                    Some(st) => st,
                    None if self.defs.schemas.complex_types.contains_key(q) => {
                        return Err(Error::unsupported(loc.clone(), format!("complex type {q} where a simple type is required")))
                    }
                    None => return Err(self.missing(q, loc, "simple type")),
                };
                let st = st.clone();
                let r = self.simple_def(&st, &q.local.clone())?;
                match r.0 {
                    Value::Enum(i) => {
                        self.named_enums.insert(q.clone(), i);
                    }
                    Value::Union(i) => {
                        self.named_unions.insert(q.clone(), i);
                    }
                    _ => {}
                }
                Ok(r)
            }
            TypeRef::Simple(st) => self.simple_def(st, ctx_name),
            TypeRef::Any => Err(Error::unsupported(loc.clone(), "xs:anyType where a simple value is required")),
            TypeRef::Complex(_) | TypeRef::ElementRef(_) => {
                Err(Error::unsupported(loc.clone(), "a complex type where a simple value is required"))
            }
        }
    }

    fn simple_def(&mut self, st: &raw::SimpleType, name: &str) -> Result<(Value, Facets)> {
        match &st.kind {
            SimpleKind::Restriction { base, facets } => {
                let (base_value, mut merged) = self.simple_of(base, &st.loc, &format!("{name}Base"))?;
                if !facets.enumeration.is_empty() {
                    let Value::Builtin(b) = base_value else {
                        return Err(Error::unsupported(st.loc.clone(), "an enumeration restricting a non-built-in type"));
                    };
                    let mut variants: Vec<Variant> = Vec::new();
                    for v in &facets.enumeration {
                        let base_name = match &v.rust_name {
                            Some(n) => n.clone(),
                            None => crate::names::variant_name(&v.value),
                        };
                        let mut rust = base_name.clone();
                        let mut n = 2;
                        while variants.iter().any(|x| x.rust == rust) || (rust == "Other") {
                            rust = format!("{base_name}{n}");
                            n += 1;
                        }
                        variants.push(Variant { rust, value: v.value.clone(), doc: v.doc.clone() });
                    }
                    let open = self.config.open_enums.iter().any(|o| o == name);
                    let rust_name = self.names.type_name(name);
                    self.enums.push(Enum { name: rust_name, doc: st.doc.clone(), base: b, variants, open });
                    return Ok((Value::Enum(self.enums.len() - 1), Facets::default()));
                }
                match base_value {
                    Value::Builtin(_) => {}
                    // A restriction of an enumeration or union keeps that type (extra facets are not applied).
                    other => return Ok((other, merged)),
                }
                merge(&mut merged, facets, &st.loc)?;
                merged.origin = Some(st.name.as_ref().map_or(name, |q| q.local.as_str()).to_owned());
                Ok((base_value, merged))
            }
            SimpleKind::Union { members } => {
                let mut out = Vec::new();
                for (i, m) in members.iter().enumerate() {
                    let (value, facets) = self.simple_of(m, &st.loc, &format!("{name}Member{i}"))?;
                    let vname = match (m, value) {
                        (TypeRef::Named(q), _) => crate::names::variant_name(&q.local),
                        (_, Value::Enum(e)) => self.enums[e].name.clone(),
                        _ => format!("Member{i}"),
                    };
                    out.push((vname, value, facets));
                }
                let rust_name = self.names.type_name(name);
                self.unions.push(Union { name: rust_name, doc: st.doc.clone(), members: out });
                Ok((Value::Union(self.unions.len() - 1), Facets::default()))
            }
            SimpleKind::List { .. } => Err(Error::unsupported(st.loc.clone(), "xs:list simple types")),
        }
    }
}

fn merge(into: &mut Facets, f: &raw::Facets, loc: &Location) -> Result<()> {
    // A derived type's facets replace the base's (XSD only allows narrowing).
    if f.length.is_some() {
        into.length = f.length;
    }
    if f.min_length.is_some() {
        into.min_length = f.min_length;
    }
    if f.max_length.is_some() {
        into.max_length = f.max_length;
    }
    if f.total_digits.is_some() {
        into.total_digits = f.total_digits;
    }
    if f.fraction_digits.is_some() {
        into.fraction_digits = f.fraction_digits;
    }
    if let Some(v) = &f.min_inclusive {
        into.min = Some((v.trim().to_owned(), true));
    }
    if let Some(v) = &f.min_exclusive {
        into.min = Some((v.trim().to_owned(), false));
    }
    if let Some(v) = &f.max_inclusive {
        into.max = Some((v.trim().to_owned(), true));
    }
    if let Some(v) = &f.max_exclusive {
        into.max = Some((v.trim().to_owned(), false));
    }
    for p in &f.patterns {
        let anchored = format!("^(?:{p})$");
        if let Err(e) = regex::Regex::new(&anchored) {
            return Err(Error::unsupported(loc.clone(), format!("pattern \"{p}\" (not expressible as a Rust regex: {e})")));
        }
        into.patterns.push(p.clone());
    }
    Ok(())
}

fn builtin(q: &QName, loc: &Location) -> Result<Builtin> {
    Ok(match q.local.as_str() {
        "string" | "normalizedString" | "token" | "anyURI" | "language" | "Name" | "NCName" | "NMTOKEN" | "ID"
        | "IDREF" | "ENTITY" | "QName" | "base64Binary" | "hexBinary" | "duration" | "time" | "gYear"
        | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay" => Builtin::String,
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
        other => return Err(Error::unsupported(loc.clone(), format!("built-in type xs:{other}"))),
    })
}
