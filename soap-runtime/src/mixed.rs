//! Mixed content (`mixed="true"` with child elements): text and elements as one list of items,
//! in document order.
//!
//! The tree ([`crate::dom`]) drops whitespace-only text between elements, which in mixed
//! content is data (`<p><b>a</b> <i>b</i></p>`). [`read_mixed`] recovers it from the input
//! between the nodes the tree kept, so every character of text content becomes an item.

use super::dom::Node;
use super::{DecodeError, Validator, XmlWriter};

/// The item type of a mixed content field: a `Text(String)` variant and one variant per
/// element the content model allows. Generated per mixed type.
pub trait MixedValue: Sized {
    /// A text item.
    fn text(text: String) -> Self;
    /// Reads `child` as an item when the content model allows it; `Ok(None)` when it does
    /// not (the child is skipped, as undeclared children are elsewhere).
    fn read_item(child: Node<'_, '_>) -> Result<Option<Self>, DecodeError>;
    /// Writes the item (text escaped).
    fn write_item(&self, w: &mut XmlWriter<'_>);
    /// Reports each element whose number of items is outside the bounds its particles in the
    /// content model give (summed over the model).
    fn check_counts(items: &[Self], v: &mut Validator);
}

/// The content of `node` as items: every text (CDATA sections and character references
/// included, adjacent texts merged, whitespace-only text kept) and every element the content
/// model allows, in document order. Linear in the size of the content.
pub fn read_mixed<T: MixedValue>(node: Node<'_, '_>) -> Result<Vec<T>, DecodeError> {
    let input = node.document().input_text();
    let content = node.content_range();
    let mut items = Vec::new();
    let mut text = String::new();
    let mut pos = content.start;
    for child in node.children() {
        let r = child.range();
        if r.start > pos {
            gap_text(input.get(pos..r.start).unwrap_or(""), &mut text);
        }
        pos = pos.max(r.end);
        if child.is_text() {
            text.push_str(child.text().unwrap_or(""));
            continue;
        }
        if let Some(item) = T::read_item(child)? {
            if !text.is_empty() {
                items.push(T::text(std::mem::take(&mut text)));
            }
            items.push(item);
        }
    }
    if content.end > pos {
        gap_text(input.get(pos..content.end).unwrap_or(""), &mut text);
    }
    if !text.is_empty() {
        items.push(T::text(text));
    }
    Ok(items)
}

/// Writes `items` in order.
pub fn write_mixed<T: MixedValue>(w: &mut XmlWriter<'_>, items: &[T]) {
    for item in items {
        item.write_item(w);
    }
}

/// Appends the text of `gap`, markup the tree kept no node for (whitespace, comments,
/// processing instructions, whitespace-only CDATA sections and character references), with
/// line ends normalised as XML 1.0 §2.11 does. The document is already well-formed, so only
/// whitespace is text here.
fn gap_text(gap: &str, out: &mut String) {
    let mut rest = gap;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map_or("", |i| &r[i + 3..]);
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").unwrap_or(r.len());
            push_normalised(&r[..end], out);
            rest = r.get(end + 3..).unwrap_or("");
        } else if let Some(r) = rest.strip_prefix("<?") {
            rest = r.find("?>").map_or("", |i| &r[i + 2..]);
        } else if let Some(r) = rest.strip_prefix("&#") {
            let end = r.find(';').unwrap_or(r.len());
            let code = match r[..end].strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => r[..end].parse().ok(),
            };
            out.extend(code.and_then(char::from_u32));
            rest = r.get(end + 1..).unwrap_or("");
        } else if matches!(c, '<' | '&') {
            // Not in a well-formed gap: skipped.
            rest = &rest[1..];
        } else {
            let end = rest.find(['<', '&']).unwrap_or(rest.len());
            push_normalised(&rest[..end], out);
            rest = &rest[end..];
        }
    }
}

/// Appends `s` with `\r\n` and lone `\r` as `\n`.
fn push_normalised(s: &str, out: &mut String) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
            out.push('\n');
        } else {
            out.push(c);
        }
    }
}

impl Validator {
    /// Checks the element counts of mixed content `items` ([`MixedValue::check_counts`]); a
    /// method so that generated code calls it the same way on an owned validator and a borrowed one.
    pub fn check_mixed<T: MixedValue>(&mut self, items: &[T]) {
        T::check_counts(items, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_keep_whitespace_and_skip_markup() {
        let mut out = String::new();
        gap_text(
            " \r\n<!-- a -> b -->\t<?pi x?><![CDATA[ \r ]]>&#32;&#x9;",
            &mut out,
        );
        assert_eq!(out, " \n\t \n  \t");
    }

    #[test]
    fn truncated_markup_in_a_gap_ends_it() {
        for gap in ["<!-- x", "<![CDATA[ ", "<? x", "&#32", "&#xZZ;", "<"] {
            let mut out = String::new();
            gap_text(gap, &mut out);
            assert!(out.trim().is_empty(), "{gap:?} gave {out:?}");
        }
    }
}
