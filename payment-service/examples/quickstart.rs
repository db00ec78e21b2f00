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

use payment_service::runtime::{Decimal, XsDate, XsDateTime};
use payment_service::*;
use std::process::ExitCode;

/// A step's failure: a request that breaks the schema's rules (`build()`), a failed call, or
/// an answer other than the documented one.
type Step<T> = Result<T, Box<dyn std::error::Error>>;

const STORE_ID: i32 = 1234;

fn dec(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

fn row(id: &str, description: &str, quantity: i32, unit_price: &str) -> Step<InvoiceRow> {
    Ok(InvoiceRow::builder()
        .article_id(id)
        .description(description)
        .quantity(quantity)
        .quantity_unit("pcs")
        .unit_price(dec(unit_price))
        .vat(dec("25"))
        .build()?)
}

fn address() -> Step<Address> {
    Ok(Address::builder()
        .firstname("Test")
        .lastname("Customer")
        .address1("Gatan 1")
        .postal_code("11122")
        .city("Stockholm")
        .country_code("SE")
        .email("customer@example.com")
        .build()?)
}

fn add_invoice_request(rows: Vec<InvoiceRow>) -> Step<AddInvoiceRequest> {
    Ok(AddInvoiceRequest::builder()
        .store_id(STORE_ID)
        .country_code("SE")
        .currency("SEK")
        .reg_no("197001011234")
        .order_no("ORDER-1001")
        .order_date(XsDateTime::parse("2024-05-01T12:00:00")?)
        .activation_option(ActivationOption::Preliminary)
        .invoice_type(InvoiceType::DirectInvoice)
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .invoice_address(address()?)
        .delivery_address(address()?)
        .set_invoice_rows(Some(rows))
        .correlation_id("quickstart")
        .build()?)
}

fn expect<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Step<()> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: expected {want:?}, got {got:?}").into())
    }
}

/// A value that may be absent or nil, for printing.
fn show<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

async fn walk(client: &Client) -> Step<()> {
    // 1. AddInvoice: a pending invoice with two rows (unit prices include VAT).
    let rows = vec![
        row("SKU-1", "T-shirt", 2, "199.00")?,
        row("SKU-2", "Socks", 3, "49.90")?,
    ];
    let added = client.add_invoice(&add_invoice_request(rows)?).await?;
    let no = added.invoice_no().to_owned();
    let total = show(added.total_amount());
    println!(
        "AddInvoice        → invoice {no}, status {} (pending), total {total}",
        added.invoice_status()
    );
    expect("AddInvoice status", *added.invoice_status(), 1)?;
    expect(
        "AddInvoice total",
        added.total_amount(),
        Some(&dec("547.70")),
    )?;

    // 2. ReplaceInvoice: the customer changed the order before delivery.
    let replace = ReplaceInvoiceRequest::builder()
        .store_id(STORE_ID)
        .country_code("SE")
        .invoice_no(&no)
        .invoice_rows(row("SKU-1", "T-shirt", 3, "199.00")?)
        .invoice_rows(row("SKU-3", "Cap", 1, "129.00")?)
        .purchase_classification_nil()
        .correlation_id("quickstart-replace")
        .build()?;
    let replaced = client.replace_invoice(&replace).await?;
    let total = replaced.total_amount();
    println!(
        "ReplaceInvoice    → status {}, total {total}",
        replaced.invoice_status()
    );
    expect("ReplaceInvoice total", total, &dec("726.00"))?;

    // 3. AdjustInvoice: a discount row.
    let adjust = AdjustInvoiceRequest::builder()
        .store_id(STORE_ID)
        .country_code("SE")
        .invoice_no(&no)
        .invoice_rows(row("DISCOUNT", "Discount", 1, "-26.00")?)
        .purchase_classification_nil()
        .settlement_reference_nil()
        .correlation_id("quickstart-adjust")
        .build()?;
    client.adjust_invoice(&adjust).await?;
    println!("AdjustInvoice     → discount of 26.00 added");

    // 4. ActivateInvoice: the goods ship.
    let activate = ActivateInvoiceRequest::builder()
        .store_id(STORE_ID)
        .country_code("SE")
        .invoice_no(&no)
        .correlation_id("quickstart-activate")
        .build()?;
    let activated = client.activate_invoice(&activate).await?;
    let (total, due) = (activated.total_amount(), activated.due_date());
    println!(
        "ActivateInvoice   → total {total}, due {due}, {}",
        activated.invoice_url()
    );
    expect("ActivateInvoice total", total, &dec("700.00"))?;

    // 5. PartCreditInvoice: one T-shirt comes back.
    let credit = PartCreditInvoiceRequest::builder()
        .store_id(STORE_ID)
        .country_code("SE")
        .invoice_no(&no)
        .article_list(Article::builder().article_id("SKU-1").quantity(1).build()?)
        .credit_date(DateOrDateTime::Date(XsDate::parse("2024-05-10")?))
        .settlement_reference_nil()
        .build()?;
    client.part_credit_invoice(&credit).await?;
    println!("PartCreditInvoice → 1 × SKU-1 credited");

    // 6. SendInvoice: e-mail the updated invoice.
    let send = SendInvoiceRequest::builder()
        .store_id(STORE_ID)
        .country_code("SE")
        .invoice_no(&no)
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .email("customer@example.com")
        .correlation_id("quickstart-send")
        .build()?;
    let sent = client.send_invoice(&send).await?;
    let (total, reference) = (show(sent.total_amount()), show(sent.payment_reference()));
    println!("SendInvoice       → total {total}, payment reference {reference}");
    expect(
        "SendInvoice total",
        sent.total_amount(),
        Some(&dec("501.00")),
    )?;

    // 7. A second invoice, cancelled before activation.
    let rows = vec![row("SKU-9", "Umbrella", 1, "299.00")?];
    let second = client
        .add_invoice(&add_invoice_request(rows)?)
        .await?
        .invoice_no;
    let cancel = |invoice_no: &str| {
        CancelInvoiceRequest::builder()
            .store_id(STORE_ID)
            .country_code("SE")
            .invoice_no(invoice_no)
            .correlation_id("quickstart-cancel")
            .build()
    };
    client.cancel_invoice(&cancel(&second)?).await?;
    let info = GetInvoiceInformationRequest::builder()
        .store_id(STORE_ID)
        .country_code("SE")
        .invoice_no(&second)
        .correlation_id("quickstart-info")
        .build()?;
    let info = client.get_invoice_information(&info).await?;
    println!(
        "CancelInvoice     → invoice {second} cancelled (status {})",
        show(info.status())
    );
    expect("status of the cancelled invoice", info.status(), Some(&2))?;

    // 8. A deliberate fault: an activated invoice cannot be cancelled.
    match client.cancel_invoice(&cancel(&no)?).await {
        Err(e) if e.fault_code() == Some(&FaultCode::InvalidInvoiceStatus) => {
            println!("CancelInvoice     → fault, as expected: {}", e.kind());
            Ok(())
        }
        Err(e) => Err(format!(
            "cancelling the activated invoice: expected INVALID_INVOICE_STATUS, got {e}"
        )
        .into()),
        Ok(_) => Err(
            "cancelling the activated invoice succeeded; expected INVALID_INVOICE_STATUS".into(),
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
    let client = Client::builder()
        .endpoint(simulator.url())
        .username("USERNAME")
        .password("PASSWORD")
        .client_ip_address("127.0.0.1")
        .build();
    let outcome = match client {
        Ok(client) => walk(&client).await,
        Err(e) => Err(e.into()),
    };
    match outcome {
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
