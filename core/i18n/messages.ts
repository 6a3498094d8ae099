/**
 * The renderer's and tests' door to issue wording. The implementation is rules/messages.ts: wording
 * an issue reads the code registry (rules/codes.ts) and makeIssue words every issue, so it sits with
 * the rules; core/ imports it there, which keeps the folders one way (rules never imports i18n).
 */
export * from '../rules/messages.ts';
