import re

import pytest
from django.test import Client

from outbox.services import outbox_sweep
from reports.models import Report, ReportState
from tests.factories import ObjectiveFactory, WorkshopFactory
from tests.logins import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(title_en="Labour insertion of returnees")
    ObjectiveFactory(workshop=workshop, kind="general", number=1, text_en="To share models.")
    return workshop


@pytest.fixture
def broken_print_layout(settings, tmp_path):
    """A print template that cannot render, the way a faulty deployment would ship it."""
    folder = tmp_path / "templates" / "reports"
    folder.mkdir(parents=True)
    (folder / "workshop.html").write_text("{% load no_such_library %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


def _request(client, workshop, language="en"):
    return client.post(f"/{language}/reports/request/workshop/{workshop.pk}/")


def test_asking_for_the_pdf_queues_it_and_renders_nothing_in_the_request(
    client, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _request(client, workshop)

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/reports/{report.pk}/"
    assert report.state == ReportState.QUEUED
    assert not report.file
    assert len(callbacks) == 1

    status = client.get(response["Location"]).content.decode()
    assert "Your PDF is in the queue and will be ready shortly" in status
    assert '<meta http-equiv="refresh" content="5">' in status


def test_the_status_page_turns_into_the_download(
    client, workshop, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(client, workshop, language="es")

    status = client.get(response["Location"]).content.decode()
    assert "Su PDF está listo." in status
    assert "http-equiv" not in status
    download_url = re.search(r'href="([^"]+/download/)"', status).group(1)

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert (
        'attachment; filename="labour-insertion-of-returnees-es.pdf"'
        in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_second_request_for_unchanged_content_goes_straight_to_the_ready_report(
    client, workshop, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(client, workshop)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = _request(client, workshop)

    assert second["Location"] == first["Location"]
    assert callbacks == []
    assert "Your PDF is ready." in client.get(second["Location"]).content.decode()


def test_the_download_of_a_report_not_ready_goes_back_to_the_status(
    client, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = _request(client, workshop)

    download = client.get(response["Location"] + "download/")

    assert download.status_code == 302
    assert download["Location"] == response["Location"]


def test_a_failed_render_is_tried_three_times_then_says_so_and_anyone_can_retry(
    client,
    workshop,
    celery_eager,
    django_capture_on_commit_callbacks,
    broken_print_layout,
    settings,
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0  # the outbox hands the render over again at once
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(client, workshop)

    report = Report.objects.get()
    assert (report.state, report.attempts) == (ReportState.QUEUED, 1)
    assert "no_such_library" in report.error
    status = client.get(response["Location"]).content.decode()
    assert "in the queue" in status
    assert "Try again" not in status

    # The periodic sweep hands the render over again, twice more: then it stays failed.
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            outbox_sweep(hostname="worker@test")
    report.refresh_from_db()
    assert (report.state, report.attempts) == (ReportState.FAILED, 3)
    assert "no_such_library" in report.error
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(hostname="worker@test")
    report.refresh_from_db()
    assert (report.state, report.attempts) == (ReportState.FAILED, 3)

    status = client.get(response["Location"]).content.decode()
    assert "the PDF could not be produced" in status
    assert "no_such_library" not in status  # the technical error is for the staff only
    assert "Try again" in status

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": settings.TEMPLATES[0]["DIRS"][1:]}]
    with django_capture_on_commit_callbacks(execute=True):
        retried = Client().post(f"/en/reports/{report.pk}/retry/")  # anyone, a stranger too

    report.refresh_from_db()
    assert retried["Location"] == response["Location"]
    assert (report.state, report.attempts) == (ReportState.READY, 1)
    assert "Your PDF is ready." in client.get(response["Location"]).content.decode()


def test_a_ready_report_cannot_be_queued_again(
    client, workshop, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _request(client, workshop)
    report = Report.objects.get()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(f"/en/reports/{report.pk}/retry/")

    report.refresh_from_db()
    assert callbacks == []
    assert report.attempts == 1


def test_requests_that_make_no_sense_are_refused_cleanly(client, workshop):
    assert client.get(f"/en/reports/request/workshop/{workshop.pk}/").status_code == 405
    assert client.post(f"/en/reports/request/no-such-kind/{workshop.pk}/").status_code == 404
    assert client.post("/en/reports/request/workshop/999999/").status_code == 404
    assert client.get("/en/reports/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/en/reports/not-a-uuid/").status_code == 404
    assert Report.objects.count() == 0


def test_the_admin_links_a_report_to_its_download(client, secretariat, workshop):
    from django.core.files.base import ContentFile

    report = Report(
        kind="workshop",
        source=workshop,
        language="en",
        title="Labour insertion of returnees",
        content={},
        content_hash="0" * 64,
        state=ReportState.READY,
    )
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 report"), save=False)
    report.save()
    login(client, secretariat)

    page = client.get(f"/en/admin/reports/report/{report.pk}/change/").content.decode()

    assert f'href="/en/reports/{report.pk}/download/"' in page
    download = client.get(f"/en/reports/{report.pk}/download/")
    assert b"".join(download.streaming_content) == b"%PDF-1.7 report"
    assert download["X-Content-Type-Options"] == "nosniff"
