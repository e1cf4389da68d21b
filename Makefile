# Steunwijzer: one front door. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ROOT          := $(CURDIR)
BOT_VENV      ?= $(ROOT)/.venv-bot
REFERRAL_VENV ?= $(ROOT)/.venv-referral
PYTHON311     ?= python3.11
BOT_PY        := $(BOT_VENV)/bin/python
REF_PY        := $(REFERRAL_VENV)/bin/python
# The CLI never serves requests; a throwaway key satisfies create_app() when none is set.
FLASK         := SECRET_KEY="$${SECRET_KEY:-$$(python3 -c 'import secrets; print(secrets.token_hex(16))')}" $(REFERRAL_VENV)/bin/flask --app referral_service
export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: help run test setup venvs venv-bot venv-referral spacy db data-apply model browser-deps \
        check check-referral check-bot check-snapshot lint validate test-stories bench-referral bench-places bench-bot bench-signals crisis-model bench-crisis audit clean

help: ## Show this help
	@echo "Steunwijzer: citizen-help chat and helpline triage."
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: setup ## Set everything up and start the whole service (Ctrl-C stops it)
	@python3 scripts/run.py

test: setup browser-deps ## Set everything up and run every test, lint and check
	@python3 scripts/test_all.py

check: venvs ## Lint (ruff, ruff format, mypy) and unit tests; no training, browser or integration (< 2 min)
	@echo "==> make check: three parts on two cores; each prints its output when it is done"
	@$(MAKE) --no-print-directory -j2 -k --output-sync=target check-referral check-bot check-snapshot

# The parts of make check. On 2 cores: the referral service's lint and tests on one, the bot's on the
# other, then the behaviour snapshot (tests/referral_service/test_behaviour.py, the slowest referral
# test) on whichever is free first. tests/bot/test_crisis_eval.py embeds the whole evaluation set
# (many minutes): a floor under the crisis benchmark, left to make test.
check-referral:
	@$(REFERRAL_VENV)/bin/ruff check .
	@$(REFERRAL_VENV)/bin/ruff format --check .
	@$(REFERRAL_VENV)/bin/mypy referral_service scripts
	@$(REF_PY) -m pytest -q tests/referral_service tests/infra --ignore=tests/referral_service/test_behaviour.py

check-bot:
	@$(BOT_VENV)/bin/mypy --config-file pyproject.toml actions bot/components bot/crisis
	@$(BOT_PY) -m pytest -q tests/actions tests/bot --ignore=tests/bot/test_crisis_eval.py

check-snapshot:
	@$(REF_PY) -m pytest -q tests/referral_service/test_behaviour.py

setup: venvs spacy db model ## Virtualenvs, Dutch spaCy pipeline, database and trained model

venvs: venv-bot venv-referral ## Both virtualenvs (reused when their requirements did not change)

venv-bot: ## Python 3.10 virtualenv for Rasa and the action server
	@PY310="$$(scripts/find_python310.sh)" || exit 1; \
	scripts/ensure_venv.sh "$(BOT_VENV)" "$$PY310" bot/requirements.txt actions/requirements.txt bot/requirements-dev.txt

venv-referral: ## Python 3.11 virtualenv for the referral service
	@command -v $(PYTHON311) >/dev/null || { echo "ERROR: $(PYTHON311) not found; the referral service needs Python 3.11 (set PYTHON311=/path/to/python3.11)" >&2; exit 1; }
	@scripts/ensure_venv.sh "$(REFERRAL_VENV)" "$$(command -v $(PYTHON311))" referral_service/requirements.txt referral_service/requirements-dev.txt

spacy: venv-bot ## The Dutch spaCy pipeline (real nl_core_news_sm if installable, else our own)
	@$(BOT_PY) scripts/build_spacy_pipeline.py bot/spacy_nl

db: venv-referral ## Create/upgrade the database, load data/regelingen if empty (else report differences), make sure an admin exists
	@echo "==> database: migrating; data/regelingen loaded into an empty database, else compared"
	@$(FLASK) db upgrade >/dev/null || { echo "ERROR: database migration failed (DATABASE_URL=$${DATABASE_URL:-embedded SQLite})" >&2; exit 1; }
	@$(FLASK) data load data/regelingen
	@$(FLASK) users ensure-admin

data-apply: venv-referral ## Apply changes in data/regelingen to the database (audited; keeps admin edits, refuses conflicts)
	@$(FLASK) data apply data/regelingen

model: venv-bot spacy ## Train the Rasa model, only when the bot's inputs changed
	@$(BOT_PY) scripts/train_if_changed.py

browser-deps: ## Chromium (Debian) and axe-core (npm) for the browser tests
	@scripts/browser_deps.sh

lint: venvs ## ruff and mypy over all Python code
	@$(REFERRAL_VENV)/bin/ruff check .
	@$(REFERRAL_VENV)/bin/mypy referral_service scripts
	@cd $(ROOT) && $(BOT_VENV)/bin/mypy --config-file pyproject.toml actions bot/components bot/crisis

validate: venv-bot ## rasa data validate (fails on warnings)
	@cd bot && $(BOT_VENV)/bin/rasa data validate --config config.yml --domain domain --data data --fail-on-warnings

test-stories: model ## The bot's test stories against the trained model
	@cd bot && $(BOT_VENV)/bin/rasa test core --model models/steunwijzer.tar.gz --stories tests --fail-on-prediction-errors --out ../build/rasa-results

bench-referral: venv-referral ## Referrals and resolve against health under gunicorn, with wrk (writes docs/benchmarks.md)
	@$(REF_PY) scripts/bench_referral.py

bench-places: venv-referral ## Place finding on its evaluation set (writes docs/benchmarks.md)
	@$(REF_PY) scripts/bench_places.py

bench-signals: venv-bot venv-referral ## What a signal adds to a reply, and /admin/signals with a year of data (writes docs/benchmarks.md)
	@mkdir -p build
	@$(BOT_PY) scripts/bench_signals.py bot > build/bench_signals_bot.json
	@$(REF_PY) scripts/bench_signals.py page --bot build/bench_signals_bot.json

bench-bot: setup ## Benchmark the bot against Rasa's default pipeline (writes docs/benchmarks.md)
	@$(BOT_PY) scripts/bench_bot.py

crisis-model: venv-bot ## Retrain the crisis risk model (bot/crisis/weights.json) after its corpus changed
	@cd bot && $(BOT_PY) -m crisis.train

bench-crisis: venv-bot ## Benchmark the crisis safety net on its evaluation set (writes docs/benchmarks.md)
	@$(BOT_PY) scripts/bench_crisis.py

audit: venvs ## Dependency audit of both virtualenvs with pip-audit (writes docs/audit.md; exit 2 = audit service unreachable)
	@$(REF_PY) scripts/audit.py --write

clean: ## Remove virtualenvs, models, databases and build output
	rm -rf $(BOT_VENV) $(REFERRAL_VENV) bot/models bot/.rasa bot/spacy_nl instance build
