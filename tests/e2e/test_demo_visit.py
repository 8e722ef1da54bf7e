"""The public visit of the loaded demo, in a real browser and without any staff action:
home, the past workshops, a held workshop, a practice presented there, the catalogue filtered by country,
the Global Compact page, the declarations and the roadmaps; axe-core finds no accessibility
violation on any of them."""

import re

import pytest
from django.core.management import call_command

from practices.models import Practice, PracticeStatus
from tests.e2e.conftest import axe_violations, needs_chromium
from workshops.models import Workshop

pytestmark = [
    # The reference data comes back for each test: a browser test empties the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    needs_chromium,
]

HELD = "reintegration-of-returned-migrants"


def test_a_visitor_walks_through_the_demo(live_server, browser):
    call_command("load_demo", verbosity=0)
    held = Workshop.objects.get(slug=HELD)
    mexican = set(
        Practice.objects.filter(
            status=PracticeStatus.PUBLISHED, country__iso_code="MX"
        ).values_list("title_en", flat=True)
    )
    page = browser.new_page()
    violations = []

    def visited(heading: str | None = None):
        if heading is not None:
            assert heading in page.locator("h1").inner_text()
        violations.extend(axe_violations(page))

    page.goto(f"{live_server.url}/en/")
    visited()

    page.get_by_role("link", name="Workshops", exact=True).first.click()
    page.get_by_role("link", name="Past").click()
    page.wait_for_url("**when=past**")
    visited("Workshops")

    page.get_by_role("link", name=held.title_en).first.click()
    page.wait_for_url(f"**/workshops/{HELD}/")
    visited(held.title_en)
    body = page.locator("main").inner_text()
    assert "Participation" in body and "Outcome documents" in body

    # A practice presented in one of its sessions, from the agenda.
    presented = page.locator(".session-practices a[href*='/practices/']").first
    pk = int(re.search(r"/practices/(\d+)/", presented.get_attribute("href")).group(1))
    presented.click()
    page.wait_for_url(f"**/practices/{pk}/")
    visited(Practice.objects.get(pk=pk).title_en)

    page.get_by_role("link", name="Best practices", exact=True).first.click()
    page.select_option("select[name=country]", "MX")
    page.get_by_role("button", name="Show practices").click()
    page.wait_for_url("**country=MX**")
    shown = {card.strip() for card in page.locator("ul.cards li :is(h2, h3) a").all_inner_texts()}
    assert shown and shown <= mexican
    visited("Best practices")

    page.get_by_role("link", name="Global Compact", exact=True).first.click()
    visited("Global Compact")
    assert held.title_en in page.locator("main").inner_text()

    page.get_by_role("link", name="Declarations", exact=True).first.click()
    visited()

    page.get_by_role("link", name="Roadmaps", exact=True).first.click()
    visited()

    assert not violations, "\n".join(violations)
