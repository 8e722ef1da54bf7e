"""Reading what a page carries inline and what its Content-Security-Policy allows."""

import time
from html.parser import HTMLParser

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import UserFactory, with_totp

PASSWORD = "a-long-test-password"  # UserFactory's

# Types of <script> a browser runs; others (application/json, ...) are data.
RUNNABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class InlineCode(HTMLParser):
    """What a page carries inline: scripts and style elements (with their nonce), style
    attributes, event-handler attributes and javascript: addresses."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.script_nonces: list[str | None] = []
        self.script_sources: list[str] = []
        self.style_nonces: list[str | None] = []
        self.style_attributes: list[tuple[str, str]] = []
        self.handlers: list[tuple[str, str, str]] = []
        self.javascript_urls: list[tuple[str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            elif name == "style":
                self.style_attributes.append((tag, value))
            elif name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.javascript_urls.append((tag, value))
        if tag == "script":
            if values.get("src"):
                self.script_sources.append(values["src"])
            elif values.get("type", "").lower() in RUNNABLE_SCRIPT_TYPES:
                self.script_nonces.append(values.get("nonce"))
        elif tag == "style":
            self.style_nonces.append(values.get("nonce"))

    handle_startendtag = handle_starttag


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name] = sources
    return directives


def header_nonce(response) -> str | None:
    for source in policy(response).get("script-src", []):
        if source.startswith("'nonce-"):
            return source[len("'nonce-") : -1]
    return None


def totp_code(secret: str) -> str:
    """What an authenticator app shows now for `secret`."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in_staff(client, **fields):
    """A superuser of the Secretariat logs in as staff do: password, then the code of their
    authenticator app."""
    staff = UserFactory(email="officer@example.org", is_staff=True, is_superuser=True, **fields)
    secret = with_totp(staff)
    client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return staff
