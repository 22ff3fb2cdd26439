# Two commands on a fresh machine with only Python (and apt for the test tools):
#   make demo   install kg and run the whole job on the sample (demo/corpus, or ../shared/corpus)
#   make test   install kg with its test tools and run the tests
PYTHON ?= python3
VENV ?= .venv
# The demo reads the Amnesty sample when ../shared/corpus is beside the clone, else the
# bundled fictional corpus in demo/corpus (a news listing, a press release, a record file).
AMNESTY = ../shared/corpus/amnesty-russia-2018-2019.txt
SAMPLE ?= $(firstword $(wildcard $(AMNESTY)) demo/corpus)
ifeq ($(SAMPLE),demo/corpus)
PERSON ?= Pieter Valk
FACT ?= https://w3id.org/kg/id/detention/northbridge-rights-watch-news.html/1/1
else ifeq ($(SAMPLE),$(AMNESTY))
PERSON ?= Oyub Titiev
FACT ?= https://w3id.org/kg/id/detention/amnesty-russia-2018-2019.txt/14/1
endif
STORE ?= demo-store
KG = $(VENV)/bin/kg
APT_PACKAGES = raptor2-utils chromium

.PHONY: demo test score install install-test system-deps clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

install: $(VENV)/bin/python
	$(VENV)/bin/pip install -q .

install-test: $(VENV)/bin/python system-deps
	$(VENV)/bin/pip install -q -e '.[test]'

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: install
	rm -rf $(STORE)
	@echo "== build: $(SAMPLE)"
	$(KG) build $(SAMPLE) --store $(STORE)
	@echo "== validate"
	$(KG) validate --store $(STORE) --no-warnings
	@echo "== who spoke about whom"
	$(KG) query who-spoke-about-whom --store $(STORE)
ifneq ($(FACT),)
	@echo "== the words behind one fact"
	$(KG) query evidence -p subject "<$(FACT)>" --store $(STORE) --format csv
endif
ifneq ($(PERSON),)
	@echo "== one person, by name"
	$(KG) show "$(PERSON)" --store $(STORE)
endif
	@echo "== the picture and the Turtle export"
	$(KG) viz -o $(STORE)-network.html --store $(STORE)
	$(KG) export --store $(STORE) --format turtle -o $(STORE).ttl
	@echo "wrote $(abspath $(STORE)-network.html) (open it in a browser: it works offline)"
	@echo "wrote $(abspath $(STORE).ttl)"

test: install-test
	$(VENV)/bin/pytest

# every gold page in the repository, and the shared sample when ../shared is beside the clone
score: install
	$(KG) score tests/fixtures $(wildcard ../shared/gold/*.gold.json)

clean:
	rm -rf $(VENV) $(STORE) $(STORE).ttl $(STORE)-network.html build dist *.egg-info
