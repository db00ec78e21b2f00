//! Errors of the generator: every one names the schema construct it is about by file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a WSDL or XSD file a construct starts (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as the generator was given it or resolved it.
    pub file: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// A generation failure. `Display` prints `file:line:column: message` when the location is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The construct the error is about, when there is one.
    pub location: Option<Location>,
    /// What went wrong, in one sentence.
    pub message: String,
}

impl Error {
    /// An error located at a schema construct.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Error {
            location: Some(location),
            message: message.into(),
        }
    }

    /// An error with no schema location (I/O on the output, configuration).
    pub fn bare(message: impl Into<String>) -> Self {
        Error {
            location: None,
            message: message.into(),
        }
    }

    /// A located "unsupported: ..." error.
    pub fn unsupported(location: Location, what: impl fmt::Display) -> Self {
        Error::at(location, format!("unsupported: {what}"))
    }

    pub(crate) fn io(path: &Path, err: std::io::Error) -> Self {
        Error::bare(format!("{}: {err}", path.display()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Result alias used throughout the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
