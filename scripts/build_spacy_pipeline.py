"""Provide the Dutch spaCy pipeline that the bot's SpacyNLP component loads by path.

Prefers Explosion's real `nl_core_news_sm` (installed package, or the official
wheel where the network allows); otherwise builds the project's own pipeline:
spaCy's Dutch tokenizer rules plus the lookup lemmatizer from spacy-lookups-data.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

OFFICIAL_WHEEL = (
    "https://github.com/explosion/spacy-models/releases/download/"
    "nl_core_news_sm-3.4.0/nl_core_news_sm-3.4.0-py3-none-any.whl"
)
OWN_NAME = "steunwijzer_nl"


def try_install_official() -> bool:
    """Try the official wheel once; offline machines fail within seconds."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--timeout", "5",
         "--retries", "0", OFFICIAL_WHEEL],
        capture_output=True, text=True, check=False,
    )
    return result.returncode == 0


def official_available(allow_download: bool) -> bool:
    """True when nl_core_news_sm can be imported (after an optional install)."""
    if importlib.util.find_spec("nl_core_news_sm") is not None:
        return True
    return allow_download and try_install_official()


def build_own():  # type: ignore[no-untyped-def]
    """Dutch tokenizer rules plus the lookup lemmatizer (schulden -> schuld)."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = OWN_NAME
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "spaCy Dutch tokenizer + lookup lemmatizer (spacy-lookups-data)"
    return nlp


def load_pipeline(allow_download: bool):  # type: ignore[no-untyped-def]
    """Return (nlp, which) for the best pipeline this machine can have."""
    if official_available(allow_download):
        import spacy

        return spacy.load("nl_core_news_sm"), "nl_core_news_sm"
    return build_own(), OWN_NAME


def current_name(target: Path) -> str | None:
    """Name of the pipeline already saved at target, if any."""
    meta = target / "meta.json"
    if not meta.is_file():
        return None
    return str(json.loads(meta.read_text(encoding="utf-8")).get("name"))


def main(argv: list[str] | None = None) -> int:
    """Save the pipeline to the target folder unless an equal one is there."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--offline", action="store_true", help="never try the wheel download")
    args = parser.parse_args(argv)
    existing = current_name(args.target)
    if existing == "core_news_sm" or (existing == OWN_NAME and not official_available(False)):
        print(f"==> Dutch spaCy pipeline: {existing} (already at {args.target})")
        return 0
    nlp, which = load_pipeline(allow_download=not args.offline)
    nlp.to_disk(args.target)
    if which == OWN_NAME:
        print(f"==> Dutch spaCy pipeline: nl_core_news_sm could not be installed here; "
              f"built the project's own pipeline '{OWN_NAME}' at {args.target}")
    else:
        print(f"==> Dutch spaCy pipeline: official nl_core_news_sm saved at {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
