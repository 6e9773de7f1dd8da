"""Search URLs the way the archive builds them: /search?search_api_fulltext=Q&f[0]=facet:id&page=N."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

DEFAULT_BASE_URL = "https://digitalarchive.wilsoncenter.org"
FACETS = ("topics", "people", "places", "languages", "original_repositories")
_FILTER = re.compile(rf"^(?P<facet>{'|'.join(FACETS)}):(?P<id>\d+)$")


@dataclass(frozen=True)
class Search:
    base_url: str = DEFAULT_BASE_URL
    query: str | None = None
    filters: tuple[str, ...] = ()

    def url(self, page: int) -> str:
        """The URL of result page `page` (0-based)."""
        params = []
        if self.query:
            params.append(("search_api_fulltext", self.query))
        params += [(f"f[{i}]", f) for i, f in enumerate(self.filters)]
        params.append(("page", str(page)))
        return f"{self.base_url.rstrip('/')}/search?{urlencode(params, safe='[]:')}"

    @property
    def key(self) -> str:
        """Names this search in the harvest state, whatever the order of its filters."""
        return f"{self.base_url.rstrip('/')}|{self.query or ''}|{','.join(sorted(self.filters))}"


def parse_filter(text: str) -> str:
    """Check a FACET:ID filter ("topics:86494"); raise ValueError saying what is wrong."""
    if not _FILTER.match(text.strip()):
        raise ValueError(f"filter '{text}' is not FACET:ID with FACET one of {', '.join(FACETS)} and a numeric ID")
    return text.strip()
