"""One article, one page (issue #24): files with the same normalised webUrl (or originalUrl)
are one article, whatever their format and wherever they lie; the newer or richer file's
fields win, related lists are merged, and the other file is reported as a duplicate."""
from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SEEDS, SHARED, article_front, parse_html, run_build, text_of, write_article

DEV = SHARED / "stories-dev"
PAIR = [DEV / f"_archive___news__2019-12-{day}-google-cloud-team-releases-automl-natural-language.md" for day in (24, 25)]
PAGES = Path(__file__).parent / "html" / "pages"
needs_real = pytest.mark.skipif(not PAIR[0].is_file(), reason="../shared/stories-dev is not beside this checkout")


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _with_related(path: Path, donor: Path, dest: Path) -> None:
    """The real file with the related list of another real file (as everyday-cc's copies
    differ: each saved with the related items the news API had at the time)."""
    meta = _front(path)
    meta["related"] = _front(donor)["related"]
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n", encoding="utf-8")


def _outcome(built, path: str) -> str:
    return next(f["outcome"] for f in built.report["files"] if f["path"] == path)


def _articles(built) -> list[Path]:
    return sorted(built.out.glob("[0-9][0-9][0-9][0-9]/*/*/*/index.html"))


def _related(page) -> list[str]:
    return [a.get("href") for a in page.iterfind(".//li[@class='related-item']/a[@class='related-title']")]


@needs_real
def test_the_same_article_saved_twice_is_one_page_with_both_related_lists(tmp_path, build):
    """The issue's case: one real article under _archive/_news/ and _news/, with different
    related lists, was built as `…-work/` and `…-work-2/`, each with half the links."""
    c = tmp_path / "content"
    donors = sorted(DEV.glob("_news__2022-04-07-toyota-*.md"))[:2]
    old = c / "_archive/_news/2019-12-24-google-cloud-team-releases-automl-natural-language.md"
    new = c / "_news/2019-12-24-google-cloud-team-releases-automl-natural-language.md"
    _with_related(PAIR[0], donors[0], old)
    _with_related(PAIR[1], donors[1], new)  # the later save (2019-12-25T04:40)
    built = build(c, "--drafts")  # archived everyday-cc files are `published: false`
    assert built.code == 0, built.stderr
    assert (_outcome(built, "_archive/_news/" + old.name), _outcome(built, "_news/" + new.name)) == ("duplicate", "built")
    note = [d for d in built.diagnostics("_archive/_news/" + old.name) if d["field"] == "file"]
    assert [(d["severity"], d["message"]) for d in note] == [
        ("info", f"a duplicate of _news/{new.name} (the same webUrl); merged into its page")]
    pages = _articles(built)
    assert [p.parent.name for p in pages] == ["google-cloud-team-releases-automl-natural-language"]  # no "-2"
    page = parse_html(pages[0])
    expected = {item["webUrl"] for d in donors for item in _front(d)["related"]}
    shown = _related(page)
    assert len(shown) == len(set(shown)) == min(len(expected), 12)  # merged, once each, up to related_limit
    assert set(shown) <= expected and set(shown) & {i["webUrl"] for i in _front(donors[0])["related"]} \
        and set(shown) & {i["webUrl"] for i in _front(donors[1])["related"]}
    assert "2019-12-25T04:40" in page.find(".//article/header//time").get("datetime")  # the newer file's fields
    assert "1 duplicate" in built.stdout


def _pair(c: Path, names: tuple[str, str]) -> None:
    """Two files of one article: the second is newer (updatedDateTime) and has its own related
    link; the first alone has a heat and a body."""
    url = "https://news.example.com/2024/03/01/one-article/"
    write_article(c, names[0], article_front("The first save", extra=(
        "heat: 42\nrelated:\n  - {title: Only in the old copy, webUrl: 'https://a.example/old'}\n"
        "  - {title: In both, webUrl: 'https://b.example/both'}\n")).replace(
        'webUrl: "https://example.com/story/', f'webUrl: "{url}?x=').replace("?x=", "#", 1), "A body only the old copy has.\n")
    write_article(c, names[1], article_front("The second save", extra=(
        "updatedDateTime: 2024-03-02T10:00:00Z\noriginalUrl: 'http://www.news.example.com/2024/03/01/one-article'\n"
        "related:\n  - {title: Only in the new copy, webUrl: 'https://c.example/new'}\n"
        "  - {title: In both, webUrl: 'https://www.b.example/both/'}\n")).replace(
        'webUrl: "https://example.com/story/', 'webUrl: "https://elsewhere.example/copy/'))


@pytest.mark.parametrize("names", [("a.md", "z.md"), ("z.md", "a.md"), ("_news/x.md", "_archive/_news/x.md"),
                                   ("_archive/_news/x.md", "_news/x.md")])
def test_the_newer_file_wins_and_the_others_fill_in(tmp_path, build, names):
    c = tmp_path / "content"
    _pair(c, names)
    built = build(c)
    assert [_outcome(built, n) for n in names] == ["duplicate", "built"]
    note = [d["message"] for d in built.report["diagnostics"] if d["path"] == names[0]]
    assert note == [f"a duplicate of {names[1]} (the same URL); merged into its page"]
    pages = _articles(built)
    assert [p.parent.name for p in pages] == ["the-second-save"]
    page = parse_html(pages[0])
    assert text_of(page.find(".//h1")) == "The second save"
    assert "A body only the old copy has." in text_of(page.find(".//article"))
    # every file's links once (the winner's copy of a shared one), in the order of a related list
    assert _related(page) == ["https://www.b.example/both/", "https://c.example/new", "https://a.example/old"]
    api = json.loads((built.out / "api/topics/ai/page/1/index.json").read_text())
    assert [(v["title"], v["heat"]) for v in api["value"]] == [("The second save", 42)]


def test_the_choice_does_not_depend_on_names_or_order(tmp_path, capsys):
    """Whatever the files are called and wherever they lie, the site is the same bytes."""
    trees = []
    for n, names in enumerate(itertools.permutations(["a.md", "m/b.md", "z.md"], 3)):
        c = tmp_path / f"c{n}"
        _pair(c, names[:2])
        write_article(c, names[2], article_front("A third copy, older", date="2024-02-29T10:00:00Z", extra=(
            "related:\n  - {title: Only in the third, webUrl: 'https://d.example/third'}\n")).replace(
            'webUrl: "https://example.com/story/', 'webUrl: "https://news.example.com/2024/03/01/one-article?utm_source=x#'))
        built = run_build(capsys, c, tmp_path / f"out{n}", "--jobs", "1")
        assert built.code == 0
        assert sorted(f["outcome"] for f in built.report["files"]) == ["built", "duplicate", "duplicate"]
        trees.append({p.relative_to(built.out).as_posix(): p.read_bytes() for p in built.out.rglob("*")
                      if p.is_file() and p.name != ".newsdigest.json"})
    assert all(t == trees[0] for t in trees[1:])


def test_a_front_page_url_names_no_one_article(tmp_path, build):
    c = tmp_path / "content"
    for n in range(2):
        write_article(c, f"{n}.md", article_front(f"Article {n} of a site with no links").replace(
            'webUrl: "https://example.com/story/', 'webUrl: "https://example.com/#'))
    built = build(c)
    assert [built.outcome(f"{n}.md") for n in range(2)] == ["built", "built"]


SOLAR = ('title: "Harbour town opens floating solar farm"\npublishedDateTime: 2024-03-05T08:15:00Z\n'
         'updatedDateTime: 2024-03-06T08:00:00Z\n'
         'webUrl: "https://coastal-ledger.example/news/2024/03/05/floating-solar-farm/"\n'
         "provider: {name: The Coastal Ledger, domain: coastal-ledger.example}\ntopics: [Climate]\nheat: 90\n"
         "related:\n  - {title: Lake panels elsewhere, webUrl: 'https://other.example/lake-panels'}\n")
SEOUL = ('title: "Zuckerberg meets LG, Samsung chiefs in Seoul as Meta ramps up AI ambitions"\n'
         "publishedDateTime: 2024-02-28T10:05:00Z\n"
         'webUrl: "https://techxplore.com/news/2024-02-zuckerberg-lg-samsung-chiefs-seoul.html"\n'
         "provider: {name: Tech Xplore, domain: techxplore.com}\ntopics: [AI]\nquality: 30\n"
         "related:\n  - {title: Zuckerberg in Seoul, webUrl: 'https://www.koreaherald.com/view.php?ud=1'}\n")


@pytest.mark.parametrize("page, front, related, body", [
    (PAGES / "harbour-solar.html", SOLAR, "https://other.example/lake-panels", "four thousand solar panels"),
    # a scraped page whose citation gives the URL
    (SEEDS / "003_a7c0050854ea5c8d.txt", SEOUL, "https://www.koreaherald.com/view.php?ud=1",
     "LG Electronics CEO William Cho"),
], ids=["html", "plain-text"])
def test_across_front_matter_and_an_extracted_page(tmp_path, build, page, front, related, body):
    """The news API's front matter for an article, and the page itself saved from the web."""
    if not page.is_file():
        pytest.skip(f"{page} is not beside this checkout")
    c = tmp_path / "content"
    c.mkdir()
    shutil.copy(page, c / page.name)
    write_article(c, "_news/api.md", front)
    built = build(c)
    assert (_outcome(built, page.name), _outcome(built, "_news/api.md")) == ("duplicate", "built")
    pages = _articles(built)
    assert len(pages) == 1
    shown = parse_html(pages[0])
    assert _related(shown) == [related]  # the front matter's, the newer file
    assert body in text_of(shown.find(".//article"))  # the page's body fills in


def test_editing_a_duplicate_rebuilds_its_article_exactly(tmp_path, capsys):
    """The merged page depends on every file of the article: an edit of the file that lost
    changes it, and the rebuild equals a clean build."""
    c = tmp_path / "content"
    _pair(c, ("old.md", "new.md"))
    (tmp_path / "site.toml").write_text('[paths]\ncache = ".cache"\n')
    (tmp_path / "clean.toml").write_text('[paths]\ncache = ".cache-clean"\n')
    first = run_build(capsys, c, tmp_path / "inc", "--jobs", "1", config=tmp_path / "site.toml")
    assert first.code == 0
    old = c / "old.md"
    old.write_text(old.read_text().replace("Only in the old copy", "Renamed in the old copy"))
    again = run_build(capsys, c, tmp_path / "inc", "--jobs", "1", config=tmp_path / "site.toml")
    clean = run_build(capsys, c, tmp_path / "clean", "--jobs", "1", config=tmp_path / "clean.toml")
    tree = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert again.code == clean.code == 0 and tree(tmp_path / "inc") == tree(tmp_path / "clean")
    assert "Renamed in the old copy" in (tmp_path / "inc/2024/03/01/the-second-save/index.html").read_text()
