#!/usr/bin/env python3
"""PyTorch reference for `./semisup4j bench speed`: the same training steps as semisup4j's benchmark
harness (org.semisup4j.bench), on the same architectures, batch sizes and losses.

Run as a worker driven by the Java harness, one JSON object per line on stdin and stdout, so the two
engines are timed interleaved in one run (contention on a shared machine then hits both alike):

    {"op": "time", "case": {...}, "steps": 5}   ->  {"ms": [...], "cpu_ms": [...]}  per-step wall and thread CPU time
    {"op": "memory", "case": {...}, "at": [100, 2000]} -> {"rss_mb": {"100": ..., "2000": ...}}
    {"op": "info"}                               ->  {"torch": "1.13.1", "threads": 1}

A case names a model ("mlp-moons", "mlp-fmnist", "cnn", "wrn28-2"), a step ("supervised", "vat",
"fixmatch", "ema") and the batch (labeled B, unlabeled ratio mu). Run directly (no --worker) for a
stand-alone check that prints one line per case.
"""
import json
import os
import random
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))

# ----------------------------------------------------------------------------------------- models


class Mlp(nn.Module):
    """sizes = input, hidden..., classes; ReLU; features = last hidden layer (Models.mlp)."""

    def __init__(self, sizes):
        super().__init__()
        layers = []
        for a, b in zip(sizes[:-2], sizes[1:-1]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        self.backbone = nn.Sequential(*layers)
        self.head = nn.Linear(sizes[-2], sizes[-1])

    def forward(self, x):
        return self.head(self.backbone(x))


def conv_bn_relu(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class SmallCnn(nn.Module):
    """Models.smallCnn: 3 x (conv3x3 -> BN -> ReLU), max-pool after the first two, global average pool."""

    def __init__(self, channels, classes):
        super().__init__()
        self.backbone = nn.Sequential(*conv_bn_relu(channels, 32), nn.MaxPool2d(2), *conv_bn_relu(32, 64),
                                      nn.MaxPool2d(2), *conv_bn_relu(64, 128), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(128, classes)

    def forward(self, x):
        return self.head(self.backbone(x))


class WrnBlock(nn.Module):
    """Pre-activation block as in Models.wideResNet (1x1 shortcut of the activated input on a shape change)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1, self.bn2 = nn.BatchNorm2d(cin), nn.BatchNorm2d(cout)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, 0, bias=False) if cin != cout or stride != 1 else None

    def forward(self, x):
        a = F.leaky_relu(self.bn1(x), 0.1)
        out = self.conv2(F.leaky_relu(self.bn2(self.conv1(a)), 0.1))
        return out + (self.shortcut(a) if self.shortcut is not None else x)


class Wrn(nn.Module):
    def __init__(self, depth, widen, channels, classes):
        super().__init__()
        n = (depth - 4) // 6
        layers, cin = [nn.Conv2d(channels, 16, 3, 1, 1, bias=False)], 16
        for group in range(3):
            cout = 16 * widen << group
            for b in range(n):
                layers.append(WrnBlock(cin, cout, 2 if b == 0 and group > 0 else 1))
                cin = cout
        self.backbone = nn.Sequential(*layers, nn.BatchNorm2d(cin), nn.LeakyReLU(0.1), nn.AdaptiveAvgPool2d(1),
                                      nn.Flatten())
        self.head = nn.Linear(cin, classes)

    def forward(self, x):
        return self.head(self.backbone(x))


MODELS = {
    # name: (constructor, example shape, classes)
    "mlp-moons": (lambda: Mlp([2, 100, 100, 2]), (2,), 2),
    "mlp-fmnist": (lambda: Mlp([784, 256, 256, 10]), (784,), 10),
    "cnn": (lambda: SmallCnn(1, 10), (1, 28, 28), 10),
    "wrn28-2": (lambda: Wrn(28, 2, 3, 10), (3, 32, 32), 10),
}

# ---------------------------------------------------------------------------------- augmentations
# The same families as semisup4j's Augmentations: vectors get Gaussian noise (weak 0.05; strong 0.15 +
# feature masking 0.1 from 8 features on); images get flip + reflect pad-and-crop (1/8 of the side), and
# strong adds two RandAugment-style ops and Cutout 1/2, per example, as the reference data loaders do.


def weak(x):
    if x.dim() == 2:
        return x + 0.05 * torch.randn_like(x)
    return torch.stack([flip_crop(e) for e in x])


def strong(x):
    if x.dim() == 2:
        y = x + 0.15 * torch.randn_like(x)
        if x.size(1) >= 8:
            y = y * (torch.rand_like(y) >= 0.1)
        return y
    return torch.stack([cutout(rand_ops(flip_crop(e))) for e in x])


def flip_crop(e):
    if random.random() < 0.5:
        e = e.flip(-1)
    h, w = e.shape[-2:]
    p = max(1, round(h * 0.125))
    padded = F.pad(e.unsqueeze(0), (p, p, p, p), mode="reflect")[0]
    i, j = random.randint(0, 2 * p), random.randint(0, 2 * p)
    return padded[:, i:i + h, j:j + w]


def rand_ops(e):
    ops = [lambda t, m: t,
           lambda t, m: torch.where(t >= 1 - m, 1 - t, t),                              # solarize
           lambda t, m: (t * (1 + m * random.uniform(-0.9, 0.9))).clamp(0, 1),         # brightness
           lambda t, m: ((t - t.mean()) * (1 + m * random.uniform(-0.9, 0.9)) + t.mean()).clamp(0, 1),  # contrast
           lambda t, m: torch.floor(t * 2 ** (8 - round(4 * m))) / 2 ** (8 - round(4 * m)),  # posterize
           lambda t, m: torch.roll(t, random.randint(-int(0.3 * m * t.shape[-1]), int(0.3 * m * t.shape[-1])), -1)]
    for _ in range(2):
        if random.random() < 0.5:
            e = random.choice(ops)(e, random.random())
    return e


def cutout(e):
    h, w = e.shape[-2:]
    s = h // 2
    i, j = random.randint(0, h - 1), random.randint(0, w - 1)
    e = e.clone()
    e[:, max(0, i - s // 2):i + s // 2, max(0, j - s // 2):j + s // 2] = 0.5
    return e

# ------------------------------------------------------------------------------------------ steps


class Bench:
    """One case: a model, Adam (lr 3e-3), a synthetic data pool and its step function."""

    def __init__(self, case):
        ctor, shape, classes = MODELS[case["model"]]
        torch.manual_seed(0)
        random.seed(0)
        self.model = ctor()
        self.opt = torch.optim.Adam(self.model.parameters(), lr=3e-3)
        self.b, self.mu = case["labeled"], case["mu"]
        pool = case.get("pool", 1000)
        self.x = (torch.randn if len(shape) == 1 else torch.rand)(pool, *shape)
        self.y = torch.randint(0, classes, (pool,))
        self.step_kind = case["step"]
        self.xi, self.eps, self.threshold = 1e-3, case.get("epsilon", 1.0), 0.95
        if self.step_kind == "ema":
            self.teacher = ctor()
            self.teacher.load_state_dict(self.model.state_dict())

    def batch(self):
        idx = torch.randint(0, len(self.x), (self.b + self.mu * self.b,))
        return self.x[idx[:self.b]], self.y[idx[:self.b]], self.x[idx[self.b:]]

    def step(self):
        getattr(self, self.step_kind)()

    def supervised(self):
        xl, yl, _ = self.batch()
        loss = F.cross_entropy(self.model(weak(xl)), yl)
        self.update(loss)

    def fixmatch(self):
        xl, yl, xu = self.batch()
        views = [weak(xl), weak(xu), strong(xu)]
        logits = self.model(torch.cat(views))
        ll, lw, ls = logits.split([len(v) for v in views])
        confidence, guess = F.softmax(lw.detach(), 1).max(1)
        mask = (confidence >= self.threshold).float()
        loss = F.cross_entropy(ll, yl) + (F.cross_entropy(ls, guess, reduction="none") * mask).mean()
        self.update(loss)

    def vat(self):
        xl, yl, xu = self.batch()
        xl, xu = weak(xl), weak(xu)
        with torch.no_grad():
            clean = F.softmax(self.model(xu), 1)
        d = unit(torch.randn_like(xu)).requires_grad_()
        kl = kl_to(clean, self.model(xu + self.xi * d))
        g, = torch.autograd.grad(kl, d)
        r_adv = self.eps * unit(g)
        logits = self.model(torch.cat([xl, xu + r_adv]))
        loss = F.cross_entropy(logits[:len(xl)], yl) + kl_to(clean, logits[len(xl):])
        self.update(loss)

    def ema(self, decay=0.999):
        with torch.no_grad():
            for t, s in zip(self.teacher.parameters(), self.model.parameters()):
                t.mul_(decay).add_(s, alpha=1 - decay)
            for t, s in zip(self.teacher.buffers(), self.model.buffers()):
                if t.dtype.is_floating_point:
                    t.mul_(decay).add_(s, alpha=1 - decay)

    def update(self, loss):
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()


def unit(v):
    return v / (v.flatten(1).norm(dim=1).view(-1, *[1] * (v.dim() - 1)) + 1e-12)


def kl_to(target, logits):
    return (target * (torch.log(target + 1e-12) - F.log_softmax(logits, 1))).sum(1).mean()


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")

# ----------------------------------------------------------------------------------------- worker


def key(case):
    return json.dumps(case, sort_keys=True)


def serve():
    benches = {}
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "info":
            reply = {"torch": torch.__version__, "threads": torch.get_num_threads(),
                     "python": sys.version.split()[0]}
        elif op == "time":
            b = benches.get(key(request["case"])) or benches.setdefault(key(request["case"]), Bench(request["case"]))
            ms, cpu = [], []
            for _ in range(request["steps"]):
                t0, c0 = time.perf_counter(), time.thread_time()
                b.step()
                ms.append((time.perf_counter() - t0) * 1e3)
                cpu.append((time.thread_time() - c0) * 1e3)
            reply = {"ms": ms, "cpu_ms": cpu}
        elif op == "memory":
            b, at, rss = Bench(request["case"]), sorted(request["at"]), {}
            for i in range(1, at[-1] + 1):
                b.step()
                if i in at:
                    rss[str(i)] = rss_mb()
            reply = {"rss_mb": rss}
        elif op == "quit":
            break
        else:
            reply = {"error": "unknown op " + op}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if "--worker" in sys.argv:
        serve()
    else:
        for model in ["mlp-moons", "cnn"]:
            for step in ["supervised", "vat", "fixmatch", "ema"]:
                b = Bench({"model": model, "step": step, "labeled": 32, "mu": 3})
                b.step()
                t0 = time.perf_counter()
                for _ in range(5):
                    b.step()
                print(model, step, "%.2f ms" % ((time.perf_counter() - t0) * 200))
