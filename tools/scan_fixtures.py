"""Generate phone scans and faxes of a 公文 page, with the text they were made from (issue 12).

    .venv/bin/python tools/scan_fixtures.py OUT_DIR [--pages 8]

A page is typeset with the WenQuanYi font (Debian's fonts-wqy-microhei) at 300 dpi and then
spoilt the way offices' archives spoil it:

* ``phone``: a 扫描全能王-style photo: the sheet on a dark desk, turned 3.5°, a shadow across
  it, dull contrast, sensor noise, JPEG at quality 35, about 170 dpi;
* ``shadow``: a photo with a deep shadow over one side and 2.2° of skew, about 200 dpi;
* ``faint``: a low-contrast copy (grey ink on grey paper) with noise, 200 dpi;
* ``fax``: 200 dpi black and white, turned 2°, with speckle (thresholded, as a fax machine
  sends it).

Every case keeps its truth: the lines typeset, and the title, 发文机关, 发文字号 and 成文日期 a
reader must get back. ``multipage`` writes a long clean scan for page-parallel OCR. Nothing
here reads our own code.
"""

from __future__ import annotations

import argparse
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
A4_MM = (210, 297)
KINDS = ("phone", "shadow", "faint", "fax")

HEADS = [
    ("某某市人民政府办公室", "某政办发〔2015〕19号", "关于做好防汛抗旱工作的通知", "2015-06-01"),
    ("某某县住房和城乡建设局", "某建发〔2021〕7号", "关于加强建筑工地安全管理的通知", "2021-03-15"),
    ("某某市财政局", "某财预〔2019〕42号", "关于印发预算绩效管理办法的通知", "2019-11-20"),
    ("某某区教育局", "某教发〔2023〕5号", "关于做好秋季学期开学工作的通知", "2023-08-25"),
    # real-style names (no 某), and with six heads over four kinds every head meets every kind
    (
        "北京市朝阳区人民政府",
        "朝政发〔2022〕11号",
        "关于印发朝阳区促进就业若干措施的通知",
        "2022-04-18",
    ),
    ("江苏省交通运输厅", "苏交规〔2020〕3号", "关于进一步加强农村公路养护管理的意见", "2020-09-30"),
]
BODY = [
    "各县区人民政府，市政府各部门：",
    "为切实做好今年各项工作，确保人民群众生命财产安全，",
    "经市政府同意，现将有关事项通知如下。",
    "一、提高思想认识，加强组织领导，明确工作责任。",
    "二、完善制度措施，强化监督检查，确保工作落到实处。",
    "三、各单位要结合实际，认真抓好贯彻落实。",
    "四、加强信息报送，重要情况及时报告。",
]


@dataclass
class ScanCase:
    """One scanned PDF and the truth it was typeset from."""

    kind: str
    name: str
    department: str
    doc_number: str
    title: str
    date: str
    lines: list[str] = field(default_factory=list)
    dpi: int = 200

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def write(out: Path, pages: int = 4) -> list[ScanCase]:
    """One case per kind (cycling through the heads), ``pages`` cases in all."""
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for i in range(pages):
        kind = KINDS[i % len(KINDS)]
        department, number, title, date = HEADS[i % len(HEADS)]
        year, month, day = (int(x) for x in date.split("-"))
        lines = [f"{department}文件", number, title, *BODY]
        lines += [department, f"{year}年{month}月{day}日"]
        case = ScanCase(kind, f"{kind}{i}.pdf", department, number, title, date, lines)
        image, case.dpi = _SPOIL[kind](typeset(lines), random.Random(i))
        image.save(out / case.name, resolution=case.dpi)
        cases.append(case)
    return cases


def multipage(
    path: Path, pages: int, dpi: int = 150, lines: int = 4, size_mm: tuple = A4_MM
) -> list[list[str]]:
    """A clean scanned PDF of ``pages`` pages, each with its own lines (a different run of
    the body each); returns each page's lines, which page-parallel OCR must give back in
    this order. Tests use short pages (``size_mm`` of a strip), the bench A4."""
    truth, images = [], []
    for n in range(pages):
        text = [BODY[(n * lines + i) % len(BODY)] for i in range(lines)]
        truth.append(text)
        images.append(typeset(text, dpi=dpi, size_mm=size_mm, top_in=0.3))
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return truth


def columns_page(left: list[str], right: list[str], title: str, dpi: int = 150):
    """A page set in two columns under a full-width centred title (a 公报 or 年报), in 12 pt;
    a reader must give the left column's lines before the right column's."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), round(12 / 72 * dpi))
    head = ImageFont.truetype(str(FONT), round(18 / 72 * dpi))
    draw.text(((width - draw.textlength(title, font=head)) / 2, dpi), title, font=head, fill=0)
    margin, gutter = round(0.9 * dpi), round(0.4 * dpi)
    column = (width - 2 * margin - gutter) // 2
    for x, lines in ((margin, left), (margin + column + gutter, right)):
        y = round(1.6 * dpi)
        for line in lines:
            draw.text((x, y), line, font=font, fill=0)
            y += round(font.size * 1.8)
    return page


def typeset(lines: list[str], dpi: int = 300, size_mm: tuple = A4_MM, top_in: float = 1.2):
    """A page at ``dpi``: the lines in 16 pt (三号) from the top, centred head lines."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = (round(mm / 25.4 * dpi) for mm in size_mm)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    size = round(16 / 72 * dpi)
    font = ImageFont.truetype(str(FONT), size)
    y = round(top_in * dpi)
    for i, line in enumerate(lines):
        big = i == 2 and len(lines) > 5  # the title, as a 公文 sets it
        face = ImageFont.truetype(str(FONT), round(size * 1.3)) if big else font
        w = draw.textlength(line, font=face)
        x = (width - w) / 2 if i < 3 and len(lines) > 5 else round(1.1 * dpi)
        draw.text((x, y), line, font=face, fill=0)
        y += round(face.size * 1.9)
    return page


def _photo(page, rng: random.Random, *, angle: float, shadow: float, dpi: int, quality: int):
    """The sheet on a desk, turned, lit unevenly, noisy, resampled and JPEG-compressed."""
    import numpy as np
    from PIL import Image

    w, h = page.size
    desk = Image.new("L", (w + w // 10, h + h // 12), 70)
    desk.paste(page, (w // 20, h // 24))
    photo = desk.rotate(angle, Image.Resampling.BICUBIC, fillcolor=70)
    pixels = np.asarray(photo, np.float32)
    ramp = np.linspace(1.0, 1.0 - shadow, pixels.shape[1], dtype=np.float32)
    pixels = 60 + pixels * 0.7 * ramp[None, :]  # dull contrast, shadow to the right
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 9, pixels.shape)
    pixels = np.clip(pixels + noise, 0, 255).astype(np.uint8)
    photo = Image.fromarray(pixels).convert("RGB")
    scale = dpi / 300
    photo = photo.resize((round(photo.width * scale), round(photo.height * scale)))
    buf = io.BytesIO()
    photo.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())), dpi


def _phone(page, rng):
    return _photo(page, rng, angle=3.5, shadow=0.45, dpi=170, quality=35)


def _shadow(page, rng):
    return _photo(page, rng, angle=-2.2, shadow=0.7, dpi=200, quality=50)


def _faint(page, rng):
    import numpy as np
    from PIL import Image

    pixels = np.asarray(page, np.float32)
    pixels = 150 + pixels * (60 / 255)  # ink at 150, paper at 210
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 12, pixels.shape)
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    return image.resize((image.width * 2 // 3, image.height * 2 // 3)), 200


def _fax(page, rng):
    import numpy as np
    from PIL import Image

    image = page.rotate(2.0, Image.Resampling.BICUBIC, fillcolor=255)
    image = image.resize((image.width * 2 // 3, image.height * 2 // 3))
    pixels = np.asarray(image) < 150
    speckle = np.random.default_rng(rng.randrange(1 << 30)).random(pixels.shape) < 0.004
    return Image.fromarray(np.where(pixels ^ speckle, 0, 255).astype(np.uint8)).convert("1"), 200


_SPOIL = {"phone": _phone, "shadow": _shadow, "faint": _faint, "fax": _fax}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=8)
    args = ap.parse_args()
    cases = write(args.out, args.pages)
    print(f"{len(cases)} scans written under {args.out}")


if __name__ == "__main__":
    main()
