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
