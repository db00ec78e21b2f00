//! Model groups kept as a unit (`raw::Sequence`): a repeated or optional `xs:group` reference,
//! a sequence or group that is an option of an `xs:choice`, a repeated sequence holding a
//! wildcard or a group. Each becomes a struct marked as a group (its fields are written inside
//! the element of the type that holds it, and read from that element's children in schema
//! order), held by a [`FieldKind::Group`] field or a [`VariantKind::Group`] choice variant.

use super::Resolver;
use crate::error::{Error, Result};
use crate::model::*;
use crate::names::Unique;
use crate::raw::{self, MaxOccurs, QName};
use std::collections::BTreeMap;

impl<'a> Resolver<'a> {
    /// The field of struct `owner` holding the group `seq`.
    pub(super) fn group_field(
        &mut self,
        owner: &str,
        seq: &'a raw::Sequence,
        used: &mut Unique,
    ) -> Result<Field> {
        let gi = self.group_struct(owner, seq)?;
        let base = match &seq.group {
            Some(q) => self.field_name(&q.local),
            None => "sequence".to_owned(),
        };
        let rust = used.member(base);
        let label = self.structs[gi].as_ref().expect("filled").name.clone();
        let doc = format!(
            "{}, {}.",
            group_what(seq),
            occurrences(seq.min_occurs, seq.max_occurs)
        );
        Ok(Field {
            doc: Some(doc),
            min: seq.min_occurs,
            max: seq.max_occurs,
            ..Field::new(
                FieldKind::Group,
                rust,
                QName::new("", label),
                Value::Struct(gi),
            )
        })
    }

    /// Adds a variant to `variants` (of choice enum `name`) for each option in `options`; the
    /// options of a nested choice that occurs once are options of this one.
    pub(super) fn choice_options(
        &mut self,
        name: &str,
        options: &'a [raw::Particle],
        variants: &mut Vec<ChoiceVariant>,
        used: &mut Unique,
    ) -> Result<()> {
        for opt in options {
            match opt {
                raw::Particle::Element(e) => {
                    let el = self.deref_element(e)?;
                    variants.push(self.choice_variant(name, e, el, used)?);
                }
                raw::Particle::Sequence(seq) => {
                    let gi = self.group_struct(name, seq)?;
                    let group_name = self.structs[gi].as_ref().expect("filled").name.clone();
                    let rust = match &seq.group {
                        Some(q) => crate::names::variant_name(&q.local),
                        None => "Sequence".to_owned(),
                    };
                    variants.push(ChoiceVariant {
                        kind: VariantKind::Group,
                        rust: used.numbered(rust),
                        xml: QName::new("", group_name),
                        value: Value::Struct(gi),
                        facets: Facets::default(),
                        nillable: false,
                        boxed: false,
                        doc: Some(format!(
                            "{}, {}.",
                            group_what(seq),
                            occurrences(seq.min_occurs.max(1), seq.max_occurs)
                        )),
                        repeated: seq.max_occurs.is_many(),
                    });
                }
                raw::Particle::Any { max_occurs, .. } => variants.push(ChoiceVariant {
                    kind: VariantKind::Any,
                    rust: used.member("Any".into()),
                    xml: QName::new("", "any"),
                    value: Value::Builtin(Builtin::AnyType),
                    facets: Facets::default(),
                    nillable: false,
                    boxed: false,
                    doc: Some(
                        "An element matched by the `xs:any` wildcard (any element no other option names), kept as raw XML."
                            .into(),
                    ),
                    repeated: max_occurs.is_many(),
                }),
                raw::Particle::Choice(c) if (c.min_occurs, c.max_occurs) == (1, MaxOccurs::Bounded(1)) => {
                    self.choice_options(name, &c.options, variants, used)?
                }
                raw::Particle::Choice(c) => {
                    return Err(Error::unsupported(
                        c.loc.clone(),
                        "a repeated or optional xs:choice as an option of an xs:choice",
                    ))
                }
                raw::Particle::Group(_, loc) => {
                    return Err(Error::unsupported(
                        loc.clone(),
                        "an xs:group reference as an option of an xs:choice",
                    ))
                }
            }
        }
        Ok(())
    }

    /// The struct of group `seq` (`owner`: the type or choice it is in, which names an
    /// anonymous sequence). A referenced `xs:group` has one struct, wherever it is used.
    fn group_struct(&mut self, owner: &str, seq: &'a raw::Sequence) -> Result<usize> {
        let named = match (&seq.group, seq.particles.as_slice()) {
            (Some(q), [raw::Particle::Group(r, _)]) if q == r => Some(q),
            _ => None,
        };
        if let Some(&idx) = named.and_then(|q| self.named_groups.get(q)) {
            if self.in_progress.contains(&idx) {
                return Err(Error::at(
                    seq.loc.clone(),
                    format!(
                        "group {} contains itself (circular group reference)",
                        named.expect("named")
                    ),
                ));
            }
            return Ok(idx);
        }
        self.check_nesting(&seq.loc, "types and groups", "")?;
        let base = match named {
            Some(q) => heck::ToUpperCamelCase::to_upper_camel_case(q.local.as_str()),
            None => format!("{owner}Sequence"),
        };
        let idx = self.reserve_struct(&base);
        if let Some(q) = named {
            self.named_groups.insert(q.clone(), idx);
        }
        let name = self.structs[idx].as_ref().expect("reserved").name.clone();
        let mut flat = Vec::new();
        self.expand(&seq.particles, &mut flat, &mut Vec::new())?;
        let mut fields = Vec::new();
        self.content_fields(&name, flat, &mut Unique::default(), &mut fields)?;
        let s = self.structs[idx].as_mut().expect("reserved");
        s.fields = fields;
        s.group = true;
        s.doc = Some(format!(
            "{}: its members in order, written inside the element of the type that holds it (the group has no element of its own).",
            group_what(seq)
        ));
        s.loc = seq.loc.clone();
        self.in_progress.retain(|&i| i != idx);
        Ok(idx)
    }
}

/// Whether particle `p` may occur without any element, its group references followed
/// through `groups` (`depth` of them so far: a reference past 32, or to an undefined group,
/// is taken as not emptiable).
pub(super) fn emptiable(
    groups: &BTreeMap<QName, raw::Group>,
    p: &raw::Particle,
    depth: u32,
) -> bool {
    let all = |ps: &[raw::Particle]| ps.iter().all(|p| emptiable(groups, p, depth));
    match p {
        raw::Particle::Element(e) => e.min_occurs == 0,
        raw::Particle::Any { min_occurs, .. } => *min_occurs == 0,
        raw::Particle::Choice(c) => {
            c.min_occurs == 0 || c.options.iter().any(|o| emptiable(groups, o, depth))
        }
        raw::Particle::Sequence(q) => q.min_occurs == 0 || all(&q.particles),
        raw::Particle::Group(q, _) => {
            depth < 32
                && groups
                    .get(q)
                    .is_some_and(|(ps, _)| ps.iter().all(|p| emptiable(groups, p, depth + 1)))
        }
    }
}

/// What the group is, for documentation: "The `xs:group` `Address`", "The sequence (`Key,
/// Value?`)".
fn group_what(seq: &raw::Sequence) -> String {
    match &seq.group {
        Some(q) => format!("The `xs:group` `{}`", q.local),
        None => {
            let content: Vec<String> = seq.particles.iter().map(raw::Particle::text).collect();
            format!("The sequence (`{}`)", content.join(", "))
        }
    }
}

/// How many times a group occurs, in words.
fn occurrences(min: u32, max: MaxOccurs) -> String {
    match (min, max) {
        (1, MaxOccurs::Bounded(1)) => "once".to_owned(),
        (0, MaxOccurs::Bounded(1)) => "optional".to_owned(),
        (0, MaxOccurs::Unbounded) => "any number of times".to_owned(),
        (m, MaxOccurs::Unbounded) => format!("at least {m} times"),
        (m, MaxOccurs::Bounded(x)) if m == x => format!("exactly {m} times"),
        (m, MaxOccurs::Bounded(x)) => format!("{m} to {x} times"),
    }
}
