//! Derive macros for [soap-runtime](https://docs.rs/soap-runtime): the code that the generator
//! (`codegen`) would otherwise write out for every field of every type, four times over.
//!
//! The generated file states each field once, with its rules in one `#[soap(...)]` attribute:
//!
//! ```ignore
//! #[derive(Clone, PartialEq, Debug, rt::ComplexValue)]
//! #[non_exhaustive]
//! pub struct CancelInvoiceRequest {
//!     /// Correlation id that is sent back in the response. At most 50 characters.
//!     #[soap(element = "pay:CorrelationId", ns = NS_PAY, facets = STRING50)]
//!     pub correlation_id: String,
//! }
//! ```
//!
//! and `#[derive(ComplexValue)]` expands it into:
//! - `impl ComplexValue` (the element writer, the reader, the validator) and the
//!   `WriteElement`, `ReadElement` and `CheckValue` impls built on it;
//! - `CancelInvoiceRequest::builder()` and `CancelInvoiceRequestBuilder`: one setter per member
//!   (`name(impl Into<T>)`; `name_nil()` for an explicit `xsi:nil`; `set_name(Option<..>)`;
//!   for a repeated member `name(item)` appends and `set_name(Vec)` replaces), and `build()`,
//!   which returns the value or every violation of the rules (missing members included);
//! - one accessor per member, flattening `Option` and `Nillable`: `fn correlation_id(&self) ->
//!   &str`, `Option<&str>` for an optional or nillable string, `&[T]` for a repeated member;
//! - `Debug`, when a field is `sensitive`, showing `<redacted>` in its place (the struct must
//!   not also derive `Debug`).
//!
//! Occurrence comes from the field's type (`Option<T>`: optional; `Vec<T>`: repeated;
//! `Nillable<T>`: nillable; `Box<T>`: recursive). The keys of `#[soap(...)]`:
//!
//! | Key | Meaning |
//! |---|---|
//! | `element = "p:Name"` | a child element, written with that name |
//! | `attribute = "Name"` | an attribute |
//! | `text` | the text content (simple content with attributes) |
//! | `any` | `xs:any`: every child element no other field takes |
//! | `any_attribute` | `xs:anyAttribute`: every attribute no other field takes (`Vec<AnyAttribute>`; `xsi:` attributes excepted) |
//! | `content` | the whole content, text and child elements, as raw XML (`AnyContent`: mixed content of wildcards, `xs:anyType`) |
//! | `mixed` | mixed content with child elements: a `Vec` of items (text and elements in document order) whose type implements `MixedValue` |
//! | `choice = "A\|B"` | an `xs:choice`; its type implements `ChoiceValue` |
//! | `group = "Name"` | a model group without an element of its own (a sequence in a choice, a repeated `xs:group` reference); its type derives with `#[soap(group)]` |
//! | `list = "p:Items", item = "p:Item"` | a wrapper element of repeated items, read in `ns` (or `item_ns = NS`; `item_ns = NO_NAMESPACE` for none) |
//! | `header = "p:Name"` | a SOAP header (on `#[derive(HeaderSet)]`) |
//! | `ns = NS_CONST` | the namespace constant the name is read in |
//! | `facets = STATIC` | the `Facets` to check the value against |
//! | `min = 1`, `max = 10` | the count of a repeated member (or a list's items) |
//! | `sensitive` | a secret: never in `Debug` or validation messages |
//! | `default = "v"` | the schema's default: the value of an absent attribute or an empty element, when read |
//! | `fixed = "v"` | the schema's fixed value: read as `default` is, and any other value is a validation error |
//!
//! On the struct, `#[soap(group)]` makes it a model group: it also implements `GroupValue`,
//! whose `read_fields` takes its members from the parent's children in schema order.
//! `#[soap(ordered)]` reads a struct's own children that way, as a struct holding a `group`
//! member, or a choice with a group option, must (any other struct reads each child into the
//! member its name selects, in any order). Read in order, a child the content model has no
//! place for is an error.
//!
//! The expansion refers to the runtime as `rt` (the generated file imports it under that name);
//! `#[soap(crate = "path")]` on the struct names another path.

mod builder;
mod codec;
mod field;
mod headers;
mod ordered;

use field::Field;
use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{parse_macro_input, DeriveInput};

/// Derives `ComplexValue` (writer, reader, validator), a builder and accessors for a struct
/// whose fields carry `#[soap(...)]`; see the crate documentation.
#[proc_macro_derive(ComplexValue, attributes(soap))]
pub fn derive_complex_value(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, complex).unwrap_or_else(|e| e.to_compile_error().into())
}

/// Derives `HeaderSet` for the struct of a service's SOAP headers, one
/// `#[soap(header = "p:Name", ns = NS)]` field (an `Option<T>`) per header, plus its `Debug` and
/// one `with_name(value)` setter per header.
#[proc_macro_derive(HeaderSet, attributes(soap))]
pub fn derive_header_set(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, |name, fields, attrs| {
        headers::header_set(name, fields, &attrs.rt)
    })
    .unwrap_or_else(|e| e.to_compile_error().into())
}

fn expand(
    input: &DeriveInput,
    body: fn(&syn::Ident, &[Field], &StructAttrs) -> Tokens,
) -> syn::Result<TokenStream> {
    let syn::Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "soap-derive: only structs"));
    };
    let attrs = struct_attrs(&input.attrs)?;
    let fields = field::parse_fields(&data.fields)?;
    Ok(body(&input.ident, &fields, &attrs).into())
}

/// The `#[soap(...)]` of the struct itself.
pub(crate) struct StructAttrs {
    /// `rt`, or the path of `crate = "path"`.
    pub rt: Tokens,
    /// `group`: the struct is a model group (implements `GroupValue`).
    pub group: bool,
    /// `ordered` (implied by `group`): children are read in schema order.
    pub ordered: bool,
}

fn struct_attrs(attrs: &[syn::Attribute]) -> syn::Result<StructAttrs> {
    let mut out = StructAttrs {
        rt: quote!(rt),
        group: false,
        ordered: false,
    };
    for attr in attrs.iter().filter(|a| a.path().is_ident("soap")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let s: syn::LitStr = meta.value()?.parse()?;
                let p: syn::Path = s.parse()?;
                out.rt = quote!(#p);
                Ok(())
            } else if meta.path.is_ident("group") {
                out.group = true;
                out.ordered = true;
                Ok(())
            } else if meta.path.is_ident("ordered") {
                out.ordered = true;
                Ok(())
            } else {
                Err(meta.error("soap-derive: unknown key on the struct"))
            }
        })?;
    }
    Ok(out)
}

fn complex(name: &syn::Ident, fields: &[Field], attrs: &StructAttrs) -> Tokens {
    let rt = &attrs.rt;
    let codec = codec::complex_value(name, fields, attrs);
    let builder = builder::builder(name, fields, rt);
    let accessors = builder::accessors(name, fields);
    let debug = fields.iter().any(|f| f.sensitive).then(|| {
        let n = name.to_string();
        let shown = debug_fields(fields, false, rt);
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#n)#(#shown)*.finish()
                }
            }
        }
    });
    quote! {
        #codec
        #builder
        #accessors
        #debug
    }
}

/// `.field(name, value)` for each field, `<redacted>` for sensitive ones. `in_builder`: the
/// values are a builder's (`Option` or `Vec`), else the struct's own.
fn debug_fields(fields: &[Field], in_builder: bool, rt: &Tokens) -> Vec<Tokens> {
    fields
        .iter()
        .map(|f| {
            let (label, id) = (f.label.as_str(), &f.ident);
            let optional = f.shape.optional || (in_builder && !f.shape.repeated);
            if !f.sensitive {
                quote!(.field(#label, &self.#id))
            } else if optional {
                quote!(.field(#label, &self.#id.as_ref().map(|_| #rt::Redacted)))
            } else {
                quote!(.field(#label, &#rt::Redacted))
            }
        })
        .collect()
}
