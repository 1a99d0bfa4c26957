.PHONY: demo test setup translations

# Extra pytest arguments: make test PYTEST_ARGS="-k foo -x"
PYTEST_ARGS ?=

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh $(PYTEST_ARGS)

setup:
	bash scripts/setup.sh

translations: setup
	.venv/bin/pybabel extract -F babel.cfg -k _l -k N_ -o translations/messages.pot .
	if [ -n "$$(find translations -name '*.po' -print -quit)" ]; then \
	    .venv/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching && \
	    .venv/bin/pybabel -q compile -d translations -f; \
	else echo "no catalogs yet; create one with: .venv/bin/pybabel init -i translations/messages.pot -d translations -l zh"; fi
