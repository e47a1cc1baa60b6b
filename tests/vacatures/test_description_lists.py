"""A vacancy text's "-" lines, typed straight under a sentence as the form's help says, read as a
list; text under the list is a paragraph again; HTML stays out."""

from vacatures.formatting import render_description


def test_dash_lines_under_a_sentence_become_a_list():
    html = render_description("Wat je doet:\n- lesgeven\n- mentor zijn\nEn meer.")
    assert html == (
        "<p>Wat je doet:</p>\n<ul>\n<li>lesgeven</li>\n<li>mentor zijn</li>\n</ul>\n<p>En meer.</p>"
    )


def test_numbered_lines_become_a_numbered_list_and_html_is_still_refused():
    assert "<ol>\n<li>bellen</li>" in render_description("Stappen:\n1. bellen\n2. mailen")
    html = render_description("Let op:\n- <script>alert(1)</script>kort")
    assert "<script" not in html and "<li>" in html
