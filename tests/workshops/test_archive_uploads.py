"""Word, Excel and PowerPoint files are zip archives: one that would overload whoever opens
it (a zip bomb), that hides another archive, or that is broken is refused with a clear
message, and nothing is stored. Ordinary files, charts' embedded workbooks included, pass."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import WorkshopFactory
from tests.logins import login
from tests.uploads import office_bomb, office_file
from workshops.models import OutcomeDocument
from workshops.validators import validate_zip_archive

pytestmark = pytest.mark.django_db


def _stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def _upload(client, name, content, language="en"):
    return client.post(
        f"/{language}/admin/workshops/outcomedocument/add/",
        {
            "workshop": WorkshopFactory().pk,
            "kind": "conclusions",
            "title_en": "Conclusions of the workshop",
            "file_en": SimpleUploadedFile(name, content),
        },
    )


def _zeros_member(extension: str, megabytes: int) -> bytes:
    """An Office file with an extra part of `megabytes` of zeros (inflates ~1,000 times)."""
    return office_file(extension, extra={"customXml/item1.xml": b"\0" * megabytes * 1024 * 1024})


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_a_zip_bomb_is_refused_and_nothing_is_stored(client, secretariat, settings, extension):
    login(client, secretariat)

    response = _upload(client, f"conclusions.{extension}", office_bomb(extension))

    assert response.status_code == 200
    assert (
        f"“conclusions.{extension}” would take more than 100 MB once opened: it is refused"
        in response.content.decode()
    )
    assert not OutcomeDocument.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "“acta.docx” ocuparía más de 100 MB una vez abierto: se rechaza"),
        ("fr", "«\u00a0acta.docx\u00a0» occuperait plus de 100 Mo une fois ouvert\u00a0: il est"),
    ],
)
def test_the_refusal_is_in_the_staffs_language(client, secretariat, language, message):
    login(client, secretariat)

    response = _upload(client, "acta.docx", office_bomb("docx"), language)

    assert message in response.content.decode()
    assert not OutcomeDocument.objects.exists()


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_an_ordinary_office_file_is_stored(client, secretariat, extension):
    login(client, secretariat)
    content = office_file(extension)

    response = _upload(client, f"conclusions.{extension}", content)

    assert response.status_code == 302
    assert OutcomeDocument.objects.get().file_en.read() == content


def test_a_part_compressed_too_much_is_refused(client, secretariat, settings):
    login(client, secretariat)

    response = _upload(client, "minutes.docx", _zeros_member("docx", 2))

    assert "“minutes.docx” holds a part compressed more than 100 times" in (
        response.content.decode()
    )
    assert _stored_files(settings) == []


def test_small_parts_may_compress_well(client, secretariat):
    # Below the floor (1 MB by default) the ratio does not matter: XML compresses well.
    login(client, secretariat)

    response = _upload(
        client, "minutes.docx", office_file("docx", extra={"a.xml": b"\0" * 900_000})
    )

    assert response.status_code == 302


def test_the_limits_are_settings(client, secretariat, settings):
    settings.DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_MB = 1
    login(client, secretariat)

    response = _upload(client, "minutes.docx", _zeros_member("docx", 2))

    assert "“minutes.docx” would take more than 1 MB once opened" in response.content.decode()


def test_too_many_parts_are_refused(client, secretariat, settings):
    settings.DOCUMENT_ARCHIVE_MAX_MEMBERS = 50
    login(client, secretariat)
    parts = {f"word/media/part{n}.xml": b"<p/>" for n in range(60)}

    response = _upload(client, "minutes.docx", office_file("docx", extra=parts))

    assert "“minutes.docx” holds more than 50 parts" in response.content.decode()
    assert not OutcomeDocument.objects.exists()


@pytest.mark.parametrize(
    "member",
    ["word/media/archive.zip", "word/media/image1.png", "word/embeddings/nested/deeper.xlsx"],
)
def test_an_archive_inside_a_document_is_refused(client, secretariat, member):
    login(client, secretariat)
    # A zip under any name (its content is read, not its name), outside Office's embeddings.
    content = office_file("docx", extra={member: office_file("xlsx")})
    if member.startswith("word/embeddings/"):
        # Office's embedded workbook is opened in turn: one holding an archive is refused.
        embedded = office_file("xlsx", extra={"xl/media/inner.zip": office_file("xlsx")})
        content = office_file("docx", extra={"word/embeddings/Workbook1.xlsx": embedded})
        member = "xl/media/inner.zip"

    response = _upload(client, "minutes.docx", content)

    assert f"“minutes.docx” holds another archive (“{member}”)" in response.content.decode()
    assert not OutcomeDocument.objects.exists()


def test_a_chart_workbook_embedded_by_office_is_accepted(client, secretariat):
    login(client, secretariat)
    content = office_file(
        "pptx", extra={"ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx": office_file("xlsx")}
    )

    assert _upload(client, "slides.pptx", content).status_code == 302


def test_a_bomb_inside_an_embedded_workbook_is_refused(client, secretariat):
    login(client, secretariat)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        # Stored, not compressed: the outer archive's ratio is 1, the inner one's is not.
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
        archive.writestr("ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx", office_bomb("xlsx"))

    response = _upload(client, "slides.pptx", buffer.getvalue())

    assert "“slides.pptx” would take more than 100 MB once opened" in response.content.decode()


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 and then nothing an archive would have",
        office_file("docx")[:-30],  # cut short: the end record is gone
    ],
)
def test_a_broken_archive_is_refused(client, secretariat, content):
    login(client, secretariat)

    response = _upload(client, "minutes.docx", content)

    assert "“minutes.docx” is damaged: it cannot be opened." in response.content.decode()
    assert not OutcomeDocument.objects.exists()


def test_the_check_reads_sizes_from_the_directory_without_inflating():
    # 200 MB of zeros in a few hundred kilobytes: refused at once, from the directory.
    bomb = SimpleUploadedFile("big.xlsx", office_bomb("xlsx"))

    with pytest.raises(ValidationError) as refused:
        validate_zip_archive(bomb)

    assert refused.value.code == "archive_size"
    assert bomb.tell() == 0
