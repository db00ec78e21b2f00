//! Quickstart: the typed client against the embedded simulator, no network or credentials needed.
//!
//!     cargo run --example quickstart
//!
//! Starts the in-memory simulator on 127.0.0.1, then walks an invoice through AddInvoice,
//! ReplaceInvoice, AdjustInvoice, ActivateInvoice, PartCreditInvoice and SendInvoice, cancels a
//! second invoice, and shows a deliberate fault. Exits non-zero if any step misbehaves.
//!
//! Against the real UAT service, build the client with
//! `.endpoint(payment_service::DEFAULT_ENDPOINT)` and your own username and password instead.

use payment_service::runtime::{Decimal, Nillable, XsDate, XsDateTime};
use payment_service::*;
use std::process::ExitCode;
use std::str::FromStr;

type Step<T> = Result<T, String>;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("a decimal literal")
}

fn row(id: &str, description: &str, quantity: i32, unit_price: &str) -> InvoiceRow {
    InvoiceRow {
        article_id: id.to_owned(),
        description: description.to_owned(),
        quantity,
        quantity_unit: Some("pcs".to_owned()),
        unit_price: dec(unit_price),
        vat: dec("25"),
    }
}

fn address() -> Address {
    Address {
        address1: Some("Gatan 1".to_owned()),
        address2: None,
        co_address: None,
        city: Some("Stockholm".to_owned()),
        company_name: None,
        country_code: Some("SE".to_owned()),
        email: Some("customer@example.com".to_owned()),
        firstname: Some("Test".to_owned()),
        lastname: Some("Customer".to_owned()),
        mobile_phone: None,
        phone_number: None,
        postal_code: Some("11122".to_owned()),
    }
}

fn add_invoice_request(rows: Vec<InvoiceRow>) -> Step<AddInvoiceRequest> {
    Ok(AddInvoiceRequest {
        activation_option: ActivationOption::Preliminary,
        correlation_id: Some(Nillable::Value("quickstart".to_owned())),
        cost_center: None,
        country_code: "SE".to_owned(),
        credit_time: None,
        currency: "SEK".to_owned(),
        customer_no: None,
        delivery_address: address(),
        gender: None,
        invoice_address: address(),
        invoice_delivery_method: InvoiceDeliveryMethod::Email,
        invoice_rows: rows,
        invoice_type: InvoiceType::DirectInvoice,
        order_date: XsDateTime::parse("2024-05-01T12:00:00").map_err(|e| e.to_string())?,
        order_no: Some(Nillable::Value("ORDER-1001".to_owned())),
        payment_info: None,
        product_code: None,
        purchase_type: None,
        reference: None,
        reg_no: "197001011234".to_owned(),
        sales_person: None,
        store_id: Some(Nillable::Value(STORE_ID)),
    })
}

const STORE_ID: i32 = 1234;

/// A value that may be absent or nil, for printing.
fn show<T: std::fmt::Display>(v: Option<&Nillable<T>>) -> String {
    match v {
        Some(Nillable::Value(x)) => x.to_string(),
        Some(Nillable::Nil) => "nil".to_owned(),
        None => "absent".to_owned(),
    }
}

fn expect<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Step<()> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: expected {want:?}, got {got:?}"))
    }
}

/// Turns a failed call of `step` into the message the quickstart prints.
fn fail(step: &'static str) -> impl Fn(Error) -> String {
    move |e| format!("{step} failed: {e}")
}

async fn walk(client: &Client) -> Step<()> {
    // 1. AddInvoice: a pending invoice with two rows (unit prices include VAT).
    let added = client
        .add_invoice(&add_invoice_request(vec![
            row("SKU-1", "T-shirt", 2, "199.00"),
            row("SKU-2", "Socks", 3, "49.90"),
        ])?)
        .await
        .map_err(fail("AddInvoice"))?;
    let no = added.invoice_no.clone();
    println!(
        "AddInvoice        → invoice {no}, status {} (pending), total {}",
        added.invoice_status,
        show(added.total_amount.as_ref())
    );
    expect("AddInvoice status", added.invoice_status, 1)?;
    expect(
        "AddInvoice total",
        added.total_amount,
        Some(Nillable::Value(dec("547.70"))),
    )?;

    // 2. ReplaceInvoice: the customer changed the order before delivery.
    let replaced = client
        .replace_invoice(&ReplaceInvoiceRequest {
            correlation_id: "quickstart-replace".to_owned(),
            country_code: "SE".to_owned(),
            invoice_no: no.clone(),
            invoice_rows: vec![
                row("SKU-1", "T-shirt", 3, "199.00"),
                row("SKU-3", "Cap", 1, "129.00"),
            ],
            purchase_classification: Nillable::Nil,
            store_id: STORE_ID,
        })
        .await
        .map_err(fail("ReplaceInvoice"))?;
    println!(
        "ReplaceInvoice    → status {}, total {}",
        replaced.invoice_status, replaced.total_amount
    );
    expect("ReplaceInvoice total", replaced.total_amount, dec("726.00"))?;

    // 3. AdjustInvoice: a discount row.
    client
        .adjust_invoice(&AdjustInvoiceRequest {
            correlation_id: Nillable::Value("quickstart-adjust".to_owned()),
            country_code: "SE".to_owned(),
            invoice_no: no.clone(),
            invoice_rows: vec![row("DISCOUNT", "Discount", 1, "-26.00")],
            purchase_classification: Nillable::Nil,
            settlement_reference: Nillable::Nil,
            store_id: Nillable::Value(STORE_ID),
        })
        .await
        .map_err(fail("AdjustInvoice"))?;
    println!("AdjustInvoice     → discount of 26.00 added");

    // 4. ActivateInvoice: the goods ship.
    let activated = client
        .activate_invoice(&ActivateInvoiceRequest {
            correlation_id: "quickstart-activate".to_owned(),
            country_code: "SE".to_owned(),
            invoice_no: no.clone(),
            payment_info: None,
            store_id: STORE_ID,
        })
        .await
        .map_err(fail("ActivateInvoice"))?;
    println!(
        "ActivateInvoice   → total {}, due {}, {}",
        activated.total_amount, activated.due_date, activated.invoice_url
    );
    expect(
        "ActivateInvoice total",
        activated.total_amount,
        dec("700.00"),
    )?;

    // 5. PartCreditInvoice: one T-shirt comes back.
    client
        .part_credit_invoice(&PartCreditInvoiceRequest {
            article_list: vec![Article {
                article_id: Some("SKU-1".to_owned()),
                description: None,
                quantity: 1,
                unit_price: None,
            }],
            correlation_id: None,
            country_code: "SE".to_owned(),
            credit_date: DateOrDateTime::Date(
                XsDate::parse("2024-05-10").map_err(|e| e.to_string())?,
            ),
            invoice_no: no.clone(),
            settlement_reference: Nillable::Nil,
            store_id: Nillable::Value(STORE_ID),
        })
        .await
        .map_err(fail("PartCreditInvoice"))?;
    println!("PartCreditInvoice → 1 × SKU-1 credited");

    // 6. SendInvoice: e-mail the updated invoice.
    let sent = client
        .send_invoice(&SendInvoiceRequest {
            correlation_id: "quickstart-send".to_owned(),
            country_code: "SE".to_owned(),
            email: "customer@example.com".to_owned(),
            invoice_delivery_method: InvoiceDeliveryMethod::Email,
            invoice_no: no.clone(),
            store_id: STORE_ID,
        })
        .await
        .map_err(fail("SendInvoice"))?;
    println!(
        "SendInvoice       → total {}, payment reference {}",
        show(Some(&sent.total_amount)),
        show(Some(&sent.payment_reference))
    );
    expect(
        "SendInvoice total",
        sent.total_amount,
        Nillable::Value(dec("501.00")),
    )?;

    // 7. A second invoice, cancelled before activation.
    let second = client
        .add_invoice(&add_invoice_request(vec![row(
            "SKU-9", "Umbrella", 1, "299.00",
        )])?)
        .await
        .map_err(fail("AddInvoice (second)"))?
        .invoice_no;
    let cancel = |invoice_no: &str| CancelInvoiceRequest {
        correlation_id: "quickstart-cancel".to_owned(),
        country_code: "SE".to_owned(),
        invoice_no: invoice_no.to_owned(),
        store_id: STORE_ID,
    };
    client
        .cancel_invoice(&cancel(&second))
        .await
        .map_err(fail("CancelInvoice"))?;
    let info = client
        .get_invoice_information(&GetInvoiceInformationRequest {
            correlation_id: "quickstart-info".to_owned(),
            country_code: "SE".to_owned(),
            invoice_no: second.clone(),
            store_id: STORE_ID,
        })
        .await
        .map_err(fail("GetInvoiceInformation"))?;
    println!(
        "CancelInvoice     → invoice {second} cancelled (status {})",
        show(Some(&info.status))
    );
    expect(
        "status of the cancelled invoice",
        info.status,
        Nillable::Value(2),
    )?;

    // 8. A deliberate fault: an activated invoice cannot be cancelled.
    match client.cancel_invoice(&cancel(&no)).await {
        Err(e) if e.fault_code() == Some(&FaultCode::InvalidInvoiceStatus) => {
            println!("CancelInvoice     → fault, as expected: {}", e.kind());
            Ok(())
        }
        Err(e) => Err(format!(
            "cancelling the activated invoice: expected INVALID_INVOICE_STATUS, got {e}"
        )),
        Ok(_) => Err(
            "cancelling the activated invoice succeeded; expected INVALID_INVOICE_STATUS"
                .to_owned(),
        ),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let simulator = match payment_service::server::spawn_simulator().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("could not start the simulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("simulator listening at {}\n", simulator.url());
    let client = match Client::builder()
        .endpoint(simulator.url())
        .username("USERNAME")
        .password("PASSWORD")
        .client_ip_address("127.0.0.1")
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("could not build the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    match walk(&client).await {
        Ok(()) => {
            println!("\nall steps behaved as documented");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\nFAILED: {e}");
            ExitCode::FAILURE
        }
    }
}
