// SQL that takes a current index back to an older schema's layout, for tests of the migrations.

/** Schema 4's layout from schema 5's: no symbol_names table, no triggers on symbols. */
export const UNDO_V5 =
  'DROP TRIGGER symbols_name_added; DROP TRIGGER symbols_name_removed; DROP TRIGGER symbols_name_changed; DROP TABLE symbol_names;';

/** Schema 3's layout from the current one. */
export const UNDO_V4 = `${UNDO_V5} ALTER TABLE files DROP COLUMN parse_error_line; ALTER TABLE files DROP COLUMN parse_skip;`;
