//! Content read in schema order: model groups (`xs:sequence` inside `xs:choice`, repeated or
//! optional `xs:group` references) and the types that hold them.
//!
//! Most types read their children in one pass, each child into the field its name selects, in
//! any order. A type holding a model group cannot: which occurrence of the group a child
//! belongs to depends on what came before it. Such a type reads its fields in schema order from
//! a [`Cursor`] over the element children, each field taking the children it matches.

use crate::{element_children, element_namespace, DecodeError, DecodeErrorKind, Node};

/// The element children of an element still to be read, in document order.
#[derive(Clone, Copy)]
pub struct Cursor<'a, 'i> {
    next: Option<Node<'a, 'i>>,
}

impl<'a, 'i> Cursor<'a, 'i> {
    /// A cursor at the first element child of `node`.
    pub fn new(node: Node<'a, 'i>) -> Self {
        Cursor {
            next: element_children(node).next(),
        }
    }

    /// The next child, not taken.
    pub fn peek(&self) -> Option<Node<'a, 'i>> {
        self.next
    }

    /// Takes the next child.
    pub fn advance(&mut self) {
        let mut n = self.next.and_then(|n| n.next_sibling());
        while let Some(node) = n.filter(|n| !n.is_element()) {
            n = node.next_sibling();
        }
        self.next = n;
    }

    /// Takes the next child when it is the element `local` in namespace `ns`.
    pub fn next_if(&mut self, local: &str, ns: Option<&str>) -> Option<Node<'a, 'i>> {
        let child = self
            .next
            .filter(|c| c.tag_name().name() == local && element_namespace(*c) == ns)?;
        self.advance();
        Some(child)
    }

    /// Takes the next child, unless `skip` says to leave it.
    pub fn next_unless(&mut self, skip: impl Fn(Node<'_, '_>) -> bool) -> Option<Node<'a, 'i>> {
        let child = self.next.filter(|c| !skip(*c))?;
        self.advance();
        Some(child)
    }

    /// Whether the cursor is at the same child as `other` (nothing was taken between them).
    pub fn same(&self, other: &Cursor<'_, '_>) -> bool {
        match (self.next, other.next) {
            (Some(a), Some(b)) => a.range() == b.range(),
            (None, None) => true,
            _ => false,
        }
    }

    /// Ends the reading of the element: a child left over is out of the schema's order, or
    /// not in its content model.
    pub fn finish(self) -> Result<(), DecodeError> {
        match self.next {
            None => Ok(()),
            Some(child) => Err(DecodeError::at(
                child,
                DecodeErrorKind::UnexpectedChild {
                    found: crate::display_name(child),
                },
            )),
        }
    }
}

/// A model group: a sequence of particles without an element of its own, written inside the
/// element of the type that holds it. Generated with `#[soap(group)]` on the struct.
pub trait GroupValue: Sized {
    /// Reads the group's fields, in schema order, from `c` (the children of `parent`). A
    /// required member that is not next is an error.
    fn read_fields(parent: Node<'_, '_>, c: &mut Cursor<'_, '_>) -> Result<Self, DecodeError>;

    /// Reads one occurrence of the group: `Ok(None)` when the next child cannot begin one (no
    /// child is taken); an occurrence that begins but is incomplete is an error.
    fn read_group(
        parent: Node<'_, '_>,
        c: &mut Cursor<'_, '_>,
    ) -> Result<Option<Self>, DecodeError> {
        let start = *c;
        match Self::read_fields(parent, c) {
            Ok(_) if c.same(&start) => Ok(None),
            Ok(v) => Ok(Some(v)),
            Err(_) if c.same(&start) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Reads a group that occurs exactly once: the occurrence the cursor begins, or, when none
/// begins, the group's empty occurrence (an error if a member of it is required).
pub fn read_group_required<G: GroupValue>(
    parent: Node<'_, '_>,
    c: &mut Cursor<'_, '_>,
) -> Result<G, DecodeError> {
    match G::read_group(parent, c)? {
        Some(g) => Ok(g),
        None => G::read_fields(parent, c),
    }
}

/// Reads occurrences of a group while the cursor begins one.
pub fn read_group_repeated<G: GroupValue>(
    parent: Node<'_, '_>,
    c: &mut Cursor<'_, '_>,
) -> Result<Vec<G>, DecodeError> {
    let mut out = Vec::new();
    while let Some(g) = G::read_group(parent, c)? {
        out.push(g);
    }
    Ok(out)
}
