"""Snippets of tokenized code (written by prepare.ts) and the denoising corruption.

A snippet is 32..96 consecutive tokens of one file, starting at a line start. The encoder reads a
corrupted copy; the decoder input is <s> + original (teacher forcing); the target is original + </s>.
"""
import json
import os

import numpy as np

MIN_LEN, MAX_LEN = 32, 96


class Split:
    """One split's token stream, line starts and file boundaries."""

    def __init__(self, data_dir: str, split: str):
        self.tokens = np.fromfile(os.path.join(data_dir, f'{split}.tokens.u16'), dtype='<u2').astype(np.int64)
        lines = np.fromfile(os.path.join(data_dir, f'{split}.lines.u32'), dtype='<u4').astype(np.int64)
        files = json.load(open(os.path.join(data_dir, f'{split}.files.json')))
        file_end = np.zeros(len(self.tokens), dtype=np.int64)
        for _, first, end in files:
            file_end[first:end] = end
        self.file_end = file_end
        # A snippet may start at a line start with at least MIN_LEN tokens left in its file.
        self.starts = lines[file_end[lines] - lines >= MIN_LEN]

    def snippet(self, rng: np.random.Generator, length: int) -> np.ndarray:
        s = int(self.starts[rng.integers(len(self.starts))])
        return self.tokens[s: min(s + length, int(self.file_end[s]))]


# Share of clean / lightly / heavily corrupted examples. Clean copies put the extension's use
# (encoder = uncorrupted selection, decoder = <s> + selection) in the training distribution.
P_CLEAN, P_LIGHT = 0.3, 0.2


MODES = ('clean', 'light', 'heavy')


def corrupt(x: np.ndarray, rng: np.random.Generator, mask_id: int, mode: str = None) -> np.ndarray:
    """The encoder's input for original tokens `x`.

    - clean (30%): x itself;
    - light (20%): one span of 1..3 tokens replaced by a single <mask>;
    - heavy (50%): spans (length 1..5) replaced by one <mask> each until ~15% of tokens are
      covered, ~5% of the remaining tokens deleted without a trace, and ~5% of adjacent pairs
      swapped (a little shuffling).
    `mode` forces one of MODES (for evaluation); by default it is drawn with the shares above.
    """
    n = len(x)
    r = rng.random()
    if mode is not None:
        r = {'clean': 0.0, 'light': P_CLEAN, 'heavy': 1.0}[mode]
    if r < P_CLEAN:
        return x.copy()
    keep = np.ones(n, dtype=bool)
    mask_at = np.zeros(n, dtype=bool)
    if r < P_CLEAN + P_LIGHT:
        span = int(rng.integers(1, 4))
        s = int(rng.integers(0, n - span + 1))
        keep[s:s + span] = False
        mask_at[s] = True
    else:
        covered, budget = 0, max(1, int(round(0.15 * n)))
        while covered < budget:
            span = int(rng.integers(1, 6))
            s = int(rng.integers(0, n - span + 1))
            if not keep[max(0, s - 1):s + span + 1].all():
                covered += 1  # overlapping or touching another span: skip, but count to terminate
                continue
            keep[s:s + span] = False
            mask_at[s] = True
            covered += span
        keep[(rng.random(n) < 0.05) & ~mask_at & keep] = False
    out = []
    for i in range(n):
        if mask_at[i]:
            out.append(mask_id)
        elif keep[i]:
            out.append(int(x[i]))
    out = np.array(out, dtype=np.int64)
    if r >= P_CLEAN + P_LIGHT:
        for i in range(len(out) - 1):
            if rng.random() < 0.05:
                out[i], out[i + 1] = out[i + 1], out[i]
    return out


def make_batch(split: Split, rng: np.random.Generator, tokens_per_batch: int, special: dict, corrupt_inputs: bool = True, length: int = None):
    """(src, tgt_in, tgt_out) padded int64 arrays. One snippet length per batch (little padding)."""
    length = int(rng.integers(MIN_LEN, MAX_LEN + 1)) if length is None else length
    count = max(1, tokens_per_batch // length)
    originals = [split.snippet(rng, length) for _ in range(count)]
    sources = [corrupt(x, rng, special['mask']) if corrupt_inputs else x.copy() for x in originals]
    return pad_batch(sources, originals, special)


def pad_batch(sources, originals, special):
    pad, bos, eos = special['pad'], special['bos'], special['eos']
    S = max(len(s) for s in sources)
    T = max(len(x) for x in originals) + 1
    src = np.full((len(sources), S), pad, dtype=np.int64)
    tgt_in = np.full((len(sources), T), pad, dtype=np.int64)
    tgt_out = np.full((len(sources), T), pad, dtype=np.int64)
    for b, (s, x) in enumerate(zip(sources, originals)):
        src[b, :len(s)] = s
        tgt_in[b, 0] = bos
        tgt_in[b, 1:len(x) + 1] = x
        tgt_out[b, :len(x)] = x
        tgt_out[b, len(x)] = eos
    return src, tgt_in, tgt_out
