"""With the cache's Redis gone, the portal is degraded, not down: people log in, the login
and PDF limits still count, public pages and a delegate's draft answer, in each language.
When Redis answers again, the cache is back on it.

The cache is the production one (rcm_portal.cache, chosen by the settings for a redis://
cache) on a redis-server of the test's own, which the test stops."""

import datetime
import logging
import re
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import UserRole
from practices.models import Practice, PracticeStatus
from reports.models import Report
from tests.factories import (
    ObjectiveFactory,
    PracticeFactory,
    UserFactory,
    WorkshopFactory,
    with_totp,
)
from tests.faults.redis_server import cache_on
from tests.logins import login
from tests.members.test_login_limits import _per
from tests.members.test_mfa import _code
from tests.practices.test_delegate import _form_key
from tests.workshops.test_participant_import import (
    _csv_file,
    _job,
    _job_being_imported,
    _rows,
    _upload,
)
from workshops.models import ImportStatus, Participant

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # UserFactory's
TOO_MANY = "Too many failed login attempts. Try again later."
OUTAGE_BEGINS = "does not answer"
OUTAGE_ENDS = "answers again"
# Each request is bounded: a page waits at most about a second for a Redis that hangs.
SECONDS_PER_REQUEST = 5


@pytest.fixture
def redis_away(redis_cache):
    """The cache's Redis, stopped: its port refuses connections."""
    redis_cache.stop()
    return redis_cache


def _timed(request, *args, **kwargs):
    started = time.monotonic()
    response = request(*args, **kwargs)
    assert time.monotonic() - started < SECONDS_PER_REQUEST
    return response


def _csrf_token(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def _log_in(browser, email, password, *, next_url="/en/", **extra):
    """The login form as a browser submits it: the page first, then the form with its
    CSRF token."""
    page = _timed(browser.get, f"/en/accounts/login/?next={next_url}", **extra)
    assert page.status_code == 200
    data = {"login": email, "password": password, "next": next_url}
    data["csrfmiddlewaretoken"] = _csrf_token(page)
    return _timed(browser.post, "/en/accounts/login/", data, **extra)


def test_a_delegate_logs_in_through_the_form_while_redis_is_away(redis_away, delegate_mx):
    browser = Client(enforce_csrf_checks=True)

    response = _log_in(browser, delegate_mx.email, PASSWORD, next_url="/en/practices/mine/")

    assert response.status_code == 302
    assert response["Location"] == "/en/practices/mine/"
    page = _timed(browser.get, "/en/practices/mine/")
    assert page.status_code == 200
    assert page.context["user"] == delegate_mx
    html = page.content.decode()
    assert "Successfully signed in as" in html  # the messages framework
    assert "Marta Delegada" in html
    # Logging out (a form with its CSRF token) works as well.
    home = _timed(browser.get, "/en/")
    logout = _timed(
        browser.post, "/en/accounts/logout/", {"csrfmiddlewaretoken": _csrf_token(home)}
    )
    assert logout.status_code == 302
    assert not _timed(browser.get, "/en/").context["user"].is_authenticated


def test_wrong_passwords_still_lock_the_account_while_redis_is_away(redis_away, delegate_mx):
    browser = Client()
    failures = [_log_in(browser, delegate_mx.email, "wrong") for _ in range(_per("key"))]

    assert [failure.status_code for failure in failures] == [200] * _per("key")
    assert TOO_MANY not in failures[0].content.decode()
    locked = _log_in(browser, delegate_mx.email, PASSWORD)
    assert locked.status_code == 200
    assert TOO_MANY in locked.content.decode()
    assert not _timed(browser.get, "/en/").context["user"].is_authenticated
    # Another account behind the same address is not held.
    other = UserFactory(email="delegate.gt@example.org", role=UserRole.DELEGATE)
    assert _log_in(browser, other.email, PASSWORD).status_code == 302


def test_staff_log_in_with_their_code_and_a_code_works_once_while_redis_is_away(redis_away):
    staff = UserFactory(email="officer@example.org", is_staff=True, is_superuser=True)
    secret = with_totp(staff)
    browser = Client()

    assert _log_in(browser, staff.email, PASSWORD, next_url="/en/admin/")["Location"] == (
        "/en/accounts/2fa/authenticate/"
    )
    code = _code(secret)
    response = _timed(browser.post, "/en/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"
    assert "Site administration" in _timed(browser.get, "/en/admin/").content.decode()
    # The code just used is remembered (in memory now): it does not open a second login.
    other_browser = Client()
    _log_in(other_browser, staff.email, PASSWORD, next_url="/en/admin/")
    replayed = _timed(other_browser.post, "/en/accounts/2fa/authenticate/", {"code": code})
    assert replayed.status_code == 200
    assert not _timed(other_browser.get, "/en/").context["user"].is_authenticated


TITLES = {
    "en": "Regional dialogue on return",
    "es": "Diálogo regional sobre retorno",
    "fr": "Dialogue régional sur le retour",
}


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_public_pages_answer_while_redis_is_away(redis_away, client, language):
    workshop = WorkshopFactory(
        title_en=TITLES["en"],
        title_es=TITLES["es"],
        title_fr=TITLES["fr"],
        status="held",
        start_date=datetime.date(2025, 6, 10),
        end_date=datetime.date(2025, 6, 11),
    )
    ObjectiveFactory(workshop=workshop, number=1, text_en="Identify the search mechanisms.")
    practice = PracticeFactory(
        title_en="Return of migrants to Mexico", status=PracticeStatus.PUBLISHED
    )
    with translation.override(language):
        pages = {
            "home": reverse("home"),
            "workshops": reverse("workshops:list"),
            "workshop": reverse("workshops:detail", args=[workshop.slug]),
            "catalogue": reverse("practices:catalogue"),
            "practice": reverse("practices:detail", args=[practice.pk]),
        }
    answers = {name: _timed(client.get, url) for name, url in pages.items()}

    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(
        pages, 200
    )
    for answer in answers.values():
        assert f'<html lang="{language}">' in answer.content.decode()
    assert TITLES[language] in answers["workshop"].content.decode()
    assert TITLES[language] in answers["workshops"].content.decode()
    assert "Return of migrants to Mexico" in answers["catalogue"].content.decode()


def test_a_delegate_saves_a_practice_draft_while_redis_is_away(redis_away, client, delegate_mx):
    login(client, delegate_mx)

    response = _timed(
        client.post,
        reverse("practices:create"),
        {"form_key": _form_key(client), "title": "Primer borrador", "action": "save"},
    )

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:edit", args=[practice.pk])
    assert practice.status == PracticeStatus.DRAFT
    assert practice.created_by == delegate_mx
    page = _timed(client.get, response["Location"]).content.decode()
    assert "Draft saved." in page
    assert 'value="Primer borrador"' in page


def test_the_pdf_limit_per_client_still_counts_while_redis_is_away(
    redis_away, client, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "5/10m"
    settings.REPORTS_RENDER_RATE_GLOBAL = "60/h"
    PracticeFactory(title_en="Return of migrants to Mexico", status=PracticeStatus.PUBLISHED)
    PracticeFactory(title_en="Guatemalan return centre", status=PracticeStatus.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=False):
        answers = [
            _timed(
                client.post,
                reverse("reports:compile_initiatives"),
                {"q": f"return {number}"},
                REMOTE_ADDR="203.0.113.7",
            )
            for number in range(7)
        ]

    assert [answer.status_code for answer in answers] == [302] * 5 + [429] * 2
    assert Report.objects.count() == 5
    assert re.search(r"Please try again in \d+ minutes?\.", answers[-1].content.decode())
    assert 0 < int(answers[-1]["Retry-After"]) <= 600


def test_the_import_progress_page_answers_while_redis_is_away(redis_away, client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    job = _job_being_imported()

    page = _timed(client.get, f"/en/admin/workshops/participant/import/{job.pk}/")
    progress = _timed(client.get, f"/en/admin/workshops/participant/import/{job.pk}/progress/")

    assert page.status_code == 200
    assert progress.json()["running"] is True
    assert progress.json()["rows_total"] == 4000


def test_a_participant_list_is_imported_while_redis_is_away(
    redis_away, client, celery_eager, django_capture_on_commit_callbacks
):
    """The worker counts the rows read in the cache: in its memory now."""
    login(client, UserFactory(is_staff=True, is_superuser=True))
    WorkshopFactory(slug="return-2024")

    with django_capture_on_commit_callbacks(execute=True):
        response = _timed(_upload, client, _csv_file(_rows(120)))
    job = _job(response)
    preview = _timed(client.get, response["Location"]).content.decode()
    assert "New participants: 120. Participants updated: 0." in preview
    with django_capture_on_commit_callbacks(execute=True):
        _timed(client.post, f"{response['Location']}confirm/")

    assert Participant.objects.count() == 120
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    finished = _timed(client.get, response["Location"]).content.decode()
    assert "Import finished: 120 new, 0 updated." in finished


def test_a_redis_that_hangs_holds_one_login_for_its_timeout_once(
    settings, redis_server, delegate_mx
):
    """A Redis that accepts connections and answers nothing: the first login attempt waits
    for the timeout (three seconds here, so that a busy machine cannot blur it), the next
    ones do not wait for Redis at all (within the ten seconds before it is tried again)."""
    cache_on(settings, redis_server, retry_after=10, socket_timeout=3)
    data = {"login": delegate_mx.email, "password": "wrong"}
    redis_server.pause()
    try:
        seconds, answers = [], []
        for _ in range(3):
            started = time.monotonic()
            answers.append(Client().post("/en/accounts/login/", data))
            seconds.append(time.monotonic() - started)
    finally:
        redis_server.resume()

    assert [answer.status_code for answer in answers] == [200] * 3
    assert "The email address and/or password you specified are not correct." in (
        answers[-1].content.decode()
    )
    assert 2.9 < seconds[0] < 10
    assert max(seconds[1:]) < 2.5


def test_one_warning_per_outage_and_the_cache_is_back_on_redis_after_it(
    redis_cache, client, delegate_mx, caplog
):
    import redis

    caplog.set_level(logging.INFO, logger="rcm_portal.cache")
    redis_cache.stop()
    for _ in range(3):
        _log_in(Client(), delegate_mx.email, "wrong")
    cache.set("kept-during-the-outage", "in memory")
    time.sleep(1.1)  # past the retry delay: the next operation tries Redis again, and fails
    assert _timed(client.get, "/en/").status_code == 200

    assert cache.get("kept-during-the-outage") == "in memory"
    logged = [record for record in caplog.records if record.name == "rcm_portal.cache"]
    assert [record.levelname for record in logged] == ["WARNING"]
    assert OUTAGE_BEGINS in logged[0].getMessage()
    assert f"127.0.0.1:{redis_cache.port}/1" in logged[0].getMessage()

    redis_cache.start()
    plain = redis.Redis.from_url(f"{redis_cache.url}/1")
    deadline = time.monotonic() + 5
    while True:
        cache.set("kept-after-the-outage", "in Redis")
        if plain.exists(cache.make_key("kept-after-the-outage")):
            break
        assert time.monotonic() < deadline, "the cache did not go back to Redis"
        time.sleep(0.1)

    assert cache.get("kept-after-the-outage") == "in Redis"
    # What was kept in memory during the outage is gone, not mixed with Redis's values.
    assert cache.get("kept-during-the-outage") is None
    # The login limit counts in Redis again.
    counted = plain.dbsize()
    _log_in(Client(), delegate_mx.email, "wrong")
    assert plain.dbsize() > counted
    logged = [record for record in caplog.records if record.name == "rcm_portal.cache"]
    assert [record.levelname for record in logged] == ["WARNING", "INFO"]
    assert OUTAGE_ENDS in logged[1].getMessage()
