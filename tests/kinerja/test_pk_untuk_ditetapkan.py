"""The kepala PD's first task leads their home page (issue 17 point 1): each draft PK of their PD is listed
under "Perlu ditindaklanjuti" with a link to set it; the operator, who cannot set a PK, is not told to."""

from __future__ import annotations

from django.urls import reverse

from kinerja.models import PerjanjianKinerja
from tests.kinerja.factories import url_realisasi


def _butir_pk(client, user, pd) -> str:
    client.force_login(user)
    html = client.get(url_realisasi(pd, 2025, 1)).content.decode()
    if 'id="judul-perhatian"' not in html:
        return ""
    awal = html.index('id="judul-perhatian"')
    assert awal < html.index("<table")
    return html[awal : html.index("</section>", awal)]


def test_the_kepala_sees_each_draft_pk_to_set_at_the_top(client, pemeran, ind):
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2026)
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025, status="ditetapkan")
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_b, tahun=2026)  # another PD's: not theirs
    perhatian = _butir_pk(client, pemeran.kepala_a, pemeran.pd_a)
    assert reverse("kinerja:pk", args=[pemeran.pd_a.pk, 2026]) in perhatian
    assert perhatian.count('class="pk-ditetapkan"') == 1
    assert reverse("kinerja:pk", args=[pemeran.pd_a.pk, 2025]) not in perhatian


def test_the_operator_is_not_told_to_set_the_pk(client, pemeran, ind):
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2026)
    assert 'class="pk-ditetapkan"' not in _butir_pk(client, pemeran.operator_a, pemeran.pd_a)
