"""Checks on uploaded outcome documents: the type is read from the content, not the name."""

import secrets
import zipfile
from pathlib import PurePath

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _

# Extension -> label; the file's content must match its extension.
ALLOWED_DOCUMENT_TYPES = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".xlsx": "Excel",
    ".pptx": "PowerPoint",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WebP",
}
# Office Open XML files are zip archives; the part inside tells which one.
OFFICE_PARTS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
SAME_TYPE = {".jpeg": ".jpg"}


def _detected_extension(uploaded) -> str | None:
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        matches = []
    extensions = [SAME_TYPE.get(m.extension.lower(), m.extension.lower()) for m in matches]
    if ".zip" in extensions or any(ext in OFFICE_PARTS for ext in extensions):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        return next((ext for ext, part in OFFICE_PARTS.items() if part in names), ".zip")
    return next((ext for ext in extensions if ext in ALLOWED_DOCUMENT_TYPES), None)


def validate_document(uploaded) -> None:
    name = PurePath(uploaded.name).name
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_DOCUMENT_TYPES:
        raise ValidationError(
            _(
                "“%(name)s” is not an accepted type. Accepted: PDF, Word, Excel, PowerPoint, PNG, JPEG, GIF, WebP."
            ),
            code="extension",
            params={"name": name},
        )
    limit = settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)s MB."),
            code="size",
            params={"name": name, "size": settings.DOCUMENT_MAX_UPLOAD_MB},
        )
    if hasattr(uploaded, "seek") and not getattr(uploaded, "_committed", False):
        detected = _detected_extension(uploaded)
        if detected != SAME_TYPE.get(extension, extension):
            raise ValidationError(
                _("The content of “%(name)s” is not a %(type)s file."),
                code="content",
                params={"name": name, "type": ALLOWED_DOCUMENT_TYPES[extension]},
            )


def document_upload_to(document, filename: str) -> str:
    """A safe stored name: a slug of the original, in a folder nobody can guess."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:80] or "document"
    name = get_valid_filename(f"{stem}{path.suffix.lower()}")
    return f"documents/{secrets.token_urlsafe(12)}/{name}"
