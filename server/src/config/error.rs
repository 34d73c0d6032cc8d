//! The configuration error, and how the validator places it: the file's name, the line, the
//! field and a message phrased for the administrator who fixes the file.

use super::Validator;

/// A configuration error, already phrased for the administrator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: {field}: {message}")]
pub struct ConfigError {
    pub source_name: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl Validator<'_> {
    /// The 1-based line of a byte offset in the file.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + 1
    }

    /// An error at `span`; the empty span of a default value (`0..0`) is reported as line 0,
    /// because no line of the file holds it.
    pub(super) fn err(
        &self,
        span: std::ops::Range<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            source_name: self.source_name.into(),
            line: if span == (0..0) {
                0
            } else {
                self.line_of(span.start)
            },
            field: field.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::err;

    #[test]
    fn the_error_reads_file_line_field_message() {
        let e = err("[[location]]\nkey = \"C\"\nname = \"C\"\n");
        assert_eq!(
            e.to_string(),
            "x.toml:2: location.key: \"C\" is not a valid key: use 1–40 lowercase letters, digits, '-' or '_'"
        );
        // A file that is no TOML: toml's first line, without its excerpt of the source.
        let e = err("[[location]\n");
        assert_eq!((e.line, e.field.as_str()), (1, "(file)"));
        assert!(!e.message.contains('\n'), "{e}");
    }
}
