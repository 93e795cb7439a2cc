"""The object store behind `SAKIP_PENYIMPANAN=s3` (sakip/settings/base.py; docs/ARCHITECTURE.md "Files and shared
storage"): django-storages' S3 backend, so that evidence and generated reports written on one host (a web
process, any Celery worker) are read on every other one.

Files are private: objects are written with the `private` ACL (or none, on a bucket whose ACLs are disabled),
and no URL into the store ever leaves the app. Every download is streamed by an access-checked view
(perangkat_daerah/unduhan.py), so `url()` gives what the filesystem storage gives, a link under MEDIA_URL that
nothing serves, never a bucket URL nor a signed one that would bypass the access check."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

from botocore.exceptions import ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PenyimpananObjek(S3Storage):
    """S3-compatible storage that never hands out a URL into the bucket."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL or "/", filepath_to_uri(name).lstrip("/"))

    def buka_aliran(self, name: str):
        """The object's body as a file-like read as it arrives (no copy in memory or in a temporary file, unlike
        `open()`, which fetches the whole object first), and its size. FileNotFoundError when it is gone."""
        try:
            jawaban = self.bucket.Object(self._normalize_name(clean_name(name))).get()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey"}:
                raise FileNotFoundError(f"File does not exist: {name}") from exc
            raise
        return jawaban["Body"], jawaban["ContentLength"]


def masalah_penyimpanan() -> str | None:
    """What keeps this host from storing files, in Indonesian (`manage.py cek_sistem`); None when the storage
    answers: the object store's bucket is reachable with these keys, or MEDIA_ROOT is a writable folder."""
    from django.core.files.storage import storages

    storage = storages["default"]
    if isinstance(storage, S3Storage):
        try:
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        except Exception as exc:  # noqa: BLE001 (any failure: unreachable endpoint, wrong keys, no bucket)
            return f"Penyimpanan objek tidak dapat dipakai (bucket {storage.bucket_name!r}): {exc}"
        return None
    folder = Path(settings.MEDIA_ROOT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"Folder berkas {folder} tidak dapat dibuat: {exc}"
    if not os.access(folder, os.W_OK):
        return f"Folder berkas {folder} tidak dapat ditulisi."
    return None
