//! The fault hooks of the generated `Service` trait: an implementation that keeps the defaults
//! answers with soap-runtime's generic faults (`s:Client` for undecodable and invalid requests,
//! `s:Server` when a handler panics); one that overrides them with `payment_service::faults`
//! answers as the documented service does (`VALIDATION_*`, `UNHANDLED_EXCEPTION`).

use payment_service::runtime::{
    encode_request, DecodeError, ServerFault, ValidationError, SOAP11_ENV,
};
use payment_service::server::{spawn, ServerOptions};
use payment_service::*;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Every handler panics.
macro_rules! panicking_handlers {
    ($($m:ident: $req:ident => $resp:ident),* $(,)?) => {$(
        async fn $m(&self, _: SoapHeaders, _: $req) -> Result<$resp, ServerFault> {
            panic!(concat!(stringify!($m), " fails"))
        }
    )*};
}

macro_rules! failing_service {
    ($name:ident { $($hooks:tt)* }) => {
        struct $name;
        impl Service for $name {
            panicking_handlers!(
                add_invoice: AddInvoiceRequest => AddInvoiceResponse,
                cancel_invoice: CancelInvoiceRequest => CancelInvoiceResponse,
                activate_invoice: ActivateInvoiceRequest => ActivateInvoiceResponse,
                part_activate_invoice: PartActivateInvoiceRequest => PartActivateInvoiceResponse,
                credit_invoice: CreditInvoiceRequest => CreditInvoiceResponse,
                part_credit_invoice: PartCreditInvoiceRequest => PartCreditInvoiceResponse,
                adjust_invoice: AdjustInvoiceRequest => AdjustInvoiceResponse,
                extend_due_date: ExtendDueDateRequest => ExtendDueDateResponse,
                replace_invoice: ReplaceInvoiceRequest => ReplaceInvoiceResponse,
                send_invoice: SendInvoiceRequest => SendInvoiceResponse,
                get_invoice_information: GetInvoiceInformationRequest => GetInvoiceInformationResponse,
                set_order_number: SetOrderNumberRequest => SetOrderNumberResponse,
                get_address: GetAddressRequest => GetAddressResponse,
                get_products: GetProductsRequest => GetProductsResponse,
                create_account: CreateAccountRequest => CreateAccountResponse,
                set_reservation: SetReservationRequest => SetReservationResponse,
                activate_reservation: ActivateReservationRequest => ActivateReservationResponse,
                get_reservations: GetReservationsRequest => GetReservationsResponse,
                cancel_reservation: CancelReservationRequest => CancelReservationResponse,
            );
            $($hooks)*
        }
    };
}

// The runtime's defaults.
failing_service!(Generic {});

// PaymentService's documented answers.
failing_service!(Documented {
    fn decode_fault(&self, error: &DecodeError) -> ServerFault {
        payment_service::faults::decode_fault(error)
    }
    fn invalid_request_fault(&self, error: &ValidationError) -> ServerFault {
        payment_service::faults::invalid_request_fault(error)
    }
    fn internal_fault(&self, message: &str) -> ServerFault {
        payment_service::faults::internal_fault(message)
    }
});

fn cancel_envelope(invoice_no: &str) -> String {
    let headers = SoapHeaders::default()
        .with_username("USERNAME")
        .with_password("PASSWORD");
    let request = CancelInvoiceRequest::builder()
        .correlation_id("c1")
        .country_code("SE")
        .invoice_no(invoice_no)
        .store_id(1234)
        .build_unvalidated()
        .unwrap();
    encode_request::<operations::CancelInvoice>(&headers, &request)
}

/// POSTs `body` with CancelInvoice's SOAPAction; returns the status and the fault code element.
async fn post(addr: SocketAddr, body: &str) -> (u16, String, String) {
    let action = <operations::CancelInvoice as runtime::Operation>::INFO.soap_action;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /PaymentServiceV10.svc HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\n\
         SOAPAction: \"{action}\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    let doc = roxmltree::Document::parse(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let code = doc
        .descendants()
        .find(|n| n.has_tag_name("faultcode"))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no faultcode: {body}"))
        .to_owned();
    let s = doc
        .descendants()
        .find(|n| n.has_tag_name("faultcode"))
        .and_then(|n| n.lookup_namespace_uri(Some("s")))
        .unwrap_or_default()
        .to_owned();
    assert_eq!(s, SOAP11_ENV, "{body}");
    (status, code, body)
}

fn localhost() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

#[tokio::test]
async fn default_hooks_answer_with_generic_soap_faults() {
    let server = spawn(localhost(), Generic, ServerOptions::default())
        .await
        .unwrap();
    let (status, code, body) = post(server.addr(), &cancel_envelope(&"1".repeat(51))).await;
    assert_eq!((status, code.as_str()), (500, "s:Client"));
    assert!(
        body.contains("InvoiceNo: is 51 characters long; at most 50 allowed"),
        "every violation is in the message: {body}"
    );
    let no_country = cancel_envelope("1").replace("<pay:CountryCode>SE</pay:CountryCode>", "");
    let (status, code, body) = post(server.addr(), &no_country).await;
    assert_eq!((status, code.as_str()), (500, "s:Client"));
    assert!(body.contains("CountryCode"), "{body}");
    let (status, code, _) = post(server.addr(), &cancel_envelope("1")).await;
    assert_eq!((status, code.as_str()), (500, "s:Server"));
}

#[tokio::test]
async fn documented_hooks_answer_as_the_service_does() {
    let server = spawn(localhost(), Documented, ServerOptions::default())
        .await
        .unwrap();
    let (_, code, _) = post(server.addr(), &cancel_envelope(&"1".repeat(51))).await;
    assert_eq!(code, "s:VALIDATION_INVOICE_NUMBER_LENGTH");
    let no_country = cancel_envelope("1").replace("<pay:CountryCode>SE</pay:CountryCode>", "");
    let (_, code, _) = post(server.addr(), &no_country).await;
    assert_eq!(code, "s:VALIDATION_COUNTRY_CODE_REQUIRED");
    let (status, code, _) = post(server.addr(), &cancel_envelope("1")).await;
    assert_eq!((status, code.as_str()), (500, "s:UNHANDLED_EXCEPTION"));
    // The server keeps running after a handler panicked.
    let (status, _, _) = post(server.addr(), &cancel_envelope("2")).await;
    assert_eq!(status, 500);
}
