"""Writes length-controlled.json: the length-controlled win rate (issue #14 item 1, stats reference S5) of
generated battle records, fitted by statsmodels (Binomial GLM on one row per judgment, y = 1 win, 0.5 tie or
both_bad, 0 loss) and cross-checked with scikit-learn (unpenalised LogisticRegression on the rows duplicated as
y = 1 with weight y and y = 0 with weight 1 - y). Separation is decided by a linear program (scipy linprog):
the likelihood has no finite maximum exactly when some b != 0 has (1, x) . b >= 0 on every success row and <= 0
on every failure row. The file records the library versions.

Run with Debian's Python (python3-statsmodels, python3-sklearn, python3-scipy), from this folder:
  /usr/bin/python3 make-length-controlled.py && npx biome format --write length-controlled.json
"""
import json
import math
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy.optimize import linprog
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

# newton-cg asks for more precision than float64 rounding of its loss allows; agreement with statsmodels is asserted below.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

COLUMNS = ["comparison_id", "instruction_id", "model_a", "model_b", "annotator", "winner", "left", "words_a", "words_b"]
REF = "reference"


def record(cid, inst, cand, cand_words, ref_words, annotator, outcome, cand_first, left):
    """One battle record; outcome from the candidate's side: "win", "loss", "tie" or "both_bad"."""
    if cand_first:
        a, b, wa, wb = cand, REF, cand_words, ref_words
        winner = {"win": "model_a", "loss": "model_b"}.get(outcome, outcome)
    else:
        a, b, wa, wb = REF, cand, ref_words, cand_words
        winner = {"win": "model_b", "loss": "model_a"}.get(outcome, outcome)
    return [cid, inst, a, b, annotator, winner, left, wa, wb]


def generated(rng, name, models, comparisons, instructions, judgments=(1, 3), swap_share=0.0, missing_share=0.0, late_share=0.0):
    """Comparisons of each candidate with the reference (reference on a random side), a few between candidates.
    models: {name: (theta, phi, length offset, length sd, tie share)}; P(win | not tie) = sigmoid(theta + phi*tanh(delta/1000))."""
    rows = []
    names = list(models)
    for c in range(comparisons):
        cid, inst = f"{name}-c{c}", f"{name}-i{rng.integers(instructions)}"
        annotators = rng.choice(8, size=int(rng.integers(judgments[0], judgments[1] + 1)), replace=False)
        if c % 12 == 11 and len(names) > 1:  # between two candidates: not counted
            a, b = rng.choice(names, size=2, replace=False)
            for ann in annotators:
                rows.append([cid, inst, str(a), str(b), f"ann{ann}", str(rng.choice(["model_a", "model_b", "tie"])), "model_a", 2000, 2100])
            continue
        cand = names[c % len(names)]
        theta, phi, offset, sd, tie_share = models[cand]
        ref_words = max(0, int(round(rng.normal(3000, 700))))
        cand_words = max(0, int(round(ref_words + rng.normal(offset, sd))))
        p = 1 / (1 + math.exp(-(theta + phi * math.tanh((cand_words - ref_words) / 1000))))
        cand_first = bool(rng.random() < 0.5)
        missing = bool(rng.random() < missing_share)
        late = bool(rng.random() < late_share)
        for j, ann in enumerate(annotators):
            u = rng.random()
            outcome = ("tie" if rng.random() < 0.5 else "both_bad") if u < tie_share else ("win" if rng.random() < p else "loss")
            left = "model_a" if rng.random() < 0.5 else "model_b"
            row = record(cid, inst, cand, cand_words, ref_words, f"ann{ann}", outcome, cand_first, left)
            if rng.random() < swap_share:  # the same comparison listed the other way round
                row = record(cid, inst, cand, cand_words, ref_words, f"ann{ann}", outcome, not cand_first, left)
            if missing or (late and j == 0):
                row[7] = row[8] = None
            rows.append(row)
    return rows


def edges():
    """Hand-made models at the edges of the definition, one comparison per instruction."""
    rows = []
    count = [0]

    def add(cand, deltas_outcomes, ref_words=3000, words=True):
        for delta, outcomes in deltas_outcomes:
            c = count[0]
            count[0] += 1
            for j, outcome in enumerate(outcomes):
                cw, rw = (ref_words + delta, ref_words) if words else (None, None)
                rows.append(record(f"e-c{c}", f"e-i{c}", cand, cw, rw, f"ann{j}", outcome, c % 2 == 0, "model_a"))

    add("few", [(100, ["win", "loss", "tie"]), (-300, ["loss", "loss", "win"]), (50, ["win", "both_bad", "win"])])
    add("same-length", [(250, ["win", "loss", "tie"])] * 4, ref_words=2000)
    add("all-wins", [(d, ["win", "win", "win"]) for d in (-400, -100, 200, 700)])
    add("separated-by-length", [(d, ["win"] * 3 if d > 0 else ["loss"] * 3) for d in (-600, -250, -40, 30, 420, 900)])
    add("quasi-separated", [(d, ["win"] * 3 if d > 100 else ["loss"] * 3 if d < 100 else ["tie", "win", "loss"]) for d in (-500, -200, 100, 300, 800)])
    add(
        "barely-overlapping",
        [(d, ["win"] * 3 if d > 0 else ["loss"] * 3) for d in (-700, -350, -120, 30, 260, 610)] + [(80, ["loss", "loss", "loss"])],
    )
    add("no-words", [(100, ["win", "loss"]), (200, ["tie", "win"])], words=False)
    return rows


def separated(x, y):
    """Linear program: is there b != 0 with (1, x).b >= 0 on success rows and <= 0 on failure rows?"""
    z = [(1.0, xi) for xi, yi in zip(x, y) if yi > 0] + [(-1.0, -xi) for xi, yi in zip(x, y) if yi < 1]
    z = np.array(z)
    a_ub = np.vstack([-z, -z.sum(axis=0)])
    b_ub = np.concatenate([np.zeros(len(z)), [-1.0]])
    return linprog(np.zeros(2), A_ub=a_ub, b_ub=b_ub, bounds=[(None, None)] * 2, method="highs").status == 0


def warning(lc, wr):
    return bool(lc < wr - max(wr / 4, 0.10) or lc > wr + max((1 - wr) / 4, 0.10))


def expected(rows):
    """Per candidate in order of first appearance: the figure the definition gives, fitted by statsmodels."""
    records = [dict(zip(COLUMNS, r)) for r in rows]
    words = {}  # comparison -> {model: words}, from its first record carrying both counts
    for r in records:
        if r["comparison_id"] not in words and r["words_a"] is not None and r["words_b"] is not None:
            words[r["comparison_id"]] = {r["model_a"]: r["words_a"], r["model_b"]: r["words_b"]}
    order, data = [], {}
    for r in records:
        for m in (r["model_a"], r["model_b"]):
            if m != REF and m not in order and REF in (r["model_a"], r["model_b"]):
                order.append(m)
    for m in order:
        data[m] = ([], [])
    for r in records:
        if REF not in (r["model_a"], r["model_b"]) or r["comparison_id"] not in words:
            continue
        m = r["model_b"] if r["model_a"] == REF else r["model_a"]
        side = "model_a" if r["model_a"] == m else "model_b"
        y = 0.5 if r["winner"] in ("tie", "both_bad") else 1.0 if r["winner"] == side else 0.0
        w = words[r["comparison_id"]]
        data[m][0].append(w[m] - w[REF])
        data[m][1].append(y)
    result = {}
    for m in order:
        delta, y = np.array(data[m][0], dtype=float), np.array(data[m][1])
        n = len(y)
        e = {"judgments": n, "raw_win_rate": float(y.mean()) if n else None, "reason": None}
        result[m] = e
        if n == 0:
            e["reason"] = "no_words"
            continue
        if n < 10:
            e["reason"] = "fewer_than_10"
            continue
        s = float(np.std(delta, ddof=1))
        e["s"] = s
        if s == 0:
            e["reason"] = "s_zero"
            continue
        x = np.tanh(delta / s)
        if separated(x, y):
            e["reason"] = "separation"
            continue
        design = sm.add_constant(x)
        fit = sm.GLM(y, design, family=sm.families.Binomial()).fit(tol=1e-14, maxiter=500)
        theta, phi = (float(v) for v in fit.params)
        # scikit-learn on the duplicated rows (AlpacaEval's soft-label trick), for a second opinion.
        xx = np.concatenate([x, x]).reshape(-1, 1)
        labels = np.concatenate([np.ones(n), np.zeros(n)])
        weights = np.concatenate([y, 1 - y])
        lr = LogisticRegression(penalty=None, solver="newton-cg", tol=1e-10, max_iter=1000).fit(xx, labels, sample_weight=weights)
        gap = max(abs(lr.intercept_[0] - theta), abs(lr.coef_[0][0] - phi))
        assert gap < 1e-6, (m, theta, phi, lr.intercept_, lr.coef_)
        lc = 1 / (1 + math.exp(-theta))
        e.update({"theta": theta, "phi": phi, "win_rate": lc, "warning": warning(lc, e["raw_win_rate"]), "sklearn_gap": float(gap)})
    return result


rng = np.random.default_rng(14)
cases = []


def case(name, rows, note):
    cases.append({"name": name, "note": note, "records": rows, "expected": expected(rows)})


case(
    "small",
    generated(rng, "small", {"m-short": (0.2, 0.8, -300, 500, 0.2), "m-long": (-0.1, 1.2, 400, 600, 0.2)}, 48, 20),
    "two candidates, about 60 judgments each, ties 20%, moderate length effect",
)
case(
    "strong-length",
    generated(
        rng,
        "strong",
        {"verbose": (-0.6, 3.0, 1500, 800, 0.3), "terse": (0.4, 2.0, -900, 500, 0.3), "even": (0.0, 1.5, 0, 900, 0.1)},
        600,
        150,
        judgments=(3, 3),
    ),
    "three candidates, 3 judgments per comparison, strong length effect (the verbose model's raw win rate mostly length)",
)
case(
    "large-no-ties",
    generated(rng, "large", {"a": (0.3, 0.3, 200, 1200, 0.0), "b": (-0.2, -0.5, -100, 1500, 0.0)}, 2400, 400, judgments=(1, 2)),
    "no ties, weak and negative length effects, about 1,600 judgments per model",
)
case(
    "messy",
    generated(
        rng,
        "messy",
        {"x": (0.5, 1.0, 300, 700, 0.25), "y": (-0.3, 0.6, -200, 400, 0.4)},
        300,
        60,
        swap_share=0.2,
        missing_share=0.15,
        late_share=0.15,
    ),
    "records listing the pair the other way round, comparisons without word counts, word counts only on later records",
)
case("edges", edges(), "fewer than 10 judgments, s = 0, all wins, complete and quasi-separation, barely not separated, no word counts")
case(
    "no-word-counts",
    [row[:7] + [None, None] for row in generated(rng, "bare", {"m": (0.0, 1.0, 0, 500, 0.2)}, 30, 10)],
    "no record carries word counts: no figure at all",
)

for c in cases:
    for m, e in c["expected"].items():
        print(c["name"], m, e)

json.dump(
    {
        "statsmodels": statsmodels.__version__,
        "sklearn": sklearn.__version__,
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "reference": REF,
        "columns": COLUMNS,
        "cases": cases,
    },
    open("length-controlled.json", "w"),
)
