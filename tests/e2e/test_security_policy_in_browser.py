"""The portal and its administration work in a real browser under the Content-Security-
Policy: the browser refuses nothing on the portal's pages, and in the administration only
the inline handler and styles of third-party templates whose work static files do instead."""

import datetime

import pytest

from declarations.models import DeclarationStatus
from tests.e2e.conftest import needs_chromium
from tests.factories import (
    ActionFactory,
    DeclarationFactory,
    ParagraphFactory,
    UserFactory,
    WorkshopFactory,
    with_totp,
)
from tests.rcm_portal.pages import PASSWORD, totp_code
from workshops.models import Participant

pytestmark = [
    # The browser test before this one ended with a flush, which leaves no countries or
    # other reference rows of the migrations: this test builds all it needs.
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

# What Chromium writes on the console when the policy refuses something.
REFUSED = "Content Security Policy"
# Third-party administration pages whose inline handler or styles are refused, and replaced
# by static/admin/rcm/csp.js and csp.css.
THIRD_PARTY_INLINE = ("/participant/export/", "/history/")


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.refused = []
    page.on(
        "console",
        lambda message: (
            page.refused.append((page.url, message.text)) if REFUSED in message.text else None
        ),
    )
    return page


def _visit(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def test_the_browser_refuses_nothing_on_the_portal_and_the_administration(live_server, page):
    workshop = WorkshopFactory(title_en="Consular protection in transit", status="held")
    Participant.objects.create(workshop=workshop, full_name="Ana Pérez", role="delegate")
    declaration = DeclarationFactory(status=DeclarationStatus.PUBLISHED)
    ParagraphFactory(declaration=declaration)
    action = ActionFactory(due_date=datetime.date(2025, 6, 1))
    staff = UserFactory(email="officer@example.org", is_staff=True, is_superuser=True)
    secret = with_totp(staff)
    base = live_server.url

    public = [
        "/en/",
        f"/en/workshops/{workshop.slug}/",
        f"/en/roadmaps/{action.line.roadmap.slug}/",
        declaration.get_absolute_url(),
        "/en/practices/",
    ]
    for url in public:
        _visit(page, base + url)

    _visit(page, base + "/en/accounts/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.wait_for_url(base + "/en/")

    administration = [
        "/en/admin/",
        f"/en/admin/workshops/workshop/{workshop.pk}/change/",
        f"/en/admin/declarations/declaration/{declaration.pk}/change/",
        f"/en/admin/members/user/{staff.pk}/change/",
        "/en/admin/workshops/theme/add/",
        "/en/admin/workshops/participant/import/",
        f"/en/admin/workshops/workshop/{workshop.pk}/history/",
    ]
    for url in administration:
        _visit(page, base + url)
        assert "Site administration" in page.title() or "administration" in page.content()

    # The admin's own scripts run: the two-box selector of the declaration's workshops.
    _visit(page, base + f"/en/admin/declarations/declaration/{declaration.pk}/change/")
    assert page.locator(".selector-available").count() > 0

    # import-export's "Select all" box works from csp.js, its inline handler being refused.
    _visit(page, base + "/en/admin/workshops/participant/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 1
    page.uncheck("input.select-toggle")
    assert all(not box.is_checked() for box in fields.all())
    page.check("input.select-toggle")
    assert all(box.is_checked() for box in fields.all())

    unexpected = [
        (url, text)
        for url, text in page.refused
        if not any(part in url for part in THIRD_PARTY_INLINE)
    ]
    assert unexpected == []
