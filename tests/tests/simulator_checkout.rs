//! The checkout operations of the simulator over loopback HTTP (issue 11): GetAddress,
//! GetProducts, CreateAccount, SetReservation, ActivateReservation, GetReservations,
//! CancelReservation, and the test persons and amounts that make AddInvoice refuse. One test
//! per success path and per documented fault; the faults a client refuses to send (a missing or
//! unreadable ReservedAmount, too many decimals) are posted as raw envelopes.

use payment_service::runtime::{Decimal, Nillable, XsDate, XsDateTime};
use payment_service::server::{spawn_simulator_with, ServerHandle};
use payment_service::simulator::persons::{self, TEST_PERSONS};
use payment_service::simulator::{ReservationState, Simulator, SimulatorConfig};
use payment_service::*;
use std::str::FromStr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const NS_PAY: &str = "http://schemas.ecommerce.collector.se/v30/PaymentService";
/// The simulator's today in these tests; day 20157 since 1970-01-01.
const TODAY: &str = "2025-03-10";

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn config() -> SimulatorConfig {
    SimulatorConfig {
        today: Some(XsDate::parse(TODAY).unwrap()),
        ..SimulatorConfig::default()
    }
}

async fn setup_with(config: SimulatorConfig) -> (ServerHandle<Simulator>, Client) {
    let sim = spawn_simulator_with(Simulator::with_config(config))
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .username("USERNAME")
        .password("PASSWORD")
        .client_ip_address("127.0.0.1")
        .build()
        .unwrap();
    (sim, client)
}

async fn setup() -> (ServerHandle<Simulator>, Client) {
    setup_with(config()).await
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

fn get_address(reg_no: &str) -> GetAddressRequest {
    GetAddressRequest::builder()
        .correlation_id("addr")
        .country_code("SE")
        .reg_no(reg_no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn products(amount: Option<&str>) -> GetProductsRequest {
    GetProductsRequest::builder()
        .set_amount(Some(
            amount.map_or(Nillable::Nil, |a| Nillable::Value(dec(a))),
        ))
        .correlation_id("prod")
        .country_code("SE")
        .store_id(1234)
        .build()
        .unwrap()
}

fn account(reg_no: Option<&str>, integration_id: Option<&str>) -> CreateAccountRequest {
    let n = |v: Option<&str>| v.map_or(Nillable::Nil, |s| Nillable::Value(s.to_owned()));
    CreateAccountRequest::builder()
        .correlation_id("acc")
        .country_code("SE")
        .set_integration_id(Some(n(integration_id)))
        .set_reg_no(Some(n(reg_no)))
        .store_id(1234)
        .build()
        .unwrap()
}

fn reserve(reg_no: &str, amount: &str) -> SetReservationRequest {
    SetReservationRequest::builder()
        .company_email_authorized_signatory_nil()
        .company_personal_guarantee_nil()
        .company_reg_no_authorized_signatory_nil()
        .correlation_id("set")
        .country_code("SE")
        .currency("SEK")
        .reg_no(reg_no.to_owned())
        .reserved_amount(dec(amount))
        .store_id(1234)
        .build()
        .unwrap()
}

fn company_reserve(signatory: Option<&str>) -> SetReservationRequest {
    {
        let mut value = reserve(persons::COMPANY, "20000");
        value.company_email_authorized_signatory =
            Nillable::Value("styrelse@example.com".to_owned());
        value.company_personal_guarantee = Nillable::Value(false);
        value.company_reg_no_authorized_signatory =
            signatory.map_or(Nillable::Nil, |s| Nillable::Value(s.to_owned()));
        value
    }
}

fn activate(reg_no: &str) -> ActivateReservationRequest {
    ActivateReservationRequest::builder()
        .correlation_id("act")
        .country_code("SE")
        .integration_id_nil()
        .reg_no(reg_no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn reservations(reg_no: Option<&str>) -> GetReservationsRequest {
    GetReservationsRequest::builder()
        .correlation_id("get")
        .country_code("SE")
        .integration_id_nil()
        .set_reg_no(Some(
            reg_no.map_or(Nillable::Nil, |r| Nillable::Value(r.to_owned())),
        ))
        .store_id(1234)
        .build()
        .unwrap()
}

fn cancel(reg_no: &str) -> CancelReservationRequest {
    CancelReservationRequest::builder()
        .correlation_id("CancelReservationV10")
        .country_code("SE")
        .integration_id_nil()
        .reg_no(reg_no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn row(price: &str) -> InvoiceRow {
    InvoiceRow::builder()
        .article_id("A1")
        .description("Article")
        .quantity(1)
        .unit_price(dec(price))
        .vat(dec("25"))
        .build()
        .unwrap()
}

fn address(first: &str, last: &str) -> Address {
    Address::builder()
        .address1("Storgatan 1")
        .city("Stockholm")
        .country_code("SE")
        .email("kund@example.com")
        .firstname(first.to_owned())
        .lastname(last.to_owned())
        .postal_code("11122")
        .build()
        .unwrap()
}

/// A purchase of one row at `price` by the test person `reg_no` under their registered name.
fn purchase(reg_no: &str, price: &str) -> AddInvoiceRequest {
    let (first, last) = TEST_PERSONS
        .iter()
        .find(|p| p.reg_no == reg_no)
        .map_or(("Test", "Kund"), |p| (p.firstname, p.lastname));
    AddInvoiceRequest::builder()
        .activation_option(ActivationOption::Preliminary)
        .correlation_id("add")
        .country_code("SE")
        .currency("SEK")
        .delivery_address(address(first, last))
        .invoice_address(address(first, last))
        .invoice_delivery_method(InvoiceDeliveryMethod::Email)
        .set_invoice_rows(Some(vec![row(price)]))
        .invoice_type(InvoiceType::DirectInvoice)
        .order_date(XsDateTime::parse("2025-03-10T12:00:00").unwrap())
        .reg_no(reg_no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

fn cancel_invoice(no: &str) -> CancelInvoiceRequest {
    CancelInvoiceRequest::builder()
        .correlation_id("c")
        .country_code("SE")
        .invoice_no(no.to_owned())
        .store_id(1234)
        .build()
        .unwrap()
}

/// The reservations GetReservations lists for `reg_no`.
async fn listed(client: &Client, reg_no: &str) -> Vec<Reservation> {
    client
        .get_reservations(&reservations(Some(reg_no)))
        .await
        .unwrap()
        .reservations
        .into_option()
        .unwrap()
}

// ----- GetAddress ------------------------------------------------------------------------------

#[tokio::test]
async fn get_address_returns_the_registered_addresses_of_a_test_person() {
    let (_sim, client) = setup().await;
    for form in ["195001182046", "500118-2046", "5001182046"] {
        let r = client.get_address(&get_address(form)).await.unwrap();
        assert_eq!(r.correlation_id, "addr");
        assert_eq!(
            (r.firstname.as_str(), r.lastname.as_str()),
            ("Sven", "Svensson")
        );
        assert_eq!(r.reg_no, persons::APPROVED, "{form}");
        let addresses = r.addresses.unwrap();
        assert_eq!(addresses.len(), 2);
        assert_eq!(addresses[0].address1.as_deref(), Some("Storgatan 1"));
        assert_eq!(addresses[0].postal_code.as_deref(), Some("11122"));
        assert_eq!(addresses[0].city.as_deref(), Some("Stockholm"));
        assert_eq!(addresses[0].country_code.as_deref(), Some("SE"));
        assert_eq!(addresses[0].co_address, None);
        assert_eq!(addresses[1].co_address.as_deref(), Some("Anna Svensson"));
        assert_eq!(addresses[1].firstname.as_deref(), Some("Sven"));
    }
    // Every listed test person with an address answers, with their name.
    for p in TEST_PERSONS.iter().filter(|p| !p.addresses.is_empty()) {
        let r = client.get_address(&get_address(p.reg_no)).await.unwrap();
        assert_eq!(r.firstname, p.firstname);
        assert_eq!(r.addresses.unwrap().len(), p.addresses.len());
    }
}

#[tokio::test]
async fn get_address_faults() {
    let (sim, client) = setup().await;
    for bad in ["19500118204", "501318-2046", "19500230204", "abc", ""] {
        assert_eq!(
            code(client.get_address(&get_address(bad)).await),
            "INVALID_REGISTRATION_NUMBER",
            "{bad:?}"
        );
    }
    for unknown in ["197001011234", persons::NO_ADDRESS, persons::COMPANY] {
        assert_eq!(
            code(client.get_address(&get_address(unknown)).await),
            "ADDRESS_NOT_FOUND",
            "{unknown}"
        );
    }
    let norway = {
        let mut value = get_address(persons::APPROVED);
        value.country_code = "NO".to_owned();
        value
    };
    assert_eq!(
        code(client.get_address(&norway).await),
        "INVALID_COUNTRYCODE"
    );
    let wrong = Client::builder()
        .endpoint(sim.url())
        .username("USERNAME")
        .password("nope")
        .client_ip_address("127.0.0.1")
        .build()
        .unwrap();
    assert_eq!(
        code(wrong.get_address(&get_address(persons::APPROVED)).await),
        "AUTHORIZATION_FAILED"
    );
}

#[tokio::test]
async fn get_address_and_set_reservation_require_the_client_ip_header() {
    let (sim, _client) = setup().await;
    let no_ip = Client::builder()
        .endpoint(sim.url())
        .username("USERNAME")
        .password("PASSWORD")
        .build()
        .unwrap();
    // The client refuses to send a request without a required header.
    let e = no_ip
        .get_address(&get_address(persons::APPROVED))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("ClientIpAddress"), "{e}");
    // Sent anyway (raw), the simulator answers the documented code.
    let body = format!(
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pay=\"{NS_PAY}\">\
         <soapenv:Header><pay:Username>USERNAME</pay:Username><pay:Password>PASSWORD</pay:Password></soapenv:Header>\
         <soapenv:Body><pay:GetAddressRequest><pay:CorrelationId>c</pay:CorrelationId><pay:CountryCode>SE</pay:CountryCode>\
         <pay:RegNo>195001182046</pay:RegNo><pay:StoreId>1234</pay:StoreId></pay:GetAddressRequest></soapenv:Body></soapenv:Envelope>"
    );
    let (status, body) = post(sim.addr(), "GetAddress", &body).await;
    assert_eq!(status, 500);
    assert_eq!(
        fault_code_of(&body),
        "VALIDATION_CLIENT_IP_ADDRESS_REQUIRED"
    );
}

// ----- GetProducts -----------------------------------------------------------------------------

#[tokio::test]
async fn get_products_previews_are_computed_from_the_amount() {
    let (_sim, client) = setup().await;
    let r = client
        .get_products(&products(Some("12000.00")))
        .await
        .unwrap();
    assert_eq!(r.correlation_id, Some(Nillable::Value("prod".to_owned())));
    let list = r.products.into_option().unwrap();
    let codes: Vec<&str> = list
        .iter()
        .filter_map(|p| p.product_code.as_deref())
        .collect();
    assert_eq!(
        codes,
        ["INVOICE", "ACCOUNT", "PARTPAY12", "FREE3", "ANNUITY24"]
    );
    let preview = |code: &str| {
        let p = list
            .iter()
            .find(|p| p.product_code.as_deref() == Some(code))
            .unwrap();
        p.purchase_preview.as_ref().unwrap()[0].clone()
    };
    let invoice = preview("INVOICE");
    assert_eq!(invoice.lowest_amount_to_pay, Some(dec("12000.00")));
    assert_eq!(invoice.initial_notification_fee, Some(dec("0")));
    assert_eq!(
        invoice.due_date.unwrap().as_str(),
        "2025-04-09T23:59:59",
        "today + 30 days"
    );
    let part = preview("PARTPAY12");
    assert_eq!(part.credit_time, Some(Nillable::Value(12)));
    assert_eq!(part.yearly_interest_rate, Some(dec("9.95")));
    assert_eq!(part.origination_fee, Some(dec("195")));
    assert_eq!(part.lowest_amount_to_pay, Some(dec("1128.50")));
    assert_eq!(part.monthly_amount, Some(Nillable::Nil));
    let annuity = preview("ANNUITY24");
    assert_eq!(annuity.monthly_amount, Some(Nillable::Value(dec("610.55"))));
    assert_eq!(annuity.credit_time, Some(Nillable::Nil));
    let free = preview("FREE3");
    assert_eq!(free.campaign_fee, Some(dec("95")));
    assert_eq!(free.is_allowed_to_send_notification_by_mail, Some(false));
    assert_eq!(free.due_date.unwrap().as_str(), "2025-06-08T23:59:59");
    assert_eq!(preview("ACCOUNT").lowest_amount_to_pay, Some(dec("389.00")));
    // The same request gives the same answer.
    let again = client
        .get_products(&products(Some("12000.00")))
        .await
        .unwrap();
    assert_eq!(again.products.into_option().unwrap(), list);
}

#[tokio::test]
async fn get_products_offers_by_amount_and_lists_all_without_one() {
    let (_sim, client) = setup().await;
    let codes = |r: GetProductsResponse| -> Vec<String> {
        r.products
            .into_option()
            .unwrap()
            .into_iter()
            .filter_map(|p| p.product_code)
            .collect()
    };
    let small = client
        .get_products(&products(Some("499.99")))
        .await
        .unwrap();
    assert_eq!(codes(small), ["INVOICE", "ACCOUNT"]);
    let none = client.get_products(&products(None)).await.unwrap();
    let list = none.products.clone().into_option().unwrap();
    assert_eq!(list.len(), 5);
    assert!(list
        .iter()
        .all(|p| p.purchase_preview.as_ref().is_some_and(Vec::is_empty)));
    for country in ["NO", "FI", "DK"] {
        let r = client
            .get_products(&{
                let mut value = products(Some("100"));
                value.country_code = country.to_owned();
                value
            })
            .await
            .unwrap();
        assert_eq!(codes(r).len(), 2, "{country}");
    }
}

#[tokio::test]
async fn get_products_faults() {
    let (sim, client) = setup().await;
    for amount in ["0", "-1.00"] {
        assert_eq!(
            code(client.get_products(&products(Some(amount))).await),
            "VALIDATION_AMOUNT_RANGE"
        );
    }
    let de = {
        let mut value = products(Some("100"));
        value.country_code = "DE".to_owned();
        value
    };
    assert_eq!(code(client.get_products(&de).await), "INVALID_COUNTRYCODE");
    // What the client refuses to send: three decimals, not a number.
    for amount in ["10.005", "ten"] {
        let body = envelope(
            "",
            &format!(
                "<pay:GetProductsRequest><pay:Amount>{amount}</pay:Amount><pay:CorrelationId>c</pay:CorrelationId>\
                 <pay:CountryCode>SE</pay:CountryCode><pay:StoreId>1234</pay:StoreId></pay:GetProductsRequest>"
            ),
        );
        let (status, body) = post(sim.addr(), "GetProducts", &body).await;
        assert_eq!(status, 500);
        assert_eq!(
            fault_code_of(&body),
            "VALIDATION_AMOUNT_PARSING",
            "{amount}"
        );
    }
}

// ----- CreateAccount ---------------------------------------------------------------------------

#[tokio::test]
async fn create_account_returns_one_payment_reference_per_customer() {
    let (_sim, client) = setup().await;
    let first = client
        .create_account(&account(Some(persons::APPROVED), Some("crm-17")))
        .await
        .unwrap();
    assert_eq!(
        first.correlation_id,
        Some(Nillable::Value("acc".to_owned()))
    );
    let Nillable::Value(reference) = first.payment_reference else {
        panic!("no reference")
    };
    assert_eq!(reference.len(), 10);
    // The same customer, by another form of the number or by the integration id: same account.
    for (reg_no, id) in [(Some("500118-2046"), None), (None, Some("crm-17"))] {
        let again = client.create_account(&account(reg_no, id)).await.unwrap();
        assert_eq!(again.payment_reference, Nillable::Value(reference.clone()));
    }
    let other = client
        .create_account(&account(Some(persons::LOW_LIMIT), None))
        .await
        .unwrap();
    assert_ne!(other.payment_reference, Nillable::Value(reference));
}

#[tokio::test]
async fn create_account_faults() {
    let (_sim, client) = setup().await;
    assert_eq!(
        code(client.create_account(&account(None, None)).await),
        "VALIDATION_REGISTRATION_NUMBER_REQUIRED"
    );
    assert_eq!(
        code(
            client
                .create_account(&account(None, Some("unassigned")))
                .await
        ),
        "ACCOUNT_NOT_FOUND"
    );
    assert_eq!(
        code(client.create_account(&account(Some("12345"), None)).await),
        "INVALID_REGISTRATION_NUMBER"
    );
    assert_eq!(
        code(
            client
                .create_account(&account(Some(persons::BLOCKED), None))
                .await
        ),
        "DENIED_TO_PURCHASE"
    );
}

// ----- Reservations ----------------------------------------------------------------------------

#[tokio::test]
async fn a_reservation_goes_through_its_life_cycle() {
    let (sim, client) = setup().await;
    let set = client
        .set_reservation(&reserve(persons::APPROVED, "10000.00"))
        .await
        .unwrap();
    assert_eq!(set.correlation_id, Some(Nillable::Value("set".to_owned())));
    // Pending for 14 days.
    let list = listed(&client, persons::APPROVED).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].available_reservation_amount, Some(dec("10000.00")));
    assert_eq!(list[0].customer_name.as_deref(), Some("Sven Svensson"));
    assert_eq!(list[0].customer_reg_no.as_deref(), Some(persons::APPROVED));
    assert_eq!(list[0].customer_status.as_deref(), Some(""));
    assert_eq!(
        list[0].pending_until,
        Some(Nillable::Value(
            XsDateTime::parse("2025-03-24T23:59:59").unwrap()
        ))
    );
    // Activated: valid for a year, no longer pending.
    let act = client
        .activate_reservation(&activate(persons::APPROVED))
        .await
        .unwrap();
    assert_eq!(act.correlation_id, Nillable::Value("act".to_owned()));
    assert_eq!(
        act.valid_until,
        Nillable::Value(XsDateTime::parse("2026-03-10T23:59:59").unwrap())
    );
    // Purchases draw on it.
    let a = client
        .add_invoice(&purchase(persons::APPROVED, "2500.00"))
        .await
        .unwrap();
    assert_eq!(
        a.available_reservation_amount,
        Some(Nillable::Value(dec("7500.00")))
    );
    let b = client
        .add_invoice(&purchase(persons::APPROVED, "7000.00"))
        .await
        .unwrap();
    assert_eq!(
        b.available_reservation_amount,
        Some(Nillable::Value(dec("500.00")))
    );
    let list = listed(&client, persons::APPROVED).await;
    assert_eq!(list[0].available_reservation_amount, Some(dec("500.00")));
    assert_eq!(list[0].pending_until, Some(Nillable::Nil));
    // More than is left is refused; cancelling an invoice gives its amount back.
    assert_eq!(
        code(
            client
                .add_invoice(&purchase(persons::APPROVED, "500.01"))
                .await
        ),
        "INVOICE_EXCEEDS_AVAILABLE_RESERVATION"
    );
    client
        .cancel_invoice(&cancel_invoice(&a.invoice_no))
        .await
        .unwrap();
    let r = sim.service().reservations();
    assert_eq!(r[0].available_amount, dec("3000.00"));
    assert!(matches!(
        r[0].state,
        ReservationState::Active {
            valid_until: Some(_)
        }
    ));
    assert_eq!(
        sim.service()
            .invoice(&b.invoice_no)
            .unwrap()
            .reservation_amount,
        dec("7000.00")
    );
    // Cancelled: gone, and purchases are credit-checked again.
    let c = client
        .cancel_reservation(&cancel(persons::APPROVED))
        .await
        .unwrap();
    assert_eq!(
        c.correlation_id,
        Nillable::Value("CancelReservationV10".to_owned())
    );
    assert!(sim.service().reservations().is_empty());
    let after = client
        .add_invoice(&purchase(persons::APPROVED, "500.01"))
        .await
        .unwrap();
    assert_eq!(
        after.available_reservation_amount,
        Some(Nillable::Value(dec("0")))
    );
}

#[tokio::test]
async fn reservations_are_found_by_integration_id_and_listed_per_store() {
    let (_sim, client) = setup().await;
    let mut set = reserve(persons::APPROVED, "1000");
    set.integration_id = Some(Nillable::Value("crm-1".to_owned()));
    client.set_reservation(&set).await.unwrap();
    client
        .set_reservation(&company_reserve(Some(persons::APPROVED)))
        .await
        .unwrap();
    let by_id = {
        let mut value = activate(persons::APPROVED);
        value.integration_id = Nillable::Value("crm-1".to_owned());
        value.reg_no = Nillable::Nil;
        value
    };
    client.activate_reservation(&by_id).await.unwrap();
    let all = client
        .get_reservations(&reservations(None))
        .await
        .unwrap()
        .reservations
        .into_option()
        .unwrap();
    let names: Vec<_> = all
        .iter()
        .filter_map(|r| r.customer_name.as_deref())
        .collect();
    assert_eq!(names, ["Sven Svensson", "Testbolaget AB"]);
    // Setting it again replaces it: pending again, with the new amount.
    client
        .set_reservation(&reserve(persons::APPROVED, "2000"))
        .await
        .unwrap();
    let again = client
        .get_reservations(&reservations(Some("500118-2046")))
        .await
        .unwrap()
        .reservations
        .into_option()
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].available_reservation_amount, Some(dec("2000")));
    assert!(matches!(again[0].pending_until, Some(Nillable::Value(_))));
}

#[tokio::test]
async fn an_indefinite_reservation_has_no_valid_until() {
    let (_sim, client) = setup_with(SimulatorConfig {
        reservation_valid_days: None,
        ..config()
    })
    .await;
    client
        .set_reservation(&reserve(persons::APPROVED, "100"))
        .await
        .unwrap();
    let act = client
        .activate_reservation(&activate(persons::APPROVED))
        .await
        .unwrap();
    assert_eq!(act.valid_until, Nillable::Nil);
}

#[tokio::test]
async fn set_reservation_faults() {
    let (sim, client) = setup().await;
    let cases: Vec<(SetReservationRequest, &str)> = vec![
        (
            {
                let mut value = reserve(persons::APPROVED, "100");
                value.country_code = "DE".to_owned();
                value.currency = "EUR".to_owned();
                value
            },
            "INVALID_COUNTRYCODE",
        ),
        (
            {
                let mut value = reserve(persons::APPROVED, "100");
                value.currency = "EUR".to_owned();
                value
            },
            "INVALID_CURRENCY_CODE",
        ),
        (
            reserve(persons::APPROVED, "0"),
            "VALIDATION_RESERVED_AMOUNT_RANGE",
        ),
        (
            reserve(persons::APPROVED, "-5"),
            "VALIDATION_RESERVED_AMOUNT_RANGE",
        ),
        (reserve("19500118", "100"), "INVALID_REGISTRATION_NUMBER"),
        (
            reserve(persons::CREDIT_DENIED, "100"),
            "RESERVATION_NOT_APPROVED",
        ),
        (reserve(persons::BLOCKED, "100"), "RESERVATION_NOT_APPROVED"),
        (
            reserve(persons::DENIED_HOUSEHOLD, "100"),
            "RESERVATION_NOT_APPROVED",
        ),
        (
            reserve(persons::NO_ADDRESS, "100"),
            "RESERVATION_NOT_APPROVED",
        ),
        (
            reserve(persons::LOW_LIMIT, "1000.01"),
            "RESERVATION_NOT_APPROVED",
        ),
        (
            reserve("197001011234", "100000.01"),
            "RESERVATION_NOT_APPROVED",
        ),
        (
            reserve(persons::SERVICE_ERROR, "100"),
            "UNHANDLED_EXCEPTION",
        ),
        (
            company_reserve(None),
            "AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_REQUIRED",
        ),
        (
            company_reserve(Some("5566778899")),
            "AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_NOT_VALID",
        ),
        (
            company_reserve(Some(persons::LOW_LIMIT)),
            "AUTHORIZED_SIGNATORY_NOT_VERIFIABLE",
        ),
        (
            {
                let mut value = company_reserve(Some(persons::APPROVED));
                value.reg_no = "5566778899".to_owned();
                value
            },
            "AUTHORIZED_SIGNATORY_NOT_VERIFIABLE",
        ),
    ];
    for (request, expected) in cases {
        assert_eq!(
            code(client.set_reservation(&request).await),
            expected,
            "{request:?}"
        );
    }
    assert!(
        sim.service().reservations().is_empty(),
        "nothing was reserved"
    );
    // Approved at the limit.
    client
        .set_reservation(&reserve(persons::LOW_LIMIT, "1000.00"))
        .await
        .unwrap();
}

#[tokio::test]
async fn set_reservation_faults_the_client_refuses_to_send() {
    let (sim, _client) = setup().await;
    let body = |amount: &str| {
        envelope(
            "<pay:ClientIpAddress>127.0.0.1</pay:ClientIpAddress>",
            &format!(
                "<pay:SetReservationRequest>\
                 <pay:CompanyEmailAuthorizedSignatory xsi:nil=\"true\"/><pay:CompanyPersonalGuarantee xsi:nil=\"true\"/>\
                 <pay:CompanyRegNoAuthorizedSignatory xsi:nil=\"true\"/><pay:CorrelationId>c</pay:CorrelationId>\
                 <pay:CountryCode>SE</pay:CountryCode><pay:Currency>SEK</pay:Currency>\
                 <pay:RegNo>195001182046</pay:RegNo>{amount}</pay:SetReservationRequest>"
            ),
        )
    };
    for (amount, expected) in [
        ("", "VALIDATION_RESERVED_AMOUNT_REQUIRED"),
        (
            "<pay:ReservedAmount>much</pay:ReservedAmount>",
            "VALIDATION_RESERVED_AMOUNT_PARSING",
        ),
        (
            "<pay:ReservedAmount>10.001</pay:ReservedAmount>",
            "VALIDATION_RESERVED_AMOUNT_PARSING",
        ),
        (
            "<pay:ReservedAmount>1000000</pay:ReservedAmount>",
            "VALIDATION_RESERVED_AMOUNT_RANGE",
        ),
    ] {
        let (status, reply) = post(sim.addr(), "SetReservation", &body(amount)).await;
        assert_eq!(status, 500, "{reply}");
        assert_eq!(fault_code_of(&reply), expected, "{amount}");
    }
    let (status, reply) = post(
        sim.addr(),
        "SetReservation",
        &body("<pay:ReservedAmount>10.00</pay:ReservedAmount>"),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
}

#[tokio::test]
async fn reservation_not_found_faults() {
    let (_sim, client) = setup().await;
    assert_eq!(
        code(
            client
                .activate_reservation(&activate(persons::APPROVED))
                .await
        ),
        "RESERVATION_NOT_FOUND"
    );
    assert_eq!(
        code(
            client
                .get_reservations(&reservations(Some(persons::APPROVED)))
                .await
        ),
        "RESERVATION_NOT_FOUND"
    );
    assert_eq!(
        code(client.cancel_reservation(&cancel(persons::APPROVED)).await),
        "RESERVATION_NOT_FOUND"
    );
    let by_unknown_id = {
        let mut value = activate(persons::APPROVED);
        value.integration_id = Nillable::Value("nobody".to_owned());
        value.reg_no = Nillable::Nil;
        value
    };
    assert_eq!(
        code(client.activate_reservation(&by_unknown_id).await),
        "RESERVATION_NOT_FOUND"
    );
    let nobody = {
        let mut value = activate(persons::APPROVED);
        value.reg_no = Nillable::Nil;
        value
    };
    assert_eq!(
        code(client.activate_reservation(&nobody).await),
        "VALIDATION_REGISTRATION_NUMBER_REQUIRED"
    );
    assert_eq!(
        code(client.cancel_reservation(&cancel("1950")).await),
        "INVALID_REGISTRATION_NUMBER"
    );
    // Another store's reservation is not this store's.
    client
        .set_reservation(&reserve(persons::APPROVED, "100"))
        .await
        .unwrap();
    let other_store = {
        let mut value = cancel(persons::APPROVED);
        value.store_id = Nillable::Value(99);
        value
    };
    assert_eq!(
        code(client.cancel_reservation(&other_store).await),
        "RESERVATION_NOT_FOUND"
    );
    let list = client
        .get_reservations(&{
            let mut value = reservations(None);
            value.store_id = Nillable::Value(99);
            value
        })
        .await
        .unwrap();
    assert_eq!(list.reservations, Nillable::Value(vec![]));
}

// ----- AddInvoice: test persons and amounts ----------------------------------------------------

#[tokio::test]
async fn add_invoice_refuses_as_the_test_persons_say() {
    let (sim, client) = setup().await;
    for (reg_no, price, expected) in [
        (persons::CREDIT_DENIED, "100", "CREDIT_CHECK_DENIED"),
        (persons::BLOCKED, "100", "DENIED_TO_PURCHASE"),
        (persons::DENIED_HOUSEHOLD, "100", "DENIED_TO_PURCHASE_HHCPN"),
        (persons::NO_ADDRESS, "100", "ADDRESS_NOT_FOUND"),
        (persons::SERVICE_ERROR, "100", "UNHANDLED_EXCEPTION"),
        (
            persons::LOW_LIMIT,
            "1000.01",
            "PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT",
        ),
        (
            persons::APPROVED,
            "50000.01",
            "PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT",
        ),
        (
            "197001011234",
            "100000.01",
            "PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT",
        ),
        ("19700101-123", "100", "INVALID_REGISTRATION_NUMBER"),
        ("701301-1234", "100", "INVALID_REGISTRATION_NUMBER"),
    ] {
        assert_eq!(
            code(client.add_invoice(&purchase(reg_no, price)).await),
            expected,
            "{reg_no} {price}"
        );
    }
    assert!(
        sim.service().invoices().is_empty(),
        "no invoice was created"
    );
    for (reg_no, price) in [
        (persons::LOW_LIMIT, "1000.00"),
        (persons::APPROVED, "50000.00"),
        ("197001011234", "100000.00"),
        (persons::COMPANY, "200000.00"),
    ] {
        let r = client.add_invoice(&purchase(reg_no, price)).await.unwrap();
        assert_eq!(r.invoice_status, 1, "{reg_no}");
    }
    assert_eq!(
        code(
            client
                .add_invoice(&purchase(persons::COMPANY, "200000.01"))
                .await
        ),
        "PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT"
    );
}

#[tokio::test]
async fn add_invoice_checks_names_addresses_currency_and_product() {
    let (sim, client) = setup_with(SimulatorConfig {
        max_credit_amount: dec("500"),
        ..config()
    })
    .await;
    let wrong_name = {
        let mut value = purchase(persons::APPROVED, "100");
        value.invoice_address = address("Olle", "Svensson");
        value.delivery_address = address("Olle", "Svensson");
        value
    };
    let other_delivery = {
        let mut value = purchase(persons::APPROVED, "100");
        value.delivery_address = {
            let mut value = address("Sven", "Svensson");
            value.address1 = Some("Annan gata 9".to_owned());
            value
        };
        value
    };
    let mut foreign_invoice_address = purchase(persons::APPROVED, "100");
    foreign_invoice_address.invoice_address.country_code = Some("NO".to_owned());
    let mut foreign_delivery_address = purchase(persons::APPROVED, "100");
    foreign_delivery_address.delivery_address.country_code = Some("DK".to_owned());
    for (request, expected) in [
        (wrong_name, "AGREEMENT_RULES_VALIDATION_FAILED"),
        (other_delivery, "INVALID_DELIVERY_ADDRESS_USAGE"),
        (
            foreign_invoice_address,
            "COUNTRYCODE_MISMATCH_WITH_INVOICE_ADDRESS",
        ),
        (
            foreign_delivery_address,
            "COUNTRYCODE_MISMATCH_WITH_DELIVERY_ADDRESS",
        ),
        (
            {
                let mut value = purchase(persons::APPROVED, "100");
                value.currency = "NOK".to_owned();
                value
            },
            "INVALID_CURRENCY_CODE",
        ),
        (
            {
                let mut value = purchase(persons::APPROVED, "100");
                value.product_code = Some(Nillable::Value("NOSUCH".to_owned()));
                value
            },
            "INVALID_PRODUCT_CODE",
        ),
        // The configured limit for customers who are not test persons.
        (
            purchase("197001011234", "500.01"),
            "PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT",
        ),
    ] {
        assert_eq!(code(client.add_invoice(&request).await), expected);
    }
    assert!(sim.service().invoices().is_empty());
    // Accepted: the registered name in another case, an empty delivery address, a company's
    // own delivery address, a product code from GetProducts.
    let accepted = [
        {
            let mut value = purchase(persons::APPROVED, "100");
            value.invoice_address = address("SVEN", "svensson");
            value.delivery_address = address("SVEN", "svensson");
            value
        },
        {
            let mut value = purchase(persons::APPROVED, "100");
            value.delivery_address = {
                let mut value = address("", "");
                value.address1 = None;
                value.city = None;
                value.country_code = None;
                value.email = None;
                value.firstname = None;
                value.lastname = None;
                value.postal_code = None;
                value
            };
            value
        },
        {
            let mut value = purchase(persons::COMPANY, "100");
            value.delivery_address = {
                let mut value = address("", "");
                value.address1 = Some("Lagret 1".to_owned());
                value
            };
            value
        },
        {
            let mut value = purchase(persons::APPROVED, "1200");
            value.product_code = Some(Nillable::Value("PARTPAY12".to_owned()));
            value.invoice_type = InvoiceType::PartPayment;
            value
        },
    ];
    for request in accepted {
        client.add_invoice(&request).await.unwrap();
    }
    assert_eq!(sim.service().invoices().len(), 4);
    assert_eq!(sim.service().invoices()[0].reg_no, persons::APPROVED);
}

#[tokio::test]
async fn part_activating_an_invoice_moves_its_reservation_share_with_the_rest() {
    let (sim, client) = setup().await;
    client
        .set_reservation(&reserve(persons::APPROVED, "1000"))
        .await
        .unwrap();
    client
        .activate_reservation(&activate(persons::APPROVED))
        .await
        .unwrap();
    let mut two_rows = purchase(persons::APPROVED, "300");
    two_rows.invoice_rows.push({
        let mut value = row("200");
        value.article_id = "B2".to_owned();
        value
    });
    let no = client.add_invoice(&two_rows).await.unwrap().invoice_no;
    let r = client
        .part_activate_invoice(
            &PartActivateInvoiceRequest::builder()
                .set_article_list(Some(vec![Article::builder()
                    .article_id("A1")
                    .quantity(1)
                    .build()
                    .unwrap()]))
                .correlation_id("pa")
                .country_code("SE")
                .invoice_no(no.clone())
                .store_id(1234)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let Some(Nillable::Value(rest)) = r.new_invoice_no else {
        panic!("no rest invoice")
    };
    assert_eq!(
        sim.service().invoice(&no).unwrap().reservation_amount,
        dec("300")
    );
    assert_eq!(
        sim.service().invoice(&rest).unwrap().reservation_amount,
        dec("200")
    );
    client.cancel_invoice(&cancel_invoice(&rest)).await.unwrap();
    assert_eq!(sim.service().reservations()[0].available_amount, dec("700"));
}

// ----- raw HTTP helpers ------------------------------------------------------------------------

fn envelope(extra_header: &str, body: &str) -> String {
    format!(
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pay=\"{NS_PAY}\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Header><pay:Username>USERNAME</pay:Username>\
         <pay:Password>PASSWORD</pay:Password>{extra_header}</soapenv:Header><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
    )
}

async fn post(addr: std::net::SocketAddr, op: &str, body: &str) -> (u16, String) {
    let action = operations::ALL
        .iter()
        .find(|o| o.name == op)
        .unwrap()
        .soap_action;
    let req = format!(
        "POST /PaymentServiceV10.svc HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\n\
         SOAPAction: \"{action}\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8(buf).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

fn fault_code_of(body: &str) -> String {
    let doc = roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let code = doc
        .descendants()
        .find(|n| n.has_tag_name("faultcode"))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no faultcode: {body}"));
    code.strip_prefix("s:").unwrap_or(code).to_owned()
}

#[test]
fn the_readme_lists_every_test_person() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    for p in TEST_PERSONS {
        let line = format!("| {} | {} {} |", p.reg_no, p.firstname, p.lastname);
        assert!(readme.contains(&line), "README lacks {line}");
    }
    for c in persons::TEST_COMPANIES {
        assert!(readme.contains(&format!("| {} | {} (company;", c.org_no, c.name)));
    }
}
