//! Amount cells → exact decimals. Accepts what real exports contain ("22,263.09", "0.00", "-",
//! empty, "（1.20）", full-width digits); anything else is an error naming what was wrong, never a
//! silent zero.

use rust_decimal::Decimal;
use std::fmt;

/// A printed amount: its exact value and how many decimals were printed (which bounds its
/// rounding error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    pub decimals: u32,
    /// True when the cell was empty or a dash: zero by convention, exact.
    pub blank: bool,
}

impl Amount {
    pub const ZERO: Amount = Amount {
        value: Decimal::ZERO,
        decimals: 2,
        blank: true,
    };

    /// Half a unit of the last printed decimal, but never coarser than `min_decimals` imply
    /// (tables print 0.01 even when a cell says "11"). Zero is exact.
    pub fn tolerance(&self, min_decimals: u32) -> Decimal {
        if self.value.is_zero() {
            return Decimal::ZERO;
        }
        half_unit(self.decimals.max(min_decimals))
    }
}

/// ½·10^-d.
pub fn half_unit(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.min(27) + 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// A character that has no place in an amount ("12O.50", "729.8l", "27。20").
    BadCharacter(char),
    /// Thousands separators in the wrong places ("1,2.3").
    BadGrouping,
    /// More than one decimal point ("16.9.0").
    TwoDecimalPoints,
    /// A unit word inside the cell ("3.5万").
    UnitInCell(String),
    /// Too many digits to represent.
    Overflow,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::BadCharacter(c) => write!(f, "含有非数字字符“{c}”"),
            AmountError::BadGrouping => write!(f, "千分位逗号位置不对"),
            AmountError::TwoDecimalPoints => write!(f, "有多个小数点"),
            AmountError::UnitInCell(u) => write!(f, "金额单元格中写了单位“{u}”"),
            AmountError::Overflow => write!(f, "数字位数过多"),
        }
    }
}

/// The dashes a table prints for zero: "-", "—", "——", "–", "－" and "/".
const ZERO_DASHES: [&str; 6] = ["-", "—", "——", "–", "/", "－"];

/// A cell holding nothing but a dash for zero (a heading is never a bare dash).
pub fn is_zero_dash(raw: &str) -> bool {
    ZERO_DASHES.contains(&raw.trim())
}

/// Parse one amount cell. Blank, "-", "—", "－" and "/" mean zero.
pub fn parse_amount(raw: &str) -> Result<Amount, AmountError> {
    let trimmed = crate::text::trim(raw);
    // Most amount cells of a large table are empty (a project's indicator rows): zero, as the
    // general parser reads them, without its pass (speed builds; the page's core module is
    // budgeted by the byte).
    if crate::FOR_SPEED && trimmed.is_empty() {
        return Ok(Amount::ZERO);
    }
    match parse_plain(trimmed) {
        Some(amount) => Ok(amount),
        None => parse_general(raw),
    }
}

fn parse_general(raw: &str) -> Result<Amount, AmountError> {
    let s: String = raw
        .chars()
        .map(crate::text::halfwidth_char)
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if s.is_empty() || ZERO_DASHES.contains(&s.as_str()) {
        return Ok(Amount::ZERO);
    }
    let (negative, body) =
        if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
            (true, inner)
        } else if let Some(rest) = s.strip_prefix('-') {
            (true, rest)
        } else if let Some(rest) = s.strip_prefix('+') {
            (false, rest)
        } else {
            (false, s.as_str())
        };
    for unit in ["万元", "亿元", "万", "元", "亿", "%"] {
        if body.ends_with(unit) && body.len() > unit.len() {
            return Err(AmountError::UnitInCell(unit.to_string()));
        }
    }
    if let Some(c) = body
        .chars()
        .find(|c| !c.is_ascii_digit() && *c != ',' && *c != '.')
    {
        return Err(AmountError::BadCharacter(c));
    }
    let mut parts = body.split('.');
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    if parts.next().is_some() {
        return Err(AmountError::TwoDecimalPoints);
    }
    if frac_part.is_some_and(|f| f.contains(',')) {
        return Err(AmountError::BadGrouping);
    }
    let int_digits = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(AmountError::BadGrouping);
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    let frac = frac_part.unwrap_or("");
    if int_digits.is_empty() && frac.is_empty() {
        return Err(AmountError::BadCharacter('.'));
    }
    let digits = format!(
        "{}{}",
        if int_digits.is_empty() {
            "0"
        } else {
            &int_digits
        },
        frac
    );
    let decimals = frac.len() as u32;
    // Bounded by what a Decimal holds (96-bit mantissa), not by a digit count: a count of 28
    // rejected "…864.00", the printed form of an accepted 27-digit amount.
    if decimals > 28 || digits.len() > 38 {
        return Err(AmountError::Overflow);
    }
    let mantissa: i128 = digits.parse().map_err(|_| AmountError::Overflow)?;
    let mut value =
        Decimal::try_from_i128_with_scale(mantissa, decimals).map_err(|_| AmountError::Overflow)?;
    if negative {
        value = -value;
    }
    Ok(Amount {
        value,
        decimals,
        blank: false,
    })
}

/// The common case without allocating: "-?digits(.digits)?", at most 18 digits. None sends the
/// text to the general parser (which gives the same value for these).
fn parse_plain(s: &str) -> Option<Amount> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.as_bytes()),
        None => (false, s.as_bytes()),
    };
    let (int, frac) = match body.iter().position(|&b| b == b'.') {
        Some(dot) => (&body[..dot], Some(&body[dot + 1..])),
        None => (body, None),
    };
    let frac_len = frac.map_or(0, <[u8]>::len);
    if int.is_empty() || frac == Some(&[]) || int.len() + frac_len > 18 {
        return None;
    }
    let mut mantissa: i64 = 0;
    for &b in int.iter().chain(frac.unwrap_or(&[])) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    let mut value = Decimal::new(mantissa, frac_len as u32);
    if negative {
        value = -value;
    }
    Some(Amount {
        value,
        decimals: frac_len as u32,
        blank: false,
    })
}

/// A plain decimal number, `[+-]?digits[.digits]` (either side of the point may be empty, not
/// both), as narrative figures, weights and counts are read: what `Decimal::from_str` gives for
/// these, without its scientific notation ("1e2"), its digit separators ("1_000") and its
/// rounding of more than 28 significant digits (None). Its parser was ~6 KB of the page's wasm.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    let (negative, body) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let (mut mantissa, mut scale, mut digits, mut point) = (0u128, 0u32, 0u32, false);
    for &c in body {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u128::from(c - b'0');
                digits += 1;
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
        // 96 bits: what a Decimal holds (checked per digit, so the product cannot overflow).
        if mantissa >> 96 != 0 {
            return None;
        }
    }
    if digits == 0 || scale > 28 {
        return None;
    }
    let value = Decimal::try_from_i128_with_scale(mantissa as i128, scale).ok()?;
    // A zero is unsigned, as Decimal::from_str makes "-0".
    Some(if negative && mantissa != 0 {
        -value
    } else {
        value
    })
}

/// Does a cell look like it was meant as a number (digits with separators)? Used to tell data rows
/// from header rows.
pub fn looks_numeric(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty()
        && t.chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && parse_amount(t).is_ok()
}

/// Format a decimal for messages: at least two decimals, no exponent.
pub fn fmt_amount(v: Decimal) -> String {
    // Natively, digits written directly (a large department's report formats ~100 000 figures;
    // Decimal's own formatting took ~750 instructions each). The page's core wasm module,
    // budgeted by the byte, goes without.
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(text) = fmt_small(v) {
        return text;
    }
    fmt_decimal(v)
}

/// [`fmt_decimal`] for a value whose digits fit in 64 bits (nearly all), without Decimal's
/// normalizing, rescaling and formatting machinery.
#[cfg(not(target_arch = "wasm32"))]
fn fmt_small(v: Decimal) -> Option<String> {
    let mut digits = u64::try_from(v.mantissa().unsigned_abs()).ok()?;
    let mut scale = v.scale() as usize;
    // Trailing zeros go down to two decimals; fewer decimals are padded to two.
    while scale > 2 && digits % 10 == 0 {
        digits /= 10;
        scale -= 1;
    }
    if scale < 2 {
        digits = digits.checked_mul(if scale == 0 { 100 } else { 10 })?;
        scale = 2;
    }
    // The digits, last first, with at least one before the point.
    let mut buf = [0u8; 40];
    let mut at = buf.len();
    while digits > 0 || buf.len() - at <= scale {
        at -= 1;
        buf[at] = b'0' + (digits % 10) as u8;
        digits /= 10;
    }
    let written = &buf[at..];
    let (int, frac) = written.split_at(written.len() - scale);
    // A zero is printed unsigned (normalizing drops the sign of -0).
    let negative = v.is_sign_negative() && !v.is_zero();
    let mut text = String::with_capacity(usize::from(negative) + written.len() + 1);
    if negative {
        text.push('-');
    }
    // ASCII digits only.
    text.push_str(std::str::from_utf8(int).ok()?);
    text.push('.');
    text.push_str(std::str::from_utf8(frac).ok()?);
    Some(text)
}

/// [`fmt_amount`] through Decimal's own formatting.
fn fmt_decimal(v: Decimal) -> String {
    let mut d = v.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    d.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn plain_fast_path_agrees_with_the_general_parser() {
        for s in [
            "0",
            "-0",
            "0.00",
            "12",
            "-12.5",
            "007.10",
            "123456789012345678",
            "1234567890.12345678",
            " 3.5 ",
            "-0.01",
            "99999999999999999.9",
        ] {
            let fast = parse_plain(s.trim()).unwrap_or_else(|| panic!("{s:?} not plain"));
            let general = parse_general(s).unwrap();
            assert_eq!(
                (fast, fast.value.to_string()),
                (general, general.value.to_string()),
                "{s:?}"
            );
        }
        for s in [
            "",
            "-",
            ".5",
            "5.",
            "+1",
            "1,234.00",
            "1.2.3",
            "1e5",
            "1234567890123456789",
            "--1",
            "１２",
        ] {
            assert!(parse_plain(s).is_none(), "{s:?}");
        }
    }

    fn ok(raw: &str, expect: &str, decimals: u32) {
        let a = parse_amount(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
        assert_eq!(a.value, Decimal::from_str(expect).unwrap(), "{raw:?}");
        assert_eq!(a.decimals, decimals, "{raw:?}");
    }

    #[test]
    fn accepted_forms() {
        for (raw, v, d) in [
            ("1,234.56", "1234.56", 2),
            ("22,263.09", "22263.09", 2),
            ("1234.5", "1234.5", 1),
            ("0", "0", 0),
            ("0.00", "0", 2),
            ("-1.20", "-1.20", 2),
            ("（1.20）", "-1.20", 2),
            ("(1.20)", "-1.20", 2),
            ("１２３.４５", "123.45", 2),
            (" 12.30 ", "12.30", 2),
            ("371,514,655.00", "371514655", 2),
            ("+5", "5", 0),
            (".5", "0.5", 1),
        ] {
            ok(raw, v, d);
        }
        for blank in ["", "  ", "-", "—", "－"] {
            let a = parse_amount(blank).unwrap();
            assert!(a.blank && a.value.is_zero(), "{blank:?}");
        }
    }

    #[test]
    fn rejected_forms() {
        assert_eq!(parse_amount("12O.50"), Err(AmountError::BadCharacter('O')));
        assert_eq!(parse_amount("1,2.3"), Err(AmountError::BadGrouping));
        assert_eq!(parse_amount("16.9.0"), Err(AmountError::TwoDecimalPoints));
        assert_eq!(parse_amount("729.8l"), Err(AmountError::BadCharacter('l')));
        assert_eq!(parse_amount("27。20"), Err(AmountError::BadCharacter('。')));
        assert_eq!(
            parse_amount("3.5万"),
            Err(AmountError::UnitInCell("万".into()))
        );
        assert_eq!(parse_amount("1234,567"), Err(AmountError::BadGrouping));
        assert!(parse_amount("99999999999999999999999999999999").is_err());
    }

    /// Found by the `amount` fuzz target: an accepted amount must re-read from its printed form.
    #[test]
    fn printed_form_of_a_huge_amount_reads_back() {
        let a = parse_amount("701999999999999199999365864").unwrap();
        let shown = fmt_amount(a.value);
        assert_eq!(parse_amount(&shown).unwrap().value, a.value, "{shown}");
    }

    #[test]
    fn tolerance_is_half_the_printed_unit() {
        let a = parse_amount("11").unwrap();
        assert_eq!(a.tolerance(2), Decimal::from_str("0.005").unwrap());
        assert_eq!(a.tolerance(0), Decimal::from_str("0.5").unwrap());
        assert_eq!(parse_amount("0.00").unwrap().tolerance(2), Decimal::ZERO);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn small_figures_format_as_decimal_does() {
        let mut values: Vec<Decimal> = [
            "0",
            "-0",
            "0.00",
            "-0.000",
            "0.005",
            "-0.01",
            "1",
            "-3",
            "12.5",
            "174.790",
            "100",
            "1000.000",
            "-2947026.20",
            "0.1",
            "99999999999999999.99",
            "18446744073709551615",
            "1844674407370955161.5",
            "184467440737095516.15",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ]
        .iter()
        .map(|s| Decimal::from_str(s).unwrap())
        .collect();
        // Every scale of a few mantissas, both signs.
        for m in [0i64, 1, 7, 10, 120, 5005, 123_456_789, i64::MAX] {
            for scale in 0..=28 {
                values.push(Decimal::new(m, scale));
                values.push(Decimal::new(-m, scale));
            }
        }
        for v in values {
            assert_eq!(fmt_amount(v), fmt_decimal(v), "{v:?}");
        }
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_amount(Decimal::from_str("174.790").unwrap()), "174.79");
        assert_eq!(fmt_amount(Decimal::from_str("-3").unwrap()), "-3.00");
        assert_eq!(fmt_amount(Decimal::from_str("0.005").unwrap()), "0.005");
    }

    #[test]
    fn parse_decimal_is_decimal_from_str_for_plain_numbers() {
        // Value, scale and sign as Decimal::from_str gives them, over every short string of
        // digits, points and signs (up to 20 characters: no rounding of a 29th digit).
        let key = |d: Decimal| (d.mantissa(), d.scale(), d.is_sign_negative());
        let alphabet = b"0123456789.-+0019.";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 21) as usize;
            let s: String = (0..len)
                .map(|i| char::from(alphabet[((seed >> (i * 3)) as usize + i) % alphabet.len()]))
                .collect();
            let general = Decimal::from_str(&s).ok().map(key);
            assert_eq!(parse_decimal(&s).map(key), general, "{s:?}");
        }
        for s in [
            "-0",
            "-0.00",
            "+.5",
            "1.",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ] {
            assert_eq!(
                parse_decimal(s).map(key),
                Decimal::from_str(s).ok().map(key),
                "{s:?}"
            );
        }
        // What it leaves out: scientific notation, digit separators, a 97th bit, a 29th decimal.
        for s in [
            "1e2",
            "1E-2",
            "1_000",
            "79228162514264337593543950336",
            "0.12345678901234567890123456789",
        ] {
            assert_eq!(parse_decimal(s), None, "{s:?}");
        }
    }
}
