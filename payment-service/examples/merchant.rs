//! A merchant's integration: per-call `ClientIpAddress`, the wire-logging hook writing every
//! envelope to files, and the merchant's own function tested against a mock.
//!
//!     cargo run -p payment-service --example merchant     # the checkout against the simulator
//!     cargo test -p payment-service --example merchant    # the same function against a mock
//!
//! `checkout` is the merchant's code. It takes any [`PaymentServiceApi`]: the HTTP `Client`
//! in production, a mock in unit tests (see `tests` at the end), or the simulator in-process.
//! Every purchase has its own customer, so the customer's IP address is set per call with
//! `Client::with_call_options`, on one shared client. A [`WireObserver`] writes each request
//! and response envelope to a file (the password replaced by `***`), as one would keep them
//! for support cases. Exits non-zero if anything is not as described.

#![cfg_attr(test, allow(dead_code))]

use payment_service::client::{WireObserver, WireRequest, WireResponse};
use payment_service::runtime::{Decimal, XsDateTime};
use payment_service::server::spawn_simulator_with;
use payment_service::simulator::Simulator;
use payment_service::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

/// A customer's basket, as the shop has it.
struct Purchase<'a> {
    order_no: &'a str,
    customer_ip: &'a str,
    reg_no: &'a str,
    items: &'a [(&'a str, i32, &'a str)],
}

/// How a checkout ended, as the shop shows it.
#[derive(Debug, PartialEq)]
enum Checkout {
    /// The invoice was created; its number.
    Invoiced(String),
    /// Walley declined the purchase (credit check): offer another payment method.
    Declined,
}

/// The merchant's checkout: one AddInvoice, the business faults mapped to what the shop does.
async fn checkout(api: &impl PaymentServiceApi, p: &Purchase<'_>) -> Result<Checkout, Error> {
    let address = Address::builder()
        .address1("Gatan 1")
        .city("Stockholm")
        .country_code("SE")
        .email("customer@example.com")
        .firstname("Test")
        .lastname("Customer")
        .postal_code("11122")
        .build()
        .unwrap();
    let rows = p
        .items
        .iter()
        .map(|(id, quantity, price)| {
            InvoiceRow::builder()
                .article_id(*id)
                .description(format!("Article {id}"))
                .quantity(*quantity)
                .unit_price(Decimal::from_str(price).expect("a price"))
                .vat(Decimal::from(25))
                .build()
                .unwrap()
        })
        .collect();
    let request = AddInvoiceRequest::builder()
        .activation_option(ActivationOption::Preliminary)
        .correlation_id(p.order_no)
        .country_code("SE")
        .currency("SEK")
        .delivery_address(address.clone())
        .invoice_address(address)
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(rows))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(XsDateTime::parse("2024-05-01T12:00:00").expect("a date-time"))
        .order_no(p.order_no)
        .reg_no(p.reg_no)
        .store_id(1234)
        .build()
        .unwrap();
    match api.add_invoice(&request).await {
        Ok(response) => Ok(Checkout::Invoiced(response.invoice_no)),
        Err(e) => match e.fault_code() {
            Some(FaultCode::CreditCheckDenied | FaultCode::DeniedToPurchase) => {
                Ok(Checkout::Declined)
            }
            _ => Err(e),
        },
    }
}

/// Writes every envelope to `dir`: `0001-AddInvoice-request.xml`, `0001-AddInvoice-response-200.xml`
/// (or `...-failed.txt` when no response came). The texts arrive with the password redacted.
struct EnvelopeFiles {
    dir: PathBuf,
}

impl EnvelopeFiles {
    fn write(&self, name: String, text: &str) {
        // A logging hook must never break the call: report and go on.
        if let Err(e) = std::fs::write(self.dir.join(&name), text) {
            eprintln!("cannot write {name}: {e}");
        }
    }
}

impl WireObserver for EnvelopeFiles {
    fn request(&self, r: &WireRequest<'_>) {
        let name = format!("{:04}-{}-request.xml", r.call_id, r.operation.name);
        self.write(name, r.envelope);
    }

    fn response(&self, r: &WireResponse<'_>) {
        let op = r.operation.name;
        match (r.status, r.body) {
            (Some(status), Some(body)) => {
                self.write(format!("{:04}-{op}-response-{status}.xml", r.call_id), body)
            }
            _ => {
                let failure = r.failure.unwrap_or("no response");
                let text = format!("{failure} (after {:?})\n", r.elapsed);
                self.write(format!("{:04}-{op}-failed.txt", r.call_id), &text);
            }
        }
    }
}

const USERNAME: &str = "shop-4711";
const PASSWORD: &str = "correct-horse-battery-staple";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(dir) => {
            println!("envelopes written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("merchant example failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<PathBuf, String> {
    let sim = spawn_simulator_with(Simulator::with_credentials(USERNAME, PASSWORD))
        .await
        .map_err(|e| format!("cannot start the simulator: {e}"))?;
    let dir =
        std::env::temp_dir().join(format!("payment-service-envelopes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir); // a previous run's files
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;

    // One client for the whole shop; the wire hook sees every exchange of it.
    let client = Client::builder()
        .endpoint(sim.url())
        .username(USERNAME)
        .password(PASSWORD)
        .observer(EnvelopeFiles { dir: dir.clone() })
        .build()
        .map_err(|e| e.to_string())?;

    let purchases = [
        Purchase {
            order_no: "ORDER-1001",
            customer_ip: "203.0.113.7",
            reg_no: "197001011234",
            items: &[("SOCKS", 2, "49.50")],
        },
        Purchase {
            order_no: "ORDER-1002",
            customer_ip: "198.51.100.23",
            reg_no: "198002023456",
            items: &[("HAT", 1, "199.00"), ("SCARF", 1, "149.00")],
        },
    ];
    for p in &purchases {
        // The customer's IP address for this call only; the shared client is unchanged.
        let call = client.with_call_options(CallOptions::new().client_ip_address(p.customer_ip));
        match checkout(&call, p).await.map_err(|e| e.to_string())? {
            Checkout::Invoiced(no) => {
                println!("{}: invoice {no} (customer {})", p.order_no, p.customer_ip)
            }
            Checkout::Declined => println!("{}: declined", p.order_no),
        }
    }
    // Without a ClientIpAddress AddInvoice is refused before anything is sent (no file).
    let err = checkout(&client, &purchases[0])
        .await
        .expect_err("AddInvoice requires ClientIpAddress");
    println!("without a customer IP: {}", err.kind());

    check_files(&dir, &purchases)?;
    sim.shutdown().await;
    Ok(dir)
}

/// Each purchase's request carries its own customer's IP address; no file holds the password.
fn check_files(dir: &Path, purchases: &[Purchase<'_>]) -> Result<(), String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string());
    let requests: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with("-request.xml"))
        .collect();
    let responses = names.iter().filter(|n| n.contains("-response-200")).count();
    if requests.len() != purchases.len() || responses != purchases.len() {
        return Err(format!(
            "expected {} exchanges, found {names:?}",
            purchases.len()
        ));
    }
    for (name, p) in requests.iter().zip(purchases) {
        let text = read(name)?;
        let ip = format!(
            "<pay:ClientIpAddress>{}</pay:ClientIpAddress>",
            p.customer_ip
        );
        if !text.contains(&ip) || !text.contains("<pay:Password>***</pay:Password>") {
            return Err(format!(
                "{name} lacks {ip} or the redacted password:\n{text}"
            ));
        }
    }
    for name in &names {
        if read(name)?.contains(PASSWORD) {
            return Err(format!("{name} contains the password"));
        }
        println!("  {name}");
    }
    Ok(())
}

/// The merchant's unit tests: `checkout` against a mock of the service, no network.
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Declines one registration number, invoices the others; records what it was sent.
    #[derive(Default)]
    struct MockWalley {
        seen: Mutex<Vec<(String, usize)>>,
    }

    impl PaymentServiceApi for MockWalley {
        async fn add_invoice(&self, r: &AddInvoiceRequest) -> Result<AddInvoiceResponse, Error> {
            self.seen
                .lock()
                .unwrap()
                .push((r.reg_no.clone(), r.invoice_rows.len()));
            if r.reg_no == "190001010000" {
                return Err(Fault::new(FaultCode::CreditCheckDenied, "Credit check denied").into());
            }
            Ok(AddInvoiceResponse::builder()
                .invoice_no("62400001")
                .invoice_status(1)
                .build()
                .unwrap())
        }
    }

    fn purchase(reg_no: &str) -> Purchase<'_> {
        Purchase {
            order_no: "ORDER-1",
            customer_ip: "203.0.113.7",
            reg_no,
            items: &[("SOCKS", 2, "49.50")],
        }
    }

    #[tokio::test]
    async fn an_approved_purchase_is_invoiced() {
        let mock = MockWalley::default();
        let outcome = checkout(&mock, &purchase("197001011234")).await.unwrap();
        assert_eq!(outcome, Checkout::Invoiced("62400001".into()));
        assert_eq!(*mock.seen.lock().unwrap(), [("197001011234".to_owned(), 1)]);
    }

    #[tokio::test]
    async fn a_denied_credit_check_is_a_decline_not_an_error() {
        let mock = MockWalley::default();
        let outcome = checkout(&mock, &purchase("190001010000")).await.unwrap();
        assert_eq!(outcome, Checkout::Declined);
    }
}
