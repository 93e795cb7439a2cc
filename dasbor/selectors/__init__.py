"""Reads of the dashboards: they pick, label and format what the other apps' selectors and engines
compute, through the access choke point, in a fixed number of queries."""

from .organisasi import KOLOM_URUT, DasborOrganisasi, dasbor_organisasi, urutkan
from .pimpinan import DasborPimpinan, dasbor_pimpinan

__all__ = ["KOLOM_URUT", "DasborOrganisasi", "DasborPimpinan", "dasbor_organisasi", "dasbor_pimpinan", "urutkan"]
