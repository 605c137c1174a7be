"""Near-duplicates by shuffled LSH buckets (detente.dedup_shuffle): the same clusters and
canonicals as the local engine, whatever the partitioning, the order or the engine."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from detente.clean import content_hash
from detente.config import Settings
from detente.dedup import DuplicateIndex, link_duplicates, resolve_cluster, signature
from detente.dedup_shuffle import (
    Bands, Decision, DuplicateRecord, NodeKey, Signatures, band_hashes, band_rows, bucket_members, components, find_duplicates,
    lsh_bands, node_key, resolve_component, send_signatures, uid, verify,
)  # fmt: skip
from detente.records import Article

SETTINGS = Settings()
BANDS = lsh_bands(SETTINGS)
SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "vor", "del", "pi", "run", "gal", "te", "mos", "bri", "an", "zu", "quel"]


def _vocabulary(rng: random.Random, size: int = 400) -> list[str]:
    return sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)})


def _text(rng: random.Random, vocabulary: list[str], words: int = 220) -> list[str]:
    return [rng.choice(vocabulary) for _ in range(words)]


def _edited(rng: random.Random, words: list[str], vocabulary: list[str], edits: int) -> list[str]:
    edited = list(words)
    for position in rng.sample(range(len(words)), edits):
        edited[position] = rng.choice(vocabulary) + "x"
    return edited


def _sentences(words: Sequence[str]) -> str:
    """Words as sentences of 11 words, so a text looks like prose to a reader of the test."""
    return " ".join(" ".join(words[start : start + 11]).capitalize() + "." for start in range(0, len(words), 11))


def _article(source: str, text: str, fmt: str = "text", published: str | None = None, title: str | None = None) -> Article:
    return Article(
        id=content_hash(text), source=source, url=None, format=fmt, title=title, outlet=None, credited=[], author=None,
        dateline=None, language="en", published=published, published_precision="day" if published else None,
        published_interval=None, text=text, word_count=len(text.split()), removed=[],
    )  # fmt: skip


def _entry(article: Article) -> tuple[Article, np.ndarray]:
    return article, signature(article.text, SETTINGS)


def transitive_corpus(seed: int = 7, stories: int = 8, singletons: int = 10) -> list[tuple[Article, np.ndarray]]:
    """Stories whose copies are all pairwise near-identical (at most 2 edited words each),
    exact copies (case and spacing changed), various metadata, and unrelated articles."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    articles = []
    for story in range(stories):
        base = _text(rng, vocabulary)
        for copy in range(rng.randint(2, 4)):
            words = base if copy == 0 else _edited(rng, base, vocabulary, rng.randint(1, 2))
            kind = rng.choice(["dump", "page", "feed"])
            if kind == "dump":
                articles.append(_article(f"dumps/s{story}c{copy}.txt", _sentences(words)))
            elif kind == "page":
                articles.append(_article(f"pages/s{story}c{copy}.html", _sentences(words), "html", title=f"Story {story}"))
            else:
                published = f"2020-01-{story + 1:02d}"
                articles.append(_article(f"feed.jsonl#{story * 10 + copy}", _sentences(words), "jsonl", published=published))
        if story % 2 == 0:  # an exact copy: another case and spacing, same content hash
            text = _sentences(base).upper().replace(". ", ".   ")
            articles.append(_article(f"mirror/s{story}.txt", text))
    for single in range(singletons):
        articles.append(_article(f"other/{single}.txt", _sentences(_text(rng, vocabulary))))
    rng.shuffle(articles)
    return [_entry(article) for article in articles]


def chain_corpus() -> list[tuple[Article, np.ndarray]]:
    """A~B and B~C, but A is not similar to C: each text is the previous one shifted by 30
    words (about 0.8 similarity to its neighbour, 0.64 to the one after). C is the most
    complete copy (dated HTML)."""
    words = _text(random.Random(3), _vocabulary(random.Random(3)), words=360)
    a = _article("chain/a.txt", _sentences(words[0:300]))
    b = _article("chain/b.txt", _sentences(words[30:330]))
    c = _article("chain/c.html", _sentences(words[60:360]), "html", published="2021-03-04", title="Chain")
    return [_entry(a), _entry(b), _entry(c)]


def reference(entries: list[tuple[Article, np.ndarray]]) -> dict[str, Article]:
    """The local engine on one run: `link_duplicates` in input order, then each story settled
    by `resolve_cluster` as `pipeline.choose_canonicals` does. Articles by source."""
    linked = link_duplicates(entries, DuplicateIndex(SETTINGS))
    values = {article.source: values for (article, values) in entries}
    clusters: dict[str, list[Article]] = defaultdict(list)
    for article in linked:
        clusters[article.duplicate_of or article.id].append(article)
    result = {}
    for members in clusters.values():
        settled = resolve_cluster([(article, values[article.source]) for article in members]) if len(members) > 1 else members
        result.update((article.source, article) for article in settled)
    return result


def shuffled(entries: list[tuple[Article, np.ndarray]], partitions: Sequence[Sequence], client=None) -> dict[str, Article]:  # noqa: ANN001
    links = find_duplicates(partitions, SETTINGS, client=client, bands=BANDS)
    return {article.source: article for article in links.apply(article for article, _ in entries)}


def clusters_of(articles: dict[str, Article]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for source, article in articles.items():
        groups[article.duplicate_of or article.id].add(source)
    return {frozenset(group) for group in groups.values()}


def _split(entries: list, cuts: Sequence[int]) -> list[list]:
    bounds = [0, *sorted(set(cuts)), len(entries)]
    return [entries[start:end] for start, end in zip(bounds, bounds[1:])]


# --------------------------------------------------------------------------------------
# The stages, rule by rule.


def test_bands_are_those_of_the_local_index() -> None:
    for threshold in (0.5, 0.7, 0.9):
        settings = Settings(duplicate_threshold=threshold)
        assert lsh_bands(settings) == DuplicateIndex(settings).bands
    assert BANDS == Bands(25, 5)  # threshold 0.7 -> LSH at 0.5, 128 permutations


def test_band_rows_one_per_band_and_one_exact() -> None:
    article, values = transitive_corpus(stories=1, singletons=0)[0]
    buckets, uids = band_rows([(article, values)], BANDS)
    assert len(buckets) == BANDS.count + 1 and len(set(buckets.tolist())) == BANDS.count + 1
    assert set(uids.tolist()) == {uid(node_key(article))}
    twin = _article("elsewhere.txt", article.text.upper())  # same content hash, same signature
    assert band_rows([(twin, values)], BANDS)[0].tolist() == buckets.tolist()
    quoted = _article("quoted.txt", article.text + " x")  # one band value changed: that band's bucket only
    changed = values.copy()
    changed[BANDS.rows * 3] += 1
    other = band_rows([(quoted, changed)], BANDS)[0]
    assert [index for index in range(BANDS.count + 1) if other[index] != buckets[index]] == [3, BANDS.count]


def test_band_hashes_equal_bands_equal_hashes_in_any_process() -> None:
    values = np.arange(2 * 128, dtype=np.uint32).reshape(2, 128)
    values[1, :5] = values[0, :5]
    hashed = band_hashes(values, BANDS)
    assert hashed.shape == (2, BANDS.count) and hashed[0, 0] == hashed[1, 0] and not np.any(hashed[0, 1:] == hashed[1, 1:])
    assert int(band_hashes(np.zeros((1, 128), np.uint32), BANDS)[0, 0]) == 6394811908432867373  # fixed: no per-process seed


def _rows(*members: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([bucket for bucket, _ in members], np.uint64), np.array([member for _, member in members], np.uint64)


def test_bucket_members_rows_of_shared_buckets_once_sorted() -> None:
    chunks = [_rows((9, 30), (9, 10), (5, 30)), _rows((9, 20), (5, 10), (7, 40), (8, 50), (8, 50))]
    buckets, uids = bucket_members(chunks)
    assert list(zip(buckets.tolist(), uids.tolist())) == [(5, 10), (5, 30), (9, 10), (9, 20), (9, 30)]  # 7 and 8: one uid each
    assert len(bucket_members([_rows((1, 1), (2, 2))])[0]) == 0


def _table(*keys: NodeKey, values: Sequence[np.ndarray] | None = None) -> Signatures:
    values = values or [np.full(128, number, np.uint32) for number in range(len(keys))]
    return Signatures(np.array([uid(key) for key in keys], np.uint64), list(keys), np.stack(values))


def test_a_record_read_twice_is_refused() -> None:
    with pytest.raises(DuplicateRecord, match="same.txt"):
        send_signatures([], [_table(("same.txt", "abc")), _table(("same.txt", "abc"))], 1)


@pytest.mark.parametrize(
    ("equal_values", "same_id", "edge"),
    [
        (128, False, 1.0),  # identical signatures
        (90, False, 0.7031),  # 90/128 >= 0.7: a near copy
        (89, False, None),  # 89/128 < 0.7: not a copy
        (10, True, 1.0),  # same content hash: an exact copy whatever the signatures say
    ],
)
def test_joins_verify_threshold_and_exact_copies(equal_values: int, same_id: bool, edge: float | None) -> None:
    mine = np.arange(128, dtype=np.uint32)
    other = mine.copy()
    other[equal_values:] += 1000
    key, other_key = ("b.txt", "id1"), ("a.txt", "id1" if same_id else "id2")
    table = _table(key, other_key, values=[mine, other])
    members = bucket_members([_rows((7, uid(key)), (7, uid(other_key)), (7, uid(key)))])
    sent = send_signatures([(0, members[1])], [table], 1)
    assert [(part, kind, len(chunk.uids)) for part, kind, chunk in sent] == [(0, "sent", 2)]
    assert verify(members, [chunk for _, _, chunk in sent], 0.7) == ([] if edge is None else [(other_key, key, edge)], 1)


def _near_copies(count: int, seed: int = 4) -> list[tuple[Article, np.ndarray]]:
    """`count` copies of one text, each with one or two words edited: every pair near-identical."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    base = _text(rng, vocabulary)
    return [_entry(_article(f"wire/{index:04d}.txt", _sentences(_edited(rng, base, vocabulary, rng.randint(1, 2))))) for index in range(count)]


def test_a_large_bucket_of_near_copies_costs_linear_checks_and_keeps_the_links() -> None:
    """A story copied 300 times shares all its buckets: the old pairing made 300 x 299 / 2 =
    44,850 candidate pairs; the bucket-by-bucket search checks each member about once per
    bucket and keeps one edge per member and bucket at most, with the same decisions as
    verifying every pair."""
    entries = _near_copies(300)
    links = find_duplicates(_split(entries, [100, 200]), SETTINGS, bands=BANDS, parts=3)
    assert links.components == 1 and len(links.decisions) == 300
    assert links.candidate_pairs <= (BANDS.count + 1) * 300 * 2 and links.edges <= (BANDS.count + 1) * 299
    canonical = [key for key, decision in links.decisions.items() if decision.duplicate_of is None]
    assert len(canonical) == 1
    values = dict((node_key(article), values) for article, values in entries)
    for key, decision in links.decisions.items():  # every copy's similarity to the canonical, as resolve_cluster records it
        if decision.duplicate_of is not None:
            assert decision.similarity == round(float(np.mean(values[key] == values[canonical[0]])), 4)
    assert find_duplicates([entries[::-1]], SETTINGS, bands=BANDS).decisions == links.decisions


def test_bucket_search_gives_the_components_of_every_verified_pair() -> None:
    """The spanning forest of each bucket joins exactly what all verified pairs join: a
    chain, near copies, exact copies, unrelated articles in one bucket, and two stored
    canonicals (never linked to each other, but each to a new copy between them)."""
    from detente.dedup_shuffle import STORED, is_stored

    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, 128, dtype=np.uint32)
    values, keys = [], []
    for index in range(40):
        row = base.copy()
        changed = rng.choice(128, int(rng.integers(0, 70)), replace=False)
        row[changed] = rng.integers(0, 2**32, len(changed), dtype=np.uint32)
        values.append(row)
        keys.append((STORED, f"s{index}") if index % 7 == 0 else (f"new/{index}.txt", f"id{index % 11}"))
    table = _table(*keys, values=values)
    members = bucket_members([_rows(*((1, uid(key)) for key in keys))])
    edges, checks = verify(members, [table], 0.7)
    allowed = lambda one, two: not (is_stored(keys[one]) and is_stored(keys[two]))  # noqa: E731
    similar = lambda one, two: keys[one][1] == keys[two][1] or float(np.mean(values[one] == values[two])) >= 0.7  # noqa: E731
    every = [(keys[one], keys[two], 0.0) for one in range(40) for two in range(one + 1, 40) if allowed(one, two) and similar(one, two)]
    assert components(edges) == components(every) and len(edges) < len(every)
    assert not any(is_stored(first) and is_stored(second) for first, second, _ in edges)
    assert checks <= 40 * 39 // 2


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_components_root_is_the_smallest_key_in_any_order(order: list[int]) -> None:
    edges = [(("b", "2"), ("c", "3"), 0.9), (("a", "1"), ("b", "2"), 0.8), (("x", "9"), ("y", "8"), 1.0)]
    roots = components([edges[index] for index in order])
    assert roots == {("a", "1"): ("a", "1"), ("b", "2"): ("a", "1"), ("c", "3"): ("a", "1"), ("x", "9"): ("x", "9"), ("y", "8"): ("x", "9")}


def test_resolve_component_most_complete_then_smallest_id() -> None:
    text = _sentences(_text(random.Random(5), _vocabulary(random.Random(5))))
    dump = _entry(_article("z.txt", text))
    dated = _entry(_article("y.txt", text + " Extra closing words here.", published="2020-02-02"))
    decisions = dict(resolve_component([dump, dated]))
    assert decisions[node_key(dated[0])] == Decision(content_hash(dated[0].text), None, None)
    assert decisions[node_key(dump[0])].duplicate_of == content_hash(dated[0].text)


# --------------------------------------------------------------------------------------
# (b) Same outcome as the local engine where similarity is transitive.


def test_transitive_corpus_equals_local_engine() -> None:
    entries = transitive_corpus()
    expected = reference(entries)
    found = shuffled(entries, _split(entries, [7, 19, 30]))
    assert clusters_of(found) == clusters_of(expected)
    assert found == expected  # same canonical, ids, similarities, filled fields
    assert sum(1 for article in found.values() if article.duplicate_of) >= 16  # the corpus has copies to find
    assert any(article.similarity == 1.0 and article.id != content_hash(article.text) for article in found.values())  # exact copies


def test_exact_copy_with_different_signature_is_linked_as_locally() -> None:
    """Same content hash (quotes are folded away) but no shingle in common: an apostrophe
    inside every word splits it for the shingles ("ka'lomer" -> "ka", "lomer"). Only the
    exact-copy rows bring them together, as `DuplicateIndex.find` does by id."""
    words = _text(random.Random(11), _vocabulary(random.Random(11)), words=60)
    first = _article("a.txt", _sentences(words))
    second = _article("b.html", _sentences([f"{word[:2]}'{word[2:]}" for word in words]), "html", title="Quotes")
    entries = [_entry(first), _entry(second)]
    assert first.id == second.id and float(np.mean(entries[0][1] == entries[1][1])) < 0.1
    found = shuffled(entries, [entries[:1], entries[1:]])
    assert found == reference(entries)
    assert found["a.txt"].duplicate_of == found["b.html"].id and found["a.txt"].similarity == 1.0


class _Loader(Sequence):
    """Partitions loaded on access, as from stored outputs; counts the loads."""

    def __init__(self, partitions: list[list]) -> None:
        self.partitions, self.loads = partitions, [0] * len(partitions)

    def __len__(self) -> int:
        return len(self.partitions)

    def __getitem__(self, index):  # noqa: ANN001, ANN204
        if not 0 <= index < len(self.partitions):
            raise IndexError(index)
        self.loads[index] += 1
        return iter(self.partitions[index])  # one pass only, like a stream from a file


def test_local_engine_reads_lazy_partitions_twice_one_at_a_time() -> None:
    entries = transitive_corpus()
    loader = _Loader(_split(entries, [10, 20]))
    assert find_duplicates(loader, SETTINGS, bands=BANDS).decisions == find_duplicates([entries], SETTINGS, bands=BANDS).decisions
    assert loader.loads == [2, 2, 2]


def test_no_duplicates_no_decisions() -> None:
    entries = transitive_corpus(stories=0, singletons=6)
    links = find_duplicates([entries], SETTINGS, bands=BANDS)
    assert links.decisions == {} and links.articles == 6 and links.edges == 0


# --------------------------------------------------------------------------------------
# (c) The result depends neither on partitioning nor on input order.

CORPUS = transitive_corpus(seed=21, stories=5, singletons=4) + chain_corpus()
BASELINE = find_duplicates([CORPUS], SETTINGS, bands=BANDS).decisions


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.permutations(range(len(CORPUS))), cuts=st.lists(st.integers(0, len(CORPUS)), max_size=6), parts=st.integers(1, 5),
)  # fmt: skip
def test_same_result_for_any_order_partitioning_and_shuffle_parts(order: list[int], cuts: list[int], parts: int) -> None:
    entries = [CORPUS[index] for index in order]
    assert find_duplicates(_split(entries, [0, *cuts]), SETTINGS, bands=BANDS, parts=parts).decisions == BASELINE


# --------------------------------------------------------------------------------------
# (d) A non-transitive chain: one component, where the local engine depends on the order.


def test_chain_is_one_component_and_local_engine_is_order_dependent() -> None:
    entries = chain_corpus()
    (a, va), (b, vb), (c, vc) = entries
    similarity = lambda one, two: float(np.mean(one == two))  # noqa: E731
    assert similarity(va, vb) >= 0.7 and similarity(vb, vc) >= 0.7 and similarity(va, vc) < 0.7  # the chain's premise
    assert clusters_of(reference([entries[0], entries[1], entries[2]])) == {frozenset({a.source, b.source}), frozenset({c.source})}
    assert clusters_of(reference([entries[1], entries[0], entries[2]])) == {frozenset({a.source, b.source, c.source})}
    found = shuffled(entries, [entries[2:], entries[:2]])
    assert clusters_of(found) == {frozenset({a.source, b.source, c.source})}
    assert found[c.source].duplicate_of is None and found[c.source].id == c.id  # the most complete copy
    assert found[a.source].duplicate_of == c.id and found[a.source].similarity == round(similarity(va, vc), 4) < 0.7  # recorded as is


# --------------------------------------------------------------------------------------
# (a) The Dask engine (2-worker LocalCluster, processes) gives the local engine's links.


@pytest.fixture(scope="module")
def client():  # noqa: ANN201 - a distributed.Client
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as dask_client:
            yield dask_client


def test_dask_engine_equals_local_engine(client) -> None:  # noqa: ANN001
    import dask.bag as db

    entries = transitive_corpus() + chain_corpus()
    local = find_duplicates([entries], SETTINGS, bands=BANDS)
    on_lists = find_duplicates([[], *_split(entries, [5, 17, 29, 40])], SETTINGS, client=client, bands=BANDS)  # an empty one too
    on_bag = find_duplicates(db.from_sequence(entries[::-1], npartitions=3), SETTINGS, client=client, bands=BANDS, parts=2)
    assert local.decisions and on_lists.decisions == local.decisions == on_bag.decisions
    assert (on_lists.articles, on_lists.edges, on_lists.components) == (local.articles, local.edges, local.components)
    assert on_bag.candidate_pairs == local.candidate_pairs


def test_dask_engine_refuses_a_record_read_twice(client) -> None:  # noqa: ANN001
    entries = transitive_corpus(stories=1, singletons=2)
    with pytest.raises(DuplicateRecord):
        find_duplicates([entries, entries[:1]], SETTINGS, client=client, bands=BANDS)


def test_link_to_stored_takes_the_exact_copy_then_the_most_similar_stored_canonical() -> None:
    """A component holding stored canonicals (link-only): each new article becomes a copy of
    one of them (`DuplicateIndex.find`'s order: exact, then similarity, then the larger id);
    the stored ones are never changed, only their signatures come back."""
    from detente.dedup_shuffle import STORED, StoredLink, settle_component, stored_entries

    base = [f"word{index}" for index in range(200)]
    near = list(base)
    near[50] = "changed"
    original = _article("old/original.txt", _sentences(base))
    edited = _article("old/edited.txt", _sentences(near))
    exact = _article("new/exact.txt", _sentences(base))
    closer = _article("new/closer.txt", _sentences([*near[:150], "other", *near[151:]]))
    stored = stored_entries([(original.id, signature(original.text, SETTINGS)), (edited.id, signature(edited.text, SETTINGS))])
    outcomes = dict(settle_component([*stored, _entry(exact), _entry(closer)]))
    assert isinstance(outcomes[(STORED, original.id)], StoredLink) and isinstance(outcomes[(STORED, edited.id)], StoredLink)
    linked = outcomes[node_key(exact)]
    assert linked.duplicate_of == original.id and linked.similarity == 1.0 and linked.id not in (original.id, exact.id) and linked.filled == ()
    linked = outcomes[node_key(closer)]
    expected = float(np.mean(signature(closer.text, SETTINGS) == signature(edited.text, SETTINGS)))
    assert linked == Decision(closer.id, edited.id, round(expected, 4))
    assert expected > float(np.mean(signature(closer.text, SETTINGS) == signature(original.text, SETTINGS)))


def test_edges_between_stored_canonicals_are_dropped() -> None:
    from detente.dedup_shuffle import STORED, without_stored_pairs

    edges = [((STORED, "a"), (STORED, "b"), 0.9), (("new.txt", "c"), (STORED, "a"), 0.95), (("x.txt", "d"), ("y.txt", "e"), 0.8)]
    assert without_stored_pairs(edges) == edges[1:]
