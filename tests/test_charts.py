"""Build-time SVG charts: counts per day, escaped text, sizes set, text alternatives."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

from generator.site.charts import Activity, Mark, activity_sentence, daily_activity, sparkline, timeline

SVG = "{http://www.w3.org/2000/svg}"


def test_daily_activity_counts_the_window_ending_on_the_newest_day():
    days = [date(2024, 6, 30), date(2024, 6, 30), date(2024, 6, 1), date(2024, 5, 31), date(2024, 7, 1)]
    a = daily_activity(days, date(2024, 6, 30))
    assert len(a.counts) == 30 and a.start == date(2024, 6, 1)
    assert a.counts[0] == 1 and a.counts[-1] == 2 and a.total == 3  # May 31 and Jul 1 are outside
    assert a.peak() == (date(2024, 6, 30), 2)
    assert activity_sentence(a) == "3 articles in the 30 days to 2024-06-30; busiest day 2024-06-30 with 2."
    assert activity_sentence(Activity(date(2024, 6, 30), (0, 0))) == "0 articles in the 2 days to 2024-06-30."


def test_sparkline_is_sized_labelled_and_parses():
    a = Activity(date(2024, 6, 30), (0, 1, 4, 0))
    markup = sparkline(a, 'x"<id>')
    fig = ET.fromstring(markup.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    svg = fig.find(f"{SVG}svg")
    assert svg.get("role") == "img" and svg.get("viewBox") == "0 0 19 24"
    assert svg.get("width") == "19" and svg.get("height") == "24"
    assert svg.get("aria-labelledby") == 'x"<id>-t' and svg.find(f"{SVG}title").get("id") == 'x"<id>-t'
    bars = svg.findall(f"{SVG}rect[@class='bar']")
    assert [int(b.get("height")) for b in bars] == [6, 22]  # scaled to the busiest day
    assert "5 articles" in fig.find("figcaption").text


def test_timeline_orders_marks_escapes_names_and_has_a_table():
    t = lambda h: datetime(2024, 6, 1, h, tzinfo=timezone.utc)  # noqa: E731
    marks = [Mark("Late <b>Times</b>", t(15)), Mark("Early & Co", t(9), lead=True), Mark("Mid", t(12))]
    markup = timeline(marks, "tl", lambda dt: f"{dt:%H:%M}")
    assert "<b>" not in markup and "Late &lt;b&gt;Times&lt;/b&gt;" in markup and "Early &amp; Co" in markup
    fig = ET.fromstring(markup.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    svg = fig.find(f"{SVG}svg")
    assert svg.get("role") == "img" and svg.get("width") and svg.get("height") and svg.get("viewBox")
    xs = [float(c.get("cx")) for c in svg.iter(f"{SVG}circle")]
    assert xs == sorted(xs) and len(xs) == 3 and xs[0] < xs[1] < xs[2]
    assert [c.get("class") for c in svg.iter(f"{SVG}circle")] == ["lead", "dot", "dot"]
    rows = [[td.text for td in tr] for tr in fig.iter("tr")][1:]
    assert rows == [["Early & Co (lead)", "09:00"], ["Mid", "12:00"], ["Late <b>Times</b>", "15:00"]]
    assert timeline([], "none") == ""
    one = timeline([Mark("Solo", t(9))], "one")
    assert one.count("<circle") == 1 and one.count('class="tick"') == 1
