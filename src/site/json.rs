//! JSON as the build writes it: compact, and with `<`, `>`, `&` (and the JavaScript line
//! separators U+2028, U+2029) escaped as `\u003c`-style sequences, as Go's and Rails' encoders
//! do, so no JSON file can be sniffed or pasted into HTML as markup.

use std::io;

use serde::Serialize;

/// `value` as HTML-safe compact JSON. The data the build serializes (strings, numbers, maps
/// with string keys) always serializes.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, HtmlSafe);
    value
        .serialize(&mut serializer)
        .expect("build data always serializes");
    out
}

/// Writes `value` to `out` as [`to_json`] does, without holding the text in memory.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn io::Write, value: &T) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(io::BufWriter::new(out), HtmlSafe);
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    io::Write::flush(&mut serializer.into_inner())
}

/// serde_json's compact output with the characters above escaped inside strings and keys.
struct HtmlSafe;

impl serde_json::ser::Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut clean_from = 0;
        for (at, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[clean_from..at])?;
            writer.write_all(escaped.as_bytes())?;
            clean_from = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[clean_from..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_the_value_is_unchanged() {
        let value = serde_json::json!({ "<k>": ["<script>alert(1)</script>", "R&D \u{2028}", 3] });
        let bytes = to_json(&value);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(
            text,
            r#"{"\u003ck\u003e":["\u003cscript\u003ealert(1)\u003c/script\u003e","R\u0026D \u2028",3]}"#
        );
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, value);
    }
}
