#!/usr/bin/env python3
"""XML-reading peer for `scripts/bench`: lxml iterparse over the XML submissions (docs/performance.md).

Streams every `*.registry.xml` and `*.registry.xml.gz` file of the inbox (gzip through Python's
gzip module), counts counties, villages, households and members, and touches every attribute
(its name and value) of every element, clearing elements as it goes so memory stays bounded. It
checks nothing: it is the floor of what reading the XML costs with a mainstream C parser
(libxml2, the same library Jingzhun uses) driven from Python.

Prints one JSON object on stdout: seconds, compressed and inflated bytes, MB/s over both, and
the counts.
"""

import argparse
import gzip
import json
import os
import re
import sys
import time

from lxml import etree

SUBMISSION = re.compile(r"^\d{2}-\d{4}-r\d+\.registry\.xml(\.gz)?$")
NAMESPACE = "{urn:jingzhun:registry:1}"


class CountingReader:
    """File wrapper that counts the bytes handed to the parser (the inflated size)."""

    def __init__(self, raw):
        self.raw = raw
        self.bytes = 0

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self.bytes += len(chunk)
        return chunk


def parse(path, counts):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as raw:
        reader = CountingReader(raw)
        # resolve_entities/no_network/huge_tree off: the same hostile-input stance as Jingzhun.
        for _, element in etree.iterparse(reader, events=("end",), resolve_entities=False, no_network=True):
            tag = element.tag
            if tag.startswith(NAMESPACE):
                tag = tag[len(NAMESPACE):]
            touched = 0
            for name, value in element.attrib.items():
                touched += len(name) + len(value)
            counts["attribute_chars"] += touched
            if tag == "member":
                counts["members"] += 1
            elif tag == "measure":
                counts["measures"] += 1
                counts["attribute_chars"] += len(element.text or "")
            elif tag == "household":
                counts["households"] += 1
                # Free the finished household and the siblings before it (the iterparse idiom).
                element.clear(keep_tail=False)
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]
            elif tag == "village":
                counts["villages"] += 1
                element.clear(keep_tail=False)
            elif tag == "county":
                counts["counties"] += 1
                element.clear(keep_tail=False)
        return reader.bytes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", required=True)
    args = parser.parse_args()
    paths = sorted(os.path.join(args.inbox, n) for n in os.listdir(args.inbox) if SUBMISSION.match(n))
    if not paths:
        print(f"bench_lxml: no XML submissions in {args.inbox}", file=sys.stderr)
        sys.exit(2)
    counts = {"counties": 0, "villages": 0, "households": 0, "members": 0, "measures": 0, "attribute_chars": 0}
    compressed = sum(os.path.getsize(p) for p in paths)
    start = time.perf_counter()
    inflated = sum(parse(p, counts) for p in paths)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "engine": "lxml", "version": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)), "files": len(paths), "seconds": round(seconds, 4),
        "compressed_bytes": compressed, "inflated_bytes": inflated,
        "compressed_mb_per_s": round(compressed / 1e6 / seconds, 2), "inflated_mb_per_s": round(inflated / 1e6 / seconds, 2),
        "records_per_s": round((counts["households"] + counts["members"]) / seconds, 1), "counts": counts,
    }))


if __name__ == "__main__":
    main()
