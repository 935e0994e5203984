// Which languages have a grammar, keyed by the language ids languageForPath returns.
import type { LanguageSpec } from '../language-spec.js';
import { javascript, tsx, typescript } from './ecmascript.js';
import { python } from './python.js';

export const LANGUAGE_SPECS: Record<string, LanguageSpec> = {
  typescript, tsx, javascript, python,
};
