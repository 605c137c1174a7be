"""The pipeline's layers multiply matrices with numpy's BLAS (`detente.nlp.use_matmul_ops`): the
same products as thinc's blis ops up to rounding, the same annotations, on one BLAS thread."""

from __future__ import annotations

import numpy
import pytest

TEXTS = [
    "The foreign minister of Ruritania said on Monday that her government would recall its ambassador.",
    "Rebels shelled the northern town overnight, and the army answered with air strikes on their camps.",
    "\"We will never accept these terms,\" the union's leader told reporters outside the ministry.",
    "Talks between the two delegations resumed in Geneva after a pause of three weeks.",
    "  Odd   spacing\n\nand a list: one, two; three.  Mr. Smith (aged 61) left at 5 p.m.",
]
ATTRS = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]


@pytest.fixture(scope="module")
def pipelines():
    import spacy

    from detente.nlp import DEFAULT_MODEL, use_matmul_ops

    try:
        plain, fast = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    except OSError as error:
        pytest.skip(f"{DEFAULT_MODEL} not installed: {error}")
    assert use_matmul_ops(fast)
    return plain, fast


def test_gemm_matches_blis_up_to_rounding() -> None:
    """Every transpose combination gives thinc's product (shapes, dtype, `out` filled in place)."""
    from thinc.api import NumpyOps

    from detente.nlp import matmul_ops

    blis, ours = NumpyOps(), matmul_ops()
    rng = numpy.random.default_rng(7)
    x, y = rng.random((37, 24), dtype="float32"), rng.random((24, 19), dtype="float32")
    for trans1, trans2 in ((False, False), (True, False), (False, True), (True, True)):
        left = numpy.ascontiguousarray(x.T) if trans1 else x
        right = numpy.ascontiguousarray(y.T) if trans2 else y
        expected = blis.gemm(left, right, trans1=trans1, trans2=trans2)
        found = ours.gemm(left, right, trans1=trans1, trans2=trans2)
        assert found.shape == expected.shape and found.dtype == expected.dtype
        numpy.testing.assert_allclose(found, expected, rtol=1e-5)
    out = numpy.zeros((37, 19), dtype="float32")
    assert ours.gemm(x, y, out=out) is out
    numpy.testing.assert_allclose(out, blis.gemm(x, y), rtol=1e-5)


def test_every_layer_uses_it(pipelines) -> None:
    """No model node of the pipeline keeps thinc's blis `gemm` (the parser's C loops do, by design)."""
    fast = pipelines[1]
    models = [getattr(component, "model", None) for _, component in fast.pipeline]
    kinds = {type(node.ops).__name__ for model in models if hasattr(model, "walk") for node in model.walk()}
    assert kinds == {"MatmulOps"}


def test_same_annotations_as_stock_spacy(pipelines) -> None:
    """Tags, lemmas, arcs and entities as the stock pipeline gives them, through `pipe` and `__call__`."""
    plain, fast = pipelines
    expected = [doc.to_array(ATTRS).tolist() for doc in plain.pipe(TEXTS)]
    assert [doc.to_array(ATTRS).tolist() for doc in fast.pipe(TEXTS)] == expected
    assert [fast(text).to_array(ATTRS).tolist() for text in TEXTS] == expected


def test_load_pipeline_installs_it_on_one_blas_thread(nlp) -> None:
    """`load_pipeline` (the runs' loader) puts the ops in place and numpy's BLAS on one thread."""
    pytest.importorskip("threadpoolctl")
    from threadpoolctl import threadpool_info

    assert type(nlp.get_pipe("tok2vec").model.ops).__name__ == "MatmulOps"
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas" and "numpy" in pool["filepath"]]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
