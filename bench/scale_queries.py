"""The query mix of ``make bench-scale``: every kind the query language has, drawn (seeded) from
the generated corpus's own vocabulary (``scale_corpus`` ranks it by frequency) and documents."""

from __future__ import annotations

import random
import re

from scale_corpus import YEARS

#: Kinds in report order. Each request is one ``/api/search`` answer with facets and snippets.
KINDS = (
    "high",
    "mid",
    "low",
    "and",
    "or",
    "phrase",
    "fragment",
    "number",
    "filters",
    "facet_year",
    "facet_department",
    "facet_topic",
    "facet_doc_type",
    "facet_validity",
    "date_sort",
    "page50",
    "question",
)
_CJK = re.compile(r"[\u4e00-\u9fff]{6,}")


def query_set(
    vocab: list[str], docs: list[dict], per_kind: int, seed: int = 11
) -> list[tuple[str, dict]]:
    """(kind, query-string arguments), ``per_kind`` of each kind, interleaved."""
    rng = random.Random(seed)
    high, mid = vocab[:30], vocab[300:1500] or vocab
    low = vocab[len(vocab) // 3 : len(vocab) // 2] or vocab
    sample = rng.sample(docs, min(len(docs), 400))

    def piece(length: int) -> str:
        runs = [r for d in rng.sample(sample, 5) for r in _CJK.findall(d["body"])]
        run = rng.choice(runs or ["政府信息公开工作"])
        start = rng.randrange(max(1, len(run) - length + 1))
        return run[start : start + length]

    def phrase() -> str:
        for _ in range(50):  # a vocabulary word with its neighbours, as the text has it
            text = piece(12)
            words = [w for w in mid + high if w in text]
            if words:
                w = rng.choice(words)
                i = text.index(w)
                return text[max(0, i - 2) : i + len(w) + 2]
        return piece(6)

    def facet(name: str) -> str:
        doc = rng.choice(sample)
        return doc.get(name) or (doc["date"][:4] if name == "year" else "")

    shapes = {
        "high": lambda: {"q": rng.choice(high)},
        "mid": lambda: {"q": rng.choice(mid)},
        "low": lambda: {"q": rng.choice(low)},
        "and": lambda: {"q": f"{rng.choice(mid)} {rng.choice(mid)}"},
        "or": lambda: {"q": f"{rng.choice(mid)} OR {rng.choice(mid)}"},
        "phrase": lambda: {"q": f'"{phrase()}"'},
        "fragment": lambda: {"q": f'"{piece(rng.randint(3, 15))}"'},
        "number": lambda: {"q": rng.choice(sample)["doc_number"]},
        "filters": lambda: {
            "q": rng.choice(mid),
            "year": str(rng.choice(YEARS)),
            "topic": facet("topic"),
        },
        "date_sort": lambda: {"q": rng.choice(high), "sort": "date"},
        "page50": lambda: {"q": rng.choice(high), "page": "50"},
        "question": lambda: {"q": f"{rng.choice(mid)}{rng.choice(mid)}需要什么条件怎么办理"},
    }
    for name in ("year", "department", "topic", "doc_type", "validity"):
        shapes[f"facet_{name}"] = lambda name=name: {"q": rng.choice(mid), name: facet(name)}
    return [(kind, shapes[kind]()) for _ in range(per_kind) for kind in KINDS]
