//! What the fuzz targets (`fuzz/`, see fuzz/FUZZING.md) found, as ordinary tests: each input
//! goes through the same path as in the target, here the generated `Dispatcher` over the
//! simulator without sockets, and the same invariants are checked.

use payment_service::operations::ALL;
use payment_service::runtime::{
    envelope_parts, parse_document, read_fault, Dispatch, Limits, ServerResponse,
};
use payment_service::simulator::Simulator;
use payment_service::Dispatcher;

const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn action(operation: &str) -> &'static str {
    ALL.iter()
        .find(|o| o.name == operation)
        .map(|o| o.soap_action)
        .unwrap()
}

async fn serve(soap_action: Option<&str>, body: &str) -> ServerResponse {
    Dispatcher::new(Simulator::new())
        .dispatch(soap_action, body, &Limits::default())
        .await
}

/// A 500 whose body is well-formed XML carrying a SOAP 1.1 fault; returns its faultstring.
fn well_formed_fault(resp: &ServerResponse) -> String {
    assert_eq!(resp.status, 500, "{resp:?}");
    let doc = parse_document(&resp.body, &Limits::default())
        .unwrap_or_else(|e| panic!("the fault is not well-formed XML ({e}): {:?}", resp.body));
    let parts = envelope_parts(&doc).unwrap();
    assert_eq!(parts.payload.tag_name().name(), "Fault");
    assert_eq!(parts.payload.tag_name().namespace(), Some(SOAP11_ENV));
    let fault = read_fault(parts.payload);
    assert!(
        !fault.code.is_empty() && !fault.message.is_empty(),
        "{fault:?}"
    );
    fault.message
}

/// serve_request, first minute: a NUL in a tag name. The parser's message names the character
/// (`expected space not '\0'`) and the fault quoted it raw, so the fault was not XML. The fault
/// writer now spells characters XML cannot carry as `\u{..}`.
#[tokio::test]
async fn a_nul_in_a_tag_gives_a_well_formed_fault() {
    let body = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
                xmlns:pay=\"http://schemas.ecommerce.collector.se/v30/PaymentService\"><soapenv:Body>\
                <pay:SendInvoiceRequest><pA\0\0\0ountryCode>SE</pay:CountryCode></pay:SendInvoiceRequest>\
                </soapenv:Body></soapenv:Envelope>";
    // With the SOAPAction the operation's decoder reports it; without, operation selection does.
    for soap_action in [Some(action("SendInvoice")), None] {
        let message = well_formed_fault(&serve(soap_action, body).await);
        assert!(message.contains("\\u{0}"), "{message}");
        assert!(!message.contains('\0'), "{message}");
    }
}

/// Every character XML 1.0 cannot carry, in character data and in a tag.
#[tokio::test]
async fn no_character_a_request_breaks_on_makes_the_fault_malformed() {
    let forbidden = (0u32..0x20)
        .filter(|c| ![0x9, 0xA, 0xD].contains(c))
        .chain([0xFFFE, 0xFFFF])
        .map(|c| char::from_u32(c).unwrap());
    for c in forbidden {
        for body in [
            format!("<soapenv:Envelope xmlns:soapenv=\"{SOAP11_ENV}\"><soapenv:Body>{c}</soapenv:Body></soapenv:Envelope>"),
            format!("<soapenv:Envelope xmlns:soapenv=\"{SOAP11_ENV}\"><soapenv:Body><a{c}/></soapenv:Body></soapenv:Envelope>"),
            format!("<{c}"),
        ] {
            for soap_action in [Some(action("CancelInvoice")), None] {
                let message = well_formed_fault(&serve(soap_action, &body).await);
                assert!(!message.contains(c), "{c:?} in {message}");
            }
        }
    }
}

/// The transport-free `dispatch` takes any `SOAPAction` text; WCF's `a:ActionNotSupported`
/// quotes it, so a control character in it must not break the fault either.
#[tokio::test]
async fn an_unknown_action_with_control_characters_gives_a_well_formed_fault() {
    let resp = serve(Some("urn:x\0\u{1b}[31m\u{7}"), "<x/>").await;
    let message = well_formed_fault(&resp);
    assert!(
        message.contains("urn:x\\u{0}\\u{1b}[31m\\u{7}"),
        "{message}"
    );
    assert!(resp.body.contains("a:ActionNotSupported"), "{}", resp.body);
}
