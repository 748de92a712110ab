"""w3m dumps a page's forms as widgets: text boxes ("[______]"), radio buttons and check
boxes ("(*) Web ( ) Site"). They are site furniture, never the headline or the story."""
from generator.content.plaintext import extract

DUMP = """Search [                    ]  (*) This site ( ) Web [go_]

Valley Post > Local > Transport

Tram line to the eastern suburbs opens a year early

By Odile Brennan | 12 May 2024

The new tram line to the eastern suburbs carried its first passengers on Saturday, a year
ahead of the schedule the city set when the works began, and the transport office said the
trams would run every six minutes at peak hours from next week.

Email address [                         ] [Subscribe]

Shopkeepers along the route, who had complained about two years of closed streets, said the
first weekend brought more customers than any month of the works, and the council promised to
replant the trees it had felled along the avenue before the autumn.

[ ] Remember me [ ] Keep me signed in
"""


def test_form_widgets_are_neither_headline_nor_body():
    ex = extract(DUMP)
    assert ex.fields["title"] == "Tram line to the eastern suburbs opens a year early"
    assert ex.fields["publishedDateTime"] == "2024-05-12"
    assert "carried its first passengers" in ex.body and "replant the trees" in ex.body
    assert not [w for w in ("[    ", "(*)", "Email address", "Remember me") if w in ex.body]
