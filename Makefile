# The two commands of the README: `make edition` (set up + build the whole edition) and
# `make test` (set up + run the whole test suite).
.PHONY: setup edition test bench lock clean

setup:
	./scripts/setup.sh

edition: setup
	.venv/bin/tei-edition build

# One pytest worker per core (at most 4), a test module's tests on one worker (its module fixtures
# are made once); the workers share one build of the edition (tests/conftest.py, `edition`).
test: setup
	.venv/bin/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile

bench: setup
	.venv/bin/python benchmarks/run_all.py

lock:
	./scripts/lock.sh

clean:
	rm -rf build .pytest_cache
