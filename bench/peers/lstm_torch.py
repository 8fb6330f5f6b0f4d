#!/usr/bin/python3
"""bench/peers/lstm_torch.py THREADS EPOCHS - torch nn.LSTM, 64 hidden, windows of
50 x 38 over one series (as bench_models lstm: 4096 windows, label from channel 0 of
the last 10 steps), last step -> Linear -> cross-entropy, batch 128, Adam 1e-3."""
import sys
import time

from common import cpu_s, peak_kib, threads

t = threads()
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(t)
torch.manual_seed(1)
epochs = int(sys.argv[2])
n, T, d = 4096, 50, 38
S = np.random.RandomState(2).randn(n + T, d).astype(np.float32)
W = np.lib.stride_tricks.sliding_window_view(S, (T, d))[:n, 0].copy()  # n x T x d, materialised
yn = (W[:, T - 10:, 0].sum(1) > 0).astype(np.int64)
X, y = torch.from_numpy(W), torch.from_numpy(yn)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(d, 64, batch_first=True)
        self.out = torch.nn.Linear(64, 2)

    def forward(self, x):
        h, _ = self.lstm(x)
        return self.out(h[:, -1])


model = Net()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
lossf = torch.nn.CrossEntropyLoss()
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
print(f"model=lstm peer=torch threads={t} samples={n * epochs} seconds={dt:.3f} cpu_seconds={dc:.3f} "
      f"samples_per_s={n * epochs / dt:.0f} final_loss={loss.item():.4f} peak_kib={peak_kib()}")
