import io
import os
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from members.groups import SECRETARIAT
from members.models import UserRole
from rcm_portal.celery import app as celery_app
from tests.factories import UserFactory, country

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# The people of the permission tests: delegates of two member countries, the Technical
# Secretariat and a superuser.
@pytest.fixture
def delegate_mx(db):
    return UserFactory(
        email="delegate.mx@example.org",
        full_name="Marta Delegada",
        country=country("MX"),
        role=UserRole.DELEGATE,
        language="es",
    )


@pytest.fixture
def delegate_gt(db):
    return UserFactory(
        email="delegate.gt@example.org",
        full_name="Gustavo Delegado",
        country=country("GT"),
        role=UserRole.DELEGATE,
    )


@pytest.fixture
def secretariat(db):
    user = UserFactory(email="officer@example.org", full_name="Olivia Officer", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def celery_eager():
    """Tasks run in the calling thread: only for tests that ask for it."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth counts logins and password links in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_requests():
    """A request leaves its language active in the thread: each test starts in English."""
    translation.activate("en")
    yield
    translation.deactivate()


def _pdf_pages_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture
def read_pdf():
    """The text of each page of a PDF, white space folded, as a reader would copy it."""
    return _pdf_pages_text


@pytest.fixture
def norm():
    return lambda text: " ".join(text.split())


_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI every service is there: a skipped test is a test that did not run.
    if IN_CI and _skipped:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    walk = sys.modules.get("tests.test_url_walk")
    if walk is not None and walk.WALKED:
        terminalreporter.write_line(
            f"URL walk: {len(walk.ROUTES)} URLs, {sum(walk.WALKED.values())} requests "
            f"as {len(walk.WALKED)} kinds of visitor ({', '.join(walk.WALKED)})"
        )
    if IN_CI and _skipped:
        terminalreporter.write_line(
            f"CI runs every test, and {len(_skipped)} were skipped: " + ", ".join(_skipped),
            red=True,
        )


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for a module in a transaction that the module's tests
    share (each of them in a savepoint of its own, rolled back with the test) and that is
    rolled back at the end of the module, with its files in a folder of its own.
    Gives what `load_demo` printed and the folder of its files."""
    media = Path(tempfile.mkdtemp(prefix="rcm-demo-media-"))
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media):
            call_command("load_demo", stdout=out)
        yield out.getvalue(), media
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db, settings):
    """The demo for one test (see `demo_loaded`): what `load_demo` printed."""
    printed, media = demo_loaded
    settings.MEDIA_ROOT = media
    return printed
