//! `HeaderSet`: the SOAP headers of a service, each found by its name in an operation's
//! `HeaderUse` list.

use crate::field::{Field, Kind};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl HeaderSet`, `Debug` (sensitive headers redacted) and a `with_name(value)` setter per header.
pub fn header_set(name: &syn::Ident, fields: &[Field], rt: &TokenStream) -> TokenStream {
    let headers: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(f.kind, Kind::Header))
        .collect();
    let writes = headers.iter().map(|f| {
        let (id, tag, local) = (&f.ident, &f.tag, f.local());
        quote!(#local => if let Some(v) = &self.#id { #rt::WriteElement::write_element(v, w, #tag) },)
    });
    let reads = headers.iter().map(|f| {
        let (id, ns, local) = (&f.ident, f.ns_expr(), f.local());
        quote!((#local, #ns) => { #rt::once(&mut self.#id, node, #rt::ReadElement::read_element)?; Ok(true) })
    });
    let checks = headers.iter().map(|f| {
        let (id, local) = (&f.ident, f.local());
        let c = crate::codec::check(f, quote!(&self.#id), rt);
        quote!(#local => {
            if u.required && self.#id.is_none() { v.missing(#local); }
            #c
        })
    });
    let setters = headers.iter().map(|f| {
        let (id, value) = (&f.ident, &f.shape.value);
        let with = quote::format_ident!("with_{}", id.to_string().trim_start_matches("r#"));
        let doc = format!(" Sets the `{}` header.", f.label);
        quote!(#[doc = #doc] pub fn #with(mut self, value: impl Into<#value>) -> Self { self.#id = Some(value.into()); self })
    });
    let n = name.to_string();
    let debug = crate::debug_fields(fields, false, rt);
    let reads_match = if headers.is_empty() {
        quote!(let _ = node; Ok(false))
    } else {
        quote!(match (node.tag_name().name(), #rt::element_namespace(node)) { #(#reads)* _ => Ok(false) })
    };
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#n)#(#debug)*.finish()
            }
        }
        impl #name {
            #(#setters)*
        }
        impl #rt::HeaderSet for #name {
            fn write_headers(&self, w: &mut #rt::XmlWriter<'_>, uses: &[#rt::HeaderUse]) {
                for u in uses {
                    match u.name { #(#writes)* _ => {} }
                }
            }
            fn read_header(&mut self, node: #rt::Node<'_, '_>) -> ::std::result::Result<bool, #rt::DecodeError> {
                #reads_match
            }
            fn validate_for(&self, uses: &[#rt::HeaderUse], v: &mut #rt::Validator) {
                v.enter("Header", None);
                for u in uses {
                    match u.name { #(#checks)* _ => {} }
                }
                v.leave();
            }
        }
    }
}
