"""Publishing a finished LKjIP on the public SAKIP page (issue 17 point 10): only Bagian Organisasi of the
report's pemda, after a confirmation, through the one history writer; nothing else may publish."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from laporan.models import Laporan
from perangkat_daerah.models import Riwayat

pytestmark = pytest.mark.django_db
TAHUN = 2024


def lkjip_selesai(pemda, pd=None, *, jenis: str | None = None, **kw) -> Laporan:
    """A finished LKjIP (city or PD) with its file."""
    jenis = jenis or ("lkjip_pd" if pd else "lkjip_pemda")
    lap = Laporan.objects.create(
        pemda=pemda, perangkat_daerah=pd, jenis=jenis, tahun=TAHUN, status=Laporan.Status.SELESAI, progres=100,
        **{"nama_berkas": f"LKjIP-{TAHUN}.pdf", **kw},
    )  # fmt: skip
    lap.berkas.save(f"{lap.pk}.pdf", ContentFile(b"%PDF-1.4\n% uji\n"))
    return lap


def _kirim(client, user, lap, **data):
    client.force_login(user)
    return client.post(f"/laporan/{lap.pk}/terbit/", data)


def test_organisasi_publishes_after_confirming_with_history(client, pemeran):
    lap = lkjip_selesai(pemeran.pemda)
    resp = _kirim(client, pemeran.organisasi, lap, terbit="1")
    assert resp.status_code == 200
    assert "Terbitkan LKjIP di halaman publik?" in resp.content.decode()
    lap.refresh_from_db()
    assert lap.terbit is False  # only asked
    resp = _kirim(client, pemeran.organisasi, lap, terbit="1", konfirmasi="1")
    assert resp.status_code == 302
    lap.refresh_from_db()
    assert lap.terbit is True and lap.terbit_pada is not None
    r = Riwayat.objects.get(aksi="terbitkan_laporan")
    assert (r.sebelum["terbit"], r.sesudah["terbit"], r.oleh_id) == (False, True, pemeran.organisasi.pk)
    _kirim(client, pemeran.organisasi, lap, terbit="0", konfirmasi="1")
    lap.refresh_from_db()
    assert lap.terbit is False and Riwayat.objects.filter(aksi="tarik_terbitan_laporan").count() == 1


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "inspektorat", "pimpinan"])
def test_other_roles_of_the_pemda_may_not_publish(client, pemeran, peran):
    lap = lkjip_selesai(pemeran.pemda, pemeran.pd_a)
    for data in ({"terbit": "1"}, {"terbit": "1", "konfirmasi": "1"}):
        assert _kirim(client, getattr(pemeran, peran), lap, **data).status_code == 403
    lap.refresh_from_db()
    assert lap.terbit is False and not Riwayat.objects.exists()


def test_another_pemdas_organisasi_gets_404(client, pemeran):
    from tests.factories import Peran, buat_pengguna

    lain = buat_pengguna(pemeran.pemda_lain, Peran.BAGIAN_ORGANISASI)
    lap = lkjip_selesai(pemeran.pemda)
    assert _kirim(client, lain, lap, terbit="1", konfirmasi="1").status_code == 404
    lap.refresh_from_db()
    assert lap.terbit is False


def test_an_unfinished_or_other_kind_of_report_is_not_published(client, pemeran):
    antri = Laporan.objects.create(pemda=pemeran.pemda, jenis="lkjip_pemda", tahun=TAHUN)
    pk = lkjip_selesai(pemeran.pemda, pemeran.pd_a, jenis="pk")
    for lap in (antri, pk):
        resp = _kirim(client, pemeran.organisasi, lap, terbit="1", konfirmasi="1")
        assert resp.status_code == 302
        lap.refresh_from_db()
        assert lap.terbit is False
    assert not Riwayat.objects.exists()


def test_the_detail_page_offers_the_switch_only_to_organisasi(client, pemeran):
    lap = lkjip_selesai(pemeran.pemda)
    client.force_login(pemeran.organisasi)
    assert "Terbitkan di halaman publik…" in client.get(f"/laporan/{lap.pk}/").content.decode()
    client.force_login(pemeran.pimpinan)
    assert "Terbitkan di halaman publik" not in client.get(f"/laporan/{lap.pk}/").content.decode()
