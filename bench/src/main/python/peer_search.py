#!/usr/bin/python3
"""Peer vector-search libraries on the facesearch bench's own vectors.

Run by `./facesearch bench peers` (PeerBench), which writes the gallery and the queries as raw
little-endian float32 files and reads back what this prints. For each library it can import
(hnswlib, FAISS), it builds the index with the given number of threads, then searches one query per
call on one thread, as the server answers one Identify per call:

  hnswlib HNSW          M, ef_construction as given, space 'l2', one ef per setting
  FAISS IndexHNSWFlat   M, efConstruction as given, one efSearch per setting
  FAISS IndexFlatL2     the exact scan, one setting

For every setting it first runs every query once in order, writing the ids found (the n nearest
per query, int32 little-endian, -1 where fewer were found) to a file in --out, then counts queries
over --measure seconds of repeated passes: queries per second on one thread. Quality is left to
the caller, which holds the exact neighbours and the identities.

Output: one JSON object per line on stdout, each with a "kind":
  info      interpreter and library versions, FAISS's compile options
  missing   a library that could not be imported, with the reason
  build     an index built: engine, seconds, threads
  result    engine, setting (ef; 0 for the exact scan), qps, queries and seconds timed, ids file
  overhead  engine, micros: one call against an index of 16 vectors, the binding's own cost
Progress goes to stderr.
"""

import argparse
import json
import platform
import sys
import time

OVERHEAD_VECTORS = 16
OVERHEAD_CALLS = 5000


def emit(kind, **fields):
    print(json.dumps({"kind": kind, **fields}), flush=True)


def progress(text):
    print("  peers: " + text, file=sys.stderr, flush=True)


def load(np, path, dim):
    vectors = np.fromfile(path, dtype="<f4")
    if vectors.size % dim != 0:
        sys.exit(f"{path}: {vectors.size} floats is not a multiple of {dim}")
    return np.ascontiguousarray(vectors.reshape(-1, dim))


def sweep(np, engine, key, search, rows, settings, apply, n, measure, out):
    """Quality pass, then the timed passes, for each setting; one result line each."""
    for setting in settings:
        apply(setting)
        ids = np.full((len(rows), n), -1, dtype="<i4")
        for q, row in enumerate(rows):
            found = search(row)
            ids[q, : len(found)] = found
        name = f"{key}-{setting}.i32"
        ids.tofile(f"{out}/{name}")
        count = 0
        start = time.perf_counter()
        elapsed = 0.0
        while elapsed < measure or count < 60:
            for row in rows:
                search(row)
            count += len(rows)
            elapsed = time.perf_counter() - start
        qps = count / elapsed
        progress(f"{engine} setting {setting}: {qps:,.0f} QPS")
        emit("result", engine=engine, setting=setting, qps=qps, queries=count,
             seconds=elapsed, ids=name)


def overhead(engine, search, row):
    """Microseconds per call against a tiny index: what the binding costs around a search."""
    for _ in range(500):
        search(row)
    start = time.perf_counter()
    for _ in range(OVERHEAD_CALLS):
        search(row)
    emit("overhead", engine=engine, micros=(time.perf_counter() - start) / OVERHEAD_CALLS * 1e6)


def run_hnswlib(np, hnswlib, faces, rows, a):
    engine = f"hnswlib HNSW M{a.m} efc{a.ef_construction}"
    dim = faces.shape[1]
    index = hnswlib.Index(space="l2", dim=dim)
    index.init_index(max_elements=len(faces), M=a.m, ef_construction=a.ef_construction,
                     random_seed=a.seed)
    index.set_num_threads(a.build_threads)
    progress(f"building {engine} ({len(faces):,} vectors, {a.build_threads} threads)...")
    start = time.perf_counter()
    index.add_items(faces, np.arange(len(faces)))
    emit("build", engine=engine, seconds=time.perf_counter() - start, threads=a.build_threads)
    index.set_num_threads(1)

    def search(row):
        return index.knn_query(row, k=a.n, num_threads=1)[0][0]

    # hnswlib refuses ef below the number of results asked for.
    sweep(np, engine, "hnswlib", search, rows, a.ef, lambda ef: index.set_ef(max(ef, a.n)), a.n,
          a.measure, a.out)

    tiny = hnswlib.Index(space="l2", dim=dim)
    tiny.init_index(max_elements=OVERHEAD_VECTORS, M=a.m, ef_construction=a.ef_construction)
    tiny.add_items(faces[:OVERHEAD_VECTORS], np.arange(OVERHEAD_VECTORS))
    tiny.set_num_threads(1)
    overhead(engine, lambda row: tiny.knn_query(row, k=1, num_threads=1), rows[0])


def run_faiss(np, faiss, faces, rows, a):
    dim = faces.shape[1]
    hnsw_engine = f"FAISS HNSWFlat M{a.m} efc{a.ef_construction}"
    index = faiss.IndexHNSWFlat(dim, a.m)
    index.hnsw.efConstruction = a.ef_construction
    faiss.omp_set_num_threads(a.build_threads)
    progress(f"building {hnsw_engine} ({len(faces):,} vectors, {a.build_threads} threads)...")
    start = time.perf_counter()
    index.add(faces)
    emit("build", engine=hnsw_engine, seconds=time.perf_counter() - start, threads=a.build_threads)
    faiss.omp_set_num_threads(1)

    def hnsw_search(row):
        return index.search(row, a.n)[1][0]

    def set_ef(ef):
        index.hnsw.efSearch = max(ef, a.n)

    sweep(np, hnsw_engine, "faiss-hnsw", hnsw_search, rows, a.ef, set_ef, a.n, a.measure, a.out)
    del index

    flat_engine = "FAISS FlatL2 exact"
    flat = faiss.IndexFlatL2(dim)
    start = time.perf_counter()
    flat.add(faces)
    emit("build", engine=flat_engine, seconds=time.perf_counter() - start, threads=1)
    sweep(np, flat_engine, "faiss-flat", lambda row: flat.search(row, a.n)[1][0], rows, [0], lambda _: None,
          a.n, a.measure, a.out)

    tiny = faiss.IndexFlatL2(dim)
    tiny.add(faces[:OVERHEAD_VECTORS])
    overhead(flat_engine, lambda row: tiny.search(row, 1), rows[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--faces", required=True, help="gallery, float32 little-endian")
    parser.add_argument("--queries", required=True, help="queries, float32 little-endian")
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--out", required=True, help="folder for the ids found")
    parser.add_argument("--n", type=int, default=10, help="results per query")
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=100)
    parser.add_argument("--ef", default="10,20,50,100,200,500", help="search settings")
    parser.add_argument("--measure", type=float, default=2.0, help="seconds timed per setting")
    parser.add_argument("--build-threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--engines", default="hnswlib,faiss")
    a = parser.parse_args()
    a.ef = [int(v) for v in a.ef.split(",") if v.strip()]
    engines = [e.strip() for e in a.engines.split(",") if e.strip()]

    try:
        import numpy as np
    except ImportError as e:
        emit("missing", module="numpy", reason=str(e))
        return
    modules = {}
    for name in engines:
        try:
            modules[name] = __import__(name)
        except ImportError as e:
            emit("missing", module=name, reason=str(e))
    info = {"python": platform.python_version(), "executable": sys.executable,
            "numpy": np.__version__}
    if "faiss" in modules:
        info["faiss"] = modules["faiss"].__version__
        info["faiss_options"] = modules["faiss"].get_compile_options().strip()
    if "hnswlib" in modules:
        try:
            from importlib.metadata import version
            info["hnswlib"] = version("hnswlib")
        except Exception:  # an install without package metadata: the version is unknown
            info["hnswlib"] = "unknown"
    emit("info", **info)
    if not modules:
        return

    faces = load(np, a.faces, a.dim)
    queries = load(np, a.queries, a.dim)
    # One query per call, each already a 1 x dim array, so the loop times the library, not slicing.
    rows = [queries[q:q + 1] for q in range(len(queries))]
    if "hnswlib" in modules:
        run_hnswlib(np, modules["hnswlib"], faces, rows, a)
    if "faiss" in modules:
        run_faiss(np, modules["faiss"], faces, rows, a)


if __name__ == "__main__":
    main()
