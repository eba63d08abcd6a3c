"""Snippets of tokenized code (written by prepare.ts) and the denoising corruption.

A snippet is 32..512 consecutive tokens of one file, starting at a line start, its length drawn
log-uniformly per batch (so half the tokens are in snippets of 128 or more), and half the batches
placed at a random absolute position offset, so that every position up to maxLength is trained
with the lengths the panel shows. A further share of batches (`full_share`, 0 by default) is of
full length at position 0, the panel's most common case on real selections, where the far
positions are otherwise the least trained. Python and TypeScript/JavaScript are drawn in equal shares.
The encoder reads a corrupted copy; the decoder input is <s> + original (teacher forcing); the
target is original + </s>.
"""
import json
import os

import numpy as np

MIN_LEN, MAX_LEN = 32, 512
# Share of batches placed at a random position offset (the rest start at position 0, as in the panel).
P_OFFSET = 0.5


class Split:
    """One split's token stream, line starts and file boundaries."""

    def __init__(self, data_dir: str, split: str):
        self.tokens = np.fromfile(os.path.join(data_dir, f'{split}.tokens.u16'), dtype='<u2').astype(np.int64)
        lines = np.fromfile(os.path.join(data_dir, f'{split}.lines.u32'), dtype='<u4').astype(np.int64)
        files = json.load(open(os.path.join(data_dir, f'{split}.files.json')))
        file_end = np.zeros(len(self.tokens), dtype=np.int64)
        python = np.zeros(len(self.tokens), dtype=bool)
        for _, first, end, language in files:
            file_end[first:end] = end
            python[first:end] = language == 'python'
        self.file_end = file_end
        # A snippet may start at a line start with at least MIN_LEN tokens left in its file.
        starts = lines[file_end[lines] - lines >= MIN_LEN]
        by_language = {'python': starts[python[starts]], 'ts/js': starts[~python[starts]]}
        self.starts_by_language = {k: v for k, v in by_language.items() if len(v)}
        self.languages = sorted(self.starts_by_language)

    def snippet(self, rng: np.random.Generator, length: int, language: str = None) -> np.ndarray:
        """`length` tokens from a line start of one file, the language drawn first (equal shares)
        unless given; a few draws look for a file long enough, else the longest found is kept."""
        if language is None:
            language = self.languages[int(rng.integers(len(self.languages)))]
        starts = self.starts_by_language[language]
        best = None
        for _ in range(8):
            s = int(starts[rng.integers(len(starts))])
            x = self.tokens[s: min(s + length, int(self.file_end[s]))]
            if best is None or len(x) > len(best):
                best = x
            if len(x) == length:
                break
        return best


# Share of clean / lightly / heavily corrupted examples. Clean copies put the extension's use
# (encoder = uncorrupted selection, decoder = <s> + selection) in the training distribution.
P_CLEAN, P_LIGHT = 0.4, 0.3


MODES = ('clean', 'light', 'heavy')


def corrupt(x: np.ndarray, rng: np.random.Generator, mask_id: int, mode: str = None) -> np.ndarray:
    """The encoder's input for original tokens `x`.

    - clean (40%): x itself;
    - light (30%): one span of 1..3 tokens replaced by a single <mask>;
    - heavy (30%): spans (length 1..5) replaced by one <mask> each until ~15% of tokens are
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


def draw_length(rng: np.random.Generator) -> int:
    """Log-uniform in MIN_LEN..MAX_LEN: as many tokens in 32-64 as in 256-512."""
    return int(round(np.exp(rng.uniform(np.log(MIN_LEN), np.log(MAX_LEN)))))


def draw_offset(rng: np.random.Generator, length: int, max_length: int) -> int:
    """0 (the panel's case) or, for P_OFFSET of the batches, uniform over the positions left free."""
    room = max_length - length
    return int(rng.integers(0, room + 1)) if room > 0 and rng.random() < P_OFFSET else 0


def make_batch(split: Split, rng: np.random.Generator, tokens_per_batch: int, special: dict, corrupt_inputs: bool = True,
               length: int = None, max_length: int = MAX_LEN, offsets: bool = True, full_share: float = 0.0):
    """(src, tgt_in, tgt_out, offset): padded int64 arrays and the batch's first position.
    One snippet length per batch (little padding)."""
    if length is None and full_share > 0 and rng.random() < full_share:
        length, offsets = max_length, False
    length = draw_length(rng) if length is None else length
    offset = draw_offset(rng, length, max_length) if offsets else 0
    count = max(1, tokens_per_batch // length)
    originals = [split.snippet(rng, length) for _ in range(count)]
    sources = [corrupt(x, rng, special['mask']) if corrupt_inputs else x.copy() for x in originals]
    src, tgt_in, tgt_out = pad_batch(sources, originals, special)
    # The decoder input is one longer than the snippet (<s> first): where it would pass maxLength,
    # its last step (predicting </s>) is dropped, which is the panel's framing at full length
    # (decoder <s> + x[:-1], targets x).
    keep = max_length - offset
    return src, tgt_in[:, :keep], tgt_out[:, :keep], offset


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
