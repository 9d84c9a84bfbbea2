"""The incumbent generic validator for `npm run bench`: frictionless.validate() on each CSV file
of a directory, timed in-process (the Python start-up and the import are not counted). Prints one
JSON line: bytes, total ms, rows read (to show every row was read), errors, peak RSS.

usage: python bench/frictionless_validate.py DIR
"""

import json
import os
import resource
import sys
import time

import frictionless


def main(directory):
    # frictionless refuses absolute paths as unsafe: validate relative names from the directory.
    os.chdir(directory)
    paths = sorted(n for n in os.listdir(".") if n.lower().endswith(".csv"))
    total_ms = 0.0
    rows = errors = size = 0
    for path in paths:
        size += os.path.getsize(path)
        start = time.perf_counter()
        # No error cap: frictionless stops reading a file at its default 1 000 errors, which would
        # make it look faster than a validator that reads every row.
        report = frictionless.validate(path, limit_errors=10**9)
        total_ms += (time.perf_counter() - start) * 1000
        task = report.tasks[0]
        rows += task.stats.get("rows") or 0
        errors += task.stats.get("errors") or 0
    print(json.dumps({
        "mode": "frictionless",
        "version": frictionless.__version__,
        "bytes": size,
        "files": len(paths),
        "ms": total_ms,
        "rows": rows,
        "errors": errors,
        "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
