"""What a long-lived process (gunicorn's worker, runserver's, a benchmark) does once, when it
has loaded the site."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def freeze_loaded_site() -> None:
    """Loads the URLconf (every view, form and table module with it), then puts every object
    made so far out of the garbage collector's reach (`gc.freeze`): they live as long as the
    process. A full collection then walks only what requests made. A request that makes
    thousands of objects (an import of 5,000 students) sets off several full collections: over
    the 115,000 objects of the loaded site they were 40 % of that import's time (bench/
    import_students.py). What is garbage by then is collected first."""
    get_resolver().url_patterns  # noqa: B018 - reading it imports the views
    gc.collect()
    gc.freeze()
