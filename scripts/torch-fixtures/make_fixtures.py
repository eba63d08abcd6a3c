#!/usr/bin/python3
"""Correctness fixtures from an independent reference: PyTorch's torch.nn.Transformer.

For each tiny configuration below this builds the reference model (embeddings * sqrt(dModel) plus the
paper's sinusoidal positional encoding, torch.nn.Transformer with batch_first=True and dropout 0, a
generator Linear and a softmax), with random weights from a fixed seed, runs one batch and writes

  test/fixtures/torch/<name>.safetensors     the weights, as a Transformer X-Ray checkpoint
                                             (docs/checkpoint-format.md), written by hand below
  test/fixtures/torch/<name>.expected.json   inputs and torch's outputs: per-layer, per-head attention
                                             weights [B, h, nQ, nK] of encoder self-, decoder self- and
                                             cross-attention, the positional-encoding table and the
                                             output probabilities [B, nTgt, vocab]

Regenerate (deterministic: a rerun rewrites identical files; takes a few seconds):

    /usr/bin/python3 scripts/torch-fixtures/make_fixtures.py   # or `npm run fixtures:torch`, once added

It needs Debian's interpreter and its PyTorch (`apt-get install python3-torch`, 1.13); the `python3`
first on PATH may lack torch. Python's `safetensors` package is not used (Debian bookworm has no python3-safetensors).

Conventions the TypeScript side must match:
- Padding masks are True where the token is padding (torch's key_padding_mask); padding is on the
  right and position 0 is never padding, so no attention row is fully masked.
- Padded positions are still computed (as queries) by torch: their rows are in the expected output.
- Attention weights are recorded by wrapping every nn.MultiheadAttention so it runs with
  need_weights=True, average_attn_weights=False; grad stays enabled, which keeps torch on its slow
  (reference) path, and the encoder's nested-tensor path is disabled.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DIR = os.path.join(ROOT, 'test', 'fixtures', 'torch')
FORMAT = 'transformer-xray/1'
CONFIG_FIELDS = ['N', 'dModel', 'dFF', 'h', 'dK', 'dV', 'vocabSize', 'maxLength', 'norm', 'finalNorm',
                 'sharedEmbeddings', 'layerNormEps', 'pDrop']
TIED = ['tgt_embed.weight', 'generator.weight']
DIGITS = 8  # significant digits kept in the JSON: far below the 1e-4 tolerance, keeps files small


def config(N, dModel, dFF, h, vocab, maxLength, norm, finalNorm, shared, eps=1e-5):
    return {'N': N, 'dModel': dModel, 'dFF': dFF, 'h': h, 'dK': dModel // h, 'dV': dModel // h,
            'vocabSize': vocab, 'maxLength': maxLength, 'norm': norm, 'finalNorm': finalNorm,
            'sharedEmbeddings': shared, 'layerNormEps': eps, 'pDrop': 0.1}


# name, description, config, storage dtype, write tied copies, (nSrc, nTgt), padded lengths per batch row
FIXTURES = [
    ('post-n1-h1', 'post-LN, N=1, h=1, no final norm, shared embeddings stored once, BF16 weights',
     config(1, 8, 16, 1, 20, 16, 'post', False, True), 'BF16', False, (5, 3), [(5, 3)]),
    ('post-n2-h2-padded', 'post-LN, N=2, h=2, final norms, separate embeddings, eps 1e-3, batch of 2 padded',
     config(2, 16, 32, 2, 30, 16, 'post', True, False, eps=1e-3), 'F32', False, (7, 9), [(7, 9), (4, 6)]),
    ('pre-n2-h4-padded', 'pre-LN, N=2, h=4, final norms, shared embeddings with tied copies stored, F16, batch of 2 padded',
     config(2, 32, 64, 4, 50, 12, 'pre', True, True), 'F16', True, (9, 4), [(6, 4), (9, 2)]),
    ('pre-n1-h2-nofinal', 'pre-LN, N=1, h=2, no final norm, separate embeddings, nSrc < nTgt',
     config(1, 12, 24, 2, 24, 10, 'pre', False, False), 'F32', False, (3, 8), [(3, 8)]),
]


def positional_encoding(max_len, d_model):
    """The paper's table: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same), in float64."""
    pe = np.zeros((max_len, d_model))
    for pos in range(max_len):
        for j in range(d_model):
            angle = pos / 10000 ** ((j - j % 2) / d_model)
            pe[pos, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return torch.tensor(pe, dtype=torch.float32)


class Reference(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.src_embed = nn.Embedding(c['vocabSize'], c['dModel'])
        self.tgt_embed = nn.Embedding(c['vocabSize'], c['dModel'])
        self.transformer = nn.Transformer(c['dModel'], c['h'], c['N'], c['N'], c['dFF'], dropout=0.0,
                                          layer_norm_eps=c['layerNormEps'], batch_first=True,
                                          norm_first=(c['norm'] == 'pre'))
        if not c['finalNorm']:
            self.transformer.encoder.norm = None
            self.transformer.decoder.norm = None
        self.transformer.encoder.enable_nested_tensor = False  # keep padded positions (no nested tensors)
        self.generator = nn.Linear(c['dModel'], c['vocabSize'])
        if c['sharedEmbeddings']:
            self.tgt_embed.weight = self.src_embed.weight
            self.generator.weight = self.src_embed.weight
        self.register_buffer('pe', positional_encoding(c['maxLength'], c['dModel']), persistent=False)

    def forward(self, src, tgt, src_pad, tgt_pad):
        scale = math.sqrt(self.c['dModel'])
        x = self.src_embed(src) * scale + self.pe[: src.shape[1]]
        y = self.tgt_embed(tgt) * scale + self.pe[: tgt.shape[1]]
        n = tgt.shape[1]
        causal = torch.triu(torch.full((n, n), float('-inf')), diagonal=1)
        out = self.transformer(x, y, tgt_mask=causal, src_key_padding_mask=src_pad,
                               tgt_key_padding_mask=tgt_pad, memory_key_padding_mask=src_pad)
        return torch.softmax(self.generator(out), dim=-1)


def randomize(model, dtype):
    """Non-trivial weights (biases and LayerNorm gains too, so forgetting one shows), rounded to the storage dtype."""
    with torch.no_grad():
        for name, p in model.named_parameters():  # tied parameters are listed once
            if p.dim() > 1:
                bound = math.sqrt(6.0 / (p.shape[0] + p.shape[1]))
                p.uniform_(-bound, bound)
                if name.endswith('in_proj_weight'):
                    p[: p.shape[1]] *= 2.0  # sharper queries: attention neither uniform nor one-hot
            elif '.norm' in name and name.endswith('weight'):
                p.normal_(1.0, 0.2)
            else:
                p.normal_(0.0, 0.2)
            if dtype == 'F16':
                p.copy_(p.half().float())
            elif dtype == 'BF16':
                p.copy_(p.bfloat16().float())


def record_attention(model):
    """Wraps every MultiheadAttention to keep its per-head weights; returns {kind: [per-layer tensors]}."""
    records = {'encoderSelfAttention': [], 'decoderSelfAttention': [], 'crossAttention': []}

    def wrap(mha, store):
        original = mha.forward

        def forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                    average_attn_weights=True, **kwargs):
            out, weights = original(query, key, value, key_padding_mask=key_padding_mask, need_weights=True,
                                    attn_mask=attn_mask, average_attn_weights=False, **kwargs)
            store.append(weights.detach().clone())
            return out, None

        mha.forward = forward

    for layer in model.transformer.encoder.layers:
        wrap(layer.self_attn, records['encoderSelfAttention'])
    for layer in model.transformer.decoder.layers:
        wrap(layer.self_attn, records['decoderSelfAttention'])
        wrap(layer.multihead_attn, records['crossAttention'])
    return records


def tensor_bytes(t, dtype):
    t = t.detach().contiguous()
    if dtype == 'F32':
        return t.float().numpy().astype('<f4').tobytes()
    if dtype == 'F16':
        return t.half().numpy().astype('<f2').tobytes()
    if dtype == 'BF16':
        return t.bfloat16().view(torch.int16).numpy().astype('<i2').tobytes()
    raise ValueError(dtype)


def write_safetensors(path, tensors, dtype, metadata):
    """Minimal safetensors writer: u64 LE header length, JSON header padded with spaces to 8 bytes, data."""
    header = {'__metadata__': metadata}
    blobs = []
    offset = 0
    for name, t in tensors:
        blob = tensor_bytes(t, dtype)
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def rounded(values):
    return [float('%.*g' % (DIGITS, v)) for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def array(t):
    return {'shape': list(t.shape), 'data': rounded(t.detach().numpy())}


def make_inputs(c, n_src, n_tgt, lengths, gen):
    src, tgt, src_pad, tgt_pad = [], [], [], []
    for ls, lt in lengths:
        src.append([int(v) for v in torch.randint(1, c['vocabSize'], (ls,), generator=gen)] + [0] * (n_src - ls))
        tgt.append([int(v) for v in torch.randint(1, c['vocabSize'], (lt,), generator=gen)] + [0] * (n_tgt - lt))
        src_pad.append([i >= ls for i in range(n_src)])
        tgt_pad.append([i >= lt for i in range(n_tgt)])
    return src, tgt, src_pad, tgt_pad


def make(index, name, description, c, dtype, store_tied, sizes, lengths):
    torch.manual_seed(1000 + index)
    model = Reference(c)
    randomize(model, dtype)
    model.eval()  # dropout is 0 anyway; eval as at inference
    gen = torch.Generator().manual_seed(2000 + index)
    src, tgt, src_pad, tgt_pad = make_inputs(c, sizes[0], sizes[1], lengths, gen)
    args = (torch.tensor(src), torch.tensor(tgt), torch.tensor(src_pad), torch.tensor(tgt_pad))

    with torch.no_grad():  # torch's own (possibly fast) path, to cross-check the recorded slow path
        plain = model(*args)
    records = record_attention(model)
    probs = model(*args)  # grad enabled: the slow path, with weights recorded
    assert torch.allclose(probs, plain, atol=1e-5), f'{name}: slow and fast paths disagree'
    for kind, layers in records.items():
        assert len(layers) == c['N'], f'{name}: {len(layers)} {kind} records, expected {c["N"]}'
    for w in records['encoderSelfAttention'] + records['decoderSelfAttention'] + records['crossAttention']:
        assert torch.allclose(w.sum(-1), torch.ones(()), atol=1e-5) and not torch.isnan(w).any()
    for w in records['decoderSelfAttention']:
        assert float(torch.triu(w, diagonal=1).abs().max()) == 0.0, f'{name}: causal mask leaked'

    state = model.state_dict()
    names = [k for k in state if not (c['sharedEmbeddings'] and k in TIED and not store_tied)]
    metadata = {'format': FORMAT, 'config': json.dumps({k: c[k] for k in CONFIG_FIELDS}, separators=(',', ':'))}
    if c['sharedEmbeddings']:
        metadata['tied'] = json.dumps({'src_embed.weight': TIED}, separators=(',', ':'))
    write_safetensors(os.path.join(OUT_DIR, f'{name}.safetensors'), [(k, state[k]) for k in names], dtype, metadata)

    expected = {
        'name': name,
        'description': description,
        'generator': 'scripts/torch-fixtures/make_fixtures.py with torch ' + torch.__version__.split('+')[0],
        'dtype': dtype,
        'config': c,
        'inputs': {'src': src, 'tgt': tgt, 'srcPadding': src_pad, 'tgtPadding': tgt_pad},
        'outputs': {
            'encoderSelfAttention': [array(w) for w in records['encoderSelfAttention']],
            'decoderSelfAttention': [array(w) for w in records['decoderSelfAttention']],
            'crossAttention': [array(w) for w in records['crossAttention']],
            'positionalEncoding': array(model.pe),
            'probabilities': array(probs),
        },
    }
    with open(os.path.join(OUT_DIR, f'{name}.expected.json'), 'w') as f:
        json.dump(expected, f, separators=(',', ':'))
        f.write('\n')
    print(f'{name}: {len(names)} tensors ({dtype}), batch {len(src)}, nSrc {sizes[0]}, nTgt {sizes[1]}')


def main():
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    for i, fixture in enumerate(FIXTURES):
        make(i, *fixture)
    return 0


if __name__ == '__main__':
    sys.exit(main())
