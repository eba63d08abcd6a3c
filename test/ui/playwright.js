"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=playwright.js.map