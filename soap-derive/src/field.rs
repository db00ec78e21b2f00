//! The `#[soap(...)]` attribute of one field, and the shape of its Rust type.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Expr, GenericArgument, Ident, LitInt, LitStr, Path, PathArguments, Type};

/// What a field is on the wire.
pub enum Kind {
    /// A child element (`element = "p:Name"`).
    Element,
    /// An attribute (`attribute = "Name"`).
    Attribute,
    /// The text content of an element with simple content (`text`).
    Text,
    /// Any other child element (`any`, an `xs:any`).
    Any,
    /// Any other attribute (`any_attribute`, an `xs:anyAttribute`): a `Vec<AnyAttribute>`.
    AnyAttribute,
    /// One element of an `xs:choice` (`choice = "A|B"`); the field's type reads it.
    Choice,
    /// A wrapper element holding repeated items (`list = "p:Items", item = "p:Item"`).
    List {
        item_tag: String,
        item_ns: Option<Path>,
    },
    /// A SOAP header (`header = "p:Name"`), on a header set.
    Header,
    /// The whole content of the element, text and child elements, as raw XML (`content`, an
    /// `AnyContent`): mixed content of wildcards, or `xs:anyType`.
    Content,
    /// Mixed content with child elements (`mixed`): a `Vec` of items, text and elements in
    /// document order, whose type implements `MixedValue`.
    Mixed,
    /// A model group without an element of its own (`group = "Name"`): its type implements
    /// `GroupValue`, and the struct reads its fields in schema order.
    Group,
}

/// How the field's Rust type wraps its value.
pub struct Shape {
    /// `Option<…>` outermost: the element or attribute may be absent.
    pub optional: bool,
    /// `Vec<…>` (after any `Option`): the element repeats.
    pub repeated: bool,
    /// `Nillable<…>` (after `Option`/`Vec`): `xsi:nil` is allowed.
    pub nillable: bool,
    /// `Box<…>` inside everything else.
    pub boxed: bool,
    /// The type stored in the builder and read for one occurrence: the field type without
    /// its outer `Option` (for `Vec` fields, the item type).
    pub slot: Type,
    /// The type a setter takes: without `Option`, `Nillable` and `Box`.
    pub value: Type,
}

/// One field of a derived struct.
pub struct Field {
    pub ident: Ident,
    pub docs: Vec<Attribute>,
    pub kind: Kind,
    /// The name as written (prefix included), or empty for text/any/choice.
    pub tag: String,
    /// The namespace constant, for reading.
    pub ns: Option<Path>,
    /// The name used in validation paths and errors.
    pub label: String,
    pub facets: Option<Path>,
    pub min: Option<usize>,
    pub max: Option<usize>,
    pub sensitive: bool,
    /// `default = "…"` or `fixed = "…"`: the schema's value for an absent attribute or an
    /// empty element; a fixed one is also the only value allowed.
    pub constraint: Option<Constraint>,
    pub shape: Shape,
}

/// The schema's `default` or `fixed` of a member.
pub enum Constraint {
    /// `default = "…"`.
    Default(String),
    /// `fixed = "…"`.
    Fixed(String),
}

impl Constraint {
    /// The value's text.
    pub fn text(&self) -> &str {
        match self {
            Constraint::Default(t) | Constraint::Fixed(t) => t,
        }
    }
}

impl Field {
    /// The local part of [`Field::tag`].
    pub fn local(&self) -> &str {
        self.tag.rsplit(':').next().unwrap_or(&self.tag)
    }

    /// The facets to check against (`&rt::Facets::NONE` when none).
    pub fn facets_expr(&self, rt: &TokenStream) -> TokenStream {
        match &self.facets {
            Some(p) => quote!(&#p),
            None => quote!(&#rt::Facets::NONE),
        }
    }

    /// The namespace as an `Option<&str>` expression.
    pub fn ns_expr(&self) -> TokenStream {
        match &self.ns {
            Some(p) => quote!(Some(#p)),
            None => quote!(None),
        }
    }
}

/// Parses every named field of `fields`.
pub fn parse_fields(fields: &syn::Fields) -> syn::Result<Vec<Field>> {
    let syn::Fields::Named(named) = fields else {
        return Err(syn::Error::new_spanned(
            fields,
            "soap-derive: only structs with named fields",
        ));
    };
    named.named.iter().map(parse_field).collect()
}

fn parse_field(f: &syn::Field) -> syn::Result<Field> {
    let ident = f.ident.clone().expect("named field");
    let docs = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect();
    let mut kind = None;
    let mut tag = String::new();
    let mut ns = None;
    let mut facets = None;
    let (mut min, mut max) = (None, None);
    let mut sensitive = false;
    let mut constraint = None;
    let mut item: Option<String> = None;
    let mut item_ns = None;
    let Some(attr) = f.attrs.iter().find(|a| a.path().is_ident("soap")) else {
        return Err(syn::Error::new_spanned(
            f,
            "soap-derive: field without #[soap(...)]",
        ));
    };
    attr.parse_nested_meta(|meta| {
        let p = &meta.path;
        let string = |meta: &syn::meta::ParseNestedMeta| -> syn::Result<String> {
            Ok(meta.value()?.parse::<LitStr>()?.value())
        };
        let path = |meta: &syn::meta::ParseNestedMeta| -> syn::Result<Path> {
            match meta.value()?.parse::<Expr>()? {
                Expr::Path(e) => Ok(e.path),
                other => Err(syn::Error::new_spanned(other, "expected a path")),
            }
        };
        let int = |meta: &syn::meta::ParseNestedMeta| -> syn::Result<usize> {
            meta.value()?.parse::<LitInt>()?.base10_parse()
        };
        if p.is_ident("element") {
            kind = Some(Kind::Element);
            tag = string(&meta)?;
        } else if p.is_ident("attribute") {
            kind = Some(Kind::Attribute);
            tag = string(&meta)?;
        } else if p.is_ident("header") {
            kind = Some(Kind::Header);
            tag = string(&meta)?;
        } else if p.is_ident("list") {
            kind = Some(Kind::List {
                item_tag: String::new(),
                item_ns: None,
            });
            tag = string(&meta)?;
        } else if p.is_ident("choice") {
            kind = Some(Kind::Choice);
            tag = string(&meta)?;
        } else if p.is_ident("group") {
            kind = Some(Kind::Group);
            tag = string(&meta)?;
        } else if p.is_ident("text") {
            kind = Some(Kind::Text);
        } else if p.is_ident("any") {
            kind = Some(Kind::Any);
        } else if p.is_ident("any_attribute") {
            kind = Some(Kind::AnyAttribute);
        } else if p.is_ident("content") {
            kind = Some(Kind::Content);
        } else if p.is_ident("mixed") {
            kind = Some(Kind::Mixed);
        } else if p.is_ident("ns") {
            ns = Some(path(&meta)?);
        } else if p.is_ident("item") {
            item = Some(string(&meta)?);
        } else if p.is_ident("item_ns") {
            item_ns = Some(path(&meta)?);
        } else if p.is_ident("facets") {
            facets = Some(path(&meta)?);
        } else if p.is_ident("min") {
            min = Some(int(&meta)?);
        } else if p.is_ident("max") {
            max = Some(int(&meta)?);
        } else if p.is_ident("sensitive") {
            sensitive = true;
        } else if p.is_ident("default") {
            constraint = Some(Constraint::Default(string(&meta)?));
        } else if p.is_ident("fixed") {
            constraint = Some(Constraint::Fixed(string(&meta)?));
        } else {
            return Err(meta.error("soap-derive: unknown key"));
        }
        Ok(())
    })?;
    let mut kind =
        kind.ok_or_else(|| syn::Error::new_spanned(attr, "soap-derive: no field kind"))?;
    if let Kind::List {
        item_tag,
        item_ns: ins,
    } = &mut kind
    {
        *item_tag =
            item.ok_or_else(|| syn::Error::new_spanned(attr, "soap-derive: list without item"))?;
        // `item_ns = NO_NAMESPACE`: items without a namespace; by default, the wrapper's.
        *ins = match item_ns {
            Some(p) if p.is_ident("NO_NAMESPACE") => None,
            Some(p) => Some(p),
            None => ns.clone(),
        };
    }
    let shape = shape(&f.ty, matches!(kind, Kind::List { .. }));
    let label = match kind {
        Kind::Attribute => format!("@{}", tag.rsplit(':').next().unwrap_or(&tag)),
        Kind::Text => "text()".to_owned(),
        Kind::Any => "any".to_owned(),
        Kind::AnyAttribute => "@*".to_owned(),
        Kind::Content => "content()".to_owned(),
        Kind::Mixed => ident.to_string().trim_start_matches("r#").to_owned(),
        Kind::Choice | Kind::Group => tag.clone(),
        _ => tag.rsplit(':').next().unwrap_or(&tag).to_owned(),
    };
    Ok(Field {
        ident,
        docs,
        kind,
        tag,
        ns,
        label,
        facets,
        min,
        max,
        sensitive,
        constraint,
        shape,
    })
}

/// `Some(T)` when `ty` is `Wrapper<T>` (by the last path segment's name).
fn unwrap<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// Reads how `ty` wraps its value. A list's `Vec` is its value, not a repetition.
fn shape(ty: &Type, list: bool) -> Shape {
    let mut t = ty;
    let optional = match unwrap(t, "Option") {
        Some(inner) => {
            t = inner;
            true
        }
        None => false,
    };
    let slot = t.clone();
    let mut repeated = false;
    let mut nillable = false;
    let mut boxed = false;
    if !list {
        if let Some(inner) = unwrap(t, "Vec") {
            t = inner;
            repeated = true;
        }
    }
    let slot = if repeated { t.clone() } else { slot };
    if let Some(inner) = unwrap(t, "Nillable") {
        t = inner;
        nillable = true;
    }
    if let Some(inner) = unwrap(t, "Box") {
        t = inner;
        boxed = true;
    }
    Shape {
        optional,
        repeated,
        nillable,
        boxed,
        slot,
        value: t.clone(),
    }
}

/// Whether `ty` is `String`.
pub fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident("String"))
}

/// `Some(T)` when `ty` is `Vec<T>`.
pub fn vec_item(ty: &Type) -> Option<&Type> {
    unwrap(ty, "Vec")
}
