//! The enum of an `xs:choice`: one variant per option (an element, a model group, a
//! wildcard), its `ChoiceValue` impl (reading one child at a time, and reading in schema order
//! from a cursor), `WriteElement` and `CheckValue`.

use super::{doc_attr, ident, Emitter};
use crate::model::{ChoiceVariant, VariantKind};
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    /// The enum of choice `i` (mixed content's items have their own, [`Self::mixed_def`]).
    pub(super) fn choice_def(&mut self, i: usize) -> TokenStream {
        let rt = self.rt.clone();
        let c = &self.m.choices[i];
        if let Some(model) = &c.mixed {
            return self.mixed_def(i, model);
        }
        let name = ident(&c.name);
        let doc = doc_attr(
            c.doc.as_deref(),
            &format!(
                "One option of an `xs:choice`: {}.",
                c.variants
                    .iter()
                    .map(|v| format!("`{}`", v.xml.local))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        let mut variants = Vec::new();
        let mut writes = Vec::new();
        let mut checks = Vec::new();
        let (mut reads, mut reads_repeated, mut reads_at) = (Vec::new(), Vec::new(), Vec::new());
        let mut any = None;
        for v in &c.variants {
            let id = ident(&v.rust);
            let ty = self.variant_type(v);
            let d = doc_attr(v.doc.as_deref(), &format!("The `{}` element.", v.xml.local));
            variants.push(quote!(#d #id(#ty),));
            writes.push(self.variant_write(v));
            let local = v.xml.local.as_str();
            checks.push(match v.kind {
                VariantKind::Any => quote!(Self::#id(_) => {}),
                VariantKind::Group => {
                    quote!(Self::#id(x) => v.check(#local, x, &#rt::Facets::NONE),)
                }
                VariantKind::Element => {
                    let f = self.facets_ref(&v.facets);
                    quote!(Self::#id(x) => v.check(#local, x, #f),)
                }
            });
            reads_at.push(self.variant_read_at(v));
            match v.kind {
                VariantKind::Element => {
                    let (one, many) = self.choice_reads(v);
                    reads.push(one);
                    reads_repeated.push(many);
                }
                VariantKind::Any => any = Some(v),
                VariantKind::Group => {}
            }
        }
        let (fallback, fallback_repeated) = match any {
            Some(v) => {
                let id = ident(&v.rust);
                let item = if v.repeated {
                    quote!(vec![#rt::AnyElement::read(child)])
                } else {
                    quote!(#rt::AnyElement::read(child))
                };
                (
                    quote!(_ => #rt::once(slot, child, |child| Ok(Self::#id(#item)))?,),
                    quote!(_ => slot.push(Self::#id(#item)),),
                )
            }
            None => (
                quote!(_ => return Ok(false),),
                quote!(_ => return Ok(false),),
            ),
        };
        let head = self.value_enum(&doc, &name, &variants);
        quote! {
            #head
            impl #rt::ChoiceValue for #name {
                #[allow(unreachable_patterns)]
                fn read_choice(slot: &mut Option<Self>, child: #rt::Node<'_, '_>) -> Result<bool, #rt::DecodeError> {
                    match (#rt::element_namespace(child), child.tag_name().name()) {
                        #(#reads)*
                        #fallback
                    }
                    Ok(true)
                }
                #[allow(unreachable_patterns)]
                fn read_choice_repeated(slot: &mut Vec<Self>, child: #rt::Node<'_, '_>) -> Result<bool, #rt::DecodeError> {
                    match (#rt::element_namespace(child), child.tag_name().name()) {
                        #(#reads_repeated)*
                        #fallback_repeated
                    }
                    Ok(true)
                }
                fn read_choice_at(parent: #rt::Node<'_, '_>, c: &mut #rt::Cursor<'_, '_>) -> Result<Option<Self>, #rt::DecodeError> {
                    let _ = parent;
                    #(#reads_at)*
                    Ok(None)
                }
            }
            impl #rt::WriteElement for #name {
                fn write_element(&self, w: &mut #rt::XmlWriter<'_>, _tag: &str) {
                    match self { #(#writes)* }
                }
            }
            impl #rt::CheckValue for #name {
                fn check(&self, v: &mut #rt::Validator, _: &#rt::Facets) {
                    match self { #(#checks)* }
                }
            }
        }
    }

    /// The Rust type a variant holds.
    fn variant_type(&self, v: &ChoiceVariant) -> TokenStream {
        let rt = &self.rt;
        let mut ty = match v.kind {
            VariantKind::Any => quote!(#rt::AnyElement),
            _ => self.value_type(v.value),
        };
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        if v.nillable {
            ty = quote!(#rt::Nillable<#ty>);
        }
        if v.repeated {
            ty = quote!(Vec<#ty>);
        }
        ty
    }

    /// The match arm writing a variant.
    fn variant_write(&self, v: &ChoiceVariant) -> TokenStream {
        let rt = &self.rt;
        let id = ident(&v.rust);
        let one = match v.kind {
            VariantKind::Element => {
                let tag = self.tag(&v.xml);
                quote!(#rt::WriteElement::write_element(x, w, #tag))
            }
            VariantKind::Group => quote!(#rt::ComplexValue::write_content(x, w)),
            VariantKind::Any => quote!(x.write_raw(w)),
        };
        if v.repeated {
            quote!(Self::#id(xs) => for x in xs { #one },)
        } else {
            quote!(Self::#id(x) => #one,)
        }
    }

    /// The statement of `read_choice_at` trying a variant: it returns the variant when the
    /// cursor's next child begins it.
    fn variant_read_at(&self, v: &ChoiceVariant) -> TokenStream {
        let rt = &self.rt;
        let id = ident(&v.rust);
        match v.kind {
            VariantKind::Element => {
                let ns = self.ns_const(&v.xml.ns);
                let local = v.xml.local.as_str();
                let mut read = quote!(#rt::ReadElement::read_element(child)?);
                if v.boxed {
                    read = quote!(Box::new(#read));
                }
                if v.repeated {
                    quote! {
                        if let Some(child) = c.next_if(#local, #ns) {
                            let mut items = vec![#read];
                            while let Some(child) = c.next_if(#local, #ns) { items.push(#read); }
                            return Ok(Some(Self::#id(items)));
                        }
                    }
                } else {
                    quote! {
                        if let Some(child) = c.next_if(#local, #ns) { return Ok(Some(Self::#id(#read))); }
                    }
                }
            }
            VariantKind::Group => {
                let ty = self.value_type(v.value);
                if v.repeated {
                    quote! {
                        let items = #rt::read_group_repeated::<#ty>(parent, c)?;
                        if !items.is_empty() { return Ok(Some(Self::#id(items))); }
                    }
                } else {
                    quote! {
                        if let Some(g) = <#ty as #rt::GroupValue>::read_group(parent, c)? { return Ok(Some(Self::#id(g))); }
                    }
                }
            }
            VariantKind::Any if v.repeated => quote! {
                if let Some(child) = c.next_unless(|_| false) {
                    let mut items = vec![#rt::AnyElement::read(child)];
                    while let Some(child) = c.next_unless(|_| false) { items.push(#rt::AnyElement::read(child)); }
                    return Ok(Some(Self::#id(items)));
                }
            },
            VariantKind::Any => quote! {
                if let Some(child) = c.next_unless(|_| false) { return Ok(Some(Self::#id(#rt::AnyElement::read(child)))); }
            },
        }
    }

    /// The match arms reading one element variant of a choice: into a single slot (a second
    /// choice is a duplicate; a repeated variant collects its items) and into a repeated one.
    fn choice_reads(&self, v: &ChoiceVariant) -> (TokenStream, TokenStream) {
        let rt = &self.rt;
        let id = ident(&v.rust);
        let ns = self.ns_const(&v.xml.ns);
        let local = v.xml.local.as_str();
        let mut read = quote!(#rt::ReadElement::read_element(child)?);
        if v.boxed {
            read = quote!(Box::new(#read));
        }
        if v.repeated {
            let one = quote!((#ns, #local) => {
                let item = #read;
                match slot {
                    None => *slot = Some(Self::#id(vec![item])),
                    Some(Self::#id(items)) => items.push(item),
                    Some(_) => return Err(#rt::DecodeError::at(child, #rt::DecodeErrorKind::Duplicate(#local.into()))),
                }
            });
            let many = quote!((#ns, #local) => {
                let item = #read;
                match slot.last_mut() {
                    Some(Self::#id(items)) => items.push(item),
                    _ => slot.push(Self::#id(vec![item])),
                }
            });
            (one, many)
        } else {
            (
                quote!((#ns, #local) => #rt::once(slot, child, |child| Ok(Self::#id(#read)))?,),
                quote!((#ns, #local) => slot.push(Self::#id(#read)),),
            )
        }
    }
}
