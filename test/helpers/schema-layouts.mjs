// SQL that takes a current index back to an older schema's layout, for tests of the migrations
// (server/storage/schema.ts). UNDO_Vn gives version n - 1's layout from the current one.

/** Schema 6's layout: no call targets or caller_name on calls, no bindings on imports. */
export const UNDO_V7 = `
DROP INDEX calls_caller_name; DROP INDEX calls_target_name;
ALTER TABLE calls DROP COLUMN caller_name; ALTER TABLE calls DROP COLUMN qualifier;
ALTER TABLE calls DROP COLUMN target_module; ALTER TABLE calls DROP COLUMN target_container;
ALTER TABLE calls DROP COLUMN target_name;
ALTER TABLE imports DROP COLUMN bindings; ALTER TABLE imports DROP COLUMN reexport;
`;

/** Schema 5's layout: version 6 changed how vectors are stored, no table, so the layout is 6's. */
export const UNDO_V6 = UNDO_V7;

/** Schema 4's layout: no symbol_names table, no triggers on symbols. */
export const UNDO_V5 = `${UNDO_V6} DROP TRIGGER symbols_name_added; DROP TRIGGER symbols_name_removed; DROP TRIGGER symbols_name_changed; DROP TABLE symbol_names;`;

/** Schema 3's layout. */
export const UNDO_V4 = `${UNDO_V5} ALTER TABLE files DROP COLUMN parse_error_line; ALTER TABLE files DROP COLUMN parse_skip;`;
