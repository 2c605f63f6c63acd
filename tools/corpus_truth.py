"""Ground truth for the sample corpus: expected metadata, search phrases, and corpus checks.

The truth states what a correct extractor must report for each file, by the precedence the
product uses: a sidecar's value wins, then the portal page's table, then what the body itself
says (title as written, 署名/red-header department, 成文日期). Topics are never invented: a
document has one only if a sidecar or a portal table gives it.

Phrases are for search tests, so they are chosen to be fair and sharp: whole jieba words in a
row (the query analyser then produces the same tokens the index holds), 4–10 Chinese
characters, inside one line of the file as written, and found in at most two documents.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import jieba

META_FIELDS = ("title", "department", "doc_number", "date", "doc_type", "topic", "index_no")
# 发文字号 in running text, after NFKC (full-width digits) and with any bracket around the year.
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{2,8})[〔\[(【﹝](\d{4})[〕\])】﹞](\d+)号")
_REPEALED = re.compile(r"（([^（）]{4,20}号)）同时废止")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")
REQUIRED_TYPES = {"通知", "公告", "意见", "办法", "报告", "批复", "函", "通告"}


def truth_entry(
    stated: dict[str, str | None],
    given: dict[str, str],
    *,
    fmt: str,
    encoding: str | None,
    sidecar: str | None,
    text: str,
    phrases: list[str],
) -> dict:
    """One document's facts: ``stated`` is what the body says, ``given`` what a sidecar or the
    portal table says (it wins). Topic and 索引号 come only from ``given``."""
    facts = {k: stated.get(k) for k in META_FIELDS}
    facts["topic"] = facts["index_no"] = None
    facts.update(given)
    own = facts["doc_number"]
    return {
        "title": facts["title"],
        "department": facts["department"],
        "doc_number": own,
        "date": facts["date"],
        "year": int(facts["date"][:4]) if facts["date"] else None,
        "doc_type": facts["doc_type"],
        "topic": facts["topic"],
        "index_no": facts["index_no"],
        "format": fmt,
        "encoding": encoding,
        "has_sidecar": sidecar is not None,
        "sidecar": sidecar,
        "cites": [n for n in doc_numbers(text) if n != own],
        "repeals": [n for m in _REPEALED.findall(text) for n in doc_numbers(m)],
        "phrases": phrases,
    }


def doc_numbers(text: str) -> list[str]:
    """Every 发文字号 the text cites, canonical (代字〔年份〕序号号), first mention first."""
    folded = unicodedata.normalize("NFKC", text)
    found = (f"{code}〔{year}〕{int(num)}号" for code, year, num in _DOC_NUMBER.findall(folded))
    return list(dict.fromkeys(found))


# ── phrases ──────────────────────────────────────────────────────────────────────────────


def make_segmenter(user_dict: Path | None) -> jieba.Tokenizer:
    """The stock jieba dictionary plus the project's user dictionary, as the index uses."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    if user_dict is not None and user_dict.is_file():
        tok.load_userdict(str(user_dict))
    return tok


def choose_phrases(
    units: dict[str, list[str]], texts: dict[str, str], tok: jieba.Tokenizer, per_doc: int = 3
) -> dict[str, list[str]]:
    """Three rare phrases per document, one from each third of its own body text.

    ``units`` are the document's own body texts, each kept on one line by its format;
    ``texts`` the full indexable text of every document, for the rarity count.
    """
    chosen: dict[str, list[str]] = {}
    for rel in sorted(units):
        picked: list[str] = []
        parts = _thirds(units[rel])
        for part in [*parts, units[rel]]:
            if len(picked) == per_doc:
                break
            phrase = _best_phrase(part, texts, tok, picked)
            if phrase:
                picked.append(phrase)
        if len(picked) < per_doc:
            raise SystemExit(f"{rel}: only {len(picked)} rare phrases found")
        chosen[rel] = picked
    return chosen


def _thirds(items: list[str]) -> list[list[str]]:
    n = len(items)
    cuts = [0, max(1, n // 3), max(2, 2 * n // 3), n]
    return [items[cuts[i] : cuts[i + 1]] for i in range(3)]


def _best_phrase(
    units: Iterable[str], texts: dict[str, str], tok: jieba.Tokenizer, taken: list[str]
) -> str | None:
    """The candidate closest to 7 characters that occurs in one document (else two)."""
    candidates = sorted(
        {c for unit in units for c in _candidates(unit, tok)}, key=lambda c: (abs(len(c) - 7), c)
    )
    fallback = None
    for phrase in candidates:
        if any(phrase in t or t in phrase for t in taken):
            continue
        count = sum(phrase in text for text in texts.values())
        if count == 1:
            return phrase
        if count == 2 and fallback is None:
            fallback = phrase
    return fallback


def _candidates(unit: str, tok: jieba.Tokenizer) -> list[str]:
    """Runs of two or more consecutive words, all Chinese, 4–10 characters, that segment
    the same way on their own as in context."""
    words = tok.lcut(unit)
    out = []
    for i in range(len(words)):
        total = 0
        for j in range(i, len(words)):
            if not _ALL_CJK.fullmatch(words[j]):
                break
            total += len(words[j])
            if total > 10:
                break
            phrase = "".join(words[i : j + 1])
            if (
                j > i
                and total >= 4
                and _whole_words(words[i], words[j], phrase, tok, words[i : j + 1])
            ):
                out.append(phrase)
    return out


def _whole_words(first: str, last: str, phrase: str, tok: jieba.Tokenizer, words) -> bool:
    """Both ends are real words (not a stray 个/为/的 from a neighbour) and the phrase segments
    on its own exactly as it does in context."""
    return len(first) > 1 and len(last) > 1 and tok.lcut(phrase) == words


# ── checks ───────────────────────────────────────────────────────────────────────────────


def check_corpus(truth: dict[str, dict], generated: int, body_sizes: dict[str, int]) -> list[str]:
    """What the corpus promises (see the brief in tools/make_corpus.py); returns problems."""
    docs = list(truth.values())
    problems = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    need(generated >= 44, f"only {generated} generated documents")
    need(len({d["department"] for d in docs}) >= 8, "fewer than 8 departments")
    need(len({d["year"] for d in docs if d["year"]}) >= 6, "fewer than 6 years")
    need(len({d["topic"] for d in docs if d["topic"]}) >= 8, "fewer than 8 topics")
    need(REQUIRED_TYPES <= {d["doc_type"] for d in docs}, "a required 文种 is missing")
    formats = Counter(d["format"] for d in docs)
    need(all(formats[f] >= 6 for f in ("pdf", "docx", "html", "txt")), f"formats {formats}")
    enc = Counter((d["format"], d["encoding"]) for d in docs)
    need(enc["txt", "gb18030"] >= 3 and enc["html", "gb18030"] >= 2, f"encodings {enc}")
    need(enc["txt", "utf-16"] >= 1 and enc["txt", "utf-8-sig"] >= 1, f"encodings {enc}")
    numbers = [d["doc_number"] for d in docs if d["doc_number"]]
    need(len(numbers) == len(set(numbers)), "duplicate 发文字号")
    cited = {n for d in docs for n in d["cites"]}
    need("阿行署发〔2014〕3号" in numbers and "阿行署发〔2014〕3号" in cited, "〔2014〕3号 link")
    for rel, size in body_sizes.items():
        need(600 <= size <= 2500, f"{rel}: body has {size} Chinese characters")
    return problems
