# SAKIP Kota. `make run` and `make test` work on a fresh machine with only python3.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# where `make run` listens: `make run ALAMAT=127.0.0.1:8080` for another port
ALAMAT ?= 127.0.0.1:8000
STAMP := $(VENV)/.terpasang

.PHONY: run test lint format demo install migrate

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py muat_demo --jika-kosong
	$(PY) manage.py cek_sistem
	$(PY) manage.py jalankan --alamat $(ALAMAT)

# pytest exits 5 when it collected no test: that is a failure too, and says so.
test: $(STAMP)
	@$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest tidak menemukan satu tes pun: gagal." >&2; exit 1; fi; exit $$status

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

demo: migrate
	$(PY) manage.py muat_demo --reset
