"""`manage.py cadangan_berkas` on the default (filesystem) storage: the same round trip as on the object
store, and an archive that would write outside the storage is refused before anything is written."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command


def test_round_trip_on_the_filesystem(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "a"
    default_storage.save("bukti/x.pdf", ContentFile(b"%PDF-x"))
    default_storage.save("laporan/2024/y.pdf", ContentFile(b"%PDF-y"))
    call_command("cadangan_berkas", "buat", str(tmp_path / "m.tar.gz"), stdout=io.StringIO())
    settings.MEDIA_ROOT = tmp_path / "b"
    (tmp_path / "b" / "bukti").mkdir(parents=True)
    (tmp_path / "b" / "bukti" / "x.pdf").write_bytes(b"lama")  # replaced by the backup's copy
    call_command("cadangan_berkas", "pulihkan", str(tmp_path / "m.tar.gz"), stdout=io.StringIO())
    assert (tmp_path / "b" / "bukti" / "x.pdf").read_bytes() == b"%PDF-x"
    assert (tmp_path / "b" / "laporan" / "2024" / "y.pdf").read_bytes() == b"%PDF-y"
    assert sorted(p.name for p in (tmp_path / "b").rglob("*") if p.is_file()) == ["x.pdf", "y.pdf"]


@pytest.mark.parametrize("nama", ["../luar.txt", "/etc/luar.txt", "bukti/../../luar.txt"])
def test_an_archive_reaching_outside_the_storage_is_refused(settings, tmp_path, nama):
    settings.MEDIA_ROOT = tmp_path / "media"
    arsip = tmp_path / "jahat.tar.gz"
    with tarfile.open(arsip, "w:gz") as tar:
        for n in ("bukti/baik.pdf", nama):
            info = tarfile.TarInfo(n)
            info.size = 3
            tar.addfile(info, io.BytesIO(b"abc"))
    with pytest.raises(CommandError, match="tidak boleh dipulihkan"):
        call_command("cadangan_berkas", "pulihkan", str(arsip))
    assert not (tmp_path / "luar.txt").exists() and not (tmp_path / "media" / "bukti" / "baik.pdf").exists()
