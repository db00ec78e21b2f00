//! XSD 1.0 regular expressions (XML Schema Part 2, Appendix F) translated to the `regex`
//! crate's syntax, which the runtime matches with.
//!
//! The two dialects differ in ways that change what matches: in XSD `^` and `$` are ordinary
//! characters, `.` excludes carriage return as well as line feed, `\s` is only the four XML
//! whitespace characters, `\w` is everything but punctuation, separators and "other"
//! characters, `\i` and `\c` are XML name characters, character class subtraction is written
//! `[a-z-[aeiou]]`, and `&&`, `~~` and `--` inside a class are plain characters. Everything
//! outside the XSD grammar (`\b`, `(?i)`, `\p{IsBasicLatin}` block escapes, which `regex`
//! lacks) is refused with a message rather than passed through. The translation never needs
//! anchors: the runtime anchors the whole expression, as XSD does implicitly.

/// XML 1.0 (fifth edition) NameStartChar, the runtime's reading of `\i`.
const NAME_START: &str = r":A-Z_a-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}";
/// NameChar beyond NameStartChar (`\c` is both).
const NAME_MORE: &str = r"\x{2D}\x{2E}0-9\x{B7}\x{300}-\x{36F}\x{203F}-\x{2040}";

/// The general categories `\p{..}` may name (Part 2 §F.1.1).
const CATEGORIES: &[&str] = &[
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc",
    "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C",
    "Cc", "Cf", "Co", "Cn",
];

/// `xsd` in `regex` syntax, or what in it is not an XSD 1.0 regular expression (or has no
/// `regex` equivalent).
pub fn translate(xsd: &str) -> Result<String, String> {
    let mut p = Parser {
        chars: xsd.chars().collect(),
        at: 0,
        out: String::new(),
    };
    p.reg_exp()?;
    if let Some(c) = p.peek() {
        return Err(format!("unexpected '{c}' at character {}", p.at + 1));
    }
    Ok(p.out)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    out: String,
}

/// A literal character, written so that `regex` cannot read it as an operator.
fn literal(c: char) -> String {
    if c.is_ascii_alphanumeric() || !c.is_ascii() || c == ' ' {
        c.to_string()
    } else {
        format!("\\x{{{:X}}}", c as u32)
    }
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.next() {
            Some(x) if x == c => Ok(()),
            Some(x) => Err(format!(
                "expected '{c}', found '{x}' at character {}",
                self.at
            )),
            None => Err(format!("expected '{c}' at the end")),
        }
    }

    fn reg_exp(&mut self) -> Result<(), String> {
        loop {
            while !matches!(self.peek(), None | Some('|' | ')')) {
                self.piece()?;
            }
            if self.peek() != Some('|') {
                return Ok(());
            }
            self.next();
            self.out.push('|');
        }
    }

    fn piece(&mut self) -> Result<(), String> {
        let c = self.next().unwrap_or_default();
        match c {
            '(' => {
                self.out.push_str("(?:");
                self.reg_exp()?;
                self.expect(')')?;
                self.out.push(')');
            }
            '[' => {
                let class = self.class_expr()?;
                self.out.push_str(&class);
            }
            '\\' => {
                let class = self.escape()?;
                self.out.push_str(&class);
            }
            '.' => self.out.push_str(r"[^\n\r]"),
            '?' | '*' | '+' | '{' => {
                return Err(format!(
                    "'{c}' at character {} has nothing to repeat",
                    self.at
                ))
            }
            ']' | '}' => return Err(format!("unescaped '{c}' at character {}", self.at)),
            c => self.out.push_str(&literal(c)),
        }
        self.quantifier()
    }

    fn quantifier(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(c @ ('?' | '*' | '+')) => {
                self.next();
                self.out.push(c);
            }
            Some('{') => {
                self.next();
                let min = self.number()?;
                let max = if self.peek() == Some(',') {
                    self.next();
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                self.expect('}')?;
                if max.is_some_and(|m| m < min) {
                    return Err(format!(
                        "quantifier {{{min},{}}} has max below min",
                        max.unwrap_or(0)
                    ));
                }
                match max {
                    Some(m) if m == min => self.out.push_str(&format!("{{{min}}}")),
                    Some(m) => self.out.push_str(&format!("{{{min},{m}}}")),
                    None => self.out.push_str(&format!("{{{min},}}")),
                }
            }
            _ => return Ok(()),
        }
        match self.peek() {
            Some(c @ ('?' | '*' | '+' | '{')) => Err(format!(
                "'{c}' at character {} repeats a quantifier",
                self.at + 1
            )),
            _ => Ok(()),
        }
    }

    fn number(&mut self) -> Result<u32, String> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.next();
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        digits
            .parse()
            .map_err(|_| format!("quantifier without a number at character {}", start + 1))
    }

    /// After `\`: a class (in brackets) or a literal, in `regex` syntax.
    fn escape(&mut self) -> Result<String, String> {
        let at = self.at;
        let c = self.next().ok_or_else(|| "a '\\' at the end".to_owned())?;
        Ok(match c {
            'n' => r"\n".into(),
            'r' => r"\r".into(),
            't' => r"\t".into(),
            '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => {
                literal(c)
            }
            's' => r"[\x{20}\t\n\r]".into(),
            'S' => r"[^\x{20}\t\n\r]".into(),
            'd' => r"\p{Nd}".into(),
            'D' => r"\P{Nd}".into(),
            'w' => r"[^\p{P}\p{Z}\p{C}]".into(),
            'W' => r"[\p{P}\p{Z}\p{C}]".into(),
            'i' => format!("[{NAME_START}]"),
            'I' => format!("[^{NAME_START}]"),
            'c' => format!("[{NAME_START}{NAME_MORE}]"),
            'C' => format!("[^{NAME_START}{NAME_MORE}]"),
            'p' | 'P' => {
                self.expect('{')?;
                let start = self.at;
                while self.peek().is_some_and(|c| c != '}') {
                    self.next();
                }
                let name: String = self.chars[start..self.at].iter().collect();
                self.expect('}')?;
                if name.starts_with("Is") {
                    return Err(format!(
                        "the Unicode block escape \\{c}{{{name}}} (the regex crate has no blocks)"
                    ));
                }
                if !CATEGORIES.contains(&name.as_str()) {
                    return Err(format!("\\{c}{{{name}}} names no Unicode category"));
                }
                format!("\\{c}{{{name}}}")
            }
            other => {
                return Err(format!(
                    "\\{other} at character {} is not an XSD escape",
                    at
                ))
            }
        })
    }

    /// After `[`: the whole class expression, as a `regex` class.
    fn class_expr(&mut self) -> Result<String, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.next();
        }
        let mut items = String::new();
        let mut first = true;
        loop {
            let c = self
                .next()
                .ok_or_else(|| "a character class without its ']'".to_owned())?;
            match c {
                ']' if !first => break,
                '[' => return Err(format!("unescaped '[' at character {}", self.at)),
                '-' if self.peek() == Some('[') && !first => {
                    self.next();
                    let sub = self.class_expr()?;
                    self.expect(']')?;
                    let base = if negated {
                        format!("[^{items}]")
                    } else {
                        format!("[{items}]")
                    };
                    return Ok(format!("[{base}--{sub}]"));
                }
                '-' if first || self.peek() == Some(']') => items.push_str(&literal('-')),
                '-' => return Err(format!("a '-' at character {} starts no range", self.at)),
                '\\' if matches!(
                    self.peek(),
                    Some('s' | 'S' | 'd' | 'D' | 'w' | 'W' | 'i' | 'I' | 'c' | 'C' | 'p' | 'P')
                ) =>
                {
                    items.push_str(&self.escape()?);
                }
                c => {
                    let lo = self.class_char(c)?;
                    if self.peek() == Some('-')
                        && !matches!(self.chars.get(self.at + 1), Some(']' | '[') | None)
                    {
                        self.next();
                        let h = self.next().unwrap_or_default();
                        let hi = self.class_char(h)?;
                        if hi < lo {
                            return Err(format!("the range {lo}-{hi} is empty"));
                        }
                        items.push_str(&format!("{}-{}", literal(lo), literal(hi)));
                    } else {
                        items.push_str(&literal(lo));
                    }
                }
            }
            first = false;
        }
        Ok(if negated {
            format!("[^{items}]")
        } else {
            format!("[{items}]")
        })
    }

    /// One character of a class (`c` already read), a single-character escape resolved.
    fn class_char(&mut self, c: char) -> Result<char, String> {
        if c == '[' {
            return Err(format!("unescaped '[' at character {}", self.at));
        }
        if c != '\\' {
            return Ok(c);
        }
        let at = self.at;
        match self.next() {
            Some('n') => Ok('\n'),
            Some('r') => Ok('\r'),
            Some('t') => Ok('\t'),
            Some(
                e @ ('\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']'
                | '^'),
            ) => Ok(e),
            Some(e) => Err(format!(
                "\\{e} at character {at} is not a single-character escape"
            )),
            None => Err("a '\\' at the end".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn full(xsd: &str, s: &str) -> bool {
        let rx = translate(xsd).unwrap_or_else(|e| panic!("{xsd}: {e}"));
        regex::Regex::new(&format!("^(?:{rx})$"))
            .unwrap_or_else(|e| panic!("{xsd} → {rx}: {e}"))
            .is_match(s)
    }

    #[test]
    fn xsd_meanings_not_perl_ones() {
        assert!(full("a$", "a$"), "$ is a character");
        assert!(full("^a", "^a"), "^ is a character");
        assert!(!full(".", "\r"));
        assert!(full(".", "x"));
        assert!(!full(r"\s", "\u{a0}"), "\\s is XML whitespace only");
        assert!(full(r"\w", "$"), "\\w takes symbols");
        assert!(!full(r"\w", "_"), "\\w refuses punctuation");
        assert!(full(r"\i\c*", "_x-1.b"));
        assert!(!full(r"\i", "1"));
        assert!(full("[a-z-[aeiou]]+", "bcd"));
        assert!(!full("[a-z-[aeiou]]", "e"));
        assert!(full("[^a-z-[0-9]]", "A"));
        assert!(!full("[^a-z-[0-9]]", "5"));
        assert!(full("[a&&b]", "&"), "&& is two characters in XSD");
        assert!(full("[-a]", "-") && full("[a-]", "-"));
        assert!(full(r"\d{2,}", "123") && !full(r"\d{2,}", "1"));
        assert!(full(r"\p{Lu}\P{Lu}", "Ab"));
        assert!(full("ab|cd", "cd") && !full("ab|cd", "abcd"));
        assert!(full(r"\.\-\^", ".-^"));
    }

    #[test]
    fn outside_the_grammar_is_refused() {
        for bad in [
            r"\b",
            "(?i)a",
            r"\p{IsBasicLatin}",
            "a**",
            "*",
            "[a",
            "a{2,1}",
            r"\p{Foo}",
            "[z-a]",
            "a]",
        ] {
            assert!(translate(bad).is_err(), "{bad}");
        }
    }
}
