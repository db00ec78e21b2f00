//! `ComplexValue`: the writer, the reader and the validator of a struct, from its fields.

use crate::field::{Field, Kind};
use crate::StructAttrs;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `impl ComplexValue` plus `WriteElement`, `ReadElement` and `CheckValue` (and `GroupValue`
/// for a model group).
pub fn complex_value(name: &syn::Ident, fields: &[Field], sa: &StructAttrs) -> TokenStream {
    let rt = &sa.rt;
    let attrs: Vec<TokenStream> = fields
        .iter()
        .filter(|f| matches!(f.kind, Kind::Attribute | Kind::AnyAttribute))
        .map(write_attribute)
        .collect();
    let writes: Vec<TokenStream> = fields.iter().filter_map(|f| write_content(f, rt)).collect();
    let write_attributes = (!attrs.is_empty())
        .then(|| quote!(fn write_attributes(&self, w: &mut #rt::XmlWriter<'_>) { #(#attrs)* }));
    let w = if writes.is_empty() {
        quote!(_w)
    } else {
        quote!(w)
    };
    let ordered = sa.ordered || fields.iter().any(|f| matches!(f.kind, Kind::Group));
    let (read, stream, group) = if ordered {
        let (read, group) = crate::ordered::read(name, fields, sa);
        (read, None, group)
    } else {
        (read_content(fields, rt), stream_content(fields, rt), None)
    };
    let checks = fields.iter().map(|f| {
        let id = &f.ident;
        check(f, quote!(&self.#id), rt)
    });
    let v = if fields.is_empty() {
        quote!(_v)
    } else {
        quote!(v)
    };
    quote! {
        impl #rt::ComplexValue for #name {
            #write_attributes
            fn write_content(&self, #w: &mut #rt::XmlWriter<'_>) {
                #(#writes)*
            }
            #read
            #stream
            fn validate_into(&self, #v: &mut #rt::Validator) {
                #(#checks)*
            }
        }
        #rt::complex_type_impls!(#name);
        #group
    }
}

fn write_attribute(f: &Field) -> TokenStream {
    let (id, tag) = (&f.ident, &f.tag);
    if matches!(f.kind, Kind::AnyAttribute) {
        quote!(for (i, a) in self.#id.iter().enumerate() { a.write(w, i); })
    } else if f.shape.optional {
        quote!(if let Some(v) = &self.#id { w.attr(#tag, v); })
    } else {
        quote!(w.attr(#tag, &self.#id);)
    }
}

fn write_content(f: &Field, rt: &TokenStream) -> Option<TokenStream> {
    let (id, tag) = (&f.ident, f.tag.as_str());
    Some(match &f.kind {
        Kind::Attribute | Kind::AnyAttribute | Kind::Header => return None,
        Kind::Text => quote!(w.text(&self.#id);),
        Kind::Content => quote!(w.raw(&self.#id.0);),
        Kind::Mixed => quote!(#rt::write_mixed(w, &self.#id);),
        Kind::Any => quote!(for a in &self.#id { a.write_raw(w); }),
        Kind::Choice if f.shape.repeated => {
            quote!(for item in &self.#id { #rt::WriteElement::write_element(item, w, ""); })
        }
        Kind::Choice => quote!(#rt::WriteElement::write_element(&self.#id, w, "");),
        Kind::Group if f.shape.repeated => {
            quote!(for g in &self.#id { #rt::ComplexValue::write_content(g, w); })
        }
        Kind::Group if f.shape.optional => {
            quote!(if let Some(g) = &self.#id { #rt::ComplexValue::write_content(g, w); })
        }
        Kind::Group => quote!(#rt::ComplexValue::write_content(&self.#id, w);),
        Kind::List { item_tag, .. } => {
            let list = quote!(w.list(#tag, #item_tag, l););
            match (f.shape.optional, f.shape.nillable) {
                (false, false) => quote!({ let l = &self.#id; #list }),
                (true, false) => quote!(if let Some(l) = &self.#id { #list }),
                (false, true) => quote!(match &self.#id {
                    #rt::Nillable::Nil => w.nil(#tag),
                    #rt::Nillable::Value(l) => { #list }
                }),
                (true, true) => quote!(match &self.#id {
                    None => {}
                    Some(#rt::Nillable::Nil) => w.nil(#tag),
                    Some(#rt::Nillable::Value(l)) => { #list }
                }),
            }
        }
        Kind::Element => {
            let (start, end) = (format!("<{tag}>"), format!("</{tag}>"));
            let tag = quote!(&#rt::Tag { name: #tag, start: #start, end: #end });
            if f.shape.repeated {
                quote!(for item in &self.#id { #rt::WriteElement::write_tagged(item, w, #tag); })
            } else {
                quote!(#rt::WriteElement::write_tagged(&self.#id, w, #tag);)
            }
        }
    })
}

pub(crate) fn slot(f: &Field) -> syn::Ident {
    format_ident!("f_{}", f.ident.to_string().trim_start_matches("r#"))
}

/// `read_content`: one pass over the children, one slot per field.
fn read_content(fields: &[Field], rt: &TokenStream) -> TokenStream {
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut choices = Vec::new();
    let mut any = None;
    let mut inits = Vec::new();
    for f in fields {
        let (id, s, ns, local, label) = (&f.ident, slot(f), f.ns_expr(), f.local(), &f.label);
        let finish = if f.shape.optional || f.shape.repeated {
            quote!(#id: #s)
        } else {
            quote!(#id: #rt::required(#s, node, #label)?)
        };
        if let Some(init) = node_init(f, rt, fields) {
            inits.push(init);
            continue;
        }
        match &f.kind {
            Kind::Attribute | Kind::AnyAttribute | Kind::Text | Kind::Content | Kind::Mixed => {}
            Kind::Header | Kind::Group => continue,
            Kind::Any => {
                slots.push(quote!(let mut #s = Vec::new();));
                any = Some(quote!(#s.push(#rt::AnyElement::read(child));));
            }
            Kind::Choice => {
                let ty = &f.shape.value;
                slots.push(if f.shape.repeated {
                    quote!(let mut #s = Vec::new();)
                } else {
                    quote!(let mut #s = None;)
                });
                let read = if f.shape.repeated {
                    quote!(read_choice_repeated)
                } else {
                    quote!(read_choice)
                };
                choices.push(
                    quote!(if <#ty as #rt::ChoiceValue>::#read(&mut #s, child)? { continue; }),
                );
            }
            Kind::List { .. } => {
                let read = list_reader(f, rt);
                slots.push(quote!(let mut #s = None;));
                arms.push(quote!((#local, #ns) => #rt::once(&mut #s, child, #read)?,));
            }
            Kind::Element if f.shape.repeated => {
                let read = element_reader(f, rt);
                slots.push(quote!(let mut #s = Vec::new();));
                arms.push(quote!((#local, #ns) => #s.push((#read)(child)?),));
            }
            Kind::Element => {
                let read = element_reader(f, rt);
                slots.push(quote!(let mut #s = None;));
                arms.push(quote!((#local, #ns) => #rt::once(&mut #s, child, #read)?,));
            }
        }
        inits.push(finish);
    }
    let node = if fields.is_empty() {
        quote!(_node)
    } else {
        quote!(node)
    };
    let loop_body = (!slots.is_empty()).then(|| {
        let fallback = quote!({ #(#choices)* #any });
        quote! {
            for child in #rt::element_children(node) {
                // By local name first: it tells the children apart at once (most share the
                // namespace, whose URI would be compared in full for every arm).
                match (child.tag_name().name(), #rt::element_namespace(child)) {
                    #(#arms)*
                    _ => #fallback
                }
            }
        }
    });
    quote! {
        #[allow(clippy::single_match, clippy::match_single_binding)]
        fn read_content(#node: #rt::Node<'_, '_>) -> ::std::result::Result<Self, #rt::DecodeError> {
            #(#slots)*
            #loop_body
            Ok(Self { #(#inits,)* })
        }
    }
}

/// The member's initialiser when it is read from the element itself (an attribute, the text,
/// the whole content), not from one of its children. `fields` are all the struct's: an attribute wildcard leaves out the attributes the others
/// declare.
pub(crate) fn node_init(f: &Field, rt: &TokenStream, fields: &[Field]) -> Option<TokenStream> {
    let (id, ns, local, label) = (&f.ident, f.ns_expr(), f.local(), &f.label);
    Some(match &f.kind {
        Kind::AnyAttribute => {
            let declared = fields
                .iter()
                .filter(|a| matches!(a.kind, Kind::Attribute))
                .map(|a| {
                    let (ns, local) = (a.ns_expr(), a.local());
                    quote!((#ns, #local))
                });
            quote!(#id: #rt::read_any_attributes(node, &[#(#declared),*]))
        }
        Kind::Attribute => {
            if let (true, Some(c)) = (f.shape.optional, &f.constraint) {
                let text = c.text();
                quote!(#id: #rt::read_attr_or(node, #ns, #local, #text)?)
            } else if f.shape.optional {
                quote!(#id: #rt::read_attr(node, #ns, #local)?)
            } else {
                quote!(#id: #rt::required(#rt::read_attr(node, #ns, #local)?, node, #label)?)
            }
        }
        Kind::Text => quote!(#id: #rt::read_text(node)?),
        Kind::Content => quote!(#id: <#rt::AnyContent as #rt::ReadElement>::read_element(node)?),
        Kind::Mixed => quote!(#id: #rt::read_mixed(node)?),
        _ => return None,
    })
}

/// The function reading one occurrence of an element field: with the schema's `default` or
/// `fixed`, an empty element takes that value.
pub(crate) fn element_reader(f: &Field, rt: &TokenStream) -> TokenStream {
    match (&f.constraint, f.shape.nillable) {
        (None, _) => quote!(#rt::ReadElement::read_element),
        (Some(c), false) => {
            let text = c.text();
            quote!(|c| #rt::read_element_or(c, #text))
        }
        (Some(c), true) => {
            let text = c.text();
            quote!(|c| #rt::read_nillable_or(c, #text))
        }
    }
}

/// The function reading a list member's wrapper element into its items (`|c| …`).
pub(crate) fn list_reader(f: &Field, rt: &TokenStream) -> TokenStream {
    let Kind::List { item_tag, item_ns } = &f.kind else {
        return quote!(compile_error!("soap-derive: not a list"));
    };
    let (item_local, item_ns) = list_item(item_tag, item_ns.as_ref());
    let read = if f.shape.nillable {
        quote!(read_nillable_list)
    } else {
        quote!(read_list)
    };
    quote!(|c| #rt::#read(c, #item_ns, #item_local))
}

/// The local name of a list's item tag, and its namespace as an `Option<&str>` expression.
pub(crate) fn list_item<'a>(
    item_tag: &'a str,
    item_ns: Option<&syn::Path>,
) -> (&'a str, TokenStream) {
    let local = item_tag.rsplit(':').next().unwrap_or(item_tag);
    let ns = match item_ns {
        Some(p) => quote!(Some(#p)),
        None => quote!(None),
    };
    (local, ns)
}

/// `stream_content`, the fast path of `read_content`, for types whose fields are all child
/// elements (others keep the default, which leaves every value to the tree). It reads as
/// `read_content` does, and gives up wherever that would fail or skip something.
fn stream_content(fields: &[Field], rt: &TokenStream) -> Option<TokenStream> {
    // An empty element with a default takes it, which only the tree reader knows.
    if !fields
        .iter()
        .all(|f| matches!(f.kind, Kind::Element | Kind::List { .. }) && f.constraint.is_none())
    {
        return None;
    }
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let (id, s, ns, local) = (&f.ident, slot(f), f.ns_expr(), f.local());
        if let Kind::List { item_tag, item_ns } = &f.kind {
            let (item_local, item_ns) = list_item(item_tag, item_ns.as_ref());
            let read = if f.shape.nillable {
                quote!(nillable_list)
            } else {
                quote!(list)
            };
            slots.push(quote!(let mut #s = None;));
            arms.push(quote!((#local, #ns) => #rt::stream::once(&mut #s, s, &child, |s, c| #rt::stream::#read(s, c, #item_ns, #item_local))?,));
        } else if f.shape.repeated {
            slots.push(quote!(let mut #s = Vec::new();));
            arms.push(
                quote!((#local, #ns) => #s.push(#rt::ReadElement::stream_element(s, &child)?),),
            );
        } else {
            slots.push(quote!(let mut #s = None;));
            arms.push(quote!((#local, #ns) => #rt::stream::once(&mut #s, s, &child, #rt::ReadElement::stream_element)?,));
        }
        inits.push(if f.shape.optional || f.shape.repeated {
            quote!(#id: #s)
        } else {
            quote!(#id: #s?)
        });
    }
    let children = (!fields.is_empty()).then(|| {
        quote! {
            if !start.empty {
                while let Some(child) = s.child()? {
                    match (child.local, child.ns) {
                        #(#arms)*
                        _ => return None,
                    }
                }
            }
        }
    });
    let empty = fields.is_empty().then(|| {
        quote! {
            if !start.empty {
                s.child()?.is_none().then_some(())?;
            }
        }
    });
    Some(quote! {
        #[allow(clippy::single_match, clippy::match_single_binding)]
        fn stream_content<'i>(
            s: &mut #rt::Stream<'i>,
            start: &#rt::Start<'i>,
        ) -> ::std::option::Option<Self> {
            #(#slots)*
            #children
            #empty
            Some(Self { #(#inits,)* })
        }
    })
}

/// The checks of one field, whose value (a reference) is `value`.
pub fn check(f: &Field, value: TokenStream, rt: &TokenStream) -> TokenStream {
    if matches!(f.kind, Kind::AnyAttribute) {
        // Attributes the type does not declare: nothing constrains them.
        return quote!();
    }
    let label = f.label.as_str();
    let facets = f.facets_expr(rt);
    let method = if f.sensitive {
        quote!(check_sensitive)
    } else {
        quote!(check)
    };
    let mut out = quote!(v.#method(#label, #value, #facets););
    if let Some(crate::field::Constraint::Fixed(text)) = &f.constraint {
        out.extend(fixed_check(f, &value, text));
    }
    let (min, max) = (f.min.unwrap_or(0), max_expr(f.max));
    let counted = f.min.is_some() || f.max.is_some();
    match &f.kind {
        Kind::Element | Kind::Choice | Kind::Group if f.shape.repeated => {
            out.extend(quote!(v.count(#label, (#value).len(), #min, #max);));
        }
        Kind::Mixed => {
            out.extend(quote! {
                v.enter(#label, None);
                v.check_mixed(#value);
                v.leave();
            });
        }
        Kind::List { item_tag, .. } if counted => {
            let item_name = format!(
                "{}.{}",
                label,
                item_tag.rsplit(':').next().unwrap_or(item_tag)
            );
            let n = match (f.shape.optional, f.shape.nillable) {
                (false, false) => quote!(Some((#value).len())),
                (true, false) => quote!((#value).as_ref().map(|l| l.len())),
                (false, true) => quote!((#value).value().map(|l| l.len())),
                (true, true) => quote!((#value).as_ref().and_then(|l| l.value()).map(|l| l.len())),
            };
            out.extend(quote!(if let Some(n) = #n { v.count(#item_name, n, #min, #max); }));
        }
        _ => {}
    }
    out
}

/// `v.fixed(…)` for each present value of a `fixed` member (`value` is a reference to the
/// field).
fn fixed_check(f: &Field, value: &TokenStream, text: &str) -> TokenStream {
    let label = f.label.as_str();
    let one = |x: TokenStream, optional: bool| match (optional, f.shape.nillable) {
        (false, false) => quote!(Some(#x)),
        (true, false) => quote!((#x).as_ref()),
        (false, true) => quote!((#x).value()),
        (true, true) => quote!((#x).as_ref().and_then(|x| x.value())),
    };
    if f.shape.repeated {
        let item = one(quote!(x), false);
        quote!(for x in (#value).iter() { v.fixed(#label, #item, #text); })
    } else {
        let x = one(quote!(#value), f.shape.optional);
        quote!(v.fixed(#label, #x, #text);)
    }
}

fn max_expr(max: Option<usize>) -> TokenStream {
    match max {
        Some(m) => quote!(Some(#m)),
        None => quote!(None),
    }
}
