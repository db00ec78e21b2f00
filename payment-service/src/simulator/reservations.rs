//! Reservations: a fixed credit amount reserved for a customer, which purchases draw on.
//!
//! * **SetReservation** (SE, NO, FI, DK; else `INVALID_COUNTRYCODE`) reserves `ReservedAmount`
//!   in the country's currency (`INVALID_CURRENCY_CODE` otherwise) after a credit check of the
//!   customer: a [test person](super::persons) who is refused, or an amount above the
//!   customer's limit, is `RESERVATION_NOT_APPROVED`. An amount of 0 or less is
//!   `VALIDATION_RESERVED_AMOUNT_RANGE` (a missing or unreadable one, and one with more than two
//!   decimals, are refused before the operation runs: `VALIDATION_RESERVED_AMOUNT_REQUIRED`,
//!   `_PARSING`). For a company (a Swedish organisation number), `CompanyRegNoAuthorizedSignatory`
//!   is required (`AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_REQUIRED`), must be a personal
//!   identity number (`AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_NOT_VALID`) and must sign for the
//!   company (`AUTHORIZED_SIGNATORY_NOT_VERIFIABLE`). The reservation is pending for
//!   14 days (`PendingUntil`); setting it again replaces it.
//! * **ActivateReservation** activates it: `ValidUntil` is today +
//!   [`reservation_valid_days`](super::SimulatorConfig::reservation_valid_days), or nil
//!   (indefinitely).
//! * **AddInvoice** for a customer with an active reservation in the store draws the invoice
//!   total from it instead of a credit check: `AvailableReservationAmount` in its response (and in
//!   GetReservations) goes down by the total, and a total above it is
//!   `INVOICE_EXCEEDS_AVAILABLE_RESERVATION`. CancelInvoice gives the amount back.
//! * **GetReservations** lists the reservations of the customer in the store (of every
//!   customer when neither `RegNo` nor `IntegrationId` is given); **CancelReservation** removes
//!   it. Naming a customer without a reservation is `RESERVATION_NOT_FOUND` in all three.
//!
//! A nil `StoreId` matches every store. The customer is named by `RegNo` or by an
//! `IntegrationId` assigned to them (by SetReservation or CreateAccount).

use super::customers::{self, Named};
use super::dates::end_of_day;
use super::persons::{self, Purpose, RegNo};
use super::products;
use super::{fault, Simulator, State};
use crate::runtime::{Decimal, Nillable, ServerFault};
use crate::*;

/// Days a reservation waits for its activation.
pub const PENDING_DAYS: i64 = 14;

/// Where a reservation is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReservationState {
    /// Set, waiting for ActivateReservation until this day (days since 1970-01-01).
    Pending {
        /// The last day it can be activated.
        until: i64,
    },
    /// Activated: purchases draw on it.
    Active {
        /// The last day it is valid; `None`: indefinitely.
        valid_until: Option<i64>,
    },
}

/// The simulator's record of one reservation.
#[derive(Clone, Debug, PartialEq)]
pub struct ReservedCredit {
    /// Country code it was set with.
    pub country_code: String,
    /// Store id it was set with (`None`: every store).
    pub store_id: Option<i32>,
    /// The customer's registration number, in its filed form (12 digits for a Swedish person).
    pub reg_no: String,
    /// The customer's name, when the simulator knows it.
    pub customer_name: Option<String>,
    /// The currency.
    pub currency: String,
    /// The amount reserved.
    pub reserved_amount: Decimal,
    /// What purchases have not used yet.
    pub available_amount: Decimal,
    /// Pending or active.
    pub state: ReservationState,
    customer: RegNo,
}

impl ReservedCredit {
    fn matches(&self, country: &str, store_id: Option<i32>, customer: &RegNo) -> bool {
        self.country_code == country
            && self.customer == *customer
            && (store_id.is_none() || self.store_id.is_none() || self.store_id == store_id)
    }

    fn as_reservation(&self) -> Reservation {
        Reservation {
            available_reservation_amount: Some(self.available_amount),
            customer_name: self.customer_name.clone(),
            customer_reg_no: Some(self.reg_no.clone()),
            customer_status: Some(String::new()),
            pending_until: Some(match self.state {
                ReservationState::Pending { until } => Nillable::Value(end_of_day(until)),
                ReservationState::Active { .. } => Nillable::Nil,
            }),
        }
    }
}

/// Every reservation.
#[derive(Debug, Default)]
pub(super) struct Book {
    entries: Vec<ReservedCredit>,
}

impl Book {
    /// Copies of every reservation.
    pub(super) fn all(&self) -> Vec<ReservedCredit> {
        self.entries.clone()
    }

    /// The active, valid reservation a purchase of `customer` in the store draws on.
    pub(super) fn active_mut(
        &mut self,
        country: &str,
        store_id: Option<i32>,
        customer: &RegNo,
        today: i64,
    ) -> Option<&mut ReservedCredit> {
        self.entries.iter_mut().find(|r| {
            r.matches(country, store_id, customer)
                && matches!(r.state, ReservationState::Active { valid_until } if valid_until.is_none_or(|d| d >= today))
        })
    }

    /// What is left of the reservation of `customer` in the store, if there is one.
    pub(super) fn available(
        &self,
        country: &str,
        store_id: Option<i32>,
        customer: &RegNo,
    ) -> Option<Decimal> {
        self.position(country, store_id, customer)
            .map(|i| self.entries[i].available_amount)
    }

    /// Gives `amount` back to the reservation it was drawn from, if it still exists.
    pub(super) fn release(
        &mut self,
        country: &str,
        store_id: Option<i32>,
        customer: &RegNo,
        amount: Decimal,
    ) {
        if let Some(r) = self
            .entries
            .iter_mut()
            .find(|r| r.matches(country, store_id, customer))
        {
            r.available_amount = (r.available_amount + amount).min(r.reserved_amount);
        }
    }

    fn position(&self, country: &str, store_id: Option<i32>, customer: &RegNo) -> Option<usize> {
        self.entries
            .iter()
            .position(|r| r.matches(country, store_id, customer))
    }
}

fn not_found(who: &str) -> ServerFault {
    fault(
        "RESERVATION_NOT_FOUND",
        format!("There is no reservation for {who}."),
    )
}

/// The customer a reservation request names, who must have a reservation in the store.
fn reserved_customer(
    sim: &Simulator,
    state: &State,
    country: &str,
    store_id: Option<i32>,
    reg_no: &Nillable<String>,
    integration_id: &Nillable<String>,
) -> Result<(RegNo, usize), ServerFault> {
    let named = customers::named(
        sim,
        &state.customers,
        country,
        reg_no.value().map(String::as_str),
        integration_id.value().map(String::as_str),
    )?;
    let customer = match named {
        Named::Customer(c) => c,
        Named::Unassigned(id) => return Err(not_found(&format!("IntegrationId {id:?}"))),
    };
    let i = state
        .reservations
        .position(country, store_id, &customer)
        .ok_or_else(|| not_found(customer.as_str()))?;
    Ok((customer, i))
}

/// The checks of a company's authorized signatory.
fn check_signatory(
    customer: &RegNo,
    signatory: Option<&str>,
    year: u32,
) -> Result<(), ServerFault> {
    if !matches!(customer, RegNo::Company(_)) {
        return Ok(());
    }
    let given = signatory.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        fault(
            "AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_REQUIRED",
            "A company reservation needs CompanyRegNoAuthorizedSignatory.",
        )
    })?;
    let person = match persons::parse_reg_no("SE", given, year) {
        Some(RegNo::Person(p)) => p,
        _ => {
            return Err(fault(
                "AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_NOT_VALID",
                format!("{given:?} is not a personal identity number."),
            ))
        }
    };
    if !customer
        .company()
        .is_some_and(|c| c.signatories.contains(&person.as_str()))
    {
        return Err(fault(
            "AUTHORIZED_SIGNATORY_NOT_VERIFIABLE",
            format!(
                "{given} is not among the board members of {}.",
                customer.as_str()
            ),
        ));
    }
    Ok(())
}

/// SetReservation: a pending reservation, after the credit check.
pub(super) fn set(
    sim: &Simulator,
    request: &SetReservationRequest,
) -> Result<SetReservationResponse, ServerFault> {
    let country = request.country_code.as_str();
    products::supported_country(country)?;
    if products::currency_of(country) != Some(request.currency.as_str()) {
        return Err(fault(
            "INVALID_CURRENCY_CODE",
            format!("Currency {} is not allowed in {country}.", request.currency),
        ));
    }
    if request.reserved_amount <= Decimal::ZERO {
        return Err(fault(
            "VALIDATION_RESERVED_AMOUNT_RANGE",
            format!("ReservedAmount {} is not above 0.", request.reserved_amount),
        ));
    }
    let year = sim.current_year();
    let customer = persons::reg_no_or_fault(country, &request.reg_no, year)?;
    check_signatory(
        &customer,
        request
            .company_reg_no_authorized_signatory
            .value()
            .map(String::as_str),
        year,
    )?;
    persons::credit_check(
        &customer,
        request.reserved_amount,
        sim.config.max_credit_amount,
        Purpose::Reservation,
    )?;
    let store_id = request.store_id.as_ref().and_then(|s| s.value().copied());
    let customer_name = match (customer.person(), customer.company()) {
        (Some(p), _) => Some(format!("{} {}", p.firstname, p.lastname)),
        (None, Some(c)) => Some(c.name.to_owned()),
        (None, None) => None,
    };
    let entry = ReservedCredit {
        country_code: country.to_owned(),
        store_id,
        reg_no: customer.as_str().to_owned(),
        customer_name,
        currency: request.currency.clone(),
        reserved_amount: request.reserved_amount,
        available_amount: request.reserved_amount,
        state: ReservationState::Pending {
            until: sim.today() + PENDING_DAYS,
        },
        customer: customer.clone(),
    };
    let mut state = sim.lock();
    if let Some(Nillable::Value(id)) = &request.integration_id {
        state.customers.assign(country, id, &customer);
    }
    match state.reservations.position(country, store_id, &customer) {
        Some(i) => state.reservations.entries[i] = entry,
        None => state.reservations.entries.push(entry),
    }
    Ok(SetReservationResponse {
        correlation_id: Some(Nillable::Value(request.correlation_id.clone())),
    })
}

/// ActivateReservation: purchases may draw on it until `ValidUntil`.
pub(super) fn activate(
    sim: &Simulator,
    request: &ActivateReservationRequest,
) -> Result<ActivateReservationResponse, ServerFault> {
    let mut state = sim.lock();
    let store_id = request.store_id.value().copied();
    let (_, i) = reserved_customer(
        sim,
        &state,
        &request.country_code,
        store_id,
        &request.reg_no,
        &request.integration_id,
    )?;
    let entry = &mut state.reservations.entries[i];
    let valid_until = match entry.state {
        ReservationState::Active { valid_until } => valid_until,
        ReservationState::Pending { .. } => {
            let valid_until = sim.config.reservation_valid_days.map(|d| sim.today() + d);
            entry.state = ReservationState::Active { valid_until };
            valid_until
        }
    };
    Ok(ActivateReservationResponse {
        correlation_id: request.correlation_id.clone(),
        valid_until: valid_until.map_or(Nillable::Nil, |d| Nillable::Value(end_of_day(d))),
    })
}

/// GetReservations: the reservations of the customer (or of the store) with what is left.
pub(super) fn get(
    sim: &Simulator,
    request: &GetReservationsRequest,
) -> Result<GetReservationsResponse, ServerFault> {
    let state = sim.lock();
    let country = request.country_code.as_str();
    let store_id = request.store_id.value().copied();
    let list = if request.reg_no.is_nil() && request.integration_id.is_nil() {
        state
            .reservations
            .entries
            .iter()
            .filter(|r| {
                r.country_code == country
                    && (store_id.is_none() || r.store_id.is_none() || r.store_id == store_id)
            })
            .map(ReservedCredit::as_reservation)
            .collect()
    } else {
        let (_, i) = reserved_customer(
            sim,
            &state,
            country,
            store_id,
            &request.reg_no,
            &request.integration_id,
        )?;
        vec![state.reservations.entries[i].as_reservation()]
    };
    Ok(GetReservationsResponse {
        correlation_id: request.correlation_id.clone(),
        reservations: Nillable::Value(list),
    })
}

/// CancelReservation: the reservation is removed.
pub(super) fn cancel(
    sim: &Simulator,
    request: &CancelReservationRequest,
) -> Result<CancelReservationResponse, ServerFault> {
    let mut state = sim.lock();
    let (_, i) = reserved_customer(
        sim,
        &state,
        &request.country_code,
        request.store_id.value().copied(),
        &request.reg_no,
        &request.integration_id,
    )?;
    state.reservations.entries.remove(i);
    Ok(CancelReservationResponse {
        correlation_id: request.correlation_id.clone(),
    })
}
