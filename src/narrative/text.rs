//! Narrative text → normalized paragraphs. Full-width digits and punctuation become half-width
//! (the Chinese comma stays "，" so it never looks like a thousands separator), whitespace goes,
//! thousands separators inside numbers go, and line breaks inside a sentence are joined — each
//! paragraph keeps a map from its byte offsets back to the 1-based source lines.

/// A paragraph of normalized text with its source lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    /// (byte offset in `text`, 1-based source line) at the start of each joined piece.
    pub starts: Vec<(usize, u32)>,
    /// A heading ("二、2026 年收入预算情况") rather than running text.
    pub heading: bool,
}

impl Para {
    /// The source line of a byte offset.
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self.starts.partition_point(|&(o, _)| o <= offset);
        self.starts[i.saturating_sub(1)].1
    }

    pub fn first_line(&self) -> u32 {
        self.starts[0].1
    }
}

/// Normalize one line: half-width forms except the Chinese comma, no whitespace, no thousands
/// separators, no quotes.
pub fn normalize(line: &str) -> String {
    // Never longer than `line`: characters are dropped or mapped to shorter ones.
    let mut out = String::with_capacity(line.len());
    // Runs of characters kept as they are, recognized by their first byte (printable ASCII but
    // '"', ideographs U+4000–U+9FFF), are copied whole; only the others are decoded (decoding and
    // pushing each character showed in the page's profile).
    let b = line.as_bytes();
    let (mut run, mut i) = (0, 0);
    while let Some(&lead) = b.get(i) {
        if matches!(lead, 0x21..=0x7E if lead != b'"') || matches!(lead, 0xE4..=0xE9) {
            i += if lead < 0x80 { 1 } else { 3 };
            continue;
        }
        out.push_str(&line[run..i]);
        run = i;
        let Some(c) = line[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        run = i;
        if !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’') {
            out.push(match c {
                '，' => '，',
                '．' => '.',
                '％' => '%',
                _ => crate::text::halfwidth_char(c),
            });
        }
    }
    out.push_str(&line[run..]);
    if !out.contains(',') {
        return out;
    }
    // "37,151.47": a comma with a digit before and exactly three digits after. By bytes: ASCII
    // digits and commas are never part of a multi-byte character.
    let b = out.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let separator =
        |i: usize| i > 0 && digit(i - 1) && (1..4).all(|k| digit(i + k)) && !digit(i + 4);
    out.char_indices()
        .filter(|&(i, c)| !(c == ',' && separator(i)))
        .map(|(_, c)| c)
        .collect()
}

/// A heading: an ordinal ("一、", "(一)") followed by a short phrase without sentence punctuation,
/// or "第三部分 …".
pub fn is_heading(norm: &str) -> bool {
    if norm.chars().count() > 40 || norm.contains(['。', '，', ';', '；']) {
        return false;
    }
    let bare = crate::text::strip_ordinal(norm);
    let chinese_ordinal = bare.len() < norm.len()
        && norm
            .chars()
            .next()
            .is_some_and(|c| "一二三四五六七八九十(".contains(c));
    chinese_ordinal || norm.starts_with('第')
}

fn ends_sentence(norm: &str) -> bool {
    norm.ends_with(['。', ';', '；', ':', '!', '?', ')', '」'])
}

/// Split the raw narrative into paragraphs, joining a line that stops mid-sentence with the next
/// non-empty line. Table rows (tab-separated) stay out.
pub fn paragraphs(raw: &str) -> Vec<Para> {
    let lines: Vec<(u32, String)> = raw
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.contains('\t'))
        .map(|(i, l)| (i as u32 + 1, normalize(l)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut paras: Vec<Para> = Vec::new();
    let mut open = false; // the last paragraph continues onto the next line
    for (line, text) in lines {
        let heading = is_heading(&text);
        let list_item = starts_list_item(&text);
        if open && !heading && !list_item {
            let p = paras.last_mut().expect("open implies a paragraph");
            p.starts.push((p.text.len(), line));
            p.text.push_str(&text);
        } else {
            paras.push(Para {
                text: text.clone(),
                starts: vec![(0, line)],
                heading,
            });
        }
        let last = paras.last().expect("just pushed");
        open = !last.heading && !ends_sentence(&last.text);
    }
    paras
}

/// "1." / "1、" / "-" list items start their own paragraph.
fn starts_list_item(norm: &str) -> bool {
    let digits = norm.chars().take_while(char::is_ascii_digit).count();
    let rest = &norm[digits..];
    let numbered = (1..=2).contains(&digits)
        && (rest.starts_with('、')
            || (rest.starts_with('.') && !rest[1..].starts_with(|c: char| c.is_ascii_digit())));
    numbered || norm.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_copies_runs_as_mapping_each_character_would() {
        let each = |line: &str| -> String {
            line.chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’'))
                .map(|c| match c {
                    '，' => '，',
                    '．' => '.',
                    '％' => '%',
                    _ => crate::text::halfwidth_char(c),
                })
                .collect()
        };
        let pieces = [
            "收入", "预算", "37", ".", "，", " ", "\u{3000}", "\t", "“", "”", "\"", "'", "‘", "’",
            "．", "％", "（", "）", "２", "Ａ", "é", "\u{a0}", "😀", "〇", "ㄅ", "가", "\u{ff5e}",
        ];
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // No ASCII comma: the separator step after the mapping is unchanged.
            let line: String = (0..(seed % 12))
                .map(|k| pieces[((seed >> (k * 5)) % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(normalize(&line), each(&line), "{line:?}");
        }
    }

    #[test]
    fn normalizes_numbers_and_punctuation() {
        assert_eq!(
            normalize("收入预算37,151.47万元，其中：比上年增加 1,234 万元（含）"),
            "收入预算37151.47万元，其中:比上年增加1234万元(含)"
        );
        assert_eq!(normalize("２０２６ 年 １２．５％"), "2026年12.5%");
        // Not a thousands separator: two digits after the comma.
        assert_eq!(normalize("1,23"), "1,23");
    }

    #[test]
    fn joins_broken_sentences_and_maps_lines() {
        let raw =
            "三、2026 年支出预算情况\n\n总支出为\n\n29147.66 万元，其中：\n1. 当年 1 万元。\n";
        let p = paragraphs(raw);
        assert_eq!(p.len(), 3);
        assert!(p[0].heading);
        assert_eq!(p[1].text, "总支出为29147.66万元，其中:");
        assert_eq!(p[1].line_at(0), 3);
        assert_eq!(p[1].line_at(p[1].text.find("29147").unwrap()), 5);
        assert_eq!(p[2].first_line(), 6);
    }

    #[test]
    fn headings() {
        assert!(is_heading("二、2025年收入预算情况"));
        assert!(is_heading("(一)机关运行费情况"));
        assert!(!is_heading("1.因公出国(境)费0万元，与2025年预算数相同。"));
        assert!(!is_heading("长春市社会保险事业管理局2026年预算总支出为"));
    }
}
