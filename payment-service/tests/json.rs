//! JSON (serde) of the generated enumerations: written as the variant name, read from the name
//! or the wire value the documentation shows (`"InvoiceDeliveryMethod": 2`).

use payment_service::*;
use serde_json::json;

#[test]
fn enumerations_read_their_name_or_their_wire_value() {
    for input in [json!("Email"), json!("2"), json!(2)] {
        let m: InvoiceDeliveryMethod = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(m, InvoiceDeliveryMethod::Email, "{input}");
    }
    let a: ActivationOption = serde_json::from_value(json!(1)).unwrap();
    assert_eq!(a, ActivationOption::AutoActivation);
    let t: InvoiceType = serde_json::from_value(json!("0")).unwrap();
    assert_eq!(t, InvoiceType::DirectInvoice);
    // Written as the name, as before.
    assert_eq!(
        serde_json::to_value(InvoiceDeliveryMethod::Email).unwrap(),
        json!("Email")
    );
}

#[test]
fn an_unknown_value_names_what_is_accepted() {
    for input in [json!(3), json!("3"), json!("email"), json!(true)] {
        let err = serde_json::from_value::<InvoiceDeliveryMethod>(input.clone())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("InvoiceDeliveryMethod") && err.contains("RegularPost (1), Email (2)"),
            "{input}: {err}"
        );
    }
}

#[test]
fn open_enumerations_keep_unlisted_values() {
    let code: FaultCode = serde_json::from_value(json!("INVOICE_NOT_FOUND")).unwrap();
    assert_eq!(code, FaultCode::InvoiceNotFound);
    let code: FaultCode = serde_json::from_value(json!("InvoiceNotFound")).unwrap();
    assert_eq!(code, FaultCode::InvoiceNotFound);
    let code: FaultCode = serde_json::from_value(json!("SOMETHING_NEW")).unwrap();
    assert_eq!(code, FaultCode::Other("SOMETHING_NEW".into()));
    // `Other` round-trips through its serialized form.
    let written = serde_json::to_value(&code).unwrap();
    assert_eq!(written, json!({"Other": "SOMETHING_NEW"}));
    assert_eq!(serde_json::from_value::<FaultCode>(written).unwrap(), code);
}

/// A request written with the wire values the documentation shows.
#[test]
fn a_request_with_documented_wire_values_parses() {
    let address = json!({"Address1": "Gatan 1", "City": "Stockholm", "CountryCode": "SE",
        "Firstname": "Test", "Lastname": "Kund", "PostalCode": "11122"});
    let request = json!({
        "ActivationOption": 0, "CountryCode": "SE", "Currency": "SEK",
        "DeliveryAddress": address, "InvoiceAddress": address,
        "InvoiceDeliveryMethod": 2, "InvoiceType": "0",
        "InvoiceRows": [{"ArticleId": "A", "Description": "d", "Quantity": 1,
            "UnitPrice": "10.00", "VAT": "25"}],
        "OrderDate": "2024-05-01T12:00:00", "RegNo": "197001011234"
    });
    let parsed: AddInvoiceRequest = serde_json::from_value(request).unwrap();
    assert_eq!(parsed.invoice_delivery_method, InvoiceDeliveryMethod::Email);
    assert_eq!(parsed.activation_option, ActivationOption::Preliminary);
    assert_eq!(parsed.invoice_type, InvoiceType::DirectInvoice);
}
