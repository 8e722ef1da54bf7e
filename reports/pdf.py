"""HTML to PDF with WeasyPrint, fetching nothing but the project's own files.

WeasyPrint is imported inside the functions: it is slow to import and only the worker
needs it.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join

# The origin every relative URL of a print template resolves against. `.invalid` can
# never resolve on a network: only the fetcher below gives it meaning.
REPORT_BASE_URL = "https://report.invalid/"


class RefusedURL(ValueError):
    """A resource outside the project's static and media files was referenced."""


def project_file_for_url(url: str) -> Path:
    """The local file behind a static or media URL of the report origin, or RefusedURL."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != REPORT_BASE_URL:
        raise RefusedURL(f"Refused to fetch {url!r}: not a project file.")
    path = unquote(parts.path)
    try:
        if path.startswith(settings.STATIC_URL):
            relative = path.removeprefix(settings.STATIC_URL)
            found = finders.find(relative) or (
                settings.STATIC_ROOT and safe_join(settings.STATIC_ROOT, relative)
            )
        elif path.startswith(settings.MEDIA_URL):
            found = safe_join(settings.MEDIA_ROOT, path.removeprefix(settings.MEDIA_URL))
        else:
            found = None
    except Exception as error:  # safe_join raises on "..", finders on absolute paths
        raise RefusedURL(f"Refused to fetch {url!r}: {error}") from error
    if not found or not Path(found).is_file():
        raise RefusedURL(f"Refused to fetch {url!r}: no such project file.")
    return Path(found)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = project_file_for_url(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return ProjectFilesFetcher


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """Render HTML to PDF bytes; returns the bytes and the number of pages."""
    from weasyprint import HTML

    fetcher = _fetcher_class()(allowed_protocols=("https", "data"), allow_redirects=False)
    document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher).render()
    return document.write_pdf(), len(document.pages)
