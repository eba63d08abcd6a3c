"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigError = exports.SHIPPED = exports.BIG = exports.BASE = void 0;
exports.configProblems = configProblems;
exports.validateConfig = validateConfig;
exports.lengthProblems = lengthProblems;
exports.validateLengths = validateLengths;
/** The paper's base model (Table 3, row "base"). */
exports.BASE = Object.freeze({
    N: 6, dModel: 512, dFF: 2048, h: 8, dK: 64, dV: 64,
    vocabSize: 37000, maxLength: 1024,
    norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.1,
});
/** The paper's big model (Table 3, row "big"). */
exports.BIG = Object.freeze({
    N: 6, dModel: 1024, dFF: 4096, h: 16, dK: 64, dV: 64,
    vocabSize: 37000, maxLength: 1024,
    norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.3,
});
/**
 * The small code model the extension ships (media/model/): the paper's architecture at a size that
 * runs fast everywhere and fits in 4 MB as F16.
 */
exports.SHIPPED = Object.freeze({
    N: 3, dModel: 128, dFF: 512, h: 4, dK: 32, dV: 32,
    vocabSize: 16384, maxLength: 512,
    norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.1,
});
/** Thrown when a configuration or an input does not fit the model; lists every problem found. */
class ConfigError extends Error {
    /** One sentence per problem, each naming the field and the fix. */
    problems;
    constructor(problems) {
        super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n- ${problems.join('\n- ')}`);
        this.name = 'ConfigError';
        this.problems = problems;
    }
}
exports.ConfigError = ConfigError;
const SIZE_FIELDS = ['N', 'dModel', 'dFF', 'h', 'dK', 'dV', 'vocabSize', 'maxLength'];
/**
 * Everything wrong with a configuration, as sentences that name the field and the fix; empty when it
 * is valid. The forward pass follows the `torch.nn.Transformer` layout, which packs Q, K and V of all
 * heads into one `in_proj_weight`, so it needs `dK = dV = dModel / h` (the paper's choice too).
 */
function configProblems(c) {
    const problems = [];
    if (c === null || typeof c !== 'object')
        return ['config must be an object with the fields of TransformerConfig.'];
    for (const f of SIZE_FIELDS) {
        const v = c[f];
        if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
            problems.push(`${f} must be a positive integer (got ${String(v)}).`);
        }
    }
    const sizesOk = problems.length === 0;
    if (sizesOk && c.dModel % c.h !== 0) {
        problems.push(`dModel (${c.dModel}) must be divisible by h (${c.h}): choose h among the divisors of dModel, or change dModel.`);
    }
    if (sizesOk && c.dModel % c.h === 0) {
        const perHead = c.dModel / c.h;
        if (c.dK !== perHead) {
            problems.push(`dK must equal dModel / h = ${perHead} (got ${c.dK}): the torch.nn.Transformer layout packs Q, K, V of all heads in in_proj_weight [3 dModel, dModel]; set dK to ${perHead}.`);
        }
        if (c.dV !== perHead) {
            problems.push(`dV must equal dModel / h = ${perHead} (got ${c.dV}): out_proj.weight is [dModel, dModel] in the torch.nn.Transformer layout; set dV to ${perHead}.`);
        }
    }
    if (c.norm !== 'post' && c.norm !== 'pre') {
        problems.push(`norm must be 'post' (LayerNorm(x + Sublayer(x)), the paper) or 'pre' (x + Sublayer(LayerNorm(x))) (got ${JSON.stringify(c.norm)}).`);
    }
    if (typeof c.finalNorm !== 'boolean')
        problems.push(`finalNorm must be true or false (got ${JSON.stringify(c.finalNorm)}).`);
    if (typeof c.sharedEmbeddings !== 'boolean') {
        problems.push(`sharedEmbeddings must be true or false (got ${JSON.stringify(c.sharedEmbeddings)}).`);
    }
    if (typeof c.layerNormEps !== 'number' || !Number.isFinite(c.layerNormEps) || c.layerNormEps <= 0 || c.layerNormEps >= 1) {
        problems.push(`layerNormEps must be a number in (0, 1), typically 1e-5 or 1e-6 (got ${String(c.layerNormEps)}).`);
    }
    if (typeof c.pDrop !== 'number' || !Number.isFinite(c.pDrop) || c.pDrop < 0 || c.pDrop >= 1) {
        problems.push(`pDrop must be a number in [0, 1), the paper uses 0.1 (got ${String(c.pDrop)}).`);
    }
    return problems;
}
/** Throws a {@link ConfigError} listing every problem of {@link configProblems}; returns when the configuration is valid. */
function validateConfig(c) {
    const problems = configProblems(c);
    if (problems.length > 0)
        throw new ConfigError(problems);
}
/** Problems with running `nSrc` source and `nTgt` target tokens through a model of this configuration. */
function lengthProblems(c, nSrc, nTgt) {
    const problems = [];
    const check = (name, n) => {
        if (!Number.isInteger(n) || n < 1) {
            problems.push(`${name} must be a positive integer number of tokens (got ${String(n)}).`);
        }
        else if (n > c.maxLength) {
            problems.push(`${name} (${n}) exceeds maxLength (${c.maxLength}), the rows of the positional-encoding table: shorten the sequence to ${c.maxLength} tokens or use a model with a larger maxLength.`);
        }
    };
    check('nSrc', nSrc);
    check('nTgt', nTgt);
    return problems;
}
/** Throws a {@link ConfigError} when {@link lengthProblems} finds any. */
function validateLengths(c, nSrc, nTgt) {
    const problems = lengthProblems(c, nSrc, nTgt);
    if (problems.length > 0)
        throw new ConfigError(problems);
}
//# sourceMappingURL=config.js.map