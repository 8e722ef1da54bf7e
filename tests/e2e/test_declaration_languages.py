"""One text in three languages, in a real browser: a Mexican delegate proposes an English
amendment; the Secretariat, logged in with its second factor, accepts it with the
paragraph's Spanish and French text on the same form and adopts the declaration; the
public reads the new wording in the published Spanish declaration."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from declarations.models import AmendmentStatus, Declaration, DeclarationStatus
from members.groups import SECRETARIAT
from members.models import UserRole
from tests.declarations.conftest import make_declaration
from tests.e2e.conftest import needs_chromium
from tests.factories import UserFactory, country, with_totp
from tests.rcm_portal.pages import totp_code
from translations.selectors import outdated_languages

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's

NEW_EN = "Reaffirm the full commitment to the sustainable reintegration of returned migrants;"
NEW_ES = "Reafirman el pleno compromiso con la reintegración sostenible de las personas retornadas;"
NEW_FR = "Réaffirment le plein engagement en faveur de la réintégration durable des migrants ;"
OLD_ES = "Reafirman el compromiso con la reintegración;"

pytestmark = [
    # The reference data (countries) comes back for each test: a browser test empties the
    # database when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    needs_chromium,
]


def _url(live_server, name, *args, language="en"):
    with translation.override(language):
        return live_server.url + reverse(name, args=args)


def _log_in(page, live_server, email):
    page.goto(_url(live_server, "account_login"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_an_english_amendment_is_accepted_in_three_languages_and_published_in_spanish(
    live_server, browser
):
    from django.contrib.auth.models import Group

    declaration = make_declaration()
    paragraph = declaration.paragraphs.filter(kind="operative").order_by("position").first()
    UserFactory(
        email="delegate.mx@example.org",
        full_name="Marta Delegada",
        country=country("MX"),
        role=UserRole.DELEGATE,
    )
    officer = UserFactory(email="officer@example.org", full_name="Olivia Officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=SECRETARIAT))
    secret = with_totp(officer)

    # Mexico's delegate proposes new English wording on the negotiation page's form.
    delegate = browser.new_context().new_page()
    _log_in(delegate, live_server, "delegate.mx@example.org")
    delegate.goto(_url(live_server, "declarations:negotiation", declaration.pk))
    delegate.locator(f"a[href$='/paragraphs/{paragraph.pk}/amend/']").first.click()
    delegate.wait_for_load_state()
    delegate.check("input[name=action][value=change]")
    delegate.select_option("#id_language", "en")
    delegate.fill("#id_text", NEW_EN)
    delegate.fill("#id_rationale", "Sustainability is what the workshop asked for.")
    delegate.locator("form button[type=submit]").last.click()
    delegate.wait_for_load_state()
    [amendment] = paragraph.amendments.all()
    assert amendment.language == "en" and amendment.status == AmendmentStatus.PENDING

    # The Secretariat logs in with its password and its authenticator app's code.
    staff = browser.new_context().new_page()
    _log_in(staff, live_server, "officer@example.org")
    staff.fill("input[name=code]", totp_code(secret))
    staff.locator("form[action$='/2fa/authenticate/'] button[type=submit]").first.click()
    staff.wait_for_load_state()

    # On the review form, the Spanish and French texts wait, prefilled, to be updated.
    staff.goto(_url(live_server, "declarations:review_amendment", amendment.pk))
    assert staff.input_value("#id_text_es") == OLD_ES
    assert "Text in Spanish (to update)" in staff.content()
    staff.check("input[name=decision][value=accept]")
    staff.fill("#id_text_es", NEW_ES)
    staff.fill("#id_text_fr", NEW_FR)
    staff.locator("form.decision button[type=submit]").click()
    staff.wait_for_load_state()
    assert "The amendment is now “Accepted”." in staff.content()
    paragraph.refresh_from_db()
    assert (paragraph.text_en, paragraph.text_es, paragraph.text_fr) == (NEW_EN, NEW_ES, NEW_FR)
    assert outdated_languages(paragraph) == {}

    # The adoption: date and countries on the declaration, then the admin's actions.
    declaration.adopted_on = datetime.date(2026, 6, 20)
    declaration.save()
    declaration.adopting_countries.set([country("MX"), country("GT"), country("HN")])
    for action in ("make_adopted", "make_published"):
        staff.goto(_url(live_server, "admin:declarations_declaration_changelist"))
        staff.check(f"input[name=_selected_action][value='{declaration.pk}']")
        staff.select_option("select[name=action]", action)
        staff.locator("button[name=index]").click()
        staff.wait_for_load_state()
    assert Declaration.objects.get(pk=declaration.pk).status == DeclarationStatus.PUBLISHED

    # Anyone reads the new wording in the Spanish declaration.
    public = browser.new_context().new_page()
    public.goto(_url(live_server, "declarations:detail", declaration.pk, language="es"))
    text = public.locator("#op-1").inner_text()
    assert NEW_ES in text
    assert OLD_ES not in public.content()
    assert "Esta traducción puede ser anterior" not in public.content()
    public.goto(_url(live_server, "declarations:paragraph_history", paragraph.pk, language="es"))
    assert any("pleno" in added for added in public.locator("ins").all_inner_texts())
