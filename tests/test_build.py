"""build.py end to end: bad input, atomic and deterministic writes, --strict."""
from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SEEDS
from test_legacy_word import word_file

sys.path.insert(0, str(ROOT))
import build  # noqa: E402
from fazhi.db import atomic_database  # noqa: E402


def table_contents(db_path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db_path)
    names = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and sql not like 'CREATE VIRTUAL%' order by name")]
    return {name: conn.execute(f"select * from [{name}] order by 1").fetchall() for name in names}


@pytest.fixture
def seeds_copy(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


def quiet(message):
    pass


def test_two_builds_give_identical_tables(seeds_copy, tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build.build(seeds_copy, first, progress=quiet)
    build.build(seeds_copy, second, workers=1, progress=quiet)
    assert table_contents(first) == table_contents(second)


def test_bad_inputs_are_warned_about_and_lose_nothing_else(seeds_copy, tmp_path):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (seeds_copy / "photo.txt").write_bytes(bytes(range(256)) * 64)
    (seeds_copy / "garbage.txt").write_bytes(b"\x81\xff\xfe\x80" * 300)
    (seeds_copy / "nothing-known.txt").write_text("各位领导：\n今年以来，我们认真工作，成效明显。\n一、主要举措\n做了很多工作。", "utf-8")
    (seeds_copy / "copy-of-000.txt").write_bytes(next(SEEDS.glob("000_*")).read_bytes())
    (seeds_copy / "script.txt").write_text(
        "某县人民政府关于2021年度法治政府建设情况的报告\n<script>alert(1)</script>&lt;b&gt;粗体&lt;/b&gt; &amp;\n一、主要举措和成效\n"
        "<img src=x onerror=alert(2)>推进依法行政。\n二、存在的不足和原因\n不足。", "utf-8")
    big = next(SEEDS.glob("003_*")).read_text("utf-8")
    (seeds_copy / "huge.txt").write_text(big + "\n".join(f"{i}.第{i}项工作稳步推进，成效明显。" for i in range(600_000)), "utf-8")
    assert (seeds_copy / "huge.txt").stat().st_size > 20_000_000

    db_path = tmp_path / "reports.db"
    summary = build.build(seeds_copy, db_path, progress=quiet)
    conn = sqlite3.connect(db_path)
    warnings = {(f, s): m for f, s, m in conn.execute("select file, severity, message from build_warnings")}
    messages = {f: m for (f, s), m in warnings.items() if s == "error"}
    assert "empty" in messages["empty.txt"].lower()
    assert "pdf" in messages["scan.pdf"].lower()
    assert "binary" in messages["photo.txt"].lower()
    assert "decode" in messages["garbage.txt"].lower() or "binary" in messages["garbage.txt"].lower()
    assert "duplicate of 000_" in warnings[("copy-of-000.txt", "warning")]
    assert ("nothing-known.txt", "warning") in warnings

    files = {r[0]: r for r in conn.execute(
        "select source_file, region_code, report_year, (select group_concat(coalesce(heading, '') || char(10) || body, char(10)) "
        "from sections where report_id = reports.id) from reports")}
    assert set(files) == {p.name for p in SEEDS.iterdir()} | {"nothing-known.txt", "script.txt", "huge.txt"}
    assert files["nothing-known.txt"][1:3] == (None, None)  # kept, with null fields, flagged
    assert "<script>alert(1)</script>" in files["script.txt"][3]  # stored as text, shown escaped
    assert files["huge.txt"][2] == 2021
    assert summary["reports"] == len(files) and summary["errors"] == 4


def test_strict_exits_nonzero_on_warnings(seeds_copy, tmp_path):
    db_path = tmp_path / "reports.db"
    assert build.main(["--seeds", str(seeds_copy), "--db", str(db_path)]) == 0
    assert build.main(["--seeds", str(seeds_copy), "--db", str(db_path), "--strict"]) == 1  # 000 has no date
    (seeds_copy / "empty.txt").write_bytes(b"")
    assert build.main(["--seeds", str(seeds_copy), "--db", str(db_path)]) == 0


def test_interrupted_build_leaves_previous_database_untouched(seeds_copy, tmp_path):
    db_path = tmp_path / "reports.db"
    build.build(seeds_copy, db_path, progress=quiet)
    before = table_contents(db_path)
    big = next(SEEDS.glob("001_*")).read_text("utf-8")
    for i in range(400):  # enough work that the build is still running when killed
        (seeds_copy / f"extra-{i:03d}.txt").write_text(big.replace("2020年", f"{2000 + i % 20}年") + f"\n第{i}份。", "utf-8")
    for sig in (signal.SIGINT, signal.SIGKILL):
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds_copy),
                                    "--db", str(db_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".reports.db.tmp-*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # well into writing reports
        assert process.poll() is None, "build finished before it could be interrupted"
        process.send_signal(sig)
        process.wait(timeout=30)
        assert process.returncode != 0
        assert table_contents(db_path) == before
        if sig == signal.SIGINT:  # a build that can clean up does
            assert not list(tmp_path.glob(".reports.db.tmp-*"))
    build.build(seeds_copy, db_path, progress=quiet)  # and the next build clears a killed one's leftovers
    assert not list(tmp_path.glob(".reports.db.tmp-*"))


def test_an_update_works_on_a_copy_and_a_failed_one_leaves_the_database(tmp_path):
    db_path = tmp_path / "reports.db"
    with atomic_database(db_path) as target:
        target.db["reports"].insert({"id": "a"})
    with atomic_database(db_path, update=True) as target:
        target.db["reports"].insert({"id": "b"})  # waits for the copy, which holds "a"
    assert [r[0] for r in sqlite3.connect(db_path).execute("SELECT id FROM reports ORDER BY id")] == ["a", "b"]
    before = db_path.read_bytes()
    with pytest.raises(RuntimeError):
        with atomic_database(db_path, update=True) as target:
            raise RuntimeError("a report could not be written")
    assert not target.copying.is_alive() and db_path.read_bytes() == before
    assert not list(tmp_path.glob(".reports.db.tmp-*"))


def test_html_page_and_word_files_become_reports(tmp_path):
    import docx

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = "".join(f"<p>{line}</p>" for line in [
        "2022年，我区坚持依法行政，推进法治政府建设。", "一、主要举措和成效", "全年办理行政复议案件30件。",
        "二、存在的不足和原因", "队伍建设有待加强。", "三、2023年工作安排", "继续推进。"])
    (seeds / "page.html").write_bytes(f"""<!doctype html><html><head><meta charset="gbk">
<title>宁波市海曙区人民政府关于2022年度法治政府建设情况的报告_宁波市海曙区人民政府</title>
<meta name="PubDate" content="2023-03-10 09:00"></head><body>
<div class="nav">首页 &gt; 政务公开 &gt; 法治政府建设</div>
<table class="xxgk"><tr><td>索引号</td><td>11330203MB1234567X/2023-00012</td><td>文号</td><td>海政〔2023〕3号</td></tr></table>
<h1>宁波市海曙区人民政府关于2022年度法治政府建设情况的报告</h1>
<div id="zoom">{body}</div><script>var x = 1;</script><div class="footer">版权所有 宁波市海曙区人民政府</div>
</body></html>""".encode("gbk"))
    document = docx.Document()
    for line in ["淳安县人民政府关于2021年度法治政府建设情况的报告", "2021年，我县推进依法行政。",
                 "一、主要举措和成效", "受理行政复议案件8件。", "二、存在的不足和原因", "不足。"]:
        document.add_paragraph(line)
    document.save(seeds / "report.docx")
    (seeds / "old.doc").write_bytes(word_file([("\r".join([
        "桐庐县人民政府关于2020年度法治政府建设情况的报告", "一、主要举措和成效", "办理行政复议案件12件。",
        "二、存在的不足和原因", "不足。"]) + "\r", False)]))

    db_path = tmp_path / "reports.db"
    build.build(seeds, db_path, progress=quiet)
    conn = sqlite3.connect(db_path)
    rows = {r[0]: r[1:] for r in conn.execute(
        "select source_format, issuer, region_code, report_year, published_date, doc_number, index_number, "
        "parts_present from reports")}
    assert rows["html"] == ("宁波市海曙区人民政府", "330203", 2022, "2023-03-10", "海政〔2023〕3号",
                            "11330203MB1234567X/2023-00012",
                            '["achievements", "shortcomings", "next_year_plan"]')
    assert rows["docx"][:4] == ("淳安县人民政府", "330127", 2021, None)
    assert rows["doc"][:4] == ("桐庐县人民政府", "330122", 2020, None)
    text = conn.execute("select group_concat(coalesce(heading, '') || char(10) || body, char(10)) from sections "
                        "where report_id = (select id from reports where source_format = 'html')").fetchone()[0]
    assert "全年办理行政复议案件30件。" in text
    assert "版权所有" not in text and "var x" not in text and "首页" not in text


def test_inspect_file_is_what_datasette_inspect_writes(built_db, tmp_path):
    """The build writes the inspect file itself; it must say what Datasette's command says."""
    ours = json.loads(built_db.with_name("inspect-data.json").read_text(encoding="utf-8"))
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(built_db),
                    "--inspect-file", str(tmp_path / "theirs.json")], check=True)
    theirs = json.loads((tmp_path / "theirs.json").read_text(encoding="utf-8"))
    assert ours == theirs
    assert ours["reports"]["tables"]["sections"]["count"] > 0
