"""The capaian bars of the LKjIP (laporan/grafik.py): an axis from 0 past the largest bar and the 100 % line,
in round steps; each bar as long as its capaian on it; an indicator without a capaian has no bar and says so."""

from __future__ import annotations

import base64
import re
from decimal import Decimal

from laporan import grafik


def test_bars_start_at_zero_with_the_target_line_at_one_hundred():
    g = grafik.batang_capaian(["A", "B", "C"], [Decimal("100"), Decimal("60.5"), None], "Capaian")
    assert [t["teks"] for t in g["skala"]] == ["0%", "20%", "40%", "60%", "80%", "100%", "120%"]
    assert g["skala"][0]["posisi"] == "0.00%" and g["skala"][-1]["posisi"] == "100.00%"
    assert g["target"] == "83.33%"  # 100 on an axis to 120
    assert [(b["lebar"], b["nilai"], b["dinilai"]) for b in g["baris"]] == [
        ("83.33%", "100,00%", True),
        ("50.42%", "60,50%", True),
        ("0.00%", "belum dilaporkan", False),
    ]


def test_a_large_capaian_widens_the_axis_and_keeps_its_full_label():
    nama = "Persentase penduduk yang memperoleh layanan air minum layak dan aman di seluruh kecamatan"
    g = grafik.batang_capaian([nama], [Decimal("260")], "Capaian")
    assert g["skala"][-1]["teks"] == "300%" and g["target"] == "33.33%"
    assert g["baris"][0] == {"label": nama, "lebar": "86.67%", "nilai": "260,00%", "dinilai": True}


def test_no_indicator_assessed_still_draws_the_axis_to_the_target():
    g = grafik.batang_capaian(["A"], [None], "Capaian")
    assert g["skala"][-1]["teks"] == "120%" and g["baris"][0]["lebar"] == "0.00%"


def _svg(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def test_a_trend_value_just_under_the_target_keeps_its_label_clear_of_the_target_line():
    svg = _svg(grafik.garis_tren([2023, 2024], [Decimal("67.31"), Decimal("69.04")], Decimal("70"), "Tren"))
    [garis_target] = re.findall(r'<path d="M [\d.]+ ([\d.]+) \s*L [\d.]+ \1 \s*" clip-path', svg)
    target_y = float(garis_target)
    for teks in ("67,31", "69,04"):
        [y] = re.findall(r'y="([\d.]+)"[^>]*>' + teks + "<", svg)
        atas, bawah = float(y) - 7, float(y) + 2  # the 7 px text's box around its baseline
        jarak = min(abs(target_y - atas), abs(target_y - bawah))
        assert not atas <= target_y <= bawah and jarak >= 3, (teks, y, target_y)
