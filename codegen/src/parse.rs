//! Reads WSDL 1.1 and XML Schema files with roxmltree, follows `wsdl:import`, `xs:import` and
//! `xs:include`, and produces [`raw::Definitions`]. Names in attribute values are resolved to
//! namespace URIs here, through the in-scope namespace declarations, never compared by prefix.

use crate::error::{Error, Location, Result};
use crate::raw::*;
use roxmltree::{Document, Node};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const NS_WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
pub const NS_XSD: &str = "http://www.w3.org/2001/XMLSchema";
pub const NS_SOAP11: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
pub const NS_SOAP12: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// WSDL 1.1 MIME binding (SOAP with Attachments).
pub const NS_MIME: &str = "http://schemas.xmlsoap.org/wsdl/mime/";

/// Biggest file the generator reads (a WSDL set is never this large; a bound keeps memory in check).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Deepest element nesting read (the document element is at depth 1). The reader descends
/// nested schema constructs recursively, so a deeper document is an error, not a stack
/// overflow; real WSDLs stay well below it (a nested anonymous type adds three levels).
const MAX_XML_DEPTH: usize = 256;

/// Most imports and includes followed from one file down (`a` imports `b` imports ...).
const MAX_IMPORT_DEPTH: usize = 64;

/// Where the parser reads files from: the file system, or texts held in memory by path.
pub enum Files<'a> {
    /// The file system.
    Disk,
    /// These files only, by path (compared after removing `.` and resolving `..`).
    Memory(&'a BTreeMap<PathBuf, Vec<u8>>),
}

impl Files<'_> {
    /// The path a file is known by (canonical on disk), or why it cannot be read.
    fn canonical(&self, path: &Path) -> std::io::Result<PathBuf> {
        match self {
            Files::Disk => path.canonicalize(),
            Files::Memory(map) => {
                let p = lexical(path);
                if map.contains_key(&p) {
                    Ok(p)
                } else {
                    Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no such file among the files given",
                    ))
                }
            }
        }
    }

    fn read(&self, canonical: &Path, shown: &Path) -> Result<Vec<u8>> {
        match self {
            Files::Disk => {
                let meta = std::fs::metadata(canonical).map_err(|e| Error::io(shown, e))?;
                if meta.len() > MAX_FILE_BYTES {
                    return Err(Error::bare(format!(
                        "{}: file is larger than {MAX_FILE_BYTES} bytes",
                        shown.display()
                    )));
                }
                std::fs::read(canonical).map_err(|e| Error::io(shown, e))
            }
            Files::Memory(map) => Ok(map.get(canonical).cloned().unwrap_or_default()),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        match self {
            Files::Disk => path.is_file(),
            Files::Memory(map) => map.contains_key(&lexical(path)),
        }
    }

    fn read_to_string(&self, path: &Path) -> Option<String> {
        match self {
            Files::Disk => std::fs::read_to_string(path).ok(),
            Files::Memory(map) => map
                .get(&lexical(path))
                .and_then(|b| String::from_utf8(b.clone()).ok()),
        }
    }
}

/// `path` without `.` components and with each `..` removing the component before it.
pub(crate) fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads a WSDL (or a lone XSD) and everything it imports.
pub struct Parser<'a> {
    location_map: &'a BTreeMap<String, PathBuf>,
    files: Files<'a>,
    defs: Definitions,
    /// (canonical path, chameleon namespace) of every file already read.
    seen: BTreeSet<(PathBuf, Option<String>)>,
    /// How many files are being read (the root, the file it imports, ...).
    depth: usize,
}

impl<'a> Parser<'a> {
    pub fn new(location_map: &'a BTreeMap<String, PathBuf>, files: Files<'a>) -> Self {
        Parser {
            location_map,
            files,
            defs: Definitions::default(),
            seen: BTreeSet::new(),
            depth: 0,
        }
    }

    /// Parses `path` and its imports.
    pub fn parse(mut self, path: &Path) -> Result<Definitions> {
        self.load(path, None, None)?;
        Ok(self.defs)
    }

    /// Reads one file and what it imports; imports nest at most [`MAX_IMPORT_DEPTH`] deep.
    fn load(&mut self, path: &Path, chameleon: Option<&str>, from: Option<Location>) -> Result<()> {
        if self.depth >= MAX_IMPORT_DEPTH {
            let msg = format!(
                "imports and includes nested more than {MAX_IMPORT_DEPTH} files deep (at {})",
                path.display()
            );
            return Err(match from {
                Some(loc) => Error::at(loc, msg),
                None => Error::bare(msg),
            });
        }
        self.depth += 1;
        let r = self.load_file(path, chameleon, from);
        self.depth -= 1;
        r
    }

    fn load_file(
        &mut self,
        path: &Path,
        chameleon: Option<&str>,
        from: Option<Location>,
    ) -> Result<()> {
        let canonical = self.files.canonical(path).map_err(|e| match &from {
            Some(loc) => Error::at(loc.clone(), format!("cannot read {}: {e}", path.display())),
            None => Error::io(path, e),
        })?;
        if !self
            .seen
            .insert((canonical.clone(), chameleon.map(str::to_owned)))
        {
            return Ok(());
        }
        // Files in memory are named by their normalised paths, on disk as the import wrote them.
        let shown = match self.files {
            Files::Disk => path.to_owned(),
            Files::Memory(_) => canonical.clone(),
        };
        let path = shown.as_path();
        let bytes = self.files.read(&canonical, path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.defs.sources.push((name, bytes.clone()));
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Err(Error::at(
                    Location {
                        file: path.to_owned(),
                        line: 1,
                        column: 1,
                    },
                    format!(
                        "file is not UTF-8 (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                ))
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let opts = roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: 5_000_000,
            ..Default::default()
        };
        let doc = Document::parse_with_options(text, opts).map_err(|e| {
            let pos = e.pos();
            Error::at(
                Location {
                    file: path.to_owned(),
                    line: pos.row,
                    column: pos.col,
                },
                format!("not well-formed XML: {e}"),
            )
        })?;
        let ctx = Ctx {
            doc: &doc,
            file: path,
            positions: Positions::new(text),
        };
        check_depth(&ctx)?;
        let root = doc.root_element();
        // The root file's document element, WSDL or a lone XSD: where errors about the whole
        // service (no binding, ...) point.
        if self.defs.root.is_none() {
            self.defs.root = Some(ctx.loc(root));
        }
        match (root.tag_name().namespace(), root.tag_name().name()) {
            (Some(NS_WSDL), "definitions") => self.wsdl(&ctx, root),
            (ns, "schema") if is_xsd_ns(ns) => self.schema(&ctx, root, chameleon),
            (ns, local) => Err(Error::at(
                ctx.loc(root),
                format!(
                    "expected a WSDL 1.1 <definitions> or an XML Schema <schema>, found <{local}> in namespace {}",
                    ns.unwrap_or("(none)")
                ),
            )),
        }
    }

    fn wsdl(&mut self, ctx: &Ctx, root: Node) -> Result<()> {
        let tns = root.attribute("targetNamespace").unwrap_or("").to_owned();
        for child in root.children().filter(Node::is_element) {
            let tag = child.tag_name();
            match (tag.namespace(), tag.name()) {
                (Some(NS_WSDL), "import") => {
                    let location = ctx.required_attr(child, "location")?;
                    let path = self.resolve_location(ctx, child, location)?;
                    self.load(&path, None, Some(ctx.loc(child)))?;
                }
                (Some(NS_WSDL), "types") => {
                    for schema in child.children().filter(|n| is(n, NS_XSD, "schema")) {
                        self.schema(ctx, schema, None)?;
                    }
                }
                (Some(NS_WSDL), "message") => {
                    let name = QName::new(&tns, ctx.required_attr(child, "name")?);
                    let mut parts = Vec::new();
                    for part in child.children().filter(|n| is(n, NS_WSDL, "part")) {
                        parts.push(Part {
                            name: ctx.required_attr(part, "name")?.to_owned(),
                            element: ctx.qname_attr(part, "element")?,
                            type_: ctx.qname_attr(part, "type")?,
                            loc: ctx.loc(part),
                        });
                    }
                    self.defs.messages.insert(
                        name.clone(),
                        Message {
                            name,
                            parts,
                            loc: ctx.loc(child),
                        },
                    );
                }
                (Some(NS_WSDL), "portType") => {
                    let name = QName::new(&tns, ctx.required_attr(child, "name")?);
                    let mut operations = Vec::new();
                    for op in child.children().filter(|n| is(n, NS_WSDL, "operation")) {
                        let msg = |local: &str| -> Result<Option<QName>> {
                            match op.children().find(|n| is(n, NS_WSDL, local)) {
                                Some(n) => {
                                    Ok(Some(ctx.qname_value(n, ctx.required_attr(n, "message")?)?))
                                }
                                None => Ok(None),
                            }
                        };
                        let mut faults = Vec::new();
                        for f in op.children().filter(|n| is(n, NS_WSDL, "fault")) {
                            let fname = f.attribute("name").unwrap_or("").to_owned();
                            faults.push((
                                fname,
                                ctx.qname_value(f, ctx.required_attr(f, "message")?)?,
                            ));
                        }
                        operations.push(PortTypeOperation {
                            name: ctx.required_attr(op, "name")?.to_owned(),
                            input: msg("input")?,
                            output: msg("output")?,
                            faults,
                            doc: wsdl_doc(op),
                            loc: ctx.loc(op),
                        });
                    }
                    self.defs.port_types.insert(
                        name.clone(),
                        PortType {
                            name,
                            operations,
                            loc: ctx.loc(child),
                        },
                    );
                }
                (Some(NS_WSDL), "binding") => {
                    let binding = self.binding(ctx, child, &tns)?;
                    self.defs.bindings.push(binding);
                }
                (Some(NS_WSDL), "service") => {
                    let mut ports = Vec::new();
                    for port in child.children().filter(|n| is(n, NS_WSDL, "port")) {
                        let address = port
                            .children()
                            .find(|n| {
                                n.tag_name().name() == "address"
                                    && matches!(
                                        n.tag_name().namespace(),
                                        Some(NS_SOAP11 | NS_SOAP12)
                                    )
                            })
                            .and_then(|n| n.attribute("location"))
                            .map(str::to_owned);
                        ports.push(Port {
                            name: ctx.required_attr(port, "name")?.to_owned(),
                            binding: ctx.qname_value(port, ctx.required_attr(port, "binding")?)?,
                            address,
                            loc: ctx.loc(port),
                        });
                    }
                    self.defs.services.push(Service {
                        name: QName::new(&tns, ctx.required_attr(child, "name")?),
                        ports,
                        doc: wsdl_doc(child),
                        loc: ctx.loc(child),
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn binding(&mut self, ctx: &Ctx, node: Node, tns: &str) -> Result<Binding> {
        let mut soap = None;
        let mut style = None;
        for b in node.children().filter(|n| n.tag_name().name() == "binding") {
            match b.tag_name().namespace() {
                Some(NS_SOAP11) => soap = Some(SoapVersion::Soap11),
                Some(NS_SOAP12) => soap = Some(SoapVersion::Soap12),
                _ => continue,
            }
            style = b.attribute("style").map(str::to_owned);
        }
        let mut operations = Vec::new();
        for op in node.children().filter(|n| is(n, NS_WSDL, "operation")) {
            let soap_op = op.children().find(|n| is_soap(n, "operation"));
            let input = op.children().find(|n| is(n, NS_WSDL, "input"));
            let output = op.children().find(|n| is(n, NS_WSDL, "output"));
            let input = self.message_binding(ctx, input)?;
            let output = self.message_binding(ctx, output)?;
            operations.push(BindingOperation {
                name: ctx.required_attr(op, "name")?.to_owned(),
                soap_action: soap_op
                    .and_then(|n| n.attribute("soapAction"))
                    .map(str::to_owned),
                style: soap_op
                    .and_then(|n| n.attribute("style"))
                    .map(str::to_owned),
                input_use: input.body_use,
                body_namespace: input.body_namespace,
                input_body_parts: input.body_parts,
                output_use: output.body_use,
                input_headers: input.headers,
                output_body_parts: output.body_parts,
                output_headers: output.headers,
                attachments: input
                    .attachments
                    .into_iter()
                    .chain(output.attachments)
                    .collect(),
                mime_problem: input.mime_problem.or(output.mime_problem),
                loc: ctx.loc(op),
            });
        }
        Ok(Binding {
            name: QName::new(tns, ctx.required_attr(node, "name")?),
            port_type: ctx.qname_value(node, ctx.required_attr(node, "type")?)?,
            soap,
            style,
            operations,
            loc: ctx.loc(node),
        })
    }

    /// The `soap:body`, `soap:header`s and MIME attachment parts of a binding's `input` or
    /// `output`, also where they sit inside `mime:multipartRelated/mime:part` (SOAP with
    /// Attachments: the body is in the root part).
    fn message_binding(&self, ctx: &Ctx, io: Option<Node>) -> Result<MessageBinding> {
        let mut m = MessageBinding::default();
        let Some(io) = io else { return Ok(m) };
        let mut seen_body = false;
        let mime_parts: Vec<Node> = io
            .children()
            .filter(|n| is(n, NS_MIME, "multipartRelated"))
            .flat_map(|r| r.children().filter(|n| is(n, NS_MIME, "part")))
            .collect();
        if let Some(related) = io.children().find(|n| is(n, NS_MIME, "multipartRelated")) {
            m.mime_problem = mime_problem(ctx, related, &mime_parts);
        }
        let containers = std::iter::once(io).chain(mime_parts.iter().copied());
        for c in containers {
            for n in c.children().filter(Node::is_element) {
                if is_soap(&n, "body") && !seen_body {
                    seen_body = true;
                    m.body_use = n.attribute("use").map(str::to_owned);
                    m.body_namespace = n.attribute("namespace").map(str::to_owned);
                    m.body_parts = n
                        .attribute("parts")
                        .map(|p| p.split_whitespace().map(str::to_owned).collect());
                } else if is_soap(&n, "header") {
                    let required = n
                        .attribute((NS_WSDL, "required"))
                        .map(|v| v.trim() != "false")
                        .unwrap_or(true);
                    m.headers.push(HeaderBinding {
                        message: ctx.qname_value(n, ctx.required_attr(n, "message")?)?,
                        part: ctx.required_attr(n, "part")?.to_owned(),
                        required,
                        loc: ctx.loc(n),
                    });
                } else if is(&n, NS_MIME, "content") {
                    if let Some(part) = n.attribute("part") {
                        m.attachments.push((part.to_owned(), ctx.loc(n)));
                    }
                }
            }
        }
        Ok(m)
    }

    fn schema(&mut self, ctx: &Ctx, node: Node, chameleon: Option<&str>) -> Result<()> {
        let tns = node
            .attribute("targetNamespace")
            .or(chameleon)
            .unwrap_or("")
            .to_owned();
        let s = SchemaCtx {
            tns: tns.clone(),
            element_qualified: node.attribute("elementFormDefault") == Some("qualified"),
            attribute_qualified: node.attribute("attributeFormDefault") == Some("qualified"),
        };
        for child in node.children().filter(Node::is_element) {
            if !is_xsd_ns(child.tag_name().namespace()) {
                continue;
            }
            match child.tag_name().name() {
                "import" | "include" | "redefine" => {
                    let is_include = child.tag_name().name() != "import";
                    let ns = child.attribute("namespace").unwrap_or("").to_owned();
                    let Some(location) = child.attribute("schemaLocation") else {
                        // An import without a location names a namespace the processor must know.
                        if !is_include {
                            self.defs
                                .schemas
                                .unresolved_imports
                                .entry(ns)
                                .or_insert_with(|| ctx.loc(child));
                        }
                        continue;
                    };
                    match self.resolve_location(ctx, child, location) {
                        Ok(path) => {
                            let cham = if is_include { Some(tns.as_str()) } else { None };
                            self.load(&path, cham, Some(ctx.loc(child)))?;
                        }
                        // Tolerated until a component of that namespace is actually used.
                        Err(_) if !is_include => {
                            self.defs
                                .schemas
                                .unresolved_imports
                                .entry(ns)
                                .or_insert_with(|| ctx.loc(child));
                        }
                        Err(e) => return Err(e),
                    }
                }
                "element" => {
                    let el = self.element(ctx, &s, child, true)?;
                    self.defs
                        .schemas
                        .elements
                        .entry(el.name.clone())
                        .or_insert(el);
                }
                "complexType" => {
                    let ct = self.complex_type(ctx, &s, child, true)?;
                    let name = ct.name.clone().expect("global complexType has a name");
                    self.defs.schemas.complex_types.entry(name).or_insert(ct);
                }
                "simpleType" => {
                    let st = self.simple_type(ctx, &s, child, true)?;
                    let name = st.name.clone().expect("global simpleType has a name");
                    self.defs.schemas.simple_types.entry(name).or_insert(st);
                }
                "group" => {
                    let name = QName::new(&tns, ctx.required_attr(child, "name")?);
                    let mut particles = Vec::new();
                    let mut unsupported = None;
                    for c in xsd_children(child) {
                        match c.tag_name().name() {
                            "sequence" | "all" | "choice" => {
                                if let Err(u) = self.model_group(ctx, &s, c, &mut particles)? {
                                    unsupported = Some(u);
                                }
                            }
                            _ => {}
                        }
                    }
                    self.defs
                        .schemas
                        .groups
                        .entry(name)
                        .or_insert((particles, unsupported));
                }
                "attributeGroup" => {
                    let name = QName::new(&tns, ctx.required_attr(child, "name")?);
                    let mut uses = Vec::new();
                    for c in xsd_children(child) {
                        self.attribute_use(ctx, &s, c, &mut uses)?;
                    }
                    self.defs
                        .schemas
                        .attribute_groups
                        .entry(name)
                        .or_insert(uses);
                }
                "attribute" => {
                    let a = self.attribute(ctx, &s, child, true)?;
                    self.defs
                        .schemas
                        .attributes
                        .entry(a.name.clone())
                        .or_insert(a);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn element(&self, ctx: &Ctx, s: &SchemaCtx, node: Node, global: bool) -> Result<Element> {
        let (min_occurs, max_occurs) = occurs(ctx, node)?;
        let nillable = matches!(
            node.attribute("nillable").map(str::trim),
            Some("true" | "1")
        );
        if let Some(r) = node.attribute("ref") {
            let target = ctx.qname_value(node, r)?;
            return Ok(Element {
                name: target.clone(),
                ty: TypeRef::ElementRef(target),
                min_occurs,
                max_occurs,
                nillable,
                substitution_group: None,
                is_abstract: false,
                value: value_constraint(ctx, node)?,
                doc: xsd_doc(node),
                loc: ctx.loc(node),
            });
        }
        let local = ctx.required_attr(node, "name")?;
        let qualified = global
            || match node.attribute("form") {
                Some(f) => f == "qualified",
                None => s.element_qualified,
            };
        let name = QName::new(if qualified { s.tns.as_str() } else { "" }, local);
        let ty = if let Some(t) = node.attribute("type") {
            TypeRef::Named(ctx.qname_value(node, t)?)
        } else if let Some(ct) = xsd_children(node).find(|n| n.tag_name().name() == "complexType") {
            TypeRef::Complex(Box::new(self.complex_type(ctx, s, ct, false)?))
        } else if let Some(st) = xsd_children(node).find(|n| n.tag_name().name() == "simpleType") {
            TypeRef::Simple(Box::new(self.simple_type(ctx, s, st, false)?))
        } else {
            TypeRef::Any
        };
        let substitution_group = node
            .attribute("substitutionGroup")
            .map(|q| ctx.qname_value(node, q))
            .transpose()?;
        let is_abstract = matches!(node.attribute("abstract"), Some("true" | "1"));
        Ok(Element {
            name,
            ty,
            min_occurs,
            max_occurs,
            nillable,
            substitution_group,
            is_abstract,
            value: value_constraint(ctx, node)?,
            doc: xsd_doc(node),
            loc: ctx.loc(node),
        })
    }

    fn attribute(&self, ctx: &Ctx, s: &SchemaCtx, node: Node, global: bool) -> Result<Attribute> {
        let local = ctx.required_attr(node, "name")?;
        let qualified = global
            || match node.attribute("form") {
                Some(f) => f == "qualified",
                None => s.attribute_qualified,
            };
        let ty = if let Some(t) = node.attribute("type") {
            Some(TypeRef::Named(ctx.qname_value(node, t)?))
        } else if let Some(st) = xsd_children(node).find(|n| n.tag_name().name() == "simpleType") {
            Some(TypeRef::Simple(Box::new(
                self.simple_type(ctx, s, st, false)?,
            )))
        } else {
            None
        };
        Ok(Attribute {
            name: QName::new(if qualified { s.tns.as_str() } else { "" }, local),
            ty,
            required: node.attribute("use") == Some("required"),
            value: value_constraint(ctx, node)?,
            doc: xsd_doc(node),
            loc: ctx.loc(node),
        })
    }

    /// Adds an `xs:attribute` / `xs:attributeGroup` child to `out` (other children are ignored).
    fn attribute_use(
        &self,
        ctx: &Ctx,
        s: &SchemaCtx,
        node: Node,
        out: &mut Vec<AttributeUse>,
    ) -> Result<()> {
        match node.tag_name().name() {
            "attribute" if node.attribute("use") == Some("prohibited") => {}
            "attribute" => match node.attribute("ref") {
                Some(r) => out.push(AttributeUse::Ref {
                    name: ctx.qname_value(node, r)?,
                    required: node.attribute("use") == Some("required"),
                    value: value_constraint(ctx, node)?,
                    loc: ctx.loc(node),
                }),
                None => out.push(AttributeUse::Attribute(
                    self.attribute(ctx, s, node, false)?,
                )),
            },
            "attributeGroup" => {
                let r = ctx.required_attr(node, "ref")?;
                out.push(AttributeUse::Group(
                    ctx.qname_value(node, r)?,
                    ctx.loc(node),
                ));
            }
            "anyAttribute" => out.push(AttributeUse::Wildcard(ctx.loc(node))),
            _ => {}
        }
        Ok(())
    }

    fn complex_type(
        &self,
        ctx: &Ctx,
        s: &SchemaCtx,
        node: Node,
        global: bool,
    ) -> Result<ComplexType> {
        let name = if global {
            Some(QName::new(&s.tns, ctx.required_attr(node, "name")?))
        } else {
            None
        };
        let mut ct = ComplexType {
            name,
            particles: Vec::new(),
            attributes: Vec::new(),
            base: None,
            simple_content: false,
            mixed: false,
            is_abstract: matches!(node.attribute("abstract"), Some("true" | "1")),
            unsupported: None,
            doc: xsd_doc(node),
            loc: ctx.loc(node),
        };
        ct.mixed = matches!(node.attribute("mixed"), Some("true" | "1"));
        let mut content = node;
        for child in xsd_children(node) {
            let kind = child.tag_name().name();
            if matches!(kind, "complexContent" | "simpleContent") {
                {
                    match child.attribute("mixed") {
                        Some("true" | "1") => ct.mixed = true,
                        Some("false" | "0") => ct.mixed = false,
                        _ => {}
                    }
                    let Some(der) = xsd_children(child)
                        .find(|n| matches!(n.tag_name().name(), "extension" | "restriction"))
                    else {
                        return Err(
                            ctx.err(child, format!("{kind} without an extension or restriction"))
                        );
                    };
                    let base = ctx.qname_value(der, ctx.required_attr(der, "base")?)?;
                    ct.simple_content = kind == "simpleContent";
                    let is_any_type = base.ns == NS_XSD && base.local == "anyType";
                    // A complexContent restriction restates the content: nothing is inherited.
                    let inherit =
                        ct.simple_content || (der.tag_name().name() == "extension" && !is_any_type);
                    if inherit {
                        ct.base = Some(base);
                    }
                    content = der;
                }
            }
        }
        for child in xsd_children(content) {
            match child.tag_name().name() {
                "sequence" | "all" | "choice" | "group" => {
                    if let Err(u) = self.model_group(ctx, s, child, &mut ct.particles)? {
                        ct.unsupported = Some(u);
                        return Ok(ct);
                    }
                }
                "attribute" | "attributeGroup" | "anyAttribute" => {
                    self.attribute_use(ctx, s, child, &mut ct.attributes)?
                }
                "annotation" | "complexContent" | "simpleContent" => {}
                "simpleType" if ct.simple_content => {}
                "assert" | "openContent" => {
                    ct.unsupported = Some((
                        ctx.loc(child),
                        format!("XSD 1.1 xs:{}", child.tag_name().name()),
                    ));
                    return Ok(ct);
                }
                _ => {}
            }
        }
        Ok(ct)
    }

    /// Adds the particles of a model group (`sequence`, `all`, `choice`, `group ref`);
    /// `Ok(Err(..))` names a construct the generator cannot map.
    #[allow(clippy::type_complexity)]
    fn model_group(
        &self,
        ctx: &Ctx,
        s: &SchemaCtx,
        node: Node,
        out: &mut Vec<Particle>,
    ) -> Result<std::result::Result<(), (Location, String)>> {
        let (min, max) = occurs(ctx, node)?;
        match node.tag_name().name() {
            "group" => {
                let Some(r) = node.attribute("ref") else {
                    return Ok(Ok(()));
                };
                let q = ctx.qname_value(node, r)?;
                out.push(if (min, max) == (1, MaxOccurs::Bounded(1)) {
                    Particle::Group(q, ctx.loc(node))
                } else {
                    Particle::Sequence(Sequence {
                        min_occurs: min,
                        max_occurs: max,
                        particles: vec![Particle::Group(q.clone(), ctx.loc(node))],
                        group: Some(q),
                        loc: ctx.loc(node),
                    })
                });
                Ok(Ok(()))
            }
            "choice" => {
                let mut options = Vec::new();
                for child in xsd_children(node) {
                    if let Err(u) = self.choice_option(ctx, s, child, &mut options)? {
                        return Ok(Err(u));
                    }
                }
                out.push(Particle::Choice(Choice {
                    min_occurs: min,
                    max_occurs: max,
                    options,
                    loc: ctx.loc(node),
                }));
                Ok(Ok(()))
            }
            _ => {
                if (min, max) == (1, MaxOccurs::Bounded(1)) {
                    return self.sequence(ctx, s, node, out);
                }
                let mut inner = Vec::new();
                if let Err(u) = self.sequence(ctx, s, node, &mut inner)? {
                    return Ok(Err(u));
                }
                out.extend(repeat_sequence(inner, min, max, ctx.loc(node)));
                Ok(Ok(()))
            }
        }
    }

    /// Adds one option of an `xs:choice` to `options`: an element, a wildcard, a nested
    /// choice, or a sequence or group reference kept as a unit (a sequence of one element is
    /// that element, its occurrences multiplied).
    #[allow(clippy::type_complexity)]
    fn choice_option(
        &self,
        ctx: &Ctx,
        s: &SchemaCtx,
        child: Node,
        options: &mut Vec<Particle>,
    ) -> Result<std::result::Result<(), (Location, String)>> {
        match child.tag_name().name() {
            "annotation" => {}
            "element" => options.push(Particle::Element(self.element(ctx, s, child, false)?)),
            "any" => {
                let (min_occurs, max_occurs) = occurs(ctx, child)?;
                options.push(Particle::Any {
                    min_occurs,
                    max_occurs,
                    loc: ctx.loc(child),
                });
            }
            "choice" => {
                let mut inner = Vec::new();
                if let Err(u) = self.model_group(ctx, s, child, &mut inner)? {
                    return Ok(Err(u));
                }
                options.extend(inner.into_iter().map(|p| match p {
                    Particle::Choice(c) => c.into_option(),
                    other => other,
                }));
            }
            "group" => {
                let mut inner = Vec::new();
                if let Err(u) = self.model_group(ctx, s, child, &mut inner)? {
                    return Ok(Err(u));
                }
                for p in inner {
                    options.push(match p {
                        Particle::Group(q, loc) => Particle::Sequence(Sequence {
                            min_occurs: 1,
                            max_occurs: MaxOccurs::Bounded(1),
                            particles: vec![Particle::Group(q.clone(), loc.clone())],
                            group: Some(q),
                            loc,
                        }),
                        other => other,
                    });
                }
            }
            "sequence" | "all" => {
                let (min, max) = occurs(ctx, child)?;
                let mut inner = Vec::new();
                if let Err(u) = self.sequence(ctx, s, child, &mut inner)? {
                    return Ok(Err(u));
                }
                if matches!(inner.as_slice(), [Particle::Element(_)]) {
                    options.extend(repeat_sequence(inner, min, max, ctx.loc(child)));
                } else {
                    options.push(Particle::Sequence(Sequence {
                        min_occurs: min,
                        max_occurs: max,
                        particles: inner,
                        group: None,
                        loc: ctx.loc(child),
                    }));
                }
            }
            other => {
                return Ok(Err((
                    ctx.loc(child),
                    format!("xs:{other} inside an xs:choice"),
                )))
            }
        }
        Ok(Ok(()))
    }

    /// Adds the particles of an `xs:sequence` (or `xs:all`), nested groups flattened.
    #[allow(clippy::type_complexity)]
    fn sequence(
        &self,
        ctx: &Ctx,
        s: &SchemaCtx,
        node: Node,
        out: &mut Vec<Particle>,
    ) -> Result<std::result::Result<(), (Location, String)>> {
        for child in xsd_children(node) {
            match child.tag_name().name() {
                "annotation" => {}
                "element" => out.push(Particle::Element(self.element(ctx, s, child, false)?)),
                "sequence" | "choice" | "group" => {
                    if let Err(u) = self.model_group(ctx, s, child, out)? {
                        return Ok(Err(u));
                    }
                }
                "any" => {
                    let (min_occurs, max_occurs) = occurs(ctx, child)?;
                    out.push(Particle::Any {
                        min_occurs,
                        max_occurs,
                        loc: ctx.loc(child),
                    });
                }
                other => return Ok(Err((ctx.loc(child), format!("xs:{other} in a sequence")))),
            }
        }
        Ok(Ok(()))
    }

    fn simple_type(
        &self,
        ctx: &Ctx,
        s: &SchemaCtx,
        node: Node,
        global: bool,
    ) -> Result<SimpleType> {
        let name = if global {
            Some(QName::new(&s.tns, ctx.required_attr(node, "name")?))
        } else {
            None
        };
        let doc = xsd_doc(node);
        let loc = ctx.loc(node);
        let body = node
            .children()
            .find(|n| {
                n.is_element()
                    && is_xsd_ns(n.tag_name().namespace())
                    && n.tag_name().name() != "annotation"
            })
            .ok_or_else(|| ctx.err(node, "simpleType has no restriction, union or list"))?;
        let kind = match body.tag_name().name() {
            "restriction" => {
                let base = match body.attribute("base") {
                    Some(b) => TypeRef::Named(ctx.qname_value(body, b)?),
                    None => match body.children().find(|n| is(n, NS_XSD, "simpleType")) {
                        Some(st) => TypeRef::Simple(Box::new(self.simple_type(ctx, s, st, false)?)),
                        None => {
                            return Err(
                                ctx.err(body, "restriction has neither a base nor a simpleType")
                            )
                        }
                    },
                };
                SimpleKind::Restriction {
                    base: Box::new(base),
                    facets: Box::new(facets(ctx, body)?),
                }
            }
            "union" => {
                let mut members = Vec::new();
                if let Some(list) = body.attribute("memberTypes") {
                    for m in list.split_whitespace() {
                        members.push(TypeRef::Named(ctx.qname_value(body, m)?));
                    }
                }
                for st in body.children().filter(|n| is(n, NS_XSD, "simpleType")) {
                    members.push(TypeRef::Simple(Box::new(
                        self.simple_type(ctx, s, st, false)?,
                    )));
                }
                SimpleKind::Union { members }
            }
            "list" => {
                let item = match body.attribute("itemType") {
                    Some(t) => TypeRef::Named(ctx.qname_value(body, t)?),
                    None => match body.children().find(|n| is(n, NS_XSD, "simpleType")) {
                        Some(st) => TypeRef::Simple(Box::new(self.simple_type(ctx, s, st, false)?)),
                        None => {
                            return Err(ctx.err(body, "list has neither itemType nor a simpleType"))
                        }
                    },
                };
                SimpleKind::List {
                    item: Box::new(item),
                }
            }
            other => return Err(ctx.err(body, format!("unexpected xs:{other} in a simpleType"))),
        };
        Ok(SimpleType {
            name,
            kind,
            doc,
            loc,
        })
    }

    /// Finds the local file for an import location: the explicit map first, then the location
    /// relative to the importing file, then WCF's `?wsdl=wsdlN` / `?xsd=xsdN` naming next to it.
    fn resolve_location(&self, ctx: &Ctx, node: Node, location: &str) -> Result<PathBuf> {
        let base = ctx.file.parent().unwrap_or(Path::new("."));
        if let Some(p) = self.location_map.get(location) {
            return Ok(if p.is_absolute() {
                p.clone()
            } else {
                base.join(p)
            });
        }
        // A `url-to-file.tsv` next to the file (URL, namespace, local file per line) maps saved metadata.
        if let Some(tsv) = self.files.read_to_string(&base.join("url-to-file.tsv")) {
            for line in tsv.lines().filter(|l| !l.starts_with('#')) {
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() >= 2 && cols[0] == location {
                    return Ok(base.join(cols[cols.len() - 1]));
                }
            }
        }
        let mut tried = Vec::new();
        let is_url = location.contains("://") || location.contains('?');
        if !is_url {
            let p = base.join(location);
            if self.files.is_file(&p) {
                return Ok(p);
            }
            tried.push(p);
        } else {
            for c in wcf_candidates(location) {
                let p = base.join(&c);
                if self.files.is_file(&p) {
                    return Ok(p);
                }
                tried.push(p);
            }
        }
        let tried: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
        Err(ctx.err(
            node,
            format!(
                "cannot resolve location \"{location}\" to a local file (tried: {}); add it to the location map",
                if tried.is_empty() { "nothing".to_owned() } else { tried.join(", ") }
            ),
        ))
    }
}

/// Local file names a WCF or ASMX metadata URL is commonly saved under, most specific first.
pub fn wcf_candidates(url: &str) -> Vec<String> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let stem = last.rsplit_once('.').map(|(s, _)| s).unwrap_or(last);
    let mut out = Vec::new();
    if let Some((key, value)) = query.split_once('=') {
        let key = key.to_ascii_lowercase();
        let ext = if key == "xsd" { "xsd" } else { "wsdl" };
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        out.push(format!("{stem}.{value}.{ext}"));
        if !digits.is_empty() {
            out.push(format!("{stem}.{digits}.{ext}"));
        }
        out.push(format!("{value}.{ext}"));
        if value.ends_with(".xsd") || value.ends_with(".wsdl") {
            out.push(value.to_owned());
        }
    } else if !query.is_empty() {
        out.push(format!("{stem}.wsdl"));
    } else if !last.is_empty() {
        out.push(last.to_owned());
    }
    out
}

struct SchemaCtx {
    tns: String,
    element_qualified: bool,
    attribute_qualified: bool,
}

/// Namespaces of XML Schema, including the 1999 and 2000 drafts some old WSDLs still use.
fn is_xsd_ns(ns: Option<&str>) -> bool {
    matches!(
        ns,
        Some(NS_XSD | "http://www.w3.org/2000/10/XMLSchema" | "http://www.w3.org/1999/XMLSchema")
    )
}

fn xsd_children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && is_xsd_ns(n.tag_name().namespace()))
}

/// The particles of an `xs:sequence` that occurs `min`..`max` times (not exactly once): an
/// empty one is nothing, a sequence of one element, choice or wildcard is that particle, its
/// occurrences multiplied; any other is kept as a unit (a model group, read in order).
fn repeat_sequence(
    mut inner: Vec<Particle>,
    min: u32,
    max: MaxOccurs,
    loc: Location,
) -> Vec<Particle> {
    let times = |a: MaxOccurs, b: MaxOccurs| match (a, b) {
        (MaxOccurs::Bounded(x), MaxOccurs::Bounded(y)) => MaxOccurs::Bounded(x.saturating_mul(y)),
        _ => MaxOccurs::Unbounded,
    };
    match inner.as_mut_slice() {
        // An empty sequence, however often it occurs, holds nothing.
        [] => {}
        [Particle::Element(e)] => {
            e.min_occurs = e.min_occurs.saturating_mul(min);
            e.max_occurs = times(e.max_occurs, max);
        }
        [Particle::Choice(c)] => {
            c.min_occurs = c.min_occurs.saturating_mul(min);
            c.max_occurs = times(c.max_occurs, max);
        }
        [Particle::Any {
            min_occurs,
            max_occurs,
            ..
        }] => {
            *min_occurs = min_occurs.saturating_mul(min);
            *max_occurs = times(*max_occurs, max);
        }
        _ => {
            return vec![Particle::Sequence(Sequence {
                min_occurs: min,
                max_occurs: max,
                particles: inner,
                group: None,
                loc,
            })]
        }
    }
    inner
}

/// The `default` or `fixed` of an element or attribute declaration (or attribute use). Both
/// on one declaration, or a default on a required attribute, is an error (XSD 1.0 Part 1
/// §3.2.3, §3.3.3).
fn value_constraint(ctx: &Ctx, node: Node) -> Result<Option<ValueConstraint>> {
    let (default, fixed) = (node.attribute("default"), node.attribute("fixed"));
    if default.is_some() && fixed.is_some() {
        return Err(ctx.err(
            node,
            "both default and fixed on one declaration (XSD 1.0 Part 1 §3.2.3, §3.3.3)",
        ));
    }
    let is_attribute = node.tag_name().name() == "attribute";
    if default.is_some() && is_attribute && node.attribute("use") == Some("required") {
        return Err(ctx.err(
            node,
            "a default on an attribute with use=\"required\" (XSD 1.0 Part 1 §3.2.3)",
        ));
    }
    Ok(match (default, fixed) {
        (Some(d), _) => Some(ValueConstraint::Default(d.to_owned())),
        (_, Some(f)) => Some(ValueConstraint::Fixed(f.to_owned())),
        _ => None,
    })
}

fn occurs(ctx: &Ctx, node: Node) -> Result<(u32, MaxOccurs)> {
    let min_occurs = match node.attribute("minOccurs") {
        None => 1,
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| ctx.err(node, format!("minOccurs=\"{v}\" is not a number")))?,
    };
    let max_occurs = match node.attribute("maxOccurs").map(str::trim) {
        None => MaxOccurs::Bounded(1),
        Some("unbounded") => MaxOccurs::Unbounded,
        Some(v) => MaxOccurs::Bounded(
            v.parse()
                .map_err(|_| ctx.err(node, format!("maxOccurs=\"{v}\" is not a number")))?,
        ),
    };
    Ok((min_occurs, max_occurs))
}

struct Ctx<'d, 'i> {
    doc: &'d Document<'i>,
    file: &'d Path,
    positions: Positions<'i>,
}

/// Line and column of byte offsets in a text, each found in time independent of the offset
/// (roxmltree's `text_pos_at` scans from the start, which made reading a big file with many
/// constructs quadratic).
struct Positions<'i> {
    text: &'i str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// UTF-8 continuation bytes before each multiple of [`Self::CHUNK`].
    continuations: Vec<usize>,
}

impl<'i> Positions<'i> {
    const CHUNK: usize = 64;

    fn new(text: &'i str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut continuations = Vec::with_capacity(bytes.len() / Self::CHUNK + 1);
        let mut count = 0;
        for chunk in bytes.chunks(Self::CHUNK) {
            continuations.push(count);
            count += chunk.iter().filter(|&&b| b & 0xC0 == 0x80).count();
        }
        continuations.push(count);
        Positions {
            text,
            line_starts,
            continuations,
        }
    }

    /// Continuation bytes before byte offset `pos`.
    fn continuations_before(&self, pos: usize) -> usize {
        let chunk = pos / Self::CHUNK;
        let start = chunk * Self::CHUNK;
        self.continuations.get(chunk).copied().unwrap_or(0)
            + self.text.as_bytes()[start.min(pos)..pos]
                .iter()
                .filter(|&&b| b & 0xC0 == 0x80)
                .count()
    }

    /// 1-based line and column (in characters) of byte offset `pos`.
    fn at(&self, pos: usize) -> (u32, u32) {
        let pos = pos.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= pos).max(1);
        let start = self.line_starts[line - 1];
        let chars =
            (pos - start) - (self.continuations_before(pos) - self.continuations_before(start));
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(chars + 1).unwrap_or(u32::MAX),
        )
    }
}

impl Ctx<'_, '_> {
    fn loc(&self, node: Node) -> Location {
        let (line, column) = self.positions.at(node.range().start);
        Location {
            file: self.file.to_owned(),
            line,
            column,
        }
    }

    fn err(&self, node: Node, msg: impl Into<String>) -> Error {
        Error::at(self.loc(node), msg)
    }

    fn required_attr<'n>(&self, node: Node<'n, '_>, name: &str) -> Result<&'n str> {
        node.attribute(name).ok_or_else(|| {
            self.err(
                node,
                format!(
                    "<{}> lacks its \"{name}\" attribute",
                    node.tag_name().name()
                ),
            )
        })
    }

    fn qname_attr(&self, node: Node, name: &str) -> Result<Option<QName>> {
        node.attribute(name)
            .map(|v| self.qname_value(node, v))
            .transpose()
    }

    /// Resolves a QName-valued attribute by the namespace declarations in scope at `node`.
    fn qname_value(&self, node: Node, value: &str) -> Result<QName> {
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, value),
        };
        let ns = match prefix {
            Some("xml") => "http://www.w3.org/XML/1998/namespace",
            _ => match node.lookup_namespace_uri(prefix) {
                Some(ns) => ns,
                None if prefix.is_none() => "",
                None => {
                    return Err(self.err(
                        node,
                        format!(
                            "prefix \"{}\" of \"{value}\" is not declared",
                            prefix.unwrap_or("")
                        ),
                    ))
                }
            },
        };
        let ns = if is_xsd_ns(Some(ns)) { NS_XSD } else { ns };
        Ok(QName::new(ns, local))
    }
}

/// An error at the first element nested deeper than [`MAX_XML_DEPTH`] (walked with a stack
/// of its own, not recursively).
fn check_depth(ctx: &Ctx) -> Result<()> {
    let mut stack = vec![(ctx.doc.root_element(), 1usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_XML_DEPTH {
            return Err(ctx.err(
                node,
                format!("elements nested more than {MAX_XML_DEPTH} levels deep"),
            ));
        }
        // Reversed, so that the first too deep element in document order is the one reported.
        let children: Vec<Node> = node.children().filter(Node::is_element).collect();
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
    }
    Ok(())
}

/// What makes a `mime:multipartRelated` invalid (WSDL 1.1 §5.3, §5.4): other than exactly one
/// `mime:part` holding the `soap:body` (the root part), or one `mime:part` whose `mime:content`
/// alternatives name different message parts.
fn mime_problem(ctx: &Ctx, related: Node, parts: &[Node]) -> Option<(Location, String)> {
    let roots = parts
        .iter()
        .filter(|p| p.children().any(|n| is_soap(&n, "body")))
        .count();
    if roots != 1 {
        return Some((
            ctx.loc(related),
            format!("mime:multipartRelated has {roots} mime:part elements with a soap:body; exactly one, the root part, must have it"),
        ));
    }
    for p in parts {
        let mut named = p
            .children()
            .filter(|n| is(n, NS_MIME, "content"))
            .filter_map(|n| n.attribute("part"));
        if let Some(first) = named.next() {
            if let Some(other) = named.find(|n| *n != first) {
                return Some((
                    ctx.loc(*p),
                    format!("the mime:content elements of a mime:part are alternatives of one message part, but name \"{first}\" and \"{other}\""),
                ));
            }
        }
    }
    None
}

/// What a binding says about one message of an operation (see `Parser::message_binding`).
#[derive(Default)]
struct MessageBinding {
    body_use: Option<String>,
    body_namespace: Option<String>,
    body_parts: Option<Vec<String>>,
    headers: Vec<HeaderBinding>,
    /// Parts bound to a MIME attachment (`mime:content part=`), with where.
    attachments: Vec<(String, Location)>,
    /// Why its `mime:multipartRelated` is invalid, if it is.
    mime_problem: Option<(Location, String)>,
}

fn is(node: &Node, ns: &str, local: &str) -> bool {
    let node_ns = node.tag_name().namespace();
    node.is_element()
        && node.tag_name().name() == local
        && (node_ns == Some(ns) || (ns == NS_XSD && is_xsd_ns(node_ns)))
}

fn is_soap(node: &Node, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local
        && matches!(node.tag_name().namespace(), Some(NS_SOAP11 | NS_SOAP12))
}

fn facets(ctx: &Ctx, restriction: Node) -> Result<Facets> {
    let mut f = Facets::default();
    for n in xsd_children(restriction) {
        let value = || ctx.required_attr(n, "value").map(str::to_owned);
        let number = || -> Result<u32> {
            let v = ctx.required_attr(n, "value")?;
            v.trim().parse().map_err(|_| {
                ctx.err(
                    n,
                    format!("facet value \"{v}\" is not a non-negative integer"),
                )
            })
        };
        let name = n.tag_name().name();
        if name != "annotation" {
            f.locs.push((name.to_owned(), ctx.loc(n)));
        }
        match name {
            "whiteSpace" => {
                let v = ctx.required_attr(n, "value")?.trim();
                if !matches!(v, "preserve" | "replace" | "collapse") {
                    return Err(ctx.err(
                        n,
                        format!("whiteSpace value \"{v}\" is not preserve, replace or collapse"),
                    ));
                }
                f.white_space = Some(v.to_owned());
            }
            "length" => f.length = Some(number()?),
            "minLength" => f.min_length = Some(number()?),
            "maxLength" => f.max_length = Some(number()?),
            "totalDigits" => f.total_digits = Some(number()?),
            "fractionDigits" => f.fraction_digits = Some(number()?),
            "pattern" => f.patterns.push(value()?),
            "minInclusive" => f.min_inclusive = Some(value()?),
            "maxInclusive" => f.max_inclusive = Some(value()?),
            "minExclusive" => f.min_exclusive = Some(value()?),
            "maxExclusive" => f.max_exclusive = Some(value()?),
            "enumeration" => {
                let v = value()?;
                let qname = {
                    let t = v.trim();
                    let (prefix, local) = match t.split_once(':') {
                        Some((p, l)) => (Some(p), l),
                        None => (None, t),
                    };
                    n.lookup_namespace_uri(prefix)
                        .map(|ns| QName::new(ns, local))
                        .or_else(|| prefix.is_none().then(|| QName::new("", local)))
                };
                f.enumeration.push(EnumValue {
                    qname,
                    value: v,
                    rust_name: None,
                    doc: xsd_doc(n),
                    loc: ctx.loc(n),
                });
            }
            _ => {}
        }
    }
    Ok(f)
}

/// `xs:annotation/xs:documentation` text, whitespace-normalised.
fn xsd_doc(node: Node) -> Option<String> {
    let ann = node.children().find(|n| is(n, NS_XSD, "annotation"))?;
    let texts: Vec<String> = ann
        .children()
        .filter(|n| is(n, NS_XSD, "documentation"))
        .map(|d| {
            normalize_doc(
                &d.descendants()
                    .filter(|t| t.is_text())
                    .map(|t| t.text().unwrap_or(""))
                    .collect::<String>(),
            )
        })
        .filter(|t| !t.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n\n"))
}

fn wsdl_doc(node: Node) -> Option<String> {
    let d = node.children().find(|n| is(n, NS_WSDL, "documentation"))?;
    let text = normalize_doc(
        &d.descendants()
            .filter(|t| t.is_text())
            .map(|t| t.text().unwrap_or(""))
            .collect::<String>(),
    );
    (!text.is_empty()).then_some(text)
}

/// Trims each line and collapses runs of blank lines, keeping paragraph breaks.
fn normalize_doc(s: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in s
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wcf_locations_map_to_saved_file_names() {
        let c = wcf_candidates("https://shop.example.com/v3.0/OrderService.svc?xsd=xsd0");
        assert_eq!(
            c,
            ["OrderService.xsd0.xsd", "OrderService.0.xsd", "xsd0.xsd"]
        );
        let c = wcf_candidates("https://host/v3.0/OrderService.svc?wsdl=wsdl0");
        assert_eq!(c[0], "OrderService.wsdl0.wsdl");
        assert_eq!(wcf_candidates("http://x/y/common.xsd"), ["common.xsd"]);
    }

    #[test]
    fn doc_text_is_normalised() {
        assert_eq!(normalize_doc("  a  b\n   c\n\n\n d "), "a b\nc\n\nd");
    }

    #[test]
    fn positions_agree_with_roxmltree() {
        let text = "<a>\n  <b x='é'/>\t<c>ü€𝄞</c>\n\n<d/></a>".repeat(40) + "<e/>";
        let text = format!("<r>{text}</r>");
        let doc = Document::parse(&text).unwrap();
        let positions = Positions::new(&text);
        for node in doc.descendants() {
            let pos = doc.text_pos_at(node.range().start);
            assert_eq!(positions.at(node.range().start), (pos.row, pos.col));
        }
    }
}
