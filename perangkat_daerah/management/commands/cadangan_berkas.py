"""`manage.py cadangan_berkas buat|pulihkan ARSIP`: every stored file (evidence, generated reports) into one
tar.gz and back, through Django's storage, so the same backup works on the local filesystem and on the object
store (`SAKIP_PENYIMPANAN=s3`; scripts/cadangan.sh calls it there, docs/SECURITY.md "Backup and restore").
A restore writes each file under its own name, replacing what is there, and never deletes anything else."""

from __future__ import annotations

import tarfile
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


def semua_nama(storage, folder: str = "") -> list[str]:
    """Every stored file's name under `folder`, sorted."""
    try:
        folder_anak, berkas = storage.listdir(folder)
    except FileNotFoundError:  # a media folder nothing was ever stored in
        return []
    nama = [f"{folder}/{b}" if folder else b for b in berkas]
    for anak in folder_anak:
        nama += semua_nama(storage, f"{folder}/{anak}" if folder else anak)
    return sorted(nama)


def buat(storage, arsip: str) -> int:
    """Write every stored file into the tar.gz `arsip`; how many."""
    daftar = semua_nama(storage)
    with tarfile.open(arsip, "w:gz") as tar:
        for nama in daftar:
            info = tarfile.TarInfo(nama)
            info.size = storage.size(nama)
            with storage.open(nama, "rb") as isi:
                tar.addfile(info, isi)
    return len(daftar)


def pulihkan(storage, arsip: str) -> int:
    """Store every file of the tar.gz `arsip` under its own name; how many. A member that is not a plain file
    or whose name would leave the storage's root is refused before anything is written."""
    with tarfile.open(arsip, "r:gz") as tar:
        anggota = tar.getmembers()
        for a in anggota:
            bagian = PurePosixPath(a.name).parts
            if not a.isfile() or a.name.startswith("/") or ".." in bagian:
                raise CommandError(f"Arsip berisi entri yang tidak boleh dipulihkan: {a.name!r}.")
        for a in anggota:
            nama = PurePosixPath(a.name).as_posix().removeprefix("./")
            if storage.exists(nama):
                storage.delete(nama)
            disimpan = storage.save(nama, tar.extractfile(a))
            if disimpan != nama:
                raise CommandError(f"{nama!r} tersimpan sebagai {disimpan!r}: penyimpanan mengubah namanya.")
    return len(anggota)


class Command(BaseCommand):
    help = "Cadangkan atau pulihkan semua berkas tersimpan (bukti, laporan) lewat penyimpanan Django."

    def add_arguments(self, parser):
        parser.add_argument("aksi", choices=["buat", "pulihkan"])
        parser.add_argument("arsip", help="berkas .tar.gz")

    def handle(self, *args, aksi: str, arsip: str, **opsi):
        jumlah = (buat if aksi == "buat" else pulihkan)(default_storage, arsip)
        kata = "dicadangkan ke" if aksi == "buat" else "dipulihkan dari"
        self.stdout.write(f"{jumlah} berkas {kata} {arsip}")
