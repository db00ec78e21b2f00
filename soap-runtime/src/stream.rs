//! The fast path of decoding: generated readers pull a response straight off the tokenizer,
//! without building a [`crate::dom::Document`].
//!
//! It only takes the common shape of a message: elements the type expects, namespace
//! declarations, `xsi:nil`, text. At anything else (an error of any kind, an attribute, an
//! unknown element, a fault, a header, a limit approached) a reader gives up and returns
//! `None`, and the caller decodes the same body with the tree ([`crate::decode_response`]
//! does), which then reports the error with its line, column and path, or reads what the
//! fast path does not. So the fast path never decides an error, and it accepts a document
//! only where the tree accepts it with the same value: it makes every check the tree makes on
//! the way (well-formedness by the same tokenizer, end tags, prefixes, references, the limits),
//! or gives up before. `tests/tests/stream_differential.rs` holds it to that on mutated
//! envelopes.
//!
//! Nothing here recurses on the input: a reader recurses once per level of its *type*, and
//! depth is capped by the limits before each element is opened.

use super::lex::{Attr, Lexer, Token};
use super::{ComplexValue, Limits, ReadElement, SimpleValue, XSI};
use smallvec::SmallVec;
use std::borrow::Cow;

/// A start tag the fast path has read: the element's expanded name and what its attributes
/// said. Readers of the element's value get it with the [`Stream`] positioned after the tag.
#[derive(Clone, Copy, Debug)]
pub struct Start<'i> {
    /// Namespace URI (`None`: no namespace).
    pub ns: Option<&'i str>,
    /// Local name.
    pub local: &'i str,
    /// `xsi:nil="true"` (or `"1"`).
    pub nil: bool,
    /// `<…/>`: the element has no content and no end tag follows.
    pub empty: bool,
}

/// A namespace binding: prefix (`""` for the default namespace), URI (`""`: undeclared), and
/// how many elements were open when it was made.
type Binding<'i> = (&'i str, &'i str);

/// An open element: its name as written (which its end tag must repeat) and the scope length
/// to return to when it closes.
type Open<'i> = (&'i str, usize);

/// Bindings beyond which the fast path gives up (the tree indexes large scopes).
const MAX_BINDINGS: usize = 16;

/// Open elements beyond which the fast path gives up.
const MAX_OPEN: usize = 32;

/// Attributes on one element (declarations included) beyond which the fast path gives up.
const MAX_TAG_ATTRIBUTES: usize = 8;

/// A pull reader over a body, for generated `stream_content` readers.
pub struct Stream<'i> {
    lexer: Lexer<'i>,
    scope: Stack<Binding<'i>, MAX_BINDINGS>,
    open: Stack<Open<'i>, MAX_OPEN>,
    attrs: SmallVec<[Attr<'i>; 8]>,
    /// Nodes (elements and texts, counted as tokens: at least as many as the tree keeps).
    nodes: u64,
    /// Attributes and declarations so far.
    attributes: u64,
    max_nodes: u64,
    max_attributes: u64,
    /// At most [`MAX_TAG_ATTRIBUTES`], and below the per-element limit.
    max_tag_attributes: usize,
    max_depth: usize,
}

impl<'i> Stream<'i> {
    fn new(text: &'i str, limits: &Limits) -> Self {
        Stream {
            lexer: Lexer::new(text),
            scope: Stack::one(("xml", super::dom::NS_XML)),
            open: Stack::new(("", 0)),
            attrs: SmallVec::new(),
            nodes: 0,
            attributes: 0,
            max_nodes: u64::from(limits.max_nodes),
            max_attributes: u64::from(limits.max_attributes),
            max_tag_attributes: MAX_TAG_ATTRIBUTES.min(limits.max_attributes_per_element as usize),
            max_depth: limits.max_depth,
        }
    }

    #[inline(always)]
    fn token(&mut self) -> Option<Token<'i>> {
        let token = self.lexer.next_token().ok()??;
        self.nodes += 1;
        (self.nodes < self.max_nodes).then_some(token)
    }

    /// The namespace `prefix` is bound to (`""`: the default namespace); `None` (give up) for
    /// an undeclared prefix. An undeclared default namespace is `Some(None)`.
    fn resolve(&self, prefix: &str) -> Option<Option<&'i str>> {
        match self.scope.items().iter().rev().find(|b| same(b.0, prefix)) {
            Some(&(_, uri)) => Some((!uri.is_empty()).then_some(uri)),
            None => prefix.is_empty().then_some(None),
        }
    }

    /// Reads the rest of a start tag whose name the tokenizer has returned.
    fn start(&mut self, prefix: &'i str, local: &'i str, at: usize) -> Option<Start<'i>> {
        // The tree refuses an element (or its text) at `max_depth`; stop one short of it.
        if self.open.len() + 2 >= self.max_depth {
            return None;
        }
        self.attrs.clear();
        let tag = match self.lexer.bare_tag_end() {
            Some(tag) => tag,
            None => self
                .lexer
                .attributes(&mut self.attrs, self.max_tag_attributes)
                .ok()?,
        };
        self.attributes += self.attrs.len() as u64;
        if tag.over.is_some() || self.attributes >= self.max_attributes {
            return None;
        }
        let scope_len = self.scope.len();
        let mut nil_value = None;
        for a in &self.attrs {
            // Only values that are their own normalized value.
            if !a.plain {
                return None;
            }
            let declared = match (a.prefix, a.local) {
                ("", "xmlns") => "",
                ("xmlns", "xml" | "xmlns") => return None,
                ("xmlns", p) if !a.value.is_empty() => p,
                ("", _) | ("xmlns", _) => return None,
                (p, "nil") if nil_value.is_none() => {
                    nil_value = Some((p, a.value));
                    continue;
                }
                _ => return None,
            };
            if self.scope.items()[scope_len..]
                .iter()
                .any(|b| same(b.0, declared))
            {
                return None;
            }
            self.scope.push((declared, a.value))?;
        }
        let ns = self.resolve(prefix)?;
        let nil = match nil_value {
            None => false,
            Some((p, value)) => {
                if self.resolve(p)? != Some(XSI) {
                    return None;
                }
                match super::collapse(value).as_ref() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => return None,
                }
            }
        };
        if tag.empty {
            self.scope.truncate(scope_len);
        } else {
            let colon = usize::from(!prefix.is_empty());
            let qname = self
                .lexer
                .text()
                .get(at + 1..at + 1 + prefix.len() + colon + local.len())?;
            self.open.push((qname, scope_len))?;
        }
        Some(Start {
            ns,
            local,
            nil,
            empty: tag.empty,
        })
    }

    /// Closes the innermost open element if its end tag comes next, written as its start tag
    /// was (the common case, checked without tokenizing); tells whether it did.
    #[inline]
    fn close_expected(&mut self) -> bool {
        let Some(&(qname, scope_len)) = self.open.last() else {
            return false;
        };
        if !self.lexer.end_tag_of(qname) {
            return false;
        }
        self.open.pop();
        self.scope.truncate(scope_len);
        true
    }

    /// Closes the innermost open element at its end tag `qname`.
    fn close(&mut self, qname: &str) -> Option<()> {
        let (open, scope_len) = self.open.pop()?;
        if open != qname {
            return None;
        }
        self.scope.truncate(scope_len);
        Some(())
    }

    /// The next child element of the element being read (whose start tag was not empty), or
    /// `Some(None)` at its end tag, which is consumed. Whitespace between children is skipped.
    pub fn child(&mut self) -> Option<Option<Start<'i>>> {
        loop {
            // Whitespace before markup, counted as the token it is.
            if self.lexer.skip_space_before_markup() {
                self.nodes += 1;
                if self.nodes >= self.max_nodes {
                    return None;
                }
            }
            if self.close_expected() {
                return Some(None);
            }
            match self.token()? {
                Token::Space { .. } => {}
                // Whitespace with carriage returns (which the tree ignores between children too).
                Token::Text { text, .. } if is_space(text) => {}
                Token::ElementStart {
                    prefix,
                    local,
                    start,
                } => return self.start(prefix, local, start).map(Some),
                Token::EndTag { qname, .. } => return self.close(qname).map(|()| None),
                Token::Text { .. } | Token::Cdata { .. } => return None,
            }
        }
    }

    /// The text of an element with simple content, up to and including its end tag: texts,
    /// CDATA and references joined, the way the tree reads it; `None` at a child element.
    pub fn text(&mut self, start: &Start<'i>) -> Option<Cow<'i, str>> {
        if start.empty {
            return Some(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'i, str>> = None;
        loop {
            if self.close_expected() {
                return Some(text.unwrap_or(Cow::Borrowed("")));
            }
            let piece = match self.token()? {
                Token::Space { text, .. } => Cow::Borrowed(text),
                Token::Text {
                    text, plain: true, ..
                } => Cow::Borrowed(text),
                Token::Text { text, start, .. } => super::dom::unescape(text, start).ok()?,
                Token::Cdata { text, .. } => super::dom::normalize_newlines(text),
                Token::EndTag { qname, .. } => {
                    self.close(qname)?;
                    return Some(text.unwrap_or(Cow::Borrowed("")));
                }
                Token::ElementStart { .. } => return None,
            };
            text = Some(match text {
                None => piece,
                Some(prev) => Cow::Owned(prev.into_owned() + &piece),
            });
        }
    }

    /// The content of an element marked `xsi:nil`: nothing, or whitespace only.
    pub fn nil_content(&mut self, start: &Start<'i>) -> Option<()> {
        if start.empty {
            return Some(());
        }
        loop {
            match self.token()? {
                Token::Space { .. } => {}
                Token::Text { text, .. } if text.trim().is_empty() => {}
                Token::EndTag { qname, .. } => return self.close(qname),
                _ => return None,
            }
        }
    }

    /// Skips what may come between and around elements outside content (whitespace; the
    /// tokenizer skips comments and processing instructions) and returns the next token.
    #[inline(always)]
    fn markup(&mut self) -> Option<Token<'i>> {
        loop {
            match self.token() {
                Some(Token::Space { .. }) => {}
                Some(Token::Text { text, .. }) if is_space(text) => {}
                other => return other,
            }
        }
    }

    fn element(&mut self) -> Option<Start<'i>> {
        match self.markup()? {
            Token::ElementStart {
                prefix,
                local,
                start,
            } => self.start(prefix, local, start),
            _ => None,
        }
    }

    fn end(&mut self) -> Option<()> {
        match self.markup()? {
            Token::EndTag { qname, .. } => self.close(qname),
            _ => None,
        }
    }

    /// After the root element: only whitespace, comments and processing instructions.
    fn finish(&mut self) -> Option<()> {
        // Commonly a line end, or nothing.
        if is_space_bytes(self.lexer.rest()) {
            return Some(());
        }
        loop {
            match self.lexer.next_token().ok()? {
                None => return Some(()),
                Some(Token::Space { .. }) => {}
                Some(Token::Text { text, .. }) if is_space(text) => {}
                Some(_) => return None,
            }
        }
    }
}

/// A stack of at most `N` copies, on the stack: pushing onto a full one fails (the fast path
/// then gives up), so nothing is allocated and no capacity is checked but the one.
struct Stack<T: Copy, const N: usize> {
    items: [T; N],
    len: usize,
}

impl<T: Copy, const N: usize> Stack<T, N> {
    fn new(fill: T) -> Self {
        Stack {
            items: [fill; N],
            len: 0,
        }
    }

    /// A stack holding `item`.
    fn one(item: T) -> Self {
        Stack {
            items: [item; N],
            len: 1,
        }
    }

    fn items(&self) -> &[T] {
        &self.items[..self.len]
    }

    fn len(&self) -> usize {
        self.len
    }

    #[must_use]
    fn push(&mut self, item: T) -> Option<()> {
        *self.items.get_mut(self.len)? = item;
        self.len += 1;
        Some(())
    }

    fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).map(|i| &self.items[i])
    }

    fn pop(&mut self) -> Option<T> {
        self.len = self.len.checked_sub(1)?;
        Some(self.items[self.len])
    }

    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
}

/// `a == b`, without calling `memcmp` for two empty strings: glibc's AVX-512 `memcmp` reads
/// with a masked load even for length 0, and the pointer of an empty `&str` may be dangling,
/// which costs a fault-suppression assist of hundreds of cycles on some CPUs.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.is_empty() || a == b)
}

/// Spaces, tabs, carriage returns and newlines only (XML's `S`).
fn is_space(text: &str) -> bool {
    is_space_bytes(text.as_bytes())
}

/// [`is_space`] of bytes.
fn is_space_bytes(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| super::lex::is_space(b))
}

/// The fast path of [`crate::decode_response`]: the body's payload `{ns}local` read as `T`
/// from an envelope of namespace `envelope` (`Envelope`, `Body`, the payload, nothing else).
/// `None` when the fast path gives up; the tree then decides.
pub fn decode_payload<T: ComplexValue>(
    xml: &str,
    limits: &Limits,
    envelope: &str,
    (ns, local): (&str, &str),
) -> Option<T> {
    if xml.len() > limits.max_bytes || u32::try_from(xml.len()).is_err() {
        return None;
    }
    let mut s = Stream::new(xml, limits);
    let root = s.element()?;
    if root.local != "Envelope" || root.ns != Some(envelope) || root.empty {
        return None;
    }
    let body = s.element()?;
    if body.local != "Body" || body.ns != Some(envelope) || body.empty {
        return None;
    }
    let payload = s.element()?;
    // (A fault is the tree's to read.)
    if payload.local == "Fault"
        || payload.local != local
        || payload.ns != (!ns.is_empty()).then_some(ns)
    {
        return None;
    }
    let value = complex::<T>(&mut s, &payload)?;
    s.end()?;
    s.end()?;
    s.finish()?;
    Some(value)
}

/// Reads a complex value (giving up at `xsi:nil`, which the tree refuses).
pub fn complex<'i, T: ComplexValue>(s: &mut Stream<'i>, start: &Start<'i>) -> Option<T> {
    if start.nil {
        return None;
    }
    T::stream_content(s, start)
}

/// Reads a simple value (giving up at `xsi:nil`, or at text that does not parse: the tree
/// reports both).
pub fn simple<'i, T: SimpleValue>(s: &mut Stream<'i>, start: &Start<'i>) -> Option<T> {
    if start.nil {
        return None;
    }
    T::parse_cow(s.text(start)?).ok()
}

/// Reads the items `{item_ns}item` of a wrapper element (`Items/Item`), giving up at
/// `xsi:nil` and at any other child (which the tree skips).
pub fn list<'i, T: ReadElement>(
    s: &mut Stream<'i>,
    start: &Start<'i>,
    item_ns: Option<&str>,
    item: &str,
) -> Option<Vec<T>> {
    if start.nil {
        return None;
    }
    let mut out = Vec::new();
    if !start.empty {
        while let Some(child) = s.child()? {
            if child.ns != item_ns || child.local != item {
                return None;
            }
            out.push(T::stream_element(s, &child)?);
        }
    }
    Some(out)
}

/// [`list`] for a nillable wrapper.
pub fn nillable_list<'i, T: ReadElement>(
    s: &mut Stream<'i>,
    start: &Start<'i>,
    item_ns: Option<&str>,
    item: &str,
) -> Option<super::Nillable<Vec<T>>> {
    if start.nil {
        s.nil_content(start)?;
        return Some(super::Nillable::Nil);
    }
    list(s, start, item_ns, item).map(super::Nillable::Value)
}

/// Stores the value read by `read` into `slot`, giving up at a second occurrence.
pub fn once<'i, T>(
    slot: &mut Option<T>,
    s: &mut Stream<'i>,
    start: &Start<'i>,
    read: impl FnOnce(&mut Stream<'i>, &Start<'i>) -> Option<T>,
) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(read(s, start)?);
    Some(())
}
