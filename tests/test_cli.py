"""The CLI contract other tools script against: commands, exit codes, output lines."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
from conftest import ROOT, article_front, write_article

from generator.cli import main


def test_build_is_the_default_command(tmp_path, capsys, monkeypatch):
    c = tmp_path / "content"
    write_article(c, "a.md", article_front("Hello"))
    monkeypatch.chdir(tmp_path)
    assert main(["--now", "2025-01-01T00:00:00Z", "--quiet"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "1 built" in out[0] and out[0].endswith(" s")
    assert (tmp_path / "_site" / "index.html").is_file()


def test_usage_and_config_errors_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    with pytest.raises(SystemExit) as usage:
        main(["build", "--bogus"])
    assert usage.value.code == 2
    (tmp_path / "site.toml").write_text("page_size = -3\n")
    assert main(["build"]) == 2
    assert "page_size" in capsys.readouterr().err
    assert main(["build", "--config", "site.toml", "--now", "not-a-date"]) == 2
    (tmp_path / "site.toml").write_text("")
    assert main(["build", "--content", "missing"]) == 2


def test_new_writes_a_seed_schema_file(tmp_path, capsys):
    c = tmp_path / "content"
    (c / "_news").mkdir(parents=True)
    code = main(["new", "Chips: the next wave!", "--topic", "AI Hardware", "--provider", "www.Example.com",
                 "--url", "https://example.com/chips", "--content", str(c)])
    assert code == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == c / "_news" and path.name.endswith("-chips-the-next-wave.md")
    post = frontmatter.load(path)
    assert post["title"] == "Chips: the next wave!" and post["topics"] == ["AI Hardware"]
    assert post["provider"] == {"name": "example.com", "domain": "example.com"}
    assert post["webUrl"] == "https://example.com/chips"
    main(["new", "Chips: the next wave!", "--topic", "AI", "--content", str(c)])
    second = Path(capsys.readouterr().out.strip())
    assert second != path and second.name.endswith("-2.md")
    assert main(["build", "--content", str(c), "--out", str(tmp_path / "s"), "--quiet"]) == 0


def test_check_prints_diagnostics_without_writing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    c = tmp_path / "content"
    write_article(c, "ok.md", article_front("Fine"))
    write_article(c, "bad.md", 'title: "No date"\ntopics: [AI]')
    assert main(["check", "--content", str(c)]) == 1
    out = capsys.readouterr().out
    assert "bad.md:1: error: publishedDateTime: missing publication date" in out
    assert not (tmp_path / "_site").exists()
    assert main(["check", "--content", str(c), str(c / "ok.md")]) == 0


def test_check_of_many_files_parses_in_workers_and_reports_in_path_order(tmp_path, capsys, monkeypatch):
    """Past 500 files `check` parses in worker processes; what it prints is what one
    process prints, diagnostics in path order."""
    import generator.content.check as check

    c = tmp_path / "content"
    for i in range(520):
        if i % 97 == 5:
            write_article(c, f"a{i:03d}.md", f'title: "No date {i}"\ntopics: [AI]')
        else:
            write_article(c, f"a{i:03d}.md", article_front(f"Fine {i}", date=f"2024-03-{1 + i % 28:02d}T10:00:00Z"))
    outputs = []
    for jobs in (2, 1):
        monkeypatch.setattr(check, "usable_cpus", lambda: jobs)
        assert main(["check", "--content", str(c)]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    errors = [line for line in outputs[0].splitlines() if ": error: " in line]
    assert [e.split(":")[0] for e in errors] == [f"a{i:03d}.md" for i in range(520) if i % 97 == 5]
    assert outputs[0].rstrip().endswith("checked 520 files: 6 errors, 0 warnings")


def test_report_json(tmp_path, capsys):
    c = tmp_path / "content"
    write_article(c, "a.md", article_front("Hello"))
    write_article(c, "b.md", 'title: "x"')
    report = tmp_path / "r.json"
    assert main(["build", "--content", str(c), "--out", str(tmp_path / "s"), "--report", str(report),
                 "--now", "2025-01-01T00:00:00Z"]) == 0
    data = json.loads(report.read_text())
    assert data["counts"]["built"] == 1 and data["counts"]["rejected"] == 1
    assert {f["path"]: f["outcome"] for f in data["files"]} == {"a.md": "built", "b.md": "rejected"}
    diag = data["files"][1]["diagnostics"][0]
    assert set(diag) == {"path", "line", "field", "severity", "message"}
    assert {"load", "model", "stories", "plan", "render", "write"} <= set(data["timings"])


def test_build_py_entry_point(tmp_path):
    c = tmp_path / "content"
    write_article(c, "a.md", article_front("Hello"))
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(c),
                           "--out", str(tmp_path / "s"), "--now", "2025-01-01T00:00:00Z", "--quiet"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "1 built" in proc.stdout
