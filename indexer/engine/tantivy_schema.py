"""The tantivy schema, and a Document as tantivy fields (XXGK_ENGINE=tantivy).

The tokens are ours: title and body carry ``segment.tokenize_text``'s tokens (jieba with our
dictionary, textnorm folding, sub-words and 发文字号 variants), exactly what the Whoosh analyzer
replays, handed over as one string with the tokens joined by a space, which the ``WORDS``
analyzer (tantivy's whitespace tokenizer) only splits again; the ``bigrams`` field carries
``compact`` text as overlapping character pairs at consecutive positions, so a quote is the
phrase of its pairs and matches exactly where the text holds it, as Whoosh's bigram ``grams``
does (a quote of one character is a term of the ``grams`` field, one character per term, cut
by tantivy's 1-gram tokenizer). Why these tokenizers and not a regex (``[^\x00]+``, ``.``):
tantivy's regex tokenizer cost 1.1 of the writer's 1.8 ms per generated document (issue 16:
build rate); the whitespace and n-gram ones cut the same tokens in a fifth of that. Our
tokens never hold ASCII whitespace (jieba skips it; ``term_text`` guards the rest) and
``compact`` text holds none. Pairs, not single characters: a phrase of frequent
characters (政府信息公开工作) read their long position lists, 40 ms at 8,000 documents against
0.3 ms as pairs. No tantivy tokenizer ever segments Chinese (it ships none for
jieba; relying on one broke all CJK search elsewhere). Why strings and not tantivy ``Token``
objects: building millions of Python objects per build was most of the write time (issue 16:
118 ms per shared document with Tokens); the strings are cut in Rust. Title and body need no
positions: quotes go to the pairs, words are term queries.
Everything a page shows comes back from one stored JSON record (``records.to_fields`` with the
stored title and body), so both engines return the same Document.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import tantivy

from ..models import Document
from ..pretokenized import PreTokenized
from ..segment import tokenize_text
from ..textnorm import compact, title_key
from .records import from_stored, grams_text, index_keys, title_index_text, to_fields

#: Bump when fields or tokens change in a way an old tantivy generation cannot serve.
SCHEMA_VERSION = "tantivy-4"
#: The index lives in this folder of the generation: tantivy writes a meta.json of its own.
FOLDER = "tantivy"
#: Searched fields and their weights: the Whoosh schema's title^3, doc_number^5, body.
BOOSTS: dict[str, float] = {"title": 3.0, "doc_number": 5.0, "body": 1.0}
#: The fields of our word tokens (term queries use ``term_text``).
WORD_FIELDS = ("title", "body")
#: Keyword fields: one exact term per value (citation keys, one per line in Whoosh).
KEY_FIELDS = ("cites", "repeals", "cite_keys")
#: What the search needs of every document without loading it: read once per generation.
COLUMNS = ("doc_id", "date", "title", "year", "department", "topic", "doc_type", "validity")
#: Facet values as raw terms in fast fields: filters and counts answered inside tantivy.
FACET_FIELDS = ("year", "department", "topic", "doc_type", "validity")
#: 成文日期 as YYYYMMDD (0: none), a fast field: date order and date/year ranges in tantivy.
DAY = "day"
#: Our analyzers, registered on every index that is opened to be written.
WORDS, CHARS = "xxgk_words", "xxgk_chars"


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("ord", indexed=True, fast=True)  # place in the columns file
    sb.add_text_field("doc_id", tokenizer_name="raw", index_option="basic")
    for name in WORD_FIELDS:  # our tokens, space-joined: frequencies, no positions
        sb.add_text_field(name, tokenizer_name=WORDS, index_option="freq")
    sb.add_text_field("grams", tokenizer_name=CHARS, index_option="basic")  # 1-character quotes
    sb.add_text_field("bigrams", tokenizer_name=WORDS, index_option="position")  # pairs
    sb.add_text_field("doc_number", tokenizer_name="raw", index_option="freq")
    sb.add_text_field("title_key", tokenizer_name="raw", index_option="basic")
    for name in FACET_FIELDS:  # fast: counted by tantivy's terms aggregation
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_unsigned_field(DAY, indexed=True, fast=True)
    for name in KEY_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_bytes_field("record", stored=True)
    return sb.build()


def register(index: tantivy.Index) -> tantivy.Index:
    """Our two analyzers on ``index`` (tantivy does not store them with the index): ``WORDS``
    splits at ASCII spaces only (no lower-casing, no length limit: the tokens are final),
    ``CHARS`` yields each character (the field keeps no positions)."""
    words = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(WORDS, words)
    chars = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(1, 1, False)).build()
    index.register_tokenizer(CHARS, chars)
    return index


def to_document(doc: Document, ord_: int, user_dict: str | None) -> tantivy.Document:
    """The tantivy document of ``doc``, numbered ``ord_`` (its row in the columns)."""
    out = tantivy.Document()
    out.add_unsigned("ord", ord_)
    out.add_text("doc_id", doc.doc_id)
    title = doc.prepared.get("title") or title_index_text(doc)
    out.add_text("title", joined(title, user_dict))
    out.add_text("body", joined(doc.prepared.get("body") or doc.body, user_dict))
    text = quoted(grams_text(doc))  # what a quote is a substring of
    out.add_text("grams", text)
    out.add_text("bigrams", pairs_text(text))
    if doc.doc_number:
        out.add_text("doc_number", doc.doc_number)
    out.add_text("title_key", title_key(doc.title or ""))
    row = columns_of(doc)
    for name in FACET_FIELDS:
        if row[name]:
            out.add_text(name, row[name])
    out.add_unsigned(DAY, day_number(row["date"]))
    for name, keys in index_keys(doc).items():
        for key in filter(None, keys.split("\n")):
            out.add_text(name, key)
    out.add_bytes("record", json.dumps(stored_record(doc), ensure_ascii=False).encode())
    return out


def quoted(text: str) -> str:
    """``compact`` text as the quote fields hold it (a NUL as U+FFFD)."""
    return compact(text).replace("\x00", "\ufffd")


def pairs(text: str) -> list[str]:
    """Each character with the next: position i holds ``text[i:i + 2]``."""
    return [text[i : i + 2] for i in range(len(text) - 1)]


def pairs_text(text: str) -> str:
    """``" ".join(pairs(text))``, built in one array: the same string a tenth of the time
    (a 1,300-character document: 14 against 136 µs, in the build's one writing process)."""
    if len(text) < 2:
        return ""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = np.empty((len(codes) - 1, 3), dtype=np.uint32)
    out[:, 0], out[:, 1], out[:, 2] = codes[:-1], codes[1:], ord(" ")
    return out.tobytes()[:-4].decode("utf-32-le", "surrogatepass")


def joined(text: str, user_dict: str | None) -> str:
    """Our tokens space-joined for ``WORDS`` (as a worker packed them, else segmented here)."""
    if isinstance(text, PreTokenized):
        words = text.words
    else:
        words = "\x00".join(t for t, *_ in tokenize_text(text, user_dict))
    if _ASCII_SPACE.search(words):  # never seen (see the module docstring): kept whole anyway
        words = words.translate(_SPACE_MAP)
    return words.replace("\x00", " ")


#: What tantivy's whitespace tokenizer splits at (``char::is_ascii_whitespace``).
_ASCII_SPACE = re.compile("[ \t\n\x0c\r]")
_SPACE_MAP = dict.fromkeys(map(ord, " \t\n\x0c\r"), "\ufffd")


def term_text(token: str) -> str:
    """A token as ``joined`` indexed it in a ``WORDS`` field: the text of a term query."""
    return token.translate(_SPACE_MAP) if _ASCII_SPACE.search(token) else token


def stored_record(doc: Document) -> dict[str, Any]:
    """What ``records.from_stored`` reads back: the stored title and body, not the tokens."""
    fields = to_fields(doc)
    fields["title"], fields["body"] = fields.pop("_stored_title"), fields.pop("_stored_body")
    keep = ("doc_id", "title", "body", "doc_number", "department", "topic", "doc_type", "date")
    return {k: fields[k] for k in (*keep, "index_no", "validity", "extra")}


def load_record(raw: bytes) -> Document:
    return from_stored(json.loads(raw))


def day_number(iso: str) -> int:
    """``2019-05-01`` → 20190501 (the order of the ISO text); no date → 0, last when newest
    first."""
    return int(iso.replace("-", "")) if iso else 0


def columns_of(doc: Document) -> dict[str, str]:
    """The document's row in the columns file."""
    return {
        "doc_id": doc.doc_id,
        "date": doc.date.isoformat() if doc.date else "",
        "title": doc.title or "",
        "year": str(doc.year) if doc.year else "",
        "department": doc.department or "",
        "topic": doc.topic or "",
        "doc_type": doc.doc_type or "",
        "validity": doc.validity or "",
    }
