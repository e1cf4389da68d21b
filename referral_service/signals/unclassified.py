"""Unclassified messages as Rasa NLU YAML for labelling (`flask nlu unclassified --export FILE`).

Convention: one intent per reason, named ``TODO_asked_back`` and ``TODO_out_of_scope``. A
labeller moves each example to the intent it belongs to (bot/data/nlu/<intent>.yml), or
deletes it; a ``TODO_`` intent must never be trained. The texts are the redacted ones
(placeholders such as [BSN] stay), one line each, each text once.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from sqlalchemy import select

from ..extensions import DbSession
from ..models import UnclassifiedMessage
from .record import REASONS, oldest_kept, purge

PREFIX = "TODO_"
HEADER = (
    "# Messages Steunwijzer asked back on or called out of scope (redacted, at most 30 days old).\n"
    "# Move each example to the intent it belongs to (bot/data/nlu/<intent>.yml) or delete it;\n"
    "# never train the TODO_ intents.\n"
)
# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" as entity annotations; a space keeps "[BSN]" a word.
ANNOTATION = re.compile(r"\](?=[(\[{])")


def one_line(text: str) -> str:
    """The text on one line, without control characters and without anything Rasa reads as an annotation."""
    visible = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    return ANNOTATION.sub("] ", " ".join(visible.split()))


def texts_by_reason(session: DbSession) -> dict[str, list[str]]:
    """Reason -> distinct texts, oldest first, of the messages still kept (after a purge)."""
    purge(session)
    session.commit()
    stmt = select(UnclassifiedMessage.reason, UnclassifiedMessage.text).where(UnclassifiedMessage.day >= oldest_kept())
    found: dict[str, dict[str, None]] = {reason: {} for reason in REASONS}
    for reason, text in session.execute(stmt.order_by(UnclassifiedMessage.day, UnclassifiedMessage.id)):
        line = one_line(text)
        if line and reason in found:
            found[reason][line] = None
    return {reason: list(lines) for reason, lines in found.items()}


def nlu_yaml(grouped: dict[str, list[str]]) -> str:
    """Rasa 3 NLU YAML (version "3.1") with one TODO_ intent per reason that has messages."""
    parts = [HEADER, 'version: "3.1"\n', "nlu:\n"]
    for reason, lines in grouped.items():
        if lines:
            parts.append(f"- intent: {PREFIX}{reason}\n  examples: |\n")
            parts.extend(f"    - {line}\n" for line in lines)
    if not any(grouped.values()):
        parts[-1] = "nlu: []\n"
    return "".join(parts)


def export(session: DbSession, path: Path) -> int:
    """Write the kept messages to `path`; the number of examples written."""
    grouped = texts_by_reason(session)
    path.write_text(nlu_yaml(grouped), encoding="utf-8")
    return sum(len(lines) for lines in grouped.values())
