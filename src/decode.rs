//! Bytes → text. Budget offices save CSV as UTF-8 (with or without BOM), GBK/GB18030 (Excel and
//! WPS on Chinese Windows) or UTF-16 with BOM (Excel's "Unicode text"); we detect which from the
//! bytes alone.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Human-readable encoding name for the report: "UTF-8", "UTF-8-BOM", "GBK", "GB18030",
    /// "UTF-16LE", "UTF-16BE".
    pub encoding: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// Looks like binary data (NUL bytes, or too many undecodable sequences).
    Binary,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Decoded {
            text: String::from_utf8_lossy(rest).into_owned(),
            encoding: "UTF-8-BOM",
        });
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok(utf16(bytes, UTF_16LE, "UTF-16LE"));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok(utf16(bytes, UTF_16BE, "UTF-16BE"));
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
        });
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors && replacement_ratio_too_high(&text) {
        return Err(DecodeError::Binary);
    }
    let encoding = if uses_four_byte_gb18030(bytes) {
        "GB18030"
    } else {
        "GBK"
    };
    Ok(Decoded {
        text: text.into_owned(),
        encoding,
    })
}

fn utf16(bytes: &[u8], enc: &'static Encoding, name: &'static str) -> Decoded {
    let (text, _) = enc.decode_with_bom_removal(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: name,
    }
}

fn replacement_ratio_too_high(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    bad * 20 > total
}

/// GB18030's four-byte sequences (second byte 0x30–0x39) do not exist in GBK.
fn uses_four_byte_gb18030(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if (0x81..=0xFE).contains(&b) && i + 1 < bytes.len() {
            if (0x30..=0x39).contains(&bytes[i + 1]) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let s = "收支总表,单位：万元";
        assert_eq!(decode(s.as_bytes()).unwrap().encoding, "UTF-8");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-8-BOM", s));
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        let d = decode(&gbk).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("GBK", s));
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16LE", s));
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, s);
    }

    #[test]
    fn gb18030_four_byte_is_named() {
        // U+3400 is outside GBK: GB18030 encodes it in four bytes.
        let (bytes, _, _) = GB18030.encode("㐀收入");
        assert_eq!(decode(&bytes).unwrap().encoding, "GB18030");
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode(b"  \r\n"), Err(DecodeError::Empty));
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary));
    }
}
