//! Payment products and their purchase previews (GetProducts), and the product codes
//! AddInvoice accepts.
//!
//! Every store in SE, NO, FI and DK offers the products of [`PRODUCTS`] (another country is
//! `INVALID_COUNTRYCODE`). For a request `Amount` A (rounded to cents, half away from zero) the
//! preview is computed from A and the simulator's today only, so equal requests give equal
//! answers:
//!
//! | ProductCode | InvoiceType | Offered for | Fees | Interest | LowestAmountToPay | MonthlyAmount | First DueDate |
//! |---|---|---|---|---|---|---|---|
//! | `INVOICE` | DirectInvoice (0) | any amount | none | 0 % | A | nil | today + `payment_days` |
//! | `ACCOUNT` | MonthlyInvoice (1) | any amount | 29.00 per notification | 19.95 % | the larger of 3 % of A and 100.00 (at most A), + 29.00 | nil | today + 30 |
//! | `PARTPAY12` | PartPayment (2), CreditTime 12 | A ≥ 1 000.00 | origination 195.00, 29.00 per notification | 9.95 % | A / 12 + A × 9.95 % / 12 + 29.00 | nil | today + 30 |
//! | `FREE3` | InterestFreeInvoice (4) | A ≥ 500.00 | campaign fee 95.00 | 0 % | A + 95.00 | nil | today + 90 |
//! | `ANNUITY24` | AnnuityInvoice (5) | A ≥ 3 000.00 | origination 295.00, 29.00 per notification | 14.95 % | the monthly amount | annuity of A over 24 months at 14.95 % / 12 per month, + 29.00 | today + 30 |
//!
//! Without an `Amount` every product is listed with no previews. `Amount` 0 or less is
//! `VALIDATION_AMOUNT_RANGE`. `FREE3` notifications go by e-mail only
//! (`IsAllowedToSendNotificationByMail` false); every other product allows both.

use super::dates::end_of_day;
use super::{fault, Simulator};
use crate::runtime::{Decimal, Nillable, ServerFault};
use crate::{GetProductsRequest, GetProductsResponse, InvoiceType, Product, PurchasePreview};
use rust_decimal::RoundingStrategy;

/// A payment product of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProductSpec {
    /// `ProductCode`, for AddInvoice.
    pub code: &'static str,
    /// `InvoiceType`.
    pub invoice_type: InvoiceType,
    /// `ProductDescription`.
    pub description: &'static str,
    /// The smallest amount the product is offered for, in cents.
    pub min_amount_cents: i64,
}

/// The catalogue, the same in every supported country.
pub const PRODUCTS: &[ProductSpec] = &[
    ProductSpec {
        code: "INVOICE",
        invoice_type: InvoiceType::DirectInvoice,
        description: "Invoice: pay the whole amount by the due date, no fees",
        min_amount_cents: 0,
    },
    ProductSpec {
        code: "ACCOUNT",
        invoice_type: InvoiceType::MonthlyInvoice,
        description: "Account: pay at least 3 % a month",
        min_amount_cents: 0,
    },
    ProductSpec {
        code: "PARTPAY12",
        invoice_type: InvoiceType::PartPayment,
        description: "Part payment over 12 months",
        min_amount_cents: 100_000,
    },
    ProductSpec {
        code: "FREE3",
        invoice_type: InvoiceType::InterestFreeInvoice,
        description: "Pay in 3 months, interest free",
        min_amount_cents: 50_000,
    },
    ProductSpec {
        code: "ANNUITY24",
        invoice_type: InvoiceType::AnnuityInvoice,
        description: "Annuity over 24 months",
        min_amount_cents: 300_000,
    },
];

/// The countries with products (and reservations).
pub(super) const COUNTRIES: &[&str] = &["SE", "NO", "FI", "DK"];

/// The currency purchases in `country` are made in.
pub(super) fn currency_of(country: &str) -> Option<&'static str> {
    match country {
        "SE" => Some("SEK"),
        "NO" => Some("NOK"),
        "FI" => Some("EUR"),
        "DK" => Some("DKK"),
        _ => None,
    }
}

/// `INVALID_COUNTRYCODE` unless `country` is one of [`COUNTRIES`].
pub(super) fn supported_country(country: &str) -> Result<(), ServerFault> {
    if COUNTRIES.contains(&country) {
        Ok(())
    } else {
        Err(fault(
            "INVALID_COUNTRYCODE",
            format!("Country {country} is not available; use one of SE, NO, FI, DK."),
        ))
    }
}

/// The product with `code`, if the catalogue has it.
pub(super) fn find(code: &str) -> Option<&'static ProductSpec> {
    PRODUCTS.iter().find(|p| p.code == code)
}

fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn money(units: i64, hundredths: i64) -> Decimal {
    Decimal::new(units * 100 + hundredths, 2)
}

/// The monthly payment of an annuity of `amount` over `months` at `monthly_rate`.
fn annuity(amount: Decimal, monthly_rate: Decimal, months: u32) -> Decimal {
    let mut growth = Decimal::ONE;
    for _ in 0..months {
        growth *= Decimal::ONE + monthly_rate;
    }
    amount * monthly_rate * growth / (growth - Decimal::ONE)
}

/// The preview of a purchase of `amount` with `product`; `today` and `payment_days` give the
/// due dates.
pub(super) fn preview(
    product: &ProductSpec,
    amount: Decimal,
    today: i64,
    payment_days: i64,
) -> PurchasePreview {
    let zero = money(0, 0);
    let fee = money(29, 0);
    let percent = |p: Decimal| p / Decimal::ONE_HUNDRED;
    let (rate, origination, campaign, notification, lowest, monthly, credit_time, due) =
        match product.invoice_type {
            InvoiceType::DirectInvoice => {
                (zero, zero, zero, zero, amount, None, None, payment_days)
            }
            InvoiceType::MonthlyInvoice => {
                let share = (amount * percent(Decimal::from(3))).max(money(100, 0));
                (
                    money(19, 95),
                    zero,
                    zero,
                    fee,
                    share.min(amount) + fee,
                    None,
                    None,
                    30,
                )
            }
            InvoiceType::PartPayment => {
                let rate = money(9, 95);
                let twelfth = amount / Decimal::from(12);
                let interest = amount * percent(rate) / Decimal::from(12);
                (
                    rate,
                    money(195, 0),
                    zero,
                    fee,
                    twelfth + interest + fee,
                    None,
                    Some(12),
                    30,
                )
            }
            InvoiceType::InterestFreeInvoice => {
                let campaign = money(95, 0);
                (
                    zero,
                    zero,
                    campaign,
                    zero,
                    amount + campaign,
                    None,
                    None,
                    90,
                )
            }
            _ => {
                let rate = money(14, 95);
                let payment = annuity(amount, percent(rate) / Decimal::from(12), 24) + fee;
                (
                    rate,
                    money(295, 0),
                    zero,
                    fee,
                    payment,
                    Some(payment),
                    None,
                    30,
                )
            }
        };
    PurchasePreview {
        campaign_fee: Some(campaign),
        credit_time: Some(credit_time.map_or(Nillable::Nil, Nillable::Value)),
        due_date: Some(end_of_day(today + due)),
        initial_notification_fee: Some(notification),
        is_allowed_to_send_notification_by_email: Some(true),
        is_allowed_to_send_notification_by_mail: Some(
            product.invoice_type != InvoiceType::InterestFreeInvoice,
        ),
        lowest_amount_to_pay: Some(cents(lowest)),
        monthly_amount: Some(monthly.map(cents).map_or(Nillable::Nil, Nillable::Value)),
        origination_fee: Some(origination),
        secondary_notification_fee: Some(notification),
        yearly_interest_rate: Some(rate),
    }
}

/// The products offered for `amount` (all of them, without previews, when there is none).
pub(super) fn offer(
    amount: Option<Decimal>,
    today: i64,
    payment_days: i64,
) -> Result<Vec<Product>, ServerFault> {
    if let Some(a) = amount.filter(|a| *a <= Decimal::ZERO) {
        return Err(fault(
            "VALIDATION_AMOUNT_RANGE",
            format!("Amount {a} is not above 0."),
        ));
    }
    let amount = amount.map(cents);
    Ok(PRODUCTS
        .iter()
        .filter(|p| amount.is_none_or(|a| a >= Decimal::new(p.min_amount_cents, 2)))
        .map(|p| Product {
            invoice_type: Some(p.invoice_type),
            product_code: Some(p.code.to_owned()),
            product_description: Some(p.description.to_owned()),
            purchase_preview: Some(
                amount
                    .map(|a| vec![preview(p, a, today, payment_days)])
                    .unwrap_or_default(),
            ),
        })
        .collect())
}

/// GetProducts: the products of the country, with previews for `Amount`.
pub(super) fn get_products(
    sim: &Simulator,
    request: &GetProductsRequest,
) -> Result<GetProductsResponse, ServerFault> {
    supported_country(&request.country_code)?;
    let offer = offer(
        request.amount.value().copied(),
        sim.today(),
        sim.config.payment_days,
    )?;
    Ok(GetProductsResponse {
        correlation_id: Some(request.correlation_id.clone()),
        products: Nillable::Value(offer),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn previews_are_computed_from_the_amount() {
        let p = |code| preview(find(code).unwrap(), dec("12000.00"), 0, 30);
        assert_eq!(p("INVOICE").lowest_amount_to_pay, Some(dec("12000.00")));
        assert_eq!(p("ACCOUNT").lowest_amount_to_pay, Some(dec("389.00")));
        // 1000 + 99.50 interest + 29 fee.
        assert_eq!(p("PARTPAY12").lowest_amount_to_pay, Some(dec("1128.50")));
        assert_eq!(p("FREE3").lowest_amount_to_pay, Some(dec("12095.00")));
        // 12000 at 14.95 %/12 over 24 months is 581.55 a month; + 29.00.
        assert_eq!(
            p("ANNUITY24").monthly_amount,
            Some(Nillable::Value(dec("610.55")))
        );
        assert_eq!(
            p("ACCOUNT").due_date.unwrap().as_str(),
            "1970-01-31T23:59:59"
        );
        let small = offer(Some(dec("499.99")), 0, 30).unwrap();
        let codes: Vec<_> = small
            .iter()
            .filter_map(|p| p.product_code.as_deref())
            .collect();
        assert_eq!(codes, ["INVOICE", "ACCOUNT"]);
        assert_eq!(p("ACCOUNT").lowest_amount_to_pay, Some(dec("389.00")));
        let tiny = preview(find("ACCOUNT").unwrap(), dec("50"), 0, 30);
        assert_eq!(tiny.lowest_amount_to_pay, Some(dec("79.00")));
    }
}
