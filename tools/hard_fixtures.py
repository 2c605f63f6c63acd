"""Generate the hard cases of issue 12: files as offices really keep them, one folder per class.

    .venv/bin/python -m tools.hard_fixtures OUT_DIR [--scale small|bench]

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
from pathlib import Path

from tools.fixture_files import two_column_pdf
from tools.hard_case import BODY, SIZES, Case, notice, put
from tools.hard_office import giant, layout, traditional

__all__ = ["Case", "put", "write"]


def write(out: Path, scale: str = "small") -> list[Case]:
    """Write every class's files under ``out/<class>/`` and return the cases."""
    cases: list[Case] = []
    for make in (_columns, _labels, _placeholder, traditional, giant, layout, _ocr_misread):
        cases.extend(make(out, SIZES[scale]))
    return cases


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
        cases.append(put(out, case, two_column_pdf(head, [left, right], gutter)))
    return cases


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
    return [put(out, run, text), put(out, source, text2), put(out, page, html)]


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
        text = notice("某某市应急管理局", case.title, case.doc_number, "2024年4月12日", body)
        cases.append(put(out, case, text, {"title": given}))
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
    cases.append(put(out, row, text, {"title": "2024-07-04 00:00:00"}))
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
        cases.append(put(out, case, text + "\n"))
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", choices=sorted(SIZES), default="small")
    args = ap.parse_args()
    cases = write(args.out, args.scale)
    print(f"{len(cases)} cases written under {args.out}")


if __name__ == "__main__":
    main()
