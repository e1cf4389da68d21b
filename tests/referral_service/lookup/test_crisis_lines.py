"""The staff lookup and the data files read the crisis lines from their one owner, bot/crisis/lines.yml."""

from __future__ import annotations

import re

import pytest
import yaml

from referral_service.lookup import crisis

from ..conftest import REPO

DATA = REPO / "data" / "regelingen"
NATIONAL = DATA / "services" / "national.yml"
DOCKERFILE = REPO / "referral_service" / "Dockerfile"
# Free numbers (0800) and 112/113 as Dutch texts write them.
FREE_NUMBER = re.compile(r"\b(?:11[23]|0800-\d{4})\b")


def national_services() -> dict[str, dict[str, object]]:
    services = yaml.safe_load(NATIONAL.read_text(encoding="utf-8"))["services"]
    return {s["id"]: s for s in services}


def service_phones() -> set[str]:
    """The phone of every service in the data, national and local."""
    paths = [NATIONAL, *sorted((DATA / "services" / "local").glob("*.yml"))]
    return {s["phone"] for p in paths for s in yaml.safe_load(p.read_text(encoding="utf-8"))["services"] if s["phone"]}


@pytest.mark.parametrize("kind", sorted(crisis.HELPLINES.services()))
def test_national_yml_gives_each_crisis_line_as_lines_yml_does(kind: str) -> None:
    line = crisis.HELPLINES.services()[kind]
    service = national_services().get(str(line["id"]))
    assert service is not None, f"{line['id']} of bot/crisis/lines.yml is missing from national.yml"
    fields = ("name", "phone", "url")
    assert {f: service[f] for f in fields} == {f: line[f] for f in fields}, (
        f"national.yml {line['id']} differs from bot/crisis/lines.yml; lines.yml owns the crisis lines"
    )


def test_the_lookups_lines_needs_and_services_are_those_of_lines_yml() -> None:
    assert crisis.HELPLINES.LINES_FILE == REPO / "bot" / "crisis" / "lines.yml"
    assert crisis.HELPLINES.lines()["staff"] == crisis.CRISIS_LINES
    assert crisis.check_lines() == crisis.HELPLINES.lines()["check"]
    assert crisis.CRISIS_SERVICES["violence"] == ("veilig_thuis", "alarmnummer_112")
    assert crisis.CRISIS_NEEDS == {"suicide": "mentale_gezondheid", "emergency": None, "violence": "huiselijk_geweld"}


def test_the_staff_texts_are_filled_in() -> None:
    assert crisis.CRISIS_LINES["suicide"].startswith("Geef direct: 113 of 0800-0113 (113 Zelfmoordpreventie,")
    assert not any("{" in text for group in crisis.TEXTS.values() for text in group.values())


def test_the_image_copies_what_the_lookup_loads_at_start() -> None:
    copied = next(line for line in DOCKERFILE.read_text().splitlines() if re.match(r"COPY bot/crisis/\S+ ", line))
    assert {"bot/crisis/helplines.py", "bot/crisis/lines.yml", "bot/crisis/__init__.py"} <= set(copied.split())


def test_no_text_of_the_data_gives_an_old_crisis_number() -> None:
    # Need answers and how-to-apply texts give the lines too: a changed number must not linger there.
    known = service_phones() | {str(line["short"]) for line in crisis.HELPLINES.services().values() if "short" in line}
    for path in sorted(DATA.rglob("*.yml")):
        unknown = set(FREE_NUMBER.findall(path.read_text(encoding="utf-8"))) - known
        assert not unknown, f"{path.relative_to(REPO)} gives {unknown}, the number of no service"
