//! Text normalization shared by recognition, rules and the narrative: full-width forms to
//! half-width, and whitespace removed where spreadsheet authors put it inside words ("项 目").

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to their half-width
/// counterparts; everything else unchanged.
pub fn halfwidth(s: &str) -> String {
    // U+3000 and U+FF01–U+FF5E are the only characters changed, and only they (among others)
    // start with the bytes E3 and EF: text without those bytes stays as it is.
    if !s.bytes().any(|b| b == 0xE3 || b == 0xEF) {
        return s.to_owned();
    }
    s.chars().map(halfwidth_char).collect()
}

pub fn halfwidth_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Key form of a label: half-width, no whitespace of any kind, Chinese and ASCII brackets unified
/// to "(" ")", quotes removed. "项 目" → "项目"; "“三公” 经费 合计" → "三公经费合计".
pub fn key(s: &str) -> String {
    if plain_cjk(s) {
        return s.to_owned();
    }
    // Never longer than `s`: characters are dropped or mapped to shorter ones.
    let mut out = String::with_capacity(s.len());
    out.extend(key_chars(s));
    out
}

/// The characters of `key(s)`, for comparing keys without building them.
pub fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(halfwidth_char)
        .filter(|c| !c.is_whitespace() && !is_quote(*c))
        .map(|c| match c {
            '（' | '[' | '【' => '(',
            '）' | ']' | '】' => ')',
            _ => c,
        })
}

/// Printable ASCII other than quotes and square brackets, and characters U+4000–U+9FFF (lead
/// bytes E4–E9: CJK ideographs, none of them a space, quote, bracket or full-width form): text
/// `key` leaves as it is, recognized by its bytes. Conservative: anything else is judged by chars.
fn plain_cjk(s: &str) -> bool {
    s.bytes().all(|b| match b {
        0x21..=0x7E => !matches!(b, b'"' | b'\'' | b'[' | b']'),
        // Continuation bytes: their lead byte decided.
        0x80..=0xBF | 0xE4..=0xE9 => true,
        _ => false,
    })
}

/// `key(s)`, borrowing `s` when it is already in key form (most labels are).
pub fn key_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // Equal exactly when no character is dropped or changed.
    let unchanged = |c: char| {
        halfwidth_char(c) == c
            && !c.is_whitespace()
            && !matches!(
                c,
                '“' | '”' | '"' | '\'' | '‘' | '’' | '（' | '[' | '【' | '）' | ']' | '】'
            )
    };
    if plain_cjk(s) || s.chars().all(unchanged) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(key(s))
    }
}

/// `hay.contains(needle)` by a plain byte scan: for the short words searched in labels and
/// clauses, the general substring search costs more setting itself up (it showed in wasm
/// profiles). The same answer: UTF-8 matches only at character boundaries.
pub fn contains(hay: &str, needle: &str) -> bool {
    contains_bytes(hay.as_bytes(), needle.as_bytes())
}

/// [`contains`] on bytes.
pub fn contains_bytes(h: &[u8], n: &[u8]) -> bool {
    match (n.first(), n.last()) {
        (Some(&first), Some(&last)) => h
            .windows(n.len())
            // Ideographs share their first bytes: the last tells most windows apart before the
            // whole one is compared.
            .any(|w| w[0] == first && w[n.len() - 1] == last && w == n),
        _ => true,
    }
}

/// `str::trim`, deciding from the end bytes when it can: a cell that neither starts nor ends with
/// a byte sequence a whitespace character could be (most cells: CJK ideographs, digits) is
/// returned as is. Cells are trimmed millions of times in a large department.
pub fn trim(s: &str) -> &str {
    // Whitespace (`char::is_whitespace`): ASCII 09–0D and 20; U+0085, U+00A0 (C2 …), U+1680
    // (E1 …), U+2000–U+205F (E2 …), U+3000 (E3 …). Anything else with those lead bytes is
    // left to `str::trim` to decide.
    let b = s.as_bytes();
    let may_start = b
        .first()
        .is_some_and(|&f| matches!(f, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1..=0xE3));
    let may_end = match b {
        [.., last] if last.is_ascii() => matches!(last, 0x09..=0x0D | 0x20),
        [.., 0xC2, _] | [.., 0xE1..=0xE3, _, _] => true,
        _ => false,
    };
    if may_start || may_end { s.trim() } else { s }
}

/// Cut the middle out of `s` when it has more than `head + tail` characters, saying how many
/// were left out: a message that quotes a malformed cell (a megabyte of digits as a project's
/// code) or lists thousands of cells stays readable, its end — where the figures are — kept.
pub fn clip_middle(s: &mut String, head: usize, tail: usize) {
    // Bytes first: at least as many as characters, so most messages stop here.
    if s.len() <= head + tail {
        return;
    }
    let chars = s.chars().count();
    if chars <= head + tail {
        return;
    }
    let byte_at = |n: usize| s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    let (from, to) = (byte_at(head), byte_at(chars - tail));
    s.replace_range(
        from..to,
        &format!("…（中间略去 {} 字）…", chars - head - tail),
    );
}

/// Quotes that [`key`] drops (after half-width mapping).
pub fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’')
}

/// A label with its ordinal prefix removed: "一、财政拨款收入" → "财政拨款收入",
/// "1. 一般公共预算资金" → "一般公共预算资金", "（一）因公出国" → "因公出国".
pub fn strip_ordinal(label: &str) -> &str {
    let t = label.trim_start();
    // (一) / (1)
    if let Some(rest) = t.strip_prefix(['(', '（'])
        && let Some(end) = rest.find([')', '）'])
    {
        let inner = &rest[..end];
        if !inner.is_empty() && inner.chars().all(is_ordinal_char) {
            let close_len = rest[end..].chars().next().map_or(1, char::len_utf8);
            return rest[end + close_len..].trim_start();
        }
    }
    let ordinal_len: usize = t
        .chars()
        .take_while(|&c| is_ordinal_char(c))
        .map(char::len_utf8)
        .sum();
    if ordinal_len > 0 {
        let rest = &t[ordinal_len..];
        if let Some(r) = rest.strip_prefix(['、', '.', '．', ')', '）', ' ']) {
            return r.trim_start();
        }
    }
    t
}

fn is_ordinal_char(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn clip_middle_keeps_both_ends() {
        let mut short = "项目".repeat(5);
        clip_middle(&mut short, 6, 4);
        assert_eq!(short, "项目".repeat(5));
        let mut long = format!("{}{}{}", "头".repeat(6), "中".repeat(100), "尾".repeat(4));
        clip_middle(&mut long, 6, 4);
        assert_eq!(long, "头头头头头头…（中间略去 100 字）…尾尾尾尾");
    }

    #[test]
    fn trim_is_str_trim() {
        let spaces: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(spaces.len(), 25, "{spaces:?}");
        let words = [
            "",
            "a",
            "项目",
            "产出指标",
            "满意度。",
            "\u{A0}\u{A0}",
            "1,234.50",
            "\u{9FA5}",
            "\u{20AC}",
            "é",
            "\u{1680}x",
        ];
        for w in words {
            assert_eq!(super::trim(w), w.trim());
            for &c in &spaces {
                for t in [format!("{c}{w}"), format!("{w}{c}"), format!("{c}{w}{c}")] {
                    assert_eq!(super::trim(&t), t.trim(), "{t:?}");
                }
            }
        }
    }

    use super::*;

    #[test]
    fn keys() {
        assert_eq!(key("项 目"), "项目");
        assert_eq!(key("上年结 转"), "上年结转");
        assert_eq!(key("“三公” 经费 合计"), "三公经费合计");
        assert_eq!(key("因公出国（境）费"), "因公出国(境)费");
        assert_eq!(key("２０２６年"), "2026年");
        assert!(matches!(
            key_cow("产出指标"),
            std::borrow::Cow::Borrowed("产出指标")
        ));
        assert_eq!(key_cow("产出 指标"), "产出指标");
        for s in [
            "a（b）",
            "【x】",
            "“三公”",
            "ａｂ",
            "a\u{3000}b",
            "[1]",
            "x'y",
        ] {
            assert!(matches!(key_cow(s), std::borrow::Cow::Owned(_)), "{s}");
            assert_eq!(key_cow(s), key(s));
        }
    }

    #[test]
    fn byte_contains_is_str_contains() {
        for (hay, needle) in [
            ("当年预算", "当年"),
            ("当年预算", "预算"),
            ("当年预算", "年预"),
            ("当年", "当年预算"),
            ("当年预算", ""),
            ("", "当"),
            ("aab", "ab"),
            ("基本支出", "本支出"),
        ] {
            assert_eq!(
                contains(hay, needle),
                hay.contains(needle),
                "{hay} {needle}"
            );
        }
    }

    #[test]
    fn ordinals() {
        assert_eq!(strip_ordinal("一、财政拨款收入"), "财政拨款收入");
        assert_eq!(strip_ordinal("1. 一般公共预算资金"), "一般公共预算资金");
        assert_eq!(strip_ordinal("1、一般公共预算资金"), "一般公共预算资金");
        assert_eq!(strip_ordinal("（一）因公出国"), "因公出国");
        assert_eq!(strip_ordinal("十一、其他"), "其他");
        assert_eq!(strip_ordinal("本年收入合计"), "本年收入合计");
    }
}
