"""A report asked for over HTTP goes through a real Celery worker and the configured broker
(Redis in CI, the filesystem broker elsewhere) and ends ready."""

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from rcm_portal.celery import app as celery_app
from reports.models import Report, ReportState
from tests.conftest import IN_CI
from tests.factories import ObjectiveFactory, WorkshopFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


def test_ci_runs_on_the_real_services():
    """In CI the suite must run on PostgreSQL and Redis, never on the embedded fallbacks."""
    from django.db import connection

    if not IN_CI:
        pytest.skip("only CI promises PostgreSQL and Redis")
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()


def test_a_report_requested_over_http_is_rendered_by_the_worker(live_server):
    workshop = WorkshopFactory(title_en="Attention to migrant women and girls")
    ObjectiveFactory(
        workshop=workshop, kind="general", number=1, text_en="To advance the exchange."
    )
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = browser.open(f"{live_server.url}/en/workshops/{workshop.slug}/").read().decode()
    action = re.search(r'<form class="download" method="post" action="([^"]+)"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        response = browser.open(
            urllib.request.Request(
                f"{live_server.url}{action}",
                data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
                headers={"Referer": live_server.url},
            )
        )
        status_url = response.geturl()
        deadline = time.monotonic() + 90
        report = Report.objects.get()
        while report.state in (ReportState.QUEUED, ReportState.RENDERING):
            assert time.monotonic() < deadline, f"report still {report.state}"
            time.sleep(0.25)
            report.refresh_from_db()

    assert report.state == ReportState.READY, report.error
    assert status_url.endswith(f"/en/reports/{report.pk}/")
    assert "Your PDF is ready." in browser.open(status_url).read().decode()
    pdf = browser.open(f"{status_url}download/").read()
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) == report.size
