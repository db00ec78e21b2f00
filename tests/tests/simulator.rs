//! End to end over loopback HTTP: the generated client against the in-memory simulator,
//! served by `payment_service::server`. One test per operation's success path, one per fault
//! the simulator returns, a concurrency test, and raw-HTTP tests of what the server does with
//! malformed requests and `GET ?wsdl`.

use payment_service::runtime::{Decimal, Nillable, XsDateTime};
use payment_service::server::{spawn_simulator, spawn_simulator_with, ServerHandle};
use payment_service::simulator::{InvoiceState, Simulator, SimulatorConfig};
use payment_service::*;
use std::str::FromStr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn client_for(sim: &ServerHandle<Simulator>) -> Client {
    Client::builder()
        .endpoint(sim.url())
        .username("USERNAME")
        .password("PASSWORD")
        .client_ip_address("127.0.0.1")
        .build()
        .unwrap()
}

async fn setup() -> (ServerHandle<Simulator>, Client) {
    let sim = spawn_simulator().await.unwrap();
    let client = client_for(&sim);
    (sim, client)
}

fn row(id: &str, qty: i32, price: &str) -> InvoiceRow {
    InvoiceRow::builder()
        .article_id(id.to_owned())
        .description(format!("Article {id}"))
        .quantity(qty)
        .quantity_unit("pcs")
        .unit_price(dec(price))
        .vat(dec("25"))
        .build()
        .unwrap()
}

fn article(id: &str, qty: i32, price: Option<&str>) -> Article {
    Article::builder()
        .article_id(id.to_owned())
        .quantity(qty)
        .set_unit_price(price.map(dec))
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

fn add_request(rows: Vec<InvoiceRow>, activation: ActivationOption) -> AddInvoiceRequest {
    AddInvoiceRequest::builder()
        .activation_option(activation)
        .correlation_id("add")
        .country_code("SE")
        .currency("SEK")
        .delivery_address(address())
        .invoice_address(address())
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(rows))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(XsDateTime::parse("2024-05-01T12:00:00").unwrap())
        .order_no("ORDER-1")
        .reg_no("197001011234")
        .store_id(1234)
        .build()
        .unwrap()
}

async fn add(client: &Client, rows: Vec<InvoiceRow>) -> String {
    client
        .add_invoice(&add_request(rows, ActivationOption::Preliminary))
        .await
        .unwrap()
        .invoice_no
}

async fn add_activated(client: &Client, rows: Vec<InvoiceRow>) -> String {
    let no = add(client, rows).await;
    client.activate_invoice(&activate_req(&no)).await.unwrap();
    no
}

fn activate_req(no: &str) -> ActivateInvoiceRequest {
    ActivateInvoiceRequest::builder()
        .correlation_id("act")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn cancel_req(no: &str) -> CancelInvoiceRequest {
    CancelInvoiceRequest::builder()
        .correlation_id("cancel")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn part_activate_req(no: &str, articles: Vec<Article>) -> PartActivateInvoiceRequest {
    PartActivateInvoiceRequest::builder()
        .set_article_list(Some(articles))
        .correlation_id("partact")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn credit_req(no: &str) -> CreditInvoiceRequest {
    CreditInvoiceRequest::builder()
        .correlation_id("credit")
        .country_code("SE")
        .credit_date(DateOrDateTime::DateTime(
            XsDateTime::parse("2024-05-02T10:00:00").unwrap(),
        ))
        .invoice_no(no.to_owned())
        .settlement_reference_nil()
        .store_id(1234)
        .build()
        .unwrap()
}

fn part_credit_req(no: &str, articles: Vec<Article>) -> PartCreditInvoiceRequest {
    PartCreditInvoiceRequest::builder()
        .set_article_list(Some(articles))
        .country_code("SE")
        .credit_date(DateOrDateTime::Date(
            payment_service::runtime::XsDate::parse("2024-05-02").unwrap(),
        ))
        .invoice_no(no.to_owned())
        .settlement_reference("111")
        .store_id(1234)
        .build()
        .unwrap()
}

fn adjust_req(no: &str, rows: Vec<InvoiceRow>) -> AdjustInvoiceRequest {
    AdjustInvoiceRequest::builder()
        .correlation_id("adjust")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .set_invoice_rows(Some(rows))
        .purchase_classification_nil()
        .settlement_reference_nil()
        .store_id(1234)
        .build()
        .unwrap()
}

fn replace_req(no: &str, rows: Vec<InvoiceRow>) -> ReplaceInvoiceRequest {
    ReplaceInvoiceRequest::builder()
        .correlation_id("replace")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .set_invoice_rows(Some(rows))
        .purchase_classification_nil()
        .store_id(1234)
        .build()
        .unwrap()
}

fn send_req(no: &str, email: &str) -> SendInvoiceRequest {
    SendInvoiceRequest::builder()
        .correlation_id("send")
        .country_code("SE")
        .email(email.to_owned())
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn info_req(no: &str) -> GetInvoiceInformationRequest {
    GetInvoiceInformationRequest::builder()
        .correlation_id("info")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn extend_req(no: &str) -> ExtendDueDateRequest {
    ExtendDueDateRequest::builder()
        .correlation_id("extend")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn order_req(no: &str, order: &str) -> SetOrderNumberRequest {
    SetOrderNumberRequest::builder()
        .correlation_id("order")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .new_order_number(order.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

/// The fault code of a failed call, panicking on success or on a non-fault error.
fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(e) => match e.fault_code() {
            Some(c) => {
                assert_eq!(e.http_status(), Some(500), "faults come with HTTP 500");
                c.as_str().to_owned()
            }
            None => panic!("expected a SOAP fault, got {e}"),
        },
        Ok(v) => panic!("expected a fault, got {v:?}"),
    }
}

async fn status(client: &Client, no: &str) -> i32 {
    *client
        .get_invoice_information(&info_req(no))
        .await
        .unwrap()
        .status
        .value()
        .unwrap()
}

// ----- success paths ---------------------------------------------------------------------------

#[tokio::test]
async fn add_invoice_numbers_sequentially_and_sums_exactly() {
    let (sim, client) = setup().await;
    let r = client
        .add_invoice(&add_request(
            vec![row("A", 3, "33.33"), row("B", 1, "0.01")],
            ActivationOption::Preliminary,
        ))
        .await
        .unwrap();
    assert_eq!(r.invoice_status, 1, "pending");
    assert_eq!(r.total_amount, Some(Nillable::Value(dec("100.00"))));
    assert_eq!(r.correlation_id, Some(Nillable::Value("add".to_owned())));
    let next = add(&client, vec![row("A", 1, "10")]).await;
    assert_eq!(
        next.parse::<u64>().unwrap(),
        r.invoice_no.parse::<u64>().unwrap() + 1
    );
    assert_eq!(
        sim.service()
            .invoice(&r.invoice_no)
            .unwrap()
            .order_no
            .as_deref(),
        Some("ORDER-1")
    );
}

#[tokio::test]
async fn add_invoice_with_auto_activation_is_activated() {
    let (_sim, client) = setup().await;
    let r = client
        .add_invoice(&add_request(
            vec![row("A", 2, "50")],
            ActivationOption::AutoActivation,
        ))
        .await
        .unwrap();
    assert_eq!(r.invoice_status, 3);
    assert!(matches!(r.due_date, Some(Nillable::Value(_))));
    assert_eq!(status(&client, &r.invoice_no).await, 3);
}

#[tokio::test]
async fn activate_invoice_returns_due_date_and_totals() {
    let (_sim, client) = setup().await;
    let no = add(&client, vec![row("A", 2, "99.50")]).await;
    let r = client.activate_invoice(&activate_req(&no)).await.unwrap();
    assert_eq!(r.total_amount, dec("199.00"));
    assert_eq!(r.correlation_id, Nillable::Value("act".to_owned()));
    assert!(r.invoice_url.contains(&no));
    assert_eq!(status(&client, &no).await, 3);
}

#[tokio::test]
async fn part_activate_invoice_splits_off_the_rest() {
    let (sim, client) = setup().await;
    let no = add(&client, vec![row("A", 5, "10"), row("B", 2, "7.5")]).await;
    let r = client
        .part_activate_invoice(&part_activate_req(&no, vec![article("A", 2, None)]))
        .await
        .unwrap();
    assert_eq!(r.total_amount, dec("20"));
    let Some(Nillable::Value(new_no)) = r.new_invoice_no else {
        panic!("no NewInvoiceNo: {:?}", r.new_invoice_no)
    };
    assert_ne!(new_no, no);
    assert_eq!(status(&client, &no).await, 3);
    assert_eq!(status(&client, &new_no).await, 1);
    assert_eq!(sim.service().invoice(&new_no).unwrap().total(), dec("45.0"));
    // Activating everything that is left: no new invoice.
    let r = client
        .part_activate_invoice(&part_activate_req(
            &new_no,
            vec![article("A", 3, None), article("B", 2, None)],
        ))
        .await
        .unwrap();
    assert_eq!(r.new_invoice_no, Some(Nillable::Nil));
    assert_eq!(r.total_amount, dec("45.0"));
}

#[tokio::test]
async fn cancel_invoice_cancels_a_pending_invoice() {
    let (_sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "10")]).await;
    let r = client.cancel_invoice(&cancel_req(&no)).await.unwrap();
    assert_eq!(r.correlation_id, Nillable::Value("cancel".to_owned()));
    assert_eq!(status(&client, &no).await, 2);
}

#[tokio::test]
async fn replace_invoice_replaces_rows() {
    let (_sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "10")]).await;
    let r = client
        .replace_invoice(&replace_req(
            &no,
            vec![row("X", 11, "11"), row("Y", 3, "0.33")],
        ))
        .await
        .unwrap();
    assert_eq!(r.invoice_status, 1);
    assert_eq!(r.total_amount, dec("121.99"));
}

#[tokio::test]
async fn adjust_invoice_adds_rows() {
    let (sim, client) = setup().await;
    let no = add(&client, vec![row("A", 10, "100")]).await;
    client
        .adjust_invoice(&adjust_req(
            &no,
            vec![row("D", 1, "-100"), row("E", 2, "0.25")],
        ))
        .await
        .unwrap();
    assert_eq!(sim.service().invoice(&no).unwrap().total(), dec("900.50"));
    // Down to exactly zero is allowed.
    client
        .adjust_invoice(&adjust_req(&no, vec![row("D", 1, "-900.50")]))
        .await
        .unwrap();
    assert_eq!(sim.service().invoice(&no).unwrap().total(), Decimal::ZERO);
}

#[tokio::test]
async fn credit_invoice_credits_everything() {
    let (sim, client) = setup().await;
    let no = add_activated(&client, vec![row("A", 2, "10")]).await;
    let r = client.credit_invoice(&credit_req(&no)).await.unwrap();
    assert_eq!(r.correlation_id, Nillable::Value("credit".to_owned()));
    let inv = sim.service().invoice(&no).unwrap();
    assert_eq!(inv.state, InvoiceState::Credited);
    assert_eq!(inv.total(), Decimal::ZERO);
}

#[tokio::test]
async fn part_credit_invoice_credits_quantities() {
    let (sim, client) = setup().await;
    let no = add_activated(&client, vec![row("A", 5, "10"), row("B", 1, "3.3")]).await;
    client
        .part_credit_invoice(&part_credit_req(&no, vec![article("A", 2, Some("10"))]))
        .await
        .unwrap();
    assert_eq!(sim.service().invoice(&no).unwrap().total(), dec("33.3"));
    client
        .part_credit_invoice(&part_credit_req(
            &no,
            vec![article("A", 3, None), article("B", 1, None)],
        ))
        .await
        .unwrap();
    assert_eq!(
        sim.service().invoice(&no).unwrap().state,
        InvoiceState::Credited
    );
}

#[tokio::test]
async fn send_invoice_reports_amounts() {
    let (sim, client) = setup().await;
    let no = add_activated(&client, vec![row("A", 3, "1170")]).await;
    let r = client
        .send_invoice(&send_req(&no, "kund@example.com"))
        .await
        .unwrap();
    assert_eq!(r.total_amount, Nillable::Value(dec("3510")));
    assert_eq!(r.new_invoice_no, Nillable::Nil);
    assert_eq!(r.correlation_id, Nillable::Value("send".to_owned()));
    assert!(matches!(r.due_date, Nillable::Value(_)));
    assert_eq!(sim.service().invoice(&no).unwrap().times_sent, 1);
}

#[tokio::test]
async fn get_invoice_information_follows_the_life_of_an_invoice() {
    let (_sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "10")]).await;
    let r = client
        .get_invoice_information(&info_req(&no))
        .await
        .unwrap();
    assert_eq!(r.status, Nillable::Value(1));
    assert_eq!(r.correlation_id, Nillable::Value("info".to_owned()));
    client.activate_invoice(&activate_req(&no)).await.unwrap();
    assert_eq!(status(&client, &no).await, 3);
}

#[tokio::test]
async fn extend_due_date_adds_thirty_days_once() {
    let (_sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "10")]).await;
    let act = client.activate_invoice(&activate_req(&no)).await.unwrap();
    let r = client.extend_due_date(&extend_req(&no)).await.unwrap();
    assert!(
        r.due_date.as_str() > act.due_date.as_str(),
        "{} after {}",
        r.due_date,
        act.due_date
    );
    assert_eq!(
        code(client.extend_due_date(&extend_req(&no)).await),
        "INVOICE_DUEDATE_ALREADY_EXTENDED"
    );
}

#[tokio::test]
async fn set_order_number_on_a_pending_invoice() {
    let (sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "10")]).await;
    client
        .set_order_number(&order_req(&no, "Order123456"))
        .await
        .unwrap();
    assert_eq!(
        sim.service().invoice(&no).unwrap().order_no.as_deref(),
        Some("Order123456")
    );
}

// ----- faults ----------------------------------------------------------------------------------

#[tokio::test]
async fn wrong_credentials_are_authorization_failed() {
    let sim = spawn_simulator_with(Simulator::with_credentials("shop", "secret"))
        .await
        .unwrap();
    let client = client_for(&sim);
    assert_eq!(
        code(client.get_invoice_information(&info_req("1")).await),
        "AUTHORIZATION_FAILED"
    );
    let good = Client::builder()
        .endpoint(sim.url())
        .username("shop")
        .password("secret")
        .build()
        .unwrap();
    assert_eq!(
        code(good.get_invoice_information(&info_req("1")).await),
        "INVOICE_NOT_FOUND"
    );
}

#[tokio::test]
async fn unknown_store_is_authorization_failed_when_stores_are_configured() {
    let config = SimulatorConfig {
        store_ids: Some(vec![1]),
        ..SimulatorConfig::default()
    };
    let sim = spawn_simulator_with(Simulator::with_config(config))
        .await
        .unwrap();
    let client = client_for(&sim);
    assert_eq!(
        code(client.cancel_invoice(&cancel_req("1")).await),
        "AUTHORIZATION_FAILED"
    );
}

#[tokio::test]
async fn unknown_invoices_are_not_found() {
    let (_sim, client) = setup().await;
    assert_eq!(
        code(client.cancel_invoice(&cancel_req("99")).await),
        "INVOICE_NOT_FOUND"
    );
    assert_eq!(
        code(client.activate_invoice(&activate_req("99")).await),
        "INVOICE_NOT_FOUND"
    );
    assert_eq!(
        code(client.send_invoice(&send_req("99", "a@b.se")).await),
        "INVOICE_NOT_FOUND"
    );
    assert_eq!(
        code(client.set_order_number(&order_req("99", "x")).await),
        "INVOICE_NOT_FOUND"
    );
    // An invoice is only found with the country code it was added with.
    let no = add(&client, vec![row("A", 1, "10")]).await;
    let mut other = info_req(&no);
    other.country_code = "NO".to_owned();
    assert_eq!(
        code(client.get_invoice_information(&other).await),
        "INVOICE_NOT_FOUND"
    );
}

#[tokio::test]
async fn cancel_is_only_for_pending_invoices() {
    let (_sim, client) = setup().await;
    let activated = add_activated(&client, vec![row("A", 1, "10")]).await;
    assert_eq!(
        code(client.cancel_invoice(&cancel_req(&activated)).await),
        "INVALID_INVOICE_STATUS"
    );
    let pending = add(&client, vec![row("A", 1, "10")]).await;
    client.cancel_invoice(&cancel_req(&pending)).await.unwrap();
    assert_eq!(
        code(client.cancel_invoice(&cancel_req(&pending)).await),
        "INVALID_INVOICE_STATUS",
        "cancelling twice"
    );
    assert_eq!(
        code(client.activate_invoice(&activate_req(&pending)).await),
        "INVOICE_NOT_FOUND",
        "activating a cancelled invoice"
    );
}

#[tokio::test]
async fn activating_twice_is_invalid_status() {
    let (_sim, client) = setup().await;
    let no = add_activated(&client, vec![row("A", 1, "10")]).await;
    assert_eq!(
        code(client.activate_invoice(&activate_req(&no)).await),
        "INVALID_INVOICE_STATUS"
    );
    assert_eq!(
        code(
            client
                .part_activate_invoice(&part_activate_req(&no, vec![article("A", 1, None)]))
                .await
        ),
        "INVALID_INVOICE_STATUS"
    );
}

#[tokio::test]
async fn pending_only_operations_refuse_activated_invoices() {
    let (_sim, client) = setup().await;
    let no = add_activated(&client, vec![row("A", 1, "10")]).await;
    assert_eq!(
        code(
            client
                .replace_invoice(&replace_req(&no, vec![row("A", 1, "5")]))
                .await
        ),
        "INVALID_INVOICE_STATUS"
    );
    assert_eq!(
        code(client.set_order_number(&order_req(&no, "x")).await),
        "INVALID_INVOICE_STATUS"
    );
}

#[tokio::test]
async fn operations_on_activated_invoices_refuse_pending_ones() {
    let (_sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "10")]).await;
    assert_eq!(
        code(client.credit_invoice(&credit_req(&no)).await),
        "INVOICE_NOT_FOUND",
        "documented for crediting a non-activated invoice"
    );
    assert_eq!(
        code(
            client
                .part_credit_invoice(&part_credit_req(&no, vec![article("A", 1, None)]))
                .await
        ),
        "INVOICE_NOT_FOUND"
    );
    assert_eq!(
        code(client.send_invoice(&send_req(&no, "a@b.se")).await),
        "INVALID_INVOICE_STATUS"
    );
    assert_eq!(
        code(client.extend_due_date(&extend_req(&no)).await),
        "INVALID_INVOICE_STATUS"
    );
}

#[tokio::test]
async fn crediting_twice_is_not_found() {
    let (_sim, client) = setup().await;
    let no = add_activated(&client, vec![row("A", 1, "10")]).await;
    client.credit_invoice(&credit_req(&no)).await.unwrap();
    assert_eq!(
        code(client.credit_invoice(&credit_req(&no)).await),
        "INVOICE_NOT_FOUND"
    );
}

#[tokio::test]
async fn negative_adjustment_beyond_the_amount_is_invalid_transaction_amount() {
    let (sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "100")]).await;
    assert_eq!(
        code(
            client
                .adjust_invoice(&adjust_req(&no, vec![row("D", 1, "-100.01")]))
                .await
        ),
        "INVALID_TRANSACTION_AMOUNT"
    );
    assert_eq!(
        sim.service().invoice(&no).unwrap().total(),
        dec("100"),
        "nothing changed"
    );
}

#[tokio::test]
async fn part_credit_article_faults() {
    let (sim, client) = setup().await;
    let no = add_activated(
        &client,
        vec![row("A", 2, "10"), row("A", 1, "12"), row("B", 1, "5")],
    )
    .await;
    let pc = |a: Vec<Article>| part_credit_req(&no, a);
    assert_eq!(
        code(
            client
                .part_credit_invoice(&pc(vec![article("A", 1, None)]))
                .await
        ),
        "UNIQUE_ARTICLE_NOT_FOUND"
    );
    assert_eq!(
        code(
            client
                .part_credit_invoice(&pc(vec![article("Z", 1, None)]))
                .await
        ),
        "ARTICLE_NOT_FOUND"
    );
    assert_eq!(
        code(
            client
                .part_credit_invoice(&pc(vec![article("A", 1, Some("11"))]))
                .await
        ),
        "ARTICLE_NOT_FOUND_BASED_ON_UNITPRICE"
    );
    assert_eq!(
        code(
            client
                .part_credit_invoice(&pc(vec![article("A", 3, Some("10"))]))
                .await
        ),
        "INVALID_QUANTITY"
    );
    assert_eq!(
        code(
            client
                .part_credit_invoice(&pc(vec![article("B", 1, None), article("B", 1, None)]))
                .await
        ),
        "INVALID_QUANTITY"
    );
    assert_eq!(
        sim.service().invoice(&no).unwrap().total(),
        dec("37"),
        "a failed call changes nothing"
    );
    client
        .part_credit_invoice(&pc(vec![article("A", 2, Some("10"))]))
        .await
        .unwrap();
    assert_eq!(
        code(
            client
                .part_credit_invoice(&pc(vec![article("A", 1, Some("10"))]))
                .await
        ),
        "INVALID_QUANTITY",
        "nothing left"
    );
}

#[tokio::test]
async fn part_activate_article_faults() {
    let (_sim, client) = setup().await;
    let no = add(&client, vec![row("A", 2, "10")]).await;
    assert_eq!(
        code(
            client
                .part_activate_invoice(&part_activate_req(&no, vec![article("A", 3, None)]))
                .await
        ),
        "INVALID_QUANTITY"
    );
    assert_eq!(
        code(
            client
                .part_activate_invoice(&part_activate_req(&no, vec![article("Q", 1, None)]))
                .await
        ),
        "ARTICLE_NOT_FOUND"
    );
}

#[tokio::test]
async fn extend_due_date_needs_a_direct_invoice() {
    let (_sim, client) = setup().await;
    let mut req = add_request(vec![row("A", 1, "10")], ActivationOption::AutoActivation);
    req.invoice_type = InvoiceType::MonthlyInvoice;
    let no = client.add_invoice(&req).await.unwrap().invoice_no;
    assert_eq!(
        code(client.extend_due_date(&extend_req(&no)).await),
        "INVOICE_INVALID_TYPE"
    );
}

#[tokio::test]
async fn add_invoice_needs_a_positive_total() {
    let (_sim, client) = setup().await;
    let r = client
        .add_invoice(&add_request(
            vec![row("A", 1, "-5")],
            ActivationOption::Preliminary,
        ))
        .await;
    assert_eq!(code(r), "TOTAL_AMOUNT_MUST_BE_POSITIVE");
}

// ----- concurrency -----------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adjustments_and_part_credits_lose_no_update() {
    let (sim, client) = setup().await;
    let no = add_activated(&client, vec![row("A", 16, "10.01")]).await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let client = client.clone();
        let no = no.clone();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                client
                    .adjust_invoice(&adjust_req(&no, vec![row(&format!("ADJ{i}"), 1, "0.03")]))
                    .await
                    .unwrap();
            } else {
                client
                    .part_credit_invoice(&part_credit_req(&no, vec![article("A", 1, None)]))
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let inv = sim.service().invoice(&no).unwrap();
    // 16 × 10.01 − 8 credited × 10.01 + 8 × 0.03
    assert_eq!(inv.total(), dec("80.32"));
    assert_eq!(inv.rows[0].credited, 8);
    assert_eq!(inv.rows.len(), 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adds_get_distinct_sequential_numbers() {
    let (_sim, client) = setup().await;
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            add(&client, vec![row("A", 1, "1")])
                .await
                .parse::<u64>()
                .unwrap()
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap());
    }
    numbers.sort_unstable();
    assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "{numbers:?}");
}

// ----- raw HTTP --------------------------------------------------------------------------------

/// Sends one HTTP/1.1 request and returns (status, headers, body).
async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> (u16, String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

async fn post(
    addr: std::net::SocketAddr,
    action: Option<&str>,
    body: &str,
) -> (u16, String, String) {
    let action = action
        .map(|a| format!("SOAPAction: \"{a}\"\r\n"))
        .unwrap_or_default();
    let req = format!(
        "POST /PaymentServiceV10.svc HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\n{action}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    raw(addr, req.as_bytes()).await
}

async fn get(addr: std::net::SocketAddr, target: &str) -> (u16, String, String) {
    raw(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
}

fn fault_code_of(body: &str) -> String {
    let doc = roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let fc = doc
        .descendants()
        .find(|n| n.has_tag_name("faultcode"))
        .unwrap_or_else(|| panic!("no faultcode: {body}"));
    let fs = doc
        .descendants()
        .find(|n| n.has_tag_name("faultstring"))
        .unwrap();
    assert_eq!(
        fs.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en-US")
    );
    fc.text().unwrap().to_owned()
}

const CANCEL_ACTION: &str =
    "http://schemas.ecommerce.collector.se/v30/PaymentService/IPaymentServiceV10/CancelInvoice";

fn cancel_envelope(quantity_or_no: &str) -> String {
    format!(
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pay=\"{NS_PAY}\">\
         <soapenv:Header><pay:Username>USERNAME</pay:Username><pay:Password>PASSWORD</pay:Password></soapenv:Header>\
         <soapenv:Body><pay:CancelInvoiceRequest><pay:CorrelationId>c</pay:CorrelationId><pay:CountryCode>SE</pay:CountryCode>\
         <pay:InvoiceNo>{quantity_or_no}</pay:InvoiceNo><pay:StoreId>1234</pay:StoreId></pay:CancelInvoiceRequest></soapenv:Body></soapenv:Envelope>"
    )
}

#[tokio::test]
async fn malformed_bodies_get_a_client_fault_not_a_crash() {
    let sim = spawn_simulator().await.unwrap();
    for body in ["", "not xml", "<a/>", "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body/></soapenv:Envelope>"] {
        let (status, head, resp) = post(sim.addr(), Some(CANCEL_ACTION), body).await;
        assert_eq!(status, 500, "{body:?}: {resp}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/xml"), "{head}");
        assert_eq!(fault_code_of(&resp), "s:Client", "{body:?}");
    }
    // A DTD (entity expansion) is refused.
    let (status, _, resp) = post(
        sim.addr(),
        None,
        "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>",
    )
    .await;
    assert_eq!((status, fault_code_of(&resp).as_str()), (500, "s:Client"));
    // The server is still up.
    let (status, _, resp) = post(sim.addr(), Some(CANCEL_ACTION), &cancel_envelope("1")).await;
    assert_eq!(
        (status, fault_code_of(&resp).as_str()),
        (500, "s:INVOICE_NOT_FOUND")
    );
}

#[tokio::test]
async fn wrong_soap_action_is_action_not_supported() {
    let sim = spawn_simulator().await.unwrap();
    let (status, _, resp) = post(sim.addr(), Some("urn:nothing"), &cancel_envelope("1")).await;
    assert_eq!(status, 500);
    assert_eq!(fault_code_of(&resp), "a:ActionNotSupported");
    assert!(
        resp.contains("xmlns:a=\"http://schemas.microsoft.com/ws/2005/05/addressing/none\""),
        "{resp}"
    );
    // The action of another operation: the body is not that operation's request.
    let other = CANCEL_ACTION.replace("CancelInvoice", "SendInvoice");
    let (status, _, resp) = post(sim.addr(), Some(&other), &cancel_envelope("1")).await;
    assert_eq!((status, fault_code_of(&resp).as_str()), (500, "s:Client"));
}

#[tokio::test]
async fn without_soap_action_the_body_element_picks_the_operation() {
    let (sim, client) = setup().await;
    let no = add(&client, vec![row("A", 1, "10")]).await;
    let (status, _, resp) = post(sim.addr(), None, &cancel_envelope(&no)).await;
    assert_eq!(status, 200, "{resp}");
    assert!(resp.contains("CancelInvoiceResponse"), "{resp}");
    assert_eq!(
        sim.service().invoice(&no).unwrap().state,
        InvoiceState::Cancelled
    );
}

#[tokio::test]
async fn schema_violations_map_to_documented_validation_codes() {
    let sim = spawn_simulator().await.unwrap();
    let long = "1".repeat(51);
    let (status, _, resp) = post(sim.addr(), Some(CANCEL_ACTION), &cancel_envelope(&long)).await;
    assert_eq!(
        (status, fault_code_of(&resp).as_str()),
        (500, "s:VALIDATION_INVOICE_NUMBER_LENGTH")
    );
    let no_country = cancel_envelope("1").replace("<pay:CountryCode>SE</pay:CountryCode>", "");
    let (_, _, resp) = post(sim.addr(), Some(CANCEL_ACTION), &no_country).await;
    assert_eq!(fault_code_of(&resp), "s:VALIDATION_COUNTRY_CODE_REQUIRED");
    let no_user = cancel_envelope("1").replace("<pay:Username>USERNAME</pay:Username>", "");
    let (_, _, resp) = post(sim.addr(), Some(CANCEL_ACTION), &no_user).await;
    assert_eq!(fault_code_of(&resp), "s:VALIDATION_USERNAME_REQUIRED");
    let bad_store = cancel_envelope("1").replace(
        "<pay:StoreId>1234</pay:StoreId>",
        "<pay:StoreId>-1</pay:StoreId>",
    );
    let (_, _, resp) = post(sim.addr(), Some(CANCEL_ACTION), &bad_store).await;
    assert_eq!(fault_code_of(&resp), "s:VALIDATION_ERROR");
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let sim = spawn_simulator().await.unwrap();
    let big = format!("<x>{}</x>", "a".repeat(1024 * 1024 + 10));
    let (status, _, resp) = post(sim.addr(), Some(CANCEL_ACTION), &big).await;
    assert_eq!(status, 413);
    assert_eq!(fault_code_of(&resp), "s:Client");
}

#[tokio::test]
async fn wsdl_is_served_with_the_servers_address() {
    let sim = spawn_simulator().await.unwrap();
    let (status, head, wsdl) = get(sim.addr(), "/PaymentServiceV10.svc?wsdl").await;
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: text/xml"));
    let me = format!("http://{}/PaymentServiceV10.svc", sim.addr());
    let doc = roxmltree::Document::parse(&wsdl).unwrap();
    let address = doc
        .descendants()
        .find(|n| n.has_tag_name(("http://schemas.xmlsoap.org/wsdl/soap/", "address")))
        .unwrap();
    assert_eq!(address.attribute("location"), Some(me.as_str()));
    assert!(wsdl.contains(&format!("location=\"{me}?wsdl=wsdl0\"")));
    assert!(!wsdl.contains("ecommercetest.collector.se"));
    let (status, _, wsdl0) = get(sim.addr(), "/PaymentServiceV10.svc?wsdl=wsdl0").await;
    assert_eq!(status, 200);
    assert!(wsdl0.contains(&format!("schemaLocation=\"{me}?xsd=xsd0\"")));
    let (status, _, xsd) = get(sim.addr(), "/PaymentServiceV10.svc?xsd=xsd0").await;
    assert_eq!(status, 200);
    assert!(xsd.contains("CancelInvoiceRequest"));
    let (status, _, _) = get(sim.addr(), "/Other.svc?wsdl").await;
    assert_eq!(status, 404);
}
