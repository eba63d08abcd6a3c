"""Export a torch.nn.Transformer model as a checkpoint Transformer X-Ray can show.

The format (docs/checkpoint-format.md): a safetensors file whose tensors are named as in
torch.nn.Transformer's state_dict under "transformer.", with the embeddings ("src_embed.weight",
"tgt_embed.weight") and the pre-softmax linear layer ("generator.weight", "generator.bias") beside
them, and the configuration as JSON in the metadata. Afterwards run "Transformer X-Ray: Open
Checkpoint..." and pick the file; put the tokenizer.json your model was trained with beside it.

The extension runs the paper's forward pass on these weights: embeddings times sqrt(d_model) plus
the sinusoidal positional encoding (section 3.5), ReLU feed-forward layers, the decoder reading <s>
followed by the input. Export a model trained that way.

Needs: pip install torch safetensors
"""
import json

import torch
from torch import nn
from safetensors.torch import save_file


class Seq2Seq(nn.Module):
    """The layout the extension reads: two embeddings, a torch.nn.Transformer, an output layer."""

    def __init__(self, vocab_size=4096, d_model=128, nhead=4, num_layers=3, dim_feedforward=512):
        super().__init__()
        self.src_embed = nn.Embedding(vocab_size, d_model)
        self.tgt_embed = nn.Embedding(vocab_size, d_model)
        self.transformer = nn.Transformer(d_model, nhead, num_layers, num_layers, dim_feedforward, batch_first=True)
        self.generator = nn.Linear(d_model, vocab_size)  # keeps its bias: "generator.bias" is required


def export(model: Seq2Seq, path: str, max_length: int = 512) -> None:
    t = model.transformer
    layer = t.encoder.layers[0]
    attention = layer.self_attn
    assert len(t.decoder.layers) == len(t.encoder.layers), "N is one number for both stacks"
    assert (t.encoder.norm is None) == (t.decoder.norm is None), "final norms on both stacks or on neither"
    assert layer.activation is torch.nn.functional.relu, "the paper's feed-forward network uses ReLU"
    state = {k: v.detach().cpu().float() for k, v in model.state_dict().items()}
    # Paper 3.4: one matrix for both embeddings and the output layer. Stored once when shared.
    shared = all(name not in state or torch.equal(state[name], state["src_embed.weight"]) for name in ("tgt_embed.weight", "generator.weight"))
    if shared:
        state = {k: v for k, v in state.items() if k not in ("tgt_embed.weight", "generator.weight")}
    config = {
        "N": len(t.encoder.layers),
        "dModel": attention.embed_dim,
        "dFF": layer.linear1.out_features,
        "h": attention.num_heads,
        "dK": attention.head_dim,
        "dV": attention.head_dim,
        "vocabSize": model.src_embed.num_embeddings,
        "maxLength": max_length,  # rows of the positional-encoding table: the longest input shown
        "norm": "pre" if layer.norm_first else "post",  # the paper is post-LN: LayerNorm(x + Sublayer(x))
        "finalNorm": t.encoder.norm is not None,  # torch.nn.Transformer adds one to each stack by default
        "sharedEmbeddings": shared,
        "layerNormEps": layer.norm1.eps,
        "pDrop": layer.dropout.p,
    }
    # Separate, contiguous copies: save_file refuses tensors that share memory.
    tensors = {k: v.contiguous().clone() for k, v in state.items()}
    save_file(tensors, path, metadata={"format": "transformer-xray/1", "config": json.dumps(config)})


if __name__ == "__main__":
    # An untrained model, to try the format: its attention shows the mechanics, not learned patterns.
    torch.manual_seed(0)
    export(Seq2Seq().eval(), "my-model.safetensors")
    print("wrote my-model.safetensors: open it with Transformer X-Ray: Open Checkpoint...")
