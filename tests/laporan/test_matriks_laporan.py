"""The report jobs' access matrix: every kind of job × every role × own PD, another PD and another pemda.

The kinds come from the registry (laporan/jenis.py), so a new kind is in the matrix as soon as it is
registered: one job per PD-level and city-level kind, and one per evaluation variant for each kind made from
an evaluation. A job is visible exactly when its source is: a PD's LKjIP or PK to that PD and the city roles;
the city's LKjIP to the city roles; an LKE workbook to whoever may see its evaluation (a PD sees the
Inspektorat's internal evaluation only once it is final). Visible means 200 on every page and API address of
the job and present in both lists; invisible means 404 everywhere, absent from both lists, and a POST changes
nothing. Requesting: each kind × role × own PD, another PD and another pemda, through the page and the API.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from evaluasi.models import Evaluasi
from laporan import jenis as jenis_laporan
from laporan.jenis import Lingkup
from laporan.models import Laporan
from tests.evaluasi.factories import instrumen_b

pytestmark = pytest.mark.django_db
TAHUN = 2024
PDF = b"%PDF-1.4\n% uji\n"
PERAN_PD = ["operator_a", "kepala_a"]
PERAN_KOTA = ["organisasi", "inspektorat", "pimpinan", "admin"]
PERAN_LAIN = ["operator_lain", "pimpinan_lain"]
# the evaluation variants of an evaluation's export: (label, evaluation kind, status, year[, status when made];
# one evaluation per PD, year and kind)
VARIAN_EVALUASI = [
    ("internal_draf", ("internal", "draf", TAHUN)),
    ("internal_dinilai", ("internal", "dinilai", TAHUN - 1)),
    ("internal_final", ("internal", "final", TAHUN - 2)),
    # made from the draft, the evaluation final since: the file still holds the draft (4th: state when made)
    ("internal_final_dari_draf", ("internal", "final", TAHUN - 3, "dinilai")),
    ("mandiri_draf", ("mandiri", "draf", TAHUN)),
    ("kota_mandiri", ("mandiri", "draf", TAHUN)),  # the city's own self-assessment: no PD
]


def _sumber() -> list[tuple[str, str, tuple | None, bool]]:
    """(label, kind code, evaluation or None, whether it is the city's) for every registered kind."""
    hasil = []
    for jenis in jenis_laporan.semua():
        if jenis.lingkup is Lingkup.EVALUASI:
            hasil += [(f"{jenis.kode}_{v}", jenis.kode, e, v.startswith("kota")) for v, e in VARIAN_EVALUASI]
        else:
            hasil.append((jenis.kode, jenis.kode, None, jenis.lingkup is Lingkup.KOTA))
    return hasil


SUMBER = _sumber()
SEMUA_TAHUN = (TAHUN - 3, TAHUN - 2, TAHUN - 1, TAHUN)


@dataclass(frozen=True)
class Kasus:
    """One job: its label, whose it is (PD A, PD B or another pemda) and the row."""

    label: str
    pemilik: str
    laporan: Laporan
    evaluasi: Evaluasi | None


def _pekerjaan(pemda, pd, label, jenis, sumber, kota, pemilik) -> Kasus:
    pd_laporan = None if kota else pd
    evaluasi, tahun = None, TAHUN
    if sumber is not None:
        # one evaluation per PD, year and kind, shared by every kind made from an evaluation (LKE, LHE)
        evaluasi, _ = Evaluasi.objects.get_or_create(
            tahun=sumber[2], pemda=pemda, perangkat_daerah=pd_laporan, jenis=sumber[0],
            defaults={"instrumen": instrumen_b(), "status": sumber[1]},
        )  # fmt: skip
        tahun = evaluasi.tahun
    lap = Laporan.objects.create(
        pemda=pemda, perangkat_daerah=pd_laporan, jenis=jenis, tahun=tahun, status=Laporan.Status.SELESAI,
        evaluasi_id=evaluasi.pk if evaluasi else None, nama_berkas=f"{label}.pdf",
        status_sumber=(sumber[3] if len(sumber) > 3 else sumber[1]) if sumber else "",
    )  # fmt: skip
    lap.berkas.save(f"{label}.pdf", ContentFile(PDF))
    return Kasus(label, pemilik, lap, evaluasi)


@pytest.fixture
def kasus(pemeran) -> list[Kasus]:
    hasil = []
    for pemilik, pemda, pd in (
        ("pd_a", pemeran.pemda, pemeran.pd_a),
        ("pd_b", pemeran.pemda, pemeran.pd_b),
        ("lain", pemeran.pemda_lain, pemeran.pd_lain),
    ):
        for label, jenis, sumber, kota in SUMBER:
            if pemilik == "pd_b" and kota:
                continue  # city rows belong to no PD: one per pemda is enough
            hasil.append(_pekerjaan(pemda, pd, label, jenis, sumber, kota, pemilik))
    return hasil


# each role's pemda and, for PD-bound roles, its PD (the keys of Kasus.pemilik)
LINGKUP = {"operator_a": ("kota", "pd_a"), "kepala_a": ("kota", "pd_a"), "operator_lain": ("lain", "lain")}
LINGKUP |= dict.fromkeys(PERAN_KOTA, ("kota", None)) | {"pimpinan_lain": ("lain", None)}


def _harus_terlihat(peran: str, k: Kasus) -> bool:
    """The rule, stated independently of the code under test."""
    pemda, pd = LINGKUP[peran]
    if pemda != ("lain" if k.pemilik == "lain" else "kota"):
        return False
    if pd is None:
        return True
    if k.pemilik != pd or k.laporan.perangkat_daerah_id is None:
        return False
    if k.evaluasi is None or k.evaluasi.jenis != "internal":
        return True
    # the Inspektorat's evaluation, to its PD only once final, and only a file made from the final state
    return k.evaluasi.status == "final" and k.laporan.status_sumber == "final"


def _alamat(pk: int) -> list[str]:
    return [
        f"/laporan/{pk}/",
        f"/laporan/{pk}/status/",
        f"/laporan/{pk}/unduh/",
        f"/api/v1/laporan/{pk}/",
        f"/api/v1/laporan/{pk}/unduh/",
    ]


def test_every_kind_of_job_is_in_the_matrix():
    assert {jenis for _, jenis, _, _ in SUMBER} == set(Laporan.Jenis.values) == {j.kode for j in jenis_laporan.semua()}


def _klien(user, tahun: int = TAHUN) -> APIClient:
    klien = APIClient()
    klien.force_login(user)  # one session serves the pages and the API
    klien.post("/tahun/", {"tahun": str(tahun), "next": "/"})
    return klien


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA + PERAN_LAIN)
def test_a_job_is_visible_exactly_when_its_source_is(pemeran, kasus, peran):
    klien = _klien(getattr(pemeran, peran))
    salah = []
    for k in kasus:
        harap = 200 if _harus_terlihat(peran, k) else 404
        for url in _alamat(k.laporan.pk):
            kode = klien.get(url).status_code
            if kode != harap:
                salah.append((k.pemilik, k.label, url, kode, harap))
    assert salah == []


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA + PERAN_LAIN)
def test_lists_show_exactly_the_visible_jobs(pemeran, kasus, peran):
    harap = {k.laporan.pk for k in kasus if _harus_terlihat(peran, k)}
    di_api, di_halaman = set(), set()
    for tahun in SEMUA_TAHUN:
        klien = _klien(getattr(pemeran, peran), tahun)
        api = klien.get(f"/api/v1/laporan/?tahun={tahun}&page_size=1000").json()["results"]
        di_api |= {r["id"] for r in api}
        html = klien.get(f"/laporan/?tahun={tahun}").content.decode()
        di_halaman |= {k.laporan.pk for k in kasus if f'href="/laporan/{k.laporan.pk}/' in html}
    assert di_api == harap
    assert di_halaman == harap


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA + PERAN_LAIN)
def test_invisible_jobs_cannot_be_retried(pemeran, kasus, peran, settings):
    settings.SAKIP_BATAS_LAJU = {**settings.SAKIP_BATAS_LAJU, "laporan": "10000/h", "laporan_pemda": "10000/h"}
    klien = _klien(getattr(pemeran, peran))
    for k in kasus:
        if _harus_terlihat(peran, k):
            continue
        Laporan.objects.filter(pk=k.laporan.pk).update(status=Laporan.Status.GAGAL)
        for url in (f"/laporan/{k.laporan.pk}/ulangi/", f"/api/v1/laporan/{k.laporan.pk}/ulangi/"):
            assert klien.post(url).status_code == 404, (k.pemilik, k.label, url)
        assert Laporan.objects.get(pk=k.laporan.pk).status == Laporan.Status.GAGAL


def test_pd_operator_does_not_get_the_inspektorats_draft_workbook(pemeran, kasus):
    """The reported case: the Inspektorat's LKE of PD A's draft internal evaluation."""
    draf = next(k for k in kasus if k.pemilik == "pd_a" and k.label == "lke_xlsx_internal_draf")
    klien = _klien(pemeran.operator_a)
    assert klien.get(f"/api/v1/laporan/{draf.laporan.pk}/unduh/").status_code == 404
    ids = {r["id"] for r in klien.get("/api/v1/laporan/?page_size=1000").json()["results"]}
    assert draf.laporan.pk not in ids
    Evaluasi.objects.filter(pk=draf.evaluasi.pk).update(status="final")
    # Final now, but this file still holds the draft answers and notes: it stays hidden from the PD ...
    assert klien.get(f"/api/v1/laporan/{draf.laporan.pk}/unduh/").status_code == 404
    # ... while a workbook made from the final evaluation is theirs to download.
    from laporan import services

    baru = services.laporan_minta(user=pemeran.operator_a, jenis=Laporan.Jenis.LKE_XLSX, tahun=TAHUN,
                                  evaluasi_id=draf.evaluasi.pk)  # fmt: skip
    assert baru.pk != draf.laporan.pk and baru.status_sumber == "final"
    assert klien.get(f"/api/v1/laporan/{baru.pk}/").status_code == 200


# Requesting, stated independently of the code under test: who may ask for a PD's or the city's document.
PERAN_MINTA = {"operator_a", "kepala_a", "organisasi", "admin", "operator_lain"}
# read-only prints (the performance tree, the action plans' monev): whoever may see the PD, or the city roles for
# the city's
PERAN_CETAK = set(LINGKUP)
JENIS_CETAK = {
    "pohon_kota",
    "pohon_pd",
    "monev_renaksi_kota",
    "monev_renaksi_pd",
    "renaksi_kota_docx",
    "renaksi_pd_docx",
}  # the monev's Word copies: as its PDF


def _sumber_ditolak(jenis, evaluasi: Evaluasi | None) -> bool:
    """An evaluation the kind is not made from, refused at request time (a 400 with the reason): the LHE is
    printed only from an internal evaluation that is scored or final (laporan/lhe.py)."""
    return jenis.kode == "lhe" and not (evaluasi.jenis == "internal" and evaluasi.status in ("dinilai", "final"))


def _harus_terlihat_sumber(peran: str, pemilik: str, evaluasi: Evaluasi) -> bool:
    kasus_ev = Kasus("", pemilik, Laporan(perangkat_daerah_id=evaluasi.perangkat_daerah_id,
                                           status_sumber=evaluasi.status), evaluasi)  # fmt: skip
    return _harus_terlihat(peran, kasus_ev)


def _harus_boleh_minta(peran: str, jenis, pemilik: str, evaluasi: Evaluasi | None) -> bool:
    pemda, pd = LINGKUP[peran]
    lingkup = jenis.lingkup
    if lingkup is Lingkup.EVALUASI:  # a read-only export: whoever may see the evaluation
        return _harus_terlihat_sumber(peran, pemilik, evaluasi) and not _sumber_ditolak(jenis, evaluasi)
    if peran not in (PERAN_CETAK if jenis.kode in JENIS_CETAK else PERAN_MINTA):
        return False
    if lingkup is Lingkup.KOTA:  # the requester's own city
        return pd is None
    if pemda != ("lain" if pemilik == "lain" else "kota"):
        return False
    return pd is None or pd == pemilik


def _permintaan(pemeran, kasus) -> list[tuple[str, object, str, dict]]:
    """(kind, its lingkup, whose, request data) for every registered kind and every owner."""
    pd_pemilik = {"pd_a": pemeran.pd_a, "pd_b": pemeran.pd_b, "lain": pemeran.pd_lain}
    hasil = []
    for jenis in jenis_laporan.semua():
        if jenis.lingkup is Lingkup.EVALUASI:
            hasil += [(jenis, k.pemilik, {"jenis": jenis.kode, "evaluasi": k.evaluasi.pk}, k.evaluasi)
                      for k in kasus if k.evaluasi is not None and k.laporan.jenis == jenis.kode]  # fmt: skip
        elif jenis.lingkup is Lingkup.KOTA:
            hasil.append((jenis, "kota", {"jenis": jenis.kode}, None))
        else:
            hasil += [
                (jenis, p, {"jenis": jenis.kode, "perangkat_daerah": pd.pk}, None) for p, pd in pd_pemilik.items()
            ]
    # a quarter's document (Monev Renaksi) names its quarter
    return [(j, p, {**d, "triwulan": 2} if j.per_triwulan else d, e) for j, p, d, e in hasil]


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA + PERAN_LAIN)
def test_a_kind_is_requested_exactly_by_whoever_may(pemeran, kasus, peran, settings):
    settings.SAKIP_BATAS_LAJU = {**settings.SAKIP_BATAS_LAJU, "laporan": "10000/h", "laporan_pemda": "10000/h"}
    klien = _klien(getattr(pemeran, peran), TAHUN)
    salah = []
    for jenis, pemilik, data, evaluasi in _permintaan(pemeran, kasus):
        harap = _harus_boleh_minta(peran, jenis, pemilik, evaluasi)
        Laporan.objects.filter(status=Laporan.Status.ANTRI).delete()  # each request makes a new job
        halaman = klien.post(f"/laporan/buat/?tahun={TAHUN}", {**data, "konfirmasi": "1"}).status_code
        api = klien.post("/api/v1/laporan/", {**data, "tahun": TAHUN, "konfirmasi": True}, format="json").status_code
        baru = Laporan.objects.filter(status=Laporan.Status.ANTRI).count()
        dapat = (halaman == 302, api in (200, 202), baru == 1)
        if dapat != (harap, harap, harap):
            salah.append((jenis.kode, pemilik, data, halaman, api, baru, harap))
        if not harap and evaluasi is not None and _harus_terlihat_sumber(peran, pemilik, evaluasi):
            assert (halaman, api) == (400, 400), (jenis.kode, pemilik, halaman, api)  # seen, but not printable
        elif not harap:
            assert halaman in (403, 404) and api in (403, 404), (jenis.kode, pemilik, halaman, api)
    assert salah == []
