//! A stateful, in-memory PaymentService for tests, demos and local development.
//!
//! It implements the generated [`Service`] trait and follows the documented behaviour of each
//! operation (see `shared/spec/walley-paymentservice-research.md` §3–§4 and `wsdl/NOTES.md`):
//!
//! | Operation | Allowed on | Effect |
//! |---|---|---|
//! | AddInvoice | — | new invoice, pending (status 1); `ActivationOption` 1 → activated; checked and credit-checked first ([`invoices`]) |
//! | ActivateInvoice | pending | activated (status 3), due date and invoice URL set |
//! | PartActivateInvoice | pending | listed articles activated; the rest moves to a new pending invoice (`NewInvoiceNo`) |
//! | CancelInvoice | pending | cancelled (status 2); anything else `INVALID_INVOICE_STATUS`; an amount drawn from a reservation goes back |
//! | ReplaceInvoice | pending | all rows replaced |
//! | AdjustInvoice | pending, activated | rows added; the total may not go below 0 (`INVALID_TRANSACTION_AMOUNT`) |
//! | CreditInvoice | activated | everything credited; otherwise `INVOICE_NOT_FOUND` (as documented) |
//! | PartCreditInvoice | activated | listed quantities credited (`INVALID_QUANTITY`, `ARTICLE_NOT_FOUND`, `UNIQUE_ARTICLE_NOT_FOUND`, ...) |
//! | SendInvoice | activated | recorded; `EMAIL_IS_MISSING` for e-mail delivery without an address |
//! | ExtendDueDate | activated direct invoices | due date + 30 days, once (`INVOICE_DUEDATE_ALREADY_EXTENDED`) |
//! | SetOrderNumber | pending | order number set |
//! | GetInvoiceInformation | any | `Status` |
//! | GetAddress | SE test persons | their registered addresses; `INVALID_REGISTRATION_NUMBER`, `ADDRESS_NOT_FOUND`, `INVALID_COUNTRYCODE` ([`persons`]) |
//! | GetProducts | SE, NO, FI, DK | the products of [`products::PRODUCTS`] with a purchase preview computed from `Amount` |
//! | CreateAccount | any customer | one account per customer and store, its `PaymentReference` |
//! | SetReservation | SE, NO, FI, DK | a pending reservation after a credit check ([`ReservedCredit`]) |
//! | ActivateReservation | a reservation | active until `ValidUntil`; purchases draw on it |
//! | GetReservations | — | the reservations with their `AvailableReservationAmount` |
//! | CancelReservation | a reservation | removed |
//!
//! Every call first checks the `Username`/`Password` headers (`AUTHORIZATION_FAILED`) and,
//! when configured, the store id. An invoice is only found with the country code it was
//! created with. All state sits behind one mutex, so concurrent calls never lose updates.
//! [`SimulatorConfig::today`] fixes the date the due dates, previews and reservations count
//! from.
//!
//! # Test persons
//!
//! The [`persons`] module lists the customers that make the simulator refuse, as Walley's UAT
//! does with its test persons, so that a merchant can drive every branch of their error
//! handling: `CREDIT_CHECK_DENIED` (197011193187), `DENIED_TO_PURCHASE` (198203124410),
//! `DENIED_TO_PURCHASE_HHCPN` (199002285675), `ADDRESS_NOT_FOUND` (197505056734),
//! `UNHANDLED_EXCEPTION` (198811117848), `PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT` above
//! 1 000.00 (196408233234) or 50 000.00 (195001182046, approved, two addresses), and for
//! everyone else above [`SimulatorConfig::max_credit_amount`]. The other AddInvoice checks
//! (currency, addresses, product code, registered name, reservations) are listed in
//! [`invoices`].
//!
//! # Modules
//!
//! The code is split by domain, each holding its state and rules beside the operations that use
//! them: [`invoices`] (the invoice life cycle), [`reservations`] ([`ReservedCredit`]),
//! [`customers`] (GetAddress, CreateAccount, integration ids), [`products`] (GetProducts and the
//! product codes), [`persons`] (test persons, registration numbers, credit decisions) and
//! `dates` (the calendar). This module holds the settings, the shared state, the authorization
//! and the [`Service`] implementation, which hands each operation to its domain.

pub mod customers;
mod dates;
pub mod invoices;
pub mod persons;
pub mod products;
pub mod reservations;

pub use invoices::{status, Invoice, InvoiceState, Row};
pub use reservations::{ReservationState, ReservedCredit, PENDING_DAYS};

use crate::runtime::{Decimal, DecodeError, ServerFault, ValidationError, XsDate};
use crate::*;
use std::sync::{Mutex, MutexGuard};

/// Settings of a [`Simulator`].
#[derive(Clone, Debug)]
pub struct SimulatorConfig {
    /// Accepted `Username` header (default `USERNAME`, as in the documentation's examples).
    pub username: String,
    /// Accepted `Password` header (default `PASSWORD`).
    pub password: String,
    /// When set, requests for other store ids fail with `AUTHORIZATION_FAILED`.
    pub store_ids: Option<Vec<i32>>,
    /// The first invoice number handed out (default 62400001); later ones count up.
    pub first_invoice_no: u64,
    /// Days from activation to the due date (default 30).
    pub payment_days: i64,
    /// The date the simulator takes as today (default `None`: the system clock, UTC). Due
    /// dates, purchase previews and reservations count from it, so a fixed date gives the
    /// same answers every day.
    pub today: Option<XsDate>,
    /// The credit limit of customers who are not [test persons](persons) (default 100 000.00):
    /// a larger purchase is `PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT`, a larger
    /// reservation `RESERVATION_NOT_APPROVED`.
    pub max_credit_amount: Decimal,
    /// How many days an activated reservation is valid (default `Some(365)`); `None`: for ever
    /// (`ValidUntil` nil).
    pub reservation_valid_days: Option<i64>,
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        SimulatorConfig {
            username: "USERNAME".to_owned(),
            password: "PASSWORD".to_owned(),
            store_ids: None,
            first_invoice_no: 62_400_001,
            payment_days: 30,
            today: None,
            max_credit_amount: Decimal::new(100_000, 0),
            reservation_valid_days: Some(365),
        }
    }
}

/// Everything the simulator holds, behind one lock.
#[derive(Debug)]
struct State {
    invoices: invoices::Ledger,
    reservations: reservations::Book,
    customers: customers::Registry,
}

/// The in-memory PaymentService. Serve it with [`crate::server::spawn_simulator`] or
/// [`crate::server::serve`], or call its [`Service`] methods directly.
#[derive(Debug)]
pub struct Simulator {
    config: SimulatorConfig,
    state: Mutex<State>,
}

impl Default for Simulator {
    fn default() -> Self {
        Self::new()
    }
}

/// A fault with a documented code.
fn fault(code: &str, message: impl Into<String>) -> ServerFault {
    ServerFault::new(code, message)
}

impl Simulator {
    /// A simulator with the default settings (credentials `USERNAME` / `PASSWORD`).
    pub fn new() -> Self {
        Self::with_config(SimulatorConfig::default())
    }

    /// A simulator with `config`.
    pub fn with_config(config: SimulatorConfig) -> Self {
        let invoices = invoices::Ledger::new(config.first_invoice_no);
        Simulator {
            config,
            state: Mutex::new(State {
                invoices,
                reservations: reservations::Book::default(),
                customers: customers::Registry::default(),
            }),
        }
    }

    /// A simulator accepting these credentials.
    pub fn with_credentials(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::with_config(SimulatorConfig {
            username: username.into(),
            password: password.into(),
            ..SimulatorConfig::default()
        })
    }

    /// The settings.
    pub fn config(&self) -> &SimulatorConfig {
        &self.config
    }

    /// A copy of invoice `invoice_no`, if it exists.
    pub fn invoice(&self, invoice_no: &str) -> Option<Invoice> {
        self.lock().invoices.get(invoice_no).cloned()
    }

    /// Copies of all invoices, by number.
    pub fn invoices(&self) -> Vec<Invoice> {
        self.lock().invoices.all().cloned().collect()
    }

    /// Copies of all reservations.
    pub fn reservations(&self) -> Vec<ReservedCredit> {
        self.lock().reservations.all()
    }

    /// Today, as days since 1970-01-01: [`SimulatorConfig::today`] or the system date.
    fn today(&self) -> i64 {
        self.config
            .today
            .as_ref()
            .and_then(|d| dates::day_of(d.as_str()))
            .unwrap_or_else(dates::system_today)
    }

    /// The year of [`today`](Self::today).
    fn current_year(&self) -> u32 {
        u32::try_from(dates::year_of(self.today())).unwrap_or(2000)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave an invoice half-updated: every operation
        // checks first and writes last. So a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `AUTHORIZATION_FAILED` unless the credentials (and the store id, when the configuration
    /// restricts them) are the configured ones.
    fn authorize(&self, headers: &SoapHeaders, store_id: Option<i32>) -> Result<(), ServerFault> {
        let ok = headers.username.as_deref() == Some(self.config.username.as_str())
            && headers.password.as_deref() == Some(self.config.password.as_str());
        if !ok {
            return Err(fault(
                "AUTHORIZATION_FAILED",
                "Could not authorize the request. Check the username and password.",
            ));
        }
        if let (Some(allowed), Some(id)) = (&self.config.store_ids, store_id) {
            if !allowed.contains(&id) {
                return Err(fault(
                    "AUTHORIZATION_FAILED",
                    format!("Store {id} is not available to this user."),
                ));
            }
        }
        Ok(())
    }
}

/// The store id of a nillable `StoreId`.
fn store(s: &crate::runtime::Nillable<i32>) -> Option<i32> {
    s.value().copied()
}

impl Service for Simulator {
    /// The documented `VALIDATION_*` code where there is one ([`crate::faults::decode_fault`]).
    fn decode_fault(&self, error: &DecodeError) -> ServerFault {
        crate::faults::decode_fault(error)
    }

    /// The documented `VALIDATION_*` code, else `VALIDATION_ERROR` ([`crate::faults::invalid_request_fault`]).
    fn invalid_request_fault(&self, error: &ValidationError) -> ServerFault {
        crate::faults::invalid_request_fault(error)
    }

    /// `UNHANDLED_EXCEPTION`, as the service answers when it fails.
    fn internal_fault(&self, message: &str) -> ServerFault {
        crate::faults::internal_fault(message)
    }

    async fn add_invoice(
        &self,
        headers: SoapHeaders,
        request: AddInvoiceRequest,
    ) -> Result<AddInvoiceResponse, ServerFault> {
        self.authorize(&headers, request.store_id.as_ref().and_then(store))?;
        invoices::add(self, &request)
    }

    async fn cancel_invoice(
        &self,
        headers: SoapHeaders,
        request: CancelInvoiceRequest,
    ) -> Result<CancelInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        invoices::cancel(self, &request)
    }

    async fn activate_invoice(
        &self,
        headers: SoapHeaders,
        request: ActivateInvoiceRequest,
    ) -> Result<ActivateInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        invoices::activate(self, &request)
    }

    async fn part_activate_invoice(
        &self,
        headers: SoapHeaders,
        request: PartActivateInvoiceRequest,
    ) -> Result<PartActivateInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        invoices::part_activate(self, &request)
    }

    async fn credit_invoice(
        &self,
        headers: SoapHeaders,
        request: CreditInvoiceRequest,
    ) -> Result<CreditInvoiceResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        invoices::credit(self, &request)
    }

    async fn part_credit_invoice(
        &self,
        headers: SoapHeaders,
        request: PartCreditInvoiceRequest,
    ) -> Result<PartCreditInvoiceResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        invoices::part_credit(self, &request)
    }

    async fn adjust_invoice(
        &self,
        headers: SoapHeaders,
        request: AdjustInvoiceRequest,
    ) -> Result<AdjustInvoiceResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        invoices::adjust(self, &request)
    }

    async fn extend_due_date(
        &self,
        headers: SoapHeaders,
        request: ExtendDueDateRequest,
    ) -> Result<ExtendDueDateResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        invoices::extend_due_date(self, &request)
    }

    async fn replace_invoice(
        &self,
        headers: SoapHeaders,
        request: ReplaceInvoiceRequest,
    ) -> Result<ReplaceInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        invoices::replace(self, &request)
    }

    async fn send_invoice(
        &self,
        headers: SoapHeaders,
        request: SendInvoiceRequest,
    ) -> Result<SendInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        invoices::send(self, &request)
    }

    async fn get_invoice_information(
        &self,
        headers: SoapHeaders,
        request: GetInvoiceInformationRequest,
    ) -> Result<GetInvoiceInformationResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        invoices::information(self, &request)
    }

    async fn set_order_number(
        &self,
        headers: SoapHeaders,
        request: SetOrderNumberRequest,
    ) -> Result<SetOrderNumberResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        invoices::set_order_number(self, &request)
    }

    async fn get_address(
        &self,
        headers: SoapHeaders,
        request: GetAddressRequest,
    ) -> Result<GetAddressResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        customers::get_address(self, &request)
    }

    async fn get_products(
        &self,
        headers: SoapHeaders,
        request: GetProductsRequest,
    ) -> Result<GetProductsResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        products::get_products(self, &request)
    }

    async fn create_account(
        &self,
        headers: SoapHeaders,
        request: CreateAccountRequest,
    ) -> Result<CreateAccountResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        customers::create_account(self, &request)
    }

    async fn set_reservation(
        &self,
        headers: SoapHeaders,
        request: SetReservationRequest,
    ) -> Result<SetReservationResponse, ServerFault> {
        self.authorize(&headers, request.store_id.as_ref().and_then(store))?;
        reservations::set(self, &request)
    }

    async fn activate_reservation(
        &self,
        headers: SoapHeaders,
        request: ActivateReservationRequest,
    ) -> Result<ActivateReservationResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        reservations::activate(self, &request)
    }

    async fn get_reservations(
        &self,
        headers: SoapHeaders,
        request: GetReservationsRequest,
    ) -> Result<GetReservationsResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        reservations::get(self, &request)
    }

    async fn cancel_reservation(
        &self,
        headers: SoapHeaders,
        request: CancelReservationRequest,
    ) -> Result<CancelReservationResponse, ServerFault> {
        self.authorize(&headers, store(&request.store_id))?;
        reservations::cancel(self, &request)
    }
}
