//! The enum of a type with derived types ([`crate::model::Dyn`]): one variant per type, read
//! by the element's `xsi:type` and written with it when the value is of a derived type.

use super::{ident, Emitter};
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    /// The enum of dyn `i`, its `ReadElement`, `WriteElement`, `CheckValue` and `From` impls.
    pub(super) fn dyn_def(&self, i: usize) -> TokenStream {
        let rt = &self.rt;
        let d = &self.m.dyns[i];
        let name = ident(&d.name);
        let declared = d.base.to_string();
        let mut variants = Vec::new();
        let mut writes = Vec::new();
        let mut reads = Vec::new();
        let mut checks = Vec::new();
        let mut froms = Vec::new();
        for v in &d.variants {
            let id = ident(&v.rust);
            let ty = ident(&self.m.structs[v.value].name);
            let t = &v.type_name;
            let doc = if *t == d.base {
                format!(" A value of the declared type `{}`.", t.local)
            } else {
                format!(
                    " A value of the derived type `{}`, written with `xsi:type`.",
                    t.local
                )
            };
            variants.push(quote!(#[doc = #doc] #id(#ty),));
            writes.push(if *t == d.base {
                quote!(Self::#id(x) => w.complex(tag, x),)
            } else {
                let (prefix, local, ns) = (
                    self.prefix(&t.ns).unwrap_or(""),
                    t.local.as_str(),
                    t.ns.as_str(),
                );
                quote!(Self::#id(x) => w.complex_typed(tag, (#prefix, #local, #ns), x),)
            });
            let ns = self.ns_const(&t.ns);
            let local = t.local.as_str();
            reads.push(quote!(Some((#ns, #local)) => Ok(Self::#id(#rt::ReadElement::read_element(node)?)),));
            if *t == d.base && !d.is_abstract {
                reads.push(quote!(None => Ok(Self::#id(#rt::ReadElement::read_element(node)?)),));
            }
            checks.push(quote!(Self::#id(x) => #rt::CheckValue::check(x, v, facets),));
            froms.push(quote! {
                impl From<#ty> for #name {
                    fn from(x: #ty) -> Self { Self::#id(x) }
                }
            });
        }
        if d.is_abstract {
            let what = format!("an element of the abstract type {declared} names no xsi:type");
            reads.push(quote!(None => Err(#rt::DecodeError::at(node, #rt::DecodeErrorKind::Unexpected(#what.into()))),));
        }
        let doc = format!(
            " An element of type `{}`{}: the value of the type its `xsi:type` names (types derived by extension), written back with it.",
            d.base.local,
            if d.is_abstract { " (abstract)" } else { "" }
        );
        let head = self.value_enum(&quote!(#[doc = #doc]), &name, &variants);
        quote! {
            #head
            impl #rt::WriteElement for #name {
                fn write_element(&self, w: &mut #rt::XmlWriter<'_>, tag: &str) {
                    match self { #(#writes)* }
                }
            }
            impl #rt::ReadElement for #name {
                fn read_element(node: #rt::Node<'_, '_>) -> Result<Self, #rt::DecodeError> {
                    match #rt::xsi_type(node)? {
                        #(#reads)*
                        Some((ns, local)) => Err(#rt::DecodeError::at(node, #rt::DecodeErrorKind::UnknownType {
                            name: match ns { Some(ns) => format!("{{{ns}}}{local}"), None => local.to_owned() },
                            declared: #declared.into(),
                        })),
                    }
                }
            }
            impl #rt::CheckValue for #name {
                fn check(&self, v: &mut #rt::Validator, facets: &#rt::Facets) {
                    match self { #(#checks)* }
                }
            }
            #(#froms)*
        }
    }
}
