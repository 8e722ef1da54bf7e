"""Checks on uploaded documents (outcome documents, practice attachments, roadmap
evidence): the type is read from the content, not the name, and an Office file must not be
a zip bomb."""

import secrets
import shutil
import struct
import tempfile
import zipfile
import zlib
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


# Signatures of archives: a zip (local header, empty archive, spanned), gzip, bzip2, xz, 7z, RAR.
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
)
ARCHIVE_EXTENSIONS = (
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".jar", ".cab",
    ".docx", ".docm", ".xlsx", ".xlsm", ".xlsb", ".pptx", ".pptm", ".odt", ".ods", ".odp",
)  # fmt: skip
# Office stores the workbook behind a chart, or an embedded document, as a package of its
# own in an "embeddings" folder: that one level of nesting is opened and checked too.
EMBEDDINGS_FOLDER = "embeddings"
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_LARGEST_COMMENT = 0xFFFF
MB = 1024 * 1024


class _Refused(Exception):
    """Why an archive is refused: a ValidationError's message code and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _declared_member_count(file) -> int | None:
    """The number of members the end record announces, read before zipfile builds the whole
    central directory in memory; None when there is no end record (not a zip, or broken)."""
    file.seek(0, 2)
    size = file.tell()
    tail_size = min(size, _END_RECORD_SIZE + _LARGEST_COMMENT)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(_END_OF_CENTRAL_DIRECTORY)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return None
    # Zip64 archives say 0xFFFF here: more than any limit, so they are refused as too many.
    return struct.unpack_from("<H", tail, at + 10)[0]


def _is_archive(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    if info.filename.lower().endswith(ARCHIVE_EXTENSIONS):
        return True
    if info.is_dir() or info.file_size < 4:
        return False
    # Only the first bytes are inflated (at most one read of compressed data), to find an
    # archive stored under another name.
    with archive.open(info) as member:
        head = member.read(8)
    return head.startswith(ARCHIVE_SIGNATURES)


class _Budget:
    """What the archive and its embedded packages may still hold, counted over all levels;
    the limits themselves are kept for the messages."""

    def __init__(self, *, max_members: int, max_bytes: int, max_ratio: int):
        self.max_members = self.members = max_members
        self.max_bytes = self.bytes = max_bytes
        self.ratio = max_ratio
        self.ratio_floor = settings.DOCUMENT_ARCHIVE_RATIO_FLOOR_KB * 1024

    def too_many_members(self) -> "_Refused":
        return _Refused("archive_members", count=self.max_members)


def _check_archive(file, budget: _Budget, *, nested: bool) -> None:
    """Refuse the archive in `file` (raise _Refused) on what its central directory says;
    inflate nothing but the first bytes of each member and the embedded packages."""
    count = _declared_member_count(file)
    if count is None:
        raise _Refused("archive_broken")
    if count > budget.members:
        raise budget.too_many_members()
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        infos = archive.infolist()
        budget.members -= len(infos)
        if budget.members < 0:
            raise budget.too_many_members()
        for info in infos:
            budget.bytes -= info.file_size
            if budget.bytes < 0:
                raise _Refused("archive_size", size=budget.max_bytes // MB)
            if info.file_size > budget.ratio_floor and (
                info.file_size > budget.ratio * max(info.compress_size, 1)
            ):
                raise _Refused("archive_ratio", ratio=budget.ratio)
        for info in infos:
            if not _is_archive(archive, info):
                continue
            folder = PurePath(info.filename).parent.name
            if nested or folder != EMBEDDINGS_FOLDER:
                raise _Refused("archive_nested", member=info.filename)
            # A copy on disk beyond 1 MB: its size is the one declared, already counted.
            with tempfile.SpooledTemporaryFile(max_size=MB) as copy:
                with archive.open(info) as member:
                    shutil.copyfileobj(member, copy)
                _check_archive(copy, budget, nested=True)


ARCHIVE_MESSAGES = {
    "archive_broken": _("“%(name)s” is damaged: it cannot be opened."),
    "archive_members": _(
        "“%(name)s” holds more than %(count)s parts: it is refused, as it could overload "
        "whoever opens it."
    ),
    "archive_size": _(
        "“%(name)s” would take more than %(size)s MB once opened: it is refused, as it could "
        "overload whoever opens it."
    ),
    "archive_ratio": _(
        "“%(name)s” holds a part compressed more than %(ratio)s times: it is refused, as it "
        "could overload whoever opens it."
    ),
    "archive_nested": _(
        "“%(name)s” holds another archive (“%(member)s”): archives inside a document are refused."
    ),
}


def validate_zip_archive(
    uploaded,
    *,
    name: str | None = None,
    max_members: int | None = None,
    max_uncompressed_bytes: int | None = None,
    max_ratio: int | None = None,
) -> None:
    """Refuse a zip-based upload (Word, Excel, PowerPoint) that is broken or could overload
    whoever opens it: more members, more uncompressed bytes or a higher compression ratio of
    one member than allowed, or an archive inside (but for the packages Office embeds,
    checked in turn). Sizes and ratios come from the central directory: nothing is inflated
    to find them, and `zipfile` never inflates a member beyond its declared size (it stops
    with a bad CRC), so an archive that lies is caught when it is read.

    The limits not given are the DOCUMENT_ARCHIVE_* settings."""
    name = name or PurePath(getattr(uploaded, "name", None) or "").name
    budget = _Budget(
        max_members=settings.DOCUMENT_ARCHIVE_MAX_MEMBERS if max_members is None else max_members,
        max_bytes=(
            settings.DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_MB * MB
            if max_uncompressed_bytes is None
            else max_uncompressed_bytes
        ),
        max_ratio=settings.DOCUMENT_ARCHIVE_MAX_RATIO if max_ratio is None else max_ratio,
    )
    try:
        _check_archive(uploaded, budget, nested=False)
    except _Refused as refused:
        raise ValidationError(
            ARCHIVE_MESSAGES[refused.code],
            code=refused.code,
            params={"name": name, **refused.params},
        ) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # a compression method zipfile does not know
        RuntimeError,  # an encrypted member
        EOFError,
        OSError,
        ValueError,
        zlib.error,
    ) as broken:
        raise ValidationError(
            ARCHIVE_MESSAGES["archive_broken"], code="archive_broken", params={"name": name}
        ) from broken
    finally:
        uploaded.seek(0)


def _starts_like_a_zip(uploaded) -> bool:
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    return head.startswith(b"PK")


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
    limit = settings.DOCUMENT_MAX_UPLOAD_MB * MB
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)s MB."),
            code="size",
            params={"name": name, "size": settings.DOCUMENT_MAX_UPLOAD_MB},
        )
    if hasattr(uploaded, "seek") and not getattr(uploaded, "_committed", False):
        if extension in OFFICE_PARTS and _starts_like_a_zip(uploaded):
            validate_zip_archive(uploaded, name=name)
        detected = _detected_extension(uploaded)
        if detected != SAME_TYPE.get(extension, extension):
            raise ValidationError(
                _("The content of “%(name)s” is not a %(type)s file."),
                code="content",
                params={"name": name, "type": ALLOWED_DOCUMENT_TYPES[extension]},
            )


def unguessable_upload_path(*, folder: str, filename: str, fallback: str) -> str:
    """A safe stored name for any uploaded document: a slug of the original (or `fallback`
    when nothing of it is left), in a folder nobody can guess, under `folder`."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:80] or fallback
    name = get_valid_filename(f"{stem}{path.suffix.lower()}")
    return f"{folder}/{secrets.token_urlsafe(12)}/{name}"


# The `upload_to` of each file field stays a named function: migrations refer to it by name.
def document_upload_to(document, filename: str) -> str:
    return unguessable_upload_path(folder="documents", filename=filename, fallback="document")
