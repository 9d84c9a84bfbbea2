//! Structural rules: what the input layer reports while reading files. Their findings are raised
//! by `ingest` (they need the raw files, not the model), so `check` is None here; the docs and ids
//! live with the other rules.

use super::Rule;
use crate::report::Severity;

pub static UNRECOGNIZED: Rule = Rule {
    id: "GJ-INPUT-UNRECOGNIZED",
    severity: Severity::Warning,
    title: "无法识别的文件",
    what: rule_doc!(
        "文件（或工作表）的标题和表头不像十张标准预算公开表中的任何一张，也不是情况说明文本。"
    ),
    why: rule_doc!(
        "未识别的文件不会参与任何校验；用户需要知道哪些文件被忽略了，以及它看起来像什么。"
    ),
    example: rule_doc!("“table3.csv”的标题为“人员情况统计”，表头“姓名/职务”，未识别为任何预算表。"),
    check: None,
};

pub static EMPTY: Rule = Rule {
    id: "GJ-INPUT-EMPTY",
    severity: Severity::Error,
    title: "空文件",
    what: rule_doc!("文件没有任何内容（或只有空白）。"),
    why: rule_doc!("空文件通常是导出失败或选错了文件。"),
    example: rule_doc!("“05-一般公共预算支出表.csv”大小为 0 字节。"),
    check: None,
};

pub static BINARY: Rule = Rule {
    id: "GJ-INPUT-BINARY",
    severity: Severity::Error,
    title: "不是文本文件",
    what: rule_doc!(
        "文件不是可识别编码（UTF-8、GBK/GB18030、UTF-16）的文本，也不是可读的 Excel 工作簿。"
    ),
    why: rule_doc!("图片、PDF、损坏的工作簿等无法读取，其中的表不会被校验。"),
    example: rule_doc!("“收支总表.csv”实为 PDF 文件。"),
    check: None,
};

pub static DUPLICATE: Rule = Rule {
    id: "GJ-INPUT-DUPLICATE",
    severity: Severity::Warning,
    title: "同一张表提供了两次",
    what: rule_doc!("两个文件（或工作表）被识别为同一张表。"),
    why: rule_doc!(
        "重复提供时只用第一份参与跨表校验；若两份内容不同，用户应确认哪一份是最终版本。"
    ),
    example: rule_doc!("“03-支出总表.csv”与“支出总表(1).csv”都是支出总表。"),
    check: None,
};

pub static MISSING: Rule = Rule {
    id: "GJ-INPUT-MISSING",
    severity: Severity::Warning,
    title: "缺少标准表",
    what: rule_doc!("提供的文件中缺少该地区格式应有的某张表；依赖它的跨表校验将被跳过。"),
    why: rule_doc!("预算公开要求公开全套表格；缺表也意味着部分勾稽关系无法检查。"),
    example: rule_doc!("缺少：政府性基金预算支出表。"),
    check: None,
};

pub static RAGGED: Rule = Rule {
    id: "GJ-INPUT-RAGGED",
    severity: Severity::Error,
    title: "数据行比表头多出数值",
    what: rule_doc!("某数据行在表头最后一列之后还有非空单元格。"),
    why: rule_doc!(
        "多出的数值通常意味着整行错位（插入或多粘贴了单元格），其后各列的数都对不上表头。"
    ),
    example: rule_doc!("收入总表第 6 行有 21 个单元格，而表头只有 19 列。"),
    check: None,
};

pub static AMOUNT: Rule = Rule {
    id: "GJ-INPUT-AMOUNT",
    severity: Severity::Error,
    title: "金额单元格不是数字",
    what: rule_doc!(
        "金额列中的单元格无法读成数字：含字母或中文句号、千分位逗号位置不对、多个小数点、写了单位等。"
    ),
    why: rule_doc!(
        "这样的单元格既不能参与合计，也常是录入错误（如把 0 打成字母 O）；绝不能悄悄当作 0。"
    ),
    example: rule_doc!("“12O.50”含字母 O；“1,2.3”千分位错误；“3.5万”金额中写了单位。"),
    check: None,
};

pub static UNIT: Rule = Rule {
    id: "GJ-INPUT-UNIT",
    severity: Severity::Warning,
    title: "无法确定金额单位",
    what: rule_doc!("表中找不到“单位：万元/元”或表头中的“（万元）”，或写了无法识别的单位。"),
    why: rule_doc!("跨表比较需要统一单位；单位不明时按万元处理，结论可能有误。"),
    example: rule_doc!("标题下一行为“单位：千美元”。"),
    check: None,
};

pub static WORKBOOK: Rule = Rule {
    id: "GJ-INPUT-WORKBOOK",
    severity: Severity::Error,
    title: "工作簿无法读取",
    what: rule_doc!("Excel 工作簿（.xlsx/.xls）或其中的某个工作表无法读取。"),
    why: rule_doc!("损坏或加密的工作簿中的表不会被校验。"),
    example: rule_doc!("“预算.xlsx”不是有效的 zip 包。"),
    check: None,
};

pub static HEADER: Rule = Rule {
    id: "GJ-INPUT-HEADER",
    severity: Severity::Warning,
    title: "表头列无法识别",
    what: rule_doc!("表中某一列有自己的表头和数值，但这张表的格式中没有与之对应的列。"),
    why: rule_doc!(
        "无法对应的列不参与任何校验；它可能是本地区格式特有的列，也可能是表头写错或错位。"
    ),
    example: rule_doc!(
        "收入总表第 4 行的表头「编制预算/专项收入」（K 列）无法对应到收入总表的任何一列。"
    ),
    check: None,
};

pub static TOO_LARGE: Rule = Rule {
    id: "GJ-INPUT-TOO-LARGE",
    severity: Severity::Error,
    title: "文件过大，未读取",
    what: rule_doc!(
        "单个文件超过大小上限（网页版默认 100 MB；命令行默认不限，可用 --max-file-mb 设定）。"
    ),
    why: rule_doc!(
        "检查时占用的内存约为文件大小的 5 倍以上，网页中的 WebAssembly 最多只能使用 4 GB 内存；过大的文件会使页面崩溃或卡死，因此不读取它，只检查其他文件。"
    ),
    example: rule_doc!(
        "“09-项目支出表.csv”大小为 312.5 MB，超过单个文件的大小上限（100.0 MB），未读取。"
    ),
    check: None,
};

pub static RULES: [&Rule; 11] = [
    &UNRECOGNIZED,
    &EMPTY,
    &BINARY,
    &DUPLICATE,
    &MISSING,
    &RAGGED,
    &AMOUNT,
    &UNIT,
    &WORKBOOK,
    &HEADER,
    &TOO_LARGE,
];
