"""The writes of the node and indicator forms (kinerja/services/simpul.py): every field refused in Indonesian,
the rights (a PD's node by its own operator or kepala, a city node by Bagian Organisasi), the plan lock (a
reason and a `.revisi` history action), stale versions, targets of the node's period and of a set PK, and
the refusals of a delete."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import DokumenRencana, Indikator, PeriodePerencanaan, PerjanjianKinerja, Sasaran, Target
from kinerja.services import simpul as layanan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import VersiKedaluwarsa
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def pohon(pemeran):
    """Levels, a 2024–2026 period, a city sasaran (with an indicator) and PD A's and PD B's sasaran strategis."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2024, tahun_akhir=2026)
    kota = buat_sasaran(pemeran.pemda, kode="SK1", tingkat=t["sasaran_rpjmd"], periode=periode)
    ik_kota = buat_indikator(sasaran=kota, pemda=pemeran.pemda, kode="IKK1")
    ss_a = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="SSA", tingkat=t["sasaran_strategis"], induk=kota,
                        periode=periode)  # fmt: skip
    ss_b = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="SSB", tingkat=t["sasaran_strategis"], induk=kota,
                        periode=periode)  # fmt: skip
    return type("Pohon", (), {"t": t, "periode": periode, "kota": kota, "ik_kota": ik_kota, "ss_a": ss_a,
                              "ss_b": ss_b})  # fmt: skip


def _simpul(pohon, **kw) -> dict:
    nilai = {"kode": "SPA-1", "uraian": "Sasaran program uji", "tingkat": str(pohon.t["sasaran_program"].pk),
             "induk": str(pohon.ss_a.pk), "periode": str(pohon.periode.pk)}  # fmt: skip
    return nilai | kw


def _indikator(**kw) -> dict:
    return {"kode": "IKA-1", "uraian": "Cakupan uji", "satuan": "%", "arah": "naik", "agregasi": "akhir"} | kw


# --- nodes ---------------------------------------------------------------------------------------------


def test_operator_creates_a_node_of_their_own_pd_with_history(pemeran, pohon):
    s = layanan.simpul_buat(oleh=pemeran.operator_a, nilai=_simpul(pohon, tema=" Kemiskinan "))
    s.refresh_from_db()
    assert (s.perangkat_daerah, s.induk, s.tingkat.kode, s.tema, s.versi) == (
        pemeran.pd_a, pohon.ss_a, "sasaran_program", "Kemiskinan", 1)  # fmt: skip
    r = Riwayat.objects.get(aksi="simpul.buat", object_id=s.pk)
    assert r.oleh == pemeran.operator_a and r.sesudah["kode"] == "SPA-1"


def test_every_bad_node_field_is_refused_in_indonesian_at_once(pemeran, pohon):
    nilai = _simpul(pohon, kode="", uraian=" ", tingkat="x", nip="12ab", tema="t" * 101)
    with pytest.raises(ValidationError) as exc:
        layanan.simpul_buat(oleh=pemeran.operator_a, nilai=nilai)
    galat = exc.value.message_dict
    assert galat["kode"] == ["Kolom ini wajib diisi."]
    assert galat["uraian"] == ["Kolom ini wajib diisi."]
    assert galat["nip"] == ["NIP harus terdiri dari 18 digit angka."]
    assert galat["tema"] == ["Paling banyak 100 karakter (sekarang 101)."]
    assert galat["tingkat"] == ["tingkat: “x” bukan bilangan bulat yang valid."]
    assert not Sasaran.objects.filter(kode="").exists()


def test_level_parent_period_code_and_nomenclature_are_checked(pemeran, pohon):
    kasus = {
        "tingkat": (_simpul(pohon, tingkat=str(pohon.t["sasaran_rpjmd"].pk)),
                    "Pilih tingkat yang tersedia untuk simpul ini."),
        "periode": (_simpul(pohon, periode="999999"), "Pilih periode perencanaan yang tersedia."),
        "kode": (_simpul(pohon, kode="SSB"), "Kode SSB sudah dipakai simpul lain."),
        "kode_nomenklatur": (_simpul(pohon, kode_nomenklatur="9.99.99"),
                             "Kode nomenklatur 9.99.99 tidak ada dalam tabel nomenklatur."),
    }  # fmt: skip
    for kolom, (nilai, pesan) in kasus.items():
        with pytest.raises(ValidationError) as exc:
            layanan.simpul_buat(oleh=pemeran.operator_a, nilai=nilai)
        assert exc.value.message_dict[kolom] == [pesan], kolom
    with pytest.raises(ValidationError) as exc:  # THE node rule: a program hangs under a sasaran strategis
        layanan.simpul_buat(oleh=pemeran.operator_a, nilai=_simpul(pohon, induk=str(pohon.kota.pk)))
    assert exc.value.message_dict["induk"] == ["Simpul Sasaran Program hanya boleh di bawah: Sasaran Strategis."]
    with pytest.raises(ValidationError) as exc:
        layanan.simpul_buat(oleh=pemeran.operator_a, nilai=_simpul(pohon, tingkat=""))
    assert exc.value.message_dict["tingkat"] == ["Pilih tingkat simpul."]


def test_a_forged_parent_of_another_pd_is_refused(pemeran, pohon):
    with pytest.raises(ValidationError) as exc:
        layanan.simpul_buat(oleh=pemeran.operator_a, nilai=_simpul(pohon, induk=str(pohon.ss_b.pk)))
    assert exc.value.message_dict["induk"] == [
        "Induk tidak tersedia: pilih simpul kota atau simpul perangkat daerah Anda sendiri."
    ]
    with pytest.raises(ValidationError):  # nor may a PD node be moved under another PD's node
        layanan.simpul_ubah(sasaran=pohon.ss_a, oleh=pemeran.operator_a, versi=1,
                            nilai=_simpul(pohon, kode="SSA", tingkat=str(pohon.t["sasaran_strategis"].pk),
                                          induk=str(pohon.ss_b.pk)))  # fmt: skip


def test_city_nodes_are_made_by_bagian_organisasi_only(pemeran, pohon):
    nilai = {"kode": "SK2", "uraian": "Sasaran kota", "tingkat": str(pohon.t["sasaran_rpjmd"].pk)}
    s = layanan.simpul_buat(oleh=pemeran.organisasi, nilai=nilai)
    assert s.perangkat_daerah is None
    for peran in ("pimpinan", "inspektorat"):
        with pytest.raises(PermissionDenied):
            layanan.simpul_buat(oleh=getattr(pemeran, peran), nilai=nilai | {"kode": "SK3"})
    with pytest.raises(PermissionDenied):  # a PD user cannot change a city node, nor Bagian Organisasi a PD's
        layanan.simpul_ubah(sasaran=pohon.kota, oleh=pemeran.operator_a, nilai=nilai, versi=1)
    with pytest.raises(PermissionDenied):
        layanan.simpul_ubah(sasaran=pohon.ss_a, oleh=pemeran.organisasi, nilai=nilai, versi=1)
    with pytest.raises(PermissionDenied):
        layanan.simpul_ubah(sasaran=pohon.ss_b, oleh=pemeran.operator_a, nilai=nilai, versi=1)


def test_change_is_versioned_and_a_stale_version_is_refused(pemeran, pohon):
    nilai = _simpul(pohon, kode="SSA", uraian="Baru", tingkat=str(pohon.t["sasaran_strategis"].pk),
                    induk=str(pohon.kota.pk))  # fmt: skip
    layanan.simpul_ubah(sasaran=pohon.ss_a, oleh=pemeran.kepala_a, nilai=nilai, versi=1)
    pohon.ss_a.refresh_from_db()
    assert (pohon.ss_a.uraian, pohon.ss_a.versi) == ("Baru", 2)
    r = Riwayat.objects.get(aksi="simpul.ubah", object_id=pohon.ss_a.pk)
    assert r.sebelum["uraian"] != "Baru" and r.sesudah["uraian"] == "Baru"
    with pytest.raises(VersiKedaluwarsa, match="sudah diubah oleh pengguna lain"):
        layanan.simpul_ubah(sasaran=pohon.ss_a, oleh=pemeran.kepala_a, nilai=nilai | {"uraian": "Lagi"}, versi=1)
    pohon.ss_a.refresh_from_db()
    assert pohon.ss_a.uraian == "Baru"


def test_a_node_fixed_by_a_final_renstra_needs_a_reason_and_is_a_revision(pemeran, pohon):
    DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=pohon.periode,
                                  status="final")  # fmt: skip
    nilai = _simpul(pohon, kode="SSA", uraian="Direvisi", tingkat=str(pohon.t["sasaran_strategis"].pk),
                    induk=str(pohon.kota.pk))  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        layanan.simpul_ubah(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=nilai, versi=1)
    assert exc.value.message_dict["alasan"] == [
        "Renstra Dinas A RPJMD 2024–2026 sudah final: perubahan ini adalah revisi dan memerlukan alasan."
    ]
    layanan.simpul_ubah(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=nilai, versi=1, alasan="Perubahan SOTK")
    r = Riwayat.objects.get(object_id=pohon.ss_a.pk, aksi="simpul.ubah.revisi")
    assert r.catatan == "Perubahan SOTK"
    with pytest.raises(ValidationError) as exc:  # a new node in the fixed period, too
        layanan.simpul_buat(oleh=pemeran.operator_a, nilai=_simpul(pohon))
    assert "alasan" in exc.value.message_dict


def test_a_city_node_of_a_final_rpjmd_period_needs_a_reason(pemeran, pohon):
    pohon.periode.status = "final"
    pohon.periode.save()
    nilai = {"kode": "SK1", "uraian": "Revisi kota", "tingkat": str(pohon.t["sasaran_rpjmd"].pk),
             "periode": str(pohon.periode.pk)}  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        layanan.simpul_ubah(sasaran=pohon.kota, oleh=pemeran.organisasi, nilai=nilai, versi=1)
    assert exc.value.message_dict["alasan"][0].startswith("RPJMD 2024–2026 sudah final")
    layanan.simpul_ubah(sasaran=pohon.kota, oleh=pemeran.organisasi, nilai=nilai, versi=1, alasan="Perda baru")
    assert Riwayat.objects.filter(object_id=pohon.kota.pk, aksi="simpul.ubah.revisi", catatan="Perda baru").exists()


def test_delete_refuses_a_node_with_children_or_realisations(pemeran, pohon):
    with pytest.raises(ValidationError) as exc:
        layanan.simpul_hapus(sasaran=pohon.kota, oleh=pemeran.organisasi, versi=1)
    assert exc.value.messages == [
        "Simpul SK1 tidak dapat dihapus. Simpul ini masih memiliki 2 simpul turunan: pindahkan atau hapus "
        "turunannya dulu."
    ]
    ind = buat_indikator(sasaran=pohon.ss_a, pemda=pemeran.pemda, kode="IKA9")
    buat_realisasi(ind, 2025, 1, nilai="5")
    with pytest.raises(ValidationError, match="Indikator IKA9 sudah memiliki realisasi."):
        layanan.simpul_hapus(sasaran=pohon.ss_a, oleh=pemeran.operator_a, versi=1)
    assert Sasaran.objects.filter(pk=pohon.ss_a.pk).exists()


def test_delete_of_a_leaf_removes_it_with_its_indicators_and_records_it(pemeran, pohon):
    ind = buat_indikator(sasaran=pohon.ss_b, pemda=pemeran.pemda, kode="IKB1")
    buat_target(ind, 2025, nilai=10)
    with pytest.raises(PermissionDenied):
        layanan.simpul_hapus(sasaran=pohon.ss_b, oleh=pemeran.operator_a, versi=1)
    with pytest.raises(VersiKedaluwarsa):
        layanan.simpul_hapus(sasaran=pohon.ss_b, oleh=pemeran.operator_b, versi=7)
    layanan.simpul_hapus(sasaran=pohon.ss_b, oleh=pemeran.operator_b, versi=1)
    assert not Sasaran.objects.filter(pk=pohon.ss_b.pk).exists()
    assert not Indikator.objects.filter(kode="IKB1").exists()
    r = Riwayat.objects.get(aksi="simpul.hapus", object_id=pohon.ss_b.pk)
    assert (r.sebelum["kode"], r.sebelum["indikator"], r.sesudah) == ("SSB", ["IKB1"], None)


def test_delete_refuses_a_target_in_a_set_pk(pemeran, pohon):
    ind = buat_indikator(sasaran=pohon.ss_b, pemda=pemeran.pemda, kode="IKB2")
    buat_target(ind, 2025, nilai=10)
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_b, tahun=2025, status="ditetapkan")
    with pytest.raises(ValidationError, match="Target IKB2 tahun 2025 ada dalam PK yang sudah ditetapkan."):
        layanan.simpul_hapus(sasaran=pohon.ss_b, oleh=pemeran.operator_b, versi=1)


# --- indicators ----------------------------------------------------------------------------------------


def test_indicator_with_targets_of_the_period_and_relation_to_the_parent(pemeran, pohon):
    target = {2024: {"nilai": "70"}, 2025: {"nilai": "75,5"}, 2026: {"nilai": ""}}
    nilai = _indikator(induk_indikator=str(pohon.ik_kota.pk), relasi_induk="kontribusi", iku="1")
    ind = layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=nilai, target=target)
    ind.refresh_from_db()
    assert (ind.induk_indikator, ind.relasi_induk, ind.iku, ind.perangkat_daerah) == (
        pohon.ik_kota, "kontribusi", True, pemeran.pd_a)  # fmt: skip
    assert dict(Target.objects.filter(indikator=ind).values_list("tahun", "nilai")) == {
        2024: Decimal("70"), 2025: Decimal("75.5")}  # fmt: skip
    assert Riwayat.objects.filter(aksi="indikator.buat", object_id=ind.pk).exists()
    assert Riwayat.objects.filter(aksi="target.simpan").count() == 2


def test_every_bad_indicator_field_is_refused_in_indonesian(pemeran, pohon):
    nilai = _indikator(kode="", satuan="", arah="atas", agregasi="x", nilai_minimum="1,2,3", relasi_induk="sama")
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=nilai, target={})
    g = exc.value.message_dict
    assert g["kode"] == g["satuan"] == ["Kolom ini wajib diisi."]
    assert g["arah"] == g["agregasi"] == ["Pilih salah satu pilihan yang tersedia."]
    assert g["nilai_minimum"] == ["“1,2,3” bukan angka yang valid. Contoh penulisan: 1.234,56"]
    assert g["induk_indikator"] == ["Pilih indikator induk untuk relasi ini, atau kosongkan relasinya."]
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, target={},
                               nilai=_indikator(induk_indikator=str(pohon.ik_kota.pk)))  # fmt: skip
    assert exc.value.message_dict["relasi_induk"] == [
        "Pilih relasi dengan indikator induk (komponen rumus, kontribusi atau sama)."
    ]


def test_the_parent_indicator_must_belong_to_the_parent_node(pemeran, pohon):
    lain = buat_indikator(sasaran=pohon.ss_b, pemda=pemeran.pemda, kode="IKB3")
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, target={},
                               nilai=_indikator(induk_indikator=str(lain.pk), relasi_induk="sama"))  # fmt: skip
    assert exc.value.message_dict["induk_indikator"] == ["Indikator induk harus indikator dari simpul induk (SK1)."]


def test_indicator_range_rules_are_the_one_rule(pemeran, pohon):
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, target={},
                               nilai=_indikator(nilai_minimum="10", nilai_maksimum="5"))  # fmt: skip
    assert exc.value.message_dict["nilai_maksimum"] == ["Nilai maksimum harus tidak lebih kecil dari nilai minimum."]
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, target={},
                               nilai=_indikator(nilai_minimum="-1"))  # fmt: skip
    assert exc.value.message_dict["nilai_minimum"] == ["Nilai minimum negatif hanya bila “boleh negatif” dicentang."]
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=_indikator(nilai_maksimum="100"),
                               target={2024: {"nilai": "120"}, 2025: {"nilai": "-3"}})  # fmt: skip
    assert exc.value.message_dict == {
        "target_2024": ["“120”: paling besar 100% untuk indikator ini."],
        "target_2025": ["“-3”: indikator IKA-1 tidak boleh bernilai negatif."],
    }
    assert not Indikator.objects.filter(kode="IKA-1").exists()


def test_indicator_change_is_versioned_and_a_set_pk_year_is_refused(pemeran, pohon):
    ind = layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=_indikator(),
                                 target={2025: {"nilai": "80"}})  # fmt: skip
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025, status="ditetapkan")
    t = Target.objects.get(indikator=ind, tahun=2025)
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_ubah(indikator=ind, oleh=pemeran.operator_a, nilai=_indikator(), versi=1,
                               target={2025: {"nilai": "85", "versi": str(t.versi)}})  # fmt: skip
    assert exc.value.message_dict["target_2025"] == [
        "Perjanjian Kinerja 2025 sudah ditetapkan: ubah target tahun ini melalui revisi PK."
    ]
    target = {2025: {"nilai": "80", "versi": str(t.versi)}, 2026: {"nilai": "90"}}
    ind = layanan.indikator_ubah(indikator=ind, oleh=pemeran.operator_a, nilai=_indikator(uraian="Baru"), versi=1,
                                 target=target)  # fmt: skip
    ind.refresh_from_db()
    assert (ind.uraian, ind.versi) == ("Baru", 2)
    assert Target.objects.get(indikator=ind, tahun=2026).nilai == Decimal("90")
    with pytest.raises(VersiKedaluwarsa):
        layanan.indikator_ubah(indikator=ind, oleh=pemeran.operator_a, nilai=_indikator(), versi=1, target={})


def test_a_locked_node_makes_indicator_and_target_changes_revisions(pemeran, pohon):
    DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=pohon.periode,
                                  status="final")  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=_indikator(), target={})
    assert list(exc.value.message_dict) == ["alasan"]
    ind = layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=_indikator(),
                                 target={2026: {"nilai": "9"}}, alasan="Tambahan IKU")  # fmt: skip
    assert Riwayat.objects.get(aksi="indikator.buat.revisi", object_id=ind.pk).catatan == "Tambahan IKU"
    assert Riwayat.objects.get(aksi="target.simpan.revisi").catatan == "Tambahan IKU"


def test_an_indicator_write_runs_the_node_rule_on_its_node(pemeran, pohon):
    """A node placed before its level's allowed parents changed breaks the node rule: no indicator is added or
    changed under it until the node is fixed."""
    ind = layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=_indikator(), target={})
    pohon.t["sasaran_strategis"].induk_boleh.remove(pohon.t["sasaran_rpjmd"])
    pesan = ["Simpul SSA belum memenuhi aturan pohon kinerja: Simpul Sasaran Strategis hanya boleh di bawah: "
             "Tematik. Perbaiki simpulnya dulu."]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_buat(sasaran=pohon.ss_a, oleh=pemeran.operator_a, nilai=_indikator(kode="IKA-2"),
                               target={})  # fmt: skip
    assert exc.value.messages == pesan
    with pytest.raises(ValidationError) as exc:
        layanan.indikator_ubah(indikator=ind, oleh=pemeran.operator_a, nilai=_indikator(uraian="Baru"), versi=1,
                               target={})  # fmt: skip
    assert exc.value.messages == pesan
    ind.refresh_from_db()
    assert (ind.uraian, ind.versi, Indikator.objects.filter(sasaran=pohon.ss_a).count()) == ("Cakupan uji", 1, 1)
    pohon.t["sasaran_strategis"].induk_boleh.add(pohon.t["sasaran_rpjmd"])  # the rule fixed: writes go through
    layanan.indikator_ubah(indikator=ind, oleh=pemeran.operator_a, nilai=_indikator(uraian="Baru"), versi=1,
                           target={})  # fmt: skip
    ind.refresh_from_db()
    assert ind.uraian == "Baru"


def test_indicator_rights_follow_the_node(pemeran, pohon):
    for peran in ("operator_b", "organisasi", "pimpinan", "inspektorat"):
        with pytest.raises(PermissionDenied):
            layanan.indikator_buat(sasaran=pohon.ss_a, oleh=getattr(pemeran, peran), nilai=_indikator(), target={})
    ind = layanan.indikator_buat(sasaran=pohon.kota, oleh=pemeran.organisasi, nilai=_indikator(kode="IKK2"),
                                 target={})  # fmt: skip
    assert ind.perangkat_daerah is None
    with pytest.raises(PermissionDenied):
        layanan.indikator_ubah(indikator=ind, oleh=pemeran.operator_a, nilai=_indikator(), versi=1, target={})


def test_a_new_level_must_still_fit_the_nodes_children(pemeran, pohon):
    nilai = {"kode": "SK1", "uraian": "Kota", "tingkat": str(pohon.t["tujuan"].pk)}
    with pytest.raises(ValidationError) as exc:
        layanan.simpul_ubah(sasaran=pohon.kota, oleh=pemeran.organisasi, nilai=nilai, versi=1)
    assert exc.value.message_dict["tingkat"] == [
        "Turunan SSA (Sasaran Strategis) tidak boleh berada di bawah tingkat Tujuan: pindahkan atau ubah "
        "turunannya dulu."
    ]
    pohon.kota.refresh_from_db()
    assert pohon.kota.tingkat == pohon.t["sasaran_rpjmd"]
