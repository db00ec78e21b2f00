//! Mixed content with elements (`mixed="true"`), on the generated `MixedSequenceType` of the
//! xsd-parser `mixed_content` feature (`Fuu: xs:int` then `Bar: xs:string`, text anywhere):
//! the text and the elements are one list of items in document order, written back the same
//! way, and each element's count is checked with its path.

mod common;
use common::envelope;
use soap_runtime::{decode_response, encode_response, ComplexValue, Limits};
use xsd_features::mixed_content_mixedsequence::{
    operations::Echo, MixedSequenceType, MixedSequenceTypeContent as Item,
};

#[test]
fn items_come_in_document_order_and_are_written_back() {
    let xml = envelope(
        r#"<t:MixedSequence xmlns:t="http://example.com">a &amp; <t:Fuu>7</t:Fuu> <t:Bar>x</t:Bar><![CDATA[<z>]]></t:MixedSequence>"#,
    );
    let m: MixedSequenceType = decode_response::<Echo>(&xml, &Limits::default()).unwrap();
    assert_eq!(
        m.content,
        [
            Item::Text("a & ".into()),
            Item::Fuu(7),
            Item::Text(" ".into()),
            Item::Bar("x".into()),
            Item::Text("<z>".into()),
        ]
    );
    m.validate().unwrap();
    let out = encode_response::<Echo>(&m);
    assert!(
        out.contains(">a &amp; <Fuu>7</Fuu> <Bar>x</Bar>&lt;z&gt;</"),
        "{out}"
    );
    let again: MixedSequenceType = decode_response::<Echo>(&out, &Limits::default()).unwrap();
    assert_eq!(again, m);
}

#[test]
fn element_counts_are_checked_with_their_path() {
    let xml = envelope(
        r#"<t:MixedSequence xmlns:t="http://example.com">only text <t:Bar>x</t:Bar><t:Bar>y</t:Bar></t:MixedSequence>"#,
    );
    let m: MixedSequenceType = decode_response::<Echo>(&xml, &Limits::default()).unwrap();
    let e = m.validate().unwrap_err().to_string();
    assert!(e.contains("content.Fuu"), "a missing Fuu: {e}");
    assert!(
        e.contains("content.Bar"),
        "two Bars where one is allowed: {e}"
    );
}
