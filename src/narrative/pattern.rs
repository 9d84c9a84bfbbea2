//! The narrative's few fixed patterns, matched by hand. They were regular expressions (regex-lite),
//! and the regex engine was ~12 KB gzipped of the page's first load for eight short patterns.
//! Each matcher names the expression it implements and finds exactly its matches: the
//! leftmost-first ones, non-overlapping, as byte ranges (the tests check them against regex-lite on
//! generated text). `\d` is an ASCII digit, as in regex-lite.

use std::ops::Range;

/// The bytes of ASCII digits `s` starts with.
fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// `\d+(?:\.\d+)?` at the start of `s`: its length.
fn number(s: &str) -> Option<usize> {
    let int = digits(s);
    if int == 0 {
        return None;
    }
    let frac = s[int..].strip_prefix('.').map_or(0, digits);
    Some(if frac > 0 { int + 1 + frac } else { int })
}

/// The first of `alts` (in order) that `s` starts with.
fn one_of<'a>(s: &str, alts: &[&'a str]) -> Option<&'a str> {
    alts.iter().copied().find(|a| s.starts_with(a))
}

/// Every non-overlapping match of a pattern, leftmost first: `at(s, i)` is the match starting
/// at byte `i` (its end) or, when there is none, the byte from which a later start may match
/// (a start inside a run of digits that failed fails the same way).
fn find_iter<T>(
    s: &str,
    mut at: impl FnMut(usize) -> Result<(usize, T), usize>,
) -> impl Iterator<Item = (Range<usize>, T)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < s.len() {
            match at(i) {
                Ok((end, found)) => {
                    let start = i;
                    i = end;
                    return Some((start..end, found));
                }
                Err(next) => {
                    i = next.max(i + 1);
                    while !s.is_char_boundary(i) {
                        i += 1;
                    }
                }
            }
        }
        None
    })
}

/// Where a failed start at `i` over a digit run lets the search go on: past the run.
fn past_digits(s: &str, i: usize) -> usize {
    i + digits(&s[i..])
}

/// `(20\d\d)年`: the years.
pub fn years(s: &str) -> impl Iterator<Item = (Range<usize>, u32)> + '_ {
    find_iter(s, move |i| {
        let t = &s[i..];
        let b = t.as_bytes();
        if b.len() >= 4
            && t.starts_with("20")
            && b[2..4].iter().all(u8::is_ascii_digit)
            && t[4..].starts_with('年')
        {
            Ok((i + 4 + '年'.len_utf8(), t[..4].parse().unwrap_or(0)))
        } else {
            Err(i + 1)
        }
    })
}

/// A year-on-year change:
/// `(?:比|较)(?P<base>[^，,;:、]*?)(?P<dir>增加|减少|增长|下降|上升|持平)(?P<v>-?\d+(?:\.\d+)?)?(?P<unit>万元|元|万|%)?`
/// or `与(?P<base2>[^，,;:、]*?)(?:相同|持平|一致)` (then `dir` and `v` are None).
#[derive(Debug, PartialEq, Eq)]
pub struct ChangeMatch<'a> {
    pub range: Range<usize>,
    pub base: &'a str,
    pub dir: Option<&'a str>,
    pub value: Option<&'a str>,
    pub unit: Option<&'a str>,
}

/// The first change in `s`.
pub fn change(s: &str) -> Option<ChangeMatch<'_>> {
    const SEPARATORS: [char; 5] = ['，', ',', ';', ':', '、'];
    // The shortest base (lazy) before one of `ends`: where the base ends and which end it is.
    let lazy = |from: usize, ends: &[&'static str]| {
        let mut j = from;
        loop {
            let t = &s[j..];
            if let Some(end) = one_of(t, ends) {
                return Some((j, end));
            }
            let c = t.chars().next()?;
            if SEPARATORS.contains(&c) {
                return None;
            }
            j += c.len_utf8();
        }
    };
    find_iter(s, |i| {
        let t = &s[i..];
        let found = if let Some(w) = one_of(t, &["比", "较"]) {
            let from = i + w.len();
            let dirs = ["增加", "减少", "增长", "下降", "上升", "持平"];
            lazy(from, &dirs).map(|(j, dir)| {
                let mut end = j + dir.len();
                let minus = usize::from(s[end..].starts_with('-'));
                let value = number(&s[end + minus..]).map(|n| {
                    let v = &s[end..end + minus + n];
                    end += v.len();
                    v
                });
                let unit = one_of(&s[end..], &["万元", "元", "万", "%"]);
                end += unit.map_or(0, str::len);
                let m = ChangeMatch {
                    range: i..end,
                    base: &s[from..j],
                    dir: Some(dir),
                    value,
                    unit,
                };
                (end, m)
            })
        } else if let Some(w) = one_of(t, &["与"]) {
            let from = i + w.len();
            lazy(from, &["相同", "持平", "一致"]).map(|(j, word)| {
                let end = j + word.len();
                let m = ChangeMatch {
                    range: i..end,
                    base: &s[from..j],
                    dir: None,
                    value: None,
                    unit: None,
                };
                (end, m)
            })
        } else {
            None
        };
        found.ok_or(i + 1)
    })
    .next()
    .map(|(_, m)| m)
}

/// A growth rate: `(?P<dir>增幅|降幅|增长率|下降率|增长|下降|减少|增加)(?:为|了)?(?P<v>\d+(?:\.\d+)?)%`,
/// as (range, dir, v).
pub fn rate(s: &str) -> Option<(Range<usize>, &'static str, &str)> {
    const DIRS: [&str; 8] = [
        "增幅",
        "降幅",
        "增长率",
        "下降率",
        "增长",
        "下降",
        "减少",
        "增加",
    ];
    find_iter(s, |i| {
        let t = &s[i..];
        // Each alternative in order, with and without the optional word (the first that
        // leads to a match wins, as in the regex's backtracking order).
        for dir in DIRS.iter().filter(|d| t.starts_with(**d)) {
            let after = &t[dir.len()..];
            let skips = one_of(after, &["为", "了"]).map_or(0, str::len);
            for skip in [skips, 0] {
                let rest = &after[skip..];
                if let Some(n) = number(rest).filter(|&n| rest[n..].starts_with('%')) {
                    let v = &rest[..n];
                    return Ok((i + dir.len() + skip + n + 1, (*dir, v)));
                }
            }
        }
        Err(i + 1)
    })
    .next()
    .map(|(r, (dir, v))| (r, dir, v))
}

/// A share: `占(?P<base>[^\d%，,;:、]*?)(?P<v>\d+(?:\.\d+)?)%`, as (range, base, v).
pub fn share(s: &str) -> Option<(Range<usize>, &str, &str)> {
    find_iter(s, |i| {
        let Some(t) = s[i..].strip_prefix('占') else {
            return Err(i + 1);
        };
        let from = i + '占'.len_utf8();
        // The base cannot hold a digit, so it ends at the first one.
        let stop = t
            .find(|c: char| c.is_ascii_digit() || "%，,;:、".contains(c))
            .map_or(s.len(), |k| from + k);
        match number(&s[stop..]) {
            Some(n) if s[stop + n..].starts_with('%') => {
                Ok((stop + n + 1, (&s[from..stop], &s[stop..stop + n])))
            }
            _ => Err(i + 1),
        }
    })
    .next()
    .map(|(r, (base, v))| (r, base, v))
}

/// The amounts: `(?P<v>-?\d+(?:\.\d+)?)(?P<unit>万元|元|万)`, as (range, (v, unit)).
pub fn amounts(s: &str) -> impl Iterator<Item = (Range<usize>, (&str, &str))> + '_ {
    find_iter(s, move |i| {
        let minus = usize::from(s[i..].starts_with('-'));
        let start = i + minus;
        let Some(n) = number(&s[start..]) else {
            return Err(i + 1);
        };
        match one_of(&s[start + n..], &["万元", "元", "万"]) {
            Some(unit) => Ok((start + n + unit.len(), (&s[i..start + n], unit))),
            None => Err(past_digits(s, start)),
        }
    })
}

/// A count of units: `(?P<own>本级及所属|本级和所属|共|共有)(?P<n>\d+)(?:个|家)(?:预算)?单位`, as
/// (range, (own, n)).
pub fn unit_counts(s: &str) -> impl Iterator<Item = (Range<usize>, (&str, &str))> + '_ {
    find_iter(s, move |i| {
        let t = &s[i..];
        for own in ["本级及所属", "本级和所属", "共", "共有"] {
            let Some(rest) = t.strip_prefix(own) else {
                continue;
            };
            let n = digits(rest);
            let Some(after) = (n > 0).then(|| one_of(&rest[n..], &["个", "家"])).flatten() else {
                continue;
            };
            let tail = &rest[n + after.len()..];
            let budget = if tail.starts_with("预算单位") {
                "预算".len()
            } else {
                0
            };
            if tail[budget..].starts_with("单位") {
                let end = i + own.len() + n + after.len() + budget + "单位".len();
                return Ok((end, (own, &rest[..n])));
            }
        }
        Err(i + 1)
    })
}

/// People with their parts: `(?P<n>\d+)人[，,]?其中:?(?P<rest>[^。;；]*)`, as (range, (n, rest)).
pub fn people(s: &str) -> impl Iterator<Item = (Range<usize>, (&str, &str))> + '_ {
    find_iter(s, move |i| {
        let n = digits(&s[i..]);
        let Some(t) = (n > 0).then(|| s[i + n..].strip_prefix('人')).flatten() else {
            return Err(past_digits(s, i));
        };
        let t = t.strip_prefix(['，', ',']).unwrap_or(t);
        let Some(t) = t.strip_prefix("其中") else {
            return Err(past_digits(s, i));
        };
        let t = t.strip_prefix(':').unwrap_or(t);
        let from = s.len() - t.len();
        let end = t.find(['。', ';', '；']).map_or(s.len(), |k| from + k);
        Ok((end, (&s[i..i + n], &s[from..end])))
    })
}

/// Head counts: `(\d+)人`.
pub fn persons(s: &str) -> impl Iterator<Item = (Range<usize>, &str)> + '_ {
    find_iter(s, move |i| {
        let n = digits(&s[i..]);
        if n > 0 && s[i + n..].starts_with('人') {
            Ok((i + n + '人'.len_utf8(), &s[i..i + n]))
        } else {
            Err(past_digits(s, i))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        let y: Vec<(Range<usize>, u32)> = years("2026年与2025 年，202020年").collect();
        assert_eq!(y, [(0..7, 2026), (23..30, 2020)]);
        let c = change("支出比上年减少1356.8万元，降幅").unwrap();
        assert_eq!(
            (c.range.start, c.base, c.dir, c.value, c.unit),
            (6, "上年", Some("减少"), Some("1356.8"), Some("万元"))
        );
        let c = change("比上年减少-5.x与上年持平").unwrap();
        assert_eq!((c.dir, c.value, c.unit), (Some("减少"), Some("-5"), None));
        let c = change("比上年，与2025年预算相同").unwrap();
        assert_eq!((c.base, c.dir, c.value), ("2025年预算", None, None));
        assert_eq!(change("比上年多1万元，与"), None);
        let (r, dir, v) = rate("增长率为x，增长了4.6%").unwrap();
        assert_eq!(
            (&"增长率为x，增长了4.6%"[r], dir, v),
            ("增长了4.6%", "增长", "4.6")
        );
        assert_eq!(rate("增幅5.%"), None);
        let (_, base, v) = share("占占总支出的96.56%").unwrap();
        assert_eq!((base, v), ("占总支出的", "96.56"));
        assert_eq!(share("占总支出，96%"), None);
        let a: Vec<_> = amounts("12.5.3万元-x-7元1.万").map(|m| m.1).collect();
        assert_eq!(a, [("5.3", "万元"), ("-7", "元")]);
        let u: Vec<_> = unit_counts("共有5个单位，本级及所属12家预算单位，共3个预算")
            .map(|m| m.1)
            .collect();
        assert_eq!(u, [("共有", "5"), ("本级及所属", "12")]);
        let p: Vec<_> = people("582人，其中:在职455人；退休127人其中1人")
            .map(|m| m.1)
            .collect();
        assert_eq!(p, [("582", "在职455人"), ("127", "1人")]);
        let n: Vec<&str> = persons("在职455人，离退休127人，1234")
            .map(|m| m.1)
            .collect();
        assert_eq!(n, ["455", "127"]);
    }

    /// Text made of the patterns' words, digits and separators, so that matches, near misses
    /// and overlaps are common.
    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        const TOKENS: &[&str] = &[
            "比",
            "较",
            "与",
            "增加",
            "减少",
            "增长",
            "下降",
            "上升",
            "持平",
            "相同",
            "一致",
            "增幅",
            "降幅",
            "增长率",
            "下降率",
            "为",
            "了",
            "占",
            "%",
            "万元",
            "元",
            "万",
            "-",
            ".",
            "0",
            "1",
            "2",
            "5",
            "9",
            "，",
            ",",
            ";",
            ":",
            "、",
            "。",
            "；",
            "本级及所属",
            "本级和所属",
            "共",
            "共有",
            "个",
            "家",
            "预算",
            "单位",
            "人",
            "其中",
            "年",
            "20",
            "x",
            "上年",
            " ",
            "的",
        ];
        proptest::collection::vec(proptest::sample::select(TOKENS), 0..24).prop_map(|t| t.concat())
    }

    fn regex(p: &str) -> regex_lite::Regex {
        regex_lite::Regex::new(p).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn same_matches_as_the_regexes(s in text()) {
            let got: Vec<_> = years(&s).map(|(r, y)| (r, y.to_string())).collect();
            let want: Vec<_> = regex(r"(20\d\d)年").captures_iter(&s)
                .map(|c| (c.get(0).unwrap().range(), c[1].to_string())).collect();
            assert_eq!(got, want, "years {s:?}");

            let re = regex(r"(?:比|较)(?P<base>[^，,;:、]*?)(?P<dir>增加|减少|增长|下降|上升|持平)(?P<v>-?\d+(?:\.\d+)?)?(?P<unit>万元|元|万|%)?|与(?P<base2>[^，,;:、]*?)(?:相同|持平|一致)");
            let want = re.captures(&s).map(|c| ChangeMatch {
                range: c.get(0).unwrap().range(),
                base: c.name("base").or(c.name("base2")).unwrap().as_str(),
                dir: c.name("dir").map(|m| m.as_str()),
                value: c.name("v").map(|m| m.as_str()),
                unit: c.name("unit").map(|m| m.as_str()),
            });
            assert_eq!(change(&s), want, "change {s:?}");

            let re = regex(r"(?P<dir>增幅|降幅|增长率|下降率|增长|下降|减少|增加)(?:为|了)?(?P<v>\d+(?:\.\d+)?)%");
            let want = re.captures(&s).map(|c| (c.get(0).unwrap().range(), c["dir"].to_string(), c["v"].to_string()));
            assert_eq!(rate(&s).map(|(r, d, v)| (r, d.to_string(), v.to_string())), want, "rate {s:?}");

            let re = regex(r"占(?P<base>[^\d%，,;:、]*?)(?P<v>\d+(?:\.\d+)?)%");
            let want = re.captures(&s).map(|c| (c.get(0).unwrap().range(), c["base"].to_string(), c["v"].to_string()));
            assert_eq!(share(&s).map(|(r, b, v)| (r, b.to_string(), v.to_string())), want, "share {s:?}");

            let pairs = |p: &str, a: &str, b: &str| -> Vec<(Range<usize>, (String, String))> {
                regex(p).captures_iter(&s)
                    .map(|c| (c.get(0).unwrap().range(), (c[a].to_string(), c[b].to_string())))
                    .collect()
            };
            let owned = |v: Vec<(Range<usize>, (&str, &str))>| -> Vec<(Range<usize>, (String, String))> {
                v.into_iter().map(|(r, (a, b))| (r, (a.to_string(), b.to_string()))).collect()
            };
            assert_eq!(owned(amounts(&s).collect()),
                pairs(r"(?P<v>-?\d+(?:\.\d+)?)(?P<unit>万元|元|万)", "v", "unit"), "amounts {s:?}");
            assert_eq!(owned(unit_counts(&s).collect()),
                pairs(r"(?P<own>本级及所属|本级和所属|共|共有)(?P<n>\d+)(?:个|家)(?:预算)?单位", "own", "n"),
                "unit_counts {s:?}");
            assert_eq!(owned(people(&s).collect()),
                pairs(r"(?P<n>\d+)人[，,]?其中:?(?P<rest>[^。;；]*)", "n", "rest"), "people {s:?}");
            let got: Vec<_> = persons(&s).map(|(r, n)| (r, n.to_string())).collect();
            let want: Vec<_> = regex(r"(\d+)人").captures_iter(&s)
                .map(|c| (c.get(0).unwrap().range(), c[1].to_string())).collect();
            assert_eq!(got, want, "persons {s:?}");
        }
    }
}
