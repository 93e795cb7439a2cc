"""THE file input (issue 17 point 7): every file input of the product is templates/_berkas.html, which reads
"Pilih berkas" instead of the browser's English "Choose file", in templates and in forms alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluasi.forms import TindakLanjutForm
from tests.kinerja.factories import url_realisasi

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_no_template_writes_its_own_file_input():
    sendiri = [str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html") if 'type="file"' in p.read_text()]
    assert sendiri == ["_berkas.html"]


@pytest.mark.django_db
def test_the_realisasi_page_offers_pilih_berkas_per_row_with_its_name(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a)).content.decode()
    pk = str(ind.pk)
    assert f'id="bukti-{pk}" name="bukti-{pk}"' in html and f'for="bukti-{pk}"' in html
    assert 'aria-label="Bukti IK-A1"' in html and "Pilih berkas" in html and "Belum ada berkas dipilih" in html
    assert 'id="berkas" name="berkas" accept=".xlsx" required' in html  # the Excel import of the same page


def test_a_form_file_field_renders_through_the_same_template():
    html = str(TindakLanjutForm()["bukti"])
    assert 'type="file"' in html and 'id="id_bukti" name="bukti"' in html
    assert '<label class="tombol tombol-kecil berkas-tombol" for="id_bukti">Pilih berkas</label>' in html
