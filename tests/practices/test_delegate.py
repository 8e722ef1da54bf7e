"""The delegate's form: drafts, field-by-field validation, nothing lost, one practice per
form, deadlines, and the e-mails a submission sends."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, PracticeStatus, TargetPopulation
from tests.factories import PracticeCallFactory, PracticeFactory, gcm_objective
from workshops.models import Theme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form_key(client, url=None):
    page = client.get(url or reverse("practices:create")).content.decode()
    return re.search(r'name="form_key" value="([0-9a-f-]+)"', page).group(1)


def _complete(**overrides):
    data = {
        "title": "Programa de reintegración de personas retornadas",
        "summary": "Acompañamiento a personas migrantes retornadas.",
        "language": "es",
        "implementing_organization": "Instituto Nacional de Migración",
        "period_start": "2019-03-01",
        "period_end": "",
        "target_populations": [TargetPopulation.objects.get(code="returned-migrants").pk],
        "themes": [Theme.objects.get(code="return-reintegration").pk],
        "gcm_objectives": [gcm_objective(21).pk],
        "problem": "Las personas retornadas llegaban sin apoyo.",
        "approach": "Centros de recepción y un gestor de casos.",
        "results": "La mayoría encontró empleo en seis meses.",
        "lessons_learned": "La coordinación entre ministerios es clave.",
        "contact_name": "Marta Delegada",
        "contact_email": "marta@example.org",
        "contact_phone": "+52 55 1234 5678",
        "action": "save",
    }
    data.update(overrides)
    return data


def test_a_delegate_saves_a_draft_for_their_own_country(client, delegate_mx):
    client.force_login(delegate_mx)
    key = _form_key(client)

    response = client.post(
        reverse("practices:create"), {"form_key": key, "title": "Primer borrador", "action": "save"}
    )

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:edit", args=[practice.pk])
    assert practice.status == PracticeStatus.DRAFT
    assert practice.country.iso_code == "MX"
    assert practice.created_by == delegate_mx
    assert practice.title_es is None or practice.title_en == "Primer borrador"
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved." in page
    assert 'value="Primer borrador"' in page


@pytest.mark.parametrize(
    ("language", "untitled"),
    [("en", "Untitled practice"), ("es", "Práctica sin título"), ("fr", "Pratique sans titre")],
)
def test_a_draft_without_a_title_is_listed_as_untitled(client, delegate_mx, language, untitled):
    client.force_login(delegate_mx)
    key = _form_key(client)
    # A title with a NUL is refused, and the draft is saved without it.
    response = client.post(
        reverse("practices:create"),
        {"form_key": key, "title": "Borrador\x00", "summary": "Sin título.", "action": "save"},
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not Practice.objects.get().title

    page = client.get(f"/{language}/practices/mine/")

    assert page.status_code == 200
    assert untitled in page.content.decode()


def test_the_title_goes_to_the_language_the_practice_is_written_in(client, delegate_mx):
    client.force_login(delegate_mx)
    client.post(
        reverse("practices:create"),
        {"form_key": _form_key(client), **_complete()},
    )

    practice = Practice.objects.get()
    assert practice.title_es == "Programa de reintegración de personas retornadas"
    assert not practice.title_en


def test_a_failed_validation_keeps_every_value_and_the_attachment(client, delegate_mx):
    client.force_login(delegate_mx)
    data = _complete(contact_email="not-an-address", period_end="2018-01-01")
    data["new_attachments"] = SimpleUploadedFile("evaluacion.pdf", PDF)

    response = client.post(reverse("practices:create"), {"form_key": _form_key(client), **data})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your draft is saved with 2 fields to correct" in page
    assert "Enter a valid email address." in page
    assert "The period cannot end before it starts." in page
    # What was typed is still in the form, the wrong values included.
    assert 'value="not-an-address"' in page
    assert "Las personas retornadas llegaban sin apoyo." in page
    # The valid fields and the attachment are saved in the draft.
    practice = Practice.objects.get()
    assert practice.problem == "Las personas retornadas llegaban sin apoyo."
    assert practice.contact_email == ""
    assert [str(a) for a in practice.attachments.all()] == ["evaluacion.pdf"]
    assert "evaluacion.pdf" in page
    # The form now posts to the saved draft.
    assert reverse("practices:edit", args=[practice.pk]) in page


def test_a_file_of_the_wrong_type_is_refused_by_name(client, delegate_mx):
    client.force_login(delegate_mx)
    data = _complete(new_attachments=SimpleUploadedFile("informe.pdf", b"just text"))

    response = client.post(reverse("practices:create"), {"form_key": _form_key(client), **data})

    assert "The content of “informe.pdf” is not a PDF file." in response.content.decode()
    assert Practice.objects.get().attachments.count() == 0


def test_submitting_an_incomplete_practice_marks_each_missing_field(client, delegate_mx):
    client.force_login(delegate_mx)

    response = client.post(
        reverse("practices:create"),
        {"form_key": _form_key(client), "title": "Solo un título", "action": "submit"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Complete the marked fields to submit it." in page
    for message in (
        "Write a short summary.",
        "Describe the problem the practice addresses.",
        "Choose at least one theme.",
        "Give a contact e-mail address for the Secretariat.",
    ):
        assert message in page
    assert Practice.objects.get().status == PracticeStatus.DRAFT


def test_a_submission_tells_the_secretariat_once_the_transaction_commits(
    client, delegate_mx, secretariat, celery_eager, django_capture_on_commit_callbacks
):
    client.force_login(delegate_mx)
    key = _form_key(client)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("practices:create"), {"form_key": key, **_complete(action="submit")}
        )
    practice = Practice.objects.get()
    assert response["Location"] == reverse("practices:mine_detail", args=[practice.pk])
    assert mail.outbox == []

    # The notice's e-mails are written in the outbox in turn, and go once that commits.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    assert practice.status_changes.get().changed_by == delegate_mx
    assert practice.submitted_at is not None
    [message] = mail.outbox
    assert message.to == ["officer@example.org"]
    assert "New practice submitted by Mexico" in message.subject
    assert "Marta Delegada submitted the practice" in message.body
    assert reverse("practices:review", args=[practice.pk]) in message.body


def test_a_second_click_does_not_create_a_second_practice(client, delegate_mx, secretariat):
    client.force_login(delegate_mx)
    data = {"form_key": _form_key(client), **_complete(action="submit")}

    first = client.post(reverse("practices:create"), data)
    second = client.post(reverse("practices:create"), data)

    practice = Practice.objects.get()
    assert first["Location"] == second["Location"]
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.status_changes.count() == 1


def test_two_clicks_on_save_update_the_same_draft(client, delegate_mx):
    client.force_login(delegate_mx)
    key = _form_key(client)
    client.post(reverse("practices:create"), {"form_key": key, "title": "Uno", "action": "save"})
    client.post(reverse("practices:create"), {"form_key": key, "title": "Dos", "action": "save"})

    assert Practice.objects.get().title_en == "Dos"


def test_after_the_deadline_a_submission_is_refused_and_the_draft_kept(
    client, delegate_mx, secretariat
):
    call = PracticeCallFactory(deadline=timezone.now() - datetime.timedelta(hours=1))
    practice = PracticeFactory(country=delegate_mx.country, call=call, created_by=delegate_mx)
    client.force_login(delegate_mx)

    response = client.post(
        reverse("practices:edit", args=[practice.pk]),
        {**_complete(action="submit", title="Mi práctica"), "call": call.pk},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f"The call “{call.title}” closed on" in page
    assert "Your draft is kept" in page
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.title_es == "Mi práctica"
    assert mail.outbox == []


def test_a_closed_call_is_not_offered_to_new_practices(client, delegate_mx):
    closed = PracticeCallFactory(deadline=timezone.now() - datetime.timedelta(days=1))
    open_call = PracticeCallFactory()
    client.force_login(delegate_mx)

    page = client.get(reverse("practices:create"), {"call": closed.pk}).content.decode()

    assert f"The call “{closed.title}” is closed" in page
    assert open_call.title in page
    assert f'<option value="{closed.pk}"' not in page


def test_an_open_call_is_answered_until_its_deadline(client, delegate_mx, secretariat):
    call = PracticeCallFactory()
    client.force_login(delegate_mx)
    url = reverse("practices:create") + f"?call={call.pk}"
    assert f'<option value="{call.pk}" selected>' in client.get(url).content.decode()

    client.post(
        reverse("practices:create"),
        {"form_key": _form_key(client, url), **_complete(action="submit"), "call": call.pk},
    )

    practice = Practice.objects.get()
    assert practice.call == call
    assert practice.status == PracticeStatus.SUBMITTED


def test_the_delegate_withdraws_a_submitted_practice(client, delegate_mx):
    practice = PracticeFactory(country=delegate_mx.country, status=PracticeStatus.SUBMITTED)
    client.force_login(delegate_mx)

    client.post(reverse("practices:withdraw", args=[practice.pk]), {"comment": "Duplicada"})

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.WITHDRAWN
    assert practice.status_changes.get().comment == "Duplicada"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Null characters are not allowed."),
        ("es", "Los caracteres nulos no están permitidos."),
        ("fr", "Le caractère nul n’est pas autorisé."),
    ],
)
def test_a_withdrawal_reason_with_a_nul_is_refused_and_nothing_withdrawn(
    client, delegate_mx, language, message
):
    practice = PracticeFactory(country=delegate_mx.country, status=PracticeStatus.SUBMITTED)
    client.force_login(delegate_mx)

    response = client.post(
        f"/{language}/practices/mine/{practice.pk}/withdraw/",
        {"comment": "Dupli\x00cada"},
        follow=True,
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    assert not practice.status_changes.exists()


def test_a_submitted_practice_can_no_longer_be_edited(client, delegate_mx):
    practice = PracticeFactory(country=delegate_mx.country, status=PracticeStatus.SUBMITTED)
    client.force_login(delegate_mx)

    response = client.post(
        reverse("practices:edit", args=[practice.pk]), _complete(title="Cambio"), follow=True
    )

    assert "can no longer be edited" in response.content.decode()
    practice.refresh_from_db()
    assert practice.title_en == practice.title != "Cambio"


def test_an_attachment_is_removed_from_a_draft(client, delegate_mx):
    practice = PracticeFactory(country=delegate_mx.country)
    attachment = practice.attachments.create(
        file=SimpleUploadedFile("plan.pdf", PDF), original_name="plan.pdf"
    )
    client.force_login(delegate_mx)

    client.post(reverse("practices:attachment_delete", args=[practice.pk, attachment.pk]))

    assert practice.attachments.count() == 0


def test_the_form_reads_in_the_delegates_language(client, delegate_mx):
    client.force_login(delegate_mx)

    page = client.get(reverse("practices:create").replace("/en/", "/es/")).content.decode()

    assert '<html lang="es">' in page
    assert "Guardar borrador" in page
