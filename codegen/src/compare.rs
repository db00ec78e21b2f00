//! `codegen diff`: compares two versions of a WSDL at the level of the generated API and the
//! wire, and classifies every change as breaking or compatible for each.
//!
//! For callers, the generated API is assumed: structs and enumerations are `#[non_exhaustive]`,
//! requests are made with builders, so adding an optional member or an enumeration value
//! breaks no caller's code; removing or retyping one does.
//!
//! Direction matters on the wire: a type sent in requests breaks when the server starts to
//! require or reject something old clients send; a type received in responses breaks when the
//! server may send something old clients cannot decode. Member order matters to this service
//! ("the API parses by node position"), so reordering request members is breaking.

use crate::model::*;
use crate::raw::MaxOccurs;
use crate::{Config, Result};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// Whether a change breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impact {
    /// Code or peers written for the old version may fail with the new one.
    Breaking,
    /// Code and peers written for the old version keep working.
    Compatible,
}

impl Impact {
    /// `breaking` or `compatible`, as the text and JSON reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// One difference between the two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Machine-readable kind (`element_added`, `facet_tightened`, ...).
    pub kind: &'static str,
    /// Where: operation name, or `Type.Element`.
    pub path: String,
    /// What changed, in words.
    pub detail: String,
    /// For code calling the generated API.
    pub caller: Impact,
    /// For messages on the wire between old and new peers.
    pub wire: Impact,
}

impl Change {
    /// Whether the change breaks callers or the wire.
    pub fn is_breaking(&self) -> bool {
        self.caller == Impact::Breaking || self.wire == Impact::Breaking
    }
}

const REQ: u8 = 1;
const RESP: u8 = 2;

use Impact::{Breaking as B, Compatible as C};

/// Compares the APIs generated from `old` and `new`.
pub fn compare(old: &Path, new: &Path, config: &Config) -> Result<Vec<Change>> {
    let old = crate::model_of(old, config)?;
    let new = crate::model_of(new, config)?;
    let mut cx = Cx {
        old: &old,
        new: &new,
        old_roles: roles(&old),
        new_roles: roles(&new),
        out: Vec::new(),
        seen: BTreeSet::new(),
    };
    cx.operations();
    Ok(cx.out)
}

/// Renders changes for people, one per line, and a summary.
pub fn render_text(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        let flag = if c.is_breaking() {
            "BREAKING  "
        } else {
            "compatible"
        };
        let _ = writeln!(
            s,
            "{flag}  caller: {:<10}  wire: {:<10}  {}: {}",
            c.caller.as_str(),
            c.wire.as_str(),
            c.path,
            c.detail
        );
    }
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    let _ = writeln!(
        s,
        "{} changes: {breaking} breaking, {} compatible",
        changes.len(),
        changes.len() - breaking
    );
    s
}

/// Renders changes as JSON (`{"breaking": n, "compatible": m, "changes": [...]}`).
pub fn render_json(changes: &[Change]) -> String {
    let esc = |v: &str| {
        let mut o = String::new();
        for c in v.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(o, "\\u{:04x}", c as u32);
                }
                c => o.push(c),
            }
        }
        o
    };
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    let mut s = format!(
        "{{\"breaking\": {breaking}, \"compatible\": {}, \"changes\": [",
        changes.len() - breaking
    );
    for (i, c) in changes.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "\n  {{\"kind\": \"{}\", \"path\": \"{}\", \"detail\": \"{}\", \"caller\": \"{}\", \"wire\": \"{}\", \"breaking\": {}}}",
            c.kind,
            esc(&c.path),
            esc(&c.detail),
            c.caller.as_str(),
            c.wire.as_str(),
            c.is_breaking()
        );
    }
    s.push_str("\n]}\n");
    s
}

/// Which structs are sent in requests (REQ) and received in responses (RESP).
fn roles(m: &Model) -> Vec<u8> {
    let mut r = vec![0u8; m.structs.len()];
    // With a stack of its own: a chain of nested types is as deep as the schema makes it.
    fn walk(m: &Model, r: &mut [u8], v: Value, role: u8) {
        let mut todo = vec![v];
        while let Some(v) = todo.pop() {
            match v {
                Value::Struct(i) => {
                    if r[i] & role != 0 {
                        continue;
                    }
                    r[i] |= role;
                    todo.extend(m.structs[i].fields.iter().map(|f| f.value));
                }
                Value::Choice(i) => todo.extend(m.choices[i].variants.iter().map(|v| v.value)),
                Value::Dyn(i) => {
                    todo.extend(m.dyns[i].variants.iter().map(|v| Value::Struct(v.value)))
                }
                _ => {}
            }
        }
    }
    for op in &m.operations {
        walk(m, &mut r, Value::Struct(op.input.1), REQ);
        if let Some((_, o)) = &op.output {
            walk(m, &mut r, Value::Struct(*o), RESP);
        }
    }
    for h in &m.headers {
        walk(m, &mut r, h.value, REQ);
    }
    r
}

struct Cx<'a> {
    old: &'a Model,
    new: &'a Model,
    old_roles: Vec<u8>,
    new_roles: Vec<u8>,
    out: Vec<Change>,
    seen: BTreeSet<(usize, usize)>,
}

fn occurs(min: u32, max: MaxOccurs) -> String {
    match max {
        MaxOccurs::Unbounded => format!("{min}..unbounded"),
        MaxOccurs::Bounded(n) => format!("{min}..{n}"),
    }
}

impl Cx<'_> {
    fn push(
        &mut self,
        kind: &'static str,
        path: impl Into<String>,
        detail: impl Into<String>,
        caller: Impact,
        wire: Impact,
    ) {
        self.out.push(Change {
            kind,
            path: path.into(),
            detail: detail.into(),
            caller,
            wire,
        });
    }

    fn operations(&mut self) {
        for op in &self.old.operations {
            if !self.new.operations.iter().any(|n| n.name == op.name) {
                self.push("operation_removed", &op.name, "operation removed", B, B);
            }
        }
        for new_op in &self.new.operations {
            let Some(old_op) = self.old.operations.iter().find(|o| o.name == new_op.name) else {
                self.push("operation_added", &new_op.name, "operation added", C, C);
                continue;
            };
            if old_op.soap_action != new_op.soap_action {
                let d = format!(
                    "soapAction changed from \"{}\" to \"{}\"",
                    old_op.soap_action, new_op.soap_action
                );
                self.push("soap_action_changed", &new_op.name, d, C, B);
            }
            if old_op.input.0 != new_op.input.0 {
                let d = format!(
                    "request element changed from {} to {}",
                    old_op.input.0, new_op.input.0
                );
                self.push("body_element_changed", &new_op.name, d, B, B);
            }
            match (&old_op.output, &new_op.output) {
                (Some(a), Some(b)) if a.0 != b.0 => {
                    let d = format!("response element changed from {} to {}", a.0, b.0);
                    self.push("body_element_changed", &new_op.name, d, B, B);
                }
                (Some(_), None) | (None, Some(_)) => self.push(
                    "body_element_changed",
                    &new_op.name,
                    "response added or removed",
                    B,
                    B,
                ),
                _ => {}
            }
            self.headers(old_op, new_op);
            self.structs(old_op.input.1, new_op.input.1);
            if let (Some(a), Some(b)) = (&old_op.output, &new_op.output) {
                self.structs(a.1, b.1);
            }
        }
    }

    fn headers(&mut self, old_op: &Operation, new_op: &Operation) {
        let name = |m: &Model, i: usize| m.headers[i].name.clone();
        for &(i, req) in &new_op.headers {
            let n = name(self.new, i);
            match old_op
                .headers
                .iter()
                .find(|&&(j, _)| name(self.old, j) == n)
            {
                None => {
                    let d = format!(
                        "header {} added ({})",
                        n.local,
                        if req { "required" } else { "optional" }
                    );
                    self.push("header_added", &new_op.name, d, C, if req { B } else { C });
                }
                Some(&(_, old_req)) if old_req != req => {
                    let d = format!(
                        "header {} is now {}",
                        n.local,
                        if req { "required" } else { "optional" }
                    );
                    self.push(
                        "header_requirement_changed",
                        &new_op.name,
                        d,
                        C,
                        if req { B } else { C },
                    );
                }
                _ => {}
            }
        }
        for &(j, _) in &old_op.headers {
            let n = name(self.old, j);
            if !new_op.headers.iter().any(|&(i, _)| name(self.new, i) == n) {
                self.push(
                    "header_removed",
                    &new_op.name,
                    format!("header {} removed", n.local),
                    C,
                    C,
                );
            }
        }
    }

    fn type_name(m: &Model, v: Value) -> String {
        match v {
            Value::Builtin(b) => format!("{b:?}"),
            Value::Enum(i) => m.enums[i].name.clone(),
            Value::Union(i) => m.unions[i].name.clone(),
            Value::Struct(i) => m.structs[i].name.clone(),
            Value::Choice(i) => m.choices[i].name.clone(),
            Value::Dyn(i) => m.dyns[i].name.clone(),
            Value::List(i) => format!("List<{}>", Self::type_name(m, m.lists[i])),
        }
    }

    fn structs(&mut self, a: usize, b: usize) {
        if !self.seen.insert((a, b)) {
            return;
        }
        let (old, new) = (&self.old.structs[a], &self.new.structs[b]);
        let role = self.old_roles[a] | self.new_roles[b];
        let in_req = role & REQ != 0;
        let in_resp = role & RESP != 0;
        let key = |f: &Field| (f.kind, f.xml.clone());
        let mut matched_new = BTreeSet::new();
        let mut removed = Vec::new();
        for (i, of) in old.fields.iter().enumerate() {
            match new.fields.iter().position(|nf| key(nf) == key(of)) {
                Some(j) => {
                    matched_new.insert(j);
                    self.field(&new.name, of, &new.fields[j], in_req, in_resp);
                }
                None => removed.push(i),
            }
        }
        let added: Vec<usize> = (0..new.fields.len())
            .filter(|j| !matched_new.contains(j))
            .collect();
        let mut renamed_new = BTreeSet::new();
        for &i in &removed {
            let of = &old.fields[i];
            // A rename: an added member at the same position, of the same type and occurrence.
            let candidate = added.iter().copied().find(|&j| {
                let nf = &new.fields[j];
                !renamed_new.contains(&j)
                    && j == i
                    && Self::type_name(self.old, of.value) == Self::type_name(self.new, nf.value)
                    && (of.min, of.max, of.nillable) == (nf.min, nf.max, nf.nillable)
            });
            if let Some(j) = candidate {
                renamed_new.insert(j);
                let d = format!(
                    "element {} renamed to {}",
                    of.xml.local, new.fields[j].xml.local
                );
                self.push(
                    "element_renamed",
                    format!("{}.{}", new.name, of.xml.local),
                    d,
                    B,
                    B,
                );
                continue;
            }
            let required = of.min > 0;
            let wire = if in_req || (in_resp && required) {
                B
            } else {
                C
            };
            let d = format!("{} {} removed", what(of), of.xml.local);
            self.push(
                "element_removed",
                format!("{}.{}", new.name, of.xml.local),
                d,
                B,
                wire,
            );
        }
        for &j in &added {
            if renamed_new.contains(&j) {
                continue;
            }
            let nf = &new.fields[j];
            let required = nf.min > 0;
            let wire = if in_req && required { B } else { C };
            // Structs are `#[non_exhaustive]` and built with builders: a new member breaks no
            // caller's code, but a new required request member makes `build()` refuse.
            let caller = if in_req && required { B } else { C };
            let d = format!(
                "{} {} added ({})",
                what(nf),
                nf.xml.local,
                if required { "required" } else { "optional" }
            );
            self.push(
                "element_added",
                format!("{}.{}", new.name, nf.xml.local),
                d,
                caller,
                wire,
            );
        }
        // Order of the members both versions have.
        let order = |fields: &[Field], other: &[Field]| -> Vec<String> {
            fields
                .iter()
                .filter(|f| f.kind == FieldKind::Element && other.iter().any(|o| key(o) == key(f)))
                .map(|f| f.xml.local.clone())
                .collect()
        };
        let (o, n) = (
            order(&old.fields, &new.fields),
            order(&new.fields, &old.fields),
        );
        if o != n {
            let d = format!(
                "members reordered from [{}] to [{}]",
                o.join(", "),
                n.join(", ")
            );
            self.push(
                "elements_reordered",
                new.name.clone(),
                d,
                C,
                if in_req { B } else { C },
            );
        }
    }

    fn field(&mut self, owner: &str, of: &Field, nf: &Field, in_req: bool, in_resp: bool) {
        let path = format!("{owner}.{}", nf.xml.local);
        let (ot, nt) = (
            Self::type_name(self.old, of.value),
            Self::type_name(self.new, nf.value),
        );
        let same_kind = std::mem::discriminant(&of.value) == std::mem::discriminant(&nf.value);
        if !same_kind || (!matches!(nf.value, Value::Struct(_) | Value::Enum(_)) && ot != nt) {
            self.push(
                "type_changed",
                path,
                format!("type changed from {ot} to {nt}"),
                B,
                B,
            );
            return;
        }
        if of.list.is_some() != nf.list.is_some() || of.max.is_many() != nf.max.is_many() {
            let d = format!(
                "occurrence changed from {} to {}",
                occurs(of.min, of.max),
                occurs(nf.min, nf.max)
            );
            self.push("type_changed", path, d, B, B);
            return;
        }
        if of.min != nf.min {
            let now_required = nf.min > of.min;
            let wire = if now_required {
                if in_req {
                    B
                } else {
                    C
                }
            } else if in_resp {
                B
            } else {
                C
            };
            let d = format!("minOccurs changed from {} to {}", of.min, nf.min);
            self.push("occurrence_changed", path.clone(), d, B, wire);
        }
        if of.max != nf.max {
            let d = format!(
                "maxOccurs changed from {} to {}",
                occurs(of.min, of.max),
                occurs(nf.min, nf.max)
            );
            let tighter = match (of.max, nf.max) {
                (MaxOccurs::Unbounded, MaxOccurs::Bounded(_)) => true,
                (MaxOccurs::Bounded(a), MaxOccurs::Bounded(b)) => b < a,
                _ => false,
            };
            self.push(
                "occurrence_changed",
                path.clone(),
                d,
                C,
                if tighter && in_req { B } else { C },
            );
        }
        if of.nillable != nf.nillable {
            let wire = if nf.nillable {
                if in_resp {
                    B
                } else {
                    C
                }
            } else if in_req {
                B
            } else {
                C
            };
            let d = if nf.nillable {
                "became nillable"
            } else {
                "is no longer nillable"
            };
            self.push("nillable_changed", path.clone(), d, B, wire);
        }
        self.facets(&path, &of.facets, &nf.facets, in_req);
        match (of.value, nf.value) {
            (Value::Struct(a), Value::Struct(b)) => self.structs(a, b),
            (Value::Enum(a), Value::Enum(b)) => self.enums(&path, a, b, in_req, in_resp),
            _ => {}
        }
    }

    fn facets(&mut self, path: &str, o: &Facets, n: &Facets, in_req: bool) {
        let mut tightened = Vec::new();
        let mut loosened = Vec::new();
        // `upper`: the facet caps a value (a smaller number is tighter); otherwise it is a floor.
        let mut note = |name: &str, a: Option<f64>, b: Option<f64>, upper: bool| match (a, b) {
            (Some(a), Some(b)) if a != b => {
                let tighter = if upper { b < a } else { b > a };
                let list = if tighter {
                    &mut tightened
                } else {
                    &mut loosened
                };
                list.push(format!("{name} {a} → {b}"));
            }
            (None, Some(b)) => tightened.push(format!("{name} {b} added")),
            (Some(a), None) => loosened.push(format!("{name} {a} removed")),
            _ => {}
        };
        let num = |v: Option<u32>| v.map(f64::from);
        let bound =
            |b: &Option<(String, bool)>| b.as_ref().and_then(|(v, _)| v.parse::<f64>().ok());
        note("maxLength", num(o.max_length), num(n.max_length), true);
        note("minLength", num(o.min_length), num(n.min_length), false);
        note("length", num(o.length), num(n.length), true);
        note(
            "totalDigits",
            num(o.total_digits),
            num(n.total_digits),
            true,
        );
        note(
            "fractionDigits",
            num(o.fraction_digits),
            num(n.fraction_digits),
            true,
        );
        note("max", bound(&o.max), bound(&n.max), true);
        note("min", bound(&o.min), bound(&n.min), false);
        if o.patterns != n.patterns {
            tightened.push(format!(
                "pattern [{}] → [{}]",
                o.patterns.join(" "),
                n.patterns.join(" ")
            ));
        }
        let impact = if in_req { B } else { C };
        if !tightened.is_empty() {
            self.push(
                "facet_tightened",
                path,
                tightened.join(", "),
                impact,
                impact,
            );
        }
        if !loosened.is_empty() {
            self.push("facet_loosened", path, loosened.join(", "), C, C);
        }
    }

    fn enums(&mut self, path: &str, a: usize, b: usize, in_req: bool, in_resp: bool) {
        let (o, n) = (&self.old.enums[a], &self.new.enums[b]);
        for v in &n.variants {
            if !o.variants.iter().any(|x| x.value == v.value) {
                // Enumerations are `#[non_exhaustive]`: every `match` already has a `_` arm.
                let caller = C;
                let wire = if in_resp && !n.open { B } else { C };
                self.push(
                    "enum_value_added",
                    format!("{path} ({})", n.name),
                    format!("value \"{}\" added", v.value),
                    caller,
                    wire,
                );
            }
        }
        for v in &o.variants {
            if !n.variants.iter().any(|x| x.value == v.value) {
                let wire = if in_req { B } else { C };
                self.push(
                    "enum_value_removed",
                    format!("{path} ({})", n.name),
                    format!("value \"{}\" removed", v.value),
                    B,
                    wire,
                );
            }
        }
    }
}

fn what(f: &Field) -> &'static str {
    match f.kind {
        FieldKind::Attribute => "attribute",
        FieldKind::Text => "text content",
        FieldKind::Any => "wildcard",
        FieldKind::Content => "raw content",
        FieldKind::Mixed => "mixed content",
        FieldKind::Group => "model group",
        FieldKind::AnyAttribute => "attribute wildcard",
        FieldKind::Element => "element",
    }
}
