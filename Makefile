# Two commands for a new user (see README):
#   make run    install into .venv, build the bundled corpus if needed, start the dashboard
#   make test   install into .venv (and Debian's chromium for the browser test), run every test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test install build bench eval chromium clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

data/build/flows.geojson: $(VENV)/.installed $(wildcard data/articles/*) $(wildcard data/*.csv) $(shell find pipeline -name "*.py")
	$(PY) -m pipeline build --articles data/articles --out data/build

build: data/build/flows.geojson

run: build
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# The browser test drives Debian's chromium; never a downloaded browser.
chromium:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: install chromium
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest

bench: install
	$(PY) -m pipeline bench

# Scores the seeds and the real-news corpus (eval/realnews: refill its texts first, see its README).
eval: install
	$(PY) eval/realnews/check.py
	$(PY) -m pipeline evaluate

clean:
	rm -rf data/build data/cache
