"""Request bodies: a body larger than its view accepts is refused with 413 before anything
reads it (the CSRF check included), uploads still work where they belong, and a body
without a Content-Length is not read at all."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, PracticeAttachment
from roadmaps.models import ProgressUpdate
from tests.factories import ActionFactory
from tests.rcm_portal.pages import log_in_staff

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF_HEAD = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n"


def _pdf(size: int, name="informe.pdf"):
    """A PDF of `size` bytes, as a delegate's scanned report would be."""
    body = PDF_HEAD + b"%" + b"x" * (size - len(PDF_HEAD) - 8) + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


class WatchedBody:
    """The stream a WSGI server hands Django, which counts what is read of it and, at each
    read, looks whether anything has been written to the upload folder yet."""

    def __init__(self, content: bytes, upload_dir: Path):
        self._stream = io.BytesIO(content)
        self._upload_dir = upload_dir
        self.bytes_read = 0
        self.files_seen = 0

    def _watch(self, data: bytes) -> bytes:
        self.files_seen = max(self.files_seen, len(list(self._upload_dir.iterdir())))
        self.bytes_read += len(data)
        return data

    def read(self, size=-1):
        return self._watch(self._stream.read(size))

    def readline(self, size=-1):
        return self._watch(self._stream.readline(size))


@pytest.fixture
def upload_dir(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def _client():
    """A visitor who loaded a form first: with a CSRF cookie, the CSRF check reads the body
    to find the form's token (without one, it refuses before reading)."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "A" * 32
    return client


def _upload_post(client, path, body, *, declared_length=None):
    """A POST of `body` whose Content-Length header says `declared_length` (or nothing)."""
    extra = {"CONTENT_TYPE": MULTIPART_CONTENT, "wsgi.input": body}
    if declared_length is not None:
        extra["CONTENT_LENGTH"] = str(declared_length)
    return client.generic("POST", path, **extra)


def _four_megabytes():
    return encode_multipart(BOUNDARY, {"file": _pdf(4 * MB), "csrfmiddlewaretoken": "x" * 64})


@pytest.mark.parametrize(
    "path, title, explanation",
    [
        ("/en/accounts/login/", "Too much sent at once", "this page accepts at most 1 MB"),
        ("/es/accounts/login/", "Envío demasiado grande", "esta página acepta como máximo 1 MB"),
        ("/fr/accounts/login/", "Envoi trop volumineux", "cette page accepte au plus 1 Mo"),
    ],
)
def test_an_anonymous_150_mb_post_is_refused_before_it_is_read(
    upload_dir, path, title, explanation
):
    """As the probe did it: 150 MB announced, with the CSRF check that used to read (and
    write to disk) the whole body before refusing it."""
    body = WatchedBody(_four_megabytes(), upload_dir)

    response = _upload_post(_client(), path, body, declared_length=150 * MB)

    assert response.status_code == 413
    html = " ".join(response.content.decode().split())
    assert title in html
    assert explanation in html
    assert body.bytes_read == 0
    assert body.files_seen == 0
    assert list(upload_dir.iterdir()) == []


def test_a_body_without_a_length_is_not_read(upload_dir):
    """A chunked body comes without Content-Length: Django then reads nothing of it, so it
    cannot get past the limit."""
    body = WatchedBody(_four_megabytes(), upload_dir)

    response = _upload_post(_client(), "/en/accounts/login/", body)

    assert response.status_code == 403  # the CSRF check found an empty form
    assert body.bytes_read == 0
    assert body.files_seen == 0


@pytest.mark.parametrize(
    "declared, status",
    [("chunked", 403), ("12abc", 403), ("-1", 400)],  # 400: Django's "Bad Request"
)
def test_a_length_that_is_not_a_number_is_not_read(upload_dir, declared, status):
    body = WatchedBody(_four_megabytes(), upload_dir)

    response = _client().generic(
        "POST",
        "/en/accounts/login/",
        **{"CONTENT_TYPE": MULTIPART_CONTENT, "wsgi.input": body, "CONTENT_LENGTH": declared},
    )

    assert response.status_code == status
    assert body.bytes_read == 0
    assert body.files_seen == 0


def test_a_small_anonymous_post_goes_through(client):
    response = client.post(
        "/en/accounts/login/", {"login": "nobody@example.org", "password": "x" * 1000}
    )

    assert response.status_code == 200
    assert "Too much sent at once" not in response.content.decode()


def _form_key(client):
    page = client.get(reverse("practices:create")).content.decode()
    return re.search(r'name="form_key" value="([0-9a-f-]+)"', page).group(1)


def test_a_delegates_3_mb_attachment_is_saved(client, delegate_mx):
    client.force_login(delegate_mx)

    response = client.post(
        reverse("practices:create"),
        {
            "form_key": _form_key(client),
            "title": "Centros de recepción",
            "new_attachments": [_pdf(3 * MB, "informe-anual.pdf")],
            "action": "save",
        },
    )

    assert response.status_code == 302
    attachment = PracticeAttachment.objects.get()
    assert attachment.practice.title == "Centros de recepción"
    assert attachment.file.size == 3 * MB


@pytest.fixture
def small_limits(settings):
    """Limits small enough to test with real bodies: 1 MB by default, 3 MB for uploads."""
    settings.REQUEST_BODY_MAX_MB = 1
    settings.UPLOAD_REQUEST_MAX_MB = 3


def test_a_delegate_may_send_up_to_the_upload_limit_and_no_more(client, delegate_mx, small_limits):
    client.force_login(delegate_mx)
    key = _form_key(client)

    too_much = client.post(
        reverse("practices:create"),
        {"form_key": key, "title": "Dos informes", "new_attachments": [_pdf(2 * MB), _pdf(2 * MB)]},
    )
    assert too_much.status_code == 413
    assert "at most 3 MB" in " ".join(too_much.content.decode().split())
    assert not Practice.objects.exists()

    enough = client.post(
        reverse("practices:create"),
        {"form_key": key, "title": "Un informe", "new_attachments": [_pdf(2 * MB)]},
    )
    assert enough.status_code == 302
    assert PracticeAttachment.objects.count() == 1


def test_a_delegate_files_progress_with_evidence_up_to_the_upload_limit(
    client, delegate_mx, small_limits
):
    action = ActionFactory(countries=["MX"])
    client.force_login(delegate_mx)
    url = reverse("roadmaps:report", args=[action.pk])
    data = {"date": timezone.localdate().isoformat(), "percentage": "45", "narrative": "Avance."}

    assert client.post(url, {**data, "evidence": _pdf(4 * MB)}).status_code == 413
    assert client.post(url, {**data, "evidence": _pdf(2 * MB)}).status_code == 302
    assert ProgressUpdate.objects.get().evidence.size == 2 * MB


def test_views_without_uploads_keep_the_small_limit(client, delegate_mx, small_limits):
    client.force_login(delegate_mx)

    response = client.post(
        reverse("practices:withdraw", args=[1]),
        {"comment": "x" * (2 * MB)},
    )

    assert response.status_code == 413


def test_anonymous_visitors_get_the_small_limit_even_on_upload_views(client, small_limits):
    response = client.post(reverse("practices:create"), {"new_attachments": [_pdf(2 * MB)]})

    assert response.status_code == 413


def test_only_staff_send_uploads_to_the_administration(client, delegate_mx, small_limits):
    data = {"import_file": _pdf(2 * MB, "participants.csv"), "format": "0"}
    client.force_login(delegate_mx)
    assert client.post("/en/admin/workshops/participant/import/", data).status_code == 413

    client.logout()
    log_in_staff(client)
    data = {"import_file": _pdf(2 * MB, "participants.csv"), "format": "0"}
    response = client.post("/en/admin/workshops/participant/import/", data)
    # Read whole and handed to the worker: the page of its import job.
    assert response.status_code == 302
    assert re.fullmatch(r"/en/admin/workshops/participant/import/\d+/", response["Location"])
