//! `payment-service call <Operation>`: one operation of the service from the command line
//! (a module of the binary, `src/main.rs`).
//!
//! The request is JSON with the schema's element names as keys (serde on the generated request
//! type), e.g. `{"CorrelationId":"c1","CountryCode":"SE","InvoiceNo":"62400001","StoreId":1234}`.
//! It is validated against the schema and sent with the generated client; the response is
//! printed as pretty JSON on stdout.
//!
//! The command line is [`CallArgs`] (clap): flags, each with an environment variable as its
//! fallback ([`ENV_ENDPOINT`], [`ENV_USERNAME`], [`ENV_PASSWORD`], [`ENV_CLIENT_IP`]).
//!
//! Exit status: [`EXIT_OK`] on success, [`EXIT_FAULT`] when the service answers with a SOAP
//! fault (printed as JSON on stderr), [`EXIT_ERROR`] for everything else: usage, an unknown
//! operation, a request that cannot be read or parsed (field path, line and column), fields the
//! schema does not have, an invalid request (every violation with its path), transport, timeout,
//! HTTP and decode errors. Nothing is sent unless the request parsed and validated.
//!
//! The password (flag or environment variable) never appears in anything printed: every
//! message on stderr has it replaced by `***`.

use payment_service::runtime::{CallOperation, Operation, OperationInfo};
use payment_service::{operations, Client, Error, ErrorKind, Fault, SoapHeaders};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::{Read, Write};
use std::time::Duration;

/// Success: the response is on stdout.
pub const EXIT_OK: u8 = 0;
/// Anything that is not a success or a SOAP fault.
pub const EXIT_ERROR: u8 = 1;
/// The service answered with a SOAP fault (JSON on stderr).
pub const EXIT_FAULT: u8 = 2;

/// Environment variable for `--endpoint`.
pub const ENV_ENDPOINT: &str = "PAYMENT_SERVICE_ENDPOINT";
/// Environment variable for `--username`.
pub const ENV_USERNAME: &str = "PAYMENT_SERVICE_USERNAME";
/// Environment variable for `--password`.
pub const ENV_PASSWORD: &str = "PAYMENT_SERVICE_PASSWORD";
/// Environment variable for `--client-ip`.
pub const ENV_CLIENT_IP: &str = "PAYMENT_SERVICE_CLIENT_IP";

/// Requests larger than this are refused (so that `--request /dev/zero` ends).
const MAX_REQUEST_BYTES: u64 = 8 * 1024 * 1024;

/// The operations `call` dispatches, each to [`call_operation`] with its marker type.
/// Every entry of [`operations::ALL`] must be here (a test checks it).
macro_rules! dispatch_table {
    ($($op:ident),* $(,)?) => {
        /// Names of the operations [`dispatch`] knows.
        #[cfg(test)]
        const DISPATCHED: &[&str] = &[$(stringify!($op)),*];

        /// Runs operation `name` (as in the WSDL); `None` when it is not in the table.
        async fn dispatch(name: &str, request: &str, settings: &CallArgs) -> Option<Result<String, CallError>> {
            $(
                if name == <operations::$op as Operation>::INFO.name {
                    return Some(call_operation::<operations::$op>(request, settings).await);
                }
            )*
            None
        }
    };
}

dispatch_table!(
    AddInvoice,
    CancelInvoice,
    ActivateInvoice,
    PartActivateInvoice,
    CreditInvoice,
    PartCreditInvoice,
    AdjustInvoice,
    ExtendDueDate,
    ReplaceInvoice,
    SendInvoice,
    GetInvoiceInformation,
    SetOrderNumber,
    GetAddress,
    GetProducts,
    CreateAccount,
    SetReservation,
    ActivateReservation,
    GetReservations,
    CancelReservation,
);

/// Why a call did not produce a response.
enum CallError {
    /// Usage, reading or parsing the request, unknown fields: nothing was sent.
    Input(String),
    /// What the client returned.
    Client(Error),
}

/// The command line of `call` (clap). Flags win over the environment variables.
#[derive(clap::Args, Debug, Default)]
pub struct CallArgs {
    /// The operation, as the WSDL names it (any case); the list is below.
    #[arg(value_name = "OPERATION")]
    operation: Option<String>,
    /// The request as JSON: a file, or - for standard input.
    #[arg(long, value_name = "FILE|-")]
    request: Option<String>,
    /// The service URL, e.g. http://127.0.0.1:8080/PaymentServiceV10.svc.
    #[arg(long, value_name = "URL", env = ENV_ENDPOINT)]
    endpoint: Option<String>,
    /// The Username header.
    #[arg(long, value_name = "U", env = ENV_USERNAME)]
    username: Option<String>,
    /// The Password header; prefer the variable (arguments are visible to other users).
    /// Never printed.
    #[arg(long, value_name = "P", env = ENV_PASSWORD, hide_env_values = true)]
    password: Option<String>,
    /// The ClientIpAddress header (the customer's address), required by AddInvoice.
    #[arg(long = "client-ip", value_name = "IP", env = ENV_CLIENT_IP)]
    client_ip: Option<String>,
    /// Time limit of the whole call in seconds (default 30).
    #[arg(long, value_name = "SECS", value_parser = parse_timeout)]
    timeout: Option<Duration>,
}

/// `--timeout`: a positive, finite number of seconds.
fn parse_timeout(v: &str) -> Result<Duration, String> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| "not a positive number of seconds".to_owned())
}

/// What `call --help` says before the options.
pub const ABOUT: &str =
    "Calls one PaymentServiceV10 operation with a JSON request and prints the JSON response.";

/// What `call --help` says before the options, in full.
pub const LONG_ABOUT: &str = "\
Calls one PaymentServiceV10 operation. The request (--request FILE|-: a file, or - for standard
input) is JSON with the schema's element names as keys, e.g.
{\"CorrelationId\":\"c1\",\"CountryCode\":\"SE\",\"InvoiceNo\":\"62400001\",\"StoreId\":1234};
decimals are strings (\"99.50\"), dates ISO 8601 strings, enumerations by name or by the wire
value the documentation shows (\"InvoiceDeliveryMethod\": \"Email\", \"2\" or 2; responses use the
name), a nillable element may be null, a union names its member: \"CreditDate\": {\"Date\":
\"2024-05-02\"} (or {\"DateTime\": ...}). Fields the schema does not have are an error. The request is
validated against the schema (nothing is sent if it is invalid), sent, and the response printed
as JSON on stdout. The password (flag or PAYMENT_SERVICE_PASSWORD) is never printed.";

/// The end of `call --help`: the exit status and every operation with the first sentence of
/// its WSDL documentation.
pub fn after_help() -> String {
    let mut out = String::from(
        "\
Exit status:
  0  success; the response as JSON on stdout
  2  the service answered with a SOAP fault; the fault as JSON on stderr
     ({\"code\": ..., \"message\": ..., \"http_status\": ..., ...})
  1  anything else: usage, unknown operation, a request that is not valid JSON for the operation,
     an invalid request (every violation with its field path), transport, timeout, HTTP or
     decode errors

",
    );
    out.push_str(&operations_help());
    out
}

/// `Operations:` and one line per operation: its name and the first sentence of its docs.
pub fn operations_help() -> String {
    let mut out = String::from("Operations:\n");
    let docs = operation_docs();
    let width = operations::ALL
        .iter()
        .map(|o| o.name.len())
        .max()
        .unwrap_or(0);
    for info in operations::ALL {
        let doc = docs
            .iter()
            .find(|(n, _)| n == info.name)
            .map_or("", |(_, d)| d.as_str());
        out.push_str(&format!("  {:width$}  {doc}\n", info.name));
    }
    out
}

/// `(operation, first sentence of its wsdl:documentation)` from the WSDL the bindings were
/// generated from (the portType in `?wsdl=wsdl0`). Empty when it cannot be read.
fn operation_docs() -> Vec<(String, String)> {
    let Ok(doc) = roxmltree::Document::parse(payment_service::server::WSDL0) else {
        return Vec::new();
    };
    const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
    let is = |n: &roxmltree::Node<'_, '_>, name: &str| {
        n.is_element() && n.tag_name().namespace() == Some(WSDL) && n.tag_name().name() == name
    };
    doc.root_element()
        .children()
        .filter(|n| is(n, "portType"))
        .flat_map(|pt| pt.children().filter(|n| is(n, "operation")))
        .filter_map(|op| {
            let name = op.attribute("name")?;
            let text = op.children().find(|n| is(n, "documentation"))?.text()?;
            Some((name.to_owned(), first_sentence(text)))
        })
        .collect()
}

/// `text` up to and including the first `. `, with runs of whitespace collapsed.
fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text,
    }
}

/// The operation of [`operations::ALL`] called `name` (exact, else ignoring ASCII case).
fn find_operation(name: &str) -> Option<&'static OperationInfo> {
    let all = operations::ALL;
    all.iter()
        .find(|o| o.name == name)
        .or_else(|| all.iter().find(|o| o.name.eq_ignore_ascii_case(name)))
        .copied()
}

fn operation_names() -> String {
    operations::ALL
        .iter()
        .map(|o| o.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The request text from a file or (`-`) standard input.
fn read_request(source: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if source == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_REQUEST_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(source)
            .and_then(|f| f.take(MAX_REQUEST_BYTES + 1).read_to_end(&mut bytes))
    };
    let what = if source == "-" {
        "standard input".to_owned()
    } else {
        format!("{source:?}")
    };
    read.map_err(|e| format!("cannot read the request from {what}: {e}"))?;
    if bytes.len() as u64 > MAX_REQUEST_BYTES {
        return Err(format!(
            "the request in {what} is larger than {MAX_REQUEST_BYTES} bytes"
        ));
    }
    String::from_utf8(bytes).map_err(|e| format!("the request in {what} is not UTF-8 ({e})"))
}

/// `InvoiceRows[0].Foo` from serde_ignored's path.
fn ignored_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", ignored_path(parent)),
        Path::Map { parent, key } => match ignored_path(parent) {
            p if p.is_empty() => key.clone(),
            p => format!("{p}.{key}"),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => ignored_path(parent),
    }
}

/// The request of `O` from its JSON. Errors name the field path and the line and column;
/// members the type does not have are errors too.
fn parse_request<T: DeserializeOwned>(text: &str, type_name: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut unknown = Vec::new();
    let mut note_unknown = |p: serde_ignored::Path<'_>| unknown.push(ignored_path(&p));
    let parsed: Result<T, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        &mut de,
        &mut note_unknown,
    ));
    let value = match parsed {
        Ok(v) => v,
        Err(e) => {
            let path = e.path().to_string();
            // `?` stands for a place serde_path_to_error could not name (a syntax error).
            return Err(if path.chars().all(|c| c == '.' || c == '?') {
                format!("the request is not a valid {type_name}: {}", e.inner())
            } else {
                format!(
                    "the request is not a valid {type_name}: {path}: {}",
                    e.inner()
                )
            });
        }
    };
    de.end()
        .map_err(|e| format!("the request is not a valid {type_name}: {e}"))?;
    if !unknown.is_empty() {
        let list: Vec<String> = unknown
            .iter()
            .map(|p| format!("  {p}: not an element of the schema"))
            .collect();
        return Err(format!(
            "the request has members that {type_name} does not have (nothing was sent):\n{}",
            list.join("\n")
        ));
    }
    Ok(value)
}

/// Parses, validates and sends the request of `O`; the response as pretty JSON.
async fn call_operation<O>(request: &str, settings: &CallArgs) -> Result<String, CallError>
where
    O: Operation<Headers = SoapHeaders>,
    O::Request: DeserializeOwned,
    O::Response: Serialize,
{
    let request: O::Request =
        parse_request(request, O::INFO.request.1).map_err(CallError::Input)?;
    let endpoint = settings.endpoint.clone().ok_or_else(|| {
        CallError::Input(format!("--endpoint URL (or {ENV_ENDPOINT}) is required"))
    })?;
    let mut builder = Client::builder().endpoint(endpoint);
    if let Some(u) = &settings.username {
        builder = builder.username(u);
    }
    if let Some(p) = &settings.password {
        builder = builder.password(p);
    }
    if let Some(ip) = &settings.client_ip {
        builder = builder.client_ip_address(ip);
    }
    if let Some(t) = settings.timeout {
        builder = builder
            .timeout(t)
            .connect_timeout(t.min(payment_service::client::DEFAULT_CONNECT_TIMEOUT));
    }
    let client = builder.build().map_err(|e| match e.kind() {
        ErrorKind::InvalidConfig(m) if m.contains("username") => {
            CallError::Input(format!("{m}: give --username or set {ENV_USERNAME}"))
        }
        ErrorKind::InvalidConfig(m) if m.contains("password") => {
            CallError::Input(format!("{m}: give --password or set {ENV_PASSWORD}"))
        }
        _ => CallError::Client(e),
    })?;
    let response = CallOperation::call::<O>(&client, &request)
        .await
        .map_err(CallError::Client)?;
    serde_json::to_string_pretty(&response)
        .map_err(|e| CallError::Input(format!("cannot write the response as JSON: {e}")))
}

/// `text` with each whole occurrence of the password replaced (never part of another word:
/// see [`soap_runtime::client::redact`]).
fn redact(text: &str, password: Option<&str>) -> String {
    match password {
        Some(p) => soap_runtime::client::redact(text, &[p]),
        None => text.to_owned(),
    }
}

/// The fault as the JSON object printed on stderr.
fn fault_json(operation: &str, fault: &Fault, password: Option<&str>) -> serde_json::Value {
    let r = |s: &str| redact(s, password);
    serde_json::json!({
        "operation": operation,
        "code": r(fault.code.as_str()),
        "message": r(&fault.message),
        "http_status": fault.http_status,
        "code_namespace": fault.code_namespace.as_deref().map(r),
        "lang": fault.lang.as_deref().map(r),
        "actor": fault.actor.as_deref().map(r),
        "detail": fault.detail.as_deref().map(r),
    })
}

/// Writes `text` and a newline; `false` when the stream is closed (never panics, unlike `println!`).
pub fn emit(mut w: impl Write, text: &str) -> bool {
    writeln!(w, "{text}").and_then(|()| w.flush()).is_ok()
}

/// Runs `call` with its parsed command line; the process exit status.
pub fn run(args: CallArgs) -> u8 {
    let password = args.password.clone();
    let password = password.as_deref();
    let fail = |message: &str| {
        emit(
            std::io::stderr().lock(),
            &format!("payment-service call: {}", redact(message, password)),
        );
        EXIT_ERROR
    };
    let Some(operation) = &args.operation else {
        return fail(&format!(
            "which operation? One of: {}\n(--help lists them with their documentation)",
            operation_names()
        ));
    };
    let Some(info) = find_operation(operation) else {
        return fail(&format!(
            "unknown operation {operation:?}; the operations are: {}",
            operation_names()
        ));
    };
    let Some(source) = &args.request else {
        return fail("--request FILE (or - for standard input) is required");
    };
    let request = match read_request(source) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(dispatch(info.name, &request, &args)) {
        None => fail(&format!(
            "operation {} is not supported by the command line",
            info.name
        )),
        Some(Ok(json)) => {
            if emit(std::io::stdout().lock(), &json) {
                EXIT_OK
            } else {
                EXIT_ERROR
            }
        }
        Some(Err(CallError::Input(e))) => fail(&e),
        Some(Err(CallError::Client(e))) => report_error(info.name, &e, password),
    }
}

/// Every password a command line or the environment may hold (for redacting messages about
/// a command line that did not parse): the values after `--password`, of `--password=`, and of
/// [`ENV_PASSWORD`].
pub fn passwords_in(args: &[String]) -> Vec<String> {
    let flagged = args
        .windows(2)
        .filter(|w| w[0] == "--password")
        .map(|w| w[1].clone());
    let inline = args
        .iter()
        .filter_map(|a| a.strip_prefix("--password=").map(str::to_owned));
    flagged
        .chain(inline)
        .chain(std::env::var(ENV_PASSWORD).ok())
        .filter(|p| !p.is_empty())
        .collect()
}

/// `text` with every password of [`passwords_in`] redacted.
pub fn redact_all(text: &str, passwords: &[String]) -> String {
    let secrets: Vec<&str> = passwords.iter().map(String::as_str).collect();
    soap_runtime::client::redact(text, &secrets)
}

/// Prints a failed call: a fault as JSON ([`EXIT_FAULT`]), anything else as a message with its
/// causes ([`EXIT_ERROR`]).
fn report_error(operation: &str, e: &Error, password: Option<&str>) -> u8 {
    let fail = |message: &str| {
        emit(
            std::io::stderr().lock(),
            &format!("payment-service call: {}", redact(message, password)),
        );
        EXIT_ERROR
    };
    match e.kind() {
        ErrorKind::Fault(fault) => {
            let json = fault_json(operation, fault, password);
            let text = serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string());
            emit(std::io::stderr().lock(), &text);
            EXIT_FAULT
        }
        ErrorKind::Validation(v) => {
            let n = v.violations.len();
            let mut message = format!(
                "invalid {operation} request, nothing was sent ({n} violation{}):",
                if n == 1 { "" } else { "s" }
            );
            for violation in &v.violations {
                message.push_str(&format!("\n  {violation}"));
            }
            fail(&message)
        }
        kind => {
            let mut message = format!("{operation} failed: {kind}");
            // The causes (a refused connection's `std::io::Error`, ...), each once.
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                let text = cause.to_string();
                if !message.contains(&text) {
                    message.push_str(": ");
                    message.push_str(&text);
                }
                source = cause.source();
            }
            if e.may_have_reached_server() {
                message.push_str(" (the request may have been executed)");
            }
            fail(&message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_dispatched_and_documented() {
        let docs = operation_docs();
        for info in operations::ALL {
            assert!(
                DISPATCHED.contains(&info.name),
                "{} is missing from dispatch_table!",
                info.name
            );
            let doc = docs
                .iter()
                .find(|(n, _)| n == info.name)
                .map(|(_, d)| d.as_str())
                .unwrap_or("");
            assert!(
                doc.ends_with('.') && doc.len() > 10,
                "{}: {doc:?}",
                info.name
            );
        }
        assert_eq!(DISPATCHED.len(), operations::ALL.len());
    }

    #[test]
    fn operation_names_resolve_ignoring_case() {
        assert_eq!(
            find_operation("CancelInvoice").map(|o| o.name),
            Some("CancelInvoice")
        );
        assert_eq!(
            find_operation("cancelinvoice").map(|o| o.name),
            Some("CancelInvoice")
        );
        assert!(find_operation("Cancel").is_none());
    }

    #[test]
    fn paths_of_errors_and_unknown_members() {
        let e = parse_request::<payment_service::ReplaceInvoiceRequest>(
            r#"{"CorrelationId":"c","CountryCode":"SE","InvoiceNo":"1","StoreId":1,
                "InvoiceRows":[{"ArticleId":"a","Description":"d","Quantity":"x","UnitPrice":"1","VAT":"25"}]}"#,
            "ReplaceInvoiceRequest",
        )
        .err()
        .unwrap();
        assert!(
            e.contains("InvoiceRows[0].Quantity: invalid type") && e.contains("line 2"),
            "{e}"
        );
        let e = parse_request::<payment_service::CancelInvoiceRequest>(
            r#"{"CorrelationId":"c","CountryCode":"SE","InvoiceNo":"1","StoreId":1,"Extra":[1]}"#,
            "CancelInvoiceRequest",
        )
        .err()
        .unwrap();
        assert!(e.contains("  Extra: not an element"), "{e}");
        let e =
            parse_request::<payment_service::CancelInvoiceRequest>("{} x", "CancelInvoiceRequest")
                .err()
                .unwrap();
        assert!(e.contains("missing field `CorrelationId`"), "{e}");
    }

    #[test]
    fn timeouts_and_flags() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            call: CallArgs,
        }
        let args = |a: &[&str]| {
            <Cli as clap::Parser>::try_parse_from(std::iter::once("call").chain(a.iter().copied()))
                .map(|c| c.call)
        };
        for bad in ["0", "-1", "NaN", "inf", "1e300", "x", ""] {
            let flag = format!("--timeout={bad}");
            let err = args(&["CancelInvoice", "--request", "-", &flag]).unwrap_err();
            assert!(
                err.to_string().contains("not a positive number of seconds"),
                "{bad}: {err}"
            );
        }
        let a = args(&["--timeout=2.5", "CancelInvoice", "--request=-"]).unwrap();
        assert_eq!(a.timeout, Some(Duration::from_millis(2500)));
        assert_eq!(
            (a.operation.as_deref(), a.request.as_deref()),
            (Some("CancelInvoice"), Some("-"))
        );
        assert!(args(&["CancelInvoice", "--request"]).is_err());
        assert!(args(&["CancelInvoice", "CreditInvoice"]).is_err());
        assert_eq!(
            passwords_in(&["--password".into(), "a".into(), "--password=b".into()])
                .into_iter()
                .take(2)
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
    }
}
