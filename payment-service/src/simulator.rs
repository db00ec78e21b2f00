//! A stateful, in-memory PaymentService for tests, demos and local development.
//!
//! It implements the generated [`Service`] trait and follows the documented behaviour of each
//! operation (see `shared/spec/walley-paymentservice-research.md` §3–§4):
//!
//! | Operation | Allowed on | Effect |
//! |---|---|---|
//! | AddInvoice | — | new invoice, pending (status 1); `ActivationOption` 1 → activated |
//! | ActivateInvoice | pending | activated (status 3), due date and invoice URL set |
//! | PartActivateInvoice | pending | listed articles activated; the rest moves to a new pending invoice (`NewInvoiceNo`) |
//! | CancelInvoice | pending | cancelled (status 2); anything else `INVALID_INVOICE_STATUS` |
//! | ReplaceInvoice | pending | all rows replaced |
//! | AdjustInvoice | pending, activated | rows added; the total may not go below 0 (`INVALID_TRANSACTION_AMOUNT`) |
//! | CreditInvoice | activated | everything credited; otherwise `INVOICE_NOT_FOUND` (as documented) |
//! | PartCreditInvoice | activated | listed quantities credited (`INVALID_QUANTITY`, `ARTICLE_NOT_FOUND`, `UNIQUE_ARTICLE_NOT_FOUND`, ...) |
//! | SendInvoice | activated | recorded; `EMAIL_IS_MISSING` for e-mail delivery without an address |
//! | ExtendDueDate | activated direct invoices | due date + 30 days, once (`INVOICE_DUEDATE_ALREADY_EXTENDED`) |
//! | SetOrderNumber | pending | order number set |
//! | GetInvoiceInformation | any | `Status` |
//!
//! Every call first checks the `Username`/`Password` headers (`AUTHORIZATION_FAILED`) and,
//! when configured, the store id. An invoice is only found with the country code it was
//! created with. All state sits behind one mutex, so concurrent calls never lose updates.

use crate::runtime::{Decimal, DecodeError, Nillable, ServerFault, ValidationError, XsDateTime};
use crate::*;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// Invoice status codes as the (newer) GetInvoiceInformation page documents them.
pub mod status {
    /// On hold.
    pub const ON_HOLD: i32 = 0;
    /// Preliminary / pending: added, not yet activated.
    pub const PENDING: i32 = 1;
    /// Canceled.
    pub const CANCELLED: i32 = 2;
    /// Delivered: activated (also reported for fully credited invoices).
    pub const ACTIVATED: i32 = 3;
}

/// Where an invoice is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvoiceState {
    /// Added, not yet activated.
    Pending,
    /// Activated (delivered).
    Activated,
    /// Cancelled before activation.
    Cancelled,
    /// Activated and then credited in full.
    Credited,
}

impl InvoiceState {
    /// The numeric status the service reports (`InvoiceStatus`, `Status`).
    pub fn status_code(self) -> i32 {
        match self {
            InvoiceState::Pending => status::PENDING,
            InvoiceState::Activated | InvoiceState::Credited => status::ACTIVATED,
            InvoiceState::Cancelled => status::CANCELLED,
        }
    }
}

/// One invoice row, with the quantity credited so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `ArticleId`.
    pub article_id: String,
    /// `Description`.
    pub description: String,
    /// Quantity invoiced.
    pub quantity: i32,
    /// Quantity credited so far (≤ `quantity`).
    pub credited: i32,
    /// `QuantityUnit`.
    pub quantity_unit: Option<String>,
    /// Unit price including VAT.
    pub unit_price: Decimal,
    /// VAT in per cent.
    pub vat: Decimal,
}

impl Row {
    fn from_invoice_row(r: &InvoiceRow) -> Row {
        Row {
            article_id: r.article_id.clone(),
            description: r.description.clone(),
            quantity: r.quantity,
            credited: 0,
            quantity_unit: r.quantity_unit.clone(),
            unit_price: r.unit_price,
            vat: r.vat,
        }
    }

    /// Quantity not yet credited.
    pub fn remaining(&self) -> i32 {
        self.quantity - self.credited
    }

    /// `remaining × unit price`.
    pub fn amount(&self) -> Decimal {
        Decimal::from(self.remaining()) * self.unit_price
    }
}

/// The simulator's record of one invoice.
#[derive(Clone, Debug, PartialEq)]
pub struct Invoice {
    /// `InvoiceNo`.
    pub invoice_no: String,
    /// State.
    pub state: InvoiceState,
    /// Country code it was added with.
    pub country_code: String,
    /// Store id it was added with.
    pub store_id: Option<i32>,
    /// Invoice type.
    pub invoice_type: InvoiceType,
    /// Rows (adjustments are rows too).
    pub rows: Vec<Row>,
    /// Order number (`OrderNo`, or set by SetOrderNumber).
    pub order_no: Option<String>,
    /// Due date as days since 1970-01-01, once activated.
    pub due_day: Option<i64>,
    /// Whether ExtendDueDate was used.
    pub due_date_extended: bool,
    /// How often SendInvoice was called.
    pub times_sent: u32,
    /// The invoice the rows came from, for invoices split off by PartActivateInvoice.
    pub split_from: Option<String>,
}

impl Invoice {
    /// Sum of `remaining × unit price` over all rows: the amount still owed.
    pub fn total(&self) -> Decimal {
        self.rows.iter().map(Row::amount).sum()
    }
}

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
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        SimulatorConfig {
            username: "USERNAME".to_owned(),
            password: "PASSWORD".to_owned(),
            store_ids: None,
            first_invoice_no: 62_400_001,
            payment_days: 30,
        }
    }
}

#[derive(Debug)]
struct State {
    next_no: u64,
    invoices: BTreeMap<String, Invoice>,
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

fn fault(code: &str, message: impl Into<String>) -> ServerFault {
    ServerFault::new(code, message)
}

fn not_found(no: &str) -> ServerFault {
    fault("INVOICE_NOT_FOUND", format!("Invoice {no} was not found."))
}

fn invalid_status(no: &str, state: InvoiceState, what: &str) -> ServerFault {
    fault(
        "INVALID_INVOICE_STATUS",
        format!("Invoice {no} cannot be {what} in its current state ({state:?})."),
    )
}

/// Days since 1970-01-01 of today (UTC).
fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// `YYYY-MM-DDT23:59:59` of a day number (Howard Hinnant's civil-from-days).
fn day_to_datetime(days: i64) -> XsDateTime {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    XsDateTime::parse(&format!("{y:04}-{m:02}-{d:02}T23:59:59")).expect("a valid date")
}

fn echo(c: &str) -> Nillable<String> {
    Nillable::Value(c.to_owned())
}

fn echo_nillable(c: &Nillable<String>) -> Nillable<String> {
    c.clone()
}

/// Which rows an `Article` of PartActivate/PartCredit means, and how much of each it takes.
/// `available` gives the quantity of a row still available for the operation.
fn allocate(
    rows: &[Row],
    article: &Article,
    available: impl Fn(usize) -> i32,
) -> Result<Vec<(usize, i32)>, ServerFault> {
    let by_name = |r: &Row| {
        article
            .article_id
            .as_ref()
            .is_none_or(|a| *a == r.article_id)
            && article
                .description
                .as_ref()
                .is_none_or(|d| *d == r.description)
    };
    let label = article
        .article_id
        .as_deref()
        .or(article.description.as_deref())
        .unwrap_or("(no id)");
    if article.article_id.is_none() && article.description.is_none() {
        return Err(fault(
            "VALIDATION_ARTICLE_ID_REQUIRED",
            "An article needs an ArticleId or a Description.",
        ));
    }
    let named: Vec<usize> = (0..rows.len()).filter(|&i| by_name(&rows[i])).collect();
    if named.is_empty() {
        return Err(fault(
            "ARTICLE_NOT_FOUND",
            format!("Article {label} was not found on the invoice."),
        ));
    }
    let matched: Vec<usize> = match article.unit_price {
        Some(p) => {
            let m: Vec<usize> = named
                .iter()
                .copied()
                .filter(|&i| rows[i].unit_price == p)
                .collect();
            if m.is_empty() {
                return Err(fault(
                    "ARTICLE_NOT_FOUND_BASED_ON_UNITPRICE",
                    format!("Article {label} with unit price {p} was not found on the invoice."),
                ));
            }
            m
        }
        None => {
            let first = rows[named[0]].unit_price;
            if named.iter().any(|&i| rows[i].unit_price != first) {
                return Err(fault(
                    "UNIQUE_ARTICLE_NOT_FOUND",
                    format!(
                        "Article {label} occurs with different unit prices; specify UnitPrice."
                    ),
                ));
            }
            named
        }
    };
    let total: i64 = matched.iter().map(|&i| i64::from(available(i))).sum();
    if article.quantity <= 0 || i64::from(article.quantity) > total {
        return Err(fault(
            "INVALID_QUANTITY",
            format!(
                "Quantity {} of article {label} is not between 1 and the quantity left ({total}).",
                article.quantity
            ),
        ));
    }
    let mut left = article.quantity;
    let mut out = Vec::new();
    for i in matched {
        if left == 0 {
            break;
        }
        let take = available(i).min(left);
        if take > 0 {
            out.push((i, take));
            left -= take;
        }
    }
    Ok(out)
}

impl Simulator {
    /// A simulator with the default settings (credentials `USERNAME` / `PASSWORD`).
    pub fn new() -> Self {
        Self::with_config(SimulatorConfig::default())
    }

    /// A simulator with `config`.
    pub fn with_config(config: SimulatorConfig) -> Self {
        let next_no = config.first_invoice_no;
        Simulator {
            config,
            state: Mutex::new(State {
                next_no,
                invoices: BTreeMap::new(),
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
        self.lock().invoices.values().cloned().collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave an invoice half-updated: every operation
        // checks first and writes last. So a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

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

    /// Runs `f` on invoice `no` (found only with its own country code) under the lock.
    fn with_invoice<T>(
        &self,
        no: &str,
        country: &str,
        f: impl FnOnce(&mut Invoice, &mut State) -> Result<T, ServerFault>,
    ) -> Result<T, ServerFault> {
        let mut state = self.lock();
        let mut invoice = match state.invoices.get(no) {
            Some(i) if i.country_code == country => i.clone(),
            _ => return Err(not_found(no)),
        };
        let out = f(&mut invoice, &mut state)?;
        state.invoices.insert(no.to_owned(), invoice);
        Ok(out)
    }

    fn url(no: &str) -> String {
        format!("https://simulator.invalid/invoice?id={no}")
    }

    fn payment_reference(no: &str) -> String {
        format!("1000{no}")
    }

    fn activate(&self, inv: &mut Invoice) {
        inv.state = InvoiceState::Activated;
        inv.due_day = Some(today() + self.config.payment_days);
    }
}

fn int_store(s: &Nillable<i32>) -> Option<i32> {
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
        let store_id = request.store_id.as_ref().and_then(|s| s.value().copied());
        self.authorize(&headers, store_id)?;
        let rows: Vec<Row> = request
            .invoice_rows
            .iter()
            .map(Row::from_invoice_row)
            .collect();
        let total: Decimal = rows.iter().map(Row::amount).sum();
        if total <= Decimal::ZERO {
            return Err(fault(
                "TOTAL_AMOUNT_MUST_BE_POSITIVE",
                format!("The invoice amount must be positive (it is {total})."),
            ));
        }
        let mut state = self.lock();
        let no = state.next_no.to_string();
        state.next_no += 1;
        let mut inv = Invoice {
            invoice_no: no.clone(),
            state: InvoiceState::Pending,
            country_code: request.country_code.clone(),
            store_id,
            invoice_type: request.invoice_type,
            rows,
            order_no: request.order_no.as_ref().and_then(|o| o.value().cloned()),
            due_day: None,
            due_date_extended: false,
            times_sent: 0,
            split_from: None,
        };
        if request.activation_option == ActivationOption::AutoActivation {
            self.activate(&mut inv);
        }
        let activated = inv.state == InvoiceState::Activated;
        let response = AddInvoiceResponse {
            available_reservation_amount: Some(Nillable::Value(Decimal::ZERO)),
            correlation_id: Some(request.correlation_id.clone().unwrap_or(Nillable::Nil)),
            due_date: Some(
                inv.due_day
                    .filter(|_| activated)
                    .map(day_to_datetime)
                    .map_or(Nillable::Nil, Nillable::Value),
            ),
            invoice_no: no.clone(),
            invoice_status: inv.state.status_code(),
            invoice_url: Some(if activated {
                Nillable::Value(Self::url(&no))
            } else {
                Nillable::Nil
            }),
            lowest_amount_to_pay: Some(if activated {
                Nillable::Value(total)
            } else {
                Nillable::Nil
            }),
            payment_reference: Some(Nillable::Value(Self::payment_reference(&no))),
            total_amount: Some(Nillable::Value(total)),
        };
        state.invoices.insert(no, inv);
        Ok(response)
    }

    async fn cancel_invoice(
        &self,
        headers: SoapHeaders,
        request: CancelInvoiceRequest,
    ) -> Result<CancelInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            if inv.state != InvoiceState::Pending {
                return Err(invalid_status(&inv.invoice_no, inv.state, "cancelled"));
            }
            inv.state = InvoiceState::Cancelled;
            Ok(CancelInvoiceResponse {
                correlation_id: echo(&request.correlation_id),
            })
        })
    }

    async fn activate_invoice(
        &self,
        headers: SoapHeaders,
        request: ActivateInvoiceRequest,
    ) -> Result<ActivateInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            match inv.state {
                InvoiceState::Pending => {}
                // As the V31 client's tests observed: a cancelled invoice is not found.
                InvoiceState::Cancelled => return Err(not_found(&inv.invoice_no)),
                s => return Err(invalid_status(&inv.invoice_no, s, "activated")),
            }
            self.activate(inv);
            let total = inv.total();
            Ok(ActivateInvoiceResponse {
                correlation_id: echo(&request.correlation_id),
                due_date: day_to_datetime(inv.due_day.unwrap_or_else(today)),
                invoice_url: Self::url(&inv.invoice_no),
                lowest_amount_to_pay: total,
                payment_reference: Nillable::Value(Self::payment_reference(&inv.invoice_no)),
                total_amount: total,
            })
        })
    }

    async fn part_activate_invoice(
        &self,
        headers: SoapHeaders,
        request: PartActivateInvoiceRequest,
    ) -> Result<PartActivateInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, state| {
            match inv.state {
                InvoiceState::Pending => {}
                InvoiceState::Cancelled => return Err(not_found(&inv.invoice_no)),
                s => return Err(invalid_status(&inv.invoice_no, s, "activated")),
            }
            if request.article_list.is_empty() {
                return Err(fault(
                    "VALIDATION_ARTICLE_LIST_REQUIRED",
                    "ArticleList is empty.",
                ));
            }
            // `activate[i]`: quantity of row i to activate.
            let mut activate = vec![0i32; inv.rows.len()];
            for article in &request.article_list {
                let taken = allocate(&inv.rows, article, |i| {
                    inv.rows[i].remaining() - activate[i]
                })?;
                for (i, q) in taken {
                    activate[i] += q;
                }
            }
            let mut kept = Vec::new();
            let mut rest = Vec::new();
            for (row, q) in inv.rows.iter().zip(&activate) {
                if *q > 0 {
                    kept.push(Row {
                        quantity: *q,
                        credited: 0,
                        ..row.clone()
                    });
                }
                if row.remaining() - q > 0 {
                    rest.push(Row {
                        quantity: row.remaining() - q,
                        credited: 0,
                        ..row.clone()
                    });
                }
            }
            inv.rows = kept;
            self.activate(inv);
            let new_no = if rest.is_empty() {
                None
            } else {
                let no = state.next_no.to_string();
                state.next_no += 1;
                let split = Invoice {
                    invoice_no: no.clone(),
                    state: InvoiceState::Pending,
                    rows: rest,
                    due_day: None,
                    due_date_extended: false,
                    times_sent: 0,
                    split_from: Some(inv.invoice_no.clone()),
                    ..inv.clone()
                };
                state.invoices.insert(no.clone(), split);
                Some(no)
            };
            let total = inv.total();
            Ok(PartActivateInvoiceResponse {
                correlation_id: echo(&request.correlation_id),
                due_date: day_to_datetime(inv.due_day.unwrap_or_else(today)),
                invoice_url: Self::url(&inv.invoice_no),
                lowest_amount_to_pay: total,
                new_invoice_no: Some(new_no.map_or(Nillable::Nil, Nillable::Value)),
                payment_reference: Nillable::Value(Self::payment_reference(&inv.invoice_no)),
                total_amount: total,
            })
        })
    }

    async fn credit_invoice(
        &self,
        headers: SoapHeaders,
        request: CreditInvoiceRequest,
    ) -> Result<CreditInvoiceResponse, ServerFault> {
        self.authorize(&headers, int_store(&request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            // Documented: "the invoice is already credited or not activated" → INVOICE_NOT_FOUND.
            if inv.state != InvoiceState::Activated {
                return Err(not_found(&inv.invoice_no));
            }
            for r in &mut inv.rows {
                r.credited = r.quantity;
            }
            inv.state = InvoiceState::Credited;
            Ok(CreditInvoiceResponse {
                correlation_id: echo_nillable(&request.correlation_id),
            })
        })
    }

    async fn part_credit_invoice(
        &self,
        headers: SoapHeaders,
        request: PartCreditInvoiceRequest,
    ) -> Result<PartCreditInvoiceResponse, ServerFault> {
        self.authorize(&headers, int_store(&request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            if inv.state != InvoiceState::Activated {
                return Err(not_found(&inv.invoice_no));
            }
            if request.article_list.is_empty() {
                return Err(fault(
                    "VALIDATION_ARTICLE_LIST_REQUIRED",
                    "ArticleList is empty.",
                ));
            }
            let mut rows = inv.rows.clone();
            for article in &request.article_list {
                for (i, q) in allocate(&rows, article, |i| rows[i].remaining())? {
                    rows[i].credited += q;
                }
            }
            inv.rows = rows;
            if inv.rows.iter().all(|r| r.remaining() == 0) {
                inv.state = InvoiceState::Credited;
            }
            Ok(PartCreditInvoiceResponse {
                correlation_id: request.correlation_id.clone().unwrap_or(Nillable::Nil),
            })
        })
    }

    async fn adjust_invoice(
        &self,
        headers: SoapHeaders,
        request: AdjustInvoiceRequest,
    ) -> Result<AdjustInvoiceResponse, ServerFault> {
        self.authorize(&headers, int_store(&request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            if !matches!(inv.state, InvoiceState::Pending | InvoiceState::Activated) {
                return Err(invalid_status(&inv.invoice_no, inv.state, "adjusted"));
            }
            let added: Vec<Row> = request
                .invoice_rows
                .iter()
                .map(Row::from_invoice_row)
                .collect();
            let adjustment: Decimal = added.iter().map(Row::amount).sum();
            let total = inv.total();
            if total + adjustment < Decimal::ZERO {
                return Err(fault(
                    "INVALID_TRANSACTION_AMOUNT",
                    format!("The adjustment {adjustment} exceeds the invoice amount {total}."),
                ));
            }
            inv.rows.extend(added);
            Ok(AdjustInvoiceResponse {
                correlation_id: echo_nillable(&request.correlation_id),
            })
        })
    }

    async fn extend_due_date(
        &self,
        headers: SoapHeaders,
        request: ExtendDueDateRequest,
    ) -> Result<ExtendDueDateResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            if inv.state != InvoiceState::Activated {
                return Err(invalid_status(&inv.invoice_no, inv.state, "extended"));
            }
            if inv.invoice_type != InvoiceType::DirectInvoice {
                return Err(fault(
                    "INVOICE_INVALID_TYPE",
                    "The due date can only be extended on direct invoices.",
                ));
            }
            if inv.due_date_extended {
                return Err(fault(
                    "INVOICE_DUEDATE_ALREADY_EXTENDED",
                    format!("The due date of {} was already extended.", inv.invoice_no),
                ));
            }
            let due = inv.due_day.unwrap_or_else(today) + 30;
            inv.due_day = Some(due);
            inv.due_date_extended = true;
            Ok(ExtendDueDateResponse {
                correlation_id: echo(&request.correlation_id),
                due_date: day_to_datetime(due),
            })
        })
    }

    async fn replace_invoice(
        &self,
        headers: SoapHeaders,
        request: ReplaceInvoiceRequest,
    ) -> Result<ReplaceInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            if inv.state != InvoiceState::Pending {
                return Err(invalid_status(&inv.invoice_no, inv.state, "replaced"));
            }
            let rows: Vec<Row> = request
                .invoice_rows
                .iter()
                .map(Row::from_invoice_row)
                .collect();
            let total: Decimal = rows.iter().map(Row::amount).sum();
            if total <= Decimal::ZERO {
                return Err(fault(
                    "TOTAL_AMOUNT_MUST_BE_POSITIVE",
                    format!("The invoice amount must be positive (it is {total})."),
                ));
            }
            inv.rows = rows;
            Ok(ReplaceInvoiceResponse {
                available_reservation_amount: None,
                correlation_id: echo(&request.correlation_id),
                invoice_status: inv.state.status_code(),
                total_amount: total,
            })
        })
    }

    async fn send_invoice(
        &self,
        headers: SoapHeaders,
        request: SendInvoiceRequest,
    ) -> Result<SendInvoiceResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            if inv.state != InvoiceState::Activated {
                return Err(invalid_status(&inv.invoice_no, inv.state, "sent"));
            }
            if request.invoice_delivery_method == InvoiceDeliveryMethod::Email
                && request.email.trim().is_empty()
            {
                return Err(fault(
                    "EMAIL_IS_MISSING",
                    "Delivery by e-mail needs an e-mail address.",
                ));
            }
            inv.times_sent += 1;
            let total = inv.total();
            Ok(SendInvoiceResponse {
                available_reservation_amount: Nillable::Value(Decimal::ZERO),
                correlation_id: echo(&request.correlation_id),
                due_date: inv
                    .due_day
                    .map(day_to_datetime)
                    .map_or(Nillable::Nil, Nillable::Value),
                invoice_url: Nillable::Value(Self::url(&inv.invoice_no)),
                lowest_amount_to_pay: Nillable::Value(total),
                new_invoice_no: Nillable::Nil,
                payment_reference: Nillable::Value(Self::payment_reference(&inv.invoice_no)),
                total_amount: Nillable::Value(total),
            })
        })
    }

    async fn get_invoice_information(
        &self,
        headers: SoapHeaders,
        request: GetInvoiceInformationRequest,
    ) -> Result<GetInvoiceInformationResponse, ServerFault> {
        self.authorize(&headers, Some(request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            Ok(GetInvoiceInformationResponse {
                correlation_id: echo(&request.correlation_id),
                status: Nillable::Value(inv.state.status_code()),
            })
        })
    }

    async fn set_order_number(
        &self,
        headers: SoapHeaders,
        request: SetOrderNumberRequest,
    ) -> Result<SetOrderNumberResponse, ServerFault> {
        self.authorize(&headers, int_store(&request.store_id))?;
        self.with_invoice(&request.invoice_no, &request.country_code, |inv, _| {
            if inv.state != InvoiceState::Pending {
                return Err(invalid_status(
                    &inv.invoice_no,
                    inv.state,
                    "given an order number",
                ));
            }
            inv.order_no = Some(request.new_order_number.clone());
            Ok(SetOrderNumberResponse {
                correlation_id: echo_nillable(&request.correlation_id),
            })
        })
    }
    // Not simulated yet (issue 11 adds the behaviour): answers UNHANDLED_EXCEPTION.
    async fn get_address(
        &self,
        _headers: SoapHeaders,
        _request: GetAddressRequest,
    ) -> Result<GetAddressResponse, ServerFault> {
        Err(crate::faults::internal_fault(
            "GetAddress is not simulated yet.",
        ))
    }

    // Not simulated yet (issue 11 adds the behaviour): answers UNHANDLED_EXCEPTION.
    async fn get_products(
        &self,
        _headers: SoapHeaders,
        _request: GetProductsRequest,
    ) -> Result<GetProductsResponse, ServerFault> {
        Err(crate::faults::internal_fault(
            "GetProducts is not simulated yet.",
        ))
    }

    // Not simulated yet (issue 11 adds the behaviour): answers UNHANDLED_EXCEPTION.
    async fn create_account(
        &self,
        _headers: SoapHeaders,
        _request: CreateAccountRequest,
    ) -> Result<CreateAccountResponse, ServerFault> {
        Err(crate::faults::internal_fault(
            "CreateAccount is not simulated yet.",
        ))
    }

    // Not simulated yet (issue 11 adds the behaviour): answers UNHANDLED_EXCEPTION.
    async fn set_reservation(
        &self,
        _headers: SoapHeaders,
        _request: SetReservationRequest,
    ) -> Result<SetReservationResponse, ServerFault> {
        Err(crate::faults::internal_fault(
            "SetReservation is not simulated yet.",
        ))
    }

    // Not simulated yet (issue 11 adds the behaviour): answers UNHANDLED_EXCEPTION.
    async fn activate_reservation(
        &self,
        _headers: SoapHeaders,
        _request: ActivateReservationRequest,
    ) -> Result<ActivateReservationResponse, ServerFault> {
        Err(crate::faults::internal_fault(
            "ActivateReservation is not simulated yet.",
        ))
    }

    // Not simulated yet (issue 11 adds the behaviour): answers UNHANDLED_EXCEPTION.
    async fn get_reservations(
        &self,
        _headers: SoapHeaders,
        _request: GetReservationsRequest,
    ) -> Result<GetReservationsResponse, ServerFault> {
        Err(crate::faults::internal_fault(
            "GetReservations is not simulated yet.",
        ))
    }

    // Not simulated yet (issue 11 adds the behaviour): answers UNHANDLED_EXCEPTION.
    async fn cancel_reservation(
        &self,
        _headers: SoapHeaders,
        _request: CancelReservationRequest,
    ) -> Result<CancelReservationResponse, ServerFault> {
        Err(crate::faults::internal_fault(
            "CancelReservation is not simulated yet.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(day_to_datetime(0).as_str(), "1970-01-01T23:59:59");
        assert_eq!(day_to_datetime(18_372).as_str(), "2020-04-20T23:59:59");
        assert_eq!(day_to_datetime(19_782).as_str(), "2024-02-29T23:59:59");
    }
}
