"""Stored files served by the views that check who asks, never by MEDIA_URL.

`stored_file_response` answers with the file, or, with RCM_PRIVATE_FILES_SERVER set, hands
the sending to nginx (X-Accel-Redirect) or Apache (X-Sendfile) so that no gunicorn worker
streams a large file. `ViewServedFileField` is a FileField whose `url` is such a view, so
that the administration's links to a file work and check permissions too."""

import mimetypes
import re
import unicodedata
from collections.abc import Callable
from pathlib import PurePath, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

DOWNLOAD_NAME_MAX_LENGTH = 150


def download_filename(name: str, *, default: str = "download") -> str:
    """The name offered to the browser: the last part of `name`, without control
    characters or leading dots, at most DOWNLOAD_NAME_MAX_LENGTH characters."""
    last = re.split(r"[\\/]", name or "")[-1]
    clean = "".join(ch for ch in last if unicodedata.category(ch)[0] != "C")
    clean = clean.strip().lstrip(".").strip()
    if len(clean) > DOWNLOAD_NAME_MAX_LENGTH:
        suffix = PurePath(clean).suffix[:10]
        clean = clean[: DOWNLOAD_NAME_MAX_LENGTH - len(suffix)] + suffix
    return clean or default


def _stored_name_is_safe(name: str) -> bool:
    """A relative name inside the storage: no "..", no absolute path, no NUL, no backslash."""
    if not name or "\x00" in name or "\\" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _local_path(storage, name: str) -> str | None:
    """The file's path on this machine, or None for a storage without one (object storage)."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def stored_file_response(
    stored: FieldFile | None,
    *,
    private: bool,
    filename: str = "",
    as_attachment: bool = True,
) -> HttpResponse:
    """The response that delivers a stored file, once the view has checked the permission.

    `filename` is the name offered to the browser (the stored one when empty). The
    content type comes from the stored name (whose extension was checked at upload),
    never from what the browser could guess (`nosniff`). A private file is marked
    `Cache-Control: private`, so that no shared cache keeps it. A name that would leave the
    storage, or a file that is gone, is not found."""
    name = (stored.name or "") if stored else ""
    if not _stored_name_is_safe(name):
        raise Http404
    storage = stored.storage
    try:
        if not storage.exists(name):
            raise Http404
        path = _local_path(storage, name)
    except SuspiciousFileOperation as outside:
        raise Http404 from outside
    content_type = mimetypes.guess_type(PurePosixPath(name).name)[0] or "application/octet-stream"
    server = settings.RCM_PRIVATE_FILES_SERVER
    if server and path is not None:
        response = HttpResponse(content_type=content_type)
        if server == "nginx":
            prefix = settings.RCM_PRIVATE_FILES_INTERNAL_PREFIX.rstrip("/")
            response["X-Accel-Redirect"] = f"{prefix}/{quote(name)}"
        else:
            response["X-Sendfile"] = path
    else:
        try:
            handle = storage.open(name, "rb")
        except (FileNotFoundError, SuspiciousFileOperation) as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment, download_filename(filename, default=PurePosixPath(name).name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        patch_cache_control(response, private=True)
    return response


class ViewServedFieldFile(FieldFile):
    @property
    def url(self) -> str:
        self._require_file()
        if self.field.download_url is None:
            return super().url
        if self.instance.pk is None:
            return ""
        return self.field.download_url(self.instance, self.field)


class ViewServedFileField(models.FileField):
    """A FileField whose `url` is `download_url(instance, field)`: the view that serves the
    file to those who may have it. Translated copies (modeltranslation) keep the function
    and have a `language`."""

    attr_class = ViewServedFieldFile

    def __init__(
        self,
        *args,
        download_url: Callable[[models.Model, models.Field], str] | None = None,
        **kwargs,
    ):
        self.download_url = download_url
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # For the database and the migrations this is a FileField: only the URL differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs

    def clone(self):
        _name, _path, args, kwargs = self.deconstruct()
        return self.__class__(*args, download_url=self.download_url, **kwargs)
