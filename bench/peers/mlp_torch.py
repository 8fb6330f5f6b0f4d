#!/usr/bin/python3
"""bench/peers/mlp_torch.py THREADS EPOCHS - the same MLP in torch (CPU): 5x100 relu,
20 inputs, batch 128, Adam 1e-3, cross-entropy, a new shuffle every epoch."""
import sys
import time

from common import cpu_s, peak_kib, threads, xy

t = threads()
import torch  # noqa: E402

torch.set_num_threads(t)
torch.manual_seed(1)
epochs = int(sys.argv[2])
Xn, yn = xy(65536, 20)
X, y = torch.from_numpy(Xn), torch.from_numpy(yn)
layers, w = [], 20
for _ in range(5):
    layers += [torch.nn.Linear(w, 100), torch.nn.ReLU()]
    w = 100
model = torch.nn.Sequential(*layers, torch.nn.Linear(100, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
lossf = torch.nn.CrossEntropyLoss()
n = len(y)
t0, c0 = time.perf_counter(), cpu_s()
for e in range(epochs):
    perm = torch.randperm(n)
    for i in range(0, n, 128):
        idx = perm[i:i + 128]
        opt.zero_grad()
        loss = lossf(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
dt, dc = time.perf_counter() - t0, cpu_s() - c0
with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"model=mlp peer=torch threads={t} samples={n * epochs} seconds={dt:.3f} cpu_seconds={dc:.3f} "
      f"samples_per_s={n * epochs / dt:.0f} train_acc={acc:.4f} peak_kib={peak_kib()}")
