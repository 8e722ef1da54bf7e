"""Attachments of practices: zip bombs are refused, and a draft's attachments reach only
its country's delegates and the Secretariat, by the same download the admin links to."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.models import PracticeAttachment, PracticeStatus
from tests.factories import PracticeFactory
from tests.logins import login
from tests.uploads import office_bomb, office_file

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def _attach(client, language, uploaded):
    page = client.get(f"/{language}/practices/mine/new/").content.decode()
    key = re.search(r'name="form_key" value="([0-9a-f-]+)"', page).group(1)
    return client.post(
        f"/{language}/practices/mine/new/",
        {
            "form_key": key,
            "title": "Programa piloto",
            "action": "save",
            "new_attachments": uploaded,
        },
        follow=True,
    )


def _with_attachment(status, name="Evaluación final.pdf"):
    practice = PracticeFactory(status=status)
    attachment = PracticeAttachment(practice=practice, original_name=name)
    attachment.file.save("evaluacion-final.pdf", ContentFile(PDF))
    return attachment


# --- Uploads ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "extension", "message"),
    [
        ("en", "docx", "“informe.docx” would take more than 100 MB once opened"),
        ("en", "xlsx", "“informe.xlsx” would take more than 100 MB once opened"),
        ("es", "pptx", "“informe.pptx” ocuparía más de 100 MB una vez abierto"),
        ("fr", "xlsx", "«\u00a0informe.xlsx\u00a0» occuperait plus de 100 Mo une fois ouvert"),
    ],
)
def test_a_zip_bomb_is_not_attached(client, delegate_mx, settings, language, extension, message):
    login(client, delegate_mx)

    response = _attach(
        client, language, SimpleUploadedFile(f"informe.{extension}", office_bomb(extension))
    )

    assert message in response.content.decode()
    assert not PracticeAttachment.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_an_ordinary_office_file_is_attached(client, delegate_mx, extension):
    login(client, delegate_mx)
    content = office_file(extension)

    _attach(client, "en", SimpleUploadedFile(f"informe.{extension}", content))

    assert PracticeAttachment.objects.get().file.read() == content


# --- Downloads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 404),
        ("delegate_mx", 200),  # the practice's country
        ("delegate_gt", 404),
        ("secretariat", 200),
        ("superuser", 200),
    ],
)
def test_a_drafts_attachment_downloads_by_role(client, request, role, expected):
    attachment = _with_attachment(PracticeStatus.SUBMITTED)
    if role:
        login(client, request.getfixturevalue(role))

    response = client.get(attachment.file.url)

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''Evaluaci%C3%B3n%20final.pdf"
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]


def test_a_published_practices_attachment_is_public(client):
    attachment = _with_attachment(PracticeStatus.PUBLISHED)

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "private" not in response.get("Cache-Control", "")


def test_the_attachments_url_is_the_checked_download(client):
    attachment = _with_attachment(PracticeStatus.DRAFT)

    assert attachment.file.url == reverse(
        "practices:attachment", args=[attachment.practice.pk, attachment.pk]
    )
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_the_admin_links_staff_to_a_working_download(client, secretariat):
    attachment = _with_attachment(PracticeStatus.IN_REVIEW)
    login(client, secretariat)
    download = reverse("practices:attachment", args=[attachment.practice.pk, attachment.pk])

    page = client.get(f"/en/admin/practices/practice/{attachment.practice.pk}/change/")

    assert f'href="{download}"' in page.content.decode()
    assert b"".join(client.get(download).streaming_content) == PDF


def test_a_name_that_would_break_the_header_is_cleaned(client, delegate_mx):
    attachment = _with_attachment(PracticeStatus.DRAFT, name='..\\x"\r\nSet-Cookie: a=b.pdf')
    login(client, delegate_mx)

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="x\\"Set-Cookie: a=b.pdf"'
    assert not response.cookies
