"""Start-up (issue 13): what `detente run` loads before its first article, and that making
it cheaper changed no result.

The MinHash and LSH banding of `detente.dedup` are written with numpy alone, because
importing datasketch imports scipy.integrate (about 0.4 s of every run); datasketch stays
the reference these tests compare them with, value for value."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from detente.config import Settings
from detente.dedup import DuplicateIndex, Link, lsh_threshold, optimal_bands, shingles, signature

WORDS = "the of a talks minister said on monday embassy treaty sanctions envoy border troops ceasefire".split()


def _texts(count: int, seed: int) -> list[str]:
    """Invented texts of 0 to 80 words, with near copies of earlier ones (a word or two changed)."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.4:
            words = rng.choice(texts).split()
            for _ in range(rng.randint(0, 2)):
                if words:
                    words[rng.randrange(len(words))] = rng.choice(WORDS)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 80))))
    return texts


def test_cli_import_leaves_scipy_and_datasketch_out() -> None:
    """`detente run` needs neither: importing the CLI must not pull them in."""
    probe = "import sys, detente.cli; print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'datasketch'}))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_signature_is_datasketchs_minhash() -> None:
    datasketch = pytest.importorskip("datasketch")
    settings = Settings()
    for text in _texts(60, seed=5) + ["", "One.", "Ünïcödé — words, 2026"]:
        reference = datasketch.MinHash(num_perm=settings.num_perm, seed=1, scheme="affine32")
        reference.update_batch(list(shingles(text, settings.shingle_words)))
        ours = signature(text, settings)
        assert ours.dtype == np.uint32
        assert np.array_equal(ours, reference.hashvalues.astype(np.uint32)), text


@pytest.mark.parametrize("num_perm", [32, 128])
def test_bands_are_datasketchs_optimum(num_perm: int) -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    for threshold in (0.3, 0.45, 0.5, 0.6, 0.75):
        chosen = optimal_bands(threshold, num_perm)
        assert (chosen.count, chosen.rows) == lsh._optimal_param(threshold, num_perm, 0.5, 0.5)


def test_index_candidates_are_datasketchs_lsh() -> None:
    """The same candidates for every query as datasketch's MinHashLSH with the same band keys."""
    datasketch = pytest.importorskip("datasketch")
    import hashlib

    settings = Settings()
    index = DuplicateIndex(settings)
    reference = datasketch.MinHashLSH(
        threshold=lsh_threshold(settings), num_perm=settings.num_perm,
        hashfunc=lambda band: hashlib.blake2b(band, digest_size=8).digest(),
    )  # fmt: skip
    assert (index.bands.count, index.bands.rows) == (reference.b, reference.r)
    found_any = False
    for number, text in enumerate(_texts(80, seed=11)):
        values = signature(text, settings)
        as_minhash = datasketch.MinHash(num_perm=settings.num_perm, seed=1, hashvalues=values, scheme="affine32")
        expected = set(reference.query(as_minhash))
        assert index.candidates(values) == expected
        found_any = found_any or bool(expected)
        if index.find(f"a{number}", values) == Link(None, None):
            index.add_canonical(f"a{number}", values)
            reference.insert(f"a{number}", as_minhash)
    assert found_any  # the corpus has near copies: the comparison is not over empty sets


# --------------------------------------------------------------------------------------
# The language model's decompressed copy (resources.decompressed_language_model).


def _identifier_state(identifier: object) -> dict[str, object]:
    names = ("nb_ptc", "nb_pc", "nb_classes", "tk_nextmove", "tk_row", "tk_output", "_rowbase", "_window",
             "_moves", "_rows", "_outputs", "_ptc_bits", "_ptc_normal", "_norm_probs", "min_confidence", "_alias_pairs")  # fmt: skip
    state: dict[str, object] = {}
    for name in names:
        value = getattr(identifier, name)
        if isinstance(value, np.ndarray) or hasattr(value, "typecode"):
            array = np.asarray(value)
            value = (str(array.dtype), array.shape, array.tobytes())
        state[name] = value
    return state


def test_language_identifier_from_the_cache_is_the_packaged_one(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from detente.clean.language import load_language_identifier
    from detente.resources import CACHE_ENV, _language_identifier, decompressed_language_model

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = _language_identifier()  # writes the copy
    copies = list(tmp_path.glob("py3langid-*.npz"))
    assert len(copies) == 1 and not list(tmp_path.glob("*.part"))
    assert decompressed_language_model(tmp_path) == copies[0]  # found again, not rewritten
    cached = _language_identifier()
    packaged = load_language_identifier()
    assert _identifier_state(cached) == _identifier_state(packaged) == _identifier_state(first)
    for text in ("The minister said talks would resume.", "Der Minister sagte, die Gespräche würden fortgesetzt.", "x"):
        assert cached.classify(text) == packaged.classify(text)


def test_language_model_copy_is_named_by_the_source_digest(tmp_path) -> None:  # noqa: ANN001
    import hashlib
    import lzma

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from detente.resources import decompressed_language_model

    source = (MODEL_DIR / MODEL_FILE).read_bytes()
    copy = decompressed_language_model(tmp_path)
    assert copy is not None and hashlib.sha256(source).hexdigest()[:20] in copy.name
    assert copy.read_bytes() == lzma.decompress(source)  # deterministic: the LZMA stream's own bytes


def test_no_cache_folder_loads_the_package(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from detente.resources import CACHE_ENV, _language_identifier, cache_folder

    monkeypatch.setenv(CACHE_ENV, "")
    assert cache_folder() is None
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))  # cannot be created: the package's own load
    assert _language_identifier().classify("The talks resumed on Monday.")[0] == "en"


# --------------------------------------------------------------------------------------
# The garbage collector around loading (resources.paused_gc, stages.ResourceCache).


def test_paused_gc_collects_nothing_even_when_a_loader_enables_the_collector() -> None:
    import gc

    from detente.resources import paused_gc

    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    before = (gc.isenabled(), gc.get_threshold())
    gc.callbacks.append(count)
    try:
        with paused_gc():
            gc.enable()  # what srsly's msgpack loader does after each file
            garbage = [[] for _ in range(5 * gc.get_threshold()[1] * 700)]
            del garbage
    finally:
        gc.callbacks.remove(count)
    assert collections == []
    assert (gc.isenabled(), gc.get_threshold()) == before


def test_resource_cache_freezes_what_it_loaded_until_thawed() -> None:
    import gc

    from detente.stages import ResourceCache

    class Loaded:
        name = "loaded"

        def resource_key(self) -> str:
            return "key"

        def load_resources(self, settings: Settings) -> list[list[int]]:
            return [[number] for number in range(1000)]

    cache = ResourceCache()
    try:
        held = cache.get(Loaded(), Settings())  # type: ignore[arg-type]
        assert cache.frozen and gc.get_freeze_count() >= len(held)
        assert cache.get(Loaded(), Settings()) is held and cache.loads == 1  # type: ignore[arg-type]
    finally:
        cache.thaw()
    assert not cache.frozen and gc.get_freeze_count() == 0


def test_a_run_leaves_nothing_frozen(tmp_path) -> None:  # noqa: ANN001
    import gc

    import detente

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Talks between the two governments resumed in Geneva on Monday. " * 5)
    detente.run([tmp_path / "in"], out=tmp_path / "out", settings=Settings(annotate=False, report=False))
    assert gc.get_freeze_count() == 0


# --------------------------------------------------------------------------------------
# The parse prefilter tokenises an article once (nlp._planned).


@pytest.fixture(scope="module")
def nlp_resources():  # noqa: ANN201 - annotate.NlpResources with the prefilter
    from detente.annotate import load_nlp_resources
    from detente.nlp import DEFAULT_MODEL

    return load_nlp_resources(DEFAULT_MODEL, parse_prefilter=True)


def test_planned_sentences_are_the_sentencizers_and_a_whole_kept_doc_is_untouched(nlp_resources) -> None:  # noqa: ANN001
    from spacy.attrs import IS_SPACE, NORM, ORTH, SENT_START, SPACY

    from detente.nlp import _planned, sentences_to_parse

    resources = nlp_resources
    texts = [
        "Russia said on Monday it would send troops to the border. The minister met the envoy in Geneva.",
        "The weather was mild. Russia said it would expel two diplomats. Markets rose!  Prices fell... Nothing else happened",
        "  Leading spaces. Then a sentence with no end",
        "x",
    ]
    seen_whole = seen_partial = False
    for text in texts:
        reference, kept_reference = sentences_to_parse(text, resources.nlp, resources.prefilter)
        doc, spans, kept = _planned(text, resources.nlp, resources.prefilter)
        assert [(span.start, span.end) for span in spans] == [(span.start, span.end) for span in reference.sents]
        assert kept == kept_reference
        attrs = [ORTH, NORM, SPACY, IS_SPACE]
        assert (doc.to_array(attrs) == reference.to_array(attrs)).all()
        if all(kept):
            seen_whole = True
            fresh = resources.nlp.make_doc(text)  # what nlp.pipe(text) parses: no sentence start set
            assert (doc.to_array([SENT_START]) == fresh.to_array([SENT_START])).all() and doc.to_bytes() == fresh.to_bytes()
        else:
            seen_partial = True
            assert (doc.to_array([SENT_START]) == reference.to_array([SENT_START])).all()
    assert seen_whole and seen_partial
