"""Layouts of the lines around a headline that hold across sites (seen in real w3m and
html2text dumps, written here with our own text): a kicker above the headline and a
standfirst below it, menus whose link texts a dump glued together, an image's alt text run
into its caption, and a date printed only inside a line of metadata."""
import html5lib
import pytest
from conftest import text_of

from generator.content.markdown import render_markdown
from generator.content.plaintext import boilerplate, extract

STORY = """The new tram line to the eastern suburbs carried its first passengers on Saturday, a year ahead
of the schedule the city set when the works began, and the transport office said that the trams
would run every six minutes at peak hours from next week, and every ten minutes in the evenings.

Shopkeepers along the route, who had complained about two years of closed streets and diverted
buses, said that the first weekend brought more customers than any month of the works, and the
council promised to replant the trees it had felled along the avenue before the autumn comes.

The line cost less than the budget the council approved four years ago, the transport office
said, because the tunnels under the ring road were dug in one season instead of the two planned,
and the contractor will now build the extension to the hospital that was planned for later on.
"""


def test_the_middle_of_kicker_headline_and_standfirst_is_the_headline():
    dump = f"""• Home
• Transport

Tram line to the eastern suburbs

A year ahead of schedule, the city's newest line carries passengers from Saturday

The eastern suburbs' tram line carried its first passengers on Saturday, a year ahead of schedule, and trams will run every six minutes.

By Odile Brennan | 12 May 2024

{STORY}"""
    assert extract(dump).fields["title"] == "A year ahead of schedule, the city's newest line carries passengers from Saturday"


def test_a_menu_of_glued_link_texts_is_not_the_headline():
    dump = f"""• Home

PoliticsTransport TramsEastern Suburbs Passengers

Tram line opens early

By Odile Brennan | 12 May 2024

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line opens early"


def test_an_alt_text_run_into_its_caption_is_not_the_headline():
    dump = f"""• Home

First passengers board the tram to the eastern suburbs on SaturdayFirst passengers board the tram to the eastern suburbs on Saturday

Tram line opens early

By Odile Brennan | 12 May 2024

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line opens early"


def test_a_date_in_a_line_of_metadata_is_the_date_when_no_line_is_a_stamp():
    """No byline with a date, no date line of its own: the date a metadata line or a
    breadcrumb carries beside the headline is the page's, not the file's age."""
    dump = f"""Local News > Transport > Tram line opens early

Tram line opens early

Odile Brennan, transport desk · Local News · Trams · Eastern Suburbs · 12 May 2024 · 4 min

{STORY}"""
    ex = extract(dump)
    assert ex.fields["title"] == "Tram line opens early"
    assert ex.fields["publishedDateTime"] == "2024-05-12"


def test_a_date_in_a_caption_is_not_the_date():
    dump = f"""Tram line opens early

Passengers on the first tram to the eastern suburbs, 11 May 2024. [REUTERS]

{STORY}"""
    assert "publishedDateTime" not in extract(dump).fields


def test_an_embedded_posts_date_is_not_the_pages():
    dump = f"""Tram line opens early

Odile Brennan (@obrennan) Updated 13 May 2024

{STORY}
> Rode it this morning, six minutes door to door. Bravo!
>
> — Harbourview Commuters (@hvcommute) May 11, 2024
"""
    ex = extract(dump)
    assert ex.fields["updatedDateTime"] == "2024-05-13"
    assert ex.fields["publishedDateTime"] == "2024-05-13"  # the only stamp the page itself prints


def test_a_live_update_stamp_is_an_update():
    """A live story opens with its latest update under the headline; its date is the update's."""
    dump = f"""12.05.2024 09:15

Tram line opens early

Update vom 13. Mai 2024, 16:05 Uhr: the council has set the date for the works on the extension.

{STORY}"""
    ex = extract(dump)
    assert ex.fields["publishedDateTime"].startswith("2024-05-12")
    assert ex.fields["updatedDateTime"].startswith("2024-05-13")


def test_the_outlet_is_named_by_its_copyright_line_without_the_company_forms():
    """A footer names the publisher's company; the badge shows the name a reader knows."""
    for footer, outlet in [
        ("© 2024 Harbourview Courier Newspapers Ltd. All rights reserved.", "Harbourview Courier"),
        ("© Copyright owned or licensed by Harbourview Courier Newspapers Ltd.", "Harbourview Courier"),
        ("© 2024 Harbourview Courier Limited or its affiliated companies. All rights reserved.", "Harbourview Courier"),
        ("© Harbourview Courier DAC 2024", "Harbourview Courier"),
        ("© 2024 Radio.1 Harbourview GmbH", "Radio.1 Harbourview"),  # a dot inside a name is no full stop
        ("© 2024 St.Ives Courier", "St.Ives Courier"),
        ("_Copyright © 2024 Harbourview Courier._ Not responsible for external sites.", "Harbourview Courier"),
        ("© 2024 harbourview.com", "harbourview"),  # the name, not the domain
    ]:
        ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{STORY}\n{footer}\n")
        assert ex.fields["provider"]["name"] == outlet, footer


def test_a_pictures_copyright_and_the_word_in_a_sentence_name_no_outlet():
    """"Image copyright Reuters" is a picture's rights holder, not the site's (nor a wire
    story's agency), and "…-Copyright liegt bei …" is the word in a heading; the footer below
    still names the outlet, also as "Copyright by …"."""
    first, rest = STORY.split("\n\n", 1)
    for footer in ("© 2024 Harbourview Courier", "Copyright by Harbourview Courier"):
        dump = (f"Tram line opens early\n\n12 May 2024\n\n{first}\n\nImage copyright Reuters\nImage caption The first tram\n\n"
                f"Das Copyright liegt bei der Stadt\n\n{rest}\n{footer}\n")
        ex = extract(dump)
        assert ex.fields["provider"]["name"] == "Harbourview Courier", footer
        assert not ex.wire


def test_a_reprint_notice_above_the_headline_is_no_headline():
    """Publishers print a reprint notice at the top of a page ("This copy is for your personal,
    non-commercial use only…"): a legal notice, however headline-shaped its place."""
    notice = ("This copy is for your personal non-commercial use only. To order copies of Harbourview Courier "
              "content for distribution to colleagues, please go to: www.example.com")
    captions = ("  • This picture released by the city shows the first tram leaving the depot on Saturday morning, as "
                "hundreds of riders waited on the platform.\n  • This combination photo shows the mayor at the opening of "
                "the line and the director of the transport office at the depot on Friday.")
    ex = extract(f"{notice}\n\n{captions}\n\nTransport\n\nTram line opens early\n\nBy Odile Brennan\n12 May 2024\n\n{STORY}")
    assert ex.fields["title"] == "Tram line opens early" and "personal" not in ex.body


def test_a_rights_reserved_notice_names_no_outlet():
    ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{STORY}\n© RIPRODUZIONE RISERVATA\n")
    assert "provider" not in ex.fields


def test_credits_and_menu_words_are_not_bylines():
    """'Powered by', 'Sponsored by' credit software or a sponsor; a one-word name after
    'By' is a menu item ('By Invitation'): none is the article's author."""
    dump = f"""• By Invitation
• News By Area

Tram line opens early

12 May 2024

{STORY}
Photos provided by Harbourview Transit Authority
Proudly powered by Pressbox
"""
    assert extract(dump).byline == ()


def test_a_paragraph_wrapped_before_a_capital_stays_one_paragraph():
    """w3m wraps at its width wherever a word falls: a line that begins with a name or a
    German noun still carries on the sentence above, and the page shows one paragraph."""
    wrapped = """The council said the works on the extension would start in September, when Mayor Odile
Brennan will open the site beside the hospital, and that the line would reach the Harbourview
Station two years later, with six new stops along the avenue and a depot for the trams beside
Eastern Park, where the city kept its buses until the spring.
"""
    ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{STORY}\n{wrapped}")
    paragraphs = ex.body.strip().split("\n\n")
    assert [p for p in paragraphs if p.startswith("The council said")] == [" ".join(wrapped.split())]
    assert len(paragraphs) == 4


def test_a_standfirst_printed_twice_is_read_once():
    """The standfirst under the headline shows again as the page's teaser further down: the
    story opens with it once, and the repeat is dropped."""
    standfirst = ("The newest tram line in the city carried its first passengers on Saturday, a year\n"
                  "ahead of the schedule the council had set.")
    dump = f"Tram line opens early\n\n12 May 2024\n\n{standfirst}\n\n{STORY}\nMore on this story\n\n{standfirst}\n"
    body = extract(dump).body
    one_line = " ".join(standfirst.split())
    assert body.startswith(one_line) and body.count(one_line) == 1


def test_a_headline_that_names_a_day_is_still_a_headline():
    """A date with a few words about it is a stamp; a headline may name a day and say more."""
    dump = f"""• Home

Tram report of 12.05.2024: why the eastern line opened a year early

Odile Brennan | 12 May 2024 at 09:15

{STORY}"""
    ex = extract(dump)
    assert ex.fields["title"] == "Tram report of 12.05.2024: why the eastern line opened a year early"
    assert ex.fields["publishedDateTime"].startswith("2024-05-12")


def test_a_kicker_over_a_headline_with_no_standfirst_below():
    """A few words over the headline (a section, a theme) and then the byline: the longer
    line under the kicker is the headline, as in the trio with a standfirst."""
    dump = f"""• Home
• Transport

Trams in the east

Tram line to the eastern suburbs opens a year ahead of schedule

By Odile Brennan | 12 May 2024

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line to the eastern suburbs opens a year ahead of schedule"


def test_a_caption_that_says_who_is_where_is_not_the_headline():
    dump = f"""• Home

Odile Brennan (l.) and Mayor Ivo Sandberg on the first tram to the eastern suburbs

Tram line opens early

12 May 2024

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line opens early"


GESCHICHTE = """Die neue Straßenbahnlinie in die östlichen Vororte hat am Samstag ihre ersten Fahrgäste
befördert, ein Jahr früher als geplant, und die Verkehrsbetriebe kündigten an, dass die Bahnen
ab der nächsten Woche zu den Hauptverkehrszeiten alle sechs Minuten fahren werden.

Die Geschäftsleute entlang der Strecke, die sich über zwei Jahre gesperrter Straßen beklagt hatten,
sagten, dass das erste Wochenende mehr Kunden gebracht habe als jeder Monat der Bauarbeiten, und die
Stadt versprach, die gefällten Bäume an der Allee noch vor dem Herbst neu zu pflanzen.
"""


def test_the_last_paragraph_is_kept_when_it_ends_in_a_german_quote_or_trails_off():
    """A paragraph that closes with „…“, or whose last sentence runs into a link or a
    sign-off, is the story's end, not the page's furniture after it."""
    cases = [
        (GESCHICHTE, "„Wir haben die Tunnel in einem Sommer gegraben, nicht in zweien, und das hat uns "
                     "allen viel Zeit und auch viel Geld gespart“, sagte der Bürgermeister am Samstag zu den "
                     "Fahrgästen der ersten Bahn, die nach Osten fuhr: „Das ist ein guter Tag für die Stadt.“"),
        (STORY, "Tickets for the first week are free. The full timetable is on the transport office's site at "
                "https://transport.example.org/east"),
    ]
    for story, last in cases:
        ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{story}\n{last}\n\n• Share\n• Print\n")
        assert ex.body.rstrip().endswith(last[-40:]), last


def test_a_one_line_pitch_after_the_story_is_not_a_paragraph_of_it():
    """A short line and a one-sentence offer after the story read as a subscription box, not
    as a subheading that opens one more paragraph."""
    ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{STORY}\nNever miss a story\n\n"
                 "Choose the plan that's right for you.\n\nSubscribe Now\n")
    assert "Choose the plan" not in ex.body and ex.body.rstrip().endswith("planned for later on.")


UNWRAPPED = "\n\n".join(" ".join(p.split()) for p in STORY.split("\n\n"))  # a dump that does not wrap


def test_a_comment_thread_longer_than_the_story_is_not_the_story():
    """Comments are prose too, and a long thread has more of it than the story; a reply
    button or a "Name says:" line is printed only by a thread, so no run of prose bridges it."""
    comment = ("I took the new tram on Sunday morning with my children and we were very happy with it, "
               "although the stop at the market was far too crowded for a pram and nobody helped us.")
    thread = "\n".join(f" {n}. Reader{n} says:\n    May {n}, 2024 at 9:{n}0 am\n\n    {comment}\n\n    Reply\n"
                       for n in range(1, 9))
    ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{UNWRAPPED}\n\n8 thoughts on “Tram line opens early”\n\n{thread}")
    assert ex.body.startswith("The new tram line") and "Reader" not in ex.body and comment not in ex.body


def test_a_list_of_teasers_longer_than_the_story_is_not_the_story():
    """Links to other stories, each with its picture or its excerpt cut off, may add up to
    more text than the story: they do not make a run of prose the story."""
    teaser = ("City council approves the budget for the hospital extension of the eastern tram line after a long "
              "debate that lasted until late in the night and ended")
    pictured = "\n".join(f"• [image-{n}] {teaser} with a vote of {n} to {n + 9}." for n in range(12))
    cut = "\n\n".join(f"{teaser} when the mayor of district {n} said that..." for n in range(12))
    for more in (pictured, cut):
        ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{UNWRAPPED}\n\nMore stories\n\n{more}\n")
        assert ex.body.startswith("The new tram line") and "City council approves" not in ex.body


def test_a_headline_that_ends_on_a_quote_is_not_a_sentence_of_prose():
    """A long headline may close on a quotation ("…: “…”") and no full stop: it reads as a
    headline, not as a paragraph, and beats the standfirst under it."""
    title = "Tram line opens a year early as the mayor tells the first passengers: “This is the fastest line we have ever built”"
    dump = f"""• Home

{title}

The new tram line to the eastern suburbs carried its first passengers on Saturday, a year ahead of the schedule

12 May 2024

{UNWRAPPED}"""
    assert extract(dump).fields["title"] == title


def test_a_breadcrumb_with_double_arrows_and_a_long_last_step_is_furniture():
    """The last step of a breadcrumb is the page's own title, often longer than a section name."""
    crumbs = "Home >> News >> Transport >> Tram line opens a year early for the eastern suburbs (map)"
    assert boilerplate.classify(crumbs, "", set(), False) == "breadcrumb"
    assert boilerplate.classify("Home > News > Transport", "", set(), False) == "breadcrumb"
    assert boilerplate.classify("Tram line opens a year early for the eastern suburbs (map)", "", set(), False) is None


def test_the_time_zone_of_a_stamp_settles_which_number_is_the_day():
    """An English page may be British or American: 02/11/2023 is 2 November beside a time in
    GMT, and 11/02/2023 is 2 November beside a time in ET, when no other date settles it."""
    for stamp in ("02/11/2023 02:00pm GMT", "11/02/2023 10:30 a.m. ET"):
        ex = extract(f"Tram line opens early\n\nBy Odile Brennan | {stamp}\n\n{UNWRAPPED}\n")
        assert ex.fields["publishedDateTime"].startswith("2023-11-02"), stamp


def test_markdown_leftovers_of_icons_tables_and_share_links_are_not_text():
    """html2text prints an icon font's glyph as empty emphasis ("__"), a table's empty first
    cell as a leading "|", and keeps spaces in a share link's query (whatsapp://send?text=…):
    none of it is part of a headline or a paragraph."""
    title = "Tram line opens early"
    dump = f"""News __ Transport __ {title}

| {title}

__ Facebook __ Twitter [ WhatsApp ](whatsapp://send?text={title} on the new tram line to the eastern suburbs)

By Odile Brennan | 12 May 2024

{UNWRAPPED}"""
    ex = extract(dump)
    assert ex.fields["title"] == title
    assert "__" not in ex.body


def test_a_search_form_and_a_table_rows_other_cell_are_not_part_of_the_headline():
    """w3m prints a form's widgets ("[        ]", "(*) … ( )", "[go_]") and pads a table's
    cells into columns on one line: a line with a widget is no headline, and a headline's
    own cell ends at the wide gap before the next one."""
    title = "Tram line to the eastern suburbs opens a year early"
    dump = f"""  Search [                    ]  (*) City News ( ) Web [go_]                    E-Paper  |  Follow [facebook] [twitter] [feed]

{title}                                                      [poll_icon]   Your vote

{STORY}"""
    ex = extract(dump)
    assert ex.fields["title"] == title


def test_a_caption_signed_with_an_e_mail_address_is_no_headline():
    """A photo caption that ends with its photographer's or reporter's address ("… Photo:
    Ana Ruiz ana.ruiz@example.org") reads like a headline about the story; no headline
    carries an e-mail address."""
    title = "Tram line to the eastern suburbs opens"
    dump = f"""The first tram to the eastern suburbs carried its passengers on Saturday, a year ahead of schedule. Ana Ruiz ana.ruiz@example.org

{title}

{STORY}"""
    assert extract(dump).fields["title"] == title


@pytest.mark.parametrize("opening", ["On 14 June 2005, the city council voted to build the tram line",
                                     "Am 14. Juni 2005 beschloss der Stadtrat den Bau der Tramlinie"])
def test_a_story_that_opens_with_a_date_keeps_its_first_word(opening):
    """A first sentence that opens with a date ("On 14 June 2005, …") keeps every word; only a
    stamp ("Published: 14 June 2005") before the story's first line is cut from it."""
    dump = f"""Tram line to the eastern suburbs opens

{opening} after years of debate, and the first trams ran on Saturday a year ahead of schedule.

{STORY}"""
    assert extract(dump).body.startswith(opening)


def test_a_numbered_list_keeps_its_numbers_and_a_year_opens_a_paragraph():
    """w3m prints an ordered list's items as " 1. …": they stay numbered (a recipe's steps, "the
    5 reasons"), and a paragraph that opens with a year and a full stop stays a paragraph
    with its year (Markdown would read "2020. …" as a list numbered from 2020)."""
    dump = f"""Tram line to the eastern suburbs opens

{STORY}
 1. The council voted for the line in the spring.
 2. The works began under the ring road that summer.
 12. The first trams ran on Saturday morning.

2020. That was the year the works began, and the city said then that they would take four years to finish.

The transport office said the extension to the hospital would be the next line the city builds after this one.
"""
    body = extract(dump).body
    page = html5lib.parse(render_markdown(body), namespaceHTMLElements=False)
    lists = page.findall(".//ol")
    assert len(lists) == 1 and lists[0].get("start") in (None, "1")
    assert [text_of(li) for li in lists[0].findall("li")] == [
        "The council voted for the line in the spring.", "The works began under the ring road that summer.",
        "The first trams ran on Saturday morning."]
    assert any(text_of(p).startswith("2020. That was the year") for p in page.findall(".//p"))


def test_a_long_list_inside_the_story_does_not_end_it():
    """A story's own list (steps, points, ingredients: items that are sentences) sits between
    its paragraphs; however long, the paragraphs after it are still the story. A menu's
    items (a word or two) still count as the furniture they are."""
    steps = "\n".join(f"  • Step {i}: crews laid more track along the avenue" for i in range(14))
    closing = ("The transport office said the extension to the hospital would be the next line the city "
               "builds, and that the works on it would begin in the spring of next year.")
    dump = f"""Tram line to the eastern suburbs opens

{STORY}
How the line was built

{steps}

{closing}

The mayor thanked the residents of the eastern suburbs for their patience during the two years of
works, and said that the trams would be free for everyone during the first week of the service.
"""
    body = extract(dump).body
    assert "Step 13: crews laid" in body and closing in body
    menu = "\n".join(f"  • Section {i}" for i in range(14))
    assert closing not in extract(dump.replace(steps, menu)).body
    ranking = "\n".join(f"{i}. Line {i}" for i in range(1, 15))  # a story's ranking is numbered, a menu is not
    assert closing in extract(dump.replace(steps, ranking)).body


@pytest.mark.parametrize("stamp, opening, place", [
    ("06.11.23 - ", "Sensation in the eastern suburbs: the tram line opened a year ahead of schedule on Saturday.", ""),
    ("2020-01-05 — ", "WASHINGTON (AP) — The council voted on Monday to build the tram line to the eastern suburbs.",
     "WASHINGTON")])
def test_a_date_stamp_opening_the_story_goes_with_its_dash(stamp, opening, place):
    """A date printed before the story's first words ("06.11.23 - Sensation …") is cut with
    the dash after it: left behind, "- Sensation" would render as a list, and "— WASHINGTON
    (AP) —" would hide the dateline."""
    ex = extract(f"Tram line to the eastern suburbs opens\n\n{stamp}{opening}\n\n{STORY}")
    first = html5lib.parse(render_markdown(ex.body), namespaceHTMLElements=False).find(".//body")[0]
    assert first.tag == "p" and text_of(first) == opening
    assert ex.dateline == place


def test_the_wrapped_end_of_a_sentence_that_ends_in_a_colon_is_no_heading():
    """A short line ending in ":" is a heading ("Ingredients:"), unless the dump wrapped a
    sentence there: "…the council said on Monday that the works would be done in four" /
    "stages, as follows:" is one paragraph."""
    dump = f"""Tram line to the eastern suburbs opens

The transport office said on Monday that the extension to the hospital would be built in four
stages, as follows:

  • the tunnel under the ring road, which the contractor will dig first in the spring of next year
  • the stations along the avenue, which will be built once the tunnel has been finished and tested

{STORY}"""
    body = extract(dump).body
    assert "built in four stages, as follows:" in body and "## stages" not in body


def test_a_line_the_dump_broke_before_a_long_word_carries_on():
    """w3m wraps at its width, so a line may end well short of it when the next word is long
    ("…Das hat das" / "Bundesverwaltungsgericht entschieden."): the two lines are one
    paragraph, not a paragraph and a fragment."""
    sentence = ("The council voted on Monday to extend the new tram line to the hospital after a debate that "
                "lasted well into the night and ended with a vote of the")
    dump = f"""Tram line to the eastern suburbs opens

The council voted on Monday to extend the new tram line to the hospital after a debate that
lasted well into the night and ended with a vote of the
Infrastructure-Committee-of-the-Regional-Assembly.

{STORY}"""
    assert f"{sentence} Infrastructure-Committee-of-the-Regional-Assembly." in extract(dump).body


def test_the_storys_first_paragraph_is_no_standfirst_for_the_line_above_it():
    """A headline-shaped line right above the story's prose (a picture's title, a teaser's)
    gets no credit for a standfirst: the paragraph under it is the story's own, and the
    headline stands higher up."""
    dump = f"""• Home
• Transport

Local news

Tram line to the eastern suburbs opens a year ahead of the schedule set in 2021

Trams to the eastern suburbs run from Saturday

The new tram line to the eastern suburbs opens on Saturday, a year ahead of schedule, the transport office said.

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line to the eastern suburbs opens a year ahead of the schedule set in 2021"


@pytest.mark.parametrize("stamp, published", [
    ("2024.05.12 09:30", "2024-05-12T09:30:00"),  # Korea, Lithuania
    ("입력2024.05.12.", "2024-05-12"),  # Korean pages run their label ("entered") into it
    ("2024. 05. 12. 09:30", "2024-05-12T09:30:00"),  # Hungary
])
def test_a_date_written_year_first_with_dots_is_the_date(stamp, published):
    """Year, month and day with dots between them is how several countries print a date: the
    stamp under the headline is the date, not a line the headline finder may take."""
    ex = extract(f"Tram line opens early\n\n{stamp}\n\n{STORY}")
    assert ex.fields["title"] == "Tram line opens early"
    assert ex.fields["publishedDateTime"] == published


def test_a_version_number_is_no_date():
    from generator.content.plaintext.dates import find_dates
    assert find_dates("Upgrade to v2024.05.12 or to release 1.2024.5.3") == ()


@pytest.mark.parametrize("stamp", ["Odile BrennanMay 12, 2024", "Posted on12 May 2024AuthorOdile Brennan",
                                   "Transport desk12. Mai 2024"])
def test_a_date_run_into_the_word_before_it_is_the_date(stamp):
    """A dump runs two boxes of the page together ("BrennanMay 12, 2024"): the date is still
    the page's, and the glued line of metadata is no headline."""
    ex = extract(f"Tram line opens early\n\n{stamp}\n\n{STORY}")
    assert ex.fields["title"] == "Tram line opens early"
    assert ex.fields["publishedDateTime"] == "2024-05-12"


def test_a_month_inside_a_word_is_no_date():
    from generator.content.plaintext.dates import find_dates
    assert find_dates("to their dismay 5, 2020 was a lost year") == ()


def test_a_byline_under_a_paragraph_that_fills_the_width_is_no_part_of_it():
    """A paragraph's last line ends a sentence close to the wrap width, and the byline with
    its date follows on a short line: the byline is a block of its own (and gives the date),
    not the paragraph's last words."""
    lede = "The council opened the new tram line to the eastern suburbs on Saturday, a year ahead of plan."
    ex = extract(f"Tram line opens early\n\n{lede}\nOdile Brennan 12.05.2024\n\n{STORY}")
    assert ex.fields["publishedDateTime"] == "2024-05-12"
    assert lede in ex.body.split("\n\n")


def test_a_caption_under_the_standfirst_is_no_standfirst_of_its_own():
    """Headline, standfirst, then a picture's caption: the caption is longer still, but a
    caption is no standfirst, so the trio is not kicker, headline and standfirst."""
    dump = f"""• Home

Tram line to the eastern suburbs opens early

New tram line to the eastern suburbs carries its first passengers on Saturday

The first tram at a new stop on the eastern avenue during the test runs in spring (Photo: O. Brennan)

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line to the eastern suburbs opens early"


def test_a_standfirst_below_a_share_bar_is_still_the_headlines():
    """A share bar between the headline and its standfirst does not part them: the shorter
    line above is the headline."""
    dump = f"""• Home

Tram line to the eastern suburbs opens early

• Facebook
• Twitter
• E-mail

Shopkeepers along the route welcome the trams, and the council will replant the trees it felled along the avenue

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line to the eastern suburbs opens early"


def test_a_date_in_the_line_under_the_headline_beats_a_list_of_dated_links_far_below():
    """The only date near the headline sits in a line of metadata (not a stamp of its own);
    the dates of a "more stories" list far down the page are stamps, but another story's."""
    more = "\n\n".join(f"Read also: tram news, part {i}" for i in range(8))
    dated = "\n\n".join(f"Tram news item number {i} of the week\n\n{i} June 2024" for i in range(1, 9))
    dump = f"""Tram line opens early

Transport desk of the city newspaper, with reporting from the eastern suburbs | 12 May 2024 | 09:30

{STORY}
More stories

{more}

{dated}
"""
    assert extract(dump).fields["publishedDateTime"] == "2024-05-12T09:30:00"


def test_an_updated_stamp_under_the_headline_beats_a_list_of_dated_links_far_below():
    """The headline's only stamp says "Last updated": it is the page's best date, better
    than the stamps of other stories listed far down the page."""
    more = "\n\n".join(f"Read also: tram news, part {i}" for i in range(8))
    dated = "\n\n".join(f"Tram news item number {i} of the week\n\n{i} June 2024" for i in range(1, 9))
    dump = f"Tram line opens early\n\nBy Odile Brennan Last updated 12 May 2024\n\n{STORY}\nMore stories\n\n{more}\n\n{dated}\n"
    ex = extract(dump)
    assert ex.fields["publishedDateTime"] == ex.fields["updatedDateTime"] == "2024-05-12"
    assert any(field == "publishedDateTime" and "'Updated'" in note for _, field, note in ex.notes)


STORY_ES = """La nueva línea de tranvía hacia los barrios del este llevó a sus primeros pasajeros el sábado, un año
antes del plazo que fijó el ayuntamiento cuando empezaron las obras, y la oficina de transporte dijo
que los tranvías pasarán cada seis minutos en las horas punta a partir de la próxima semana.

Los comerciantes de la ruta, que se habían quejado de dos años de calles cortadas y autobuses
desviados, dijeron que el primer fin de semana trajo más clientes que cualquier mes de las obras, y
el ayuntamiento prometió replantar los árboles que taló a lo largo de la avenida antes del otoño.

La línea costó menos de lo que el ayuntamiento aprobó hace cuatro años, dijo la oficina de
transporte, porque los túneles bajo la ronda se excavaron en una sola temporada en lugar de dos.
"""


@pytest.mark.parametrize("picture", ["imagen de archivo", "фото из архива", "फोटो आर्काइव"])
def test_a_caption_that_says_picture_in_another_language_is_not_the_headline(picture):
    """A picture's caption, printed twice (its alt text and its caption) under a headline
    that opens with its place ("Valencia / …"), names the picture in the page's language."""
    headline = "Valencia / La nueva línea de tranvía lleva a sus primeros pasajeros a los barrios del este"
    caption = f"Un tranvía en la nueva parada - {picture}"
    dump = f"• Inicio\n• Transporte\n\n{headline}\n\n{caption}\n\n{caption}\n\n{STORY_ES}"
    assert extract(dump).fields["title"] == headline


def test_the_sites_pitch_to_its_reader_is_no_paragraph_of_the_story():
    """A short paragraph in which the site asks its reader to sign up, subscribe or watch
    more is furniture, between the story's paragraphs or after them; a sentence of the
    story that speaks of signing up stays."""
    first, second, third = STORY.strip().split("\n\n")
    story_line = ("Riders can sign up for text alerts about delays on the new line, the transport office\n"
                  "said, and the alerts will cover the buses that feed the trams at the terminus as well.")
    quote = "“Our newsletter to riders will carry the timetable,” the transport office said."
    dump = (f"Tram line opens early\n\n12 May 2024\n\n{first}\n\n{story_line}\n\n{quote}\n\n"
            f"Sign up to our daily newsletter for the city's top stories.\n\n{second}\n\n"
            "Subscribe today to support the Courier's local journalism\n\n"
            "Never miss the latest news from the Courier. Sign up for our newsletters to get today's top stories,\n"
            "your favourite columnists and lots more in your email inbox every morning before breakfast.\n\n"
            f"{third}\n\nWatch more of our videos on City TV!\n\nShare this with Messenger\n")
    body = extract(dump).body
    assert "daily newsletter" not in body and "videos" not in body and "Subscribe" not in body
    assert "Never miss" not in body and "Messenger" not in body
    assert " ".join(story_line.split()) in body and quote in body
    assert body.rstrip().endswith("planned for later on.")


@pytest.mark.parametrize("also", ["Read also: Night trams to run at weekends",
                                  "You may also like: Night trams to run at weekends",
                                  "Lesen Sie auch: Nachtbahnen am Wochenende", "À lire aussi : Des trams la nuit",
                                  "À lire aussiDes trams la nuit"])  # run together by the dump
def test_the_story_tags_and_a_read_also_link_are_not_the_story(also):
    """A "read also" link between the story's paragraphs and its list of tags under it are
    the site's, in any of the major languages."""
    first, second, third = STORY.strip().split("\n\n")
    dump = (f"Tram line opens early\n\n12 May 2024\n\n{first}\n\n{also}\n\n{second}\n\n{third}\n\n"
            "Tags: trams, eastern suburbs, transport office, city council\n")
    body = extract(dump).body
    assert "Night" not in body and "Nacht" not in body and "nuit" not in body and "Tags" not in body
    assert body.rstrip().endswith("planned for later on.")


@pytest.mark.parametrize("menu, share", [("Menü Springe zum Inhalt", "Teilen Drucken"),
                                         ("Menú Saltar al contenido", "Compartir Imprimir"),
                                         ("Menu Aller au contenu", "Partager Imprimer")])
def test_a_sites_controls_in_its_own_language_are_neither_headline_nor_story(menu, share):
    """A skip link, a menu button and a share bar name the same controls in every language."""
    dump = f"""{menu}

Straßenbahn fährt früher

Odile Brennan 12.05.2024

{share}

{GESCHICHTE}
{share}

Beitrags-Navigation
"""
    ex = extract(dump)
    assert ex.fields["title"] == "Straßenbahn fährt früher"
    assert share not in ex.body and "Navigation" not in ex.body


def test_the_sites_name_and_motto_above_its_skip_link_are_no_headline():
    """A skip link opens the page's navigation: what stands above it is the site's header,
    however much the motto reads like a headline over the story's standfirst."""
    dump = f"""Harbour Notes

The city seen from its trams, every day of the year!

Menu Skip to content

• Home
• About

Trams

Tram line opens early

Odile Brennan 12.05.2024

{STORY}"""
    assert extract(dump).fields["title"] == "Tram line opens early"


def test_ad_labels_pictures_file_names_and_reading_times_are_not_the_story():
    """Between a story's paragraphs: an ad's label in the page's language, a picture w3m
    printed as its file name or its alt text, share buttons run together, and the reading
    time at the end of the stamp line."""
    first, second = GESCHICHTE.strip().split("\n\n")
    dump = f"""Straßenbahn fährt früher

Von Odile Brennan

12.05.2024, 15:20 Uhr • 2 Min. Lesezeit

[IMG_2024-0512-tram-945x630]

Die-erste-Bahn-verlässt-das-Depot-am-Samstagmorgen.jpg

Head shot of Odile Brennan

TeilenDruckenTeilenTweeten

{first}

Anzeige

{second}

Anzeige
"""
    ex = extract(dump)
    assert ex.fields["title"] == "Straßenbahn fährt früher"
    assert ex.fields["publishedDateTime"].startswith("2024-05-12")
    assert " ".join(ex.body.split()) == " ".join(f"{first} {second}".split())


def test_w3m_nested_list_marks_are_list_items():
    """w3m marks a nested list's items with □, ○ or ■ rather than •: a menu's short items
    before the story are furniture, and a list in the story is still a list."""
    first, rest = STORY.split("\n\n", 1)
    dump = f"""Tram line opens early

By Odile Brennan | 12 May 2024

□ Messenger
□ Pinterest

{first}

The new trams serve these stops:

○ the ring road junction by the old depot
○ the hospital's main entrance on the avenue

{rest}"""
    ex = extract(dump)
    assert "Messenger" not in ex.body and "Pinterest" not in ex.body and "□" not in ex.body
    doc = html5lib.parse(render_markdown(ex.body), namespaceHTMLElements=False)
    assert [text_of(li) for li in doc.iter("li")] == ["the ring road junction by the old depot",
                                                      "the hospital's main entrance on the avenue"]


def test_markup_and_script_a_broken_page_leaked_into_its_text_are_not_shown():
    """Tags a broken page printed as text go, their words stay; a script printed as text goes."""
    first, rest = STORY.split("\n\n", 1)
    dump = f"""Tram line opens early

By Odile Brennan | 12 May 2024

<p>{first}</p>

(function() {{ var ads = document.getElementsByClassName('ad'); }})();

{rest}"""
    ex = extract(dump)
    assert " ".join(ex.body.split()) == " ".join(f"{first} {rest}".split())


def test_quoted_words_on_a_wrapped_line_of_prose_are_no_breadcrumb():
    """« guillemets » on a line of a paragraph w3m wrapped read like a breadcrumb's steps
    ("Le procès pour » vol aggravé » opposant …"); that line is the paragraph's, not the site's."""
    paragraph = ("Le procès pour  » vol aggravé  » opposant  le commerçant Ibrahima Diallo au colonel Mamadou Alpha\n"
                 "Barry a repris ce mercredi devant le tribunal militaire, et au moment où nous mettons en ligne\n"
                 "cette dépêche, l'affaire est suspendue jusqu'à la projection d'une vidéo fournie au ministère.\n")
    more = ("Les avocats du colonel se sont opposés à la projection de cette vidéo, qui selon eux n'a pas été\n"
            "versée au dossier pendant l'instruction, et ils ont demandé au tribunal d'ouvrir les plaidoiries.\n\n"
            "Le procureur et l'avocat du commerçant ont estimé qu'il était important de la voir, et le juge a\n"
            "suspendu l'audience pendant vingt minutes avant de donner son accord à la projection de la vidéo.\n")
    dump = f"Accueil » Justice » Tribunal\n\nLe colonel devant le tribunal militaire\n\n{paragraph}\n{more}"
    ex = extract(dump)
    assert "Le procès pour » vol aggravé » opposant le commerçant Ibrahima Diallo" in " ".join(ex.body.split())
    assert "Accueil" not in ex.body  # the site's own breadcrumb still goes


def test_the_last_words_of_a_wrapped_paragraph_are_no_control():
    """The end of a sentence that w3m wrapped onto a line of its own ("privacy watchdog,
    Datatilsynet.") is read as part of its paragraph, not as a site's control or label."""
    paragraph = ("The council said the tram operator had shared the passengers' journey data with an advertising firm\n"
                 "without asking them, and that it would send its findings to the country's data protection and\n"
                 "privacy watchdog, Datatilsynet.\n")
    ex = extract(f"Tram data went to advertisers\n\n{paragraph}\n{STORY}")
    assert "data protection and privacy watchdog, Datatilsynet." in " ".join(ex.body.split())
    assert "Privacy\n" not in extract(f"Tram data went to advertisers\n\nPrivacy\n\n{STORY}").body  # a control alone


def test_a_call_in_capitals_inside_the_story_does_not_end_it():
    """A line in capitals between the story's paragraphs (the site's call to get its app, or
    a subheading) is dropped, and the closing sentences after it stay the story's."""
    ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{STORY}\nCLICK HERE TO GET THE CITY NEWS APP\n\n"
                 "The mayor rode the first tram herself.\n\nThe next line opens in two years.\n\nMore stories\n")
    body = " ".join(ex.body.split())
    assert body.endswith("The mayor rode the first tram herself. The next line opens in two years.")
    assert "CLICK HERE" not in body


def test_a_gallery_of_captions_or_titled_teasers_longer_than_the_story_is_not_the_story():
    """Captions that end in a picture's credit, prose printed twice, and teasers whose title-case
    headline runs into their excerpt may add up to more text than the story: they are not
    the story's prose (prose printed twice, only the second time), and do not carry it on
    past its end."""
    caption = ("Passengers board the first tram at the eastern terminus on Saturday morning, as the mayor and "
               "members of the council look on from the platform {n}.")
    credits = ("(Photo by A. Photographer / Agency)", "(Agency Photo/A. Photographer, File)",
               "(A. Photographer, Pool via AP)")
    credited = "\n\n".join(f"{caption.format(n=n)} {credits[n % 3]}" for n in range(10))
    titled = "\n\n".join(f"Council Approves Budget For Hospital Extension Of Line {n}The council voted on Monday "
                         f"to pay for the extension of the tram line to the hospital, after a debate that went on "
                         f"until late in the night." for n in range(10, 22))
    for gallery in (credited, titled):
        ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{UNWRAPPED}\n\nMore videos\n\n{gallery}\n")
        assert ex.body.startswith("The new tram line"), gallery[:40]
        assert "first tram at the eastern terminus" not in ex.body and "Council Approves" not in ex.body
        assert ex.body.rstrip().endswith("planned for later on.")
    # a gallery that prints each caption twice, away from the story: more text than the story, but
    # less once each caption is read once
    twice = "\n\n".join(f"{caption.format(n=n)}\n\n{caption.format(n=n)}" for n in range(5))
    menu = "\n\n".join(f"Section {n}" for n in range(12))
    ex = extract(f"Tram line opens early\n\n12 May 2024\n\n{UNWRAPPED}\n\n{menu}\n\n{twice}\n")
    assert ex.body.startswith("The new tram line") and "first tram at the eastern terminus" not in ex.body


def test_a_caption_that_wraps_like_the_storys_first_paragraph_leaves_it_whole():
    """A video's caption and the story's first paragraph share their first line as the dump
    wrapped them, and then part: the story keeps that line, which would leave the rest of its
    first paragraph on its own."""
    first = "The new tram line to the eastern suburbs carried its first passengers on Saturday, a year ahead"
    dump = (f"Tram line opens early\n\n12 May 2024\n\nVideo\n\n"
            f"{first}\nof the schedule, the mayor said\nat the opening ceremony. (Published Saturday)\n\n"
            f"More videos (1 of 9)\n\n{first}\nof schedule.\n\n{STORY.split(chr(10) + chr(10), 1)[1]}")
    body = " ".join(extract(dump).body.split())
    assert f"{first} of schedule." in body
    assert not body.startswith("of schedule")
