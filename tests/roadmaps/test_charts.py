"""The dashboard's charts read on a phone: drawn at their own width, never scaled up, and
with labels that wrap instead of being cut short."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from roadmaps.charts import bar_chart_svg

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
# What a chart has of a 390 px phone: the page's and the figure's margins taken off.
PHONE_CHART_WIDTH = 390 - 2 * 16 - 2 * (8 + 1)


def _charts(html: str) -> list[ET.Element]:
    return [
        ET.fromstring(svg)  # noqa: S314 - our own markup
        for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S)
    ]


def _font_sizes(root: ET.Element) -> set[float]:
    sizes = {float(root.get("font-size"))}
    for element in root.iter():
        if element.get("font-size"):
            sizes.add(float(element.get("font-size")))
    return sizes


def test_every_chart_keeps_its_text_legible_on_a_phone(client, hand_case):
    html = client.get(reverse("roadmaps:dashboard", args=["regional-roadmap-on-return"]))
    charts = _charts(html.content.decode())

    assert len(charts) == 4  # lines, countries, timeline, the indicator
    for root in charts:
        width = float(root.get("width"))
        assert root.get("viewBox").split()[2] == root.get("width")
        # Shrunk to the phone's width, the smallest text is still 11 px or more.
        scale = min(1, PHONE_CHART_WIDTH / width)
        assert min(_font_sizes(root)) * scale >= 11, root.get("class")


def test_a_long_label_wraps_onto_a_second_line():
    title = "National and regional articulation of support for returned migrants"
    root = ET.fromstring(  # noqa: S314 - our own markup
        bar_chart_svg(rows=[(title, 40)], title="t", description="d", chart_id="c")
    )

    row = root.find(f"{SVG}g[@class='row']")
    lines = [row.find(f"{SVG}text[@class='label']").text] + [
        text.text for text in row.findall(f"{SVG}text[@class='label-more']")
    ]
    assert " ".join(lines) == title
    assert row.find(f"{SVG}title").text == f"{title}: 40%"


def test_a_label_too_long_for_two_lines_ends_with_an_ellipsis():
    title = "A line of action whose title goes on " * 4
    root = ET.fromstring(  # noqa: S314 - our own markup
        bar_chart_svg(rows=[(title, 40)], title="t", description="d", chart_id="c")
    )

    row = root.find(f"{SVG}g[@class='row']")
    assert len(row.findall(f"{SVG}text")) == 3  # two lines of label, one value
    assert row.find(f"{SVG}text[@class='label-more']").text.endswith("…")
    assert row.find(f"{SVG}title").text == f"{title.strip()}: 40%"


@pytest.mark.parametrize("language,word", [("en", "Today"), ("es", "Hoy"), ("fr", "Aujourd’hui")])
def test_the_timeline_marks_today_in_the_page_language(client, hand_case, language, word):
    html = client.get(f"/{language}/roadmaps/regional-roadmap-on-return/").content.decode()

    [timeline] = [root for root in _charts(html) if root.get("class") == "chart chart-timeline"]
    assert timeline.find(f"{SVG}g[@class='today']/{SVG}text").text == word
