//! Test persons: the customers the simulator knows, their registered addresses, and the credit
//! decisions that let a merchant drive every documented refusal.
//!
//! Walley's UAT environment refuses purchases for particular test persons; the simulator does
//! the same with the persons of [`TEST_PERSONS`] and the company of [`TEST_COMPANIES`] (all
//! Swedish, `CountryCode` SE):
//!
//! | RegNo | Name | GetAddress | AddInvoice | SetReservation |
//! |---|---|---|---|---|
//! | 195001182046 | Sven Svensson | two addresses | approved up to 50 000.00 | approved up to 50 000.00 |
//! | 196408233234 | Greta Gräns | one address | approved up to 1 000.00, above: `PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT` | above 1 000.00: `RESERVATION_NOT_APPROVED` |
//! | 197011193187 | Nils Nekad | one address | `CREDIT_CHECK_DENIED` | `RESERVATION_NOT_APPROVED` |
//! | 198203124410 | Bo Blockerad | one address | `DENIED_TO_PURCHASE` (also CreateAccount) | `RESERVATION_NOT_APPROVED` |
//! | 199002285675 | Hanna Hushåll | one address | `DENIED_TO_PURCHASE_HHCPN` | `RESERVATION_NOT_APPROVED` |
//! | 197505056734 | Adam Adresslös | `ADDRESS_NOT_FOUND` | `ADDRESS_NOT_FOUND` | `RESERVATION_NOT_APPROVED` |
//! | 198811117848 | Ulla Undantag | one address | `UNHANDLED_EXCEPTION` | `UNHANDLED_EXCEPTION` |
//! | 5560000001 | Testbolaget AB (company; signatory 195001182046) | `ADDRESS_NOT_FOUND` | approved up to 200 000.00 | approved up to 200 000.00 with its signatory |
//!
//! For a test person with a registered address, an AddInvoice whose `InvoiceAddress` gives
//! another first or last name is `AGREEMENT_RULES_VALIDATION_FAILED` (the personal data does
//! not match the population register).
//!
//! Any other well-formed number is a customer in good standing without a registered address:
//! GetAddress answers `ADDRESS_NOT_FOUND`, AddInvoice approves purchases up to
//! [`SimulatorConfig::max_credit_amount`](super::SimulatorConfig::max_credit_amount), and a
//! company's authorized signatory cannot be verified (`AUTHORIZED_SIGNATORY_NOT_VERIFIABLE`).
//!
//! Registration numbers are checked where the service checks them, for `CountryCode` SE: a
//! personal identity number `YYYYMMDDNNNN` or `YYMMDDNNNN` (optionally `-` or `+` before the last
//! four digits) with a real date, or an organisation number of 10 digits whose third digit is 2
//! or more (optionally `16` in front); anything else is `INVALID_REGISTRATION_NUMBER`. The check
//! digit is not verified (the documentation's own example numbers do not all carry a valid one).
//! For the other countries any non-empty number is accepted as it is.

use super::fault;
use crate::runtime::{Decimal, ServerFault};

/// What the simulated credit check decides for a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Approved up to the credit limit.
    Approved,
    /// `CREDIT_CHECK_DENIED`.
    CreditDenied,
    /// `DENIED_TO_PURCHASE`: the customer is blocked.
    Blocked,
    /// `DENIED_TO_PURCHASE_HHCPN`.
    DeniedHousehold,
    /// `ADDRESS_NOT_FOUND`: no address in the population register.
    NoAddress,
    /// `UNHANDLED_EXCEPTION`: the credit check itself fails.
    ServiceError,
}

/// An address where a test person is registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegisteredAddress {
    /// Street address.
    pub address1: &'static str,
    /// Care-of name, if any.
    pub co_address: Option<&'static str>,
    /// Postal code.
    pub postal_code: &'static str,
    /// City.
    pub city: &'static str,
}

/// A private customer the simulator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestPerson {
    /// The personal identity number, 12 digits.
    pub reg_no: &'static str,
    /// First name, as registered.
    pub firstname: &'static str,
    /// Last name, as registered.
    pub lastname: &'static str,
    /// The registered addresses (none for [`Outcome::NoAddress`]).
    pub addresses: &'static [RegisteredAddress],
    /// The credit decision.
    pub outcome: Outcome,
    /// The largest purchase or reservation approved, in whole currency units.
    pub credit_limit: i64,
}

/// A company customer the simulator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestCompany {
    /// The organisation number, 10 digits.
    pub org_no: &'static str,
    /// The company name.
    pub name: &'static str,
    /// Personal identity numbers (12 digits) of the board members who may sign for it.
    pub signatories: &'static [&'static str],
    /// The largest purchase or reservation approved, in whole currency units.
    pub credit_limit: i64,
}

const fn address(
    address1: &'static str,
    co_address: Option<&'static str>,
    postal_code: &'static str,
    city: &'static str,
) -> RegisteredAddress {
    RegisteredAddress {
        address1,
        co_address,
        postal_code,
        city,
    }
}

/// The approved test person with two registered addresses (the documentation's
/// CancelReservation example uses this number).
pub const APPROVED: &str = "195001182046";
/// Approved up to 1 000.00 only.
pub const LOW_LIMIT: &str = "196408233234";
/// `CREDIT_CHECK_DENIED`.
pub const CREDIT_DENIED: &str = "197011193187";
/// `DENIED_TO_PURCHASE`.
pub const BLOCKED: &str = "198203124410";
/// `DENIED_TO_PURCHASE_HHCPN`.
pub const DENIED_HOUSEHOLD: &str = "199002285675";
/// `ADDRESS_NOT_FOUND`.
pub const NO_ADDRESS: &str = "197505056734";
/// `UNHANDLED_EXCEPTION`.
pub const SERVICE_ERROR: &str = "198811117848";
/// The test company; [`APPROVED`] signs for it.
pub const COMPANY: &str = "5560000001";

/// Every test person.
pub const TEST_PERSONS: &[TestPerson] = &[
    TestPerson {
        reg_no: APPROVED,
        firstname: "Sven",
        lastname: "Svensson",
        addresses: &[
            address("Storgatan 1", None, "11122", "Stockholm"),
            address("Sommarvägen 3", Some("Anna Svensson"), "76291", "Rimbo"),
        ],
        outcome: Outcome::Approved,
        credit_limit: 50_000,
    },
    TestPerson {
        reg_no: LOW_LIMIT,
        firstname: "Greta",
        lastname: "Gräns",
        addresses: &[address("Lilla vägen 2", None, "41258", "Göteborg")],
        outcome: Outcome::Approved,
        credit_limit: 1_000,
    },
    TestPerson {
        reg_no: CREDIT_DENIED,
        firstname: "Nils",
        lastname: "Nekad",
        addresses: &[address("Nejgatan 3", None, "21120", "Malmö")],
        outcome: Outcome::CreditDenied,
        credit_limit: 0,
    },
    TestPerson {
        reg_no: BLOCKED,
        firstname: "Bo",
        lastname: "Blockerad",
        addresses: &[address("Spärrvägen 4", None, "75320", "Uppsala")],
        outcome: Outcome::Blocked,
        credit_limit: 0,
    },
    TestPerson {
        reg_no: DENIED_HOUSEHOLD,
        firstname: "Hanna",
        lastname: "Hushåll",
        addresses: &[address("Hemgatan 5", None, "58102", "Linköping")],
        outcome: Outcome::DeniedHousehold,
        credit_limit: 0,
    },
    TestPerson {
        reg_no: NO_ADDRESS,
        firstname: "Adam",
        lastname: "Adresslös",
        addresses: &[],
        outcome: Outcome::NoAddress,
        credit_limit: 0,
    },
    TestPerson {
        reg_no: SERVICE_ERROR,
        firstname: "Ulla",
        lastname: "Undantag",
        addresses: &[address("Felgränd 6", None, "70210", "Örebro")],
        outcome: Outcome::ServiceError,
        credit_limit: 0,
    },
];

/// Every test company.
pub const TEST_COMPANIES: &[TestCompany] = &[TestCompany {
    org_no: COMPANY,
    name: "Testbolaget AB",
    signatories: &[APPROVED],
    credit_limit: 200_000,
}];

/// A registration number as the simulator files it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum RegNo {
    /// A Swedish personal identity number, 12 digits.
    Person(String),
    /// A Swedish organisation number, 10 digits.
    Company(String),
    /// A number of another country, as given (trimmed).
    Other(String),
}

impl RegNo {
    /// The number in its filed form.
    pub(super) fn as_str(&self) -> &str {
        match self {
            RegNo::Person(s) | RegNo::Company(s) | RegNo::Other(s) => s,
        }
    }

    /// The test person with this number.
    pub(super) fn person(&self) -> Option<&'static TestPerson> {
        TEST_PERSONS.iter().find(|p| p.reg_no == self.as_str())
    }

    /// The test company with this number.
    pub(super) fn company(&self) -> Option<&'static TestCompany> {
        TEST_COMPANIES.iter().find(|c| c.org_no == self.as_str())
    }
}

fn is_date(y: u32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Files `reg_no` of a customer in `country`; `current_year` decides the century of a
/// 10-digit personal identity number (`+` before the last four: 100 years or older).
pub(super) fn parse_reg_no(country: &str, reg_no: &str, current_year: u32) -> Option<RegNo> {
    let trimmed = reg_no.trim();
    if country != "SE" {
        return (!trimmed.is_empty()).then(|| RegNo::Other(trimmed.to_owned()));
    }
    let (digits, centenarian) = match trimmed.len().checked_sub(5).map(|i| trimmed.split_at(i)) {
        Some((head, tail)) if tail.starts_with('-') || tail.starts_with('+') => {
            (format!("{head}{}", &tail[1..]), tail.starts_with('+'))
        }
        _ => (trimmed.to_owned(), false),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits[r].parse::<u32>().unwrap_or(0);
    match digits.len() {
        10 if n(2..3) >= 2 => Some(RegNo::Company(digits)),
        12 if digits.starts_with("16") && n(4..5) >= 2 => {
            Some(RegNo::Company(digits[2..].to_owned()))
        }
        10 => {
            let yy = n(0..2);
            let mut century = if yy <= current_year % 100 {
                current_year / 100
            } else {
                current_year / 100 - 1
            };
            if centenarian {
                century -= 1;
            }
            let full = format!("{century}{digits}");
            is_date(century * 100 + yy, n(2..4), n(4..6)).then_some(RegNo::Person(full))
        }
        12 => is_date(n(0..4), n(4..6), n(6..8)).then_some(RegNo::Person(digits)),
        _ => None,
    }
}

/// `INVALID_REGISTRATION_NUMBER` for a number that does not parse.
pub(super) fn reg_no_or_fault(
    country: &str,
    reg_no: &str,
    current_year: u32,
) -> Result<RegNo, ServerFault> {
    parse_reg_no(country, reg_no, current_year).ok_or_else(|| {
        fault(
            "INVALID_REGISTRATION_NUMBER",
            format!("The registration number {reg_no:?} is not in a correct format."),
        )
    })
}

/// What a credit check is for: the fault a refusal turns into differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Purpose {
    /// AddInvoice.
    Purchase,
    /// SetReservation.
    Reservation,
}

/// The simulated credit check of `customer` for `amount`; `default_limit` applies to customers
/// who are not test persons.
pub(super) fn credit_check(
    customer: &RegNo,
    amount: Decimal,
    default_limit: Decimal,
    purpose: Purpose,
) -> Result<(), ServerFault> {
    let (outcome, limit) = match (customer.person(), customer.company()) {
        (Some(p), _) => (p.outcome, Decimal::from(p.credit_limit)),
        (None, Some(c)) => (Outcome::Approved, Decimal::from(c.credit_limit)),
        (None, None) => (Outcome::Approved, default_limit),
    };
    let refusal = match (outcome, purpose) {
        (Outcome::ServiceError, _) => {
            return Err(crate::faults::internal_fault(
                "The credit check could not be completed.",
            ))
        }
        (Outcome::Approved, _) => None,
        (_, Purpose::Reservation) => Some((
            "RESERVATION_NOT_APPROVED",
            "The reservation was not approved.",
        )),
        (Outcome::CreditDenied, _) => {
            Some(("CREDIT_CHECK_DENIED", "The credit check was not approved."))
        }
        (Outcome::Blocked, _) => Some((
            "DENIED_TO_PURCHASE",
            "The customer is not allowed to purchase.",
        )),
        (Outcome::DeniedHousehold, _) => Some((
            "DENIED_TO_PURCHASE_HHCPN",
            "The customer is not allowed to purchase.",
        )),
        (Outcome::NoAddress, _) => Some((
            "ADDRESS_NOT_FOUND",
            "No address was found for the customer.",
        )),
    };
    if let Some((code, message)) = refusal {
        return Err(fault(code, message));
    }
    if amount > limit {
        return Err(match purpose {
            Purpose::Purchase => fault(
                "PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT",
                format!("The purchase amount {amount} is greater than the credit limit {limit}."),
            ),
            Purpose::Reservation => fault(
                "RESERVATION_NOT_APPROVED",
                format!("The amount {amount} is greater than the credit limit {limit}."),
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn se(s: &str) -> Option<RegNo> {
        parse_reg_no("SE", s, 2025)
    }

    #[test]
    fn swedish_numbers_are_filed_in_one_form() {
        let sven = Some(RegNo::Person(APPROVED.to_owned()));
        for form in [
            "195001182046",
            "19500118-2046",
            "500118-2046",
            "5001182046",
            " 500118-2046 ",
        ] {
            assert_eq!(se(form), sven, "{form}");
        }
        assert_eq!(
            se("200101012384"),
            Some(RegNo::Person("200101012384".into()))
        );
        assert_eq!(
            se("010101-2384"),
            Some(RegNo::Person("200101012384".into()))
        );
        assert_eq!(
            se("010101+2384"),
            Some(RegNo::Person("190101012384".into()))
        );
        assert_eq!(se("556000-0001"), Some(RegNo::Company(COMPANY.into())));
        assert_eq!(se("165560000001"), Some(RegNo::Company(COMPANY.into())));
        for bad in [
            "",
            "1",
            "19500118204",
            "1950011820466",
            "19501318-2046",
            "19500230-2046",
            "abcdefghijkl",
            "19500118_2046",
        ] {
            assert_eq!(se(bad), None, "{bad:?}");
        }
        assert_eq!(
            parse_reg_no("NO", " 01017012345 ", 2025),
            Some(RegNo::Other("01017012345".into()))
        );
        assert_eq!(parse_reg_no("NO", " ", 2025), None);
    }

    #[test]
    fn every_test_number_is_well_formed_and_listed_once() {
        for p in TEST_PERSONS {
            assert_eq!(se(p.reg_no), Some(RegNo::Person(p.reg_no.to_owned())));
            assert_eq!(
                TEST_PERSONS.iter().filter(|q| q.reg_no == p.reg_no).count(),
                1
            );
        }
        for c in TEST_COMPANIES {
            assert_eq!(se(c.org_no), Some(RegNo::Company(c.org_no.to_owned())));
        }
    }
}
