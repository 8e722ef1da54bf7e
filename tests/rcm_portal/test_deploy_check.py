"""`manage.py check --deploy` under production settings reports nothing."""

import subprocess
import sys

import pytest

from tests.rcm_portal.conftest import BASE_DIR, production_environ


def _check_deploy(**environ):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**production_environ(), **environ},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "environ",
    [{}, {"DJANGO_SECURE_SSL_REDIRECT": "", "DJANGO_SECURE_HSTS_SECONDS": ""}],
    ids=["defaults", "blank-lines-of-env-example"],
)
def test_the_deployment_check_reports_no_issue_in_production(environ):
    result = _check_deploy(**environ)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_the_deployment_check_sees_a_weakened_setting():
    """The operator may change each figure; the check then says what it costs."""
    result = _check_deploy(DJANGO_SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
