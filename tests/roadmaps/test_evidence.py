"""Evidence files of progress updates: refused when they are zip bombs, and served only to
the country that filed them and the Secretariat, by a view (never from MEDIA_URL)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from roadmaps.models import ProgressUpdate
from tests.factories import ActionFactory, ProgressUpdateFactory, country
from tests.logins import login
from tests.uploads import office_bomb, office_file

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def update_mx(db):
    """A Mexican update on an action of Mexico and Guatemala, with an evidence file."""
    update = ProgressUpdateFactory(action=ActionFactory(countries=["MX", "GT"]))
    update.evidence.save("acta.pdf", ContentFile(PDF), save=False)
    update.evidence_name = "Acta de la reunión.pdf"
    update.save()
    return update


def _report(client, action, evidence, language="en"):
    return client.post(
        f"/{language}/roadmaps/mine/actions/{action.pk}/",
        {
            "date": timezone.localdate().isoformat(),
            "percentage": "45",
            "narrative": "Se firmó el convenio.",
            "evidence": evidence,
        },
    )


# --- Uploads ----------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_a_delegate_cannot_file_a_zip_bomb_as_evidence(client, delegate_mx, settings, extension):
    action = ActionFactory(countries=["MX"])
    login(client, delegate_mx)

    response = _report(
        client, action, SimpleUploadedFile(f"informe.{extension}", office_bomb(extension))
    )

    assert response.status_code == 200
    assert (
        f"“informe.{extension}” would take more than 100 MB once opened"
        in response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "“informe.docx” ocuparía más de 100 MB una vez abierto"),
        ("fr", "«\u00a0informe.docx\u00a0» occuperait plus de 100 Mo une fois ouvert"),
    ],
)
def test_the_refusal_is_in_the_delegates_language(client, delegate_mx, language, message):
    action = ActionFactory(countries=["MX"])
    login(client, delegate_mx)

    response = _report(
        client, action, SimpleUploadedFile("informe.docx", office_bomb("docx")), language
    )

    assert message in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_an_ordinary_office_file_is_filed_as_evidence(client, delegate_mx, extension):
    action = ActionFactory(countries=["MX"])
    login(client, delegate_mx)
    content = office_file(extension)

    response = _report(client, action, SimpleUploadedFile(f"informe.{extension}", content))

    assert response.status_code == 302
    assert ProgressUpdate.objects.get().evidence.read() == content


def test_staff_cannot_store_a_zip_bomb_in_the_admin(client, secretariat, settings):
    action = ActionFactory(countries=["MX"])
    login(client, secretariat)

    response = client.post(
        "/en/admin/roadmaps/progressupdate/add/",
        {
            "action": action.pk,
            "country": country("MX").pk,
            "date": "2025-06-01",
            "percentage": "40",
            "narrative": "Informe del taller.",
            "evidence": SimpleUploadedFile("slides.pptx", office_bomb("pptx")),
        },
    )

    assert response.status_code == 200
    assert "“slides.pptx” would take more than 100 MB once opened" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert _stored_files(settings) == []


# --- Downloads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 404),
        ("delegate_mx", 200),  # the country that filed it
        ("delegate_gt", 404),  # responsible for the same action, but not its update
        ("secretariat", 200),
        ("superuser", 200),
    ],
)
def test_evidence_downloads_by_role(client, request, update_mx, role, expected):
    if role:
        login(client, request.getfixturevalue(role))

    response = client.get(reverse("roadmaps:evidence", args=[update_mx.pk]))

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''Acta%20de%20la%20reuni%C3%B3n.pdf"
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]


def test_an_update_without_evidence_has_nothing_to_download(client, delegate_mx):
    update = ProgressUpdateFactory()
    login(client, delegate_mx)

    assert client.get(reverse("roadmaps:evidence", args=[update.pk])).status_code == 404


def test_the_file_itself_is_not_served_from_media_url(client, secretariat, update_mx):
    login(client, secretariat)

    assert client.get(f"/media/{update_mx.evidence.name}").status_code == 404


def test_the_admin_links_to_the_download_that_works(client, secretariat, update_mx):
    login(client, secretariat)
    download = reverse("roadmaps:evidence", args=[update_mx.pk])

    page = client.get(f"/en/admin/roadmaps/progressupdate/{update_mx.pk}/change/")
    inline = client.get(f"/en/admin/roadmaps/action/{update_mx.action.pk}/change/")

    assert f'href="{download}"' in page.content.decode()
    assert f'href="{download}"' in inline.content.decode()
    assert "/media/" not in page.content.decode()
    assert b"".join(client.get(download).streaming_content) == PDF


def test_the_delegates_page_links_to_their_own_evidence_only(client, delegate_gt, update_mx):
    gt_update = ProgressUpdateFactory(action=update_mx.action, country=country("GT"))
    gt_update.evidence.save("informe-gt.pdf", ContentFile(PDF), save=False)
    gt_update.evidence_name = "Informe GT.pdf"
    gt_update.save()
    login(client, delegate_gt)

    page = client.get(reverse("roadmaps:report", args=[update_mx.action.pk])).content.decode()

    assert f'href="{reverse("roadmaps:evidence", args=[gt_update.pk])}"' in page
    assert reverse("roadmaps:evidence", args=[update_mx.pk]) not in page
    assert "Acta de la reunión.pdf" in page  # named, not linked
