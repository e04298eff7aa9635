# The two commands of the README: `make edition` (set up + build the whole edition) and
# `make test` (set up + run the whole test suite).
.PHONY: setup edition test bench lock clean

setup:
	./scripts/setup.sh

edition: setup
	.venv/bin/tei-edition build

test: setup
	.venv/bin/python -m pytest -q

bench: setup
	.venv/bin/python benchmarks/run_all.py

lock:
	./scripts/lock.sh

clean:
	rm -rf build .pytest_cache
