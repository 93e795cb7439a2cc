"""Issue 17 point 3: the verifier verifies all the remaining submitted rows of a PD-quarter at once (after
looking at them: the versions on the page), or returns several with one note; all or nothing, a history
entry per row, and the page keeps its place."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja import services
from kinerja.models import Realisasi
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk
from tests.factories import Peran, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_target

pytestmark = pytest.mark.django_db


def _ajukan(pemeran, ind, nilai="80"):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai=nilai)
    return services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)


@pytest.fixture
def tiga(pemeran, ind):
    hasil = [_ajukan(pemeran, ind)]
    for kode in ("IK-A2", "IK-A3"):
        lain = buat_indikator(pemeran.pd_a, kode=kode)
        buat_target(lain, 2025, nilai=10)
        hasil.append(_ajukan(pemeran, lain, "9"))
    return hasil


def _url(pemeran):
    return f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/"


def _versi(rows):
    return {f"versi-{r.indikator_id}": r.versi for r in rows}


def _status(rows):
    return [Realisasi.objects.get(pk=r.pk).status for r in rows]


def test_service_verifies_all_with_a_history_entry_each(pemeran, tiga):
    n = services.realisasi_putuskan_banyak(
        butir=[(r, r.versi) for r in tiga], keputusan="verifikasi", oleh=pemeran.organisasi
    )
    assert n == 3 and _status(tiga) == [Realisasi.Status.DIVERIFIKASI] * 3
    for r in tiga:
        assert riwayat_untuk(r).first().aksi == "realisasi.verifikasi"


def test_service_is_all_or_nothing(pemeran, tiga):
    with pytest.raises(VersiKedaluwarsa):
        services.realisasi_putuskan_banyak(
            butir=[(tiga[0], tiga[0].versi), (tiga[1], tiga[1].versi - 1)], keputusan="verifikasi",
            oleh=pemeran.organisasi,
        )  # fmt: skip
    assert _status(tiga) == [Realisasi.Status.DIAJUKAN] * 3


def test_service_return_needs_the_one_note(pemeran, tiga):
    with pytest.raises(ValidationError, match="Tuliskan catatan"):
        services.realisasi_putuskan_banyak(
            butir=[(tiga[0], tiga[0].versi)], keputusan="kembalikan", oleh=pemeran.organisasi
        )
    assert _status(tiga)[0] == Realisasi.Status.DIAJUKAN


def test_page_offers_verify_all_with_the_count(client, pemeran, tiga):
    client.force_login(pemeran.organisasi)
    html = client.get(_url(pemeran)).content.decode()
    assert "Verifikasi semua (3)" in html
    assert "3 indikator yang masih diajukan dan tampil di halaman ini akan diverifikasi" in html
    assert f'id="baris-{tiga[0].indikator_id}"' in html


def test_page_verifies_all_the_rows_looked_at_then_goes_to_the_inbox(client, pemeran, tiga):
    client.force_login(pemeran.organisasi)
    resp = client.post(_url(pemeran), {"aksi": "verifikasi_semua", **_versi(tiga)})
    assert resp.status_code == 302 and resp.url == "/kinerja/verifikasi/"
    assert _status(tiga) == [Realisasi.Status.DIVERIFIKASI] * 3


def test_verify_all_leaves_a_row_not_on_the_page_and_keeps_the_place(client, pemeran, tiga):
    client.force_login(pemeran.organisasi)
    resp = client.post(_url(pemeran), {"aksi": "verifikasi_semua", **_versi(tiga[:2])})
    assert resp.status_code == 302 and resp.url == f"{_url(pemeran)}#baris-{tiga[0].indikator_id}"
    assert _status(tiga) == [Realisasi.Status.DIVERIFIKASI] * 2 + [Realisasi.Status.DIAJUKAN]


def test_page_returns_the_ticked_rows_with_one_note(client, pemeran, tiga):
    client.force_login(pemeran.organisasi)
    data = {"aksi": "kembalikan_terpilih", "pilih": [tiga[1].indikator_id, tiga[2].indikator_id],
            "catatan_bersama": "Lampirkan SK", **_versi(tiga)}  # fmt: skip
    resp = client.post(_url(pemeran), data)
    assert resp.status_code == 302 and resp.url == f"{_url(pemeran)}#baris-{tiga[1].indikator_id}"
    assert _status(tiga) == [Realisasi.Status.DIAJUKAN] + [Realisasi.Status.DIKEMBALIKAN] * 2
    assert {Realisasi.objects.get(pk=r.pk).catatan_verifikasi for r in tiga[1:]} == {"Lampirkan SK"}


def test_page_return_without_note_changes_nothing(client, pemeran, tiga):
    client.force_login(pemeran.organisasi)
    data = {"aksi": "kembalikan_terpilih", "pilih": [tiga[1].indikator_id], "catatan_bersama": "", **_versi(tiga)}
    resp = client.post(_url(pemeran), data)
    assert resp.status_code == 400 and "Tuliskan catatan" in resp.content.decode()
    assert _status(tiga) == [Realisasi.Status.DIAJUKAN] * 3


def test_stale_row_refuses_the_whole_bulk_verify(client, pemeran, tiga):
    client.force_login(pemeran.organisasi)
    data = {"aksi": "verifikasi_semua", **_versi(tiga), f"versi-{tiga[2].indikator_id}": tiga[2].versi - 1}
    assert client.post(_url(pemeran), data).status_code == 409
    assert _status(tiga) == [Realisasi.Status.DIAJUKAN] * 3


@pytest.mark.parametrize("siapa", ["operator_lain_pd", "organisasi_lain"])
def test_someone_elses_verifier_or_operator_cannot_bulk_verify(client, pemeran, tiga, siapa):
    if siapa == "operator_lain_pd":
        user = buat_pengguna(pemeran.pemda, Peran.OPERATOR_PD, pemeran.pd_b)
    else:
        user = buat_pengguna(pemeran.pemda_lain, Peran.BAGIAN_ORGANISASI)
    client.force_login(user)
    resp = client.post(_url(pemeran), {"aksi": "verifikasi_semua", **_versi(tiga)})
    assert resp.status_code in ((403,) if siapa == "operator_lain_pd" else (404,))
    assert _status(tiga) == [Realisasi.Status.DIAJUKAN] * 3


def test_one_row_decision_keeps_the_place_while_others_wait(client, pemeran, tiga):
    client.force_login(pemeran.organisasi)
    kedua = tiga[1].indikator_id
    resp = client.post(_url(pemeran), {**_versi(tiga), f"keputusan-{kedua}": "verifikasi"})
    assert resp.status_code == 302 and resp.url == f"{_url(pemeran)}#baris-{kedua}"
    assert _status(tiga) == [Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI, Realisasi.Status.DIAJUKAN]


def test_the_realisation_reads_in_the_one_format_beside_the_year_value(client, pemeran, ind):
    """The verifier reads "81,60" in the Realisasi column as in "Nilai tahun berjalan", not the typed "81,6";
    a count reads whole ("9 inovasi" shows 9, never "9,00")."""
    _ajukan(pemeran, ind, "81,6")
    hitung = buat_indikator(pemeran.pd_a, kode="IK-C", satuan="inovasi")
    buat_target(hitung, 2025, nilai=12)
    _ajukan(pemeran, hitung, "9")
    client.force_login(pemeran.organisasi)
    html = client.get(_url(pemeran)).content.decode()
    assert ">81,60<" in html and ">81,6<" not in html
    assert ">9<" in html and "9,00" not in html


def test_submitted_rows_come_first_then_the_rest_in_plan_order(client, pemeran, ind):
    """The verifier starts with what waits for them: a row the PD has not submitted comes after the submitted
    ones, whatever its place in the plan."""
    draf = buat_indikator(pemeran.pd_a, sasaran=ind.sasaran, kode="IK-0", urutan=0)  # first in the plan's order
    buat_target(draf, 2025, nilai=10)
    services.realisasi_simpan(indikator=draf, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="5")
    _ajukan(pemeran, ind)
    client.force_login(pemeran.organisasi)
    urut = [b.indikator.pk for b in client.get(_url(pemeran)).context["h"].baris]
    assert urut.index(draf.pk) < urut.index(ind.pk)  # the plan's order puts the draft first ...
    html = client.get(_url(pemeran)).content.decode()
    assert html.index(f'id="baris-{ind.pk}"') < html.index(f'id="baris-{draf.pk}"')  # ... the page does not
