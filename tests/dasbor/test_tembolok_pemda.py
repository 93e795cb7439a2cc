"""The dashboards' fingerprint is per pemda (issue 18): a write in another pemda leaves a pemda's cached pages
alone, a write in the pemda replaces them, and the whole cached page is only ever served to its own user,
scope and pemda, with the request's own CSRF token."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from dasbor import tembolok
from evaluasi import services as ev_services
from evaluasi.models import Evaluasi, HasilEvaluasi, Instrumen, Rekomendasi
from kinerja.models import Indikator, Sasaran
from kinerja.models_anggaran import AnggaranSubKegiatan
from perangkat_daerah.access import Peran
from perangkat_daerah.models import PerangkatDaerah, Profil, Riwayat
from perangkat_daerah.services import potret, riwayat_catat
from tests.dasbor.data import isi_kota
from tests.evaluasi.factories import instrumen_b
from tests.factories import buat_pd


def _riwayat(pemda, oleh) -> None:
    """A service's (or an import's, or the admin's) write: one history row of the pemda."""
    pd = PerangkatDaerah.objects.filter(pemda=pemda).first()
    riwayat_catat(obj=pd, pemda_id=pemda.pk, aksi="admin.ubah", oleh=oleh, sebelum=potret(pd), sesudah=potret(pd))


def _pd_nonaktif(pemda, oleh) -> None:
    pd = PerangkatDaerah.objects.filter(pemda=pemda, aktif=True).order_by("-pk").first()
    PerangkatDaerah.objects.filter(pk=pd.pk).update(aktif=False)


def _pd_baru(pemda, oleh) -> None:
    PerangkatDaerah.objects.bulk_create([PerangkatDaerah(pemda=pemda, kode=f"8.{pemda.pk}.01", nama="Dinas Baru",
                                                         singkatan="DB", jenis="dinas")])  # fmt: skip


def _evaluasi_baru(pemda, oleh) -> None:
    """A result loaded in bulk for a new PD (its evaluation row moves the pemda's highest evaluation id)."""
    pd = buat_pd(pemda, nama="Dinas Hasil")
    e = Evaluasi.objects.create(instrumen=instrumen_b(), pemda=pemda, perangkat_daerah=pd, tahun=2024,
                                jenis="internal", status="final")  # fmt: skip
    HasilEvaluasi.objects.bulk_create([HasilEvaluasi(evaluasi=e, total=Decimal("75.00"), predikat="BB",
                                       predikat_nama="Sangat Baik", instrumen_kode="x", instrumen_versi=1,
                                       skala_predikat_versi="v")])  # fmt: skip


def _rekomendasi_baru(pemda, oleh) -> None:
    e = Evaluasi.objects.filter(pemda=pemda).exclude(perangkat_daerah=None).first()
    Rekomendasi.objects.bulk_create([Rekomendasi(pemda=pemda, evaluasi=e, perangkat_daerah=e.perangkat_daerah,
                                                 uraian="Rbaru", status="belum",
                                                 batas_waktu=datetime.date(2024, 2, 1))])  # fmt: skip


def _sasaran_indikator_baru(pemda, oleh) -> None:
    s = Sasaran.objects.create(pemda=pemda, kode=f"KB{pemda.pk}", uraian="Sasaran baru")
    Indikator.objects.bulk_create([Indikator(sasaran=s, pemda=pemda, kode=f"IB{pemda.pk}", uraian="Indeks baru",
                                             satuan="indeks", iku=True)])  # fmt: skip


def _anggaran_baru(pemda, oleh) -> None:
    s = Sasaran.objects.create(pemda=pemda, kode=f"SK{pemda.pk}", uraian="Sub kegiatan")
    AnggaranSubKegiatan.objects.bulk_create([AnggaranSubKegiatan(sasaran=s, pemda=pemda, tahun=2024,
                                                                 pagu=Decimal(100))])  # fmt: skip


def _instrumen_sendiri(pemda, oleh) -> None:
    """A change of the pemda's own instrument (its adaptation of a national one)."""
    Instrumen.objects.filter(pemda=pemda).update(diubah_pada=timezone.now() + datetime.timedelta(seconds=5))


def _hasil_resmi(pemda, oleh) -> None:
    """A real service write: the official result recorded (history row, new evaluation)."""
    komponen = {"1": Decimal("22.00"), "2": Decimal("21.00"), "3": Decimal("10.50"), "4": Decimal("17.00")}
    ev_services.hasil_resmi_catat(oleh=oleh, tahun=2025, total=Decimal("70.50"), predikat="BB",
                                  nilai_komponen=komponen)  # fmt: skip


TULIS = {
    "riwayat": _riwayat,
    "pd_nonaktif": _pd_nonaktif,
    "pd_baru": _pd_baru,
    "evaluasi": _evaluasi_baru,
    "rekomendasi": _rekomendasi_baru,
    "sasaran_indikator": _sasaran_indikator_baru,
    "anggaran": _anggaran_baru,
    "instrumen": _instrumen_sendiri,
}


def _instrumen_salinan(pemda) -> None:
    ins = instrumen_b()
    ins.pk, ins.pemda, ins.versi = None, pemda, 90 + pemda.pk % 9
    ins.save()


def _sidik(pemda) -> str:
    return tembolok.penanda(pemda_id=pemda.pk)[0]


@pytest.mark.parametrize("jenis", list(TULIS))
def test_a_write_in_another_pemda_leaves_the_fingerprint_and_one_in_the_pemda_moves_it(pemeran, jenis):
    a, b = pemeran.pemda, pemeran.pemda_lain
    isi_kota(a, [pemeran.pd_a, pemeran.pd_b])
    isi_kota(b, [pemeran.pd_lain], resmi=False)
    _instrumen_salinan(a), _instrumen_salinan(b)
    awal_a, awal_b = _sidik(a), _sidik(b)
    assert tembolok.penanda_pengguna(pemeran.pimpinan).sidik == awal_a  # the user's query: the same fingerprint

    TULIS[jenis](b, pemeran.admin)
    assert _sidik(a) == awal_a
    assert _sidik(b) != awal_b

    TULIS[jenis](a, pemeran.admin)
    assert _sidik(a) != awal_a


def test_a_national_instrument_change_moves_every_pemda(pemeran):
    awal = (_sidik(pemeran.pemda), _sidik(pemeran.pemda_lain))
    Instrumen.objects.filter(pk=instrumen_b().pk).update(diubah_pada=timezone.now() + datetime.timedelta(seconds=5))
    baru = (_sidik(pemeran.pemda), _sidik(pemeran.pemda_lain))
    assert baru[0] != awal[0] and baru[1] != awal[1]


TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]+)')


def _halaman(c: Client, url: str) -> str:
    r = c.get(url)
    assert r.status_code == 200
    html = r.content.decode()
    assert tembolok.TOKEN_SEMENTARA not in html
    assert len({m.group(2) for m in TOKEN.finditer(html)}) == 1  # one token, in the form, logout and htmx header
    return TOKEN.sub(r"\1-", html)


@pytest.mark.parametrize("jenis", [*TULIS, "hasil_resmi"])
def test_the_cached_page_is_the_fresh_page_after_each_kind_of_write(pemeran, kota, jenis):
    _instrumen_salinan(pemeran.pemda)
    klien = {}
    for user, url in ((pemeran.pimpinan, "/dasbor/pimpinan/"), (pemeran.organisasi, "/dasbor/organisasi/")):
        klien[url] = Client()
        klien[url].force_login(user)
        _halaman(klien[url], url)  # cached
    TULIS.get(jenis, _hasil_resmi)(pemeran.pemda, pemeran.organisasi)
    tembolok_ = {url: _halaman(c, url) for url, c in klien.items()}  # a changed fingerprint: built again
    tembolok_lagi = {url: _halaman(c, url) for url, c in klien.items()}  # served from the cache
    cache.clear()
    segar = {url: _halaman(c, url) for url, c in klien.items()}
    assert tembolok_ == tembolok_lagi == segar


def test_the_served_token_is_the_clients_own(pemeran, kota):
    c = Client(enforce_csrf_checks=True)
    c.force_login(pemeran.pimpinan)
    c.get("/dasbor/pimpinan/")
    html = c.get("/dasbor/pimpinan/").content.decode()  # a cache hit
    token = TOKEN.search(html).group(2)
    r = c.post("/tahun/", {"tahun": 2023, "next": "/dasbor/pimpinan/", "csrfmiddlewaretoken": token})
    assert r.status_code == 302


def _nama_pemda(html: str) -> str:
    return re.search(r'<span class="merek-teks"><strong>SAKIP Kota</strong><span>([^<]+)</span>', html).group(1)


def test_a_cached_page_is_never_served_to_another_pemda_role_or_user(pemeran, kota):
    isi_kota(pemeran.pemda_lain, [pemeran.pd_lain], resmi=False)
    dilihat = {}
    for user in (pemeran.pimpinan, pemeran.organisasi, pemeran.pimpinan_lain, pemeran.pimpinan):
        c = Client()
        c.force_login(user)
        html = c.get("/dasbor/pimpinan/").content.decode()
        dilihat[user.username] = html
        assert _nama_pemda(html) == Profil.objects.get(user=user).pemda.nama
        assert f">{user.username}</a>" in html
    assert "Bagian Organisasi" in dilihat[pemeran.organisasi.username]
    assert "Bagian Organisasi" not in dilihat[pemeran.pimpinan.username]
    for user in (pemeran.operator_a, pemeran.inspektorat, pemeran.operator_lain):
        c = Client()
        c.force_login(user)
        assert c.get("/dasbor/pimpinan/").status_code == 403


def test_a_changed_role_or_pemda_takes_effect_on_the_next_cached_request(pemeran, kota):
    isi_kota(pemeran.pemda_lain, [pemeran.pd_lain], resmi=False)
    c = Client()
    c.force_login(pemeran.pimpinan)
    assert _nama_pemda(c.get("/dasbor/pimpinan/").content.decode()) == pemeran.pemda.nama
    Profil.objects.filter(user=pemeran.pimpinan).update(pemda=pemeran.pemda_lain)
    assert _nama_pemda(c.get("/dasbor/pimpinan/").content.decode()) == pemeran.pemda_lain.nama
    Profil.objects.filter(user=pemeran.pimpinan).update(peran=Peran.OPERATOR_PD, perangkat_daerah=pemeran.pd_lain)
    assert c.get("/dasbor/pimpinan/").status_code == 403


def test_a_history_row_committed_after_a_newer_one_moves_the_fingerprint(pemeran):
    """A service's history id is taken when it writes and seen when its transaction commits: one that commits
    after a newer row's moves the fingerprint all the same (`sakip.lib.kueri.riwayat_terbaru`; the highest id
    alone stayed put, and the dashboard read in between was served stale until the next write)."""
    a = pemeran.pemda
    isi_kota(a, [pemeran.pd_a, pemeran.pd_b])
    for _ in range(2):
        _riwayat(a, pemeran.admin)
    telat, terbaru = Riwayat.objects.filter(pemda=a).order_by("-pk")[1], Riwayat.objects.filter(pemda=a).latest("pk")
    Riwayat.objects.filter(pk=telat.pk).delete()  # written, not yet committed: no reader sees it
    sidik = lambda: (_sidik(a), tembolok.penanda_pengguna(pemeran.pimpinan).sidik, tembolok.penanda_semua())  # noqa: E731
    sebelum = sidik()
    Riwayat.objects.bulk_create([telat])  # its commit, below the newest row
    assert Riwayat.objects.filter(pemda=a).latest("pk") == terbaru
    sesudah = sidik()
    assert [x != y for x, y in zip(sesudah, sebelum, strict=True)] == [True, True, True]  # pemda, user, install
