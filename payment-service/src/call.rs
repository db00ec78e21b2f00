//! `payment-service call <Operation>`: one operation of the service from the command line
//! (a module of the binary, `src/main.rs`).
//!
//! The request is JSON with the schema's element names as keys (serde on the generated request
//! type), e.g. `{"CorrelationId":"c1","CountryCode":"SE","InvoiceNo":"62400001","StoreId":1234}`.
//! It is validated against the schema and sent with the generated client; the response is
//! printed as pretty JSON on stdout.
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
        async fn dispatch(name: &str, request: &str, settings: &Settings) -> Option<Result<String, CallError>> {
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
);

/// Why a call did not produce a response.
enum CallError {
    /// Usage, reading or parsing the request, unknown fields: nothing was sent.
    Input(String),
    /// What the client returned.
    Client(Error),
}

/// Options of `call` other than the operation and the request.
#[derive(Default)]
struct Settings {
    endpoint: Option<String>,
    username: Option<String>,
    password: Option<String>,
    client_ip: Option<String>,
    timeout: Option<Duration>,
}

/// The usage line of `call`.
pub const USAGE: &str = "usage: payment-service call <Operation> --endpoint URL --request FILE|- \
[--username U] [--password P] [--client-ip IP] [--timeout SECS]";

/// The help of `call`, with every operation and the first sentence of its WSDL documentation.
pub fn help() -> String {
    let mut out = String::new();
    out.push_str(USAGE);
    out.push_str(
        "\n\n\
Calls one PaymentServiceV10 operation. The request is JSON with the schema's element names as
keys, e.g. {\"CorrelationId\":\"c1\",\"CountryCode\":\"SE\",\"InvoiceNo\":\"62400001\",\"StoreId\":1234};
decimals are strings (\"99.50\"), dates ISO 8601 strings, enumerations by name or by the wire
value the documentation shows (\"InvoiceDeliveryMethod\": \"Email\", \"2\" or 2; responses use the
name), a nillable element may be null, a union names its member: \"CreditDate\": {\"Date\":
\"2024-05-02\"} (or {\"DateTime\": ...}). Fields the schema does not have are an error. The request is
validated against the schema (nothing is sent if it is invalid), sent, and the response printed
as JSON on stdout.

Options (each may also be written --option=value):
  --endpoint URL     service URL, e.g. http://127.0.0.1:8080/PaymentServiceV10.svc [env PAYMENT_SERVICE_ENDPOINT]
  --request FILE|-   the request as JSON; - reads standard input
  --username U       Username header [env PAYMENT_SERVICE_USERNAME]
  --password P       Password header [env PAYMENT_SERVICE_PASSWORD; prefer the variable: arguments are
                     visible to other users]. Never printed.
  --client-ip IP     ClientIpAddress header, required by AddInvoice [env PAYMENT_SERVICE_CLIENT_IP]
  --timeout SECS     time limit of the whole call, default 30

Exit status:
  0  success; the response as JSON on stdout
  2  the service answered with a SOAP fault; the fault as JSON on stderr
     ({\"code\": ..., \"message\": ..., \"http_status\": ..., ...})
  1  anything else: usage, unknown operation, a request that is not valid JSON for the operation,
     an invalid request (every violation with its field path), transport, timeout, HTTP or
     decode errors

Operations:
",
    );
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

/// Parsed command line of `call`.
struct Args {
    operation: String,
    request: String,
    settings: Settings,
}

/// `Ok(None)`: help was asked for.
fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut operation = None;
    let mut request = None;
    let mut settings = Settings::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        if !arg.starts_with('-') {
            if operation.is_some() {
                return Err(format!(
                    "unexpected argument {arg:?} (the operation is given once)"
                ));
            }
            operation = Some(arg.clone());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag {
            "--endpoint" => settings.endpoint = Some(value()?),
            "--request" => request = Some(value()?),
            "--username" => settings.username = Some(value()?),
            // The value is never part of a message.
            "--password" => settings.password = Some(value()?),
            "--client-ip" => settings.client_ip = Some(value()?),
            "--timeout" => {
                let v = value()?;
                let secs = v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0);
                let timeout = secs.and_then(|s| Duration::try_from_secs_f64(s).ok());
                settings.timeout = Some(timeout.ok_or_else(|| {
                    format!("--timeout {v:?} is not a positive number of seconds")
                })?);
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    let operation =
        operation.ok_or_else(|| format!("which operation? One of: {}", operation_names()))?;
    let request = request.ok_or("--request FILE (or - for standard input) is required")?;
    Ok(Some(Args {
        operation,
        request,
        settings,
    }))
}

/// A variable of the environment; `Err` when it is set but not Unicode.
fn env(name: &str) -> Result<Option<String>, String> {
    match std::env::var(name) {
        Ok(v) => Ok(Some(v)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "the environment variable {name} is not valid Unicode"
        )),
    }
}

/// Flags win over the environment.
fn fill_from_env(settings: &mut Settings) -> Result<(), String> {
    for (slot, name) in [
        (&mut settings.endpoint, ENV_ENDPOINT),
        (&mut settings.username, ENV_USERNAME),
        (&mut settings.password, ENV_PASSWORD),
        (&mut settings.client_ip, ENV_CLIENT_IP),
    ] {
        if slot.is_none() {
            *slot = env(name)?;
        }
    }
    Ok(())
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
async fn call_operation<O>(request: &str, settings: &Settings) -> Result<String, CallError>
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
    let client = builder.build().map_err(|e| match e {
        e => match e.kind() {
            ErrorKind::InvalidConfig(m) if m.contains("username") => {
                CallError::Input(format!("{m}: give --username or set {ENV_USERNAME}"))
            }
            ErrorKind::InvalidConfig(m) if m.contains("password") => {
                CallError::Input(format!("{m}: give --password or set {ENV_PASSWORD}"))
            }
            _ => CallError::Client(e),
        },
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

/// Runs `call` with its arguments (after the word `call`); the process exit status.
pub fn run(args: &[String]) -> u8 {
    let fail = |message: &str, password: Option<&str>| {
        emit(
            std::io::stderr().lock(),
            &format!("payment-service call: {}", redact(message, password)),
        );
        EXIT_ERROR
    };
    let mut args = match parse_args(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            return if emit(std::io::stdout().lock(), &help()) {
                EXIT_OK
            } else {
                EXIT_ERROR
            };
        }
        // A malformed command line may contain the password (`--password` given twice, ...).
        Err(e) => {
            let mut message = format!("{e}\n{USAGE}\n(--help lists the operations)");
            let flagged = args
                .windows(2)
                .filter(|w| w[0] == "--password")
                .map(|w| w[1].as_str());
            let inline = args.iter().filter_map(|a| a.strip_prefix("--password="));
            for password in flagged
                .chain(inline)
                .map(str::to_owned)
                .chain(std::env::var(ENV_PASSWORD).ok())
            {
                message = redact(&message, Some(&password));
            }
            return fail(&message, None);
        }
    };
    if let Err(e) = fill_from_env(&mut args.settings) {
        return fail(&e, args.settings.password.as_deref());
    }
    let password = args.settings.password.clone();
    let password = password.as_deref();
    let Some(info) = find_operation(&args.operation) else {
        return fail(
            &format!(
                "unknown operation {:?}; the operations are: {}",
                args.operation,
                operation_names()
            ),
            password,
        );
    };
    let request = match read_request(&args.request) {
        Ok(r) => r,
        Err(e) => return fail(&e, password),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}"), password),
    };
    let outcome = runtime.block_on(dispatch(info.name, &request, &args.settings));
    match outcome {
        None => fail(
            &format!(
                "operation {} is not supported by the command line",
                info.name
            ),
            password,
        ),
        Some(Ok(json)) => {
            if emit(std::io::stdout().lock(), &json) {
                EXIT_OK
            } else {
                EXIT_ERROR
            }
        }
        Some(Err(CallError::Input(e))) => fail(&e, password),
        Some(Err(CallError::Client(e))) => report_error(info.name, &e, password),
    }
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
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        for bad in ["0", "-1", "NaN", "inf", "1e300", "x", ""] {
            assert!(
                args(&["CancelInvoice", "--request", "-", "--timeout", bad]).is_err(),
                "{bad}"
            );
        }
        let a = args(&["--timeout=2.5", "CancelInvoice", "--request=-"])
            .unwrap()
            .unwrap();
        assert_eq!(a.settings.timeout, Some(Duration::from_millis(2500)));
        assert_eq!(
            (a.operation.as_str(), a.request.as_str()),
            ("CancelInvoice", "-")
        );
        assert!(args(&["CancelInvoice"]).is_err());
        assert!(args(&["--request", "-"]).is_err());
        assert!(args(&["CancelInvoice", "--request"]).is_err());
        assert!(args(&["CancelInvoice", "--help"]).unwrap().is_none());
    }
}
