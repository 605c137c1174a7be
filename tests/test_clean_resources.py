"""The cleaner's knowledge is loaded by plain loaders and travels inside its resources
(issue 13: no loader caches that hide state)."""

from __future__ import annotations

from pathlib import Path

from detente.clean import clean_document
from detente.clean.classifier import TreeModel, load_model
from detente.clean.lines import BoilerplateConfig, load_config
from detente.config import Settings
from detente.records import RawDoc
from detente.resources import load_cleaning_resources


def test_loaders_are_plain() -> None:
    """Each call loads afresh: what a run uses is what its resources hold."""
    assert load_config() is not load_config()
    assert load_model() is not load_model()


def test_resources_hold_the_patterns_and_the_line_model() -> None:
    resources = load_cleaning_resources(Settings())
    assert isinstance(resources.boilerplate, BoilerplateConfig)
    assert isinstance(resources.line_model, TreeModel)


def test_a_users_data_file_reaches_the_cleaner_through_the_resources(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("groups:\n  promo:\n    patterns:\n      - '^watch the vote count live$'\n", encoding="utf-8")
    resources = load_cleaning_resources(Settings(extra_data=(extra,)))
    assert any(name == "promo" and matcher.matches("watch the vote count live") for name, _, matcher in resources.boilerplate.groups)
    sentence = "The electoral commission of Ghana said on Friday that turnout in the run-off had been higher than in the first round."
    text = f"{sentence}\nWatch the vote count live\n{sentence.replace('Friday', 'Saturday')}"
    article = clean_document(RawDoc(source="<test>", format="text", text=text), resources)
    assert [(line.reason, line.line) for line in article.removed] == [("promo", "Watch the vote count live")]
