"""A counted revision is no edit of the document (kinerja/services/rencana.revisi_catat): revising a node of
a final RPJMD or Renstra counts one revision on the document, with its history row, but leaves the document's
`versi` alone, so a form open on the document (the RPJMD's visi/misi) is not refused as stale."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kinerja.models import DokumenRencana
from kinerja.services import dokumen_rencana as layanan
from kinerja.services.simpul import simpul_ubah
from perangkat_daerah.services import riwayat_untuk
from tests.kinerja.test_dokumen_rencana import buat_rencana

pytestmark = pytest.mark.django_db


@pytest.fixture
def rencana(pemeran):
    r = buat_rencana(pemeran)
    layanan.periode_tetapkan(periode=r.periode, oleh=pemeran.organisasi, versi=r.periode.versi)
    r.periode.refresh_from_db()
    return r


def _revisi_simpul(sasaran, oleh, uraian: str) -> None:
    sasaran.refresh_from_db()
    nilai = {"kode": sasaran.kode, "uraian": uraian, "induk": str(sasaran.induk_id or ""),
             "tingkat": str(sasaran.tingkat_id), "periode": str(sasaran.periode_id)}  # fmt: skip
    simpul_ubah(sasaran=sasaran, oleh=oleh, nilai=nilai, versi=sasaran.versi, alasan="Perda 2/2024")


def test_visi_misi_opened_before_a_node_revision_is_saved(client, pemeran, rencana):
    url = reverse("perencanaan:rpjmd_ubah", kwargs={"periode_id": rencana.periode.pk})
    client.force_login(pemeran.organisasi)
    versi = re.search(r'name="versi" value="(\d+)"', client.get(url).content.decode())[1]  # the form is open
    _revisi_simpul(rencana.sasaran_kota, pemeran.organisasi, "Sasaran kota direvisi")
    rencana.periode.refresh_from_db()
    assert rencana.periode.revisi == 1  # counted, with its history row
    r = riwayat_untuk(rencana.periode).first()
    assert (r.aksi, r.sebelum, r.sesudah, r.catatan) == ("rpjmd.revisi", {"revisi": 0}, {"revisi": 1}, "Perda 2/2024")
    resp = client.post(url, {"visi": "Visi perubahan", "misi": "M1", "versi": versi, "alasan": "Perubahan visi"})
    assert resp.status_code == 302
    rencana.periode.refresh_from_db()
    assert (rencana.periode.visi, rencana.periode.revisi) == ("Visi perubahan", 2)  # its own revision too
    assert rencana.periode.versi == int(versi) + 1


def test_a_visi_misi_edit_since_the_form_was_opened_is_still_refused(client, pemeran, rencana):
    url = reverse("perencanaan:rpjmd_ubah", kwargs={"periode_id": rencana.periode.pk})
    client.force_login(pemeran.organisasi)
    versi = rencana.periode.versi
    dulu = {"visi": "Orang lain", "misi": "M", "versi": versi, "alasan": "A"}
    assert client.post(url, dulu).status_code == 302
    basi = client.post(url, {"visi": "Saya", "misi": "M", "versi": versi, "alasan": "B"})
    assert basi.status_code == 409
    rencana.periode.refresh_from_db()
    assert rencana.periode.visi == "Orang lain"


def test_a_pd_node_revision_leaves_the_renstras_version(pemeran, rencana):
    renstra = DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                            status="final")  # fmt: skip
    _revisi_simpul(rencana.program, pemeran.operator_a, "Program direvisi")
    renstra.refresh_from_db()
    assert (renstra.revisi, renstra.versi) == (1, 1)
    assert riwayat_untuk(renstra).get().aksi == "renstra.revisi"


def test_the_target_import_counts_a_pks_revisions_through_the_one_count(pemeran):
    """Each revised target of a set PK: one revision by `revisi_catat` (history row with its reason, the PK's
    versi left), numbered in its RevisiPK, after a revision made on the PK page."""
    import io

    import openpyxl

    from kinerja import impor, services
    from kinerja.models import PerjanjianKinerja, RevisiPK
    from tests.kinerja.factories import buat_indikator, buat_target

    a, b = buat_indikator(pemeran.pd_a, kode="T-A"), buat_indikator(pemeran.pd_a, kode="T-B")
    buat_target(a, 2025, nilai=80)
    buat_target(b, 2025, nilai=50)
    pk = services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    services.target_revisi(indikator=a, tahun=2025, alasan="Di halaman PK", oleh=pemeran.kepala_a, nilai=81)
    pk = PerjanjianKinerja.objects.get(pk=pk.pk)
    buku = openpyxl.load_workbook(io.BytesIO(impor.templat_target(user=pemeran.organisasi, tahun_awal=2025,
                                                                  tahun_akhir=2025)))  # fmt: skip
    lembar = buku["Target"]
    for r in range(5, lembar.max_row + 1):
        kode = lembar.cell(row=r, column=1).value
        lembar.cell(row=r, column=5, value={"T-A": 82, "T-B": 55}[kode])
        lembar.cell(row=r, column=12, value=f"Impor {kode}")
    keluar = io.BytesIO()
    buku.save(keluar)
    assert impor.impor_target(data=keluar.getvalue(), oleh=pemeran.organisasi).galat == []
    baru = PerjanjianKinerja.objects.get(pk=pk.pk)
    assert (baru.revisi, baru.versi) == (3, pk.versi)
    assert sorted(RevisiPK.objects.values_list("nomor", "alasan")) == [
        (1, "Di halaman PK"), (2, "Impor T-A"), (3, "Impor T-B"),
    ]  # fmt: skip
    catatan = [r.catatan for r in riwayat_untuk(baru).filter(aksi="pk.revisi").order_by("pk")]
    assert catatan == ["Di halaman PK", "Impor T-A", "Impor T-B"]
