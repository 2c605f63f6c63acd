"""All settings in one place: defaults < xxgk.toml (or $XXGK_CONFIG) < XXGK_* env vars < flags.

Nothing else in the code base reads os.environ, so a setting has exactly one name and one
default, and the README's table can be checked against ``Settings.describe()``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError

PACKAGE_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Analysis:
    """How text becomes tokens and queries grow synonyms: the part of the settings that the
    segmenter, the Whoosh analyzer and the query parser share. Made once from Settings (the
    dictionary as the string that jieba and the segmenter cache key on), then passed whole."""

    user_dict: str | None = None
    synonyms: Path | None = None


@dataclass(frozen=True)
class Settings:
    docs: Path = field(default=Path("corpus"), metadata={"help": "folder of documents to index"})
    index: Path = field(default=Path("var/index"), metadata={"help": "index generations"})
    engine: str = field(
        default="whoosh",
        metadata={"help": "search engine a build writes: whoosh, or tantivy for 10^5+ documents"},
    )
    host: str = field(default="127.0.0.1", metadata={"help": "address the server listens on"})
    port: int = field(default=8000, metadata={"help": "port the server listens on"})
    article_index_max_docs: int = field(
        default=50_000,
        metadata={
            "help": "build a generation's index of every law's articles (questions' deeper "
            "candidates, about 1 ms of CPU per document) up to this many documents; 0: never"
        },
    )
    article_vectors_min_words: int = field(
        default=2_000_000,
        metadata={
            "help": "learn word vectors of the collection at index time (questions' articles by "
            "meaning) when its text holds at least this many words; 0: never"
        },
    )
    article_vectors_max_words: int = field(
        default=20_000_000,
        metadata={
            "help": "the most words of text the word vectors learn from (19 million: about "
            "3.5 minutes on 2 cores)"
        },
    )
    threads: int = field(default=8, metadata={"help": "worker threads per server process"})
    user_dict: Path = field(
        default=PACKAGE_DATA / "userdict.txt",
        metadata={"help": "jieba user dictionary (department names, policy terms)"},
    )
    synonyms: Path = field(
        default=PACKAGE_DATA / "synonyms.txt",
        metadata={"help": "abbreviations and synonyms expanded at query time"},
    )
    lexicon: Path = field(
        default=PACKAGE_DATA / "lexicon.tsv",
        metadata={"help": "everyday words → official terms for questions (lay, terms, source)"},
    )
    asked: Path = field(
        default=PACKAGE_DATA / "asked.tsv",
        metadata={
            "help": "earlier questions and the articles that answered them (question, id, …)"
        },
    )
    asked_words: Path = field(
        default=PACKAGE_DATA / "asked_words.tsv",
        metadata={
            "help": "earlier questions and the words of the articles that answered them: the "
            "article words a question's words stand for (question, words)"
        },
    )
    topics_file: Path = field(
        default=PACKAGE_DATA / "topics.toml",
        metadata={"help": "主题分类 catalogue (一级/二级 and their words) for untagged documents"},
    )
    page_size: int = field(default=10, metadata={"help": "results per page by default"})
    max_page_size: int = field(default=100, metadata={"help": "largest size= accepted"})
    facet_limit: int = field(default=30, metadata={"help": "values shown per facet"})
    max_query_chars: int = field(default=200, metadata={"help": "longest query accepted"})
    max_filter_values: int = field(
        default=20, metadata={"help": "most values one facet filter may select (more: HTTP 400)"}
    )
    max_params: int = field(
        default=60, metadata={"help": "most parameter values one search URL may carry"}
    )
    site_name: str = field(
        default="政府信息公开检索",
        metadata={"help": "the site's name: page header and 来源 line of a printed document"},
    )
    export_max_rows: int = field(
        default=5000,
        metadata={"help": "most documents one CSV/XLSX export holds (the file says when cut)"},
    )
    feed_entries: int = field(default=50, metadata={"help": "entries in an Atom feed (newest)"})
    stats_rule_types: str = field(
        default="规定 办法 规则 细则 令",
        metadata={"help": "公文种类 counted as 规章 on /stats (space-separated)"},
    )
    request_budget_ms: int = field(
        default=2000,
        metadata={
            "help": "work one search may take (ms) before it answers with partial results (0: none)"
        },
    )
    processes: int = field(
        default=0, metadata={"help": "server processes sharing the port (0: one per core)"}
    )
    staff_password_hash: str = field(
        default="",
        metadata={
            "help": "hash of the staff password (`xxgk staff-password`); empty: staff pages off"
        },
    )
    secret_key: str = field(
        default="",
        metadata={"help": "signs staff session cookies; empty: a new key at each server start"},
    )
    staff_session_minutes: int = field(
        default=30, metadata={"help": "a staff login ends after this many idle minutes"}
    )
    keep_generations: int = field(default=2, metadata={"help": "old index generations kept"})
    min_keep_ratio: float = field(
        default=0.5, metadata={"help": "refuse a rebuild that keeps fewer docs than this share"}
    )
    health_cache_s: float = field(
        default=5.0, metadata={"help": "seconds /healthz reuses its last check of the index"}
    )
    workers: int = field(default=0, metadata={"help": "extraction processes (0: one per core)"})
    index_writers: int = field(
        default=0,
        metadata={"help": "processes writing index segments in a large build (0: one per core)"},
    )
    max_file_mb: int = field(default=200, metadata={"help": "larger files are skipped"})
    extract_timeout_s: int = field(
        default=120,
        metadata={"help": "seconds one file may take to read (OCR included) before it is given up"},
    )
    extract_memory_mb: int = field(
        default=2048,
        metadata={"help": "memory limit of each extraction process (and its OCR/antiword tools)"},
    )
    ocr_steps: str = field(
        default="grayscale,crop,deskew,flatten,otsu,columns",
        metadata={
            "help": "image clean-up before OCR, comma-separated: upscale, grayscale, crop, "
            "deskew, flatten, otsu, sauvola, columns (a page without a gutter is read as one "
            "block); none: off"
        },
    )

    @classmethod
    def load(
        cls,
        config_file: Path | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings from every layer; ``overrides`` (CLI flags) win, None means unset."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = config_file or _config_path(environ)
        if path is not None:
            values.update(_read_toml(path))
        for f in fields(cls):
            env = environ.get(f"XXGK_{f.name.upper()}")
            if env not in (None, ""):
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**{k: _convert(cls, k, v) for k, v in values.items()})

    @classmethod
    def describe(cls) -> list[tuple[str, str, Any]]:
        """(env var, help, default) rows, for `xxgk status` and the README."""
        return [
            (f"XXGK_{f.name.upper()}", f.metadata.get("help", ""), f.default) for f in fields(cls)
        ]

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def analysis(self) -> Analysis:
        """The segmentation and synonym settings, converted here and nowhere else."""
        return Analysis(str(self.user_dict) if self.user_dict else None, self.synonyms)


def _config_path(environ: Mapping[str, str]) -> Path | None:
    named = environ.get("XXGK_CONFIG")
    if named:
        return Path(named)
    local = Path("xxgk.toml")
    return local if local.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    data = data.get("xxgk", data)  # accept a bare table or an [xxgk] section
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    return data


def _convert(cls: type, name: str, value: Any) -> Any:
    hints = get_type_hints(cls)
    if name not in hints:
        raise ConfigError(f"unknown setting {name!r}")
    kind = hints[name]
    try:
        if kind is Path:
            return Path(value).expanduser()
        if kind is int:
            return int(value)
        if kind is float:
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {value!r} is not a valid {kind.__name__}") from exc
