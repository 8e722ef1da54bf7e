"""A draft keeps everything typed, valid or not, and shows the same messages when it is
opened again; rich text comes back as it was typed."""

import html
import importlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from practices.models import Practice, PracticeStatus
from practices.services import practice_transition
from tests.factories import PracticeFactory
from tests.logins import login
from tests.practices.test_delegate import _complete, _form_key

pytestmark = pytest.mark.django_db

MESSAGES = {
    "en": (
        "Your draft is saved with 2 fields to correct",
        "Enter a valid email address.",
        "The period cannot end before it starts.",
    ),
    "es": (
        "Su borrador está guardado con 2 campos por corregir",
        "Introduzca una dirección de correo electrónico válida.",
        "El período no puede terminar antes de su inicio.",
    ),
    "fr": (
        "Votre brouillon est enregistré avec 2 champs à corriger",
        "Saisissez une adresse de courriel valide.",
        "La période ne peut pas se terminer avant d’avoir commencé.",
    ),
}


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1))


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_an_invalid_draft_comes_back_as_typed_after_a_new_login(client, delegate_mx, language):
    client.force_login(delegate_mx)
    with translation.override(language):
        create_url = reverse("practices:create")
    data = _complete(contact_email="marta@@example", period_end="2018-01-01")

    response = client.post(create_url, {"form_key": _form_key(client, create_url), **data})

    saved, email_error, period_error = MESSAGES[language]
    assert response.status_code == 200
    assert saved in response.content.decode()
    practice = Practice.objects.get()
    assert practice.draft_values == {"contact_email": "marta@@example", "period_end": "2018-01-01"}

    client.logout()
    client.force_login(delegate_mx)
    with translation.override(language):
        page = client.get(reverse("practices:edit", args=[practice.pk])).content.decode()

    assert 'value="marta@@example"' in page
    assert 'name="period_end" value="2018-01-01"' in page
    assert 'name="period_start" value="2019-03-01"' in page
    assert email_error in page
    assert period_error in page
    assert _textarea(page, "problem") == "Las personas retornadas llegaban sin apoyo."


def test_correcting_the_values_clears_them_and_the_draft_can_be_submitted(client, delegate_mx):
    client.force_login(delegate_mx)
    client.post(
        reverse("practices:create"),
        {"form_key": _form_key(client), **_complete(contact_email="nope")},
    )
    practice = Practice.objects.get()
    assert practice.draft_values == {"contact_email": "nope"}

    response = client.post(
        reverse("practices:edit", args=[practice.pk]),
        _complete(contact_email="marta@example.org", action="submit"),
    )

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.draft_values == {}
    assert practice.contact_email == "marta@example.org"
    assert practice.status == PracticeStatus.SUBMITTED


def test_a_draft_with_values_to_correct_cannot_be_submitted(delegate_mx):
    practice = PracticeFactory(country=delegate_mx.country, status=PracticeStatus.DRAFT)
    practice.draft_values = {"contact_email": "nope"}
    practice.save()

    with pytest.raises(ValidationError) as refused:
        practice_transition(practice=practice, to_status=PracticeStatus.SUBMITTED, by=delegate_mx)

    assert "contact_email" in refused.value.message_dict
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_a_refused_attachment_is_said_not_to_be_kept(client, delegate_mx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(delegate_mx)
    data = _complete(new_attachments=SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary"))

    response = client.post(reverse("practices:create"), {"form_key": _form_key(client), **data})

    page = response.content.decode()
    assert "the refused files were not saved" in page
    assert Practice.objects.get().attachments.count() == 0


TYPED = (
    "Returnees arrive with nothing.\n"
    "Many at night.\n\n"
    "- **Reception** desks\n"
    "- *Case* managers, see [IOM](https://iom.int)\n\n"
    "Costs < 5 % & falling"
)


def test_rich_text_comes_back_as_typed_and_is_shown_formatted(client, delegate_mx):
    client.force_login(delegate_mx)
    client.post(
        reverse("practices:create"),
        {"form_key": _form_key(client), **_complete(problem=TYPED)},
    )
    practice = Practice.objects.get()

    page = client.get(reverse("practices:edit", args=[practice.pk])).content.decode()

    assert practice.problem == TYPED
    assert _textarea(page, "problem") == TYPED
    assert "&lt;p&gt;" not in page
    # The same text, formatted, on the delegate's own page of the practice.
    detail = client.get(reverse("practices:mine_detail", args=[practice.pk])).content.decode()
    assert "<p>Returnees arrive with nothing.<br>\nMany at night.</p>" in detail
    assert "<li><strong>Reception</strong> desks</li>" in detail
    assert '<a href="https://iom.int" rel="noopener noreferrer nofollow">IOM</a>' in detail
    assert "Costs &lt; 5 % &amp; falling" in detail


@pytest.mark.parametrize(
    ("language", "help_text"),
    [
        ("en", "Leave an empty line between paragraphs"),
        ("es", "Deje una línea en blanco entre los párrafos"),
        ("fr", "Laissez une ligne vide entre les paragraphes"),
    ],
)
def test_each_rich_text_field_explains_its_format(client, delegate_mx, language, help_text):
    client.force_login(delegate_mx)
    with translation.override(language):
        page = client.get(reverse("practices:create")).content.decode()

    assert page.count(help_text) == 4


def test_the_public_page_shows_the_formatted_text(client):
    practice = PracticeFactory(status=PracticeStatus.PUBLISHED, results=TYPED)

    page = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()

    assert "<li><strong>Reception</strong> desks</li>" in page
    assert "**Reception**" not in page


def _convert():
    return importlib.import_module("practices.migrations.0007_rich_text_as_markdown")


def test_stored_html_becomes_the_text_a_person_would_type():
    html_to_markdown = _convert().html_to_markdown

    assert html_to_markdown("<p>Returnees arrive…</p>") == "Returnees arrive…"
    assert html_to_markdown("<p>One<br>\ntwo</p>\n\n<p>Three &amp; 5 * 2</p>") == (
        "One\ntwo\n\nThree & 5 \\* 2"
    )
    assert (
        html_to_markdown(
            "<p>Steps:</p><ul><li><strong>One</strong></li><li><em>Two</em> "
            '<a href="https://iom.int" rel="nofollow">IOM</a></li></ul><ol><li>a</li></ol>'
        )
        == "Steps:\n\n- **One**\n- *Two* [IOM](https://iom.int)\n\n1. a"
    )
    assert html_to_markdown("Already plain") == "Already plain"


def test_the_conversion_renders_as_the_html_it_replaces():
    from practices.sanitize import rich_text_html

    stored = "<p>Steps:</p><ul><li><strong>One</strong></li></ul><p>Two<br>lines</p>"

    rendered = rich_text_html(_convert().html_to_markdown(stored))

    assert rendered.replace("\n", "") == (
        "<p>Steps:</p><ul><li><strong>One</strong></li></ul><p>Two<br>lines</p>"
    )


def test_the_admin_edits_the_text_as_typed_and_shows_it_formatted(client, secretariat):
    practice = PracticeFactory(problem=TYPED)
    login(client, secretariat)

    page = client.get(
        reverse("admin:practices_practice_change", args=[practice.pk])
    ).content.decode()

    assert _textarea(page, "problem") == TYPED
    assert "<li><strong>Reception</strong> desks</li>" in page
