"""What a hard case is, and how one is written: shared by the classes' generators
(``tools/hard_fixtures.py``, ``tools/hard_office.py``, ``tools/law_fixtures.py``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

SIZES = {"small": {"giant_line": 60_000, "giant_para": 30_000}}
SIZES["bench"] = {"giant_line": 1_500_000, "giant_para": 60_000}

BODY = [
    "为进一步规范相关工作，切实维护群众合法权益，经研究，现就有关事项通知如下。",
    "一、提高思想认识，加强组织领导，明确工作责任。",
    "二、完善制度措施，强化监督检查，确保工作落到实处。",
    "三、各单位要结合实际，认真抓好贯彻落实。",
]


@dataclass
class Case:
    """One file and what a reader must get out of it (None: not scored)."""

    cls: str
    name: str
    title: str | None = None
    department: str | None = None
    doc_number: str | None = None
    date: str | None = None
    doc_type: str | None = None
    phrases: list[str] = field(default_factory=list)
    scan: bool = False


def put(out: Path, case: Case, data: str | bytes, meta: dict | None = None) -> Case:
    path = out / case.cls / case.name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    if meta:
        (path.parent / f"{case.name}.meta.json").write_text(
            json.dumps(meta, ensure_ascii=False), encoding="utf-8"
        )
    return case


def notice(org: str, title: str, number: str, date_cn: str, lines: list[str]) -> str:
    return "\n".join([f"{org}文件", number, title, "各有关单位：", *lines, org, date_cn]) + "\n"
