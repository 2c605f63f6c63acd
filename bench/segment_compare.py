"""`make bench-segment`: the fast cut (``indexer/fastcut.py``, jieba-rs) against pure jieba
0.42.1 on every document of the shared corpus, once: documents compared, documents whose tokens
differ (must be 0) and the CPU of each.

Both sides run ``segment.tokenize_text`` in index mode, the tokens every engine indexes:
``pure=True`` cuts with jieba's own ``Tokenizer.cut``, the default with the fast cut. Titles and
bodies are compared whole (every token, position and offset). The last line is
``BENCH-SEGMENT {json}``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.config import Settings  # noqa: E402
from indexer.fastcut import fast_cutter  # noqa: E402
from indexer.segment import segmenter, tokenize_text  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus" / "docs.jsonl.gz"


def texts(path: Path, limit: int | None) -> list[tuple[str, str]]:
    """(id, text) for each record's title and body."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, limit):
            rec = json.loads(line)
            out += [(f"{rec['id']}:title", str(rec.get("title") or ""))]
            out += [(f"{rec['id']}:body", str(rec.get("body") or ""))]
    return out


def compare(items: list[tuple[str, str]], user_dict: str | None) -> dict:
    """Tokens of both cuts per text; CPU seconds of each side, measured in turn."""
    segmenter(user_dict), fast_cutter(user_dict)  # dictionaries loaded outside the timing
    t = time.process_time()
    pure = [tokenize_text(text, user_dict, pure=True) for _, text in items]
    pure_s = time.process_time() - t
    t = time.process_time()
    fast = [tokenize_text(text, user_dict) for _, text in items]
    fast_s = time.process_time() - t
    differ = [key for (key, _), a, b in zip(items, pure, fast, strict=True) if a != b]
    return {
        "texts": len(items),
        "docs": len({key.rsplit(":", 1)[0] for key, _ in items}),
        "docs_differing": len({key.rsplit(":", 1)[0] for key in differ}),
        "first_differing": differ[:5],
        "tokens": sum(map(len, pure)),
        "pure_cpu_s": round(pure_s, 1),
        "fast_cpu_s": round(fast_s, 1),
        "cpu_ratio": round(pure_s / fast_s, 2) if fast_s else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jsonl", type=Path, default=SHARED, help="records with title and body")
    ap.add_argument("--limit", type=int, help="first N records only")
    args = ap.parse_args()
    res = {"jsonl": args.jsonl.name, **compare(texts(args.jsonl, args.limit), _user_dict())}
    print(
        f"{res['docs']} documents ({res['tokens']} tokens): {res['docs_differing']} differ; "
        f"CPU pure jieba {res['pure_cpu_s']} s, fast cut {res['fast_cpu_s']} s "
        f"(÷{res['cpu_ratio']} of the whole tokenisation)"
    )
    print("BENCH-SEGMENT " + json.dumps(res, ensure_ascii=False), flush=True)


def _user_dict() -> str | None:
    return Settings().analysis.user_dict


if __name__ == "__main__":
    main()
