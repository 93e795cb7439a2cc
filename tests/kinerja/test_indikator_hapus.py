"""Deleting an indicator from the browser (/perencanaan/indikator/<id>/hapus/): a confirmation page, the
node's writer only (another PD's indicator 404, read-only roles 403), refused in Indonesian while it has
realisations, is its node's only indicator, is another indicator's parent or has a target in a set PK; on a
node of a final document it needs a reason and counts a revision; the history keeps what was deleted."""

from __future__ import annotations

import pytest

from kinerja.models import DokumenRencana, Indikator, ManualIK, PerjanjianKinerja, Target
from kinerja.services.simpul import indikator_hapus
from perangkat_daerah.models import Riwayat
from tests.kinerja import test_simpul
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db
pohon = test_simpul.pohon  # levels, a 2024–2026 period, a city node, PD A's and PD B's sasaran strategis


@pytest.fixture
def dua(pemeran, pohon):
    """PD A's node with two indicators, the second with a target and a manual."""
    tetap = buat_indikator(sasaran=pohon.ss_a, pemda=pemeran.pemda, kode="IKA-1")
    hapus = buat_indikator(sasaran=pohon.ss_a, pemda=pemeran.pemda, kode="IKA-2", uraian="Akan dihapus")
    buat_target(hapus, 2025, nilai=75)
    ManualIK.objects.create(indikator=hapus, definisi="Definisi")
    return tetap, hapus


def _url(ind) -> str:
    return f"/perencanaan/indikator/{ind.pk}/hapus/"


def test_the_operator_confirms_and_deletes_an_indicator_with_its_targets_and_history(client, pemeran, dua):
    tetap, hapus = dua
    client.force_login(pemeran.operator_a)
    ubah = client.get(f"/perencanaan/indikator/{hapus.pk}/ubah/").content.decode()
    assert f'href="{_url(hapus)}"' in ubah  # the link on the edit page
    halaman = client.get(_url(hapus))
    assert halaman.status_code == 200 and "Ya, hapus indikator" in halaman.content.decode()
    resp = client.post(_url(hapus), {"versi": "1"})
    assert resp.status_code == 302 and resp["Location"].endswith(f"#simpul-{hapus.sasaran_id}")
    assert list(Indikator.objects.filter(sasaran=hapus.sasaran).values_list("kode", flat=True)) == ["IKA-1"]
    assert not Target.objects.filter(indikator_id=hapus.pk).exists()
    assert not ManualIK.objects.filter(indikator_id=hapus.pk).exists()
    r = Riwayat.objects.get(aksi="indikator.hapus")
    assert (r.object_id, r.oleh, r.sesudah) == (hapus.pk, pemeran.operator_a, None)
    assert (r.sebelum["kode"], r.sebelum["uraian"], r.sebelum["manual"]) == ("IKA-2", "Akan dihapus", True)
    assert r.sebelum["target"]["2025"]["nilai"] == "75.0000"


@pytest.mark.parametrize("halangan", ["realisasi", "satu-satunya", "induk", "pk"])
def test_an_indicator_that_must_stay_is_refused_with_the_reason(client, pemeran, pohon, dua, halangan):
    tetap, hapus = dua
    pesan = {
        "realisasi": "Indikator IKA-2 sudah memiliki realisasi.",
        "satu-satunya": "satu-satunya indikator simpulnya: setiap simpul harus memiliki sekurang-kurangnya satu",
        "induk": "Indikator ini menjadi induk indikator IKB-1: ubah induk indikator itu dulu.",
        "pk": "Target IKA-2 tahun 2025 ada dalam PK yang sudah ditetapkan.",
    }[halangan]
    if halangan == "realisasi":
        buat_realisasi(hapus, 2025, 1, nilai=5)
    elif halangan == "satu-satunya":
        tetap.delete()
    elif halangan == "induk":
        buat_indikator(sasaran=pohon.ss_b, pemda=pemeran.pemda, kode="IKB-1", induk_indikator=hapus,
                       relasi_induk="kontribusi")  # fmt: skip
    else:
        PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025, status="ditetapkan")
    client.force_login(pemeran.operator_a)
    halaman = client.get(_url(hapus)).content.decode()
    assert pesan in halaman and "Ya, hapus indikator" not in halaman
    resp = client.post(_url(hapus), {"versi": "1"})
    assert resp.status_code == 400 and pesan in resp.content.decode()
    assert Indikator.objects.filter(pk=hapus.pk).exists() and not Riwayat.objects.filter(aksi="indikator.hapus")


def test_another_pds_user_gets_404_and_read_only_roles_403(client, pemeran, dua):
    _tetap, hapus = dua
    for user, status in ((pemeran.operator_b, 404), (pemeran.pimpinan, 403), (pemeran.inspektorat, 403)):
        client.force_login(user)
        assert client.get(_url(hapus)).status_code == status
        assert client.post(_url(hapus), {"versi": "1"}).status_code == status
    assert Indikator.objects.filter(pk=hapus.pk).exists()


def test_a_stale_version_is_refused(client, pemeran, dua):
    _tetap, hapus = dua
    Indikator.objects.filter(pk=hapus.pk).update(versi=2)  # changed since the page was opened
    client.force_login(pemeran.operator_a)
    assert client.post(_url(hapus), {"versi": "1"}).status_code == 409
    assert Indikator.objects.filter(pk=hapus.pk).exists()


def test_on_a_final_renstra_the_deletion_needs_a_reason_and_counts_a_revision(client, pemeran, pohon, dua):
    _tetap, hapus = dua
    renstra = DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=pohon.periode,
                                            status="final")  # fmt: skip
    client.force_login(pemeran.operator_a)
    assert "memerlukan alasan" in client.get(_url(hapus)).content.decode()
    tanpa = client.post(_url(hapus), {"versi": "1"})
    assert tanpa.status_code == 400 and Indikator.objects.filter(pk=hapus.pk).exists()
    assert client.post(_url(hapus), {"versi": "1", "alasan": "Indikator diganti"}).status_code == 302
    renstra.refresh_from_db()
    assert renstra.revisi == 1
    assert Riwayat.objects.get(aksi="indikator.hapus.revisi").catatan == "Indikator diganti"
    assert Riwayat.objects.get(aksi="renstra.revisi").catatan == "Indikator diganti"


def test_the_service_guards_a_city_indicator_for_bagian_organisasi(pemeran, pohon):
    from django.core.exceptions import PermissionDenied

    kedua = buat_indikator(sasaran=pohon.kota, pemda=pemeran.pemda, kode="IKK2")
    with pytest.raises(PermissionDenied):
        indikator_hapus(indikator=kedua, oleh=pemeran.operator_a, versi=1)
    indikator_hapus(indikator=kedua, oleh=pemeran.organisasi, versi=1)
    assert not Indikator.objects.filter(pk=kedua.pk).exists()
