import http.server
import threading

import pytest
from PIL import Image

from reports.pdf import RefusedURL, html_to_pdf, project_file_for_url


def _image_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def local_server():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.fixture
def picture(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    path = settings.MEDIA_ROOT / "logo.png"
    Image.new("RGB", (40, 40), "navy").save(path)
    return path


def test_project_media_files_are_embedded(picture):
    pdf, _ = html_to_pdf('<p>Logo</p><img src="/media/logo.png">')

    assert _image_count(pdf) == 1


def test_nothing_outside_the_project_is_fetched(picture, local_server):
    server, hits = local_server
    html = f"""
      <link rel="stylesheet" href="{server}/style.css">
      <style>@import url("{server}/imported.css");</style>
      <p>Content</p>
      <img src="file://{picture}">
      <img src="file:///etc/passwd">
      <img src="{server}/tracker.png">
      <img src="/media/../../../../etc/passwd">
    """

    pdf, pages = html_to_pdf(html)

    assert pages == 1
    assert hits == []
    assert _image_count(pdf) == 0


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "https://example.org/static/css/portal.css",
        "https://report.invalid/media/../../etc/passwd",
        "https://report.invalid/static/../../../etc/passwd",
        "https://report.invalid/etc/passwd",
        "https://report.invalid/media/no-such-file.png",
    ],
)
def test_the_fetcher_refuses_what_is_not_a_project_file(url):
    with pytest.raises(RefusedURL):
        project_file_for_url(url)


def test_the_fetcher_serves_the_project_stylesheet():
    path = project_file_for_url("https://report.invalid/static/reports/print.css")

    assert path.read_text().startswith("/* Print layout")
