//! Rewrites rpc/literal operations into the document/literal shape the resolver handles:
//! each operation gets a synthetic wrapper element (named after the operation, in the
//! `soap:body namespace`, response `<Op>Response`) whose children are the message parts,
//! unqualified, as WSDL 1.1 §3.5 lays out the rpc body.

use crate::raw::*;

pub fn rpc_to_document(defs: &mut Definitions) {
    let mut new_elements = Vec::new();
    let mut new_messages = Vec::new();
    for binding in &mut defs.bindings {
        let binding_rpc = binding.style.as_deref() == Some("rpc");
        let Some(port_type) = defs.port_types.get(&binding.port_type) else {
            continue;
        };
        for bop in &mut binding.operations {
            let rpc = bop.style.as_deref().map_or(binding_rpc, |s| s == "rpc");
            let literal = bop.input_use.as_deref() != Some("encoded")
                && bop.output_use.as_deref() != Some("encoded");
            if !rpc || !literal {
                continue;
            }
            let Some(pop) = port_type.operations.iter().find(|o| o.name == bop.name) else {
                continue;
            };
            let ns = bop.body_namespace.clone().unwrap_or_default();
            for (msg_name, suffix, is_input) in [
                (pop.input.clone(), "", true),
                (pop.output.clone(), "Response", false),
            ] {
                let Some(msg_name) = msg_name else { continue };
                let Some(msg) = defs.messages.get(&msg_name) else {
                    continue;
                };
                let (headers, listed) = if is_input {
                    (&bop.input_headers, &bop.input_body_parts)
                } else {
                    (&bop.output_headers, &bop.output_body_parts)
                };
                // Header parts of this message stay in it; the others (those `soap:body parts`
                // lists, when it does) become the children of the wrapper.
                let is_header = |p: &Part| {
                    headers
                        .iter()
                        .any(|h| h.message == msg_name && h.part == p.name)
                };
                let in_body =
                    |p: &Part| !is_header(p) && listed.as_ref().is_none_or(|l| l.contains(&p.name));
                let mut particles = Vec::new();
                for part in msg.parts.iter().filter(|p| in_body(p)) {
                    let (name, ty) = match (&part.element, &part.type_) {
                        (Some(el), _) => (el.clone(), TypeRef::ElementRef(el.clone())),
                        (None, Some(t)) => (QName::new("", &part.name), TypeRef::Named(t.clone())),
                        (None, None) => continue,
                    };
                    particles.push(Particle::Element(Element::synthetic(
                        name,
                        ty,
                        part.loc.clone(),
                    )));
                }
                let el_name = QName::new(&ns, format!("{}{suffix}", bop.name));
                let wrapper = TypeRef::Complex(Box::new(ComplexType {
                    name: None,
                    particles,
                    attributes: Vec::new(),
                    base: None,
                    simple_content: false,
                    mixed: false,
                    is_abstract: false,
                    unsupported: None,
                    doc: pop.doc.clone().filter(|_| is_input),
                    loc: msg.loc.clone(),
                }));
                new_elements.push(Element::synthetic(
                    el_name.clone(),
                    wrapper,
                    msg.loc.clone(),
                ));
                // The message keeps its header parts and gets one body part: the wrapper.
                let mut parts: Vec<Part> =
                    msg.parts.iter().filter(|p| is_header(p)).cloned().collect();
                parts.push(Part {
                    name: "__rpc_body".into(),
                    element: Some(el_name),
                    type_: None,
                    loc: msg.loc.clone(),
                });
                new_messages.push(Message {
                    name: msg_name.clone(),
                    parts,
                    loc: msg.loc.clone(),
                });
            }
            bop.style = Some("document".into());
            bop.input_body_parts = None;
            bop.output_body_parts = None;
        }
        if binding_rpc {
            binding.style = Some("document".into());
        }
    }
    for el in new_elements {
        defs.schemas.elements.insert(el.name.clone(), el);
    }
    for m in new_messages {
        defs.messages.insert(m.name.clone(), m);
    }
}

/// Replaces each reference to the head of a substitution group with a choice of the head
/// (unless abstract) and every element that may substitute for it.
pub fn substitution_groups(defs: &mut Definitions) {
    use std::collections::BTreeMap;
    let mut members: BTreeMap<QName, Vec<QName>> = BTreeMap::new();
    for el in defs.schemas.elements.values() {
        if let Some(head) = &el.substitution_group {
            members
                .entry(head.clone())
                .or_default()
                .push(el.name.clone());
        }
    }
    if members.is_empty() {
        return;
    }
    // Members of members substitute for the head too.
    let heads: Vec<QName> = members.keys().cloned().collect();
    for head in &heads {
        let mut all = Vec::new();
        let mut todo = members[head].clone();
        while let Some(m) = todo.pop() {
            if all.contains(&m) || &m == head {
                continue;
            }
            if let Some(more) = members.get(&m) {
                todo.extend(more.iter().cloned());
            }
            all.push(m);
        }
        all.sort();
        members.insert(head.clone(), all);
    }
    // A member without a type of its own has its head's type.
    let typeless: Vec<(QName, QName)> = defs
        .schemas
        .elements
        .values()
        .filter(|e| matches!(e.ty, TypeRef::Any))
        .filter_map(|e| e.substitution_group.clone().map(|h| (e.name.clone(), h)))
        .collect();
    for (member, head) in typeless {
        if let Some(ty) = defs.schemas.elements.get(&head).map(|h| h.ty.clone()) {
            if let Some(m) = defs.schemas.elements.get_mut(&member) {
                m.ty = ty;
            }
        }
    }
    let abstract_heads: Vec<QName> = defs
        .schemas
        .elements
        .values()
        .filter(|e| e.is_abstract)
        .map(|e| e.name.clone())
        .collect();
    let rewrite =
        |particles: &mut Vec<Particle>| rewrite_particles(particles, &members, &abstract_heads);
    for ct in defs.schemas.complex_types.values_mut() {
        rewrite(&mut ct.particles);
    }
    for el in defs.schemas.elements.values_mut() {
        if let TypeRef::Complex(ct) = &mut el.ty {
            rewrite(&mut ct.particles);
        }
    }
    for (ps, _) in defs.schemas.groups.values_mut() {
        rewrite(ps);
    }
}

fn rewrite_particles(
    particles: &mut [Particle],
    members: &std::collections::BTreeMap<QName, Vec<QName>>,
    abstract_heads: &[QName],
) {
    for p in particles.iter_mut() {
        let replacement = match p {
            Particle::Choice(c) => {
                rewrite_particles(&mut c.options, members, abstract_heads);
                // A head replaced by the choice of its members, as an option of this choice.
                for o in c.options.iter_mut() {
                    if matches!(o, Particle::Choice(_)) {
                        let placeholder = Particle::Any {
                            min_occurs: 0,
                            max_occurs: MaxOccurs::Bounded(0),
                            loc: c.loc.clone(),
                        };
                        if let Particle::Choice(inner) = std::mem::replace(o, placeholder) {
                            *o = inner.into_option();
                        }
                    }
                }
                None
            }
            Particle::Sequence(q) => {
                rewrite_particles(&mut q.particles, members, abstract_heads);
                None
            }
            Particle::Element(el) => {
                if let TypeRef::Complex(ct) = &mut el.ty {
                    rewrite_particles(&mut ct.particles, members, abstract_heads);
                }
                match &el.ty {
                    TypeRef::ElementRef(head) if members.contains_key(head) => {
                        let mut names = Vec::new();
                        if !abstract_heads.contains(head) {
                            names.push(head.clone());
                        }
                        names.extend(members[head].iter().cloned());
                        let options = names
                            .into_iter()
                            .map(|q| {
                                Particle::Element(Element::synthetic(
                                    q.clone(),
                                    TypeRef::ElementRef(q),
                                    el.loc.clone(),
                                ))
                            })
                            .collect();
                        Some(Particle::Choice(Choice {
                            min_occurs: el.min_occurs,
                            max_occurs: el.max_occurs,
                            options,
                            loc: el.loc.clone(),
                        }))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(r) = replacement {
            *p = r;
        }
    }
}
