//! Customer look-ups and accounts: GetAddress, CreateAccount, and the integration ids that
//! stand for a registration number in later requests.
//!
//! * **GetAddress** answers for the [test persons](super::persons) with a registered address,
//!   in Sweden only: another country is `INVALID_COUNTRYCODE`, a malformed number
//!   `INVALID_REGISTRATION_NUMBER`, any other number (companies included) `ADDRESS_NOT_FOUND`.
//! * **CreateAccount** opens one account per customer and store and returns its
//!   `PaymentReference` (10 digits, the last a Luhn check digit); asking again for the same
//!   customer returns the same reference. With `IntegrationId` and `RegNo` it also assigns the
//!   integration id to the customer; with `IntegrationId` alone it finds the customer it was
//!   assigned to (`ACCOUNT_NOT_FOUND` if none); with neither it is
//!   `VALIDATION_REGISTRATION_NUMBER_REQUIRED`. A blocked customer is `DENIED_TO_PURCHASE`.
//!   SetReservation assigns an `IntegrationId` the same way.

use super::persons::{self, Outcome, RegNo};
use super::{fault, Simulator};
use crate::runtime::{Nillable, ServerFault};
use crate::*;
use std::collections::BTreeMap;

/// Accounts and integration ids.
#[derive(Debug, Default)]
pub(super) struct Registry {
    /// Payment reference by (country, store, customer).
    accounts: BTreeMap<(String, Option<i32>, RegNo), String>,
    /// Customer by (country, integration id).
    integration_ids: BTreeMap<(String, String), RegNo>,
    next_account: u64,
}

impl Registry {
    /// Assigns integration id `id` to `customer` (replacing an earlier assignment).
    pub(super) fn assign(&mut self, country: &str, id: &str, customer: &RegNo) {
        self.integration_ids
            .insert((country.to_owned(), id.to_owned()), customer.clone());
    }

    /// The customer integration id `id` was assigned to.
    fn customer_of(&self, country: &str, id: &str) -> Option<&RegNo> {
        self.integration_ids
            .get(&(country.to_owned(), id.to_owned()))
    }

    /// The account of `customer` in the store, opened now if there is none.
    fn account(&mut self, country: &str, store_id: Option<i32>, customer: &RegNo) -> String {
        let key = (country.to_owned(), store_id, customer.clone());
        if let Some(reference) = self.accounts.get(&key) {
            return reference.clone();
        }
        self.next_account += 1;
        let reference = with_check_digit(&format!("7{:08}", self.next_account));
        self.accounts.insert(key, reference.clone());
        reference
    }
}

/// `digits` followed by its Luhn check digit.
fn with_check_digit(digits: &str) -> String {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let v = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

/// Who a request that may name the customer by `RegNo` or by `IntegrationId` means.
pub(super) enum Named {
    /// The customer.
    Customer(RegNo),
    /// An integration id assigned to nobody.
    Unassigned(String),
}

/// The customer named by `reg_no` (checked) or else by `integration_id`; neither is
/// `VALIDATION_REGISTRATION_NUMBER_REQUIRED`.
pub(super) fn named(
    sim: &Simulator,
    registry: &Registry,
    country: &str,
    reg_no: Option<&str>,
    integration_id: Option<&str>,
) -> Result<Named, ServerFault> {
    match (reg_no, integration_id) {
        (Some(r), _) => Ok(Named::Customer(persons::reg_no_or_fault(
            country,
            r,
            sim.current_year(),
        )?)),
        (None, Some(id)) => Ok(match registry.customer_of(country, id) {
            Some(c) => Named::Customer(c.clone()),
            None => Named::Unassigned(id.to_owned()),
        }),
        (None, None) => Err(fault(
            "VALIDATION_REGISTRATION_NUMBER_REQUIRED",
            "Either RegNo or IntegrationId must be given.",
        )),
    }
}

/// GetAddress: the registered addresses of a Swedish test person.
pub(super) fn get_address(
    sim: &Simulator,
    request: &GetAddressRequest,
) -> Result<GetAddressResponse, ServerFault> {
    if request.country_code != "SE" {
        return Err(fault(
            "INVALID_COUNTRYCODE",
            format!(
                "GetAddress is only available in Sweden (SE), not in {}.",
                request.country_code
            ),
        ));
    }
    let customer = persons::reg_no_or_fault("SE", &request.reg_no, sim.current_year())?;
    let person = customer
        .person()
        .filter(|p| !p.addresses.is_empty())
        .ok_or_else(|| {
            fault(
                "ADDRESS_NOT_FOUND",
                format!("No address was found for {}.", request.reg_no),
            )
        })?;
    let addresses = person
        .addresses
        .iter()
        .map(|a| BaseAddress {
            address1: Some(a.address1.to_owned()),
            address2: None,
            co_address: a.co_address.map(str::to_owned),
            city: Some(a.city.to_owned()),
            country_code: Some("SE".to_owned()),
            firstname: Some(person.firstname.to_owned()),
            lastname: Some(person.lastname.to_owned()),
            postal_code: Some(a.postal_code.to_owned()),
        })
        .collect();
    Ok(GetAddressResponse {
        addresses: Some(addresses),
        correlation_id: request.correlation_id.clone(),
        firstname: person.firstname.to_owned(),
        lastname: person.lastname.to_owned(),
        reg_no: person.reg_no.to_owned(),
    })
}

/// CreateAccount: the payment reference of the customer's account in the store.
pub(super) fn create_account(
    sim: &Simulator,
    request: &CreateAccountRequest,
) -> Result<CreateAccountResponse, ServerFault> {
    let country = request.country_code.as_str();
    let mut state = sim.lock();
    let customer = match named(
        sim,
        &state.customers,
        country,
        request.reg_no.value().map(String::as_str),
        request.integration_id.value().map(String::as_str),
    )? {
        Named::Customer(c) => c,
        Named::Unassigned(id) => {
            return Err(fault(
                "ACCOUNT_NOT_FOUND",
                format!("No customer has the IntegrationId {id:?}; send the RegNo with it."),
            ))
        }
    };
    if customer
        .person()
        .is_some_and(|p| p.outcome == Outcome::Blocked)
    {
        return Err(fault(
            "DENIED_TO_PURCHASE",
            "The customer is not allowed to open an account.",
        ));
    }
    if let Some(id) = request.integration_id.value() {
        state.customers.assign(country, id, &customer);
    }
    let reference = state
        .customers
        .account(country, request.store_id.value().copied(), &customer);
    Ok(CreateAccountResponse {
        correlation_id: Some(request.correlation_id.clone()),
        payment_reference: Nillable::Value(reference),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_references_carry_a_luhn_digit() {
        assert_eq!(with_check_digit("7992739871"), "79927398713");
        assert_eq!(with_check_digit("700000001"), "7000000013");
    }
}
