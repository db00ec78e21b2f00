//! `codegen generate <WSDL> [-o FILE]` and `codegen check <WSDL> <FILE>`.

use std::process::ExitCode;

const USAGE: &str = "usage:
  codegen generate <WSDL> [-o FILE] [--runtime PATH] [--prefix NS=PREFIX]... [--sensitive NAME]...
                   [--open-enum TYPE]... [--include-type TYPE]... [--client PATH] [--server]
                   [--client-cfg PREDICATE] [--server-cfg PREDICATE]
      write the Rust bindings for WSDL to FILE (stdout without -o)
  codegen check <WSDL> <FILE> [same options]
      exit 1 with a short diff when FILE is not what generate would write
  codegen diff <OLD.wsdl> <NEW.wsdl> [--format text|json]
      list API and wire changes between two versions, each breaking or compatible;
      exit 0 when nothing breaks, 1 when something does

Options default to nothing; the payment-service crate's settings are
  --runtime crate::runtime --prefix http://schemas.ecommerce.collector.se/v30/PaymentService=pay
  --sensitive Password --open-enum FaultCode --include-type FaultCode --client crate::Client --server
  --client-cfg 'feature = \"client\"' --server-cfg 'feature = \"server\"'";

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
            "--format" => format = value("--format")?,
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            _ => positional.push(a.clone()),
        }
    }
    match (cmd.as_str(), positional.as_slice()) {
        ("generate", [wsdl]) => {
            let code = builder.generate(wsdl).map_err(|e| e.to_string())?;
            match out {
                Some(path) => std::fs::write(&path, code).map_err(|e| format!("{path}: {e}"))?,
                None => print!("{code}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        ("check", [wsdl, file]) => {
            let code = builder.generate(wsdl).map_err(|e| e.to_string())?;
            let existing = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            match codegen::diff::first_difference(&existing, &code) {
                None => {
                    println!("{file} is up to date");
                    Ok(ExitCode::SUCCESS)
                }
                Some(d) => {
                    eprintln!("{file} is stale: regenerate it with `codegen generate {wsdl} -o {file}`\n{d}");
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
