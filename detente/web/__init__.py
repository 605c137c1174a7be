"""The analyst's workbench: `detente serve` — web pages and a JSON API over a run's store.

- `app`: the FastAPI application (pages, `/api/v1`, security headers);
- `source`: read-only snapshots of the store (what a reader sees while `detente run` writes);
- `fts`: the SQLite FTS5 full-text index built from each snapshot;
- `queries`: filters, cursor pagination and counts; `views`: the data of each page;
- `turning`: turning points of a dyad's series; `corrections`: analysts' corrections.
"""

from detente.web.app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
