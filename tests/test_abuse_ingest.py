"""Issue 15, items 8, 11 and 12, as a careless or hostile publisher tries them: links out of the
documents folder, hidden files, formulas in the staff's spreadsheet, ids that are no address,
the README's exclusion syntax on the command line. Real pipeline, real indexes, real CLI."""

from __future__ import annotations

import csv
import gzip
import json
import re
from urllib.parse import urljoin

from click.testing import CliRunner

from indexer.cli import cli
from indexer.pipeline import build, write_report_csv
from indexer.run_report import Failure, Report
from indexer.service import SearchService
from search_app import create_app
from search_app.urls import doc_url

from .conftest import index_texts, make_settings


# ----- 8 and 12: links out of the folder, hidden files; 11: formulas in report.csv --------
def test_links_out_of_the_folder_and_hidden_files_are_reported_not_indexed(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("机密口令文件 甲乙丙丁戊己\n", encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text("关于政务公开的通知\n各单位：政务公开工作。\n", encoding="utf-8")
    (docs / "link_out.txt").symlink_to(outside / "secret.txt")
    (docs / "dir_out").symlink_to(outside, target_is_directory=True)
    (docs / "sub" / "link_in.txt").symlink_to(docs / "a.txt")
    (docs / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (docs / ".hidden.txt").write_text("隐藏文件\n", encoding="utf-8")
    (docs / ".cache").mkdir()
    (docs / ".cache" / "x.txt").write_text("缓存\n", encoding="utf-8")
    (docs / "=HYPERLINK(evil).xyz").write_text("not a document", encoding="utf-8")
    (docs / "two\nlines.txt").write_text("关于换行的通知\n正文。\n", encoding="utf-8")
    settings = make_settings(tmp_path, docs=docs)
    report = build(settings)
    reasons = {f.path: f.reason for f in report.failures}
    refusals = ("link_out.txt", "dir_out", "broken.txt", ".hidden.txt", ".cache", "two\nlines.txt")
    for refused in refusals:
        assert refused in reasons, (refused, reasons)
    assert "outside the documents folder" in reasons["link_out.txt"]
    assert ".cache/x.txt" not in reasons  # one line for the hidden folder
    service = SearchService(settings)
    assert set(service.backend.all_ids()) == {"a.txt", "sub/link_in.txt"}
    assert service.search(service.request({"q": ["甲乙丙丁戊己"]})).total == 0
    with open(settings.index / report.generation / "report.csv", encoding="utf-8-sig") as fh:
        paths = [row["path"] for row in csv.DictReader(fh)]
    assert "'=HYPERLINK(evil).xyz" in paths and "=HYPERLINK(evil).xyz" not in paths


def test_report_csv_cells_never_start_a_formula(tmp_path):
    risky = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "普通.pdf"]
    report = Report(failures=[Failure(p, r, "failed") for p in risky for r in ("=cmd", "ok")])
    report.warnings = ["-5 warning", "plain"]
    write_report_csv(tmp_path / "report.csv", report)
    with open(tmp_path / "report.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    cells = [c for row in rows for c in row if c]
    assert all(c[0] not in "=+-@\t\r" for c in cells)
    unquoted = {c[1:] if c.startswith("'") else c for c in cells}
    assert set(risky) | {"=cmd", "ok", "-5 warning", "plain", "failed", "warning"} == unquoted


# ----- 12. the README's exclusion syntax on the command line; ids that are not addresses --
def test_cli_search_accepts_minus_word(tmp_path):
    settings = index_texts(
        tmp_path,
        {
            "a.txt": "住房公积金提取办法\n住房公积金提取的条件。\n",
            "b.txt": "住房公积金缴存通知\n住房公积金缴存基数。\n",
            "c.txt": "住房公积金贷款规定\n住房公积金贷款额度。\n",
        },
    )
    service = SearchService(settings)
    want = {h.doc.doc_id for h in service.search(service.request({"q": ["公积金 -提取"]})).hits}
    every = {h.doc.doc_id for h in service.search(service.request({"q": ["公积金"]})).hits}
    assert want and want < every
    args = ["search", "--index", str(settings.index), "公积金", "-提取", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "公积金 -提取" and {h["id"] for h in data["hits"]} == want


def test_jsonl_ids_are_reachable_or_reported(tmp_path):
    good = ["plain", "a/b/c", "有 空格", "q?x=1#frag", "100%", "a+b&c", "《办法》/第1号"]
    bad = ["../etc/passwd", "a/../b", "/abs", "a//b", "dir/", "./x", "..", "line\nbreak"]
    path = tmp_path / "export.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i, doc_id in enumerate(good + bad):
            body = f"关于第{i}号事项的通知\n各单位：编号{i}的事项。\n"
            fh.write(json.dumps({"id": doc_id, "title": f"标题{i}", "body": body}) + "\n")
    settings = make_settings(tmp_path)
    report = build(settings, jsonl=path)
    assert report.indexed == len(good)
    lines = {int(f.path.rsplit(":", 1)[1]): f.reason for f in report.failures}
    assert set(lines) == set(range(len(good) + 1, len(good) + len(bad) + 1))
    assert all("cannot be a link" in why for why in lines.values())
    client = create_app(settings).test_client()
    for i, doc_id in enumerate(good):
        url = doc_url(doc_id)
        assert urljoin("http://localhost/x/", url) == "http://localhost" + url  # as a browser
        page = client.get(url)
        assert page.status_code == 200 and f"标题{i}" in page.get_data(as_text=True), doc_id


def test_staff_password_command_prints_a_hash_that_checks(tmp_path):
    from werkzeug.security import check_password_hash

    result = CliRunner().invoke(cli, ["staff-password"], input="long enough 1\nlong enough 1\n")
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    hashed = re.fullmatch(r'staff_password_hash = "(.+)"', line).group(1)
    assert check_password_hash(hashed, "long enough 1")
    assert not check_password_hash(hashed, "long enough 2")
    short = CliRunner().invoke(cli, ["staff-password", "--password", "short"])
    assert short.exit_code != 0 and "8 characters" in short.output
