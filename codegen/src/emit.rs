//! Emits Rust source for a [`Model`] with quote, formatted by prettyplease.
//!
//! The generated code leans on a small runtime (path set by [`Config::runtime_path`]): traits
//! `SimpleValue`, `ComplexValue`, `HeaderSet`, `Operation` and the writer, reader and validator
//! they use. Everything the schema says is data in the generated code: element names, order,
//! occurrence, nillability and facets.

use crate::model::*;
use crate::names::Unique;
use crate::raw::{MaxOccurs, SoapVersion};
use crate::Config;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::HashMap;

#[path = "emit_choice.rs"]
mod choice;
#[path = "emit_dyn.rs"]
mod dyns;
#[path = "emit_mixed.rs"]
mod mixed;

pub fn emit(model: &Model, config: &Config) -> Result<String, crate::Error> {
    let rt: syn::Path = syn::parse_str(&config.runtime_path).map_err(|e| {
        crate::Error::bare(format!("runtime path \"{}\": {e}", config.runtime_path))
    })?;
    if let Some((name, error)) = &config.api_trait {
        syn::parse_str::<Ident>(name)
            .map_err(|e| crate::Error::bare(format!("api trait name \"{name}\": {e}")))?;
        syn::parse_str::<syn::Path>(error)
            .map_err(|e| crate::Error::bare(format!("api trait error type \"{error}\": {e}")))?;
    }
    for (what, cfg) in [
        ("client cfg", &config.client_cfg),
        ("server cfg", &config.server_cfg),
    ] {
        if let Some(predicate) = cfg {
            syn::parse_str::<syn::Meta>(predicate)
                .map_err(|e| crate::Error::bare(format!("{what} \"{predicate}\": {e}")))?;
        }
    }
    let e = Emitter {
        m: model,
        rt: quote!(rt),
        rt_path: quote!(#rt),
        config,
        facet_statics: Vec::new(),
        facet_index: HashMap::new(),
        static_names: Unique::default(),
    };
    e.file()
}

struct Emitter<'a> {
    m: &'a Model,
    /// `rt`, the alias the generated file imports the runtime under.
    rt: TokenStream,
    rt_path: TokenStream,
    config: &'a Config,
    /// The facet statics made so far: name and definition.
    facet_statics: Vec<(Ident, TokenStream)>,
    /// Which of them holds given facets (keyed by their `Debug` text: one lookup, not a scan).
    facet_index: HashMap<String, usize>,
    static_names: Unique,
}

/// The identifier `s` (`r#name` a raw one). Names from the model are identifiers already;
/// anything else is made one ([`crate::names::valid_ident`]) rather than panicking.
fn ident(s: &str) -> Ident {
    let s = crate::names::valid_ident(s);
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&s, Span::call_site()),
    }
}

fn doc_attr(doc: Option<&str>, fallback: &str) -> TokenStream {
    let text = doc.filter(|d| !d.trim().is_empty()).unwrap_or(fallback);
    let lines = text.lines().map(|l| {
        let l = format!(" {}", l.replace("*/", "* /"));
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

impl Emitter<'_> {
    /// The prefix namespace `ns` is written with (`None` for no namespace, or one the model
    /// does not register).
    fn prefix(&self, ns: &str) -> Option<&str> {
        if ns.is_empty() {
            return None;
        }
        let (p, _) = self.m.namespaces.iter().find(|(_, u)| u == ns)?;
        Some(p)
    }

    fn ns_const(&self, ns: &str) -> TokenStream {
        if ns.is_empty() {
            return quote!(None);
        }
        let p = self.prefix(ns).expect("namespace registered");
        let c = ns_ident(p);
        quote!(Some(#c))
    }

    /// The name as written on the wire, prefix included (`ord:OrderNo`).
    fn tag(&self, q: &crate::raw::QName) -> String {
        if q.ns.is_empty() {
            return q.local.clone();
        }
        let p = self.prefix(&q.ns).expect("namespace registered");
        format!("{p}:{}", q.local)
    }

    fn value_type(&self, v: Value) -> TokenStream {
        let rt = &self.rt;
        match v {
            Value::Builtin(b) => match b {
                Builtin::String => quote!(String),
                Builtin::Bool => quote!(bool),
                Builtin::I8 => quote!(i8),
                Builtin::I16 => quote!(i16),
                Builtin::I32 => quote!(i32),
                Builtin::I64 => quote!(i64),
                Builtin::U8 => quote!(u8),
                Builtin::U16 => quote!(u16),
                Builtin::U32 => quote!(u32),
                Builtin::U64 => quote!(u64),
                Builtin::Decimal => quote!(#rt::Decimal),
                Builtin::F32 => quote!(f32),
                Builtin::F64 => quote!(f64),
                Builtin::DateTime => quote!(#rt::XsDateTime),
                Builtin::Date => quote!(#rt::XsDate),
                Builtin::AnyType => quote!(#rt::AnyContent),
                Builtin::QName => quote!(#rt::XsQName),
            },
            Value::Choice(i) => {
                let n = ident(&self.m.choices[i].name);
                quote!(#n)
            }
            Value::List(i) => {
                let item = self.value_type(self.m.lists[i]);
                quote!(#rt::XsList<#item>)
            }
            Value::Enum(i) => {
                let n = ident(&self.m.enums[i].name);
                quote!(#n)
            }
            Value::Union(i) => {
                let n = ident(&self.m.unions[i].name);
                quote!(#n)
            }
            Value::Struct(i) => {
                let n = ident(&self.m.structs[i].name);
                quote!(#n)
            }
            Value::Dyn(i) => {
                let n = ident(&self.m.dyns[i].name);
                quote!(#n)
            }
        }
    }

    fn field_type(&self, f: &Field) -> TokenStream {
        let rt = &self.rt;
        if f.kind == FieldKind::Any {
            return quote!(Vec<#rt::AnyElement>);
        }
        if f.kind == FieldKind::AnyAttribute {
            return quote!(Vec<#rt::AnyAttribute>);
        }
        let mut t = self.value_type(f.value);
        if f.boxed {
            t = quote!(Box<#t>);
        }
        if let Some(list) = &f.list {
            if list.item_nillable {
                t = quote!(#rt::Nillable<#t>);
            }
            t = quote!(Vec<#t>);
            if f.nillable {
                t = quote!(#rt::Nillable<#t>);
            }
            if f.min == 0 {
                t = quote!(Option<#t>);
            }
            return t;
        }
        if f.repeated() {
            if f.nillable {
                t = quote!(#rt::Nillable<#t>);
            }
            return quote!(Vec<#t>);
        }
        if f.nillable {
            t = quote!(#rt::Nillable<#t>);
        }
        if f.min == 0 {
            t = quote!(Option<#t>);
        }
        t
    }

    /// A `static` holding the facets, shared between fields with the same constraints.
    fn facets_ref(&mut self, f: &Facets) -> TokenStream {
        match self.facets_static(f) {
            Some(id) => quote!(&#id),
            None => {
                let rt = &self.rt;
                quote!(&#rt::Facets::NONE)
            }
        }
    }

    /// The name of the `static` holding `f` (made on first use), or `None` for no facets.
    fn facets_static(&mut self, f: &Facets) -> Option<Ident> {
        let rt = self.rt.clone();
        if f.is_empty() {
            return None;
        }
        let key = format!("{f:?}");
        if let Some(&i) = self.facet_index.get(&key) {
            return Some(self.facet_statics[i].0.clone());
        }
        let base = crate::names::const_name(f.origin.as_deref().unwrap_or(""), "FACETS");
        let id = ident(&self.static_names.take(base, |b, n| format!("{b}_{n}")));
        let opt = |v: Option<u32>| match v {
            Some(n) => quote!(Some(#n)),
            None => quote!(None),
        };
        let (length, min_length, max_length) =
            (opt(f.length), opt(f.min_length), opt(f.max_length));
        let (total, fraction) = (opt(f.total_digits), opt(f.fraction_digits));
        let bound = |b: &Option<(String, bool)>| match b {
            Some((v, incl)) => {
                let v = v.as_str();
                quote!(Some(#rt::Bound { value: #v, inclusive: #incl }))
            }
            None => quote!(None),
        };
        let (min, max) = (bound(&f.min), bound(&f.max));
        let mut pattern_statics = Vec::new();
        let mut pattern_refs = Vec::new();
        for (j, p) in f.patterns.iter().enumerate() {
            let pid = format_ident!("{}_PATTERN_{}", id, j);
            // Resolve has checked that the pattern translates and compiles.
            let rx = crate::xsd_regex::translate(p).unwrap_or_else(|_| p.clone());
            let make = if rx == *p {
                quote!(#rt::Pattern::new(#p))
            } else {
                quote!(#rt::Pattern::translated(#p, #rx))
            };
            pattern_statics.push(quote!(static #pid: #rt::Pattern = #make;));
            pattern_refs.push(quote!(&#pid));
        }
        let enumeration = &f.enumeration;
        let item = match f.item.as_deref().and_then(|i| self.facets_static(i)) {
            Some(i) => quote!(Some(&#i)),
            None => quote!(None),
        };
        let white_space = match f.white_space {
            Some(crate::model::WhiteSpace::Replace) => quote!(#rt::WhiteSpace::Replace),
            Some(crate::model::WhiteSpace::Collapse) => quote!(#rt::WhiteSpace::Collapse),
            _ => quote!(#rt::WhiteSpace::Preserve),
        };
        let body = quote! {
            #(#pattern_statics)*
            static #id: #rt::Facets = #rt::Facets {
                length: #length,
                min_length: #min_length,
                max_length: #max_length,
                patterns: &[#(#pattern_refs),*],
                enumeration: &[#(#enumeration),*],
                white_space: #white_space,
                min: #min,
                max: #max,
                total_digits: #total,
                fraction_digits: #fraction,
                item: #item,
            };
        };
        self.facet_index.insert(key, self.facet_statics.len());
        self.facet_statics.push((id.clone(), body));
        Some(id)
    }

    fn file(mut self) -> Result<String, crate::Error> {
        let rt = self.rt.clone();
        let ns_consts = self.m.namespaces.iter().enumerate().map(|(i, (p, u))| {
            let _ = i;
            let c = ns_ident(p);
            let d = format!(" Namespace `{u}` (written with prefix `{p}`).");
            quote!(#[doc = #d] pub const #c: &str = #u;)
        });
        let decls: String = self
            .m
            .namespaces
            .iter()
            .map(|(p, u)| format!(" xmlns:{p}=\"{u}\""))
            .collect();
        let structs: Vec<TokenStream> = (0..self.m.structs.len())
            .map(|i| self.struct_def(i))
            .collect();
        let enums: Vec<TokenStream> = self.m.enums.iter().map(|e| self.enum_def(e)).collect();
        let unions: Vec<TokenStream> = (0..self.m.unions.len())
            .map(|i| self.union_def(i))
            .collect();
        let choices: Vec<TokenStream> = (0..self.m.choices.len())
            .map(|i| self.choice_def(i))
            .collect();
        let dyns: Vec<TokenStream> = (0..self.m.dyns.len()).map(|i| self.dyn_def(i)).collect();
        let headers = self.headers_def();
        let ops = self.operations_def(&decls);
        let client = self.client_def();
        let api = self.api_trait_def();
        let server = self.server_def();
        let facet_statics = self.facet_statics.iter().map(|(_, t)| t);
        let endpoints = self.m.endpoints.iter().map(|(port, addr)| {
            let d = format!(" Address of port `{port}` (from the WSDL's `service` element).");
            let c = ident(&crate::names::const_name(
                &format!("{port}_address"),
                "ADDRESS",
            ));
            quote!(#[doc = #d] pub const #c: &str = #addr;)
        });
        let default_endpoint = self.m.endpoints.first().map(|(_, a)| {
            quote!(
                #[doc = " The first SOAP address in the WSDL's `service` element."]
                pub const DEFAULT_ENDPOINT: &str = #a;
            )
        });
        let named_endpoints = self.m.named_endpoints.iter().map(|e| {
            let c = ident(&format!("{}_ENDPOINT", e.name));
            let fallback = format!("The `{}` address (from the rules file).", e.name);
            let doc = doc_attr(e.doc.as_deref(), &fallback);
            let url = &e.url;
            quote!(#doc pub const #c: &str = #url;)
        });
        let service_name = &self.m.service_name;
        let soap = match self.m.soap_version {
            SoapVersion::Soap11 => quote!(#rt::SoapVersion::Soap11),
            SoapVersion::Soap12 => quote!(#rt::SoapVersion::Soap12),
        };
        // The service's documentation describes the service, not this constant: it goes on the
        // `operations` module and the caller-side trait.
        let service_doc = format!(" The name of the service in the WSDL: `{service_name}`.");
        let rt_path = &self.rt_path;
        let tokens = quote! {
            use #rt_path as rt;
            #[doc = #service_doc]
            pub const SERVICE_NAME: &str = #service_name;
            #[doc = " SOAP version of the binding the code was generated from."]
            pub const SOAP_VERSION: #rt::SoapVersion = #soap;
            #[doc = " Namespace declarations written on every envelope."]
            pub const NAMESPACE_DECLARATIONS: &str = #decls;
            #(#ns_consts)*
            #(#endpoints)*
            #default_endpoint
            #(#named_endpoints)*
            #headers
            #(#structs)*
            #(#enums)*
            #(#unions)*
            #(#choices)*
            #(#dyns)*
            #ops
            #client
            #api
            #server
            #(#facet_statics)*
        };
        let file: syn::File = syn::parse2(tokens.clone()).map_err(|e| {
            if let Some(path) = std::env::var_os("CODEGEN_DEBUG_TOKENS") {
                let _ = std::fs::write(path, tokens.to_string());
            }
            crate::Error::bare(format!(
                "internal error: generated code does not parse: {e}"
            ))
        })?;
        Ok(prettyplease::unparse(&file))
    }

    /// `pub enum NAME { VARIANTS }` with its documentation and what every generated enum of
    /// values derives (`Clone`, `Debug`, `PartialEq`, serde when configured) and is
    /// (`#[non_exhaustive]`).
    fn value_enum(&self, doc: &TokenStream, name: &Ident, variants: &[TokenStream]) -> TokenStream {
        let serde = self.serde_attrs_struct();
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #serde
            #[non_exhaustive]
            pub enum #name { #(#variants)* }
        }
    }

    fn serde_attrs_struct(&self) -> TokenStream {
        if self.config.serde {
            quote!(#[derive(::serde::Serialize, ::serde::Deserialize)])
        } else {
            quote!()
        }
    }

    fn struct_def(&mut self, i: usize) -> TokenStream {
        let rt = self.rt.clone();
        let m = self.m;
        let s = &m.structs[i];
        let name = ident(&s.name);
        let doc = doc_attr(s.doc.as_deref(), &format!("The `{}` schema type.", s.name));
        let fields: Vec<TokenStream> = s.fields.iter().map(|f| self.field_def(f)).collect();
        // With a secret member, the derive writes a `Debug` that redacts it.
        let debug = if s.fields.iter().any(|f| f.sensitive) {
            quote!()
        } else {
            quote!(Debug,)
        };
        let serde = self.serde_attrs_struct();
        let order = if s.group {
            quote!(#[soap(group)])
        } else if s.fields.iter().any(|f| self.reads_in_order(f))
            // Two wildcards: which one a child belongs to depends on where it is.
            || s.fields.iter().filter(|f| f.kind == FieldKind::Any).count() > 1
        {
            quote!(#[soap(ordered)])
        } else {
            quote!()
        };
        quote! {
            #doc
            #[derive(Clone, PartialEq, #debug #rt::ComplexValue)]
            #order
            #serde
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }
        }
    }

    /// Whether the struct holding `f` must read its children in schema order: `f` is a model
    /// group, or a choice with a group option.
    fn reads_in_order(&self, f: &Field) -> bool {
        match (f.kind, f.value) {
            (FieldKind::Group, _) => true,
            (FieldKind::Element, Value::Choice(ci)) => self.m.choices[ci]
                .variants
                .iter()
                .any(|v| v.kind == VariantKind::Group),
            _ => false,
        }
    }

    /// One member: its documentation (with its rules), its `#[soap]` and `#[serde]`
    /// attributes, its name and type.
    fn field_def(&mut self, f: &Field) -> TokenStream {
        let fname = ident(&f.rust);
        let ty = self.field_type(f);
        let xml_local = f.xml.local.as_str();
        let mut text = f
            .doc
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| format!("The `{xml_local}` element."));
        if let Some(rules) = crate::rules_doc::field(f, self.m) {
            text.push_str("\n\n");
            text.push_str(&rules);
        }
        let fdoc = doc_attr(Some(&text), "");
        let soap = self.soap_attr(f);
        let serde = self.serde_field(f);
        quote!(#fdoc #soap #serde pub #fname: #ty,)
    }

    /// `#[soap(...)]`: what the derive needs to write, read and check the member.
    fn soap_attr(&mut self, f: &Field) -> TokenStream {
        let tag = self.tag(&f.xml);
        let ns = self.ns_path(&f.xml.ns);
        let mut parts: Vec<Option<TokenStream>> = Vec::new();
        let count = |parts: &mut Vec<Option<TokenStream>>, min: u32, max: MaxOccurs| {
            if min > 0 {
                let min = min as usize;
                parts.push(Some(quote!(min = #min)));
            }
            if let MaxOccurs::Bounded(max) = max {
                let max = max as usize;
                parts.push(Some(quote!(max = #max)));
            }
        };
        let ns = ns.map(|ns| quote!(ns = #ns));
        match (f.kind, f.value, &f.list) {
            (FieldKind::Attribute, _, _) => parts.extend([Some(quote!(attribute = #tag)), ns]),
            (FieldKind::Text, _, _) => parts.push(Some(quote!(text))),
            (FieldKind::Any, _, _) => parts.push(Some(quote!(any))),
            (FieldKind::AnyAttribute, _, _) => parts.push(Some(quote!(any_attribute))),
            (FieldKind::Content, _, _) => parts.push(Some(quote!(content))),
            (FieldKind::Mixed, _, _) => parts.push(Some(quote!(mixed))),
            (FieldKind::Group, _, _) => {
                let label = f.xml.local.as_str();
                parts.push(Some(quote!(group = #label)));
            }
            (FieldKind::Element, Value::Choice(ci), _) => {
                let labels: Vec<&str> = self.m.choices[ci]
                    .variants
                    .iter()
                    .map(|v| v.xml.local.as_str())
                    .collect();
                let label = labels.join("|");
                parts.push(Some(quote!(choice = #label)));
            }
            (FieldKind::Element, _, Some(list)) => {
                let item = self.tag(&list.item);
                parts.extend([Some(quote!(list = #tag)), ns, Some(quote!(item = #item))]);
                // The derive reads the items in the wrapper's namespace unless told otherwise.
                if list.item.ns != f.xml.ns {
                    let item_ns = self.ns_path(&list.item.ns).map(|n| quote!(#n));
                    let item_ns = item_ns.unwrap_or_else(|| quote!(NO_NAMESPACE));
                    parts.push(Some(quote!(item_ns = #item_ns)));
                }
                if list.min > 0 || list.max != MaxOccurs::Unbounded {
                    count(&mut parts, list.min, list.max);
                }
            }
            (FieldKind::Element, _, None) => parts.extend([Some(quote!(element = #tag)), ns]),
        }
        if let Some(id) = self.facets_static(&f.facets) {
            parts.push(Some(quote!(facets = #id)));
        }
        if f.repeated() {
            count(&mut parts, f.min, f.max);
        }
        if f.sensitive {
            parts.push(Some(quote!(sensitive)));
        }
        match &f.value_constraint {
            Some(crate::raw::ValueConstraint::Default(t)) => parts.push(Some(quote!(default = #t))),
            Some(crate::raw::ValueConstraint::Fixed(t)) => parts.push(Some(quote!(fixed = #t))),
            None => {}
        }
        let parts = parts.into_iter().flatten();
        quote!(#[soap(#(#parts),*)])
    }

    /// The namespace constant of `ns` (`NS_PAY`), or `None` for no namespace.
    fn ns_path(&self, ns: &str) -> Option<Ident> {
        self.prefix(ns).map(ns_ident)
    }

    /// `#[serde(...)]` of a member: its JSON name, and how an absent value is written.
    fn serde_field(&self, f: &Field) -> TokenStream {
        if !self.config.serde {
            return quote!();
        }
        let xml_local = f.xml.local.as_str();
        let is_vec = f.repeated() || matches!(f.kind, FieldKind::Any | FieldKind::AnyAttribute);
        let opt = f.min == 0 && !is_vec;
        let json_name = if f.kind == FieldKind::Attribute {
            format!("@{xml_local}")
        } else {
            xml_local.to_owned()
        };
        let mut parts = vec![quote!(rename = #json_name)];
        if is_vec {
            parts.push(quote!(default));
        } else if opt {
            parts.push(quote!(default, skip_serializing_if = "Option::is_none"));
        }
        if opt && f.nillable {
            parts.push(quote!(with = "rt::serde_option_nillable"));
        }
        quote!(#[serde(#(#parts),*)])
    }

    fn enum_def(&self, e: &Enum) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&e.name);
        let doc = doc_attr(e.doc.as_deref(), &format!("The `{}` enumeration.", e.name));
        let variants = e.variants.iter().map(|v| {
            let id = ident(&v.rust);
            let d = doc_attr(v.doc.as_deref(), &format!("`{}`", v.value));
            quote!(#d #id,)
        });
        let to_str = e.variants.iter().map(|v| {
            let id = ident(&v.rust);
            let val = &v.value;
            quote!(Self::#id => #val,)
        });
        let numeric = e.base.is_integer();
        let parse_arms = e.variants.iter().map(|v| {
            let id = ident(&v.rust);
            if numeric {
                let n: i128 = v.value.trim().parse().unwrap_or(i128::MIN);
                let lit = Literal::i128_unsuffixed(n);
                quote!(#lit => Ok(Self::#id),)
            } else {
                let val = &v.value;
                quote!(#val => Ok(Self::#id),)
            }
        });
        let (other_variant, other_str, fallback) = if e.open {
            (
                quote!(
                    #[doc = " A value this schema does not list; kept as received."]
                    Other(String),
                ),
                quote!(Self::Other(s) => s.as_str(),),
                quote!(_ => Ok(Self::Other(text.trim().to_owned())),),
            )
        } else {
            (
                quote!(),
                quote!(),
                quote!(_ => Err(#rt::ValueError::not_in_enumeration(text)),),
            )
        };
        let parse = if numeric {
            quote! {
                let n = #rt::parse_integer(text)?;
                match n { #(#parse_arms)* _ => Err(#rt::ValueError::not_in_enumeration(text)) }
            }
        } else {
            quote!( match #rt::collapse(text).as_ref() { #(#parse_arms)* #fallback } )
        };
        let copy = if e.open { quote!() } else { quote!(Copy,) };
        let (serde, serde_impl, serde_doc) = self.enum_serde(e);
        let values = e.variants.iter().map(|v| {
            let id = ident(&v.rust);
            quote!(Self::#id)
        });
        let element_impls =
            if e.variants.iter().all(|v| v.qname.is_some()) && !e.variants.is_empty() {
                self.qname_enum_impls(e)
            } else {
                quote!(#rt::simple_type_impls!(#name);)
            };
        quote! {
            #doc
            #serde_doc
            #[derive(Clone, #copy Debug, PartialEq, Eq, Hash)]
            #serde
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #other_variant
            }
            impl #name {
                #[doc = " Every value the schema lists, in schema order."]
                pub const VALUES: &'static [Self] = &[#(#values),*];
                #[doc = " The value as written on the wire."]
                pub fn as_str(&self) -> &str {
                    match self { #(#to_str)* #other_str }
                }
            }
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl #rt::SimpleValue for #name {
                fn write_text(&self, out: &mut String) {
                    #rt::escape_text(self.as_str(), out)
                }
                fn parse_text(text: &str) -> Result<Self, #rt::ValueError> {
                    #parse
                }
            }
            #element_impls
            #serde_impl
        }
    }

    /// The element reader and writer of an enumeration of `xs:QName`s: a value is compared by
    /// namespace and local name, its prefix resolved where it is read, and written with a
    /// prefix declared on its element.
    fn qname_enum_impls(&self, e: &Enum) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&e.name);
        let mut writes = Vec::new();
        let mut reads = Vec::new();
        for v in &e.variants {
            let id = ident(&v.rust);
            let q = v.qname.as_ref().expect("a QName enumeration");
            let (ns, local) = (q.ns.as_str(), q.local.as_str());
            writes.push(quote!(Self::#id => w.qname(tag, #ns, #local),));
            let ns_pat = if ns.is_empty() {
                quote!(None)
            } else {
                quote!(Some(#ns))
            };
            reads.push(quote!((#ns_pat, #local) => Ok(Self::#id),));
        }
        let (other_write, other_read) = if e.open {
            (
                quote!(Self::Other(s) => w.simple(tag, s),),
                quote!(_ => Ok(Self::Other(#rt::read_simple(node)?)),),
            )
        } else {
            (
                quote!(),
                quote!(_ => Err(#rt::DecodeError::at(node, #rt::DecodeErrorKind::InvalidValue {
                    value: match &ns { Some(ns) => format!("{{{ns}}}{local}"), None => local.clone() },
                    reason: "is not one of the enumeration's values".into(),
                })),),
            )
        };
        quote! {
            impl #rt::WriteElement for #name {
                fn write_element(&self, w: &mut #rt::XmlWriter<'_>, tag: &str) {
                    match self { #(#writes)* #other_write }
                }
            }
            impl #rt::ReadElement for #name {
                fn read_element(node: #rt::Node<'_, '_>) -> Result<Self, #rt::DecodeError> {
                    let (ns, local) = #rt::read_qname(node)?;
                    match (ns.as_deref(), local.as_str()) {
                        #(#reads)*
                        #other_read
                    }
                }
            }
            impl #rt::CheckValue for #name {
                fn check(&self, v: &mut #rt::Validator, facets: &#rt::Facets) {
                    if !facets.is_unconstrained() {
                        v.check_text(&::std::string::ToString::to_string(self), facets)
                    }
                }
            }
        }
    }

    fn union_def(&mut self, i: usize) -> TokenStream {
        let rt = self.rt.clone();
        let u = &self.m.unions[i];
        let name = ident(&u.name);
        let doc = doc_attr(u.doc.as_deref(), &format!("The `{}` union.", u.name));
        let mut variants = Vec::new();
        let mut writes = Vec::new();
        let mut parses = Vec::new();
        let mut checks = Vec::new();
        for (vname, value, facets) in &u.members {
            let id = ident(vname);
            let ty = self.value_type(*value);
            let d = format!(" A value of the `{vname}` member type.");
            variants.push(quote!(#[doc = #d] #id(#ty),));
            writes.push(quote!(Self::#id(v) => #rt::SimpleValue::write_text(v, out),));
            let f = self.facets_ref(facets);
            // XSD 1.0 Part 2 §2.5.1.3: the first member whose lexical space, facets included,
            // holds the text.
            let parse = if facets.is_empty() {
                quote!(if let Ok(v) = <#ty as #rt::SimpleValue>::parse_text(text) { return Ok(Self::#id(v)); })
            } else {
                quote!(if let Ok(v) = <#ty as #rt::SimpleValue>::parse_text(text) {
                    if #rt::Validator::accepts(&v, #f) { return Ok(Self::#id(v)); }
                })
            };
            parses.push(parse);
            checks.push(quote!(Self::#id(x) => #rt::CheckValue::check(x, v, #f),));
        }
        let head = self.value_enum(&doc, &name, &variants);
        quote! {
            #head
            impl #rt::SimpleValue for #name {
                fn write_text(&self, out: &mut String) {
                    match self { #(#writes)* }
                }
                fn parse_text(text: &str) -> Result<Self, #rt::ValueError> {
                    #(#parses)*
                    Err(#rt::ValueError::no_union_member(text))
                }
            }
            impl #rt::WriteElement for #name {
                fn write_element(&self, w: &mut #rt::XmlWriter<'_>, tag: &str) { w.simple(tag, self) }
            }
            impl #rt::ReadElement for #name {
                fn read_element(node: #rt::Node<'_, '_>) -> Result<Self, #rt::DecodeError> { #rt::read_simple(node) }
            }
            impl #rt::CheckValue for #name {
                fn check(&self, v: &mut #rt::Validator, facets: &#rt::Facets) {
                    match self { #(#checks)* }
                    // A restriction of the union: its pattern and enumeration.
                    v.check_union_restriction(self, facets);
                }
            }
        }
    }

    fn headers_def(&mut self) -> TokenStream {
        let rt = self.rt.clone();
        let m = self.m;
        let fields = m.headers.iter().map(|h| {
            let f = ident(&h.field);
            let ty = self.value_type(h.value);
            let local = h.name.local.as_str();
            let mut text = h
                .doc
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| format!("The `{local}` SOAP header."));
            if let Some(rules) = crate::rules_doc::facets(&h.facets, m) {
                text.push_str("\n\n");
                text.push_str(&rules);
            }
            let doc = doc_attr(Some(&text), "");
            let tag = self.tag(&h.name);
            let mut parts = vec![quote!(header = #tag)];
            if let Some(ns) = self.ns_path(&h.name.ns) {
                parts.push(quote!(ns = #ns));
            }
            if let Some(id) = self.facets_static(&h.facets) {
                parts.push(quote!(facets = #id));
            }
            if h.sensitive {
                parts.push(quote!(sensitive));
            }
            quote!(#doc #[soap(#(#parts),*)] pub #f: Option<#ty>,)
        });
        let fields: Vec<TokenStream> = fields.collect();
        quote! {
            #[doc = " The SOAP headers any operation of this service can carry. Which ones an operation's request"]
            #[doc = " carries, and which it requires, is in its [`OperationInfo::headers`](rt::OperationInfo::headers);"]
            #[doc = " its response's in [`OperationInfo::response_headers`](rt::OperationInfo::response_headers)."]
            #[doc = ""]
            #[doc = " Start from `SoapHeaders::default()` and set headers with `with_<name>(value)` (the"]
            #[doc = " struct is `#[non_exhaustive]`, so a header a new WSDL adds breaks no code)."]
            #[derive(Clone, Default, PartialEq, #rt::HeaderSet)]
            #[non_exhaustive]
            pub struct SoapHeaders { #(#fields)* }
        }
    }

    fn operations_def(&self, decls: &str) -> TokenStream {
        let rt = &self.rt;
        let soap = match self.m.soap_version {
            SoapVersion::Soap11 => quote!(#rt::SoapVersion::Soap11),
            SoapVersion::Soap12 => quote!(#rt::SoapVersion::Soap12),
        };
        let mut items = Vec::new();
        let mut infos = Vec::new();
        for op in &self.m.operations {
            let name = op_type(&op.name);
            let op_name = op.name.as_str();
            let doc = doc_attr(op.doc.as_deref(), &format!("The `{op_name}` operation."));
            let action = op.soap_action.as_str();
            let req = ident(&self.m.structs[op.input.1].name);
            let req_ns = op.input.0.ns.as_str();
            let req_local = op.input.0.local.as_str();
            // An unwrapped request has no element of its own to write.
            let req_tag = if op.input_unwrapped {
                String::new()
            } else {
                self.tag(&op.input.0)
            };
            let (resp, resp_ns, resp_local) = match &op.output {
                Some((q, i)) => {
                    let n = ident(&self.m.structs[*i].name);
                    (quote!(super::#n), q.ns.as_str(), q.local.as_str())
                }
                None => (quote!(#rt::Empty), "", ""),
            };
            let header_uses = |uses: &[(usize, bool)]| -> Vec<TokenStream> {
                uses.iter()
                    .map(|(i, req)| {
                        let n = self.m.headers[*i].name.local.as_str();
                        quote!(#rt::HeaderUse { name: #n, required: #req })
                    })
                    .collect()
            };
            let headers = header_uses(&op.headers);
            let response_headers = header_uses(&op.response_headers);
            let (req_unwrapped, resp_unwrapped) = (op.input_unwrapped, op.output_unwrapped);
            let info_ident = ident(&format!(
                "{}_INFO",
                crate::names::const_name(op_name, "OPERATION")
            ));
            items.push(quote! {
                #doc
                #[derive(Clone, Copy, Debug, Default)]
                pub struct #name;
                #[doc = " What the WSDL says about this operation."]
                pub static #info_ident: #rt::OperationInfo = #rt::OperationInfo {
                    name: #op_name,
                    soap_action: #action,
                    request: (#req_ns, #req_local),
                    request_tag: #req_tag,
                    response: (#resp_ns, #resp_local),
                    headers: &[#(#headers),*],
                    response_headers: &[#(#response_headers),*],
                    request_unwrapped: #req_unwrapped,
                    response_unwrapped: #resp_unwrapped,
                    namespace_declarations: #decls,
                    soap_version: #soap,
                };
                impl #rt::Operation for #name {
                    type Request = super::#req;
                    type Response = #resp;
                    type Headers = super::SoapHeaders;
                    const INFO: &'static #rt::OperationInfo = &#info_ident;
                }
            });
            infos.push(quote!(&#info_ident));
        }
        let service_doc = self.service_doc_paragraph();
        quote! {
            #service_doc
            #[doc = " One marker type per WSDL operation, carrying its name, SOAPAction, body elements and headers."]
            pub mod operations {
                use super::rt;
                #(#items)*
                #[doc = " Every operation, in WSDL order."]
                pub static ALL: &[&#rt::OperationInfo] = &[#(#infos),*];
            }
        }
    }

    fn client_def(&self) -> TokenStream {
        let Some(client) = &self.config.client_path else {
            return quote!();
        };
        let client: syn::Path = match syn::parse_str(client) {
            Ok(p) => p,
            Err(_) => return quote!(),
        };
        let rt = &self.rt;
        let methods = self.m.operations.iter().map(|op| {
            let m = ident(&crate::names::field_ident(&op.name));
            let name = op_type(&op.name);
            let doc = doc_attr(op.doc.as_deref(), &format!("Calls `{}`.", op.name));
            let req = ident(&self.m.structs[op.input.1].name);
            let resp = match &op.output {
                Some((_, i)) => {
                    let n = ident(&self.m.structs[*i].name);
                    quote!(#n)
                }
                None => quote!(#rt::Empty),
            };
            quote! {
                #doc
                #[doc = ""]
                #[doc = " The request is validated against the schema first; nothing is sent if it is invalid."]
                pub async fn #m(&self, request: &#req) -> Result<#resp, <Self as #rt::CallOperation>::Error> {
                    #rt::CallOperation::call::<operations::#name>(self, request).await
                }
            }
        });
        let cfg = cfg_attr(self.config.client_cfg.as_deref());
        quote! {
            #cfg
            impl #client {
                #(#methods)*
            }
        }
    }

    /// The server items of [`Builder::server`](crate::Builder::server): the `Service` trait,
    /// `dispatch` and `Dispatcher`, under the configured `cfg`.
    fn server_def(&self) -> TokenStream {
        if !self.config.server {
            return quote!();
        }
        let cfg = cfg_attr(self.config.server_cfg.as_deref());
        let service = self.service_trait_def(&cfg);
        let dispatch = self.dispatch_def(&cfg);
        let rt = &self.rt;
        quote! {
            #service
            #dispatch
            #[doc = " A [`Service`] as the runtime's transports see it: implements `Dispatch` with [`dispatch`],"]
            #[doc = " [`Service::internal_fault`] and the binding's [`SOAP_VERSION`]. Cheap to clone (the service"]
            #[doc = " is shared)."]
            #cfg
            pub struct Dispatcher<S>(#[doc = " The service, shared by the clones."] pub ::std::sync::Arc<S>);
            #cfg
            impl<S> Dispatcher<S> {
                #[doc = " Wraps `service`."]
                pub fn new(service: S) -> Self {
                    Dispatcher(::std::sync::Arc::new(service))
                }
            }
            #cfg
            impl<S> ::std::clone::Clone for Dispatcher<S> {
                fn clone(&self) -> Self {
                    Dispatcher(::std::sync::Arc::clone(&self.0))
                }
            }
            #cfg
            impl<S: Service> #rt::Dispatch for Dispatcher<S> {
                async fn dispatch(&self, soap_action: Option<&str>, body: &str, limits: &#rt::Limits) -> #rt::ServerResponse {
                    dispatch(&*self.0, soap_action, body, limits).await
                }
                fn internal_fault(&self, message: &str) -> #rt::ServerFault {
                    self.0.internal_fault(message)
                }
                fn soap_version(&self) -> #rt::SoapVersion {
                    SOAP_VERSION
                }
            }
        }
    }

    /// What the server docs say of the binding's SOAP version: its name, the HTTP status of
    /// faults, where the action comes from, and the SOAP codes of sender and receiver faults.
    fn server_wording(&self) -> [&'static str; 5] {
        match self.m.soap_version {
            SoapVersion::Soap11 => [
                "SOAP 1.1",
                " (HTTP 500)",
                "the `SOAPAction` HTTP header",
                "`s:Client`",
                "`s:Server`",
            ],
            SoapVersion::Soap12 => [
                "SOAP 1.2",
                " (HTTP 400 for a sender fault, 500 for a receiver fault)",
                "the `action` parameter of the `Content-Type`",
                "`env:Sender`",
                "`env:Receiver`",
            ],
        }
    }

    /// The `Service` trait: one method per operation, and the provided methods that choose the
    /// faults for requests that never reach a handler.
    fn service_trait_def(&self, cfg: &TokenStream) -> TokenStream {
        let rt = &self.rt;
        let [_, fault_status, _, sender, receiver] = self.server_wording();
        let method_doc = format!(
            " Called with a request that decoded and passed schema validation; an `Err` is sent as a SOAP fault{fault_status}."
        );
        let decode_doc =
            format!(" The fault for a request that could not be decoded (default: {sender} with the error).");
        let invalid_doc = format!(
            " The fault for a request that breaks a schema constraint (default: {sender} listing every violation)."
        );
        let internal_doc = format!(
            " The fault for a request whose handler failed without an answer, e.g. panicked (default: {receiver})."
        );
        let methods = self.m.operations.iter().map(|op| {
            let m = ident(&crate::names::field_ident(&op.name));
            let doc = doc_attr(op.doc.as_deref(), &format!("Handles `{}`.", op.name));
            let req = ident(&self.m.structs[op.input.1].name);
            let resp = match &op.output {
                Some((_, i)) => {
                    let n = ident(&self.m.structs[*i].name);
                    quote!(#n)
                }
                None => quote!(#rt::Empty),
            };
            quote! {
                #doc
                #[doc = ""]
                #[doc = #method_doc]
                fn #m(&self, headers: SoapHeaders, request: #req)
                    -> impl ::std::future::Future<Output = ::std::result::Result<#resp, #rt::ServerFault>> + Send;
            }
        });
        quote! {
            #[doc = " The service side: one method per WSDL operation, typed request in, typed response or fault out."]
            #[doc = " [`dispatch`] turns a request envelope into a call of one method and encodes its answer;"]
            #[doc = " [`Dispatcher`] serves an implementation with a transport of the runtime."]
            #[doc = ""]
            #[doc = " The provided methods choose the faults for requests that never reach a handler; override them"]
            #[doc = " to answer with the service's own documented codes."]
            #cfg
            pub trait Service: Send + Sync + 'static {
                #(#methods)*
                #[doc = #decode_doc]
                fn decode_fault(&self, error: &#rt::DecodeError) -> #rt::ServerFault {
                    #rt::ServerFault::from_decode(error)
                }
                #[doc = #invalid_doc]
                fn invalid_request_fault(&self, error: &#rt::ValidationError) -> #rt::ServerFault {
                    #rt::ServerFault::from_validation(error)
                }
                #[doc = #internal_doc]
                fn internal_fault(&self, message: &str) -> #rt::ServerFault {
                    #rt::ServerFault::internal(message)
                }
            }
        }
    }

    /// The `dispatch` function: operation chosen, request decoded and validated, method called,
    /// answer encoded, in the binding's SOAP version.
    fn dispatch_def(&self, cfg: &TokenStream) -> TokenStream {
        let rt = &self.rt;
        let [version, fault_status, action_source, _, _] = self.server_wording();
        let doc = [
            format!(" Handles one {version} request: picks the operation by `soap_action`"),
            format!(" ({action_source}; an unknown action is an `a:ActionNotSupported` fault, as with"),
            " WCF) or, when there is none, by the body's wrapper element; decodes and validates the".to_owned(),
            " request, calls `service` and returns the response envelope (HTTP 200) or a".to_owned(),
            format!(" {version} fault{fault_status}. Never panics on malformed input. Requests that"),
            " do not decode or validate get [`Service::decode_fault`] / [`Service::invalid_request_fault`].".to_owned(),
        ];
        let arms = self.m.operations.iter().map(|op| {
            let m = ident(&crate::names::field_ident(&op.name));
            let name = op_type(&op.name);
            let op_name = op.name.as_str();
            quote! {
                #op_name => #rt::serve_operation(operations::#name, body, limits, undecodable, invalid, |h, r| service.#m(h, r)).await,
            }
        });
        quote! {
            #(#[doc = #doc])*
            #cfg
            pub async fn dispatch<S: Service>(service: &S, soap_action: Option<&str>, body: &str, limits: &#rt::Limits) -> #rt::ServerResponse {
                let info = match #rt::select_operation(operations::ALL, soap_action, body, limits) {
                    Ok(info) => info,
                    Err(fault) => return #rt::ServerResponse::fault_in(&fault, SOAP_VERSION),
                };
                let undecodable = |e: &#rt::DecodeError| service.decode_fault(e);
                let invalid = |e: &#rt::ValidationError| service.invalid_request_fault(e);
                match info.name {
                    #(#arms)*
                    other => #rt::ServerResponse::fault_in(&#rt::ServerFault::unknown_operation(other), SOAP_VERSION),
                }
            }
        }
    }
}

impl Emitter<'_> {
    /// The caller-side trait of [`Builder::api_trait`](crate::Builder::api_trait): one method per
    /// operation, implemented for every `CallOperation` with the service's headers and error.
    /// Its methods are provided (failing with `NotImplemented`), so a mock implements only what
    /// it needs and keeps compiling when the WSDL gains operations.
    fn api_trait_def(&self) -> TokenStream {
        let Some((name, error)) = &self.config.api_trait else {
            return quote!();
        };
        let (Ok(error), Ok(name)) = (
            syn::parse_str::<syn::Path>(error),
            syn::parse_str::<Ident>(name),
        ) else {
            return quote!();
        };
        let rt = &self.rt;
        let mut decls = Vec::new();
        let mut impls = Vec::new();
        for op in &self.m.operations {
            let m = ident(&crate::names::field_ident(&op.name));
            let marker = op_type(&op.name);
            let doc = doc_attr(op.doc.as_deref(), &format!("Calls `{}`.", op.name));
            let req = ident(&self.m.structs[op.input.1].name);
            let resp = match &op.output {
                Some((_, i)) => {
                    let n = ident(&self.m.structs[*i].name);
                    quote!(#n)
                }
                None => quote!(#rt::Empty),
            };
            let sig = quote! {
                fn #m(&self, request: &#req)
                    -> impl ::std::future::Future<Output = ::std::result::Result<#resp, #error>> + Send
            };
            decls.push(quote! {
                #doc
                #[doc = ""]
                #[doc = " Provided: fails with `NotImplemented` (for mocks that implement only some operations)."]
                #sig {
                    let _ = request;
                    ::std::future::ready(::std::result::Result::Err(<#error>::from(
                        #rt::NotImplemented(<operations::#marker as #rt::Operation>::INFO),
                    )))
                }
            });
            impls.push(quote! {
                #sig {
                    #rt::CallOperation::call::<operations::#marker>(self, request)
                }
            });
        }
        let cfg = cfg_attr(self.config.client_cfg.as_deref());
        let service = self.m.service_name.as_str();
        let head = format!(" The operations of `{service}` as a caller sees them: one method per WSDL operation, typed request in,");
        let service_doc = self.service_doc_paragraph();
        quote! {
            #service_doc
            #[doc = #head]
            #[doc = " typed response or error out."]
            #[doc = ""]
            #[doc = " Implemented for every caller of the operations (every `CallOperation` with these headers and"]
            #[doc = " this error), so code written against the trait runs with the HTTP client, with an in-process"]
            #[doc = " service, or with a mock of the caller's own: implement the methods it needs (e.g. with"]
            #[doc = " `async fn`); the others fail with the runtime's `NotImplemented`, converted into the error."]
            #[doc = " Use it as a generic bound (`api: &impl Trait`); the methods return `impl Future + Send`."]
            #cfg
            pub trait #name: Send + Sync {
                #(#decls)*
            }
            #[doc = " Every caller of the operations with these headers and this error."]
            #cfg
            impl<C> #name for C
            where
                C: #rt::CallOperation<Headers = SoapHeaders, Error = #error> + Send + Sync,
            {
                #(#impls)*
            }
        }
    }
}

impl Emitter<'_> {
    /// The service's documentation (WSDL or rules overlay) and an empty doc line, or nothing.
    fn service_doc_paragraph(&self) -> TokenStream {
        match self.m.doc.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => {
                let lines = doc_attr(Some(d), "");
                quote!(#lines #[doc = ""])
            }
            None => quote!(),
        }
    }

    /// The serde of an enumeration: `Serialize` derived (the variant name), `Deserialize` from
    /// the name or the wire value (`"Email"`, `"2"`, `2`) through the runtime's `EnumSerde`;
    /// an open enumeration's unlisted values are `Other`. With the doc lines that say so.
    fn enum_serde(&self, e: &Enum) -> (TokenStream, TokenStream, TokenStream) {
        if !self.config.serde {
            return (quote!(), quote!(), quote!());
        }
        let rt = &self.rt;
        let name = ident(&e.name);
        let type_name = e.name.as_str();
        let names: Vec<&str> = e
            .variants
            .iter()
            .map(|v| v.rust.trim_start_matches("r#"))
            .collect();
        let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
        let build = if e.open {
            quote! {
                match SERDE.deserialize_open(d)? {
                    Ok(i) => Ok(Self::VALUES[i].clone()),
                    Err(other) => Ok(Self::Other(other)),
                }
            }
        } else {
            quote!(SERDE.deserialize(d).map(|i| Self::VALUES[i]))
        };
        let example = match (names.first(), values.first()) {
            (Some(n), Some(v)) if e.base.is_integer() => {
                format!(" (`\"{n}\"`); read from the name or the wire value (`\"{v}\"` or `{v}`).")
            }
            (Some(n), Some(v)) => {
                format!(" (`\"{n}\"`); read from the name or the wire value (`\"{v}\"`).")
            }
            _ => " ; read from the name or the wire value.".to_owned(),
        };
        let open_doc = e.open.then(
            || quote!(#[doc = " Any other string, or `{\"Other\": \"...\"}`, is read as `Other`."]),
        );
        let doc_line = format!(" In JSON (serde) a value is written as its variant name{example}");
        let doc = quote! {
            #[doc = ""]
            #[doc = #doc_line]
            #open_doc
        };
        let imp = quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    const SERDE: #rt::EnumSerde = #rt::EnumSerde {
                        type_name: #type_name,
                        names: &[#(#names),*],
                        values: &[#(#values),*],
                    };
                    #build
                }
            }
        };
        (quote!(#[derive(::serde::Serialize)]), imp, doc)
    }
}

/// `#[cfg(PREDICATE)]`, or nothing. The predicate was checked in [`emit`].
fn cfg_attr(predicate: Option<&str>) -> TokenStream {
    match predicate.and_then(|p| syn::parse_str::<syn::Meta>(p).ok()) {
        Some(meta) => quote!(#[cfg(#meta)]),
        None => quote!(),
    }
}

fn ns_ident(prefix: &str) -> Ident {
    ident(&format!("NS_{}", crate::names::const_name(prefix, "")))
}

/// The marker type of an operation (`checkVat` → `CheckVat`).
fn op_type(name: &str) -> Ident {
    ident(&crate::names::op_type_name(name))
}
