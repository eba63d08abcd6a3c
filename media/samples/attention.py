import math


def scaled_dot_product_attention(query, key, value, mask=None):
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V, one head at a time."""
    d_k = len(query[0])
    scores = [[sum(q * k for q, k in zip(q_row, k_row)) / math.sqrt(d_k) for k_row in key] for q_row in query]
    if mask is not None:
        scores = [[s if allowed else -math.inf for s, allowed in zip(row, mask_row)] for row, mask_row in zip(scores, mask)]
    weights = [softmax(row) for row in scores]
    return [[sum(w * v[j] for w, v in zip(row, value)) for j in range(len(value[0]))] for row in weights]


def softmax(row):
    top = max(row)
    exps = [math.exp(x - top) for x in row]
    total = sum(exps)
    return [e / total for e in exps]
