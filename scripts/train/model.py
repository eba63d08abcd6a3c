"""The paper's Transformer (Vaswani et al. 2017) at the SHIPPED size, built on torch.nn.Transformer so
its state_dict names are the checkpoint contract (docs/checkpoint-format.md).

- Embeddings scaled by sqrt(d_model) plus the sinusoidal positional encoding (paper 3.5), dropout on
  the sum (paper 5.4).
- Post-LN layers: torch.nn.Transformer(norm_first=False) is LayerNorm(x + Sublayer(x)).
- finalNorm false: torch adds a LayerNorm after each stack that the paper does not have; removed.
- Shared embeddings (paper 3.4): one matrix for source embedding, target embedding and the
  pre-softmax projection; the projection keeps its own bias (`generator.bias`).
"""
import math

import torch
from torch import nn


def sinusoidal_encoding(max_length: int, d_model: int) -> torch.Tensor:
    """PE(pos, 2i) = sin(pos / 10000^(2i/d_model)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d_model)).

    Computed in float64 and rounded once, so Python and TypeScript get the same float32 table.
    """
    pos = torch.arange(max_length, dtype=torch.float64)[:, None]
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)[None, :]
    angle = pos / torch.pow(torch.tensor(10000.0, dtype=torch.float64), two_i / d_model)
    pe = torch.zeros(max_length, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe.float()


class CodeTransformer(nn.Module):
    """Encoder-decoder Transformer; `cfg` is the TransformerConfig of src/model/config.ts."""

    def __init__(self, cfg: dict):
        super().__init__()
        assert cfg['norm'] == 'post' and not cfg['finalNorm'] and cfg['sharedEmbeddings']
        assert cfg['dK'] * cfg['h'] == cfg['dModel'] and cfg['dV'] == cfg['dK'], 'torch.nn.MultiheadAttention needs dK = dV = dModel / h'
        self.cfg = cfg
        d = cfg['dModel']
        self.src_embed = nn.Embedding(cfg['vocabSize'], d)
        self.transformer = nn.Transformer(
            d_model=d, nhead=cfg['h'], num_encoder_layers=cfg['N'], num_decoder_layers=cfg['N'],
            dim_feedforward=cfg['dFF'], dropout=cfg['pDrop'], activation='relu',
            layer_norm_eps=cfg['layerNormEps'], batch_first=True, norm_first=False)
        self.transformer.encoder.norm = None
        self.transformer.decoder.norm = None
        # Keep padded positions in eval mode (the nested-tensor fast path drops them).
        self.transformer.encoder.enable_nested_tensor = False
        self.generator = nn.Linear(d, cfg['vocabSize'])
        # Tied: N(0, d^-1/2) so that embedding * sqrt(d) has unit scale, like the positional encoding.
        nn.init.normal_(self.src_embed.weight, std=d ** -0.5)
        nn.init.zeros_(self.generator.bias)
        self.generator.weight = self.src_embed.weight
        self.register_buffer('pe', sinusoidal_encoding(cfg['maxLength'], d), persistent=False)
        self.dropout = nn.Dropout(cfg['pDrop'])

    @property
    def tgt_embed(self) -> nn.Embedding:
        return self.src_embed

    def embed(self, ids: torch.Tensor, offset: int = 0) -> torch.Tensor:
        """Embedding * sqrt(d_model) + PE of positions offset.. (training places some snippets at
        a random offset so every position is trained; the panel always starts at 0)."""
        x = self.src_embed(ids) * math.sqrt(self.cfg['dModel'])
        return self.dropout(x + self.pe[offset: offset + ids.shape[1]])

    def forward(self, src: torch.Tensor, tgt: torch.Tensor, pad_id: int = 0, offset: int = 0) -> torch.Tensor:
        """Logits [batch, tgt_len, vocab] for decoder inputs `tgt` given source `src`."""
        causal = self.transformer.generate_square_subsequent_mask(tgt.shape[1]).to(src.device)
        src_pad = src == pad_id
        h = self.transformer(
            self.embed(src, offset), self.embed(tgt, offset), tgt_mask=causal,
            src_key_padding_mask=src_pad, tgt_key_padding_mask=tgt == pad_id, memory_key_padding_mask=src_pad)
        return self.generator(h)


@torch.no_grad()
def forward_with_attention(model: CodeTransformer, src: torch.Tensor, tgt: torch.Tensor, pad_id: int = 0):
    """Eval-mode forward pass that also returns every attention map, per head.

    Re-implements the post-LN layers step by step (same modules, same weights) because
    nn.Transformer does not return weights. Returns (logits, attn) where attn has lists
    'encoder_self', 'decoder_self', 'cross' of [batch, heads, queries, keys] tensors, one per layer.
    """
    assert not model.training
    causal = model.transformer.generate_square_subsequent_mask(tgt.shape[1])
    src_pad, tgt_pad = src == pad_id, tgt == pad_id
    attn = {'encoder_self': [], 'decoder_self': [], 'cross': []}
    x = model.embed(src)
    for layer in model.transformer.encoder.layers:
        a, w = layer.self_attn(x, x, x, key_padding_mask=src_pad, need_weights=True, average_attn_weights=False)
        x = layer.norm1(x + a)
        x = layer.norm2(x + layer.linear2(torch.relu(layer.linear1(x))))
        attn['encoder_self'].append(w)
    memory = x
    y = model.embed(tgt)
    for layer in model.transformer.decoder.layers:
        a, w = layer.self_attn(y, y, y, attn_mask=causal, key_padding_mask=tgt_pad, need_weights=True, average_attn_weights=False)
        y = layer.norm1(y + a)
        attn['decoder_self'].append(w)
        a, w = layer.multihead_attn(y, memory, memory, key_padding_mask=src_pad, need_weights=True, average_attn_weights=False)
        y = layer.norm2(y + a)
        attn['cross'].append(w)
        y = layer.norm3(y + layer.linear2(torch.relu(layer.linear1(y))))
    return model.generator(y), attn
