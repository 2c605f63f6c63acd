"""Paragraphs rebuilt from line-broken PDF text (issue 11 item 8): a page and its print show
the original's paragraphs, not one line per printed line, and lose no character."""

from __future__ import annotations

import pytest

from indexer.service import SearchService
from search_app.paragraphs import paragraphs

WIDTH = 28  # characters per printed line of an A4 公文 page (GB/T 9704: 28 per line)
DOCS = [
    "规范性文件/阿行署发〔2016〕12号.pdf",
    "2019/阿地财发〔2019〕12号.pdf",
    "规范性文件/阿行署发〔2014〕3号.txt",
]


def _printed(paras: list[str]) -> str:
    """The text as a PDF's text layer gives it: every paragraph cut into WIDTH-character lines."""
    lines = [p[i : i + WIDTH] for p in paras for i in range(0, len(p), WIDTH)]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def service(corpus_index) -> SearchService:
    return SearchService(corpus_index)


def _bounds(paras: list[str]) -> set[int]:
    """Where each paragraph ends, as an offset into the text without line breaks."""
    ends, at = set(), 0
    for p in paras:
        at += len(p)
        ends.add(at)
    return ends


@pytest.mark.parametrize("doc_id", DOCS)
def test_printed_lines_are_joined_back_into_the_originals_paragraphs(service, doc_id):
    original = paragraphs(service.get(doc_id).body)
    assert max(len(p) for p in original) > 2 * WIDTH  # so cutting them changes something
    printed = _printed(original)
    rebuilt = paragraphs(printed)
    text = "".join(original)
    assert "".join(rebuilt) == text
    assert _bounds(original) <= _bounds(rebuilt)  # no two paragraphs run together
    # a printed line that happens to end with a sentence cannot be told from a paragraph's end;
    # every other cut is joined back
    extra = _bounds(rebuilt) - _bounds(original)
    assert all(text[i - 1] in "。！？；：…" for i in extra), [text[i - 20 : i] for i in extra]
    assert len(rebuilt) - len(extra) == len(original) < len(printed.split("\n"))


def test_nothing_is_lost_and_whole_paragraphs_stay_whole(service):
    for doc_id in DOCS:
        body = service.get(doc_id).body
        lines = [line.strip() for line in body.split("\n") if line.strip()]
        joined = paragraphs(body)
        assert "".join(joined) == "".join(lines)
        whole = [line for line in lines if line.endswith("。")]
        assert all(any(p.endswith(line) for p in joined) for line in whole)
