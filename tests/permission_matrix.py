"""The machinery of the permission matrices: each app lists its URLs and, for each role,
what the answer must be; these turn the list into test cases and check one answer."""

import pytest

from tests.logins import login

LOGIN = "login"  # the answer is a redirect to a login page


def matrix_cases(matrix, roles) -> list:
    """One case per URL and role: (name, method, url, data, role, expected)."""
    return [
        pytest.param(name, method, url, data, role, expected[role], id=f"{name} / {role}")
        for name, method, url, data, expected in matrix
        for role in roles
    ]


def matrix_request(client, world, *, role, method, url, data):
    """The request of one case, as `role` (a key of world["users"]; None is anonymous).
    Staff log in with their second factor."""
    user = world["users"][role]
    if user is not None:
        login(client, user)
    return getattr(client, method)(url(world), data(world) if callable(data) else data)


def assert_answer(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    else:
        assert response.status_code == expected
