//! The builder of a struct (`Type::builder()`), its setters and `build()`, and the accessors
//! that flatten `Option<Nillable<T>>`.

use crate::codec::check;
use crate::field::{is_string, vec_item, Field, Kind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `impl Type { fn builder() }`, `TypeBuilder` with one setter per field and `build()`.
pub fn builder(name: &syn::Ident, fields: &[Field], rt: &TokenStream) -> TokenStream {
    let builder = format_ident!("{}Builder", name);
    let doc_builder = format!(
        " Builds a [`{name}`]: set each member with its method, then call [`{builder}::build`],\n which checks every rule of the schema."
    );
    let doc_new = format!(" A [`{builder}`] with no member set.");
    let storage = fields.iter().map(|f| {
        let (id, slot) = (&f.ident, &f.shape.slot);
        if f.shape.repeated {
            quote!(#id: Vec<#slot>,)
        } else {
            quote!(#id: Option<#slot>,)
        }
    });
    let names = names(fields);
    let setters = fields.iter().zip(&names).map(|(f, n)| setters(f, n, rt));
    let debug = crate::debug_fields(fields, true, rt);
    let builder_name = builder.to_string();
    let build = build(name, fields, rt);
    quote! {
        impl #name {
            #[doc = #doc_new]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
        #[doc = #doc_builder]
        #[derive(Clone, Default)]
        pub struct #builder {
            #(#storage)*
        }
        impl ::std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#builder_name)#(#debug)*.finish()
            }
        }
        impl #builder {
            #(#setters)*
            #build
        }
    }
}

/// `name(value)`, `name_nil()` for nillable members, `set_name(raw)`.
/// The builder's method names for one member.
struct Names {
    /// `name(value)`: the member's own name, unless a builder method has it.
    main: syn::Ident,
    /// `set_name(raw)`.
    set: syn::Ident,
    /// `name_nil()`.
    nil: syn::Ident,
}

/// Method names for every member, none of them `build`, a trait method's name, or another's.
fn names(fields: &[Field]) -> Vec<Names> {
    let mut taken: std::collections::BTreeSet<String> =
        ["build", "build_unvalidated", "default", "clone", "fmt"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let mut free = |want: String| {
        let mut name = want;
        while !taken.insert(name.clone()) {
            name.push_str("_value");
        }
        name
    };
    fields
        .iter()
        .map(|f| {
            let raw = f.ident.to_string();
            let bare = raw.trim_start_matches("r#").to_owned();
            let main = free(bare.clone());
            let main = if main == bare {
                f.ident.clone()
            } else {
                format_ident!("{}", main)
            };
            Names {
                main,
                set: format_ident!("{}", free(format!("set_{bare}"))),
                nil: format_ident!("{}", free(format!("{bare}_nil"))),
            }
        })
        .collect()
}

fn setters(f: &Field, names: &Names, rt: &TokenStream) -> TokenStream {
    let id = &f.ident;
    let (main, set) = (&names.main, &names.set);
    let docs = &f.docs;
    let slot = &f.shape.slot;
    if f.shape.repeated {
        let set_doc = format!(" Replaces every `{}` item.", f.label);
        let add_doc = format!(" Appends one `{}` item.", f.label);
        return quote! {
            #(#docs)*
            #[doc = ""]
            #[doc = #add_doc]
            pub fn #main(mut self, item: impl Into<#slot>) -> Self {
                self.#id.push(item.into());
                self
            }
            #[doc = #set_doc]
            pub fn #set(mut self, items: Vec<#slot>) -> Self {
                self.#id = items;
                self
            }
        };
    }
    let value = &f.shape.value;
    if let (Kind::List { .. }, Some(item)) = (&f.kind, vec_item(value)) {
        return list_setters(f, names, item, rt);
    }
    let mut wrap = quote!(value.into());
    if f.shape.boxed {
        wrap = quote!(Box::new(#wrap));
    }
    if f.shape.nillable {
        wrap = quote!(#rt::Nillable::Value(#wrap));
    }
    let nil = f.shape.nillable.then(|| {
        let nil = &names.nil;
        let doc = format!(
            " Sends `{}` as `xsi:nil=\"true\"` (an explicit nil, unlike leaving it unset, which omits it).",
            f.label
        );
        quote! {
            #[doc = #doc]
            pub fn #nil(mut self) -> Self {
                self.#id = Some(#rt::Nillable::Nil);
                self
            }
        }
    });
    let set_doc = format!(
        " Sets `{}` to `value` as it is, or unsets it with `None`.",
        f.label
    );
    quote! {
        #(#docs)*
        pub fn #main(mut self, value: impl Into<#value>) -> Self {
            self.#id = Some(#wrap);
            self
        }
        #nil
        #[doc = #set_doc]
        pub fn #set(mut self, value: Option<#slot>) -> Self {
            self.#id = value;
            self
        }
    }
}

/// A wrapper of repeated items: `name(item)` appends, `set_name(Option<..>)` sets all.
fn list_setters(f: &Field, names: &Names, item: &syn::Type, rt: &TokenStream) -> TokenStream {
    let (id, docs, slot) = (&f.ident, &f.docs, &f.shape.slot);
    let (main, set) = (&names.main, &names.set);
    let push = if f.shape.nillable {
        quote! {
            match &mut self.#id {
                Some(#rt::Nillable::Value(items)) => items.push(item.into()),
                _ => self.#id = Some(#rt::Nillable::Value(vec![item.into()])),
            }
        }
    } else {
        quote!(self.#id.get_or_insert_with(Vec::new).push(item.into());)
    };
    let nil = f.shape.nillable.then(|| {
        let nil = &names.nil;
        let doc = format!(" Sends `{}` as `xsi:nil=\"true\"`.", f.label);
        quote!(#[doc = #doc] pub fn #nil(mut self) -> Self { self.#id = Some(#rt::Nillable::Nil); self })
    });
    let add_doc = format!(" Appends one item to `{}`.", f.label);
    let set_doc = format!(
        " Sets all of `{}` (`Some(vec![])` for an empty list), or unsets it.",
        f.label
    );
    quote! {
        #(#docs)*
        #[doc = ""]
        #[doc = #add_doc]
        pub fn #main(mut self, item: impl Into<#item>) -> Self {
            #push
            self
        }
        #nil
        #[doc = #set_doc]
        pub fn #set(mut self, value: Option<#slot>) -> Self {
            self.#id = value;
            self
        }
    }
}

/// `build()`: every missing required member and every rule violation, or the value.
fn build(name: &syn::Ident, fields: &[Field], rt: &TokenStream) -> TokenStream {
    let checks = fields.iter().map(|f| {
        let (id, label) = (&f.ident, f.label.as_str());
        if f.shape.repeated || f.shape.optional {
            check(f, quote!(&self.#id), rt)
        } else {
            let c = check(f, quote!(x), rt);
            quote!(match &self.#id { Some(x) => { #c } None => v.missing(#label), })
        }
    });
    let inits: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let (id, label) = (&f.ident, f.label.as_str());
            if f.shape.repeated || f.shape.optional {
                quote!(#id: self.#id)
            } else {
                quote!(#id: #rt::built(self.#id, #label)?)
            }
        })
        .collect();
    let doc = format!(
        " The [`{name}`], or every violation of the schema's rules (missing required members,\n facets, occurrences), each with its field path."
    );
    let v = if fields.is_empty() {
        quote!(let v = #rt::Validator::new();)
    } else {
        quote!(#[allow(unused_mut)] let mut v = #rt::Validator::new();)
    };
    let missing = fields
        .iter()
        .filter(|f| !f.shape.repeated && !f.shape.optional)
        .map(|f| {
            let (id, label) = (&f.ident, f.label.as_str());
            quote!(if self.#id.is_none() { v.missing(#label); })
        });
    let unvalidated_doc = format!(
        " The [`{name}`] with only its required members checked, for values that break the rules on\n purpose (tests) or are checked later: the client validates every request before sending it."
    );
    let v2 = v.clone();
    quote! {
        #[doc = #doc]
        pub fn build(self) -> ::std::result::Result<#name, #rt::ValidationError> {
            #v
            #(#checks)*
            v.finish()?;
            Ok(#name { #(#inits,)* })
        }
        #[doc = #unvalidated_doc]
        pub fn build_unvalidated(self) -> ::std::result::Result<#name, #rt::ValidationError> {
            #v2
            #(#missing)*
            v.finish()?;
            Ok(#name { #(#inits,)* })
        }
    }
}

/// One accessor per member: `Option<&T>` for an absent or nil value, `&str` for strings,
/// `&[T]` for repeated members.
pub fn accessors(name: &syn::Ident, fields: &[Field]) -> TokenStream {
    let methods = fields
        .iter()
        .filter(|f| f.ident != "builder" && !matches!(f.kind, Kind::Header))
        .map(accessor);
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

fn accessor(f: &Field) -> TokenStream {
    let (id, docs) = (&f.ident, &f.docs);
    let s = &f.shape;
    let value = &s.value;
    if s.repeated {
        let item = &s.slot;
        return quote!(#(#docs)* pub fn #id(&self) -> &[#item] { &self.#id });
    }
    // From the field to `Option<&Inner>` (or `&Inner`), through Option and Nillable.
    let absent = s.optional || s.nillable;
    let get = match (s.optional, s.nillable) {
        (false, false) => quote!(&self.#id),
        (true, false) => quote!(self.#id.as_ref()),
        (false, true) => quote!(self.#id.value()),
        (true, true) => quote!(self.#id.as_ref().and_then(|v| v.value())),
    };
    let deref = if s.boxed {
        quote!(|v| &**v)
    } else {
        quote!(|v| v)
    };
    let (ret, conv) = if is_string(value) {
        (quote!(&str), quote!(|v| v.as_str()))
    } else if let Some(item) = vec_item(value) {
        (quote!(&[#item]), quote!(|v| v.as_slice()))
    } else {
        (quote!(&#value), quote!(|v| v))
    };
    if absent {
        return quote!(#(#docs)* pub fn #id(&self) -> Option<#ret> { #get.map(#deref).map(#conv) });
    }
    let body = if is_string(value) {
        quote!(self.#id.as_str())
    } else if vec_item(value).is_some() {
        quote!(self.#id.as_slice())
    } else {
        quote!(&self.#id)
    };
    quote!(#(#docs)* pub fn #id(&self) -> #ret { #body })
}
