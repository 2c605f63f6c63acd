"""Generate the hard cases of issue 12: files as offices really keep them, one folder per class.

    .venv/bin/python tools/hard_fixtures.py OUT_DIR [--scale small|bench]

Each case is a file (and, where the class needs one, a ``.meta.json`` sidecar or a parent
document beside it) with the truth it was written from: title, 发文机关, 发文字号, 成文日期,
文种 and phrases that must be found in the extracted text. Tests call ``write`` with the small
scale; ``bench/hard_cases.py`` uses the bench scale (a giant single-line file of a few MB).
Nothing here reads our own code: every expected value is a string below.

Classes: ``columns`` (two-column PDF bulletins), ``labels`` (label runs flattened into one
line), ``ocr_misread`` (header lines as Tesseract misreads them on a phone scan or fax: the
文号's brackets and 号 read as look-alike glyphs), ``placeholder`` (a time stamp, file
name or site banner given as the title), ``traditional`` (繁體), ``giant`` (giant paragraphs and
a multi-MB single line), ``layout`` (文号 in a DOCX table, text box, page header; a 通告's own
number; a spreadsheet attachment).
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

SIZES = {"small": {"giant_line": 60_000, "giant_para": 30_000}}
SIZES["bench"] = {"giant_line": 1_500_000, "giant_para": 60_000}

BODY = [
    "为进一步规范相关工作，切实维护群众合法权益，经研究，现就有关事项通知如下。",
    "一、提高思想认识，加强组织领导，明确工作责任。",
    "二、完善制度措施，强化监督检查，确保工作落到实处。",
    "三、各单位要结合实际，认真抓好贯彻落实。",
]


@dataclass
class Case:
    """One file and what a reader must get out of it (None: not scored)."""

    cls: str
    name: str
    title: str | None = None
    department: str | None = None
    doc_number: str | None = None
    date: str | None = None
    doc_type: str | None = None
    phrases: list[str] = field(default_factory=list)
    scan: bool = False


def write(out: Path, scale: str = "small") -> list[Case]:
    """Write every class's files under ``out/<class>/`` and return the cases."""
    cases: list[Case] = []
    for make in (_columns, _labels, _placeholder, _traditional, _giant, _layout, _ocr_misread):
        cases.extend(make(out, SIZES[scale]))
    return cases


def _put(out: Path, case: Case, data: str | bytes, meta: dict | None = None) -> Case:
    path = out / case.cls / case.name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    if meta:
        (path.parent / f"{case.name}.meta.json").write_text(
            json.dumps(meta, ensure_ascii=False), encoding="utf-8"
        )
    return case


def _columns(out: Path, sizes: dict) -> list[Case]:
    """统计公报 set in two columns under a full-width title, with a narrow and a wide gutter."""
    left = [
        "一、综合。全年全市地区生产总值达到五千二百亿元，按不变价格计算，比上年增长百分之五点六。",
        "第一产业增加值三百亿元，增长百分之三点一；第二产业增加值二千亿元，增长百分之六点二。",
        "二、农业。全年粮食种植面积一百二十万亩，粮食总产量四十五万吨，比上年增产百分之二。",
    ]
    right = [
        "三、工业和建筑业。全年规模以上工业增加值比上年增长百分之七点二，其中高技术制造业增长。",
        "四、固定资产投资。全年固定资产投资比上年增长百分之四点八，民间投资占比继续提高。",
        "五、国内贸易。全年社会消费品零售总额一千九百亿元，比上年增长百分之五点一。",
    ]
    cases = []
    for name, gutter in (("bulletin_narrow.pdf", 10.0), ("bulletin_wide.pdf", 24.0)):
        case = Case(
            "columns",
            name,
            "某某市2024年国民经济和社会发展统计公报",
            "某某市统计局",
            None,
            "2025-03-20",
            "公报",
            [p.split("，", 1)[1].rstrip("。") for p in left + right],  # over line breaks
        )
        head = [(20, case.title), (12, case.department), (12, "2025年3月20日")]
        cases.append(_put(out, case, _two_column_pdf(head, [left, right], gutter)))
    return cases


def _two_column_pdf(head: list[tuple[float, str]], cols: list[list[str]], gutter: float) -> bytes:
    """An A4 page: centred heading lines, then two columns of 10.5-point paragraphs with a
    two-character first-line indent. reportlab's STSong-Light is a standard CID font (not
    embedded), so no font file is needed and pdfminer maps it to Unicode by its CMap."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    y = height - 80
    for size, text in head:
        canvas.setFont("STSong-Light", size)
        canvas.drawCentredString(width / 2, y, text)
        y -= size * 1.6
    size, margin = 10.5, 56.0
    col_width = (width - 2 * margin - gutter) / 2
    per = int(col_width // size)
    canvas.setFont("STSong-Light", size)
    for n, paragraphs in enumerate(cols):
        x, row = margin + n * (col_width + gutter), 0
        for text in paragraphs:
            pieces = [(2 * size, text[: per - 2])]
            pieces += [(0.0, text[i : i + per]) for i in range(per - 2, len(text), per)]
            for indent, piece in pieces:
                canvas.drawString(x + indent, y - 20 - row * size * 1.6, piece)
                row += 1
    canvas.save()
    return buf.getvalue()


def _labels(out: Path, sizes: dict) -> list[Case]:
    """Saved portal pages whose label block was flattened: values end where a label starts."""
    run = Case(
        "labels",
        "portal_run.txt",
        "浙江省住房和城乡建设厅关于加强物业服务管理的通知",
        "浙江省住房和城乡建设厅",
        "浙建房〔2024〕7号",
        "2024-03-05",
        "通知",
        ["提升居住品质，现就有关事项通知如下", "落实物业服务企业主体责任"],
    )
    text = (
        "索 引 号:11330000-2/2024-00321主题分类:城乡建设\n"
        "发文机关:浙江省住房和城乡建设厅成文日期:2024-03-05 09:30\n"
        "标 题:浙江省住房和城乡建设厅关于加强物业服务管理的通知\n"
        "文 号:浙建房〔2024〕7号发布日期:2024-03-06 10:00\n"
        "备案登记号:\n废止日期:时 效 性:\n有效\n"
        "关于加强物业服务管理的通知\n各市住房和城乡建设局：\n"
        "为规范物业服务行为，提升居住品质，现就有关事项通知如下。\n"
        "一、落实物业服务企业主体责任。\n二、加强日常监督检查。\n"
    )
    source = Case(
        "labels",
        "portal_source.txt",
        "南昌住房公积金管理中心关于调整住房公积金有关使用政策的通知",
        "南昌住房公积金管理中心",
        None,
        "2023-05-06",
        "通知",
        ["我市租房提取住房公积金额度由每月1500元调增至每月1800元"],
    )
    text2 = (
        "南昌住房公积金管理中心关于调整住房公积金有关使用政策的通知\n"
        "2023-05-06 14:00来源:市公积金管理中心发布机构:南昌住房公积金管理中心"
        "浏览量:661【字体:大中小】\n"
        "住房公积金缴存职工及有关单位:\n"
        "为支持新市民、青年人解决住房问题，现就调整我市住房公积金有关使用政策通知如下:\n"
        "一、我市租房提取住房公积金额度由每月1500元调增至每月1800元。\n"
    )
    page = Case(
        "labels",
        "portal_cell.html",
        "关于做好2024年防汛工作的通知",
        "湖北省水利厅",
        "鄂水利发〔2024〕11号",
        "2024-04-02",
        "通知",
        ["全面落实防汛责任制"],
    )
    html = (
        "<html><head><meta charset='utf-8'><title>湖北省水利厅</title></head><body>"
        "<table><tr><td>索引号：011043-2024-0031主题分类：水利发文机关：湖北省水利厅"
        "成文日期：2024-04-02 08:00文号：鄂水利发〔2024〕11号</td></tr></table>"
        "<div class='article-content'><p>关于做好2024年防汛工作的通知</p><p>各市州水利局：</p>"
        "<p>为确保安全度汛，请全面落实防汛责任制，加强隐患排查。</p></div></body></html>"
    )
    return [_put(out, run, text), _put(out, source, text2), _put(out, page, html)]


def _notice(org: str, title: str, number: str, date_cn: str, lines: list[str]) -> str:
    return "\n".join([f"{org}文件", number, title, "各有关单位：", *lines, org, date_cn]) + "\n"


def _placeholder(out: Path, sizes: dict) -> list[Case]:
    """Sidecars and pages whose title is a time stamp, a file name or the site's banner."""
    cases = []
    for name, given in (
        ("stamp.txt", "2024-04-12 00:00:00"),
        ("filename.txt", "20240412093015.pdf"),
        ("banner.txt", "某某市人民政府门户网站"),
    ):
        case = Case(
            "placeholder",
            name,
            "关于开展安全生产大检查的通知",
            "某某市应急管理局",
            "某应急〔2024〕21号",
            "2024-04-12",
            "通知",
            ["安全生产大检查覆盖全部重点企业"],
        )
        body = [BODY[0], "今年安全生产大检查覆盖全部重点企业。", BODY[3]]
        text = _notice("某某市应急管理局", case.title, case.doc_number, "2024年4月12日", body)
        cases.append(_put(out, case, text, {"title": given}))
    row = Case(
        "placeholder",
        "ledger_row.txt",
        "【湖北省襄阳市】关于进一步促进房地产市场平稳健康发展的若干措施",
        phrases=["允许采取收回供应并行方式简化程序"],
    )
    text = (
        "2024-07-04 00:00:00 | 【湖北省襄阳市】关于进一步促进房地产市场平稳健康发展的若干措施 | "
        "按照以需定购原则，依法收回闲置土地。允许采取收回供应并行方式简化程序，办理规划和供地手续。"
        " | http://szjj.example.gov.cn/zxzx/202407/t20240704_1.shtml\n"
    )
    cases.append(_put(out, row, text, {"title": "2024-07-04 00:00:00"}))
    return cases


def _traditional(out: Path, sizes: dict) -> list[Case]:
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
    return [_put(out, letter, text), _put(out, decision, _docx(lines))]


def _giant(out: Path, sizes: dict) -> list[Case]:
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
        cases.append(_put(out, case, sep.join([*head, body, *tail]) + "\n"))
    return cases


def _layout(out: Path, sizes: dict) -> list[Case]:
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
        data = _docx([title, *body, *end], **{kind: number})
        cases.append(_put(out, case, data))
    for name, head, number in (
        ("own_number.txt", ["某某市公安局", "通  告", "（2024年第5号）"], "2024年第5号"),
        ("own_number_line.txt", ["某某市公安局关于节日期间燃放烟花爆竹的通告 第3号"], "第3号"),
    ):
        case_title = "某某市公安局通告" if len(head) > 1 else head[0].split()[0]
        case = Case("layout", name, case_title, "某某市公安局", number, "2024-01-20", "通告")
        case.phrases = ["市区范围内禁止燃放烟花爆竹"]
        lines = [*head, "为维护公共安全，现通告如下：", "一、市区范围内禁止燃放烟花爆竹。"]
        cases.append(_put(out, case, "\n".join([*lines, "某某市公安局", "2024年1月20日"])))
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
        _put(
            out,
            parent,
            _notice("某某县财政局", parent.title, parent.doc_number, "2024年3月11日", lines),
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
        _put(out, sheet, _xlsx([["乡镇", "项目", "金额（万元）"], ["城关镇", "道路硬化工程", 120]]))
    )
    return cases


def _ocr_misread(out: Path, sizes: dict) -> list[Case]:
    """The text OCR gives for a skewed phone photo or a 200-dpi fax of a 公文: the 发文字号 line
    with 【2015j」 and 19与 (real Tesseract misreadings), the rest of the page read right."""
    cases = []
    for name, line, number in (
        ("fax.txt", "某政办发【2015j」19与", "某政办发〔2015〕19号"),
        ("phone.txt", "阿行署发[2014l3亏", "阿行署发〔2014〕3号"),
    ):
        case = Case(
            "ocr_misread",
            name,
            "关于做好防汛抗旱工作的通知",
            "某某市人民政府办公室",
            number,
            "2015-06-01",
            "通知",
            ["切实做好今年防汛抗旱各项工作"],
        )
        body = ["为切实做好今年防汛抗旱各项工作，现将有关事项通知如下。", BODY[3]]
        text = "\n".join(
            ["某某市人民政府办公室文件", line, case.title, "各县区人民政府：", *body]
            + ["某某市人民政府办公室", "2015年6月1日"]
        )
        cases.append(_put(out, case, text + "\n"))
    return cases


def _docx(lines: list[str], table: str = "", header: str = "", textbox: str = "") -> bytes:
    """A Word file with the lines as paragraphs; the number in a table cell above the title,
    in the page header or in a text box (as red-header templates set it)."""
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if table:
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        cells[0].text, cells[1].text = table, "签发人：张明"
    if textbox:
        run = document.add_paragraph()._p.add_r()
        run.append(
            parse_xml(
                '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                'xmlns:v="urn:schemas-microsoft-com:vml"><v:shape style="width:200pt;height:30pt">'
                f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{textbox}</w:t></w:r></w:p>"
                "</w:txbxContent></v:textbox></v:shape></w:pict>"
            )
        )
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xlsx(rows: list[list]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", choices=sorted(SIZES), default="small")
    args = ap.parse_args()
    cases = write(args.out, args.scale)
    print(f"{len(cases)} cases written under {args.out}")


if __name__ == "__main__":
    main()
