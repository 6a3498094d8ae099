/** Unification preview (RULES.md §6). */
export { CONFLICT_REASON_CUSTOMER_ID, DEFAULT_UNIFY_KEYS, profileId, unify, type Conflict, type Profile, type UnifyKey, type UnifyOptions, type UnifyResult } from './unify.ts';
export { CONFLICT_LIST_HEADER, conflictListRows } from './conflict-list.ts';
export { contactName, contactsById, identityValues, normalizeSearch, PROFILE_LIST_HEADER, profileListRows, profileMembers, searchTerms, type ProfileMember } from './profile-list.ts';
