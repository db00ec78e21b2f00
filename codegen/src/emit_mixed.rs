//! The item enum of mixed content (see [`crate::model::MixedModel`]): `Text(String)`, one
//! variant per element, `Any(AnyElement)` for a wildcard, and its `MixedValue` impl (reading,
//! writing and the count checks) and `CheckValue` impl (each value's facets).

use super::{doc_attr, ident, Emitter};
use crate::model::MixedModel;
use crate::raw::MaxOccurs;
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    /// The enum of choice `i`, which has a [`MixedModel`].
    pub(super) fn mixed_def(&mut self, i: usize, model: &MixedModel) -> TokenStream {
        let rt = self.rt.clone();
        let c = &self.m.choices[i];
        let name = ident(&c.name);
        let doc = doc_attr(c.doc.as_deref(), "Mixed content: text and elements.");
        let mut variants = vec![quote!(
            #[doc = " Text between the elements (unescaped)."]
            Text(String),
        )];
        let mut writes = vec![quote!(Self::Text(t) => w.text(t),)];
        let mut checks = vec![quote!(Self::Text(_) => {})];
        let mut reads = Vec::new();
        let mut tally = Vec::new();
        let mut counts = Vec::new();
        for (k, (v, &(min, max))) in c.variants.iter().zip(&model.counts).enumerate() {
            let id = ident(&v.rust);
            let mut ty = self.value_type(v.value);
            if v.nillable {
                ty = quote!(#rt::Nillable<#ty>);
            }
            let d = doc_attr(v.doc.as_deref(), &format!("The `{}` element.", v.xml.local));
            variants.push(quote!(#d #id(#ty),));
            let tag = self.tag(&v.xml);
            writes.push(quote!(Self::#id(x) => #rt::WriteElement::write_element(x, w, #tag),));
            let (ns, local) = (self.ns_const(&v.xml.ns), v.xml.local.as_str());
            reads.push(quote!((#ns, #local) => Self::#id(#rt::ReadElement::read_element(child)?),));
            let f = self.facets_ref(&v.facets);
            checks.push(quote!(Self::#id(x) => v.check(#local, x, #f),));
            tally.push(quote!(Self::#id(_) => n[#k] += 1,));
            counts.extend(count_check(local, k, min, max));
        }
        let fallback = match model.any {
            Some((min, max)) => {
                let k = c.variants.len();
                variants.push(quote!(#[doc = " An element matched by the `xs:any` wildcard, kept as raw XML."] Any(#rt::AnyElement),));
                writes.push(quote!(Self::Any(x) => x.write_raw(w),));
                checks.push(quote!(Self::Any(_) => {}));
                tally.push(quote!(Self::Any(_) => n[#k] += 1,));
                counts.extend(count_check("any", k, min, max));
                quote!(Self::Any(#rt::AnyElement::read(child)))
            }
            None => quote!(return Ok(None)),
        };
        let slots = c.variants.len() + usize::from(model.any.is_some());
        let count_body = if counts.is_empty() {
            quote!(let _ = (items, v);)
        } else {
            quote! {
                let mut n = [0usize; #slots];
                for item in items {
                    match item {
                        #(#tally)*
                        Self::Text(_) => {}
                    }
                }
                #(#counts)*
            }
        };
        let head = self.value_enum(&doc, &name, &variants);
        quote! {
            #head
            impl #rt::MixedValue for #name {
                fn text(text: String) -> Self { Self::Text(text) }
                fn read_item(child: #rt::Node<'_, '_>) -> Result<Option<Self>, #rt::DecodeError> {
                    Ok(Some(match (#rt::element_namespace(child), child.tag_name().name()) {
                        #(#reads)*
                        _ => #fallback,
                    }))
                }
                fn write_item(&self, w: &mut #rt::XmlWriter<'_>) {
                    match self { #(#writes)* }
                }
                fn check_counts(items: &[Self], v: &mut #rt::Validator) {
                    #count_body
                }
            }
            impl #rt::CheckValue for #name {
                fn check(&self, v: &mut #rt::Validator, _: &#rt::Facets) {
                    match self { #(#checks)* }
                }
            }
        }
    }
}

/// The check of item count `n[k]` of element `label` against `min..=max`; none when the
/// model does not bound it.
fn count_check(label: &str, k: usize, min: u32, max: MaxOccurs) -> Option<TokenStream> {
    let max = match max {
        MaxOccurs::Bounded(m) => {
            let m = m as usize;
            quote!(Some(#m))
        }
        MaxOccurs::Unbounded if min == 0 => return None,
        MaxOccurs::Unbounded => quote!(None),
    };
    let min = min as usize;
    Some(quote!(v.count(#label, n[#k], #min, #max);))
}
