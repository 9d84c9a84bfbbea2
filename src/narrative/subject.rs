//! What a clause talks about: the subject words before an amount ("预算总收入", "基本支出",
//! "公务接待费", "社会保障和就业支出") and the section a heading opens ("收入预算情况",
//! "一般公共预算支出情况"). Both are keyword lists, most specific first.

/// The section a heading opens; it decides which table a subject refers to (基本支出 under
/// "一般公共预算支出情况" is T5's, under "支出预算情况" T3's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Other,
    Overview,
    Income,
    Expense,
    Fiscal,
    Gpb,
    GpbBasic,
    Sangong,
    Fund,
    Jiguan,
    Procurement,
}

impl Section {
    pub fn of_heading(h: &str) -> Section {
        const KEYS: &[(&str, Section)] = &[
            ("三公", Section::Sangong),
            ("机关运行", Section::Jiguan),
            ("政府采购", Section::Procurement),
            ("政府性基金", Section::Fund),
            ("一般公共预算基本支出", Section::GpbBasic),
            ("一般公共预算", Section::Gpb),
            ("财政拨款", Section::Fiscal),
            ("收支", Section::Overview),
            ("收入", Section::Income),
            ("支出", Section::Expense),
        ];
        KEYS.iter()
            .find(|(k, _)| h.contains(k))
            .map_or(Section::Other, |&(_, s)| s)
    }
}

/// A quantity the narrative can name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    IncomeTotal,
    ExpenseTotal,
    /// 财政拨款收支总预算.
    FiscalTotal,
    FiscalIncome,
    FiscalExpense,
    /// 当年预算 / 本年收入 (this year's new budget, without carry-over).
    Cur,
    /// 上年结转(结余).
    Carry,
    Basic,
    Project,
    Staff,
    Public,
    GpbExpense,
    GpbBasic,
    Sangong,
    Abroad,
    Car,
    CarBuy,
    CarRun,
    Reception,
    Jiguan,
    Procurement,
    ProcGoods,
    ProcWorks,
    ProcServices,
    /// "合计" closing a list.
    Sum,
    /// A classification name (功能分类 类 or 经济分类 类), matched against the tables later.
    Named(String),
    /// A 功能分类 path 类 / 款 / 项 ("一般公共服务支出(类)商贸事务(款)行政运行(项)").
    Path(Vec<String>),
}

impl Subject {
    /// Does this subject, being the whole budget or a major block, have a sensible previous-year
    /// total that other sections also imply?
    pub fn total_class(&self) -> Option<&'static str> {
        match self {
            Subject::IncomeTotal | Subject::ExpenseTotal => Some("total"),
            Subject::FiscalTotal | Subject::FiscalIncome | Subject::FiscalExpense => Some("fiscal"),
            _ => None,
        }
    }

    pub fn name_zh(&self) -> String {
        let s = match self {
            Subject::IncomeTotal => "总收入",
            Subject::ExpenseTotal => "总支出",
            Subject::FiscalTotal => "财政拨款收支总预算",
            Subject::FiscalIncome => "财政拨款收入",
            Subject::FiscalExpense => "财政拨款支出",
            Subject::Cur => "当年预算",
            Subject::Carry => "上年结转",
            Subject::Basic => "基本支出",
            Subject::Project => "项目支出",
            Subject::Staff => "人员经费",
            Subject::Public => "公用经费",
            Subject::GpbExpense => "一般公共预算支出",
            Subject::GpbBasic => "一般公共预算基本支出",
            Subject::Sangong => "“三公”经费",
            Subject::Abroad => "因公出国（境）费",
            Subject::Car => "公务用车购置及运行费",
            Subject::CarBuy => "公务用车购置费",
            Subject::CarRun => "公务用车运行费",
            Subject::Reception => "公务接待费",
            Subject::Jiguan => "机关运行经费",
            Subject::Procurement => "政府采购预算",
            Subject::ProcGoods => "政府采购货物预算",
            Subject::ProcWorks => "政府采购工程预算",
            Subject::ProcServices => "政府采购服务预算",
            Subject::Sum => "合计",
            Subject::Named(n) => n,
            Subject::Path(p) => return p.join("-"),
        };
        s.to_string()
    }
}

/// The subject named by the words before an amount (normalized text), if any.
pub fn classify(words: &str) -> Option<Subject> {
    let w = words.trim_start_matches(['其', '中', ':', '，', ',']);
    // A byte scan: std's substring search sets itself up per call (it showed in wasm profiles).
    let has = |needle: &str| crate::text::contains(w, needle);
    if w.is_empty() || has("预留") || has("单价") {
        return None;
    }
    // A classification path ("一般公共服务支出(类)商贸事务(款)行政运行(项)", "A-B-C科目") names a
    // 项, not the 类 its first words name.
    if has("(类)") || has("(款)") || has("科目") || w.contains('-') {
        return path(w).map(Subject::Path);
    }
    // Blocks of one fund ("政府性基金拨款支出预算 0 万元") are neither the totals nor a 类 row.
    if (has("政府性基金") || has("国有资本经营"))
        && !(w.ends_with("支出") && w.chars().count() <= 16)
    {
        return None;
    }
    // An economic 类 stated with "预算" ("工资福利支出预算 716052.51 元") is that 类, not the
    // total "支出预算".
    const ECON: &[&str] = &[
        "工资福利",
        "商品和服务",
        "对个人和家庭的补助",
        "对个人和家庭补助",
        "资本性",
        "对企业补助",
        "债务利息及费用",
    ];
    if let Some(e) = w
        .contains("支出预算")
        .then(|| ECON.iter().find(|e| w.contains(&format!("{e}支出预算"))))
        .flatten()
    {
        return Some(Subject::Named(format!("{e}支出")));
    }
    const KEYS: &[(&str, Subject)] = &[
        ("三公经费", Subject::Sangong),
        ("因公出国", Subject::Abroad),
        ("公务用车购置及运行", Subject::Car),
        ("公务用车购置", Subject::CarBuy),
        ("公务用车运行", Subject::CarRun),
        ("公务接待", Subject::Reception),
        ("机关运行", Subject::Jiguan),
        ("政府采购货物", Subject::ProcGoods),
        ("政府采购工程", Subject::ProcWorks),
        ("政府采购服务", Subject::ProcServices),
        ("政府采购预算", Subject::Procurement),
        ("一般公共预算基本支出", Subject::GpbBasic),
        ("人员经费", Subject::Staff),
        ("公用经费", Subject::Public),
        ("基本支出", Subject::Basic),
        ("项目支出", Subject::Project),
        ("一般公共预算拨款支出", Subject::GpbExpense),
        ("一般公共预算支出", Subject::GpbExpense),
        ("收支总预算", Subject::FiscalTotal),
        ("财政拨款收入", Subject::FiscalIncome),
        ("财政拨款支出", Subject::FiscalExpense),
        ("总收入", Subject::IncomeTotal),
        ("收入预算", Subject::IncomeTotal),
        ("总支出", Subject::ExpenseTotal),
        ("支出预算", Subject::ExpenseTotal),
        ("当年预算", Subject::Cur),
        ("本年收入", Subject::Cur),
        ("上年结转", Subject::Carry),
    ];
    if let Some((_, s)) = KEYS.iter().find(|(k, _)| has(k)) {
        return Some(s.clone());
    }
    if w.starts_with("合计") {
        return Some(Subject::Sum);
    }
    // A classification name: the words themselves, up to a trailing "为"/"是".
    let name = w.trim_end_matches(['为', '是']);
    let plausible = name.ends_with("支出") || name.ends_with("补助") || name.ends_with("费");
    (plausible && name.chars().count() <= 16).then(|| Subject::Named(name.to_string()))
}

/// The names of a classification path written "A(类)B(款)C(项)" or "A-B-C科目".
fn path(w: &str) -> Option<Vec<String>> {
    let w = crate::text::strip_ordinal(w);
    let w = w.strip_suffix("科目").unwrap_or(w);
    let parts: Vec<String> = if w.contains("(类)") {
        w.split("(类)")
            .flat_map(|p| p.split("(款)"))
            .map(|p| p.trim_end_matches("(项)").to_string())
            .collect()
    } else {
        w.split('-').map(str::to_string).collect()
    };
    (parts.len() == 3 && parts.iter().all(|p| !p.is_empty())).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects() {
        assert_eq!(
            classify("长春市社会保险事业管理局2026年预算总收入为"),
            Some(Subject::IncomeTotal)
        );
        assert_eq!(
            classify("2026年一般公共预算三公经费预算支出"),
            Some(Subject::Sangong)
        );
        assert_eq!(classify("其中:当年预算"), Some(Subject::Cur));
        assert_eq!(
            classify("社会保障和就业支出"),
            Some(Subject::Named("社会保障和就业支出".into()))
        );
        let p = Some(Subject::Path(vec![
            "一般公共服务支出".into(),
            "商贸事务".into(),
            "行政运行".into(),
        ]));
        assert_eq!(
            classify("1.一般公共服务支出(类)商贸事务(款)行政运行(项)"),
            p
        );
        assert_eq!(classify("1.一般公共服务支出-商贸事务-行政运行科目"), p);
        assert_eq!(classify("单价100"), None);
        assert_eq!(
            classify("工资福利支出预算"),
            Some(Subject::Named("工资福利支出".into()))
        );
        assert_eq!(classify("2024年支出预算"), Some(Subject::ExpenseTotal));
        assert_eq!(classify("合计"), Some(Subject::Sum));
        assert_eq!(classify("政府性基金拨款支出预算"), None);
        assert_eq!(
            classify("国有资本经营预算支出"),
            Some(Subject::Named("国有资本经营预算支出".into()))
        );
    }

    #[test]
    fn sections() {
        assert_eq!(
            Section::of_heading("二、2026年收入预算情况"),
            Section::Income
        );
        assert_eq!(
            Section::of_heading("五、2026年一般公共预算支出情况"),
            Section::Gpb
        );
        assert_eq!(
            Section::of_heading("七、2026年一般公共预算财政拨款三公经费情况"),
            Section::Sangong
        );
    }
}
