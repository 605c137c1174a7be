"""Snapshot of what the clean stage makes of real and generated dumps, to prove a speed-up
changed nothing.

Cleans, through `clean_document`, every page dump of `shared/eval/pagedumps_dev` (with and
without the corpus-common lines, with the shipped model and with each fold model), the seed
dumps, the first N generated dumps of the benchmark corpus, and the texts of the wire,
PolNeAR and TimeBank dev sets (bare, and with their stated title and date), and writes
every resulting record (Article or Reject, all fields) to one JSON file. Run it before a
change and after it, then compare:

    python benchmarks/clean_snapshot.py --out /tmp/before.json
    ... change the cleaner ...
    python benchmarks/clean_snapshot.py --out /tmp/after.json --compare /tmp/before.json

Exit status 1 when the snapshots differ (the differing keys are listed). Nothing from
`shared/` is written into the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_corpus as corpus_gen  # noqa: E402


def _record(result: Any) -> Any:
    return dataclasses.asdict(result) if dataclasses.is_dataclass(result) else repr(result)


def snapshot(shared: Path, generated: int, seed: int) -> dict[str, Any]:
    """Key -> cleaned record, for every input listed in the module docstring."""
    from detente.clean import clean_document
    from detente.clean.classifier import MODEL_FILE, load_model
    from detente.clean.train import common_lines
    from detente.config import Settings
    from detente.ingest import InputFile, discover, read_file
    from detente.records import RawDoc
    from detente.resources import load_cleaning_resources

    out: dict[str, Any] = {}
    resources = load_cleaning_resources(Settings())
    permissive = load_cleaning_resources(Settings(languages=(), min_words=0))
    dumps = sorted((shared / "eval" / "pagedumps_dev").glob("*.dump.txt"))
    texts = [path.read_text(encoding="utf-8") for path in dumps]
    common = common_lines(texts)
    folds = [load_model(MODEL_FILE.parent / f"fold{k}.json") for k in range(5)]
    for path, text in zip(dumps, texts):
        raw = RawDoc(source="<snapshot>", format="text", text=text)
        out[f"dev:{path.name}"] = _record(clean_document(raw, resources, common))
        out[f"dev-permissive:{path.name}"] = _record(clean_document(raw, permissive, common))
        out[f"dev-no-common:{path.name}"] = _record(clean_document(raw, resources))
        for k, model in enumerate(folds):
            if model is not None:
                out[f"dev-fold{k}:{path.name}"] = _record(clean_document(raw, permissive, common, line_model=model))
    settings = Settings()
    for item in discover([shared / "seeds"]):
        if isinstance(item, InputFile):
            for n, raw in enumerate(read_file(item, settings)):
                out[f"seed:{Path(item.path).name}#{n}"] = _record(clean_document(raw, resources) if isinstance(raw, RawDoc) else raw)
    if generated:
        corpus = HERE / "_corpus" / f"seed-{seed}"
        corpus_gen.ensure_corpus(corpus, generated, seed)
        files = corpus_gen.files(corpus, generated)
        pages = [path.read_text(encoding="utf-8") for path in files]
        page_common = common_lines(pages)
        for path, text in zip(files, pages):
            out[f"generated:{path.name}"] = _record(clean_document(RawDoc(source=path.name, format="text", text=text), resources, page_common))
    for name in ("wire_dev.jsonl", "polnear_dev.jsonl", "timebank_dev.jsonl"):
        for n, item in enumerate(_jsonl(shared / "eval" / name)):
            given = {key: item[key] for key in ("title", "published") if item.get(key)}
            out[f"{name}:{n}"] = _record(clean_document(RawDoc(source="<snapshot>", format="text", text=item["text"]), resources))
            out[f"{name}+given:{n}"] = _record(clean_document(RawDoc(source="<snapshot>", format="jsonl", text=item["text"], given=given), resources))
    return out


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if path.exists():
        with open(path, encoding="utf-8") as handle:
            yield from (json.loads(line) for line in handle if line.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--out", type=Path, required=True, help="where to write this snapshot (JSON)")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot: exit 1 if this one differs")
    parser.add_argument("--generated", type=int, default=1500, help="generated dumps to include (default 1500)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "pagedumps_dev").is_dir():
        parser.error(f"no {args.shared / 'eval' / 'pagedumps_dev'}")
    data = snapshot(args.shared, args.generated, args.seed)
    text = json.dumps(data, sort_keys=True, default=str)
    args.out.write_text(text, encoding="utf-8")
    print(f"{len(data):,} records, sha256 {hashlib.sha256(text.encode()).hexdigest()[:16]} -> {args.out}")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        after = json.loads(text)
        differ = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
        if differ:
            print(f"{len(differ)} of {len(before.keys() | after.keys()):,} records differ:", *differ[:50], sep="\n  ")
            return 1
        print(f"identical to {args.compare}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
