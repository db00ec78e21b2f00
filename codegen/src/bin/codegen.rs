//! `codegen generate <WSDL> [-o FILE]` and `codegen check <WSDL> <FILE>`.

use std::process::ExitCode;

const USAGE: &str = "usage:
  codegen generate <WSDL> [-o FILE] [--rules FILE] [--runtime PATH] [--prefix NS=PREFIX]...
                   [--sensitive NAME]... [--open-enum TYPE]... [--include-type TYPE]...
                   [--client PATH] [--server] [--client-cfg PREDICATE] [--server-cfg PREDICATE]
      write the Rust bindings for WSDL to FILE (stdout without -o)
  codegen check <WSDL> <FILE> [same options]
      exit 1 with a short diff when FILE is not what generate would write
  codegen diff <OLD.wsdl> <NEW.wsdl> [--format text|json] [same options]
      list API and wire changes between two versions, each breaking or compatible;
      exit 0 when nothing breaks, 1 when something does

--rules FILE applies a rules overlay (documented facets, code lists, headers, docs) over the
WSDL; with diff it applies to both versions. Options default to nothing: a crate's settings
live in its build script (see the README of the project for one).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("codegen: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(cmd) = args.first() else {
        return Err(USAGE.into());
    };
    if cmd == "-h" || cmd == "--help" {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut builder = codegen::Builder::new().runtime_path("crate::runtime");
    let mut positional = Vec::new();
    let mut out = None;
    let mut format = "text".to_owned();
    let mut rules_arg = String::new();
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "-o" | "--output" => out = Some(value("-o")?),
            "--runtime" => builder = builder.runtime_path(value("--runtime")?),
            "--prefix" => {
                let v = value("--prefix")?;
                let (ns, p) = v.rsplit_once('=').ok_or("--prefix takes NS=PREFIX")?;
                builder = builder.prefix(ns, p);
            }
            "--sensitive" => builder = builder.sensitive(value("--sensitive")?),
            "--open-enum" => builder = builder.open_enum(value("--open-enum")?),
            "--include-type" => builder = builder.include_type(value("--include-type")?),
            "--client" => builder = builder.client(value("--client")?),
            "--server" => builder = builder.server(true),
            "--client-cfg" => builder = builder.client_cfg(value("--client-cfg")?),
            "--server-cfg" => builder = builder.server_cfg(value("--server-cfg")?),
            "--no-serde" => builder = builder.serde(false),
            "--rules" => {
                let v = value("--rules")?;
                rules_arg = format!(" --rules {v}");
                builder = builder.rules(v);
            }
            "--format" => format = value("--format")?,
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            _ => positional.push(a.clone()),
        }
    }
    match (cmd.as_str(), positional.as_slice()) {
        ("generate", [wsdl]) => {
            let code = generate(&builder, wsdl)?;
            match out {
                Some(path) => std::fs::write(&path, code).map_err(|e| format!("{path}: {e}"))?,
                None => print!("{code}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        ("check", [wsdl, file]) => {
            let code = generate(&builder, wsdl)?;
            let existing = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            match codegen::diff::first_difference(&existing, &code) {
                None => {
                    println!("{file} is up to date");
                    Ok(ExitCode::SUCCESS)
                }
                Some(d) => {
                    eprintln!("{file} is stale: regenerate it with `codegen generate {wsdl}{rules_arg} -o {file}` (and the same options)\n{d}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        ("diff", [old, new]) => {
            let changes = builder.compare(old, new).map_err(|e| e.to_string())?;
            match format.as_str() {
                "json" => print!("{}", codegen::compare::render_json(&changes)),
                "text" => print!("{}", codegen::compare::render_text(&changes)),
                other => return Err(format!("unknown --format {other} (text or json)")),
            }
            Ok(if changes.iter().any(|c| c.is_breaking()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        _ => Err(USAGE.into()),
    }
}

/// Generates, printing the rules overlay's warnings to stderr.
fn generate(builder: &codegen::Builder, wsdl: &str) -> Result<String, String> {
    let output = builder.output(wsdl).map_err(|e| e.to_string())?;
    for w in &output.warnings {
        eprintln!("codegen: warning: {w}");
    }
    Ok(output.code)
}
