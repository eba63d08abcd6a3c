"""The work the peers of the benchmark suite's `peers` step do (scripts/bench/peers.ts): the shipped model,
read back from media/model/model.safetensors by the training tools (F16 weights to float32, as the
extension reads them), run from token ids to every attention map, as the extension's attention pass
(`attentionSteps`, src/model/transformer.ts) does:

- embeddings * sqrt(d_model) + sinusoidal positional encoding, for the source and the target;
- the N encoder layers (self-attention, feed-forward, post-LN), the N decoder layers (masked self-
  attention, encoder-decoder attention, feed-forward), the decoder's output included;
- no generator (pre-softmax projection over the vocabulary) and no softmax over it;
- batch 1, no padding: only the decoder's causal mask.

Outputs: the 3N attention maps [1, h, queries, keys] (encoder self, decoder self, cross, layer by
layer) and the decoder's output [1, n, d_model] (so that an ONNX graph keeps the last decoder layer's
feed-forward network, which the extension's pass computes, instead of pruning it as dead code).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(REPO, 'scripts', 'train'))

import torch  # noqa: E402
from torch import nn  # noqa: E402

from export import load_exported  # noqa: E402
from safetensors_io import read_safetensors  # noqa: E402

CHECKPOINT = os.path.join(REPO, 'media', 'model', 'model.safetensors')
KINDS = ('encoder_self', 'decoder_self', 'cross')


def shipped_model(path: str = CHECKPOINT):
    """(CodeTransformer in eval mode with the shipped weights, its TransformerConfig)."""
    _, metadata = read_safetensors(path)
    cfg = json.loads(metadata['config'])
    return load_exported(path, cfg), cfg


class AttentionMaps(nn.Module):
    """ids -> (3N attention maps, decoder output), the same modules and weights as CodeTransformer."""

    def __init__(self, model):
        super().__init__()
        assert not model.training
        self.model = model

    def forward(self, src: torch.Tensor, tgt: torch.Tensor):
        m = self.model
        n_tgt = tgt.shape[1]
        causal = torch.triu(torch.full((n_tgt, n_tgt), float('-inf')), diagonal=1)
        enc, dec, cross = [], [], []
        x = m.embed(src)
        for layer in m.transformer.encoder.layers:
            a, w = layer.self_attn(x, x, x, need_weights=True, average_attn_weights=False)
            x = layer.norm1(x + a)
            x = layer.norm2(x + layer.linear2(torch.relu(layer.linear1(x))))
            enc.append(w)
        memory = x
        y = m.embed(tgt)
        for layer in m.transformer.decoder.layers:
            a, w = layer.self_attn(y, y, y, attn_mask=causal, need_weights=True, average_attn_weights=False)
            y = layer.norm1(y + a)
            dec.append(w)
            a, w = layer.multihead_attn(y, memory, memory, need_weights=True, average_attn_weights=False)
            y = layer.norm2(y + a)
            cross.append(w)
            y = layer.norm3(y + layer.linear2(torch.relu(layer.linear1(y))))
        return (*enc, *dec, *cross, y)


def output_names(cfg: dict):
    return [f'{k}_{layer}' for k in KINDS for layer in range(cfg['N'])] + ['decoder_output']
