"""The Python functions against the command line: the same counts, turns, probabilities and tables.

The tool is $BECHDELCLI, or <repo>/.build/release/bechdelcli when that variable is not set (build it first).
"""
import io
import json
import os
import shutil
import subprocess

import pandas as pd
import pytest

import bechdelcli as bc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "Fixtures")
SCENE = os.path.join(FIX, "example_scene.flac")  # one man, two women
SINGLE = os.path.join(FIX, "single_speaker.flac")  # one man
MOVIES = os.path.join(FIX, "movies_sample.csv")
TOOL = os.environ.get("BECHDELCLI") or os.path.join(ROOT, ".build", "release", "bechdelcli")


@pytest.fixture(autouse=True)
def tool(monkeypatch):
    if not (os.path.isfile(TOOL) and os.access(TOOL, os.X_OK)):
        pytest.fail(f"no bechdelcli executable at {TOOL}: build it (swift build -c release) or set BECHDELCLI")
    monkeypatch.setenv("BECHDELCLI", TOOL)
    return TOOL


def cli(*args, stdin=None):
    """The tool's standard output, run directly (the reference the wrapper must reproduce)."""
    return subprocess.run([TOOL] + [str(a) for a in args], input=stdin, capture_output=True, text=True,
                          check=True).stdout


def films(**read_csv_options):
    table = pd.read_csv(MOVIES, **read_csv_options)
    assert len(table) > 10
    return table


# --- count_speakers -------------------------------------------------------------------------------------------

def test_count_speakers_of_the_example_scene():
    counts = bc.count_speakers(SCENE)
    assert counts == {"M": 1, "F": 2}
    assert type(counts) is dict and list(counts) == ["M", "F"]
    assert all(type(v) is int for v in counts.values())
    assert counts == json.loads(cli("count", SCENE))


def test_count_speakers_does_not_depend_on_threads_or_path_type():
    import pathlib
    assert bc.count_speakers(pathlib.Path(SCENE), threads=2) == {"M": 1, "F": 2}
    assert bc.count_speakers(SINGLE) == {"M": 1, "F": 0} == json.loads(cli("count", SINGLE))
    assert bc.count_speakers(os.path.join(FIX, "silence.wav")) == {"M": 0, "F": 0}


def test_count_speakers_min_speech_moves_a_woman_to_uncounted():
    # F2 speaks 11.35 s in the scene: with a 12 s minimum she is not counted
    assert bc.count_speakers(SCENE, min_speech=12) == {"M": 1, "F": 1}


def test_odd_file_names_are_paths(tmp_path):
    odd = tmp_path / "-my scene, take 2.flac"
    shutil.copy(SCENE, odd)
    assert bc.count_speakers(str(odd)) == {"M": 1, "F": 2}
    turns = bc.diarize(odd)
    assert turns.equals(bc.diarize(SCENE))


def test_threads_must_be_positive():
    with pytest.raises(ValueError):
        bc.count_speakers(SCENE, threads=0)


# --- diarize ---------------------------------------------------------------------------------------------------

def rttm_lines(tmp_path, *options):
    rttm = tmp_path / "reference.rttm"
    cli("count", SCENE, "--rttm", rttm, *options)
    return [line.split() for line in rttm.read_text().splitlines() if line.startswith("SPEAKER")]


def test_diarize_is_the_tools_rttm(tmp_path):
    turns = bc.diarize(SCENE)
    lines = rttm_lines(tmp_path)
    assert list(turns.columns) == ["start", "end", "speaker", "sex"]
    assert len(turns) == len(lines) >= 6
    assert turns.start.tolist() == [float(line[3]) for line in lines]
    assert (turns.end - turns.start).round(3).tolist() == [float(line[4]) for line in lines]
    assert turns.speaker.tolist() == [line[7] for line in lines]
    assert turns.start.is_monotonic_increasing
    assert (turns.end > turns.start).all()
    assert sorted(set(turns.speaker)) == ["F1", "F2", "M1"]
    assert turns.sex.tolist() == [s[0] for s in turns.speaker]
    assert turns.start.dtype == "float64" and turns.end.dtype == "float64"


def test_diarize_sex_comes_from_the_details(tmp_path):
    details = json.loads(cli("count", SCENE, "--details", "--min-speech", "12"))
    sex = {s["label"]: s["sex"] for s in details["speakers"] + details["uncounted"]}
    assert [s["label"] for s in details["uncounted"]] == ["uF1"]
    turns = bc.diarize(SCENE, min_speech=12)
    assert turns.speaker.tolist() == [line[7] for line in rttm_lines(tmp_path, "--min-speech", "12")]
    assert "uF1" in set(turns.speaker)
    assert turns.sex.tolist() == [sex[s] for s in turns.speaker]
    assert set(turns[turns.speaker == "uF1"].sex) == {"F"}
    # speaking time by sex, as the tool reports it
    time = (turns.end - turns.start).groupby(turns.sex).sum()
    assert time["M"] == pytest.approx(details["speaking_time"]["M"], abs=0.02)


def test_diarize_of_silence_is_empty():
    turns = bc.diarize(os.path.join(FIX, "silence.wav"))
    assert turns.empty and list(turns.columns) == ["start", "end", "speaker", "sex"]


# --- errors ----------------------------------------------------------------------------------------------------

def test_unreadable_audio_raises_the_tools_message():
    path = os.path.join(FIX, "hostile", "audio", "random_bytes.wav")
    with pytest.raises(bc.BechdelCLIError) as caught:
        bc.count_speakers(path)
    error = caught.value
    assert isinstance(error, RuntimeError)
    assert error.returncode == 2
    assert "random_bytes.wav" in str(error) and "no known audio header" in str(error)
    assert "\n" not in str(error) and str(error) == error.message
    assert str(error) in error.stderr
    with pytest.raises(bc.BechdelCLIError, match="random_bytes.wav"):
        bc.diarize(path)


def test_missing_file_is_an_error():
    with pytest.raises(bc.BechdelCLIError, match="no_such_file.wav") as caught:
        bc.count_speakers(os.path.join(FIX, "no_such_file.wav"))
    assert caught.value.returncode == 2


def test_missing_executable(monkeypatch, tmp_path):
    monkeypatch.setenv("BECHDELCLI", str(tmp_path / "nowhere" / "bechdelcli"))
    with pytest.raises(bc.BechdelCLINotFoundError, match="BECHDELCLI"):
        bc.count_speakers(SCENE)
    monkeypatch.delenv("BECHDELCLI")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(bc.BechdelCLIError, match="not found"):
        bc.executable()


def test_executable_is_found_on_the_path(monkeypatch, tmp_path):
    os.symlink(TOOL, tmp_path / "bechdelcli")
    monkeypatch.delenv("BECHDELCLI")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert bc.executable() == str(tmp_path / "bechdelcli")
    assert bc.count_speakers(SINGLE) == {"M": 1, "F": 0}


# --- predict_bechdel -------------------------------------------------------------------------------------------

def test_predict_bechdel_is_the_tools_prediction_with_the_frames_index():
    table = films()
    table.index = [f"film{i}" for i in range(len(table))]
    pred = bc.predict_bechdel(table)
    assert list(pred.columns) == ["rating", "p0", "p1", "p2", "p3", "p_pass"]
    assert pred.index.equals(table.index)
    reference = pd.read_csv(io.StringIO(cli("predict", MOVIES)))
    assert pred.rating.tolist() == reference.predicted_rating.tolist()
    for column in ("p0", "p1", "p2", "p3", "p_pass"):
        assert pred[column].tolist() == reference[column].tolist()
    probabilities = pred[["p0", "p1", "p2", "p3"]]
    assert ((probabilities >= 0) & (probabilities <= 1)).all().all()
    assert probabilities.sum(axis=1).sub(1).abs().max() < 1e-5
    # the rating is the model's class-weighted decision, not always the most probable class
    assert set(pred.rating) <= {0, 1, 2, 3}
    assert (pred.p_pass == pred.p3).all()  # passing the test is rating 3
    assert set(pred.rating) >= {0, 3}  # the sample has films of both kinds


def test_predict_bechdel_takes_any_frame_layout():
    as_text = films(dtype=str, keep_default_na=False)
    by_id = films().set_index("imdb_id")
    shuffled = films().sample(frac=1, random_state=3)
    a, b, c = bc.predict_bechdel(as_text), bc.predict_bechdel(by_id), bc.predict_bechdel(shuffled)
    assert a.index.equals(as_text.index) and b.index.equals(by_id.index) and c.index.equals(shuffled.index)
    assert a.to_numpy().tolist() == b.to_numpy().tolist()
    assert c.sort_index().equals(a)
    assert not c.index.equals(a.index)


def test_predict_bechdel_of_no_films():
    pred = bc.predict_bechdel(films().iloc[:0])
    assert pred.empty and list(pred.columns) == ["rating", "p0", "p1", "p2", "p3", "p_pass"]


def test_predict_bechdel_errors_and_lenient():
    with pytest.raises(bc.BechdelCLIError, match="feature columns") as caught:
        bc.predict_bechdel(pd.DataFrame({"foo": [1], "bar": [2]}))
    assert caught.value.returncode == 2
    table = films().head(2)
    table["year"] = table["year"].astype(object)
    table.loc[table.index[0], "year"] = "nineteen-ninety"
    with pytest.raises(bc.BechdelCLIError, match="not a number"):
        bc.predict_bechdel(table)
    with pytest.warns(bc.BechdelCLIWarning, match="treated as missing"):
        pred = bc.predict_bechdel(table, lenient=True)
    assert len(pred) == 2


# --- explain ---------------------------------------------------------------------------------------------------

def test_explain_gives_the_top_features_of_every_film():
    table = films().head(4)
    table.index = ["a", "b", "c", "d"]
    out = bc.explain(table, top=3)
    assert list(out.columns) == ["imdb_id", "p_pass", "raw_score", "bias", "rank", "feature", "value",
                                 "contribution"]
    assert len(out) == 4 * (3 + 1)  # 3 features and "(other features)" per film
    assert out.index.tolist() == [x for x in "abcd" for _ in range(4)]
    assert out.loc["b"]["rank"].tolist() == [1, 2, 3, 4]
    assert out.loc["b"]["feature"].iloc[-1] == "(other features)"
    assert out.imdb_id.tolist() == [i for i in table.imdb_id for _ in range(4)]
    for film, rows in out.groupby(level=0):
        top = rows[rows.feature != "(other features)"].contribution.abs()
        assert top.is_monotonic_decreasing
        assert rows.bias.iloc[0] + rows.contribution.sum() == pytest.approx(rows.raw_score.iloc[0], abs=1e-5)
    pred = bc.predict_bechdel(table)
    assert out.groupby(level=0).p_pass.first().tolist() == pred.p_pass.tolist()


def test_explain_is_the_tools_explanation():
    table = films()
    out = bc.explain(table, top=5)
    reference = pd.read_csv(io.StringIO(cli("explain", MOVIES, "--top", 5)), dtype={"imdb_id": str})
    assert len(out) == len(reference)
    assert out.feature.tolist() == reference.feature.tolist()
    assert out.contribution.tolist() == reference.contribution.tolist()
    assert out["rank"].tolist() == reference["rank"].tolist()


def test_explain_without_ids():
    out = bc.explain(films().head(2).drop(columns=["imdb_id"]), top=1)
    assert len(out) == 4 and out.imdb_id.isna().all()


# --- load_store ------------------------------------------------------------------------------------------------

def test_load_store_reads_a_batch_run(tmp_path):
    films_dir = tmp_path / "films"
    films_dir.mkdir()
    shutil.copy(SINGLE, films_dir / "single_speaker.flac")
    store = tmp_path / "r.sqlite"
    subprocess.run([TOOL, "batch", films_dir, "--store", store], capture_output=True, check=True)
    tables = bc.load_store(store)
    assert set(tables) == {"films", "speakers", "turns"}
    film = tables["films"]
    assert len(film) == 1
    assert {"path", "film_id", "status", "F", "M", "speaking_time_F", "speaking_time_M"} <= set(film.columns)
    assert film.status.tolist() == ["done"] and film.film_id.tolist() == ["single_speaker"]
    assert {"M": int(film.M.iloc[0]), "F": int(film.F.iloc[0])} == bc.count_speakers(SINGLE) == {"M": 1, "F": 0}
    speakers = tables["speakers"]
    assert speakers.label.tolist() == ["M1"] and speakers.sex.tolist() == ["M"]
    turns = tables["turns"]
    expected = bc.diarize(SINGLE)
    assert {"start", "end", "speaker", "sex"} <= set(turns.columns)
    assert turns.start.tolist() == expected.start.tolist()
    assert turns.end.tolist() == expected.end.tolist()
    assert turns.speaker.tolist() == expected.speaker.tolist()
    assert turns.sex.tolist() == expected.sex.tolist()


def test_load_store_of_no_store(tmp_path):
    with pytest.raises(bc.BechdelCLIError, match="no such results store"):
        bc.load_store(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()
