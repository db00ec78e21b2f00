//! Extension hierarchies (XSD 1.0 Part 1 §3.4.6, §2.6.1): an element whose declared type has
//! types derived from it by extension may hold any of them, naming it with `xsi:type`. Such
//! an element's value is a [`Dyn`]: an enum of the declared type (unless it is abstract) and
//! every type derived from it, directly or not.

use super::Resolver;
use crate::error::{Location, Result};
use crate::model::*;
use crate::names::Unique;
use crate::raw::QName;
use std::collections::BTreeMap;

impl<'a> Resolver<'a> {
    /// The value of an element of the named complex type `q`: its struct, or, when types
    /// derive from it, its [`Dyn`].
    pub(super) fn complex_value(&mut self, q: &QName, loc: &Location) -> Result<Value> {
        if let Some(&d) = self.named_dyns.get(q) {
            return Ok(Value::Dyn(d));
        }
        let derived = self.derived_from(q);
        let base = self.named_complex(q, loc)?;
        if derived.is_empty() {
            return Ok(Value::Struct(base));
        }
        let is_abstract = self
            .defs
            .schemas
            .complex_types
            .get(q)
            .is_some_and(|ct| ct.is_abstract);
        let d = self.dyns.len();
        let name = self.names.type_name(&format!(
            "{}Dyn",
            self.structs[base].as_ref().map_or("", |s| s.name.as_str())
        ));
        self.dyns.push(Dyn {
            name,
            base: q.clone(),
            is_abstract,
            variants: Vec::new(),
        });
        self.named_dyns.insert(q.clone(), d);
        self.dyn_in_progress.push(d);
        let mut used = Unique::default();
        let mut variants = Vec::new();
        let concrete = |t: &QName| {
            self.defs
                .schemas
                .complex_types
                .get(t)
                .is_some_and(|ct| !ct.is_abstract)
        };
        // Abstract types are not variants, unless every type is abstract: the declared one
        // then stands for them (decoding such an element is an error, it names no type).
        let all_abstract = !concrete(q) && !derived.iter().any(&concrete);
        for t in std::iter::once(q.clone()).chain(derived) {
            if !(concrete(&t) || all_abstract && t == *q) {
                continue;
            }
            let value = self.named_complex(&t, loc)?;
            self.use_namespace(&t.ns);
            variants.push(DynVariant {
                rust: used.numbered(crate::names::variant_name(&t.local)),
                type_name: t,
                value,
            });
        }
        self.dyn_in_progress.retain(|&i| i != d);
        self.dyns[d].variants = variants;
        Ok(Value::Dyn(d))
    }

    /// Whether a member holding `value` once must box it: its type is still being resolved
    /// (a type that reaches itself).
    pub(super) fn needs_box(&self, value: Value) -> bool {
        match value {
            Value::Struct(t) => self.in_progress.contains(&t),
            Value::Dyn(d) => {
                self.dyn_in_progress.contains(&d)
                    || self.dyns[d]
                        .variants
                        .iter()
                        .any(|v| self.in_progress.contains(&v.value))
            }
            _ => false,
        }
    }

    /// The complex types derived by extension from `q`, directly or not, breadth first (each
    /// level in the order of their names); none for a type nothing extends.
    fn derived_from(&mut self, q: &QName) -> Vec<QName> {
        let schemas = &self.defs.schemas;
        let direct = self.derived.get_or_insert_with(|| {
            let mut m: BTreeMap<QName, Vec<QName>> = BTreeMap::new();
            for (name, ct) in &schemas.complex_types {
                if let (Some(b), false) = (&ct.base, ct.simple_content) {
                    m.entry(b.clone()).or_default().push(name.clone());
                }
            }
            m
        });
        let mut out: Vec<QName> = Vec::new();
        let mut next = 0;
        let mut frontier = vec![q.clone()];
        while let Some(t) = frontier.get(next).cloned() {
            next += 1;
            for c in direct.get(&t).into_iter().flatten() {
                if c != q && !out.contains(c) {
                    out.push(c.clone());
                    frontier.push(c.clone());
                }
            }
        }
        out
    }
}
