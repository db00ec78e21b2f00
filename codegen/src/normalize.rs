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
            let header_parts: Vec<String> =
                bop.input_headers.iter().map(|h| h.part.clone()).collect();
            for (msg_name, suffix, is_input) in [
                (pop.input.clone(), "", true),
                (pop.output.clone(), "Response", false),
            ] {
                let Some(msg_name) = msg_name else { continue };
                let Some(msg) = defs.messages.get(&msg_name) else {
                    continue;
                };
                let mut particles = Vec::new();
                for part in &msg.parts {
                    if is_input && header_parts.contains(&part.name) {
                        continue;
                    }
                    let (name, ty) = match (&part.element, &part.type_) {
                        (Some(el), _) => (el.clone(), TypeRef::ElementRef(el.clone())),
                        (None, Some(t)) => (QName::new("", &part.name), TypeRef::Named(t.clone())),
                        (None, None) => continue,
                    };
                    particles.push(Particle::Element(Element {
                        name,
                        ty,
                        min_occurs: 1,
                        max_occurs: MaxOccurs::Bounded(1),
                        nillable: false,
                        doc: None,
                        loc: part.loc.clone(),
                    }));
                }
                let el_name = QName::new(&ns, format!("{}{suffix}", bop.name));
                new_elements.push(Element {
                    name: el_name.clone(),
                    ty: TypeRef::Complex(Box::new(ComplexType {
                        name: None,
                        particles,
                        attributes: Vec::new(),
                        base: None,
                        simple_content: false,
                        unsupported: None,
                        doc: pop.doc.clone().filter(|_| is_input),
                        loc: msg.loc.clone(),
                    })),
                    min_occurs: 1,
                    max_occurs: MaxOccurs::Bounded(1),
                    nillable: false,
                    doc: None,
                    loc: msg.loc.clone(),
                });
                // The message keeps its header parts and gets one body part: the wrapper.
                let mut parts: Vec<Part> = msg
                    .parts
                    .iter()
                    .filter(|p| is_input && header_parts.contains(&p.name))
                    .cloned()
                    .collect();
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
