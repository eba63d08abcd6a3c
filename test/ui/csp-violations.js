"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CSP_MESSAGE = void 0;
exports.collectCspViolations = collectCspViolations;
exports.CSP_MESSAGE = /Content Security Policy|Refused to (load|execute|apply|connect|compile|evaluate|frame|create)/i;
function collectCspViolations(page) {
    const seen = [];
    page.on('console', (m) => {
        const text = m.text();
        if (!exports.CSP_MESSAGE.test(text))
            return;
        const url = m.location()?.url;
        seen.push(url ? `${text} (at ${url})` : text);
    });
    return {
        seen,
        clear: () => void seen.splice(0),
    };
}
//# sourceMappingURL=csp-violations.js.map