"""Rebuilds: one per burst, none lost, stale pages gone, CSS without a reload."""
from __future__ import annotations

import shutil
import threading
import time

from harness import BASE, live, running, site, wait_for  # noqa: F401  (fixtures)


def test_a_burst_of_50_writes_gives_one_build_and_one_reload(live):
    events = live.events()
    builds = live.server.rebuilder.builds
    for i in range(50):
        live.site.article(f"burst-{i}", f"Burst article {i}", day=1 + i % 28)
    events.expect("reload")
    assert events.quiet_for(1.5) == []
    assert live.server.rebuilder.builds == builds + 1
    assert "Burst article 49" in live.fetch(BASE + "2024/03/22/burst-49/").text


def test_changes_that_never_stop_are_built_after_max_wait(live):
    events = live.events()
    start = time.monotonic()
    while events.queue.empty() and time.monotonic() - start < 3:  # never quiet for 100 ms
        live.site.article("story-0", f"Typing {time.monotonic()}")
        time.sleep(0.03)
    assert events.expect("reload", timeout=0.1)
    assert time.monotonic() - start < 2  # max_wait is 1 s, the build itself a few tens of ms


def test_a_change_during_a_build_is_built_after_it(site):
    building, release = threading.Event(), threading.Event()

    def slow_after_reading(server):
        real = server.build

        def build():
            outcome = real()  # inputs already read: an edit from now on must start another build
            building.set()
            release.wait(5)
            return outcome
        return build

    with running(site) as live:
        events = live.events()
        live.server.build = slow_after_reading(live.server)
        site.article("story-0", "First edit")
        assert building.wait(5)
        site.article("story-1", "Edited while building", day=2)
        time.sleep(0.3)  # the watcher sees it while the first build is still running
        release.set()
        events.expect("reload")
        events.expect("reload")
        assert live.server.rebuilder.builds == 2
        assert "Edited while building" in live.fetch(BASE + "2024/03/02/story-1/").text
        assert "First edit" in live.fetch(BASE + "2024/03/01/story-0/").text


def test_deleted_and_renamed_articles_answer_404(live):
    events = live.events()
    gone, moved = BASE + "2024/03/01/story-0/", BASE + "2024/03/02/story-1/"
    assert live.fetch(gone).status == live.fetch(moved).status == 200
    (live.site.content / "_news/2024-03-01-story-0.md").unlink()
    (live.site.content / "_news/2024-03-02-story-1.md").rename(live.site.content / "_news/2024-03-02-renamed.md")
    events.expect("reload")
    # the deletion's build can start before the rename and find story-1 gone when it reads it
    # (reported as unreadable); the rename's own build then follows with a second reload
    wait_for(lambda: live.fetch(BASE + "2024/03/02/renamed/").status == 200)
    assert live.fetch(gone).status == live.fetch(moved).status == 404
    assert live.fetch(BASE + "2024/03/02/renamed/").status == 200
    assert not (live.site.out / "2024/03/01/story-0").exists()


def test_css_only_change_sends_css_event(site):
    (site.static / "assets").mkdir()
    (site.static / "assets/site.css").write_text("body { color: black }\n")
    with running(site) as live:
        events = live.events()
        (site.static / "assets/site.css").write_text("body { color: red }\n")
        generation = events.expect("css")
        assert generation == live.server.broker.generation
        assert "color: red" in live.fetch(BASE + "assets/site.css", accept="text/css").text
        site.article("story-0", "Now an article too")
        (site.static / "assets/site.css").write_text("body { color: blue }\n")
        events.expect("reload")  # not every change is CSS: a full reload


def test_saving_without_changing_anything_sends_nothing(live):
    events = live.events()
    path = live.site.content / "_news/2024-03-01-story-0.md"
    path.write_bytes(path.read_bytes())
    wait_for(lambda: live.server.rebuilder.builds == 1)
    assert events.quiet_for(0.3) == []


def test_editor_scratch_files_and_output_do_not_trigger_builds(live):
    news = live.site.content / "_news"
    for name in (".2024-03-01-story-0.md.swp", "2024-03-01-story-0.md~", "#notes.md#", "4913"):
        (news / name).write_text("scratch")
    (live.site.out / "extra.html").write_text("written by someone else")
    time.sleep(0.5)
    assert live.server.rebuilder.builds == 0


def test_a_page_served_before_a_build_learns_on_connect_that_it_is_stale(live):
    page = live.fetch(BASE + "2024/03/01/story-0/").text
    served = page.split("var generation = ")[1].split(";")[0].strip('"')
    live.site.article("story-0", "Built before the page connected")
    wait_for(lambda: live.server.rebuilder.builds == 1)
    events = live.events()
    assert events.hello == live.server.broker.generation != served  # the injected script reloads on this


def test_a_new_theme_folder_in_site_toml_is_watched(site):
    theme = site.root / "theme"
    theme.mkdir()
    with running(site) as live:
        events = live.events()
        site.config.write_text(site.config.read_text() + '[paths]\ntemplates = "theme"\n')
        wait_for(lambda: theme in live.server.watcher.targets)
        assert site.templates not in live.server.watcher.targets
        (theme / "article.html").write_text("{% extends 'base.html' %}{% block main %}<h1>Themed</h1>{% endblock %}")
        events.expect("reload")
        assert "<h1>Themed</h1>" in live.fetch(BASE + "2024/03/01/story-0/").text


def test_a_templates_folder_created_later_is_watched(site):
    site.templates.rmdir()
    with running(site) as live:
        assert site.templates not in live.server.watcher.targets
        events = live.events()
        site.templates.mkdir()
        (site.templates / "article.html").write_text(
            "{% extends 'base.html' %}{% block main %}<h1>New theme</h1>{% endblock %}")
        events.expect("reload")
        assert "<h1>New theme</h1>" in live.fetch(BASE + "2024/03/01/story-0/").text
        wait_for(lambda: site.templates in live.server.watcher.targets)
        (site.templates / "article.html").write_text(
            "{% extends 'base.html' %}{% block main %}<h1>Edited theme</h1>{% endblock %}")
        events.expect("reload")
        assert "<h1>Edited theme</h1>" in live.fetch(BASE + "2024/03/01/story-0/").text


def test_a_replaced_content_folder_is_watched_again(site):
    with running(site) as live:
        events = live.events()
        moved = site.root / "content-old"
        site.content.rename(moved)
        shutil.copytree(moved, site.content)  # same path, a new folder (as a restore or checkout makes)
        wait_for(lambda: live.server.rebuilder.builds >= 1)  # noticed by the watch on site.toml's folder
        site.article("story-0", "Edited in the new folder")
        events.expect("reload")
        assert "Edited in the new folder" in live.fetch(BASE + "2024/03/01/story-0/").text


def test_an_edit_no_event_reported_is_built_after_the_check(site):
    """The builder re-stats only the files the watcher reports; when an event goes missing,
    the full check of content/ after the reload finds the file and the server rebuilds."""
    import os

    missed = site.article("story-0", "Story number 0")
    old = time.time() - 3600
    os.utime(missed, (old, old))  # not "racy": only a stat tells the parse cache it changed

    def deaf_to(path):
        def prepare(server):
            real = server.builder.changed
            server.builder.changed = lambda paths: real(frozenset(p for p in paths if p != str(path.resolve())))
        return prepare

    with running(site, prepare=deaf_to(missed)) as live:
        events = live.events()
        site.article("story-0", "Edited, and its event lost")
        site.article("story-1", "Edited, and reported", day=2)
        events.expect("reload")
        assert "Edited, and reported" in live.fetch(BASE + "2024/03/02/story-1/").text
        events.expect("reload")  # the check after the first reload found story-0
        assert "Edited, and its event lost" in live.fetch(BASE + "2024/03/01/story-0/").text
        assert any(line.startswith("changed: ") and "story-0" in line for line in live.log)
