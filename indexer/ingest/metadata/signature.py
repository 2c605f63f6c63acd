"""署名 and 成文日期: the signature block at the end of the body, above the 版记.

GB/T 9704 puts the 发文机关署名 right above the 成文日期; it is the most reliable place for
the issuing department when the red header is missing from the text.
"""

from __future__ import annotations

import re
import unicodedata

from ...textnorm import CJK
from .dates import is_date_line
from .layout import ORG_END, ORG_RE, Layout, is_parenthetical

# The formula a 公文's last sentence ends with, right above the 成文日期 when the 署名 is
# missing from the text (or is an image).
_CLOSING_RE = re.compile(
    r"(?:特此(?:通知|公告|通告|函告|批复|报告)|此复|为要|执行|实施|办理|落实|施行|遵照执行)[。!！]$"
)
_FORMULA_RE = re.compile(r"(?:特此(?:通知|公告|通告|函告)|此复)。")
_RUN_ON_RE = re.compile(
    rf"(?:^|[。！；：]|[^{CJK}\s])(?P<org>(?!附件|特此)[{CJK}][{CJK} ]{{1,40}}?(?:{ORG_END}))"
    rf"\s*(?P<date>(?:19|20)\d{{2}}年\d{{1,2}}月\d{{1,2}}日)"
    rf"(?=$|[^{CJK}\d]|公告|附件|关于|中华人民共和国)"
)
# Right after the closing formula only a signature can stand, so the date may be glued to
# what follows ("特此公告。海关总署2024年4月30日加工贸易货物…"), and an attachment's name
# may come first ("特此公告。附件：有害生物监测要求海关总署2024年7月19日附件…").
_AFTER_FORMULA_RE = re.compile(
    rf"^(?P<annex>附件[:：][^。]{{1,80}}?)?(?P<org>[{CJK}][{CJK} ]{{1,40}}?(?:{ORG_END}))\s*"
    rf"(?P<date>(?:19|20)\d{{2}}年\d{{1,2}}月\d{{1,2}}日)"
)


def find_signature_date(layout: Layout) -> str | None:
    """成文日期: the date standing alone under the 署名, before the 版记 (抄送/印发)."""
    index = signature_date_index(layout)
    if index is not None:
        return layout.compact[index].strip("()（）")
    run_on = _run_on_signature(layout)
    if run_on:
        return run_on.group("date")
    after = _after_formula(layout)
    return after.group("date") if after else None


def _after_formula(layout: Layout) -> re.Match | None:
    """A flattened page's 署名 and 成文日期 glued to the text after them: an organisation and
    a date right after "特此公告。"."""
    for line in layout.lines[layout.body_start :]:
        for m in _FORMULA_RE.finditer(line):
            if found := _AFTER_FORMULA_RE.match(unicodedata.normalize("NFKC", line[m.end() :])):
                return found
    return None


def _run_on_signature(layout: Layout) -> re.Match | None:
    """Pages scraped without line breaks end "…特此公告。海关总署2024年8月7日…": an
    organisation right after a sentence end, glued to a date, near the end of the text."""
    tail = "".join(unicodedata.normalize("NFKC", line) for line in layout.lines[-3:])[-400:]
    if found := _RUN_ON_RE.search(tail):
        return found
    # the attachments follow the signature on the same flattened line: find it by the
    # closing formula right before it ("特此公告。海关总署2023年11月29日附件：…")
    for line in layout.lines[layout.body_start :]:
        for m in _FORMULA_RE.finditer(line):
            if found := _RUN_ON_RE.match(unicodedata.normalize("NFKC", line[m.end() - 1 :])):
                return found
    return None


def signature_date_index(layout: Layout) -> int | None:
    """The first standalone date line with an organisation right above it, else the last
    standalone date line in the final third of the text."""
    compact = layout.compact
    end = layout.banji_start()
    dates = [i for i in range(layout.body_start, end) if is_date_line(compact[i])]
    for i in dates:
        if org_lines_above(layout, i):
            return i
    for i in dates:  # no 署名 line, but the date closes the text ("…请认真贯彻执行。")
        if i > layout.body_start and _CLOSING_RE.search(compact[i - 1]):
            return i
    late = [i for i in dates if i >= len(compact) * 2 / 3]
    return late[-1] if late else None


def org_lines_above(layout: Layout, index: int) -> list[int]:
    """The contiguous 署名 lines above a date line (a seal note in brackets is skipped)."""
    found: list[int] = []
    i = index - 1
    while i >= max(layout.body_start, index - 6):
        c = layout.compact[i]
        if ORG_RE.match(c):
            found.insert(0, i)
        elif not (is_parenthetical(c) and found):
            break
        i -= 1
    return found


def find_signature_department(layout: Layout) -> str | None:
    """The lead (first) organisation of the 署名 above the 成文日期."""
    index = signature_date_index(layout)
    if index is None:
        run_on = _run_on_signature(layout)
        if run_on:
            return run_on.group("org").split()[0]
        # after the formula, the 署名 — unless an attachment's name was run into it
        after = _after_formula(layout)
        return after.group("org").split()[0] if after and not after.group("annex") else None
    orgs = org_lines_above(layout, index)
    return _first_org(layout.lines[orgs[0]]) if orgs else None


def _first_org(line: str) -> str:
    """A line may hold several joint issuers separated by spaces; the first one leads."""
    parts = [p for p in re.split(r"\s{2,}|\u3000+", line.strip()) if p]
    return parts[0] if parts else line.strip()
