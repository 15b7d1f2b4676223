# Scorebook: `make run` starts the app on a demo workspace; `make test` installs and runs the tests.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DEMO   ?= $(HOME)/.cache/scorebook-demo

.PHONY: all install sysdeps catalogs run test test-fast lint bench package deb clean

all: test

sysdeps:
	@bash packaging/install-system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

install: sysdeps $(STAMP)

catalogs: $(STAMP)
	@$(PY) -m desktop.i18n.build compile

run: install catalogs
	$(PY) -m desktop.run_demo "$(DEMO)"

test: install catalogs
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

test-fast: install catalogs
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy desktop tests bench tools

bench: install catalogs
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

package: install catalogs
	$(PY) -m pip install -q -e '.[package]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/scorebook.spec

# A Debian-family package (UOS, Kylin, Debian, Ubuntu) of the one-folder app: dist/scorebook_*.deb
deb: package
	@bash packaging/install-deb-tools.sh
	$(PY) packaging/linux/build_deb.py --app dist/scorebook --out dist

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
