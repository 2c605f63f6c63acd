"""How long a citizen waits for a question: p50/p95 of the results page's search, in-process.

Each question is searched as the results page searches it (first page, default size), with
the article re-ranking (``article_rank.RERANK_DOCS``) and with it switched off, alternating
per question in the same run, so the load of the machine falls on both alike and the ratio
says what the re-ranking costs; and with the memory of earlier questions (``indexer.asked``)
emptied, which is what choosing the article under each hit by their vote costs; and without
the generation's article index (``indexer.article_index``), which is what its candidates
cost; and without the words earlier questions teach (``indexer.asked_words``), which is what
their fourth list costs; and without the first articles lending to their neighbours
(``fusion.lend``); and without the articles nearest by the word vectors
(``indexer.article_vectors``). The first pass of each question is the one timed (the generation's
rank cache would make a second pass a slice).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def question_latency(index: Path, questions: list[str]) -> list[str]:
    """Table lines: p50/p95 in ms with and without the re-ranking, and their ratio."""
    from indexer import article_rank, fusion
    from indexer.config import Settings
    from indexer.service import SearchService

    on, lending, dense = article_rank.RERANK_DOCS, fusion.NEIGHBOUR_TOP, fusion.DENSE_WEIGHT
    empty = Path(tempfile.mkdtemp(prefix="xxgk-asked-")) / "asked.tsv"
    empty.write_text("# no earlier questions\n", encoding="utf-8")
    services = {
        "re-ranked": SearchService(Settings.load(environ={}, index=index)),
        "whole text only": SearchService(Settings.load(environ={}, index=index)),
        "re-ranked, no memory": SearchService(
            Settings.load(environ={"XXGK_ASKED": str(empty)}, index=index)
        ),
        "re-ranked, no article index": SearchService(Settings.load(environ={}, index=index)),
        "re-ranked, no learned words": SearchService(
            Settings.load(environ={"XXGK_ASKED_WORDS": str(empty)}, index=index)
        ),
        "re-ranked, no neighbours": SearchService(Settings.load(environ={}, index=index)),
        "re-ranked, no vectors": SearchService(Settings.load(environ={}, index=index)),
    }
    services["re-ranked, no article index"].article_index = lambda: None  # type: ignore[method-assign]
    for service in services.values():
        service.warm_up()
    times: dict[str, list[float]] = {name: [] for name in services}
    try:
        for i, q in enumerate(questions):
            names = list(services)
            names = names[i % len(names) :] + names[: i % len(names)]  # each arm first as often
            for name in names:
                article_rank.RERANK_DOCS = 0 if name == "whole text only" else on
                fusion.NEIGHBOUR_TOP = 0 if name == "re-ranked, no neighbours" else lending
                fusion.DENSE_WEIGHT = 0.0 if name == "re-ranked, no vectors" else dense
                service = services[name]
                t = time.perf_counter()
                service.search(service.request({"q": [q]}))
                times[name].append((time.perf_counter() - t) * 1000)
    finally:
        article_rank.RERANK_DOCS, fusion.NEIGHBOUR_TOP = on, lending
        fusion.DENSE_WEIGHT = dense
    lines = [f"\nquestion latency, {len(questions)} questions, first page (in-process):"]
    lines += ["| ranking | p50 ms | p95 ms |", "|---|---|---|"]
    for name, ts in times.items():
        lines.append(f"| {name} | {_pct(ts, 50):.0f} | {_pct(ts, 95):.0f} |")
    a = times["re-ranked"]
    for name in list(times)[1:]:
        b = times[name]
        lines.append(
            f"re-ranked / {name}: p50 {_pct(a, 50) / _pct(b, 50):.2f}x, "
            f"p95 {_pct(a, 95) / _pct(b, 95):.2f}x (target p95 <= 300 ms)"
        )
    return lines


def _pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
