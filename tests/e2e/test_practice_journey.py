"""A delegate's whole journey in a real browser: invited by e-mail, sets a password, logs
in, submits a practice for their country with an attachment, gets it back with comments,
fixes it, sees it published; then the public finds it and downloads the compiled report
in Spanish."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import UserRole
from practices.models import Practice, PracticeStatus
from practices.services import practice_transition
from tests.e2e.conftest import needs_chromium
from tests.factories import PracticeCallFactory, country

PASSWORD = "Reintegración-2026-segura"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [
    # The reference data (countries) comes back for each test: a browser test empties the
    # database when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    needs_chromium,
]


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_delegate_goes_from_invitation_to_a_published_practice(
    live_server, browser, settings, celery_eager, tmp_path
):
    from members.services import invitation_send
    from tests.factories import UserFactory

    settings.PORTAL_BASE_URL = live_server.url
    secretariat = UserFactory(is_staff=True, is_superuser=True, email="ts@example.org")
    call = PracticeCallFactory(title_en="Successful initiatives", title_es="Iniciativas exitosas")

    # The Secretariat invites a delegate of Guatemala, who reads e-mail in Spanish.
    invitation_send(
        email="ana.delegada@example.org",
        full_name="Ana Delegada",
        country=country("GT"),
        role=UserRole.DELEGATE,
        organization=None,
        language="es",
        by=secretariat,
    )
    [invitation] = mail.outbox
    link = _link_in(invitation)
    assert link.startswith(live_server.url + "/es/")

    page = browser.new_page()
    page.goto(link)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(live_server.url + reverse("account_login").replace("/en/", "/es/"))
    page.fill("input[name=login]", "ana.delegada@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    # The call's page sends her to the form, the call already chosen.
    page.goto(live_server.url + f"/es/practices/mine/new/?call={call.pk}")
    page.fill("#id_title", "Ventanilla única para personas retornadas")
    page.fill("#id_summary", "Atención integral a quienes regresan al país.")
    page.select_option("#id_language", "es")
    page.fill("#id_implementing_organization", "Instituto Guatemalteco de Migración")
    page.fill("#id_period_start", "2020-02-01")
    page.check("input[name=target_populations] >> nth=0")
    page.check("input[name=themes] >> nth=0")
    page.check("input[name=gcm_objectives] >> nth=20")
    page.fill("#id_problem", "Las personas retornadas no sabían a qué institución acudir.")
    page.fill("#id_approach", "Una ventanilla única en el aeropuerto con todas las instituciones.")
    page.fill("#id_results", "Miles de personas atendidas.")
    page.fill("#id_lessons_learned", "Reunir a las instituciones en un solo lugar.")
    page.fill("#id_contact_email", "ventanilla@example.org")
    evaluation = tmp_path / "evaluacion.pdf"
    evaluation.write_bytes(PDF)
    page.set_input_files("#id_new_attachments", str(evaluation))
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state()

    practice = Practice.objects.get()
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.country.iso_code == "GT"
    assert practice.call == call
    assert [str(a) for a in practice.attachments.all()] == ["evaluacion.pdf"]
    assert "evaluacion.pdf" in page.content()

    # The Secretariat asks for changes; she reads the comment and fixes the results.
    practice_transition(practice=practice, to_status=PracticeStatus.IN_REVIEW, by=secretariat)
    practice_transition(
        practice=practice,
        to_status=PracticeStatus.CHANGES_REQUESTED,
        by=secretariat,
        comment="Indiquen cuántas personas fueron atendidas.",
    )
    decision = mail.outbox[-1]
    assert decision.to == ["ana.delegada@example.org"]
    page.goto(_link_in(decision))
    assert "Indiquen cuántas personas fueron atendidas." in page.content()
    page.goto(live_server.url + f"/es/practices/mine/{practice.pk}/edit/")
    page.fill("#id_results", "12 400 personas atendidas entre 2020 y 2023.")
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED

    practice_transition(practice=practice, to_status=PracticeStatus.IN_REVIEW, by=secretariat)
    practice_transition(practice=practice, to_status=PracticeStatus.ACCEPTED, by=secretariat)
    practice_transition(practice=practice, to_status=PracticeStatus.PUBLISHED, by=secretariat)
    page.goto(live_server.url + f"/es/practices/mine/{practice.pk}/")
    assert "Publicada" in page.content()

    # The public finds it in Spanish and downloads the compiled report.
    public = browser.new_page()
    public.goto(live_server.url + "/es/practices/?q=ventanilla")
    public.click("text=Ventanilla única para personas retornadas")
    assert "12 400 personas atendidas" in public.content()
    assert "ventanilla@example.org" not in public.content()
    public.goto(live_server.url + "/es/practices/?q=ventanilla")
    public.locator("form[action*='compile'] button[type=submit]").click()
    public.wait_for_load_state()
    with public.expect_download() as download_info:
        public.locator("a[href$='/download/']").click()
    pdf = download_info.value.path().read_bytes()

    from pypdf import PdfReader

    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Ventanilla única para personas retornadas" in text
    assert "12 400 personas atendidas" in text
    assert "Guatemala" in text
    assert "ventanilla@example.org" not in text
