"""What the browser tests share."""

import pytest


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
