"""Train the Rasa model only when the bot's inputs changed since the last training.

Run with the bot virtualenv's Python. The hash covers the config, domain,
training data, custom components and the Dutch spaCy pipeline's metadata.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
MODEL = BOT / "models" / "steunwijzer.tar.gz"
STAMP = BOT / "models" / ".inputs.sha256"
SPACY_STAMP = BOT / "models" / ".spacy.sha256"
LOG = BOT.parent / "build" / "train.log"
INPUTS = ["config.yml", "domain", "data", "components", "requirements.txt"]


def files_of(path: Path) -> list[Path]:
    """All files under a path, in a stable order, without caches."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def digest(paths: list[Path]) -> str:
    """SHA-256 over the names and contents of the given files."""
    sha = hashlib.sha256()
    for path in paths:
        sha.update(str(path.relative_to(BOT)).encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def read(path: Path) -> str:
    """A stamp file's content, or '' when absent."""
    return path.read_text().strip() if path.is_file() else ""


def main() -> int:
    """Train when needed; a changed spaCy pipeline also clears Rasa's cache."""
    spacy_hash = digest([BOT / "spacy_nl" / "meta.json"])
    inputs_hash = digest([f for name in INPUTS for f in files_of(BOT / name)] + [BOT / "spacy_nl" / "meta.json"])
    if MODEL.is_file() and read(STAMP) == inputs_hash:
        print(f"==> model is up to date ({MODEL.relative_to(BOT.parent)}); not retraining")
        return 0
    if read(SPACY_STAMP) != spacy_hash:
        shutil.rmtree(BOT / ".rasa", ignore_errors=True)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    print(f"==> bot inputs changed: training the Rasa model (about 8 to 15 minutes on 2 cores; log: {LOG}) ...",
          flush=True)
    rasa = str(Path(sys.executable).parent / "rasa")
    command = [rasa, "train", "--config", "config.yml", "--domain", "domain", "--data", "data",
               "--out", "models", "--fixed-model-name", "steunwijzer"]
    started = time.monotonic()
    with LOG.open("w") as log:  # progress bars would flood the console and CI output
        code = subprocess.run(command, cwd=BOT, stdout=log, stderr=subprocess.STDOUT, check=False).returncode
    if code != 0:
        print("\n".join(LOG.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
        print(f"ERROR: 'rasa train' failed (last lines above, full log {LOG}); "
              "check bot/config.yml, bot/domain and bot/data", file=sys.stderr)
        return 1
    print(f"==> model trained in {time.monotonic() - started:.0f}s: {MODEL.relative_to(BOT.parent)}")
    STAMP.write_text(inputs_hash)
    SPACY_STAMP.write_text(spacy_hash)
    return 0


if __name__ == "__main__":
    sys.exit(main())
