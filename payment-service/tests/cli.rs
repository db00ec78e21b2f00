//! `payment-service call`: the real binary against the in-memory simulator on 127.0.0.1.
//!
//! Invoices are set up through the client library; each CLI run is a child process bounded in
//! time, and every run's stdout and stderr are checked for the password (a distinctive one,
//! given through `PAYMENT_SERVICE_PASSWORD` unless a test says otherwise).

use payment_service::runtime::{Decimal, XsDateTime};
use payment_service::server::{spawn_simulator_with, ServerHandle};
use payment_service::simulator::{InvoiceState, Simulator};
use payment_service::*;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const USERNAME: &str = "cli-user";
/// Distinctive, so that any echo of it is found.
const PASSWORD: &str = "Pw-7c1e!s3cret-CLI";
/// Upper bound of one run of the binary.
const BOUND: Duration = Duration::from_secs(30);
const ENV_VARS: [&str; 4] = [
    "PAYMENT_SERVICE_ENDPOINT",
    "PAYMENT_SERVICE_USERNAME",
    "PAYMENT_SERVICE_PASSWORD",
    "PAYMENT_SERVICE_CLIENT_IP",
];

// ----- running the binary ----------------------------------------------------------------------

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn stdout_json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }

    fn stderr_json(&self) -> Value {
        serde_json::from_str(&self.stderr)
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {self:#?}"))
    }

    fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "exit status; {self:#?}");
        self
    }
}

/// Runs the binary with `args`, `stdin` on standard input, the `PAYMENT_SERVICE_*` variables
/// removed and `env` set; kills it after [`BOUND`]. Panics if stdout or stderr contain
/// `secret` (the password of the run).
fn run_with(args: &[&str], stdin: &str, env: &[(&str, &str)], secret: &str) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_payment-service"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for v in ENV_VARS {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied());
    let started = Instant::now();
    let mut child = cmd.spawn().expect("the payment-service binary starts");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_owned();
    // The binary may exit without reading: a broken pipe here is fine.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < BOUND => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("payment-service {args:?} did not finish within {BOUND:?}");
            }
        }
    };
    let _ = writer.join();
    let run = Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: started.elapsed(),
    };
    assert!(!secret.is_empty());
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "the password was printed: {run:#?}"
    );
    run
}

/// `call <op> --endpoint URL --request -` with the request on stdin and the credentials in the
/// environment.
async fn call(sim: &ServerHandle<Simulator>, op: &str, request: &Value) -> Run {
    let (url, request) = (sim.url(), request.to_string());
    let op = op.to_owned();
    tokio::task::spawn_blocking(move || {
        run_with(
            &[
                "call",
                &op,
                "--endpoint",
                &url,
                "--request",
                "-",
                "--timeout",
                "10",
            ],
            &request,
            &[
                ("PAYMENT_SERVICE_USERNAME", USERNAME),
                ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
                ("PAYMENT_SERVICE_CLIENT_IP", "127.0.0.1"),
            ],
            PASSWORD,
        )
    })
    .await
    .unwrap()
}

/// Any run, off the async runtime (the simulator keeps serving meanwhile).
async fn run(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run_with(&args, &stdin, &env, PASSWORD)
    })
    .await
    .unwrap()
}

/// A file under the temporary directory holding `text`, removed on drop.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(text: &str) -> TempFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "payment-service-cli-{}-{}.json",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

// ----- set-up through the client library ---------------------------------------------------------

async fn simulator() -> (ServerHandle<Simulator>, Client) {
    let sim = spawn_simulator_with(Simulator::with_credentials(USERNAME, PASSWORD))
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .username(USERNAME)
        .password(PASSWORD)
        .client_ip_address("127.0.0.1")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    (sim, client)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn row(id: &str, quantity: i32, price: &str) -> InvoiceRow {
    InvoiceRow::builder()
        .article_id(id.to_owned())
        .description(format!("Article {id}"))
        .quantity(quantity)
        .unit_price(dec(price))
        .vat(dec("25"))
        .build()
        .unwrap()
}

fn address() -> Address {
    Address::builder()
        .address1("Gatan 1")
        .city("Stockholm")
        .country_code("SE")
        .email("kund@example.com")
        .firstname("Test")
        .lastname("Kund")
        .postal_code("11122")
        .build()
        .unwrap()
}

/// A pending invoice with rows A (2 × 50.00) and B (1 × 25.00); its number.
async fn pending(client: &Client) -> String {
    let request = AddInvoiceRequest::builder()
        .activation_option(ActivationOption::Preliminary)
        .country_code("SE")
        .currency("SEK")
        .delivery_address(address())
        .invoice_address(address())
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(vec![row("A", 2, "50.00"), row("B", 1, "25.00")]))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(XsDateTime::parse("2024-05-01T12:00:00").unwrap())
        .reg_no("197001011234")
        .store_id(1234)
        .build()
        .unwrap();
    client.add_invoice(&request).await.unwrap().invoice_no
}

/// An activated invoice with the rows of [`pending`].
async fn activated(client: &Client) -> String {
    let no = pending(client).await;
    let request = ActivateInvoiceRequest::builder()
        .correlation_id("act")
        .country_code("SE")
        .invoice_no(no.clone())
        .store_id(1234)
        .build()
        .unwrap();
    client.activate_invoice(&request).await.unwrap();
    no
}

fn state(sim: &ServerHandle<Simulator>, no: &str) -> InvoiceState {
    sim.service().invoice(no).unwrap().state
}

fn cancel_json(no: &str) -> Value {
    json!({"CorrelationId": "cli-cancel", "CountryCode": "SE", "InvoiceNo": no, "StoreId": 1234})
}

// ----- the five seed operations -----------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_invoice_succeeds() {
    let (sim, client) = simulator().await;
    let no = pending(&client).await;
    let r = call(&sim, "CancelInvoice", &cancel_json(&no)).await;
    r.assert_code(0);
    assert_eq!(r.stdout_json(), json!({"CorrelationId": "cli-cancel"}));
    assert_eq!(r.stderr, "");
    assert_eq!(state(&sim, &no), InvoiceState::Cancelled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_invoice_succeeds_with_the_request_from_a_file() {
    let (sim, client) = simulator().await;
    let no = pending(&client).await;
    let request = json!({
        "CorrelationId": "cli-replace", "CountryCode": "SE", "InvoiceNo": no, "StoreId": 1234,
        "InvoiceRows": [
            {"ArticleId": "C", "Description": "Article C", "Quantity": 3, "UnitPrice": "10.50", "VAT": "25"},
            {"ArticleId": "D", "Description": "Årets ö-artikel", "Quantity": 1, "QuantityUnit": "pcs", "UnitPrice": "0.01", "VAT": "12"}
        ]
    });
    let file = TempFile::new(&serde_json::to_string_pretty(&request).unwrap());
    let r = run(
        &[
            "call",
            "ReplaceInvoice",
            "--endpoint",
            &sim.url(),
            "--request",
            file.path(),
        ],
        "",
        &[
            ("PAYMENT_SERVICE_USERNAME", USERNAME),
            ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
        ],
    )
    .await;
    r.assert_code(0);
    let out = r.stdout_json();
    assert_eq!(out["CorrelationId"], "cli-replace");
    assert_eq!(out["InvoiceStatus"], 1);
    assert_eq!(dec(out["TotalAmount"].as_str().unwrap()), dec("31.51"));
    let rows = sim.service().invoice(&no).unwrap().rows;
    let ids: Vec<(&str, &str, i32)> = rows
        .iter()
        .map(|r| (r.article_id.as_str(), r.description.as_str(), r.quantity))
        .collect();
    assert_eq!(ids, [("C", "Article C", 3), ("D", "Årets ö-artikel", 1)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn part_credit_invoice_succeeds() {
    let (sim, client) = simulator().await;
    let no = activated(&client).await;
    let request = json!({
        "ArticleList": [{"ArticleId": "A", "Quantity": 1}],
        "CountryCode": "SE", "CreditDate": {"Date": "2024-05-02"}, "InvoiceNo": no,
        "SettlementReference": null, "StoreId": 1234
    });
    let r = call(&sim, "PartCreditInvoice", &request).await;
    r.assert_code(0);
    assert_eq!(r.stdout_json(), json!({"CorrelationId": null}));
    let invoice = sim.service().invoice(&no).unwrap();
    assert_eq!(invoice.rows[0].credited, 1);
    assert_eq!(invoice.total(), dec("75.00"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_invoice_succeeds() {
    let (sim, client) = simulator().await;
    let no = activated(&client).await;
    let request = json!({
        "CorrelationId": "cli-send", "CountryCode": "SE", "Email": "kund@example.com",
        "InvoiceDeliveryMethod": "Email", "InvoiceNo": no, "StoreId": 1234
    });
    let r = call(&sim, "SendInvoice", &request).await;
    r.assert_code(0);
    let out = r.stdout_json();
    assert_eq!(out["CorrelationId"], "cli-send");
    assert_eq!(dec(out["TotalAmount"].as_str().unwrap()), dec("125.00"));
    assert!(out["InvoiceUrl"].as_str().unwrap().contains(&no), "{out}");
    assert_eq!(out["PaymentReference"], format!("1000{no}"));
    assert!(
        out["DueDate"].as_str().unwrap().ends_with("T23:59:59"),
        "{out}"
    );
    assert_eq!(out["NewInvoiceNo"], Value::Null);
    assert_eq!(sim.service().invoice(&no).unwrap().times_sent, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adjust_invoice_succeeds() {
    let (sim, client) = simulator().await;
    let no = activated(&client).await;
    let request = json!({
        "CorrelationId": "cli-adjust", "CountryCode": "SE", "InvoiceNo": no, "StoreId": 1234,
        "InvoiceRows": [{"ArticleId": "ADJ", "Description": "Discount", "Quantity": 1, "UnitPrice": "-20.00", "VAT": "25"}],
        "PurchaseClassification": null, "SettlementReference": null
    });
    let r = call(&sim, "AdjustInvoice", &request).await;
    r.assert_code(0);
    assert_eq!(r.stdout_json(), json!({"CorrelationId": "cli-adjust"}));
    let invoice = sim.service().invoice(&no).unwrap();
    assert_eq!(invoice.rows.len(), 3);
    assert_eq!(invoice.total(), dec("105.00"));
}

/// Not a seed operation, but the one that needs the `ClientIpAddress` header.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_invoice_sends_the_client_ip_and_needs_it() {
    let (sim, _client) = simulator().await;
    let request = json!({
        "ActivationOption": "AutoActivation", "CountryCode": "SE", "Currency": "SEK",
        "DeliveryAddress": {}, "InvoiceAddress": {"Firstname": "Test", "Email": "kund@example.com"},
        "InvoiceDeliveryMethod": "Email",
        "InvoiceRows": [{"ArticleId": "A", "Description": "Article A", "Quantity": 2, "UnitPrice": "99.50", "VAT": "25"}],
        "InvoiceType": "DirectInvoice", "OrderDate": "2024-05-01T12:00:00", "RegNo": "197001011234", "StoreId": 1234
    });
    let r = call(&sim, "AddInvoice", &request).await;
    r.assert_code(0);
    let out = r.stdout_json();
    assert_eq!(out["InvoiceStatus"], 3);
    assert_eq!(dec(out["TotalAmount"].as_str().unwrap()), dec("199.00"));
    let no = out["InvoiceNo"].as_str().unwrap();
    assert_eq!(state(&sim, no), InvoiceState::Activated);

    // Without PAYMENT_SERVICE_CLIENT_IP the required header is missing: invalid, nothing sent.
    let r = run(
        &[
            "call",
            "AddInvoice",
            "--endpoint",
            &sim.url(),
            "--request",
            "-",
        ],
        &request.to_string(),
        &[
            ("PAYMENT_SERVICE_USERNAME", USERNAME),
            ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
        ],
    )
    .await;
    r.assert_code(1);
    assert!(
        r.stderr.contains("Header.ClientIpAddress: is required"),
        "{r:#?}"
    );
    assert_eq!(sim.service().invoices().len(), 1);
}

/// Enumerations also take the wire values the documentation shows (`"InvoiceDeliveryMethod": 2`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enumerations_take_their_documented_wire_values() {
    let (sim, _client) = simulator().await;
    let request = json!({
        "ActivationOption": 1, "CountryCode": "SE", "Currency": "SEK",
        "DeliveryAddress": {}, "InvoiceAddress": {"Firstname": "Test", "Email": "kund@example.com"},
        "InvoiceDeliveryMethod": 2,
        "InvoiceRows": [{"ArticleId": "A", "Description": "Article A", "Quantity": 2, "UnitPrice": "99.50", "VAT": "25"}],
        "InvoiceType": "0", "OrderDate": "2024-05-01T12:00:00", "RegNo": "197001011234", "StoreId": 1234
    });
    let r = call(&sim, "AddInvoice", &request).await;
    r.assert_code(0);
    let no = r.stdout_json()["InvoiceNo"].as_str().unwrap().to_owned();
    // ActivationOption 1 is AutoActivation.
    assert_eq!(state(&sim, &no), InvoiceState::Activated);
    let mut wrong = request.clone();
    wrong["InvoiceDeliveryMethod"] = json!(3);
    let r = call(&sim, "AddInvoice", &wrong).await;
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("InvoiceDeliveryMethod: 3 is not a value of InvoiceDeliveryMethod")
            && r.stderr.contains("RegularPost (1), Email (2)"),
        "{r:#?}"
    );
    assert_eq!(sim.service().invoices().len(), 1);
}

// ----- faults ----------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_exits_2_with_the_fault_as_json_on_stderr() {
    let (sim, client) = simulator().await;
    let r = call(&sim, "CancelInvoice", &cancel_json("99999999")).await;
    r.assert_code(2);
    assert_eq!(r.stdout, "");
    let fault = r.stderr_json();
    assert_eq!(fault["code"], "INVOICE_NOT_FOUND", "{fault}");
    assert_eq!(fault["http_status"], 500);
    assert_eq!(fault["operation"], "CancelInvoice");
    assert!(
        fault["message"].as_str().unwrap().contains("99999999"),
        "{fault}"
    );

    // A business rule: an activated invoice cannot be cancelled, and stays activated.
    let no = activated(&client).await;
    let r = call(&sim, "CancelInvoice", &cancel_json(&no)).await;
    r.assert_code(2);
    assert_eq!(r.stderr_json()["code"], "INVALID_INVOICE_STATUS");
    assert_eq!(state(&sim, &no), InvoiceState::Activated);
}

// ----- invalid requests and bad JSON: exit 1, nothing sent ---------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_request_exits_1_with_every_violation_and_is_not_sent() {
    let (sim, client) = simulator().await;
    let no = pending(&client).await;
    let before = sim.service().invoice(&no).unwrap();
    let request = json!({
        "CorrelationId": "cli-replace", "CountryCode": "se", "InvoiceNo": no, "StoreId": 1234,
        "InvoiceRows": [
            {"ArticleId": "C", "Description": "ok", "Quantity": 0, "UnitPrice": "10", "VAT": "25"},
            {"ArticleId": "D", "Description": "x".repeat(51), "Quantity": 1, "UnitPrice": "1.005", "VAT": "25"}
        ]
    });
    let r = call(&sim, "ReplaceInvoice", &request).await;
    r.assert_code(1);
    assert_eq!(r.stdout, "");
    for expected in [
        "CountryCode: \"se\" does not match the pattern [A-Z]{2}",
        "InvoiceRows[0].Quantity: 0 is below 1",
        "InvoiceRows[1].Description: is 51 characters long; at most 50 allowed",
        "InvoiceRows[1].UnitPrice: 1.005 has 3 fraction digits; at most 2 allowed",
    ] {
        assert!(
            r.stderr.contains(expected),
            "missing {expected:?} in {r:#?}"
        );
    }
    assert!(
        r.stderr.contains("nothing was sent (4 violations)"),
        "{r:#?}"
    );
    assert_eq!(
        sim.service().invoice(&no).unwrap(),
        before,
        "the invalid request changed the invoice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_json_exits_1_naming_the_line_column_or_path() {
    let (sim, client) = simulator().await;
    let no = pending(&client).await;
    let cases: Vec<(String, &str)> = vec![
        // Syntax errors: serde_json's line and column.
        (format!("{{\"CorrelationId\": \"c\",\n \"CountryCode\": \"SE\",\n \"InvoiceNo\": \"{no}\", \"StoreId\": 1234,}}"), "trailing comma at line 3 column"),
        ("{\"CorrelationId\": \"c\"".to_owned(), "EOF while parsing an object at line 1 column 21"),
        (String::new(), "EOF while parsing a value at line 1 column 0"),
        (format!("{} trailing", cancel_json(&no)), "trailing characters at line 1 column"),
        // Shape errors: the field path.
        (json!({"CorrelationId": "c", "CountryCode": "SE", "InvoiceNo": no, "StoreId": "1234"}).to_string(), "StoreId: invalid type: string \"1234\", expected i32"),
        (json!({"CountryCode": "SE", "InvoiceNo": no, "StoreId": 1234}).to_string(), "missing field `CorrelationId`"),
        (json!({"CorrelationId": "c", "CountryCode": "SE", "InvoiceNo": no, "StoreId": 3_000_000_000u64}).to_string(), "StoreId: invalid value"),
        (json!("text").to_string(), "invalid type: string \"text\", expected struct CancelInvoiceRequest"),
        // A member the schema does not have (a typo would otherwise be dropped silently).
        (json!({"CorrelationId": "c", "CountryCode": "SE", "InvoiceNo": no, "StoreId": 1234, "InvoiceNumber": "1"}).to_string(), "InvoiceNumber: not an element of the schema"),
    ];
    for (input, expected) in &cases {
        let r = run(
            &[
                "call",
                "CancelInvoice",
                "--endpoint",
                &sim.url(),
                "--request",
                "-",
            ],
            input,
            &[
                ("PAYMENT_SERVICE_USERNAME", USERNAME),
                ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
            ],
        )
        .await;
        r.assert_code(1);
        assert_eq!(r.stdout, "", "{input}");
        assert!(
            r.stderr.contains(expected),
            "input {input:?}: expected {expected:?} in {r:#?}"
        );
    }
    // Nested: the path into the list.
    let request = json!({
        "CorrelationId": "c", "CountryCode": "SE", "InvoiceNo": no, "StoreId": 1234,
        "InvoiceRows": [{"ArticleId": "C", "Description": "ok", "Quantity": 1, "UnitPrice": "10", "VAT": "25"},
                        {"ArticleId": "D", "Description": "ok", "Quantity": 1.5, "UnitPrice": "10", "VAT": "25", "Colour": "red"}]
    });
    let r = call(&sim, "ReplaceInvoice", &request).await;
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("InvoiceRows[1].Quantity: invalid type: floating point `1.5`, expected i32"),
        "{r:#?}"
    );
    let r = call(
        &sim,
        "ReplaceInvoice",
        &json!({"InvoiceRows": [{"Colour": "red"}]}),
    )
    .await;
    r.assert_code(1);
    assert!(r.stderr.contains("missing field"), "{r:#?}");
    // Nothing was sent: the invoice is still pending with its rows.
    assert_eq!(state(&sim, &no), InvoiceState::Pending);
    assert_eq!(sim.service().invoice(&no).unwrap().rows.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_members_are_listed_with_their_paths() {
    let (sim, client) = simulator().await;
    let no = pending(&client).await;
    let request = json!({
        "CorrelationId": "c", "CountryCode": "SE", "InvoiceNo": no, "StoreId": 1234,
        "InvoiceRows": [{"ArticleId": "C", "Description": "ok", "Quantity": 1, "UnitPrice": "10", "VAT": "25", "Colour": "red"}],
        "Comment": "x"
    });
    let r = call(&sim, "ReplaceInvoice", &request).await;
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("InvoiceRows[0].Colour: not an element of the schema"),
        "{r:#?}"
    );
    assert!(
        r.stderr.contains("  Comment: not an element of the schema"),
        "{r:#?}"
    );
    assert_eq!(
        sim.service().invoice(&no).unwrap().rows.len(),
        2,
        "nothing was sent"
    );
}

// ----- help, usage, dispatch ---------------------------------------------------------------------

#[tokio::test]
async fn help_lists_every_operation_with_its_documentation() {
    for args in [&["--help"][..], &["call", "--help"], &["help"]] {
        let r = run(args, "", &[]).await;
        r.assert_code(0);
        for info in operations::ALL {
            let line = r
                .stdout
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{} ", info.name)))
                .unwrap_or_else(|| panic!("{args:?}: {} is not listed:\n{}", info.name, r.stdout));
            let doc = line.trim_start()[info.name.len()..].trim();
            assert!(
                doc.len() > 10 && doc.ends_with('.'),
                "{}: no one-line doc in {line:?}",
                info.name
            );
        }
        assert!(
            r.stdout.contains("--request FILE|-") && r.stdout.contains("PAYMENT_SERVICE_PASSWORD"),
            "{}",
            r.stdout
        );
    }
}

/// Each option's help names its environment variable; the password's value is never shown,
/// even when it is set.
#[tokio::test]
async fn help_names_the_environment_fallbacks_without_their_secret_values() {
    let env = [
        ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
        ("PAYMENT_SERVICE_USERNAME", "merchant-7"),
    ];
    let r = run(&["call", "--help"], "", &env).await;
    r.assert_code(0);
    for expected in [
        "[env: PAYMENT_SERVICE_ENDPOINT=]",
        "[env: PAYMENT_SERVICE_USERNAME=merchant-7]",
        "[env: PAYMENT_SERVICE_PASSWORD]",
        "[env: PAYMENT_SERVICE_CLIENT_IP=]",
    ] {
        assert!(r.stdout.contains(expected), "{expected}: {}", r.stdout);
    }
    let r = run(&["simulate", "--help"], "", &[]).await;
    r.assert_code(0);
    for expected in [
        "--listen <ADDR>",
        "PAYMENT_SERVICE_SIMULATOR_LISTEN",
        "PAYMENT_SERVICE_SIMULATOR_PASSWORD",
        "--store-id <N>",
    ] {
        assert!(r.stdout.contains(expected), "{expected}: {}", r.stdout);
    }
    // Usage errors outside `call` exit 2, as before.
    for args in [&[][..], &["bogus"], &["simulate", "--store-id", "x"]] {
        let r = run(args, "", &[]).await;
        r.assert_code(2);
        assert!(!r.stderr.is_empty(), "{args:?}: {r:#?}");
    }
}

/// The endpoint comes from `PAYMENT_SERVICE_ENDPOINT` when `--endpoint` is not given; the flag
/// wins over the variable. `simulate` reads `PAYMENT_SERVICE_SIMULATOR_LISTEN`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_fall_back_to_the_environment_and_flags_win() {
    let (sim, client) = simulator().await;
    let url = sim.url();
    let mut env = vec![
        ("PAYMENT_SERVICE_USERNAME", USERNAME),
        ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
        ("PAYMENT_SERVICE_ENDPOINT", url.as_str()),
    ];
    let no = pending(&client).await;
    let r = run(
        &["call", "CancelInvoice", "--request", "-"],
        &cancel_json(&no).to_string(),
        &env,
    )
    .await;
    r.assert_code(0);
    assert_eq!(state(&sim, &no), InvoiceState::Cancelled);
    // A wrong endpoint in the environment, the right one as a flag.
    env[2].1 = "http://127.0.0.1:9/nothing-here";
    let no = pending(&client).await;
    let r = run(
        &[
            "call",
            "CancelInvoice",
            "--request",
            "-",
            "--endpoint",
            &url,
        ],
        &cancel_json(&no).to_string(),
        &env,
    )
    .await;
    r.assert_code(0);
    assert_eq!(state(&sim, &no), InvoiceState::Cancelled);
    let r = run(
        &["simulate"],
        "",
        &[("PAYMENT_SERVICE_SIMULATOR_LISTEN", "not-an-address")],
    )
    .await;
    r.assert_code(2);
    assert!(
        r.stderr.contains("cannot listen on not-an-address"),
        "{r:#?}"
    );
}

/// Every operation of the WSDL reaches its request parser (rather than "unknown operation").
#[tokio::test]
async fn every_operation_is_callable() {
    for info in operations::ALL {
        for name in [info.name.to_owned(), info.name.to_ascii_lowercase()] {
            let r = run(
                &[
                    "call",
                    &name,
                    "--endpoint",
                    "http://127.0.0.1:9/x",
                    "--request",
                    "-",
                ],
                "{}",
                &[],
            )
            .await;
            r.assert_code(1);
            let expected = format!("is not a valid {}: missing field", info.request.1);
            assert!(r.stderr.contains(&expected), "{name}: {r:#?}");
        }
    }
}

#[tokio::test]
async fn unknown_operations_and_usage_errors_exit_1() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "call",
                "CancelInvoices",
                "--endpoint",
                "http://127.0.0.1:9/x",
                "--request",
                "-",
            ],
            "unknown operation \"CancelInvoices\"",
        ),
        (&["call"], "which operation?"),
        (
            &["call", "CancelInvoice"],
            "--request FILE (or - for standard input) is required",
        ),
        (
            &["call", "CancelInvoice", "--request"],
            "a value is required for '--request <FILE|->'",
        ),
        (
            &["call", "CancelInvoice", "--request", "-", "--timeout", "0"],
            "invalid value '0' for '--timeout <SECS>': not a positive number of seconds",
        ),
        (
            &["call", "CancelInvoice", "--request", "-", "--bogus", "1"],
            "unexpected argument '--bogus' found",
        ),
        (
            &["call", "CancelInvoice", "CreditInvoice", "--request", "-"],
            "unexpected argument",
        ),
        (
            &[
                "call",
                "CancelInvoice",
                "--request",
                "/nonexistent/request.json",
            ],
            "cannot read the request from \"/nonexistent/request.json\"",
        ),
    ];
    for (args, expected) in cases {
        let r = run(args, "", &[]).await;
        r.assert_code(1);
        assert!(
            r.stderr.contains(expected),
            "{args:?}: expected {expected:?} in {r:#?}"
        );
    }
    // Missing endpoint and credentials, after a request that parses.
    let ok = cancel_json("1").to_string();
    let r = run(&["call", "CancelInvoice", "--request", "-"], &ok, &[]).await;
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("--endpoint URL (or PAYMENT_SERVICE_ENDPOINT) is required"),
        "{r:#?}"
    );
    let r = run(
        &[
            "call",
            "CancelInvoice",
            "--request",
            "-",
            "--endpoint",
            "http://127.0.0.1:9/x",
        ],
        &ok,
        &[],
    )
    .await;
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("username is required: give --username or set PAYMENT_SERVICE_USERNAME"),
        "{r:#?}"
    );
    let r = run(
        &[
            "call",
            "CancelInvoice",
            "--request",
            "-",
            "--endpoint",
            "ftp://x/",
        ],
        &ok,
        &[
            ("PAYMENT_SERVICE_USERNAME", "u"),
            ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
        ],
    )
    .await;
    r.assert_code(1);
    assert!(
        r.stderr.contains("the endpoint must be http or https"),
        "{r:#?}"
    );
    // Input that is not UTF-8.
    let file = TempFile::new("");
    std::fs::write(&file.0, [b'{', 0xff, b'}']).unwrap();
    let r = run(
        &["call", "CancelInvoice", "--request", file.path()],
        "",
        &[],
    )
    .await;
    r.assert_code(1);
    assert!(r.stderr.contains("is not UTF-8"), "{r:#?}");
}

// ----- transport errors, timeouts, the password -----------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transport_errors_and_timeouts_exit_1() {
    // A port with nothing listening (bound, then released).
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let env = [
        ("PAYMENT_SERVICE_USERNAME", USERNAME),
        ("PAYMENT_SERVICE_PASSWORD", PASSWORD),
    ];
    let request = cancel_json("1").to_string();
    let url = format!("http://{closed}/PaymentServiceV10.svc");
    let r = run(
        &[
            "call",
            "CancelInvoice",
            "--endpoint",
            &url,
            "--request",
            "-",
        ],
        &request,
        &env,
    )
    .await;
    r.assert_code(1);
    assert!(
        r.stderr.contains("CancelInvoice failed: transport error"),
        "{r:#?}"
    );

    // A server that accepts and never answers: the --timeout ends the call.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/PaymentServiceV10.svc",
        silent.local_addr().unwrap()
    );
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((s, _)) = silent.accept().await {
            open.push(s);
        }
    });
    let r = run(
        &[
            "call",
            "CancelInvoice",
            "--endpoint",
            &url,
            "--request",
            "-",
            "--timeout",
            "0.5",
        ],
        &request,
        &env,
    )
    .await;
    r.assert_code(1);
    assert!(
        r.stderr.contains("timed out") && r.stderr.contains("may have been executed"),
        "{r:#?}"
    );
    assert!(r.elapsed < Duration::from_secs(10), "{r:#?}");
    hold.abort();
}

/// With a one-letter password, hiding it must not mangle other text: fault codes, fault
/// messages and validation messages print intact (only a whole `p` would be replaced).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_letter_password_does_not_mangle_what_is_printed() {
    let (sim, client) = simulator().await;
    let no = pending(&client).await;
    let url = sim.url();
    let env = [
        ("PAYMENT_SERVICE_USERNAME", USERNAME),
        ("PAYMENT_SERVICE_PASSWORD", "p"),
    ];
    let args = [
        "call",
        "CancelInvoice",
        "--endpoint",
        &url,
        "--request",
        "-",
    ];
    let cli = |request: Value| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            // The simulator's own password is the one that must never be printed.
            run_with(&args, &request.to_string(), &env, PASSWORD)
        })
    };
    // The wrong password: a fault whose message contains "p" inside words.
    let r = cli(cancel_json(&no)).await.unwrap();
    r.assert_code(2);
    let fault = r.stderr_json();
    assert_eq!(fault["code"], "AUTHORIZATION_FAILED", "{r:#?}");
    assert_eq!(
        fault["message"], "Could not authorize the request. Check the username and password.",
        "{r:#?}"
    );
    // An invalid request: the validation message prints intact.
    let mut invalid = cancel_json(&no);
    invalid["CountryCode"] = "sweden".into();
    let r = cli(invalid).await.unwrap();
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("CountryCode: \"sweden\" does not match the pattern [A-Z]{2}"),
        "{r:#?}"
    );
    assert!(!r.stderr.contains("***"), "{r:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_is_never_printed() {
    let (sim, client) = simulator().await;
    let no = pending(&client).await;
    let url = sim.url();
    let request = cancel_json(&no).to_string();
    // `run` fails if the password given in the environment appears anywhere; here it is also
    // given as a flag, wrong, too long, and in malformed command lines.
    let wrong = "Wrong-Pw-9d4f!x";
    let too_long = format!("{PASSWORD}{}", "y".repeat(40));
    let env = |pw: &'static str| {
        vec![
            ("PAYMENT_SERVICE_USERNAME", USERNAME),
            ("PAYMENT_SERVICE_PASSWORD", pw),
        ]
    };
    let leak_free = |r: &Run, secret: &str| {
        assert!(
            !r.stdout.contains(secret) && !r.stderr.contains(secret),
            "{secret:?} was printed: {r:#?}"
        );
    };

    // Wrong password from the environment: an AUTHORIZATION_FAILED fault.
    let r = run(
        &[
            "call",
            "CancelInvoice",
            "--endpoint",
            &url,
            "--request",
            "-",
        ],
        &request,
        &env(wrong),
    )
    .await;
    r.assert_code(2);
    assert_eq!(r.stderr_json()["code"], "AUTHORIZATION_FAILED");
    leak_free(&r, wrong);

    // Too long: a validation error on the header that does not show the value.
    let r = run(
        &[
            "call",
            "CancelInvoice",
            "--endpoint",
            &url,
            "--request",
            "-",
            "--password",
            &too_long,
        ],
        &request,
        &env(PASSWORD),
    )
    .await;
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("Header.Password: is 58 characters long; at most 50 allowed"),
        "{r:#?}"
    );
    leak_free(&r, &too_long);

    // Malformed command lines that contain it.
    for args in [
        vec!["call", "CancelInvoice", "--password", wrong, "--request"],
        vec![
            "call",
            "CancelInvoice",
            "--request",
            "-",
            &format!("--password={wrong}"),
            "--nope",
        ],
        vec!["call", "--password", wrong],
        vec![
            "call",
            "CancelInvoice",
            "--password",
            "First-Pw-31x",
            "--password",
            wrong,
            "--bogus",
        ],
        // `--username` takes `--password` as its value, so the password is an unexpected argument.
        vec!["call", "CancelInvoice", "--username", "--password", wrong],
    ] {
        let r = run(&args, "", &env(PASSWORD)).await;
        r.assert_code(1);
        leak_free(&r, wrong);
        leak_free(&r, "First-Pw-31x");
    }

    // The right password as a flag: the call succeeds; the fault of a second call does not echo it.
    let args = [
        "call",
        "CancelInvoice",
        "--endpoint",
        &url,
        "--request",
        "-",
        "--password",
        PASSWORD,
        "--username",
        USERNAME,
    ];
    run(&args, &request, &[]).await.assert_code(0);
    let r = run(&args, &request, &[]).await;
    r.assert_code(2);
    assert_eq!(r.stderr_json()["code"], "INVALID_INVOICE_STATUS");
}

// ----- simulate --------------------------------------------------------------------------------

/// `simulate` serves until SIGTERM, then stops gracefully, with a keep-alive client connection
/// open: it says so and exits 0. (What the graceful shutdown does with connections is tested
/// on the runtime's server, `soap-runtime/tests/server.rs`.)
#[cfg(unix)]
#[test]
fn simulate_stops_gracefully_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_payment-service"))
        .args([
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--password",
            PASSWORD,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the payment-service binary starts");
    let (tx, lines) = std::sync::mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let kill = |child: &mut std::process::Child| {
        let _ = child.kill();
        let _ = child.wait();
    };
    let first = match lines.recv_timeout(BOUND) {
        Ok(line) => line,
        Err(e) => {
            kill(&mut child);
            panic!("simulate printed no address: {e}");
        }
    };
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();
    // It answers; an idle keep-alive connection stays open.
    let get = |keep_alive: bool| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(BOUND)).unwrap();
        let close = if keep_alive {
            ""
        } else {
            "Connection: close\r\n"
        };
        write!(
            s,
            "GET /PaymentServiceV10.svc?wsdl HTTP/1.1\r\nHost: {addr}\r\n{close}\r\n"
        )
        .unwrap();
        s
    };
    let mut answer = String::new();
    get(false).read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let mut idle = get(true);
    let mut buf = [0u8; 65536];
    assert!(
        idle.read(&mut buf).unwrap() > 0,
        "no answer on the keep-alive connection"
    );

    // SIGTERM.
    let sent = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        match child.try_wait().unwrap() {
            Some(status) => break status,
            None if started.elapsed() < BOUND => std::thread::sleep(Duration::from_millis(20)),
            None => {
                kill(&mut child);
                panic!("simulate did not stop within {BOUND:?} of SIGTERM");
            }
        }
    };
    let printed: Vec<String> = lines.try_iter().collect();
    let mut stderr = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    assert_eq!(status.code(), Some(0), "{printed:?} {stderr}");
    assert!(
        printed.iter().any(|l| l.starts_with("stopping:"))
            && printed.last().map(String::as_str) == Some("stopped"),
        "{printed:?}"
    );
    drop(idle);
    // Nothing listens any more.
    assert!(std::net::TcpStream::connect(&addr).is_err());
}
