# Two commands on a fresh machine with only Python (and apt for the test tools):
#   make demo   install kg and run the whole job on the sample
#   make test   install kg with its test tools and run the tests
PYTHON ?= python3
VENV ?= .venv
SAMPLE ?= $(firstword $(wildcard ../shared/corpus/amnesty-russia-2018-2019.txt) tests/fixtures/page.txt)
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
	$(KG) build $(SAMPLE) --store $(STORE)
	$(KG) validate --store $(STORE) --no-warnings
	$(KG) query who-spoke-about-whom --store $(STORE)
	$(KG) export --store $(STORE) --format turtle -o $(STORE).ttl
	@echo "wrote $(STORE).ttl"

test: install-test
	$(VENV)/bin/pytest

# every gold page in the repository, and the shared sample when ../shared is beside the clone
score: install
	$(KG) score tests/fixtures $(wildcard ../shared/gold/*.gold.json)

clean:
	rm -rf $(VENV) $(STORE) $(STORE).ttl build dist *.egg-info
