//! Mixed content with child elements (`mixed="true"`, on the type or its `xs:complexContent`,
//! anywhere along its derivation chain): instead of one field per element, one field of
//! items, a `Vec<{Type}Content>` whose enum has a `Text(String)` variant and one variant per
//! element the content model allows (nested choices' options and expanded groups flattened
//! into one set; `xs:any` an `Any(AnyElement)` variant), as xsd-parser maps it.

use super::{Flat, Resolver};
use crate::error::Result;
use crate::model::*;
use crate::names::Unique;
use crate::raw::{self, MaxOccurs, QName};
use std::collections::HashMap;

/// The items of a mixed content model, as they are gathered.
struct Items {
    variants: Vec<ChoiceVariant>,
    counts: Vec<(u32, MaxOccurs)>,
    /// Index of each element's variant.
    index: HashMap<QName, usize>,
    any: Option<(u32, MaxOccurs)>,
    names: Unique,
}

impl<'a> Resolver<'a> {
    /// The content field of mixed type `owner` whose particles (groups expanded) are `flat`.
    pub(super) fn mixed_field(
        &mut self,
        owner: &str,
        flat: &[Flat<'a>],
        used: &mut Unique,
    ) -> Result<Field> {
        let name = self.names.type_name(&format!("{owner}Content"));
        let mut items = Items {
            variants: Vec::new(),
            counts: Vec::new(),
            index: HashMap::new(),
            any: None,
            names: Unique::new(&["Text", "Any"]),
        };
        self.mixed_flat(&name, flat, (1, MaxOccurs::Bounded(1)), &mut items)?;
        let doc = mixed_doc(owner, &items);
        let Items {
            variants,
            counts,
            any,
            ..
        } = items;
        self.choices.push(Choice {
            name,
            doc: Some(doc.clone()),
            variants,
            mixed: Some(MixedModel { counts, any }),
        });
        let ci = self.choices.len() - 1;
        Ok(Field {
            doc: Some(doc),
            min: 0,
            max: MaxOccurs::Unbounded,
            ..Field::new(
                FieldKind::Mixed,
                used.member("content".into()),
                QName::new("", "content"),
                Value::Choice(ci),
            )
        })
    }

    /// Adds the elements of `flat`, which occurs `times` times, to the items.
    fn mixed_flat(
        &mut self,
        name: &str,
        flat: &[Flat<'a>],
        times: (u32, MaxOccurs),
        items: &mut Items,
    ) -> Result<()> {
        for p in flat {
            match p {
                Flat::Element(e) => {
                    self.mixed_item(name, e, product(times, (e.min_occurs, e.max_occurs)), items)?
                }
                Flat::Choice(c) => self.mixed_choice(name, c, times, items)?,
                Flat::Group(seq) => {
                    let mut inner = Vec::new();
                    self.expand(&seq.particles, &mut inner, &mut Vec::new())?;
                    let times = product(times, (seq.min_occurs, seq.max_occurs));
                    self.mixed_flat(name, &inner, times, items)?;
                }
                Flat::Any(min, max) => {
                    let before = items.any.unwrap_or((0, MaxOccurs::Bounded(0)));
                    items.any = Some(plus(before, product(times, (*min, *max))));
                }
            }
        }
        Ok(())
    }

    /// Adds the options of choice `c`, which occurs `times` times, to the items. Each option of
    /// a choice may be the one not taken (unless it is the only one).
    fn mixed_choice(
        &mut self,
        name: &str,
        c: &'a raw::Choice,
        times: (u32, MaxOccurs),
        items: &mut Items,
    ) -> Result<()> {
        let all = c.options.len() == 1;
        let (min, max) = product(times, (c.min_occurs, c.max_occurs));
        let each = (if all { min } else { 0 }, max);
        // Each option, its group references expanded, occurs `each` times.
        let mut options = Vec::new();
        self.expand(&c.options, &mut options, &mut Vec::new())?;
        self.mixed_flat(name, &options, each, items)
    }

    /// Adds element `el`, occurring `occurs` times, to the items (an element the model names
    /// twice is one variant, its counts summed).
    fn mixed_item(
        &mut self,
        owner: &str,
        el: &'a raw::Element,
        occurs: (u32, MaxOccurs),
        items: &mut Items,
    ) -> Result<()> {
        let deref = self.deref_element(el)?;
        if let Some(&i) = items.index.get(&deref.0) {
            items.counts[i] = plus(items.counts[i], occurs);
            return Ok(());
        }
        let variant = self.choice_variant(owner, el, deref, &mut items.names)?;
        items
            .index
            .insert(variant.xml.clone(), items.variants.len());
        // Each item is one occurrence, held in a `Vec`, which needs no box for its own type.
        items.variants.push(ChoiceVariant {
            boxed: false,
            repeated: false,
            ..variant
        });
        items.counts.push(occurs);
        Ok(())
    }
}

/// What the items are, and what decoding and validation do and do not check.
fn mixed_doc(owner: &str, items: &Items) -> String {
    let mut allowed: Vec<String> = items
        .variants
        .iter()
        .zip(&items.counts)
        .map(|(v, &c)| format!("`{}` ({})", v.xml.local, range(c)))
        .collect();
    if let Some(c) = items.any {
        allowed.push(format!(
            "any other element, for the `xs:any` wildcard ({})",
            range(c)
        ));
    }
    format!(
        "The mixed content of `{owner}` (`mixed=\"true\"`): text and elements, one item each, in document order. \
         Elements: {}.\n\n\
         Decoding keeps every text (CDATA sections and character references decoded, adjacent texts \
         merged, whitespace-only text kept) and each element the content model names{}; \
         encoding writes the items in order, text escaped. Validation checks the number of items \
         of each element against the content model (summed over it) and each element's value; it \
         does not check the order of the elements, which option of a choice is taken, or where \
         text may appear.",
        allowed.join(", "),
        if items.any.is_some() {
            ""
        } else {
            ", skipping others"
        }
    )
}

/// `min..=max` in words.
fn range((min, max): (u32, MaxOccurs)) -> String {
    match max {
        MaxOccurs::Bounded(m) if m == min => format!("exactly {min}"),
        MaxOccurs::Bounded(m) => format!("{min} to {m}"),
        MaxOccurs::Unbounded if min == 0 => "any number".to_owned(),
        MaxOccurs::Unbounded => format!("at least {min}"),
    }
}

/// The sum of two occurrence ranges.
fn plus(a: (u32, MaxOccurs), b: (u32, MaxOccurs)) -> (u32, MaxOccurs) {
    let max = match (a.1, b.1) {
        (MaxOccurs::Bounded(x), MaxOccurs::Bounded(y)) => x
            .checked_add(y)
            .map_or(MaxOccurs::Unbounded, MaxOccurs::Bounded),
        _ => MaxOccurs::Unbounded,
    };
    (a.0.saturating_add(b.0), max)
}

/// The product of two occurrence ranges (a particle occurring `b` times in each of `a`
/// occurrences of its group).
fn product(a: (u32, MaxOccurs), b: (u32, MaxOccurs)) -> (u32, MaxOccurs) {
    (a.0.saturating_mul(b.0), times(a.1, b.1))
}

/// The product of two maximum occurrences.
fn times(a: MaxOccurs, b: MaxOccurs) -> MaxOccurs {
    match (a, b) {
        (MaxOccurs::Bounded(0), _) | (_, MaxOccurs::Bounded(0)) => MaxOccurs::Bounded(0),
        (MaxOccurs::Bounded(x), MaxOccurs::Bounded(y)) => x
            .checked_mul(y)
            .map_or(MaxOccurs::Unbounded, MaxOccurs::Bounded),
        _ => MaxOccurs::Unbounded,
    }
}
