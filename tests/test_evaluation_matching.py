"""Tests of the run-path scorers: clean->input offsets, quote span matching, PETRARCH records,
the C4 baseline, the main event of a sentence, event dates and output reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.evaluation.dates import CALENDAR_VALUE, event_date_counts, gold_dates, sentences
from detente.evaluation.pagedumps import c4_lines
from detente.evaluation.petrarch import Coding, Record, agreement, read_records, score_record
from detente.evaluation.plover import main_event, same_sides, side_counts
from detente.evaluation.polnear import lost_in_cleaning, mapped_quotes
from detente.evaluation.quotes import GoldQuote, match, speaker_right
from detente.evaluation.runpath import OffsetMap, RunOutput, write_jsonl_records

ORIGINAL = "Home | World | Sport\nTalks resume\nThe minister said the talks would resume.\nShare this\nHe  left   on Monday.\n"
CLEAN = "The minister said the talks would resume.\nHe left on Monday."


def test_offset_map_finds_clean_lines_in_the_input() -> None:
    offsets = OffsetMap.build(ORIGINAL, CLEAN)
    start = CLEAN.index("talks")
    assert ORIGINAL[offsets.to_input(start) : offsets.to_input(start + 5)] == "talks"
    # A line whose spaces the cleaner squeezed is still found (whitespace-insensitive match).
    left = CLEAN.index("left")
    mapped = offsets.span(left, left + 4)
    assert mapped is not None and ORIGINAL[mapped[0] : mapped[1]] == "left"
    monday = CLEAN.index("Monday")
    assert ORIGINAL[offsets.to_input(monday) :].startswith("Monday")


def test_offset_map_covers_only_kept_lines() -> None:
    covered = OffsetMap.build(ORIGINAL, CLEAN).covered()
    kept = [ORIGINAL[start:end] for start, end in covered]
    assert kept[0] == "The minister said the talks would resume."
    assert not any("Share" in text or "Home" in text for text in kept)


def test_a_line_the_cleaner_rewrote_maps_nowhere() -> None:
    offsets = OffsetMap.build("Alpha beta gamma.", "Entirely different words.")
    assert offsets.to_input(3) is None and offsets.span(0, 5) is None


@given(st.lists(st.text(alphabet="abc xyz.", min_size=1, max_size=12), min_size=1, max_size=6))
def test_offset_map_of_an_unchanged_text_is_the_identity(lines: list[str]) -> None:
    text = "\n".join(lines)
    offsets = OffsetMap.build(text, text)
    for position, character in enumerate(text):
        if character.strip():
            mapped = offsets.to_input(position)
            assert mapped is not None and text[mapped] == character


def _quote(start: int, end: int, speaker: tuple[int, int] | None = None) -> dict:
    return {"id": "q", "article_id": "a", "start": start, "end": end, "content": "", "kind": "indirect", "cue": "said",
            "speaker": {"text": "x", "start": speaker[0], "end": speaker[1]} if speaker else None, "confidence": 0.9}


def test_quote_offsets_are_mapped_back_and_matched_to_gold() -> None:
    offsets = OffsetMap.build(ORIGINAL, CLEAN)
    content = CLEAN.index("the talks")
    speaker = CLEAN.index("The minister")
    [quote] = mapped_quotes([_quote(content, CLEAN.index("."), (speaker, speaker + 12))], offsets)
    gold_start = ORIGINAL.index("the talks")
    words = frozenset(ORIGINAL.index(word, gold_start) for word in ("the", "talks", "would", "resume"))
    gold = GoldQuote(words, (ORIGINAL.index("The minister"), ORIGINAL.index("The minister") + 12), "said")
    assert match(ORIGINAL, [quote], [gold]) == {0: 0}
    assert speaker_right(quote, gold)


@pytest.mark.parametrize(("predicted_words", "matches"), [
    ("the talks would resume", True),     # all words
    ("talks would", True),                # 2 of the longer 4: half is enough
    ("talks", False),                     # 1 of 4
])
def test_a_content_matches_when_it_shares_half_of_the_longer_span(predicted_words: str, matches: bool) -> None:
    text = "He said the talks would resume soon."
    gold = GoldQuote(frozenset(text.index(w) for w in ("the", "talks", "would", "resume")), None, "said")
    start = text.index(predicted_words)
    quote = mapped_quotes([_quote(start, start + len(predicted_words))], OffsetMap.build(text, text))
    assert bool(match(text, quote, [gold])) is matches


def test_matching_is_one_to_one() -> None:
    text = "He said the talks would resume."
    gold = GoldQuote(frozenset(text.index(w) for w in ("talks", "would", "resume")), None, "said")
    start = text.index("talks")
    quotes = mapped_quotes([_quote(start, len(text) - 1), _quote(start, len(text) - 1)], OffsetMap.build(text, text))
    assert len(match(text, quotes, [gold])) == 1


def test_a_gold_quote_mostly_outside_the_clean_text_is_lost() -> None:
    gold = GoldQuote(frozenset({0, 10, 20, 30}), None, "said")
    assert lost_in_cleaning(gold, [(0, 5)])
    assert not lost_in_cleaning(gold, [(0, 12)])  # half kept is not lost


PETRARCH_XML = """<Validation><Sentences>
<!-- a comment -->
<Sentence date="19950101" id="DEMO-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="064"></EventCoding>
<Text>
Arnor and Gondor
restored ties.
</Text>
<Parse>(ROOT (S))</Parse>
</Sentence>
<Sentence date="19950102" id="DEMO-01" category="DEMO" sentence="false">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
<Sentence date="19950102" id="ERROR-01" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding>
<Text>CITY: -- text</Text>
</Sentence>
</Sentences></Validation>"""


def test_petrarch_records_are_read_with_unique_keys(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(PETRARCH_XML, encoding="utf-8")
    first, second, error = read_records(path)
    assert (first.key, second.key, error.key) == ("DEMO-01", "DEMO-01#2", "ERROR-01")
    assert first.id == second.id == "DEMO-01"  # the fold follows the id
    assert first.text == "Arnor and Gondor restored ties."
    assert first.date == "1995-01-01" and first.codings[1] == Coding("GON", "ARN", "064")
    assert second.codings == () and not second.implemented
    assert error.error and not first.error


def _event(cameo: str, source: str | None, target: str | None) -> dict:
    return {"cameo": cameo, "source": {"code": source} if source else None, "target": {"code": target} if target else None,
            "trigger": {"start": 0}, "modality": {}, "confidence": 0.5}


def test_petrarch_scoring_matches_codings_one_to_one() -> None:
    record = Record("R", "R", None, "text", (Coding("ARN", "GON", "064"), Coding("GON", "ARN", "064")), False, True)
    output = RunOutput(articles={"R": {"id": "x"}}, events={"R": [_event("064", "ARN", "GON"), _event("061", "GON", "OSG"),
                                                                   _event("120", "ARN", "GON")]})
    counts = score_record(record, output).counts
    assert counts["root_right"] == 2 and counts["code_right"] == 1
    assert counts["source_right"] == 2 and counts["target_right"] == 1
    assert counts["extra"] == 1  # the 120 event matches no coding
    assert agreement(Coding("ARN", "GON", "064"), _event("120", "ARN", "GON")) == 0


def test_a_no_event_sentence_with_no_event_is_right() -> None:
    record = Record("Q", "Q", None, "text", (), False, True)
    counts = score_record(record, RunOutput(articles={"Q": {"id": "x"}}, events={"Q": []})).counts
    assert counts["quiet"] == counts["quiet_right"] == 1 and counts["extra"] == 0


@pytest.mark.parametrize(("line", "kept"), [
    ("The minister said the talks would resume.", True),
    ("Officials said: “We will not stop.”", True),
    ("Share this article on Facebook", False),   # no terminal punctuation
    ("Read more.", False),                        # under 5 words
])
def test_c4_baseline(line: str, kept: bool) -> None:
    assert (c4_lines(line) == line) is kept


def test_main_event_prefers_asserted_then_higher_in_the_parse() -> None:
    negated = {**_event("190", "A", "B"), "modality": {"negated": True}, "trigger": {"start": 0}}
    deep = {**_event("040", "A", "B"), "trigger": {"start": 10}}
    root = {**_event("050", "A", "B"), "trigger": {"start": 20}}
    assert main_event([negated, deep, root], {10: 3, 20: 0}) is root
    assert main_event([], {}) is None


def test_side_counts() -> None:
    events = [_event("190", "RUS", "RUS"), _event("190", "RUS", None), _event("190", "RUS", "UKR")]
    assert same_sides(events[0]) and not same_sides(events[2])
    assert side_counts(events) == {"events": 3.0, "same_sides": 1.0, "one_side": 1.0}


def test_timebank_dates_and_sentences() -> None:
    record = {"timexes": [{"type": "DATE", "value": "1998-08-07", "start": 0, "end": 6}, {"type": "DATE", "value": "PAST_REF"},
                          {"type": "DURATION", "value": "P1D"}, {"type": "DATE", "value": "1998-W32"}]}
    assert [t["value"] for t in gold_dates(record)] == ["1998-08-07"]
    assert CALENDAR_VALUE.match("1998") and not CALENDAR_VALUE.match("1998-W32")
    assert list(sentences("One day. Two days!\nThree")) == [(0, "One day."), (9, "Two days!"), (19, "Three")]


@pytest.mark.parametrize("text", [
    "The talks began on Aug. 7 in Nairobi.", "It ended Dec. 31, 1994, they said.", "Mr. Smith met Gen. Jones.",
    "The U.S. Embassy was hit.", "Sept. 11 was a Tuesday.",
])
def test_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert list(sentences(text)) == [(0, text)]


def test_event_date_is_scored_against_the_one_date_its_sentence_names() -> None:
    text = "Header\nOn Friday the army attacked. Then more."
    record = {"id": "r", "text": text,
              "timexes": [{"type": "DATE", "value": "1998-08-07", "start": text.index("Friday"), "end": text.index("Friday") + 6,
                           "text": "Friday"}]}
    clean = "On Friday the army attacked. Then more."
    event = {"sentence": {"start": 0, "end": clean.index(".") + 1}, "trigger": {"text": "attacked"}, "date": "1998-08-07",
             "date_precision": "day"}
    output = RunOutput(articles={"r": {"id": "x"}}, events={"r": [event, {**event, "date": "1998-08"}]}, fact_texts={"r": clean})
    counts, errors = event_date_counts(record, output)
    assert counts == {"event_date_total": 2.0, "event_date_right": 1.0}
    assert len(errors) == 1 and "1998-08" in errors[0]


def test_records_are_written_as_a_users_jsonl(tmp_path: Path) -> None:
    import json

    path = tmp_path / "in.jsonl"
    ids = write_jsonl_records(path, [{"id": "r1", "text": "Some text.", "published": None, "title": "T"}])
    [line] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert ids == ["r1"]
    assert line == {"text": "Some text.", "title": "T", "url": "https://eval.invalid/record/r1"}


def test_verb_dictionary_entries_are_counted(tmp_path: Path) -> None:
    from detente.evaluation.petrarch import verb_entries

    path = tmp_path / "verbs.yaml"
    path.write_text("dictionary_triggers:\n  '064':\n    verbs: [restore +ties, renew +ties]\n  '---':\n    verbs: [fight +corruption]\n"
                    "verb_forms: {}\n", encoding="utf-8")
    assert verb_entries(path) == 3
    path.write_text("dictionary_triggers: {}\nverb_forms: {}\n", encoding="utf-8")
    assert verb_entries(path) == 0


def test_dyads_are_matched_one_to_one_whatever_the_code() -> None:
    from detente.evaluation.petrarch import dyads_found

    codings = (Coding("ARN", "GON", "064"), Coding("ARN", "GON", "031"), Coding("GON", "ARN", "064"))
    assert dyads_found(codings, [_event("120", "ARN", "GON"), _event("051", "GON", "ARN")]) == 2


def test_internal_errors_of_a_run_are_caught_per_record() -> None:
    import logging

    from detente.evaluation.runpath import _CrashLog

    crashes = _CrashLog()
    logger = logging.getLogger("detente.events")
    logging.getLogger("detente").addHandler(crashes)
    try:
        logger.warning("events: article %s skipped after an internal error", "art1")
        logger.warning("something else about %s", "art2")
    finally:
        logging.getLogger("detente").removeHandler(crashes)
    assert crashes.article_ids == {"art1"}
    assert crashes.reasons == {"events": 1}  # no exception attached: the stage alone
    output = RunOutput(articles={"r1": {"id": "art1"}, "r2": {"id": "art2"}, "r3": {"id": "x", "duplicate_of": "art1"}, "r4": None},
                       rejects={"r4": "internal error while cleaning (please report it): boom"},
                       crashed_articles=frozenset(crashes.article_ids))
    assert [output.crashed(rid) for rid in ("r1", "r2", "r3", "r4")] == [True, False, True, True]


def test_publication_date_folds_become_aggregate_items() -> None:
    from detente.evaluation.dates import METRICS, _fold_items
    from detente.evaluation.scoring import score

    folds = [{"right_day": 2, "right_coarse": 1, "none": 1, "wrong": 0, "interval_holds": 1}] + [
        {"right_day": 0, "right_coarse": 0, "none": 2, "wrong": 1, "interval_holds": 0}] * 4
    items = _fold_items("wire", "pub_", folds, ("right_day", "right_coarse", "none", "wrong"))
    results = {result.metric.name: result for result in score(items, METRICS)}
    assert results["published_right_day"].overall == pytest.approx(2 / 16)
    assert results["published_right_day"].folds[0] == pytest.approx(0.5)
    assert results["published_wrong"].worst == pytest.approx(1 / 3)
    assert results["undated_interval_holds"].overall == pytest.approx(1 / 9)


def test_a_repeated_sentence_goes_to_another_run() -> None:
    from detente.evaluation.petrarch import same_text_rounds

    def record(key: str, text: str, date: str) -> Record:
        return Record(key, key, date, text, (), False, True)

    records = [record("DATE-01", "Sam met Bree.", "1995-01-04"), record("DATE-02", "Sam  met Bree.", "2008-01-19"),
               record("X", "Other.", "1995-01-01"), record("DATE-03", "sam met bree.", "2014-01-01")]
    assert [[r.key for r in group] for group in same_text_rounds(records)] == [["DATE-01", "X"], ["DATE-02"], ["DATE-03"]]


def test_outputs_of_several_runs_merge() -> None:
    from detente.evaluation.runpath import merge_outputs

    first = RunOutput(articles={"a": {"id": "1"}}, events={"a": [{"cameo": "010"}]}, seconds=1.0, crashed_articles=frozenset({"1"}))
    second = RunOutput(articles={"b": None}, rejects={"b": "too short"}, seconds=2.0)
    merged = merge_outputs([first, second])
    assert merged.articles == {"a": {"id": "1"}, "b": None} and merged.rejects == {"b": "too short"}
    assert merged.seconds == 3.0 and merged.crashed("a") and not merged.kept("b")


def test_a_run_is_read_back_by_record_id() -> None:
    from detente.config import Settings
    from detente.evaluation.runpath import run_jsonl, run_text_files

    settings = Settings(annotate=False, report=False, min_words=0, languages=())
    records = [{"id": "kept", "text": "The foreign ministers of the two countries met in the capital on Tuesday to discuss trade."},
               {"id": "empty", "text": "   "}]
    output = run_jsonl(records, settings)
    assert output.kept("kept") and not output.kept("empty")
    assert output.articles["kept"]["url"] == "https://eval.invalid/record/kept"
    assert "no 'text'" in output.rejects["empty"]
    pages = run_text_files([("page-1", "Home | News\nThe two ministers met on Tuesday and agreed to hold more talks next month.\n")],
                           settings)
    assert "agreed to hold more talks" in pages.articles["page-1"]["text"]


def test_crash_reasons_name_the_stage_and_the_error() -> None:
    import logging

    from detente.evaluation.runpath import _CrashLog, crash_note

    crashes = _CrashLog()
    logging.getLogger("detente").addHandler(crashes)
    try:
        try:
            raise AttributeError("no attribute 'same_code_roots'")
        except AttributeError:
            logging.getLogger("detente.events").warning("events: article %s skipped after an internal error", "a1", exc_info=True)
    finally:
        logging.getLogger("detente").removeHandler(crashes)
    output = RunOutput(articles={}, crash_reasons=crashes.reasons)
    assert crash_note(output) == ["  INTERNAL ERROR in 1 articles: events: AttributeError: no attribute 'same_code_roots'"]
