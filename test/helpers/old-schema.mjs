// SQL that takes a current index back to an older layout, for the tests that migrate one: each
// string undoes one schema version's additions (server/storage/schema.ts), newest first.

/** Undoes version 5: the calls' targets and caller_name, the imports' bindings. */
export const UNDO_V5 = `
DROP INDEX calls_caller_name; DROP INDEX calls_target_name;
ALTER TABLE calls DROP COLUMN caller_name; ALTER TABLE calls DROP COLUMN qualifier;
ALTER TABLE calls DROP COLUMN target_module; ALTER TABLE calls DROP COLUMN target_container;
ALTER TABLE calls DROP COLUMN target_name;
ALTER TABLE imports DROP COLUMN bindings; ALTER TABLE imports DROP COLUMN reexport;
`;
