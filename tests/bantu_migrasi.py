"""Migration tests (DEVELOPERS: "upgrades lose nothing"): migrate back to the state before a change, write
real-looking rows with that state's historical models, migrate forward, and read them back.

Use from a `@pytest.mark.django_db(transaction=True)` test:

    lama = migrasi_ke([("kinerja", "0001_initial")])
    Indikator = lama.get_model("kinerja", "Indikator")
    ...create rows...
    baru = migrasi_ke([("kinerja", "0002_batas_nilai")])
    ...assert on baru.get_model(...)...

The fixture `migrasi_ke` migrates the database to the latest state again after the test, so the next
test sees the full schema.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _migrasi(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.fixture
def migrasi_ke(django_db_blocker):
    """migrasi_ke([(app, name), ...]) -> the historical apps registry at that state."""
    yield _migrasi
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
