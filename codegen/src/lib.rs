//! # codegen
//!
//! Reads a WSDL 1.1 document (and the XML Schemas it imports) and emits Rust: one struct per
//! complex type and request/response wrapper, one enum per enumeration and union, schema facets
//! as validation data, SOAP headers, and per-operation metadata (name, SOAPAction, body elements,
//! headers). The data flows one way:
//!
//! ```text
//! parse (roxmltree: files, imports, QNames by URI) -> raw -> normalize (rpc -> document,
//!     substitution groups -> choices) -> resolve -> model -> emit (quote, prettyplease)
//! ```
//!
//! Use it from a `build.rs` like prost-build:
//!
//! ```no_run
//! codegen::Builder::new()
//!     .prefix("http://example.com/orders", "ord")
//!     .sensitive("Password")
//!     .rules("../wsdl/Orders.rules.toml")
//!     .compile("../wsdl/Orders.wsdl", "generated.rs")
//!     .unwrap();
//! ```

#![deny(missing_docs)]

pub mod compare;
pub mod diff;
mod emit;
mod error;
mod facets;
mod model;
mod names;
mod normalize;
mod parse;
// What was read is kept whole (the location of every construct), whether the generator uses it
// yet or not; internal to the generator.
#[allow(dead_code)]
mod raw;
mod resolve;
pub mod rules;
mod rules_doc;
mod xsd_regex;

pub use error::{Error, Location, Result};
pub use rules::{Rules, Warning};

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The generator's version, written into every generated file's header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Generation settings. Build one with [`Builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) runtime_path: String,
    pub(crate) client_path: Option<String>,
    pub(crate) client_cfg: Option<String>,
    pub(crate) api_trait: Option<(String, String)>,
    pub(crate) server: bool,
    pub(crate) server_cfg: Option<String>,
    pub(crate) serde: bool,
    pub(crate) prefixes: BTreeMap<String, String>,
    pub(crate) sensitive: Vec<String>,
    pub(crate) open_enums: Vec<String>,
    pub(crate) extra_types: Vec<String>,
    pub(crate) location_map: BTreeMap<String, PathBuf>,
    pub(crate) rules: Option<PathBuf>,
    pub(crate) binding: Option<String>,
}

impl Config {
    pub(crate) fn is_sensitive(&self, local: &str) -> bool {
        self.sensitive.iter().any(|s| s == local)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            runtime_path: "::soap_runtime".into(),
            client_path: None,
            client_cfg: None,
            api_trait: None,
            server: false,
            server_cfg: None,
            serde: true,
            prefixes: BTreeMap::new(),
            sensitive: Vec::new(),
            open_enums: Vec::new(),
            extra_types: Vec::new(),
            location_map: BTreeMap::new(),
            rules: None,
            binding: None,
        }
    }
}

/// Builder-style configuration, in the manner of `prost_build::Config`.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    config: Config,
}

impl Builder {
    /// The default settings: runtime `::soap_runtime`, serde derives, no client or server items.
    pub fn new() -> Self {
        Self::default()
    }

    /// Path of the runtime crate or module the generated code uses (default `::soap_runtime`).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.config.runtime_path = path.into();
        self
    }

    /// Also emit one `async fn` per operation on this client type (which implements `CallOperation`).
    pub fn client(mut self, path: impl Into<String>) -> Self {
        self.config.client_path = Some(path.into());
        self
    }

    /// Also emit a caller-side trait `name` with one `fn op(&self, request: &Req) -> impl
    /// Future<Output = Result<Resp, ERROR>> + Send` per operation (`error` is the path of the
    /// error type, e.g. `crate::Error`), implemented for every `CallOperation<Headers =
    /// SoapHeaders, Error = ERROR>`: the client, an in-process adapter, and whatever mock a
    /// user writes. The methods are provided, failing with the runtime's `NotImplemented`
    /// (`ERROR` must implement `From<NotImplemented>`), so a mock implements only the
    /// operations it needs. Under the [`client_cfg`](Self::client_cfg) predicate, if one is set.
    pub fn api_trait(mut self, name: impl Into<String>, error: impl Into<String>) -> Self {
        self.config.api_trait = Some((name.into(), error.into()));
        self
    }

    /// Also emit the server-side `Service` trait with one method per operation.
    pub fn server(mut self, yes: bool) -> Self {
        self.config.server = yes;
        self
    }

    /// Put the client methods (see [`client`](Self::client)) under `#[cfg(PREDICATE)]`, e.g.
    /// `.client_cfg("feature = \"client\"")`, so a crate can make its client optional.
    pub fn client_cfg(mut self, predicate: impl Into<String>) -> Self {
        self.config.client_cfg = Some(predicate.into());
        self
    }

    /// Put the server items (`Service`, `dispatch`, `Dispatcher`; see [`server`](Self::server))
    /// under `#[cfg(PREDICATE)]`, e.g. `.server_cfg("feature = \"server\"")`.
    pub fn server_cfg(mut self, predicate: impl Into<String>) -> Self {
        self.config.server_cfg = Some(predicate.into());
        self
    }

    /// Derive serde `Serialize`/`Deserialize` on generated types (default on).
    pub fn serde(mut self, yes: bool) -> Self {
        self.config.serde = yes;
        self
    }

    /// The prefix to write elements of namespace `ns` with (default `ns0`, `ns1`, ...).
    pub fn prefix(mut self, ns: impl Into<String>, prefix: impl Into<String>) -> Self {
        self.config.prefixes.insert(ns.into(), prefix.into());
        self
    }

    /// Elements with this local name hold secrets: redacted in `Debug` and in validation messages.
    pub fn sensitive(mut self, local_name: impl Into<String>) -> Self {
        self.config.sensitive.push(local_name.into());
        self
    }

    /// This enumeration gets an `Other(String)` variant instead of rejecting unlisted values.
    pub fn open_enum(mut self, type_name: impl Into<String>) -> Self {
        self.config.open_enums.push(type_name.into());
        self
    }

    /// Generate this named simple type even if no operation reaches it.
    pub fn include_type(mut self, type_name: impl Into<String>) -> Self {
        self.config.extra_types.push(type_name.into());
        self
    }

    /// Resolve an import `location` (as written in the WSDL/XSD) to a local file.
    pub fn map_location(mut self, location: impl Into<String>, file: impl Into<PathBuf>) -> Self {
        self.config
            .location_map
            .insert(location.into(), file.into());
        self
    }

    /// Applies the rules overlay in `file` (see [`rules`]) over the WSDL.
    pub fn rules(mut self, file: impl Into<PathBuf>) -> Self {
        self.config.rules = Some(file.into());
        self
    }

    /// Generate from the `wsdl:binding` named `name` (its local name, as in `<wsdl:binding
    /// name="…">`), for a WSDL with several, such as a SOAP 1.1 and a SOAP 1.2 binding of one
    /// port type. By default the first SOAP 1.1 binding a `wsdl:port` uses is taken, else the
    /// first SOAP 1.2 one. A name the WSDL does not define is an error listing the bindings it
    /// has.
    pub fn binding(mut self, name: impl Into<String>) -> Self {
        self.config.binding = Some(name.into());
        self
    }

    /// Generates Rust source for the WSDL at `wsdl` (warnings of the rules overlay dropped;
    /// see [`Builder::output`]).
    pub fn generate(&self, wsdl: impl AsRef<Path>) -> Result<String> {
        Ok(self.output(wsdl)?.code)
    }

    /// Generates Rust source for the WSDL at `wsdl`, with the rules overlay's warnings.
    pub fn output(&self, wsdl: impl AsRef<Path>) -> Result<Output> {
        generate_with(wsdl.as_ref(), &self.config, parse::Files::Disk)
    }

    /// Generates Rust source from files held in memory instead of on disk (for fuzzing, and
    /// for tools that have the WSDL as text): `files` are `(path, content)` pairs, imports and
    /// includes resolve among them by their paths (relative to the importing file, as on disk;
    /// the location map and a `url-to-file.tsv` among them apply too), and `root` is the path
    /// of the WSDL to start from. Errors name these paths. A rules overlay, if configured, is
    /// still read from disk.
    pub fn generate_in_memory<P, B>(
        &self,
        root: impl AsRef<Path>,
        files: impl IntoIterator<Item = (P, B)>,
    ) -> Result<String>
    where
        P: AsRef<Path>,
        B: Into<Vec<u8>>,
    {
        let files: BTreeMap<PathBuf, Vec<u8>> = files
            .into_iter()
            .map(|(p, b)| (parse::lexical(p.as_ref()), b.into()))
            .collect();
        let output = generate_with(root.as_ref(), &self.config, parse::Files::Memory(&files))?;
        Ok(output.code)
    }

    /// Generates into `out`, writing only when the content changed (so timestamps stay put).
    /// Returns the warnings of the rules overlay (a `build.rs` prints them as
    /// `cargo:warning=` lines).
    pub fn compile(&self, wsdl: impl AsRef<Path>, out: impl AsRef<Path>) -> Result<Vec<Warning>> {
        let Output { code, warnings } = self.output(wsdl)?;
        let out = out.as_ref();
        if std::fs::read_to_string(out).ok().as_deref() != Some(code.as_str()) {
            std::fs::write(out, code).map_err(|e| Error::io(out, e))?;
        }
        Ok(warnings)
    }

    /// Compares the APIs generated from two versions of a WSDL (see [`compare`]).
    pub fn compare(
        &self,
        old: impl AsRef<Path>,
        new: impl AsRef<Path>,
    ) -> Result<Vec<compare::Change>> {
        compare::compare(old.as_ref(), new.as_ref(), &self.config)
    }
}

/// What [`Builder::output`] produces.
#[derive(Clone, Debug)]
pub struct Output {
    /// The formatted Rust source.
    pub code: String,
    /// Where the WSDL and the rules overlay disagree (the rule was applied).
    pub warnings: Vec<Warning>,
}

/// Stack of the thread the generator runs on. Reading and resolving descend nested schema
/// constructs recursively, bounded by the input limits (elements nested at most 256 deep,
/// types at most 200); in a debug build a level of type nesting takes up to 20 KB of stack,
/// more than the 2 MB of a test thread allows. Reserved address space, touched only as used.
const GENERATOR_STACK: usize = 64 << 20;

/// Runs `f` on a thread with a [`GENERATOR_STACK`] stack (on this thread if none can be
/// started), passing on its panic, if any, as the caller's.
fn on_generator_stack<T: Send, F: FnOnce() -> T + Send>(f: F) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let take = || slot.lock().unwrap_or_else(|p| p.into_inner()).take();
    let on_thread = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("codegen".into())
            .stack_size(GENERATOR_STACK)
            .spawn_scoped(scope, || take().map(|f| f()));
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        }
    });
    match on_thread {
        Some(result) => result,
        // No thread could be started: `f` is still in its slot.
        None => match take() {
            Some(f) => f(),
            None => unreachable!("the generator thread took the closure and returned nothing"),
        },
    }
}

/// Parses, normalises and resolves a WSDL into the model the emitter and `compare` use.
pub(crate) fn model_of(wsdl: &Path, config: &Config) -> Result<model::Model> {
    on_generator_stack(|| Ok(load(wsdl, config, parse::Files::Disk)?.1))
}

struct Loaded {
    defs: raw::Definitions,
    warnings: Vec<Warning>,
}

fn load(wsdl: &Path, config: &Config, files: parse::Files) -> Result<(Loaded, model::Model)> {
    let mut defs = parse::Parser::new(&config.location_map, files).parse(wsdl)?;
    let warnings = match &config.rules {
        Some(file) => Rules::load(file)?.apply(&mut defs)?,
        None => Vec::new(),
    };
    normalize::rpc_to_document(&mut defs);
    normalize::substitution_groups(&mut defs);
    let model = resolve::resolve(&defs, config)?;
    Ok((Loaded { defs, warnings }, model))
}

fn generate_with(wsdl: &Path, config: &Config, files: parse::Files) -> Result<Output> {
    on_generator_stack(|| generate_here(wsdl, config, files))
}

fn generate_here(wsdl: &Path, config: &Config, files: parse::Files) -> Result<Output> {
    let (Loaded { defs, warnings }, model) = load(wsdl, config, files)?;
    let body = emit::emit(&model, config)?;
    let mut hasher = Sha256::new();
    for (name, bytes) in &defs.sources {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        // Hash with normalised line endings so a CRLF checkout yields the same header.
        let text: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'\r').collect();
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(&text);
    }
    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let files: Vec<&str> = defs.sources.iter().map(|(n, _)| n.as_str()).collect();
    let header = format!(
        "// @generated by codegen {VERSION} from {} — do not edit by hand.\n\
         // Inputs: {}\n\
         // SHA-256 of inputs: {hash}\n\
         // Service: {} ({} operations, {} structs, {} enums, {} unions)\n\n",
        wsdl.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        files.join(", "),
        model.service_name,
        model.operations.len(),
        model.structs.len(),
        model.enums.len(),
        model.unions.len(),
    );
    Ok(Output {
        code: header + &body,
        warnings,
    })
}
