//! The faults PaymentService answers requests with that never reach an operation: the
//! documented `VALIDATION_*` codes for a request that does not decode or breaks a schema
//! constraint, and `UNHANDLED_EXCEPTION` when the service fails.
//!
//! The runtime's defaults are generic (`s:Client`, `s:Server`); the [`Simulator`](crate::simulator::Simulator)
//! overrides the generated [`Service`](crate::Service) trait's provided methods with these
//! functions, and any other implementation can do the same:
//!
//! ```
//! use payment_service::runtime::{DecodeError, ServerFault, ValidationError};
//! # struct MyService;
//! # impl MyService {
//! // inside `impl payment_service::Service for MyService { ... }`:
//! fn decode_fault(&self, error: &DecodeError) -> ServerFault {
//!     payment_service::faults::decode_fault(error)
//! }
//! fn invalid_request_fault(&self, error: &ValidationError) -> ServerFault {
//!     payment_service::faults::invalid_request_fault(error)
//! }
//! fn internal_fault(&self, message: &str) -> ServerFault {
//!     payment_service::faults::internal_fault(message)
//! }
//! # }
//! ```

use crate::runtime::{DecodeError, DecodeErrorKind, ServerFault, ValidationError, Violation};
use crate::FaultCode;

/// Whether `code` is one of the fault codes the documentation lists (the schema's `FaultCode`).
pub fn is_documented(code: &str) -> bool {
    FaultCode::VALUES.iter().any(|c| c.as_str() == code)
}

/// The fault for a request that could not be decoded. A missing or unreadable element maps to
/// the documented `VALIDATION_<FIELD>_REQUIRED` / `_VALUE` / `_PARSING` / `_RANGE` / `_INVALID`
/// code when the documentation lists one for that field; everything else is `s:Client`.
pub fn decode_fault(e: &DecodeError) -> ServerFault {
    let message = format!("The request could not be read: {e}");
    let candidates: Vec<String> = match &e.kind {
        DecodeErrorKind::MissingElement(name) => {
            vec![format!("VALIDATION_{}_REQUIRED", field_stem(name))]
        }
        DecodeErrorKind::InvalidValue { .. } | DecodeErrorKind::NilNotAllowed => {
            let field = e.path.rsplit('/').next().unwrap_or_default();
            let stem = field_stem(field);
            ["VALUE", "PARSING", "RANGE", "INVALID"]
                .iter()
                .map(|k| format!("VALIDATION_{stem}_{k}"))
                .collect()
        }
        _ => Vec::new(),
    };
    match candidates.into_iter().find(|c| is_documented(c)) {
        Some(code) => ServerFault::new(code, message),
        None => ServerFault::client(message),
    }
}

/// The fault for a request that breaks a schema constraint: the documented `VALIDATION_*`
/// code of the first violation that has one (`Quantity: 0 is below 1` →
/// `VALIDATION_QUANTITY_RANGE`), else `VALIDATION_ERROR`. The message lists every violation.
pub fn invalid_request_fault(e: &ValidationError) -> ServerFault {
    let code = e
        .violations
        .iter()
        .flat_map(violation_codes)
        .find(|c| is_documented(c))
        .unwrap_or_else(|| "VALIDATION_ERROR".to_owned());
    let list: Vec<String> = e.violations.iter().map(ToString::to_string).collect();
    ServerFault::new(
        code,
        format!("The request is not valid: {}", list.join("; ")),
    )
}

/// `UNHANDLED_EXCEPTION`: the service failed (the handler panicked, ...).
pub fn internal_fault(message: &str) -> ServerFault {
    ServerFault::new("UNHANDLED_EXCEPTION", message)
}

/// The upper-snake stem the documented validation codes use for an element
/// (`InvoiceNo` → `INVOICE_NUMBER`, `CountryCode` → `COUNTRY_CODE`).
fn field_stem(local: &str) -> String {
    let local = local.split('[').next().unwrap_or(local);
    match local {
        "InvoiceNo" => "INVOICE_NUMBER".to_owned(),
        "RegNo" => "REGISTRATION_NUMBER".to_owned(),
        "OrderNo" => "ORDER_NUMBER".to_owned(),
        "CustomerNo" => "CUSTOMER_NUMBER".to_owned(),
        "COAddress" => "COADDRESS".to_owned(),
        "Firstname" => "FIRST_NAME".to_owned(),
        "Lastname" => "LAST_NAME".to_owned(),
        "MobilePhone" => "CELL_PHONE_NUMBER".to_owned(),
        "VAT" => "VAT".to_owned(),
        _ => {
            let mut out = String::new();
            let chars: Vec<char> = local.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let boundary = i > 0
                    && c.is_ascii_uppercase()
                    && (chars[i - 1].is_ascii_lowercase()
                        || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
                if boundary {
                    out.push('_');
                }
                out.push(c.to_ascii_uppercase());
            }
            out
        }
    }
}

/// Candidate documented codes for one violation, best first.
fn violation_codes(v: &Violation) -> Vec<String> {
    let field = v.path.rsplit('.').next().unwrap_or_default();
    let stem = field_stem(field);
    let m = v.message.as_str();
    let kinds: &[&str] = if m == "is required" {
        &["REQUIRED"]
    } else if m.contains("characters long") {
        &["LENGTH"]
    } else if m.contains("fraction digits") {
        &["PARSING", "RANGE"]
    } else if m.contains(" digits;") || m.contains("below") || m.contains("above") {
        &["RANGE", "OUT_OF_RANGE", "VALUE"]
    } else if m.contains("pattern") {
        &["INVALID", "LENGTH"]
    } else if m.contains(" items;") {
        &["REQUIRED"]
    } else {
        &["VALUE", "INVALID"]
    };
    kinds
        .iter()
        .map(|k| format!("VALIDATION_{stem}_{k}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_follow_the_documented_codes() {
        assert_eq!(field_stem("CountryCode"), "COUNTRY_CODE");
        assert_eq!(field_stem("InvoiceNo"), "INVOICE_NUMBER");
        assert_eq!(field_stem("ArticleId"), "ARTICLE_ID");
        assert_eq!(field_stem("ClientIpAddress"), "CLIENT_IP_ADDRESS");
        assert_eq!(field_stem("Address1"), "ADDRESS1");
        assert_eq!(field_stem("Quantity"), "QUANTITY");
    }

    #[test]
    fn documented_codes_are_chosen_over_generic_ones() {
        let missing = DecodeError::document(DecodeErrorKind::MissingElement("CountryCode".into()));
        assert_eq!(
            decode_fault(&missing).code,
            "VALIDATION_COUNTRY_CODE_REQUIRED"
        );
        let other = DecodeError::document(DecodeErrorKind::NoBody);
        assert_eq!(decode_fault(&other).code, "Client");
        let v = |path: &str, message: &str| ValidationError {
            violations: vec![Violation {
                path: path.to_owned(),
                message: message.to_owned(),
            }],
        };
        assert_eq!(
            invalid_request_fault(&v("InvoiceNo", "is 51 characters long; at most 50 allowed"))
                .code,
            "VALIDATION_INVOICE_NUMBER_LENGTH"
        );
        let unknown = invalid_request_fault(&v("StoreId", "-1 is below 0"));
        assert_eq!(unknown.code, "VALIDATION_ERROR");
        assert_eq!(
            unknown.message,
            "The request is not valid: StoreId: -1 is below 0"
        );
        assert_eq!(internal_fault("x").code, "UNHANDLED_EXCEPTION");
    }
}
