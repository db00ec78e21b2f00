//! The service trait `PaymentServiceApi`: a merchant's function written against it runs with a
//! mock, with the simulator in-process (no HTTP, same validation and fault mapping as over
//! HTTP) and with the HTTP client, unchanged.

use payment_service::client::{WireObserver, WireRequest, WireResponse};
use payment_service::runtime::XsDateTime;
use payment_service::server::spawn_simulator;
use payment_service::simulator::{InvoiceState, Simulator};
use payment_service::*;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

// ----- the merchant's code ---------------------------------------------------------------------

/// What happened to an order's invoice.
#[derive(Debug, PartialEq)]
enum Undo {
    Cancelled,
    Credited,
    AlreadyGone,
}

/// Undoes an order: cancels its invoice while it is pending, credits it once activated.
async fn undo_order(api: &impl PaymentServiceApi, invoice_no: &str) -> Result<Undo, Error> {
    let cancel = CancelInvoiceRequest::builder()
        .correlation_id(format!("undo-{invoice_no}"))
        .country_code("SE")
        .invoice_no(invoice_no)
        .store_id(1234)
        .build()
        .unwrap();
    let err = match api.cancel_invoice(&cancel).await {
        Ok(_) => return Ok(Undo::Cancelled),
        Err(e) => e,
    };
    match err.fault_code() {
        Some(FaultCode::InvalidInvoiceStatus) => {}
        Some(FaultCode::InvoiceNotFound) => return Ok(Undo::AlreadyGone),
        _ => return Err(err),
    }
    let credit = CreditInvoiceRequest::builder()
        .correlation_id_nil()
        .country_code("SE")
        .credit_date(DateOrDateTime::DateTime(
            XsDateTime::parse("2024-05-02T10:00:00").unwrap(),
        ))
        .invoice_no(invoice_no)
        .settlement_reference_nil()
        .store_id(1234)
        .build()
        .unwrap();
    api.credit_invoice(&credit).await?;
    Ok(Undo::Credited)
}

// ----- a mock ----------------------------------------------------------------------------------

/// Answers CancelInvoice with a fault and CreditInvoice with success, recording the calls;
/// every other operation is the trait's `NotImplemented`.
#[derive(Default)]
struct Mock {
    calls: Mutex<Vec<String>>,
}

impl PaymentServiceApi for Mock {
    async fn cancel_invoice(
        &self,
        request: &CancelInvoiceRequest,
    ) -> Result<CancelInvoiceResponse, Error> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("cancel {}", request.invoice_no));
        Err(Fault::new(FaultCode::InvalidInvoiceStatus, "Invoice is activated").into())
    }

    async fn credit_invoice(
        &self,
        request: &CreditInvoiceRequest,
    ) -> Result<CreditInvoiceResponse, Error> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("credit {}", request.invoice_no));
        Ok(CreditInvoiceResponse::builder()
            .correlation_id_nil()
            .build()
            .unwrap())
    }
}

#[tokio::test]
async fn a_merchant_function_is_tested_against_a_mock() {
    let mock = Mock::default();
    assert_eq!(undo_order(&mock, "62400001").await.unwrap(), Undo::Credited);
    assert_eq!(
        *mock.calls.lock().unwrap(),
        ["cancel 62400001", "credit 62400001"]
    );
    // What the mock does not implement fails clearly, naming the operation.
    let request = GetInvoiceInformationRequest::builder()
        .correlation_id("info")
        .country_code("SE")
        .invoice_no("1")
        .store_id(1234)
        .build()
        .unwrap();
    let err = mock.get_invoice_information(&request).await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotImplemented), "{err:?}");
    assert_eq!(
        err.to_string(),
        "GetInvoiceInformation: not implemented by this PaymentServiceApi implementation"
    );
    assert!(!err.may_have_reached_server() && !err.is_retryable());
}

// ----- the simulator in-process and over HTTP --------------------------------------------------

fn add_request(activation: ActivationOption) -> AddInvoiceRequest {
    let address = Address::builder()
        .address1("Gatan 1")
        .city("Stockholm")
        .country_code("SE")
        .email("kund@example.com")
        .firstname("Test")
        .lastname("Kund")
        .postal_code("11122")
        .build()
        .unwrap();
    AddInvoiceRequest::builder()
        .activation_option(activation)
        .country_code("SE")
        .currency("SEK")
        .delivery_address(address.clone())
        .invoice_address(address)
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(vec![InvoiceRow::builder()
            .article_id("A")
            .description("Article A")
            .quantity(2)
            .unit_price(runtime::Decimal::from_str("50.00").unwrap())
            .vat(runtime::Decimal::from_str("25").unwrap())
            .build()
            .unwrap()]))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(XsDateTime::parse("2024-05-01T12:00:00").unwrap())
        .reg_no("197001011234")
        .store_id(1234)
        .build()
        .unwrap()
}

/// The simulator in this process: the same merchant function, the simulator's real state.
#[tokio::test]
async fn the_simulator_in_process_behind_the_same_trait() {
    let sim = Client::builder()
        .username("USERNAME")
        .password("PASSWORD")
        .in_process(Simulator::new())
        .unwrap();
    let per_call = sim.with_call_options(CallOptions::new().client_ip_address("203.0.113.7"));
    let pending = per_call
        .add_invoice(&add_request(ActivationOption::Preliminary))
        .await
        .unwrap()
        .invoice_no;
    let activated = per_call
        .add_invoice(&add_request(ActivationOption::AutoActivation))
        .await
        .unwrap()
        .invoice_no;
    assert_eq!(undo_order(&sim, &pending).await.unwrap(), Undo::Cancelled);
    assert_eq!(undo_order(&sim, &activated).await.unwrap(), Undo::Credited);
    assert_eq!(
        undo_order(&sim, "99999999").await.unwrap(),
        Undo::AlreadyGone
    );
    let state = |no: &str| sim.service().invoice(no).unwrap().state;
    assert_eq!(state(&pending), InvoiceState::Cancelled);
    assert_eq!(state(&activated), InvoiceState::Credited);

    // The client-side validation of the HTTP path: nothing reaches the simulator.
    let before = sim.service().invoices().len();
    let err = sim
        .add_invoice(&add_request(ActivationOption::Preliminary))
        .await
        .unwrap_err();
    let violations = err.as_validation().expect("refused before sending");
    assert!(
        violations.to_string().contains("ClientIpAddress"),
        "{violations}"
    );
    assert_eq!(sim.service().invoices().len(), before);

    // The fault mapping of the HTTP path: a typed fault with HTTP status 500.
    let wrong = Client::builder()
        .username("USERNAME")
        .password("not-the-password")
        .in_process(Simulator::new())
        .unwrap();
    let err = undo_order(&wrong, "1").await.unwrap_err();
    let fault = err.as_fault().expect("a fault");
    assert_eq!(fault.code, FaultCode::AuthorizationFailed);
    assert_eq!(fault.http_status, 500);
    assert_eq!(err.operation().map(|o| o.name), Some("CancelInvoice"));
    assert!(!format!("{err:?} {err} {wrong:?}").contains("not-the-password"));
}

/// The HTTP client implements the trait too: the same function over loopback HTTP.
#[tokio::test]
async fn the_http_client_behind_the_same_trait() {
    let server = spawn_simulator().await.unwrap();
    let client = Client::builder()
        .endpoint(server.url())
        .username("USERNAME")
        .password("PASSWORD")
        .build()
        .unwrap();
    let activated = client
        .with_call_options(CallOptions::new().client_ip_address("203.0.113.7"))
        .add_invoice(&add_request(ActivationOption::AutoActivation))
        .await
        .unwrap()
        .invoice_no;
    assert_eq!(
        undo_order(&client, &activated).await.unwrap(),
        Undo::Credited
    );
    assert_eq!(
        server.service().invoice(&activated).unwrap().state,
        InvoiceState::Credited
    );
}

#[derive(Default)]
struct Envelopes(Mutex<Vec<(String, Option<u16>)>>);

impl WireObserver for Envelopes {
    fn request(&self, r: &WireRequest<'_>) {
        self.0.lock().unwrap().push((r.envelope.to_owned(), None));
    }
    fn response(&self, r: &WireResponse<'_>) {
        let body = r.body.unwrap_or_default().to_owned();
        self.0.lock().unwrap().push((body, r.status));
    }
}

/// In-process calls are observed like HTTP calls, with the password redacted.
#[tokio::test]
async fn in_process_calls_are_observed() {
    let seen = Arc::new(Envelopes::default());
    let sim = Client::builder()
        .username("USERNAME")
        .password("PASSWORD")
        .observer(Arc::clone(&seen))
        .in_process(Simulator::new())
        .unwrap();
    assert_eq!(undo_order(&sim, "5").await.unwrap(), Undo::AlreadyGone);
    let seen = seen.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert!(
        seen[0].0.contains("<pay:Password>***</pay:Password>"),
        "{seen:?}"
    );
    assert!(seen[0].0.contains("<pay:InvoiceNo>5</pay:InvoiceNo>"));
    assert_eq!(seen[1].1, Some(500));
    assert!(seen[1].0.contains("INVOICE_NOT_FOUND"), "{seen:?}");
    assert!(!seen.iter().any(|(text, _)| text.contains("PASSWORD")));
}
