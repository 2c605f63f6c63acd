"""The document page's title without a portal's 《》 or 【城市】 decoration (issue 11 item 7)."""

from __future__ import annotations

import gzip
import json
import re
from itertools import islice

import pytest

from search_app.official_title import official_title

from .conftest import require_shared


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "《关于2026年度住房公积金缴存基数范围的通告》",
            "海南省住房公积金管理局关于\n\n2026年度住房公积金缴存基数范围的通告\n\n根据……",
            "海南省住房公积金管理局关于2026年度住房公积金缴存基数范围的通告",
        ),
        (
            "《关于调整2026年住房公积金缴存额的通知》",
            "各有关单位:\n根据国务院《住房公积金管理条例》……",
            "关于调整2026年住房公积金缴存额的通知",
        ),
        (
            "【天津】关于做好防汛工作的通知",
            "关于做好防汛工作的通知\n各区：",
            "关于做好防汛工作的通知",
        ),
        ("《条例》释义", "正文", "《条例》释义"),  # a 《》 inside the title is not decoration
        ("关于印发《某办法》的通知", "某局关于印发《某办法》的通知", "关于印发《某办法》的通知"),
    ],
)
def test_decoration_goes_and_the_body_completes_the_title(title, body, expected):
    assert official_title(title, body) == expected


def test_real_decorated_titles_come_out_plain_and_as_the_body_writes_them():
    shared = require_shared()
    seen = 0
    with gzip.open(shared / "docs.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in islice(f, 0, None, 9):  # every ninth of the 5,839
            doc = json.loads(line)
            title, body = doc.get("title") or "", doc.get("body") or ""
            if not (title.startswith("【") or (title.startswith("《") and title.endswith("》"))):
                continue
            seen += 1
            shown = official_title(title, body)
            assert not shown.startswith("【"), shown
            assert not (shown.startswith("《") and shown.endswith("》") and shown.count("《") == 1)
            flat_title, flat_body = re.sub(r"\s", "", title), re.sub(r"\s", "", body)
            assert shown in flat_title or shown in flat_body  # nothing invented
    assert seen > 50
