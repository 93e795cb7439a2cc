"""Evidence uploads (bukti), one check for every app: at most 10 MiB, and the type is read from the
content's magic bytes, never from the file name or the browser's claim. Files are stored under random names
(each model's upload_to) and served only by access-checked views.

Office files are zip archives, and 10 MiB of zip can inflate to gigabytes. `Arsip` reads one without
trusting its headers (issue 11, point 9): it counts the entries before zipfile builds an object for each,
allows only the methods Office and OpenDocument use (stored, deflate) and no encryption, refuses members
whose data overlap, and inflates each member itself, 64 KiB at a time with a hard cap, refusing it as soon
as it yields one byte more than it declares. So the declared sizes, whose sum is capped, bound the work."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIB = 1024 * 1024
BATAS_BUKTI = 10 * MIB
BATAS_ENTRI = 1000
BATAS_TERURAI = 200 * MIB  # bytes actually inflated, nested archives included
_POTONGAN = 64 * 1024
_ZIP = b"PK\x03\x04"
_METODE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # all that OPC (ECMA-376-2) and ODF allow
_NAMA_METODE = {9: "deflate64", zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 93: "zstd", 99: "AES"}
_KEPALA = 30  # local file header


@dataclass(frozen=True, slots=True)
class JenisBerkas:
    """A recognised evidence type: the extension it is stored with and the content type it is served as."""

    ekstensi: str
    mime: str


PDF = JenisBerkas(".pdf", "application/pdf")
PNG = JenisBerkas(".png", "image/png")
JPEG = JenisBerkas(".jpg", "image/jpeg")
OFFICE_LAMA = JenisBerkas(".doc", "application/x-ole-storage")  # .doc/.xls/.ppt share one container
_MAGIS = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OFFICE_LAMA),
)
_OOXML = {
    "word/": JenisBerkas(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": JenisBerkas(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": JenisBerkas(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": JenisBerkas(".odt", "application/vnd.oasis.opendocument.text"),
    b"application/vnd.oasis.opendocument.spreadsheet": JenisBerkas(
        ".ods", "application/vnd.oasis.opendocument.spreadsheet"
    ),
    b"application/vnd.oasis.opendocument.presentation": JenisBerkas(
        ".odp", "application/vnd.oasis.opendocument.presentation"
    ),
}


def _mib(n: int) -> str:
    """Bytes as MiB the way users write numbers: 200, 0,4."""
    return f"{n / MIB:.1f}".removesuffix(".0").replace(".", ",")


def _rusak(bagian: str) -> ValidationError:
    return ValidationError(_("Berkas rusak: bagian %s tidak utuh. Simpan ulang dokumen lalu unggah lagi.") % bagian)


def _jumlah_entri(berkas) -> int:
    """The entry count the end record declares (zip64 too), read before zipfile makes one object per entry."""
    ukuran = berkas.seek(0, io.SEEK_END)
    berkas.seek(max(0, ukuran - 22 - 0xFFFF))
    ekor = berkas.read()
    i = ekor.rfind(b"PK\x05\x06")
    if i < 0 or len(ekor) - i < 22:
        return 0  # not a zip: zipfile says so
    (jumlah,) = struct.unpack("<H", ekor[i + 10 : i + 12])
    if jumlah == 0xFFFF and i >= 20 and ekor[i - 20 : i - 16] == b"PK\x06\x07":
        berkas.seek(struct.unpack("<Q", ekor[i - 12 : i - 4])[0])
        rekam = berkas.read(40)
        if rekam[:4] == b"PK\x06\x06" and len(rekam) == 40:
            (jumlah,) = struct.unpack("<Q", rekam[32:40])
    return jumlah


class Arsip:
    """A zip upload opened for checking (see the module docstring). `sisipan` is how many levels of
    archives inside members are allowed (0 refuses any); a nested archive shares the inflation budget.
    Raises ValidationError (Indonesian) for a refused archive, zipfile.BadZipFile for a non-zip."""

    def __init__(self, berkas, *, batas_entri=BATAS_ENTRI, batas_terurai=BATAS_TERURAI, sisipan: int = 1):
        self.berkas, self.sisipan = berkas, sisipan
        n = _jumlah_entri(berkas)
        if n > batas_entri:
            raise ValidationError(_("Berkas berisi %(n)s bagian; batasnya %(b)s.") % {"n": n, "b": batas_entri})
        berkas.seek(0)
        zip_ = zipfile.ZipFile(berkas)
        self.anggota = zip_.infolist()
        if len(self.anggota) > batas_entri:
            raise ValidationError(
                _("Berkas berisi %(n)s bagian; batasnya %(b)s.") % {"n": len(self.anggota), "b": batas_entri}
            )
        self._periksa_kepala(zip_.start_dir)
        total = sum(a.file_size for a in self.anggota)
        if total > batas_terurai:
            raise ValidationError(
                _("Isi berkas bila diurai berukuran %(mib)s MiB; batasnya %(b)s MiB (kemungkinan “zip bomb”).")
                % {"mib": _mib(total), "b": _mib(batas_terurai)}
            )
        self.terurai = total
        self.sisa_sisipan = batas_terurai - total  # what nested archives may still inflate to

    def _periksa_kepala(self, awal_direktori: int) -> None:
        """Methods, encryption, and where each member's data lies: no two overlap (the overlapping-files
        bomb reuses one compressed kernel for every member)."""
        self._awal: dict[int, int] = {}
        akhir = 0
        for a in sorted(self.anggota, key=lambda a: a.header_offset):
            if a.flag_bits & 0x1:
                raise ValidationError(
                    _("Berkas berisi bagian yang dienkripsi (%s). Buka kunci kata sandinya, simpan, lalu unggah lagi.")
                    % a.filename
                )
            if a.compress_type not in _METODE:
                raise ValidationError(
                    _("Bagian %(bagian)s memakai metode kompresi %(m)s yang tidak didukung. Simpan ulang dokumen "
                      "dari aplikasi Office (kompresi standar), lalu unggah lagi.")
                    % {"bagian": a.filename, "m": _NAMA_METODE.get(a.compress_type, a.compress_type)}
                )  # fmt: skip
            self.berkas.seek(a.header_offset)
            kepala = self.berkas.read(_KEPALA)
            if a.header_offset < akhir or len(kepala) < _KEPALA or not kepala.startswith(_ZIP):
                raise ValidationError(_("Berkas rusak atau dimanipulasi: bagian-bagiannya saling tumpang tindih."))
            n_nama, n_ekstra = struct.unpack("<HH", kepala[26:30])
            self._awal[a.header_offset] = a.header_offset + _KEPALA + n_nama + n_ekstra
            akhir = self._awal[a.header_offset] + a.compress_size
        if akhir > awal_direktori:
            raise ValidationError(_("Berkas rusak atau dimanipulasi: bagian-bagiannya saling tumpang tindih."))

    def isi(self, anggota: zipfile.ZipInfo, potongan: int = _POTONGAN) -> Iterator[bytes]:
        """The member's bytes as they inflate, at most `potongan` at a time. Refuses it the moment it yields
        more than it declares, and at its end if it is short or its CRC is wrong; a nested archive is
        checked in turn (or refused when `sisipan` is 0)."""
        keluar, crc, tahan, sisipan = 0, 0, bytearray(), None
        for data in self._urai(anggota, potongan):
            keluar += len(data)
            if keluar > anggota.file_size:
                raise ValidationError(
                    _("Berkas ditolak: bagian %s terurai lebih besar daripada ukuran yang dicantumkannya "
                      "(pola “zip bomb”).") % anggota.filename
                )  # fmt: skip
            crc = zlib.crc32(data, crc)
            if sisipan is not None:
                sisipan += data
            elif len(tahan) < len(_ZIP):  # the first bytes may come in more than one piece
                tahan += data
                if tahan.startswith(_ZIP):
                    self._sisipan_boleh(anggota)
                    sisipan = tahan
            yield data
        if keluar != anggota.file_size or crc != anggota.CRC:
            raise _rusak(anggota.filename)
        if sisipan is not None:
            self._periksa_sisipan(anggota, sisipan)

    def _periksa_sisipan(self, anggota: zipfile.ZipInfo, data: bytearray) -> None:
        try:
            dalam = Arsip(io.BytesIO(data), batas_terurai=self.sisa_sisipan, sisipan=self.sisipan - 1)
        except (zipfile.BadZipFile, EOFError, ValueError, OSError):
            raise _rusak(anggota.filename) from None
        self.sisa_sisipan -= dalam.terurai
        dalam.periksa()

    def _sisipan_boleh(self, anggota: zipfile.ZipInfo) -> None:
        """A member that is itself a zip (an Excel chart inside a .docx): held (≤ 10 MiB) to be checked."""
        if self.sisipan <= 0:
            raise ValidationError(
                _("Berkas berisi arsip lain di dalamnya (%s); arsip bersarang tidak diterima.") % anggota.filename
            )
        if anggota.file_size > BATAS_BUKTI:
            raise ValidationError(_("Arsip sisipan %s lebih besar dari 10 MiB; tidak diterima.") % anggota.filename)

    def _urai(self, anggota: zipfile.ZipInfo, potongan: int) -> Iterator[bytes]:
        """Inflate with a cap on every call: zipfile's own reader hands bzip2/lzma all at once."""
        pengurai = zlib.decompressobj(-zlib.MAX_WBITS) if anggota.compress_type == zipfile.ZIP_DEFLATED else None
        posisi, sisa = self._awal[anggota.header_offset], anggota.compress_size
        try:
            while sisa > 0 or (pengurai and pengurai.unconsumed_tail):
                data = pengurai.unconsumed_tail if pengurai else b""
                if not data:
                    self.berkas.seek(posisi)
                    data = self.berkas.read(min(potongan, sisa))
                    if not data:
                        raise _rusak(anggota.filename)
                    posisi, sisa = posisi + len(data), sisa - len(data)
                yield pengurai.decompress(data, potongan) if pengurai else data
            while pengurai and not pengurai.eof and (data := pengurai.decompress(b"", potongan)):
                yield data
        except zlib.error:
            raise _rusak(anggota.filename) from None
        if pengurai and not pengurai.eof:
            raise _rusak(anggota.filename)

    def awal(self, anggota: zipfile.ZipInfo, n: int) -> bytes:
        """At most the first n bytes of a member (a sniff), never more inflated than that."""
        return next(self.isi(anggota, potongan=n), b"")

    def periksa(self) -> None:
        """Inflate every member through `isi`, keeping nothing."""
        for anggota in self.anggota:
            for _data in self.isi(anggota):
                pass


def _jenis_zip(berkas) -> JenisBerkas | None:
    """An Office Open XML or OpenDocument file is a zip with a telling member; all of it must pass `Arsip`."""
    try:
        arsip = Arsip(berkas, batas_entri=BATAS_ENTRI, batas_terurai=BATAS_TERURAI)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return None
    nama = {a.filename: a for a in arsip.anggota}
    if "mimetype" in nama:
        jenis = _ODF.get(arsip.awal(nama["mimetype"], 128).strip())
    elif "[Content_Types].xml" in nama:
        jenis = next((j for awalan, j in _OOXML.items() if any(n.startswith(awalan) for n in nama)), None)
    else:
        return None
    if jenis is not None:
        arsip.periksa()
    return jenis


def jenis_bukti(berkas) -> JenisBerkas:
    """The sniffed type of an uploaded evidence file; ValidationError (Indonesian) when too big, unknown, or
    an archive `Arsip` refuses."""
    if berkas.size > BATAS_BUKTI:
        raise ValidationError(
            _("Berkas “%(nama)s” berukuran %(mb).1f MiB; batasnya 10 MiB.")
            % {"nama": berkas.name, "mb": berkas.size / 1024 / 1024}
        )
    berkas.seek(0)
    awal = berkas.read(16)
    jenis = next((j for magis, j in _MAGIS if awal.startswith(magis)), None)
    if jenis is None and awal.startswith(_ZIP):
        jenis = _jenis_zip(berkas)
    berkas.seek(0)
    if jenis is None:
        raise ValidationError(
            _("Berkas “%(nama)s” tidak dikenali. Unggah PDF, gambar PNG/JPEG, atau dokumen Office.")
            % {"nama": berkas.name}
        )
    return jenis
