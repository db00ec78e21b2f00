//! Writing XML: elements with the prefixes the generator chose, escaped text, `xsi:nil`.

use super::{ComplexValue, SimpleValue, WriteElement};

/// Appends elements to a `String`. Tags arrive with their prefix (`pay:InvoiceNo`); the
/// prefixes are declared once on the envelope.
pub struct XmlWriter<'a> {
    out: &'a mut String,
}

impl<'a> XmlWriter<'a> {
    /// Writes into `out`.
    pub fn new(out: &'a mut String) -> Self {
        XmlWriter { out }
    }

    /// The underlying buffer.
    pub fn out(&mut self) -> &mut String {
        self.out
    }

    /// `<tag>`.
    pub fn start(&mut self, tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `</tag>`.
    pub fn end(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `<tag>text</tag>`.
    pub fn simple<T: SimpleValue>(&mut self, tag: &str, value: &T) {
        self.start(tag);
        value.write_text(self.out);
        self.end(tag);
    }

    /// `<tag xsi:nil="true"/>`.
    pub fn nil(&mut self, tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push_str(" xsi:nil=\"true\"/>");
    }

    /// `<tag>…children…</tag>`.
    pub fn complex<T: ComplexValue>(&mut self, tag: &str, value: &T) {
        self.start(tag);
        value.write_content(self);
        self.end(tag);
    }

    /// A wrapper element holding one `item_tag` element per item.
    pub fn list<T: WriteElement>(&mut self, tag: &str, item_tag: &str, items: &[T]) {
        self.start(tag);
        for item in items {
            item.write_element(self, item_tag);
        }
        self.end(tag);
    }
}

macro_rules! simple_element {
    ($($t:ty),*) => {$(
        impl WriteElement for $t {
            fn write_element(&self, w: &mut XmlWriter<'_>, tag: &str) {
                w.simple(tag, self)
            }
        }
        impl super::ReadElement for $t {
            fn read_element(node: roxmltree::Node<'_, '_>) -> Result<Self, super::DecodeError> {
                super::read_simple(node)
            }
        }
    )*};
}
simple_element!(String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, rust_decimal::Decimal, super::XsDateTime, super::XsDate);
