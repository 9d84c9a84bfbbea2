//! Bytes → text. Budget offices save CSV as UTF-8 (with or without BOM), GBK/GB18030 (Excel and
//! WPS on Chinese Windows) or UTF-16 with BOM (Excel's "Unicode text"); we detect which from the
//! bytes alone. Detection ([`sniff`]) needs no code tables, so the page's wasm module carries
//! only it and lets the browser's `TextDecoder` decode GBK/GB18030; the native build decodes
//! them with encoding_rs (feature `native-decoding`).

/// The encodings we tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gbk,
    Gb18030,
}

impl Detected {
    /// Human-readable name for the report; also a valid `TextDecoder` label.
    pub fn name(self) -> &'static str {
        match self {
            Detected::Utf8 => "UTF-8",
            Detected::Utf8Bom => "UTF-8-BOM",
            Detected::Utf16Le => "UTF-16LE",
            Detected::Utf16Be => "UTF-16BE",
            Detected::Gbk => "GBK",
            Detected::Gb18030 => "GB18030",
        }
    }

    pub fn from_name(name: &str) -> Option<Detected> {
        [
            Detected::Utf8,
            Detected::Utf8Bom,
            Detected::Utf16Le,
            Detected::Utf16Be,
            Detected::Gbk,
            Detected::Gb18030,
        ]
        .into_iter()
        .find(|d| d.name().eq_ignore_ascii_case(name))
    }

    /// Decoding needs code tables (encoding_rs natively, `TextDecoder` in the browser).
    pub fn needs_tables(self) -> bool {
        matches!(self, Detected::Gbk | Detected::Gb18030)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; borrows the bytes when they already are UTF-8 (most files), so a large file is
    /// not held twice.
    pub text: std::borrow::Cow<'a, str>,
    /// [`Detected::name`] of the encoding the text was read in.
    pub encoding: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// Looks like binary data (NUL bytes, or too many undecodable sequences).
    Binary,
    /// GBK/GB18030 text in a build without code tables: the caller must decode it.
    NoDecoder(Detected),
}

/// Which encoding the bytes are in, or why they are not text.
pub fn sniff(bytes: &[u8]) -> Result<Detected, DecodeError> {
    if let Some(marked) = sniff_marks(bytes) {
        return marked;
    }
    if utf8(bytes).is_some() {
        return Ok(Detected::Utf8);
    }
    sniff_legacy(bytes)
}

/// What the bytes say before any decoding: empty, a byte-order mark, or binary (NUL bytes).
fn sniff_marks(bytes: &[u8]) -> Option<Result<Detected, DecodeError>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Some(Err(DecodeError::Empty));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Some(Ok(Detected::Utf8Bom));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(Ok(Detected::Utf16Le));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(Ok(Detected::Utf16Be));
    }
    if bytes.contains(&0) {
        return Some(Err(DecodeError::Binary));
    }
    None
}

/// Bytes without marks that are not UTF-8: GBK or GB18030, or binary.
fn sniff_legacy(bytes: &[u8]) -> Result<Detected, DecodeError> {
    let scan = scan_gb18030(bytes);
    if scan.bad * 20 > scan.chars.max(1) {
        return Err(DecodeError::Binary);
    }
    Ok(if scan.four_byte {
        Detected::Gb18030
    } else {
        Detected::Gbk
    })
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let detected = match sniff_marks(bytes) {
        Some(marked) => marked?,
        // Most files are UTF-8 without a mark: validated once, and borrowed.
        None => match utf8(bytes) {
            Some(text) => {
                return Ok(Decoded {
                    text: text.into(),
                    encoding: Detected::Utf8.name(),
                });
            }
            None => sniff_legacy(bytes)?,
        },
    };
    let text = match detected {
        Detected::Utf8 => utf8_lossy(bytes),
        Detected::Utf8Bom => utf8_lossy(&bytes[3..]),
        Detected::Utf16Le => utf16(&bytes[2..], u16::from_le_bytes).into(),
        Detected::Utf16Be => utf16(&bytes[2..], u16::from_be_bytes).into(),
        Detected::Gbk | Detected::Gb18030 => gb18030(bytes, detected)?.into(),
    };
    Ok(Decoded {
        text,
        encoding: detected.name(),
    })
}

/// The bytes as text when they are UTF-8. Validated with SIMD natively and in the wasm speed
/// build (simd128): std's check costs about ten instructions a byte of Chinese text, and every
/// CSV is validated twice (here and in `Sheet::from_flat`). The page's core module (no simd128)
/// keeps std's: simdutf8's fallback would only add code.
#[cfg(any(not(target_arch = "wasm32"), target_feature = "simd128"))]
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

/// `String::from_utf8_lossy`, borrowing (after the fast check) when the bytes are valid.
fn utf8_lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    utf8(bytes).map_or_else(|| String::from_utf8_lossy(bytes), Into::into)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => unit([*a, *b]),
        _ => 0xFFFD, // odd trailing byte
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
}

#[cfg(feature = "native-decoding")]
fn gb18030(bytes: &[u8], _: Detected) -> Result<String, DecodeError> {
    // GBK is a subset of GB18030 (WHATWG decodes both with the GB18030 decoder).
    Ok(encoding_rs::GB18030
        .decode_without_bom_handling(bytes)
        .0
        .into_owned())
}

#[cfg(not(feature = "native-decoding"))]
fn gb18030(_: &[u8], detected: Detected) -> Result<String, DecodeError> {
    Err(DecodeError::NoDecoder(detected))
}

struct Scan {
    chars: usize,
    bad: usize,
    four_byte: bool,
}

/// Walk GB18030's byte structure (as the WHATWG decoder does, without its tables): one-byte
/// ASCII, two-byte lead 0x81–0xFE + trail 0x40–0x7E/0x80–0xFE, four-byte lead + 0x30–0x39 +
/// 0x81–0xFE + 0x30–0x39 (which GBK lacks). Counts characters and malformed sequences.
fn scan_gb18030(bytes: &[u8]) -> Scan {
    let lead = |b: u8| (0x81..=0xFE).contains(&b);
    let digit = |b: u8| b.is_ascii_digit();
    let mut scan = Scan {
        chars: 0,
        bad: 0,
        four_byte: false,
    };
    let mut i = 0;
    while i < bytes.len() {
        scan.chars += 1;
        let b = bytes[i];
        if b <= 0x80 {
            i += 1; // ASCII, or 0x80: the euro sign
        } else if !lead(b) {
            scan.bad += 1;
            i += 1;
        } else {
            match bytes.get(i + 1..i + 4).unwrap_or(&bytes[i + 1..]) {
                [b2, b3, b4] if digit(*b2) && lead(*b3) && digit(*b4) => {
                    scan.four_byte = true;
                    i += 4;
                }
                [b2, ..] if (0x40..=0x7E).contains(b2) || (0x80..=0xFE).contains(b2) => i += 2,
                [b2, ..] if b2.is_ascii() => {
                    scan.bad += 1; // the ASCII byte is read again as itself
                    i += 1;
                }
                _ => {
                    scan.bad += 1;
                    i += 2;
                }
            }
        }
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "native-decoding")]
    fn detects_each_encoding() {
        let s = "收支总表,单位：万元";
        assert_eq!(decode(s.as_bytes()).unwrap().encoding, "UTF-8");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.encoding, &*d.text), ("UTF-8-BOM", s));
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        let d = decode(&gbk).unwrap();
        assert_eq!((d.encoding, &*d.text), ("GBK", s));
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.encoding, &*d.text), ("UTF-16LE", s));
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, s);
    }

    #[test]
    #[cfg(feature = "native-decoding")]
    fn gb18030_four_byte_is_named() {
        // U+3400 is outside GBK: GB18030 encodes it in four bytes.
        let (bytes, _, _) = encoding_rs::GB18030.encode("㐀收入");
        assert_eq!(decode(&bytes).unwrap().encoding, "GB18030");
    }

    #[test]
    fn sniffs_without_tables() {
        let (gbk, _, _) = encoding_rs::GBK.encode("项目支出表,单位：万元");
        assert_eq!(sniff(&gbk), Ok(Detected::Gbk));
        assert!(Detected::Gbk.needs_tables() && !Detected::Utf16Le.needs_tables());
        assert_eq!(Detected::from_name("gb18030"), Some(Detected::Gb18030));
        // Lone lead bytes and 0xFF everywhere: not text.
        assert_eq!(sniff(b"\xFF\xFF\x81a\xFFb\xFF"), Err(DecodeError::Binary));
    }

    /// The page's core module: GBK is detected, and left to the host to decode.
    #[test]
    #[cfg(not(feature = "native-decoding"))]
    fn without_tables_gbk_is_left_to_the_host() {
        let (gbk, _, _) = encoding_rs::GBK.encode("收支总表");
        assert_eq!(decode(&gbk), Err(DecodeError::NoDecoder(Detected::Gbk)));
        assert_eq!(decode("收支总表".as_bytes()).unwrap().text, "收支总表");
    }

    #[test]
    fn odd_utf16_byte_is_a_replacement_not_a_panic() {
        assert_eq!(decode(b"\xFF\xFEa\x00b").unwrap().text, "a\u{FFFD}");
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode(b"  \r\n"), Err(DecodeError::Empty));
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary));
    }
}
