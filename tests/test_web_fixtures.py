"""A store for the web tests: the sample corpus plus articles written to attack the pages.

`build_store(folder)` copies `examples/corpus` and adds a JSONL file of our own articles
(no text from ../shared) whose titles, texts, outlets and URLs carry markup, event handlers,
`javascript:` links and SQL, then runs the real pipeline once. The module has no tests; the
web test modules import `web_store` (a session fixture) from it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = "<script>window.__pwned=true</script>"
IMG = '<img src=x onerror="window.__pwned=true">'
JS_URL = "javascript:window.__pwned=true"

HOSTILE = [
    {
        "title": f"{SCRIPT} Russia warns NATO over Baltic drills",
        "url": JS_URL,
        "outlet": "Evil <b>Gazette</b>",
        "published": "2021-10-20",
        "text": (f"MOSCOW - Russia warned NATO on Wednesday against holding new drills near its borders {IMG}, the foreign "
                 "ministry said in a statement.\n\n"
                 f"\"We will respond to any provocation {SCRIPT}\", Foreign Minister Sergei Lavrov told reporters in Moscow. "
                 "He accused the alliance of deliberately raising tensions in the Baltic region.\n\n"
                 "NATO Secretary General Jens Stoltenberg said the alliance would not be intimidated and urged Moscow to "
                 "return to dialogue. Diplomats said talks could resume next month."),
    },
    {
        "title": "Robert'); DROP TABLE events;-- meets envoys",
        "url": "https://example.org/news/1?a=<b>&c='x'",
        "outlet": "Wire ' OR 1=1 --",
        "published": "2021-11-03",
        "text": ("BRUSSELS - NATO foreign ministers met Russian envoys in Brussels on Tuesday and agreed to keep talking, "
                 "the alliance said. Russia demanded written security guarantees from NATO, Deputy Foreign Minister "
                 "Alexander Grushko said after the meeting.\n\n"
                 "The United States criticised Russia for massing troops near Ukraine, a State Department spokesman said. "
                 "Ukraine asked NATO for more support, officials in Kyiv said on Wednesday."),
    },
]


def build_store(folder: Path) -> Path:
    """Run the pipeline over the sample corpus and the hostile articles; return the database."""
    from detente.pipeline import run

    corpus = folder / "corpus"
    shutil.copytree(REPO / "examples" / "corpus", corpus)
    with open(corpus / "90_hostile.jsonl", "w", encoding="utf-8") as handle:
        for record in HOSTILE:
            handle.write(json.dumps(record) + "\n")
    out = folder / "out"
    run([corpus], out=out)
    return out / "detente.duckdb"


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))
