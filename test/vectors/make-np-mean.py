"""Writes np-mean.json: numpy's mean of float64 lists of the sizes where its pairwise summation changes
shape (below 8, one block of 128, halving above). Run with any numpy; the file records the version."""
import json
import random

import numpy as np

random.seed(7)
cases = []
for n in [1, 7, 8, 9, 16, 17, 127, 128, 129, 257, 1001]:
    values = [random.choice([0, 100 * random.random(), random.random() * 1e-3, 66.66666666666667, 0.1]) for _ in range(n)]
    cases.append({"n": n, "values": values, "mean": float(np.mean(values))})
json.dump({"numpy": np.__version__, "cases": cases}, open("np-mean.json", "w"))
