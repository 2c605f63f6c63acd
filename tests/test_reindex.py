"""The weekly reindex: only what changed is read, and the result is what a full rebuild gives.

One small real collection (a sample of corpus/ plus written 公文) goes through a full build,
then a week of changes (an edit, an addition that repeals a 2014 notice, a newer version of a
law, a deletion, a rename) as an incremental run; a full rebuild of the same files in another
index folder is the independent answer every API record and top 10 is compared against.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from indexer.ingest.extract import pdf
from indexer.pipeline import backend_for, build
from indexer.reindex import Plan
from indexer.service import SearchService

from .conftest import CORPUS, index_texts, log_in, make_settings, staff_settings
from .test_engine_contract import ENGINES
from .test_versions import OTHER, V2010, V2018

OLD_2014 = """阿勒泰地区行政公署文件
阿行署发〔2014〕5号
关于印发阿勒泰地区政府信息公开管理办法的通知
各县（市）人民政府，地区各有关单位：
　　现将《阿勒泰地区政府信息公开管理办法》印发给你们，请认真遵照执行。
阿勒泰地区行政公署
2014年3月10日
"""
REPEALER = """阿勒泰地区行政公署文件
阿行署发〔2026〕3号
关于印发阿勒泰地区政府信息公开工作规定的通知
各县（市）人民政府，地区各有关单位：
　　现将《阿勒泰地区政府信息公开工作规定》印发给你们，请认真遵照执行。本规定自印发之日起施\
行，《阿勒泰地区行政公署关于印发阿勒泰地区政府信息公开管理办法的通知》（阿行署发〔2014〕5号）\
同时废止。
阿勒泰地区行政公署
2026年1月5日
"""
#: A sample of the shipped corpus: plain text, a PDF with its sidecar, Word, a portal page.
SAMPLE = (
    "2019/阿地卫健发〔2019〕16号.txt",
    "2023/关于开展2023年安全生产月活动的通知.txt",
    "通知公告/阿地人社发〔2015〕22号.txt",
    "通知公告/饮用水水源保护区通告.txt",
    "工作报告/教育局2016年度政府信息公开工作年度报告.txt",
    "2015/阿地建发〔2015〕31号.pdf",
    "2015/阿地建发〔2015〕31号.pdf.meta.json",
)
QUERIES = ("政府信息公开", "管理办法", "安全生产", "水源保护", "阿勒泰地区行政公署", "通知", "2015")


def _week_one(docs: Path) -> None:
    for rel in SAMPLE:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CORPUS / rel, docs / rel)
    for name, text in {
        "2014/old.txt": OLD_2014,
        "laws/v2010.txt": V2010,
        "laws/other.txt": OTHER,
        "gone.txt": "关于临时停水的通知\n因管网检修，明日停水一天。\n",
        "renamed-before.txt": "关于公布2024年地区重点项目清单的通知\n项目清单见附表。\n",
    }.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")


def _week_two(docs: Path) -> None:
    (docs / "2026").mkdir()
    (docs / "2026/repealer.txt").write_text(REPEALER, encoding="utf-8")
    (docs / "laws/v2018.txt").write_text(V2018, encoding="utf-8")
    edited = docs / "通知公告/饮用水水源保护区通告.txt"
    edited.write_bytes(edited.read_bytes() + "\r\n本通告自发布之日起施行。\r\n".encode("gb18030"))
    (docs / "gone.txt").unlink()
    (docs / "renamed-before.txt").rename(docs / "renamed-after.txt")


def _records(settings) -> dict[str, dict]:
    """Every document's /api/doc record, and the top 10 ids of each query, from the real app."""
    from search_app import create_app

    client = create_app(settings).test_client()
    ids = backend_for(settings).all_ids()
    docs = {i: client.get(f"/api/doc/{i}").get_json() for i in sorted(ids)}
    tops = {
        q: [h["id"] for h in client.get(f"/api/search?q={q}&size=10").get_json()["hits"]]
        for q in QUERIES
    }
    return {"docs": docs, "tops": tops}


def _files(path: Path) -> dict[str, bytes]:
    """Every file of a generation (an engine may keep its index in a subfolder)."""
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


@pytest.fixture(scope="module", params=ENGINES)
def weeks(request, tmp_path_factory):
    """(incremental settings, full-rebuild settings, week-two report, generation of week one),
    on each engine: the weekly update is part of the engine contract (issue 16)."""
    tmp = tmp_path_factory.mktemp("reindex")
    docs = tmp / "docs"
    docs.mkdir()
    _week_one(docs)
    inc = make_settings(tmp, docs=docs, engine=request.param)
    first = build(inc)
    assert first.run["mode"] == "full" and first.run["reason"] == "no index yet"
    old_files = _files(inc.index / first.generation)
    _week_two(docs)
    second = build(inc)
    full = make_settings(tmp, docs=docs).replace(index=tmp / "full-index")
    build(full, full=True)
    return inc, full, second, first.generation, old_files


def test_only_what_changed_is_read(weeks) -> None:
    inc, _, report, _, _ = weeks
    run = report.run
    assert run["mode"] == "update", run
    # new: repealer, v2018, renamed-after; changed: the edited notice; removed: gone, before
    assert (run["new"], run["changed"], run["removed"]) == (3, 1, 2)
    assert run["unchanged"] == report.indexed - 4
    assert run["read"] == 4 and run["failed"] == 0
    assert run["cache_hits"] == 1  # the renamed file: same bytes, not read again
    assert report.indexed == len(backend_for(inc).all_ids())


def test_the_update_equals_a_full_rebuild(weeks) -> None:
    inc, full, _, _, _ = weeks
    got, want = _records(inc), _records(full)
    assert sorted(got["docs"]) == sorted(want["docs"])
    for doc_id, record in want["docs"].items():
        assert got["docs"][doc_id] == record, doc_id
    if inc.engine == "tantivy":
        # tantivy's BM25 counts a deleted document in N, df and the field lengths until a merge
        # drops it (Lucene does the same); Whoosh's livestats does not: there the order agrees
        # too, here the same documents do
        got["tops"], want["tops"] = (
            {q: sorted(ids) for q, ids in tops.items()} for tops in (got["tops"], want["tops"])
        )
    assert got["tops"] == want["tops"]
    assert all(want["tops"][q] for q in ("政府信息公开", "管理办法"))  # the queries do match


def test_a_new_notice_repeals_the_2014_one_and_a_new_version_supersedes(weeks) -> None:
    inc, _, _, _, _ = weeks
    service = SearchService(inc)
    old = service.get("2014/old.txt")
    assert (old.validity, old.repealed_by) == ("已废止", ["2026/repealer.txt"])
    assert service.get("laws/v2010.txt").superseded_by == ["laws/v2018.txt"]
    status = service.status()
    assert (status["repealed"], status["superseded"]) == (1, 1)


def test_the_old_generation_is_untouched(weeks) -> None:
    inc, _, _, first, old_files = weeks
    assert _files(inc.index / first) == old_files


def test_removing_the_repealer_gives_the_2014_notice_its_own_validity_back(weeks, tmp_path):
    inc, _, _, _, _ = weeks
    docs = tmp_path / "docs"
    shutil.copytree(inc.docs, docs)
    settings = inc.replace(docs=docs, index=tmp_path / "index")
    shutil.copytree(inc.index, settings.index)
    (docs / "2026/repealer.txt").unlink()
    report = build(settings)
    assert (report.run["mode"], report.run["removed"]) == ("update", 1)
    old = SearchService(settings).get("2014/old.txt")
    assert old.validity != "已废止" and old.repealed_by == []
    assert SearchService(settings).status()["repealed"] == 0


def test_a_rules_change_or_full_forces_a_full_rebuild(weeks, tmp_path) -> None:
    inc, _, _, _, _ = weeks
    settings = inc.replace(index=tmp_path / "index")
    shutil.copytree(inc.index, settings.index)
    assert build(settings, full=True).run["reason"] == "full rebuild asked for (--full)"
    topics = tmp_path / "topics.toml"
    topics.write_text(Path(inc.topics_file).read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    run = build(settings.replace(topics_file=topics)).run
    assert (run["mode"], run["reason"]) == ("full", "extraction, metadata or topic rules changed")
    assert run["cache_hits"] == run["read"] > 0  # no file is read twice
    words = tmp_path / "userdict.txt"
    words.write_text(Path(inc.user_dict).read_text(encoding="utf-8") + "防汛抗旱指挥部\n", "utf-8")
    run = build(settings.replace(topics_file=topics, user_dict=words)).run
    assert (run["mode"], run["reason"]) == ("full", "analyzer or user dictionary changed")


def test_status_page_lists_the_runs(weeks) -> None:
    from search_app import create_app

    inc, _, report, _, _ = weeks
    runs = backend_for(inc).status()["history"]  # "runs" is the run lock's log
    assert [r["mode"] for r in runs][-2:] == ["full", "update"]
    client = create_app(staff_settings(inc)).test_client()
    log_in(client)
    html = client.get("/status").get_data(as_text=True)
    assert "索引更新记录" in html and html.count('<tr class="run">') == len(runs)
    assert f"<td>{report.run['new']}</td>" in html
    meta = json.loads((inc.index / report.generation / "meta.json").read_text(encoding="utf-8"))
    assert meta["report"]["run"]["phases"].keys() >= {"scan", "read", "write"}


def test_an_update_is_sealed_verified_and_keeps_the_previous_generation(weeks) -> None:
    """An updated generation goes through the rebuild's lifecycle: completion marker over its
    own Whoosh files (not the base's marker, hard-linked), verified, the one it replaced kept,
    both runs in the run lock's log."""
    from indexer.engine import generations
    from indexer.engine.runlock import state

    inc, _, report, first_gen, _ = weeks
    root = inc.index
    assert report.generation != first_gen
    marker = generations.read_marker(root / report.generation)
    assert marker is not None
    gen = root / report.generation
    own = {f.relative_to(gen).as_posix() for f in gen.rglob("*") if f.suffix in (".toc", ".idx")}
    assert own and own <= set(marker["files"])  # Whoosh's TOC, tantivy's term dictionaries
    assert {"manifest.json", "meta.json"}.isdisjoint(marker["files"])
    problems = backend_for(inc).verify()
    assert problems[report.generation] == (True, None)
    assert problems[first_gen] == (False, None)  # the previous one: kept, and still good
    logged = [r.get("generation") for r in state(root)["runs"]]
    assert {first_gen, report.generation} <= set(logged)


def test_a_document_whose_ocr_was_cut_short_is_read_again() -> None:
    """Its pages left unread depend on last run's load: an unchanged file is read again (and,
    not being cached, OCR'd again) until a run reads it whole."""
    cut = f"a.pdf: {pdf.OCR_CUT_SHORT}: 4 of 6 pages not read"
    manifest = {
        "docs": {"a.pdf": {"k": "ka", "w": [cut]}, "b.pdf": {"k": "kb", "w": ["b.pdf: 模糊"]}}
    }
    plan = Plan.compare({"a.pdf": "ka", "b.pdf": "kb", "c.txt": "kc"}, "gen-1", manifest)
    assert plan.todo == {"a.pdf", "c.txt"}
    assert set(plan.carried()) == {"b.pdf"}


CITED = """阿勒泰地区行政公署文件
阿行署发〔2020〕1号
关于印发阿勒泰地区档案管理办法的通知
现将《阿勒泰地区档案管理办法》印发给你们，请认真遵照执行。
阿勒泰地区行政公署
2020年1月6日
"""
CITING = """关于落实档案管理工作的通知{n}
根据《阿勒泰地区行政公署关于印发阿勒泰地区档案管理办法的通知》（阿行署发〔2020〕1号），\
现就有关事项通知如下。{extra}
阿勒泰地区档案局
2021年3月1日
"""


def test_documents_citing_on_the_same_day_are_listed_alike_after_an_update(tmp_path) -> None:
    """Found by `make bench-reindex` on the whole corpus: 82 of 5,840 records listed their
    「被引用」 documents of one date in another order than a full rebuild (by document number,
    which an update changes). Within a date they are listed by document id."""
    texts = {"t.txt": CITED, **{f"{c}.txt": CITING.format(n=c, extra="") for c in "abc"}}
    inc = index_texts(tmp_path, texts)
    (inc.docs / "a.txt").write_text(CITING.format(n="a", extra="\n请各单位抓好落实。"), "utf-8")
    assert build(inc).run["mode"] == "update"
    ref = make_settings(tmp_path / "ref", docs=inc.docs)
    build(ref)
    lists = []
    for settings in (inc, ref):
        service = SearchService(settings)
        lists.append([(d.date, d.doc_id) for d in service.links(service.get("t.txt"))[1]])
    assert len(lists[0]) == 3
    assert lists[0] == lists[1] == sorted(lists[1], key=lambda t: (-t[0].toordinal(), t[1]))
