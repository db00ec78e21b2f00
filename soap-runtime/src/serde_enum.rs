//! JSON (serde) for generated enumerations: read from the variant name or the wire value.
//!
//! The generated enumerations serialize as their variant name (`"Email"`); they deserialize
//! from the name, from the value as the schema writes it on the wire (`"2"`), and, for
//! numeric code lists, from the number itself (`2`). Open enumerations also take any other
//! string, and `{"Other": "..."}`, as their `Other` variant.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// The variant names and wire values of an enumeration, in schema order (generated).
#[derive(Clone, Copy, Debug)]
pub struct EnumSerde {
    /// The Rust type name, for messages.
    pub type_name: &'static str,
    /// The variant names (`Email`).
    pub names: &'static [&'static str],
    /// The wire values (`2`), index by index.
    pub values: &'static [&'static str],
}

impl EnumSerde {
    /// The index of `text` as a variant name, else as a wire value.
    pub fn find(&self, text: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| *n == text)
            .or_else(|| self.values.iter().position(|v| *v == text))
    }

    /// `RegularPost (1), Email (2)`.
    fn expected(&self) -> String {
        let all: Vec<String> = self
            .names
            .iter()
            .zip(self.values)
            .map(|(n, v)| {
                if n == v {
                    n.to_string()
                } else {
                    format!("{n} ({v})")
                }
            })
            .collect();
        all.join(", ")
    }

    fn unknown<E: de::Error>(&self, what: &str) -> E {
        E::custom(format_args!(
            "{what} is not a value of {}; expected a name or wire value: {}",
            self.type_name,
            self.expected()
        ))
    }

    /// Deserializes the index of a variant (a closed enumeration).
    pub fn deserialize<'de, D: Deserializer<'de>>(&self, d: D) -> Result<usize, D::Error> {
        match d.deserialize_any(EnumVisitor {
            e: *self,
            open: false,
        })? {
            Ok(i) => Ok(i),
            Err(other) => Err(self.unknown(&format!("{other:?}"))),
        }
    }

    /// Deserializes the index of a variant, or (an open enumeration's `Other`) the text of a
    /// value the schema does not list.
    pub fn deserialize_open<'de, D: Deserializer<'de>>(
        &self,
        d: D,
    ) -> Result<Result<usize, String>, D::Error> {
        d.deserialize_any(EnumVisitor {
            e: *self,
            open: true,
        })
    }
}

struct EnumVisitor {
    e: EnumSerde,
    open: bool,
}

impl EnumVisitor {
    fn text<E: de::Error>(&self, text: &str) -> Result<Result<usize, String>, E> {
        match self.e.find(text) {
            Some(i) => Ok(Ok(i)),
            None if self.open => Ok(Err(text.to_owned())),
            None => Err(self.e.unknown(&format!("{text:?}"))),
        }
    }
}

impl<'de> Visitor<'de> for EnumVisitor {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a value of {} (a name or wire value: {})",
            self.e.type_name,
            self.e.expected()
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.text(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.number(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.number(&v.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // `{"Other": "NEW_CODE"}`, as an open enumeration's `Other` serializes.
        if self.open {
            if let Some(key) = map.next_key::<String>()? {
                if key == "Other" {
                    let text: String = map.next_value()?;
                    if map.next_key::<String>()?.is_none() {
                        return Ok(Err(text));
                    }
                }
            }
        }
        Err(de::Error::invalid_type(de::Unexpected::Map, &self))
    }
}

impl EnumVisitor {
    /// A JSON number: only a wire value (never a variant's position).
    fn number<E: de::Error>(&self, text: &str) -> Result<Result<usize, String>, E> {
        match self.e.values.iter().position(|v| *v == text) {
            Some(i) => Ok(Ok(i)),
            None if self.open => Ok(Err(text.to_owned())),
            None => Err(self.e.unknown(text)),
        }
    }
}
