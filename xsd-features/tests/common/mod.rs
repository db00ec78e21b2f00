//! What the feature tests share: the envelope an example's root goes in, and the decode
//! error of a response.

use soap_runtime::{DecodeError, ResponseError};

/// A SOAP 1.1 envelope whose body is `body`.
pub fn envelope(body: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

/// The decode error of a response that is not a fault.
#[allow(dead_code)]
pub fn decode_error(e: ResponseError) -> DecodeError {
    match e {
        ResponseError::Decode(e) => e,
        other => panic!("a decode error, not {other:?}"),
    }
}
