//! `codegen diff` on small variations of the PaymentService WSDL: each kind of change is found
//! and classified for the caller and for the wire; the CLI exits 1 only when something breaks.

use codegen::compare::{Change, Impact};
use std::path::{Path, PathBuf};

const XSD: &str = "PaymentServiceV10.xsd0.xsd";
const WSDL: &str = "PaymentServiceV10.wsdl";

fn wsdl_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl")
}

/// A copy of wsdl/ with `edit` applied to one of its files; returns the new entry WSDL.
fn variant(tmp: &Path, name: &str, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(wsdl_dir()).unwrap() {
        let entry = entry.unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = if entry.file_name() == file {
            edit(&text)
        } else {
            text
        };
        std::fs::write(dir.join(entry.file_name()), text).unwrap();
    }
    dir.join(WSDL)
}

/// Applies `f` to the part of `text` from `start` up to the next `end` (inclusive).
fn within(text: &str, start: &str, end: &str, f: impl Fn(&str) -> String) -> String {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let j = i
        + text[i..]
            .find(end)
            .unwrap_or_else(|| panic!("{end} not found"))
        + end.len();
    let changed = f(&text[i..j]);
    assert_ne!(changed, &text[i..j], "edit changed nothing");
    format!("{}{changed}{}", &text[..i], &text[j..])
}

const CANCEL_REQ: &str = "<xs:element name=\"CancelInvoiceRequest\">";
const CANCEL_RESP: &str = "<xs:element name=\"CancelInvoiceResponse\">";
const END_EL: &str = "\n  </xs:element>";

fn diff(name: &str, file: &str, edit: impl Fn(&str) -> String) -> Vec<Change> {
    let tmp = tempfile::tempdir().unwrap();
    let new = variant(tmp.path(), name, file, edit);
    let changes = codegen::Builder::new()
        .compare(wsdl_dir().join(WSDL), &new)
        .unwrap();
    assert!(!changes.is_empty(), "{name}: no change found");
    changes
}

fn one<'a>(changes: &'a [Change], kind: &str, path: &str) -> &'a Change {
    changes
        .iter()
        .find(|c| c.kind == kind && c.path == path)
        .unwrap_or_else(|| panic!("no {kind} at {path} in {changes:#?}"))
}

use Impact::{Breaking as B, Compatible as C};

#[test]
fn identical_wsdls_have_no_changes() {
    assert!(codegen::Builder::new()
        .compare(wsdl_dir().join(WSDL), wsdl_dir().join(WSDL))
        .unwrap()
        .is_empty());
}

#[test]
fn operation_removed_and_soap_action_changed() {
    let c = diff("op", WSDL, |t| {
        within(
            t,
            "<wsdl:operation name=\"ExtendDueDate\">",
            "</wsdl:operation>",
            |_| String::new(),
        )
    });
    let ch = one(&c, "operation_removed", "ExtendDueDate");
    assert_eq!((ch.caller, ch.wire), (B, B));
    let c = diff("action", WSDL, |t| {
        t.replace(
            "IPaymentServiceV10/CancelInvoice\"",
            "IPaymentServiceV11/CancelInvoice\"",
        )
    });
    let ch = one(&c, "soap_action_changed", "CancelInvoice");
    assert_eq!((ch.caller, ch.wire), (C, B));
}

/// The changes from `variant` (old) back to wsdl/ (new): what a WSDL that gained it shows.
fn diff_back(name: &str, file: &str, edit: impl Fn(&str) -> String) -> Vec<Change> {
    let tmp = tempfile::tempdir().unwrap();
    let old = variant(tmp.path(), name, file, edit);
    let changes = codegen::Builder::new()
        .compare(&old, wsdl_dir().join(WSDL))
        .unwrap();
    assert!(!changes.is_empty(), "{name}: no change found");
    changes
}

const CANCEL_BINDING: &str = "<wsdl:operation name=\"CancelInvoice\">";
const ACTIVATE_BINDING: &str = "<wsdl:operation name=\"ActivateInvoice\">";
const CLIENT_IP: &str = "<soap:header message=\"i0:CancelInvoiceRequest_Headers\" part=\"ClientIpAddress\" use=\"literal\"/>";

#[test]
fn operation_added_breaks_nothing() {
    let c = diff_back("op_added", WSDL, |t| {
        within(
            t,
            "<wsdl:operation name=\"ExtendDueDate\">",
            "</wsdl:operation>",
            |_| String::new(),
        )
    });
    let ch = one(&c, "operation_added", "ExtendDueDate");
    assert_eq!((ch.caller, ch.wire), (C, C));
}

#[test]
fn body_element_changed_breaks_both() {
    let c = diff("body", "PaymentServiceV10.wsdl0.wsdl", |t| {
        within(
            t,
            "<wsdl:message name=\"CancelInvoiceRequest\">",
            "</wsdl:message>",
            |m| m.replace("tns:CancelInvoiceRequest", "tns:ActivateInvoiceRequest"),
        )
    });
    let ch = one(&c, "body_element_changed", "CancelInvoice");
    assert_eq!((ch.caller, ch.wire), (B, B));
}

#[test]
fn headers_added_removed_and_made_optional() {
    // A required header added: old clients do not send it.
    let c = diff("hdr_add", WSDL, |t| {
        within(t, ACTIVATE_BINDING, "<soap:body", |b| {
            b.replace("<soap:body", &format!("{CLIENT_IP}\n        <soap:body"))
        })
    });
    let ch = one(&c, "header_added", "ActivateInvoice");
    assert_eq!(
        (ch.caller, ch.wire),
        (C, B),
        "the client fills headers in; an old client's requests lack it"
    );
    let c = diff("hdr_rm", WSDL, |t| {
        within(t, CANCEL_BINDING, "<soap:body", |b| {
            b.replace(CLIENT_IP, "")
        })
    });
    let ch = one(&c, "header_removed", "CancelInvoice");
    assert_eq!((ch.caller, ch.wire), (C, C));
    let c = diff("hdr_opt", WSDL, |t| {
        within(t, CANCEL_BINDING, "<soap:body", |b| {
            b.replace(
                "part=\"ClientIpAddress\" use=\"literal\"/>",
                "part=\"ClientIpAddress\" use=\"literal\" wsdl:required=\"false\"/>",
            )
        })
    });
    let ch = one(&c, "header_requirement_changed", "CancelInvoice");
    assert_eq!((ch.caller, ch.wire), (C, C), "{}", ch.detail);
}

#[test]
fn element_added_optional_vs_required_and_by_direction() {
    let add = |min: &'static str| {
        move |t: &str| {
            within(t, CANCEL_REQ, END_EL, |b| {
                b.replace(
                    "<xs:element name=\"StoreId\"",
                    &format!("<xs:element name=\"Note\" type=\"tns:String50\" minOccurs=\"{min}\"/>\n        <xs:element name=\"StoreId\""),
                )
            })
        }
    };
    let c = diff("opt", XSD, add("0"));
    let ch = one(&c, "element_added", "CancelInvoiceRequest.Note");
    assert_eq!(
        (ch.caller, ch.wire),
        (C, C),
        "structs are non_exhaustive and built with builders: callers' code still compiles and builds; the server accepts old requests"
    );
    let c = diff("req", XSD, add("1"));
    let ch = one(&c, "element_added", "CancelInvoiceRequest.Note");
    assert_eq!(
        (ch.caller, ch.wire),
        (B, B),
        "the builder now refuses requests without Note"
    );
    // A required element added to a response: old clients skip unknown elements.
    let c = diff("resp", XSD, |t| {
        within(t, CANCEL_RESP, END_EL, |b| {
            b.replace(
                "</xs:sequence>",
                "<xs:element name=\"Extra\" type=\"tns:String50\"/>\n      </xs:sequence>",
            )
        })
    });
    let ch = one(&c, "element_added", "CancelInvoiceResponse.Extra");
    assert_eq!((ch.caller, ch.wire), (C, C));
}

#[test]
fn element_removed_renamed_and_reordered() {
    let c = diff("removed", XSD, |t| {
        within(t, CANCEL_REQ, END_EL, |b| {
            within(b, "<xs:element name=\"StoreId\"", "</xs:element>", |_| {
                String::new()
            })
        })
    });
    let ch = one(&c, "element_removed", "CancelInvoiceRequest.StoreId");
    assert_eq!((ch.caller, ch.wire), (B, B));
    let c = diff("renamed", XSD, |t| {
        within(t, CANCEL_REQ, END_EL, |b| {
            b.replace("name=\"InvoiceNo\"", "name=\"InvoiceNumber\"")
        })
    });
    let ch = one(&c, "element_renamed", "CancelInvoiceRequest.InvoiceNo");
    assert!(
        ch.detail.contains("renamed to InvoiceNumber"),
        "{}",
        ch.detail
    );
    let c = diff("reordered", XSD, |t| {
        within(t, CANCEL_REQ, END_EL, |b| {
            b.replace(
                "name=\"CorrelationId\" type=\"tns:String50\"",
                "name=\"TMP\" type=\"tns:String50\"",
            )
            .replace(
                "name=\"InvoiceNo\" type=\"tns:String50\"",
                "name=\"CorrelationId\" type=\"tns:String50\"",
            )
            .replace(
                "name=\"TMP\" type=\"tns:String50\"",
                "name=\"InvoiceNo\" type=\"tns:String50\"",
            )
        })
    });
    let ch = one(&c, "elements_reordered", "CancelInvoiceRequest");
    assert_eq!(
        (ch.caller, ch.wire),
        (C, B),
        "order matters to this service"
    );
}

#[test]
fn type_nillable_and_occurrence_changes() {
    let c = diff("type", XSD, |t| {
        within(t, CANCEL_REQ, END_EL, |b| {
            b.replace("type=\"tns:StoreId\"", "type=\"tns:String50\"")
        })
    });
    let ch = one(&c, "type_changed", "CancelInvoiceRequest.StoreId");
    assert_eq!((ch.caller, ch.wire), (B, B));
    let c = diff("nil", XSD, |t| {
        within(t, CANCEL_RESP, END_EL, |b| {
            b.replace("nillable=\"true\"", "")
        })
    });
    let ch = one(
        &c,
        "nillable_changed",
        "CancelInvoiceResponse.CorrelationId",
    );
    assert_eq!((ch.caller, ch.wire), (B, C));
    let c = diff("min", XSD, |t| {
        within(t, CANCEL_REQ, END_EL, |b| {
            b.replace(
                "name=\"InvoiceNo\" type=\"tns:String50\"",
                "name=\"InvoiceNo\" type=\"tns:String50\" minOccurs=\"0\"",
            )
        })
    });
    let ch = one(&c, "occurrence_changed", "CancelInvoiceRequest.InvoiceNo");
    assert_eq!((ch.caller, ch.wire), (B, C));
}

#[test]
fn facets_tightened_and_loosened() {
    let c = diff("tight", XSD, |t| {
        within(
            t,
            "<xs:simpleType name=\"Quantity\">",
            "</xs:simpleType>",
            |b| b.replace("99999999", "9999"),
        )
    });
    let ch = one(&c, "facet_tightened", "InvoiceRow.Quantity");
    assert_eq!((ch.caller, ch.wire), (B, B));
    assert!(ch.detail.contains("max 99999999 → 9999"), "{}", ch.detail);
    let c = diff("loose", XSD, |t| {
        within(
            t,
            "<xs:simpleType name=\"String50\">",
            "</xs:simpleType>",
            |b| b.replace("\"50\"", "\"60\""),
        )
    });
    let ch = one(&c, "facet_loosened", "CancelInvoiceRequest.InvoiceNo");
    assert_eq!((ch.caller, ch.wire), (C, C));
    assert!(!c.iter().any(|c| c.is_breaking()), "{c:#?}");
}

#[test]
fn enumeration_values_added_and_removed() {
    let c = diff("enum_add", XSD, |t| {
        within(
            t,
            "<xs:simpleType name=\"InvoiceDeliveryMethod\">",
            "</xs:simpleType>",
            |b| {
                b.replace(
                    "</xs:restriction>",
                    "<xs:enumeration value=\"3\"/>\n    </xs:restriction>",
                )
            },
        )
    });
    let ch = one(
        &c,
        "enum_value_added",
        "SendInvoiceRequest.InvoiceDeliveryMethod (InvoiceDeliveryMethod)",
    );
    assert_eq!(
        (ch.caller, ch.wire),
        (C, C),
        "enumerations are non_exhaustive, so every match has a wildcard arm; requests still decode"
    );
    let c = diff("enum_rm", XSD, |t| {
        within(
            t,
            "<xs:simpleType name=\"InvoiceDeliveryMethod\">",
            "</xs:simpleType>",
            |b| {
                within(
                    b,
                    "<xs:enumeration value=\"1\"",
                    "</xs:enumeration>",
                    |_| String::new(),
                )
            },
        )
    });
    let ch = one(
        &c,
        "enum_value_removed",
        "SendInvoiceRequest.InvoiceDeliveryMethod (InvoiceDeliveryMethod)",
    );
    assert_eq!((ch.caller, ch.wire), (B, B));
}

#[test]
fn cli_exit_codes_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let loose = variant(tmp.path(), "loose", XSD, |t| {
        within(
            t,
            "<xs:simpleType name=\"String50\">",
            "</xs:simpleType>",
            |b| b.replace("\"50\"", "\"60\""),
        )
    });
    let tight = variant(tmp.path(), "tight", XSD, |t| {
        within(
            t,
            "<xs:simpleType name=\"String50\">",
            "</xs:simpleType>",
            |b| b.replace("\"50\"", "\"40\""),
        )
    });
    let bin = env!("CARGO_BIN_EXE_codegen");
    let old = wsdl_dir().join(WSDL);
    let run = |new: &Path, json: bool| {
        let mut cmd = std::process::Command::new(bin);
        cmd.arg("diff").arg(&old).arg(new);
        if json {
            cmd.args(["--format", "json"]);
        }
        cmd.output().unwrap()
    };
    let out = run(&loose, false);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 breaking"));
    let out = run(&tight, true);
    assert_eq!(out.status.code(), Some(1));
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.starts_with("{\"breaking\": "), "{json}");
    assert!(json.contains("\"kind\": \"facet_tightened\""), "{json}");
}
