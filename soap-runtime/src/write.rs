//! Writing XML: elements with the prefixes the generator chose, escaped text, `xsi:nil`.

use super::{ComplexValue, SimpleValue, WriteElement};

/// Appends elements to a `String`. Tags arrive with their prefix (`tns:OrderNo`); the
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

    /// `<tag attributes…>…children…</tag>`.
    pub fn complex<T: ComplexValue>(&mut self, tag: &str, value: &T) {
        self.out.push('<');
        self.out.push_str(tag);
        value.write_attributes(self);
        self.out.push('>');
        value.write_content(self);
        self.end(tag);
    }

    /// ` name="value"` inside a start tag (called from `write_attributes`).
    pub fn attr<T: SimpleValue>(&mut self, name: &str, value: &T) {
        let mut text = String::new();
        value.write_text(&mut text);
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("&quot;"),
                '\n' => self.out.push_str("&#10;"),
                '\t' => self.out.push_str("&#9;"),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// Escaped text content.
    pub fn text<T: SimpleValue>(&mut self, value: &T) {
        value.write_text(self.out);
    }

    /// XML written as is (kept from an `xs:any` wildcard).
    pub fn raw(&mut self, xml: &str) {
        self.out.push_str(xml);
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
            fn read_element(node: super::Node<'_, '_>) -> Result<Self, super::DecodeError> {
                super::read_simple(node)
            }
        }
    )*};
}
simple_element!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    rust_decimal::Decimal,
    super::XsDateTime,
    super::XsDate
);
