// What the extension's type check (tsconfig.json) finds for "vite". WXT's declarations for the extension's
// own helpers (wxt/utils/define-background and the like) import Vite's, which reference Node's types; with
// Vite's real declarations every Node global would type-check in browser code. The few WXT types built from
// Vite's (build settings, not used by the extension) become `any` here. tsconfig.node.json keeps the real ones.
export {};
