import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import UserFactory, WorkshopFactory
from tests.logins import login
from workshops.models import OutcomeDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def staff_client(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def _upload(staff_client, workshop, name, content, **extra):
    return staff_client.post(
        "/en/admin/workshops/outcomedocument/add/",
        {
            "workshop": workshop.pk,
            "kind": "conclusions",
            "title_en": "Conclusions of the workshop",
            "file_en": SimpleUploadedFile(name, content),
            **extra,
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("conclusions.pdf", PDF),
        ("minutes.docx", _office("word/document.xml")),
        ("participants.xlsx", _office("xl/workbook.xml")),
        ("slides.pptx", _office("ppt/presentation.xml")),
        ("photo.png", _png()),
    ],
)
def test_accepted_documents_are_stored(staff_client, name, content):
    workshop = WorkshopFactory()

    response = _upload(staff_client, workshop, name, content)

    assert response.status_code == 302, response.content.decode()[-3000:]
    document = OutcomeDocument.objects.get()
    assert document.file_en.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"This is plain text pretending to be a PDF.", "is not a PDF file"),
        ("minutes.docx", PDF, "is not a Word file"),
        ("minutes.docx", _office("xl/workbook.xml"), "is not a Word file"),
        ("photo.png", PDF, "is not a PNG file"),
        ("setup.exe", b"MZ\x90\x00", "is not an accepted type"),
        ("conclusions", PDF, "is not an accepted type"),
        ("page.html", b"<script>alert(1)</script>", "is not an accepted type"),
    ],
)
def test_wrong_types_are_refused_with_a_clear_message(staff_client, name, content, message):
    workshop = WorkshopFactory()

    response = _upload(staff_client, workshop, name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OutcomeDocument.objects.exists()


def test_files_over_the_size_limit_are_refused(staff_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    workshop = WorkshopFactory()

    response = _upload(staff_client, workshop, "big.pdf", PDF + b"0" * (1024 * 1024))

    assert "is larger than 1 MB" in response.content.decode()
    assert not OutcomeDocument.objects.exists()


def test_the_stored_name_is_safe(staff_client):
    workshop = WorkshopFactory()

    _upload(staff_client, workshop, "../../Informe Final (v2) <b>.PDF", PDF)

    stored = OutcomeDocument.objects.get().file_en.name
    assert stored.startswith("documents/")
    assert stored.endswith("/informe-final-v2-b.pdf")
    assert ".." not in stored and " " not in stored


def test_a_document_cannot_be_published_without_a_file(staff_client):
    workshop = WorkshopFactory()

    response = staff_client.post(
        "/en/admin/workshops/outcomedocument/add/",
        {"workshop": workshop.pk, "kind": "minutes", "title_en": "Minutes", "published": "on"},
    )

    assert "needs a file in at least one language to be published" in response.content.decode()


def _document(workshop, published=True, **files):
    document = OutcomeDocument(
        workshop=workshop, kind="conclusions", title_en="Conclusions", published=published
    )
    document.title_es = "Conclusiones"
    for language, content in files.items():
        getattr(document, f"file_{language}").save(
            f"conclusions-{language}.pdf", ContentFile(content), save=False
        )
    document.save()
    return document


def test_visitors_get_the_file_in_their_language(client):
    workshop = WorkshopFactory()
    _document(workshop, en=PDF, es=PDF)

    html = client.get(f"/es/workshops/{workshop.slug}/").content.decode()

    assert "Conclusiones" in html
    assert 'hreflang="es">Conclusiones</a>' in html
    assert "No está disponible en este idioma" not in html


def test_a_missing_language_falls_back_with_a_note(client):
    workshop = WorkshopFactory()
    _document(workshop, en=PDF)

    html = client.get(f"/fr/workshops/{workshop.slug}/").content.decode()

    assert 'hreflang="en"' in html
    assert "Non disponible dans cette langue" in html


def test_unpublished_documents_are_not_shown(client):
    workshop = WorkshopFactory()
    _document(workshop, published=False, en=PDF)

    html = client.get(f"/en/workshops/{workshop.slug}/").content.decode()

    assert "Outcome documents" not in html
    assert "Conclusions" not in html
