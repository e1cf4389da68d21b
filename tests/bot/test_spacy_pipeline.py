"""Both paths of scripts/build_spacy_pipeline.py: the project's own Dutch pipeline and the official one."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import build_spacy_pipeline as builder
import pytest
import spacy

FAKE_PACKAGE = '''
"""A stand-in for Explosion's nl_core_news_sm: a real spaCy package layout, tiny content."""
import spacy


def load(**overrides):
    nlp = spacy.blank("nl")
    nlp.meta["name"] = "core_news_sm"
    nlp.meta["version"] = "3.4.0"
    return nlp
'''


@pytest.fixture
def fake_official(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import nl_core_news_sm` find a small fake package."""
    package = tmp_path / "site" / "nl_core_news_sm"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(FAKE_PACKAGE)
    # spacy.load() looks for an installed distribution, not just an importable module.
    dist = tmp_path / "site" / "nl_core_news_sm-3.4.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: nl_core_news_sm\nVersion: 3.4.0\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "nl_core_news_sm", raising=False)


def test_own_pipeline_when_the_official_one_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(builder, "official_available", lambda allow_download: False)
    assert builder.main([str(tmp_path / "nl"), "--offline"]) == 0
    assert "own pipeline 'steunwijzer_nl'" in capsys.readouterr().out
    nlp = spacy.load(tmp_path / "nl")
    assert [t.lemma_ for t in nlp("schulden vorderde")] == ["schuld", "vorderen"]
    assert json.loads((tmp_path / "nl" / "meta.json").read_text())["name"] == "steunwijzer_nl"


def test_official_package_is_used_when_installed(tmp_path: Path, fake_official: None,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert builder.main([str(tmp_path / "nl"), "--offline"]) == 0
    assert "official nl_core_news_sm" in capsys.readouterr().out
    assert json.loads((tmp_path / "nl" / "meta.json").read_text())["name"] == "core_news_sm"


def test_existing_pipeline_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(builder, "official_available", lambda allow_download: False)
    builder.main([str(tmp_path / "nl"), "--offline"])
    capsys.readouterr()
    monkeypatch.setattr(builder, "build_own", lambda: pytest.fail("rebuilt an existing pipeline"))
    assert builder.main([str(tmp_path / "nl"), "--offline"]) == 0
    assert "already at" in capsys.readouterr().out
