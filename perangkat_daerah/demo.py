"""Demo city: Kota Tangerang Selatan with its 38 perangkat daerah, a small second pemda, and demo users.

Called by `manage.py muat_demo`. Later apps add their own `demo.py` with `muat(konteks)` and
`hapus(pemda_ids)`; the command calls them in INSTALLED_APPS order (and reverse order to reset).
Only this module creates demo users. Every demo password is PASSWORD_DEMO.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from .access import Peran
from .models import Pemda, PerangkatDaerah, Profil, ProfilInstansi

PASSWORD_DEMO = "sakip-demo"
KODE_PEMDA_DEMO = "kota-tangerang-selatan"
KODE_PEMDA_LAIN = "kabupaten-sukamaju"

J = PerangkatDaerah.Jenis
# (kode, nama, singkatan, jenis)
PD_TANGSEL = [
    ("4.01.01", "Sekretariat Daerah", "Setda", J.SEKRETARIAT),
    ("4.02.01", "Sekretariat DPRD", "Setwan", J.SEKRETARIAT),
    ("6.01.01", "Inspektorat", "Inspektorat", J.INSPEKTORAT),
    ("1.01.01", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", J.DINAS),
    ("1.02.01", "Dinas Kesehatan", "Dinkes", J.DINAS),
    ("1.02.02", "Rumah Sakit Umum Daerah", "RSUD", J.RSUD),
    ("1.03.01", "Dinas Pekerjaan Umum", "DPU", J.DINAS),
    ("1.03.02", "Dinas Bangunan dan Penataan Ruang", "DBPR", J.DINAS),
    ("1.04.01", "Dinas Perumahan Kawasan Permukiman dan Pertanahan", "Disperkimta", J.DINAS),
    ("1.05.01", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", J.DINAS),
    ("1.05.02", "Badan Penanggulangan Bencana Daerah", "BPBD", J.BADAN),
    ("1.05.03", "Satuan Polisi Pamong Praja", "Satpol PP", J.SATPOL_PP),
    ("8.01.01", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", J.BADAN),
    ("1.06.01", "Dinas Sosial", "Dinsos", J.DINAS),
    ("2.07.01", "Dinas Tenaga Kerja", "Disnaker", J.DINAS),
    (
        "2.08.01",
        "Dinas Pemberdayaan Masyarakat, Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
        "DPMP3AKB",
        J.DINAS,
    ),
    ("2.11.01", "Dinas Lingkungan Hidup", "DLH", J.DINAS),
    ("2.12.01", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", J.DINAS),
    ("2.15.01", "Dinas Perhubungan", "Dishub", J.DINAS),
    ("2.16.01", "Dinas Komunikasi dan Informatika", "Diskominfo", J.DINAS),
    ("2.17.01", "Dinas Koperasi dan Usaha Kecil Menengah", "Dinkop UKM", J.DINAS),
    ("2.18.01", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", J.DINAS),
    ("2.19.01", "Dinas Pemuda dan Olahraga", "Dispora", J.DINAS),
    ("2.23.01", "Dinas Perpustakaan dan Arsip", "Dispusip", J.DINAS),
    ("3.26.01", "Dinas Pariwisata", "Dispar", J.DINAS),
    ("3.27.01", "Dinas Ketahanan Pangan, Pertanian dan Perikanan", "DKPPP", J.DINAS),
    ("3.31.01", "Dinas Perindustrian dan Perdagangan", "Disperindag", J.DINAS),
    ("5.01.01", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "Bappelitbangda", J.BADAN),
    ("5.02.01", "Badan Pendapatan Daerah", "Bapenda", J.BADAN),
    ("5.02.02", "Badan Keuangan dan Aset Daerah", "BKAD", J.BADAN),
    ("5.03.01", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", J.BADAN),
    ("7.01.01", "Kecamatan Serpong", "Kec. Serpong", J.KECAMATAN),
    ("7.01.02", "Kecamatan Serpong Utara", "Kec. Serpong Utara", J.KECAMATAN),
    ("7.01.03", "Kecamatan Ciputat", "Kec. Ciputat", J.KECAMATAN),
    ("7.01.04", "Kecamatan Ciputat Timur", "Kec. Ciputat Timur", J.KECAMATAN),
    ("7.01.05", "Kecamatan Pamulang", "Kec. Pamulang", J.KECAMATAN),
    ("7.01.06", "Kecamatan Pondok Aren", "Kec. Pondok Aren", J.KECAMATAN),
    ("7.01.07", "Kecamatan Setu", "Kec. Setu", J.KECAMATAN),
]

PD_SUKAMAJU = [
    ("1.02.01", "Dinas Kesehatan", "Dinkes", J.DINAS),
    ("1.01.01", "Dinas Pendidikan", "Disdik", J.DINAS),
    ("6.01.01", "Inspektorat", "Inspektorat", J.INSPEKTORAT),
]

# (username, full name, role, PD kode or None)
PENGGUNA_DEMO = [
    ("walikota", "Wali Kota Tangerang Selatan", Peran.PIMPINAN, None),
    ("organisasi", "Staf Bagian Organisasi", Peran.BAGIAN_ORGANISASI, None),
    ("inspektorat", "Auditor Inspektorat", Peran.INSPEKTORAT, None),
    ("admin", "Administrator SAKIP", Peran.ADMIN, None),
    ("operator.dinkes", "Operator Dinas Kesehatan", Peran.OPERATOR_PD, "1.02.01"),
    ("kepala.dinkes", "Kepala Dinas Kesehatan", Peran.KEPALA_PD, "1.02.01"),
    ("operator.disdik", "Operator Dinas Pendidikan dan Kebudayaan", Peran.OPERATOR_PD, "1.01.01"),
    ("operator.dlh", "Operator Dinas Lingkungan Hidup", Peran.OPERATOR_PD, "2.11.01"),
]

_NAMA_DEPAN = ["Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Nur", "Agus", "Rina", "Hendra", "Yuli", "Eko", "Lina"]
_NAMA_BELAKANG = ["Saputra", "Rahmawati", "Hidayat", "Lestari", "Santoso", "Wijaya", "Kurniawan", "Susanti"]


def hari_ini_demo(hari: datetime.date | None = None) -> datetime.date:
    """THE demo's today (issue 17 point 9): `hari` when given (`muat_demo --hari-ini`, tests), else the date
    `SAKIP_DEMO_HARI_INI` pins (a test session pins the day it began, so a run that crosses midnight builds and
    checks one day), else the clock. Every demo loader reads its years from it (kinerja/demo_jam.py), never from
    a fixed year."""
    if hari:
        return hari
    dipatok = settings.SAKIP_DEMO_HARI_INI
    return datetime.date.fromisoformat(dipatok) if dipatok else timezone.localdate()


@dataclass
class KonteksDemo:
    """What the demo loaders share: the pemda rows, their PD by kode, and the demo's today (`hari_ini_demo`)."""

    pemda: Pemda
    pemda_lain: Pemda
    hari_ini: datetime.date = field(default_factory=hari_ini_demo)
    pd: dict[str, PerangkatDaerah] = field(default_factory=dict)
    pd_lain: dict[str, PerangkatDaerah] = field(default_factory=dict)


# Eselon II heads hold IV/c–IV/d (fictional assignment per PD, like the names).
_PANGKAT = ("Pembina Utama Muda (IV/c)", "Pembina Tingkat I (IV/b)", "Pembina Utama Madya (IV/d)")


def _kepala(i: int) -> tuple[str, str]:
    """A deterministic fictional head name and an 18-digit NIP."""
    nama = f"{_NAMA_DEPAN[i % len(_NAMA_DEPAN)]} {_NAMA_BELAKANG[(i * 5) % len(_NAMA_BELAKANG)]}"
    nip = f"19{70 + i % 20:02d}{(i % 12) + 1:02d}{(i % 27) + 1:02d}199{i % 10}03{1 + i % 2}{i:03d}"
    return nama, nip


def _pd_untuk(pemda: Pemda, daftar) -> dict[str, PerangkatDaerah]:
    hasil = {}
    for i, (kode, nama, singkatan, jenis) in enumerate(daftar):
        kepala, nip = _kepala(i + len(pemda.kode))
        hasil[kode], _ = PerangkatDaerah.objects.update_or_create(
            pemda=pemda,
            kode=kode,
            defaults={
                "nama": nama,
                "singkatan": singkatan,
                "jenis": jenis,
                "kepala_nama": kepala,
                "kepala_nip": nip,
                "kepala_pangkat": _PANGKAT[i % len(_PANGKAT)],
            },
        )
    return hasil


def _pengguna(pemda: Pemda, pd: dict[str, PerangkatDaerah]) -> None:
    User = get_user_model()
    for username, nama, peran, kode_pd in PENGGUNA_DEMO:
        depan, _, belakang = nama.partition(" ")
        user, dibuat = User.objects.get_or_create(
            username=username, defaults={"first_name": depan, "last_name": belakang}
        )
        if dibuat:
            user.set_password(PASSWORD_DEMO)
        # the demo's admin is its pemda's administrator, never a platform superuser (only `createsuperuser`
        # makes one); set on every run so that an older demo database is demoted too
        user.is_staff = peran == Peran.ADMIN
        user.is_superuser = False
        user.save()
        Profil.objects.update_or_create(
            user=user,
            defaults={"pemda": pemda, "peran": peran, "perangkat_daerah": pd[kode_pd] if kode_pd else None},
        )


def muat(hari_ini: datetime.date | None = None) -> KonteksDemo:
    """Create or update the demo pemda, PD and users; safe to run again. `hari_ini`: the demo's today (default
    the clock), handed to the later apps' loaders in the context."""
    pemda, _ = Pemda.objects.update_or_create(
        kode=KODE_PEMDA_DEMO,
        defaults={
            "nama": "Kota Tangerang Selatan",
            "jenis": Pemda.Jenis.KOTA,
            "ibu_kota": "Tangerang Selatan",
            "kepala_nama": "Benyamin Davnie",  # the elected wali kota (public record); title from the kind
            "kepala_jabatan": "",
        },
    )
    lain, _ = Pemda.objects.update_or_create(
        kode=KODE_PEMDA_LAIN,
        defaults={
            "nama": "Kabupaten Sukamaju",
            "jenis": Pemda.Jenis.KABUPATEN,
            "ibu_kota": "Sukamaju",
            "kepala_nama": "Ahmad Suryana",  # fictional, like the kabupaten
            "kepala_jabatan": "",
        },
    )
    konteks = KonteksDemo(
        pemda=pemda,
        pemda_lain=lain,
        hari_ini=hari_ini_demo(hari_ini),
        pd=_pd_untuk(pemda, PD_TANGSEL),
        pd_lain=_pd_untuk(lain, PD_SUKAMAJU),
    )
    _pengguna(pemda, konteks.pd)
    _profil_instansi(pemda, konteks.pd["1.02.01"])
    return konteks


# Chapter I of the Dinkes and city LKjIP (issue 14): written by their users through the one service. The task
# and functions paraphrase the Perwal on Dinkes' duties; structure and staff figures are "contoh".
_PROFIL_DINKES = {
    "tugas_pokok": "Membantu Wali Kota melaksanakan urusan pemerintahan bidang kesehatan yang menjadi kewenangan "
    "daerah dan tugas pembantuan.",
    "fungsi": "Perumusan kebijakan bidang kesehatan\nPelaksanaan kebijakan bidang kesehatan\n"
    "Evaluasi dan pelaporan bidang kesehatan\nPelaksanaan administrasi dinas",
    "struktur": "Kepala Dinas Kesehatan\n  Sekretariat\n    Subbagian Umum dan Kepegawaian\n    Subbagian Keuangan\n"
    "  Bidang Kesehatan Masyarakat\n  Bidang Pencegahan dan Pengendalian Penyakit\n  Bidang Pelayanan Kesehatan\n"
    "  Bidang Sumber Daya Kesehatan\n  UPTD Puskesmas (contoh: 29 unit)",
    "isu_strategis": "Prevalensi stunting belum turun sesuai target\nAngka kematian ibu dan bayi\n"
    "Pemerataan mutu layanan puskesmas",
    "golongan_0": "3", "golongan_1": "212", "golongan_2": "846", "golongan_3": "97", "golongan_4": "405",
    "pendidikan_0": "2", "pendidikan_1": "6", "pendidikan_2": "188", "pendidikan_3": "512", "pendidikan_4": "701",
    "pendidikan_5": "143", "pendidikan_6": "11",
}  # fmt: skip
_PROFIL_KOTA = {
    "tugas_pokok": "Penyelenggaraan urusan pemerintahan yang menjadi kewenangan Kota Tangerang Selatan.",
    "struktur": "Wali Kota\n  Wakil Wali Kota\n  Sekretariat Daerah\n  Inspektorat\n  Dinas Daerah\n  Badan Daerah\n"
    "  Kecamatan",
    "isu_strategis": "Penurunan stunting dan kemiskinan\nKualitas pendidikan dasar\nPengelolaan sampah dan banjir",
}


def _profil_instansi(pemda: Pemda, dinkes: PerangkatDaerah) -> None:
    """The demo's profiles, once (a profile edited by hand is left as it is)."""
    from .profil_instansi import profil_instansi_simpan, profil_untuk

    User = get_user_model()
    for pd, username, isi in ((dinkes, "operator.dinkes", _PROFIL_DINKES), (None, "organisasi", _PROFIL_KOTA)):
        if profil_untuk(pemda=pemda, perangkat_daerah=pd) is None:
            oleh = User.objects.get(username=username)
            profil_instansi_simpan(pemda=pemda, perangkat_daerah=pd, oleh=oleh, nilai=isi, versi=None)


def hapus() -> None:
    """Remove the demo pemda, their PD, and the demo users."""
    get_user_model().objects.filter(username__in=[u[0] for u in PENGGUNA_DEMO]).delete()
    pemda = Pemda.objects.filter(kode__in=[KODE_PEMDA_DEMO, KODE_PEMDA_LAIN])
    Profil.objects.filter(pemda__in=pemda).delete()
    ProfilInstansi.objects.filter(pemda__in=pemda).delete()
    PerangkatDaerah.objects.filter(pemda__in=pemda).delete()
    pemda.delete()
