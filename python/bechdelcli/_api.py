"""The functions of the package, each one call of the tool."""
import io
import json
import os
import re
import tempfile

import pandas as pd

from ._cli import BechdelCLIError, run

PREDICTION_COLUMNS = ["rating", "p0", "p1", "p2", "p3", "p_pass"]
EXPLAIN_COLUMNS = ["imdb_id", "p_pass", "raw_score", "bias", "rank", "feature", "value", "contribution"]
OTHER_FEATURES = "(other features)"


def _path_argument(path):
    """A file path as a command-line argument; it is passed after `--`, so even a name starting with '-' is a
    path."""
    path = os.fspath(path)
    if not isinstance(path, str):
        path = os.fsdecode(path)
    return path


def _positive_int(value, name, minimum=1):
    if isinstance(value, bool) or int(value) != value or int(value) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, not {value!r}")
    return int(value)


def _count_options(threads, min_speech):
    options = ["--threads", _positive_int(threads, "threads")]
    if min_speech is not None:
        options += ["--min-speech", float(min_speech)]
    return options


def count_speakers(path, threads=1, min_speech=None):
    """Distinct male and female speakers of a soundtrack, as `bechdelcli count --threads N PATH` prints them:
    exactly ``{'M': n, 'F': n}`` (ints). `threads` changes only the speed, never the counts; `min_speech`
    (seconds, the tool's default 3.0 when None): speakers with less speech are not counted."""
    counts = json.loads(run(["count"] + _count_options(threads, min_speech) + ["--", _path_argument(path)]))
    return {"M": int(counts["M"]), "F": int(counts["F"])}


def _rttm_turns(text):
    """(start, duration, speaker) of the SPEAKER lines of RTTM text. Fields are read from the end of the line
    (`... start duration <NA> <NA> speaker <NA> <NA>`), so a file id with spaces (the file's name) is harmless."""
    turns = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 10 and fields[0] == "SPEAKER":
            turns.append((float(fields[-7]), float(fields[-6]), fields[-3]))
    return turns


def diarize(path, threads=1, min_speech=None):
    """Who speaks when: one row per speech turn, in the tool's (time) order, with columns `start` and `end`
    (seconds), `speaker` (the tool's label: F1, M2, ...; uF1, uM1 ... for speakers with too little speech to be
    counted) and `sex` ('F' or 'M', from the tool's per-speaker details).

    Runs `bechdelcli count --details --rttm TMPFILE PATH` once: the turns are the RTTM the tool writes, the sex of
    each label comes from the "speakers" and "uncounted" lists of the details it prints. `threads` and
    `min_speech` as for count_speakers."""
    options = _count_options(threads, min_speech)
    with tempfile.TemporaryDirectory(prefix="bechdelcli-") as tmp:
        rttm = os.path.join(tmp, "turns.rttm")
        details = json.loads(run(["count"] + options + ["--details", "--rttm", rttm, "--", _path_argument(path)]))
        with open(rttm, encoding="utf-8") as f:
            turns = _rttm_turns(f.read())
    sex = {s["label"]: s["sex"] for s in details.get("speakers", []) + details.get("uncounted", [])}
    rows = []
    for start, duration, speaker in turns:
        if speaker not in sex:
            raise BechdelCLIError(f"speaker {speaker} of the turns is missing from the tool's details", None)
        # the RTTM has millisecond precision: round away the float noise of start + duration
        rows.append((start, round(start + duration, 3), speaker, sex[speaker]))
    out = pd.DataFrame(rows, columns=["start", "end", "speaker", "sex"])
    return out.astype({"start": "float64", "end": "float64"})


def _csv_text(df):
    """`df` as the CSV the tool reads: the columns by name (plus named index levels that are not columns, such as
    an `imdb_id` index), booleans as 0/1, missing values as empty cells."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame of films, not {type(df).__name__}")
    table = df
    names = [n for n in df.index.names if n is not None and n not in df.columns]
    if names:
        table = table.reset_index(level=names)
    bools = [c for c in table.columns if pd.api.types.is_bool_dtype(table[c].dtype)]
    if bools:
        table = table.astype({c: "Int64" for c in bools})
    return table.to_csv(index=False, lineterminator="\n")


def _model_options(model, lenient):
    options = []
    if model is not None:
        options += ["--model", _path_argument(model)]
    if lenient:
        options.append("--lenient")
    return options


def predict_bechdel(df, model=None, lenient=False):
    """Predicted bechdeltest.com rating of every film (row) of `df`, a table with the columns of the collective's
    film table (`year`, `tmdb_*`, ...; read by name, unknown columns ignored, missing ones treated as missing).

    Returns a DataFrame with the same index as `df` and the columns `rating` (0-3: the model's decision, the class
    with the largest class-weighted probability, so not always the most probable one), `p0`..`p3`
    (probability of each rating) and `p_pass` (probability of passing the test, i.e. of rating 3 = p3), exactly as
    `bechdelcli predict -` prints them (6 decimals). `model`: a model file instead of the shipped one;
    `lenient=True`: unreadable numbers become missing values (with a BechdelCLIWarning) instead of an error."""
    text = run(["predict"] + _model_options(model, lenient) + ["-"], stdin=_csv_text(df))
    out = pd.read_csv(io.StringIO(text), dtype={"imdb_id": str})
    if len(out) != len(df):
        raise BechdelCLIError(f"bechdelcli predict returned {len(out)} rows for {len(df)} films", None)
    out = out.rename(columns={"predicted_rating": "rating"})
    if "p_pass" not in out.columns:
        out["p_pass"] = out["p3"]
    out = out[PREDICTION_COLUMNS].astype({"rating": "int64", "p0": "float64", "p1": "float64", "p2": "float64",
                                          "p3": "float64", "p_pass": "float64"})
    out.index = df.index
    return out


_ROW_ID = re.compile(r"^row \d+$")


def explain(df, top=5, model=None, lenient=False):
    """Why each film of `df` gets its chance of passing (TreeSHAP), as `bechdelcli explain - --top TOP` gives it.

    Returns a long DataFrame: for every film, `top` rows (the features with the largest |contribution|, `rank` 1
    first) and one more with feature "(other features)" holding the sum of the remaining contributions, so that
    for every film `bias + contribution.sum() == raw_score` (up to printing precision). Its index repeats the
    film's label in `df` (`out.loc[label]` is that film's explanation). Columns: `imdb_id` (None for a film without
    one), `p_pass`, `raw_score`, `bias` (raw-score units of rating 3), `rank`, `feature`, `value` (the film's value
    of the feature; None when missing) and `contribution`. `top=0` gives every contributing feature."""
    top = _positive_int(top, "top", minimum=0)
    text = run(["explain"] + _model_options(model, lenient) + ["--top", top, "--format", "json", "-"],
               stdin=_csv_text(df))
    films = json.loads(text)
    if len(films) != len(df):
        raise BechdelCLIError(f"bechdelcli explain returned {len(films)} films for {len(df)}", None)
    rows, counts = [], []
    for film in films:
        film_id = film.get("imdb_id")
        if film_id is not None and _ROW_ID.match(str(film_id)):
            film_id = None  # the tool's "row N" (line N of the CSV it was sent) for a film without an id
        common = (film_id, film["p_pass"], film["raw_score"], film["bias"])
        features = film["features"]
        for rank, f in enumerate(features, start=1):
            rows.append(common + (rank, f["feature"], f["value"], f["contribution"]))
        rows.append(common + (len(features) + 1, OTHER_FEATURES, None, film["other_features"]))
        counts.append(len(features) + 1)
    out = pd.DataFrame(rows, columns=EXPLAIN_COLUMNS)
    out = out.astype({"p_pass": "float64", "raw_score": "float64", "bias": "float64", "rank": "int64",
                      "contribution": "float64"})
    out.index = df.index.repeat(counts)
    return out


# Columns of the exported tables that are text even when they look like numbers (film ids, hashes, versions).
_TEXT_COLUMNS = ["path", "film_id", "imdb_id", "status", "error", "format", "subtype", "content_hash",
                 "tool_version", "sex_model", "segmentation_model", "embedding_model", "label", "sex", "speaker"]
_COUNT_COLUMNS = ["F", "M", "uncounted_F", "uncounted_M", "number"]


def _read_table(path):
    header = pd.read_csv(path, nrows=0).columns
    dtype = {c: str for c in _TEXT_COLUMNS if c in header}
    dtype.update({c: "Int64" for c in _COUNT_COLUMNS if c in header})
    return pd.read_csv(path, dtype=dtype)


def load_store(path):
    """The tables of a results store written by `bechdelcli batch` (or `merge`), as `bechdelcli export` writes
    them: ``{'films': ..., 'speakers': ..., 'turns': ...}``, one DataFrame each (columns: docs/RESULTS_STORE.md;
    counts are nullable integers, NA for a failed film; ids and hashes are text)."""
    with tempfile.TemporaryDirectory(prefix="bechdelcli-") as tmp:
        names = {t: os.path.join(tmp, t + ".csv") for t in ("films", "speakers", "turns")}
        run(["export", "--films", names["films"], "--speakers", names["speakers"], "--turns", names["turns"],
             "--", _path_argument(path)])
        return {t: _read_table(p) for t, p in names.items()}
