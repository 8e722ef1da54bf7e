"""Practices are written by their services, whoever calls them: the model's checks run on
every draft and attachment, a second click is told apart, and a removed attachment takes
its file with it once the removal is committed."""

import datetime
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practices.compilations import compilation_for, compilation_practice_count
from practices.models import Practice, PracticeAttachment, PracticeStatus
from practices.services import (
    PracticeFormAlreadyUsed,
    practice_attachment_add,
    practice_attachment_delete,
    practice_draft_save,
)
from tests.factories import PracticeCallFactory, PracticeFactory, country

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_incomplete_draft_with_values_to_correct_is_saved(delegate_mx):
    practice = practice_draft_save(
        practice=None,
        country=delegate_mx.country,
        by=delegate_mx,
        values={"title": "Borrador", "language": "es"},
        invalid_values={"contact_email": "marta@@example"},
        form_key=uuid.uuid4(),
    )

    practice.refresh_from_db()
    assert practice.title_es == "Borrador"
    assert practice.status == PracticeStatus.DRAFT
    assert practice.created_by == delegate_mx
    assert practice.contact_email == ""
    assert practice.draft_values == {"contact_email": "marta@@example"}


def test_a_value_the_model_refuses_is_not_saved_whoever_sends_it(delegate_mx):
    with pytest.raises(ValidationError) as refused:
        practice_draft_save(
            practice=None,
            country=delegate_mx.country,
            by=delegate_mx,
            values={
                "title": "Borrador",
                "contact_email": "not an address",
                "period_start": datetime.date(2020, 1, 1),
                "period_end": datetime.date(2019, 1, 1),
            },
        )

    assert "contact_email" in refused.value.message_dict
    assert "The period cannot end before it starts." in refused.value.messages
    assert not Practice.objects.exists()


def test_a_second_click_at_the_same_moment_is_told_apart(delegate_mx):
    key = uuid.uuid4()
    first = PracticeFactory(country=delegate_mx.country, form_key=key)

    with pytest.raises(PracticeFormAlreadyUsed) as used:
        practice_draft_save(
            practice=None,
            country=delegate_mx.country,
            by=delegate_mx,
            values={"title": "Segundo clic"},
            form_key=key,
        )

    assert used.value.practice == first
    assert Practice.objects.get() == first


def test_a_file_that_is_not_a_document_is_refused_without_the_form(delegate_mx):
    practice = PracticeFactory(country=delegate_mx.country)

    with pytest.raises(ValidationError):
        practice_attachment_add(
            practice=practice, uploaded=SimpleUploadedFile("plan.pdf", b"MZ\x90\x00binary")
        )

    assert not PracticeAttachment.objects.exists()


def test_a_removed_attachment_takes_its_file_once_committed(
    delegate_mx, settings, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(country=delegate_mx.country)
    attachment = practice_attachment_add(
        practice=practice, uploaded=SimpleUploadedFile("plan.pdf", PDF)
    )
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    assert stored.is_file()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        practice_attachment_delete(attachment=attachment)
    assert stored.is_file()  # not before the removal is committed
    for callback in callbacks:
        callback()

    assert not stored.exists()
    assert not practice.attachments.exists()


def test_a_draft_keeps_the_call_it_answers_after_the_deadline(client, delegate_mx):
    closed = PracticeCallFactory(deadline=timezone.now() - datetime.timedelta(days=1))
    other_closed = PracticeCallFactory(deadline=timezone.now() - datetime.timedelta(days=2))
    practice = PracticeFactory(country=delegate_mx.country, call=closed, created_by=delegate_mx)
    client.force_login(delegate_mx)

    page = client.get(reverse("practices:edit", args=[practice.pk])).content.decode()

    assert f'<option value="{closed.pk}" selected>' in page
    assert f'<option value="{other_closed.pk}"' not in page


def test_a_stored_selection_that_names_nothing_any_more_selects_nothing(delegate_mx):
    published = PracticeFactory(country=country("MX"), status=PracticeStatus.PUBLISHED)
    compilation = compilation_for(filters={"country": "MX"})
    assert compilation_practice_count(compilation=compilation) == 1

    # Taken out of the catalogue by the Secretariat (the workflow has no step for it).
    Practice.objects.filter(pk=published.pk).update(status=PracticeStatus.WITHDRAWN)

    # Mexico is no longer a choice of the catalogue: its stored selection gathers nothing,
    # never every published practice.
    PracticeFactory(country=country("GT"), status=PracticeStatus.PUBLISHED)
    assert compilation_practice_count(compilation=compilation) == 0
