"""The hard cases that come as office files or odd texts: 繁體 (``traditional``), giant paragraphs
and a multi-MB single line (``giant``), and the 文号 where a layout puts it (``layout``: a DOCX
table, text box or page header; a 通告's own number; a spreadsheet attachment)."""

from __future__ import annotations

import random
from pathlib import Path

from tools.fixture_files import docx, xlsx
from tools.hard_case import BODY, Case, notice, put


def traditional(out: Path, sizes: dict) -> list[Case]:
    """港澳 and Taiwan-facing notices in 繁體, 發文字號 with 號."""
    letter = Case(
        "traditional",
        "letter.txt",
        "關於加強公共屋邨管理工作的函",
        "香港特別行政區政府運輸及房屋局",
        "港運房發〔2024〕3號",
        "2024-05-06",
        "函",
        ["為進一步加強公共屋邨的管理", "請各單位認真落實有關規定"],
    )
    text = (
        "香港特別行政區政府運輸及房屋局\n\n港運房發〔2024〕3號\n\n關於加強公共屋邨管理工作的函\n\n"
        "各區民政事務處：\n為進一步加強公共屋邨的管理，現將有關事項函告如下。\n"
        "一、請各單位認真落實有關規定。\n香港特別行政區政府運輸及房屋局\n2024年5月6日\n"
    )
    decision = Case(
        "traditional",
        "decision.docx",
        "澳門特別行政區政府關於表彰優秀公務人員的決定",
        "澳門特別行政區政府",
        "澳府發[2023]15號",
        "2023-11-20",
        "决定",
        ["經研究決定，對下列人員予以表彰", "希望受表彰的人員珍惜榮譽"],
    )
    lines = [
        "澳府發[2023]15號",
        "澳門特別行政區政府關於表彰優秀公務人員的決定",
        "各局、各辦公室：",
        "經研究決定，對下列人員予以表彰。",
        "希望受表彰的人員珍惜榮譽，再接再厲。",
        "澳門特別行政區政府",
        "2023年11月20日",
    ]
    return [put(out, letter, text), put(out, decision, docx(lines))]


def giant(out: Path, sizes: dict) -> list[Case]:
    """A paragraph of tens of thousands of characters, and a whole file on one line."""
    rng = random.Random(12)
    cases = []
    for name, size, sep in (
        ("giant_para.txt", sizes["giant_para"], "\n"),
        ("giant_line.txt", sizes["giant_line"], "\u3000\u3000"),
    ):
        filler = "".join(f"{rng.choice(BODY[1:])[2:-1]}第{i}项，" for i in range(size // 26 + 1))
        marks = [f"标记{k}号短语{name[6:10]}务必检索到" for k in range(5)]
        step = len(filler) // 4
        body = "".join(filler[i * step : (i + 1) * step] + marks[i] + "，" for i in range(4))
        body += filler[4 * step :] + marks[4] + "。"
        case = Case(
            "giant",
            name,
            "关于印发全市住房保障工作实施方案的通知",
            "某某市住房和城乡建设局",
            "某建发〔2024〕12号",
            "2024-03-05",
            "通知",
            marks,
        )
        head = ["某某市住房和城乡建设局文件", case.doc_number, case.title, "各区住房和城乡建设局："]
        tail = ["某某市住房和城乡建设局", "2024年3月5日"]
        cases.append(put(out, case, sep.join([*head, body, *tail]) + "\n"))
    return cases


def layout(out: Path, sizes: dict) -> list[Case]:
    """文号 where the layout puts it; a 通告's own number; a spreadsheet attachment."""
    title = "关于做好2024年春季森林防火工作的通知"
    facts = dict(department="某某县人民政府办公室", date="2024-02-20", doc_type="通知")
    end = ["某某县人民政府办公室", "2024年2月20日"]
    body = ["各乡镇人民政府，县直各单位：", "春季是森林火灾易发期，请严格落实野外用火管理制度。"]
    cases = []
    for kind, number in (
        ("table", "某政办发〔2024〕8号"),
        ("header", "某政办发〔2024〕9号"),
        ("textbox", "某政办发〔2024〕10号"),
    ):
        case = Case("layout", f"number_{kind}.docx", title, doc_number=number, **facts)
        case.phrases = ["请严格落实野外用火管理制度", number]  # the box's text is text too
        data = docx([title, *body, *end], **{kind: number})
        cases.append(put(out, case, data))
    for name, head, number in (
        ("own_number.txt", ["某某市公安局", "通  告", "（2024年第5号）"], "2024年第5号"),
        ("own_number_line.txt", ["某某市公安局关于节日期间燃放烟花爆竹的通告 第3号"], "第3号"),
    ):
        case_title = "某某市公安局通告" if len(head) > 1 else head[0].split()[0]
        case = Case("layout", name, case_title, "某某市公安局", number, "2024-01-20", "通告")
        case.phrases = ["市区范围内禁止燃放烟花爆竹"]
        lines = [*head, "为维护公共安全，现通告如下：", "一、市区范围内禁止燃放烟花爆竹。"]
        cases.append(put(out, case, "\n".join([*lines, "某某市公安局", "2024年1月20日"])))
    parent = Case(
        "layout",
        "关于下达2024年项目资金的通知.txt",
        "关于下达2024年项目资金的通知",
        "某某县财政局",
        "某财发〔2024〕4号",
        "2024-03-11",
        "通知",
    )
    lines = [
        "各乡镇财政所：",
        "现将2024年项目资金下达给你们。",
        "附件：1.资金使用要求",
        "2.2024年项目资金分配表",
    ]
    cases.append(
        put(
            out,
            parent,
            notice("某某县财政局", parent.title, parent.doc_number, "2024年3月11日", lines),
        )
    )
    sheet = Case(
        "layout",
        "关于下达2024年项目资金的通知附件2：2024年项目资金分配表.xlsx",
        "2024年项目资金分配表",
        "某某县财政局",
        date="2024-03-11",
        phrases=["城关镇 道路硬化工程 120"],
    )
    cases.append(
        put(out, sheet, xlsx([["乡镇", "项目", "金额（万元）"], ["城关镇", "道路硬化工程", 120]]))
    )
    return cases
