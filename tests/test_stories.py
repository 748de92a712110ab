"""Story grouping on hand-made coverage: same event merges, shared vocabulary does not."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from generator.model import Article, Link, Provider
from generator.stories import StorySettings, build_stories, group_stories

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)
WIRE = ("The company said on Tuesday that its new accelerator, built with a partner foundry in Taiwan, "
        "would ship to cloud customers in the autumn. Analysts said the chip could narrow the gap with "
        "the market leader, although supply of advanced packaging remains tight across the industry. "
        "The announcement came at a developer conference in San Jose attended by several thousand engineers.")


def art(source: str, title: str, hours: float = 0, domain: str = "a.com", excerpt: str = "", body: str = "",
        heat: int | None = None, related: tuple[Link, ...] = (), url: str | None = None) -> Article:
    return Article(source=source, slug=source.split("/")[-1].removesuffix(".md"), title=title,
                   published=T0 + timedelta(hours=hours), provider=Provider(domain, domain, domain),
                   topics=("AI",), excerpt=excerpt, body_text=body, heat=heat, related=related,
                   web_url=url or f"https://{domain}/{source}")


def groups(stories) -> set[frozenset[str]]:
    return {frozenset(a.source for a in s.members) for s in stories}


EVENT = [
    art("e1.md", "Nvrax unveils Helion accelerator to challenge GPU leader", 0, "wire.com",
        "Nvrax introduced the Helion accelerator, a data-centre chip aimed at training large models.", WIRE, heat=50),
    art("e2.md", "Helion chip from Nvrax targets AI training market", 3, "techdaily.com",
        "The Helion accelerator from Nvrax will ship in the autumn to cloud customers.", heat=120),
    art("e3.md", "Nvrax's Helion: what the new accelerator means for data centres", 20, "chipweek.org",
        "Analysts weigh the Helion accelerator that Nvrax showed in San Jose.", heat=10),
    art("e4.md", "Nvrax shows Helion AI chip at San Jose conference", 5, "herald.net",
        "Nvrax introduced the Helion accelerator at its San Jose developer conference.", WIRE),
]
NOISE = [
    art("n1.md", "Meta expands AI assistant to more countries", 2, "x.com", "Meta said its AI assistant is coming to Europe."),
    art("n2.md", "Startup raises funds for AI chip design software", 4, "y.com", "A design-software startup raised money."),
    art("n3.md", "Regulators question AI chip export rules", 6, "z.com", "Lawmakers asked about chip export licences."),
]


def test_event_coverage_is_one_story_and_noise_stays_apart():
    stories = build_stories(EVENT + NOISE)
    assert frozenset({"e1.md", "e2.md", "e3.md", "e4.md"}) in groups(stories)
    for n in NOISE:
        assert frozenset({n.source}) in groups(stories)


def test_lead_rule_and_wire_copies():
    story = next(s for s in build_stories(EVENT) if len(s.members) == 4)
    assert story.lead.source == "e2.md"  # highest heat + quality
    assert [a.source for a in story.coverage] == ["e1.md", "e4.md", "e3.md"]
    assert {k: [a.source for a in v] for k, v in story.wire_copies.items()} == {"e1.md": ["e4.md"]}


def test_weekly_column_weeks_apart_is_not_merged():
    columns = [art(f"c{w}.md", f"This week in robots: warehouse arms, humanoid demos and lab hands (week {w})",
                   24 * 7 * w, "robots.blog", "Our weekly roundup of robot news: warehouse arms and humanoid demos.")
               for w in range(4)]
    assert len(build_stories(columns)) == 4


def test_related_link_evidence_joins_a_paraphrase():
    a = art("r1.md", "Seoul talks on chips", 0, "k.com", "Executives met in Seoul to discuss chips.",
            url="https://k.com/seoul-talks")
    b = art("r2.md", "Zuckerberg meets Samsung and LG chiefs", 10, "m.com", "Meta chief met executives in Seoul.",
            related=(Link("Seoul talks on chips", "https://www.k.com/seoul-talks/"),))
    assert len(build_stories([a, b])) == 1
    assert len(build_stories([a, b], StorySettings(window_hours=5))) == 2


def test_slug_stable_when_a_later_article_joins_and_never_shared():
    before = {s.slug for s in build_stories(EVENT[:2] + NOISE)}
    after = build_stories(EVENT + NOISE)
    story = next(s for s in after if len(s.members) == 4)
    assert story.slug == "2024-05-06-e1" and story.slug in before
    twins = [art("x/same.md", "One thing", 0, "p.com"), art("y/same.md", "Another matter entirely", 1, "q.com")]
    slugs = [s.slug for s in build_stories(twins)]
    assert sorted(slugs) == ["2024-05-06-same", "2024-05-06-same-2"]


def test_memo_follows_a_slug_that_an_earlier_story_takes_and_gives_back():
    """A story of one article keeps its slug from run to run only while no earlier story
    takes that slug; then it gets the next free one, and its own back once that story goes."""
    from generator.reuse.memo import Memo

    later, earlier = art("y/same.md", "Another matter entirely", 1, "q.com"), art("x/same.md", "One thing", 0, "p.com")
    memo = Memo()
    for corpus in ([later], [later, earlier], [later], [earlier, later]):
        warm = memo(group_stories, corpus, StorySettings()).stories
        assert _shape(warm) == _shape(build_stories(corpus, StorySettings())), [a.source for a in corpus]
    assert {s.lead.source: s.slug for s in warm} == {"x/same.md": "2024-05-06-same", "y/same.md": "2024-05-06-same-2"}


def test_order_independent():
    items = EVENT + NOISE
    expected = [(s.slug, [a.source for a in s.members]) for s in build_stories(items)]
    for seed in range(3):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert [(s.slug, [a.source for a in s.members]) for s in build_stories(shuffled)] == expected


def test_labelled_corpus_bcubed():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from story_corpus import generate
    from story_quality import bcubed

    articles, truth = generate(400, seed=7)
    precision, recall, f1 = bcubed(build_stories(articles), truth)
    assert precision >= 0.95 and recall >= 0.9 and f1 >= 0.93, (precision, recall, f1)


def _shape(stories) -> list:
    return [(s.slug, s.lead.source, [a.source for a in s.members],
             sorted((k, [c.source for c in v]) for k, v in s.wire_copies.items())) for s in stories]


def test_memo_gives_the_fresh_result_through_random_edits():
    """The preview server's memo only saves work: after every add, delete, retitle or move of
    an article, clustering with it equals clustering from scratch, and a story that came
    out the same is the very object of the last run (later stages reuse its pages)."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from conftest import edit_corpus
    from story_corpus import generate

    from generator.reuse.memo import Memo

    articles, _ = generate(300, seed=11)
    spare = articles[250:]
    articles = articles[:250]
    rng, memo = random.Random(5), Memo()
    last = memo(group_stories, articles, StorySettings()).stories
    kept = total = 0
    for step in range(25):
        edit_corpus(articles, spare, rng, step % 4)  # retitle, delete, add, move in time
        grouping = memo(group_stories, articles, StorySettings())
        warm = grouping.stories
        assert _shape(warm) == _shape(build_stories(articles, StorySettings())), f"step {step}"
        before = {id(s) for s in last}
        kept += sum(1 for s in warm if id(s) in before)
        total += len(warm)
        assert memo(group_stories, articles, StorySettings()) is grouping  # same input: the last result
        expected = {a.source: s for s in warm for a in s.members}
        assert grouping.story_of.keys() == expected.keys(), f"step {step}"
        assert all(grouping.story_of[k] is s for k, s in expected.items()), f"step {step}"
        last = warm
    assert kept > 0.9 * total  # most stories came back as the very same objects


def _naive_references(articles) -> dict[int, set[int]]:
    """What `related` points at, by the rule's plain statement: a link's URL names an
    article; failing that, its title does; an article never points at itself."""
    refs: dict[int, set[int]] = {}
    for i, a in enumerate(articles):
        for link in a.related:
            by_url = [j for j, b in enumerate(articles) if link.key in b.url_keys]
            by_title = [j for j, b in enumerate(articles) if b.title_key == link.title_key]
            found = by_url or by_title
            if found and found[-1] != i:  # the last article with the key wins
                refs.setdefault(i, set()).add(found[-1])
    return refs


def test_related_references_follow_the_rule_through_random_edits():
    """After every edit the links resolved equal those of the rule stated plainly (URL first,
    then title, never the article itself), duplicate headlines and dangling links included."""
    from generator.stories.references import references

    rng = random.Random(3)
    titles = ["Chip export rules tighten", "Helion accelerator ships", "Regulators fine search giant",
              "Startup raises seed round", "Chip export rules tighten"]  # one headline twice

    def make(k: int, published: float) -> Article:
        links = []
        for _ in range(rng.randrange(4)):
            target = rng.randrange(40)
            pick = rng.randrange(4)
            url = f"https://a.com/s{target}.md" if pick < 2 else f"https://elsewhere.org/{target}"
            title = rng.choice(titles) if pick in (0, 2) else f"Nothing here {target}"
            links.append(Link(title, url))
        if rng.random() < 0.2:
            links.append(Link("self", f"https://a.com/s{k}.md"))
        shared = rng.random() < 0.15  # another article's URL as its own: two articles with one URL key
        return art(f"s{k}.md", rng.choice(titles) + ("" if rng.random() < 0.5 else f" {k}"), published,
                   related=tuple(links), url=f"https://a.com/s{rng.randrange(40)}.md" if shared else None)

    articles = sorted((make(k, k) for k in range(30)), key=lambda a: (a.published, a.source))
    for step in range(60):
        assert dict(references(articles)) == _naive_references(articles), f"step {step}"
        i, kind = rng.randrange(len(articles)), step % 3
        if kind == 0:  # a new version of an article: new title and links
            articles[i] = make(int(articles[i].source[1:-3]), articles[i].published.hour)
        elif kind == 1 and len(articles) > 5:
            del articles[i]
        else:
            articles.append(make(30 + step, rng.randrange(40)))
        articles.sort(key=lambda a: (a.published, a.source))


def test_average_linkage_does_not_chain_two_events_through_a_round_up():
    """A round-up that covers two events may join one of them, but the two events stay two
    stories: under single link the round-up chained them."""
    drone = [art(f"d{k}.md", title, k, f"d{k}.com", excerpt) for k, (title, excerpt) in enumerate([
        ("Acme unveils Falcon delivery drone", "The Falcon drone carries parcels up to five kilograms across Denver."),
        ("Acme's Falcon drone takes off in Denver trial", "Acme said the Falcon delivery drone flies parcels in Denver."),
        ("Falcon: Acme shows a parcel drone", "A parcel-carrying Falcon drone from Acme began Denver flights."),
        ("Denver gets Acme's Falcon parcel drones", "Falcon drones from Acme now deliver parcels in Denver suburbs."),
    ])]
    scooter = [art(f"s{k}.md", title, 2 + k, f"s{k}.com", excerpt) for k, (title, excerpt) in enumerate([
        ("Borg recalls Orion scooter over battery fires", "Borg recalled 40,000 Orion scooters after battery fires."),
        ("Orion scooter recall: Borg cites battery fault", "The Orion scooter battery fault led Borg to a recall."),
        ("Borg pulls Orion e-scooters after fires", "Battery fires in Orion scooters prompted the Borg recall."),
        ("Battery fires force Borg to recall Orion", "Owners of Orion scooters should stop riding them, Borg said."),
    ])]
    round_up = art("b.md", "The week: Acme's Falcon drone trial and Borg's Orion scooter recall", 8, "b.com",
                   "Acme flew its Falcon drone in Denver and Borg recalled Orion scooters over battery fires.")
    stories = build_stories(drone + scooter + [round_up])
    for story in stories:
        sources = {a.source for a in story.members}
        assert not (sources & {a.source for a in drone} and sources & {a.source for a in scooter}), sources
    assert {frozenset(a.source for a in drone), frozenset(a.source for a in scooter)} <= \
        {g - {"b.md"} for g in groups(stories)}


def test_market_research_releases_join_only_their_copies():
    release = ("Global Computer Vision Market to grow at a CAGR of 7% during the forecast period 2020-2026",
               "The report covers market size, share, key players and segmentation of the computer vision market.")
    other = ("Global Speech Recognition Market to grow at a CAGR of 9% during the forecast period 2020-2026",
             "The report covers market size, share, key players and segmentation of the speech recognition market.")
    items = [art("m1.md", *release[:1], 0, "prn.com", release[1]), art("m2.md", release[0], 5, "wire.com", release[1]),
             art("m3.md", other[0], 2, "prn.com", other[1]),
             # news about a market is not a market-research release: two outlets' reports join
             art("n1.md", "Nvrax's market share in AI accelerators climbs to 80%", 1, "a.com",
                 "Nvrax now sells four in five AI accelerators, analysts at Jurgen said."),
             art("n2.md", "Nvrax takes 80% of the AI accelerator market, Jurgen says", 3, "b.com",
                 "Jurgen analysts put Nvrax's share of AI accelerator sales at 80%.")]
    assert groups(build_stories(items)) == {frozenset({"m1.md", "m2.md"}), frozenset({"m3.md"}),
                                            frozenset({"n1.md", "n2.md"})}


def test_explain_names_the_evidence_and_what_was_kept_apart(tmp_path, capsys):
    """`build.py stories` lists the stories; `--explain SLUG` gives each join with its
    similarity, time gap and shared terms, and the neighbours kept apart with the test they failed."""
    from generator.cli import main

    content = tmp_path / "content"
    content.mkdir()
    for a in EVENT + NOISE:
        (content / a.source).write_text(
            f"---\ntitle: \"{a.title}\"\nexcerpt: \"{a.excerpt}\"\npublishedDateTime: {a.published.isoformat()}\n"
            f"webUrl: {a.web_url}\nprovider:\n  name: {a.provider.name}\n  domain: {a.provider.domain}\n"
            f"topics: [AI]\n---\n{a.body_text}\n", encoding="utf-8")
    (tmp_path / "site.toml").write_text("")
    args = ["stories", "--content", str(content), "--config", str(tmp_path / "site.toml"), "--now", "2025-01-01T00:00:00Z"]
    assert main(args) == 0
    listing = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert len(listing) == 4 and sorted(int(n) for _, n, _ in listing) == [1, 1, 1, 4]
    slug = next(s for s, n, _ in listing if n == "4")
    assert main([*args, "--explain", slug]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{slug}: 4 article(s) from 4 outlet(s)")
    assert all(f"“{a.title}”" in out for a in EVENT)
    assert "joined (average similarity" in out and "shared: " in out and " h apart" in out
    kept = out.split("kept apart (closest first):\n", 1)[1]
    assert "Regulators question AI chip export rules" in kept or "Startup raises funds" in kept
    assert "average similarity" in kept and " < " in kept
    assert main([*args, "--explain", "no-such-story"]) == 1
    assert "no story 'no-such-story'" in capsys.readouterr().out


def test_word_triples_are_the_texts_lower_case_three_word_shingles():
    import zlib

    from generator.terms import word_triples

    def shingles(words):
        return {zlib.crc32(" ".join(words[k:k + 3]).encode()) for k in range(max(1, len(words) - 2))}

    assert word_triples("The Fed raises rates, the FED says") == shingles("the fed raises rates the fed says".split())
    assert word_triples("Two words") == shingles(["two", "words"]) and word_triples("") == shingles([])
    assert len(word_triples("a b c a b c")) == 3  # "a b c", "b c a", "c a b"


def test_story_cache_of_other_processes_gives_the_fresh_result(tmp_path):
    """A separate build takes wire copies, copy checks and the evidence of steady pairs from
    the cache folder (reuse/derived.py): after every add, delete, retitle or move of an
    article, and with the store read afresh from disk each time as another process would,
    every pair's evidence, to the last bit, and the stories equal those made from scratch."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from conftest import edit_corpus
    from story_corpus import generate

    from generator.model import by_time
    from generator.reuse.derived import Derived
    from generator.stories import cluster
    from generator.stories.grouping import Trace

    def evidence(derived):
        trace = Trace()
        cluster(sorted(articles, key=by_time), StorySettings(), trace, derived)
        return trace.pairs

    articles, _ = generate(300, seed=13)
    spare = articles[250:]
    articles = articles[:250]
    rng = random.Random(3)
    for step in range(13):
        if step:
            edit_corpus(articles, spare, rng, step % 4)  # retitle, delete, add, move in time
        Derived._held.clear()  # as a new process finds it
        derived = Derived.open(tmp_path / "derived")
        assert evidence(derived) == evidence(None), f"step {step}"  # from the last step's store
        derived._tables.clear()  # and the stories too
        warm = group_stories(articles, StorySettings(), derived).stories
        assert _shape(warm) == _shape(build_stories(articles, StorySettings())), f"step {step}"
        derived.save()
    assert {p.name for p in (tmp_path / "derived").iterdir()} >= {"evidence.pickle", "wire.pickle", "copies.pickle"}


def test_forked_workers_give_the_one_process_result(tmp_path):
    """A cold build weighs its pairs and shingles its stories' bodies in forked workers
    (cpus.mapped): the stories, every pair's evidence and what the story cache keeps are
    those of one process, with and without the cache folder."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from story_corpus import generate

    from generator.model import by_time
    from generator.reuse.derived import Derived
    from generator.stories import cluster
    from generator.stories.grouping import Trace

    articles, _ = generate(1500, seed=5)  # 2,468 pairs and 375 stories of several outlets: enough to fork
    ordered = sorted(articles, key=by_time)
    made = {}
    for jobs in (1, 2):
        trace = Trace()
        cluster(ordered, StorySettings(), trace, None, (), jobs)
        derived = Derived(tmp_path / f"derived-{jobs}")
        stories = group_stories(articles, StorySettings(), derived, jobs).stories
        tables = {kind: table.entries for kind, table in derived._tables.items()}
        shapes = [(s.slug, [a.source for a in s.members], dict(s.wire_copies)) for s in stories]
        made[jobs] = trace.pairs, shapes, tables
    assert made[1] == made[2]
    assert any(copies for _, _, copies in made[2][1]) and made[2][2]["wire"] and made[2][2]["copies"]
