//! A small read-only, namespace-aware XML tree built from the tokens of the runtime's own
//! tokenizer (`lex.rs`), for decoding SOAP messages. It keeps only what decoding needs
//! (elements with resolved names and attributes, merged text), refuses DTDs and unknown
//! entities, bounds depth, node count and attribute count while parsing (iteratively: no
//! recursion, whatever the nesting), and
//! borrows from the input wherever no entity or line ending has to be rewritten.
//!
//! Parsing takes time linear in the input, whatever it holds: repeated attributes are found
//! by a scan of a short list or, on an element with more than 16 of them, with a hash set,
//! comparing namespaces by a keyed hash of their URI computed once per declaration; prefixes
//! are resolved by a scan of the (short) scope or, once more than 16 bindings are in scope,
//! through a map from prefix to its innermost binding, which also finds repeated namespace
//! declarations.
//!
//! Its API follows the subset of roxmltree's that the runtime and generated code use, so that
//! code reads the same; it is about twice as fast as roxmltree on SOAP-sized messages because
//! it skips what they never need (comments, processing instructions, positions of every node).

use smallvec::SmallVec;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};
use std::ops::Range;

/// Up to this many items, a list is searched by scanning it; beyond, through a hash table
/// (std's `RandomState`, so that no input can be crafted to collide).
const SMALL: usize = 16;

/// The `xml:` prefix's namespace, bound in every document.
pub const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// Why a document was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomError {
    /// Not well-formed (or uses a DTD, which is refused).
    Syntax {
        /// What is wrong.
        message: String,
        /// Byte offset in the input.
        offset: usize,
    },
    /// Elements nest deeper than allowed.
    TooDeep {
        /// Byte offset of the element that goes too deep.
        offset: usize,
    },
    /// More nodes than allowed.
    TooManyNodes {
        /// Byte offset of the first node over the limit.
        offset: usize,
        /// Local names of the elements from the root to that node (or its parent, for a text).
        path: String,
    },
    /// More attributes and namespace declarations (together, in the whole document) than
    /// allowed.
    TooManyAttributes {
        /// Byte offset of the first attribute over the limit.
        offset: usize,
        /// Local names of the elements from the root to the one carrying it (`a/b/c`).
        path: String,
    },
    /// More attributes and namespace declarations on one element than allowed.
    TooManyAttributesOnElement {
        /// Byte offset of the first attribute over the limit.
        offset: usize,
        /// Local names of the elements from the root to the one carrying it (`a/b/c`).
        path: String,
    },
    /// An element carries the same attribute twice: the same namespace URI and local name
    /// (whatever the prefixes), or the same namespace declaration (`xmlns:p` or `xmlns`).
    DuplicateAttribute {
        /// The element, as `{namespace}local` (or `local`).
        element: String,
        /// The attribute, as `{namespace}local` (or `local`), or the declaration as written
        /// (`xmlns:p`, `xmlns`).
        attribute: String,
        /// Byte offset of its second occurrence.
        offset: usize,
        /// Local names of the elements from the root to the one carrying it (`a/b/c`).
        path: String,
    },
}

/// Limits applied while parsing.
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    /// Deepest nesting: the root element is at depth 1, its children (elements or text) at 2.
    pub max_depth: usize,
    /// Most nodes (elements and texts).
    pub max_nodes: u32,
    /// Most attributes, namespace declarations included, in the whole document.
    pub max_attributes: u32,
    /// Most attributes, namespace declarations included, on one element.
    pub max_attributes_per_element: u32,
}

/// Line and column (1-based; the column counts characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPos {
    /// Line.
    pub row: u32,
    /// Column.
    pub col: u32,
}

/// An optional index in four bytes (`u32::MAX`: none), to keep nodes small: parsing a large
/// document is mostly writing its nodes to memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Opt32(u32);

impl Opt32 {
    const NONE: Opt32 = Opt32(u32::MAX);

    fn get(self) -> Option<u32> {
        (self.0 != u32::MAX).then_some(self.0)
    }
}

impl From<Option<u32>> for Opt32 {
    fn from(v: Option<u32>) -> Self {
        v.map_or(Opt32::NONE, Opt32)
    }
}

/// A range of byte offsets or indexes in eight bytes (documents are under 4 GiB).
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn new(r: Range<usize>) -> Self {
        Span {
            start: r.start as u32,
            end: r.end as u32,
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug)]
enum Kind<'i> {
    Element {
        ns: Opt32,
        local: &'i str,
        attrs: Span,
        decls: Span,
        content: Span,
    },
    Text(Cow<'i, str>),
}

#[derive(Debug)]
struct NodeData<'i> {
    kind: Kind<'i>,
    parent: Opt32,
    first_child: Opt32,
    last_child: Opt32,
    next_sibling: Opt32,
    range: Span,
}

// Nodes stay small (72 bytes on 64-bit targets).
const _: () = assert!(std::mem::size_of::<NodeData<'static>>() <= 72);

#[derive(Debug)]
struct Attr<'i> {
    ns: Option<u32>,
    local: &'i str,
    value: Cow<'i, str>,
}

/// A parsed document.
pub struct Document<'i> {
    text: &'i str,
    nodes: Vec<NodeData<'i>>,
    attrs: Vec<Attr<'i>>,
    /// Namespace URIs, referred to by index: one per namespace declaration, after `xml:`'s.
    uris: Vec<Cow<'i, str>>,
    /// `(prefix, uri index)` declared by elements, referred to by their `decls` range.
    decls: Vec<(Option<&'i str>, u32)>,
}

impl fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Document({} nodes)", self.nodes.len())
    }
}

/// A node of a [`Document`]: an element or a text.
#[derive(Clone, Copy)]
pub struct Node<'a, 'i> {
    doc: &'a Document<'i>,
    id: u32,
}

impl fmt::Debug for Node<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.data().kind {
            Kind::Element { local, .. } => write!(f, "Element({local})"),
            Kind::Text(t) => write!(f, "Text({t:?})"),
        }
    }
}

impl PartialEq for Node<'_, '_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && std::ptr::eq(self.doc, other.doc)
    }
}

/// An element's name: namespace URI and local part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpandedName<'a> {
    ns: Option<&'a str>,
    local: &'a str,
}

impl<'a> ExpandedName<'a> {
    /// The namespace URI, if the name has one.
    pub fn namespace(&self) -> Option<&'a str> {
        self.ns
    }
    /// The local part.
    pub fn name(&self) -> &'a str {
        self.local
    }
}

/// How [`Node::attribute`] names an attribute: `"local"` (no namespace) or `(ns, "local")`.
pub trait AttrName {
    /// `(namespace, local name)`.
    fn split(&self) -> (Option<&str>, &str);
}

impl AttrName for &str {
    fn split(&self) -> (Option<&str>, &str) {
        (None, self)
    }
}

impl AttrName for (&str, &str) {
    fn split(&self) -> (Option<&str>, &str) {
        (Some(self.0), self.1)
    }
}

impl<'a, 'i> Node<'a, 'i> {
    fn data(&self) -> &'a NodeData<'i> {
        &self.doc.nodes[self.id as usize]
    }

    fn at(&self, id: Option<u32>) -> Option<Node<'a, 'i>> {
        id.map(|id| Node { doc: self.doc, id })
    }

    /// The document this node belongs to.
    pub fn document(&self) -> &'a Document<'i> {
        self.doc
    }

    /// Whether this is an element.
    pub fn is_element(&self) -> bool {
        matches!(self.data().kind, Kind::Element { .. })
    }

    /// Whether this is a text (character data, CDATA and references, merged).
    pub fn is_text(&self) -> bool {
        matches!(self.data().kind, Kind::Text(_))
    }

    /// The element's name (empty for a text).
    pub fn tag_name(&self) -> ExpandedName<'a> {
        match &self.data().kind {
            Kind::Element { ns, local, .. } => ExpandedName {
                ns: ns.get().map(|i| self.doc.uris[i as usize].as_ref()),
                local,
            },
            Kind::Text(_) => ExpandedName {
                ns: None,
                local: "",
            },
        }
    }

    /// A text node's text; for an element, its first child's text if that is a text.
    pub fn text(&self) -> Option<&'a str> {
        match &self.data().kind {
            Kind::Text(t) => Some(t.as_ref()),
            Kind::Element { .. } => self.first_child().and_then(|c| match &c.data().kind {
                Kind::Text(t) => Some(t.as_ref()),
                _ => None,
            }),
        }
    }

    /// Whether the element carries an attribute (namespace declarations are not attributes).
    pub fn has_attributes(&self) -> bool {
        matches!(&self.data().kind, Kind::Element { attrs, .. } if attrs.start < attrs.end)
    }

    /// The value of an attribute.
    pub fn attribute<N: AttrName>(&self, name: N) -> Option<&'a str> {
        let Kind::Element { attrs, .. } = &self.data().kind else {
            return None;
        };
        let (ns, local) = name.split();
        self.doc.attrs[attrs.range()]
            .iter()
            .find(|a| a.local == local && a.ns.map(|i| self.doc.uris[i as usize].as_ref()) == ns)
            .map(|a| a.value.as_ref())
    }

    /// Byte range of the node in the input (an element from `<` to the end of its end tag).
    pub fn range(&self) -> Range<usize> {
        self.data().range.range()
    }

    /// Byte range of an element's content, between its start and end tags.
    pub fn content_range(&self) -> Range<usize> {
        match &self.data().kind {
            Kind::Element { content, .. } => content.range(),
            Kind::Text(_) => self.range(),
        }
    }

    /// The parent element.
    pub fn parent(&self) -> Option<Node<'a, 'i>> {
        self.at(self.data().parent.get())
    }

    /// The first child.
    pub fn first_child(&self) -> Option<Node<'a, 'i>> {
        self.at(self.data().first_child.get())
    }

    /// The last child.
    pub fn last_child(&self) -> Option<Node<'a, 'i>> {
        self.at(self.data().last_child.get())
    }

    /// The next sibling.
    pub fn next_sibling(&self) -> Option<Node<'a, 'i>> {
        self.at(self.data().next_sibling.get())
    }

    /// The children, in document order.
    pub fn children(&self) -> Children<'a, 'i> {
        Children {
            next: self.first_child(),
        }
    }

    /// This node and its ancestors, innermost first.
    pub fn ancestors(&self) -> impl Iterator<Item = Node<'a, 'i>> {
        std::iter::successors(Some(*self), |n| n.parent())
    }

    /// This node and everything below it, in document order.
    pub fn descendants(&self) -> impl ExactSizeIterator<Item = Node<'a, 'i>> {
        let doc = self.doc;
        let end = self.subtree_end();
        (self.id..end).map(move |id| Node { doc, id })
    }

    /// Nodes are stored in document order, so a subtree is a contiguous run of ids.
    fn subtree_end(&self) -> u32 {
        let mut n = *self;
        loop {
            if let Some(s) = n.next_sibling() {
                return s.id;
            }
            match n.parent() {
                Some(p) => n = p,
                None => return self.doc.nodes.len() as u32,
            }
        }
    }

    /// The attributes of the element, `(namespace, local name, value)`, in document order
    /// (namespace declarations are not attributes).
    pub fn attributes(&self) -> impl Iterator<Item = (Option<&'a str>, &'a str, &'a str)> + 'a {
        let doc = self.doc;
        let attrs: &'a [Attr<'i>] = match &self.data().kind {
            Kind::Element { attrs, .. } => &doc.attrs[attrs.range()],
            Kind::Text(_) => &[],
        };
        attrs.iter().map(move |a| {
            (
                a.ns.map(|i| doc.uris[i as usize].as_ref()),
                a.local,
                a.value.as_ref(),
            )
        })
    }

    /// The namespace declarations made on this element itself, `(prefix, URI)` (`None`: the
    /// default namespace; an empty URI undeclares it).
    pub fn namespace_declarations(&self) -> impl Iterator<Item = (Option<&'a str>, &'a str)> + 'a {
        let doc = self.doc;
        let decls: &'a [(Option<&'i str>, u32)] = match &self.data().kind {
            Kind::Element { decls, .. } => &doc.decls[decls.range()],
            Kind::Text(_) => &[],
        };
        decls
            .iter()
            .map(move |(p, uri)| (*p, doc.uris[*uri as usize].as_ref()))
    }

    /// The namespace URI `prefix` (`None`: the default namespace) is bound to at this node.
    pub fn lookup_namespace_uri(&self, prefix: Option<&str>) -> Option<&'a str> {
        if prefix == Some("xml") {
            return Some(NS_XML);
        }
        for n in self.ancestors() {
            if let Kind::Element { decls, .. } = &n.data().kind {
                for (p, uri) in &self.doc.decls[decls.range()] {
                    if *p == prefix {
                        let uri = self.doc.uris[*uri as usize].as_ref();
                        return (!uri.is_empty()).then_some(uri);
                    }
                }
            }
        }
        None
    }
}

/// Iterator over a node's children.
pub struct Children<'a, 'i> {
    next: Option<Node<'a, 'i>>,
}

impl<'a, 'i> Iterator for Children<'a, 'i> {
    type Item = Node<'a, 'i>;
    fn next(&mut self) -> Option<Self::Item> {
        let n = self.next?;
        self.next = n.next_sibling();
        Some(n)
    }
}

impl<'i> Document<'i> {
    /// The root element.
    pub fn root_element<'a>(&'a self) -> Node<'a, 'i> {
        Node { doc: self, id: 0 }
    }

    /// The whole input.
    pub fn input_text(&self) -> &'i str {
        self.text
    }

    /// Every node, in document order.
    pub fn descendants<'a>(&'a self) -> impl ExactSizeIterator<Item = Node<'a, 'i>> {
        (0..self.nodes.len() as u32).map(move |id| Node { doc: self, id })
    }

    /// Line and column of a byte offset.
    pub fn text_pos_at(&self, offset: usize) -> TextPos {
        text_pos(self.text, offset)
    }

    /// Parses `text`.
    pub fn parse(text: &'i str, opts: ParseOptions) -> Result<Document<'i>, DomError> {
        Parser::new(text, opts).run()
    }
}

/// Line and column of byte `offset` in `text`.
pub fn text_pos(text: &str, offset: usize) -> TextPos {
    let offset = offset.min(text.len());
    let mut cut = offset;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &text[..cut];
    let row = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    TextPos {
        row: row as u32,
        col: col as u32,
    }
}

impl<'i> super::lex::Attr<'i> {
    /// The normalized value (references resolved, whitespace characters become spaces).
    fn normalized(&self, offset: usize) -> Result<Cow<'i, str>, DomError> {
        if self.plain {
            Ok(Cow::Borrowed(self.value))
        } else {
            unescape_attr(self.value, offset)
        }
    }
}

struct Open<'i> {
    id: u32,
    /// The name as written in the start tag (`prefix:local`), which the end tag must repeat.
    qname: &'i str,
    local: &'i str,
    scope_len: usize,
}

/// A namespace binding in scope.
struct Binding<'i> {
    prefix: Option<&'i str>,
    uri: u32,
    /// Keyed hash of `prefix`, computed only while the scope is indexed.
    hash: u64,
    /// Position in the scope of the binding of the same prefix this one hides, kept only while
    /// the scope is indexed.
    shadowed: Option<u32>,
}

/// A hasher for keys that are already keyed hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Keyed hash of a prefix (`None`: the default namespace). A prefix of up to 7 bytes is hashed
/// as one word with its length, which costs a third of hashing it as a string.
fn prefix_hash(hasher: &RandomState, prefix: Option<&str>) -> u64 {
    let bytes = prefix.unwrap_or("").as_bytes();
    if bytes.len() < 8 {
        let mut word = [0u8; 8];
        word[..bytes.len()].copy_from_slice(bytes);
        word[7] = bytes.len() as u8;
        hasher.hash_one(u64::from_le_bytes(word))
    } else {
        hasher.hash_one(bytes)
    }
}

/// Prefix → position in the scope of its innermost binding, for scopes of more than
/// [`SMALL`] bindings.
enum ScopeIndex<'i> {
    /// Keyed by the prefix's keyed hash, computed once per binding and per lookup (so neither
    /// growing the table nor ending a binding hashes again), each hit checked against the
    /// binding's prefix. While no two prefixes in scope share a hash, which is all but certain,
    /// that is exact.
    Hashed(HashMap<u64, u32, BuildHasherDefault<Prehashed>>),
    /// Keyed by the prefixes, once two of them have shared a hash.
    Exact(HashMap<Option<&'i str>, u32>),
}

impl<'i> ScopeIndex<'i> {
    /// Indexes `scope` (hashes computed), recording in each binding the one it shadows.
    fn build(scope: &mut [Binding<'i>], hasher: &RandomState) -> Self {
        for b in scope.iter_mut() {
            b.hash = prefix_hash(hasher, b.prefix);
        }
        Self::rebuild(scope, true)
    }

    /// Indexes `scope`, whose hashes are computed: by hash if `hashed` and no two of its
    /// prefixes share one, else exactly.
    fn rebuild(scope: &mut [Binding<'i>], hashed: bool) -> Self {
        if hashed {
            let mut map = HashMap::with_capacity_and_hasher(scope.len() * 2, Default::default());
            let mut ok = true;
            for pos in 0..scope.len() {
                let b = &scope[pos];
                let shadowed = map.insert(b.hash, pos as u32);
                if shadowed.is_some_and(|s| scope[s as usize].prefix != b.prefix) {
                    ok = false;
                    break;
                }
                scope[pos].shadowed = shadowed;
            }
            if ok {
                return ScopeIndex::Hashed(map);
            }
        }
        let mut map = HashMap::with_capacity(scope.len() * 2);
        for (pos, b) in scope.iter_mut().enumerate() {
            b.shadowed = map.insert(b.prefix, pos as u32);
        }
        ScopeIndex::Exact(map)
    }

    /// Indexes the binding at `pos`, the last of `scope`; returns the binding it shadows.
    fn insert(&mut self, scope: &mut [Binding<'i>], pos: usize) -> Option<u32> {
        let b = &scope[pos];
        match self {
            ScopeIndex::Hashed(map) => {
                let shadowed = map.insert(b.hash, pos as u32);
                if shadowed.is_some_and(|s| scope[s as usize].prefix != b.prefix) {
                    // Two prefixes share a hash: index them by name from now on.
                    *self = Self::rebuild(scope, false);
                    return scope[pos].shadowed;
                }
                shadowed
            }
            ScopeIndex::Exact(map) => map.insert(b.prefix, pos as u32),
        }
    }

    /// Ends the binding `b`, the last of the scope.
    fn remove(&mut self, b: &Binding<'i>) {
        match (self, b.shadowed) {
            (ScopeIndex::Hashed(map), Some(s)) => drop(map.insert(b.hash, s)),
            (ScopeIndex::Hashed(map), None) => drop(map.remove(&b.hash)),
            (ScopeIndex::Exact(map), Some(s)) => drop(map.insert(b.prefix, s)),
            (ScopeIndex::Exact(map), None) => drop(map.remove(&b.prefix)),
        }
    }

    /// Position of the innermost binding of `prefix` (whose hash is `hash`).
    fn get(&self, scope: &[Binding<'i>], prefix: Option<&str>, hash: u64) -> Option<usize> {
        match self {
            ScopeIndex::Hashed(map) => map
                .get(&hash)
                .map(|&pos| pos as usize)
                .filter(|&pos| scope[pos].prefix == prefix),
            ScopeIndex::Exact(map) => map.get(&prefix).map(|&pos| pos as usize),
        }
    }
}

struct Parser<'i> {
    text: &'i str,
    opts: ParseOptions,
    doc: Document<'i>,
    /// Namespace bindings in scope, innermost last.
    scope: SmallVec<[Binding<'i>; 16]>,
    /// Once more than [`SMALL`] bindings have been in scope: prefix → position in `scope` of
    /// its innermost binding.
    scope_index: Option<ScopeIndex<'i>>,
    /// Keyed hash of URIs of `doc.uris`, by the same index (0: not computed yet), each computed
    /// at most once, when an element has two attributes with a namespace: the duplicate check
    /// compares attributes' namespaces through these (and their URIs only when the hashes are
    /// equal), so however long the URIs, comparing two attributes costs the same.
    uri_hashes: Vec<u64>,
    hasher: RandomState,
    stack: SmallVec<[Open<'i>; 16]>,
    /// Text being accumulated before the next element boundary.
    pending: Option<(Cow<'i, str>, usize, usize)>,
    root_done: bool,
}

fn syntax(message: impl Into<String>, offset: usize) -> DomError {
    DomError::Syntax {
        message: message.into(),
        offset,
    }
}

impl<'i> Parser<'i> {
    fn new(text: &'i str, opts: ParseOptions) -> Self {
        let hasher = RandomState::new();
        Parser {
            text,
            opts,
            doc: Document {
                text,
                nodes: Vec::with_capacity(reserve(
                    text,
                    16,
                    opts.max_nodes,
                    (text.len() / 32).clamp(8, 64),
                )),
                attrs: Vec::with_capacity(reserve(text, 8, opts.max_attributes, 8)),
                uris: {
                    let mut uris = Vec::with_capacity(8);
                    uris.push(Cow::Borrowed(NS_XML));
                    uris
                },
                decls: Vec::with_capacity(8),
            },
            // `xml:` is bound everywhere; it stays at the bottom of the scope.
            scope: smallvec::smallvec![Binding {
                prefix: Some("xml"),
                uri: 0,
                hash: 0,
                shadowed: None,
            }],
            scope_index: None,
            uri_hashes: Vec::new(),
            hasher,
            stack: SmallVec::new(),
            pending: None,
            root_done: false,
        }
    }

    fn run(mut self) -> Result<Document<'i>, DomError> {
        use super::lex::{Attr, LexError, Lexer, Token};
        if u32::try_from(self.text.len()).is_err() {
            return Err(syntax("documents of 4 GiB or more are not supported", 0));
        }
        let mut lexer = Lexer::new(self.text);
        // The attributes of the element being opened (read by `Lexer::attributes`).
        let mut pending_attrs: SmallVec<[Attr<'i>; 8]> = SmallVec::new();
        loop {
            let token = match lexer.next_token() {
                Ok(None) => break,
                Ok(Some(t)) => t,
                Err(LexError { message, offset }) => return Err(syntax(message, offset)),
            };
            match token {
                Token::ElementStart {
                    prefix,
                    local,
                    start,
                } => {
                    if self.pending.is_some() {
                        self.flush_text(true)?;
                    }
                    if self.stack.is_empty() && self.root_done {
                        return Err(syntax("a second root element", start));
                    }
                    if self.stack.len() >= self.opts.max_depth {
                        return Err(DomError::TooDeep { offset: start });
                    }
                    pending_attrs.clear();
                    let used = self.doc.attrs.len() + self.doc.decls.len();
                    let max = self.opts.max_attributes as usize;
                    let cap = (self.opts.max_attributes_per_element as usize)
                        .min(max.saturating_sub(used));
                    let tag = lexer
                        .attributes(&mut pending_attrs, cap)
                        .map_err(|LexError { message, offset }| syntax(message, offset))?;
                    if let Some(offset) = tag.over {
                        let path = self.path(local);
                        return Err(if used + pending_attrs.len() >= max {
                            DomError::TooManyAttributes { offset, path }
                        } else {
                            DomError::TooManyAttributesOnElement { offset, path }
                        });
                    }
                    self.open(prefix, local, start, tag.end, &pending_attrs, tag.empty)?;
                }
                Token::EndTag { qname, start, end } => {
                    if self.pending.is_some() {
                        self.flush_text(false)?;
                    }
                    self.close(qname, start, end)?;
                }
                Token::Space { text, start } => {
                    // Whitespace after an element, or outside the root, is never data.
                    let after_child = self.pending.is_none()
                        && self.stack.last().is_some_and(|o| {
                            self.doc.nodes[o.id as usize].first_child.get().is_some()
                        });
                    if !after_child && !self.stack.is_empty() {
                        self.push_text(Cow::Borrowed(text), start, start + text.len());
                    }
                }
                Token::Text { text, start, plain } => {
                    if self.stack.is_empty() {
                        if !text
                            .trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
                            .is_empty()
                        {
                            return Err(syntax("text outside the root element", start));
                        }
                        continue;
                    }
                    let value = if plain {
                        Cow::Borrowed(text)
                    } else {
                        unescape(text, start)?
                    };
                    self.push_text(value, start, start + text.len());
                }
                Token::Cdata { text, start, end } => {
                    if self.stack.is_empty() {
                        return Err(syntax("CDATA outside the root element", start));
                    }
                    let value = normalize_newlines(text);
                    self.push_text(value, start, end);
                }
            }
        }
        if let Some(open) = self.stack.last() {
            let start = self.doc.nodes[open.id as usize].range.start as usize;
            return Err(syntax(
                format!("element {} is not closed", open.local),
                start,
            ));
        }
        if !self.root_done {
            return Err(syntax("no root element", self.text.len()));
        }
        Ok(self.doc)
    }

    fn push_text(&mut self, value: Cow<'i, str>, start: usize, end: usize) {
        self.pending = Some(match self.pending.take() {
            None => (value, start, end),
            Some((prev, s, _)) => {
                let mut joined = prev.into_owned();
                joined.push_str(&value);
                (Cow::Owned(joined), s, end)
            }
        });
    }

    /// Adds the pending text as a node. Whitespace between elements (before a child element,
    /// or after one) is dropped: only a simple value's own text is data.
    fn flush_text(&mut self, element_follows: bool) -> Result<(), DomError> {
        if let Some((text, start, end)) = self.pending.take() {
            let has_children = self
                .stack
                .last()
                .is_some_and(|o| self.doc.nodes[o.id as usize].first_child.get().is_some());
            if (element_follows || has_children)
                && text
                    .bytes()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                return Ok(());
            }
            // A text is one level below its element and counts towards the depth too.
            if self.stack.len() >= self.opts.max_depth {
                return Err(DomError::TooDeep { offset: start });
            }
            self.add_node(Kind::Text(text), start..end)?;
        }
        Ok(())
    }

    fn add_node(&mut self, kind: Kind<'i>, range: Range<usize>) -> Result<u32, DomError> {
        if self.doc.nodes.len() >= self.opts.max_nodes as usize {
            let path = match &kind {
                Kind::Element { local, .. } => self.path(local),
                Kind::Text(_) => self.path(""),
            };
            return Err(DomError::TooManyNodes {
                offset: range.start,
                path,
            });
        }
        let id = self.doc.nodes.len() as u32;
        let parent = self.stack.last().map(|o| o.id);
        self.doc.nodes.push(NodeData {
            kind,
            parent: parent.into(),
            first_child: Opt32::NONE,
            last_child: Opt32::NONE,
            next_sibling: Opt32::NONE,
            range: Span::new(range),
        });
        if let Some(p) = parent {
            let prev_last = self.doc.nodes[p as usize].last_child.get();
            match prev_last {
                Some(l) => self.doc.nodes[l as usize].next_sibling = Opt32(id),
                None => self.doc.nodes[p as usize].first_child = Opt32(id),
            }
            self.doc.nodes[p as usize].last_child = Opt32(id);
        }
        Ok(id)
    }

    /// Adds the URI of a namespace declaration to `doc.uris`; returns its index.
    fn add_uri(&mut self, uri: Cow<'i, str>) -> u32 {
        self.doc.uris.push(uri);
        (self.doc.uris.len() - 1) as u32
    }

    /// Computes the hashes of the URIs of `attrs` that are not computed yet.
    fn hash_uris(&mut self, attrs: Range<usize>) {
        self.uri_hashes.resize(self.doc.uris.len(), 0);
        for a in &self.doc.attrs[attrs] {
            if let Some(u) = a.ns.map(|u| u as usize) {
                if self.uri_hashes[u] == 0 {
                    self.uri_hashes[u] = self.hasher.hash_one(self.doc.uris[u].as_ref()).max(1);
                }
            }
        }
    }

    /// Binds `prefix` (`None`: the default namespace) to URI `uri` in the current scope, and
    /// tells whether the element being opened, whose bindings start at position `own` of the
    /// scope, has already bound it (a repeated declaration).
    fn bind(&mut self, prefix: Option<&'i str>, uri: u32, own: usize) -> bool {
        let pos = self.scope.len();
        let indexed = self.scope_index.is_some();
        self.scope.push(Binding {
            prefix,
            uri,
            hash: if indexed {
                prefix_hash(&self.hasher, prefix)
            } else {
                0
            },
            shadowed: None,
        });
        let repeated = match &mut self.scope_index {
            Some(index) => {
                let shadowed = index.insert(&mut self.scope, pos);
                self.scope[pos].shadowed = shadowed;
                shadowed.is_some_and(|p| p as usize >= own)
            }
            // Not indexed: at most SMALL bindings in scope.
            None => self.scope[own..pos].iter().any(|b| b.prefix == prefix),
        };
        if !indexed && self.scope.len() > SMALL {
            self.scope_index = Some(ScopeIndex::build(&mut self.scope, &self.hasher));
        }
        repeated
    }

    /// Ends the bindings made after the scope had `len` of them.
    fn unbind_to(&mut self, len: usize) {
        let Some(index) = &mut self.scope_index else {
            self.scope.truncate(len);
            return;
        };
        if self.scope.len() - len > len {
            // Fewer bindings stay than go: index those afresh (a cost the ones that go pay
            // for, each once) rather than removing each from a large table.
            self.scope.truncate(len);
            let hashed = matches!(index, ScopeIndex::Hashed(_));
            *index = ScopeIndex::rebuild(&mut self.scope, hashed);
            return;
        }
        while self.scope.len() > len {
            let Some(b) = self.scope.pop() else { break };
            index.remove(&b);
        }
    }

    fn resolve(&self, prefix: Option<&str>, offset: usize) -> Result<Option<u32>, DomError> {
        let found = match &self.scope_index {
            Some(index) => index
                .get(&self.scope, prefix, prefix_hash(&self.hasher, prefix))
                .map(|pos| self.scope[pos].uri),
            None => self
                .scope
                .iter()
                .rev()
                .find(|b| b.prefix == prefix)
                .map(|b| b.uri),
        };
        if let Some(uri) = found {
            return Ok((!self.doc.uris[uri as usize].is_empty()).then_some(uri));
        }
        match prefix {
            None => Ok(None),
            Some(p) => Err(syntax(
                format!("namespace prefix \"{p}\" is not declared"),
                offset,
            )),
        }
    }

    fn open(
        &mut self,
        prefix: &'i str,
        local: &'i str,
        start: usize,
        tag_end: usize,
        attrs: &[super::lex::Attr<'i>],
        empty: bool,
    ) -> Result<(), DomError> {
        let scope_len = self.scope.len();
        if attrs.is_empty() {
            // Most elements of a message: nothing to declare, check or store.
            let ns = self.resolve((!prefix.is_empty()).then_some(prefix), start)?;
            let (a, d) = (self.doc.attrs.len(), self.doc.decls.len());
            let spans = (Span::new(a..a), Span::new(d..d));
            return self.add_element(ns, prefix, local, start..tag_end, spans, scope_len, empty);
        }
        let decls_start = self.doc.decls.len() as u32;
        // The first declaration of a prefix this element has already declared.
        let mut repeated_declaration = None;
        for a in attrs {
            let (p, l, off) = (a.prefix, a.local, a.offset);
            let declared = match (p, l) {
                ("", "xmlns") => Some(None),
                ("xmlns", name) => Some(Some(name)),
                _ => None,
            };
            if let Some(bound) = declared {
                let uri = a.normalized(off)?;
                if bound.is_some() && uri.is_empty() {
                    return Err(syntax(
                        "a namespace prefix cannot be bound to an empty URI",
                        off,
                    ));
                }
                let idx = self.add_uri(uri);
                if self.bind(bound, idx, scope_len) && repeated_declaration.is_none() {
                    repeated_declaration = Some((bound, off));
                }
                self.doc.decls.push((bound, idx));
            }
        }
        let decls_end = self.doc.decls.len() as u32;
        let ns = self.resolve((!prefix.is_empty()).then_some(prefix), start)?;
        if let Some((bound, off)) = repeated_declaration {
            let attribute = match bound {
                Some(p) => format!("xmlns:{p}"),
                None => "xmlns".to_owned(),
            };
            return Err(self.duplicate(ns, local, attribute, off));
        }
        let attrs_start = self.doc.attrs.len() as u32;
        for a in attrs {
            let (p, l, off) = (a.prefix, a.local, a.offset);
            if is_declaration(p, l) {
                continue;
            }
            let ans = if p.is_empty() {
                None
            } else {
                self.resolve(Some(p), off)?
            };
            let value = a.normalized(off)?;
            self.doc.attrs.push(Attr {
                ns: ans,
                local: l,
                value,
            });
        }
        let added = attrs_start as usize..self.doc.attrs.len();
        if self.doc.attrs[added.clone()]
            .iter()
            .filter(|a| a.ns.is_some())
            .nth(1)
            .is_some()
        {
            self.hash_uris(added.clone());
        }
        let added = &self.doc.attrs[added];
        let uris = &self.doc.uris;
        let hashes = &self.uri_hashes;
        let same_name = |a: &Attr, b: &Attr| {
            a.local == b.local && a.ns.map(|u| &uris[u as usize]) == b.ns.map(|u| &uris[u as usize])
        };
        // (With fewer than two attributes in a namespace, their hashes are not needed.)
        let key = |a: &Attr<'i>| {
            let hash = |u: u32| hashes.get(u as usize).copied().unwrap_or(0);
            (a.ns.map(hash), a.local)
        };
        if let Some(i) = first_repeat(added, key, same_name) {
            let off = nth_offset(attrs, i, |p, l| !is_declaration(p, l));
            let a = &added[i];
            let attribute = match a.ns {
                Some(u) => format!("{{{}}}{}", self.doc.uris[u as usize], a.local),
                None => a.local.to_owned(),
            };
            return Err(self.duplicate(ns, local, attribute, off));
        }
        let attrs_end = self.doc.attrs.len() as u32;
        let spans = (
            Span::new(attrs_start as usize..attrs_end as usize),
            Span::new(decls_start as usize..decls_end as usize),
        );
        self.add_element(ns, prefix, local, start..tag_end, spans, scope_len, empty)
    }

    /// Adds the element whose start tag is `tag`, with its attributes and declarations
    /// (`spans`), and opens it unless it is `empty`.
    #[allow(clippy::too_many_arguments)]
    fn add_element(
        &mut self,
        ns: Option<u32>,
        prefix: &'i str,
        local: &'i str,
        tag: Range<usize>,
        (attrs, decls): (Span, Span),
        scope_len: usize,
        empty: bool,
    ) -> Result<(), DomError> {
        let (start, tag_end) = (tag.start, tag.end);
        let kind = Kind::Element {
            ns: ns.into(),
            local,
            attrs,
            decls,
            content: Span::new(tag_end..tag_end),
        };
        let id = self.add_node(kind, tag)?;
        if empty {
            self.unbind_to(scope_len);
            if self.stack.is_empty() {
                self.root_done = true;
            }
        } else {
            let colon = usize::from(!prefix.is_empty());
            let qname = &self.text[start + 1..start + 1 + prefix.len() + colon + local.len()];
            self.stack.push(Open {
                id,
                qname,
                local,
                scope_len,
            });
        }
        Ok(())
    }

    fn close(&mut self, qname: &str, start: usize, end: usize) -> Result<(), DomError> {
        let Some(open) = self.stack.pop() else {
            return Err(syntax(
                format!("end tag {qname} without a start tag"),
                start,
            ));
        };
        if open.qname != qname {
            return Err(syntax(
                format!("end tag does not match the start tag {}", open.qname),
                start,
            ));
        }
        let node = &mut self.doc.nodes[open.id as usize];
        if let Kind::Element { content, .. } = &mut node.kind {
            content.end = start as u32;
        }
        node.range.end = end as u32;
        self.unbind_to(open.scope_len);
        if self.stack.is_empty() {
            self.root_done = true;
        }
        Ok(())
    }
}

impl<'i> Parser<'i> {
    /// Local names of the open elements and then `local` (unless empty), joined with `/`.
    fn path(&self, local: &str) -> String {
        let mut names: Vec<&str> = self.stack.iter().map(|o| o.local).collect();
        if !local.is_empty() {
            names.push(local);
        }
        names.join("/")
    }

    /// The error for a repeated `attribute` on the element being opened.
    fn duplicate(
        &self,
        ns: Option<u32>,
        local: &str,
        attribute: String,
        offset: usize,
    ) -> DomError {
        let element = match ns {
            Some(u) => format!("{{{}}}{local}", self.doc.uris[u as usize]),
            None => local.to_owned(),
        };
        DomError::DuplicateAttribute {
            element,
            attribute,
            offset,
            path: self.path(local),
        }
    }
}

/// Capacity to reserve for the nodes or attributes of `text`, which may hold one per `bytes`
/// bytes (and at most `limit`): `small` for documents under 64 KiB; for larger ones, enough
/// that the vector is seldom copied while it grows. Memory reserved and not used is not
/// touched, so it costs address space only, while copying megabytes as a vector doubles (and
/// faulting in each new copy) took up to half the time of the largest hostile documents
/// (`benches/hostile`: many elements, or many attributes).
fn reserve(text: &str, bytes: usize, limit: u32, small: usize) -> usize {
    if text.len() < 64 * 1024 {
        return small;
    }
    (text.len() / bytes).min(limit as usize).max(small)
}

/// Whether an attribute written `prefix:local` is a namespace declaration.
fn is_declaration(prefix: &str, local: &str) -> bool {
    prefix == "xmlns" || (prefix.is_empty() && local == "xmlns")
}

/// Offset of the `n`th (0-based) of the raw attributes for which `pick` holds.
fn nth_offset(
    attrs: &[super::lex::Attr<'_>],
    n: usize,
    pick: impl Fn(&str, &str) -> bool,
) -> usize {
    attrs
        .iter()
        .filter(|a| pick(a.prefix, a.local))
        .nth(n)
        .map_or(0, |a| a.offset)
}

/// Position of the first item `same` as an earlier one, where items that are the same have
/// the same `key`: a scan for up to [`SMALL`] items, a hash table of keys beyond (so linear
/// time for any number of items, as long as different items rarely share a key).
fn first_repeat<T, K: Eq + Hash>(
    items: &[T],
    key: impl Fn(&T) -> K,
    same: impl Fn(&T, &T) -> bool,
) -> Option<usize> {
    if items.len() <= SMALL {
        return (1..items.len()).find(|&i| {
            let k = key(&items[i]);
            items[..i].iter().any(|x| key(x) == k && same(x, &items[i]))
        });
    }
    // A new set per element (never a cleared one, whose clearing would cost its largest
    // capacity again on every later element).
    let mut seen = HashSet::with_capacity(items.len());
    (0..items.len()).find(|&i| {
        // A key seen before is a repeat, or (for keys with a hash in them) a collision of
        // hashes nobody can produce on purpose: only then are earlier items compared.
        !seen.insert(key(&items[i])) && items[..i].iter().any(|x| same(x, &items[i]))
    })
}

pub(crate) fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', s.as_bytes()).is_some() {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Resolves character and predefined entity references; an unknown entity is an error.
pub(crate) fn unescape(s: &str, offset: usize) -> Result<Cow<'_, str>, DomError> {
    let Some(first) = memchr::memchr2(b'&', b'\r', s.as_bytes()) else {
        return Ok(Cow::Borrowed(s));
    };
    let out = if memchr::memchr(b'\r', &s.as_bytes()[first..]).is_some() {
        resolve_references(&normalize_newlines(s), 0, offset)?
    } else {
        // The common case: no line end to normalize, and nothing to look at before `first`.
        resolve_references(s, first, offset)?
    };
    Ok(Cow::Owned(out))
}

/// [`unescape`] of a text without carriage returns whose first `&` is at or after `from` (an
/// ASCII byte's offset).
fn resolve_references(s: &str, from: usize, offset: usize) -> Result<String, DomError> {
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..from]);
    let mut rest: &str = &s[from..];
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            return Err(syntax("an unterminated entity reference", offset));
        };
        let name = &after[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n if n.starts_with("#x") => char_ref(&n[2..], 16, offset)?,
            n if n.starts_with('#') => char_ref(&n[1..], 10, offset)?,
            n => {
                return Err(syntax(
                    format!("unknown entity &{n}; (no DTD is processed)"),
                    offset,
                ))
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn char_ref(digits: &str, radix: u32, offset: usize) -> Result<char, DomError> {
    u32::from_str_radix(digits, radix)
        .ok()
        .and_then(char::from_u32)
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .ok_or_else(|| syntax(format!("invalid character reference &#{digits};"), offset))
}

/// Attribute value normalisation: references resolved, literal whitespace becomes spaces.
fn unescape_attr(s: &str, offset: usize) -> Result<Cow<'_, str>, DomError> {
    if !s.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        return Ok(Cow::Borrowed(s));
    }
    let spaced: String = s
        .replace("\r\n", " ")
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    Ok(Cow::Owned(unescape(&spaced, offset)?.into_owned()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Limits roomy enough for any test document (shared with other modules' tests).
    pub(crate) const OPTS: ParseOptions = ParseOptions {
        max_depth: 64,
        max_nodes: 10_000,
        max_attributes: 10_000,
        max_attributes_per_element: 1_000,
    };

    #[test]
    fn names_resolve_by_namespace() {
        let xml = r#"<s:E xmlns:s="urn:s" xmlns:i="urn:i"><B xmlns="urn:d"><C i:nil="true" a="1"/>t&amp;x<![CDATA[<y>]]></B></s:E>"#;
        let doc = Document::parse(xml, OPTS).unwrap();
        let root = doc.root_element();
        assert_eq!(
            (root.tag_name().namespace(), root.tag_name().name()),
            (Some("urn:s"), "E")
        );
        let b = root.first_child().unwrap();
        assert_eq!(b.tag_name().namespace(), Some("urn:d"));
        let c = b.first_child().unwrap();
        assert_eq!(c.attribute(("urn:i", "nil")), Some("true"));
        assert_eq!(c.attribute("a"), Some("1"));
        assert_eq!(c.attribute("nil"), None);
        let t = c.next_sibling().unwrap();
        assert_eq!(t.text(), Some("t&x<y>"));
        assert_eq!(b.lookup_namespace_uri(Some("i")), Some("urn:i"));
        assert_eq!(
            &xml[b.content_range()],
            r#"<C i:nil="true" a="1"/>t&amp;x<![CDATA[<y>]]>"#
        );
        assert_eq!(root.descendants().count(), 4);
        assert_eq!(&xml[c.range()], r#"<C i:nil="true" a="1"/>"#);
    }

    #[test]
    fn refuses_what_it_should() {
        for bad in [
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
            "<a>&x;</a>",
            "<a><b></a>",
            "<a></a><b/>",
            "<p:a/>",
            "<a x='1' x='2'/>",
            "",
            "text",
            "<a>&#0;</a>",
            "<a",
        ] {
            assert!(Document::parse(bad, OPTS).is_err(), "{bad}");
        }
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(matches!(
            Document::parse(&deep, OPTS),
            Err(DomError::TooDeep { .. })
        ));
        let deep = "<a>".repeat(64) + &"</a>".repeat(64);
        assert!(Document::parse(&deep, OPTS).is_ok());
        let deep_text = "<a>".repeat(64) + "x" + &"</a>".repeat(64);
        assert!(matches!(
            Document::parse(&deep_text, OPTS),
            Err(DomError::TooDeep { .. })
        ));
    }

    fn dup(xml: &str) -> (String, String, usize, String) {
        match Document::parse(xml, OPTS) {
            Err(DomError::DuplicateAttribute {
                element,
                attribute,
                offset,
                path,
            }) => (element, attribute, offset, path),
            other => panic!("{xml}: {other:?}"),
        }
    }

    #[test]
    fn repeated_attributes_are_found_by_namespace_uri() {
        let xml = r#"<r><a x='1' x='2'/></r>"#;
        assert_eq!(
            dup(xml),
            (
                "a".into(),
                "x".into(),
                xml.rfind("x=").unwrap(),
                "r/a".into()
            )
        );
        // Two prefixes bound to one URI name the same attribute.
        let xml = r#"<e:a xmlns:e="urn:e" xmlns:p="urn:u" xmlns:q="urn:u" p:x="1" q:x="2"/>"#;
        assert_eq!(
            dup(xml),
            (
                "{urn:e}a".into(),
                "{urn:u}x".into(),
                xml.find("q:x").unwrap(),
                "a".into()
            )
        );
        // Declarations among themselves.
        let xml = r#"<a xmlns:p="urn:1" xmlns:p="urn:2"/>"#;
        assert_eq!(dup(xml).1, "xmlns:p");
        assert_eq!(dup(xml).2, xml.rfind("xmlns:p").unwrap());
        assert_eq!(dup(r#"<a xmlns="urn:1" xmlns="urn:1"/>"#).1, "xmlns");
        // Not repeats: other URIs, no namespace next to one, a declaration next to an attribute.
        let ok = r#"<a xmlns="urn:u" xmlns:p="urn:u" xmlns:q="urn:v" x="1" p:x="2" q:x="3" xmlns:x="urn:x" p="4"/>"#;
        let doc = Document::parse(ok, OPTS).unwrap();
        let a = doc.root_element();
        assert_eq!(a.attribute("x"), Some("1"));
        assert_eq!(a.attribute(("urn:u", "x")), Some("2"));
        assert_eq!(a.attribute(("urn:v", "x")), Some("3"));
    }

    #[test]
    fn repeats_among_many_attributes_are_found_in_document_order() {
        // More than SMALL attributes and declarations: the hashed path.
        let mut xml = String::from("<a xmlns:p='urn:u'");
        for i in 0..100 {
            xml.push_str(&format!(" xmlns:n{i}='urn:{i}' a{i}='{i}'"));
        }
        let ok = format!("{xml}/>");
        let doc = Document::parse(&ok, OPTS).unwrap();
        assert_eq!(doc.root_element().attribute("a99"), Some("99"));
        let xml = format!("{xml} xmlns:q='urn:u' p:z='1' a7='again' q:z='2' a3='again'/>");
        assert_eq!(
            dup(&xml),
            (
                "a".into(),
                "a7".into(),
                xml.find("a7='again'").unwrap(),
                "a".into()
            )
        );
        let xml = ok.replace("/>", " xmlns:n42='urn:x' xmlns:n5='urn:y'/>");
        assert_eq!(
            dup(&xml),
            (
                "a".into(),
                "xmlns:n42".into(),
                xml.find("xmlns:n42='urn:x'").unwrap(),
                "a".into()
            )
        );
        // Prefixes bound to one URI, among more than SMALL URIs.
        let xml = ok.replace("/>", " xmlns:q='urn:50' n50:k='1' q:k='2'/>");
        assert_eq!(dup(&xml).1, "{urn:50}k");
    }

    #[test]
    fn many_bindings_resolve_like_few() {
        // More than SMALL bindings in scope (the indexed scope), shadowed and unbound.
        let mut xml = String::from("<r");
        for i in 0..40 {
            xml.push_str(&format!(" xmlns:p{i}='urn:{i}'"));
        }
        xml.push_str(" xmlns='urn:default'>");
        xml.push_str("<p5:a xmlns:p5='urn:x' xmlns=''><p5:b/><c/><p6:d p5:at='1'/></p5:a>");
        xml.push_str("<p5:e/><f/><p39:g xmlns:p39='urn:39b'/><p39:h/></r>");
        let doc = Document::parse(&xml, OPTS).unwrap();
        let names: Vec<(Option<&str>, &str)> = doc
            .descendants()
            .map(|n| (n.tag_name().namespace(), n.tag_name().name()))
            .collect();
        assert_eq!(
            names,
            [
                (Some("urn:default"), "r"),
                (Some("urn:x"), "a"),
                (Some("urn:x"), "b"),
                (None, "c"),
                (Some("urn:6"), "d"),
                (Some("urn:5"), "e"),
                (Some("urn:default"), "f"),
                (Some("urn:39b"), "g"),
                (Some("urn:39"), "h"),
            ]
        );
        let d = doc.descendants().nth(4).unwrap();
        assert_eq!(d.attribute(("urn:x", "at")), Some("1"));
        assert_eq!(d.lookup_namespace_uri(Some("p5")), Some("urn:x"));
        assert_eq!(d.lookup_namespace_uri(None), None);
        // A prefix bound only inside an element is unbound after it.
        let xml = xml.replace("<p39:h/>", "<p5:a xmlns:zz='urn:z'/><zz:h/>");
        assert!(matches!(
            Document::parse(&xml, OPTS),
            Err(DomError::Syntax { message, .. }) if message.contains("\"zz\"")
        ));
    }

    #[test]
    fn the_scope_is_right_after_an_element_with_many_declarations() {
        // An inner element binds more prefixes than its ancestors (the index is rebuilt from
        // the few that stay when it closes), shadowing one of theirs.
        let mut wide = String::from("<w xmlns:r='urn:inner'");
        for i in 0..40 {
            wide.push_str(&format!(" xmlns:p{i}='urn:{i}'"));
        }
        wide.push_str("><r:in/><p39:in/></w>");
        let xml = format!(
            "<r:root xmlns:r='urn:r' xmlns='urn:d'>{wide}<r:after/><after/>{wide}<r:x><p0:y xmlns:p0='urn:again'/></r:x></r:root>"
        );
        let doc = Document::parse(&xml, OPTS).unwrap();
        let names: Vec<(Option<&str>, &str)> = doc
            .descendants()
            .map(|n| (n.tag_name().namespace(), n.tag_name().name()))
            .collect();
        let w = [
            (Some("urn:d"), "w"),
            (Some("urn:inner"), "in"),
            (Some("urn:39"), "in"),
        ];
        let mut expected = vec![(Some("urn:r"), "root")];
        expected.extend(w);
        expected.extend([(Some("urn:r"), "after"), (Some("urn:d"), "after")]);
        expected.extend(w);
        expected.extend([(Some("urn:r"), "x"), (Some("urn:again"), "y")]);
        assert_eq!(names, expected);
        let unbound = xml.replace("<r:after/>", "<p3:after/>");
        assert!(matches!(
            Document::parse(&unbound, OPTS),
            Err(DomError::Syntax { message, .. }) if message.contains("\"p3\"")
        ));
        // A repeated declaration on a later element, with the scope indexed.
        let repeated = xml.replace("xmlns:p0='urn:again'", "xmlns:p0='urn:again' xmlns:p0='x'");
        assert_eq!(dup(&repeated).1, "xmlns:p0");
    }

    #[test]
    fn shared_hashes_are_told_apart() {
        // Keys and hashes that collide on purpose (no input can make the real ones do so).
        let items: Vec<u32> = (0..100).collect();
        assert_eq!(first_repeat(&items, |_| 0u8, |a, b| a == b), None);
        let mut repeated = items.clone();
        repeated.extend([7, 3]);
        assert_eq!(first_repeat(&repeated, |_| 0u8, |a, b| a == b), Some(100));
        assert_eq!(
            first_repeat(&repeated, |x| x % 10, |a, b| a == b),
            Some(100)
        );
        let small = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3];
        assert_eq!(first_repeat(&small, |_| 0u8, |a, b| a == b), Some(10));

        let binding = |prefix, hash| Binding {
            prefix,
            uri: 0,
            hash,
            shadowed: None,
        };
        // Two prefixes with one hash: the index is by name, shadowing is kept.
        let mut scope = vec![
            binding(Some("a"), 1),
            binding(Some("b"), 2),
            binding(Some("a"), 1),
        ];
        let mut index = ScopeIndex::rebuild(&mut scope, true);
        assert!(matches!(index, ScopeIndex::Hashed(_)));
        assert_eq!(index.get(&scope, Some("a"), 1), Some(2));
        assert_eq!(
            index.get(&scope, Some("c"), 1),
            None,
            "same hash, other prefix"
        );
        scope.push(binding(Some("c"), 1));
        assert_eq!(index.insert(&mut scope, 3), None);
        assert!(matches!(index, ScopeIndex::Exact(_)));
        assert_eq!(scope[2].shadowed, Some(0));
        assert_eq!(index.get(&scope, Some("a"), 1), Some(2));
        assert_eq!(index.get(&scope, Some("c"), 1), Some(3));
        scope.push(binding(Some("a"), 1));
        assert_eq!(index.insert(&mut scope, 4), Some(2));
        scope[4].shadowed = Some(2);
        let top = scope.pop().unwrap();
        index.remove(&top);
        assert_eq!(index.get(&scope, Some("a"), 1), Some(2));
        let mut scope = vec![binding(Some("a"), 5), binding(Some("b"), 5)];
        assert!(matches!(
            ScopeIndex::rebuild(&mut scope, true),
            ScopeIndex::Exact(_)
        ));
    }

    #[test]
    fn attributes_and_declarations_count_towards_max_attributes() {
        let opts = ParseOptions {
            max_attributes: 3,
            ..OPTS
        };
        assert!(Document::parse("<a x='' y=''><b z=''/></a>", opts).is_ok());
        let xml = "<a x='' y=''><b z='' w=''/></a>";
        assert_eq!(
            Document::parse(xml, opts).err(),
            Some(DomError::TooManyAttributes {
                offset: xml.find("w=").unwrap(),
                path: "a/b".into()
            })
        );
        assert!(matches!(
            Document::parse("<a xmlns='urn:a' xmlns:p='urn:p' x=''><b y=''/></a>", opts),
            Err(DomError::TooManyAttributes { .. })
        ));
        let opts = ParseOptions {
            max_attributes_per_element: 3,
            ..OPTS
        };
        assert!(Document::parse("<a x='' y='' z=''><b x='' y='' z=''/></a>", opts).is_ok());
        let xml = "<a x='' y='' z=''><b xmlns='urn:b' x='' y='' z=''/></a>";
        assert_eq!(
            Document::parse(xml, opts).err(),
            Some(DomError::TooManyAttributesOnElement {
                offset: xml.rfind("z=").unwrap(),
                path: "a/b".into()
            })
        );
    }
}
