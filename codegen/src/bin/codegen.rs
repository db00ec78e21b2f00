//! The `codegen` command line: `generate`, `check` and `diff` (clap).
//!
//! Exit status: 0 success; 1 `check` found the file stale, or `diff` found a breaking change;
//! 2 anything else (usage, an unreadable or invalid WSDL or rules file, with its location).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// WSDL 1.1 / XML Schema to Rust for SOAP services.
#[derive(Parser, Debug)]
#[command(
    name = "codegen",
    version,
    subcommand_required = true,
    arg_required_else_help = true,
    after_help = "Exit status: 0 success; 1 `check` found the file stale or `diff` a breaking change; \
2 usage and generation errors (located: file:line:column).\n\
Options default to nothing: a crate's settings live in its build script (see the README of the project for one)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write the Rust bindings for WSDL to FILE (stdout without -o).
    Generate {
        /// The WSDL file.
        wsdl: PathBuf,
        /// Where to write the bindings.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        options: Options,
    },
    /// Exit 1 with a short diff when FILE is not what `generate` would write.
    Check {
        /// The WSDL file.
        wsdl: PathBuf,
        /// The generated file to check.
        file: PathBuf,
        #[command(flatten)]
        options: Options,
    },
    /// List API and wire changes between two versions of a WSDL, each breaking or compatible;
    /// exit 0 when nothing breaks, 1 when something does.
    Diff {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text, env = "CODEGEN_DIFF_FORMAT")]
        format: Format,
        #[command(flatten)]
        options: Options,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Format {
    /// One line per change.
    Text,
    /// A JSON array of changes.
    Json,
}

/// The generator settings (see `codegen::Builder`).
#[derive(Args, Debug)]
struct Options {
    /// Apply a rules overlay (documented facets, code lists, headers, docs) over the WSDL; with
    /// `diff`, over both versions.
    #[arg(long, value_name = "FILE", env = "CODEGEN_RULES")]
    rules: Option<PathBuf>,
    /// Path of the runtime crate or module the generated code uses.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "crate::runtime",
        env = "CODEGEN_RUNTIME"
    )]
    runtime: String,
    /// The prefix to write elements of namespace NS with.
    #[arg(long, value_name = "NS=PREFIX", value_parser = ns_prefix)]
    prefix: Vec<(String, String)>,
    /// Elements with this local name hold secrets (redacted in Debug and messages).
    #[arg(long, value_name = "NAME")]
    sensitive: Vec<String>,
    /// This enumeration gets an `Other(String)` variant.
    #[arg(long, value_name = "TYPE")]
    open_enum: Vec<String>,
    /// Generate this named simple type even if no operation reaches it.
    #[arg(long, value_name = "TYPE")]
    include_type: Vec<String>,
    /// Also emit one `async fn` per operation on this client type.
    #[arg(long, value_name = "PATH")]
    client: Option<String>,
    /// Also emit the server-side `Service` trait, `dispatch` and `Dispatcher`.
    #[arg(long)]
    server: bool,
    /// Put the client items under `#[cfg(PREDICATE)]`.
    #[arg(long, value_name = "PREDICATE")]
    client_cfg: Option<String>,
    /// Put the server items under `#[cfg(PREDICATE)]`.
    #[arg(long, value_name = "PREDICATE")]
    server_cfg: Option<String>,
    /// Also emit a caller-side trait NAME whose methods return ERROR (a type path).
    #[arg(long, value_name = "NAME=ERROR", value_parser = name_error)]
    api_trait: Option<(String, String)>,
    /// Do not derive serde `Serialize`/`Deserialize`.
    #[arg(long)]
    no_serde: bool,
}

fn ns_prefix(v: &str) -> Result<(String, String), String> {
    let (ns, p) = v.rsplit_once('=').ok_or("takes NS=PREFIX")?;
    Ok((ns.to_owned(), p.to_owned()))
}

fn name_error(v: &str) -> Result<(String, String), String> {
    let (name, error) = v
        .split_once('=')
        .ok_or("takes NAME=ERROR, e.g. OrdersApi=crate::Error")?;
    Ok((name.to_owned(), error.to_owned()))
}

impl Options {
    fn builder(&self) -> codegen::Builder {
        let mut b = codegen::Builder::new().runtime_path(&self.runtime);
        for (ns, p) in &self.prefix {
            b = b.prefix(ns, p);
        }
        for n in &self.sensitive {
            b = b.sensitive(n);
        }
        for t in &self.open_enum {
            b = b.open_enum(t);
        }
        for t in &self.include_type {
            b = b.include_type(t);
        }
        if let Some(c) = &self.client {
            b = b.client(c);
        }
        if let Some(c) = &self.client_cfg {
            b = b.client_cfg(c);
        }
        if let Some(c) = &self.server_cfg {
            b = b.server_cfg(c);
        }
        if let Some((name, error)) = &self.api_trait {
            b = b.api_trait(name, error);
        }
        if let Some(r) = &self.rules {
            b = b.rules(r);
        }
        b.server(self.server).serde(!self.no_serde)
    }

    /// ` --rules FILE`, for the refresh command `check` prints.
    fn rules_arg(&self) -> String {
        self.rules
            .as_ref()
            .map(|r| format!(" --rules {}", r.display()))
            .unwrap_or_default()
    }
}

fn main() -> ExitCode {
    // Usage errors exit 2 (clap's default), help and version 0.
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("codegen: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Generate {
            wsdl,
            output,
            options,
        } => {
            let code = generate(&options.builder(), &wsdl)?;
            match output {
                Some(path) => {
                    std::fs::write(&path, code).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => print!("{code}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            wsdl,
            file,
            options,
        } => {
            let code = generate(&options.builder(), &wsdl)?;
            let existing =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            match codegen::diff::first_difference(&existing, &code) {
                None => {
                    println!("{} is up to date", file.display());
                    Ok(ExitCode::SUCCESS)
                }
                Some(d) => {
                    eprintln!(
                        "{file} is stale: regenerate it with `codegen generate {wsdl}{rules} -o {file}` (and the same options)\n{d}",
                        file = file.display(),
                        wsdl = wsdl.display(),
                        rules = options.rules_arg(),
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Diff {
            old,
            new,
            format,
            options,
        } => {
            let changes = options
                .builder()
                .compare(&old, &new)
                .map_err(|e| e.to_string())?;
            match format {
                Format::Json => print!("{}", codegen::compare::render_json(&changes)),
                Format::Text => print!("{}", codegen::compare::render_text(&changes)),
            }
            Ok(if changes.iter().any(|c| c.is_breaking()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Generates, printing the rules overlay's warnings to stderr.
fn generate(builder: &codegen::Builder, wsdl: &std::path::Path) -> Result<String, String> {
    let output = builder.output(wsdl).map_err(|e| e.to_string())?;
    for w in &output.warnings {
        eprintln!("codegen: warning: {w}");
    }
    Ok(output.code)
}
