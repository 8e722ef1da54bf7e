"""Outcome documents: a published one is public; one not yet published reaches only the
staff who may see it, through the download the admin links to."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import WorkshopFactory
from tests.logins import login
from workshops.models import OutcomeDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document(*, published):
    document = OutcomeDocument(
        workshop=WorkshopFactory(), kind="minutes", title_en="Minutes", published=published
    )
    document.file_en.save("minutes.pdf", ContentFile(PDF), save=False)
    document.file_fr.save("compte-rendu.pdf", ContentFile(PDF + b"fr"), save=False)
    document.save()
    return document


def _url(document, language="en"):
    return reverse(
        "workshops:document_download",
        kwargs={"slug": document.workshop.slug, "pk": document.pk, "language": language},
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 404),
        ("delegate_mx", 404),
        ("delegate_gt", 404),
        ("secretariat", 200),
        ("superuser", 200),
    ],
)
def test_an_unpublished_document_downloads_by_role(client, request, role, expected):
    document = _document(published=False)
    if role:
        login(client, request.getfixturevalue(role))

    response = client.get(_url(document))

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
        assert "private" in response["Cache-Control"]


def test_a_published_document_is_public_and_opens_in_the_browser(client):
    document = _document(published=True)

    response = client.get(_url(document, "fr"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF + b"fr"
    assert response["Content-Disposition"] == 'inline; filename="compte-rendu.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" not in response.get("Cache-Control", "")


def test_the_admin_links_each_language_to_its_download(client, secretariat):
    document = _document(published=False)
    login(client, secretariat)

    page = client.get(f"/en/admin/workshops/outcomedocument/{document.pk}/change/")

    html = page.content.decode()
    assert f'href="{_url(document, "en")}"' in html
    assert f'href="{_url(document, "fr")}"' in html
    assert "/media/" not in html
    assert client.get(_url(document, "fr")).status_code == 200


@pytest.mark.parametrize(
    "language", ["es", "..", "en/../../settings.py", "..%2F..%2Fsettings.py", "%00"]
)
def test_no_language_reaches_another_file(client, secretariat, language):
    document = _document(published=True)
    login(client, secretariat)
    url = f"/en/workshops/{document.workshop.slug}/documents/{document.pk}/{language}/"

    assert client.get(url).status_code == 404
