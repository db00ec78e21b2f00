//! The XML tokenizer under [`crate::dom`]: one pass over the bytes, 16 at a time to find the next
//! markup, and only the tokens a SOAP decoder needs (start tags with their attributes, end
//! tags, text, CDATA). The XML declaration, comments and processing instructions are checked
//! and skipped; a DTD is refused where it starts.
//!
//! It checks what XML 1.0 and Namespaces in XML make a well-formedness error at this level:
//! names (`NameStartChar`/`NameChar`, at most one colon, neither first nor last), quoted
//! attribute values without `<`, whitespace between attributes, characters XML does not allow
//! (C0 controls other than tab, newline and carriage return; U+FFFE, U+FFFF), `]]>` in text,
//! `--` in comments, `<?xml` anywhere but at the start, and the shape of the XML declaration.
//! References (`&…;`) are checked by the tree, which resolves them; the nesting of elements is
//! checked by the tree too.
//!
//! Every error carries the byte offset where the problem is; nothing here recurses, and
//! nothing allocates but an error message and the caller's attribute list (past eight
//! attributes on one tag).

use super::scan;
use memchr::memmem;
use smallvec::SmallVec;

/// A token. Offsets are byte offsets in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token<'i> {
    /// `<prefix:local` (prefix empty when there is none); [`Lexer::attributes`] reads the
    /// rest of the start tag.
    ElementStart {
        prefix: &'i str,
        local: &'i str,
        start: usize,
    },
    /// `</qname>`, from `start` (its `<`) to `end` (after its `>`); `qname` as written, not
    /// checked (the start tag's name was).
    EndTag {
        qname: &'i str,
        start: usize,
        end: usize,
    },
    /// Character data, raw (references unresolved, line ends as written); `plain` when it holds
    /// no `&` and no carriage return, so that it is its own value.
    Text {
        text: &'i str,
        start: usize,
        plain: bool,
    },
    /// Spaces, tabs and newlines only, followed by markup: a [`Token::Text`] that is never a
    /// reference nor a carriage return.
    Space { text: &'i str, start: usize },
    /// The content of a CDATA section; `start..end` is the whole section.
    Cdata {
        text: &'i str,
        start: usize,
        end: usize,
    },
}

/// An attribute of a start tag; `value` is raw (references unresolved).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attr<'i> {
    pub prefix: &'i str,
    pub local: &'i str,
    pub value: &'i str,
    /// Where the attribute's name starts.
    pub offset: usize,
    /// No `&`, tab, newline or carriage return: the value is its own normalized value.
    pub plain: bool,
}

/// How a start tag ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TagEnd {
    /// `/>`.
    pub empty: bool,
    /// Just after the tag.
    pub end: usize,
    /// The offset of the first attribute beyond the caller's cap, where reading stopped.
    pub over: Option<usize>,
}

/// A well-formedness error at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub message: String,
    pub offset: usize,
}

type Result<T> = std::result::Result<T, LexError>;

fn err<T>(message: impl Into<String>, offset: usize) -> Result<T> {
    Err(LexError {
        message: message.into(),
        offset,
    })
}

/// The message for a DTD (the tree's callers look for "DTD" in it).
const NO_DTD: &str = "a DTD is not allowed (no entity declarations are processed)";

/// The tokenizer.
pub(crate) struct Lexer<'i> {
    text: &'i str,
    bytes: &'i [u8],
    pos: usize,
}

impl<'i> Lexer<'i> {
    /// A tokenizer over `text`, skipping a byte order mark.
    pub fn new(text: &'i str) -> Self {
        let pos = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos,
        }
    }

    /// The input.
    pub fn text(&self) -> &'i str {
        self.text
    }

    /// What is left of the input.
    pub fn rest(&self) -> &'i [u8] {
        &self.bytes[self.pos..]
    }

    /// The next token; `None` at the end of the input.
    #[inline]
    pub fn next_token(&mut self) -> Result<Option<Token<'i>>> {
        loop {
            let rest = &self.bytes[self.pos..];
            if rest.is_empty() {
                return Ok(None);
            }
            if rest[0] != b'<' {
                return self.text_token().map(Some);
            }
            match rest.get(1) {
                Some(b'/') => return self.end_tag().map(Some),
                Some(b'!') => {
                    if let Some(t) = self.bang()? {
                        return Ok(Some(t));
                    }
                }
                Some(b'?') => self.processing_instruction()?,
                _ => return self.start_tag().map(Some),
            }
        }
    }

    #[inline]
    fn text_token(&mut self) -> Result<Token<'i>> {
        let start = self.pos;
        // Whitespace between tags (the common text of a pretty-printed message).
        let mut i = start;
        while self
            .bytes
            .get(i)
            .is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n'))
        {
            i += 1;
        }
        if i > start && self.bytes.get(i).is_some_and(|&b| b == b'<') {
            self.pos = i;
            return Ok(Token::Space {
                text: &self.text[start..i],
                start,
            });
        }
        let (stop, special) = find_checked(&self.bytes[start..], b'<', b'<');
        let end = stop.map_or(self.bytes.len(), |i| start + i);
        let text = &self.text[start..end];
        let found = match special {
            None => 0,
            Some(k) => check_chars(&text.as_bytes()[k..], start + k, true)?,
        };
        self.pos = end;
        Ok(Token::Text {
            text,
            start,
            plain: found & (AMP | CR) == 0,
        })
    }

    /// `<!…`: a comment (skipped: `None`), CDATA, or a refused DTD.
    fn bang(&mut self) -> Result<Option<Token<'i>>> {
        let start = self.pos;
        let rest = &self.bytes[start..];
        if rest.starts_with(b"<!--") {
            let body = start + 4;
            let Some(i) = memmem::find(&self.bytes[body..], b"--") else {
                return err("a comment is not closed", start);
            };
            if self.bytes.get(body + i + 2) != Some(&b'>') {
                return err("\"--\" is not allowed inside a comment", body + i);
            }
            check_chars(&self.bytes[body..body + i], body, false)?;
            self.pos = body + i + 3;
            Ok(None)
        } else if rest.starts_with(b"<![CDATA[") {
            let body = start + 9;
            let Some(i) = memmem::find(&self.bytes[body..], b"]]>") else {
                return err("a CDATA section is not closed", start);
            };
            check_chars(&self.bytes[body..body + i], body, false)?;
            self.pos = body + i + 3;
            Ok(Some(Token::Cdata {
                text: &self.text[body..body + i],
                start,
                end: self.pos,
            }))
        } else if rest.starts_with(b"<!DOCTYPE") || rest.starts_with(b"<!ENTITY") {
            err(NO_DTD, start)
        } else {
            err("invalid markup after \"<!\"", start)
        }
    }

    /// `<?…?>`: the XML declaration (only at the start) or a processing instruction; skipped.
    fn processing_instruction(&mut self) -> Result<()> {
        let start = self.pos;
        let (target, after) = self.name(start + 2)?;
        let Some(i) = memmem::find(&self.bytes[after..], b"?>") else {
            return err("a processing instruction is not closed", start);
        };
        let end = after + i;
        if target.eq_ignore_ascii_case("xml") {
            let first = start == 0 || (start == 3 && self.text.starts_with('\u{FEFF}'));
            if target != "xml" || !first {
                return err("an XML declaration is only allowed at the start", start);
            }
            check_declaration(&self.text[after..end], after)?;
        } else if after < end && !is_space(self.bytes[after]) {
            return err(
                "a processing instruction's target must be followed by a space",
                after,
            );
        }
        check_chars(&self.bytes[after..end], after, false)?;
        self.pos = end + 2;
        Ok(())
    }

    #[inline]
    fn start_tag(&mut self) -> Result<Token<'i>> {
        let start = self.pos;
        let (prefix, local, after) = self.qname(start + 1)?;
        self.pos = after;
        Ok(Token::ElementStart {
            prefix,
            local,
            start,
        })
    }

    /// Consumes `</qname>` if that is exactly what comes next (the end tag a reader expects,
    /// without scanning its name); tells whether it did.
    #[inline]
    pub fn end_tag_of(&mut self, qname: &str) -> bool {
        let rest = &self.bytes[self.pos..];
        let n = qname.len();
        let hit = rest.len() > n + 2
            && rest[0] == b'<'
            && rest[1] == b'/'
            && &rest[2..2 + n] == qname.as_bytes()
            && rest[2 + n] == b'>';
        if hit {
            self.pos += n + 3;
        }
        hit
    }

    /// Skips spaces, tabs and newlines up to the next `<` (what [`Token::Space`] would be),
    /// and tells whether there were any; reads nothing when something else follows them.
    #[inline]
    pub fn skip_space_before_markup(&mut self) -> bool {
        let rest = &self.bytes[self.pos..];
        let n = rest
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b'\n'))
            .unwrap_or(rest.len());
        let skip = n > 0 && rest.get(n) == Some(&b'<');
        if skip {
            self.pos += n;
        }
        skip
    }

    /// After [`Token::ElementStart`]: the end of a start tag without attributes (`>` right
    /// after the name, the common case), or `None` (nothing read) for anything else.
    #[inline]
    pub fn bare_tag_end(&mut self) -> Option<TagEnd> {
        (self.bytes.get(self.pos) == Some(&b'>')).then(|| {
            self.pos += 1;
            TagEnd {
                empty: false,
                end: self.pos,
                over: None,
            }
        })
    }

    /// After [`Token::ElementStart`]: the attributes of the start tag into `out`, at most
    /// `cap` of them (reading stops at the first beyond, whose offset [`TagEnd::over`] gives),
    /// and how the tag ends.
    pub fn attributes(&mut self, out: &mut SmallVec<[Attr<'i>; 8]>, cap: usize) -> Result<TagEnd> {
        loop {
            let spaced = self.skip_space();
            let at = self.pos;
            match self.bytes.get(at) {
                None => return err("a start tag is not closed", at),
                Some(b'>') => {
                    self.pos = at + 1;
                    return Ok(TagEnd {
                        empty: false,
                        end: self.pos,
                        over: None,
                    });
                }
                Some(b'/') => {
                    if self.bytes.get(at + 1) != Some(&b'>') {
                        return self.expected("\"/>\"", at + 1);
                    }
                    self.pos = at + 2;
                    return Ok(TagEnd {
                        empty: true,
                        end: self.pos,
                        over: None,
                    });
                }
                Some(_) if !spaced => return self.expected("a space before the attribute", at),
                Some(_) => {
                    if !self.attribute(at, out, cap)? {
                        return Ok(TagEnd {
                            empty: false,
                            end: self.pos,
                            over: Some(at),
                        });
                    }
                }
            }
        }
    }

    /// Reads the attribute at `start` and appends it to `out`, unless `out` holds `cap`
    /// already (`Ok(false)`). Built in place: an `Attr` returned by value and then copied
    /// costs store-forwarding stalls.
    #[inline]
    fn attribute(
        &mut self,
        start: usize,
        out: &mut SmallVec<[Attr<'i>; 8]>,
        cap: usize,
    ) -> Result<bool> {
        let (prefix, local, after) = self.qname(start)?;
        self.pos = after;
        self.skip_space();
        if self.bytes.get(self.pos) != Some(&b'=') {
            return self.expected("\"=\" after the attribute name", self.pos);
        }
        self.pos += 1;
        self.skip_space();
        let quote = match self.bytes.get(self.pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return self.expected("a quoted attribute value", self.pos),
        };
        let body = self.pos + 1;
        let rest = &self.bytes[body..];
        let (stop, special) = find_checked(rest, quote, b'<');
        let Some(i) = stop else {
            return err("an attribute value is not closed", self.pos);
        };
        if rest[i] == b'<' {
            return err("\"<\" is not allowed in an attribute value", body + i);
        }
        let found = match special {
            None => 0,
            Some(k) => check_chars(&rest[k..i], body + k, false)?,
        };
        self.pos = body + i + 1;
        if out.len() >= cap {
            return Ok(false);
        }
        out.push(Attr {
            prefix,
            local,
            value: &self.text[body..body + i],
            offset: start,
            plain: found == 0,
        });
        Ok(true)
    }

    /// `</name>`. The name is not checked here: the tree compares it with the start tag's,
    /// which was.
    #[inline]
    fn end_tag(&mut self) -> Result<Token<'i>> {
        let start = self.pos;
        let from = start + 2;
        let rest = &self.bytes[from..];
        let i = from
            + rest
                .iter()
                .position(|&b| ENDS_NAME[b as usize])
                .unwrap_or(rest.len());
        if i == from {
            return self.expected("a name", from);
        }
        let Some(qname) = self.text.get(from..i) else {
            return self.expected("a name", from);
        };
        self.pos = i;
        self.skip_space();
        if self.bytes.get(self.pos) != Some(&b'>') {
            return self.expected("\">\" to end the end tag", self.pos);
        }
        self.pos += 1;
        Ok(Token::EndTag {
            qname,
            start,
            end: self.pos,
        })
    }

    /// "expected `what`, found …" at `at`, naming what is there (the fault writer spells
    /// characters XML cannot carry).
    fn expected<T>(&self, what: &str, at: usize) -> Result<T> {
        match self.text.get(at..).and_then(|r| r.chars().next()) {
            Some(c) if c.is_control() => err(
                format!("expected {what}, found \"{}\"", c.escape_unicode()),
                at,
            ),
            Some(c) => err(format!("expected {what}, found \"{c}\""), at),
            None => err(format!("expected {what}, found the end of the input"), at),
        }
    }

    /// Skips whitespace; tells whether there was any.
    #[inline]
    fn skip_space(&mut self) -> bool {
        let from = self.pos;
        while self.bytes.get(self.pos).is_some_and(|&b| is_space(b)) {
            self.pos += 1;
        }
        self.pos > from
    }

    /// The XML `Name` starting at `at` (not starting with a colon), and the offset after it.
    #[inline]
    fn name(&self, at: usize) -> Result<(&'i str, usize)> {
        self.scan_name(at).map(|(name, after, _)| (name, after))
    }

    /// [`Lexer::name`], and where its colons are: `None` without one, `Some(Ok(i))` for one at
    /// byte `i`, `Some(Err(i))` when there is a second, at `i`. One pass over the bytes.
    #[inline]
    #[allow(clippy::type_complexity)]
    fn scan_name(&self, at: usize) -> Result<(&'i str, usize, Option<Result<usize>>)> {
        let bytes = self.bytes;
        let mut i = at;
        match bytes.get(at) {
            Some(&b) if NAME_BYTE[b as usize] == START => i += 1,
            Some(&b) if b >= 0x80 => match self.text[at..].chars().next() {
                Some(c) if is_name_start(c) => i += c.len_utf8(),
                _ => return self.expected("a name", at),
            },
            _ => return self.expected("a name", at),
        }
        let mut colon: Option<Result<usize>> = None;
        loop {
            let rest = &bytes[i..];
            i += rest
                .iter()
                .position(|&b| NAME_BYTE[b as usize] & (START | CHAR) == 0)
                .unwrap_or(rest.len());
            match bytes.get(i) {
                Some(b':') => {
                    colon = Some(match colon {
                        None => Ok(i),
                        Some(_) => err(String::new(), i),
                    });
                    i += 1;
                }
                Some(&b) if b >= 0x80 => match self.text[i..].chars().next() {
                    Some(c) if is_name_start(c) || is_name_char(c) => i += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        Ok((&self.text[at..i], i, colon))
    }

    /// A qualified name (`prefix:local` or `local`) starting at `at`, split, and the offset
    /// after it.
    #[inline]
    fn qname(&self, at: usize) -> Result<(&'i str, &'i str, usize)> {
        let (qname, after, colon) = self.scan_name(at)?;
        let not_qname = |offset| err(format!("\"{qname}\" is not a qualified name"), offset);
        match colon {
            None => Ok(("", qname, after)),
            Some(Err(e)) => not_qname(e.offset),
            Some(Ok(c)) => {
                let (prefix, local) = (&self.text[at..c], &self.text[c + 1..after]);
                let local_start = local.chars().next().is_some_and(|ch| {
                    if ch.is_ascii() {
                        NAME_BYTE[ch as usize] == START
                    } else {
                        is_name_start(ch)
                    }
                });
                if prefix.is_empty() || !local_start {
                    return not_qname(c + 1);
                }
                Ok((prefix, local, after))
            }
        }
    }
}

/// XML's `S`: a space, tab, newline or carriage return.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `&` in the checked bytes.
const AMP: u8 = 1;
/// A carriage return.
const CR: u8 = 2;
/// A tab or a newline.
const TAB_LF: u8 = 4;

/// Fails on a character XML 1.0 does not allow (the input is UTF-8, so only C0 controls and
/// U+FFFE/U+FFFF can be wrong) and, in `text`, on `]]>`; returns which of [`AMP`], [`CR`] and [`TAB_LF`]
/// occur. Eight bytes at a time: a word with no byte below 0x20, no 0xEF (the lead byte of
/// U+FFFE/U+FFFF), no `]` and no `&` needs nothing more; only the bytes of other words are
/// looked at one by one.
#[inline]
fn check_chars(bytes: &[u8], offset: usize, text: bool) -> Result<u8> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has = |x: u64, b: u8| {
        let y = x ^ (u64::from(b) * ONES);
        y.wrapping_sub(ONES) & !y & HIGH
    };
    let mut found = 0;
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + 8).min(bytes.len());
        let x = match bytes.get(at..at + 8) {
            Some(w) => u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]),
            None => {
                // The last word is padded with spaces, which need nothing.
                let mut word = [b' '; 8];
                for (w, &b) in word.iter_mut().zip(&bytes[at..end]) {
                    *w = b;
                }
                u64::from_le_bytes(word)
            }
        };
        let below_space = x.wrapping_sub(0x20 * ONES) & !x & HIGH;
        if below_space | has(x, 0xEF) | has(x, b']') | has(x, b'&') != 0 {
            for i in at..end {
                found |= check_byte(bytes, i, offset, text)?;
            }
        }
        at = end;
    }
    Ok(found)
}

/// [`check_chars`] for the byte at `i`.
fn check_byte(bytes: &[u8], i: usize, offset: usize, text: bool) -> Result<u8> {
    Ok(match bytes[i] {
        b'&' => AMP,
        b'\r' => CR,
        b'\t' | b'\n' => TAB_LF,
        b if b < 0x20 => {
            return err(
                format!("character U+{b:04X} is not allowed in XML"),
                offset + i,
            );
        }
        0xEF if bytes.get(i + 1) == Some(&0xBF)
            && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
        {
            return err(
                "characters U+FFFE and U+FFFF are not allowed in XML",
                offset + i,
            );
        }
        b']' if text && bytes[i..].starts_with(b"]]>") => {
            return err("\"]]>\" is not allowed in text", offset + i);
        }
        _ => 0,
    })
}

/// The first `a` or `b` in `hay`, and where [`check_chars`] must start looking before it:
/// `None` when no byte before it is one that function looks at (below 0x20, `&`, `]`, 0xEF),
/// else the start of the first 16-byte block holding one. One pass, 16 bytes at a time, for
/// the end of a text or an attribute value and its check together.
#[inline]
fn find_checked(hay: &[u8], a: u8, b: u8) -> (Option<usize>, Option<usize>) {
    let mut special_from = None;
    let mut at = 0;
    while at < hay.len() {
        let (block, valid) = scan::block(hay, at);
        let stop = scan::classify(&block, [a, b, a, b], 0) & valid;
        let special = scan::classify(&block, [b'&', b']', 0xEF, 0xEF], 0x20) & valid;
        let before = if stop == 0 {
            special
        } else {
            special & ((1 << stop.trailing_zeros()) - 1)
        };
        if before != 0 && special_from.is_none() {
            special_from = Some(at);
        }
        if stop != 0 {
            return (Some(at + stop.trailing_zeros() as usize), special_from);
        }
        at += 16;
    }
    (None, special_from)
}

/// The pseudo-attributes of `<?xml …?>`: `version` (1.x) first, then optionally `encoding`
/// and `standalone` (`yes`/`no`), in that order.
fn check_declaration(body: &str, offset: usize) -> Result<()> {
    let mut rest = body;
    let mut expected: &[&str] = &["version", "encoding", "standalone"];
    let mut seen_version = false;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        if trimmed.is_empty() {
            break;
        }
        let at = offset + (body.len() - trimmed.len());
        if trimmed.len() == rest.len() {
            return err("expected a space in the XML declaration", at);
        }
        let Some(eq) = trimmed.find('=') else {
            return err("invalid XML declaration", at);
        };
        let name = trimmed[..eq].trim_end_matches([' ', '\t', '\n', '\r']);
        let Some(k) = expected.iter().position(|n| *n == name) else {
            return err(format!("unexpected \"{name}\" in the XML declaration"), at);
        };
        expected = &expected[k + 1..];
        let value_part = trimmed[eq + 1..].trim_start_matches([' ', '\t', '\n', '\r']);
        let quote = match value_part.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => q as char,
            _ => return err("expected a quoted value in the XML declaration", at),
        };
        let Some(close) = value_part[1..].find(quote) else {
            return err("a value in the XML declaration is not closed", at);
        };
        let value = &value_part[1..1 + close];
        let valid = match name {
            "version" => {
                seen_version = true;
                value.len() > 2
                    && value.starts_with("1.")
                    && value[2..].bytes().all(|b| b.is_ascii_digit())
            }
            "encoding" => {
                value
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphabetic())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            _ => matches!(value, "yes" | "no"),
        };
        if !valid {
            return err(
                format!("invalid {name} \"{value}\" in the XML declaration"),
                at,
            );
        }
        rest = &value_part[close + 2..];
    }
    if !seen_version {
        return err("the XML declaration has no version", offset);
    }
    Ok(())
}

/// May begin a name.
const START: u8 = 2;
/// May continue a name only.
const CHAR: u8 = 1;
/// The colon of a qualified name (continues a name; never begins one here).
const COLON: u8 = 4;

/// Name characters by byte: `START` may begin a name, `CHAR` only continue one, `COLON`
/// separates a prefix; 0 is not
/// one in ASCII; bytes of non-ASCII characters are 0 too (the scan stops there and decides
/// by the character).
static NAME_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b == b':' {
            COLON
        } else if b.is_ascii_alphabetic() || b == b'_' {
            START
        } else if b.is_ascii_digit() || b == b'-' || b == b'.' {
            CHAR
        } else {
            0
        };
        c += 1;
    }
    t
};

/// The bytes that end an end tag's name: whitespace, `>` and `<`.
static ENDS_NAME: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'>' as usize] = true;
    t[b'<' as usize] = true;
    t
};

/// `NameStartChar` outside ASCII (XML 1.0 fifth edition).
fn is_name_start(c: char) -> bool {
    matches!(c,
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// The other `NameChar`s outside ASCII.
fn is_name_char(c: char) -> bool {
    matches!(c, '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token of the tests: a [`Token`], an attribute or a tag end.
    #[derive(Debug, PartialEq)]
    enum T<'i> {
        Token(Token<'i>),
        Attr(Attr<'i>),
        End(TagEnd),
    }

    fn tokens(xml: &str) -> Result<Vec<T<'_>>> {
        let mut lx = Lexer::new(xml);
        let mut out = Vec::new();
        while let Some(t) = lx.next_token()? {
            out.push(T::Token(t));
            if let Token::ElementStart { .. } = t {
                let mut attrs = SmallVec::new();
                let end = lx.attributes(&mut attrs, usize::MAX)?;
                out.extend(attrs.into_iter().map(T::Attr));
                out.push(T::End(end));
            }
        }
        Ok(out)
    }

    #[test]
    fn tokens_of_a_small_document() {
        let xml = "<?xml version=\"1.0\" encoding='utf-8'?><!-- c --><p:a x = '1' p:y=\"&amp;\"><b/>t<![CDATA[<c>]]></p:a >";
        let t = tokens(xml).unwrap();
        let at = |s: &str| xml.find(s).unwrap();
        let end = |empty, end| {
            T::End(TagEnd {
                empty,
                end,
                over: None,
            })
        };
        let attr = |prefix, local, value, offset, plain| {
            T::Attr(Attr {
                prefix,
                local,
                value,
                offset,
                plain,
            })
        };
        assert_eq!(
            t,
            [
                T::Token(Token::ElementStart {
                    prefix: "p",
                    local: "a",
                    start: at("<p:a")
                }),
                attr("", "x", "1", at("x ="), true),
                attr("p", "y", "&amp;", at("p:y"), false),
                end(false, at("<b/>")),
                T::Token(Token::ElementStart {
                    prefix: "",
                    local: "b",
                    start: at("<b/>")
                }),
                end(true, at("t<!")),
                T::Token(Token::Text {
                    text: "t",
                    start: at("t<!"),
                    plain: true
                }),
                T::Token(Token::Cdata {
                    text: "<c>",
                    start: at("<![CDATA["),
                    end: at("</p:a")
                }),
                T::Token(Token::EndTag {
                    qname: "p:a",
                    start: at("</p:a"),
                    end: xml.len()
                }),
            ]
        );
    }

    #[test]
    fn attributes_stop_at_the_cap() {
        let xml = "<a x='1' y='2' z='3'>";
        let mut lx = Lexer::new(xml);
        assert!(matches!(
            lx.next_token(),
            Ok(Some(Token::ElementStart { .. }))
        ));
        let mut attrs = SmallVec::new();
        let end = lx.attributes(&mut attrs, 2).unwrap();
        assert_eq!(attrs.len(), 2);
        assert_eq!(end.over, Some(xml.find("z=").unwrap()));
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        for bad in [
            "<a x='1'y='2'/>",
            "<a x=1/>",
            "<a x='<'/>",
            "<a x='1' /",
            "<1a/>",
            "<:a/>",
            "<a:/>",
            "<a:b:c/>",
            "<a>]]></a>",
            "<a><!-- a -- b --></a>",
            "<a><!-- a ---></a>",
            "<a>\u{1}</a>",
            "<a>\u{FFFF}</a>",
            "<a/><?xml version='1.0'?>",
            "<?xml encoding='utf-8'?><a/>",
            "<?xml version='2.0'?><a/>",
            "<?xml version='1.0' standalone='maybe'?><a/>",
            "<!DOCTYPE a><a/>",
            "<!ELEMENT a><a/>",
            "<a></a",
            "<a x='1",
            "<?pi",
            "<!-- never closed",
            "<a><![CDATA[x</a>",
            "</>",
        ] {
            assert!(tokens(bad).is_err(), "{bad}");
        }
        let e = tokens("<!DOCTYPE a [<!ENTITY x 'y'>]><a/>").unwrap_err();
        assert!(e.message.contains("DTD") && e.offset == 0, "{e:?}");
        let e = tokens("<a x='1'y='2'/>").unwrap_err();
        assert!(e.message.contains("found \"y\""), "{e:?}");
        assert_eq!(e.offset, 8);
    }

    /// `find_checked` against the byte-by-byte definition, at every length and position
    /// around the 16-byte blocks (and the padded last block).
    #[test]
    fn find_checked_is_the_first_stop_and_the_block_of_the_first_special() {
        let alphabet = [
            b'a', b' ', b'<', b'"', b'&', b']', 0xEF, b'\t', b'\n', 0x01, b'~', 0x80,
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for len in 0..80 {
            for _ in 0..200 {
                let hay: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        // Mostly plain bytes, so that stops and specials land anywhere.
                        let r = (seed % 64) as usize;
                        if r < alphabet.len() {
                            alphabet[r]
                        } else {
                            b'x'
                        }
                    })
                    .collect();
                let stop = hay.iter().position(|&c| c == b'<' || c == b'"');
                let special = hay[..stop.unwrap_or(hay.len())]
                    .iter()
                    .position(|&c| c < 0x20 || matches!(c, b'&' | b']' | 0xEF))
                    .map(|i| i / 16 * 16);
                assert_eq!(find_checked(&hay, b'"', b'<'), (stop, special), "{hay:?}");
            }
        }
    }

    #[test]
    fn accepts_what_is() {
        for good in [
            "\u{FEFF}<?xml version='1.0'?><a/>",
            "<?xml version=\"1.1\" encoding=\"ISO-8859-1\" standalone=\"no\" ?>\n<a/>",
            "<a\n\tx\n=\n'1'\r\n/>",
            "<é·x ü:ñ='v' xmlns:ü='urn:u'/>",
            "<a><?pi data?></a>",
            "<a><?pi?></a>",
            "<a>]] ></a>",
            "<a>-- \t\r\n</a>",
            "<a><!----></a>",
        ] {
            assert!(tokens(good).is_ok(), "{good}: {:?}", tokens(good));
        }
    }
}
