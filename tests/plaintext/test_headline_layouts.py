"""Layouts of the lines around a headline that hold across sites (seen in real w3m and
html2text dumps, written here with our own text): a kicker above the headline and a
standfirst below it, menus whose link texts a dump glued together, and an image's alt text
run into its caption."""
from generator.content.plaintext import extract

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
