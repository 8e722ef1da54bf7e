"""How private files leave the server: by the view that checked the permission, streamed by
Django or handed to nginx (X-Accel-Redirect) or Apache (X-Sendfile); never from MEDIA_URL,
and never a file outside the media folder, whatever the stored name says."""

import importlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches, reverse

from rcm_portal.downloads import download_filename
from roadmaps.models import ProgressUpdate
from tests.factories import ProgressUpdateFactory
from tests.logins import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evidence(db):
    update = ProgressUpdateFactory()
    update.evidence.save("informe final.pdf", ContentFile(PDF), save=False)
    update.evidence_name = "Informe final.pdf"
    update.save()
    return update


def test_nginx_sends_the_file_after_the_check(client, settings, secretariat, evidence):
    settings.RCM_PRIVATE_FILES_SERVER = "nginx"
    login(client, secretariat)

    response = client.get(reverse("roadmaps:evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{evidence.evidence.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Informe final.pdf"'
    assert "private" in response["Cache-Control"]


def test_the_internal_prefix_is_a_setting(client, settings, delegate_mx, evidence):
    settings.RCM_PRIVATE_FILES_SERVER = "nginx"
    settings.RCM_PRIVATE_FILES_INTERNAL_PREFIX = "/internal/files"
    login(client, delegate_mx)

    response = client.get(reverse("roadmaps:evidence", args=[evidence.pk]))

    assert response["X-Accel-Redirect"] == f"/internal/files/{evidence.evidence.name}"


def test_apache_sends_the_file_after_the_check(client, settings, secretariat, evidence):
    settings.RCM_PRIVATE_FILES_SERVER = "apache"
    login(client, secretariat)

    response = client.get(reverse("roadmaps:evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert response["X-Sendfile"] == str(Path(settings.MEDIA_ROOT) / evidence.evidence.name)
    assert response.content == b""


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_the_web_server_gets_nothing_without_the_permission(
    client, settings, delegate_gt, evidence, server
):
    settings.RCM_PRIVATE_FILES_SERVER = server
    login(client, delegate_gt)

    response = client.get(reverse("roadmaps:evidence", args=[evidence.pk]))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
    assert "X-Sendfile" not in response


@pytest.mark.parametrize("server", ["", "nginx", "apache"])
@pytest.mark.parametrize(
    "stored_name", ["../secret.txt", "/etc/passwd", "roadmaps/../../secret.txt", "..\\secret.txt"]
)
def test_a_stored_name_outside_the_media_folder_is_not_found(
    client, settings, secretariat, evidence, server, stored_name
):
    settings.RCM_PRIVATE_FILES_SERVER = server
    secret = Path(settings.MEDIA_ROOT).parent / "secret.txt"
    secret.write_bytes(b"the secret key")
    ProgressUpdate.objects.filter(pk=evidence.pk).update(evidence=stored_name)
    login(client, secretariat)

    response = client.get(reverse("roadmaps:evidence", args=[evidence.pk]))

    assert response.status_code == 404
    assert b"the secret key" not in response.content
    assert "X-Accel-Redirect" not in response
    assert "X-Sendfile" not in response


def test_a_file_that_is_gone_is_not_found(client, secretariat, evidence):
    evidence.evidence.storage.delete(evidence.evidence.name)
    login(client, secretariat)

    assert client.get(reverse("roadmaps:evidence", args=[evidence.pk])).status_code == 404


@pytest.fixture
def urls_built_in_debug(settings):
    """The project's URLs as `manage.py runserver` builds them, with DEBUG on."""
    import rcm_portal.urls

    settings.DEBUG = True
    importlib.reload(rcm_portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(rcm_portal.urls)
    clear_url_caches()


def test_media_url_serves_nothing_even_in_debug(client, secretariat, evidence, urls_built_in_debug):
    login(client, secretariat)

    assert client.get(f"/media/{evidence.evidence.name}").status_code == 404
    assert client.get(reverse("roadmaps:evidence", args=[evidence.pk])).status_code == 200


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("Informe final.pdf", "Informe final.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\acta.docx", "acta.docx"),
        ("a\r\nb\x00.pdf", "ab.pdf"),
        ("...", "download"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_the_name_offered_to_the_browser_is_safe(name, offered):
    assert download_filename(name) == offered
