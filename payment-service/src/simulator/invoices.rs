//! Invoices: their state, rows and life cycle, and the twelve invoice operations.
//!
//! AddInvoice creates an invoice (pending, or activated with `ActivationOption` 1); Activate
//! and PartActivate (which splits the rest off into a new pending invoice) activate it; only a
//! pending invoice can be cancelled, replaced or given an order number; an activated one can be
//! credited (in full, or per article with quantity bookkeeping), sent and have its due date
//! extended once; Adjust adds rows to a pending or activated invoice.
//!
//! Before AddInvoice creates an invoice it checks the purchase the way the service does:
//!
//! | Fault | When |
//! |---|---|
//! | `TOTAL_AMOUNT_MUST_BE_POSITIVE` | the rows add up to 0 or less |
//! | `INVALID_CURRENCY_CODE` | `Currency` is not the country's (SE SEK, NO NOK, FI EUR, DK DKK) |
//! | `COUNTRYCODE_MISMATCH_WITH_INVOICE_ADDRESS`, `…_DELIVERY_ADDRESS` | the address gives another `CountryCode` than the request |
//! | `INVALID_DELIVERY_ADDRESS_USAGE` | a private customer's `DeliveryAddress` is filled in and differs from the `InvoiceAddress` |
//! | `INVALID_PRODUCT_CODE` | `ProductCode` is not one of GetProducts' ([`super::products`]) |
//! | `INVALID_REGISTRATION_NUMBER` | `RegNo` is malformed ([`super::persons`]) |
//! | `AGREEMENT_RULES_VALIDATION_FAILED` | the name in `InvoiceAddress` is not the test person's registered one |
//! | `INVOICE_EXCEEDS_AVAILABLE_RESERVATION` | the customer has an active reservation and the total is above what is left of it ([`super::reservations`]) |
//! | `CREDIT_CHECK_DENIED`, `DENIED_TO_PURCHASE`, `DENIED_TO_PURCHASE_HHCPN`, `ADDRESS_NOT_FOUND`, `UNHANDLED_EXCEPTION`, `PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT` | the credit check of the [test persons](super::persons), and a total above the customer's credit limit |

use super::dates::end_of_day;
use super::persons::{self, Purpose, RegNo};
use super::{fault, products, Simulator, State};
use crate::runtime::{Decimal, Nillable, ServerFault};
use crate::*;
use std::collections::BTreeMap;

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
    /// The customer's registration number, in its filed form (12 digits for a Swedish person).
    pub reg_no: String,
    /// How much of the total was drawn from the customer's reservation (0 when none was used).
    pub reservation_amount: Decimal,
    customer: RegNo,
}

impl Invoice {
    /// Sum of `remaining × unit price` over all rows: the amount still owed.
    pub fn total(&self) -> Decimal {
        self.rows.iter().map(Row::amount).sum()
    }
}

/// The invoices, by number, and the next number to hand out.
#[derive(Debug)]
pub(super) struct Ledger {
    next_no: u64,
    by_no: BTreeMap<String, Invoice>,
}

impl Ledger {
    /// An empty ledger whose first invoice gets `first_no`.
    pub(super) fn new(first_no: u64) -> Self {
        Ledger {
            next_no: first_no,
            by_no: BTreeMap::new(),
        }
    }

    /// Invoice `no`.
    pub(super) fn get(&self, no: &str) -> Option<&Invoice> {
        self.by_no.get(no)
    }

    /// Every invoice, by number.
    pub(super) fn all(&self) -> impl Iterator<Item = &Invoice> {
        self.by_no.values()
    }

    /// A fresh invoice number.
    fn next_number(&mut self) -> String {
        let no = self.next_no.to_string();
        self.next_no += 1;
        no
    }
}

/// What is left of the reservation the customer of `inv` has in its store (0 without one),
/// the documented `AvailableReservationAmount`.
fn available_for(state: &State, inv: &Invoice) -> Decimal {
    state
        .reservations
        .available(&inv.country_code, inv.store_id, &inv.customer)
        .unwrap_or(Decimal::ZERO)
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

fn echo(c: &str) -> Nillable<String> {
    Nillable::Value(c.to_owned())
}

fn url(no: &str) -> String {
    format!("https://simulator.invalid/invoice?id={no}")
}

fn payment_reference(no: &str) -> String {
    format!("1000{no}")
}

fn activate_now(sim: &Simulator, inv: &mut Invoice) {
    inv.state = InvoiceState::Activated;
    inv.due_day = Some(sim.today() + sim.config.payment_days);
}

/// Runs `f` on invoice `no` (found only with its own country code) under the lock; the
/// invoice is written back only if `f` succeeds.
fn with_invoice<T>(
    sim: &Simulator,
    no: &str,
    country: &str,
    f: impl FnOnce(&mut Invoice, &mut State) -> Result<T, ServerFault>,
) -> Result<T, ServerFault> {
    let mut state = sim.lock();
    let mut invoice = match state.invoices.by_no.get(no) {
        Some(i) if i.country_code == country => i.clone(),
        _ => return Err(not_found(no)),
    };
    let out = f(&mut invoice, &mut state)?;
    state.invoices.by_no.insert(no.to_owned(), invoice);
    Ok(out)
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

/// The fields of an address that say where it is, trimmed; an empty field is no field.
fn location(a: &Address) -> [Option<&str>; 9] {
    [
        &a.address1,
        &a.address2,
        &a.co_address,
        &a.postal_code,
        &a.city,
        &a.country_code,
        &a.firstname,
        &a.lastname,
        &a.company_name,
    ]
    .map(|f| f.as_deref().map(str::trim).filter(|s| !s.is_empty()))
}

/// Whether a name given in a request is present and not the registered one (ignoring case).
fn other_name(given: &Option<String>, registered: &str) -> bool {
    given
        .as_deref()
        .map(str::trim)
        .is_some_and(|g| !g.is_empty() && g.to_lowercase() != registered.to_lowercase())
}

/// The checks of AddInvoice that need no state: currency, address countries and usage, product
/// code, registration number and registered name.
fn check_purchase(sim: &Simulator, request: &AddInvoiceRequest) -> Result<RegNo, ServerFault> {
    let country = request.country_code.as_str();
    if products::currency_of(country).is_some_and(|c| c != request.currency) {
        return Err(fault(
            "INVALID_CURRENCY_CODE",
            format!("Currency {} is not allowed in {country}.", request.currency),
        ));
    }
    for (code, a) in [
        (
            "COUNTRYCODE_MISMATCH_WITH_INVOICE_ADDRESS",
            &request.invoice_address,
        ),
        (
            "COUNTRYCODE_MISMATCH_WITH_DELIVERY_ADDRESS",
            &request.delivery_address,
        ),
    ] {
        if let Some(c) = a.country_code.as_deref().filter(|c| *c != country) {
            return Err(fault(
                code,
                format!("The address is in {c}, the request in {country}."),
            ));
        }
    }
    let customer = persons::reg_no_or_fault(country, &request.reg_no, sim.current_year())?;
    let delivery = location(&request.delivery_address);
    if !matches!(customer, RegNo::Company(_))
        && delivery.iter().any(Option::is_some)
        && delivery != location(&request.invoice_address)
    {
        return Err(fault(
            "INVALID_DELIVERY_ADDRESS_USAGE",
            "A private customer's delivery address must be the invoice address.",
        ));
    }
    if let Some(code) = request.product_code.as_ref().and_then(|c| c.value()) {
        if products::find(code).is_none() {
            return Err(fault(
                "INVALID_PRODUCT_CODE",
                format!("Product {code:?} does not exist; GetProducts lists the products."),
            ));
        }
    }
    if let Some(p) = customer.person().filter(|p| !p.addresses.is_empty()) {
        let a = &request.invoice_address;
        if other_name(&a.firstname, p.firstname) || other_name(&a.lastname, p.lastname) {
            return Err(fault(
                "AGREEMENT_RULES_VALIDATION_FAILED",
                "The personal data does not match the population register.",
            ));
        }
    }
    Ok(customer)
}

/// AddInvoice: a new pending invoice, or an activated one with `ActivationOption` 1, after the
/// checks of [the module](self): drawn from the customer's active reservation, or credit-checked.
pub(super) fn add(
    sim: &Simulator,
    request: &AddInvoiceRequest,
) -> Result<AddInvoiceResponse, ServerFault> {
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
    let customer = check_purchase(sim, request)?;
    let country = request.country_code.as_str();
    let store_id = request.store_id.as_ref().and_then(|s| s.value().copied());
    let today = sim.today();
    let mut state = sim.lock();
    let (reservation_amount, available) = match state
        .reservations
        .active_mut(country, store_id, &customer, today)
    {
        Some(r) if total > r.available_amount => {
            return Err(fault(
                "INVOICE_EXCEEDS_AVAILABLE_RESERVATION",
                format!(
                    "The total {total} exceeds the available reservation {}.",
                    r.available_amount
                ),
            ))
        }
        Some(r) => {
            r.available_amount -= total;
            (total, r.available_amount)
        }
        None => {
            persons::credit_check(
                &customer,
                total,
                sim.config.max_credit_amount,
                Purpose::Purchase,
            )?;
            (Decimal::ZERO, Decimal::ZERO)
        }
    };
    let no = state.invoices.next_number();
    let mut inv = Invoice {
        invoice_no: no.clone(),
        state: InvoiceState::Pending,
        country_code: country.to_owned(),
        store_id,
        invoice_type: request.invoice_type,
        rows,
        order_no: request.order_no.as_ref().and_then(|o| o.value().cloned()),
        due_day: None,
        due_date_extended: false,
        times_sent: 0,
        split_from: None,
        reg_no: customer.as_str().to_owned(),
        reservation_amount,
        customer,
    };
    if request.activation_option == ActivationOption::AutoActivation {
        activate_now(sim, &mut inv);
    }
    let response = added(request, &inv, available);
    state.invoices.by_no.insert(no, inv);
    Ok(response)
}

/// The AddInvoice response for the new invoice `inv`.
fn added(request: &AddInvoiceRequest, inv: &Invoice, available: Decimal) -> AddInvoiceResponse {
    let activated = inv.state == InvoiceState::Activated;
    fn when<T>(activated: bool, v: T) -> Nillable<T> {
        if activated {
            Nillable::Value(v)
        } else {
            Nillable::Nil
        }
    }
    let total = inv.total();
    AddInvoiceResponse {
        available_reservation_amount: Some(Nillable::Value(available)),
        correlation_id: Some(request.correlation_id.clone().unwrap_or(Nillable::Nil)),
        due_date: Some(
            inv.due_day
                .filter(|_| activated)
                .map(end_of_day)
                .map_or(Nillable::Nil, Nillable::Value),
        ),
        invoice_no: inv.invoice_no.clone(),
        invoice_status: inv.state.status_code(),
        invoice_url: Some(when(activated, url(&inv.invoice_no))),
        lowest_amount_to_pay: Some(when(activated, total)),
        payment_reference: Some(Nillable::Value(payment_reference(&inv.invoice_no))),
        total_amount: Some(Nillable::Value(total)),
    }
}

/// CancelInvoice: only a pending invoice.
pub(super) fn cancel(
    sim: &Simulator,
    request: &CancelInvoiceRequest,
) -> Result<CancelInvoiceResponse, ServerFault> {
    with_invoice(
        sim,
        &request.invoice_no,
        &request.country_code,
        |inv, state| {
            if inv.state != InvoiceState::Pending {
                return Err(invalid_status(&inv.invoice_no, inv.state, "cancelled"));
            }
            inv.state = InvoiceState::Cancelled;
            if inv.reservation_amount > Decimal::ZERO {
                let (country, store) = (inv.country_code.as_str(), inv.store_id);
                let amount = inv.reservation_amount;
                state
                    .reservations
                    .release(country, store, &inv.customer, amount);
                inv.reservation_amount = Decimal::ZERO;
            }
            Ok(CancelInvoiceResponse {
                correlation_id: echo(&request.correlation_id),
            })
        },
    )
}

/// ActivateInvoice: a pending invoice becomes activated, with due date and URL.
pub(super) fn activate(
    sim: &Simulator,
    request: &ActivateInvoiceRequest,
) -> Result<ActivateInvoiceResponse, ServerFault> {
    with_invoice(sim, &request.invoice_no, &request.country_code, |inv, _| {
        match inv.state {
            InvoiceState::Pending => {}
            // As the V31 client's tests observed: a cancelled invoice is not found.
            InvoiceState::Cancelled => return Err(not_found(&inv.invoice_no)),
            s => return Err(invalid_status(&inv.invoice_no, s, "activated")),
        }
        activate_now(sim, inv);
        let total = inv.total();
        Ok(ActivateInvoiceResponse {
            correlation_id: echo(&request.correlation_id),
            due_date: end_of_day(inv.due_day.unwrap_or_else(|| sim.today())),
            invoice_url: url(&inv.invoice_no),
            lowest_amount_to_pay: total,
            payment_reference: Nillable::Value(payment_reference(&inv.invoice_no)),
            total_amount: total,
        })
    })
}

/// How many units of each row an article list takes, checked against what is left.
fn quantities_to_activate(inv: &Invoice, articles: &[Article]) -> Result<Vec<i32>, ServerFault> {
    let mut activate = vec![0i32; inv.rows.len()];
    for article in articles {
        let taken = allocate(&inv.rows, article, |i| {
            inv.rows[i].remaining() - activate[i]
        })?;
        for (i, q) in taken {
            activate[i] += q;
        }
    }
    Ok(activate)
}

/// PartActivateInvoice: the listed articles are activated; the rest moves to a new pending
/// invoice, whose number is returned in `NewInvoiceNo`.
pub(super) fn part_activate(
    sim: &Simulator,
    request: &PartActivateInvoiceRequest,
) -> Result<PartActivateInvoiceResponse, ServerFault> {
    with_invoice(
        sim,
        &request.invoice_no,
        &request.country_code,
        |inv, state| {
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
            let activate = quantities_to_activate(inv, &request.article_list)?;
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
            activate_now(sim, inv);
            let new_no = if rest.is_empty() {
                None
            } else {
                let no = state.invoices.next_number();
                // What was drawn from a reservation follows the rows: the rest takes its share.
                let rest_total: Decimal = rest.iter().map(Row::amount).sum();
                let moved = rest_total.min(inv.reservation_amount);
                inv.reservation_amount -= moved;
                let split = Invoice {
                    invoice_no: no.clone(),
                    state: InvoiceState::Pending,
                    reservation_amount: moved,
                    rows: rest,
                    due_day: None,
                    due_date_extended: false,
                    times_sent: 0,
                    split_from: Some(inv.invoice_no.clone()),
                    ..inv.clone()
                };
                state.invoices.by_no.insert(no.clone(), split);
                Some(no)
            };
            let total = inv.total();
            Ok(PartActivateInvoiceResponse {
                correlation_id: echo(&request.correlation_id),
                due_date: end_of_day(inv.due_day.unwrap_or_else(|| sim.today())),
                invoice_url: url(&inv.invoice_no),
                lowest_amount_to_pay: total,
                new_invoice_no: Some(new_no.map_or(Nillable::Nil, Nillable::Value)),
                payment_reference: Nillable::Value(payment_reference(&inv.invoice_no)),
                total_amount: total,
            })
        },
    )
}

/// CreditInvoice: an activated invoice is credited in full.
pub(super) fn credit(
    sim: &Simulator,
    request: &CreditInvoiceRequest,
) -> Result<CreditInvoiceResponse, ServerFault> {
    with_invoice(sim, &request.invoice_no, &request.country_code, |inv, _| {
        // Documented: "the invoice is already credited or not activated" → INVOICE_NOT_FOUND.
        if inv.state != InvoiceState::Activated {
            return Err(not_found(&inv.invoice_no));
        }
        for r in &mut inv.rows {
            r.credited = r.quantity;
        }
        inv.state = InvoiceState::Credited;
        Ok(CreditInvoiceResponse {
            correlation_id: request.correlation_id.clone(),
        })
    })
}

/// PartCreditInvoice: the listed quantities of an activated invoice are credited.
pub(super) fn part_credit(
    sim: &Simulator,
    request: &PartCreditInvoiceRequest,
) -> Result<PartCreditInvoiceResponse, ServerFault> {
    with_invoice(sim, &request.invoice_no, &request.country_code, |inv, _| {
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

/// AdjustInvoice: rows added to a pending or activated invoice; the total stays ≥ 0.
pub(super) fn adjust(
    sim: &Simulator,
    request: &AdjustInvoiceRequest,
) -> Result<AdjustInvoiceResponse, ServerFault> {
    with_invoice(sim, &request.invoice_no, &request.country_code, |inv, _| {
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
            correlation_id: request.correlation_id.clone(),
        })
    })
}

/// ExtendDueDate: 30 more days, once, for activated direct invoices.
pub(super) fn extend_due_date(
    sim: &Simulator,
    request: &ExtendDueDateRequest,
) -> Result<ExtendDueDateResponse, ServerFault> {
    with_invoice(sim, &request.invoice_no, &request.country_code, |inv, _| {
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
        let due = inv.due_day.unwrap_or_else(|| sim.today()) + 30;
        inv.due_day = Some(due);
        inv.due_date_extended = true;
        Ok(ExtendDueDateResponse {
            correlation_id: echo(&request.correlation_id),
            due_date: end_of_day(due),
        })
    })
}

/// ReplaceInvoice: all rows of a pending invoice replaced; the total must stay positive.
pub(super) fn replace(
    sim: &Simulator,
    request: &ReplaceInvoiceRequest,
) -> Result<ReplaceInvoiceResponse, ServerFault> {
    with_invoice(
        sim,
        &request.invoice_no,
        &request.country_code,
        |inv, state| {
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
                available_reservation_amount: Some(Nillable::Value(available_for(state, inv))),
                correlation_id: echo(&request.correlation_id),
                invoice_status: inv.state.status_code(),
                total_amount: total,
            })
        },
    )
}

/// SendInvoice: an activated invoice is (re)sent; e-mail delivery needs an address.
pub(super) fn send(
    sim: &Simulator,
    request: &SendInvoiceRequest,
) -> Result<SendInvoiceResponse, ServerFault> {
    with_invoice(
        sim,
        &request.invoice_no,
        &request.country_code,
        |inv, state| {
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
                available_reservation_amount: Nillable::Value(available_for(state, inv)),
                correlation_id: echo(&request.correlation_id),
                due_date: inv
                    .due_day
                    .map(end_of_day)
                    .map_or(Nillable::Nil, Nillable::Value),
                invoice_url: Nillable::Value(url(&inv.invoice_no)),
                lowest_amount_to_pay: Nillable::Value(total),
                new_invoice_no: Nillable::Nil,
                payment_reference: Nillable::Value(payment_reference(&inv.invoice_no)),
                total_amount: Nillable::Value(total),
            })
        },
    )
}

/// GetInvoiceInformation: the status of any invoice.
pub(super) fn information(
    sim: &Simulator,
    request: &GetInvoiceInformationRequest,
) -> Result<GetInvoiceInformationResponse, ServerFault> {
    with_invoice(sim, &request.invoice_no, &request.country_code, |inv, _| {
        Ok(GetInvoiceInformationResponse {
            correlation_id: echo(&request.correlation_id),
            status: Nillable::Value(inv.state.status_code()),
        })
    })
}

/// SetOrderNumber: only on a pending invoice.
pub(super) fn set_order_number(
    sim: &Simulator,
    request: &SetOrderNumberRequest,
) -> Result<SetOrderNumberResponse, ServerFault> {
    with_invoice(sim, &request.invoice_no, &request.country_code, |inv, _| {
        if inv.state != InvoiceState::Pending {
            return Err(invalid_status(
                &inv.invoice_no,
                inv.state,
                "given an order number",
            ));
        }
        inv.order_no = Some(request.new_order_number.clone());
        Ok(SetOrderNumberResponse {
            correlation_id: request.correlation_id.clone(),
        })
    })
}
