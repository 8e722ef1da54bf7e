"""Two countries report on one shared roadmap action in a real browser, each through its
delegate's form, and the public dashboard shows each country's own figure and the
action's mean."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import UserRole
from roadmaps.models import ActionStatus, IndicatorMeasurement, ProgressUpdate, RoadmapStatus
from tests.e2e.conftest import needs_chromium
from tests.factories import (
    ActionFactory,
    LineOfActionFactory,
    RoadmapFactory,
    UserFactory,
    country,
)
from tests.reference_data import reference_data_restore

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


@pytest.fixture(autouse=True)
def reference_countries(db):
    """The member countries, as their data migration adds them: a browser test before this
    one may have emptied the tables."""
    reference_data_restore()


def _report(browser, live_server, *, email, language, action, percentage, value, narrative):
    """Log in as the delegate and file their country's update through the form."""
    page = browser.new_page()
    page.goto(live_server.url + reverse("account_login").replace("/en/", f"/{language}/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(live_server.url + f"/{language}/roadmaps/mine/")
    page.click(f"a[href$='/roadmaps/mine/actions/{action.pk}/']")
    page.fill("#id_percentage", str(percentage))
    page.fill("#id_narrative", narrative)
    indicator = action.indicators.get()
    page.fill(f"#id_indicator_{indicator.pk}", str(value))
    page.locator("form.practice-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{language}/roadmaps/mine/"), page.url
    page.close()


def _cells(html: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_two_countries_report_on_a_shared_action_and_the_dashboard_keeps_them_apart(
    live_server, browser
):
    today = timezone.localdate()
    roadmap = RoadmapFactory(
        title_en="Regional roadmap on return",
        title_es="Hoja de ruta regional sobre el retorno",
        slug="regional-roadmap-on-return",
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=500),
        status=RoadmapStatus.IN_PROGRESS,
    )
    line = LineOfActionFactory(roadmap=roadmap, position=1, title_en="Coordination")
    shared = ActionFactory(
        line=line,
        title_en="Agree on a referral mechanism",
        title_es="Acordar un mecanismo de referencia",
        start_date=today - datetime.timedelta(days=100),
        due_date=today + datetime.timedelta(days=100),
        status=ActionStatus.NOT_STARTED,
        countries=["MX", "GT", "HN"],
    )
    shared.indicators.create(
        name_en="Referral protocols signed",
        name_es="Protocolos de referencia firmados",
        baseline=0,
        target=3,
    )
    UserFactory(
        email="delegada.mx@example.org",
        country=country("MX"),
        role=UserRole.DELEGATE,
        language="es",
    )
    UserFactory(email="delegate.gt@example.org", country=country("GT"), role=UserRole.DELEGATE)

    _report(
        browser,
        live_server,
        email="delegada.mx@example.org",
        language="es",
        action=shared,
        percentage=40,
        value=2,
        narrative="Se firmaron dos protocolos de referencia.",
    )
    _report(
        browser,
        live_server,
        email="delegate.gt@example.org",
        language="en",
        action=shared,
        percentage=10,
        value=1,
        narrative="The national focal point is designated.",
    )
    assert sorted(ProgressUpdate.objects.values_list("country__iso_code", "percentage")) == [
        ("GT", 10),
        ("MX", 40),
    ]
    assert sorted(
        IndicatorMeasurement.objects.values_list("update__country__iso_code", "value")
    ) == [
        ("GT", 1),
        ("MX", 2),
    ]

    public = browser.new_page()
    public.goto(live_server.url + f"/en/roadmaps/{roadmap.slug}/")
    card = public.locator(f"#action-{shared.pk}").inner_html()
    shares = card[card.index("Progress of each responsible country") :]
    shares = shares[: shares.index("</table>")]
    assert [row[:2] for row in _cells(shares)[1:]] == [
        ["Guatemala", "10%"],
        ["Honduras", "0%"],
        ["Mexico", "40%"],
    ]
    assert "no report yet" in _cells(shares)[2][2]
    # The action's mean: (10 + 0 + 40) / 3 = 16.7%; shown in progress, as its figures say.
    status = public.locator(f"#action-{shared.pk} dd.status").inner_text()
    assert status.strip() == "In progress"
    assert "16.7%" in public.locator(f"#action-{shared.pk}").inner_text()
    by_country = public.locator("section[aria-labelledby=by-country] table").inner_html()
    assert _cells(by_country)[1:] == [
        ["Guatemala", "1", "10%"],
        ["Honduras", "1", "0%"],
        ["Mexico", "1", "40%"],
    ]
    indicator = public.locator(f"#action-{shared.pk} section.indicator table").inner_html()
    assert _cells(indicator)[1:] == [
        ["Guatemala", "0", "1", "3"],
        ["Honduras", "0", "no report yet", "3"],
        ["Mexico", "0", "2", "3"],
    ]

    # The same figures in Spanish, decimals the Spanish way.
    public.goto(live_server.url + f"/es/roadmaps/{roadmap.slug}/")
    text = public.locator(f"#action-{shared.pk}").inner_text()
    assert "16,7%" in text
    assert "sin informe aún" in text
    assert "México" in text
