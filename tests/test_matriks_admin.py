"""The Django admin in the access matrix: for every registered ModelAdmin, a pemda administrator of pemda A
sees no row of pemda B, gets 404 on B's change, delete and history pages, changes nothing by POST, and can
pick only its own pemda in every form; other roles get no admin page. A model registered without a row here
fails `test_every_registered_admin_is_in_the_matrix`."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy

from evaluasi import services as ev_services
from evaluasi.models import (
    Evaluasi,
    FaktaKriteria,
    HasilEvaluasi,
    Instrumen,
    Komponen,
    Kriteria,
    PemetaanKriteria,
    PengaturanEvaluasi,
    Rekomendasi,
    SkalaPredikat,
    SubKomponen,
)
from kinerja.models import (
    Anggaran,
    DokumenIKU,
    DokumenRencana,
    Indikator,
    Kontributor,
    KunciTriwulan,
    ManualIK,
    PengaturanKinerja,
    PeriodePerencanaan,
    PerjanjianKinerja,
    Realisasi,
    RevisiPK,
    Sasaran,
    Target,
    TingkatPohon,
    Usulan,
)
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from kinerja.services.rencana import kunci_simpul
from laporan.models import BatchLaporan, Laporan, Narasi, Reviu
from nomenklatur.models import Nomenklatur
from notifikasi.models import PengaturanNotifikasi
from perangkat_daerah import demo
from perangkat_daerah.admin_dasar import AdminBerlingkup, InlineBerlingkup
from perangkat_daerah.models import Pemda, PerangkatDaerah, Profil, Riwayat
from perangkat_daerah.services import potret, riwayat_catat
from tests.evaluasi.factories import buat_evaluasi, buat_instrumen_kecil, instrumen_b
from tests.factories import Peran, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
TAHUN = 2024
User = get_user_model()

# models of no pemda: pemda administrators read the nomenclature; the rest is the platform's (band tables
# are national or one pemda's, issue 15 §4: in the matrix like instruments)
GLOBAL = {Nomenklatur}
PLATFORM = {"auth.group", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# the pembina's groups and grants (issue 18): the platform superuser's alone
PLATFORM |= {"perangkat_daerah.gruppemda", "perangkat_daerah.hakpembina"}
# a year recomputed over a pemda group (issue 18 point 4): started and watched by the platform superuser
PLATFORM |= {"evaluasi.batchhitung"}
# a group's report batch (issue 18 point 4): started and watched by the platform superuser
PLATFORM |= {"laporan.batchlaporangrup"}


def _label(model) -> str:
    return model._meta.label_lower


def _admin_pemda(pemda):
    """A pemda administrator as the demo makes one: staff, not superuser."""
    user = buat_pengguna(pemda, Peran.ADMIN)
    user.is_staff = True
    user.save()
    return user


def _objek(pemda, pd) -> dict:
    """One row of every scoped admin model, belonging to `pemda`."""
    operator = buat_pengguna(pemda, Peran.OPERATOR_PD, pd)
    inspektorat = buat_pengguna(pemda, Peran.INSPEKTORAT)
    ind = buat_indikator(pd)
    target = buat_target(ind, TAHUN, nilai="10")
    pk = PerjanjianKinerja.objects.create(perangkat_daerah=pd, tahun=TAHUN)
    # the national instrument, named: the default one must not be the other pemda's copy made below
    e = buat_evaluasi(inspektorat, jenis="internal", pd=pd, tahun=TAHUN, terisi=True, instrumen=instrumen_b())
    ev_services.evaluasi_tandai_dinilai(evaluasi=e, oleh=inspektorat)
    ev_services.evaluasi_finalkan(evaluasi=e, oleh=inspektorat)
    rek = ev_services.rekomendasi_buat(
        evaluasi=e, oleh=inspektorat, uraian="Perbaiki", batas_waktu=datetime.date(TAHUN + 1, 3, 31)
    )
    ins = buat_instrumen_kecil()
    Instrumen.objects.filter(pk=ins.pk).update(pemda=pemda)
    komponen = Komponen.objects.filter(instrumen=ins).first()
    token = Token.objects.create(user=operator)
    return _objek_kinerja(pemda, pd, ind) | {
        Pemda: pemda,
        PerangkatDaerah: pd,
        Profil: operator.profil,
        User: operator,
        TokenProxy: TokenProxy.objects.get(pk=token.pk),
        Riwayat: riwayat_catat(obj=pd, pemda_id=pemda.pk, aksi="uji", oleh=operator, sebelum=None, sesudah={}),
        Sasaran: ind.sasaran,
        Indikator: ind,
        Target: target,
        PerjanjianKinerja: pk,
        RevisiPK: RevisiPK.objects.create(perjanjian=pk, target=target, nomor=1, alasan="Uji", oleh=operator),
        Realisasi: buat_realisasi(ind, TAHUN, 1, nilai="5", status="diajukan"),
        KunciTriwulan: KunciTriwulan.objects.create(pemda=pemda, tahun=TAHUN, triwulan=4, terkunci=True),
        Anggaran: Anggaran.objects.create(perangkat_daerah=pd, tahun=TAHUN, pagu=1000),
        Instrumen: ins,
        Komponen: komponen,
        SubKomponen: SubKomponen.objects.filter(komponen=komponen).first(),
        Evaluasi: e,
        HasilEvaluasi: HasilEvaluasi.objects.get(evaluasi=e),
        Rekomendasi: rek,
        Laporan: Laporan.objects.create(pemda=pemda, perangkat_daerah=pd, jenis="pk", tahun=TAHUN, status="selesai"),
        BatchLaporan: BatchLaporan.objects.create(pemda=pemda, jenis="lkjip_pd", tahun=TAHUN, diminta_oleh=operator),
        Narasi: Narasi.objects.create(pemda=pemda, perangkat_daerah=pd, tahun=TAHUN, bab="bab1", teks="Pendahuluan"),
        Reviu: Reviu.objects.create(pemda=pemda, perangkat_daerah=pd, tahun=TAHUN, status="direviu"),
        PengaturanEvaluasi: PengaturanEvaluasi.objects.create(pemda=pemda),
        PengaturanKinerja: PengaturanKinerja.objects.create(pemda=pemda),
        PengaturanNotifikasi: PengaturanNotifikasi.objects.create(pemda=pemda),  # issue 16 point 5: webhook, N days
        SkalaPredikat: SkalaPredikat.objects.create(versi=f"Skala uji {pemda.kode}", pemda=pemda),
        FaktaKriteria: FaktaKriteria.objects.create(
            kriteria=Kriteria.objects.filter(subkomponen__komponen__instrumen=ins).first(), kunci="target-tercapai"
        ),
        PemetaanKriteria: PemetaanKriteria.objects.create(
            instrumen_lama=(nasional := Instrumen.objects.filter(pemda__isnull=True).first()),
            instrumen_baru=ins,
            kriteria_lama=Kriteria.objects.filter(subkomponen__komponen__instrumen=nasional).first(),
            kriteria_baru=Kriteria.objects.filter(subkomponen__komponen__instrumen=ins).first(),
        ),
    }


def _objek_kinerja(pemda, pd, ind) -> dict:
    """One row of every planning model (issue 13), belonging to `pemda`."""
    tingkat = tingkat_bawaan_pastikan(pemda=pemda)["sasaran_strategis"]
    periode = PeriodePerencanaan.objects.create(pemda=pemda, tahun_mulai=2021, tahun_akhir=2026)
    return {
        PeriodePerencanaan: periode,
        TingkatPohon: tingkat,
        ManualIK: ManualIK.objects.create(indikator=ind, definisi="Definisi uji"),
        DokumenIKU: DokumenIKU.objects.create(pemda=pemda, perangkat_daerah=pd, periode=periode),
        DokumenRencana: DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pd, periode=periode),
        Usulan: Usulan.objects.create(
            pemda=pemda,
            arah="kota_ke_pd",
            perangkat_daerah=pd,
            induk=ind.sasaran,
            tingkat=tingkat,
            kode="U1",
            uraian="Usulan uji",
        ),
        Kontributor: Kontributor.objects.create(sasaran=ind.sasaran, mitra="Mitra uji"),
        AnggaranSubKegiatan: AnggaranSubKegiatan.objects.create(sasaran=ind.sasaran, tahun=TAHUN, pagu=1000),
        **_objek_renaksi(ind),
    }


def _objek_renaksi(ind) -> dict:
    """An action plan and its month (issue 16 point 1)."""
    from kinerja.models import RealisasiAksi, RencanaAksi

    r = RencanaAksi.objects.create(indikator=ind, tahun=TAHUN, uraian="Aksi uji", penanggung_jawab="Kabid")
    return {RencanaAksi: r, RealisasiAksi: RealisasiAksi.objects.create(rencana_aksi=r, bulan=1, nilai=1)}


@pytest.fixture
def dunia(pemeran):
    pemeran.admin_a = _admin_pemda(pemeran.pemda)
    pemeran.milik_a = _objek(pemeran.pemda, pemeran.pd_a)
    pemeran.milik_b = _objek(pemeran.pemda_lain, pemeran.pd_lain)
    pemeran.klien = Client()
    pemeran.klien.force_login(pemeran.admin_a)
    return pemeran


def _url(model, nama: str, obj=None) -> str:
    args = []
    if obj is not None:
        # the token admin addresses a token by its user's id
        args = [obj.user_id if model is TokenProxy else obj.pk]
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{nama}", args=args)


def _terdaftar():
    return sorted(admin.site._registry.items(), key=lambda kv: _label(kv[0]))


def _kunci(obj) -> dict:
    # a token proxy's `pk` is its user's id; its row is found by its key
    return {"key": obj.key} if isinstance(obj, Token) else {"pk": obj.pk}


def _sidik(obj) -> dict:
    return potret(type(obj)._default_manager.get(**_kunci(obj)))


def test_every_registered_admin_derives_from_the_scoped_base():
    for model, model_admin in _terdaftar():
        assert isinstance(model_admin, AdminBerlingkup), _label(model)
        for inline in model_admin.inlines:
            assert issubclass(inline, InlineBerlingkup), f"{_label(model)}: {inline.__name__}"


def test_every_registered_admin_is_in_the_matrix(dunia):
    for model, _admin in _terdaftar():
        assert model in dunia.milik_b or model in GLOBAL or _label(model) in PLATFORM, _label(model)


def test_pemda_admin_changelist_shows_own_rows_and_no_row_of_another_pemda(dunia):
    for model, _admin in _terdaftar():
        resp = dunia.klien.get(_url(model, "changelist"))
        if _label(model) in PLATFORM:
            assert resp.status_code == 403, _label(model)
            continue
        assert resp.status_code == 200, _label(model)
        if model in GLOBAL:
            continue
        hasil = resp.context["cl"].queryset
        assert not hasil.filter(**_kunci(dunia.milik_b[model])).exists(), _label(model)
        assert hasil.filter(**_kunci(dunia.milik_a[model])).exists(), _label(model)


def test_pemda_admin_gets_404_on_change_delete_and_history_of_another_pemdas_object(dunia):
    for model, obj in dunia.milik_b.items():
        for nama in ["change", "delete", "history"]:
            assert dunia.klien.get(_url(model, nama, obj)).status_code == 404, (_label(model), nama)
    assert dunia.klien.get(f"/admin/auth/user/{dunia.milik_b[User].pk}/password/").status_code == 404


def test_pemda_admin_post_to_another_pemdas_object_changes_nothing(dunia):
    riwayat = Riwayat.objects.count()
    for model, obj in dunia.milik_b.items():
        sebelum = _sidik(obj)
        data = {"pemda": dunia.pemda.pk, "nama": "Diubah", "terkunci": "", "post": "yes", "password1": "x"}
        assert dunia.klien.post(_url(model, "change", obj), data).status_code == 404, _label(model)
        assert dunia.klien.post(_url(model, "delete", obj), {"post": "yes"}).status_code == 404, _label(model)
        aksi = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        assert dunia.klien.post(_url(model, "changelist"), aksi).status_code in (200, 302, 403), _label(model)
        assert _sidik(obj) == sebelum, _label(model)
    assert Riwayat.objects.count() == riwayat


def _pilihan(form_class) -> list:
    return [f for f in form_class.base_fields.values() if isinstance(f, forms.ModelChoiceField)]


def test_every_admin_form_offers_only_the_own_pemdas_rows(dunia):
    request = RequestFactory().get("/admin/")
    request.user = dunia.admin_a
    milik_b = {type(o) if type(o) is not TokenProxy else Token: o for o in dunia.milik_b.values()}
    diperiksa = 0
    for model, model_admin in _terdaftar():
        for obj in [None, dunia.milik_a.get(model)]:
            if obj is None and not model_admin.has_add_permission(request):
                continue
            if obj is not None and not model_admin.has_change_permission(request, obj):
                continue
            kelas = [model_admin.get_form(request, obj)]
            kelas += [i.get_formset(request, obj).form for i in model_admin.get_inline_instances(request, obj)]
            for field in (f for k in kelas for f in _pilihan(k)):
                asing = milik_b.get(field.queryset.model)
                if asing is not None:
                    assert not field.queryset.filter(pk=asing.pk).exists(), (_label(model), field.label)
                    diperiksa += 1
    assert diperiksa >= 10  # PD, sasaran, indikator, users, profiles and instruments have such fields


def test_pemda_admin_cannot_create_a_pd_in_another_pemda(dunia):
    data = {"pemda": dunia.pemda_lain.pk, "kode": "9.99.99", "nama": "Dinas Titipan", "singkatan": "DT"}
    data |= {"jenis": "dinas", "aktif": "on"}
    resp = dunia.klien.post(_url(PerangkatDaerah, "add"), data)
    assert resp.status_code == 200
    assert "pemda" in resp.context["adminform"].form.errors
    assert not PerangkatDaerah.objects.filter(kode="9.99.99").exists()


def test_pemda_admin_cannot_move_its_pd_to_another_pemda_and_its_edit_is_in_the_history(dunia):
    pd = dunia.pd_a
    data = {"pemda": dunia.pemda_lain.pk, "kode": pd.kode, "nama": "Dinas A Baru", "singkatan": "DAB"}
    data |= {"jenis": "dinas", "aktif": "on"}
    assert dunia.klien.post(_url(PerangkatDaerah, "change", pd), data).status_code == 200
    pd.refresh_from_db()
    assert (pd.pemda_id, pd.nama) == (dunia.pemda.pk, "Dinas A")
    data["pemda"] = dunia.pemda.pk
    assert dunia.klien.post(_url(PerangkatDaerah, "change", pd), data).status_code == 302
    pd.refresh_from_db()
    assert pd.nama == "Dinas A Baru"
    r = Riwayat.objects.filter(object_id=pd.pk, aksi="admin.ubah").get()
    assert (r.pemda_id, r.oleh, r.sebelum["nama"], r.sesudah["nama"]) == (
        dunia.pemda.pk,
        dunia.admin_a,
        "Dinas A",
        "Dinas A Baru",
    )


def _data_pengguna_baru(pemda, peran="pimpinan") -> dict:
    return {
        "username": "pengguna.baru", "password1": "Kata-Sandi-Uji-789", "password2": "Kata-Sandi-Uji-789",
        "usable_password": "true", "profil-TOTAL_FORMS": "1", "profil-INITIAL_FORMS": "0",
        "profil-MIN_NUM_FORMS": "1", "profil-MAX_NUM_FORMS": "1", "profil-0-pemda": pemda.pk,
        "profil-0-peran": peran, "profil-0-perangkat_daerah": "", "profil-0-jabatan": "",
    }  # fmt: skip


def test_pemda_admin_cannot_create_a_user_of_another_pemda(dunia):
    resp = dunia.klien.post(_url(User, "add"), _data_pengguna_baru(dunia.pemda_lain))
    assert resp.status_code == 200
    assert not User.objects.filter(username="pengguna.baru").exists()


def test_pemda_admin_creates_a_user_of_its_own_pemda_with_history(dunia):
    resp = dunia.klien.post(_url(User, "add"), _data_pengguna_baru(dunia.pemda))
    assert resp.status_code == 302
    baru = User.objects.get(username="pengguna.baru")
    assert (baru.profil.pemda_id, baru.is_superuser, baru.is_staff) == (dunia.pemda.pk, False, False)
    r = Riwayat.objects.get(object_id=baru.pk, aksi="admin.tambah", content_type__model="user")
    assert r.pemda_id == dunia.pemda.pk and "password" not in r.sesudah


def test_pemda_admin_cannot_grant_superuser(dunia):
    sasaran = dunia.milik_a[User]
    data = {"username": sasaran.username, "is_active": "on", "is_staff": "on", "is_superuser": "on"}
    data |= {"profil-TOTAL_FORMS": "1", "profil-INITIAL_FORMS": "1", "profil-MIN_NUM_FORMS": "1"}
    data |= {"profil-MAX_NUM_FORMS": "1", "profil-0-id": sasaran.profil.pk, "profil-0-user": sasaran.pk}
    data |= {"profil-0-pemda": dunia.pemda.pk, "profil-0-peran": "admin", "profil-0-perangkat_daerah": ""}
    assert dunia.klien.post(_url(User, "change", sasaran), data).status_code == 302
    sasaran.refresh_from_db()
    assert (sasaran.is_staff, sasaran.is_superuser, sasaran.profil.peran) == (True, False, "admin")


def test_pemda_admin_does_not_see_a_superuser(dunia, admin_user):
    Profil.objects.create(user=admin_user, pemda=dunia.pemda, peran=Peran.ADMIN)
    assert dunia.klien.get(_url(User, "change", admin_user)).status_code == 404
    assert dunia.klien.get(f"/admin/auth/user/{admin_user.pk}/password/").status_code == 404


def test_pemda_admin_cannot_unlock_its_own_quarter_in_the_admin(dunia):
    kunci = dunia.milik_a[KunciTriwulan]
    assert dunia.klien.get(_url(KunciTriwulan, "change", kunci)).status_code == 200
    data = {"pemda": dunia.pemda.pk, "tahun": TAHUN, "triwulan": 4, "batas_waktu": ""}
    assert dunia.klien.post(_url(KunciTriwulan, "change", kunci), data).status_code == 403
    kunci.refresh_from_db()
    assert (kunci.terkunci, kunci.versi) == (True, 1)
    assert not Riwayat.objects.filter(object_id=kunci.pk, aksi__startswith="admin.").exists()


def test_superuser_unlocking_a_quarter_bumps_versi_and_writes_history(dunia, admin_client):
    kunci = dunia.milik_b[KunciTriwulan]
    data = {"pemda": kunci.pemda_id, "tahun": TAHUN, "triwulan": 4, "batas_waktu": ""}
    assert admin_client.post(_url(KunciTriwulan, "change", kunci), data).status_code == 302
    kunci.refresh_from_db()
    assert (kunci.terkunci, kunci.versi) == (False, 2)
    r = Riwayat.objects.get(object_id=kunci.pk, aksi="admin.ubah")
    assert (r.pemda_id, r.sebelum["terkunci"], r.sesudah["terkunci"]) == (kunci.pemda_id, True, False)


def test_workflow_data_is_read_only_to_the_pemda_admin(dunia):
    request = RequestFactory().get("/admin/")
    request.user = dunia.admin_a
    alur = [Target, PerjanjianKinerja, RevisiPK, Realisasi, KunciTriwulan, Anggaran, Evaluasi]
    rencana = [Sasaran, Indikator, AnggaranSubKegiatan, ManualIK, DokumenIKU, DokumenRencana, Usulan, Kontributor]
    for model in alur + rencana + [HasilEvaluasi, Rekomendasi, Reviu]:
        model_admin = admin.site._registry[model]
        obj = dunia.milik_a[model]
        hak = (model_admin.has_add_permission(request), model_admin.has_change_permission(request, obj))
        assert hak + (model_admin.has_delete_permission(request, obj),) == (False, False, False), _label(model)
    for model in [HasilEvaluasi, Rekomendasi, Laporan, BatchLaporan, Narasi, Reviu, Riwayat]:
        model_admin = admin.site._registry[model]
        obj = dunia.milik_a[model]
        assert not model_admin.has_change_permission(request, obj), _label(model)
        assert not model_admin.has_delete_permission(request, obj), _label(model)


def test_pemda_admin_cannot_change_a_national_instrument(dunia):
    request = RequestFactory().get("/admin/")
    request.user = dunia.admin_a
    nasional = Instrumen.objects.filter(pemda__isnull=True).first()
    model_admin = admin.site._registry[Instrumen]
    assert not model_admin.has_change_permission(request, nasional)
    assert model_admin.has_change_permission(request, dunia.milik_a[Instrumen])


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "organisasi", "inspektorat", "pimpinan", "admin"])
def test_other_roles_and_non_staff_get_no_admin_page(dunia, peran):
    user = getattr(dunia, peran)
    klien = Client()
    klien.force_login(user)
    assert klien.get("/admin/").status_code == 302  # not staff: the admin's login page
    user.is_staff = True
    user.save()
    if peran == "admin":
        return
    resp = klien.get("/admin/")
    assert resp.context["app_list"] == []
    for model, _admin in _terdaftar():
        assert klien.get(_url(model, "changelist")).status_code == 403, (peran, _label(model))
    for model, obj in dunia.milik_a.items():
        assert klien.get(_url(model, "change", obj)).status_code in (403, 404), (peran, _label(model))


def test_demo_admin_is_a_pemda_administrator_not_a_superuser():
    demo.muat()
    admin_demo = User.objects.get(username="admin")
    assert (admin_demo.is_staff, admin_demo.is_superuser) == (True, False)
    assert not User.objects.filter(is_superuser=True).exists()
    klien = Client()
    klien.force_login(admin_demo)
    lain = PerangkatDaerah.objects.filter(pemda__kode="kabupaten-sukamaju").first()
    assert klien.get(_url(PerangkatDaerah, "change", lain)).status_code == 404
    sendiri = PerangkatDaerah.objects.filter(pemda=admin_demo.profil.pemda).first()
    assert klien.get(_url(PerangkatDaerah, "change", sendiri)).status_code == 200


def test_superuser_keeps_the_full_admin(dunia, admin_client):
    for model, obj in dunia.milik_b.items():
        assert admin_client.get(_url(model, "change", obj)).status_code == 200, _label(model)


def test_pemda_admin_opens_every_page_of_its_own_rows(dunia):
    request = RequestFactory().get("/admin/")
    request.user = dunia.admin_a
    for model, obj in dunia.milik_a.items():
        for nama in ["change", "history"]:
            assert dunia.klien.get(_url(model, nama, obj)).status_code == 200, (_label(model), nama)
        boleh = admin.site._registry[model].has_add_permission(request)
        assert dunia.klien.get(_url(model, "add")).status_code == (200 if boleh else 403), _label(model)


def test_pemda_admin_revokes_its_users_token_with_history_and_never_sees_a_key(dunia):
    token = dunia.milik_a[TokenProxy]
    resp = dunia.klien.get(_url(TokenProxy, "changelist"))
    assert token.key not in resp.content.decode()
    assert dunia.klien.post(_url(TokenProxy, "delete", token), {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(key=token.key).exists()
    r = Riwayat.objects.get(aksi="admin.hapus", object_id=token.user_id, content_type__model="user")
    assert (r.pemda_id, r.oleh) == (dunia.pemda.pk, dunia.admin_a) and "key" not in r.sebelum


def test_pemda_admin_copies_a_national_instrument_into_its_own_pemda_only(dunia):
    """The copy action: a national instrument becomes the pemda's own adaptation; another pemda's instrument
    is not copied (issue 11 point 10 through the admin)."""
    nasional = instrumen_b()
    sudah_ada = list(Instrumen.objects.filter(induk=nasional).values_list("pk", flat=True))  # its later versions
    milik_lain = ev_services.instrumen_salin(instrumen=nasional, oleh=buat_pengguna(dunia.pemda_lain, Peran.ADMIN))
    for ins in (nasional, milik_lain):
        dunia.klien.post(
            reverse("admin:evaluasi_instrumen_changelist"),
            {"action": "salin_instrumen", "_selected_action": [ins.pk]},
        )
    salinan = Instrumen.objects.filter(induk=nasional).exclude(pk__in=[milik_lain.pk, *sudah_ada])
    assert [s.pemda_id for s in salinan] == [dunia.pemda.pk]
    assert not Instrumen.objects.filter(induk=milik_lain).exists()


def test_pemda_admin_edits_its_planning_period_with_history_and_a_version_bump(dunia):
    periode = dunia.milik_a[PeriodePerencanaan]
    data = {"pemda": dunia.pemda_lain.pk, "jenis": "rpjmd", "tahun_mulai": 2021, "tahun_akhir": 2026}
    data |= {"visi": "Kota yang maju (uji)", "misi": "", "status": "draf"}
    assert dunia.klien.post(_url(PeriodePerencanaan, "change", periode), data).status_code == 200  # other pemda
    data["pemda"] = dunia.pemda.pk
    assert dunia.klien.post(_url(PeriodePerencanaan, "change", periode), data).status_code == 302
    periode.refresh_from_db()
    assert (periode.pemda_id, periode.visi, periode.versi) == (dunia.pemda.pk, "Kota yang maju (uji)", 2)
    r = Riwayat.objects.get(object_id=periode.pk, aksi="admin.ubah", content_type__model="periodeperencanaan")
    assert (r.pemda_id, r.sebelum["visi"], r.sesudah["visi"]) == (dunia.pemda.pk, "", "Kota yang maju (uji)")
    data["status"] = "final"  # only "Tetapkan RPJMD" sets it final, and nothing sets it back
    assert dunia.klien.post(_url(PeriodePerencanaan, "change", periode), data).status_code == 302
    periode.refresh_from_db()
    assert periode.status == "draf"


def test_a_final_planning_period_is_read_only_in_the_admin(dunia):
    """A change to a final RPJMD is a revision with a reason, counted on the period: only the RPJMD page."""
    periode = dunia.milik_a[PeriodePerencanaan]
    PeriodePerencanaan.objects.filter(pk=periode.pk).update(status="final")
    data = {"pemda": dunia.pemda.pk, "jenis": "rpjmd", "tahun_mulai": 2021, "tahun_akhir": 2026}
    data |= {"visi": "Tanpa alasan", "misi": ""}
    assert dunia.klien.post(_url(PeriodePerencanaan, "change", periode), data).status_code == 403
    assert dunia.klien.post(_url(PeriodePerencanaan, "delete", periode), {"post": "yes"}).status_code == 403
    periode.refresh_from_db()
    assert (periode.visi, periode.revisi, periode.versi) == ("", 0, 1)
    assert dunia.klien.get(_url(PeriodePerencanaan, "change", periode)).status_code == 200  # still readable


def _simpul_rpjmd_final(dunia):
    """A city node of the pemda's final RPJMD with its one indicator (THE lock: `rencana.kunci_simpul`)."""
    periode = dunia.milik_a[PeriodePerencanaan]
    PeriodePerencanaan.objects.filter(pk=periode.pk).update(status="final")
    ind = buat_indikator(sasaran=buat_sasaran(dunia.pemda, periode=periode), pemda=dunia.pemda)
    assert kunci_simpul(ind.sasaran) is not None
    return ind.sasaran, ind


def _tolak_ubah_dan_hapus(klien, model, obj, data: dict) -> None:
    sebelum = _sidik(obj)
    assert klien.post(_url(model, "change", obj), data).status_code == 403, _label(model)
    assert klien.post(_url(model, "delete", obj), {"post": "yes"}).status_code == 403, _label(model)
    aksi = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    klien.post(_url(model, "changelist"), aksi)
    assert _sidik(obj) == sebelum, _label(model)


def test_a_node_and_an_indicator_of_a_final_rpjmd_are_refused_in_the_admin(dunia):
    """A change of a final plan is a revision with a reason on the node pages (issue 13 §3): the admin is no
    way around it, nor around the node rule and the last-indicator rule of the in-app delete."""
    simpul, ind = _simpul_rpjmd_final(dunia)
    riwayat, revisi = Riwayat.objects.count(), dunia.milik_a[PeriodePerencanaan].revisi
    data = {"pemda": dunia.pemda.pk, "kode": simpul.kode, "uraian": "Tanpa alasan", "satuan": "%"}
    _tolak_ubah_dan_hapus(dunia.klien, Sasaran, simpul, data)
    _tolak_ubah_dan_hapus(dunia.klien, Indikator, ind, data | {"sasaran": simpul.pk, "kode": ind.kode})
    assert dunia.klien.post(_url(Sasaran, "add"), data).status_code == 403
    assert dunia.klien.post(_url(Indikator, "add"), data | {"sasaran": simpul.pk, "kode": "BARU"}).status_code == 403
    assert (Riwayat.objects.count(), PeriodePerencanaan.objects.get(pk=simpul.periode_id).revisi) == (riwayat, revisi)
    assert dunia.klien.get(_url(Indikator, "change", ind)).status_code == 200  # still readable


def test_the_superuser_cannot_change_or_delete_a_node_or_an_indicator_of_a_final_rpjmd(dunia, admin_client):
    simpul, ind = _simpul_rpjmd_final(dunia)
    data = {"pemda": dunia.pemda.pk, "kode": simpul.kode, "uraian": "Tanpa alasan", "satuan": "%"}
    _tolak_ubah_dan_hapus(admin_client, Sasaran, simpul, data)
    _tolak_ubah_dan_hapus(admin_client, Indikator, ind, data | {"sasaran": simpul.pk, "kode": ind.kode})


def test_no_one_deletes_a_workflow_row_in_the_admin(dunia, admin_client):
    """A final evaluation, a set PK, a verified realisation, a final IKU document, a decided proposal or
    contributor, a finished reviu: their service is the only way; the superuser's delete is refused too."""
    e = Evaluasi.objects.get(pk=dunia.milik_a[Evaluasi].pk)
    Realisasi.objects.filter(pk=dunia.milik_a[Realisasi].pk).update(status="diverifikasi")
    PerjanjianKinerja.objects.filter(pk=dunia.milik_a[PerjanjianKinerja].pk).update(status="ditetapkan")
    DokumenIKU.objects.filter(pk=dunia.milik_a[DokumenIKU].pk).update(status="final")
    Usulan.objects.filter(pk=dunia.milik_a[Usulan].pk).update(status="disetujui")
    Kontributor.objects.filter(pk=dunia.milik_a[Kontributor].pk).update(status="disetujui")
    assert e.status == "final"
    alur = [Evaluasi, HasilEvaluasi, Rekomendasi, Realisasi, PerjanjianKinerja, RevisiPK, Target, DokumenIKU]
    for model in alur + [DokumenRencana, ManualIK, Usulan, Kontributor, AnggaranSubKegiatan, Reviu]:
        obj = dunia.milik_a[model]
        sebelum = _sidik(obj)
        assert admin_client.post(_url(model, "delete", obj), {"post": "yes"}).status_code == 403, _label(model)
        assert admin_client.post(_url(model, "change", obj), {}).status_code == 403, _label(model)
        assert _sidik(obj) == sebelum, _label(model)
    assert Evaluasi.objects.filter(pk=e.pk, status="final").exists()


def test_a_tree_levels_allowed_parents_offer_only_the_own_pemdas_levels(dunia):
    tingkat = dunia.milik_a[TingkatPohon]
    resp = dunia.klien.get(_url(TingkatPohon, "change", tingkat))
    pilihan = resp.context["adminform"].form.fields["induk_boleh"].queryset
    assert set(pilihan.values_list("pemda_id", flat=True)) == {dunia.pemda.pk}
    assert pilihan.count() == TingkatPohon.objects.filter(pemda=dunia.pemda).count()


def test_a_level_a_final_plans_node_stands_on_is_read_only_in_the_admin(dunia, admin_client):
    """Changing a level's allowed parents would move the place rule under a final RPJMD without a revision."""
    simpul, _ind = _simpul_rpjmd_final(dunia)
    tingkat = tingkat_bawaan_pastikan(pemda=dunia.pemda)["sasaran_rpjmd"]
    bebas = tingkat_bawaan_pastikan(pemda=dunia.pemda)["tematik"]
    Sasaran.objects.filter(pk=simpul.pk).update(tingkat=tingkat)
    data = {"pemda": dunia.pemda.pk, "kode": tingkat.kode, "nama": "Diubah", "urutan": 1, "lingkup": "kota"}
    for klien in (dunia.klien, admin_client):
        sebelum = _sidik(tingkat)
        assert klien.post(_url(TingkatPohon, "change", tingkat), data).status_code == 403
        assert klien.post(_url(TingkatPohon, "delete", tingkat), {"post": "yes"}).status_code == 403
        assert _sidik(tingkat) == sebelum
        assert klien.get(_url(TingkatPohon, "change", bebas)).context["has_change_permission"]
    PeriodePerencanaan.objects.filter(pk=simpul.periode_id).update(status="draf")
    assert dunia.klien.get(_url(TingkatPohon, "change", tingkat)).context["has_change_permission"]
