//! Checkout: what a merchant's checkout does before and after the purchase, against the
//! embedded simulator, no network or credentials needed.
//!
//!     cargo run --example checkout
//!
//! 1. GetAddress: the customer types their civic registration number; the registered address
//!    fills in the form.
//! 2. GetProducts: the payment options for the cart total, each with its purchase preview
//!    (fees, interest, lowest and monthly amount, first due date), shown before the purchase.
//! 3. AddInvoice with the chosen product's code, then ActivateInvoice when the goods ship.
//! 4. A refused purchase: the simulator's test person 197011193187 fails the credit check
//!    (`CREDIT_CHECK_DENIED`), and the checkout offers another way to pay.
//!
//! Exits non-zero if any step misbehaves. Against the real UAT service, build the client with
//! `.endpoint(payment_service::DEFAULT_ENDPOINT)` and your own username and password instead
//! (GetAddress and GetProducts need an agreement with Walley).

use payment_service::runtime::{Decimal, Nillable, XsDateTime};
use payment_service::simulator::persons;
use payment_service::*;
use std::process::ExitCode;
use std::str::FromStr;

type Step<T> = Result<T, String>;

const STORE_ID: i32 = 1234;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("a decimal literal")
}

/// Turns a failed call of `step` into the message the example prints.
fn fail(step: &'static str) -> impl Fn(Error) -> String {
    move |e| format!("{step} failed: {e}")
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "-".to_owned(), ToString::to_string)
}

fn show_nillable<T: std::fmt::Display>(v: &Option<Nillable<T>>) -> String {
    match v {
        Some(Nillable::Value(x)) => x.to_string(),
        _ => "-".to_owned(),
    }
}

/// The cart: unit prices include VAT.
fn cart() -> Vec<InvoiceRow> {
    let row = |id: &str, description: &str, quantity: i32, price: &str| {
        InvoiceRow::builder()
            .article_id(id.to_owned())
            .description(description.to_owned())
            .quantity(quantity)
            .quantity_unit("pcs")
            .unit_price(dec(price))
            .vat(dec("25"))
            .build()
            .unwrap()
    };
    vec![
        row("BIKE-7", "City bike", 1, "2999.00"),
        row("LOCK-2", "Bike lock", 2, "249.50"),
    ]
}

/// Step 1: the address form, filled in from the population register.
async fn look_up(client: &Client, reg_no: &str) -> Step<Address> {
    let found = client
        .get_address(
            &GetAddressRequest::builder()
                .correlation_id("checkout-address")
                .country_code("SE")
                .reg_no(reg_no.to_owned())
                .store_id(STORE_ID)
                .build()
                .unwrap(),
        )
        .await
        .map_err(fail("GetAddress"))?;
    let addresses = found.addresses.unwrap_or_default();
    println!(
        "GetAddress      → {} {}, {} registered address(es):",
        found.firstname,
        found.lastname,
        addresses.len()
    );
    for a in &addresses {
        println!(
            "                  {}{}, {} {}",
            show(&a.address1),
            a.co_address
                .as_ref()
                .map(|c| format!(" (c/o {c})"))
                .unwrap_or_default(),
            show(&a.postal_code),
            show(&a.city)
        );
    }
    let first = addresses.first().ok_or("GetAddress returned no address")?;
    Ok(Address::builder()
        .set_address1(first.address1.clone())
        .set_address2(first.address2.clone())
        .set_co_address(first.co_address.clone())
        .set_city(first.city.clone())
        .set_country_code(first.country_code.clone())
        .email("customer@example.com")
        .firstname(found.firstname)
        .lastname(found.lastname)
        .mobile_phone("+46701234567")
        .set_postal_code(first.postal_code.clone())
        .build()
        .unwrap())
}

/// Step 2: the payment options for `total`, with their previews (printed when `print`);
/// returns the product to use.
async fn choose_product(
    client: &Client,
    total: Decimal,
    wanted: &str,
    print: bool,
) -> Step<Product> {
    let offered = client
        .get_products(
            &GetProductsRequest::builder()
                .amount(total)
                .correlation_id("checkout-products")
                .country_code("SE")
                .store_id(STORE_ID)
                .build()
                .unwrap(),
        )
        .await
        .map_err(fail("GetProducts"))?;
    let products = offered.products.into_option().unwrap_or_default();
    if !print {
        return products
            .into_iter()
            .find(|p| p.product_code.as_deref() == Some(wanted))
            .ok_or_else(|| format!("{wanted} is not offered for {total}"));
    }
    println!(
        "GetProducts     → {} payment options for {total} SEK:",
        products.len()
    );
    for p in &products {
        let preview = p
            .purchase_preview
            .as_ref()
            .and_then(|v| v.first())
            .ok_or_else(|| format!("{} has no preview", show(&p.product_code)))?;
        println!(
            "  {:<10} {:<52} first payment {:>8} by {}, monthly {:>7}, interest {}%, fees: start {}, per notice {}, campaign {}",
            show(&p.product_code),
            show(&p.product_description),
            show(&preview.lowest_amount_to_pay),
            preview
                .due_date
                .as_ref()
                .map_or("-", |d| &d.as_str()[..10]),
            show_nillable(&preview.monthly_amount),
            show(&preview.yearly_interest_rate),
            show(&preview.origination_fee),
            show(&preview.initial_notification_fee),
            show(&preview.campaign_fee),
        );
    }
    products
        .into_iter()
        .find(|p| p.product_code.as_deref() == Some(wanted))
        .ok_or_else(|| format!("{wanted} is not offered for {total}"))
}

fn purchase(reg_no: &str, address: Address, product: &Product) -> Step<AddInvoiceRequest> {
    Ok(AddInvoiceRequest::builder()
        .activation_option(ActivationOption::Preliminary)
        .correlation_id("checkout-order-5001")
        .country_code("SE")
        .currency("SEK")
        .delivery_address(address.clone())
        .invoice_address(address)
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(cart()))
        .invoice_type(product.invoice_type.unwrap_or(InvoiceType::DirectInvoice))
        .order_date(XsDateTime::parse("2025-03-10T12:00:00").map_err(|e| e.to_string())?)
        .order_no("ORDER-5001")
        .set_product_code(product.product_code.clone().map(Nillable::Value))
        .reg_no(reg_no.to_owned())
        .store_id(STORE_ID)
        .build()
        .unwrap())
}

async fn checkout(client: &Client) -> Step<()> {
    let total: Decimal = cart()
        .iter()
        .map(|r| Decimal::from(r.quantity) * r.unit_price)
        .sum();
    println!(
        "Customer 1: {} (approved), cart total {total}\n",
        persons::APPROVED
    );
    let address = look_up(client, persons::APPROVED).await?;
    let product = choose_product(client, total, "PARTPAY12", true).await?;
    println!("The customer picks PARTPAY12.");

    // 3. The purchase, then the activation when the goods ship.
    let added = client
        .add_invoice(&purchase(persons::APPROVED, address, &product)?)
        .await
        .map_err(fail("AddInvoice"))?;
    println!(
        "AddInvoice      → invoice {}, status {} (pending), total {}",
        added.invoice_no,
        added.invoice_status,
        show_nillable(&added.total_amount)
    );
    if added.invoice_status != 1 || added.total_amount != Some(Nillable::Value(total)) {
        return Err(format!("AddInvoice: unexpected answer {added:?}"));
    }
    let activated = client
        .activate_invoice(
            &ActivateInvoiceRequest::builder()
                .correlation_id("checkout-activate")
                .country_code("SE")
                .invoice_no(added.invoice_no.clone())
                .store_id(STORE_ID)
                .build()
                .unwrap(),
        )
        .await
        .map_err(fail("ActivateInvoice"))?;
    println!(
        "ActivateInvoice → total {}, due {}, payment reference {}",
        activated.total_amount,
        activated.due_date,
        activated
            .payment_reference
            .value()
            .map_or("-", String::as_str)
    );
    if activated.total_amount != total {
        return Err(format!("ActivateInvoice: total {}", activated.total_amount));
    }

    // 4. A refused purchase: the credit check says no.
    println!(
        "\nCustomer 2: {} (the test person the credit check refuses)\n",
        persons::CREDIT_DENIED
    );
    let address = look_up(client, persons::CREDIT_DENIED).await?;
    let invoice = choose_product(client, total, "INVOICE", false).await?;
    match client
        .add_invoice(&purchase(persons::CREDIT_DENIED, address, &invoice)?)
        .await
    {
        Err(e) if e.fault_code() == Some(&FaultCode::CreditCheckDenied) => {
            println!("AddInvoice      → refused, as expected: {e}");
            println!("                  the checkout asks the customer for another payment method");
            Ok(())
        }
        Err(e) => Err(format!(
            "AddInvoice for the refused customer: expected CREDIT_CHECK_DENIED, got {e}"
        )),
        Ok(r) => Err(format!(
            "AddInvoice for the refused customer succeeded ({}); expected CREDIT_CHECK_DENIED",
            r.invoice_no
        )),
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
    match checkout(&client).await {
        Ok(()) => {
            println!("\nthe checkout behaved as documented");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\ncheckout: {e}");
            ExitCode::FAILURE
        }
    }
}
