.PHONY: setup demo test serve eval bench

setup:
	./scripts/setup

demo: setup
	.venv/bin/factalign summarise seeds/000_3bd73946c354d6d9.txt

test:
	./scripts/check

serve:
	.venv/bin/factalign serve

eval:
	.venv/bin/factalign eval

bench:
	.venv/bin/python -m bench
