//! The `payment-service` command line (clap): `simulate` serves the in-memory simulator over
//! HTTP, `call` performs one operation with a JSON request (see `call.rs`).
//!
//! `simulate` listens on `127.0.0.1:8080` by default with credentials `USERNAME` / `PASSWORD`
//! and prints its endpoint URL; point a client at that URL. Ctrl-C or SIGTERM stops it
//! gracefully: new connections are refused, calls in progress finish (within the server's grace
//! period, 10 s), then it exits 0.
//!
//! Exit status: `call` 0 success, 2 a SOAP fault, 1 anything else (usage errors included);
//! `simulate` and the command line as a whole 0 success (and `--help`), 2 usage and other errors.

mod call;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use payment_service::server::{serve_with_shutdown, ServerOptions, SERVICE_PATH};
use payment_service::simulator::{Simulator, SimulatorConfig};
use std::process::ExitCode;
use std::sync::Arc;

/// The Walley PaymentServiceV10: the in-memory simulator, and one call of any operation.
#[derive(Parser, Debug)]
#[command(
    name = "payment-service",
    version,
    subcommand_required = true,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serves the in-memory simulator over HTTP and prints its endpoint URL.
    ///
    /// The WSDL is served at the endpoint with `?wsdl`, with the simulator's own address.
    /// Ctrl-C or SIGTERM: refuses new connections, finishes the calls in progress (10 s at
    /// most), exits 0.
    Simulate(SimulateArgs),
    /// Calls one operation with a JSON request and prints the JSON response.
    #[command(about = call::ABOUT, long_about = call::LONG_ABOUT)]
    Call(call::CallArgs),
}

/// The command line of `simulate`. Flags win over the environment variables.
#[derive(clap::Args, Debug)]
struct SimulateArgs {
    /// The address to listen on (port 0: any free port).
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1:8080",
        env = "PAYMENT_SERVICE_SIMULATOR_LISTEN"
    )]
    listen: String,
    /// The username the simulator accepts [default: USERNAME].
    #[arg(long, value_name = "U", env = "PAYMENT_SERVICE_SIMULATOR_USERNAME")]
    username: Option<String>,
    /// The password the simulator accepts [default: PASSWORD].
    #[arg(
        long,
        value_name = "P",
        env = "PAYMENT_SERVICE_SIMULATOR_PASSWORD",
        hide_env_values = true
    )]
    password: Option<String>,
    /// A store id the simulator accepts (repeat for several; default: any).
    #[arg(long = "store-id", value_name = "N")]
    store_ids: Vec<i32>,
}

impl SimulateArgs {
    fn config(&self) -> SimulatorConfig {
        let mut config = SimulatorConfig::default();
        if let Some(u) = &self.username {
            config.username = u.clone();
        }
        if let Some(p) = &self.password {
            config.password = p.clone();
        }
        if !self.store_ids.is_empty() {
            config.store_ids = Some(self.store_ids.clone());
        }
        config
    }
}

/// The command with the operations in its help (they come from the WSDL at run time).
fn command() -> clap::Command {
    let top = format!(
        "{}\nExample: PAYMENT_SERVICE_USERNAME=USERNAME PAYMENT_SERVICE_PASSWORD=PASSWORD \\\n  \
         payment-service call CancelInvoice --endpoint http://127.0.0.1:8080{SERVICE_PATH} --request FILE|-\n\
         (`payment-service call --help`: the JSON conventions, options and exit status)",
        call::operations_help()
    );
    Cli::command()
        .after_help(top)
        .mut_subcommand("call", |c| c.after_help(call::after_help()))
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

/// A command line that did not parse (or asked for help): printed with any password
/// redacted; help and version exit 0, usage errors of `call` 1, others 2.
fn usage_error(e: clap::Error, args: &[String]) -> ExitCode {
    let text = call::redact_all(&e.render().to_string(), &call::passwords_in(args));
    let to_stdout = !e.use_stderr();
    let written = if to_stdout {
        call::emit(std::io::stdout().lock(), text.trim_end())
    } else {
        call::emit(std::io::stderr().lock(), text.trim_end())
    };
    match e.exit_code() {
        0 if written => ExitCode::SUCCESS,
        0 => ExitCode::FAILURE,
        _ if args.get(1).map(String::as_str) == Some("call") => ExitCode::from(call::EXIT_ERROR),
        _ => ExitCode::from(2),
    }
}

fn main() -> ExitCode {
    // Lossy: a non-Unicode argument is an error further on, never a panic.
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = match command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return usage_error(e, &args),
    };
    let result = match cli.command {
        Command::Call(call_args) => return ExitCode::from(call::run(call_args)),
        Command::Simulate(sim) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
            .and_then(|rt| rt.block_on(simulate(sim.listen.clone(), sim.config()))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
