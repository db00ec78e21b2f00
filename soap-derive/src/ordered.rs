//! The reader of a struct read in schema order (`#[soap(ordered)]`, `#[soap(group)]`): each
//! member, in turn, takes the children it matches from a cursor over the element's children.

use crate::codec::{element_reader, list_reader, node_init, slot};
use crate::field::{Field, Kind};
use crate::StructAttrs;
use proc_macro2::TokenStream;
use quote::quote;

/// `read_content` and, for a model group, the `impl GroupValue` it reads through.
pub fn read(
    name: &syn::Ident,
    fields: &[Field],
    attrs: &StructAttrs,
) -> (TokenStream, Option<TokenStream>) {
    let rt = &attrs.rt;
    let (stmts, inits) = reads(fields, rt);
    let sig = quote! {
        #[allow(unused_variables, unused_mut, clippy::needless_late_init)]
        fn read_content(node: #rt::Node<'_, '_>) -> ::std::result::Result<Self, #rt::DecodeError>
    };
    if !attrs.group {
        let read = quote! {
            #sig {
                let mut cursor = #rt::Cursor::new(node);
                let c = &mut cursor;
                #(#stmts)*
                cursor.finish()?;
                Ok(Self { #(#inits,)* })
            }
        };
        return (read, None);
    }
    let read = quote! {
        #sig {
            let mut c = #rt::Cursor::new(node);
            let v = <Self as #rt::GroupValue>::read_fields(node, &mut c)?;
            c.finish()?;
            Ok(v)
        }
    };
    let group = quote! {
        impl #rt::GroupValue for #name {
            #[allow(unused_variables, unused_mut, clippy::needless_late_init)]
            fn read_fields(
                node: #rt::Node<'_, '_>,
                c: &mut #rt::Cursor<'_, '_>,
            ) -> ::std::result::Result<Self, #rt::DecodeError> {
                #(#stmts)*
                Ok(Self { #(#inits,)* })
            }
        }
    };
    (read, Some(group))
}

/// The statements reading the members from `c` (a `&mut Cursor` over `node`'s children), in
/// order, and the initialisers of the struct's fields.
fn reads(fields: &[Field], rt: &TokenStream) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let known = known_names(fields);
    let mut stmts = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        if let Some(init) = node_init(f, rt, fields) {
            inits.push(init);
            continue;
        }
        let (id, s, ns, local, label) = (&f.ident, slot(f), f.ns_expr(), f.local(), &f.label);
        let ty = &f.shape.value;
        let stmt = match &f.kind {
            Kind::Header => continue,
            Kind::Attribute | Kind::AnyAttribute | Kind::Text | Kind::Content | Kind::Mixed => {
                continue
            }
            Kind::Element if f.shape.repeated => {
                let read = element_reader(f, rt);
                quote! {
                    let mut #s = Vec::new();
                    while let Some(child) = c.next_if(#local, #ns) { #s.push((#read)(child)?); }
                }
            }
            Kind::Element | Kind::List { .. } => {
                let read = match f.kind {
                    Kind::Element => element_reader(f, rt),
                    _ => list_reader(f, rt),
                };
                quote! {
                    let #s = match c.next_if(#local, #ns) { Some(child) => Some((#read)(child)?), None => None };
                }
            }
            Kind::Choice if f.shape.repeated => quote! {
                let mut #s = Vec::new();
                loop {
                    let before = *c;
                    match <#ty as #rt::ChoiceValue>::read_choice_at(node, c)? {
                        Some(x) if !c.same(&before) => #s.push(x),
                        _ => break,
                    }
                }
            },
            Kind::Choice => quote! {
                let #s = <#ty as #rt::ChoiceValue>::read_choice_at(node, c)?;
            },
            Kind::Group if f.shape.repeated => {
                quote!(let #s = #rt::read_group_repeated::<#ty>(node, c)?;)
            }
            Kind::Group if f.shape.optional => {
                quote!(let #s = <#ty as #rt::GroupValue>::read_group(node, c)?;)
            }
            Kind::Group => quote!(let #s = #rt::read_group_required::<#ty>(node, c)?;),
            Kind::Any => {
                let limit = f
                    .max
                    .map(|m| quote!(if #s.len() == #m { break; }))
                    .unwrap_or_default();
                quote! {
                    let mut #s = Vec::new();
                    loop {
                        #limit
                        let Some(child) = c.next_unless(|n| #known) else { break };
                        #s.push(#rt::AnyElement::read(child));
                    }
                }
            }
        };
        stmts.push(stmt);
        let group_single = matches!(f.kind, Kind::Group) && !f.shape.optional;
        inits.push(if f.shape.optional || f.shape.repeated || group_single {
            quote!(#id: #s)
        } else {
            quote!(#id: #rt::required(#s, node, #label)?)
        });
    }
    (stmts, inits)
}

/// A test on a node `n`: whether another member of the struct names it (a wildcard leaves it
/// to that member). Choices are known by the local names of their options.
fn known_names(fields: &[Field]) -> TokenStream {
    let mut tests = Vec::new();
    for f in fields {
        match &f.kind {
            Kind::Element | Kind::List { .. } => {
                let (ns, local) = (f.ns_expr(), f.local());
                tests.push(quote!((n.tag_name().name() == #local && n.tag_name().namespace().filter(|u| !u.is_empty()) == #ns)));
            }
            Kind::Choice => {
                for local in f.tag.split('|') {
                    tests.push(quote!(n.tag_name().name() == #local));
                }
            }
            _ => {}
        }
    }
    if tests.is_empty() {
        quote!(false)
    } else {
        quote!(#(#tests)||*)
    }
}
