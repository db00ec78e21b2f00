//! `payment-service` command line.
//!
//! ```text
//! payment-service simulate [--listen ADDR] [--username U] [--password P] [--store-id N]...
//! payment-service call <Operation> --endpoint URL --request FILE|- [--username U] [--password P] ...
//! ```
//!
//! `simulate` serves the in-memory simulator over HTTP (default `127.0.0.1:8080`, credentials
//! `USERNAME` / `PASSWORD`) and prints its endpoint URL; point a client at that URL. Ctrl-C or
//! SIGTERM stops it gracefully: new connections are refused, calls in progress finish (within
//! the server's grace period, 10 s), then it exits 0.
//! `call` performs one operation with a JSON request and prints the JSON response (see
//! `call.rs`; `payment-service --help` lists the operations).

mod call;

use payment_service::server::{serve_with_shutdown, ServerOptions, SERVICE_PATH};
use payment_service::simulator::{Simulator, SimulatorConfig};
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str = "usage: payment-service simulate [--listen ADDR] [--username U] [--password P] [--store-id N]...
       payment-service call <Operation> --endpoint URL --request FILE|- [options]   (--help for details)";

fn parse_simulate(args: &[String]) -> Result<(String, SimulatorConfig), String> {
    let mut listen = "127.0.0.1:8080".to_owned();
    let mut config = SimulatorConfig::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--listen" => listen = value()?,
            "--username" => config.username = value()?,
            "--password" => config.password = value()?,
            "--store-id" => {
                let v = value()?;
                let id = v
                    .parse::<i32>()
                    .map_err(|_| format!("--store-id {v:?} is not a number"))?;
                config.store_ids.get_or_insert_with(Vec::new).push(id);
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    Ok((listen, config))
}

async fn simulate(listen: String, config: SimulatorConfig) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("PaymentServiceV10 simulator at http://{addr}{SERVICE_PATH} (WSDL: http://{addr}{SERVICE_PATH}?wsdl)");
    println!(
        "credentials: username {:?}, password as configured; Ctrl-C or SIGTERM stops",
        config.username
    );
    let options = ServerOptions::default();
    let shutdown = async move {
        stop_signal().await;
        println!(
            "stopping: refusing new connections, finishing the calls in progress (at most {} s)",
            options.shutdown_grace.as_secs()
        );
    };
    serve_with_shutdown(
        listener,
        Arc::new(Simulator::with_config(config)),
        options,
        shutdown,
    )
    .await
    .map_err(|e| e.to_string())?;
    println!("stopped");
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM. A signal that cannot be listened for
/// never completes (rather than stopping the server at once).
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

fn main() -> ExitCode {
    // Lossy: a non-Unicode argument is an error further on, never a panic.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let result = match args.first().map(String::as_str) {
        Some("call") => return ExitCode::from(call::run(&args[1..])),
        Some("-h" | "--help" | "help") => {
            let written = call::emit(
                std::io::stdout().lock(),
                &format!("{USAGE}\n\n{}", call::help()),
            );
            return if written {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Some("simulate") => parse_simulate(&args[1..]).and_then(|(listen, config)| {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(simulate(listen, config))
        }),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
