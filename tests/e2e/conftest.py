"""What the browser tests share."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"
)


@pytest.fixture
def browser():
    """Debian's chromium, driven by Playwright. Playwright runs an event loop in this
    thread; the ORM calls of the test are still synchronous, one at a time."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session", autouse=True)
def _server_thread_sessions_closed_at_the_end(django_db_setup, django_db_blocker):
    """A live-server thread that answered a download the browser left open keeps its
    database session; on PostgreSQL it would stop the test database from being dropped.
    The sessions are cut once, after the last test and before the drop: cut after each
    browser test, they took with them the session the next test had opened."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def axe_violations(page) -> list[str]:
    """What axe-core finds wrong on the page as it is now: one line per violation, with
    the rule, its impact and the first elements concerned (empty when none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation.get('impact')}): "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]
