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
        ("Coordination between countries", 15.0),
        ("Reintegration", 100.0),
    ]
    assert [(c.country.iso_code, c.progress) for c in progress.countries] == [
        ("GT", 0.0),
        ("MX", 80.0),
    ]
    assert {item.action.title: item.progress for item in progress.actions} == {
        "Map national services": 30,
        "Train consular staff": 0,
        "Open reception centres": 100,
    }
    shared = progress.actions[0]
    assert [(s.country.iso_code, s.progress, s.reported) for s in shared.shares] == [
        ("GT", 0, False),
        ("MX", 60, True),
    ]
    # Open reception centres is past due too, but done: only the unfinished one is overdue.
    assert [item.action.title for item in progress.overdue] == ["Train consular staff"]
    assert progress.progress == 43.3


def test_the_latest_update_is_each_countrys_latest_by_date_then_the_last_filed(hand_case, today):
    a1 = hand_case["a1"]
    mx = country("MX")
    # Filed later but dated earlier: does not count as the latest.
    ProgressUpdateFactory(action=a1, country=mx, date=today - datetime.timedelta(days=90))
    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)
    assert progress.actions[0].progress == 30

    # The same date as the latest: the last filed wins.
    ProgressUpdateFactory(
        action=a1, country=mx, date=today - datetime.timedelta(days=20), percentage=45
    )
    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)
    assert progress.actions[0].progress == 22.5  # (45 + 0) / 2
    assert progress.actions[0].shares[1].latest_update.percentage == 45


def test_another_countrys_update_is_never_a_countrys_progress(hand_case, today):
    """Guatemala reports 100 on the shared action after Mexico: Mexico keeps its 60."""
    ProgressUpdateFactory(action=hand_case["a1"], country=country("GT"), date=today, percentage=100)

    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)

    shared = progress.actions[0]
    assert [(s.country.iso_code, s.progress) for s in shared.shares] == [("GT", 100), ("MX", 60)]
    assert shared.progress == 80  # (100 + 60) / 2
    assert shared.status == ActionStatus.IN_PROGRESS  # not every country is at 100
    assert [(c.country.iso_code, c.progress) for c in progress.countries] == [
        ("GT", 50.0),  # (100 + 0) / 2
        ("MX", 80.0),  # (60 + 100) / 2
    ]


def test_an_update_of_a_country_no_longer_responsible_does_not_count(hand_case, today):
    ProgressUpdateFactory(action=hand_case["a3"], country=country("MX"), percentage=90)

    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)

    assert progress.actions[1].progress == 0
    assert progress.progress == 43.3


def test_a_completed_action_counts_as_done_and_is_never_overdue(hand_case, today, superuser):
    from roadmaps.models import ActionStatusChange
    from roadmaps.services import action_set_status

    action_set_status(action=hand_case["a3"], to_status=ActionStatus.COMPLETED, by=superuser)

    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)

    assert progress.lines[0].progress == 65.0  # (30 + 100) / 2
    assert progress.countries[0].progress == 50.0  # Guatemala: (0 + 100) / 2
    assert progress.overdue == []
    change = ActionStatusChange.objects.get(action=hand_case["a3"])
    assert (change.from_status, change.to_status, change.changed_by) == (
        ActionStatus.NOT_STARTED,
        ActionStatus.COMPLETED,
        superuser,
    )


def test_the_status_shown_follows_the_figures(hand_case, today):
    """Progress above 0 is at least in progress; completed only when every responsible
    country reports 100; overdue is past the due date and not completed."""
    late = ActionFactory(
        line=hand_case["line_a"],
        position=5,
        title_en="Share the registers",
        start_date=today - datetime.timedelta(days=100),
        due_date=today - datetime.timedelta(days=1),
        status=ActionStatus.NOT_STARTED,
        countries=["MX", "GT"],
    )
    ProgressUpdateFactory(action=late, country=country("MX"), date=today, percentage=100)

    item = next(
        i
        for i in roadmap_progress(roadmap=hand_case["roadmap"], today=today).actions
        if i.action == late
    )
    assert (item.progress, item.status, item.overdue) == (50, ActionStatus.IN_PROGRESS, True)

    ProgressUpdateFactory(action=late, country=country("GT"), date=today, percentage=100)
    item = next(
        i
        for i in roadmap_progress(roadmap=hand_case["roadmap"], today=today).actions
        if i.action == late
    )
    assert (item.progress, item.status, item.overdue) == (100, ActionStatus.COMPLETED, False)
    # Stored as not started by the Secretariat, shown completed by its figures.
    by_title = {
        i.action.title: i.status
        for i in roadmap_progress(roadmap=hand_case["roadmap"], today=today).actions
    }
    assert by_title["Open reception centres"] == ActionStatus.COMPLETED
    assert by_title["Train consular staff"] == ActionStatus.NOT_STARTED


def test_the_dashboard_shows_the_status_of_the_figures_in_three_languages(client, hand_case):
    a2 = hand_case["a2"]
    assert a2.status == ActionStatus.NOT_STARTED
    for language, completed, overdue in (
        ("en", "Completed", "overdue"),
        ("es", "Completada", "vencida"),
        ("fr", "Achevée", "en retard"),
    ):
        html = client.get(f"/{language}/roadmaps/regional-roadmap-on-return/").content.decode()
        card = html[html.index(f'id="action-{a2.pk}"') :]
        card = card[: card.index("</article>")]
        status = re.search(r'<dd class="status">(.*?)</dd>', card, flags=re.S).group(1)
        assert " ".join(re.sub(r"<[^>]+>", " ", status).split()) == completed, language
        assert overdue not in card


def test_a_line_without_actions_has_no_figure(hand_case, today):
    from tests.factories import LineOfActionFactory

    LineOfActionFactory(roadmap=hand_case["roadmap"], position=9, title_en="Empty line")

    progress = roadmap_progress(roadmap=hand_case["roadmap"], today=today)

    assert progress.lines[-1].progress is None
    assert progress.progress == 43.3


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


def _date(day):
    from django.utils import formats

    return formats.date_format(day, "DATE_FORMAT")


def test_the_dashboard_charts_and_tables_show_the_same_figures(client, hand_case, today):
    page = client.get(reverse("roadmaps:dashboard", args=["regional-roadmap-on-return"]))
    html = page.content.decode()

    assert page.status_code == 200
    lines = _section(html, "by-line")
    svg = re.search(r"<svg.*?</svg>", lines, flags=re.S).group(0)
    assert _bars(svg) == {
        "Coordination between countries": (15 * BAR_SCALE / 100, "15%"),
        "Reintegration": (100 * BAR_SCALE / 100, "100%"),
    }
    assert 'role="img"' in svg
    assert '<title id="chart-lines-title">Progress by line of action</title>' in svg
    assert _table_rows(lines) == [
        ["Coordination between countries", "2", "15%"],
        ["Reintegration", "1", "100%"],
    ]

    countries = _section(html, "by-country")
    svg = re.search(r"<svg.*?</svg>", countries, flags=re.S).group(0)
    assert _bars(svg) == {"Guatemala": (0.0, "0%"), "Mexico": (240.0, "80%")}
    assert _table_rows(countries) == [["Guatemala", "2", "0%"], ["Mexico", "2", "80%"]]

    overdue = _section(html, "overdue")
    assert "Train consular staff" in overdue
    assert "Open reception centres" not in overdue
    assert "Map national services" not in overdue

    timeline = _section(html, "timeline")
    svg = re.search(r"<svg.*?</svg>", timeline, flags=re.S).group(0)
    root = ET.fromstring(svg)  # noqa: S314 - our own markup
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "row"]) == 3
    assert [g for g in root.iter(f"{SVG}g") if g.get("class") == "today"]
    assert "Overall progress" in html and "43.3%" in html
    assert "Services of both countries are mapped up to the border." in html
    assert "an action&#x27;s progress is the mean over its responsible countries" in html

    a1 = hand_case["a1"]
    card = html[html.index(f'id="action-{a1.pk}"') :]
    card = card[: card.index("</article>")]
    shares = card[card.index("Progress of each responsible country") :]
    assert _table_rows(shares[: shares.index("</table>")]) == [
        ["Guatemala", "0%", "no report yet"],
        ["Mexico", "60%", _date(today - datetime.timedelta(days=20))],
    ]


def test_the_spanish_dashboard_writes_decimals_the_spanish_way(client, hand_case):
    html = client.get("/es/roadmaps/regional-roadmap-on-return/").content.decode()

    assert "Hoja de ruta regional sobre el retorno" in html
    assert "43,3%" in html
    assert "Coordinación entre países" in html
    assert "la media de sus países responsables" in html
    assert "sin informe aún" in html


def test_the_french_dashboard_says_the_rule_and_who_has_not_reported(client, hand_case):
    html = client.get("/fr/roadmaps/regional-roadmap-on-return/").content.decode()

    assert "43,3" in html
    assert "la moyenne de ses pays responsables" in html
    assert "pas encore de rapport" in html


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
            indicator = action.indicators.create(
                name_en=f"Indicator {number}", target=10, baseline=2
            )
            update = ProgressUpdateFactory(action=action, country=country("MX"), percentage=number)
            update.measurements.create(indicator=indicator, value=number)
            ProgressUpdateFactory(action=action, country=country("HN"), percentage=50)

    add_actions(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_actions(18)
    with django_assert_num_queries(len(few)):
        page = client.get(url)
    assert page.content.decode().count('class="card action"') == 20
