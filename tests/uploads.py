"""Office files for upload tests, built in memory: ordinary ones, and zip bombs."""

import functools
import io
import zipfile

# The part that tells each Office type apart (see workshops.validators.OFFICE_PARTS).
MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
CHUNK = b"\0" * (1024 * 1024)


def office_file(extension: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A small, ordinary Word, Excel or PowerPoint file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(MAIN_PARTS[extension], "<document>" + "text " * 2000 + "</document>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def office_bomb(extension: str, *, megabytes: int = 200) -> bytes:
    """An Office file whose main part is `megabytes` of zeros: a few hundred kilobytes that
    inflate 1,000 times. Written a megabyte at a time, so the test never holds it whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(MAIN_PARTS[extension], "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(CHUNK)
    return buffer.getvalue()
