"""The figures computed from the data, against the hand-computed case of conftest.hand_case,
and the charts and tables that show them."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from roadmaps.charts import BAR_SCALE, bar_chart_svg
from roadmaps.models import ActionStatus
from roadmaps.selectors import roadmap_progress
from tests.factories import ActionFactory, ProgressUpdateFactory, country

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def test_the_figures_are_those_computed_by_hand(hand_case, today):
    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)

    assert [(line.line.title, line.progress) for line in progress.lines] == [
        ("Coordination between countries", 30.0),
        ("Reintegration", 100.0),
    ]
    assert [(c.country.iso_code, c.progress) for c in progress.countries] == [
        ("GT", 30.0),
        ("MX", 80.0),
    ]
    assert {item.action.title: item.progress for item in progress.actions} == {
        "Map national services": 60,
        "Train consular staff": 0,
        "Open reception centres": 100,
    }
    # Open reception centres is past due too, but done: only the unfinished one is overdue.
    assert [item.action.title for item in progress.overdue] == ["Train consular staff"]
    assert progress.progress == 53.3


def test_the_latest_update_is_the_latest_by_date_then_the_last_filed(hand_case, today):
    a1 = hand_case["a1"]
    # Filed later but dated earlier: does not count as the latest.
    ProgressUpdateFactory(action=a1, date=today - datetime.timedelta(days=90), percentage=90)
    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)
    assert progress.actions[0].progress == 60

    # The same date as the latest: the last filed wins.
    ProgressUpdateFactory(action=a1, date=today - datetime.timedelta(days=20), percentage=45)
    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)
    assert progress.actions[0].progress == 45
    assert progress.actions[0].latest_update.percentage == 45


def test_a_completed_action_counts_as_done_and_is_never_overdue(hand_case, today):
    a3 = hand_case["a3"]
    a3.status = ActionStatus.COMPLETED
    a3.save()

    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)

    assert progress.lines[0].progress == 80.0  # (60 + 100) / 2
    assert progress.overdue == []


def test_a_line_without_actions_has_no_figure(hand_case, today):
    from tests.factories import LineOfActionFactory

    LineOfActionFactory(roadmap=hand_case["roadmap"], position=9, title_en="Empty line")

    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)

    assert progress.lines[-1].progress is None
    assert progress.progress == 53.3


def _bars(svg: str) -> dict[str, tuple[float, str]]:
    """Each row's label: (bar width, value text), read from the SVG."""
    root = ET.fromstring(svg)  # noqa: S314 - our own markup
    rows = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "row":
            continue
        label = group.find(f"{SVG}text[@class='label']").text
        width = float(group.find(f"{SVG}rect[@class='bar']").get("width"))
        value = group.find(f"{SVG}text[@class='value']").text
        rows[label] = (width, value)
    return rows


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def _table_rows(html: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells])
    return rows[1:]  # without the header


def test_the_dashboard_charts_and_tables_show_the_same_figures(client, hand_case):
    page = client.get(reverse("roadmaps:dashboard", args=["regional-roadmap-on-return"]))
    html = page.content.decode()

    assert page.status_code == 200
    lines = _section(html, "by-line")
    svg = re.search(r"<svg.*?</svg>", lines, flags=re.S).group(0)
    assert _bars(svg) == {
        "Coordination between countries": (30 * BAR_SCALE / 100, "30%"),
        "Reintegration": (100 * BAR_SCALE / 100, "100%"),
    }
    assert 'role="img"' in svg
    assert '<title id="chart-lines-title">Progress by line of action</title>' in svg
    assert _table_rows(lines) == [
        ["Coordination between countries", "2", "30%"],
        ["Reintegration", "1", "100%"],
    ]

    countries = _section(html, "by-country")
    svg = re.search(r"<svg.*?</svg>", countries, flags=re.S).group(0)
    assert _bars(svg) == {"Guatemala": (90.0, "30%"), "Mexico": (240.0, "80%")}
    assert _table_rows(countries) == [["Guatemala", "2", "30%"], ["Mexico", "2", "80%"]]

    overdue = _section(html, "overdue")
    assert "Train consular staff" in overdue
    assert "Open reception centres" not in overdue
    assert "Map national services" not in overdue

    timeline = _section(html, "timeline")
    svg = re.search(r"<svg.*?</svg>", timeline, flags=re.S).group(0)
    root = ET.fromstring(svg)  # noqa: S314 - our own markup
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "row"]) == 3
    assert [g for g in root.iter(f"{SVG}g") if g.get("class") == "today"]
    assert "Overall progress" in html and "53.3%" in html
    assert "Services of both countries are mapped up to the border." in html


def test_the_spanish_dashboard_writes_decimals_the_spanish_way(client, hand_case):
    html = client.get("/es/roadmaps/regional-roadmap-on-return/").content.decode()

    assert "Hoja de ruta regional sobre el retorno" in html
    assert "53,3%" in html
    assert "Coordinación entre países" in html


def test_labels_are_escaped_in_the_svg():
    svg = bar_chart_svg(
        rows=[('<script>alert("x")</script> & co', 50)],
        title="A <b>title</b>",
        description="d",
        chart_id="c",
    )

    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # noqa: S314 - well-formed, our own markup
    assert root.find(f"{SVG}title").text == "A <b>title</b>"


def test_the_dashboard_makes_the_same_queries_for_2_and_20_actions(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import Organization
    from objectives.models import GcmObjective
    from tests.factories import LineOfActionFactory, WorkshopFactory

    line = LineOfActionFactory()
    line.roadmap.origin_workshops.add(WorkshopFactory())
    url = reverse("roadmaps:dashboard", args=[line.roadmap.slug])

    def add_actions(count):
        for number in range(count):
            action = ActionFactory(line=line, countries=["MX", "HN", "CR"])
            action.partner_organizations.add(*Organization.objects.all()[:2])
            action.gcm_objectives.add(*GcmObjective.objects.all()[:2])
            action.indicators.create(name_en=f"Indicator {number}", target=10, baseline=2)
            ProgressUpdateFactory(action=action, country=country("MX"), percentage=number)

    add_actions(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_actions(18)
    with django_assert_num_queries(len(few)):
        page = client.get(url)
    assert page.content.decode().count('class="card action"') == 20
