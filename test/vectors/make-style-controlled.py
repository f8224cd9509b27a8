"""Writes style-controlled.json: style-controlled Bradley–Terry (issue #14 item 2, stats reference S6) fitted by
scikit-learn on generated battle records, cross-checked with statsmodels. Run with Debian's python3
(python3-sklearn, python3-statsmodels); the file records the versions.

Per judgment y = 1 (model_a wins), 0.5 (tie or both_bad), 0 (model_b wins), in the orientation of the
comparison's first record (a record listing the two models the other way round has its sides swapped). Features
(a − b)/(a + b + 1) for words, headers, list items and bold, standardised over the judgments taken both ways round
(each as f and −f: mean 0, population std), so that 0 is equal style whichever model is listed first; a feature that
never varies between comparisons of the same two models (it cannot be told apart from their strengths) is left out. Design: +1 for model a, −1 for model b, the reference's column
dropped, then the features; no intercept, no penalty. The soft label y is fitted as two rows, label 1 with sample
weight y and label 0 with weight 1 − y. Rating = 1000 + 400·θ/ln 10."""
import json
import math
import random

import numpy as np
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression

FEATURES = ["words", "headers", "list_items", "bold"]


def generate(name, seed, models, strengths, beta, comparisons, judgments, *, constant=(), unknown=0.0, reversed_share=0.2):
    """Battle records: `comparisons` comparisons of random pairs, 1..`judgments` judgments each; `constant` names
    features whose counts are equal on both sides everywhere (so their feature is 0 and never varies);
    `unknown` is the share of comparisons whose records carry no counts."""
    rng = random.Random(seed)
    records = []
    for c in range(comparisons):
        a, b = rng.sample(range(len(models)), 2)
        words = [int(rng.lognormvariate(math.log(4000), 0.6)) for _ in range(2)]
        style = [
            {
                "headers": 0 if "headers" in constant else rng.randrange(0, 12),
                "list_items": 0 if "list_items" in constant else rng.randrange(0, 40),
                "bold": 3 if "bold" in constant else rng.randrange(0, 15),
            }
            for _ in range(2)
        ]
        raw = {
            "words": (words[0] - words[1]) / (words[0] + words[1] + 1),
            **{f: (style[0][f] - style[1][f]) / (style[0][f] + style[1][f] + 1) for f in FEATURES[1:]},
        }
        eta = strengths[a] - strengths[b] + sum(beta[f] * raw[f] for f in FEATURES)
        p = 1 / (1 + math.exp(-eta))
        carries = rng.random() >= unknown
        annotators = rng.sample(range(6), rng.randint(1, judgments))
        for annotator in annotators:
            u = rng.random()
            winner = "tie" if u < 0.12 else "both_bad" if u < 0.17 else "model_a" if rng.random() < p else "model_b"
            flip = rng.random() < reversed_share  # this record lists the two models the other way round
            record = {
                "comparison_id": f"{name}-c{c}",
                "instruction_id": f"{name}-i{c // 3}",
                "model_a": models[b if flip else a],
                "model_b": models[a if flip else b],
                "annotator": f"ann{annotator}",
                "winner": {"model_a": "model_b", "model_b": "model_a"}.get(winner, winner) if flip else winner,
                "left": rng.choice(["model_a", "model_b"]),
            }
            if carries:
                sides = [1, 0] if flip else [0, 1]
                record |= {
                    "words_a": words[sides[0]],
                    "words_b": words[sides[1]],
                    "style_a": style[sides[0]],
                    "style_b": style[sides[1]],
                }
            records.append(record)
    return records


def judgment_rows(records):
    """Per judgment: models (a, b) and the feature values in its comparison's orientation, and y."""
    first = {}
    rows = []
    for r in records:
        if "words_a" not in r:
            continue
        c = first.setdefault(r["comparison_id"], r)
        same = r["model_a"] == c["model_a"]
        y = {"model_a": 1.0, "model_b": 0.0}.get(r["winner"], 0.5)
        sa, sb = (c["style_a"], c["style_b"])
        values = {"words": (c["words_a"] - c["words_b"]) / (c["words_a"] + c["words_b"] + 1)}
        values |= {f: (sa[f] - sb[f]) / (sa[f] + sb[f] + 1) for f in FEATURES[1:]}
        rows.append((c["model_a"], c["model_b"], values, y if same else 1 - y))
    return rows


def fit(records, reference, unrated=()):
    """`unrated`: models outside the reference's "won or tied against" group, whose judgments are left out of the
    fit (the likelihood's supremum puts them infinitely apart) after the standardisation over all judgments."""
    rows = judgment_rows(records)
    models = []
    for a, b, _, _ in rows:
        for m in (a, b):
            if m not in models:
                models.append(m)
    others = [m for m in models if m != reference]
    raw = np.array([[v[f] for f in FEATURES] for _, _, v, _ in rows])
    # Standardised over the judgments taken both ways round (f and −f): mean 0, population std.
    both = np.vstack([raw, -raw])
    mean, std = both.mean(axis=0), both.std(axis=0)  # np.std: population (ddof 0)
    # Left out: a feature that never varies between comparisons of the same two models (oriented lower name first).
    varying = []
    for j in range(len(FEATURES)):
        seen = {}
        for (a, b, _, _), value in zip(rows, raw[:, j]):
            key, v = ((a, b), value) if a < b else ((b, a), -value)
            seen.setdefault(key, set()).add(v)
        if any(len(values) > 1 for values in seen.values()):
            varying.append(j)
    z = (raw[:, varying] - mean[varying]) / std[varying]
    x = np.zeros((len(rows), len(others) + len(varying)))
    for i, (a, b, _, _) in enumerate(rows):
        if a != reference:
            x[i, others.index(a)] = 1
        if b != reference:
            x[i, others.index(b)] = -1
    x[:, len(others) :] = z
    y = np.array([r[3] for r in rows])
    inside = np.array([a not in unrated and b not in unrated for a, b, _, _ in rows])
    x, y = x[inside], y[inside]
    for m in unrated:
        x = np.delete(x, others.index(m), axis=1)
        others.remove(m)

    # scikit-learn: each judgment as a win row (weight y) and a loss row (weight 1 − y).
    keep_win, keep_loss = y > 0, y < 1
    xx = np.vstack([x[keep_win], x[keep_loss]])
    yy = np.concatenate([np.ones(keep_win.sum()), np.zeros(keep_loss.sum())])
    ww = np.concatenate([y[keep_win], 1 - y[keep_loss]])
    model = LogisticRegression(penalty=None, fit_intercept=False, solver="newton-cholesky", tol=1e-10, max_iter=10000)
    model.fit(xx, yy, sample_weight=ww)
    params = model.coef_[0]

    # statsmodels: the same likelihood as a binomial GLM on the proportions y.
    glm = sm.GLM(y, x, family=sm.families.Binomial()).fit(tol=1e-14, maxiter=200)
    gap = float(np.max(np.abs(glm.params - params)))
    assert gap < 1e-9, f"scikit-learn and statsmodels differ by {gap}"

    scale = 400 / math.log(10)
    ratings = {reference: 1000.0} | {m: 1000 + scale * float(params[i]) for i, m in enumerate(others)} | {m: None for m in unrated}
    coefficients = {f: None for f in FEATURES}
    for j, col in enumerate(varying):
        coefficients[FEATURES[col]] = float(params[len(others) + j])
    return {"ratings": ratings, "coefficients": coefficients, "judgments": len(rows), "sklearn_statsmodels_gap": gap}


def dataset(name, reference, records, unrated=()):
    return {"name": name, "reference": reference, "records": records, "expected": fit(records, reference, unrated)}


def only_wins(name, seed, winner, models, comparisons):
    """Comparisons in which `winner` beats one of `models` every time: it won against the group, never lost."""
    rng = random.Random(seed)
    records = []
    for c in range(comparisons):
        other = rng.choice(models)
        first = rng.random() < 0.5
        words = [rng.randrange(1000, 9000) for _ in range(2)]
        style = [{"headers": rng.randrange(0, 5), "list_items": rng.randrange(0, 9), "bold": rng.randrange(0, 4)} for _ in range(2)]
        records.append(
            {
                "comparison_id": f"{name}-w{c}",
                "instruction_id": f"{name}-w{c}",
                "model_a": winner if first else other,
                "model_b": other if first else winner,
                "annotator": "ann0",
                "winner": "model_a" if first else "model_b",
                "left": "model_a",
                "words_a": words[0],
                "words_b": words[1],
                "style_a": style[0],
                "style_b": style[1],
            }
        )
    return records


words_and_style = {"words": 0.8, "headers": 0.3, "list_items": -0.2, "bold": 0.4}
cases = [
    dataset(
        "three models",
        "ref",
        generate("three", 1, ["ref", "m1", "m2"], [0, 0.5, -0.3], words_and_style, 90, 3),
    ),
    dataset(
        "five models, most listed the other way round sometimes",
        "base",
        generate("five", 2, ["m1", "base", "m2", "m3", "m4"], [0.4, 0, -0.2, 0.9, 0.1], words_and_style, 400, 3, reversed_share=0.4),
    ),
    dataset(
        "four models, bold never varies",
        "r",
        generate("constant", 3, ["a", "b", "r", "c"], [0.2, -0.5, 0, 0.3], {**words_and_style, "bold": 0}, 200, 2, constant=("bold",)),
    ),
    dataset(
        "four models, a quarter of the comparisons without counts",
        "r",
        generate("partial", 4, ["r", "a", "b", "c"], [0, 0.6, 0.2, -0.4], {"words": 1.2, "headers": 0, "list_items": 0.5, "bold": 0}, 160, 3, unknown=0.25),
    ),
    dataset(
        "three models and one that only won",
        "ref",
        generate("top", 5, ["ref", "m1", "m2"], [0, 0.4, -0.2], words_and_style, 80, 3) + only_wins("top", 6, "top", ["ref", "m1", "m2"], 12),
        unrated=("top",),
    ),
]
json.dump(
    {"sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__, "cases": cases},
    open("style-controlled.json", "w"),
    separators=(",", ":"),
)
