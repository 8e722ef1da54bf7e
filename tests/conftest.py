import os

import pytest

from rcm_portal.celery import app as celery_app

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


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


_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI every service is there: a skipped test is a test that did not run.
    if IN_CI and _skipped:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"CI: {len(_skipped)} test(s) skipped; CI runs every test: " + ", ".join(_skipped),
            red=True,
        )
        session.exitstatus = 1
